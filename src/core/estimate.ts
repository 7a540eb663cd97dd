// The estimator: RunSpec + settings in, Estimate out. Chooses the method (stated time beats FLOPs;
// for serving, the larger of fleet capacity and served tokens), multiplies by trials, adds the
// optional development overhead as its own line, and reports embodied carbon beside it.
import { DEV_OVERHEAD, WORKLOAD_DEFAULTS } from './constants';
import { embodiedCarbon } from './embodied';
import { lifecycleOf } from './lifecycle';
import { isCpuDevice } from './power';
import { marketBasedOf } from './marketBased';
import { add, inferenceByCapacity, inferenceByTokens, mfuBand, range, scale, sci, trainingByFlops, trainingByTime, ZERO, type PhaseEnergy, type Traffic } from './energy';
import { trainingCompute, type TrainingCompute } from './trainingCompute';
import { resolveShared, type ResolvedRun, type SharedResolution } from './resolve';
import { withRollout } from './rollout';
import type { BreakdownItem, Estimate, Range3, RunSpec, TimeLimitCeiling } from './runSpec';
import { DEFAULT_SETTINGS, type EstimateSettings } from './settings';
import { suggest } from './suggestions';
import { sourceYear } from './present/text';
import { formatEnergy } from './format';

export interface EstimateOptions {
  /** Skip what-ifs (they re-estimate the run several times). */
  withSuggestions?: boolean;
  /**
   * The run's training FLOPs when already worked out: a what-if variant that changes only the hardware
   * or the region has its base run's (resolve.ts, sharedCompute). Only estimateResolved reads it.
   */
  compute?: { value: TrainingCompute | undefined };
  /**
   * Only the figures the what-ifs compare (co2eKg, embodiedKg, energy, hours, missing): the sentences of
   * the FLOPs timing, the grid, embodied carbon and the market-based figure are not written, so the
   * estimate's assumptions are incomplete. Only for a candidate that is compared and dropped.
   */
  totalsOnly?: boolean;
}

const SERVING_FORMATS = new Set(['vllm', 'tgi']);

function trafficOf(r: ResolvedRun, s: EstimateSettings): Traffic {
  return {
    queriesPerDay: r.inputs.queriesPerDay?.value ?? s.queriesPerDay,
    tokensPerQuery: r.inputs.tokensPerQuery?.value ?? s.tokensPerQuery ?? WORKLOAD_DEFAULTS.tokensPerQuery,
    inputTokensPerQuery: r.inputs.inputTokensPerQuery?.value ?? s.inputTokensPerQuery,
    horizonDays: r.inputs.horizonDays?.value ?? s.horizonDays ?? WORKLOAD_DEFAULTS.horizonDays,
  };
}

/** A stated time that is a limit (NeMo time_limit, Lightning max_time), not the run's length. */
function isTimeLimit(r: ResolvedRun): boolean {
  return /upper bound|limit/i.test(r.inputs.hours?.note ?? '');
}

/** One trial's energy, or what is missing to compute it. */
function phaseEnergy(r: ResolvedRun, s: EstimateSettings, compute: TrainingCompute | undefined, totalsOnly: boolean): { energy?: PhaseEnergy; missing: string[]; notes: string[] } {
  if (r.run.phase === 'training') {
    const byFlops = withRollout(r, trainingByFlops(r, compute, totalsOnly));
    if (r.hours !== undefined && isTimeLimit(r) && byFlops) {
      // A wall-clock limit caps the run: the FLOPs estimate stands unless it would run past the limit.
      if (byFlops.hours.mid <= r.hours) {
        return { energy: byFlops, missing: [], notes: [`The stated ${r.hours} h is a time limit; the run is estimated from its FLOPs, which finish within it.`] };
      }
      return { energy: trainingByTime(r, r.hours), missing: [], notes: [`The FLOPs estimate runs past the stated ${r.hours} h limit, where the run stops: estimated over the limit.`] };
    }
    if (r.hours !== undefined) return { energy: trainingByTime(r, r.hours), missing: [], notes: [] };
    if (byFlops) return { energy: byFlops, missing: [], notes: [] };
    const missing: string[] = [];
    if (r.activeParams === undefined) missing.push('the model (an id such as meta-llama/Llama-3.1-8B, or a parameter count)');
    if (r.tokens === undefined) missing.push('the length of training (steps, epochs or tokens) or the wall-clock hours');
    if (!missing.length && r.noPeak) missing.push(`the wall-clock hours (${r.accelerator.name} has no published compute figure to time the FLOPs by)`);
    return { missing, notes: [] };
  }
  const traffic = trafficOf(r, s);
  const capacity = inferenceByCapacity(r, traffic);
  const byTokens = inferenceByTokens(r, traffic);
  const isDeployment = SERVING_FORMATS.has(r.run.format) || r.run.inputs.count !== undefined;
  if (!byTokens) {
    if (!isDeployment) return { missing: ['the traffic (queries per day) or a deployment (accelerators that stay on)'], notes: [] };
    const notes = traffic.queriesPerDay ? [] : ['No traffic given: the deployment is estimated as always on. Set queries per day to compare with the energy of the tokens served.'];
    return { energy: capacity, missing: [], notes };
  }
  if (!isDeployment) return { energy: byTokens, missing: [], notes: [] };
  // Idle accelerators still draw power, and traffic beyond the fleet needs more replicas: the
  // larger of the two is the better estimate, and both are stated.
  const useTokens = byTokens.energyKwh.mid > capacity.energyKwh.mid;
  const chosen = useTokens ? byTokens : capacity;
  const other = useTokens ? capacity : byTokens;
  // sci(): 4,905.6 kWh reads "4910", not toPrecision's "4.91e+3".
  const note = useTokens
    ? `The traffic needs more than this deployment provides (always-on fleet: ${sci(other.energyKwh.mid)} kWh): estimated from the tokens served.`
    : `The fleet is under-used by this traffic (tokens alone: ${sci(other.energyKwh.mid)} kWh): estimated as the always-on deployment.`;
  return { energy: { ...chosen, assumptions: [...chosen.assumptions, ...other.assumptions] }, missing: [], notes: [note] };
}

/**
 * Caps a training estimate at a time limit the run cannot outlast (Slurm `--time`): each bound of the
 * hours above the limit is set to it and its energy scaled down with it. The limit is never the runtime:
 * a run estimated below it is left unchanged, and one with no estimate gets no number from it.
 */
/**
 * A band from three bounds in any order. Capped at the same hours, the low-energy bound of a FLOPs
 * estimate (best MFU, highest linked draw) can end above the others: 8 × A100 capped at 10 h read
 * 42.2 / 37.6 / 36.5 kWh as low / mid / high.
 */
function ordered(a: number, b: number, c: number): Range3 {
  const [low, mid, high] = [a, b, c].sort((x, y) => x - y);
  return range(low, mid, high);
}

export function boundedByTimeLimit(energy: PhaseEnergy, maxHours: number, what: string): { energy: PhaseEnergy; note: string } {
  const h = energy.hours;
  const f = (x: number) => (x > maxHours && x > 0 ? maxHours / x : 1);
  const note = `Bounded by the ${what} of ${maxHours} h (an upper bound, not the runtime)`;
  if (h.high <= maxHours) return { energy, note: `${note}: the estimate (up to ${sci(h.high)} h) finishes within it.` };
  const capped: PhaseEnergy = {
    ...energy,
    hours: range(Math.min(h.low, maxHours), Math.min(h.mid, maxHours), Math.min(h.high, maxHours)),
    energyKwh: ordered(energy.energyKwh.low * f(h.low), energy.energyKwh.mid * f(h.mid), energy.energyKwh.high * f(h.high)),
  };
  return { energy: capped, note: `${note}: the estimate's ${h.mid > maxHours ? 'hours' : 'high end'} (${sci(h.high)} h) ${h.mid > maxHours ? 'run' : 'runs'} past it and ${h.mid > maxHours ? 'are' : 'is'} capped there, where the scheduler stops the job.` };
}

export function estimateRun(run: RunSpec, settings: EstimateSettings = DEFAULT_SETTINGS, options: EstimateOptions = {}): Estimate {
  const shared = resolveShared(run, settings);
  return estimateResolved(run, shared.r, settings, options, shared);
}

/**
 * The estimate of `run` already resolved as `r` (resolveRun's result, or a what-if variant of a shared
 * resolution: src/core/resolve.ts). `shared` is what the what-ifs reuse; without it they resolve in full.
 */
export function estimateResolved(run: RunSpec, r: ResolvedRun, settings: EstimateSettings, options: EstimateOptions = {}, shared?: SharedResolution): Estimate {
  // The training FLOPs, worked out once for the time and for the compute line below.
  const compute = r.run.phase === 'training' ? (options.compute ? options.compute.value : trainingCompute(r)) : undefined;
  // The what-if variants of this run reuse it (resolve.ts, sharedCompute).
  if (shared && r === shared.r && r.run.phase === 'training' && !shared.compute) shared.compute = { value: compute };
  const quiet = options.totalsOnly === true;
  const phase = phaseEnergy(r, settings, compute, quiet);
  const { missing } = phase;
  let { energy, notes } = phase;
  if (energy && r.maxHours !== undefined && r.maxHours > 0 && run.phase === 'training') {
    const b = boundedByTimeLimit(energy, r.maxHours, r.inputs.maxHours?.note ?? 'time limit');
    energy = b.energy;
    notes = [...notes, b.note];
  }
  const assumptions = [...r.assumptions, ...(energy?.assumptions ?? []), ...notes, ...run.notes];
  const warnings = [...run.warnings, ...r.warnings];
  const g = r.intensity.value;
  const kg = (e: Range3): Range3 => scale(e, g / 1000);

  let ceiling: TimeLimitCeiling | undefined;
  if (!energy && run.phase === 'training' && r.maxHours !== undefined && r.maxHours > 0 && run.inputs.count !== undefined) {
    // Nothing gives the length, but the scheduler stops the job at its limit: say what that caps,
    // as a ceiling in words only — the estimate itself stays unknown (issue #13: never a limit as runtime).
    const cap = trainingByTime(r, r.maxHours).energyKwh.high * r.trials;
    const tasks = r.trials > 1 ? `, × ${r.trials} tasks` : '';
    assumptions.push(`At most ${formatEnergy(cap)}: ${r.count} × ${r.accelerator.name} for the whole ${r.maxHours} h time limit${tasks} — a ceiling, not an estimate; most jobs end well before their limit.`);
    ceiling = { hours: r.maxHours, energyKwh: cap, co2eKg: (cap * g) / 1000 };
  }
  if (!energy) {
    return {
      name: run.name, phase: run.phase, format: run.format, inputs: r.inputs, method: run.phase === 'training' ? 'flops' : 'capacity',
      hours: ZERO, energyKwh: ZERO, co2eKg: ZERO, boundary: r.boundary, embodiedKg: 0, breakdown: [], assumptions, warnings, suggestions: [], missing,
      ...(ceiling ? { ceiling } : {}),
    };
  }

  if (!quiet) assumptions.push(`Grid: ${r.intensity.label}, ${r.intensity.value} g CO₂e/kWh (${sourceYear(r.intensity.source, r.intensity.year)}).`);
  const breakdown: BreakdownItem[] = [];
  const one = energy.energyKwh;
  breakdown.push({ id: run.phase === 'inference' ? 'inference' : 'run', label: run.phase === 'inference' ? `Inference over ${trafficOf(r, settings).horizonDays} days` : 'One training run', energyKwh: one, co2eKg: kg(one) });

  let total = one;
  if (r.trials > 1) {
    const reps = scale(one, r.trials - 1);
    breakdown.push({ id: 'trials', label: `${r.trials - 1} more trial${r.trials > 2 ? 's' : ''} (× ${r.trials} in all)`, energyKwh: reps, co2eKg: kg(reps) });
    total = add(total, reps);
    assumptions.push(`Sweep: ${r.trials} trials, each assumed as costly as this run (early stopping would lower it).`);
  }
  const m = settings.devOverhead;
  if (m && m > 1) {
    const over = range(total.low * (m - 1), total.mid * (m - 1), total.high * (2 * m - 1));
    breakdown.push({ id: 'overhead', label: `Development overhead (× ${m}–${2 * m})`, energyKwh: over, co2eKg: kg(over) });
    total = add(total, over);
    assumptions.push(`Development overhead ×${m} (up to ×${2 * m}) for runs that leave no file — failed runs, ablations, evaluation; published analyses report ${DEV_OVERHEAD.mid}–${DEV_OVERHEAD.high}× (${DEV_OVERHEAD.source}).`);
  }

  let embodiedKg = 0;
  if (settings.includeEmbodied && isCpuDevice(r.accelerator)) {
    // The per-device figures are GPUs and 8-GPU servers: a share of one would be a made-up number for a vCPU.
    assumptions.push('Embodied: not counted for a CPU job (no per-vCPU manufacturing figure is catalogued).');
  } else if (settings.includeEmbodied) {
    const e = embodiedCarbon(r.accelerator.id, r.count, energy.hours.mid * r.trials, quiet);
    embodiedKg = e.kg;
    assumptions.push(e.assumption);
    breakdown.push({ id: 'embodied', label: 'Embodied (hardware manufacturing, amortised)', energyKwh: ZERO, co2eKg: range(e.kg, e.kg, e.kg) });
  }

  const estimate: Estimate = {
    name: run.name,
    phase: run.phase,
    format: run.format,
    inputs: r.inputs,
    method: energy.method,
    hours: energy.hours,
    energyKwh: total,
    co2eKg: kg(total),
    boundary: r.boundary,
    embodiedKg,
    breakdown,
    assumptions,
    warnings,
    suggestions: [],
    missing: [],
  };
  const market = quiet ? undefined : marketBasedOf(r, estimate.co2eKg);
  if (market) {
    estimate.marketBased = market;
    assumptions.push(`${market.basis} (${sourceYear(market.source, market.year)}).`);
  }
  // 'flops' is trainingByFlops's method only, which phaseEnergy ran with `compute`.
  const flops = energy.method === 'flops' ? compute?.flops : undefined;
  if (flops !== undefined) {
    estimate.compute = { flops, mfu: mfuBand(r).typical, peakTflops: r.peakTflops, count: r.count };
    if (r.sampleCompute) estimate.compute.perSample = { factor: r.sampleCompute.factor, unit: r.sampleCompute.model.sampleUnit };
  }
  // The dataset size matters only when the length came from it; the lens and hover say when it was assumed.
  if (energy.method === 'flops' && r.dataset) estimate.dataset = r.dataset;
  if (options.withSuggestions !== false) {
    estimate.suggestions = suggest(run, r, estimate, settings, shared);
    const life = lifecycleOf(r, estimate, settings);
    if (life) estimate.lifecycle = life;
  }
  return estimate;
}
