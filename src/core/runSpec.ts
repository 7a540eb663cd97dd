// The domain model shared by every part of Carbon Lens: what is known about a run (RunSpec), with
// where each value came from, and what the estimator concludes (Estimate).
// Pure data types: no `vscode`, no I/O.
import type { Boundary } from './boundary';
import type { Lifecycle } from './lifecycle';

/** Where a value came from. The editor shows it next to every number. */
export type Origin = 'file' | 'setting' | 'default' | 'inferred';

/** A 0-based position range in a file's text (lines and UTF-16 columns, like VS Code). */
export interface SourceRange {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** One value with its provenance. `range` covers the value, `keyRange` the key it sits under. */
export interface Sourced<T> {
  value: T;
  origin: Origin;
  range?: SourceRange;
  keyRange?: SourceRange;
  /** The key as spelt in the file (e.g. `num_train_epochs`), so edits and hovers can name it. */
  key?: string;
  /** Why this value was inferred or defaulted, e.g. "from `torchrun --nproc_per_node 8` on line 40". */
  note?: string;
}

export type Phase = 'training' | 'inference';
export type Precision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4';
export type Adapter = 'lora' | 'qlora';

/**
 * The fields a run description may carry. Names are the CLI JSON contract (`inputs.<field>`).
 * Counts are totals across nodes and replicas.
 */
export interface RunFields {
  /** Accelerator: canonical id or an alias the catalogue resolves (e.g. `A100 80GB`, `nvidia-l4`). */
  hardware: string;
  /** Total accelerators across all nodes and replicas. */
  count: number;
  nodes: number;
  /** Model id as written (e.g. `meta-llama/Llama-3.1-8B`). */
  model: string;
  /** Total parameters. */
  params: number;
  /** Parameters active per token (mixture-of-experts); equals params for dense models. */
  activeParams: number;
  /** Training tokens processed (all epochs), or for inference tokens per query (in + out). */
  tokens: number;
  steps: number;
  epochs: number;
  /** Global batch in sequences (per-device × grad accumulation × data-parallel world). */
  batchSize: number;
  perDeviceBatch: number;
  gradAccum: number;
  seqLen: number;
  /** Dataset size in tokens per epoch, when stated. */
  datasetTokens: number;
  /** Dataset size in samples (sequences) per epoch, when stated. */
  datasetSamples: number;
  /** Wall-clock hours of the run (training) or of the deployment per day (inference, always-on = 24). */
  hours: number;
  /**
   * An upper bound on the wall-clock hours of one run: a scheduler's time limit (Slurm `--time`).
   * The estimator only caps the high end of its range with it; it is never used as the runtime.
   */
  maxHours: number;
  precision: Precision;
  /** Weight quantization in bits (4, 8). Absent = not quantized. */
  quantization: number;
  adapter: Adapter;
  loraRank: number;
  /** Region id: `aws:us-east-1`, `gcp:europe-west1`, `azure:westeurope`, or an ISO country code `FR`. */
  region: string;
  pue: number;
  /** Grid intensity in g CO₂e per kWh (overrides the region's). */
  intensity: number;
  /** Number of trials (sweeps, hyper-parameter search). 1 when absent. */
  trials: number;
  /** Model FLOP utilisation (0..1) override. */
  mfu: number;
  /** Accelerator power utilisation (0..1) override: average draw as a share of TDP. */
  utilization: number;
  /** Inference traffic. */
  queriesPerDay: number;
  /** Output (generated) tokens per query. */
  tokensPerQuery: number;
  /** Input (prompt) tokens per query; prefill is counted apart from decoding. */
  inputTokensPerQuery: number;
  horizonDays: number;
  replicas: number;
  /** Concurrent sequences a serving engine batches (vLLM max_num_seqs, TGI max_batch_size…). */
  maxBatch: number;
  /**
   * Training data named by the file: Hub ids or format-specific names, comma-separated, each optionally
   * followed by its split in brackets (`tatsu-lab/alpaca[train[:10%]]`). Looked up in the dataset catalogue.
   */
  dataset: string;
  /** Cap on samples taken from each named dataset (LLaMA-Factory `max_samples`, `max_train_samples`). */
  maxSamples: number;
  /** Sequences are packed to the full sequence length (`packing`, `sample_packing`, torchtune `packed`). */
  packing: boolean;
  /** How the weights are trained: supervised (default), a preference method, RL with generation, distillation. */
  trainingMethod: TrainingMethod;
  /** Activations are recomputed in the backward pass (`gradient_checkpointing`, activation checkpointing). */
  gradientCheckpointing: boolean;
  /** Whether a frozen reference model scores every sequence (DPO, PPO, GRPO with a KL term), or its log-probs were precomputed. */
  reference: 'live' | 'precomputed' | 'none';
  /** Completions generated per prompt (GRPO `num_generations`). */
  numGenerations: number;
  /** Longest generated completion, tokens (`max_completion_length`, `response_length`). */
  completionLen: number;
  /** Longest prompt, tokens (`max_prompt_length`). */
  promptLen: number;
  /** Teacher model of a distillation run, as written. */
  teacher: string;
  /**
   * Tokens run forward only, for evaluation during training, over the whole run (nanoGPT's `eval_iters`
   * batches on both splits every `eval_interval` steps). Counted at 2·N per token beside the training.
   */
  evalTokens: number;
}

/** Training methods whose compute differs from supervised fine-tuning. */
export type TrainingMethod = 'sft' | 'pretrain' | 'reward' | 'dpo' | 'orpo' | 'simpo' | 'kto' | 'grpo' | 'ppo' | 'distill';

export type FieldName = keyof RunFields;

export type RunInputs = { [K in FieldName]?: Sourced<RunFields[K]> };

/** What a format extractor knows about one run in a file. */
export interface RunSpec {
  /** A human name: the file's run name, a notebook cell, a Kubernetes object name… */
  name: string;
  phase: Phase;
  /** Format id (see src/formats/detect.ts), `carbon-lens` for a plain run description. */
  format: string;
  /** Where the run description starts: the main lens goes on this line. */
  anchor?: SourceRange;
  /**
   * Other places the run's lens also sits: in a notebook, the cell that configures the run
   * (TrainingArguments) when another cell starts it (`trainer.train()`), or the cell that starts it
   * (`!accelerate launch`, `%%bash` torchrun) when the anchor is the configuring cell.
   */
  alsoAnchors?: { range: SourceRange; role: 'configures' | 'starts' }[];
  inputs: RunInputs;
  /**
   * A sweep's per-trial program config (`--config train.yaml` in its command), as written, with
   * where it is written: the engine reads that file and fills what the sweep leaves open.
   */
  perTrialConfig?: { path: string; range: SourceRange };
  /**
   * Where the launcher may place the run, when it says: the one cloud it pins (SkyPilot `cloud: aws` without a
   * region), or that it may pick among clouds (SkyPilot `any_of` over several clouds, or no cloud pinned).
   * Region what-ifs use it to decide whether another cloud's region is a real option. `note` says why.
   */
  placement?: { provider?: string; multiCloud: boolean; note: string };
  /** What the extractor assumed while reading (e.g. "`auto` batch size treated as unknown"). */
  notes: string[];
  /** Implausible or contradictory values found while reading. */
  warnings: string[];
}

/** Low / mid / high bounds. Every quantity we present is a range, never one false-precision number. */
export interface Range3 {
  low: number;
  mid: number;
  high: number;
}

export type SuggestionKind =
  | 'quantization'
  | 'distillation'
  | 'region'
  | 'hardware'
  | 'schedule'
  | 'precision'
  | 'adapter'
  | 'epochs';

/** A what-if, quantified against the run it belongs to. */
export interface Suggestion {
  kind: SuggestionKind;
  title: string;
  /** Mid CO₂e of the run (incl. trials) if the change were made, kg. */
  co2eKg: number;
  /** Saving against the run's mid CO₂e, percent (negative = costs more), embodied carbon included. */
  savingPct: number;
  /** Mid operational + embodied CO₂e if the change were made, kg: the basis of savingPct. */
  totalKg?: number;
  explanation: string;
  caveats: string[];
  /**
   * The change to the run, when it can be written to the file. `also` lists fields the same edit must
   * set for the file to stay valid and the estimate to match (a pre-quantized checkpoint also changes
   * the quantization, dtype and tensor-parallel size).
   */
  change?: FieldChange & { also?: FieldChange[] };
  /** What to change by hand, precisely, when the file cannot be edited for the user. */
  byHand?: string;
  /** Informational entry (e.g. "already 4-bit"): no saving, nothing to apply; sorted last. */
  info?: boolean;
  /** Distillation what-ifs: the lifecycle of distilling rather than fine-tuning the teacher. */
  distillation?: DistillationPlan;
}

export interface FieldChange {
  field: FieldName;
  value: RunFields[FieldName];
}

/** Distilling a teacher into a student and serving the student (src/core/distillation.ts). */
export interface DistillationPlan {
  teacher: string;
  student: string;
  studentParams: number;
  /** Tokens of the distillation set (the run's own training tokens). */
  distillTokens: number;
  /** One-time cost: teacher forward + student training over the distillation set, kg CO₂e (mid). */
  oneTimeKg: number;
  /** CO₂e of one query served by the teacher and by the student, kg (mid, operational). */
  teacherPerQueryKg?: number;
  studentPerQueryKg?: number;
  /** Queries after which serving the student has paid back the distillation; days at the traffic setting. */
  breakEvenQueries?: number;
  breakEvenDays?: number;
  queriesPerDay?: number;
}

/** One line of the breakdown: each part shown separately, never silently folded in. */
export interface BreakdownItem {
  id: 'run' | 'trials' | 'overhead' | 'inference' | 'embodied';
  label: string;
  energyKwh: Range3;
  co2eKg: Range3;
}

export interface TimeLimitCeiling {
  /** The time limit, hours. */
  hours: number;
  /** Devices × the whole limit × the high power bound (× trials), kWh. */
  energyKwh: number;
  /** energyKwh at the run's grid intensity, kg CO₂e. */
  co2eKg: number;
}

export interface Estimate {
  name: string;
  phase: Phase;
  format: string;
  /** Inputs after defaults and inference were applied: everything the numbers rest on. */
  inputs: RunInputs;
  /** How the duration was found. */
  method: 'time' | 'flops' | 'capacity' | 'per-token';
  /** Wall-clock hours of one run (one trial), range. */
  hours: Range3;
  /** Operational energy at the measurement boundary (`boundary`), all trials. */
  energyKwh: Range3;
  /** Operational CO₂e (energy × location-based grid intensity), all trials. */
  co2eKg: Range3;
  /**
   * Where the energy is measured: `gpu` (accelerators only), `node` (+ host) or `facility` (+ host, × PUE;
   * the default). Every energy and CO₂e figure of this estimate is at this boundary.
   */
  boundary: Boundary;
  /**
   * A second, market-based figure where the provider publishes the carbon-free share of the region's
   * electricity (GCP CFE %): location-based CO₂e × (1 − CFE). Shown beside co2eKg, never instead of it.
   */
  marketBased?: { co2eKg: Range3; cfeFraction: number; basis: string; source: string; year: number };
  /** Embodied carbon of the hardware, amortised over the run's device-hours. Not in co2eKg. */
  embodiedKg: number;
  breakdown: BreakdownItem[];
  assumptions: string[];
  warnings: string[];
  suggestions: Suggestion[];
  /**
   * What the file would need to state for an estimate (e.g. "model size", "steps, epochs or hours").
   * When not empty the numbers above are zero and must be shown as unknown, never as a result.
   */
  missing: string[];
  /**
   * A training run with no length but a scheduler time limit (`#SBATCH --time`): what running the whole
   * limit at the high power bound would cost. A ceiling, never an estimate: set only while `missing` is not empty.
   */
  ceiling?: TimeLimitCeiling;
  /** Training vs serving on one scale (per query, over the horizon, break-even), when computable. */
  lifecycle?: Lifecycle;
  /** FLOPs-based training: the compute and the MFU the time rests on (what a measurement calibrates). */
  /** perSample: a vision/speech/diffusion run counted as factor × forward FLOPs per sample × samples. */
  compute?: { flops: number; mfu: number; peakTflops: number; count: number; perSample?: { factor: number; unit: string } };
  /**
   * Where a training run's dataset size came from, so the lens and hover can say "dataset size assumed":
   * `file` (stated samples or tokens), `catalogue` (a dataset the file names, from the dataset catalogue),
   * `setting` or `default` (nothing known: carbonLens.datasetSamples or the built-in default).
   * Absent when the length does not rest on a dataset size (steps, stated tokens or hours).
   */
  dataset?: { source: 'file' | 'catalogue' | 'setting' | 'default'; note: string; estimated?: boolean };
}

/** Helper to build a Sourced value. */
export function sourced<T>(value: T, origin: Origin, extra: Omit<Sourced<T>, 'value' | 'origin'> = {}): Sourced<T> {
  return { value, origin, ...extra };
}
