// Axolotl YAML (`axolotl train cfg.yml`). Model, sequence length, micro batch, epochs, 4/8-bit
// loading and the adapter are all top-level keys; GPUs come from the launcher, a Ray setting, or
// the DeepSpeed/FSDP config it points to.
import type { Precision } from '../../core/runSpec';
import type { Change, FormatInput, TextEditSpec } from '../types';
import type { TMap } from '../tree';
import { topKeys } from '../tree';
import { CANNOT, EditPlan } from './keyEdits';
import { ACCELERATE_SOURCE, planPrecisionFlags } from './hfTrainingArgs';
import { DEEPSPEED_SOURCE } from './accelerate';
import { readReference } from './siblings';
import { Reader, anchorOf, fileStem, findNode, finishRun, inferredAt, precisionFromFlags, rootMap, scalarAt } from './trainingShared';
import { rootMapHandler } from './rootMapHandler';
import { readCheckpointing, readPacking, readRlKnobs } from './trainingData';
import { fromEntry } from '../fields';
import type { TrainingMethod } from '../../core/runSpec';

/** Axolotl `rl:` values and the method each computes like (IPO is a DPO loss). */
const RL: Record<string, TrainingMethod> = { dpo: 'dpo', ipo: 'dpo', orpo: 'orpo', kto: 'kto', simpo: 'simpo', grpo: 'grpo' };

const AXOLOTL_KEYS = new Set([
  'sequence_len', 'micro_batch_size', 'num_epochs', 'adapter', 'datasets', 'load_in_4bit', 'load_in_8bit', 'sample_packing',
  'lr_scheduler', 'lora_r', 'lora_target_linear', 'val_set_size', 'dataset_prepared_path', 'pad_to_sequence_len',
  'special_tokens', 'evals_per_epoch', 'saves_per_epoch', 'tokenizer_type', 'model_type', 'train_on_inputs',
  'unfrozen_parameters', 'flash_attention', 'lora_model_dir', 'wandb_project',
]);

export function axolotlScore(root: TMap | undefined): number {
  const keys = topKeys(root);
  if (!keys.includes('base_model') || keys.includes('input_features')) return 0;
  const hits = new Set(keys.filter((k) => AXOLOTL_KEYS.has(k))).size;
  const core = keys.includes('sequence_len') || keys.includes('micro_batch_size');
  if (core && hits >= 3) return 0.95;
  if (hits >= 2) return 0.75;
  return 0;
}

function readAxolotl(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  r.noteDuplicates();
  r.set('model', r.str('base_model'));
  const maxSteps = r.num('max_steps');
  if (maxSteps && maxSteps.value > 0) r.set('steps', maxSteps);
  r.set('epochs', r.num('num_epochs'));
  if (r.has('steps') && r.has('epochs')) r.note('max_steps is set: it caps the run before num_epochs ends.');
  r.set('perDeviceBatch', r.num('micro_batch_size'));
  const accum = r.num('gradient_accumulation_steps');
  r.set('gradAccum', accum);
  const perDeviceTotal = r.num('batch_size');
  const micro = r.inputs.perDeviceBatch?.value;
  if (!accum && perDeviceTotal && micro) {
    // Axolotl's `batch_size` is micro × accumulation on one GPU; it derives the accumulation from it.
    r.set('gradAccum', inferredAt(r.entry('batch_size'), Math.max(1, Math.round(perDeviceTotal.value / micro)), `batch_size ${perDeviceTotal.value} ÷ micro_batch_size ${micro}`));
  }
  r.set('seqLen', r.num('sequence_len'));
  readPacking(r, 'sample_packing');
  readAxolotlData(r);

  r.set('precision', precisionFromFlags(r, [['bf16', 'bf16'], ['fp16', 'fp16'], ['fp8', 'fp8'], ['tf32', 'tf32']]));
  const q4 = r.bool('load_in_4bit');
  const q8 = r.bool('load_in_8bit');
  const gptq = r.bool('gptq');
  if (q4?.value) r.set('quantization', { ...q4, value: 4 });
  else if (q8?.value) r.set('quantization', { ...q8, value: 8 });
  else if (gptq?.value) r.set('quantization', { ...gptq, value: 4, note: 'GPTQ checkpoints are 4-bit' });

  const adapter = r.str('adapter');
  if (adapter) {
    const a = adapter.value.toLowerCase();
    if (a === 'qlora' || a === 'lora') {
      r.set('adapter', { ...adapter, value: a });
      if (a === 'qlora' && !r.has('quantization')) r.set('quantization', inferredAt(r.entry('adapter'), 4, 'QLoRA loads the base model in 4-bit'));
      const rank = r.num('lora_r');
      r.set('loraRank', rank);
      if (!rank) r.note('adapter without lora_r: rank unknown (it changes little of the compute).');
    } else r.note(`adapter \`${adapter.value}\` is not LoRA/QLoRA: estimated as an adapter-free fine-tune.`);
  } else r.note('No `adapter`: a full fine-tune of every weight.');
  if (findNode(root, 'unfrozen_parameters')?.kind === 'seq') r.note('unfrozen_parameters: only the listed weights train, so the backward pass is cheaper than the full fine-tune estimated.');

  const rayWorkers = r.num('ray_num_workers');
  if (rayWorkers && r.bool('use_ray')?.value === true) r.set('count', { ...rayWorkers, note: 'use_ray: one GPU per Ray worker' });
  if (findNode(root, 'fsdp') || findNode(root, 'fsdp_config')) r.note('FSDP is configured: several GPUs are intended; the count comes from the launcher.');
  if (r.bool('fsdp_config.fsdp_offload_params')?.value === true) r.note('FSDP parameter offload to CPU adds host energy that is not modelled.');
  readCheckpointing(r, 'gradient_checkpointing');
  if (r.str('gradient_checkpointing')?.value === 'unsloth') r.set('gradientCheckpointing', { ...r.str('gradient_checkpointing')!, value: true, note: 'unsloth offloaded checkpointing also recomputes activations' });
  readReference(input, r, r.entry('deepspeed'), [DEEPSPEED_SOURCE, ACCELERATE_SOURCE]);

  return finishRun(r, r.str('wandb_name')?.value ?? fileStem(input.fileName), 'axolotl', anchorOf(root, ['base_model']));
}

/** `datasets:` (each `path` with an optional `split`) and `rl:` with its `trl:` knobs. */
function readAxolotlData(r: Reader): void {
  const ds = r.entry('datasets');
  if (ds?.value.kind === 'seq') {
    const refs: string[] = [];
    for (const item of ds.value.items.slice(0, 50)) {
      if (item.kind !== 'map') continue;
      let path: unknown;
      let split: unknown;
      for (const e of item.entries) {
        if (e.key === 'path' && e.value.kind === 'scalar') path = e.value.value;
        if (e.key === 'split' && e.value.kind === 'scalar') split = e.value.value;
      }
      if (typeof path === 'string' && path.trim()) refs.push(typeof split === 'string' && split.trim() ? `${path.trim()}[${split.trim()}]` : path.trim());
    }
    if (refs.length) r.set('dataset', fromEntry(ds, refs.join(', ')));
  }
  const rl = r.str('rl');
  const m = rl ? RL[rl.value.toLowerCase()] : undefined;
  if (rl && m) r.set('trainingMethod', { ...rl, value: m });
  else if (rl) r.note(`rl: ${rl.value} is not a method Carbon Lens models: estimated as supervised training.`);
  readRlKnobs(r, 'trl.');
}

function planAxolotl(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  const v = change.value;
  switch (change.field) {
    case 'quantization':
      if (v === 4) plan.set('load_in_4bit', true).setIfPresent('load_in_8bit', false).set('adapter', 'qlora');
      else if (v === 8) {
        plan.set('load_in_8bit', true).setIfPresent('load_in_4bit', false);
        if (scalarAt(root, 'adapter') === 'qlora') plan.set('adapter', 'lora');
      } else return CANNOT;
      break;
    case 'precision':
      if (v === 'fp8') plan.set('fp8', true);
      else if (!planPrecisionFlags(plan, v as Precision)) return CANNOT;
      break;
    case 'epochs':
      plan.set('num_epochs', Number(v));
      break;
    case 'adapter':
      plan.set('adapter', String(v));
      if (v === 'qlora') plan.set('load_in_4bit', true).setIfPresent('load_in_8bit', false);
      else plan.setIfPresent('load_in_4bit', false);
      break;
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const axolotlHandler = rootMapHandler({
  id: 'axolotl',
  syntaxes: ['yaml', 'json'],
  score: (_input, root) => axolotlScore(root),
  read: readAxolotl,
  plan: planAxolotl,
  referenceKeys: ['deepspeed'],
});
