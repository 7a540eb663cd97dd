// The `.carbonlens.yml` budgets that govern files on disk, for the CLI (SARIF, the Action): each
// file's folder and its parents up to a stop folder are searched, as the editor does for a
// workspace. Parsed files are cached, so a folder of configs reads each budget file once.
import * as fs from 'fs';
import * as path from 'path';
import { BUDGET_FILE_NAME, parseBudgetFile, resolveBudget, type LocatedBudgetFile, type ResolvedBudget } from './budgetFile';

const slash = (p: string) => p.split(path.sep).join('/');

/** A lookup for files under `stopDir` (the repository root or the current folder). */
export function budgetLookup(stopDir: string): (file: string) => ResolvedBudget | undefined {
  const stop = path.resolve(stopDir);
  const cache = new Map<string, LocatedBudgetFile | null>();
  const at = (dir: string): LocatedBudgetFile | null => {
    let hit = cache.get(dir);
    if (hit !== undefined) return hit;
    hit = null;
    try {
      const text = fs.readFileSync(path.join(dir, BUDGET_FILE_NAME), 'utf8');
      hit = { dir: slash(dir), file: parseBudgetFile(text) };
    } catch {
      /* no budget file in this folder: the usual case */
    }
    cache.set(dir, hit);
    return hit;
  };
  return (file: string) => {
    const abs = path.resolve(file);
    if (abs !== stop && !abs.startsWith(stop + path.sep)) return undefined; // never read budgets from outside
    const found: LocatedBudgetFile[] = [];
    for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
      const f = at(dir);
      if (f) found.push(f);
      if (dir === stop || dir === path.dirname(dir)) break;
    }
    const r = resolveBudget(found, slash(abs));
    // The directory is reported relative to the stop folder: results end up in PRs.
    return r && { ...r, dir: slash(path.relative(stop, r.dir.split('/').join(path.sep))) };
  };
}
