// Hugging Face TrainingArguments as YAML/JSON, TRL configs (`trl sft --config`, alignment-handbook
// recipes, DPO/ORPO variants). LLaMA-Factory reuses the trainer keys, so `readTrainerArgs` serves both.
import type { Precision } from '../../core/runSpec';
import type { Change, FormatInput, TextEditSpec } from '../types';
import type { TMap } from '../tree';
import { topKeys } from '../tree';
import { CANNOT, EditPlan } from './keyEdits';
import { accelerateFacts, accelerateScore, DEEPSPEED_SOURCE } from './accelerate';
import { readReference, type FactSource } from './siblings';
import { Reader, anchorOf, fileStem, finishRun, findNode, hasKey, precisionFromFlags, rootMap, scalarAt } from './trainingShared';
import { rootMapHandler } from './rootMapHandler';
import { readCheckpointing, readTrlData, readTrlMethod } from './trainingData';

export const ACCELERATE_SOURCE: FactSource = { name: 'accelerate', score: accelerateScore, facts: accelerateFacts };

/** TrainingArguments and TRL config keys (the ones real recipes write most). */
const HF_KEYS = new Set([
  'per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs', 'gradient_accumulation_steps',
  'learning_rate', 'lr_scheduler_type', 'warmup_ratio', 'warmup_steps', 'logging_steps', 'logging_strategy',
  'save_strategy', 'save_steps', 'save_total_limit', 'eval_strategy', 'evaluation_strategy', 'eval_steps', 'max_steps',
  'output_dir', 'overwrite_output_dir', 'report_to', 'push_to_hub', 'hub_model_id', 'hub_strategy', 'do_train', 'do_eval',
  'gradient_checkpointing', 'gradient_checkpointing_kwargs', 'optim', 'bf16', 'fp16', 'tf32', 'run_name',
  'remove_unused_columns', 'dataloader_num_workers', 'log_level', 'weight_decay', 'max_grad_norm', 'seed',
  // TRL ModelConfig / SFTConfig / DPOConfig
  'model_name_or_path', 'model_revision', 'torch_dtype', 'dtype', 'attn_implementation', 'use_peft', 'lora_r', 'lora_alpha',
  'lora_dropout', 'lora_target_modules', 'load_in_4bit', 'load_in_8bit', 'bnb_4bit_quant_type', 'use_bnb_nested_quant',
  'dataset_name', 'dataset_text_field', 'dataset_mixture', 'dataset_num_proc', 'max_seq_length', 'max_length', 'packing',
  'chat_template', 'beta', 'max_prompt_length', 'max_completion_length', 'num_generations', 'use_vllm',
]);

/** Top-level keys that mean another format that also uses trainer keys. */
function foreign(root: TMap | undefined): boolean {
  const keys = new Set(topKeys(root));
  if (keys.has('stage') && keys.has('finetuning_type')) return true; // LLaMA-Factory
  if (keys.has('base_model') && ['sequence_len', 'micro_batch_size', 'num_epochs', 'datasets'].some((k) => keys.has(k))) return true; // Axolotl
  if (keys.has('input_features') || keys.has('apiVersion') || keys.has('distributed_type') || keys.has('compute_environment')) return true;
  if (keys.has('zero_optimization') || keys.has('log_history') || keys.has('peft_type') || keys.has('MODEL_ARGS')) return true;
  if (findNode(root, 'trainer')?.kind === 'map' || findNode(root, 'model')?.kind === 'map') return true; // NeMo, Lightning, torchtune
  return false;
}

export function hfScore(root: TMap | undefined): number {
  if (!root || foreign(root)) return 0;
  const keys = topKeys(root);
  const hits = new Set(keys.filter((k) => HF_KEYS.has(k))).size;
  const anchored = keys.includes('model_name_or_path') || keys.includes('output_dir');
  if (!anchored) return 0;
  if (hits >= 5) return 0.88;
  if (hits >= 4) return 0.78;
  if (hits >= 3 && keys.includes('model_name_or_path')) return 0.65;
  return 0;
}

/** Trainer keys shared by TrainingArguments and LLaMA-Factory: duration, batch, precision, referenced configs. */
export function readTrainerArgs(input: FormatInput, r: Reader): void {
  const maxSteps = r.num('max_steps');
  if (maxSteps && maxSteps.value > 0) r.set('steps', maxSteps);
  else if (maxSteps) r.note(`max_steps ${maxSteps.value} (line ${maxSteps.range!.startLine + 1}): no step limit, the number of epochs decides.`);
  r.set('epochs', r.num('num_train_epochs'));
  if (r.has('steps') && r.has('epochs')) r.note('max_steps > 0 overrides num_train_epochs: the step count decides the length.');
  r.set('perDeviceBatch', r.num('per_device_train_batch_size'));
  r.set('gradAccum', r.num('gradient_accumulation_steps'));
  r.set('precision', precisionFromFlags(r, [['bf16', 'bf16'], ['pure_bf16', 'bf16'], ['fp16', 'fp16'], ['tf32', 'tf32']]));
  readCheckpointing(r, 'gradient_checkpointing');
  if (r.bool('use_cpu')?.value === true || r.bool('no_cuda')?.value === true) r.note('The run is set to CPU only; Carbon Lens estimates accelerators, so treat the estimate as an upper bound.');
  const fsdp = scalarAt(r.root, 'fsdp');
  if (hasKey(r.root, 'fsdp') && fsdp !== '' && fsdp !== null && fsdp !== false) r.note('FSDP is configured: several GPUs are intended; the count comes from the launcher.');
  readReference(input, r, r.entry('deepspeed'), [DEEPSPEED_SOURCE, ACCELERATE_SOURCE]);
}

/** PEFT and bitsandbytes keys of TRL's ModelConfig. */
function readPeft(r: Reader): void {
  const q4 = r.bool('load_in_4bit');
  const q8 = r.bool('load_in_8bit');
  if (q4?.value) r.set('quantization', { ...q4, value: 4 });
  else if (q8?.value) r.set('quantization', { ...q8, value: 8 });
  const quantType = r.str('bnb_4bit_quant_type');
  if (quantType && q4?.value) r.note(`4-bit weights as ${quantType.value}; compute stays 16-bit.`);
  const usePeft = r.bool('use_peft');
  const rank = r.num('lora_r') ?? r.num('lora_rank');
  // open-instruct's finetune.py YAML: `use_lora` / `use_qlora` (QLoRA loads the base in 4 bits), `lora_rank`.
  const useQlora = r.bool('use_qlora');
  const useLora = r.bool('use_lora');
  if (useQlora?.value) {
    r.set('adapter', { ...useQlora, value: 'qlora', note: 'use_qlora: LoRA on a 4-bit base (open-instruct)' });
    r.set('quantization', { ...useQlora, value: 4, origin: 'inferred', note: 'use_qlora loads the base model in 4 bits' });
    r.set('loraRank', rank);
  } else if (useLora?.value) {
    r.set('adapter', { ...useLora, value: 'lora', note: 'use_lora: LoRA (open-instruct)' });
    r.set('loraRank', rank);
  }
  if (usePeft?.value) {
    const qlora = r.inputs.quantization?.value === 4;
    r.set('adapter', { ...usePeft, value: qlora ? 'qlora' : 'lora', note: qlora ? 'use_peft with load_in_4bit: QLoRA' : 'use_peft: LoRA' });
    r.set('loraRank', rank);
    if (!rank) r.note('use_peft without lora_r: TRL\'s default rank 16 applies (rank changes little of the compute).');
  } else if (rank && !r.has('adapter')) r.note(`${rank.key ?? 'lora_r'} is set but use_peft is not: a full fine-tune is assumed.`);
}

export function readHfTrainingArgs(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  r.noteDuplicates();
  r.set('model', r.first(['model_name_or_path', 'model_name', 'model_id'], (p) => r.str(p)));
  readTrainerArgs(input, r);
  if (!r.has('steps') && !r.entry('num_train_epochs')) {
    const anchor = r.entry('output_dir') ?? r.entry('model_name_or_path');
    r.set('epochs', { value: 3, origin: 'default', range: anchor?.keyRange, note: 'num_train_epochs not set: TrainingArguments defaults to 3' });
  }
  r.set('seqLen', r.first(['max_seq_length', 'max_length', 'block_size', 'max_source_length', 'cutoff_len'], (p) => r.num(p)));
  readPeft(r);
  readTrlData(r);
  readTrlMethod(r, input.fileName);
  if (!r.has('precision')) {
    const dtype = r.first(['torch_dtype', 'dtype'], (p) => r.precision(p));
    if (dtype) r.set('precision', { ...dtype, origin: 'inferred', note: `no bf16/fp16 switch: the model is loaded in ${dtype.value}` });
  }
  const name = r.str('run_name')?.value ?? r.str('hub_model_id')?.value ?? fileStem(input.fileName);
  return finishRun(r, name, 'hf-training-args', anchorOf(root, ['model_name_or_path', 'model_name', 'output_dir']));
}

/** `bf16`/`fp16` switches, as TrainingArguments, Axolotl and LLaMA-Factory spell them. */
export function planPrecisionFlags(plan: EditPlan, precision: Precision): boolean {
  if (precision === 'bf16') plan.set('bf16', true).setIfPresent('fp16', false);
  else if (precision === 'fp16') plan.set('fp16', true).setIfPresent('bf16', false);
  else if (precision === 'fp32') plan.set('bf16', false).setIfPresent('fp16', false);
  else return false;
  return true;
}

function planHf(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  const v = change.value;
  switch (change.field) {
    case 'quantization':
      if (v === 4) {
        plan.set('load_in_4bit', true).setIfPresent('load_in_8bit', false);
        // 4-bit weights cannot be trained directly: QLoRA needs the adapter switched on.
        if (scalarAt(root, 'use_peft') !== true) plan.set('use_peft', true);
      } else if (v === 8) plan.set('load_in_8bit', true).setIfPresent('load_in_4bit', false);
      else return CANNOT;
      break;
    case 'precision':
      if (!planPrecisionFlags(plan, v as Precision)) return CANNOT;
      break;
    case 'epochs':
      plan.set('num_train_epochs', Number(v));
      if (Number(scalarAt(root, 'max_steps')) > 0) plan.set('max_steps', -1); // else max_steps keeps deciding
      break;
    case 'adapter':
      plan.set('use_peft', true);
      if (v === 'qlora') plan.set('load_in_4bit', true);
      else plan.setIfPresent('load_in_4bit', false);
      break;
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const hfTrainingArgsHandler = rootMapHandler({
  id: 'hf-training-args',
  syntaxes: ['yaml', 'json'],
  score: (_input, root) => hfScore(root),
  read: readHfTrainingArgs,
  plan: planHf,
  referenceKeys: ['deepspeed'],
});
