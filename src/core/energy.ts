// The formulas. Each takes a resolved run and returns one trial's device-hours and energy as ranges;
// estimate.ts multiplies by trials and converts to CO₂e. Pure arithmetic, unit-tested by hand.
import {
  ECOLOGITS_FIT, FINETUNE_MFU, HOST_WATTS_PER_ACCELERATOR, PER_TOKEN_SPREAD,
  SERVING_POWER_SHARE, TRAINING_MFU, TRAINING_POWER_SHARE, WORKLOAD_DEFAULTS,
} from './constants';
import type { ResolvedRun } from './resolve';
import { trainingCompute } from './trainingCompute';
import type { Range3 } from './runSpec';

export interface PhaseEnergy {
  method: 'time' | 'flops' | 'capacity' | 'per-token';
  /** Wall-clock hours of one trial. */
  hours: Range3;
  /** Energy at the meter (incl. PUE) of one trial, kWh. */
  energyKwh: Range3;
  assumptions: string[];
}

export const range = (low: number, mid: number, high: number): Range3 => ({ low, mid, high });
export const scale = (r: Range3, k: number): Range3 => ({ low: r.low * k, mid: r.mid * k, high: r.high * k });
export const add = (a: Range3, b: Range3): Range3 => ({ low: a.low + b.low, mid: a.mid + b.mid, high: a.high + b.high });
export const ZERO: Range3 = { low: 0, mid: 0, high: 0 };

/** Power of one device plus its share of the host, watts, for the low/mid/high bounds. */
export function devicePower(r: ResolvedRun, share: Range3): Range3 {
  const tdp = r.accelerator.tdpW;
  const u = r.inputs.utilization?.value;
  const s = u !== undefined ? range(u, u, u) : share;
  const h = HOST_WATTS_PER_ACCELERATOR;
  return range(tdp * s.low + h.low, tdp * s.mid + h.mid, tdp * s.high + h.high);
}

/** kWh = devices × hours × watts × PUE / 1000, bound by bound. */
function meterKwh(count: number, hours: Range3, watts: Range3, pue: number): Range3 {
  const k = (count * pue) / 1000;
  return range(hours.low * watts.low * k, hours.mid * watts.mid * k, hours.high * watts.high * k);
}

/** Training with a stated wall-clock time. */
export function trainingByTime(r: ResolvedRun, hours: number): PhaseEnergy {
  const h = range(hours, hours, hours);
  return {
    method: 'time',
    hours: h,
    energyKwh: meterKwh(r.count, h, devicePower(r, TRAINING_POWER_SHARE), r.pue.value),
    assumptions: [
      `Energy = ${r.count} × ${r.accelerator.name} (${r.accelerator.tdpW} W TDP at ${pct(TRAINING_POWER_SHARE.low)}–${pct(TRAINING_POWER_SHARE.high)} draw, ${TRAINING_POWER_SHARE.source}) + host ${HOST_WATTS_PER_ACCELERATOR.low}–${HOST_WATTS_PER_ACCELERATOR.high} W each, × ${hours} h × PUE ${r.pue.value}.`,
    ],
  };
}

/** MFU band for this run: adapter fine-tuning runs lower than large pre-training. */
export function mfuBand(r: ResolvedRun): { best: number; typical: number; worst: number; source: string } {
  const m = r.inputs.mfu?.value;
  if (m !== undefined) return { best: Math.min(1, m * 1.2), typical: m, worst: m * 0.8, source: 'stated MFU ± 20 %' };
  return r.adapter ? FINETUNE_MFU : TRAINING_MFU;
}

/** Training FLOPs of one trial: k · N · D, by training method (trainingCompute.ts). */
export function trainingFlops(r: ResolvedRun): number | undefined {
  return trainingCompute(r)?.flops;
}

/** Training without a stated time: duration from FLOPs, peak throughput and MFU. */
export function trainingByFlops(r: ResolvedRun): PhaseEnergy | undefined {
  const compute = trainingCompute(r);
  if (compute === undefined) return undefined;
  const flops = compute.flops;
  const mfu = mfuBand(r);
  const perSecond = r.count * r.peakTflops * 1e12;
  const hoursAt = (m: number) => flops / (perSecond * m) / 3600;
  // Best MFU gives the shortest run, so the low-energy bound.
  const hours = range(hoursAt(mfu.best), hoursAt(mfu.typical), hoursAt(mfu.worst));
  return {
    method: 'flops',
    hours,
    energyKwh: meterKwh(r.count, hours, devicePower(r, TRAINING_POWER_SHARE), r.pue.value),
    assumptions: [
      compute.assumption,
      `Time = FLOPs / (${r.count} × ${r.peakTflops} TFLOP/s × MFU ${pct(mfu.worst)}–${pct(mfu.best)}; ${mfu.source}).`,
      `Power: ${r.accelerator.tdpW} W TDP at ${pct(TRAINING_POWER_SHARE.low)}–${pct(TRAINING_POWER_SHARE.high)} draw + host ${HOST_WATTS_PER_ACCELERATOR.low}–${HOST_WATTS_PER_ACCELERATOR.high} W per device, × PUE ${r.pue.value}.`,
    ],
  };
}

export interface Traffic {
  queriesPerDay?: number;
  tokensPerQuery: number;
  horizonDays: number;
}

/** Energy of an always-on deployment over the horizon: devices × 24 h × days × serving draw. */
export function inferenceByCapacity(r: ResolvedRun, t: Traffic): PhaseEnergy {
  const hoursPerDay = r.inputs.hours?.value ?? 24;
  const hours = hoursPerDay * t.horizonDays;
  const h = range(hours, hours, hours);
  return {
    method: 'capacity',
    hours: h,
    energyKwh: meterKwh(r.count, h, devicePower(r, SERVING_POWER_SHARE), r.pue.value),
    assumptions: [
      `Deployment: ${r.count} × ${r.accelerator.name} running ${hoursPerDay} h/day for ${t.horizonDays} days at ${pct(SERVING_POWER_SHARE.low)}–${pct(SERVING_POWER_SHARE.high)} of TDP (${SERVING_POWER_SHARE.source}) + host, × PUE ${r.pue.value}.`,
    ],
  };
}

/** Wh per generated token on one GPU, EcoLogits' fit (P in billions of active parameters). */
export function whPerTokenPerGpu(activeParams: number, batch: number = ECOLOGITS_FIT.batch): number {
  const p = activeParams / 1e9;
  return ECOLOGITS_FIT.alpha * Math.exp(ECOLOGITS_FIT.beta * batch) * p + ECOLOGITS_FIT.gamma;
}

/** Energy of the traffic itself: tokens served × energy per token (memory-bound decode fit). */
export function inferenceByTokens(r: ResolvedRun, t: Traffic): PhaseEnergy | undefined {
  if (!t.queriesPerDay || r.activeParams === undefined) return undefined;
  const tokens = t.queriesPerDay * t.tokensPerQuery * t.horizonDays;
  const replicas = r.inputs.replicas?.value ?? WORKLOAD_DEFAULTS.replicas;
  const gpusPerReplica = Math.max(1, Math.round(r.count / replicas));
  const batch = r.inputs.maxBatch?.value ?? ECOLOGITS_FIT.batch;
  const whGpu = whPerTokenPerGpu(r.activeParams, Math.min(batch, ECOLOGITS_FIT.batch));
  // The host's share scales with the GPU energy in the same ratio as their power draws.
  const hostFactor = 1 + HOST_WATTS_PER_ACCELERATOR.mid / r.accelerator.tdpW;
  const midKwh = (tokens * whGpu * gpusPerReplica * hostFactor * r.pue.value) / 1000;
  const energyKwh = range(midKwh * PER_TOKEN_SPREAD.low, midKwh, midKwh * PER_TOKEN_SPREAD.high);
  // Device-hours implied by that energy at serving power, for embodied carbon.
  const watts = devicePower(r, SERVING_POWER_SHARE);
  const hoursAt = (kwh: number, w: number) => (kwh * 1000) / (w * r.pue.value * r.count);
  return {
    method: 'per-token',
    hours: range(hoursAt(energyKwh.low, watts.high), hoursAt(energyKwh.mid, watts.mid), hoursAt(energyKwh.high, watts.low)),
    energyKwh,
    assumptions: [
      `Traffic: ${sci(t.queriesPerDay)} queries/day × ${sci(t.tokensPerQuery)} tokens × ${t.horizonDays} days = ${sci(tokens)} tokens.`,
      `Per token: ${(whGpu * 1000).toPrecision(3)} mWh per GPU × ${gpusPerReplica} GPU(s) per replica (${ECOLOGITS_FIT.source}, ${ECOLOGITS_FIT.year}), ×${PER_TOKEN_SPREAD.low}–×${PER_TOKEN_SPREAD.high} for the fit's uncertainty.`,
    ],
  };
}

function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

export function sci(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 1e5 || Math.abs(n) < 1e-3) {
    const [m, e] = n.toExponential(2).split('e');
    return `${+m}e${Number(e)}`;
  }
  return `${+n.toPrecision(3)}`;
}
