// The estimate panel in a real VS Code: `carbonLens.openPanel` resolves the webview view, the
// webview's ready handshake completes, and the model it was sent carries the run's estimate.
// openPanel returns a snapshot of the last model (its test accessor); `delivered` says the
// webview acknowledged it, which only happens after the page posted `ready`.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatCo2e } from '../../src/core/format';
import type { PanelSnapshot } from '../../src/webview/EstimateViewProvider';
import { EXTENSION_ID, cliEstimate, openUntil, workspaceFile } from './helpers';

suite('Carbon Lens estimate panel', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  test('openPanel {uri, runIndex} shows the run and its CO₂e', async () => {
    const uri = workspaceFile('carbon-lens-run.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const snap = await openUntil({ uri, runIndex: 0 }, 'the panel to show carbon-lens-run.yaml', (s) => s.model?.kind === 'file' && s.model.uri === uri.toString());
    const model = snap.model;
    assert.ok(model && model.kind === 'file');
    assert.ok(model.run, 'the model has the selected run');
    assert.strictEqual(model.selected, 0);
    assert.strictEqual(model.run.file.known, true);
    const { low, mid, high, text } = model.run.file.co2e;
    assert.strictEqual(text, formatCo2e({ low, mid, high }));
    // The headline is the CLI's for the same file, character for character ("≈ 33 kg CO₂e (23–43)").
    const cli = cliEstimate('carbon-lens-run.yaml');
    assert.strictEqual(text, cli.co2e);
    // By hand: operational CO₂e = energy × grid intensity, and the file names aws:us-east-1, at
    // 379.069 g/kWh (Cloud Carbon Footprint, EPA eGRID2020, 2020): 86.95 kWh × 0.379069 = 32.96 kg.
    const energy = model.run.file.energy;
    assert.ok(low < mid && mid < high, JSON.stringify(model.run.file.co2e));
    assert.ok(Math.abs(mid - energy.mid * 0.379069) < 1e-6 * mid, `mid ${mid} kg against ${energy.mid} kWh × 0.379069`);
    const hardware = model.run.inputs.find((r) => r.field === 'hardware');
    assert.strictEqual(hardware?.origin, 'file');
    assert.strictEqual(hardware?.line, 2);
  });

  test('a file with no run shows the welcome with the reason', async () => {
    const uri = workspaceFile('panel-not-a-config.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const snap = await openUntil({ uri }, 'the welcome view', (s) => s.model?.kind === 'welcome');
    assert.ok(snap.model?.kind === 'welcome');
    assert.match(snap.model.note ?? '', /panel-not-a-config\.txt/);
    assert.ok(snap.model.formats.length > 5);
  });

  test('the panel follows the active editor', async () => {
    const uri = workspaceFile('carbon-lens-run.yaml');
    await openUntil({ uri, runIndex: 0 }, 'the run file', (s) => s.model?.kind === 'file');
    const other = workspaceFile('panel-not-a-config.txt');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    // No argument: the command shows whatever the panel now follows.
    const snap = await openUntil(undefined, 'the panel to follow the editor', (s) => s.model?.kind === 'welcome');
    assert.ok(snap.model?.kind === 'welcome');
  });

  test('openPanel {workspaceReport: true} switches to the workspace table', async () => {
    const snap = await openUntil({ workspaceReport: true }, 'the workspace view', (s) => s.model?.kind === 'workspace');
    assert.ok(snap.model?.kind === 'workspace');
    // Back to the file for the tests that follow.
    await openUntil({ uri: workspaceFile('carbon-lens-run.yaml'), runIndex: 0 }, 'file mode', (s) => s.model?.kind === 'file');
  });

  test('a notebook is estimated from its file, its origins named by cell', async () => {
    const uri = workspaceFile('train.ipynb');
    const snap = await openUntil({ uri, runIndex: 0 }, 'the notebook estimate', (s) => s.model?.kind === 'file' && s.model.uri === uri.toString());
    assert.ok(snap.model?.kind === 'file');
    // Origins link to the cell (the notebook opens there), not to a line of the .ipynb JSON:
    // `num_train_epochs=3` is in cell 4 (`args = TrainingArguments(...)`, its line 3).
    assert.strictEqual(snap.model.canReveal, true);
    const epochs = [...(snap.model.run?.inputs ?? []), ...(snap.model.run?.otherInputs ?? [])].find((r) => r.field === 'epochs');
    assert.strictEqual(epochs?.where, 'cell 4, line 3', JSON.stringify(epochs));
    assert.ok(snap.model.run, 'the notebook has a run');
    assert.strictEqual(snap.model.run.file.co2e.text, cliEstimate('train.ipynb').co2e);
    assert.match(snap.model.formatLabel, /Notebook/);
  });

  test('malformed openPanel arguments are ignored, not fatal', async () => {
    const snap = await vscode.commands.executeCommand<PanelSnapshot>('carbonLens.openPanel', { uri: 42, runIndex: -3, workspaceReport: 'yes' });
    assert.ok(snap, 'the command still answers');
    assert.notStrictEqual(snap.model?.kind, 'workspace');
  });
});
