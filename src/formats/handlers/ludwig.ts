// Ludwig declarative configs: tabular/text ECD models and LLM fine-tunes (`model_type: llm`), with an
// optional `hyperopt:` block whose `executor.num_samples` multiplies the run into trials.
import type { Change, FormatInput, TextEditSpec } from '../types';
import type { TEntry, TMap } from '../tree';
import { topKeys } from '../tree';
import { CANNOT, EditPlan } from './keyEdits';
import { Reader, anchorOf, fileStem, findEntry, findNode, finishRun, rootMap, scalarAt } from './trainingShared';
import { rootMapHandler } from './rootMapHandler';

export function ludwigScore(root: TMap | undefined): number {
  const keys = topKeys(root);
  const seq = (k: string) => findNode(root, k)?.kind === 'seq';
  if (seq('input_features') && seq('output_features')) return 0.95;
  if (keys.includes('input_features') && keys.includes('output_features')) return 0.8;
  const mt = findNode(root, 'model_type');
  if (mt?.kind === 'scalar' && mt.value === 'llm' && keys.includes('base_model') && ['adapter', 'quantization', 'trainer', 'prompt', 'generation'].some((k) => keys.includes(k))) return 0.85;
  return 0;
}

/** A pretrained encoder named by an input feature (`encoder.pretrained_model_name_or_path`). */
function encoderModel(root: TMap): TEntry | undefined {
  const feats = findNode(root, 'input_features');
  if (feats?.kind !== 'seq') return undefined;
  for (const item of feats.items) {
    const e = findEntry(item, 'encoder.pretrained_model_name_or_path');
    if (e && e.value.kind === 'scalar' && typeof e.value.value === 'string' && e.value.value.trim()) return e;
  }
  return undefined;
}

function readLudwig(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  r.noteDuplicates();
  r.set('model', r.str('base_model'));
  const encoder = r.has('model') ? undefined : encoderModel(root);
  if (encoder) r.set('model', { value: String((encoder.value as { value: string }).value).trim(), origin: 'file', range: encoder.value.range, keyRange: encoder.keyRange, key: encoder.key, note: "the input feature's pretrained encoder" });
  r.set('epochs', r.num('trainer.epochs'));
  const steps = r.num('trainer.train_steps');
  if (steps && steps.value > 0) r.set('steps', steps);
  r.set('perDeviceBatch', r.num('trainer.batch_size'));
  r.set('gradAccum', r.num('trainer.gradient_accumulation_steps'));
  r.set('seqLen', r.first(['preprocessing.global_max_sequence_length', 'trainer.max_sequence_length'], (p) => r.num(p)));
  const amp = r.bool('trainer.use_mixed_precision');
  if (amp) r.set('precision', { ...amp, value: amp.value ? 'fp16' : 'fp32', note: amp.value ? 'use_mixed_precision: fp16 autocast' : 'use_mixed_precision off: fp32' });
  if (r.num('trainer.early_stop')) r.note('trainer.early_stop: training may end before the last epoch.');

  const bits = r.num('quantization.bits');
  r.set('quantization', bits);
  const adapter = r.str('adapter.type');
  if (adapter?.value.toLowerCase() === 'lora') {
    const qlora = bits !== undefined && bits.value <= 4;
    r.set('adapter', { ...adapter, value: qlora ? 'qlora' : 'lora', note: qlora ? `LoRA on a ${bits!.value}-bit base: QLoRA` : undefined });
    r.set('loraRank', r.num('adapter.r'));
    if (!r.has('loraRank')) r.note('adapter.r not set: Ludwig\'s default LoRA rank 8 applies (rank changes little of the compute).');
  } else if (adapter) r.note(`adapter ${adapter.value} is not LoRA: estimated as a full fine-tune (an upper bound).`);

  const backend = r.str('backend.type')?.value;
  const workers = r.num('backend.trainer.num_workers');
  if (backend === 'ray' && workers && r.bool('backend.trainer.use_gpu')?.value !== false) r.set('count', { ...workers, note: 'Ray backend: one GPU per worker' });

  const trials = r.num('hyperopt.executor.num_samples');
  if (trials) {
    r.set('trials', { ...trials, note: 'hyperopt.executor.num_samples: one training run per trial' });
    const pruner = r.str('hyperopt.executor.pruner')?.value ?? r.str('hyperopt.executor.scheduler.type')?.value;
    if (pruner) r.note(`Hyperopt ${pruner} stops unpromising trials early: ${trials.value} full trials is an upper bound.`);
    const params = findNode(root, 'hyperopt.parameters');
    if (params?.kind === 'map' && params.entries.some((e) => /batch_size|epochs/.test(e.key))) r.note('The search varies batch size or epochs: each trial\'s length differs from the base config.');
  } else if (findNode(root, 'hyperopt')) {
    const at = r.entry('hyperopt');
    r.set('trials', { value: 10, origin: 'default', range: at?.keyRange, keyRange: at?.keyRange, key: at?.key, note: 'hyperopt without executor.num_samples: Ludwig samples 10 trials by default' });
  }
  return finishRun(r, fileStem(input.fileName), 'ludwig', anchorOf(root, ['base_model', 'model_type', 'input_features']));
}

function planLudwig(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  switch (change.field) {
    case 'quantization':
      // Only LLM fine-tunes load quantized weights, and those train through an adapter.
      if ((change.value !== 4 && change.value !== 8) || scalarAt(root, 'model_type') !== 'llm') return CANNOT;
      plan.set('quantization.bits', change.value);
      if (!findNode(root, 'adapter')) plan.set('adapter.type', 'lora');
      break;
    case 'epochs':
      plan.set('trainer.epochs', Number(change.value));
      break;
    case 'precision':
      // Ludwig's only switch is fp16 autocast.
      if (change.value !== 'fp16' && change.value !== 'fp32') return CANNOT;
      plan.set('trainer.use_mixed_precision', change.value === 'fp16');
      break;
    case 'adapter':
      if (change.value === 'qlora' && scalarAt(root, 'model_type') !== 'llm') return CANNOT;
      if (change.value === 'lora' && Number(scalarAt(root, 'quantization.bits')) <= 4) return CANNOT; // would need the quantization block removed
      plan.set('adapter.type', 'lora');
      if (change.value === 'qlora') plan.set('quantization.bits', 4);
      break;
    case 'trials':
      plan.set('hyperopt.executor.num_samples', Number(change.value));
      break;
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const ludwigHandler = rootMapHandler({
  id: 'ludwig',
  syntaxes: ['yaml'],
  score: (_input, root) => ludwigScore(root),
  read: readLudwig,
  plan: planLudwig,
});
