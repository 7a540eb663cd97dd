// carbonLens.setBudget: a per-run carbon budget in kg CO₂e (carbonLens.budget.perRunKg). Runs above
// it get a warning in the Problems panel; `.carbonlens.yml` budgets, where present, take precedence.
import * as vscode from 'vscode';
import { ConfigSection } from '../../constants';
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

export function setBudgetCommand() {
  return guardedCommand('Set carbon budget', async (arg?: unknown): Promise<number | null | undefined> => {
    const config = vscode.workspace.getConfiguration(ConfigSection);
    let text: string | undefined;
    if (typeof arg === 'number' || arg === null) text = arg === null ? '' : String(arg);
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
    await config.update('budget.perRunKg', kg ?? undefined, configTarget());
    return kg;
  });
}
