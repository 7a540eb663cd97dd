// OLMo trainer YAML (allenai/OLMo `configs/*.yaml`, run by `scripts/train.py`): the network as
// `model.d_model` / `n_layers` / `mlp_ratio` (no Hub id: the run trains it), the length as
// `max_duration` — a number of steps (`739_328`), tokens (`10e9T`) or epochs (`2ep`) — with
// `global_train_batch_size` sequences of `model.max_sequence_length` tokens per step, and
// `precision: amp_bf16`. Parameters are counted from the shape (olmo/model.py: attention 4·d², a
// SwiGLU MLP of hidden mlp_ratio·d split in two halves, embeddings tied or not).
import type { Sourced } from '../../core/runSpec';
import type { TMap } from '../tree';
import type { FormatInput } from '../types';
import { CANNOT } from './keyEdits';
import { rootMapHandler } from './rootMapHandler';
import { Reader, anchorOf, fileStem, finishRun, inferredAt } from './trainingShared';

function olmoScore(root: TMap | undefined): number {
  if (!root) return 0;
  const model = root.entries.find((e) => e.key === 'model')?.value;
  if (model?.kind !== 'map') return 0;
  const mk = new Set(model.entries.map((e) => e.key));
  if (!mk.has('d_model') || !mk.has('n_layers')) return 0;
  const top = new Set(root.entries.map((e) => e.key));
  const hits = ['max_duration', 'global_train_batch_size', 'device_train_microbatch_size', 'save_folder', 'fsdp'].filter((k) => top.has(k)).length;
  return hits >= 2 ? 0.92 : 0;
}

/** `max_duration` as OLMo reads it: `739_328` steps, `"10e9T"` tokens, `"2ep"` epochs. */
export function olmoDuration(raw: unknown): { unit: 'steps' | 'tokens' | 'epochs'; value: number } | undefined {
  if (typeof raw === 'number') return raw > 0 ? { unit: 'steps', value: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().split('_').join('');
  let unit: 'steps' | 'tokens' | 'epochs' = 'steps';
  let body = s;
  if (s.endsWith('ep')) {
    unit = 'epochs';
    body = s.slice(0, -2);
  } else if (s.endsWith('T')) {
    unit = 'tokens';
    body = s.slice(0, -1);
  }
  const n = Number(body);
  return Number.isFinite(n) && n > 0 ? { unit, value: n } : undefined;
}

/**
 * Parameters from the shape: per layer 4·d² (q, k, v, out) + the MLP (SwiGLU: 3 · d · h/2 with
 * h = mlp_hidden_size or mlp_ratio·d, olmo/model.py halves h for the gate; otherwise 2 · d · h), plus
 * embedding_size (or vocab_size) × d once when tied, twice when not.
 */
export function olmoParams(d: number, layers: number, opts: { mlpRatio?: number; mlpHidden?: number; swiglu: boolean; vocab?: number; tied: boolean }): number {
  const h = opts.mlpHidden ?? (opts.mlpRatio ?? 4) * d;
  const mlp = opts.swiglu ? 3 * d * (h / 2) : 2 * d * h;
  const embed = (opts.vocab ?? 0) * d * (opts.tied ? 1 : 2);
  return layers * (4 * d * d + mlp) + embed;
}

function readOlmo(input: FormatInput, root: TMap) {
  const r = new Reader(root, { omegaconf: true });
  r.noteDuplicates();
  const d = r.num('model.d_model');
  const layers = r.num('model.n_layers');
  if (d && layers) {
    const act = r.str('model.activation_type')?.value.toLowerCase() ?? 'swiglu';
    const swiglu = act === 'swiglu';
    const mlpRatio = r.num('model.mlp_ratio')?.value;
    const mlpHidden = r.num('model.mlp_hidden_size')?.value;
    const vocab = r.num('model.embedding_size')?.value ?? r.num('model.vocab_size')?.value;
    const tied = r.bool('model.weight_tying')?.value ?? true;
    const p = olmoParams(d.value, layers.value, { mlpRatio, mlpHidden, swiglu, vocab, tied });
    r.set('params', inferredAt(d, p, `counted from the shape: ${layers.value} layers × (4·${d.value}² attention + ${swiglu ? 'SwiGLU' : act} MLP of hidden ${mlpHidden ?? `${mlpRatio ?? 4}×${d.value}`}) + ${vocab ?? 0} × ${d.value} embeddings${tied ? ' (tied)' : ' × 2 (untied)'}`));
    if (r.entry('model.n_kv_heads')) r.note('model.n_kv_heads (grouped-query attention) makes the k/v projections smaller than counted: the parameter count is a slight over-estimate.');
  }
  const seq = r.num('model.max_sequence_length');
  r.set('seqLen', seq);
  r.set('batchSize', r.num('global_train_batch_size'));
  r.set('perDeviceBatch', r.num('device_train_microbatch_size'));
  const md = r.value('max_duration');
  const dur = md?.value !== undefined ? olmoDuration(md.value) : undefined;
  if (md && dur) {
    const at = <T>(value: T, note: string): Sourced<T> => ({ value, origin: 'file', range: md.entry.value.range, keyRange: md.entry.keyRange, key: md.entry.key, note });
    if (dur.unit === 'tokens') r.set('tokens', at(dur.value, `max_duration ${String(md.value)}: the run stops after this many tokens`));
    else if (dur.unit === 'epochs') r.set('epochs', at(dur.value, `max_duration ${String(md.value)}: epochs of the data paths`));
    else r.set('steps', at(dur.value, `max_duration ${String(md.value)}: optimizer steps of global_train_batch_size sequences`));
  } else if (md) r.note(`max_duration ${String(md.entry.value.kind === 'scalar' ? md.entry.value.value : '')} is not a step, token (…T) or epoch (…ep) count: ignored.`);
  const prec = r.str('precision');
  if (prec) {
    const v = prec.value.toLowerCase();
    const p = v.includes('bf16') ? 'bf16' : v.includes('fp16') ? 'fp16' : v.includes('fp32') ? 'fp32' : undefined;
    if (p) r.set('precision', { ...prec, value: p, note: prec.value.startsWith('amp_') ? `${prec.value}: automatic mixed precision` : undefined });
  }
  if (r.entry('fsdp')) r.note('FSDP shards the model over the GPUs; their number is set where the run is launched (torchrun / Slurm).');
  return finishRun(r, r.str('run_name')?.value ?? fileStem(input.fileName), 'olmo', anchorOf(root, ['run_name', 'model']));
}

export const olmoHandler = rootMapHandler({
  id: 'olmo',
  syntaxes: ['yaml'],
  score: (_input, root) => olmoScore(root),
  read: readOlmo,
  plan: () => CANNOT,
});
