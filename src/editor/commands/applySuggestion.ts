// carbonLens.applySuggestion { uri, runIndex, change }: the one path that writes a what-if into a
// file, used by quick fixes and the panel's Apply button. The document is re-analysed as it is NOW,
// so a stale argument cannot edit the wrong place; the change is one WorkspaceEdit (one undo).
import * as vscode from 'vscode';
import { parseApplyArgs, planDocumentEdit } from '../applyChange';
import { log } from '../log';
import { guardedCommand } from './guard';

export function applySuggestionCommand() {
  return guardedCommand('Apply what-if', async (raw?: unknown): Promise<boolean> => {
    const args = parseApplyArgs(raw);
    if (typeof args === 'string') {
      log.warn(`applySuggestion: rejected arguments: ${args}`);
      return false;
    }
    const { uri, runIndex, change } = args;
    if (uri.path.toLowerCase().endsWith('.ipynb')) {
      // The notebook editor owns the file while it is open; a text edit underneath it would be lost or conflict.
      void vscode.window.showInformationMessage(`Carbon Lens cannot edit notebooks: set ${change.field} to ${String(change.value)} in the cell yourself.`);
      return false;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const plan = await planDocumentEdit(doc, runIndex, change);
    if ('reason' in plan) {
      void vscode.window.showInformationMessage(plan.reason);
      return false;
    }
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
    const applied = await vscode.workspace.applyEdit(plan.edit, { isRefactoring: true });
    if (!applied) {
      void vscode.window.showWarningMessage(`Carbon Lens could not edit ${uri.path.split('/').pop() ?? 'the file'} (read-only or changed meanwhile).`);
      return false;
    }
    const at = plan.ranges[0].start;
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(plan.ranges[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  });
}
