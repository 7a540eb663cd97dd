// The lifecycle features in a real VS Code: a finished run's CodeCarbon record beside its config
// shows in the hover and the panel with a calibration offer; training runs get a per-query serving
// cost and break-even; carbon-aware timing says what the bundled data can and asks before any fetch.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, openUntil, until, workspaceFile } from './helpers';

/** The hovers' markdown with the escaping of file text undone, to match what the user reads. */
function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n').replace(/\\(.)/g, '$1');
}

suite('Carbon Lens lifecycle: measured, break-even, timing', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  test('a CodeCarbon record beside the config is shown measured beside estimated (hover and panel)', async () => {
    const uri = workspaceFile('measured-run/train.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // Line 2 is `name:`, the run's anchor: the hover there summarises the run.
    const text = await until('a hover with the measured record', async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 2)));
      return /Measured \(emissions\.csv\)/.test(t) ? t : undefined;
    });
    assert.match(text, /Time: measured 2\.3 h, estimated/);
    // The estimate beside the record is the CLI's for the same file ("≈ 5.2 kg CO₂e (2.6–11)").
    const cli = cliEstimate('measured-run/train.yaml');
    assert.ok(text.includes(cli.co2e), `no "${cli.co2e}" in:\n${text}`);
    assert.match(text, /Calibration: the measured time matches an MFU of \d+ %/);
    assert.match(text, /after [\d.]+[kMB]? queries inference exceeds this training/);

    const snap = await openUntil({ uri, runIndex: 0 }, 'the panel with the measured section', (s) => s.model?.kind === 'file' && s.model.uri === uri.toString() && !!s.model.run?.measured);
    const run = snap.model?.kind === 'file' ? snap.model.run : undefined;
    assert.ok(run);
    assert.strictEqual(run.file.co2e.text, cli.co2e);
    assert.strictEqual(run.measured!.file, 'emissions.csv');
    assert.deepStrictEqual(run.measured!.lines.map((l) => l.label), ['Time', 'Energy', 'CO₂e']);
    assert.strictEqual(run.measured!.canCalibrate, true);
    assert.ok(run.lifecycle?.lines.some((l) => l.label === 'Break-even'), 'training vs inference with a break-even');
    // Germany's grid mixes fossil and renewables: the offline verdict says timing can help, and with
    // online features off nothing can be fetched.
    assert.match(run.timing!.offline, /Germany.+timing can help/);
    assert.strictEqual(run.timing!.online, false);
    assert.strictEqual(run.timing!.canFetch, false);
  });
});
