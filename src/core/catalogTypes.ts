// Shapes of the sourced reference tables in src/core/data/*.json and of their look-ups.
// Every row names its source and the year of the figure, so the UI can cite both.

export interface Cited {
  /** Short source name as shown to users, e.g. "NVIDIA A100 datasheet". */
  source: string;
  /** Year of the figure (data year, or publication year when the data year is unknown). */
  year: number;
  /**
   * How the figure was checked in the reference data: `verified_in_fetched_source`, `verified_in_indexed_text`,
   * `verified_in_indexed_paper_text`, `secondary_source` or `recalled_unverified`.
   */
  verification?: string;
}

export interface Accelerator extends Cited {
  /** Canonical id, e.g. `nvidia-a100-sxm4-80gb`. */
  id: string;
  /** Display name, e.g. `A100 80GB SXM`. */
  name: string;
  vendor: string;
  /** Product name without the variant, e.g. `A100`; devices sharing it form one family for name matching. */
  model?: string;
  /** Spellings that resolve to this device (matched case- and punctuation-insensitively). */
  aliases: string[];
  memoryGb?: number;
  tdpW: number;
  /** What `tdpW` is (TDP, max TGP, board power…). */
  tdpBasis?: string;
  /** True when the vendor publishes no power envelope and `tdpW` is a stated stand-in (see `tdpBasis`). */
  tdpEstimated?: boolean;
  /** Idle draw (CPU pseudo-devices: Cloud Carbon Footprint's min watts per vCPU), for a utilisation-linked power line. */
  minPowerW?: number;
  /** A published measured average power per device (often system power incl. host share). */
  measuredPowerW?: number;
  measuredPowerBasis?: string;
  formFactor?: string;
  notes?: string;
  /** Dense peak throughput in TFLOP/s per precision (tensor cores where applicable). */
  tflops: { fp32?: number; tf32?: number; fp16?: number; bf16?: number; fp8?: number; int8?: number };
  /** Embodied carbon of one device (kg CO₂e), with its own citation when known. */
  embodiedKg?: number;
  embodiedSource?: string;
  releaseYear?: number;
}

export interface GridRegion extends Cited {
  /** `aws:us-east-1`, `gcp:europe-west1`, `azure:westeurope`. */
  id: string;
  provider: 'aws' | 'gcp' | 'azure';
  /** Provider's own region name, e.g. `us-east-1`. */
  region: string;
  location: string;
  /** ISO 3166-1 alpha-2 country code when known. */
  country?: string;
  gPerKwh: number;
  /** How the intensity was derived, e.g. `location-based grid average (eGRID2020 NERC SERC)`. */
  basis?: string;
  /** Google's carbon-free-energy share for the region (GCP only). */
  cfeFraction?: number;
}

/**
 * One (provider, region, accelerator) offer: the provider listed the accelerator in that region on
 * `sourceDate`. Says nothing about free capacity or quota. See data/SOURCES.md (Accelerator availability).
 */
export interface AvailabilityRow {
  provider: 'aws' | 'gcp' | 'azure';
  /** Provider's own region name, lower-case for Azure (joins `GridRegion.region`). */
  region: string;
  /** Accelerator id (accelerators.json). */
  accelerator: string;
  /** Instance / machine types / TPU slices that carry it there, `|`-separated. */
  types: string;
  source: string;
  /** `YYYY-MM-DD`, `~YYYY` (undated, year from content) or `>=YYYY-MM` (undated, newer than that). */
  sourceDate: string;
  /** `primary` = the provider's own page or data; `secondary` = a third-party aggregation. */
  verification: 'primary' | 'secondary';
}

export interface CountryIntensity extends Cited {
  /** ISO 3166-1 alpha-2, e.g. `FR`. */
  code: string;
  /** ISO 3166-1 alpha-3, e.g. `FRA`. */
  iso3?: string;
  name: string;
  /** Other names the country goes by (`UK`, `USA`…). */
  aliases?: string[];
  gPerKwh: number;
  /** Shares of generation in the same year (fossil, renewables incl. hydro, nuclear), 0–1. */
  mix?: { fossil: number; renewables: number; nuclear: number };
}

export interface ModelInfo extends Cited {
  id: string;
  aliases: string[];
  family?: string;
  /** Total parameters (absolute number, not billions). */
  params: number;
  /** Active parameters per token for mixture-of-experts models. */
  activeParams?: number;
  /** `dense`, `moe`, `encoder`, `encoder-decoder`. */
  architecture?: string;
  layers?: number;
  hiddenSize?: number;
  vocabSize?: number;
  contextLength?: number;
}

export interface PueEntry extends Cited {
  /** `aws`, `gcp`, `azure`, `on-prem`, `unknown`, … */
  provider: string;
  pue: number;
  /** `provider` fleet value, `industry` average, per-`region` campus value, or `reported` by a paper. */
  scope?: string;
  /** Region, campus or study the value belongs to (non-fleet rows). */
  site?: string;
  basis?: string;
  /** The value `pueFor` returns for this provider. */
  preferred?: boolean;
}

export interface Equivalence extends Cited {
  id: string;
  /** How it reads in a sentence: "{n} lifetimes of an average car". */
  label: string;
  /** kg CO₂e for one unit of the equivalence. */
  kgPerUnit: number;
  unit: string;
  /** What the figure is and how it was derived. */
  basis?: string;
}

/** An instance type or Kubernetes/Vertex label that implies an accelerator and count. */
export interface InstanceInfo extends Cited {
  provider: string;
  /** e.g. `p4d.24xlarge`, `a2-highgpu-8g`, `nvidia-l4`, `NVIDIA_TESLA_T4`. */
  name: string;
  /** For label rows: the label key, e.g. `cloud.google.com/gke-accelerator`. */
  labelKey?: string;
  kind: string;
  /** Canonical accelerator id; `""` when the device is not in accelerators.json (never returned by look-ups). */
  accelerator: string;
  /** Device name for rows whose accelerator is not catalogued. */
  unmappedAccelerator?: string;
  /** Accelerators per instance (0 for a label that says only the type). */
  count: number;
  vcpus?: number;
  memoryGb?: number;
}
