// The generation half of RL fine-tuning (GRPO, PPO): the policy samples completions before each update.
// Decoding is memory-bound, so it runs far below training MFU; it is counted per generated token at
// inference cost (the same per-token model as serving, inferenceEnergy.ts), not as 2·N FLOPs at
// training MFU, and added to the training estimate as its own sentence. Prompt prefill is
// compute-bound and stays in the FLOPs (trainingCompute.ts).
import { countsHost, pueAt } from './boundary';
import { WORKLOAD_DEFAULTS } from './constants';
import { add, BUSY_SERVING_SHARE, range, sci, type PhaseEnergy } from './energy';
import { ML_ENERGY, perTokenEnergy } from './inferenceEnergy';
import { hostWatts } from './power';
import type { ResolvedRun } from './resolve';

/** A training estimate with the rollout's generation energy and time added; unchanged without a rollout. */
export function withRollout(r: ResolvedRun, e: PhaseEnergy | undefined): PhaseEnergy | undefined {
  const gen = r.rollout?.generated;
  if (!e || !gen || r.activeParams === undefined) return e;
  // Completions are decoded in batches of the per-device batch on the fewest devices that hold the policy.
  const params = r.params ?? r.activeParams;
  const batch = r.inputs.perDeviceBatch?.value ?? WORKLOAD_DEFAULTS.perDeviceBatch;
  const input = { params, activeParams: r.activeParams, accelerator: r.accelerator, gpus: 1, batch, precision: r.precision, quantBits: r.quantBits };
  const probe = perTokenEnergy(input);
  const t = perTokenEnergy({ ...input, gpus: probe.minGpus });
  const gpuJ = gen * t.outJ;
  const busyW = r.accelerator.tdpW * BUSY_SERVING_SHARE;
  const host = countsHost(r.boundary) ? hostWatts(r.accelerator) : range(0, 0, 0);
  const pue = pueAt(r.boundary, r.pue.value);
  const spread = t.measuredGeneration ? ML_ENERGY.spread : { low: 1 / 2, high: 2 };
  const kwhAt = (f: number, h: number) => (gpuJ * f * (1 + h / busyW) * pue) / 3.6e6;
  const kwh = range(kwhAt(spread.low, host.low), kwhAt(1, host.mid), kwhAt(spread.high, host.high));
  // Wall-clock time the devices spend generating, at a busy decoding draw, shared by all devices.
  const hoursAt = (f: number) => (gpuJ * f) / 3600 / busyW / Math.max(1, r.count);
  const hours = range(hoursAt(spread.low), hoursAt(1), hoursAt(spread.high));
  return {
    ...e,
    hours: add(e.hours, hours),
    energyKwh: add(e.energyKwh, kwh),
    assumptions: [
      ...e.assumptions,
      `Generation: ${sci(gen)} completion tokens × ${t.outJ.toPrecision(3)} J per token (batch ${batch}, ${probe.minGpus} × ${r.accelerator.name}; ${ML_ENERGY.source}, ${ML_ENERGY.year}) = ${kwh.mid.toPrecision(3)} kWh (${kwh.low.toPrecision(2)}–${kwh.high.toPrecision(2)}), added to the update's energy.`,
    ],
  };
}
