// Problems-panel entries in a real extension host: budgets (setting and .carbonlens.yml), a malformed
// config, mistakes in a budget file, and the quick fixes that come with them.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, until, workspaceFile } from './helpers';

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  return doc;
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Carbon Lens');
const budgetDiag = (uri: vscode.Uri) => ours(uri).find((d) => d.code === 'budget');

suite('Carbon Lens diagnostics and quick fixes', () => {
  test('a run over the per-run budget setting gets a warning saying by how much', async () => {
    const doc = await open('actions/what-if.yaml');
    const config = vscode.workspace.getConfiguration('carbonLens');
    await config.update('budget.perRunKg', 5, vscode.ConfigurationTarget.Workspace);
    try {
      const d = await until('a budget diagnostic', () => budgetDiag(doc.uri));
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d.message, /^\d+(\.\d+)? kg CO₂e vs a 5 kg budget \(×\d+(\.\d+)?\)$/);
      // The estimate it quotes is the CLI's for the file ("33 kg"), and the factor is mid ÷ 5 to two figures.
      const cli = cliEstimate('actions/what-if.yaml');
      assert.ok(d.message.startsWith(`${cli.mid} CO₂e vs a 5 kg budget (×`), `${d.message} against the CLI's ${cli.mid}`);
      const factor = Number(/\(×([\d.,]+)\)/.exec(d.message)![1].replace(/,/g, ''));
      assert.strictEqual(factor, Number((cli.json.co2eKg!.mid / 5).toPrecision(2)), `×${factor}, the CLI's mid is ${cli.json.co2eKg!.mid} kg`);
      assert.strictEqual(d.range.start.line, 1, 'on the run’s first line');
    } finally {
      await config.update('budget.perRunKg', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the budget warning to go once the budget is removed', () => !budgetDiag(doc.uri));
  });

  test('a serving run meets a per-run budget only with carbonLens.budget.includeServing', async () => {
    // examples/vllm-serve.yaml: 4 × A100 serving for a year, ≈ 7.2 t. Written for this test, removed after.
    const uri = workspaceFile('serving-budget.test.yaml');
    const text = 'model: meta-llama/Llama-3.1-70B-Instruct\ntensor-parallel-size: 4\nmax-num-seqs: 128\ndtype: bfloat16\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const config = vscode.workspace.getConfiguration('carbonLens');
    try {
      await config.update('budget.perRunKg', 2, vscode.ConfigurationTarget.Workspace);
      await config.update('budget.includeServing', true, vscode.ConfigurationTarget.Workspace);
      const doc = await open('serving-budget.test.yaml');
      const d = await until('a serving budget diagnostic once asked for', () => budgetDiag(doc.uri));
      // 7.2 t over a 2 kg budget is ×3,600: a factor of thousands, grouped.
      assert.match(d.message, /^A year of serving: [\d.]+ t CO₂e vs a 2 kg budget \(×\d{1,3}(,\d{3})+\)$/);
      // Off again (the default): the same over-budget serving run gets no budget entry.
      await config.update('budget.includeServing', undefined, vscode.ConfigurationTarget.Workspace);
      await until('the serving budget warning to go with includeServing off', () => !budgetDiag(doc.uri));
    } finally {
      await config.update('budget.includeServing', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('budget.perRunKg', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      try {
        await vscode.workspace.fs.delete(uri);
      } catch {
        /* already gone */
      }
    }
  });

  test('a .carbonlens.yml budget applies to its folder and links to where it is set', async () => {
    const doc = await open('budgeted/big-run.yaml');
    const d = await until('a .carbonlens.yml budget diagnostic', () => budgetDiag(doc.uri));
    assert.match(d.message, / CO₂e vs a 10 kg budget \(×[\d.,]+\)$/);
    assert.ok(d.message.startsWith(`${cliEstimate('budgeted/big-run.yaml').mid} CO₂e vs a 10 kg budget`), d.message);
    const related = d.relatedInformation?.[0];
    assert.ok(related, 'no related information');
    assert.strictEqual(related.location.uri.toString(), workspaceFile('budgeted/.carbonlens.yml').toString());
    assert.strictEqual(related.location.range.start.line, 2);
  });

  test('a config that did not parse gets one Error, a "fix the YAML error" lens and no estimate', async () => {
    const doc = await open('bad.yaml');
    await until('a malformed-file diagnostic', () => ours(doc.uri).length > 0);
    // No waiting for a "late second publication" by the clock: the collection is replaced whole on
    // each publication, and the positive signal that the analysis of this text is done is the lens
    // computed from it. Once it is there, what is published is all there is.
    // bad.yaml opens a flow list on line 3 (`count: [8`) and never closes it; the YAML parser notices
    // at the start of the next line, `hours: 24`: line 4, 0-based 3 ("…must be sufficiently indented
    // and end with a ]").
    const lenses = await until('the analysis of bad.yaml to finish (its lens)', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
      return all.some((l) => /Carbon Lens/.test(l.command?.title ?? '')) ? all : undefined;
    });
    // One lens, saying what to fix: no number, no driver lenses (before, a confident "≈ 4.1 kg CO₂e").
    assert.deepStrictEqual(lenses.map((l) => [l.command?.title, l.range.start.line]), [['Carbon Lens: fix the YAML error on line 4', 3]]);
    assert.strictEqual(ours(doc.uri).length, 1, JSON.stringify(ours(doc.uri).map((d) => d.message)));
    const d = ours(doc.uri)[0];
    assert.strictEqual(d.code, 'malformed');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.message, 'Flow sequence in block collection must be sufficiently indented and end with a ]');
    assert.strictEqual(d.range.start.line, 3, `line ${d.range.start.line}: ${d.message}`);
  });

  test('a mistake in a .carbonlens.yml is reported on its line', async () => {
    await open('carbon-lens-run.yaml'); // a config makes the budget files load
    const uri = workspaceFile('budget-typo/.carbonlens.yml');
    const d = await until('a budget-file diagnostic', () => ours(uri)[0]);
    assert.strictEqual(d.code, 'budget-file');
    assert.strictEqual(d.range.start.line, 3);
    assert.match(d.message, /perRunKg.*positive number/);
  });

  test('quick fixes offer the what-ifs with their saving on the changed line', async () => {
    const doc = await open('actions/what-if.yaml');
    const regionLine = doc.getText().split('\n').findIndex((l) => l.startsWith('region:'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(regionLine, 0, regionLine, 0));
    const fixes = actions.filter((a) => /−\d+% CO₂e/.test(a.title));
    assert.ok(fixes.length > 0, `no what-if among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(fixes[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.strictEqual(fixes[0].command?.command, 'carbonLens.applySuggestion');
    const args = fixes[0].command?.arguments?.[0] as { uri: string; runIndex: number; change: { field: string; value: unknown } };
    assert.strictEqual(args.uri, doc.uri.toString());
    assert.strictEqual(args.runIndex, 0);
    assert.strictEqual(args.change.field, 'region');
    // Its saving is the CLI's for the same what-if ("−99% CO₂e" for gcp:europe-north2).
    const same = (cliEstimate('actions/what-if.yaml').json as unknown as { suggestions: { savingPct: number; change?: { field: string; value: unknown } }[] })
      .suggestions.find((s) => s.change?.field === 'region' && s.change.value === args.change.value);
    assert.ok(same, `the CLI has no what-if ${JSON.stringify(args.change)}`);
    assert.ok(fixes[0].title.includes(`−${Math.round(same.savingPct)}% CO₂e`), `${fixes[0].title} against the CLI's ${same.savingPct}%`);
  });

  test('the biggest saving is the preferred fix for a run over budget', async () => {
    const doc = await open('budgeted/big-run.yaml');
    const d = await until('a budget diagnostic', () => budgetDiag(doc.uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.strictEqual(preferred.length, 1, JSON.stringify(actions.map((a) => [a.title, a.isPreferred])));
    assert.match(preferred[0].title, /−\d+% CO₂e/);
    const pct = (a: vscode.CodeAction) => Number(/−(\d+)%/.exec(a.title)?.[1] ?? 0);
    assert.ok(actions.every((a) => pct(a) <= pct(preferred[0])));
    // executeCodeActionProvider does not hand back `diagnostics`; isPreferred is only set on a fix
    // that carries the budget diagnostic, so this is what shows the link.
  });

  test('no fix is preferred where no budget is exceeded', async () => {
    const doc = await open('actions/what-if.yaml');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(1, 0, 4, 0));
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => !a.isPreferred));
  });
});
