// `tune run <recipe> --config <name>` where the name is one of torchtune's built-in configs, not a file
// in the workspace: the config ships with torchtune, so what it trains is read from the catalogue of
// those configs (core/torchtuneConfigs.ts) rather than from the workspace. Overrides on the line
// (`epochs=3`, `batch_size=8`) are read first by the shared flag reader and win: this only fills gaps.
import type { RunInputs, Sourced } from '../../core/runSpec';
import { torchtuneBuiltin } from '../../core/torchtuneConfigs';
import { setIfAbsent } from '../fields';
import type { Word } from '../launcherFlags';
import type { TextSource } from './textSource';
import { methodFromName } from './trainingData';

/** The word after `--config` (or joined by `=`) in a `tune run` command, with where its value starts. */
function configWord(words: readonly Word[]): { text: string; start: number; flagStart: number } | undefined {
  for (let i = 0; i < words.length; i++) {
    const t = words[i].text;
    if (t === '--config' && words[i + 1] && !words[i + 1].sep) return { text: words[i + 1].text, start: words[i + 1].textStart, flagStart: words[i].textStart };
    if (t.startsWith('--config=')) return { text: t.slice(9), start: words[i].textStart + 9, flagStart: words[i].textStart };
  }
  return undefined;
}

/**
 * Fills the run from a built-in config named on a `tune run` line. `siblings` are the workspace
 * files: a config of that name in the workspace is the user's own and is read instead.
 * Returns whether a built-in config was recognised.
 */
export function applyTorchtuneBuiltin(words: readonly Word[], src: TextSource, siblings: ReadonlyMap<string, string>, inputs: RunInputs, notes: string[]): boolean {
  const w = configWord(words);
  if (!w || siblings.has(w.text) || siblings.has(`${w.text}.yaml`)) return false;
  const b = torchtuneBuiltin(w.text);
  if (!b) return false;
  const at = { range: src.range(w.start, w.start + w.text.length), keyRange: src.range(w.flagStart, w.flagStart + 8), key: 'config' };
  const of = `torchtune's built-in config ${b.name}`;
  const inferred = <T>(value: T, note: string): Sourced<T> => ({ value, origin: 'inferred', ...at, note });
  const shipped = <T>(value: T, what: string): Sourced<T> => ({
    value, origin: 'default', ...at,
    note: b.defaultsRead ? `${of} ships ${what} (${b.defaults.source})` : `${of} was not read here: ${what} assumed, as ${b.conventionHow}`,
  });
  readOverrides(words, src, inputs);
  if (b.model) setIfAbsent(inputs, 'model', inferred(b.model.id, `${of} trains ${b.model.id} (${b.model.source})`));
  else notes.push(`${of}: the ${b.family} family is not in Carbon Lens's table of torchtune configs, so the model (${b.size}) is not named.`);
  if (b.adapter) setIfAbsent(inputs, 'adapter', inferred(b.adapter, `${of}: ${b.variant === 'dora' ? `${b.adapter === 'qlora' ? 'QDoRA' : 'DoRA'}, a LoRA variant` : b.adapter.toUpperCase()} by its name`));
  if (b.adapter === 'qlora') setIfAbsent(inputs, 'quantization', inferred(4, `${of}: QLoRA keeps the base weights in NF4 (4-bit)`));
  if (!b.adapter) notes.push(`${of}: a full fine-tune of every weight${b.variant === 'qat' ? ', with quantisation-aware training' : ''}.`);
  const method = methodFromName(b.name);
  if (method) setIfAbsent(inputs, 'trainingMethod', inferred(method, `${of}: the name says ${method.toUpperCase()}`));
  if (b.singleDevice) setIfAbsent(inputs, 'count', inferred(1, `${of} is written for a single device`));
  const d = b.defaults;
  setIfAbsent(inputs, 'epochs', shipped(d.epochs, `epochs: ${d.epochs}`));
  if (d.batchSize) setIfAbsent(inputs, 'perDeviceBatch', shipped(d.batchSize, `batch_size: ${d.batchSize}`));
  if (d.gradAccum) setIfAbsent(inputs, 'gradAccum', shipped(d.gradAccum, `gradient_accumulation_steps: ${d.gradAccum}`));
  if (b.adapter && d.loraRank) setIfAbsent(inputs, 'loraRank', shipped(d.loraRank, `lora_rank: ${d.loraRank}`));
  setIfAbsent(inputs, 'dataset', shipped(d.dataset, `dataset ${d.dataset.split('.').pop()}`));
  // `max_steps_per_epoch=10` on the line caps each epoch (as the torchtune YAML reader counts it).
  const cap = overrideOf(words, 'max_steps_per_epoch');
  const capN = cap ? Number(cap.value) : NaN;
  const ep = inputs.epochs;
  if (cap && Number.isInteger(capN) && capN > 0 && ep && !inputs.steps) {
    inputs.steps = { value: ep.value * capN, origin: 'inferred', range: src.range(cap.start, cap.start + cap.value.length), key: 'max_steps_per_epoch', note: `${ep.value} epoch${ep.value === 1 ? '' : 's'} × max_steps_per_epoch ${capN} (fewer if the dataset is shorter)` };
  }
  setIfAbsent(inputs, 'precision', shipped(d.dtype, `dtype: ${d.dtype}`));
  notes.push(`\`--config ${b.name}\` is a config that ships with torchtune, not a file in the workspace: its model and defaults come from Carbon Lens's table of torchtune's configs${b.defaultsRead ? '' : ' (this one not read: the defaults most of them share)'}.`);
  return true;
}

/** A `key=value` override on the `tune run` line, with where its value starts. */
function overrideOf(words: readonly Word[], key: string): { value: string; start: number } | undefined {
  for (const w of words) if (w.text.startsWith(`${key}=`) && w.text.length > key.length + 1) return { value: w.text.slice(key.length + 1), start: w.textStart + key.length + 1 };
  return undefined;
}

/**
 * torchtune's own override keys the shared flag reader does not know (it reads `epochs=`, `dtype=`,
 * `gradient_accumulation_steps=`): the batch, the sequence cap, the LoRA rank and the dataset builder.
 */
function readOverrides(words: readonly Word[], src: TextSource, inputs: RunInputs): void {
  const num = (key: string): Sourced<number> | undefined => {
    const o = overrideOf(words, key);
    const n = o ? Number(o.value) : NaN;
    return o && Number.isInteger(n) && n > 0 ? { value: n, origin: 'file', key, range: src.range(o.start, o.start + o.value.length) } : undefined;
  };
  setIfAbsent(inputs, 'perDeviceBatch', num('batch_size'));
  setIfAbsent(inputs, 'seqLen', num('tokenizer.max_seq_len'));
  setIfAbsent(inputs, 'loraRank', num('model.lora_rank'));
  const ds = overrideOf(words, 'dataset.source') ?? overrideOf(words, 'dataset._component_');
  if (ds && !ds.value.includes('$')) setIfAbsent(inputs, 'dataset', { value: ds.value, origin: 'file', key: 'dataset', range: src.range(ds.start, ds.start + ds.value.length) });
}
