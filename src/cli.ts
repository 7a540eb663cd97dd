// `carbon-lens estimate [--json] [flags] PATH…`: the same engine as the extension, for terminals and
// CI. Exit codes: 0 success, 2 bad usage or unreadable path, 3 when --budget is exceeded.
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings, type EstimateSettings } from './core/settings';
import { evaluateText, failedFile, type FileResult } from './engine/evaluate';
import { toJsonReport } from './engine/jsonReport';
import { findRecordSync } from './engine/measured';
import { pairLifecycles } from './engine/pairLifecycle';
import { MAX_RECORD_BYTES } from './formats/measuredRecords';
import { textTable } from './engine/textTable';
import { formatMass } from './core/format';
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
  --tokens-per-query N     tokens in + out per query (default 1000)
  --horizon-days N         inference horizon (default 365)
  --dev-overhead X         add development overhead ×X as its own line (off by default)
  --dataset-samples N      samples per epoch when a config gives none (default 10000)
  --no-embodied            leave out embodied carbon
  --budget KG              exit 3 when the total mid CO₂e exceeds KG
  --max-size-mb N          skip files larger than N MB (default 20)
  -h, --help               this text
  --version                the version
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
};
const NUMERIC = new Set(['defaultCount', 'pue', 'intensity', 'queriesPerDay', 'tokensPerQuery', 'horizonDays', 'devOverhead', 'datasetSamples']);

class UsageError extends Error {}

interface Args {
  command: 'estimate' | 'diff';
  format: OutputFormat;
  /** Index in \`paths\` where \`--\` stood (diff: only words before it can be revisions). */
  dashAt?: number;
  json: boolean;
  paths: string[];
  settings: EstimateSettings;
  budgetKg?: number;
  maxBytes: number;
}

export function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) return 'help';
  if (command === '--version') return 'version';
  if (command !== 'estimate' && command !== 'diff') throw new UsageError(`Unknown command "${command}". Try "carbon-lens estimate PATH" or "carbon-lens diff".`);
  const raw: Record<string, unknown> = { includeEmbodied: true };
  const args: Args = { command, format: 'text', json: false, paths: [], settings: normalizeSettings({}), maxBytes: 20 * 1024 * 1024 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (a === '--') {
      args.dashAt = args.paths.length;
      args.paths.push(...rest.slice(i + 1));
      break;
    }
    if (flag === '--json') args.json = true;
    else if (flag === '--format') {
      const f = value() as OutputFormat;
      if (!OUTPUT_FORMATS.includes(f)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}.`);
      args.format = f;
    }
    else if (flag === '--no-embodied') raw.includeEmbodied = false;
    else if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--budget') args.budgetKg = positiveNumber(flag, value());
    else if (flag === '--max-size-mb') args.maxBytes = positiveNumber(flag, value()) * 1024 * 1024;
    else if (flag in VALUE_FLAGS) {
      const key = VALUE_FLAGS[flag];
      const v = value();
      raw[key] = NUMERIC.has(key) ? positiveNumber(flag, v) : v;
      if (key === 'pue' && (raw[key] as number) < 1) throw new UsageError('--pue must be at least 1.');
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

const CANDIDATE = /\.(ya?ml|json|ipynb|py)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints', 'dist', 'out']);

/** Files to estimate under `p`, sorted for stable output. Throws for a path that does not exist. */
export function collectFiles(p: string): string[] {
  const stat = fs.statSync(p);
  if (stat.isFile()) return [p];
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
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && CANDIDATE.test(e.name)) out.push(full);
    }
  };
  walk(p);
  return out;
}

function readText(file: string, maxBytes: number): string | { error: string } {
  const size = fs.statSync(file).size;
  if (size > maxBytes) return { error: `Skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit (--max-size-mb).` };
  const buf = fs.readFileSync(file);
  if (buf.subarray(0, 8192).includes(0)) return { error: 'Skipped: binary file.' };
  return buf.toString('utf8');
}

export function estimateFile(file: string, settings: EstimateSettings, maxBytes: number): FileResult {
  let text: string | { error: string };
  try {
    text = readText(file, maxBytes);
  } catch (e) {
    return failedFile(file, `Could not read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (typeof text !== 'string') return failedFile(file, text.error);
  let result = evaluateText(text, file, settings);
  const refs = result.analysis?.references ?? [];
  if (refs.length) {
    const siblings = new Map<string, string>();
    for (const ref of refs) {
      const target = path.resolve(path.dirname(file), ref);
      try {
        const t = readText(target, maxBytes);
        if (typeof t === 'string') siblings.set(ref, t);
      } catch {
        /* a missing sibling leaves its values unknown */
      }
    }
    if (siblings.size) result = evaluateText(text, file, settings, siblings);
  }
  const measured = findRecordSync(result, text, (rel) => {
    try {
      const t = readText(path.resolve(path.dirname(file), rel), MAX_RECORD_BYTES);
      return typeof t === 'string' ? t : undefined;
    } catch {
      return undefined; // no record beside the config: the usual case
    }
  });
  if (measured) result.measured = measured;
  return result;
}

export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`carbon-lens: ${e.message}\n\n${USAGE}`);
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
      files.push(failedFile(p, code === 'ENOENT' ? 'No such file or folder.' : `Could not read: ${code ?? (e as Error).message}`));
      continue;
    }
    for (const f of list) files.push(estimateFile(f, args.settings, args.maxBytes));
  }
  pairLifecycles(files);
  const report = toJsonReport(files, VERSION);
  if (args.json) out(JSON.stringify(report, null, 2) + '\n');
  else if (args.format === 'markdown' || args.format === 'sarif') out(estimateOutput(files, args.format, { cwd: process.cwd(), version: VERSION, budgetKg: args.budgetKg }));
  else out(textTable(files.filter((f) => f.format !== 'unknown' || f.error)));
  if (unreadable) {
    err('carbon-lens: some paths could not be read (see the report).\n');
    return 2;
  }
  if (args.budgetKg !== undefined && report.totals.co2eKg.mid > args.budgetKg) {
    err(`carbon-lens: budget exceeded: ${formatMass(report.totals.co2eKg.mid)} CO₂e against a budget of ${formatMass(args.budgetKg)}.\n`);
    return 3;
  }
  return 0;
}

// Bundles that include this module for its helpers (dist/action.js) say so, so it does not run as the CLI there.
declare const CARBON_LENS_ENTRY: string | undefined;
if (require.main === module && (typeof CARBON_LENS_ENTRY !== 'string' || CARBON_LENS_ENTRY === 'cli')) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    // Never a stack trace for users: an internal error is reported in one line.
    process.stderr.write(`carbon-lens: internal error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
