// Hugging Face / TRL training arguments written as command-line flags (`--num_train_epochs=3`,
// `--bf16`, `--lora_r 16`): the same keys as a TrainingArguments file, found in Kubernetes `args:`
// lists, SkyPilot `run:` scripts and Vertex job argument lists.
import type { RunInputs, Sourced } from '../../core/runSpec';
import { derived, normalizePrecision, normalizeQuantBits, setIfAbsent, toBool, toNumber } from '../fields';
import type { Word } from '../launcherFlags';
import type { TextSource } from './textSource';
import { ownValue } from '../../core/ownValue';
import { quoted } from '../quoted';

type Reader = 'model' | 'epochs' | 'steps' | 'perDeviceBatch' | 'gradAccum' | 'seqLen' | 'bf16' | 'fp16' | 'tf32' | 'dtype' | 'loraRank' | 'usePeft' | 'load4' | 'load8' | 'quantBits'
  | 'dataset' | 'packing' | 'checkpointing' | 'maxSamples' | 'generations' | 'completion' | 'prompt';

const FLAGS: Record<string, Reader> = {
  model_name_or_path: 'model', base_model: 'model', pretrained_model_name_or_path: 'model',
  num_train_epochs: 'epochs', epochs: 'epochs', num_epochs: 'epochs', max_epochs: 'epochs',
  max_steps: 'steps',
  per_device_train_batch_size: 'perDeviceBatch', micro_batch_size: 'perDeviceBatch',
  gradient_accumulation_steps: 'gradAccum',
  max_seq_length: 'seqLen', max_length: 'seqLen', cutoff_len: 'seqLen', sequence_len: 'seqLen', max_seq_len: 'seqLen',
  bf16: 'bf16', fp16: 'fp16', tf32: 'tf32', torch_dtype: 'dtype', dtype: 'dtype',
  lora_r: 'loraRank', lora_rank: 'loraRank', use_peft: 'usePeft',
  load_in_4bit: 'load4', load_in_8bit: 'load8', quantization_bit: 'quantBits',
  dataset_name: 'dataset', packing: 'packing', gradient_checkpointing: 'checkpointing', max_train_samples: 'maxSamples',
  max_samples: 'maxSamples', num_train_samples: 'maxSamples', num_generations: 'generations', max_completion_length: 'completion', max_prompt_length: 'prompt',
};
const BOOLEAN: Set<Reader> = new Set(['bf16', 'fp16', 'tf32', 'usePeft', 'load4', 'load8', 'packing', 'checkpointing']);

interface Hit {
  reader: Reader;
  flag: string;
  raw: string;
  flagWord: Word;
  /** Offsets of the value in the source (the flag itself for a bare boolean). */
  start: number;
  end: number;
}

function collect(words: Word[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep || !w.text.startsWith('--')) continue;
    const eq = w.text.indexOf('=');
    const flag = (eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).replace(/-/g, '_').toLowerCase();
    const reader = ownValue(FLAGS, flag);
    if (!reader) continue;
    if (eq >= 0) {
      hits.push({ reader, flag: w.text.slice(0, eq), raw: w.text.slice(eq + 1), flagWord: w, start: w.textStart + eq + 1, end: w.textStart + w.text.length });
      continue;
    }
    const nx = words[i + 1];
    const nextIsValue = nx && !nx.sep && !nx.text.startsWith('--');
    if (BOOLEAN.has(reader)) {
      // HfArgumentParser accepts `--bf16` and `--bf16 true`.
      if (nextIsValue && toBool(nx.text) !== undefined) {
        hits.push({ reader, flag: w.text, raw: nx.text, flagWord: w, start: nx.textStart, end: nx.textStart + nx.text.length });
        i++;
      } else hits.push({ reader, flag: w.text, raw: 'true', flagWord: w, start: w.textStart, end: w.textStart + w.text.length });
      continue;
    }
    if (nextIsValue) {
      hits.push({ reader, flag: w.text, raw: nx.text, flagWord: w, start: nx.textStart, end: nx.textStart + nx.text.length });
      i++;
    }
  }
  return hits;
}

/**
 * Adds what the flags state to `inputs` (fields already set are kept: the caller's own keys win).
 * Values that are shell variables (`$EPOCHS`) are skipped with a note.
 */
export function applyTrainingFlags(words: Word[], src: TextSource, inputs: RunInputs, notes: string[]): void {
  const hits = collect(words);
  const sourced = <T>(h: Hit, value: T): Sourced<T> => ({
    value, origin: 'file', key: h.flag.replace(/^-+/, ''),
    range: src.range(h.start, h.end), keyRange: src.range(h.flagWord.textStart, h.flagWord.textStart + (h.flag.length)),
  });
  let usePeft = false;
  let quantBits: Sourced<number> | undefined;
  let precisionFallback: Sourced<ReturnType<typeof normalizePrecision> & string> | undefined;
  for (const h of hits) {
    if (/^\$|\$\{|\$\(/.test(h.raw)) {
      notes.push(`\`${h.flag}\` is set from a variable (${quoted(h.raw)}); its value is unknown here.`);
      continue;
    }
    const n = toNumber(h.raw);
    switch (h.reader) {
      case 'model':
        if (h.raw && !/^[./]/.test(h.raw)) setIfAbsent(inputs, 'model', sourced(h, h.raw));
        break;
      case 'epochs': if (n !== undefined && n > 0) setIfAbsent(inputs, 'epochs', sourced(h, n)); break;
      case 'steps': if (n !== undefined && n > 0) setIfAbsent(inputs, 'steps', sourced(h, n)); break;
      case 'perDeviceBatch': if (n !== undefined && n > 0) setIfAbsent(inputs, 'perDeviceBatch', sourced(h, n)); break;
      case 'gradAccum': if (n !== undefined && n > 0) setIfAbsent(inputs, 'gradAccum', sourced(h, n)); break;
      case 'seqLen': if (n !== undefined && n > 0) setIfAbsent(inputs, 'seqLen', sourced(h, n)); break;
      case 'loraRank': if (n !== undefined && n > 0) setIfAbsent(inputs, 'loraRank', sourced(h, n)); break;
      case 'bf16': case 'fp16': case 'tf32':
        if (toBool(h.raw)) setIfAbsent(inputs, 'precision', sourced(h, h.reader));
        break;
      case 'dtype': {
        const p = normalizePrecision(h.raw);
        if (p && !precisionFallback) precisionFallback = sourced(h, p);
        break;
      }
      case 'usePeft': if (toBool(h.raw)) usePeft = true; break;
      case 'dataset': if (h.raw && !/^[./]/.test(h.raw)) setIfAbsent(inputs, 'dataset', sourced(h, h.raw)); break;
      case 'packing': if (toBool(h.raw) !== undefined) setIfAbsent(inputs, 'packing', sourced(h, toBool(h.raw)!)); break;
      case 'checkpointing': if (toBool(h.raw) !== undefined) setIfAbsent(inputs, 'gradientCheckpointing', sourced(h, toBool(h.raw)!)); break;
      case 'maxSamples': if (n !== undefined && n > 0) setIfAbsent(inputs, 'maxSamples', sourced(h, n)); break;
      case 'generations': if (n !== undefined && n > 0) setIfAbsent(inputs, 'numGenerations', sourced(h, n)); break;
      case 'completion': if (n !== undefined && n > 0) setIfAbsent(inputs, 'completionLen', sourced(h, n)); break;
      case 'prompt': if (n !== undefined && n > 0) setIfAbsent(inputs, 'promptLen', sourced(h, n)); break;
      case 'load4': if (toBool(h.raw) && !quantBits) quantBits = sourced(h, 4); break;
      case 'load8': if (toBool(h.raw) && !quantBits) quantBits = sourced(h, 8); break;
      case 'quantBits': {
        const b = normalizeQuantBits(h.raw);
        if (b && !quantBits) quantBits = sourced(h, b);
        break;
      }
    }
  }
  setIfAbsent(inputs, 'precision', precisionFallback);
  setIfAbsent(inputs, 'quantization', quantBits);
  const lora = inputs.loraRank;
  if ((usePeft || lora) && !inputs.adapter) {
    const from = lora ?? hits.find((h) => h.reader === 'usePeft');
    const adapter = quantBits ? 'qlora' : 'lora';
    inputs.adapter = lora ? derived(adapter as 'lora' | 'qlora', lora, `LoRA rank from \`${lora.key}\`${quantBits ? ' on a quantized base' : ''}`)
      : sourced(from as Hit, adapter as 'lora' | 'qlora');
  }
}
