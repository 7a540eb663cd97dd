// carbonLens.openExample: the walkthrough's first step. Opens the Axolotl QLoRA example shipped in
// the extension (examples/ is packaged for this), so a new user sees a lens and a hover before
// pointing Carbon Lens at their own configs.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { guardedCommand } from './guard';

export const EXAMPLE_FILE = 'examples/axolotl-qlora.yaml';

export function openExampleCommand(services: Services) {
  return guardedCommand('Open an example config', async (): Promise<string> => {
    const uri = vscode.Uri.joinPath(services.context.extensionUri, ...EXAMPLE_FILE.split('/'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    return uri.toString();
  });
}
