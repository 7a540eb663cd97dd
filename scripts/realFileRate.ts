// `npm run realfiles -- /work/realfiles [--json] [--held-out]`: how often Carbon Lens puts a number on
// run files taken from public repositories, and how near it is where the repository states the runtime.
// The files themselves are other people's and are never committed; test/realfiles/*.json says where each
// one is (/work/realfiles/<owner>__<name>/<path>) and what its repository states. Each file goes
// through the CLI's own path (estimateFile: reader, references, worker, estimator) with its repository
// folder as the workspace root, as a user who opened the repository would see it.
import * as fs from 'fs';
import * as path from 'path';
import { estimateFile } from '../src/cli';
import { normalizeSettings } from '../src/core/settings';
import { formatHours } from '../src/core/format';
import type { FileResult } from '../src/engine/fileResult';

interface Stated {
  hours: number;
  gpus?: number;
  gpu?: string;
  where: string;
}

interface ManifestRow {
  kind: string;
  repo: string;
  commit: string | null;
  path: string;
  companions?: string[];
  stated: Stated | null;
  heldOut?: boolean;
  note?: string;
}

type Outcome = 'number' | 'ceiling' | 'none' | 'missing-file';

interface RowResult {
  manifest: string;
  kind: string;
  repo: string;
  path: string;
  heldOut: boolean;
  outcome: Outcome;
  format?: string;
  /** One run's wall-clock hours (mid) and accelerators, when there is a number. */
  hours?: number;
  count?: number;
  hardware?: string;
  /** The file (or its flags) names the hardware: not taken from the settings' defaults. */
  hardwareStated?: boolean;
  /** A time limit the estimate is bounded by (ceiling-only rows have only this). */
  maxHours?: number;
  /** Why there is no number: the estimator's `missing`, or the reader's error. */
  missing?: string[];
  stated?: Stated;
  /** estimated / stated hours. */
  ratio?: number;
  near?: boolean;
}

const ROOT = path.resolve(__dirname, '..');
const MANIFESTS = path.join(ROOT, 'test', 'realfiles');
const settings = normalizeSettings({ includeEmbodied: true });

function classify(result: FileResult): Pick<RowResult, 'outcome' | 'format' | 'hours' | 'count' | 'hardware' | 'hardwareStated' | 'maxHours' | 'missing'> {
  const format = result.format;
  const estimates = result.estimates ?? [];
  const withNumber = estimates.find((e) => e.missing.length === 0 && e.energyKwh.mid > 0);
  if (withNumber) {
    return {
      outcome: 'number', format, hours: withNumber.hours.mid,
      count: withNumber.inputs.count?.value as number | undefined,
      hardware: withNumber.inputs.hardware?.value as string | undefined,
      hardwareStated: withNumber.inputs.hardware !== undefined && withNumber.inputs.hardware.origin !== 'default',
      maxHours: withNumber.inputs.maxHours?.value as number | undefined,
    };
  }
  const missing = [...new Set(estimates.flatMap((e) => e.missing))];
  if (result.error) missing.unshift(`error: ${result.error}`);
  if (!estimates.length) missing.push(`no run read (format ${format})`);
  // A ceiling counts only where the surfaces show one (Estimate.ceiling: a time limit and a stated GPU count).
  const bounded = estimates.find((e) => e.ceiling !== undefined);
  if (bounded) return { outcome: 'ceiling', format, maxHours: bounded.ceiling!.hours, missing };
  return { outcome: 'none', format, missing };
}

function measure(base: string, manifestFilter: (r: ManifestRow) => boolean): RowResult[] {
  const out: RowResult[] = [];
  const manifests = fs.existsSync(MANIFESTS) ? fs.readdirSync(MANIFESTS).filter((f) => f.endsWith('.json')).sort() : [];
  for (const m of manifests) {
    const rows = (JSON.parse(fs.readFileSync(path.join(MANIFESTS, m), 'utf8')) as { files: ManifestRow[] }).files;
    for (const row of rows.filter(manifestFilter)) {
      const repoDir = path.join(base, row.repo.replace('/', '__'));
      const file = path.join(repoDir, row.path);
      const common = { manifest: m, kind: row.kind, repo: row.repo, path: row.path, heldOut: row.heldOut === true, stated: row.stated ?? undefined };
      if (!fs.existsSync(file)) {
        out.push({ ...common, outcome: 'missing-file' });
        continue;
      }
      const result = estimateFile(file, settings, 20 * 1024 * 1024, { roots: [fs.realpathSync(repoDir)], workspaceRoot: repoDir, timeoutS: 10 });
      const c = classify(result);
      const r: RowResult = { ...common, ...c };
      if (row.stated && c.outcome === 'number' && c.hours !== undefined && row.stated.hours > 0) {
        // The stated time is for the hardware the repository ran on (detectron2's model zoo: 8 × V100).
        // When the file does not name its hardware, compare on that hardware, as a user who sets it
        // would see (the rate above stays on the plain defaults a new user gets).
        let hours = c.hours;
        if (row.stated.gpu && !c.hardwareStated) {
          const onStated = estimateFile(file, normalizeSettings({ includeEmbodied: true, defaultHardware: row.stated.gpu, defaultCount: row.stated.gpus }), 20 * 1024 * 1024, { roots: [fs.realpathSync(repoDir)], workspaceRoot: repoDir, timeoutS: 10 });
          const s2 = classify(onStated);
          if (s2.hours !== undefined) Object.assign(r, { hours: s2.hours, count: s2.count, hardware: s2.hardware });
          hours = s2.hours ?? hours;
        }
        r.ratio = hours / row.stated.hours;
        r.near = r.ratio >= 0.5 && r.ratio <= 2;
      }
      out.push(r);
    }
  }
  return out;
}

interface Tally {
  files: number;
  number: number;
  ceiling: number;
  none: number;
  missingFile: number;
  stated: number;
  statedWithNumber: number;
  near: number;
}

function tally(rows: RowResult[]): Tally {
  const t: Tally = { files: 0, number: 0, ceiling: 0, none: 0, missingFile: 0, stated: 0, statedWithNumber: 0, near: 0 };
  for (const r of rows) {
    if (r.outcome === 'missing-file') {
      t.missingFile++;
      continue;
    }
    t.files++;
    if (r.outcome === 'number') t.number++;
    else if (r.outcome === 'ceiling') t.ceiling++;
    else t.none++;
    if (r.stated) {
      t.stated++;
      if (r.ratio !== undefined) t.statedWithNumber++;
      if (r.near) t.near++;
    }
  }
  return t;
}

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)} %` : '—');

function tallyLine(label: string, t: Tally): string {
  return `${label.padEnd(18)} ${String(t.files).padStart(5)} ${`${t.number} (${pct(t.number, t.files)})`.padStart(11)} ${String(t.ceiling).padStart(8)} ${String(t.none).padStart(5)}   ${t.stated ? `${t.near}/${t.stated} near (${pct(t.near, t.stated)}), ${t.statedWithNumber} with a number` : ''}${t.missingFile ? `   [${t.missingFile} not on disk]` : ''}`;
}

function report(rows: RowResult[]): string {
  const lines: string[] = [];
  lines.push(`${'kind'.padEnd(18)} ${'files'.padStart(5)} ${'number'.padStart(11)} ${'ceiling'.padStart(8)} ${'none'.padStart(5)}   stated runtime`);
  const kinds = [...new Set(rows.map((r) => r.kind))].sort();
  for (const k of kinds) lines.push(tallyLine(k, tally(rows.filter((r) => r.kind === k))));
  lines.push(tallyLine('ALL', tally(rows)));
  lines.push(tallyLine('held-out only', tally(rows.filter((r) => r.heldOut))));
  lines.push(tallyLine('tuned-on only', tally(rows.filter((r) => !r.heldOut))));
  lines.push('');
  lines.push('Stated runtimes (estimated vs stated hours of one run):');
  for (const r of rows.filter((x) => x.stated)) {
    const est = r.hours !== undefined ? `${r.hours.toPrecision(3)} h on ${r.count ?? '?'}× ${r.hardware ?? '?'}` : r.outcome;
    lines.push(`  ${r.near ? 'near ' : r.ratio !== undefined ? 'far  ' : '—    '}${r.repo}/${r.path}${r.heldOut ? ' [held out]' : ''}: ${est} vs ${r.stated!.hours} h on ${r.stated!.gpus ?? '?'}× ${r.stated!.gpu ?? '?'}${r.ratio !== undefined ? ` (×${r.ratio.toFixed(2)})` : ''}`);
  }
  lines.push('');
  lines.push('Without a number:');
  for (const r of rows.filter((x) => x.outcome !== 'number')) {
    const why = r.outcome === 'missing-file' ? 'file not on disk' : `${r.outcome === 'ceiling' ? `ceiling only (at most ${r.maxHours === undefined ? "?" : formatHours(r.maxHours)}); ` : ''}${(r.missing ?? []).join('; ')}`;
    lines.push(`  ${r.repo}/${r.path}${r.heldOut ? ' [held out]' : ''} (${r.format ?? '?'}): ${why}`);
  }
  return lines.join('\n') + '\n';
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const heldOutOnly = argv.includes('--held-out');
  const base = argv.find((a) => !a.startsWith('--')) ?? '/work/realfiles';
  if (!fs.existsSync(base)) {
    process.stderr.write(`realfiles: ${base} does not exist (the files are fetched there, never committed).\n`);
    return 2;
  }
  const rows = measure(path.resolve(base), (r) => !heldOutOnly || r.heldOut === true);
  if (json) process.stdout.write(JSON.stringify({ all: tally(rows), heldOut: tally(rows.filter((r) => r.heldOut)), rows }, null, 2) + '\n');
  else process.stdout.write(report(rows));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
// The CLI's engine keeps a worker thread; the measurement is done.
process.exit();
