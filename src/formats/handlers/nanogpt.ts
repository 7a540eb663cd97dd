// nanoGPT configs (karpathy/nanoGPT `config/train_gpt2.py`, `config/train_shakespeare_char.py`): bare
// Python assignments that nanoGPT's configurator executes over train.py's globals. Only literal values
// are taken (numbers, strings, `5 * 8`); what the file leaves out is train.py's default, said as such.
// The model is the GPT of nanoGPT's model.py: n_layer × n_embd with a tied token embedding.
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { tokenize, type PyToken } from '../pyCalls';
import type { FormatHandler, FormatInput } from '../types';

/** Names only nanoGPT's train.py reads as globals; two of them make a file a nanoGPT config. */
const KEYS = new Set(['max_iters', 'block_size', 'gradient_accumulation_steps', 'n_layer', 'n_embd', 'n_head', 'lr_decay_iters', 'eval_iters', 'eval_interval', 'always_save_checkpoint', 'init_from', 'warmup_iters']);
/** train.py's defaults (karpathy/nanoGPT train.py, "default config values designed to train a gpt2 (124M) on OpenWebText"). */
const DEFAULTS = { n_layer: 12, n_embd: 768, block_size: 1024, batch_size: 12, gradient_accumulation_steps: 40, max_iters: 600000 } as const;
/** train.py's evaluation defaults: `eval_interval = 2000`, `eval_iters = 200`. */
const EVAL_DEFAULTS = { eval_interval: 2000, eval_iters: 200 } as const;
/** GPT-2's BPE vocabulary padded to a multiple of 64 (train.py, "defaulting to vocab_size of GPT-2 to 50304"). */
const GPT2_VOCAB = 50304;
/** data/shakespeare_char/prepare.py: "vocab size: 65" (the characters of the text). */
const CHAR_VOCABS: Readonly<Record<string, number>> = { shakespeare_char: 65 };

interface Assigned {
  value: number | string | boolean;
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
}

const memo = new WeakMap<FormatInput, Map<string, Assigned> | null>();

/** `name = <literal>` at the start of a logical line: a number, a string, True/False, or a product of numbers. */
function assignments(input: FormatInput): Map<string, Assigned> | undefined {
  if (memo.has(input)) return memo.get(input) ?? undefined;
  let out: Map<string, Assigned> | null = null;
  if (input.syntax === 'python' && input.text.includes('max_iters')) {
    const toks = tokenize(input.text);
    const found = new Map<string, Assigned>();
    let hits = 0;
    for (let i = 0; i < toks.length; i++) {
      const lineStart = i === 0 || toks[i - 1].kind === 'newline';
      if (!lineStart || toks[i].kind !== 'name' || toks[i + 1]?.text !== '=') continue;
      const v = literalAt(toks, i + 2);
      if (!v) continue;
      if (!found.has(toks[i].text)) found.set(toks[i].text, { ...v, keyStart: toks[i].start, keyEnd: toks[i].end });
      if (KEYS.has(toks[i].text)) hits++;
    }
    // A training script defines these too, but then it imports torch and calls functions: a config does not.
    const code = toks.some((t) => t.kind === 'name' && (t.text === 'import' || t.text === 'def'));
    if (hits >= 2 && found.has('max_iters') && !code) out = found;
  }
  memo.set(input, out);
  return out ?? undefined;
}

function literalAt(toks: PyToken[], i: number): Omit<Assigned, 'keyStart' | 'keyEnd'> | undefined {
  const t = toks[i];
  if (!t) return undefined;
  const end = (j: number) => !toks[j] || toks[j].kind === 'newline';
  if (t.kind === 'string' && end(i + 1)) return { value: t.text.replace(/^[rRbBuU]?['"]|['"]$/g, ''), start: t.start, end: t.end };
  if (t.kind === 'name' && (t.text === 'True' || t.text === 'False') && end(i + 1)) return { value: t.text === 'True', start: t.start, end: t.end };
  if (t.kind !== 'number') return undefined;
  // `5 * 8` (train_gpt2.py writes its accumulation as a product): numbers joined by `*` only.
  let value = Number(t.text.replace(/_/g, ''));
  let j = i + 1;
  while (toks[j]?.text === '*' && toks[j + 1]?.kind === 'number') {
    value *= Number(toks[j + 1].text.replace(/_/g, ''));
    j += 2;
  }
  if (!end(j) || !Number.isFinite(value)) return undefined;
  return { value, start: t.start, end: toks[j - 1].end };
}

function positive(a: Map<string, Assigned>, key: string): number | undefined {
  const v = a.get(key)?.value;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function sourced(input: FormatInput, a: Assigned, key: string): Sourced<number> {
  return { value: a.value as number, origin: 'file', key, range: input.index.range(a.start, a.end), keyRange: input.index.range(a.keyStart, a.keyEnd) };
}

function readNanoGpt(input: FormatInput, a: Map<string, Assigned>): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const defaulted: string[] = [];
  const num = (key: keyof typeof DEFAULTS): { value: number; at?: Assigned } => {
    const v = a.get(key);
    if (v && typeof v.value === 'number' && v.value > 0) return { value: v.value, at: v };
    defaulted.push(`${key} ${DEFAULTS[key].toLocaleString('en-US')}`);
    return { value: DEFAULTS[key] };
  };
  const layers = num('n_layer');
  const embd = num('n_embd');
  const block = num('block_size');
  const batch = num('batch_size');
  const accum = num('gradient_accumulation_steps');
  const iters = num('max_iters');
  const dataset = a.get('dataset');
  const vocab = typeof dataset?.value === 'string' && CHAR_VOCABS[dataset.value] ? CHAR_VOCABS[dataset.value] : GPT2_VOCAB;
  // model.py's get_num_params: 12·L·d² in the blocks (attention 4d², MLP 8d²) + the tied token embedding
  // vocab·d; position embeddings are left out, as nanoGPT leaves them out of its own count.
  const params = 12 * layers.value * embd.value ** 2 + vocab * embd.value;
  const anchor = layers.at ?? embd.at ?? iters.at!;
  inputs.params = { value: params, origin: 'inferred', range: input.index.range(anchor.keyStart, anchor.end), note: `nanoGPT GPT: 12 × ${layers.value} layers × ${embd.value}² + ${vocab.toLocaleString('en-US')} × ${embd.value} (tied token embedding, ${vocab === GPT2_VOCAB ? 'GPT-2 BPE padded' : `${String(dataset?.value)} characters`}) = ${(params / 1e6).toFixed(2)}M` };
  inputs.steps = iters.at ? sourced(input, iters.at, 'max_iters') : { value: iters.value, origin: 'default', note: 'nanoGPT train.py default max_iters' };
  inputs.seqLen = block.at ? sourced(input, block.at, 'block_size') : { value: block.value, origin: 'default', note: 'nanoGPT train.py default block_size' };
  // gradient_accumulation_steps is the total over all GPUs (train.py divides it by the world size), so one
  // step is batch_size × gradient_accumulation_steps sequences whatever the GPU count.
  const global = batch.value * accum.value;
  inputs.batchSize = { value: global, origin: batch.at || accum.at ? 'inferred' : 'default', range: (accum.at ?? batch.at) ? input.index.range((accum.at ?? batch.at)!.start, (accum.at ?? batch.at)!.end) : undefined, note: `batch_size ${batch.value} × gradient_accumulation_steps ${accum.value} (nanoGPT accumulates over all GPUs together)` };
  if (batch.at) inputs.perDeviceBatch = sourced(input, batch.at, 'batch_size');
  const dtype = a.get('dtype');
  if (dtype && typeof dtype.value === 'string' && /^(bfloat16|float16|float32)$/.test(dtype.value)) {
    inputs.precision = { value: dtype.value === 'bfloat16' ? 'bf16' : dtype.value === 'float16' ? 'fp16' : 'fp32', origin: 'file', key: 'dtype', range: input.index.range(dtype.start, dtype.end) };
  }
  if (defaulted.length) notes.push(`Not in this config, so nanoGPT's train.py defaults: ${defaulted.join(', ')}.`);
  // estimate_loss() runs eval_iters batches of each split (train and val) at every step that is a multiple
  // of eval_interval, the first (0) and the last (max_iters) included: forward passes only, counted as such.
  const evalIters = positive(a, 'eval_iters') ?? EVAL_DEFAULTS.eval_iters;
  const evalEvery = positive(a, 'eval_interval') ?? EVAL_DEFAULTS.eval_interval;
  const evals = Math.floor(iters.value / evalEvery) + 1;
  const evalTokens = evals * 2 * evalIters * batch.value * block.value;
  const evalAt = a.get('eval_iters') ?? a.get('eval_interval');
  inputs.evalTokens = {
    value: evalTokens,
    origin: a.has('eval_iters') || a.has('eval_interval') ? 'inferred' : 'default',
    range: evalAt ? input.index.range(evalAt.keyStart, evalAt.end) : undefined,
    note: `${evals.toLocaleString('en-US')} evaluations (every ${evalEvery.toLocaleString('en-US')} steps, first and last included) × 2 splits × eval_iters ${evalIters} × batch_size ${batch.value} × block_size ${block.value}`,
  };
  notes.push(`Evaluation adds ${(evals * 2 * evalIters).toLocaleString('en-US')} forward batches (2 splits × eval_iters ${evalIters} at ${evals.toLocaleString('en-US')} steps), counted at forward cost. nanoGPT evaluates on the first GPU only while the others wait, so on several GPUs it takes longer than its share of the compute.`);
  const name = a.get('wandb_run_name')?.value;
  return {
    name: typeof name === 'string' && name ? name : input.fileName.split(/[\\/]/).pop() ?? input.fileName,
    phase: 'training',
    format: 'nanogpt',
    anchor: input.index.range(iters.at?.keyStart ?? 0, iters.at?.keyStart ?? 0),
    inputs,
    notes,
    warnings: [],
  };
}

export const nanogptHandler: FormatHandler = {
  id: 'nanogpt',
  syntaxes: ['python'],
  detect(input) {
    return assignments(input) ? 0.85 : 0;
  },
  extract(input) {
    const a = assignments(input);
    return a ? [readNanoGpt(input, a)] : [];
  },
};
