// The action commands in a real extension host: estimate returns runs with CO₂e, a what-if is one
// undoable edit, exports write what they claim, settings commands write settings.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { EXTENSION_ID, cliEstimate, until, workspaceFile } from './helpers';

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  return editor;
}

async function removeQuietly(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri);
  } catch {
    /* already gone */
  }
}

interface RunEntry {
  name: string;
  co2eKg: { low: number; mid: number; high: number } | null;
  suggestions: { title: string; change?: { field: string; value: unknown } }[];
}
interface FileEntry {
  path: string;
  format: string;
  uri: string;
  runs: RunEntry[];
}

suite('Carbon Lens commands', () => {
  test('estimate returns the open file’s runs with CO₂e', async () => {
    await open('carbon-lens-run.yaml');
    const entry = await vscode.commands.executeCommand<FileEntry>('carbonLens.estimate');
    assert.ok(entry, 'estimate returned nothing');
    assert.strictEqual(entry.format, 'carbon-lens');
    assert.strictEqual(entry.path, 'carbon-lens-run.yaml');
    assert.strictEqual(entry.uri, workspaceFile('carbon-lens-run.yaml').toString());
    assert.strictEqual(entry.runs.length, 1);
    const co2 = entry.runs[0].co2eKg;
    assert.ok(co2 && co2.low > 0 && co2.low <= co2.mid && co2.mid <= co2.high, JSON.stringify(co2));
    // The same numbers as `carbon-lens estimate --json` on the file (both to 4 significant digits).
    const r4 = (n: number) => +n.toPrecision(4);
    const cli = cliEstimate('carbon-lens-run.yaml').json.co2eKg!;
    assert.deepStrictEqual([r4(co2.low), r4(co2.mid), r4(co2.high)], [r4(cli.low), r4(cli.mid), r4(cli.high)]);
  });

  test('estimate takes a file argument (explorer menu)', async () => {
    const entry = await vscode.commands.executeCommand<FileEntry>('carbonLens.estimate', workspaceFile('actions/what-if.yaml'));
    assert.strictEqual(entry?.runs[0].name, 'what-if.yaml');
    assert.strictEqual(entry.runs[0].co2eKg?.mid.toPrecision(4), cliEstimate('actions/what-if.yaml').json.co2eKg!.mid.toPrecision(4));
  });

  test('applySuggestion writes the what-if in one edit that one undo reverts', async () => {
    const editor = await open('actions/what-if.yaml');
    const doc = editor.document;
    const before = doc.getText();
    const entry = await vscode.commands.executeCommand<FileEntry>('carbonLens.estimate');
    const fix = entry!.runs[0].suggestions.find((s) => s.change?.field === 'region');
    assert.ok(fix?.change, `no region what-if among ${JSON.stringify(entry!.runs[0].suggestions.map((s) => s.title))}`);

    const ok = await vscode.commands.executeCommand<boolean>('carbonLens.applySuggestion', { uri: doc.uri.toString(), runIndex: 0, change: fix.change });
    assert.strictEqual(ok, true);
    const after = doc.getText();
    assert.notStrictEqual(after, before);
    assert.match(after, new RegExp(`^region: ${String(fix.change.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.strictEqual(after.split('\n').length, before.split('\n').length, 'only the value changes');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo to restore the text', () => doc.getText() === before);
    assert.strictEqual(doc.isDirty, false);
  });

  test('applySuggestion rejects malformed arguments without touching the file', async () => {
    const { document: doc } = await open('actions/what-if.yaml');
    const before = doc.getText();
    const uri = doc.uri.toString();
    for (const bad of [
      undefined,
      'nope',
      { uri, runIndex: -1, change: { field: 'region', value: 'FR' } },
      { uri, runIndex: 0, change: { field: '__proto__', value: 'FR' } },
      { uri, runIndex: 0, change: { field: 'count', value: 'eight' } },
      { uri, runIndex: 0, change: { field: 'region', value: 'FR\nhours: 1' } },
      { uri, runIndex: 7, change: { field: 'region', value: 'FR' } },
    ]) {
      const ok = await vscode.commands.executeCommand<boolean>('carbonLens.applySuggestion', bad);
      assert.strictEqual(ok, false, `accepted ${JSON.stringify(bad)}`);
    }
    assert.strictEqual(doc.getText(), before);
  });

  test('exportReport saves valid JSON to an injected path', async () => {
    const target = workspaceFile('carbon-lens-report.test.json');
    try {
      const res = await vscode.commands.executeCommand<{ uri: string; text: string }>('carbonLens.exportReport', {
        format: 'json', target: 'file', uri: workspaceFile('carbon-lens-run.yaml').toString(), path: target.fsPath,
      });
      assert.strictEqual(res?.uri, target.toString());
      const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
      assert.strictEqual(json.tool, 'carbon-lens');
      assert.strictEqual(json.files[0].path, 'carbon-lens-run.yaml');
      assert.deepStrictEqual(json.files[0].runs[0].co2eKg, cliEstimate('carbon-lens-run.yaml').json.co2eKg, 'the export has the CLI\'s figures');
      assert.strictEqual(json.totals.runs, 1);
    } finally {
      await removeQuietly(target);
    }
  });

  test('exportReport saves Markdown and a model-card block in grams', async () => {
    const md = workspaceFile('carbon-lens-report.test.md');
    const card = workspaceFile('co2.test.yaml');
    const uri = workspaceFile('carbon-lens-run.yaml').toString();
    try {
      await vscode.commands.executeCommand('carbonLens.exportReport', { format: 'markdown', target: 'file', uri, path: md.fsPath });
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(md));
      assert.match(text, /^# Carbon Lens report/);
      assert.match(text, /\| carbon-lens-run\.yaml \|/);
      // The report's row carries the CLI's figures for the file ("| ≈ 33 kg CO₂e (23–43) |").
      const cli = cliEstimate('carbon-lens-run.yaml');
      assert.ok(text.includes(`| ${cli.energy} | ${cli.co2e} |`), `no "${cli.energy} | ${cli.co2e}" in:\n${text}`);

      const res = await vscode.commands.executeCommand<{ text: string }>('carbonLens.exportReport', { format: 'modelCard', target: 'file', uri, path: card.fsPath });
      const block = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(card))).co2_eq_emissions;
      assert.strictEqual(res?.text.startsWith('co2_eq_emissions:'), true);
      assert.ok(block.emissions > 1000, `emissions should be grams: ${block.emissions}`);
      // In grams, the CLI's mid in kg × 1 000; the card keeps 3 significant digits (32 960 g → 33 000),
      // so within half a unit of the third digit: 0.5 %.
      const midG = cli.json.co2eKg!.mid * 1000;
      assert.ok(Math.abs(block.emissions - midG) <= 0.005 * midG, `${block.emissions} g against the CLI's ${midG} g`);
      // No record beside this config: the estimate, named with its config and range (engine/modelCard.ts).
      assert.match(block.source, /^Carbon Lens estimate for carbon-lens-run\.yaml \(v[\d.]+, made before the run from its config; operational only; range /);
      assert.ok(block.training_type && block.geographical_location && block.hardware_used);
    } finally {
      await removeQuietly(md);
      await removeQuietly(card);
    }
  });

  test('exportReport refuses to write outside the workspace', async () => {
    const res = await vscode.commands.executeCommand('carbonLens.exportReport', {
      format: 'json', target: 'file', uri: workspaceFile('carbon-lens-run.yaml').toString(), path: path.join(path.sep, 'tmp', 'carbon-lens-escape.json'),
    });
    assert.strictEqual(res, undefined);
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const sneaky = `${root}/actions/../../escape.json`; // starts inside, resolves outside
    const res2 = await vscode.commands.executeCommand('carbonLens.exportReport', { format: 'json', target: 'file', uri: workspaceFile('carbon-lens-run.yaml').toString(), path: sneaky });
    assert.strictEqual(res2, undefined);
    const wrongType = await vscode.commands.executeCommand('carbonLens.exportReport', { format: 'json', target: 'file', uri: workspaceFile('carbon-lens-run.yaml').toString(), path: `${root}/report.sh` });
    assert.strictEqual(wrongType, undefined);
  });

  test('exportReport creates README.md with the model-card block in its front matter', async () => {
    const readme = workspaceFile('actions/README.md');
    try {
      const res = await vscode.commands.executeCommand<{ uri: string }>('carbonLens.exportReport', { format: 'modelCard', target: 'insert', uri: workspaceFile('actions/what-if.yaml').toString() });
      assert.strictEqual(res?.uri, readme.toString());
      const doc = await vscode.workspace.openTextDocument(readme);
      const front = /^---\n([\s\S]*?)\n---\n/.exec(doc.getText());
      assert.ok(front, doc.getText());
      assert.ok(parse(front[1]).co2_eq_emissions.emissions > 0);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await removeQuietly(readme);
    }
  });

  test('estimateWorkspace reports every recognised file and keeps going past broken ones', async () => {
    const report = await vscode.commands.executeCommand<{ tool: string; files: FileEntry[]; totals: { runs: number }; generatedAt: string }>('carbonLens.estimateWorkspace');
    assert.ok(report, 'no report');
    assert.strictEqual(report.tool, 'carbon-lens');
    const paths = report.files.map((f) => f.path);
    for (const p of ['carbon-lens-run.yaml', 'bad.yaml', 'actions/what-if.yaml', 'budgeted/big-run.yaml']) assert.ok(paths.includes(p), `${p} missing from ${paths.join(', ')}`);
    assert.ok(report.totals.runs >= 3);
    assert.ok(report.files.every((f) => f.uri.startsWith('file:')));
    assert.ok(!Number.isNaN(Date.parse(report.generatedAt)));
  });

  test('setBudget, setDefaultRegion and setDefaultHardware write settings (and clear them)', async () => {
    const config = () => vscode.workspace.getConfiguration('carbonLens');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('carbonLens.setBudget', 12.5), 12.5);
      assert.strictEqual(config().get('budget.perRunKg'), 12.5);
      assert.strictEqual(await vscode.commands.executeCommand('carbonLens.setBudget', -3), undefined);
      assert.strictEqual(config().get('budget.perRunKg'), 12.5);

      assert.strictEqual(await vscode.commands.executeCommand('carbonLens.setDefaultRegion', 'gcp:europe-west1'), 'gcp:europe-west1');
      assert.strictEqual(config().get('defaultRegion'), 'gcp:europe-west1');
      assert.strictEqual(await vscode.commands.executeCommand('carbonLens.setDefaultRegion', 'atlantis-1'), undefined);

      assert.strictEqual(await vscode.commands.executeCommand('carbonLens.setDefaultHardware', 'H100'), 'nvidia-h100-sxm5-80gb');
      assert.strictEqual(config().get('defaultHardware'), 'nvidia-h100-sxm5-80gb');
    } finally {
      await vscode.commands.executeCommand('carbonLens.setBudget', null);
      await vscode.commands.executeCommand('carbonLens.setDefaultRegion', '');
      await vscode.commands.executeCommand('carbonLens.setDefaultHardware', '');
    }
    assert.strictEqual(config().get('budget.perRunKg'), null);
    assert.strictEqual(config().get('defaultRegion'), '');
  });
});
