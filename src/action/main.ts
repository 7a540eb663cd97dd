// The GitHub Action (action.yml runs this bundle as dist/action.js): estimates the run files under
// `paths` at the checked-out revision, diffs them against the pull request's base, writes the
// totals as step outputs, optionally a SARIF file and ONE pull-request comment (updated on every
// push), and fails the step when the total is over `budget`. Inputs arrive as INPUT_* variables set
// by action.yml; everything else is the runner's standard GITHUB_* environment.
import * as fs from 'fs';
import * as path from 'path';
import { collectFiles, estimateFile } from '../cli';
import { sarifForFiles } from '../cliReview';
import { formatCo2e, formatEnergy, formatMass } from '../core/format';
import { normalizeSettings } from '../core/settings';
import type { DiffReport } from '../engine/diff';
import { diffMarkdown } from '../engine/diffRender';
import { diffRevisions } from '../engine/diffRevisions';
import { failedFile, type FileResult } from '../engine/fileResult';
import { GitError } from '../engine/gitRevisions';
import { toJsonReport } from '../engine/jsonReport';
import { pairLifecycles } from '../engine/pairLifecycle';
import { commentMarker, upsertComment } from './prComment';

declare const CARBON_LENS_VERSION: string | undefined;
const VERSION = typeof CARBON_LENS_VERSION === 'string' ? CARBON_LENS_VERSION : '0.0.0-dev';

type Env = Record<string, string | undefined>;

export interface ActionIo {
  log: (line: string) => void;
}

/** action.yml passes each input as INPUT_<NAME>, `-` spelt `_` (a name every shell can use). */
const input = (env: Env, name: string) => (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();

function bool(env: Env, name: string, dflt: boolean): boolean {
  const v = input(env, name).toLowerCase();
  if (!v) return dflt;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new Error(`Input ${name} must be true or false, got "${v}".`);
}

/** `key=value` lines, or the multi-line form, for $GITHUB_OUTPUT (runner docs, "Setting an output parameter"). */
function setOutput(env: Env, name: string, value: string): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const delim = `carbon_lens_${Math.random().toString(36).slice(2)}`;
  fs.appendFileSync(file, value.includes('\n') ? `${name}<<${delim}\n${value}\n${delim}\n` : `${name}=${value}\n`);
}

/** The pull request this run is for, from the event payload (pull_request and pull_request_target events). */
function pullRequest(env: Env): { number: number; baseSha?: string } | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  try {
    const ev = JSON.parse(fs.readFileSync(file, 'utf8')) as { pull_request?: { number?: number; base?: { sha?: string } }; number?: number };
    const n = ev.pull_request?.number;
    return typeof n === 'number' ? { number: n, baseSha: ev.pull_request?.base?.sha } : undefined;
  } catch {
    return undefined;
  }
}

function commentBody(diff: DiffReport | string, all: ReturnType<typeof toJsonReport>, paths: string[], budgetKg: number | undefined): string {
  const parts = [typeof diff === 'string' ? `### Carbon Lens\n\n${diff}\n` : diffMarkdown(diff)];
  const t = all.totals;
  const scope = paths.map((p) => `\`${p.replace(/`/g, '')}\``).join(', ');
  let line = `**All runs under ${scope}:** ${t.runs ? `${formatCo2e(t.co2eKg)}, ${formatEnergy(t.energyKwh.mid)}, over ${t.runs} run${t.runs === 1 ? '' : 's'}` : 'no run with a complete estimate'}`;
  if (budgetKg !== undefined) line += t.co2eKg.mid > budgetKg ? ` — ❌ over the budget of ${formatMass(budgetKg)}` : ` — within the budget of ${formatMass(budgetKg)}`;
  parts.push(`${line}.`, '');
  return parts.join('\n');
}

export async function runAction(env: Env, cwd: string, io: ActionIo): Promise<number> {
  const paths = input(env, 'paths').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (!paths.length) paths.push('.');
  const budgetRaw = input(env, 'budget');
  const budgetKg = budgetRaw ? Number(budgetRaw) : undefined;
  if (budgetKg !== undefined && !(budgetKg > 0)) throw new Error(`Input budget must be a positive number of kg CO₂e, got "${budgetRaw}".`);
  const region = input(env, 'region');
  const settings = normalizeSettings({ includeEmbodied: true, ...(region ? { defaultRegion: region } : {}) });
  const maxBytes = 20 * 1024 * 1024;

  // 1. Everything under `paths`, as checked out.
  const files: FileResult[] = [];
  for (const p of paths) {
    let list: string[];
    try {
      list = collectFiles(path.resolve(cwd, p));
    } catch {
      files.push(failedFile(p, 'No such file or folder.'));
      continue;
    }
    for (const f of list) files.push({ ...estimateFile(f, settings, maxBytes), path: path.relative(cwd, f).split(path.sep).join('/') });
  }
  pairLifecycles(files);
  const all = toJsonReport(files, VERSION);
  const t = all.totals;
  setOutput(env, 'co2e-kg', String(t.co2eKg.mid));
  setOutput(env, 'co2e-kg-low', String(t.co2eKg.low));
  setOutput(env, 'co2e-kg-high', String(t.co2eKg.high));
  setOutput(env, 'energy-kwh', String(t.energyKwh.mid));
  setOutput(env, 'runs', String(t.runs));
  io.log(`Carbon Lens: ${t.runs} run(s) under ${paths.join(', ')}: ${formatCo2e(t.co2eKg)}, ${formatEnergy(t.energyKwh.mid)}.`);

  // 2. What this change does to them.
  const pr = pullRequest(env);
  const base = input(env, 'base') || pr?.baseSha || undefined;
  let diff: DiffReport | string;
  try {
    diff = diffRevisions({ cwd, base, head: undefined, paths, settings, maxBytes, version: VERSION }).report;
    setOutput(env, 'delta-co2e-kg', String(diff.totals.deltaCo2eKg));
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    // A missing base (shallow checkout) must not hide the estimate: say why there is no diff.
    diff = `No before → after: ${e.message}`;
    io.log(`::warning title=Carbon Lens diff::${e.message}`);
  }

  // 3. SARIF for code scanning.
  const sarif = input(env, 'sarif');
  if (sarif) {
    const target = path.resolve(cwd, sarif);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(sarifForFiles(files, { cwd, version: VERSION, budgetKg }), null, 2) + '\n');
    setOutput(env, 'sarif-file', target);
  }

  // 4. The one pull-request comment.
  const body = commentBody(diff, all, paths, budgetKg);
  if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, body + '\n');
  if (bool(env, 'comment', true)) {
    if (!pr) io.log('Carbon Lens: not a pull_request event, so no comment (the step summary has the table).');
    else {
      const token = input(env, 'github-token');
      if (!token) throw new Error('Input github-token is empty: the comment needs a token with pull-requests: write.');
      try {
        const res = await upsertComment({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', repository: env.GITHUB_REPOSITORY ?? '', issueNumber: pr.number, token }, body, commentMarker(input(env, 'comment-id') || 'diff'));
        setOutput(env, 'comment-id', String(res.id));
        io.log(`Carbon Lens: ${res.action} comment ${res.id} on #${pr.number}.`);
      } catch (e) {
        // Pull requests from forks get a read-only token: the estimate, SARIF and budget check still
        // stand, so a refused comment is a warning on the run, not a failed check.
        io.log(`::warning title=Carbon Lens comment::${(e as Error).message} (the table is in the step summary; the comment needs pull-requests: write).`);
      }
    }
  }

  const over = budgetKg !== undefined && t.co2eKg.mid > budgetKg;
  setOutput(env, 'budget-exceeded', String(over));
  if (over) {
    io.log(`::error title=Carbon budget exceeded::${formatMass(t.co2eKg.mid)} CO₂e (mid) under ${paths.join(', ')}, against a budget of ${formatMass(budgetKg!)}.`);
    return 3;
  }
  return 0;
}

if (require.main === module) {
  runAction(process.env, process.cwd(), { log: (l) => process.stdout.write(l + '\n') }).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stdout.write(`::error title=Carbon Lens::${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
