// Hugging Face / TRL training arguments written as command-line flags (`--num_train_epochs=3`,
// `--bf16`, `--lora_r 16`): the same keys as a TrainingArguments file, found in Kubernetes `args:`
// lists, SkyPilot `run:` scripts and Vertex job argument lists.
import type { RunInputs, Sourced } from '../../core/runSpec';
import { derived, normalizePrecision, normalizeQuantBits, setIfAbsent, toBool, toNumber } from '../fields';
import type { Word } from '../launcherFlags';
import type { TextSource } from './textSource';
import { ownValue } from '../../core/ownValue';
import { quoted } from '../quoted';
import { findSampleDataset, findSampleModel } from '../../core/sampleCatalog';
import { findModel, parseModelSize } from '../../core/catalog';

/**
 * The model a local checkpoint path names, by its last folder (`/data/llama-7b/` → `llama-7b`), when the
 * catalogue knows that name or it states a size (`7b`, `1.5B`); generic names (`checkpoint-500`,
 * `output`) name nothing.
 */
export function localModelName(path: string): string | undefined {
  // A real model path is short; the length check comes before any pattern (`////…` is quadratic to trim).
  if (path.length > 1000) return undefined;
  const parts = path.replace(/[\\/]+$/, '').split(/[\\/]/);
  const last = parts[parts.length - 1] ?? '';
  if (!last || last.length > 100 || /^(checkpoint|ckpt|step|global_step|epoch)[-_]?\d*$/i.test(last)) return undefined;
  if (findModel(last)) return last;
  return parseModelSize(last) ? last : undefined;
}

type Reader = 'model' | 'epochs' | 'steps' | 'perDeviceBatch' | 'globalBatch' | 'gradAccum' | 'seqLen' | 'bf16' | 'fp16' | 'tf32' | 'dtype' | 'loraRank' | 'scriptRank' | 'networkModule' | 'usePeft' | 'useQlora' | 'load4' | 'load8' | 'quantBits'
  | 'dataset' | 'sampleData' | 'packing' | 'checkpointing' | 'maxSamples' | 'generations' | 'completion' | 'prompt';

const FLAGS: Record<string, Reader> = {
  model_name_or_path: 'model', base_model: 'model', model_name: 'model', pretrained_model_name_or_path: 'model', model: 'model', arch: 'model',
  // Other spellings of the model to load (FastChat/LLaVA-style `--model-path`, `--model_id`, a speech or
  // vision-language model's `--llm_path`). A local path counts only when its folder names a model
  // (localModelName): `--model_path /ckpt/run3` names none and is left alone.
  model_path: 'model', model_dir: 'model', model_id: 'model', base_model_path: 'model', pretrained_model_path: 'model', llm_path: 'model', llm_model_path: 'model',
  num_train_epochs: 'epochs', epochs: 'epochs', num_epochs: 'epochs', max_epochs: 'epochs',
  max_steps: 'steps',
  per_device_train_batch_size: 'perDeviceBatch', micro_batch_size: 'perDeviceBatch',
  // DeepSpeed's name for the same, which training scripts reuse in their own YAML (entryDefaults.ts).
  train_micro_batch_size_per_gpu: 'perDeviceBatch',
  gradient_accumulation_steps: 'gradAccum',
  max_seq_length: 'seqLen', max_length: 'seqLen', cutoff_len: 'seqLen', sequence_len: 'seqLen', max_seq_len: 'seqLen',
  bf16: 'bf16', fp16: 'fp16', tf32: 'tf32', torch_dtype: 'dtype', dtype: 'dtype',
  lora_r: 'loraRank', lora_rank: 'loraRank', use_peft: 'usePeft',
  // open-instruct's finetune.py: `--use_lora` / `--use_qlora` (QLoRA loads the base in 4 bits).
  use_lora: 'usePeft', use_qlora: 'useQlora',
  load_in_4bit: 'load4', load_in_8bit: 'load8', quantization_bit: 'quantBits',
  // diffusers `train_*.py` and kohya sd-scripts (`train_network.py`): the same facts under their own names.
  max_train_steps: 'steps', max_train_epochs: 'epochs', train_batch_size: 'perDeviceBatch', mixed_precision: 'dtype',
  network_dim: 'loraRank', network_module: 'networkModule', rank: 'scriptRank',
  global_batch_size: 'globalBatch',
  // LitGPT's jsonargparse spells its train.* fields as dotted flags (`--train.epochs 3`).
  'train.epochs': 'epochs', 'train.max_steps': 'steps', 'train.global_batch_size': 'globalBatch',
  'train.micro_batch_size': 'perDeviceBatch', 'train.max_seq_length': 'seqLen',
  // Vision/speech datasets by name (`data=coco.yaml`, `--dataset imagenet`): sized from the per-sample catalogue.
  dataset: 'sampleData', data: 'sampleData', train_data: 'sampleData',
  dataset_name: 'dataset', packing: 'packing', gradient_checkpointing: 'checkpointing', max_train_samples: 'maxSamples',
  max_samples: 'maxSamples', num_train_samples: 'maxSamples', num_generations: 'generations', max_completion_length: 'completion', max_prompt_length: 'prompt',
};
const BOOLEAN: Set<Reader> = new Set(['bf16', 'fp16', 'tf32', 'usePeft', 'useQlora', 'load4', 'load8', 'packing', 'checkpointing']);

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

const KOHYA_SD1 = new Set(['train_network.py', 'train_db.py', 'fine_tune.py', 'train_textual_inversion.py']);
const KOHYA_SDXL = new Set(['sdxl_train_network.py', 'sdxl_train.py', 'sdxl_train_textual_inversion.py']);

/** The architecture a kohya sd-scripts training script takes, from the script's name. */
function kohyaFamily(words: Word[]): { id: string; family: string; script: string } | undefined {
  for (const w of words) {
    if (w.sep) continue;
    const b = w.text.slice(w.text.lastIndexOf('/') + 1);
    if (KOHYA_SD1.has(b)) return { id: 'stable-diffusion-v1-5/stable-diffusion-v1-5', family: 'Stable Diffusion 1.x', script: b };
    if (KOHYA_SDXL.has(b)) return { id: 'stabilityai/stable-diffusion-xl-base-1.0', family: 'SDXL', script: b };
  }
  return undefined;
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
  // diffusers' `--rank` is a LoRA rank only in its LoRA scripts (`train_dreambooth_lora.py`).
  const loraScript = words.some((w) => !w.sep && /\.py$/i.test(w.text) && /lora/i.test(w.text.slice(w.text.lastIndexOf('/') + 1)));
  // A vision/speech dataset the per-sample catalogue sizes (COCO, ImageNet, LibriSpeech…).
  const sampleDataset = (h: Hit) => {
    const d = findSampleDataset(h.raw);
    if (d) setIfAbsent(inputs, 'datasetSamples', { ...sourced(h, d.samples), origin: 'inferred', note: `${d.id}: ${d.samples.toLocaleString('en-US')} ${d.unit} (${d.source}, ${d.year})` });
  };
  let quantBits: Sourced<number> | undefined;
  let precisionFallback: Sourced<ReturnType<typeof normalizePrecision> & string> | undefined;
  for (const h of hits) {
    if (/^\$|\$\{|\$\(/.test(h.raw)) {
      notes.push(`\`${h.flag}\` is set from a variable (${quoted(h.raw)}); its value is unknown here.`);
      continue;
    }
    const n = toNumber(h.raw);
    switch (h.reader) {
      case 'model': {
        if (h.raw && !/^[./]/.test(h.raw)) setIfAbsent(inputs, 'model', sourced(h, h.raw));
        // A local checkpoint (`/models/v1-5-pruned-emaonly.safetensors`) still names a catalogued network.
        const file = h.raw.slice(h.raw.lastIndexOf('/') + 1);
        const known = /^[./]/.test(h.raw) && file ? findSampleModel(file) : undefined;
        if (known) setIfAbsent(inputs, 'model', { ...sourced(h, known.id), origin: 'inferred', note: `the checkpoint file ${quoted(file)} is ${known.id}` });
        // kohya sd-scripts train one architecture per script (its README): `train_network.py`,
        // `train_db.py`, `fine_tune.py` take an SD 1.x/2.x checkpoint; `sdxl_*` ones an SDXL one.
        const kohya = !known && /\.(safetensors|ckpt)$/i.test(file) ? kohyaFamily(words) : undefined;
        if (kohya) setIfAbsent(inputs, 'model', { ...sourced(h, kohya.id), origin: 'inferred', note: `${quoted(file)} trained by ${kohya.script}, which takes ${kohya.family} checkpoints` });
        // A local copy of a released model keeps its name (`/nfs/…/llama-7b`, `./models/Qwen2-7B/`):
        // the folder names the network when the catalogue knows it or the name states a size.
        const folder = /^[./]/.test(h.raw) && !known && !kohya ? localModelName(h.raw) : undefined;
        if (folder) setIfAbsent(inputs, 'model', { ...sourced(h, folder), origin: 'inferred', note: `the local folder ${quoted(folder)} names the model` });
        break;
      }
      case 'sampleData': sampleDataset(h); break;
      case 'globalBatch': if (n !== undefined && n > 0) setIfAbsent(inputs, 'batchSize', sourced(h, n)); break;
      case 'scriptRank': if (loraScript && n !== undefined && n > 0) setIfAbsent(inputs, 'loraRank', sourced(h, n)); break;
      case 'networkModule': if (/lora|lycoris|dylora/i.test(h.raw)) usePeft = true; break;
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
      case 'useQlora':
        if (toBool(h.raw)) {
          usePeft = true;
          if (!quantBits) quantBits = { ...sourced(h, 4), origin: 'inferred', note: '--use_qlora loads the base model in 4 bits' };
        }
        break;
      case 'dataset': if (h.raw && !/^[./]/.test(h.raw)) setIfAbsent(inputs, 'dataset', sourced(h, h.raw)); sampleDataset(h); break;
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
  // HfArgumentParser scripts (`--do_train`, or `--output_dir` with a per-device batch) train
  // TrainingArguments' default of 3 epochs when neither epochs nor steps are given.
  const hfScript = words.some((w) => !w.sep && (w.text === '--do_train' || w.text.startsWith('--do_train='))) || (words.some((w) => !w.sep && w.text.startsWith('--output_dir')) && hits.some((h) => h.reader === 'perDeviceBatch'));
  if (hfScript && !inputs.epochs && !inputs.steps && !hits.some((h) => h.reader === 'epochs' || h.reader === 'steps')) {
    inputs.epochs = { value: 3, origin: 'default', note: 'TrainingArguments default (num_train_epochs=3.0): the command sets neither epochs nor steps' };
  }
  setIfAbsent(inputs, 'quantization', quantBits);
  if (loraScript && !inputs.adapter) usePeft = true;
  const lora = inputs.loraRank;
  if ((usePeft || lora) && !inputs.adapter) {
    const from = lora ?? hits.find((h) => h.reader === 'usePeft' || h.reader === 'useQlora' || h.reader === 'networkModule' || h.reader === 'model');
    const adapter = quantBits ? 'qlora' : 'lora';
    inputs.adapter = lora ? derived(adapter as 'lora' | 'qlora', lora, `LoRA rank from \`${lora.key}\`${quantBits ? ' on a quantized base' : ''}`)
      : from ? sourced(from as Hit, adapter as 'lora' | 'qlora') : { value: adapter as 'lora' | 'qlora', origin: 'inferred', note: 'a LoRA training script' };
  }
}
