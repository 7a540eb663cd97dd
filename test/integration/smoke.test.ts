// Runs inside a real VS Code extension host against the fixture workspace:
// proves the packaged manifest and the bundled dist/extension.js work together.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, until, workspaceFile } from './helpers';

suite('Carbon Lens smoke', () => {
  test('the extension is installed in the host', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.main, './dist/extension.js');
  });

  test('it activates when a YAML config is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(
      (ext.packageJSON.activationEvents as string[]).includes('onLanguage:yaml'),
      'manifest should activate on YAML files',
    );
    const doc = await vscode.workspace.openTextDocument(workspaceFile('axolotl.yaml'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    await until('extension activation', () => ext.isActive);
    // activate() may have thrown; isActive is still set then, so check the exports promise too.
    await ext.activate();
  });

  test('carbonLens.estimate is a registered command', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('carbonLens.estimate'), 'carbonLens.estimate is not registered');
  });
});
