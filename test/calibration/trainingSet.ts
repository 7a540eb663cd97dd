// Scores the training estimate (FLOPs path and stated-time path) against published energy in
// test/fixtures/calibration/published-training.json, at the boundary each publication measured.
import { estimateRun } from '../../src/core/estimate';
import type { Boundary } from '../../src/core/boundary';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import data from '../fixtures/calibration/published-training.json';
import { summarise, type Scored, type Summary } from './stats';

export interface PublishedRun {
  name: string;
  split: 'fit' | 'heldout';
  source: string;
  publishedKwh: number;
  boundary: Boundary;
  /** The publication multiplied GPU energy by this PUE (LLaMA). */
  publishedPue?: number;
  basis: 'measured' | 'tdp';
  inputs: { hardware: string; count: number; params: number; activeParams?: number; tokens?: number; pue?: number; hours?: number; model?: string };
}

export const PUBLISHED_RUNS = data.runs as PublishedRun[];

function specOf(run: PublishedRun, path: 'flops' | 'time'): RunSpec {
  const i = run.inputs;
  const f = <T>(value: T) => ({ value, origin: 'file' as const });
  const inputs: RunInputs = { hardware: f(i.hardware), count: f(i.count), params: f(i.params), precision: f(i.hardware.includes('v100') ? 'fp16' : 'bf16') };
  if (i.model) inputs.model = f(i.model);
  if (i.activeParams) inputs.activeParams = f(i.activeParams);
  if (i.pue) inputs.pue = f(i.pue);
  if (path === 'flops') inputs.tokens = f(i.tokens!);
  else inputs.hours = f(i.hours!);
  // TDP-based publications: reproduce their power assumption, so the FLOPs → hours step is what is tested.
  if (run.basis === 'tdp') inputs.utilization = f(1);
  inputs.intensity = f(400);
  return { name: run.name, phase: 'training', format: 'carbon-lens', inputs, notes: [], warnings: [] };
}

export function scoreTraining(path: 'flops' | 'time', runs: PublishedRun[] = PUBLISHED_RUNS): Scored[] {
  return runs
    .filter((r) => (path === 'flops' ? r.inputs.tokens !== undefined : r.inputs.hours !== undefined))
    .map((run) => {
      const e = estimateRun(specOf(run, path), { includeEmbodied: false, boundary: run.boundary }, { withSuggestions: false });
      const k = run.publishedPue ?? 1;
      return { name: run.name, split: run.split, published: run.publishedKwh, low: e.energyKwh.low * k, mid: e.energyKwh.mid * k, high: e.energyKwh.high * k };
    });
}

export function trainingSummary(path: 'flops' | 'time', filter: (r: PublishedRun) => boolean = () => true): Summary {
  const keep = new Set(PUBLISHED_RUNS.filter(filter).map((r) => r.name));
  return summarise(scoreTraining(path).filter((s) => keep.has(s.name)));
}
