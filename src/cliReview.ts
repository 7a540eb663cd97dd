// The CLI's review outputs: `estimate --format markdown|sarif` and the `diff` command. Kept apart
// from cli.ts (argument parsing, exit codes) so that file stays the wiring.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { formatMass } from './core/format';
import type { EstimateSettings } from './core/settings';
import { budgetLookup } from './engine/budgetLookup';
import { diffMarkdown, diffText } from './engine/diffRender';
import { diffRevisions, type DiffRun } from './engine/diffRevisions';
import type { FileResult } from './engine/fileResult';
import { commitOf, GitError, readAt, repoRoot } from './engine/gitRevisions';
import { markdownReport } from './engine/exports';
import { relativeUri, sarifLog, type SarifLog } from './engine/sarif';

export type OutputFormat = 'text' | 'json' | 'markdown' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'markdown', 'sarif'];

/** SARIF for files on disk named as the user named them; URIs relative to `cwd` (the repository root in CI). */
export function sarifForFiles(files: readonly FileResult[], o: { cwd: string; version: string; budgetKg?: number; budgetIncludeServing?: boolean }): SarifLog {
  const budgets = budgetLookup(o.cwd);
  const abs = (p: string) => path.resolve(o.cwd, p);
  const texts = new Map<string, string | undefined>();
  return sarifLog(files, {
    version: o.version,
    totalBudgetKg: o.budgetKg,
    totalIncludesServing: o.budgetIncludeServing,
    budgetOf: (f) => budgets(abs(f.path)),
    textOf: (f) => {
      if (!texts.has(f.path)) {
        let t: string | undefined;
        try {
          t = fs.readFileSync(abs(f.path), 'utf8');
        } catch {
          t = undefined;
        }
        texts.set(f.path, t);
      }
      return texts.get(f.path);
    },
    uriOf: (p) => {
      const rel = path.relative(o.cwd, abs(p));
      // Outside the folder a relative URI would point at the wrong file: use an absolute one.
      return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(abs(p)).href : relativeUri(rel.split(path.sep).join('/'));
    },
  });
}

/** `estimate` output in the given format (text and json stay in cli.ts). */
export function estimateOutput(files: FileResult[], format: 'markdown' | 'sarif', o: { cwd: string; version: string; budgetKg?: number; budgetIncludeServing?: boolean }): string {
  if (format === 'markdown') return markdownReport(files, { version: o.version });
  return JSON.stringify(sarifForFiles(files, o), null, 2) + '\n';
}

export interface DiffArgs {
  /** Positional words in order; those before `dashAt` may be revisions. */
  words: string[];
  /** Index in `words` where `--` stood (everything from there is a path). */
  dashAt?: number;
  format: OutputFormat;
  settings: EstimateSettings;
  maxBytes: number;
  budgetKg?: number;
  version: string;
  cwd: string;
}

/**
 * Splits `[BASE] [HEAD] [PATH…]`: as in git, leading words that name commits and are not files are
 * revisions (at most two), the rest are paths; after `--` everything is a path.
 */
export function splitRevisions(words: readonly string[], dashAt: number | undefined, cwd: string): { base?: string; head?: string; paths: string[] } {
  let root: string | undefined;
  try {
    root = repoRoot(cwd);
  } catch {
    root = undefined; // reported by diffRevisions with the reason
  }
  const revs: string[] = [];
  let i = 0;
  const limit = dashAt ?? words.length;
  // A full or abbreviated commit id counts even when this clone lacks it, so that a shallow clone
  // says "not in this clone" instead of treating the id as a path that does not exist.
  const looksLikeRev = (w: string) => /^[0-9a-f]{7,40}$/i.test(w) || (!!root && !!commitOf(root, w));
  while (i < limit && revs.length < 2 && !fs.existsSync(path.resolve(cwd, words[i])) && looksLikeRev(words[i])) revs.push(words[i++]);
  return { base: revs[0], head: revs[1], paths: words.slice(i) };
}

export function runDiff(a: DiffArgs, out: (s: string) => void, err: (s: string) => void): number {
  const { base, head, paths } = splitRevisions(a.words, a.dashAt, a.cwd);
  let run: DiffRun;
  try {
    run = diffRevisions({ cwd: a.cwd, base, head, paths, settings: a.settings, maxBytes: a.maxBytes, version: a.version });
  } catch (e) {
    if (e instanceof GitError) {
      err(`carbon-lens: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const r = run.report;
  if (a.format === 'json') out(JSON.stringify(r, null, 2) + '\n');
  else if (a.format === 'markdown') out(diffMarkdown(r));
  else if (a.format === 'sarif') out(JSON.stringify(sarifForRevision(run, r.head.commit ?? undefined, a), null, 2) + '\n');
  else out(diffText(r));
  if (a.budgetKg !== undefined && r.totals.after.co2eKg.mid > a.budgetKg) {
    err(`carbon-lens: budget exceeded: the changed runs total ${formatMass(r.totals.after.co2eKg.mid)} CO₂e after the change, against a budget of ${formatMass(a.budgetKg)}.\n`);
    return 3;
  }
  return 0;
}

/** SARIF for the head versions of the changed files; URIs relative to the repository root. */
function sarifForRevision(run: DiffRun, headCommit: string | undefined, a: DiffArgs): SarifLog {
  const budgets = budgetLookup(run.root);
  return sarifLog(run.heads, {
    version: a.version,
    totalBudgetKg: a.budgetKg,
    // Budgets are read from the working tree: they are policy, not part of the change under review.
    budgetOf: (f) => budgets(path.join(run.root, f.path)),
    textOf: (f) => readAt(run.root, headCommit, f.path)?.toString('utf8'),
    uriOf: relativeUri,
  });
}
