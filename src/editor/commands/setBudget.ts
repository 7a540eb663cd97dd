// carbonLens.setBudget: a per-run carbon budget in kg CO₂e (carbonLens.budget.perRunKg). Runs above
// it get a warning in the Problems panel; `.carbonlens.yml` budgets, where present, take precedence.
import * as vscode from 'vscode';
import { ConfigSection } from '../../constants';
import { formatMass } from '../../core/format';
import { budgetImpact, budgetImpactText } from '../budgetImpact';
import type { WorkspaceRuns } from '../workspaceRuns';
import { configTarget } from './common';
import { guardedCommand } from './guard';

/** Undefined when acceptable; empty input means "remove the budget". */
export function validateBudget(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return 'Enter a number of kg CO₂e, e.g. 50';
  if (n <= 0) return 'The budget must be more than 0 kg';
  return undefined;
}

/**
 * Asks before writing: settings in a workspace are shared with the team (.vscode/settings.json), and a
 * budget turns runs into Problems entries, so the question says how many and which is largest.
 */
async function confirm(kg: number | null, runs: WorkspaceRuns, includeServing: boolean): Promise<boolean> {
  const shared = configTarget() === vscode.ConfigurationTarget.Workspace;
  const where = shared ? 'workspace settings (.vscode/settings.json)' : 'user settings';
  let detail: string;
  if (kg === null) detail = 'Runs will no longer be compared with a per-run budget (a .carbonlens.yml budget still applies).';
  else {
    const state = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Carbon Lens: counting runs above the budget' },
      () => runs.current(),
    );
    detail = budgetImpactText(budgetImpact(state.summary.rows, kg, includeServing), kg);
  }
  const save = shared ? 'Save in workspace settings' : 'Save in user settings';
  const message = kg === null ? `Remove the per-run budget from ${where}?` : `Set a budget of ${formatMass(kg)} CO₂e per run in ${where}?`;
  return (await vscode.window.showInformationMessage(message, { modal: true, detail }, save)) === save;
}

/** `runs`: the workspace's runs, to say what the budget changes before it is written. */
export function setBudgetCommand(runs?: WorkspaceRuns) {
  return guardedCommand('Set carbon budget', async (arg?: unknown): Promise<number | null | undefined> => {
    const config = vscode.workspace.getConfiguration(ConfigSection);
    let text: string | undefined;
    // A number (or null) passed by a command link or a test is the user's answer already: no question.
    const asked = !(typeof arg === 'number' || arg === null);
    if (!asked) text = arg === null ? '' : String(arg as number | null);
    else {
      const current = config.get<number | null>('budget.perRunKg');
      text = await vscode.window.showInputBox({
        title: 'Carbon Lens: budget per run',
        prompt: 'kg CO₂e per run (mid estimate). Leave empty to remove the budget. A .carbonlens.yml budget takes precedence.',
        placeHolder: 'e.g. 50',
        value: typeof current === 'number' ? String(current) : '',
        validateInput: validateBudget,
      });
    }
    if (text === undefined) return undefined;
    const error = validateBudget(text);
    if (error) {
      void vscode.window.showWarningMessage(`Carbon Lens: ${error}.`);
      return undefined;
    }
    const kg = text.trim() === '' ? null : Number(text.trim());
    if (asked && runs && !(await confirm(kg, runs, config.get<boolean>('budget.includeServing') === true))) return undefined;
    await config.update('budget.perRunKg', kg ?? undefined, configTarget());
    return kg;
  });
}
