// NeMo 1.x / NeMo-Framework-Launcher stage configs (Hydra + OmegaConf). They state everything an
// estimate needs: GPUs per node and nodes, steps, global batch, sequence length, precision, a time
// limit, and for pre-training the architecture itself (layers, hidden size…), from which the
// parameter count is computed.
import type { FormatHandler, FormatInput, Change, TextEditSpec } from '../types';
import type { TMap } from '../tree';
import { topKeys } from '../tree';
import { countParams, paddedVocab } from '../architecture';
import { CANNOT, EditPlan } from './keyEdits';
import { Reader, anchorOf, durationHours, fileStem, findNode, finishRun, formatDuration, inferredAt, rootMap } from './trainingShared';
import { tokenizerVocab } from './megatron';
import { isAsrConfig, readAsr } from './nemoAsr';

export function nemoScore(root: TMap | undefined): number {
  const keys = topKeys(root);
  if (findNode(root, 'trainer')?.kind !== 'map' || findNode(root, 'model')?.kind !== 'map') return 0;
  if (keys.includes('exp_manager')) return 0.95;
  if (findNode(root, 'run.time_limit') !== undefined) return 0.9;
  const model = ['global_batch_size', 'tensor_model_parallel_size', 'restore_from_path', 'encoder_seq_length', 'megatron_amp_O2', 'mcore_gpt'];
  if (model.some((k) => findNode(root, ['model', k]) !== undefined)) return 0.85;
  return 0;
}

/** Gated activations (SwiGLU/GeGLU variants NeMo accepts as `model.activation`). */
const GATED = /glu/i;

function readArchitecture(r: Reader): void {
  const layers = r.num('model.num_layers');
  const hidden = r.num('model.hidden_size');
  if (!layers || !hidden) return;
  const activation = r.str('model.activation')?.value ?? 'gelu';
  const tp = r.num('model.tensor_model_parallel_size')?.value ?? 1;
  const vocab = r.num('model.tokenizer.vocab_size')?.value ?? tokenizerVocab(r.str('model.tokenizer.type')?.value, r.str('model.tokenizer.model')?.value);
  const divisible = r.num('model.make_vocab_size_divisible_by')?.value ?? 128;
  const posType = r.str('model.position_embedding_type')?.value ?? 'learned_absolute';
  const shared = r.bool('model.share_embeddings_and_output_weights')?.value ?? true;
  const count = countParams({
    layers: layers.value,
    hidden: hidden.value,
    ffn: r.num('model.ffn_hidden_size')?.value,
    gated: GATED.test(activation),
    heads: r.num('model.num_attention_heads')?.value,
    kvHeads: r.num('model.num_query_groups')?.value,
    headDim: r.num('model.kv_channels')?.value,
    vocab: vocab ? paddedVocab(vocab, divisible, tp) : undefined,
    tiedEmbeddings: shared,
    positions: posType === 'learned_absolute' ? r.num('model.max_position_embeddings')?.value ?? r.num('model.encoder_seq_length')?.value : undefined,
    experts: r.num('model.num_moe_experts')?.value,
    topK: r.num('model.moe_router_topk')?.value,
  });
  if (!count) return;
  const vocabNote = vocab ? ` Vocabulary ${vocab} padded to ${paddedVocab(vocab, divisible, tp)} (multiple of ${divisible} × TP ${tp}).` : '';
  r.set('params', inferredAt(layers, count.params, count.formula));
  if (count.activeParams !== count.params) r.set('activeParams', inferredAt(layers, count.activeParams, count.formula));
  r.note(count.formula + vocabNote);
}

function readNemo(input: FormatInput, root: TMap) {
  const r = new Reader(root, { omegaconf: true });
  r.noteDuplicates();
  const devices = r.num('trainer.devices');
  const nodes = r.num('trainer.num_nodes');
  r.set('nodes', nodes);
  if (devices) {
    const n = nodes?.value ?? 1;
    r.set('count', n > 1 ? inferredAt(devices, devices.value * n, `trainer.devices ${devices.value} per node × num_nodes ${n}`) : devices);
  }
  const steps = r.num('trainer.max_steps');
  if (steps && steps.value > 0) r.set('steps', steps);
  const epochs = r.num('trainer.max_epochs');
  // NeMo writes max_epochs 9999 (or null) as "no limit": max_steps decides.
  if (epochs && !(r.has('steps') && epochs.value >= 1000)) r.set('epochs', epochs);
  else if (epochs) r.note(`max_epochs ${epochs.value} is a placeholder: max_steps decides.`);
  for (const [path, label] of [['trainer.max_time', 'trainer.max_time'], ['run.time_limit', 'Slurm time_limit']] as const) {
    const e = r.entry(path);
    const v = r.value(path);
    const h = e && v?.value !== undefined ? durationHours(e.value, 'minutes') : undefined;
    if (e && h) {
      r.set('hours', { value: h, origin: 'file', range: e.value.range, keyRange: e.keyRange, key: e.key, note: `${label}: an upper bound, the run stops there or when max_steps is reached` });
    }
  }
  r.set('batchSize', r.num('model.global_batch_size'));
  r.set('perDeviceBatch', r.num('model.micro_batch_size'));
  r.set('gradAccum', r.num('trainer.accumulate_grad_batches'));
  r.set('seqLen', r.first(['model.encoder_seq_length', 'model.data.seq_length', 'model.data.train_ds.max_seq_length', 'model.seq_length'], (p) => r.num(p)));
  if (r.bool('model.fp8')?.value === true) r.set('precision', { ...r.bool('model.fp8')!, value: 'fp8' });
  r.set('precision', r.precision('trainer.precision'));
  const restore = r.str('model.restore_from_path');
  if (restore) r.set('model', restore);
  // A speech encoder is counted per second of audio: no token length, no LLM architecture.
  if (isAsrConfig(r)) readAsr(r, input.text);
  else readArchitecture(r);

  const scheme = r.str('model.peft.peft_scheme');
  if (scheme?.value.toLowerCase() === 'lora') {
    r.set('adapter', { ...scheme, value: 'lora' });
    r.set('loraRank', r.num('model.peft.lora_tuning.adapter_dim'));
  } else if (scheme) r.note(`peft_scheme ${scheme.value} is not LoRA: estimated as a full fine-tune (an upper bound).`);
  else if (r.entry('model.peft')) r.note('peft_scheme: null: supervised fine-tuning of every weight.');
  const tpSize = r.num('model.tensor_model_parallel_size')?.value ?? 1;
  const ppSize = r.num('model.pipeline_model_parallel_size')?.value ?? 1;
  if (tpSize * ppSize > 1) r.note(`Tensor × pipeline parallel ${tpSize} × ${ppSize}: each model replica spans ${tpSize * ppSize} GPUs.`);
  if (r.bool('exp_manager.create_early_stopping_callback')?.value === true) r.note('Early stopping is on: the run may end before max_steps.');

  const name = r.str('run.name')?.value ?? r.str('name')?.value ?? fileStem(input.fileName);
  return finishRun(r, name, 'nemo', anchorOf(root, ['run', 'trainer']));
}

function planNemo(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const plan = new EditPlan(input, root);
  if (change.field === 'precision') {
    const spelled: Record<string, string | number> = { bf16: 'bf16', fp16: 16, fp32: 32 };
    const v = spelled[String(change.value)];
    if (v === undefined) return CANNOT;
    plan.set('trainer.precision', v);
  } else if (change.field === 'steps') plan.set('trainer.max_steps', Number(change.value));
  else if (change.field === 'hours') {
    // Whichever limit the run was read from; the trainer's own max_time first.
    const slurm = !findNode(root, 'trainer.max_time') && findNode(root, 'run.time_limit');
    const v = formatDuration(Number(change.value), slurm ? 'slurm' : 'lightning');
    if (!v) return CANNOT;
    plan.set(slurm ? 'run.time_limit' : 'trainer.max_time', v);
  } else return undefined;
  return plan.edits() ?? CANNOT;
}

export const nemoHandler: FormatHandler = {
  id: 'nemo',
  syntaxes: ['yaml'],
  detect(input) {
    return nemoScore(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    return root ? [readNemo(input, root)] : [];
  },
  planEdit(input, _run, change) {
    return planNemo(input, change);
  },
};
