// The budget quick fixes' commands: carbonLens.raiseBudget { uri, kg } writes a rule for the file into the
// `.carbonlens.yml` of its folder (created when missing) as one undoable edit; carbonLens.ignoreBudgetRun
// { uri, runName } stops the budget warning for that run in this workspace. Arguments come from code
// actions (or a user's keybinding), so they are validated like any other command argument.
import * as vscode from 'vscode';
import { BUDGET_FILE_NAME } from '../../engine/budgetRules';
import { withFileBudget } from '../../engine/budgetRaise';
import { ignoreRun } from '../ignoredRuns';
import { log } from '../log';
import { guardedCommand } from './guard';

function parseUri(raw: unknown): vscode.Uri | undefined {
  if (raw instanceof vscode.Uri) return raw;
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  try {
    return vscode.Uri.parse(raw, true);
  } catch {
    return undefined;
  }
}

export function raiseBudgetCommand() {
  return guardedCommand('Raise budget', async (raw?: unknown): Promise<boolean> => {
    const { uri: u, kg } = (raw ?? {}) as Record<string, unknown>;
    const uri = parseUri(u);
    if (!uri || typeof kg !== 'number' || !Number.isFinite(kg) || kg <= 0 || kg > 1e12) {
      log.warn('raiseBudget: rejected arguments');
      return false;
    }
    const folder = vscode.Uri.joinPath(uri, '..');
    const budgetUri = vscode.Uri.joinPath(folder, BUDGET_FILE_NAME);
    const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    let existing: vscode.TextDocument | undefined;
    try {
      await vscode.workspace.fs.stat(budgetUri);
      existing = await vscode.workspace.openTextDocument(budgetUri);
    } catch {
      existing = undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    const text = withFileBudget(existing?.getText(), fileName, kg);
    if (existing) edit.replace(budgetUri, existing.validateRange(new vscode.Range(0, 0, existing.lineCount, 0)), text);
    else edit.createFile(budgetUri, { contents: new TextEncoder().encode(text) });
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) await vscode.window.showTextDocument(budgetUri, { preview: false, preserveFocus: true });
    return ok;
  });
}

export function ignoreBudgetRunCommand() {
  return guardedCommand('Ignore run budget', async (raw?: unknown): Promise<boolean> => {
    const { uri: u, runName } = (raw ?? {}) as Record<string, unknown>;
    const uri = parseUri(u);
    if (!uri || typeof runName !== 'string' || runName.length > 500) return false;
    await ignoreRun(uri.toString(), runName);
    return true;
  });
}
