// Diffusion fine-tuning configs in JSON: SimpleTuner's `config.json` (the keys of its `--arguments`,
// with or without the leading `--`: `model_family`, `max_train_steps`, `train_batch_size`,
// `mixed_precision`, `model_type: lora`…; SimpleTuner OPTIONS.md) and kohya_ss GUI presets
// (`pretrained_model_name_or_path`, `max_train_steps`, `max_resolution`, `network_dim`…). Both borrow
// Trainer-like keys (`output_dir`, `learning_rate`) and were read as HF TrainingArguments, which found
// neither the model nor the length. A diffusion run is counted per image and step (sampleCompute.ts).
import type { Sourced } from '../../core/runSpec';
import { normalizeQuantBits } from '../fields';
import type { TMap } from '../tree';
import type { FormatHandler, FormatInput } from '../types';
import { flattenSections } from '../tomlDoc';
import { CANNOT } from './keyEdits';
import { rootMapHandler } from './rootMapHandler';
import { Reader, anchorOf, fileStem, finishRun, rootMap } from './trainingShared';

/** The key as written: SimpleTuner accepts `max_train_steps` and `--max_train_steps` alike. */
function spelled(root: TMap, key: string): string | undefined {
  for (const e of root.entries) if (e.key === key || e.key === `--${key}`) return e.key;
  return undefined;
}

const SIMPLETUNER_KEYS = ['max_train_steps', 'train_batch_size', 'data_backend_config', 'model_type', 'lora_type', 'base_model_precision', 'resolution', 'validation_resolution', 'checkpointing_steps'];

function simpleTunerScore(root: TMap | undefined): number {
  if (!root || !spelled(root, 'model_family')) return 0;
  const hits = SIMPLETUNER_KEYS.filter((k) => spelled(root, k)).length;
  return hits >= 2 ? 0.95 : 0;
}

/**
 * The checkpoint a SimpleTuner `model_family` trains when no `pretrained_model_name_or_path` names one.
 * The family alone does not fix the size within it: the choice is said in the note, never silent.
 */
const FAMILY: Record<string, { id: string; note: string }> = {
  flux: { id: 'black-forest-labs/FLUX.1-dev', note: 'model_family flux: FLUX.1 [dev], the 12B transformer (the flavour is not named)' },
  sd3: { id: 'stabilityai/stable-diffusion-3-medium', note: 'model_family sd3: assumed SD3 Medium (2B), the smallest of the family (the checkpoint is not named)' },
  sdxl: { id: 'stabilityai/stable-diffusion-xl-base-1.0', note: 'model_family sdxl: SDXL base 1.0' },
  legacy: { id: 'stable-diffusion-v1-5/stable-diffusion-v1-5', note: 'model_family legacy: Stable Diffusion 1.x/2.x, counted as SD 1.5' },
};

/** Bits of SimpleTuner's `base_model_precision` (`int8-quanto`, `fp8-torchao`, `nf4-bnb`; `no_change` = none). */
function baseBits(v: string): number | undefined {
  const head = v.toLowerCase().split('-')[0];
  return normalizeQuantBits(head === 'fp8' ? 'fp8' : head);
}

function readSimpleTuner(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  const k = (key: string) => spelled(root, key) ?? key;
  r.noteDuplicates();
  const named = r.str(k('pretrained_model_name_or_path'));
  if (named) r.set('model', named);
  const family = r.str(k('model_family'));
  const known = family ? FAMILY[family.value.toLowerCase()] : undefined;
  if (family && known) r.set('model', { ...family, value: known.id, origin: 'inferred', note: known.note });
  else if (family && !named) r.note(`model_family ${family.value}: not in the per-sample catalogue, so no FLOPs per image are known for it.`);
  const steps = r.num(k('max_train_steps'));
  if (steps && steps.value > 0) r.set('steps', steps);
  const epochs = r.num(k('num_train_epochs'));
  if (epochs && epochs.value > 0) r.set('epochs', epochs);
  if (r.has('steps') && r.has('epochs')) r.note('max_train_steps and num_train_epochs are both set: SimpleTuner stops at the steps, which decide the length here.');
  r.set('perDeviceBatch', r.num(k('train_batch_size')));
  r.set('gradAccum', r.num(k('gradient_accumulation_steps')));
  const mp = r.str(k('mixed_precision'));
  if (mp) r.set('precision', r.precision(k('mixed_precision')));
  const type = r.str(k('model_type'));
  if (type?.value.toLowerCase() === 'lora') {
    const lt = r.str(k('lora_type'));
    r.set('adapter', { ...type, value: 'lora', note: lt?.value.toLowerCase() === 'lycoris' ? 'model_type lora with LyCORIS (lora_type lycoris): an adapter, the base stays frozen' : 'model_type lora: an adapter, the base stays frozen' });
    r.set('loraRank', r.num(k('lora_rank')));
  }
  const bmp = r.str(k('base_model_precision'));
  const bits = bmp ? baseBits(bmp.value) : undefined;
  if (bmp && bits) r.set('quantization', { ...bmp, value: bits, note: `base_model_precision ${bmp.value}: the frozen base is stored in ${bits} bits` });
  const g = r.bool(k('gradient_checkpointing'));
  if (g?.value) r.set('gradientCheckpointing', g);
  const res = r.str(k('resolution')) ?? r.str(k('validation_resolution'));
  if (res) r.note(`Resolution ${res.value} (${res.key}): FLOPs per image are the catalogue's at its stated resolution, not rescaled.`);
  const backend = r.str(k('data_backend_config'));
  if (backend) r.note(`The datasets (and their resolution and repeats) are in ${backend.value}; the length here is the step count.`);
  return finishRun(r, r.str(k('tracker_run_name'))?.value ?? fileStem(input.fileName), 'simpletuner', anchorOf(root, [k('model_family'), k('pretrained_model_name_or_path')]));
}

export const simpleTunerHandler = rootMapHandler({
  id: 'simpletuner',
  syntaxes: ['json'],
  score: (_input, root) => simpleTunerScore(root),
  read: readSimpleTuner,
  plan: () => CANNOT,
});

// ──── kohya_ss GUI presets ────

const KOHYA_KEYS = ['network_dim', 'network_alpha', 'LoRA_type', 'max_resolution', 'train_data_dir', 'save_model_as', 'cache_latents', 'optimizer', 'unet_lr', 'sdxl', 'v2', 'flux1_checkbox'];

function kohyaScore(root: TMap | undefined): number {
  if (!root || !spelled(root, 'pretrained_model_name_or_path')) return 0;
  const hits = KOHYA_KEYS.filter((key) => spelled(root, key)).length;
  return hits >= 4 ? 0.93 : 0;
}

/** The architecture a kohya preset trains, from its switches when the checkpoint name does not say. */
function kohyaFamily(r: Reader): { id: string; note: string } | undefined {
  if (r.bool('flux1_checkbox')?.value) return { id: 'black-forest-labs/FLUX.1-dev', note: 'flux1_checkbox: a FLUX.1 checkpoint (12B)' };
  if (r.bool('sdxl')?.value) return { id: 'stabilityai/stable-diffusion-xl-base-1.0', note: 'sdxl: true' };
  return undefined;
}

function readKohya(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  r.noteDuplicates();
  const ckpt = r.str('pretrained_model_name_or_path');
  // A local `.safetensors` path names the file, not the network: the switches say which one.
  const fam = kohyaFamily(r) ?? (input.syntax === 'toml' ? tomlFamily(r) : undefined);
  if (ckpt && fam) r.set('model', { ...ckpt, value: fam.id, origin: 'inferred', note: `${fam.note}; checkpoint ${ckpt.value}` });
  else if (ckpt) r.set('model', ckpt);
  const steps = r.num('max_train_steps');
  const epochs = r.num('max_train_epochs') ?? r.num('epoch');
  // kohya: max_train_epochs overrides max_train_steps (sd-scripts train_util), but epochs need the
  // image count × repeats of train_data_dir, which the preset does not hold; the step cap is used.
  if (steps && steps.value > 0) r.set('steps', steps);
  else if (epochs && epochs.value > 0) r.set('epochs', epochs);
  if (steps && epochs && epochs.value > 0) r.note(`max_train_epochs ${epochs.value} overrides max_train_steps in sd-scripts, but the images per epoch are in ${r.str('train_data_dir')?.value ?? 'the dataset folder'}: the ${steps.value} steps are used as the length.`);
  r.set('perDeviceBatch', r.num('train_batch_size'));
  r.set('gradAccum', r.num('gradient_accumulation_steps'));
  r.set('precision', r.precision('mixed_precision'));
  const dim = r.num('network_dim');
  const lt = r.str('LoRA_type');
  if (dim && dim.value > 0) {
    r.set('adapter', { ...dim, value: 'lora', note: `network_dim ${dim.value}${lt ? ` (${lt.value})` : ''}: a LoRA-style network, the base stays frozen` });
    r.set('loraRank', dim);
  }
  const fp8 = r.bool('fp8_base');
  if (fp8?.value) r.set('quantization', { ...fp8, value: 8, note: 'fp8_base: the frozen base is stored in fp8' } as Sourced<number>);
  const n = r.num('num_processes');
  if (n && n.value > 0) r.set('count', n);
  const res = r.str('max_resolution');
  if (res) r.note(`Resolution ${res.value} (max_resolution): FLOPs per image are the catalogue's at its stated resolution, not rescaled.`);
  return finishRun(r, r.str('output_name')?.value ?? fileStem(input.fileName), 'kohya', anchorOf(root, ['pretrained_model_name_or_path']));
}

/**
 * A sd-scripts TOML names no script: `v2 = false` written out and no SDXL/FLUX key means the SD 1.x
 * network that `train_network.py` trains by default (sd-scripts README, 2024). Inferred, and said so.
 */
function tomlFamily(r: Reader): { id: string; note: string } | undefined {
  const v2 = r.bool('v2');
  if (!v2 || v2.value !== false || r.str('sdxl') || r.bool('sdxl') || r.num('t5xxl_max_token_length') || r.str('clip_l')) return undefined;
  return { id: 'stable-diffusion-v1-5/stable-diffusion-v1-5', note: 'v2 = false and no SDXL or FLUX keys: a Stable Diffusion 1.x checkpoint, which train_network.py takes by default (assumed; the TOML names no script)' };
}

/** sd-scripts `--config_file` TOML: sections flattened as the scripts read them (tomlDoc.ts). */
export const kohyaTomlHandler: FormatHandler = {
  id: 'kohya',
  syntaxes: ['toml'],
  detect(input) {
    const root = rootMap(input);
    return root ? kohyaScore(flattenSections(root)) : 0;
  },
  extract(input) {
    const root = rootMap(input);
    if (!root) return [];
    const run = readKohya(input, flattenSections(root));
    const res = new Reader(flattenSections(root)).str('resolution');
    if (res) run.notes.push(`Resolution ${res.value} (resolution, line ${(res.range?.startLine ?? 0) + 1}): FLOPs per image are the catalogue's at its stated resolution, not rescaled.`);
    return [run];
  },
  planEdit: () => CANNOT,
};

export const kohyaPresetHandler = rootMapHandler({
  id: 'kohya',
  syntaxes: ['json'],
  score: (_input, root) => kohyaScore(root),
  read: readKohya,
  plan: () => CANNOT,
});
