// The generation half of RL fine-tuning (GRPO, PPO): the policy samples completions before each update.
// Decoding is memory-bound, so it runs far below training MFU; it is counted per generated token at
// inference cost (the per-token fit energy.ts uses for serving), not as 2·N FLOPs at training MFU, and
// added to the training estimate as its own sentence. Prompt prefill is compute-bound and stays in
// the FLOPs (trainingCompute.ts).
import { ECOLOGITS_FIT, HOST_WATTS_PER_ACCELERATOR, PER_TOKEN_SPREAD, TRAINING_POWER_SHARE, WORKLOAD_DEFAULTS } from './constants';
import { add, devicePower, range, sci, whPerTokenPerGpu, type PhaseEnergy } from './energy';
import type { ResolvedRun } from './resolve';

/** A training estimate with the rollout's generation energy and time added; unchanged without a rollout. */
export function withRollout(r: ResolvedRun, e: PhaseEnergy | undefined): PhaseEnergy | undefined {
  const gen = r.rollout?.generated;
  if (!e || !gen || r.activeParams === undefined) return e;
  // Each device decodes its own share of the completions, batched by its per-device batch (the fit is
  // clamped at its largest measured batch).
  const batch = Math.min(ECOLOGITS_FIT.batch, r.inputs.perDeviceBatch?.value ?? WORKLOAD_DEFAULTS.perDeviceBatch);
  const wh = whPerTokenPerGpu(r.activeParams, batch);
  const hostFactor = 1 + HOST_WATTS_PER_ACCELERATOR.mid / r.accelerator.tdpW;
  const mid = (gen * wh * hostFactor * r.pue.value) / 1000;
  const kwh = range(mid * PER_TOKEN_SPREAD.low, mid, mid * PER_TOKEN_SPREAD.high);
  // Time the devices spend generating, at training draw: the high-energy bound is also the longest.
  const w = devicePower(r, TRAINING_POWER_SHARE);
  const hoursAt = (k: number, watts: number) => (k * 1000) / (watts * r.pue.value * r.count);
  const hours = range(hoursAt(kwh.low, w.high), hoursAt(kwh.mid, w.mid), hoursAt(kwh.high, w.low));
  return {
    ...e,
    hours: add(e.hours, hours),
    energyKwh: add(e.energyKwh, kwh),
    assumptions: [
      ...e.assumptions,
      `Generation: ${sci(gen)} completion tokens × ${(wh * 1000).toPrecision(3)} mWh per token (batch ${batch}; ${ECOLOGITS_FIT.source}, ${ECOLOGITS_FIT.year}) + host, × PUE ${r.pue.value} = ${mid.toPrecision(3)} kWh (×${PER_TOKEN_SPREAD.low}–×${PER_TOKEN_SPREAD.high}), added to the update's energy.`,
    ],
  };
}
