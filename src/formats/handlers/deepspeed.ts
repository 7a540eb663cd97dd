// DeepSpeed JSON config (`ds_config.json`, `zero3_bf16.json`). It states batch and precision but
// never the model, the duration or the GPUs; HF-integration copies set most values to "auto",
// which the referring Axolotl/HF/LLaMA-Factory file fills in.
import type { FormatHandler } from '../types';
import type { TMap } from '../tree';
import { toNumber } from '../fields';
import { CANNOT, EditPlan } from './keyEdits';
import { topKeys as topLevelKeys } from '../tree';
import { Reader, anchorOf, applyFacts, fact, fileStem, findNode, finishRun, rootMap, scalarAt, type Fact } from './trainingShared';

/** Keys only DeepSpeed uses at the top level of a config. */
const STRONG = new Set(['zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size']);
const WEAK = new Set([
  'steps_per_print', 'wall_clock_breakdown', 'gradient_clipping', 'zero_allow_untested_optimizer', 'prescale_gradients',
  'activation_checkpointing', 'flops_profiler', 'sparse_attention', 'communication_data_type', 'aio', 'autotuning',
  'comms_logger', 'data_efficiency', 'compression_training', 'zero_force_ds_cpu_optimizer', 'elasticity',
]);
/** Objects DeepSpeed nests with `enabled` / `type` (HF TrainingArguments uses booleans with the same names). */
const NESTED = ['fp16', 'bf16', 'amp', 'optimizer', 'scheduler'];
/** Artifacts of finished runs share some names (`train_batch_size` in trainer_state.json). */
const NOT_DEEPSPEED = ['log_history', 'global_step', 'peft_type', 'run_info', 'train_info', 'train_runtime', 'output_dir', 'per_device_train_batch_size'];

export function deepspeedScore(root: TMap | undefined): number {
  const keys = topLevelKeys(root);
  if (keys.length === 0 || keys.some((k) => NOT_DEEPSPEED.includes(k))) return 0;
  const strong = keys.filter((k) => STRONG.has(k)).length;
  const nested = NESTED.filter((k) => {
    const n = findNode(root, k);
    return n?.kind === 'map' && (findNode(n, 'enabled') !== undefined || findNode(n, 'type') !== undefined);
  }).length;
  const weak = keys.filter((k) => WEAK.has(k)).length + nested;
  if (strong >= 1 && strong + weak >= 2) return 0.92;
  if (strong >= 1) return 0.75;
  if (weak >= 3) return 0.7;
  return 0;
}

/** Batch and precision a DeepSpeed config states; used for its own run and for files that refer to it. */
export function deepspeedFacts(r: Reader): Fact[] {
  const out: Array<Fact | undefined> = [];
  let off: string | undefined;
  for (const [key, p] of [['bf16', 'bf16'], ['fp16', 'fp16'], ['amp', 'fp16']] as const) {
    const on = r.bool([key, 'enabled']);
    if (on?.value === true) {
      out.push({ field: 'precision', value: p, entry: r.entry([key, 'enabled'])!, key: `${key}.enabled`, note: key === 'amp' ? 'Apex AMP computes in fp16' : undefined });
      off = undefined;
      break;
    }
    if (on?.value === false && key !== 'amp') off ??= key;
  }
  // Switched off explicitly (not "auto") and nothing else on: DeepSpeed trains in fp32.
  const autoPrecision = ['bf16', 'fp16'].some((k) => r.value([k, 'enabled'])?.value === undefined && r.entry([k, 'enabled']));
  if (off && !autoPrecision) out.push({ field: 'precision', value: 'fp32', entry: r.entry([off, 'enabled'])!, key: `${off}.enabled`, note: 'fp16 and bf16 off: fp32' });
  const micro = r.num('train_micro_batch_size_per_gpu');
  const accum = r.num('gradient_accumulation_steps');
  const total = r.num('train_batch_size');
  out.push(fact('perDeviceBatch', micro, r.entry('train_micro_batch_size_per_gpu')));
  out.push(fact('gradAccum', accum, r.entry('gradient_accumulation_steps')));
  out.push(fact('batchSize', total, r.entry('train_batch_size')));
  // DeepSpeed enforces train_batch_size = micro × accumulation × data-parallel world size.
  if (micro && accum && total && micro.value > 0 && accum.value > 0) {
    const world = total.value / (micro.value * accum.value);
    if (Number.isInteger(world) && world >= 1) {
      out.push({ field: 'count', value: world, entry: r.entry('train_batch_size')!, inferred: true, note: `train_batch_size ${total.value} ÷ (micro ${micro.value} × accumulation ${accum.value}) = ${world} data-parallel GPUs` });
    }
  } else if (micro && total && !accum && micro.value > 0) {
    r.note(`train_batch_size ${total.value} ÷ micro batch ${micro.value} = ${total.value / micro.value} = accumulation steps × data-parallel GPUs; neither is stated, so the GPU count stays unknown.`);
  }
  return out.filter((f): f is Fact => f !== undefined);
}

export const deepspeedHandler: FormatHandler = {
  id: 'deepspeed',
  syntaxes: ['json'],
  detect(input) {
    return deepspeedScore(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    if (!root) return [];
    const r = new Reader(root);
    r.noteDuplicates();
    applyFacts(r, deepspeedFacts(r));
    const stage = toNumber(scalarAt(root, 'zero_optimization.stage'));
    if (stage !== undefined) r.note(`ZeRO stage ${stage} changes memory and communication, not the FLOPs counted.`);
    for (const k of ['offload_optimizer', 'offload_param']) {
      const dev = r.str(['zero_optimization', k, 'device'])?.value;
      if (dev && dev !== 'none') r.note(`\`${k}\` to ${dev}: host CPU and I/O energy and a slower step are not modelled.`);
    }
    r.note('A DeepSpeed config names no model, duration or GPU type: they come from the training script or the file that refers to this one.');
    return [finishRun(r, fileStem(input.fileName), 'deepspeed', anchorOf(root, []))];
  },
  planEdit(input, _run, change) {
    if (change.field !== 'precision') return undefined;
    const root = rootMap(input);
    const plan = new EditPlan(input, root);
    const p = change.value;
    if (p !== 'bf16' && p !== 'fp16' && p !== 'fp32') return CANNOT;
    plan.set('bf16.enabled', p === 'bf16');
    if (p === 'fp16' || findNode(root, 'fp16')) plan.set('fp16.enabled', p === 'fp16');
    return plan.edits() ?? CANNOT;
  },
};
