// The CLI's folder total, by the workspace report's rule (src/core/runTotals.ts): one-time and
// per-year apart, and a config that a sweep or launch script in the same set runs counted once.
import { addRun, emptySplit, type TotalsSplit } from '../core/runTotals';
import type { FileResult } from './fileResult';
import { normalizePath, sweepTargetsOf } from './pairLifecycle';

export interface FolderTotals extends TotalsSplit {
  /** The runs listed but not added, with the file that already counts them. */
  countedRuns: { path: string; run: string; countedIn: string }[];
}

export function folderTotals(files: readonly FileResult[], horizonDays?: number): FolderTotals {
  const countedBy = sweepTargetsOf(files);
  const split = emptySplit();
  const countedRuns: FolderTotals['countedRuns'] = [];
  for (const f of files) {
    const by = countedBy.get(normalizePath(f.path));
    const countedIn = by && by !== f.path ? by : undefined;
    for (const e of f.estimates) {
      const before = split.counted;
      addRun(split, e, { countedIn, horizonDays });
      if (countedIn && split.counted > before) countedRuns.push({ path: f.path, run: e.name, countedIn });
    }
  }
  return { ...split, countedRuns };
}

/** What a total budget (`--budget KG`) is compared with, and how to say it. */
export interface BudgetTotal {
  kg: number;
  /** "the one-time runs" or "the one-time runs and a year of serving". */
  basis: string;
  /** A year of serving left out of the comparison (kg, mid), when there is any. */
  servingLeftOutKg?: number;
}

/**
 * A budget is for what a change will spend once (training, sweeps, each config counted once), as the
 * workspace report's one-time total; a year of serving joins it only when asked, as with
 * carbonLens.budget.includeServing in the editor. Summing both would compare a yearly bill with a
 * one-off budget, and counting a sweep's base config beside the sweep would count it twice.
 */
export function budgetTotal(t: TotalsSplit, includeServing: boolean): BudgetTotal {
  const serving = t.perYear.runs > 0 ? t.perYear.co2eKg.mid : 0;
  if (includeServing) return { kg: t.oneTime.co2eKg.mid + serving, basis: 'the one-time runs and a year of serving' };
  return { kg: t.oneTime.co2eKg.mid, basis: 'the one-time runs', ...(serving > 0 ? { servingLeftOutKg: serving } : {}) };
}
