// carbonLens.applySuggestion { uri, runIndex, change }: the one path that writes a what-if into a
// file, used by quick fixes and the panel's Apply button. The document is re-analysed as it is NOW,
// so a stale argument cannot edit the wrong place; the change is one WorkspaceEdit (one undo).
import * as vscode from 'vscode';
import { changeSummary, parseApplyArgs, planDocumentEdit } from '../applyChange';
import { readEditorOptions } from '../config';
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
    const version = doc.version;
    if ('reason' in plan) {
      void vscode.window.showInformationMessage(plan.reason);
      return false;
    }
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
    // With carbonLens.apply.preview (default on) the user sees the lines before and after and confirms.
    if (readEditorOptions(uri).applyAsks) {
      editor.selection = new vscode.Selection(plan.ranges[0].start, plan.ranges[0].end);
      editor.revealRange(plan.ranges[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      const name = uri.path.split('/').pop() ?? 'the file';
      const ok = await vscode.window.showInformationMessage(`Apply ${changeSummary(change)} to ${name}?`, { modal: true, detail: plan.preview.join('\n') }, 'Apply');
      if (ok !== 'Apply') return false;
      // The planned ranges describe the text as it was when asked: a file edited meanwhile is not written.
      if (doc.version !== version) {
        void vscode.window.showInformationMessage(`${name} changed while Carbon Lens asked; nothing was written. Apply again to use the current text.`);
        return false;
      }
    }
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
