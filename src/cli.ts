// `carbon-lens estimate [--json] [flags] PATH…`: the same engine as the extension, for terminals and
// CI. Exit codes: 0 success, 1 internal or output error, 2 bad usage, an unreadable path or a file
// stopped at --timeout, 3 when --budget is exceeded.
import * as fs from 'fs';
import * as path from 'path';
import { parseBoundary } from './core/boundary';
import { formatMass } from './core/format';
import { normalizeSettings, type EstimateSettings } from './core/settings';
import { failedFile, type FileResult } from './engine/fileResult';
import { DEFAULT_TIMEOUT_S, evaluateWithDeadline } from './engine/cliEngine';
import { toJsonReport } from './engine/jsonReport';
import { findRecordSync } from './engine/measured';
import { pairLifecycles } from './engine/pairLifecycle';
import { MAX_RECORD_BYTES } from './formats/measuredRecords';
import { textTable } from './engine/textTable';
import { RUN_FILE, SKIPPED_FOLDERS } from './engine/runFiles';
import { checkReference, depthBelow, lookupFolders, noteRefusedReferences, REFUSED_ABSOLUTE, REFUSED_PARENT } from './engine/referencePolicy';
import { isInside, realRoot, safeReadFileSync, type SafeRead } from './engine/safeRead';
import { escapeJsonForTerminal, escapeTerminal } from './engine/terminalText';
import { budgetVersus } from './engine/budgetRules';
import { budgetTotal, folderTotals } from './engine/folderTotals';
import { hardwareTable } from './core/hardwareTable';
import { hardwareTableCsv, hardwareTableMarkdown } from './engine/hardwareTableText';
import { estimateOutput, OUTPUT_FORMATS, runDiff, type OutputFormat } from './cliReview';

declare const CARBON_LENS_VERSION: string | undefined;
const VERSION = typeof CARBON_LENS_VERSION === 'string' ? CARBON_LENS_VERSION : '0.0.0-dev';

const USAGE = `Usage: carbon-lens estimate [options] PATH…
       carbon-lens diff [options] [BASE [HEAD]] [--] [PATH…]

Estimates the energy and CO₂e of the ML runs described by the files (folders are walked).
Options supply what a file does not say; a file's own value wins.
\`diff\` estimates the run files changed between two git revisions (default: the merge-base with
the default branch → the working tree), read with git without a checkout, and shows before → after.

  --json                   print the JSON report instead of a table (same as --format json)
  --format F               text (default), json, markdown (for a PR comment) or sarif (code scanning)
  --hardware ID            accelerator, e.g. "A100 80GB", nvidia-h100-sxm5-80gb, L4
  --count N                accelerators in total
  --region ID              aws:us-east-1, gcp:europe-west1, azure:westeurope, or a country code (FR)
  --pue X                  data-centre PUE (≥ 1)
  --intensity G            grid intensity, g CO₂e/kWh
  --queries-per-day N      inference traffic
  --tokens-per-query N     output (generated) tokens per query (default 1000)
  --input-tokens-per-query N  input (prompt) tokens per query, counted as prefill (default 0)
  --boundary B             gpu (accelerators only), node (+ host) or facility (+ host and PUE, default)
  --horizon-days N         inference horizon (default 365)
  --dev-overhead X         add development overhead ×X as its own line (off by default)
  --dataset-samples N      samples per epoch when a config gives none (default 10000)
  --no-embodied            leave out embodied carbon
  --any-provider           region what-ifs may propose another cloud's region (default: the run's own cloud)
  --hardware-table F       print, for each run, every catalogued accelerator that can hold it (time,
                           energy, CO₂e, embodied share; sorted, current marked) as csv or md
  --budget KG              exit 3 when the one-time runs (training, sweeps; a config a sweep runs
                           counted once) total more than KG CO₂e (mid)
  --budget-include-serving compare a year of serving with --budget too
  --max-size-mb N          skip files larger than N MB (default 20)
  --timeout S              give up on a file after S seconds of analysis (default 10; exit 2)
  --allow-outside          follow references (deepspeed: ../ds.json, --config /abs/train.yaml)
                           out of the folders given; by default only files inside them are read
  --                       the rest are paths, even when they start with "-"
  -h, --help               this text
  --version                the version

Exit codes: 0 done, 1 internal error or the report could not be written, 2 bad usage, a path
that cannot be read or a file stopped at --timeout, 3 the --budget is exceeded.
`;

const VALUE_FLAGS: Record<string, string> = {
  '--hardware': 'defaultHardware',
  '--count': 'defaultCount',
  '--region': 'defaultRegion',
  '--pue': 'pue',
  '--intensity': 'intensity',
  '--queries-per-day': 'queriesPerDay',
  '--tokens-per-query': 'tokensPerQuery',
  '--horizon-days': 'horizonDays',
  '--dev-overhead': 'devOverhead',
  '--dataset-samples': 'datasetSamples',
  '--input-tokens-per-query': 'inputTokensPerQuery',
  '--boundary': 'boundary',
};
const NUMERIC = new Set(['defaultCount', 'pue', 'intensity', 'queriesPerDay', 'tokensPerQuery', 'inputTokensPerQuery', 'horizonDays', 'devOverhead', 'datasetSamples']);

class UsageError extends Error {}

interface Args {
  command: 'estimate' | 'diff';
  format: OutputFormat;
  /** Index in \`paths\` where \`--\` stood (diff: only words before it can be revisions). */
  dashAt?: number;
  json: boolean;
  paths: string[];
  settings: EstimateSettings;
  allowOutside: boolean;
  budgetKg?: number;
  /** --budget-include-serving: a year of serving counts against --budget. */
  budgetIncludeServing?: boolean;
  maxBytes: number;
  /** Seconds one file's analysis may take before it is reported as stopped. */
  timeoutS: number;
  /** Print the hardware comparison table instead of the report. */
  hardwareTable?: 'csv' | 'md';
}

export function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) return 'help';
  if (command === '--version') return 'version';
  if (command !== 'estimate' && command !== 'diff') throw new UsageError(`Unknown command "${command}". Try "carbon-lens estimate PATH" or "carbon-lens diff".`);
  const raw: Record<string, unknown> = { includeEmbodied: true };
  const args: Args = { command, format: 'text', json: false, paths: [], settings: normalizeSettings({}), maxBytes: 20 * 1024 * 1024, allowOutside: false, timeoutS: DEFAULT_TIMEOUT_S };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (a === '--') {
      // Everything after is a path: a committed file named `--intensity=0.001` stays a file.
      args.dashAt = args.paths.length;
      args.paths.push(...rest.slice(i + 1));
      break;
    }
    if (flag === '--json') args.json = true;
    else if (flag === '--allow-outside') args.allowOutside = true;
    else if (flag === '--format') {
      const f = value() as OutputFormat;
      if (!OUTPUT_FORMATS.includes(f)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}.`);
      args.format = f;
    }
    else if (flag === '--no-embodied') raw.includeEmbodied = false;
    else if (flag === '--any-provider') raw.allowOtherProviders = true;
    else if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--hardware-table') {
      const f = value();
      if (f !== 'csv' && f !== 'md') throw new UsageError('--hardware-table must be csv or md.');
      args.hardwareTable = f;
    }
    else if (flag === '--budget') args.budgetKg = positiveNumber(flag, value());
    else if (flag === '--budget-include-serving') args.budgetIncludeServing = true;
    else if (flag === '--max-size-mb') args.maxBytes = positiveNumber(flag, value()) * 1024 * 1024;
    else if (flag === '--timeout') args.timeoutS = Math.min(3600, positiveNumber(flag, value()));
    else if (flag in VALUE_FLAGS) {
      const key = VALUE_FLAGS[flag];
      const v = value();
      raw[key] = NUMERIC.has(key) ? positiveNumber(flag, v) : v;
      if (key === 'pue' && (raw[key] as number) < 1) throw new UsageError('--pue must be at least 1.');
      if (key === 'boundary' && !parseBoundary(v)) throw new UsageError('--boundary must be gpu, node or facility.');
    } else if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
    else args.paths.push(a);
  }
  if (args.json) args.format = 'json';
  args.json = args.format === 'json';
  if (args.paths.length === 0 && command === 'estimate') throw new UsageError('Give at least one file or folder.');
  args.settings = normalizeSettings(raw);
  return args;
}

function positiveNumber(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number, got "${v}".`);
  return n;
}


/** An explicit path that is neither a regular file nor a readable folder: exit 2. */
class UnreadablePath extends Error {}

/**
 * Files to estimate under `p`, sorted for stable output. Throws for a path that does not exist, and
 * `UnreadablePath` for a FIFO, device or socket given by name, or a folder that cannot be listed.
 */
export function collectFiles(p: string): string[] {
  const stat = fs.statSync(p);
  if (stat.isFile()) return [p];
  if (!stat.isDirectory()) throw new UnreadablePath(`Not read: ${stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device file'}, not a file or folder.`);
  try {
    fs.readdirSync(p);
  } catch (e) {
    throw new UnreadablePath(`Could not read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable sub-folder is skipped, like `find` does
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      // Dirent types are not followed: symlinks, FIFOs and devices met in the walk are never opened.
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) walk(full);
      } else if (e.isFile() && RUN_FILE.test(e.name)) out.push(full);
    }
  };
  walk(p);
  return out;
}

/** A file another file names is a config or a record: small. */
const MAX_REFERENCE_BYTES = 1024 * 1024;

export interface EstimateOptions {
  /** Real folders referenced files must lie in (see safeRead.realRoot); undefined = anywhere. */
  roots?: readonly string[];
  /** Follow absolute and `..` references too (never UNC, drive or URL ones). */
  allowOutside?: boolean;
  /** Seconds one file's analysis may take (default 10). */
  timeoutS?: number;
  /**
   * The folder the user works in (the folder given on the command line). A reference not found beside
   * the file is looked up in each parent folder up to it (lookupFolders): launch scripts are run from
   * the repository root, so `scripts/train.sh` naming `configs/x.yaml` means `<root>/configs/x.yaml`.
   */
  workspaceRoot?: string;
  /**
   * How far up a `..` in a reference may climb: the folder given on the command line. A single file
   * read in the current folder's workspace gets none: its `..` stays in its own folder, so a file under
   * review cannot name `../../.aws/credentials` and reach into wherever the CLI happens to run.
   */
  climbRoot?: string;
}

/** A reference as the CLI resolves it, or why it is not followed. */
function referenceTarget(file: string, ref: string, allowOutside: boolean, base: string = path.dirname(file), root?: string): { target: string } | { refused: string } {
  // `..` may climb as far as the folder the user gave (the repository), no further.
  const toPosix = (p: string) => path.resolve(p).split(path.sep).join('/');
  const c = checkReference(ref, root && base === path.dirname(file) ? depthBelow(toPosix(root), toPosix(file)) : 0);
  if (c.ok) return { target: path.resolve(base, c.path) };
  if (allowOutside && (c.reason === REFUSED_ABSOLUTE || c.reason === REFUSED_PARENT)) return { target: path.resolve(base, ref.trim()) };
  return { refused: c.reason };
}

function skipMessage(r: Extract<SafeRead, { ok: false }>, maxBytes: number): string {
  return r.reason === 'too-large' ? `Skipped: over the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit (--max-size-mb).` : r.message;
}

/** Reads and estimates one file; `unreadable` when the file itself could not be read (exit 2). */
function estimateOne(file: string, settings: EstimateSettings, maxBytes: number, options: EstimateOptions): { result: FileResult; unreadable: boolean } {
  const own = safeReadFileSync(file, { maxBytes, rejectBinary: true });
  if (!own.ok) {
    const message = own.reason === 'missing' ? 'No such file or folder.' : skipMessage(own, maxBytes);
    return { result: failedFile(file, message), unreadable: own.reason === 'unreadable' || own.reason === 'not-file' || own.reason === 'missing' };
  }
  const text = own.text;
  const roots = options.allowOutside ? undefined : options.roots;
  const timeoutS = options.timeoutS ?? DEFAULT_TIMEOUT_S;
  let result = evaluateWithDeadline(text, file, settings, timeoutS);
  const refused = new Map<string, string>();
  const siblings = new Map<string, string>();
  const tried = new Set<string>();
  // Two rounds at most: a launch script names its Python entry script, and only once that is read is
  // the config the script reads by default known (entryScript.ts); nothing goes deeper than that.
  for (let round = 0; round < 2; round++) {
    const refs = (result.analysis?.references ?? []).filter((r) => !tried.has(r));
    if (!refs.length) break;
    let added = 0;
    for (const ref of refs) {
      tried.add(ref);
      const where = referenceTarget(file, ref, options.allowOutside ?? false, path.dirname(file), options.climbRoot);
      if ('refused' in where) {
        refused.set(ref, where.refused);
        continue;
      }
      let t = safeReadFileSync(where.target, { maxBytes: MAX_REFERENCE_BYTES, roots });
      // Not beside the file: each parent folder up to the workspace root, where scripts are run from.
      if (!t.ok && t.reason === 'missing' && options.workspaceRoot) {
        const root = options.workspaceRoot;
        const rel = path.relative(root, path.dirname(file)).split(path.sep).join('/');
        for (const folder of lookupFolders(rel).slice(1)) {
          const next = referenceTarget(file, ref, options.allowOutside ?? false, path.join(root, folder));
          if (!('target' in next)) break;
          t = safeReadFileSync(next.target, { maxBytes: MAX_REFERENCE_BYTES, roots });
          if (t.ok || t.reason !== 'missing') break;
        }
      }
      if (t.ok) {
        siblings.set(ref, t.text);
        added++;
      }
      // Absent is common and already noted by the format; anything else says why it was not read.
      else if (t.reason !== 'missing') refused.set(ref, t.message.replace(/^(Not read|Skipped): /, '').replace(/\.$/, ''));
    }
    if (!added) break;
    result = evaluateWithDeadline(text, file, settings, timeoutS, siblings);
    if (result.stopped) break;
  }
  // A file stopped at its deadline gets no second pass and no record: it was not read.
  if (result.stopped) return { result, unreadable: false };
  result = noteRefusedReferences(result, refused);
  const measured = findRecordSync(result, text, (rel) => {
    // recordCandidates only gives plain relative paths (referencePolicy); a record is an extra, so
    // anything odd about one is the same as no record.
    const t = safeReadFileSync(path.resolve(path.dirname(file), rel), { maxBytes: MAX_RECORD_BYTES, roots });
    return t.ok ? t.text : undefined;
  });
  if (measured) result.measured = measured;
  return { result, unreadable: false };
}

export function estimateFile(file: string, settings: EstimateSettings, maxBytes: number, options: EstimateOptions = {}): FileResult {
  return estimateOne(file, settings, maxBytes, { roots: options.roots ?? rootsOf(options.workspaceRoot ?? file), allowOutside: options.allowOutside, timeoutS: options.timeoutS, workspaceRoot: options.workspaceRoot, climbRoot: options.climbRoot ?? options.workspaceRoot }).result;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The current folder when `file` lies below it (real paths), for a file given on its own. */
function cwdRootOf(file: string): string | undefined {
  const cwd = realRoot(process.cwd());
  const dir = realRoot(file);
  return cwd && dir && isInside(cwd, dir) ? cwd : undefined;
}

function rootsOf(p: string): string[] | undefined {
  const r = realRoot(p);
  return r ? [r] : undefined;
}

export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`carbon-lens: ${escapeTerminal(e.message)}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    out(USAGE);
    return 0;
  }
  if (args === 'version') {
    out(`${VERSION}\n`);
    return 0;
  }
  if (args.command === 'diff') {
    return runDiff({ words: args.paths, dashAt: args.dashAt, format: args.format, settings: args.settings, maxBytes: args.maxBytes, budgetKg: args.budgetKg, version: VERSION, cwd: process.cwd() }, out, err);
  }
  const files: FileResult[] = [];
  let unreadable = false;
  for (const p of args.paths) {
    let list: string[];
    try {
      list = collectFiles(p);
    } catch (e) {
      unreadable = true;
      const code = (e as NodeJS.ErrnoException).code;
      const message = e instanceof UnreadablePath ? e.message : code === 'ENOENT' ? 'No such file or folder.' : `Could not read: ${code ?? (e as Error).message}`;
      files.push(failedFile(p, message));
      continue;
    }
    // A file named inside the folder the CLI runs in is read as the editor reads it in that workspace:
    // the configs and scripts it names are looked up from there, as its launch line runs from there
    // (`estimate my/run.sh` reads `my/train.yaml` that the script passes). Any other file stays alone.
    const workspaceRoot = isFolder(p) ? p : cwdRootOf(p);
    // References stay inside that folder (or the file's own), so a symlink or `../` in a repository
    // under review cannot pull an outside file into the report.
    const roots = args.allowOutside ? undefined : rootsOf(workspaceRoot ?? p);
    for (const f of list) {
      const one = estimateOne(f, args.settings, args.maxBytes, { roots, allowOutside: args.allowOutside, timeoutS: args.timeoutS, workspaceRoot, climbRoot: isFolder(p) ? p : undefined });
      files.push(one.result);
      if (one.unreadable) unreadable = true;
    }
  }
  pairLifecycles(files);
  // One folder total for the report and the budget check below.
  const totals = folderTotals(files, args.settings.horizonDays);
  const report = toJsonReport(files, VERSION, args.settings.boundary, args.settings.horizonDays, totals);
  if (args.hardwareTable) out(hardwareTables(files, args.hardwareTable, args.settings));
  else if (args.json) out(escapeJsonForTerminal(JSON.stringify(report, null, 2)) + '\n');
  else if (args.format === 'markdown' || args.format === 'sarif') out(estimateOutput(files, args.format, { cwd: process.cwd(), version: VERSION, budgetKg: args.budgetKg, budgetIncludeServing: args.budgetIncludeServing }));
  else out(textTable(files.filter((f) => f.format !== 'unknown' || f.error), { horizonDays: args.settings.horizonDays }));
  if (unreadable) {
    err('carbon-lens: some paths could not be read (see the report).\n');
    return 2;
  }
  if (files.some((f) => f.stopped)) {
    err(`carbon-lens: some files took longer than ${args.timeoutS} s to analyse and were stopped (see the report; --timeout).\n`);
    return 2;
  }
  if (args.budgetKg !== undefined) {
    const total = budgetTotal(totals, args.budgetIncludeServing === true);
    const over = budgetVersus(total.kg, args.budgetKg);
    if (over) {
      const leftOut = total.servingLeftOutKg !== undefined ? `; a year of serving (${formatMass(total.servingLeftOutKg)} CO₂e) is not compared without --budget-include-serving` : '';
      err(`carbon-lens: budget exceeded: ${total.basis} total ${over}${leftOut}.\n`);
      return 3;
    }
  }
  return 0;
}

/**
 * Output errors end the program in one line, never a stack trace: a reader that stops early (`| head`)
 * closes the pipe, which is not a failure of ours (EPIPE: quiet, exit code kept); a full disk or a
 * closed terminal is (one line on stderr, exit 1).
 */
export function guardOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, setExit: (code: number) => void): void {
  let reported = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    if (e.code === 'EPIPE') return;
    setExit(1);
    try {
      stderr.write(`carbon-lens: could not write the report: ${e.code ?? e.message}\n`);
    } catch {
      /* stderr is gone too: the exit code still says it */
    }
  });
  stderr.on('error', () => undefined); // nowhere left to say it
}

// Bundles that include this module for its helpers (dist/action.js) say so, so it does not run as the CLI there.
declare const CARBON_LENS_ENTRY: string | undefined;
if (require.main === module && (typeof CARBON_LENS_ENTRY !== 'string' || CARBON_LENS_ENTRY === 'cli')) {
  guardOutput(process.stdout, process.stderr, (code) => {
    process.exitCode = code;
  });
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    // Never a stack trace for users: an internal error is reported in one line.
    process.stderr.write(`carbon-lens: internal error: ${escapeTerminal((e as Error).message)}\n`);
    process.exitCode = 1;
  }
}

/** `--hardware-table`: one table per estimated run (CSV tables separated by a `# file: run` line). */
function hardwareTables(files: FileResult[], format: 'csv' | 'md', settings: EstimateSettings): string {
  const parts: string[] = [];
  for (const f of files) {
    for (const run of f.analysis?.runs ?? []) {
      const rows = hardwareTable(run, settings);
      const title = `${f.path}: ${run.name}`;
      if (!rows.length) parts.push(format === 'md' ? `### ${title}\n\nNo estimate: nothing to compare.\n` : `# ${title}: no estimate\n`);
      else parts.push(format === 'md' ? hardwareTableMarkdown(rows, title) : `# ${title}\n${hardwareTableCsv(rows)}`);
    }
  }
  return parts.join('\n').split('\n').map(escapeTerminal).join('\n');
}
