// Hugging Face accelerate config (`accelerate config` output, `accelerate_configs/*.yaml`). It is the
// one common training file that states the GPU count (`num_processes`, total over all machines) and
// nodes; it says nothing of model or duration.
import type { FormatHandler } from '../types';
import type { TMap } from '../tree';
import { topKeys } from '../tree';
import { findInstance } from '../../core/catalog';
import { CANNOT, EditPlan } from './keyEdits';
import { deepspeedFacts, deepspeedScore } from './deepspeed';
import { readReference, referencePaths, type FactSource } from './siblings';
import { Reader, anchorOf, applyFacts, fact, fileStem, finishRun, inferredAt, rootMap, scalarAt, type Fact } from './trainingShared';

const DISTRIBUTED = new Set([
  'NO', 'MULTI_GPU', 'MULTI_CPU', 'MULTI_XPU', 'MULTI_NPU', 'MULTI_MLU', 'MULTI_SDAA', 'MULTI_MUSA', 'MULTI_HPU',
  'DEEPSPEED', 'FSDP', 'MEGATRON_LM', 'XLA', 'TPU',
]);
const ENVIRONMENTS = new Set(['LOCAL_MACHINE', 'AMAZON_SAGEMAKER']);
const OTHER = new Set([
  'num_processes', 'num_machines', 'mixed_precision', 'machine_rank', 'main_training_function', 'rdzv_backend',
  'same_network', 'use_cpu', 'gpu_ids', 'downcast_bf16', 'main_process_ip', 'main_process_port', 'tpu_use_cluster',
  'tpu_use_sudo', 'tpu_env', 'fsdp_config', 'deepspeed_config', 'dynamo_config', 'enable_cpu_affinity', 'ec2_instance_type',
]);

export const DEEPSPEED_SOURCE: FactSource = { name: 'DeepSpeed', score: deepspeedScore, facts: deepspeedFacts };

export function accelerateScore(root: TMap | undefined): number {
  const keys = topKeys(root);
  if (keys.includes('apiVersion') || keys.includes('kind')) return 0;
  const dt = scalarAt(root, 'distributed_type');
  const env = scalarAt(root, 'compute_environment');
  // `distributed_type: NO` unquoted is a boolean to YAML 1.1 readers; either spelling is accelerate.
  if ((typeof dt === 'string' && DISTRIBUTED.has(dt.toUpperCase())) || dt === false) return 0.95;
  if (typeof env === 'string' && ENVIRONMENTS.has(env.toUpperCase())) return 0.95;
  const other = keys.filter((k) => OTHER.has(k)).length;
  if ((dt !== undefined || env !== undefined) && other >= 2) return 0.8;
  return other >= 5 ? 0.65 : 0;
}

/** GPU count, nodes, precision, hardware and region an accelerate config states. */
export function accelerateFacts(r: Reader): Fact[] {
  const out: Array<Fact | undefined> = [];
  const processes = r.num('num_processes');
  const machines = r.num('num_machines');
  out.push(fact('count', processes, r.entry('num_processes'), 'num_processes: processes over all machines, one per GPU'));
  out.push(fact('nodes', machines, r.entry('num_machines')));
  const mp = r.value('mixed_precision');
  if (mp && (mp.value === false || typeof mp.value === 'string')) {
    const p = mp.value === false ? 'fp32' : r.precision('mixed_precision')?.value;
    if (p) out.push({ field: 'precision', value: p, entry: mp.entry, note: p === 'fp32' ? 'mixed_precision no: full fp32' : undefined });
  }
  const instance = r.str('ec2_instance_type');
  if (instance) {
    const info = findInstance(instance.value);
    if (info) {
      out.push({ field: 'hardware', value: info.accelerator, entry: r.entry('ec2_instance_type')!, inferred: true, note: `${instance.value}: ${info.count} × ${info.accelerator} per instance` });
      if (!processes && info.count > 0) {
        const n = info.count * (machines?.value ?? 1);
        out.push({ field: 'count', value: n, entry: r.entry('ec2_instance_type')!, inferred: true, note: `${info.count} GPUs per ${instance.value} × ${machines?.value ?? 1} machines` });
      }
    } else r.note(`Instance type \`${instance.value}\` is not in the catalogue: GPU type unknown.`);
  }
  const region = r.str('region');
  const env = scalarAt(r.root, 'compute_environment');
  if (region && (env === 'AMAZON_SAGEMAKER' || instance) && !region.value.includes(':')) {
    out.push({ field: 'region', value: `aws:${region.value}`, entry: r.entry('region')!, note: 'SageMaker region' });
  } else if (region) out.push(fact('region', region, r.entry('region')));
  return out.filter((f): f is Fact => f !== undefined);
}

export const accelerateHandler: FormatHandler = {
  id: 'accelerate',
  syntaxes: ['yaml', 'json'],
  detect(input) {
    return accelerateScore(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    if (!root) return [];
    const r = new Reader(root);
    r.noteDuplicates();
    applyFacts(r, accelerateFacts(r));
    const dt = scalarAt(root, 'distributed_type');
    if ((dt === false || (typeof dt === 'string' && dt.toUpperCase() === 'NO')) && !r.has('count')) {
      r.set('count', inferredAt(r.entry('distributed_type'), 1, 'distributed_type NO: a single process'));
    }
    if (r.bool('use_cpu')?.value === true) r.note('use_cpu: true: the run uses CPUs; Carbon Lens estimates accelerators, so treat the estimate as an upper bound.');
    const stage = r.num('deepspeed_config.zero_stage');
    if (stage) r.note(`DeepSpeed ZeRO stage ${stage.value}: changes memory and communication, not the FLOPs counted.`);
    for (const k of ['deepspeed_config.offload_optimizer_device', 'deepspeed_config.offload_param_device']) {
      const dev = r.str(k)?.value;
      if (dev && dev !== 'none') r.note(`\`${k.split('.').pop()}: ${dev}\`: offload adds host energy that is not modelled.`);
    }
    if (r.bool('fsdp_config.fsdp_offload_params')?.value === true) r.note('FSDP parameter offload to CPU adds host energy that is not modelled.');
    r.set('gradAccum', r.num('deepspeed_config.gradient_accumulation_steps'));
    readReference(input, r, r.entry('deepspeed_config.deepspeed_config_file'), [DEEPSPEED_SOURCE]);
    r.note('An accelerate config states the GPUs and precision, not the model or the duration: those come from the training config it launches.');
    return [finishRun(r, fileStem(input.fileName), 'accelerate', anchorOf(root, ['num_processes', 'distributed_type']))];
  },
  references(input) {
    return referencePaths(rootMap(input), ['deepspeed_config.deepspeed_config_file']);
  },
  planEdit(input, _run, change) {
    const root = rootMap(input);
    const plan = new EditPlan(input, root);
    if (change.field === 'precision') {
      const v = change.value === 'fp32' ? 'no' : change.value;
      if (!['no', 'fp16', 'bf16', 'fp8'].includes(String(v))) return CANNOT;
      plan.set('mixed_precision', String(v));
    } else if (change.field === 'count') {
      plan.set('num_processes', Number(change.value));
    } else if (change.field === 'region') {
      // Only SageMaker configs name a region, as AWS spells it (`us-east-1`).
      const m = /^aws:(.+)$/.exec(String(change.value));
      if (!m || scalarAt(root, 'region') === undefined) return CANNOT;
      plan.set('region', m[1]);
    } else return undefined;
    return plan.edits() ?? CANNOT;
  },
};
