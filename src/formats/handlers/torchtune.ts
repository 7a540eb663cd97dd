// torchtune recipe configs (`tune run <recipe> --config x.yaml`). The model is a builder function
// (`torchtune.models.llama3_1.qlora_llama3_1_8b`) whose name gives family, size and method; the
// GPU count lives on the `tune run --nproc_per_node` line, which the text hints read.
import type { Change, FormatHandler, FormatInput, TextEditSpec } from '../types';
import type { TMap } from '../tree';
import { findModel, parseModelSize } from '../../core/catalog';
import { CANNOT, EditPlan } from './keyEdits';
import { Reader, anchorOf, anyScalar, fileStem, finishRun, inferredAt, rootMap, scalarAt } from './trainingShared';
import { methodFromName, readCheckpointing, readPacking } from './trainingData';
import { fromEntry } from '../fields';

const isTorchtune = (v: unknown) => typeof v === 'string' && /^torchtune\./.test(v);

export function torchtuneScore(root: TMap | undefined): number {
  if (!root) return 0;
  return anyScalar(root, isTorchtune) ? 0.97 : 0;
}

/** `torchtune.models.llama3_1.qlora_llama3_1_8b` → { builder: 'llama3_1_8b', method: 'qlora' }. */
export function parseBuilder(component: string): { builder: string; method?: 'lora' | 'qlora' } {
  const fn = component.split('.').pop() ?? component;
  const m = /^(q?lora)_(.+)$/.exec(fn);
  return m ? { builder: m[2], method: m[1] as 'lora' | 'qlora' } : { builder: fn };
}

function recognisable(text: string): boolean {
  return findModel(text) !== undefined || parseModelSize(text) !== undefined;
}

function readTorchtune(input: FormatInput, root: TMap) {
  const r = new Reader(root, { omegaconf: true });
  r.noteDuplicates();
  const component = r.str('model._component_');
  const builder = component ? parseBuilder(component.value) : undefined;
  // A checkpoint path usually carries the Hub name (`/tmp/Meta-Llama-3.1-8B-Instruct/`); keep it as written.
  const dir = r.first(['checkpointer.checkpoint_dir', 'model.path', 'tokenizer.path'], (p) => {
    const s = r.str(p);
    return s && recognisable(s.value) ? s : undefined;
  });
  if (dir) r.set('model', { ...dir, note: dir.note ?? `model named by the ${dir.key} path` });
  else if (builder) r.set('model', { ...component!, value: builder.builder, note: `model builder ${component!.value.split('.').pop()}` });

  if (builder?.method) {
    r.set('adapter', { ...component!, value: builder.method, origin: 'inferred', note: `${builder.method}_ builder` });
    if (builder.method === 'qlora') r.set('quantization', { ...component!, value: 4, origin: 'inferred', note: 'qlora_ builders keep the base weights in NF4 (4-bit)' });
    r.set('loraRank', r.num('model.lora_rank'));
  } else if (builder) r.note('No LoRA builder: a full fine-tune of every weight.');

  const epochs = r.num('epochs');
  r.set('epochs', epochs);
  const perEpoch = r.num('max_steps_per_epoch');
  if (perEpoch && perEpoch.value > 0 && epochs) {
    r.set('steps', inferredAt(perEpoch, perEpoch.value * epochs.value, `${epochs.value} epochs × max_steps_per_epoch ${perEpoch.value} (fewer if the dataset is shorter)`));
  } else if (r.entry('max_steps_per_epoch')) r.note('max_steps_per_epoch: null: every epoch runs over the whole dataset.');
  r.set('perDeviceBatch', r.num('batch_size'));
  r.set('gradAccum', r.num('gradient_accumulation_steps'));
  r.set('seqLen', r.num('tokenizer.max_seq_len'));
  if (!r.has('seqLen') && r.entry('tokenizer.max_seq_len')) r.note('tokenizer.max_seq_len: null: samples are not truncated, so the length per sample is unknown.');
  r.set('precision', r.precision('dtype'));

  // Recipes and configs named *_single_device run on one GPU by construction.
  if (/single_device/i.test(input.fileName) || /single_device/.test(String(r.str('recipe')?.value ?? ''))) {
    r.set('count', { value: 1, origin: 'inferred', range: component?.range ?? root.entries[0]?.keyRange, note: 'a single-device recipe' });
  }
  readPacking(r, 'dataset.packed');
  readTorchtuneData(r, input.fileName);
  if (r.bool('fsdp_cpu_offload')?.value === true) r.note('fsdp_cpu_offload: parameters live on the CPU; host energy is not modelled.');
  readCheckpointing(r, 'enable_activation_checkpointing');
  const device = r.str('device')?.value;
  if (device && device !== 'cuda') r.note(`device: ${device}.`);
  return finishRun(r, fileStem(input.fileName), 'torchtune', anchorOf(root, ['model']));
}

/**
 * `dataset:` as one builder (`_component_: torchtune.datasets.alpaca_cleaned_dataset`, or a generic
 * builder with `source:` and `split:`) or a list of them; the method from the recipe's file name
 * (`*_dpo*`, `knowledge_distillation*`) or a `teacher_model`.
 */
function readTorchtuneData(r: Reader, fileName: string): void {
  const ds = r.entry('dataset');
  const items = ds?.value.kind === 'seq' ? ds.value.items : ds ? [ds.value] : [];
  const refs: string[] = [];
  for (const item of items.slice(0, 50)) {
    if (item.kind !== 'map') continue;
    let component: unknown;
    let source: unknown;
    let split: unknown;
    for (const e of item.entries) {
      if (e.value.kind !== 'scalar') continue;
      if (e.key === '_component_') component = e.value.value;
      if (e.key === 'source') source = e.value.value;
      if (e.key === 'split') split = e.value.value;
    }
    // A generic builder names the Hub dataset in `source`; a named builder is the dataset itself.
    const name = typeof source === 'string' && source.trim() ? source.trim() : typeof component === 'string' ? component.trim() : undefined;
    if (name) refs.push(typeof split === 'string' && split.trim() ? `${name}[${split.trim()}]` : name);
  }
  if (ds && refs.length) r.set('dataset', fromEntry(ds, refs.join(', ')));
  const teacher = r.entry('teacher_model');
  const method = teacher ? 'distill' : methodFromName(fileName) ?? methodFromName(String(r.str('recipe')?.value ?? ''));
  if (method) r.set('trainingMethod', inferredAt(teacher ?? r.entry('model'), method, teacher ? 'teacher_model: knowledge distillation' : `the recipe name says ${method.toUpperCase()}`));
  if (teacher) {
    const dir = r.str('teacher_checkpointer.checkpoint_dir');
    const comp = r.str('teacher_model._component_');
    if (dir && recognisable(dir.value)) r.set('teacher', dir);
    else if (comp) r.set('teacher', { ...comp, value: parseBuilder(comp.value).builder });
  }
}

function planTorchtune(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  switch (change.field) {
    case 'epochs':
      plan.set('epochs', Number(change.value));
      break;
    case 'precision':
      // torchtune recipes accept fp32 and bf16 only.
      if (change.value !== 'bf16' && change.value !== 'fp32') return CANNOT;
      plan.set('dtype', change.value);
      break;
    case 'quantization':
    case 'adapter': {
      // LoRA ↔ QLoRA is a choice of builder; a full fine-tune has no adapter arguments to reuse.
      const comp = String(scalarAt(root, 'model._component_') ?? '');
      const method = parseBuilder(comp).method;
      const want = change.field === 'quantization' ? (change.value === 4 ? 'qlora' : undefined) : change.value;
      if (!method || (want !== 'lora' && want !== 'qlora')) return CANNOT;
      plan.set('model._component_', comp.replace(/\.q?lora_([^.]+)$/, `.${want}_$1`));
      break;
    }
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const torchtuneHandler: FormatHandler = {
  id: 'torchtune',
  syntaxes: ['yaml'],
  detect(input) {
    return torchtuneScore(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    return root ? [readTorchtune(input, root)] : [];
  },
  planEdit(input, _run, change) {
    return planTorchtune(input, change);
  },
};
