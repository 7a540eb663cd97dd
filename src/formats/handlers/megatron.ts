// Megatron-LM arguments written as YAML: the `--yaml-cfg` layout (`language_model:`, `model_parallel:`
// and flat training keys) and functional-test `model_config.yaml` (a `MODEL_ARGS` map keyed by the
// literal flags, `--num-layers: 32`). Both give the architecture, so parameters are computed.
import type { FormatHandler, FormatInput } from '../types';
import type { TEntry, TMap } from '../tree';
import { topKeys } from '../tree';
import { toBool } from '../fields';
import { countParams, megatronSwigluFfn, paddedVocab } from '../architecture';
import { CANNOT, EditPlan } from './keyEdits';
import { Reader, anchorOf, durationHours, fileStem, findNode, finishRun, inferredAt, rootMap, scalarAt } from './trainingShared';
import { MAX_NAME_CHARS } from '../../core/textLimits';

const FLAT_KEYS = new Set([
  'micro_batch_size', 'global_batch_size', 'seq_length', 'train_iters', 'train_samples', 'tokenizer_type', 'num_layers',
  'hidden_size', 'num_attention_heads', 'lr_decay_style', 'lr_decay_iters', 'lr_decay_samples', 'lr_warmup_fraction',
  'tensor_model_parallel_size', 'pipeline_model_parallel_size', 'data_path', 'eval_iters', 'eval_interval', 'save_interval',
  'use_distributed_optimizer', 'make_vocab_size_divisible_by', 'untie_embeddings_and_output_weights', 'position_embedding_type',
]);

const flagKeys = (node: TMap | undefined) => topKeys(node).filter((k) => /^--[a-z]/.test(k));

export function megatronScore(root: TMap | undefined): number {
  if (!root) return 0;
  const args = findNode(root, 'MODEL_ARGS');
  if (args?.kind === 'map' && flagKeys(args).length >= 3) return 0.97;
  if (findNode(root, 'language_model')?.kind === 'map' && findNode(root, 'model_parallel')?.kind === 'map') return 0.95;
  if (flagKeys(root).length >= 3) return 0.9;
  if (findNode(root, 'trainer')?.kind === 'map') return 0;
  const flat = topKeys(root).filter((k) => FLAT_KEYS.has(k)).length;
  return flat >= 6 ? 0.75 : 0;
}

/**
 * Every argument in one map keyed as spelt in the file. Later sources win: the flat training keys
 * override the nested blocks, and `MODEL_ARGS` (the flags actually passed) overrides everything.
 */
function argumentMap(root: TMap): TMap {
  const entries: TEntry[] = [];
  for (const block of ['language_model', 'model_parallel']) {
    const n = findNode(root, block);
    if (n?.kind === 'map') entries.push(...n.entries);
  }
  entries.push(...root.entries.filter((e) => e.value.kind === 'scalar'));
  const args = findNode(root, 'MODEL_ARGS');
  if (args?.kind === 'map') entries.push(...args.entries);
  return { kind: 'map', entries, range: root.range };
}

/** Vocabulary from the tokenizer when the size is not given: GPT-2 BPE, or a size in the model file name (`…_256k.model`). */
export function tokenizerVocab(type: string | undefined, model: string | undefined): number | undefined {
  if (type && /^GPT2BPETokenizer$/i.test(type)) return 50257;
  const name = model?.split(/[\\/]/).pop() ?? '';
  return name.length <= MAX_NAME_CHARS ? thousandsInName(name) : undefined;
}

/**
 * `256` from `spm_256k.model` or `vocab-32K`: the first run of digits followed by `k` and then the end
 * or one of `._-`. A scan over digit runs, where `/(\d+)k(?:[._-][^/\\]*)?$/i` restarted inside every
 * run and was quadratic on a long one (audit 2026-12, M1).
 */
function thousandsInName(name: string): number | undefined {
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < name.length; i++) {
    if (!digit(name[i])) continue;
    let j = i;
    while (digit(name[j])) j++;
    const after = name[j + 1];
    if ((name[j] === 'k' || name[j] === 'K') && (after === undefined || after === '.' || after === '_' || after === '-')) return Number(name.slice(i, j)) * 1000;
    i = j;
  }
  return undefined;
}

function readMegatron(input: FormatInput, root: TMap) {
  const flat = argumentMap(root);
  const r = new Reader(flat);
  // `num_layers` as `--num-layers` in MODEL_ARGS, as `num_layers` elsewhere.
  const k = (name: string): string => {
    const flag = '--' + name.replace(/_/g, '-');
    let hit = name;
    for (const e of flat.entries) if (e.key === flag || e.key === name) hit = e.key;
    return hit;
  };
  const num = (name: string) => r.num([k(name)]);
  const on = (name: string) => toBool(scalarAt(flat, [k(name)]) ?? undefined) === true;

  r.set('perDeviceBatch', num('micro_batch_size'));
  r.set('batchSize', num('global_batch_size'));
  const schedule = r.str([k('step_batch_size_schedule')]) ?? r.str([k('rampup_batch_size')]);
  if (schedule && !r.has('batchSize')) r.note(`The global batch follows a schedule (\`${schedule.value}\`): only the total samples matter for the estimate.`);
  const iters = num('train_iters');
  r.set('steps', iters);
  const samples = num('train_samples');
  if (samples && !iters) {
    r.set('datasetSamples', { ...samples, note: 'train_samples: every sample the run consumes' });
    r.set('epochs', inferredAt(samples, 1, 'train_samples counts all samples seen: one pass'));
  }
  r.set('seqLen', num('seq_length') ?? num('encoder_seq_length') ?? num('decoder_seq_length'));
  const exitMins = r.entry([k('exit_duration_in_mins')]);
  const hours = exitMins ? durationHours(exitMins.value, 'minutes') : undefined;
  if (exitMins && hours) r.set('hours', { value: hours, origin: 'file', range: exitMins.value.range, keyRange: exitMins.keyRange, key: exitMins.key, note: 'exit_duration_in_mins: the run exits at this wall-clock limit, or earlier' });
  const exitInterval = num('exit_interval');
  if (exitInterval) r.note(`exit_interval ${exitInterval.value}: the run stops after that many iterations if it has not finished.`);

  const fp8Key = [k('fp8_format'), k('fp8')].find((key) => {
    const v = scalarAt(flat, [key]);
    return v !== undefined && v !== null && v !== false && String(v).toLowerCase() !== 'false';
  });
  if (fp8Key) r.set('precision', { ...inferredAt(r.entry([fp8Key]), 'fp8' as const, `${fp8Key}: ${String(scalarAt(flat, [fp8Key]))}`), origin: 'file' });
  if (on('bf16')) r.set('precision', { ...r.bool([k('bf16')])!, value: 'bf16' });
  if (on('fp16')) r.set('precision', { ...r.bool([k('fp16')])!, value: 'fp16' });
  const off = r.entry([k('bf16')]) ?? r.entry([k('fp16')]);
  if (!r.has('precision') && off && off.value.kind === 'scalar' && toBool(off.value.value) === false) {
    r.set('precision', { value: 'fp32', origin: 'file', range: off.value.range, keyRange: off.keyRange, key: off.key, note: 'bf16 and fp16 off: Megatron trains in fp32' });
  }

  const tp = num('tensor_model_parallel_size')?.value ?? 1;
  const pp = num('pipeline_model_parallel_size')?.value ?? 1;
  const cp = num('context_parallel_size')?.value ?? 1;
  if (tp * pp * cp > 1) {
    const at = r.entry([k('tensor_model_parallel_size')]) ?? r.entry([k('pipeline_model_parallel_size')]);
    r.set('count', inferredAt(at, tp * pp * cp, `at least tensor ${tp} × pipeline ${pp} × context ${cp} parallel = ${tp * pp * cp} GPUs; data-parallel replicas are set by the launcher`));
  }

  const layers = num('num_layers');
  const hidden = num('hidden_size');
  if (layers && hidden) {
    const gated = on('swiglu') || on('gated_linear_unit') || /glu/i.test(String(scalarAt(flat, [k('activation_func')]) ?? ''));
    const ffnStated = num('ffn_hidden_size')?.value;
    const ffn = ffnStated ?? (gated ? megatronSwigluFfn(hidden.value) : 4 * hidden.value);
    const vocabRaw = num('vocab_size')?.value ?? tokenizerVocab(String(scalarAt(flat, [k('tokenizer_type')]) ?? ''), String(scalarAt(flat, [k('tokenizer_model')]) ?? ''));
    const divisible = num('make_vocab_size_divisible_by')?.value ?? 128;
    const posType = String(scalarAt(flat, [k('position_embedding_type')]) ?? 'learned_absolute');
    const gqa = on('group_query_attention') || num('num_query_groups') !== undefined;
    const experts = num('num_experts')?.value ?? num('num_moe_experts')?.value;
    const count = countParams({
      layers: layers.value,
      hidden: hidden.value,
      ffn,
      gated,
      heads: num('num_attention_heads')?.value,
      kvHeads: gqa ? num('num_query_groups')?.value : undefined,
      headDim: num('kv_channels')?.value,
      vocab: vocabRaw ? paddedVocab(vocabRaw, divisible, tp) : undefined,
      tiedEmbeddings: !on('untie_embeddings_and_output_weights'),
      positions: posType === 'learned_absolute' ? num('max_position_embeddings')?.value : undefined,
      experts,
      topK: experts ? num('moe_router_topk')?.value ?? 2 : undefined,
    });
    if (count) {
      const extra = [
        ffnStated === undefined && gated ? `FFN size unset with SwiGLU: Megatron's default ⌊(4h·2/3)/64⌋·64 = ${ffn}.` : '',
        vocabRaw && num('vocab_size') === undefined ? `Vocabulary ${vocabRaw} from the tokenizer, padded to ${paddedVocab(vocabRaw, divisible, tp)}.` : '',
      ].filter(Boolean).join(' ');
      r.set('params', inferredAt(layers, count.params, count.formula));
      if (count.activeParams !== count.params) r.set('activeParams', inferredAt(layers, count.activeParams, count.formula));
      r.note(count.formula + (extra ? ' ' + extra : ''));
    }
  }
  r.note('Megatron configs name no model id: the size comes from the architecture.');
  const name = r.str([k('wandb_exp_name')])?.value || fileStem(input.fileName);
  return finishRun(r, name, 'megatron', anchorOf(root, ['MODEL_ARGS', 'language_model']));
}

export const megatronHandler: FormatHandler = {
  id: 'megatron',
  syntaxes: ['yaml'],
  detect(input) {
    return megatronScore(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    return root ? [readMegatron(input, root)] : [];
  },
  planEdit(input, _run, change) {
    if (change.field !== 'precision') return undefined;
    if (!['bf16', 'fp16', 'fp32'].includes(String(change.value))) return CANNOT;
    const root = rootMap(input);
    // The flags live where the file writes them: MODEL_ARGS (`--bf16`), model_parallel, or the top level.
    const args = findNode(root, 'MODEL_ARGS')?.kind === 'map';
    const key = (name: string): string[] => (args ? ['MODEL_ARGS', `--${name}`] : findNode(root, ['model_parallel', name]) !== undefined || findNode(root, 'model_parallel')?.kind === 'map' ? ['model_parallel', name] : [name]);
    const plan = new EditPlan(input, root);
    if (change.value === 'bf16') plan.set(key('bf16'), true).setIfPresent(key('fp16'), false);
    else if (change.value === 'fp16') plan.set(key('fp16'), true).setIfPresent(key('bf16'), false);
    else plan.setIfPresent(key('bf16'), false).setIfPresent(key('fp16'), false);
    return plan.edits() ?? CANNOT;
  },
};
