// The CLI's `--json` shape: a contract other tools and CI jobs rely on. Add fields freely; never
// rename or remove one.
import { folderTotals, type FolderTotals } from './folderTotals';
import { DEFAULT_BOUNDARY, type Boundary } from '../core/boundary';
import type { Estimate, FieldName, RunInputs } from '../core/runSpec';
import type { MeasuredComparison } from '../core/calibration';
import type { FileResult } from './evaluate';
import { comparisonFor } from './measured';

export interface JsonInput {
  value: unknown;
  origin: string;
  line?: number;
  note?: string;
}

export interface JsonRun {
  name: string;
  phase: Estimate['phase'];
  inputs: Record<string, JsonInput>;
  method: Estimate['method'];
  hours: Estimate['hours'] | null;
  energyKwh: Estimate['energyKwh'] | null;
  co2eKg: Estimate['co2eKg'] | null;
  embodiedKg: number | null;
  /** Where energy and CO₂e are measured: `gpu`, `node` (+ host) or `facility` (+ host, × PUE). */
  boundary: Boundary;
  /** Market-based CO₂e beside the location-based co2eKg, where the provider publishes a CFE share. */
  marketBased?: { co2eKg: Estimate['co2eKg']; cfeFraction: number; basis: string; source: string; year: number };
  breakdown: Estimate['breakdown'];
  missing: string[];
  assumptions: string[];
  warnings: string[];
  suggestions: { kind: string; title: string; co2eKg: number; savingPct: number; explanation: string; caveats: string[]; change?: { field: string; value: unknown } }[];
  /** Training vs serving on one scale (per query, over the horizon, break-even), when computable. */
  lifecycle?: Estimate['lifecycle'];
  /** Only while `missing` is not empty: the whole time limit's cost, a ceiling and never an estimate. */
  ceiling?: { hours: number; energyKwh: number; co2eKg: number };
  /** Where the dataset size behind a FLOPs estimate came from (`default`/`setting`: dataset size assumed). */
  dataset?: Estimate['dataset'];
  /** A finished run's record found beside the config, against this estimate. */
  measured?: MeasuredComparison;
}

export interface JsonReport {
  tool: 'carbon-lens';
  version: string;
  /**
   * `syntaxError` names the syntax (YAML, JSON) when the file did not parse: `error` is then the
   * parser's message and `runs` is empty. `partial`: a multi-document file read only in part.
   */
  /** The measurement boundary every figure in the report is at (one per invocation: `--boundary`). */
  boundary: Boundary;
  files: { path: string; format: string; error: string | null; errorLine?: number; syntaxError?: 'YAML' | 'JSON'; partial?: { read: number; total: number }; runs: JsonRun[] }[];
  /**
   * `co2eKg`…`runs`: every estimated run summed, as before. The split beside it follows the workspace
   * report's rule (src/core/runTotals.ts): `oneTime` (training, sweeps) and `perYear` (serving, one
   * year of traffic) apart, and `notAdded` the runs a sweep or launch script in the report already counts.
   */
  totals: {
    co2eKg: Estimate['co2eKg']; energyKwh: Estimate['energyKwh']; embodiedKg: number; runs: number;
    oneTime: JsonTotals; perYear: JsonTotals;
    notAdded: { path: string; run: string; countedIn: string }[];
    unknown: number;
  };
}

export interface JsonTotals { co2eKg: Estimate['co2eKg']; energyKwh: Estimate['energyKwh']; embodiedKg: number; runs: number }

/** Rounds to 4 significant digits: the estimates are ranges, and stable output makes diffs readable. */
function r4(n: number): number {
  return n === 0 || !Number.isFinite(n) ? n : +n.toPrecision(4);
}
const range = (x: Estimate['co2eKg']) => ({ low: r4(x.low), mid: r4(x.mid), high: r4(x.high) });

export function jsonInputs(inputs: RunInputs): Record<string, JsonInput> {
  const out: Record<string, JsonInput> = {};
  for (const [field, s] of Object.entries(inputs) as [FieldName, NonNullable<RunInputs[FieldName]>][]) {
    const v: JsonInput = { value: typeof s.value === 'number' ? r4(s.value) : s.value, origin: s.origin };
    if (s.range) v.line = s.range.startLine + 1;
    if (s.note) v.note = s.note;
    out[field] = v;
  }
  return out;
}

export function jsonRun(e: Estimate): JsonRun {
  const known = e.missing.length === 0;
  return {
    name: e.name,
    phase: e.phase,
    inputs: jsonInputs(e.inputs),
    method: e.method,
    hours: known ? range(e.hours) : null,
    energyKwh: known ? range(e.energyKwh) : null,
    co2eKg: known ? range(e.co2eKg) : null,
    embodiedKg: known ? r4(e.embodiedKg) : null,
    boundary: e.boundary,
    ...(known && e.marketBased ? { marketBased: { ...e.marketBased, co2eKg: range(e.marketBased.co2eKg), cfeFraction: r4(e.marketBased.cfeFraction) } } : {}),
    breakdown: e.breakdown.map((b) => ({ ...b, energyKwh: range(b.energyKwh), co2eKg: range(b.co2eKg) })),
    missing: e.missing,
    assumptions: e.assumptions,
    warnings: e.warnings,
    suggestions: e.suggestions.map((s) => ({ ...s, co2eKg: r4(s.co2eKg) })),
    ...(e.lifecycle ? { lifecycle: roundDeep(e.lifecycle) } : {}),
    ...(!known && e.ceiling ? { ceiling: { hours: r4(e.ceiling.hours), energyKwh: r4(e.ceiling.energyKwh), co2eKg: r4(e.ceiling.co2eKg) } } : {}),
    ...(e.dataset ? { dataset: e.dataset } : {}),
  };
}


/** Every number in a plain object rounded by r4 (for records whose fields are all measurements). */
function roundDeep<T>(x: T): T {
  if (typeof x === 'number') return r4(x) as T;
  if (Array.isArray(x)) return x.map(roundDeep) as T;
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, roundDeep(v)])) as T;
  return x;
}

function jsonRuns(f: FileResult): JsonRun[] {
  const runs = f.estimates.map(jsonRun);
  const m = comparisonFor(f, f.measured);
  if (m) runs[m.run].measured = roundDeep(m.comparison);
  return runs;
}

const jsonTotals = (t: JsonTotals): JsonTotals => ({ co2eKg: range(t.co2eKg), energyKwh: range(t.energyKwh), embodiedKg: r4(t.embodiedKg), runs: t.runs });

/**
 * `horizonDays`: the setting serving runs were estimated with (to scale them to one year). `split`: the
 * caller's `folderTotals(files, horizonDays)` when it already has them (the CLI's budget check reads them too).
 */
export function toJsonReport(files: FileResult[], version: string, boundary?: Boundary, horizonDays?: number, split: FolderTotals = folderTotals(files, horizonDays)): JsonReport {
  const totals = { co2eKg: { low: 0, mid: 0, high: 0 }, energyKwh: { low: 0, mid: 0, high: 0 }, embodiedKg: 0, runs: 0 };
  for (const f of files) {
    for (const e of f.estimates) {
      if (e.missing.length) continue;
      for (const k of ['low', 'mid', 'high'] as const) {
        totals.co2eKg[k] += e.co2eKg[k];
        totals.energyKwh[k] += e.energyKwh[k];
      }
      totals.embodiedKg += e.embodiedKg;
      totals.runs++;
    }
  }
  const first = files.flatMap((f) => f.estimates)[0];
  return {
    tool: 'carbon-lens',
    version,
    boundary: boundary ?? first?.boundary ?? DEFAULT_BOUNDARY,
    files: files.map((f) => ({
      path: f.path,
      format: f.format,
      error: f.error,
      ...(f.errorLine !== undefined ? { errorLine: f.errorLine + 1 } : {}),
      ...(f.analysis?.syntaxError ? { syntaxError: f.analysis.syntaxError } : {}),
      ...(f.analysis?.partial ? { partial: { ...f.analysis.partial } } : {}),
      runs: jsonRuns(f),
    })),
    totals: {
      co2eKg: range(totals.co2eKg), energyKwh: range(totals.energyKwh), embodiedKg: r4(totals.embodiedKg), runs: totals.runs,
      oneTime: jsonTotals(split.oneTime), perYear: jsonTotals(split.perYear), notAdded: split.countedRuns, unknown: split.unknown,
    },
  };
}
