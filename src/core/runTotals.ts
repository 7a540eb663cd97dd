// How runs add up to "the workspace costs X": one rule for the editor's workspace report and the
// CLI's folder total, so the two never disagree.
//  - Training (and a sweep of trainings) is paid once; serving is paid every day it runs. A serving
//    estimate covers its horizon (`horizonDays`), so it is scaled to one year and summed apart, never
//    added to one-time training.
//  - A config that a sweep runs per trial (or a launch script runs) is already inside that file's
//    figure: the caller names it `countedIn`, and it is left out of the totals (counted, not added).
//  - A run whose file does not say enough has no figure; it is counted as unknown, not as zero.
import { WORKLOAD_DEFAULTS } from './constants';
import type { Estimate, Range3 } from './runSpec';

export type Cadence = 'one-time' | 'per-year';

export interface Totals {
  co2eKg: Range3;
  energyKwh: Range3;
  embodiedKg: number;
  runs: number;
}

export interface TotalsSplit {
  /** Training, fine-tunes, sweeps: paid once. */
  oneTime: Totals;
  /** Serving, scaled to one year of traffic. */
  perYear: Totals;
  /** Runs listed but not added: a sweep or launch script in the same set already counts them. */
  counted: number;
  /** Runs without a figure (the file does not say enough). */
  unknown: number;
}

/** The run's figures as it is counted: the run itself for training, one year for serving. */
export interface CountedFigures {
  cadence: Cadence;
  /** Absent while the estimate is missing inputs. */
  co2eKg?: Range3;
  energyKwh?: Range3;
  embodiedKg?: number;
}

type RunFigures = Pick<Estimate, 'phase' | 'inputs' | 'missing' | 'co2eKg' | 'energyKwh' | 'embodiedKg'>;

export const emptyTotals = (): Totals => ({ co2eKg: { low: 0, mid: 0, high: 0 }, energyKwh: { low: 0, mid: 0, high: 0 }, embodiedKg: 0, runs: 0 });
export const emptySplit = (): TotalsSplit => ({ oneTime: emptyTotals(), perYear: emptyTotals(), counted: 0, unknown: 0 });

const scale = (r: Range3, k: number): Range3 => ({ low: r.low * k, mid: r.mid * k, high: r.high * k });

/**
 * `e` as one year of it (serving) or as itself (training). `horizonDays` is the setting the estimate
 * was made with, used when the run's own inputs do not say (resolve normally writes it there).
 */
export function countedFigures(e: RunFigures, horizonDays?: number): CountedFigures {
  const inference = e.phase === 'inference';
  const cadence: Cadence = inference ? 'per-year' : 'one-time';
  if (e.missing.length) return { cadence };
  const days = inference ? Number(e.inputs.horizonDays?.value ?? horizonDays ?? WORKLOAD_DEFAULTS.horizonDays) : 365;
  const k = inference && Number.isFinite(days) && days > 0 ? 365 / days : 1;
  return { cadence, co2eKg: scale(e.co2eKg, k), energyKwh: scale(e.energyKwh, k), embodiedKg: e.embodiedKg * k };
}

/** Adds one run to `split` by the rules above; returns the figures it was counted with. */
export function addRun(split: TotalsSplit, e: RunFigures, opts: { countedIn?: string; horizonDays?: number } = {}): CountedFigures {
  const f = countedFigures(e, opts.horizonDays);
  if (!f.co2eKg || !f.energyKwh) {
    split.unknown++;
    return f;
  }
  if (opts.countedIn) {
    split.counted++;
    return f;
  }
  const t = f.cadence === 'per-year' ? split.perYear : split.oneTime;
  for (const k of ['low', 'mid', 'high'] as const) {
    t.co2eKg[k] += f.co2eKg[k];
    t.energyKwh[k] += f.energyKwh[k];
  }
  t.embodiedKg += f.embodiedKg ?? 0;
  t.runs++;
  return f;
}
