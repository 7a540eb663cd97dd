// Every modelling constant the estimator uses, with its source and year. Ranges are given as
// low/mid/high *effect on energy* where that matters, so callers never have to guess which end of
// a range is the pessimistic one.

export interface CitedRange {
  low: number;
  mid: number;
  high: number;
  source: string;
  year: number;
}

/**
 * Model FLOP utilisation of large training runs: achieved FLOP/s over peak. Chowdhery et al. report
 * GPT-3 21.3 %, Gopher 32.5 %, Megatron-Turing NLG 30.2 % and PaLM 46.2 % (PaLM paper, Table 3).
 * A high MFU means a shorter run, hence less energy: `low` energy uses the best MFU.
 */
export const TRAINING_MFU = { best: 0.46, typical: 0.33, worst: 0.21, source: 'Chowdhery et al. 2022, PaLM, Table 3 (MFU of GPT-3, Gopher, MT-NLG, PaLM)', year: 2022 };

/**
 * Fine-tuning with adapters on one node runs at lower utilisation than large pre-training (small
 * batches, frozen weights, dequantisation for QLoRA). We widen the low end; no single paper gives it,
 * so this is our stated assumption, shown to the user as such.
 */
export const FINETUNE_MFU = { best: 0.4, typical: 0.25, worst: 0.12, source: 'Carbon Lens assumption: below pre-training MFU (PaLM Table 3) for small-batch adapter fine-tuning', year: 2026 };

/**
 * Average accelerator power as a share of TDP during training. Patterson et al. measured 325 W per
 * V100 (TDP 300 W, incl. host share) and 283 W per TPU v3 (TDP 450 W) in Table 3; BLOOM and LLaMA
 * reports used TDP itself. So: TDP is the high end, about 60 % the low end.
 */
export const TRAINING_POWER_SHARE: CitedRange = { low: 0.6, mid: 0.8, high: 1.0, source: 'Patterson et al. 2021, Table 3 (measured vs TDP); Luccioni et al. 2022 (BLOOM, TDP as power)', year: 2022 };

/** Host (CPU, memory, network) power per accelerator, watts, for the low/mid/high bounds. */
export const HOST_WATTS_PER_ACCELERATOR: CitedRange = {
  // Mid: two 250 W CPU sockets at 50 % load (CodeCarbon's TDP × 0.5 fallback) shared by 8 devices
  // = 31 W, plus 128 GB of DRAM per device at 0.3725 W/GB (Green Algorithms v3) = 48 W.
  low: 40,
  mid: 79,
  high: 120,
  source: 'CodeCarbon CPU fallback (TDP × 0.5); Green Algorithms v3 memory power 0.3725 W/GB',
  year: 2024,
};

/**
 * Training FLOPs per parameter per token: 6 for full training (forward 2 + backward 4; Kaplan et al.
 * 2020). With LoRA/QLoRA the frozen base needs no weight gradients, only activation gradients:
 * about 4 (forward 2 + activation backward 2).
 */
export const FLOPS_PER_PARAM_TOKEN = {
  full: 6,
  adapter: 4,
  inference: 2,
  source: 'Kaplan et al. 2020 (C ≈ 6ND); adapter factor from the backward pass without weight gradients',
  year: 2020,
};

/**
 * Inference energy per output token per GPU (Wh), EcoLogits' fit on ML.ENERGY leaderboard data:
 * f(P) = α·e^(β·B)·P + γ with P in billions of active parameters, B the batch size.
 */
export const ECOLOGITS_FIT = { alpha: 1.17e-6, beta: -1.12e-2, gamma: 4.05e-5, batch: 64, source: 'EcoLogits LLM inference methodology (fit on ML.ENERGY data)', year: 2025 };

/**
 * Average draw of an always-on serving deployment as a share of TDP: idle GPUs still draw 10–30 %
 * of TDP (Cloud Carbon Footprint min/max watts from the Teads dataset, e.g. A100 46/407 W), and busy
 * decode rarely reaches TDP.
 */
export const SERVING_POWER_SHARE: CitedRange = { low: 0.3, mid: 0.5, high: 0.8, source: 'Cloud Carbon Footprint GPU min/max power (Teads dataset), e.g. A100 46–407 W', year: 2023 };

/** Research and development overhead (failed runs, ablations, tuning) as a multiple of the final run. */
export const DEV_OVERHEAD: CitedRange = {
  low: 1.5,
  mid: 5,
  high: 10,
  source: 'Green Algorithms AI page (BLOOM intermediate models ≈ +150 %); Strubell et al. 2019 and Patterson et al. 2021 on tuning overhead',
  year: 2022,
};

/** Hours in a year, for amortising hardware lifetimes. */
export const HOURS_PER_YEAR = 8760;

/** Uncertainty applied to the per-token inference fit, which is itself a regression over benchmarks. */
export const PER_TOKEN_SPREAD = { low: 0.5, high: 2 };

/** Defaults for unknown workload facts: each is shown as an assumption with origin `default`. */
export const WORKLOAD_DEFAULTS = {
  seqLen: 2048,
  perDeviceBatch: 8,
  datasetSamples: 10_000,
  tokensPerQuery: 1_000,
  horizonDays: 365,
  replicas: 1,
};
