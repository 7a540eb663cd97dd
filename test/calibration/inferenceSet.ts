// Scores the per-token inference model against the ML.ENERGY v3 measurements in
// test/fixtures/calibration/ml-energy-v3.json (GPU boundary). Shared by `npm run calibrate` and the
// calibration test, so the figures in the README come from one place.
import { findAccelerator } from '../../src/core/catalog';
import { ML_ENERGY, perTokenEnergy } from '../../src/core/inferenceEnergy';
import type { Precision } from '../../src/core/runSpec';
import data from '../fixtures/calibration/ml-energy-v3.json';
import { summarise, type Scored, type Summary } from './stats';

export interface InferenceRow {
  model: string; paramsB: number; activeB: number; accelerator: string; gpus: number; precision: string;
  maxNumSeqs: number; jPerOutputToken: number; split: 'fit' | 'heldout';
}

export function scoreInference(rows: InferenceRow[] = data.rows as InferenceRow[]): Scored[] {
  return rows.map((r) => {
    const acc = findAccelerator(r.accelerator);
    if (!acc) throw new Error(`unknown accelerator ${r.accelerator}`);
    const e = perTokenEnergy({ params: r.paramsB * 1e9, activeParams: r.activeB * 1e9, accelerator: acc, gpus: r.gpus, batch: r.maxNumSeqs, precision: r.precision as Precision });
    const mid = e.outJ;
    return { name: `${r.model} ${r.gpus}×${acc.name} batch ${r.maxNumSeqs}`, split: r.split, published: r.jPerOutputToken, low: mid * ML_ENERGY.spread.low, mid, high: mid * ML_ENERGY.spread.high };
  });
}

export function inferenceSummary(split?: 'fit' | 'heldout'): Summary {
  return summarise(scoreInference().filter((s) => !split || s.split === split));
}
