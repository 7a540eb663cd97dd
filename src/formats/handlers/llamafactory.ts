// LLaMA-Factory YAML/JSON (`llamafactory-cli train x.yaml`): TrainingArguments keys plus its own
// `stage`, `finetuning_type`, `cutoff_len`, `max_samples`, `quantization_bit` and Ray settings.
import type { Precision } from '../../core/runSpec';
import type { Change, FormatInput, TextEditSpec } from '../types';
import type { TMap } from '../tree';
import { topKeys } from '../tree';
import { CANNOT, EditPlan } from './keyEdits';
import { planPrecisionFlags, readTrainerArgs } from './hfTrainingArgs';
import { referencePaths } from './siblings';
import { Reader, anchorOf, fileStem, finishRun, inferredAt, rootMap, scalarAt } from './trainingShared';
import { rootMapHandler } from './rootMapHandler';
import { readPacking, readRlKnobs } from './trainingData';
import type { TrainingMethod } from '../../core/runSpec';

/** `stage:` values whose compute differs from supervised training. */
const STAGE_METHOD: Record<string, TrainingMethod> = { pt: 'pretrain', rm: 'reward', dpo: 'dpo', kto: 'kto', ppo: 'ppo' };

const STAGES = new Set(['pt', 'sft', 'rm', 'ppo', 'dpo', 'kto']);
const FINETUNING = new Set(['lora', 'oft', 'freeze', 'full']);
/** LLaMA-Factory's default LoRA rank (hparams/finetuning_args.py). */
const DEFAULT_LORA_RANK = 8;

export function llamafactoryScore(root: TMap | undefined): number {
  const keys = topKeys(root);
  const stage = scalarAt(root, 'stage');
  const ft = scalarAt(root, 'finetuning_type');
  if (keys.includes('stage') && keys.includes('finetuning_type')) {
    return typeof stage === 'string' && STAGES.has(stage) && typeof ft === 'string' && FINETUNING.has(ft) ? 0.97 : 0.85;
  }
  if (keys.includes('model_name_or_path') && typeof stage === 'string' && STAGES.has(stage) && keys.includes('template')) return 0.9;
  // Inference configs (`examples/inference/*.yaml`): model, template and a backend.
  if (keys.includes('model_name_or_path') && keys.includes('template') && keys.includes('infer_backend')) return 0.85;
  return 0;
}

function readLlamaFactory(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  r.noteDuplicates();
  r.set('model', r.str('model_name_or_path'));
  const inference = !r.entry('stage') && r.entry('infer_backend') !== undefined;
  if (inference) {
    r.note('An inference config: serving traffic (queries per day) comes from the settings.');
    return finishRun(r, fileStem(input.fileName), 'llamafactory', anchorOf(root, ['model_name_or_path']), 'inference');
  }
  readTrainerArgs(input, r);
  if (!r.has('steps') && !r.entry('num_train_epochs')) r.set('epochs', { value: 3, origin: 'default', range: r.entry('stage')?.keyRange, note: 'num_train_epochs not set: the TrainingArguments default is 3' });
  r.set('seqLen', r.num('cutoff_len'));
  // max_samples truncates each listed dataset; the estimator takes the smaller of it and each dataset's size.
  const dataset = r.str('dataset');
  if (dataset) r.set('dataset', dataset);
  const maxSamples = r.num('max_samples');
  if (maxSamples) r.set('maxSamples', { ...maxSamples, note: 'max_samples caps each dataset' });
  readPacking(r, 'packing');
  readPacking(r, 'neat_packing');
  const stage = r.str('stage');
  const method = stage ? STAGE_METHOD[stage.value] : undefined;
  if (stage && method) r.set('trainingMethod', { ...stage, value: method });
  const pref = r.str('pref_loss');
  if (method === 'dpo' && (pref?.value === 'orpo' || pref?.value === 'simpo')) r.inputs.trainingMethod = { ...pref, value: pref.value };
  readRlKnobs(r);
  // LLaMA-Factory turns gradient checkpointing on unless told not to (model_args.disable_gradient_checkpointing).
  const noCkpt = r.bool('disable_gradient_checkpointing');
  r.set('gradientCheckpointing', noCkpt?.value === true ? { ...noCkpt, value: false } : inferredAt(stage ? r.entry('stage') : r.entry('model_name_or_path'), true, 'LLaMA-Factory enables gradient checkpointing by default (disable_gradient_checkpointing: false)'));
  const bits = r.num('quantization_bit');
  if (bits) {
    r.set('quantization', bits);
    const method = r.str('quantization_method')?.value;
    if (method) r.note(`quantization_bit ${bits.value} with ${method}: weights are stored in ${bits.value}-bit, compute stays 16-bit.`);
  }
  const ft = r.str('finetuning_type');
  if (ft?.value === 'lora') {
    const q = r.inputs.quantization?.value;
    r.set('adapter', { ...ft, value: q !== undefined && q <= 4 ? 'qlora' : 'lora', note: q !== undefined && q <= 4 ? `LoRA on a ${q}-bit base: QLoRA` : undefined });
    const rank = r.num('lora_rank');
    r.set('loraRank', rank ?? { value: DEFAULT_LORA_RANK, origin: 'default', range: ft.range, keyRange: ft.keyRange, key: 'lora_rank', note: 'lora_rank not set: LLaMA-Factory defaults to 8' });
  } else if (ft?.value === 'freeze' || ft?.value === 'oft') r.note(`finetuning_type ${ft.value}: only part of the model trains; estimated as a full fine-tune (an upper bound).`);
  const workers = r.num('ray_num_workers');
  if (workers && (r.bool('use_ray')?.value !== false)) {
    // ray_num_workers is the GPU count of one run, not a number of trials.
    r.set('count', { ...workers, note: 'ray_num_workers: one GPU per Ray worker (one run, not a sweep)' });
  }
  return finishRun(r, r.str('run_name')?.value ?? fileStem(input.fileName), 'llamafactory', anchorOf(root, ['model_name_or_path']));
}

function planLlamaFactory(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  const v = change.value;
  switch (change.field) {
    case 'quantization':
      if (![2, 3, 4, 8].includes(Number(v))) return CANNOT; // the bit widths quantization_bit accepts
      plan.set('quantization_bit', v);
      // Quantized weights only train through an adapter.
      if (scalarAt(root, 'finetuning_type') !== 'lora') plan.set('finetuning_type', 'lora');
      break;
    case 'precision':
      if (!planPrecisionFlags(plan, v as Precision)) return CANNOT;
      break;
    case 'epochs':
      plan.set('num_train_epochs', Number(v));
      if (Number(scalarAt(root, 'max_steps')) > 0) plan.set('max_steps', -1);
      break;
    case 'adapter':
      plan.set('finetuning_type', 'lora');
      if (v === 'qlora') plan.set('quantization_bit', 4);
      else if (Number(scalarAt(root, 'quantization_bit')) <= 4) plan.set('quantization_bit', null); // LoRA on full-precision weights
      break;
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const llamafactoryHandler = rootMapHandler({
  id: 'llamafactory',
  syntaxes: ['yaml', 'json'],
  score: (_input, root) => llamafactoryScore(root),
  read: readLlamaFactory,
  plan: planLlamaFactory,
  referenceKeys: ['deepspeed'],
});
