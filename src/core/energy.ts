// The formulas. Each takes a resolved run and returns one trial's device-hours and energy as ranges;
// estimate.ts multiplies by trials and converts to CO₂e. Pure arithmetic, unit-tested by hand.
import { boundaryLabel, countsHost, pueAt } from './boundary';
import { SERVING_POWER_SHARE, WORKLOAD_DEFAULTS } from './constants';
import { ML_ENERGY, perTokenEnergy } from './inferenceEnergy';
import { deviceShare, hostWatts, shareAtMfu, workloadPrior, type MfuBand, type WorkloadPrior } from './power';
import type { ResolvedRun } from './resolve';
import { trainingCompute, type TrainingCompute } from './trainingCompute';
import type { Range3 } from './runSpec';
import { sourceYear } from './present/text';

export interface PhaseEnergy {
  method: 'time' | 'flops' | 'capacity' | 'per-token';
  /** Wall-clock hours of one trial. */
  hours: Range3;
  /** Energy of one trial at the run's measurement boundary (facility = incl. host and PUE), kWh. */
  energyKwh: Range3;
  assumptions: string[];
}

export const range = (low: number, mid: number, high: number): Range3 => ({ low, mid, high });
export const scale = (r: Range3, k: number): Range3 => ({ low: r.low * k, mid: r.mid * k, high: r.high * k });
export const add = (a: Range3, b: Range3): Range3 => ({ low: a.low + b.low, mid: a.mid + b.mid, high: a.high + b.high });
export const ZERO: Range3 = { low: 0, mid: 0, high: 0 };

/** Host watts per device counted at the run's boundary (none at the GPU boundary). */
function hostAt(r: ResolvedRun): Range3 {
  return countsHost(r.boundary) ? hostWatts(r.accelerator) : ZERO;
}

/**
 * Power of one device plus its share of the host (when the boundary counts it), watts. `share` is the
 * accelerator's draw as a share of TDP for the low/mid/high energy bounds; a stated utilisation wins.
 */
export function devicePower(r: ResolvedRun, share: Range3): Range3 {
  const tdp = r.accelerator.tdpW;
  const u = r.inputs.utilization?.value;
  const s = u !== undefined ? range(u, u, u) : deviceShare(r.accelerator, share);
  const h = hostAt(r);
  return range(tdp * s.low + h.low, tdp * s.mid + h.mid, tdp * s.high + h.high);
}

/** kWh = devices × hours × watts × PUE (facility boundary only) / 1000, bound by bound. */
function meterKwh(r: ResolvedRun, hours: Range3, watts: Range3): Range3 {
  const k = (r.count * pueAt(r.boundary, r.pue.value)) / 1000;
  return range(hours.low * watts.low * k, hours.mid * watts.mid * k, hours.high * watts.high * k);
}

function powerSentence(r: ResolvedRun, prior: WorkloadPrior, w: Range3): string {
  const u = r.inputs.utilization?.value;
  const s = deviceShare(r.accelerator, prior.share);
  const draw = u !== undefined ? `stated utilisation ${pct(u)}` : `${pct(s.low)}–${pct(s.high)} of its ${r.accelerator.tdpW} W TDP (${prior.label}; ${sourceYear(prior.source, prior.year)})`;
  const h = hostAt(r);
  const host = countsHost(r.boundary) ? ` + host ${Math.round(h.low)}–${Math.round(h.high)} W (scaled to the device class)` : '';
  const pue = r.boundary === 'facility' ? `, × PUE ${r.pue.value}` : '';
  return `Power per device: ${draw}${host} = ${Math.round(w.low)}–${Math.round(w.high)} W${pue}. Boundary: ${boundaryLabel(r.boundary)}.`;
}

/** Training with a stated wall-clock time: the workload class's draw, no MFU involved. */
export function trainingByTime(r: ResolvedRun, hours: number): PhaseEnergy {
  const h = range(hours, hours, hours);
  const prior = workloadPrior(r);
  const w = devicePower(r, prior.share);
  return {
    method: 'time',
    hours: h,
    energyKwh: meterKwh(r, h, w),
    assumptions: [`Energy = ${r.count} × ${r.accelerator.name} × ${hours} h.`, powerSentence(r, prior, w)],
  };
}

/** MFU band for this run: stated (± 20 %) or the workload class's prior by accelerator generation. */
export function mfuBand(r: ResolvedRun): MfuBand {
  const m = r.inputs.mfu?.value;
  if (m !== undefined) return { best: Math.min(1, m * 1.2), typical: m, worst: m * 0.8, source: 'stated MFU ± 20 %' };
  return workloadPrior(r).mfu;
}

/** Training FLOPs of one trial: k · N · D, by training method (trainingCompute.ts). */
export function trainingFlops(r: ResolvedRun): number | undefined {
  return trainingCompute(r)?.flops;
}

/**
 * Training without a stated time: duration from FLOPs, peak throughput and MFU, with the draw linked
 * to the MFU — the best MFU (shortest run) draws the most, the worst the least — so the band pairs
 * them instead of multiplying independent extremes.
 */
export function trainingByFlops(r: ResolvedRun, compute: TrainingCompute | undefined = trainingCompute(r), totalsOnly = false): PhaseEnergy | undefined {
  if (compute === undefined || r.noPeak) return undefined;
  const flops = compute.flops;
  const prior = workloadPrior(r);
  const mfu = mfuBand(r);
  const perSecond = r.count * r.peakTflops * 1e12;
  const hoursAt = (m: number) => flops / (perSecond * m) / 3600;
  // Best MFU gives the shortest run, so the low-energy bound.
  const hours = range(hoursAt(mfu.best), hoursAt(mfu.typical), hoursAt(mfu.worst));
  // A stated MFU sets the typical draw on the same line: at MFU 0.9 the class's typical 0.68 of TDP
  // beside 0.95 at both ends put the low bound above the middle one.
  const typicalShare = r.inputs.mfu ? shareAtMfu(prior, mfu.typical) : prior.share.mid;
  const linked = range(shareAtMfu(prior, mfu.best), typicalShare, shareAtMfu(prior, mfu.worst));
  const tdp = r.accelerator.tdpW;
  const u = r.inputs.utilization?.value;
  const s = u !== undefined ? range(u, u, u) : deviceShare(r.accelerator, linked);
  const h = hostAt(r);
  // Host uncertainty is independent of the MFU: its low end goes with the low-energy bound.
  const watts = range(tdp * s.low + h.low, tdp * s.mid + h.mid, tdp * s.high + h.high);
  // A what-if candidate's figures only (estimate.ts, totalsOnly): its sentences would be thrown away.
  if (totalsOnly) return { method: 'flops', hours, energyKwh: meterKwh(r, hours, watts), assumptions: [] };
  const pue = r.boundary === 'facility' ? `, × PUE ${r.pue.value}` : '';
  return {
    method: 'flops',
    hours,
    energyKwh: meterKwh(r, hours, watts),
    assumptions: [
      compute.assumption,
      `Time = FLOPs / (${r.count} × ${r.peakTflops} TFLOP/s × MFU ${pct(mfu.worst)}–${pct(mfu.best)}; ${mfu.source}).`,
      `Power linked to MFU (${prior.label}): ${pct(s.high)} of ${tdp} W TDP at MFU ${pct(mfu.worst)}, ${pct(s.low)} at ${pct(mfu.best)}${countsHost(r.boundary) ? `, + host ${Math.round(h.low)}–${Math.round(h.high)} W per device` : ''}${pue} (${sourceYear(prior.source, prior.year)}). Boundary: ${boundaryLabel(r.boundary)}.`,
    ],
  };
}

export interface Traffic {
  queriesPerDay?: number;
  /** Output (generated) tokens per query. */
  tokensPerQuery: number;
  /** Input (prompt) tokens per query; prefill is counted separately from decoding. */
  inputTokensPerQuery?: number;
  horizonDays: number;
}

/** Energy of an always-on deployment over the horizon: devices × 24 h × days × serving draw. */
export function inferenceByCapacity(r: ResolvedRun, t: Traffic): PhaseEnergy {
  const hoursPerDay = r.inputs.hours?.value ?? 24;
  const hours = hoursPerDay * t.horizonDays;
  const h = range(hours, hours, hours);
  const host = hostAt(r);
  return {
    method: 'capacity',
    hours: h,
    energyKwh: meterKwh(r, h, devicePower(r, SERVING_POWER_SHARE)),
    assumptions: [
      `Deployment: ${r.count} × ${r.accelerator.name} running ${hoursPerDay} h/day for ${t.horizonDays} days at ${pct(SERVING_POWER_SHARE.low)}–${pct(SERVING_POWER_SHARE.high)} of TDP (${SERVING_POWER_SHARE.source})${countsHost(r.boundary) ? ` + host ${Math.round(host.low)}–${Math.round(host.high)} W each` : ''}${r.boundary === 'facility' ? `, × PUE ${r.pue.value}` : ''}. Boundary: ${boundaryLabel(r.boundary)}.`,
    ],
  };
}

/**
 * Share of TDP a busy decoding GPU draws, to scale the host's share of per-token energy: ML.ENERGY v3
 * measured 430–690 W per H100 (TDP 700 W) from batch 8 to 512.
 */
export const BUSY_SERVING_SHARE = 0.8;

/** GPUs per replica: the file's tensor-parallel size, else the fewest that hold weights + KV cache. */
export function gpusPerReplica(r: ResolvedRun, minGpus: number): { gpus: number; stated: boolean } {
  const replicas = r.inputs.replicas?.value ?? WORKLOAD_DEFAULTS.replicas;
  if (r.inputs.count && r.inputs.count.origin !== 'default') return { gpus: Math.max(1, Math.round(r.count / replicas)), stated: true };
  return { gpus: minGpus, stated: false };
}

/** Energy of the traffic itself: tokens served × energy per token (ML.ENERGY v3 model, by batch and hardware). */
export function inferenceByTokens(r: ResolvedRun, t: Traffic): PhaseEnergy | undefined {
  if (!t.queriesPerDay || r.activeParams === undefined) return undefined;
  const params = r.params ?? r.activeParams;
  const stated = r.inputs.maxBatch?.value;
  const batch = stated ?? ML_ENERGY.defaultBatch;
  const probe = perTokenEnergy({ params, activeParams: r.activeParams, accelerator: r.accelerator, gpus: 1, batch, precision: r.precision, quantBits: r.quantBits });
  const rep = gpusPerReplica(r, probe.minGpus);
  const e = perTokenEnergy({ params, activeParams: r.activeParams, accelerator: r.accelerator, gpus: rep.gpus, batch, precision: r.precision, quantBits: r.quantBits });
  const outTokens = t.queriesPerDay * t.tokensPerQuery * t.horizonDays;
  const inTokens = t.queriesPerDay * (t.inputTokensPerQuery ?? 0) * t.horizonDays;
  const gpuJ = outTokens * e.outJ + inTokens * e.inJ;
  const host = hostAt(r);
  const busyW = r.accelerator.tdpW * BUSY_SERVING_SHARE;
  const hostFactor = (h: number) => 1 + h / busyW;
  const pue = pueAt(r.boundary, r.pue.value);
  // Measured generations scatter ±60 % around the fit; others are extrapolated by energy per FLOP.
  const spread = e.measuredGeneration ? ML_ENERGY.spread : { low: 1 / 2, high: 2 };
  const kwh = (gpuJ * pue) / 3.6e6;
  const energyKwh = range(kwh * spread.low * hostFactor(host.low), kwh * hostFactor(host.mid), kwh * spread.high * hostFactor(host.high));
  // Device-hours implied by the GPU energy at a busy draw, spread over the fleet (for embodied carbon).
  const deviceHours = (f: number) => (gpuJ * f) / 3600 / busyW / Math.max(1, r.count);
  const batchText = stated !== undefined ? `batch up to ${stated} (${r.inputs.maxBatch?.key ?? 'stated'})` : `batch ${batch} assumed (no max-num-seqs / max_batch_size stated)`;
  return {
    method: 'per-token',
    hours: range(deviceHours(spread.low), deviceHours(1), deviceHours(spread.high)),
    energyKwh,
    assumptions: [
      `Traffic: ${sci(t.queriesPerDay)} queries/day × ${sci(t.tokensPerQuery)} output tokens${t.inputTokensPerQuery ? ` and ${sci(t.inputTokensPerQuery)} input tokens` : ' (input tokens not stated: prefill not counted)'} × ${t.horizonDays} days.`,
      `Per output token: ${e.outJ.toPrecision(3)} J for a replica of ${rep.gpus} × ${r.accelerator.name} (${rep.stated ? 'as the file states' : `the fewest that hold the weights and KV cache`}), ${batchText}, ${e.isMoe ? `mixture of experts, ${sci(r.activeParams)} of ${sci(params)} parameters active` : `${sci(params)} parameters`}; ${e.measuredGeneration ? ML_ENERGY.source : `extrapolated from ${ML_ENERGY.source} by energy per FLOP`}, ${ML_ENERGY.year}.${t.inputTokensPerQuery ? ` Per input token (prefill): ${e.inJ.toPrecision(3)} J.` : ''}`,
      `Band ×${spread.low.toFixed(2)}–×${spread.high.toFixed(1)} around the fit${countsHost(r.boundary) ? `; host ${Math.round(host.low)}–${Math.round(host.high)} W per GPU` : ''}${r.boundary === 'facility' ? `, × PUE ${r.pue.value}` : ''}. Boundary: ${boundaryLabel(r.boundary)}.`,
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
