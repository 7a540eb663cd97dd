// Training is paid once; serving the model is paid per query, for as long as it is used. This puts
// the two on one scale: the CO₂e of one query, the inference over the horizon at the stated
// traffic, and the break-even ("after N queries inference exceeds training").
import { replicaGpus } from './inferenceEnergy';
import { WORKLOAD_DEFAULTS } from './constants';
import { inferenceByTokens, range, scale, sci, type Traffic } from './energy';
import type { ResolvedRun } from './resolve';
import type { Estimate, Range3 } from './runSpec';
import type { EstimateSettings } from './settings';

export interface Lifecycle {
  /** CO₂e of one query of `tokensPerQuery` tokens, kg (operational, excl. embodied). */
  perQueryKg?: Range3;
  tokensPerQuery: number;
  /** How many accelerators one serving replica needs (training runs: from the weights' size). */
  servingGpus?: number;
  /** The one-time training cost this compares against (a training run's own CO₂e, all trials). */
  trainingKg?: Range3;
  /** For an inference run: the training runs (file and name) that cost was summed from. */
  trainingFrom?: string[];
  /** Inference over `horizonDays` at `queriesPerDay`. */
  inferenceKg?: Range3;
  queriesPerDay?: number;
  horizonDays: number;
  /** Queries after which inference has emitted as much as the training (mid values). */
  breakEvenQueries?: number;
  /** The same in days at `queriesPerDay`. */
  breakEvenDays?: number;
  /** How the per-query figure was found, for the assumptions list. */
  basis: string;
}

/**
 * Accelerators one replica needs: the same rule as a serving run's (minGpusFor, src/core/inferenceEnergy.ts),
 * so the break-even and the serving estimate never size one model differently (issue #16's "70B at
 * 8-bit: 1 GPU here, 2 there"): weights plus 20 % for the KV cache, in 90 % of device memory, to the next
 * power of two. 16-bit unless quantised.
 */
export function servingGpus(params: number, bits: number, memoryGb: number | undefined): number {
  return replicaGpus((params * bits) / 8 / 1e9, memoryGb);
}

/** Break-even queries: one-time training kg over kg per query (mid values); undefined when either is 0. */
export function breakEvenQueries(trainingKgMid: number, perQueryKgMid: number): number | undefined {
  if (!(trainingKgMid > 0) || !(perQueryKgMid > 0)) return undefined;
  return Math.ceil(trainingKgMid / perQueryKgMid);
}

function withTraffic(l: Lifecycle, qpd: number | undefined): Lifecycle {
  if (!qpd || !l.perQueryKg) return l;
  const queries = qpd * l.horizonDays;
  const out: Lifecycle = { ...l, queriesPerDay: qpd, inferenceKg: scale(l.perQueryKg, queries) };
  if (l.breakEvenQueries !== undefined) out.breakEvenDays = l.breakEvenQueries / qpd;
  return out;
}

/**
 * The lifecycle view of an estimated run. Training: what serving the trained model would cost per
 * query on the same accelerator type and grid (ML.ENERGY v3 per-token model), and when it overtakes the
 * training. Inference: the per-query share of the estimate at its stated traffic.
 */
export function lifecycleOf(r: ResolvedRun, e: Estimate, s: EstimateSettings): Lifecycle | undefined {
  if (e.missing.length) return undefined;
  // Vision, speech and diffusion models are not served per token: a "query of 1,000 tokens" means nothing for them.
  if (r.sampleCompute) return undefined;
  const tokensPerQuery = r.inputs.tokensPerQuery?.value ?? s.tokensPerQuery ?? WORKLOAD_DEFAULTS.tokensPerQuery;
  const horizonDays = r.inputs.horizonDays?.value ?? s.horizonDays ?? WORKLOAD_DEFAULTS.horizonDays;
  const qpd = r.inputs.queriesPerDay?.value ?? s.queriesPerDay;
  const g = r.intensity.value / 1000;

  if (e.phase === 'inference') {
    if (!qpd) return undefined;
    const queries = qpd * horizonDays;
    return {
      perQueryKg: scale(e.co2eKg, 1 / queries),
      tokensPerQuery,
      inferenceKg: e.co2eKg,
      queriesPerDay: qpd,
      horizonDays,
      basis: `Per query: the estimate over ${horizonDays} days divided by ${sci(queries)} queries.`, // sci: "3.65e10", as the traffic sentence writes it
    };
  }

  if (r.params === undefined || r.activeParams === undefined) return undefined;
  const bits = r.quantBits && r.quantBits < 16 && !r.adapter ? r.quantBits : 16;
  const gpus = servingGpus(r.params, bits, r.accelerator.memoryGb);
  // One day of one query: per-token energy of a replica sized for the weights.
  const traffic: Traffic = { queriesPerDay: 1, tokensPerQuery, horizonDays: 1 };
  // Served as the basis says: an adapter run's merged weights at 16 bits, not the 4-bit base it trained
  // on (which charged 4-bit factors, and an extra-GPU penalty, to a replica sized for 16-bit weights).
  const precision = bits === 16 && (r.precision === 'int4' || r.precision === 'int8') ? 'bf16' : r.precision;
  const serving: ResolvedRun = { ...r, count: gpus, quantBits: bits < 16 ? bits : undefined, precision, inputs: { ...r.inputs, replicas: undefined, maxBatch: undefined } };
  const perQuery = inferenceByTokens(serving, traffic);
  if (!perQuery) return undefined;
  const perQueryKg = scale(perQuery.energyKwh, g);
  const trainingKg = e.co2eKg;
  const life: Lifecycle = {
    perQueryKg,
    tokensPerQuery,
    servingGpus: gpus,
    trainingKg,
    horizonDays,
    breakEvenQueries: breakEvenQueries(trainingKg.mid, perQueryKg.mid),
    basis: `Serving the trained model: ${tokensPerQuery} tokens per query on ${gpus} × ${r.accelerator.name} (weights at ${bits}-bit), ML.ENERGY v3 per-token model at batch 64, same grid.`,
  };
  return withTraffic(life, qpd);
}

/** Lifecycle of an inference run against a one-time training cost found elsewhere (same model). */
export function againstTraining(l: Lifecycle, trainingKg: Range3): Lifecycle {
  const be = l.perQueryKg ? breakEvenQueries(trainingKg.mid, l.perQueryKg.mid) : undefined;
  const out: Lifecycle = { ...l, trainingKg: range(trainingKg.low, trainingKg.mid, trainingKg.high) };
  if (be !== undefined) {
    out.breakEvenQueries = be;
    if (l.queriesPerDay) out.breakEvenDays = be / l.queriesPerDay;
  }
  return out;
}
