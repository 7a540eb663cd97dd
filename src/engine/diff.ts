// Before → after for the runs a change touches: which runs were added, removed or changed, by how
// much, and which inputs moved (with the lines they are on). Pure: the caller estimates each file at
// both revisions (see diffRevisions.ts) and this module pairs and compares them. The JSON shape is a
// contract like `estimate --json`: fields are only ever added.
import type { Estimate, Range3 } from '../core/runSpec';
import type { FileResult } from './fileResult';
import { jsonInputs, type JsonInput } from './jsonReport';
import type { ChangeStatus } from './gitRevisions';

export interface FilePair {
  status: ChangeStatus;
  /** Path at the base revision (absent when added). */
  beforePath?: string;
  /** Path at the head (absent when removed). */
  afterPath?: string;
  before?: FileResult;
  after?: FileResult;
  /** The file is unchanged but reads this changed file (a sweep's per-trial config). */
  via?: string;
}

export interface RunSide {
  phase: Estimate['phase'];
  /** Null when the run cannot be estimated (see `missing`). */
  co2eKg: Range3 | null;
  energyKwh: Range3 | null;
  hours: Range3 | null;
  embodiedKg: number | null;
  missing: string[];
  /** 1-based line where the run is described, when known. */
  line?: number;
}

export interface InputChange {
  field: string;
  /** Null when the input is not there on that side. */
  before: JsonInput | null;
  after: JsonInput | null;
}

export type RunStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface RunDiff {
  name: string;
  status: RunStatus;
  before: RunSide | null;
  after: RunSide | null;
  /** Inputs whose value or origin differ; a value that only moved to another line is not a change. */
  changes: InputChange[];
  /** after − before, mid values; null unless both sides are estimated (added: after; removed: −before). */
  deltaCo2eKg: number | null;
  deltaEnergyKwh: number | null;
}

export interface FileDiff {
  /** Path at the head, or at the base for a removed file. */
  path: string;
  /** Path at the base when the file was renamed. */
  previousPath?: string;
  status: ChangeStatus;
  /** Set when the file itself did not change but reads a file that did (a sweep's per-trial config). */
  via?: string;
  format: string;
  /** Why the head (or, when removed, the base) version could not be estimated. */
  error: string | null;
  errorLine?: number;
  runs: RunDiff[];
}

export interface DiffTotals {
  before: { co2eKg: Range3; energyKwh: Range3; runs: number };
  after: { co2eKg: Range3; energyKwh: Range3; runs: number };
  /** after.mid − before.mid. */
  deltaCo2eKg: number;
  deltaEnergyKwh: number;
  /** Relative change of the mid CO₂e, percent; null when there was nothing before. */
  deltaPct: number | null;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export interface DiffReport {
  tool: 'carbon-lens';
  kind: 'diff';
  version: string;
  /** The revisions compared; `head.rev` null means the working tree. */
  base: { rev: string; commit: string };
  head: { rev: string | null; commit: string | null };
  files: FileDiff[];
  /** Over the changed files only: the files outside the diff are the same on both sides. */
  totals: DiffTotals;
}

/** Same rounding as the estimate report: the numbers are ranges, and stable digits keep diffs readable. */
function r4(n: number): number {
  return n === 0 || !Number.isFinite(n) ? n : +n.toPrecision(4);
}
const range = (x: Range3): Range3 => ({ low: r4(x.low), mid: r4(x.mid), high: r4(x.high) });

function side(e: Estimate): RunSide {
  const known = e.missing.length === 0;
  const line = Object.values(e.inputs).reduce<number | undefined>((min, s) => (s?.range && (min === undefined || s.range.startLine + 1 < min) ? s.range.startLine + 1 : min), undefined);
  return {
    phase: e.phase,
    co2eKg: known ? range(e.co2eKg) : null,
    energyKwh: known ? range(e.energyKwh) : null,
    hours: known ? range(e.hours) : null,
    embodiedKg: known ? r4(e.embodiedKg) : null,
    missing: e.missing,
    ...(line !== undefined ? { line } : {}),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function inputChanges(before: Estimate | undefined, after: Estimate | undefined): InputChange[] {
  const b = before ? jsonInputs(before.inputs) : {};
  const a = after ? jsonInputs(after.inputs) : {};
  const out: InputChange[] = [];
  for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    const x = b[field] ?? null;
    const y = a[field] ?? null;
    if (x && y && same(x.value, y.value) && x.origin === y.origin) continue;
    out.push({ field, before: x, after: y });
  }
  return out;
}

function runDiff(before: Estimate | undefined, after: Estimate | undefined): RunDiff {
  const b = before && side(before);
  const a = after && side(after);
  const changes = inputChanges(before, after);
  const mid = (s: RunSide | undefined, k: 'co2eKg' | 'energyKwh') => (s ? s[k]?.mid ?? null : 0);
  const delta = (k: 'co2eKg' | 'energyKwh') => {
    const x = mid(b, k);
    const y = mid(a, k);
    return x === null || y === null ? null : r4(y - x);
  };
  const status: RunStatus = !before ? 'added' : !after ? 'removed' : changes.length || !same(b, { ...a, line: b?.line }) ? 'changed' : 'unchanged';
  return { name: (after ?? before)!.name, status, before: b ?? null, after: a ?? null, changes, deltaCo2eKg: delta('co2eKg'), deltaEnergyKwh: delta('energyKwh') };
}

/**
 * Pairs the runs of two versions of a file: by name first (a file's run names are what a reader
 * recognises), then what is left in order, phase for phase, so that renaming the only run of a file
 * reads as a change and not as one run removed and another added.
 */
export function pairRuns(before: readonly Estimate[], after: readonly Estimate[]): [Estimate | undefined, Estimate | undefined][] {
  const pairs: [Estimate | undefined, Estimate | undefined][] = [];
  const leftB = [...before];
  const leftA: (Estimate | undefined)[] = [...after];
  for (const b of before) {
    const i = leftA.findIndex((a) => a && a.name === b.name);
    if (i >= 0) {
      pairs.push([b, leftA[i]]);
      leftA[i] = undefined;
      leftB.splice(leftB.indexOf(b), 1);
    }
  }
  const restA = leftA.filter((a): a is Estimate => !!a);
  for (const b of leftB) {
    const i = restA.findIndex((a) => a.phase === b.phase);
    if (i >= 0) pairs.push([b, restA.splice(i, 1)[0]]);
    else pairs.push([b, undefined]);
  }
  for (const a of restA) pairs.push([undefined, a]);
  // Head order, removed runs last: the order a reader of the new file expects.
  const order = (p: [Estimate | undefined, Estimate | undefined]) => (p[1] ? after.indexOf(p[1]) : after.length + before.indexOf(p[0]!));
  return pairs.sort((x, y) => order(x) - order(y));
}

export function fileDiff(pair: FilePair): FileDiff {
  const shown = pair.after ?? pair.before;
  const runs = pairRuns(pair.before?.estimates ?? [], pair.after?.estimates ?? []).map(([b, a]) => runDiff(b, a));
  return {
    path: pair.afterPath ?? pair.beforePath ?? '',
    ...(pair.status === 'renamed' && pair.beforePath ? { previousPath: pair.beforePath } : {}),
    status: pair.status,
    ...(pair.via ? { via: pair.via } : {}),
    format: shown?.format ?? 'unknown',
    error: shown?.error ?? null,
    ...(shown?.errorLine !== undefined ? { errorLine: shown.errorLine + 1 } : {}),
    runs,
  };
}

function sumSides(files: readonly FileDiff[], which: 'before' | 'after') {
  const t = { co2eKg: { low: 0, mid: 0, high: 0 }, energyKwh: { low: 0, mid: 0, high: 0 }, runs: 0 };
  for (const f of files) {
    for (const r of f.runs) {
      const s = r[which];
      if (!s?.co2eKg || !s.energyKwh) continue;
      for (const k of ['low', 'mid', 'high'] as const) {
        t.co2eKg[k] += s.co2eKg[k];
        t.energyKwh[k] += s.energyKwh[k];
      }
      t.runs++;
    }
  }
  return { co2eKg: range(t.co2eKg), energyKwh: range(t.energyKwh), runs: t.runs };
}

export function diffReport(pairs: readonly FilePair[], meta: { version: string; base: DiffReport['base']; head: DiffReport['head'] }): DiffReport {
  // A file with no run on either side and no error is not an ML config: not part of the review.
  const files = pairs.map(fileDiff).filter((f) => f.runs.length || (f.error && f.format !== 'unknown'));
  const before = sumSides(files, 'before');
  const after = sumSides(files, 'after');
  const count = (s: RunStatus) => files.reduce((n, f) => n + f.runs.filter((r) => r.status === s).length, 0);
  const deltaCo2eKg = r4(after.co2eKg.mid - before.co2eKg.mid);
  return {
    tool: 'carbon-lens',
    kind: 'diff',
    version: meta.version,
    base: meta.base,
    head: meta.head,
    files,
    totals: {
      before,
      after,
      deltaCo2eKg,
      deltaEnergyKwh: r4(after.energyKwh.mid - before.energyKwh.mid),
      deltaPct: before.co2eKg.mid > 0 ? r4((deltaCo2eKg / before.co2eKg.mid) * 100) : null,
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      unchanged: count('unchanged'),
    },
  };
}
