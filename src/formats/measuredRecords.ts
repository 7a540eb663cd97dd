// Records a finished run leaves next to its config: CodeCarbon's `emissions.csv` (energy and CO₂e
// measured by CodeCarbon) and the Hugging Face Trainer's `trainer_state.json` / `train_results.json`
// / `all_results.json` (wall-clock runtime). They let the editor show measured beside estimated.
// Pure: the caller reads the files; this only names where to look and parses what it is given.

import type { MeasuredRecord } from '../core/calibration';
import { checkReference } from '../engine/referencePolicy';

export type { MeasuredRecord };

export const RECORD_FILE_NAMES = ['emissions.csv', 'trainer_state.json', 'train_results.json', 'all_results.json'] as const;

/** Largest record file read: CodeCarbon appends a row per run, so a long-lived file can grow. */
export const MAX_RECORD_BYTES = 5 * 1024 * 1024;

/** Longer than any output folder a config names; a longer "path" is not followed. */
const MAX_OUTPUT_DIR = 1024;

/**
 * `a/b///` → `a/b`, by a loop: `/[\\/]+$/` restarted at every separator of a long run and was
 * quadratic (100 KB of `/` took 7 s, audit 2026-12 M1).
 */
function trimTrailingSeparators(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '/' || s[end - 1] === '\\')) end--;
  return s.slice(0, end);
}

/**
 * Relative paths (from the config's folder) where a run's records may be: beside the config, and in
 * the `output_dir` the config names (HF Trainer, Axolotl, LLaMA-Factory spell it the same way).
 */
export function recordCandidates(configText: string): string[] {
  const dirs = ['.'];
  const m = /^[ \t]*["']?output_dir["']?\s*[:=]\s*["']?([^"'\s,#}]+)/m.exec(configText.slice(0, 200_000));
  const out = m?.[1];
  // The same rule as every other reference (engine/referencePolicy): no absolute, `..`, drive or
  // UNC path (`\\host\share` would send the user's Windows credentials to that host), no URL; and no
  // path too long to be a folder name (its trim would be work for nothing).
  const checked = out && out.length <= MAX_OUTPUT_DIR && !out.includes('${') ? checkReference(out) : undefined;
  if (checked?.ok) dirs.push(trimTrailingSeparators(checked.path));
  const paths: string[] = [];
  for (const d of dirs) for (const f of RECORD_FILE_NAMES) paths.push(d === '.' ? f : `${d}/${f}`);
  return paths;
}

/** One CSV line split into fields (RFC 4180 quoting: "a,b" and "" inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const positive = (s: string | undefined): number | undefined => {
  const n = s === undefined || s.trim() === '' ? NaN : Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The last run recorded in a CodeCarbon `emissions.csv`; undefined when it is not one. */
export function parseCodeCarbonCsv(text: string, file = 'emissions.csv'): MeasuredRecord | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return undefined;
  const header = splitCsvLine(lines[0]).map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  if (col('emissions') < 0 || col('duration') < 0 || col('energy_consumed') < 0) return undefined;
  const row = splitCsvLine(lines[lines.length - 1]);
  const get = (name: string) => (col(name) >= 0 ? row[col(name)] : undefined);
  const rec: MeasuredRecord = { file, tool: 'codecarbon', rows: lines.length - 1 };
  const set = <K extends keyof MeasuredRecord>(k: K, v: MeasuredRecord[K] | undefined) => {
    if (v !== undefined && v !== '') rec[k] = v;
  };
  set('seconds', positive(get('duration')));
  set('co2eKg', positive(get('emissions')));
  set('energyKwh', positive(get('energy_consumed')));
  set('gpuEnergyKwh', positive(get('gpu_energy')));
  set('gpuCount', positive(get('gpu_count')));
  set('gpuModel', get('gpu_model')?.trim().slice(0, 200));
  const place = [get('cloud_provider'), get('cloud_region')].filter((s) => s && s.trim()).join(':') || get('country_name')?.trim();
  set('location', place?.slice(0, 200));
  set('timestamp', get('timestamp')?.trim().slice(0, 40));
  return rec.seconds || rec.co2eKg || rec.energyKwh ? rec : undefined;
}

/** Runtime (and counted FLOPs) from a Trainer state or results file; undefined when it has none. */
export function parseTrainerRecord(text: string, file: string): MeasuredRecord | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const o = root as Record<string, unknown>;
  let runtime = o.train_runtime;
  let flops = o.total_flos;
  if (Array.isArray(o.log_history)) {
    for (let i = o.log_history.length - 1; i >= 0 && runtime === undefined; i--) {
      const h = o.log_history[i] as Record<string, unknown> | null;
      if (h && typeof h === 'object' && h.train_runtime !== undefined) {
        runtime = h.train_runtime;
        flops = flops ?? h.total_flos;
      }
    }
  }
  const seconds = typeof runtime === 'number' && runtime > 0 && Number.isFinite(runtime) ? runtime : undefined;
  if (seconds === undefined) return undefined;
  const rec: MeasuredRecord = { file, tool: 'hf-trainer', seconds };
  if (typeof flops === 'number' && flops > 0 && Number.isFinite(flops)) rec.flops = flops;
  return rec;
}

/** Parses a record by its file name. */
export function parseRecord(path: string, text: string): MeasuredRecord | undefined {
  const file = path.split(/[\\/]/).pop() ?? path;
  if (text.length > MAX_RECORD_BYTES) return undefined;
  return /\.csv$/i.test(file) ? parseCodeCarbonCsv(text, path) : parseTrainerRecord(text, path);
}

/**
 * Merges the records found for one config: CodeCarbon's energy and CO₂e, with the Trainer's runtime
 * and FLOPs where CodeCarbon has none. The first record of each tool wins (the list is in the order
 * of `recordCandidates`: beside the config before `output_dir`).
 */
export function mergeRecords(records: readonly MeasuredRecord[]): MeasuredRecord | undefined {
  const cc = records.find((r) => r.tool === 'codecarbon');
  const hf = records.find((r) => r.tool === 'hf-trainer');
  if (!cc) return hf;
  if (!hf) return cc;
  return { ...cc, file: `${cc.file} + ${hf.file}`, seconds: cc.seconds ?? hf.seconds, flops: hf.flops };
}
