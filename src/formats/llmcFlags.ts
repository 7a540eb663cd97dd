// llm.c (karpathy/llm.c, 2024) trains GPT-2 with its own CUDA binary, `train_gpt2cu`, and one-letter
// flags rather than Hugging Face ones: `-e d12` (the model: depth 12 = GPT-2 124M), `-t 1024` (sequence
// length), `-b 64` (micro-batch per GPU), `-d 524288` (total batch in tokens), `-x 18865` (steps; -1 or
// absent = one pass over the data) and `-i "dev/data/fineweb10B/…bin"` (the training shards). These
// are the flags of train_gpt2.cu's usage text; what they mean is read here, nothing else.
import type { RunInputs, Sourced } from '../core/runSpec';
import type { Word } from './launcherFlags';
import type { TextSource } from './handlers/textSource';

/** The binaries of llm.c that train GPT-2 (`train_gpt2cu`, the fp32 reference `train_gpt2fp32cu`, CPU `train_gpt2`). */
export const LLMC_BINARY = /^train_gpt2(?:cu|fp32cu)?$/;

/**
 * `-e dN`: llm.c builds a GPT-2 of depth N from scratch (train_gpt2.cu `gpt2_build_from_descriptor`,
 * channels 64·N/… as in the GPT-2 family): d12, d24, d36, d48 are GPT-2 124M, 350M, 774M and 1558M.
 * `-e gpt2_124M.bin` (or `_bf16.bin`) starts from the converted OpenAI checkpoint of that size.
 */
const DEPTH_MODEL: Record<string, string> = { d12: 'openai-community/gpt2', d24: 'openai-community/gpt2-medium', d36: 'openai-community/gpt2-large', d48: 'openai-community/gpt2-xl' };
const CHECKPOINT_MODEL: Record<string, string> = { '124M': 'openai-community/gpt2', '350M': 'openai-community/gpt2-medium', '355M': 'openai-community/gpt2-medium', '774M': 'openai-community/gpt2-large', '1558M': 'openai-community/gpt2-xl' };

/**
 * Training shards llm.c's own preparation scripts write, by folder: dev/data/fineweb.py `-v 10B|100B`
 * tokenizes FineWeb's sample-10BT / sample-100BT (HuggingFaceFW/fineweb, 2024) and `-t edu` FineWeb-Edu's;
 * one pass is that many GPT-2 tokens.
 */
const SHARD_TOKENS: Array<{ re: RegExp; tokens: number; what: string }> = [
  { re: /(?:^|\/)(?:edu_)?fineweb10B\//i, tokens: 10e9, what: 'FineWeb 10B-token sample (llm.c dev/data/fineweb.py -v 10B)' },
  { re: /(?:^|\/)(?:edu_)?fineweb100B\//i, tokens: 100e9, what: 'FineWeb 100B-token sample (llm.c dev/data/fineweb.py -v 100B)' },
];

interface Flag {
  value: string;
  flagWord: Word;
  valueWord: Word;
}

function flagsOf(words: Word[], from: number, to: number): Map<string, Flag> {
  const out = new Map<string, Flag>();
  for (let i = from; i < to - 1; i++) {
    const w = words[i];
    if (w.sep || !/^-[a-z]{1,2}$/.test(w.text)) continue;
    const v = words[i + 1];
    if (v.sep) continue;
    if (!out.has(w.text)) out.set(w.text, { value: v.text, flagWord: w, valueWord: v });
    i++;
  }
  return out;
}

function sourced<T>(f: Flag, value: T, src: TextSource, note?: string): Sourced<T> {
  return {
    value, origin: 'file', key: f.flagWord.text,
    range: src.range(f.valueWord.textStart, f.valueWord.textStart + f.valueWord.text.length),
    keyRange: src.range(f.flagWord.textStart, f.flagWord.textStart + f.flagWord.text.length),
    ...(note ? { note } : {}),
  };
}

const int = (s: string): number | undefined => (/^-?\d+$/.test(s) ? Number(s) : undefined);

/**
 * Reads the flags of an llm.c launch (`words[at]` is the binary, the command ends before `to`) into
 * `inputs`. Returns false when the words are not an llm.c training command.
 */
export function applyLlmcFlags(words: Word[], at: number, to: number, src: TextSource, inputs: RunInputs, notes: string[]): boolean {
  const bin = words[at]?.text ?? '';
  if (!LLMC_BINARY.test(bin.slice(bin.lastIndexOf('/') + 1))) return false;
  const f = flagsOf(words, at + 1, to);
  const e = f.get('-e');
  if (e) {
    const depth = DEPTH_MODEL[e.value.toLowerCase()];
    const ckpt = /gpt2_(\d+M)(?:_bf16)?\.bin$/i.exec(e.value);
    const model = depth ?? (ckpt ? CHECKPOINT_MODEL[ckpt[1].toUpperCase()] : undefined);
    if (model) inputs.model = sourced(e, model, src, depth ? `llm.c -e ${e.value}: a GPT-2 of depth ${e.value.slice(1)} built from scratch` : `llm.c starts from ${e.value}`);
  } else {
    // train_gpt2.cu's default load file is gpt2_124M_bf16.bin.
    inputs.model = { value: 'openai-community/gpt2', origin: 'default', note: 'llm.c default -e gpt2_124M_bf16.bin' };
  }
  const t = f.get('-t');
  const seq = t && int(t.value);
  if (t && seq && seq > 0) inputs.seqLen = sourced(t, seq, src);
  const b = f.get('-b');
  const micro = b && int(b.value);
  if (b && micro && micro > 0) inputs.perDeviceBatch = sourced(b, micro, src);
  const d = f.get('-d');
  const total = d && int(d.value);
  if (d && total && total > 0 && seq) inputs.batchSize = sourced(d, total / seq, src, `-d ${total} tokens per step ÷ -t ${seq} = ${total / seq} sequences`);
  // llm.c trains in bf16 unless built with PRECISION=FP32 (its Makefile default, 2024); its reference
  // binaries, `train_gpt2fp32cu` (train_gpt2_fp32.cu) and the CPU `train_gpt2` (train_gpt2.c), are fp32.
  const name = bin.slice(bin.lastIndexOf('/') + 1);
  inputs.precision = name === 'train_gpt2cu'
    ? { value: 'bf16', origin: 'inferred', note: 'llm.c trains in bf16 (Makefile default PRECISION=BF16)' }
    : { value: 'fp32', origin: 'inferred', note: `${name} is llm.c's fp32 reference` };
  const x = f.get('-x');
  const steps = x && int(x.value);
  if (x && steps && steps > 0) inputs.steps = sourced(x, steps, src);
  else {
    const i = f.get('-i');
    const shard = i && SHARD_TOKENS.find((s) => s.re.test(i.value));
    if (i && shard) {
      inputs.epochs = { value: 1, origin: 'inferred', note: `no -x: llm.c makes one pass over the training shards`, ...(x ? { key: '-x', range: src.range(x.valueWord.textStart, x.valueWord.textStart + x.valueWord.text.length) } : {}) };
      inputs.datasetTokens = sourced(i, shard.tokens, src, shard.what);
    } else notes.push('llm.c: no -x (steps) and training shards Carbon Lens does not know: the length of training is not known.');
  }
  return true;
}
