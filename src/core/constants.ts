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

// Training power and MFU priors by workload class, and host power by device class: see power.ts.
// Inference energy per token (ML.ENERGY v3): see inferenceEnergy.ts.

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

/** Defaults for unknown workload facts: each is shown as an assumption with origin `default`. */
export const WORKLOAD_DEFAULTS = {
  seqLen: 2048,
  perDeviceBatch: 8,
  datasetSamples: 10_000,
  tokensPerQuery: 1_000,
  horizonDays: 365,
  replicas: 1,
};
