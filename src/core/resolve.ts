// Completes a RunSpec into the numbers the formulas need: the file's values first, then the user's
// settings, then the catalogue, then named defaults. Every value that did not come from the file is
// recorded with its origin and a sentence in the assumptions, so no number appears from nowhere.
import { compactCount as fmt, sourced as origin } from './sourcedValue';
import { DEFAULT_BOUNDARY, type Boundary } from './boundary';
import type { Accelerator } from './catalogTypes';
import { DEFAULT_ACCELERATOR_ID, findAccelerator, findInstance, findModel, findRegion, parseModelSize, pueFor, worldIntensity } from './catalog';
import { dropImplausible } from './plausibility';
import type { Adapter, Estimate, Precision, RunInputs, RunSpec, Sourced } from './runSpec';
import { resolveTrainingTokens, type Rollout } from './trainingTokens';
import type { EstimateSettings } from './settings';
import { sampleCompute, sampleModelOf, type SampleCompute } from './sampleCompute';
import { sourceYear } from './present/text';
import { trainingCompute, type TrainingCompute } from './trainingCompute';

export interface Cited {
  value: number;
  source: string;
  year: number;
}

export interface ResolvedRun {
  run: RunSpec;
  /** The run's inputs completed with settings, catalogue values and defaults. */
  inputs: RunInputs;
  accelerator: Accelerator;
  count: number;
  nodes: number;
  params?: number;
  activeParams?: number;
  /** Tokens processed by one training trial (all epochs). */
  tokens?: number;
  /** A vision/speech/diffusion run: compute counted per sample, not per token (sampleCompute.ts). */
  sampleCompute?: SampleCompute;
  /** Where the dataset size behind `tokens` came from (training by epochs). */
  dataset?: NonNullable<Estimate['dataset']>;
  /** RL training (GRPO, PPO): the generated completions behind `tokens`. */
  rollout?: Rollout;
  /** Stated wall-clock hours of one run. */
  hours?: number;
  /** A time limit the run cannot exceed (caps the high end only). */
  maxHours?: number;
  precision: Precision;
  /** Dense peak TFLOP/s of one device at the precision the run computes in. */
  peakTflops: number;
  /** The device has no published throughput at all (H200 NVL): FLOPs cannot be turned into hours. */
  noPeak?: true;
  adapter?: Adapter;
  quantBits?: number;
  intensity: Cited & { label: string };
  pue: Cited;
  provider?: string;
  trials: number;
  /** Where energy is measured (settings; facility by default). */
  boundary: Boundary;
  assumptions: string[];
  warnings: string[];
}

const PRECISION_FALLBACK: Record<Precision, Precision[]> = {
  fp32: ['fp32'],
  tf32: ['tf32', 'fp32'],
  fp16: ['fp16', 'bf16', 'fp32'],
  bf16: ['bf16', 'fp16', 'fp32'],
  fp8: ['fp8', 'bf16', 'fp16', 'fp32'],
  int8: ['int8', 'fp8', 'bf16', 'fp16', 'fp32'],
  int4: ['int8', 'fp8', 'bf16', 'fp16', 'fp32'],
};

export function peakFor(acc: Accelerator, precision: Precision): { tflops: number; used: Precision } {
  for (const p of PRECISION_FALLBACK[precision]) {
    const key = p as keyof Accelerator['tflops'];
    const v = acc.tflops[key];
    if (v && v > 0) return { tflops: v, used: p };
  }
  const any = Object.values(acc.tflops).find((v) => v && v > 0);
  return { tflops: any ?? 1, used: 'fp32' };
}


export function resolveRun(run: RunSpec, settings: EstimateSettings): ResolvedRun {
  return resolveShared(run, settings).r;
}

/**
 * A resolved run with what its what-ifs can keep (suggestions.ts): each stage's assumptions apart, so
 * a variant that changes only the hardware re-runs the two stages that read it (the device, then the
 * precision and peak), one that changes only the region re-runs the grid and PUE, and both keep the
 * rest — the model lookup, the training tokens from the dataset catalogue — which read neither. Nine
 * hardware and up to four region candidates used to resolve the whole run once each (≈ 2/3 of the
 * estimate of a 100-line config).
 */
export interface SharedResolution {
  run: RunSpec;
  settings: EstimateSettings;
  r: ResolvedRun;
  /** The file's inputs without implausible numbers (dropImplausible), and its warnings: numbers only, never a hardware or region name. */
  clean: RunInputs;
  implausible: string[];
  /** The assumptions of the stages between those a variant re-runs: count and model; tokens; grid and PUE. */
  beforePrecision: string[];
  tokens: string[];
  grid: string[];
  /** The base run's training FLOPs once worked out (sharedCompute). */
  compute?: { value: TrainingCompute | undefined };
}

/**
 * The base run's training FLOPs and their sentence (trainingCompute.ts), worked out once: a hardware or
 * region variant has the very same, since trainingCompute reads the model, tokens, method and adapter,
 * never the device or the grid.
 */
export function sharedCompute(shared: SharedResolution): TrainingCompute | undefined {
  if (!shared.compute) shared.compute = { value: trainingCompute(shared.r) };
  return shared.compute.value;
}

/** The stage that reads the hardware: the device named (or an instance type's), else the setting, else the default. */
function resolveHardware(inputs: RunInputs, settings: EstimateSettings): { accelerator: Accelerator; assumptions: string[]; warnings: string[] } {
  const assumptions: string[] = [];
  const warnings: string[] = [];
  let accelerator: Accelerator | undefined;
  const hwText = inputs.hardware?.value;
  if (hwText) {
    // An instance type written as the hardware (`hardware: p4d.24xlarge`) names its device too.
    const inst = findAccelerator(hwText) ? undefined : findInstance(hwText);
    accelerator = findAccelerator(hwText) ?? (inst ? findAccelerator(inst.accelerator) : undefined);
    if (!accelerator) warnings.push(`Unknown accelerator "${hwText}": estimated as the default instead. Set it in the file or with "Carbon Lens: Set default hardware".`);
  }
  if (!accelerator && settings.defaultHardware) {
    accelerator = findAccelerator(settings.defaultHardware);
    if (accelerator) inputs.hardware = origin(accelerator.id, 'setting', 'carbonLens.defaultHardware');
  }
  if (!accelerator) {
    accelerator = findAccelerator(DEFAULT_ACCELERATOR_ID)!;
    // A device the file names but the catalogue lacks is not "not stated": say which name was not found.
    const unknown = hwText ? `"${hwText}" is not in the catalogue` : undefined;
    inputs.hardware = origin(accelerator.id, 'default', unknown ?? 'no accelerator stated');
    assumptions.push(`${unknown ? `Accelerator ${unknown}` : 'Accelerator not stated'}: assumed ${accelerator.name} (the most common training GPU in published runs).`);
  } else if (inputs.hardware && inputs.hardware.value !== accelerator.id) {
    inputs.hardware = { ...inputs.hardware, value: accelerator.id, note: inputs.hardware.note ?? `"${hwText}" → ${accelerator.name}` };
  }
  return { accelerator, assumptions, warnings };
}

/** The stage that reads the device after it: the precision (a default follows the device) and its peak. */
function resolvePrecision(inputs: RunInputs, accelerator: Accelerator, phase: RunSpec['phase'], quantBits: number | undefined): { precision: Precision; peak: { tflops: number; used: Precision }; noPeak: boolean; assumptions: string[] } {
  const assumptions: string[] = [];
  let precision: Precision;
  if (inputs.precision) precision = inputs.precision.value;
  else {
    precision = accelerator.tflops.bf16 ? 'bf16' : accelerator.tflops.fp16 ? 'fp16' : 'fp32';
    inputs.precision = origin(precision, 'default', 'no precision stated');
    // fp32 is full precision, not "mixed" (a K80 or an accelerator with no 16-bit figure).
    assumptions.push(`Precision not stated: assumed ${precision}${precision === 'fp32' ? '' : ' mixed'} precision, the usual default on ${accelerator.name}.`);
  }
  // Quantized training (QLoRA) still computes in 16-bit: weights are dequantized per matmul.
  let computePrecision: Precision = precision;
  if (phase === 'training' && (precision === 'int4' || precision === 'int8')) computePrecision = 'bf16';
  if (phase === 'inference' && quantBits === 8 && accelerator.tflops.int8) computePrecision = precision === 'fp8' ? 'fp8' : 'int8';
  const peak = peakFor(accelerator, computePrecision);
  // No figure at any precision: peakFor's 1 TFLOP/s stand-in would time an H200 NVL run ~1,000× too long.
  const noPeak = !Object.values(accelerator.tflops).some((v) => v && v > 0);
  if (!noPeak && peak.used !== computePrecision) assumptions.push(`${accelerator.name} has no ${computePrecision} figure: used its ${peak.used} peak.`);
  return { precision, peak, noPeak, assumptions };
}

/** The stage that reads the region: grid intensity, provider, PUE. */
function resolveGrid(inputs: RunInputs, settings: EstimateSettings): { intensity: Cited & { label: string; provider?: string }; pue: Cited; assumptions: string[] } {
  const assumptions: string[] = [];
  const intensity = resolveIntensity(inputs, settings, assumptions);
  const provider = intensity.provider;
  let pue: Cited;
  if (inputs.pue) pue = { value: inputs.pue.value, source: 'stated in the file', year: new Date().getFullYear() };
  else if (settings.pue) {
    pue = { value: settings.pue, source: 'carbonLens.pue setting', year: new Date().getFullYear() };
    inputs.pue = origin(settings.pue, 'setting', 'carbonLens.pue');
  } else {
    const p = pueFor(provider);
    pue = { value: p.pue, source: p.source, year: p.year };
    inputs.pue = origin(p.pue, provider ? 'inferred' : 'default', `${p.provider} PUE (${sourceYear(p.source, p.year)})`);
    if (!provider) assumptions.push(`Data-centre PUE unknown: ${p.pue} (${sourceYear(p.source, p.year)}).`);
  }
  return { intensity, pue, assumptions };
}

export function resolveShared(run: RunSpec, settings: EstimateSettings): SharedResolution {
  const { inputs: clean, warnings: implausible } = dropImplausible(run.inputs);
  const inputs: RunInputs = { ...clean };

  // ── Hardware ──
  const hw = resolveHardware(inputs, settings);
  const accelerator = hw.accelerator;
  const assumptions: string[] = [];

  // ── Count and nodes ──
  let count = inputs.count?.value;
  if (count === undefined && settings.defaultCount) {
    count = settings.defaultCount;
    inputs.count = origin(count, 'setting', 'carbonLens.defaultCount');
  }
  if (count === undefined) {
    count = 1;
    inputs.count = origin(1, 'default', 'no accelerator count stated');
    assumptions.push('Accelerator count not stated (config, launcher flags or comments): assumed 1.');
  }
  const nodes = inputs.nodes?.value ?? 1;

  // ── Model size ──
  let params = inputs.params?.value;
  let activeParams = inputs.activeParams?.value;
  const modelId = inputs.model?.value;
  // A per-sample model (ResNet, YOLO, Whisper, a diffusion UNet) is never read as a language model.
  const sampleModel = run.phase === 'training' && modelId ? sampleModelOf(inputs, assumptions) : undefined;
  if (sampleModel) params = inputs.params?.value;
  if (modelId && params === undefined) {
    const info = findModel(modelId);
    if (info) {
      params = info.params;
      inputs.params = origin(params, 'inferred', `${info.id}: ${fmt(params)} parameters (${sourceYear(info.source, info.year)})`);
      if (info.activeParams && activeParams === undefined) {
        activeParams = info.activeParams;
        inputs.activeParams = origin(activeParams, 'inferred', `mixture of experts: ${fmt(activeParams)} active per token (${info.source})`);
      }
    } else {
      const size = parseModelSize(modelId);
      if (size) {
        params = size.params;
        if (size.testCheckpoint) {
          inputs.params = origin(params, 'inferred', `"${modelId}" is a randomly initialised test checkpoint: about ${fmt(params)} parameters (an order of magnitude, not a count)`);
          assumptions.push(`Model "${modelId}" is a tiny test checkpoint, not in the catalogue: ${fmt(params)} parameters assumed (its order of magnitude); the run's compute is negligible.`);
        } else {
          inputs.params = origin(params, 'inferred', `size read from the name "${modelId}"`);
          assumptions.push(`Model "${modelId}" is not in the catalogue: ${fmt(params)} parameters read from its name${(size as { approximate?: boolean }).approximate ? ' (an upper bound for a mixture of experts)' : ''}.`);
        }
        if (size.activeParams) {
          activeParams = size.activeParams;
          inputs.activeParams = origin(activeParams, 'inferred', 'active parameters read from the name');
        }
      } else {
        assumptions.push(`Model "${modelId}" is not in the catalogue and its name gives no size.`);
      }
    }
  }
  if (activeParams === undefined && params !== undefined) activeParams = params;

  // ── Precision, quantization, adapters ──
  const quantBits = inputs.quantization?.value;
  const adapter = inputs.adapter?.value ?? (quantBits !== undefined && quantBits <= 4 && run.phase === 'training' ? 'qlora' : undefined);
  const prec = resolvePrecision(inputs, accelerator, run.phase, quantBits);
  const tokenNotes: string[] = [];

  // ── Tokens (training) ──
  let tokens = inputs.tokens?.value;
  let dataset: ResolvedRun['dataset'];
  let rollout: ResolvedRun['rollout'];
  // A per-sample model (vision, speech, diffusion) counts images or audio windows, never tokens.
  const perSample = sampleModel && tokens === undefined ? sampleCompute(sampleModel, inputs, count, adapter !== undefined, settings, tokenNotes) : undefined;
  if (run.phase === 'training' && tokens === undefined && !sampleModel) ({ tokens, dataset, rollout } = resolveTrainingTokens(inputs, count, settings, tokenNotes));

  // ── Grid and PUE ──
  const grid = resolveGrid(inputs, settings);
  const { intensity, pue } = grid;
  const provider = intensity.provider;

  const trials = inputs.trials?.value ?? 1;
  // The carbonLens.mfu setting (e.g. adopted from a measured run) applies where the file states none.
  if (!inputs.mfu && settings.mfu !== undefined) inputs.mfu = origin(settings.mfu, 'setting', 'carbonLens.mfu');

  const r: ResolvedRun = {
    run,
    inputs,
    accelerator,
    count,
    nodes,
    params,
    activeParams,
    tokens,
    ...(perSample ? { sampleCompute: perSample } : {}),
    dataset,
    rollout,
    hours: inputs.hours?.value,
    maxHours: inputs.maxHours?.value,
    precision: prec.precision,
    peakTflops: prec.peak.tflops,
    ...(prec.noPeak ? { noPeak: true as const } : {}),
    adapter,
    quantBits,
    intensity: { value: intensity.value, source: intensity.source, year: intensity.year, label: intensity.label },
    pue,
    provider,
    trials,
    boundary: settings.boundary ?? DEFAULT_BOUNDARY,
    assumptions: [...hw.assumptions, ...assumptions, ...prec.assumptions, ...tokenNotes, ...grid.assumptions],
    warnings: [...implausible, ...hw.warnings],
  };
  return { run, settings, r, clean, implausible, beforePrecision: assumptions, tokens: tokenNotes, grid: grid.assumptions };
}

/**
 * `variant` resolved as resolveRun would, when it differs from the shared run only in its hardware or
 * only in its region (the what-ifs' candidates): the stages that read that field re-run, every other
 * stage is kept. Any other difference (or other settings) gets the full resolveRun.
 */
export function resolveVariant(shared: SharedResolution, variant: RunSpec, settings: EstimateSettings): ResolvedRun {
  return variantOf(shared, variant, settings) ?? resolveRun(variant, settings);
}

/** resolveVariant's kept-stages path alone: undefined unless `variant` changes only the hardware or only the region. */
export function variantOf(shared: SharedResolution, variant: RunSpec, settings: EstimateSettings): ResolvedRun | undefined {
  const field = changedField(shared, variant, settings);
  if (field === 'hardware') return hardwareVariant(shared, variant, settings);
  if (field === 'region') return regionVariant(shared, variant, settings);
  return undefined;
}

function hardwareVariant(shared: SharedResolution, variant: RunSpec, settings: EstimateSettings): ResolvedRun {
  const base = shared.r;
  // The base's completed inputs, with the variant's hardware and, where the file stated no precision,
  // none (the precision stage defaults it from the new device, as a full resolve would).
  const inputs: RunInputs = { ...base.inputs, hardware: variant.inputs.hardware };
  if (!shared.clean.precision) delete inputs.precision;
  const hw = resolveHardware(inputs, settings);
  const prec = resolvePrecision(inputs, hw.accelerator, variant.phase, base.quantBits);
  const r: ResolvedRun = {
    ...base,
    run: variant,
    inputs,
    accelerator: hw.accelerator,
    precision: prec.precision,
    peakTflops: prec.peak.tflops,
    assumptions: [...hw.assumptions, ...shared.beforePrecision, ...prec.assumptions, ...shared.tokens, ...shared.grid],
    warnings: [...shared.implausible, ...hw.warnings],
  };
  if (prec.noPeak) r.noPeak = true;
  else delete r.noPeak;
  return r;
}

function regionVariant(shared: SharedResolution, variant: RunSpec, settings: EstimateSettings): ResolvedRun {
  const base = shared.r;
  // The base's completed inputs, with the variant's region and the grid stage's own outputs (intensity,
  // PUE) back to what the file stated, so the stage fills them for the new region as a full resolve would.
  const inputs: RunInputs = { ...base.inputs, region: variant.inputs.region };
  for (const k of ['intensity', 'pue'] as const) {
    if (shared.clean[k]) inputs[k] = shared.clean[k];
    else delete inputs[k];
  }
  const grid = resolveGrid(inputs, settings);
  const { intensity, pue } = grid;
  return {
    ...base,
    run: variant,
    inputs,
    intensity: { value: intensity.value, source: intensity.source, year: intensity.year, label: intensity.label },
    pue,
    provider: intensity.provider,
    assumptions: [...shared.r.assumptions.slice(0, shared.r.assumptions.length - shared.grid.length), ...grid.assumptions],
    warnings: [...base.warnings],
  };
}

/** The one input (hardware or region) a variant changes, with the same settings object and every other input the very same value. */
function changedField(shared: SharedResolution, variant: RunSpec, settings: EstimateSettings): 'hardware' | 'region' | undefined {
  if (settings !== shared.settings) return undefined;
  const a = shared.run;
  if (variant.phase !== a.phase || variant.format !== a.format) return undefined;
  const va = a.inputs as Record<string, unknown>;
  const vb = variant.inputs as Record<string, unknown>;
  const kb = Object.keys(vb);
  let changed: string | undefined;
  for (const k of kb) {
    if (vb[k] === va[k]) continue;
    if (changed !== undefined) return undefined;
    changed = k;
  }
  if (changed !== 'hardware' && changed !== 'region') return undefined;
  // No input dropped either: the same keys but for the changed one.
  const ka = Object.keys(va).filter((k) => k !== changed).length;
  if (ka !== kb.filter((k) => k !== changed).length) return undefined;
  return typeof vb[changed] === 'object' && typeof (vb[changed] as { value?: unknown }).value === 'string' ? changed : undefined;
}

function resolveIntensity(inputs: RunInputs, settings: EstimateSettings, assumptions: string[]): Cited & { label: string; provider?: string } {
  let provider: string | undefined;
  let label = 'world average';
  const regionText = inputs.region?.value ?? settings.defaultRegion;
  let regionValue: Cited | undefined;
  if (regionText) {
    const match = findRegion(regionText);
    if (match?.kind === 'cloud') {
      provider = match.region.provider;
      label = `${match.region.provider}:${match.region.region}`;
      regionValue = { value: match.region.gPerKwh, source: match.region.source, year: match.region.year };
    } else if (match?.kind === 'country') {
      label = match.country.name;
      regionValue = { value: match.country.gPerKwh, source: match.country.source, year: match.country.year };
    } else {
      assumptions.push(`Region "${regionText}" is not in the data: used the world average grid.`);
    }
    if (!inputs.region && match) inputs.region = origin(regionText, 'setting', 'carbonLens.defaultRegion');
  }
  const stated = inputs.intensity?.value ?? settings.intensity;
  if (stated !== undefined) {
    if (!inputs.intensity) inputs.intensity = origin(stated, 'setting', 'carbonLens.intensity');
    return { value: stated, source: inputs.intensity.origin === 'file' ? 'stated in the file' : 'carbonLens.intensity setting', year: new Date().getFullYear(), label, provider };
  }
  if (regionValue) {
    inputs.intensity = origin(regionValue.value, 'inferred', `${label}: ${regionValue.value} g/kWh (${sourceYear(regionValue.source, regionValue.year)})`);
    return { ...regionValue, label, provider };
  }
  const world = worldIntensity();
  if (!regionText) assumptions.push(`Region not stated: world average grid, ${world.gPerKwh} g CO₂e/kWh (${sourceYear(world.source, world.year)}).`);
  inputs.intensity = origin(world.gPerKwh, 'default', `world average (${sourceYear(world.source, world.year)})`);
  return { value: world.gPerKwh, source: world.source, year: world.year, label, provider };
}
