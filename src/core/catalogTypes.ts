// Shapes of the sourced reference tables in src/core/data/*.json and of their look-ups.
// Every row names its source and the year of the figure, so the UI can cite both.

export interface Cited {
  /** Short source name as shown to users, e.g. "NVIDIA A100 datasheet". */
  source: string;
  /** Year of the figure (data year, or publication year when the data year is unknown). */
  year: number;
}

export interface Accelerator extends Cited {
  /** Canonical id, e.g. `nvidia-a100-sxm4-80gb`. */
  id: string;
  /** Display name, e.g. `A100 80GB SXM`. */
  name: string;
  vendor: string;
  /** Spellings that resolve to this device (matched case- and punctuation-insensitively). */
  aliases: string[];
  memoryGb?: number;
  tdpW: number;
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
}

export interface CountryIntensity extends Cited {
  /** ISO 3166-1 alpha-2, e.g. `FR`. */
  code: string;
  name: string;
  gPerKwh: number;
}

export interface ModelInfo extends Cited {
  id: string;
  aliases: string[];
  family?: string;
  /** Total parameters (absolute number, not billions). */
  params: number;
  /** Active parameters per token for mixture-of-experts models. */
  activeParams?: number;
  layers?: number;
  hiddenSize?: number;
  vocabSize?: number;
  contextLength?: number;
}

export interface PueEntry extends Cited {
  /** `aws`, `gcp`, `azure`, `on-prem`, `unknown`, … */
  provider: string;
  pue: number;
}

export interface Equivalence extends Cited {
  id: string;
  /** How it reads in a sentence: "{n} lifetimes of an average car". */
  label: string;
  /** kg CO₂e for one unit of the equivalence. */
  kgPerUnit: number;
  unit: string;
}

/** An instance type or Kubernetes/Vertex label that implies an accelerator and count. */
export interface InstanceInfo extends Cited {
  provider: string;
  /** e.g. `p4d.24xlarge`, `a2-highgpu-8g`, `nvidia-l4`, `NVIDIA_TESLA_T4`. */
  name: string;
  kind: string;
  /** Canonical accelerator id. */
  accelerator: string;
  /** Accelerators per instance (0 for a label that says only the type). */
  count: number;
  vcpus?: number;
  memoryGb?: number;
}
