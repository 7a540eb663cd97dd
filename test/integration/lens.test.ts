// CodeLens in a real extension host: the main lens on each run, driver lenses once resolved, the
// "needs" lens for an incomplete run, and carbonLens.codeLens.enabled switching them all off.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, until, workspaceFile } from './helpers';

/** Our lenses only (another provider could add its own), resolved so driver lenses have titles. */
async function ourLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
  // A lens opens the panel, or acts: halving a length (applySuggestion) or picking the model.
  return all.filter((l) => ['carbonLens.openPanel', 'carbonLens.applySuggestion', 'carbonLens.pickModel'].includes(l.command?.command ?? ''));
}

suite('Carbon Lens CodeLens', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('carbonLens').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a plain run description gets its CO₂e lens on the first line', async () => {
    const uri = workspaceFile('carbon-lens-run.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await until('a CO₂e lens', async () => {
      const ls = await ourLenses(uri);
      return ls.some((l) => /CO₂e/.test(l.command!.title)) && ls;
    });
    const main = lenses.find((l) => /CO₂e/.test(l.command!.title))!;
    // The CLI on the same file: "≈ 33 kg CO₂e (23–43)", "87 kWh", "8× A100 SXM4 80GB" when written.
    const cli = cliEstimate('carbon-lens-run.yaml');
    assert.strictEqual(main.command!.title, `${cli.co2e} · ${cli.energy} · ${cli.hardware} · us-east-1`);
    assert.strictEqual(main.range.start.line, 1, 'the main lens sits on the run\'s first key');
    const args = main.command!.arguments?.[0] as { uri: string; runIndex: number };
    assert.strictEqual(args.uri, uri.toString());
    assert.strictEqual(args.runIndex, 0);
    // The lines that drive the cost: hours, region, count.
    const titles = lenses.map((l) => l.command!.title);
    // hours: 24 stated in the file: the lens halves it when clicked (24 → 12 h saves half of 33 kg).
    const halve = lenses.find((l) => /^halve hours \(24 → 12\) → −16 kg$/.test(l.command!.title));
    assert.ok(halve, titles.join('\n'));
    assert.strictEqual(halve.command!.command, 'carbonLens.applySuggestion');
    assert.deepStrictEqual((halve.command!.arguments?.[0] as { change: unknown }).change, { field: 'hours', value: 12 });
    assert.ok(titles.some((t) => /^Region: .* g\/kWh/.test(t)), titles.join('\n'));
    assert.ok(lenses.length <= 5, `too many lenses: ${titles.join(' | ')}`);
  });

  test('an incomplete run says what it needs, with no number', async () => {
    const uri = workspaceFile('lens-needs.yaml');
    await vscode.workspace.openTextDocument(uri);
    const lenses = await until('a "needs" lens', async () => {
      const ls = await ourLenses(uri);
      return ls.length > 0 && ls;
    });
    assert.strictEqual(lenses.length, 1, 'no driver lenses without an estimate');
    assert.match(lenses[0].command!.title, /^Carbon Lens: needs /);
    assert.doesNotMatch(lenses[0].command!.title, /\d/);
  });

  test('an Axolotl config gets a CO₂e lens', async function () {
    const uri = workspaceFile('axolotl.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await until('a CO₂e lens on axolotl.yaml', async () => {
      const ls = await ourLenses(uri);
      return ls.some((l) => /CO₂e/.test(l.command!.title)) && ls;
    });
    const main = lenses.find((l) => /CO₂e/.test(l.command!.title))!;
    const cli = cliEstimate('axolotl.yaml');
    assert.ok(main.command!.title.startsWith(`${cli.co2e} · ${cli.energy} · ${cli.hardware}`), `${main.command!.title} against the CLI's ${cli.co2e} · ${cli.energy} · ${cli.hardware}`);
    // An Axolotl run is anchored on its base_model key: line 3 of the file (two comment lines above
    // it), 0-based 2. Derived from the file rather than typed, so editing the fixture's header keeps it.
    const doc = await vscode.workspace.openTextDocument(uri);
    const baseModel = doc.getText().split('\n').findIndex((l) => l.startsWith('base_model:'));
    assert.strictEqual(baseModel, 2, 'fixture: base_model is on line 3');
    assert.strictEqual(main.range.start.line, baseModel, 'the main lens sits on base_model');
    assert.ok(lenses.every((l) => l.command!.title.length > 0));
  });

  test('carbonLens.codeLens.enabled = false removes the lenses', async () => {
    const uri = workspaceFile('carbon-lens-run.yaml');
    await vscode.workspace.openTextDocument(uri);
    await until('lenses before switching off', async () => (await ourLenses(uri)).length > 0);
    await vscode.workspace.getConfiguration('carbonLens').update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    await until('no lenses after switching off', async () => (await ourLenses(uri)).length === 0);
    await vscode.workspace.getConfiguration('carbonLens').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await until('lenses back after switching on', async () => (await ourLenses(uri)).length > 0);
  });
});
