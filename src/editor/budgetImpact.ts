// What setting a per-run budget would do to this workspace, said before the setting is written:
// "3 of 12 runs are above 50 kg CO₂e (largest: big-run.yaml, 3.6 t)". Pure (no `vscode`), so the
// sentence is unit-tested; commands/setBudget.ts asks the question with it.
import { formatMass } from '../core/format';
import { budgetExcess } from '../engine/budgetRules';
import type { RunRow } from './workspaceSummary';

export interface BudgetImpact {
  /** Runs the budget is compared with (a figure, and training unless serving is included). */
  compared: number;
  over: number;
  largest?: { fileName: string; name: string; kg: number };
}

/**
 * Serving rows carry a year of traffic; a per-run budget is compared with them only when the user
 * asked (`carbonLens.budget.includeServing`), as the Problems panel does. Their yearly figure stands in
 * for the horizon the Problems panel uses, which is a year unless the file names another.
 */
export function budgetImpact(rows: readonly RunRow[], budgetKg: number, includeServing: boolean): BudgetImpact {
  let compared = 0;
  let over = 0;
  let largest: BudgetImpact['largest'];
  for (const r of rows) {
    if (!r.co2eKg || (r.cadence === 'per-year' && !includeServing)) continue;
    compared++;
    const kg = r.co2eKg.mid;
    if (!budgetExcess(kg, budgetKg)) continue;
    over++;
    if (!largest || kg > largest.kg) largest = { fileName: r.fileName, name: r.name, kg };
  }
  return { compared, over, ...(largest ? { largest } : {}) };
}

/** One sentence for the confirmation: how many runs the new budget puts over, and the largest. */
export function budgetImpactText(impact: BudgetImpact, budgetKg: number): string {
  const budget = `${formatMass(budgetKg)} CO₂e`;
  if (impact.compared === 0) return `No run in this workspace has an estimate to compare with ${budget} yet.`;
  const of = `${impact.compared} run${impact.compared === 1 ? '' : 's'}`;
  if (impact.over === 0) return `None of the ${of} with an estimate is above ${budget}.`;
  const l = impact.largest!;
  const which = l.name && l.name !== l.fileName ? `${l.fileName}, ${l.name}` : l.fileName;
  return `${impact.over} of ${of} with an estimate ${impact.over === 1 ? 'is' : 'are'} above ${budget} and will be flagged in the Problems panel (largest: ${which}, ${formatMass(l.kg)}).`;
}
