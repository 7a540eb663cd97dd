// Which `.carbonlens.yml` budget governs a config, and by how much a run exceeds it: the part of
// the budget files that needs no YAML parser (see budgetFile.ts for the parsing and the precedence).
import { formatMass } from '../core/format';
import type { SourceRange } from '../core/runSpec';
import { compileGlob, type CompiledGlob, type Glob } from './glob';

export const BUDGET_FILE_NAME = '.carbonlens.yml';

export interface BudgetProblem {
  message: string;
  range: SourceRange;
  severity: 'error' | 'warning';
}

export interface BudgetRule {
  /** The pattern as written (relative to the budget file's folder). */
  path: string;
  perRunKg: number;
  /** Where the rule is written, for "budget set here" links. */
  range: SourceRange;
  /** Literal (non-wildcard) characters: the more, the more specific. */
  specificity: number;
  matcher: Glob;
}

export interface BudgetFile {
  rules: BudgetRule[];
  /** Default per-run budget for every config under the file's folder. */
  perRunKg?: { kg: number; range: SourceRange };
  workspaceKg?: { kg: number; range: SourceRange };
  problems: BudgetProblem[];
}

/** A parsed budget file and the folder it governs (a `/`-separated path, no trailing slash). */
export interface LocatedBudgetFile {
  dir: string;
  file: BudgetFile;
}

export interface ResolvedBudget {
  kg: number;
  /** Folder of the `.carbonlens.yml` that set it. */
  dir: string;
  /** Where in that file: the rule, or the top-level `perRunKg`. */
  range: SourceRange;
  rule?: BudgetRule;
}

/** `./a/b/`, `/a/b` and `a\b` all mean `a/b`, relative to the budget file's folder. */
export function normalisePattern(p: string): string {
  return trimSlashes(p.trim().replace(/\\/g, '/').replace(/^\.\//, '')).replace(/\/{2,}/g, '/');
}

/**
 * Leading and trailing `/` removed by a loop: `/\/+$/` restarts at every `/` of a run that does not
 * reach the end, which is quadratic in the run (regexBounds.test.ts).
 */
function trimSlashes(s: string): string {
  let a = 0;
  while (a < s.length && s[a] === '/') a++;
  return trimTrailingSlashes(s.slice(a));
}

function trimTrailingSlashes(s: string): string {
  let b = s.length;
  while (b > 0 && s[b - 1] === '/') b--;
  return s.slice(0, b);
}

/**
 * The matcher for a pattern as written (normalised first), or why it cannot be used: `**` any number
 * of folders, `*` and `?` within one name, `{a,b}` alternatives (see glob.ts). A bad pattern is an
 * error for its own rule only.
 */
export function compilePattern(pattern: string): CompiledGlob {
  return compileGlob(normalisePattern(pattern));
}

/** The rule of `file` that governs `relPath` (relative to the file's folder, `/`-separated), if any. */
export function matchRule(file: BudgetFile, relPath: string): BudgetRule | undefined {
  let best: BudgetRule | undefined;
  for (const r of file.rules) {
    if (r.matcher.test(relPath) && (!best || r.specificity >= best.specificity)) best = r;
  }
  return best;
}

/** The budget for the config at `path` (absolute, `/`-separated), or undefined to use the setting. */
export function resolveBudget(files: readonly LocatedBudgetFile[], path: string): ResolvedBudget | undefined {
  const governing = files
    .map((f) => ({ ...f, dir: trimTrailingSlashes(f.dir) }))
    .filter((f) => path.startsWith(`${f.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length);
  for (const { dir, file } of governing) {
    const rule = matchRule(file, path.slice(dir.length + 1));
    if (rule) return { kg: rule.perRunKg, dir, range: rule.range, rule };
    if (file.perRunKg) return { kg: file.perRunKg.kg, dir, range: file.perRunKg.range };
  }
  return undefined;
}

/** How far over a budget a mid estimate is: the numbers the warning states. */
export function budgetExcess(midKg: number, budgetKg: number): { overKg: number; overPct: number } | undefined {
  if (!(midKg > budgetKg) || !(budgetKg > 0)) return undefined;
  const overKg = midKg - budgetKg;
  return { overKg, overPct: (overKg / budgetKg) * 100 };
}

/**
 * How many times the budget, said so a glance gets it: `×1,800` (two significant figures, grouped),
 * or `+4%` when the excess is under a tenth, where `×1.0` would read as "on budget".
 */
export function overBudgetFactor(midKg: number, budgetKg: number): string {
  const ratio = midKg / budgetKg;
  if (ratio < 1.1) return `+${Math.max(1, Math.round((ratio - 1) * 100))}%`;
  return `×${Number(ratio.toPrecision(2)).toLocaleString('en-US', { maximumFractionDigits: 1 })}`;
}

/** `3.6 t CO₂e vs a 2 kg budget (×1,800)`: the one way every surface states a breach; undefined within budget. */
export function budgetVersus(midKg: number, budgetKg: number): string | undefined {
  if (!budgetExcess(midKg, budgetKg)) return undefined;
  return `${formatMass(midKg)} CO₂e vs a ${formatMass(budgetKg)} budget (${overBudgetFactor(midKg, budgetKg)})`;
}

/** A budget file as it crosses a thread boundary: matchers are functions, so they stay behind. */
export type WireBudgetFile = Omit<BudgetFile, 'rules'> & { rules: Omit<BudgetRule, 'matcher'>[] };

export function toWire(file: BudgetFile): WireBudgetFile {
  return { ...file, rules: file.rules.map(({ matcher: _matcher, ...rule }) => rule) };
}

/**
 * The budget file again with its matchers, compiled where it is used (the engine worker parsed it).
 * Compiling is linear (glob.ts) and these patterns already compiled once in the worker; a rule that
 * would not compile here cannot apply, so it is left out rather than guessed.
 */
export function fromWire(file: WireBudgetFile): BudgetFile {
  const rules: BudgetRule[] = [];
  for (const rule of file.rules) {
    const compiled = compilePattern(rule.path);
    if (compiled.glob) rules.push({ ...rule, matcher: compiled.glob });
  }
  return { ...file, rules };
}
