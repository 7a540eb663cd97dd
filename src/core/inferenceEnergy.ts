// Energy per generated token of an LLM server, from the ML.ENERGY Benchmark v3 measurements (vLLM
// 0.11, H100 and B200, Chung et al. 2025; data Apache-2.0, `ml-energy/leaderboard` public/data).
//
// Decoding reads every weight the step needs once per step and then does 2 FLOPs per active parameter
// per sequence in the batch, so the energy of one output token is a memory term shared by the batch plus
// a compute term per token:
//
//   E_out(B) = g(n) × q(B) × [ A × M(B) / B  +  C_gen × P_active^0.82 × k_moe ]      (joules, whole replica)
//
// A × M / B: M billions of weights read per step (dense: all; MoE: the experts the batch touches),
//   shared by B sequences. Fitted on ML.ENERGY dense runs: A = 0.375 J per billion weights per step
//   (Llama 3.1 8B 0.39, Qwen 3 14B 0.35, Qwen 3 32B 0.37, Llama 3.3 70B 0.39 on H100; 0.36–0.38 on B200).
//   A is nearly the same on H100 and B200: the step takes weights / bandwidth and power rises with
//   bandwidth, so joules per weight read barely move between generations.
// C_gen × P^0.82: the per-token floor at large batch (H100 8B 0.065 J, 70B 0.38 J; B200 14B 0.069 J,
//   70B 0.26 J — both fall on P^0.82). Other accelerators scale from H100 by energy per FLOP
//   (TDP / dense bf16 peak), which is EcoLogits' assumption too; that is an extrapolation, said so.
// k_moe = 2.5: MoE routing, small expert GEMMs and expert-parallel all-to-all (Qwen 3 30B-A3B,
//   235B-A22B on H100 sit 2–5× above a dense model of the same active size at large batch).
// g(n) = 1 + k × log2(n / n_min) for GPUs beyond the fewest that hold the model: more GPUs at the same
//   batch cost energy (ML.ENERGY v3: energy rises in 93 % of H100 cases); k = 0.1 dense, 0.3 MoE.
// q(B): FP8 versus BF16 by batch, the medians of ML.ENERGY v3 (+30 % at batch 8–16, +1 % at 17–64,
//   −11 % at 65–256). Int4/AWQ/GPTQ and MXFP4 are not in the benchmark: they take the FP8 factors.
// Prefill (input tokens) is compute-bound: 2 × P_active FLOPs per token at 40 % of dense peak at TDP.
import type { Accelerator } from './catalogTypes';
import type { Precision } from './runSpec';

export const ML_ENERGY = {
  source: 'ML.ENERGY Benchmark v3 (Chung et al. 2025; vLLM on H100/B200, leaderboard data Apache-2.0)',
  year: 2025,
  /** Joules per billion weights read per decode step (whole replica). */
  memoryJPerBillion: 0.375,
  /** Per-token compute floor, J per token per (billion active params)^0.82, by generation. */
  computeFloor: { h100: 0.0118, b200: 0.0079 } as const,
  sizeExponent: 0.82,
  moeFactor: 2.5,
  extraGpuPenalty: { dense: 0.1, moe: 0.3 },
  /** FP8 (and other sub-16-bit weights) relative to BF16, by batch. */
  lowPrecision: [
    { maxBatch: 16, factor: 1.3 },
    { maxBatch: 64, factor: 1.01 },
    { maxBatch: Infinity, factor: 0.89 },
  ],
  prefillMfu: 0.4,
  /** Batch assumed when the file states none (vLLM's max_num_seqs default is 256; traffic rarely fills it). */
  defaultBatch: 64,
  /** Band around the mid: measured configurations scatter about ±60 % around the fit. */
  spread: { low: 1 / 1.7, high: 1.7 },
};

/** Bytes per weight as served. */
export function bytesPerParam(precision: Precision | undefined, quantBits?: number): number {
  if (quantBits !== undefined && quantBits <= 4) return 0.55; // 4-bit weights plus scales (GPTQ/AWQ/MXFP4)
  if (quantBits === 8 || precision === 'fp8' || precision === 'int8') return 1;
  if (precision === 'int4') return 0.55;
  if (precision === 'fp32') return 4;
  return 2;
}

export interface InferenceModelInput {
  /** Total and active parameters (absolute). */
  params: number;
  activeParams: number;
  accelerator: Accelerator;
  /** GPUs in one replica. */
  gpus: number;
  /** Concurrent sequences per replica (max-num-seqs, max_batch_size…). */
  batch: number;
  precision?: Precision;
  quantBits?: number;
}

/** Weights the batch reads per step, in billions: all for dense, the touched experts for MoE. */
export function weightsReadPerStep(params: number, activeParams: number, batch: number): number {
  const pt = params / 1e9;
  const pa = Math.min(activeParams, params) / 1e9;
  if (pa >= pt * 0.999) return pt;
  // Each token routes to experts holding about pa/pt of the expert weights; with B tokens the chance
  // an expert is untouched is (1 − pa/pt)^B.
  const r = pa / pt;
  return pa + (pt - pa) * (1 - Math.pow(1 - r, Math.max(1, batch)));
}

/** Fewest GPUs (a power of two, as tensor parallelism needs) whose memory holds weights plus KV cache. */
export function minGpusFor(params: number, accelerator: Accelerator, precision?: Precision, quantBits?: number): number {
  return replicaGpus((params * bytesPerParam(precision, quantBits)) / 1e9, accelerator.memoryGb);
}

/** The replica-sizing rule every estimate shares, from the weights' size in GB and the device memory (80 GB when unknown). */
export function replicaGpus(weightsGb: number, memoryGb: number | undefined): number {
  // vLLM reserves 90 % of memory (gpu_memory_utilization) and needs room for the KV cache: 20 % over the weights.
  const usable = 0.9 * (memoryGb && memoryGb > 0 ? memoryGb : 80);
  // The epsilon keeps an exact fit (72 GB in 72 GB) from rounding up to one more GPU.
  const n = Math.max(1, Math.ceil((weightsGb * 1.2) / usable - 1e-9));
  return Math.pow(2, Math.ceil(Math.log2(n)));
}

function computeFloorPerB(acc: Accelerator): { value: number; measured: boolean } {
  if (/^nvidia-b200|^nvidia-gb200/.test(acc.id)) return { value: ML_ENERGY.computeFloor.b200, measured: true };
  if (/^nvidia-h100-sxm|^nvidia-h200-sxm/.test(acc.id)) return { value: ML_ENERGY.computeFloor.h100, measured: true };
  // Energy per FLOP relative to the H100 SXM (700 W / 989 TFLOP/s bf16).
  const peak = acc.tflops.bf16 ?? acc.tflops.fp16 ?? acc.tflops.fp32 ?? 100;
  const ratio = acc.tdpW / peak / (700 / 989);
  return { value: ML_ENERGY.computeFloor.h100 * ratio, measured: false };
}

export interface PerTokenEnergy {
  /** Joules per output token for the whole replica (GPU boundary). */
  outJ: number;
  /** Joules per input (prefill) token for the whole replica (GPU boundary). */
  inJ: number;
  minGpus: number;
  /** True when the accelerator is one ML.ENERGY measured (H100/H200 SXM, B200/GB200). */
  measuredGeneration: boolean;
  isMoe: boolean;
}

export function perTokenEnergy(m: InferenceModelInput): PerTokenEnergy {
  const isMoe = m.activeParams < m.params * 0.95;
  const batch = Math.max(1, m.batch);
  const pa = m.activeParams / 1e9;
  const minGpus = minGpusFor(m.params, m.accelerator, m.precision, m.quantBits);
  const extra = Math.max(0, Math.log2(Math.max(1, m.gpus) / minGpus));
  const g = 1 + (isMoe ? ML_ENERGY.extraGpuPenalty.moe : ML_ENERGY.extraGpuPenalty.dense) * extra;
  const lowPrecision = m.precision === 'fp8' || m.precision === 'int8' || m.precision === 'int4' || (m.quantBits !== undefined && m.quantBits <= 8);
  const q = lowPrecision ? ML_ENERGY.lowPrecision.find((p) => batch <= p.maxBatch)!.factor : 1;
  const floor = computeFloorPerB(m.accelerator);
  const memory = (ML_ENERGY.memoryJPerBillion * weightsReadPerStep(m.params, m.activeParams, batch)) / batch;
  const compute = floor.value * Math.pow(pa, ML_ENERGY.sizeExponent) * (isMoe ? ML_ENERGY.moeFactor : 1);
  const peak = m.accelerator.tflops.bf16 ?? m.accelerator.tflops.fp16 ?? m.accelerator.tflops.fp32 ?? 100;
  const inJ = (2 * m.activeParams * m.accelerator.tdpW) / (peak * 1e12 * ML_ENERGY.prefillMfu);
  return { outJ: g * q * (memory + compute), inJ, minGpus, measuredGeneration: floor.measured, isMoe };
}
