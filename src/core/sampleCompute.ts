// Training compute of per-sample workloads (vision, detection, speech, diffusion): forward FLOPs per
// sample × samples seen × 3 (forward + a backward of about twice the forward), or × 2 with an adapter
// (the frozen network still back-propagates activations, but computes no weight gradients). The
// samples seen are steps × global batch, or epochs × dataset size: never tokens.
import { WORKLOAD_DEFAULTS } from './constants';
import type { RunInputs, Sourced } from './runSpec';
import { findSampleModel, type SampleModel } from './sampleCatalog';
import type { EstimateSettings } from './settings';
import { sourceYear } from './present/text';

/** Training FLOPs per forward FLOP: full training and adapter (LoRA) fine-tuning. */
export const TRAINING_PER_FORWARD = {
  full: 3,
  adapter: 2,
  source: 'backward ≈ 2 × forward (Kaplan et al. 2020 count 6ND = 3 × the 2ND forward); adapters skip weight gradients',
  year: 2020,
};

export interface SampleCompute {
  model: SampleModel;
  /** Training FLOPs of one trial. */
  flops: number;
  samples: number;
  factor: number;
  /** "3 × 8.18e9 FLOPs per image at 224×224 × 1.28e8 images". */
  how: string;
}

function fmt(n: number): string {
  if (n >= 1e5) {
    const [m, e] = n.toExponential(2).split('e');
    return `${+m}e${Number(e)}`;
  }
  return `${+n.toPrecision(3)}`;
}

function inferred<T>(value: T, o: Sourced<T>['origin'], note: string): Sourced<T> {
  return { value, origin: o, note };
}

/**
 * The per-sample model named by the run, when it is one. Sets `params` (for display) and says what
 * is missing when the catalogue has no FLOPs figure for it.
 */
export function sampleModelOf(inputs: RunInputs, assumptions: string[]): SampleModel | undefined {
  const m = findSampleModel(inputs.model?.value);
  if (!m) return undefined;
  if (inputs.params === undefined) inputs.params = inferred(m.params, 'inferred', `${m.id}: ${fmt(m.params)} parameters (${sourceYear(m.source, m.year)})`);
  if (m.forwardFlops === undefined) assumptions.push(`${m.id} is a ${m.task} model counted per sample, but no forward FLOPs figure is catalogued for it: not estimated from its parameters as if it read tokens.`);
  return m;
}

/** Training FLOPs of a per-sample run, or undefined when the model or the length is unknown. */
export function sampleCompute(model: SampleModel, inputs: RunInputs, count: number, adapter: boolean, settings: EstimateSettings, assumptions: string[]): SampleCompute | undefined {
  const perSample = model.forwardFlops;
  if (perSample === undefined) return undefined;
  const steps = inputs.steps?.value;
  const epochs = inputs.epochs?.value;
  let samples: number;
  let seen: string;
  if (steps !== undefined) {
    let batch = inputs.batchSize?.value;
    if (batch === undefined) {
      const per = inputs.perDeviceBatch?.value;
      const accum = inputs.gradAccum?.value ?? 1;
      if (per === undefined) assumptions.push(`Per-device batch not stated: assumed ${WORKLOAD_DEFAULTS.perDeviceBatch} samples.`);
      batch = (per ?? WORKLOAD_DEFAULTS.perDeviceBatch) * accum * count;
      inputs.batchSize = inferred(batch, 'inferred', `per-device ${per ?? WORKLOAD_DEFAULTS.perDeviceBatch} × accumulation ${accum} × ${count} devices (all data-parallel)`);
    }
    samples = steps * batch;
    seen = `${fmt(steps)} steps × batch ${fmt(batch)}`;
  } else if (epochs !== undefined) {
    let perEpoch = inputs.datasetSamples?.value;
    if (perEpoch === undefined) {
      perEpoch = settings.datasetSamples ?? WORKLOAD_DEFAULTS.datasetSamples;
      const o = settings.datasetSamples ? 'setting' : 'default';
      inputs.datasetSamples = inferred(perEpoch, o, o === 'setting' ? 'carbonLens.datasetSamples' : 'dataset size not stated');
      assumptions.push(`Dataset size not stated: assumed ${fmt(perEpoch)} samples per epoch (change with carbonLens.datasetSamples).`);
    }
    samples = epochs * perEpoch;
    seen = `${fmt(epochs)} epoch${epochs === 1 ? '' : 's'} × ${fmt(perEpoch)} samples`;
  } else return undefined;
  const factor = adapter ? TRAINING_PER_FORWARD.adapter : TRAINING_PER_FORWARD.full;
  const flops = factor * perSample * samples;
  const how = `${factor} × ${fmt(perSample)} FLOPs per ${model.sampleUnit} (${model.id}: ${model.basis}; ${sourceYear(model.source, model.year)}) × ${fmt(samples)} samples (${seen})`;
  return { model, flops, samples, factor, how };
}
