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
