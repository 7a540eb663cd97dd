// Fills what a launch line leaves out from the Python file it runs (entryScript.ts), through the same
// flag reader as the line itself (trainFlags.ts): `default=70` of `--epochs` is read exactly as
// `--epochs 70` would be. Flags on the line win, even when their value is a variable Carbon Lens cannot
// resolve (`--epochs $E` is not replaced by the script's default). A default is what the script does
// when nobody overrides it, so every value taken here is `inferred`, shown at the script's name on the
// launch line with a note saying where in the .py it was written.
import type { RunInputs, SourceRange, Sourced } from '../../core/runSpec';
import { readEntryScript, type EntryFacts, type EntryValue } from '../entryScript';
import type { Word } from '../launcherFlags';
import { LineIndex } from '../lineIndex';
import { parseJsonDoc, parseYamlDocs } from '../tree';
import { shapeFromKeys, type ShapeValue } from '../modelShape';
import { evalPyExpr } from '../pyExpr';
import { scanPython } from '../pyCalls';
import { findModel, parseModelSize } from '../../core/catalog';
import { applyTrainingFlags, localModelName } from './trainFlags';
import { applySmallVision, smallVisionOf } from './smallVisionRuns';
import type { TextSource } from './textSource';

/**
 * Entry scripts' facts by text, kept for one analysis (`scope`: the analysed file's FormatInput): a
 * script is read by extract and again by references, and once per launch line that runs it. Not kept
 * across analyses: a cache by text alone outlives the code that filled it (under mutation testing a
 * mutant's tests read facts an earlier mutant computed, and survived for it).
 */
const memo = new WeakMap<object, Map<string, EntryFacts>>();

export function entryFacts(text: string, scope: object): EntryFacts {
  let byText = memo.get(scope);
  if (!byText) memo.set(scope, (byText = new Map()));
  let f = byText.get(text);
  if (!f) {
    f = readEntryScript(text);
    byText.set(text, f);
  }
  return f;
}

/**
 * Names scripts give their own settings, spelt as the launch-line reader knows them (`--steps 20`,
 * `N_EPOCHS = 10`, `total_steps`): read as the length of training in the entry script only, where
 * the name is the script's own and not a flag of some other tool.
 */
const ENTRY_ALIASES: Record<string, string> = {
  n_epochs: 'num_epochs', nepochs: 'num_epochs', num_epoch: 'num_epochs', total_epochs: 'num_epochs', epoch_num: 'num_epochs', train_epochs: 'num_epochs',
  // InternLM / InternEvo Python configs: `data = dict(seq_len=…, micro_bsz=…, micro_num=…)`, micro_num
  // being the micro-batches accumulated per step (InternLM docs, 2024).
  seq_len: 'max_seq_len', micro_bsz: 'micro_batch_size', micro_num: 'gradient_accumulation_steps',
  steps: 'max_steps', num_steps: 'max_steps', total_steps: 'max_steps', train_steps: 'max_steps', num_train_steps: 'max_steps', max_iters: 'max_steps', num_iters: 'max_steps', iterations: 'max_steps', max_iter: 'max_steps',
};
const LENGTH_FLAGS = new Set(['epochs', 'num_epochs', 'max_epochs', 'num_train_epochs', 'max_steps', 'max_train_steps']);

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** Flag names on the launch line, spelt as entryScript keys them. */
export function lineFlags(words: readonly Word[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    if (w.sep || !w.text.startsWith('--')) continue;
    const eq = w.text.indexOf('=');
    out.add((eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).replace(/-/g, '_').toLowerCase());
  }
  return out;
}

/**
 * Adds the entry script's values to `inputs` where the launch line set nothing. `scriptRange` is where
 * the line names the script (the values are shown there); `path` is the script as the line writes it.
 */
export function applyEntryScript(path: string, text: string, words: readonly Word[], scriptRange: SourceRange, inputs: RunInputs, notes: string[], scope: object): void {
  const facts = entryFacts(text, scope);
  const onLine = lineFlags(words);
  const file = baseName(path);
  const index = new LineIndex(text);
  const src: TextSource = { text, fileOffset: (o) => o, fileEnd: (o) => o, range: (s, e) => index.range(s, e) };
  const taken: string[] = [];
  const take = (flag: string, v: EntryValue): void => {
    const tmp: RunInputs = {};
    // One flag at a time through the launch-line reader, so each value keeps its own note.
    const value = typeof v.value === 'boolean' ? (v.value ? 'true' : 'false') : String(v.value);
    const fake: Word[] = [
      { text: `--${flag}`, start: v.start, end: v.start, textStart: v.start },
      { text: value, start: v.start, end: v.end, textStart: v.start },
    ];
    applyTrainingFlags(fake, src, tmp, []);
    const line = index.lineAt(v.start) + 1;
    for (const [field, got] of Object.entries(tmp) as [keyof RunInputs, Sourced<unknown>][]) {
      if (inputs[field] !== undefined) continue;
      (inputs as Record<string, Sourced<unknown>>)[field] = {
        value: got.value,
        origin: 'inferred',
        key: got.key,
        range: scriptRange,
        note: `${v.what} in ${file} line ${line}${got.note ? ` (${got.note})` : ''}`,
      };
      taken.push(`${field} (${v.what}, line ${line})`);
    }
  };
  for (const [flag, v] of facts.defaults) if (!onLine.has(flag)) take(ENTRY_ALIASES[flag] ?? flag, v);
  // The script's own constants (`EPOCHS = 100`, `class Config: epochs = 40`) and its epoch loop, for
  // the length of training only: a module constant named `model` is as often a class as an id.
  // Only when the line sets no length at all: `--epochs $E` that Carbon Lens cannot resolve is still
  // the line's choice, and a loop or constant must not stand in for it.
  const lineSetsLength = [...onLine].some((f) => LENGTH_FLAGS.has(ENTRY_ALIASES[f] ?? f));
  if (!lineSetsLength) {
    for (const [name, v] of facts.constants) {
      const flag = ENTRY_ALIASES[name] ?? name;
      if (LENGTH_FLAGS.has(flag) && !name.includes('.')) take(flag, v);
    }
    if (facts.epochLoop && inputs.epochs === undefined && inputs.steps === undefined) take('epochs', facts.epochLoop);
  }
  // A CIFAR/MNIST script (smallVisionRuns.ts): the network as built for 32×32 images, not its 224 row.
  const small = smallVisionOf(text, facts);
  const blockModel = small ? applySmallVision(small, take, inputs, scriptRange, file, notes, words) : false;
  // A model or dataset the script loads by name, when neither the line nor a default named one.
  const model = facts.models[0];
  if (model && inputs.model === undefined && !blockModel && typeof model.value === 'string') take('model_name_or_path', model);
  // A model built from a config file (`from_config`): the file's name, when it names a catalogued
  // model or states a size (`qwen3_0.6b.json`), as for a local checkpoint folder.
  const mc = facts.modelConfigs[0];
  const stem = mc && typeof mc.value === 'string' ? baseName(mc.value).replace(/\.json$/i, '') : undefined;
  if (mc && stem && inputs.model === undefined && localModelName(stem)) take('model_name_or_path', { ...mc, value: stem, what: `${mc.what}: the model config ${baseName(String(mc.value))}` });
  // A model built from its shape (`LlamaForCausalLM(LlamaConfig(hidden_size=…))`): its parameters.
  const shape = facts.shape;
  if (shape && inputs.params === undefined && !sizedModel(inputs)) {
    const line = index.lineAt(shape.start) + 1;
    inputs.params = { value: shape.count.params, origin: 'inferred', range: scriptRange, note: `${shape.what} in ${file} line ${line}: ${shape.count.formula}` };
    if (shape.count.activeParams !== shape.count.params) inputs.activeParams = { ...inputs.params, value: shape.count.activeParams };
    taken.push(`params (${shape.what}, line ${line})`);
  }
  const data = facts.datasets[0];
  if (data && inputs.dataset === undefined && typeof data.value === 'string') take('dataset_name', data);
  if (taken.length) notes.push(`Read ${file}, the script the command runs: ${taken.join('; ')} — what it does when the command line does not say otherwise.`);
}

/** A flat config is small; a larger file is not read as flags. */
const MAX_FLAT_CONFIG_CHARS = 256 * 1024;

/**
 * A config the entry script reads (`--config_path configs/x.yaml`, or its `--config` default) that no
 * format reader claims: its top-level `key: value` scalars are the script's own arguments by another
 * spelling (`max_steps: 30600`, `epochs: 1`), read through the same flag names as the line. Nested
 * sections are not guessed at. Values are `inferred`, shown at `range` with "max_steps in x.yaml line N".
 */
export function applyFlatConfig(path: string, text: string, range: SourceRange, inputs: RunInputs, notes: string[], scope: object): void {
  if (text.length > MAX_FLAT_CONFIG_CHARS) return;
  const index = new LineIndex(text);
  let entries: FlatEntry[];
  if (/\.py$/i.test(path)) entries = pyConfigEntries(text, scope);
  else if (/\.(ya?ml|json)$/i.test(path)) {
    const root = (/\.json$/i.test(path) ? parseJsonDoc(text, index) : parseYamlDocs(text, index)[0])?.root;
    if (root?.kind !== 'map') return;
    entries = [];
    for (const e of root.entries.slice(0, 500)) {
      if (e.value.kind !== 'scalar' || e.value.value === null) continue;
      const start = index.offsetOf(e.value.range.startLine, e.value.range.startCol);
      const end = index.offsetOf(e.value.range.endLine, e.value.range.endCol);
      entries.push({ key: e.key, value: e.value.value, start, end, keyStart: index.offsetOf(e.keyRange.startLine, e.keyRange.startCol) });
    }
  } else return;
  const src: TextSource = { text, fileOffset: (o) => o, fileEnd: (o) => o, range: (s, e) => index.range(s, e) };
  const file = baseName(path);
  const taken: string[] = [];
  for (const e of entries) {
    const tmp: RunInputs = {};
    const flag = ENTRY_ALIASES[e.key.toLowerCase()] ?? e.key;
    applyTrainingFlags([
      { text: `--${flag}`, start: e.start, end: e.start, textStart: e.start },
      { text: String(e.value), start: e.start, end: e.end, textStart: e.start },
    ], src, tmp, []);
    for (const [field, got] of Object.entries(tmp) as [keyof RunInputs, Sourced<unknown>][]) {
      if (inputs[field] !== undefined) continue;
      const line = index.lineAt(e.keyStart) + 1;
      (inputs as Record<string, Sourced<unknown>>)[field] = { value: got.value, origin: 'inferred', key: got.key, range, note: `${e.label ?? e.key} in ${file} line ${line}${got.note ? ` (${got.note})` : ''}` };
      taken.push(`${field} (${e.label ?? e.key}, line ${line})`);
    }
  }
  // A custom transformer sized in this config (`d_model`, `n_layers`, `n_heads`): its parameters.
  if (inputs.params === undefined && !sizedModel(inputs)) {
    const scalars = new Map<string, { v: ShapeValue; line: number }>();
    for (const e of entries) {
      if (!scalars.has(e.key.toLowerCase())) scalars.set(e.key.toLowerCase(), { v: scalarShape(e.value), line: index.lineAt(e.keyStart) + 1 });
    }
    const count = shapeFromKeys((k) => scalars.get(k)?.v);
    if (count) {
      const line = scalars.get(count.layersKey)!.line;
      inputs.params = { value: count.params, origin: 'inferred', range, note: `the sizes in ${file} (${count.layersKey}, line ${line}), counted as a transformer: ${count.formula}` };
      taken.push(`params (${count.layersKey} and the other sizes, line ${line})`);
    }
  }
  if (taken.length) notes.push(`Read ${file}, the config the script takes: ${taken.join('; ')}.`);
}

/** One `key: value` of a flat config, with offsets in its file. */
interface FlatEntry {
  key: string;
  value: string | number | boolean;
  start: number;
  end: number;
  keyStart: number;
  /** How the note names it (`data.total_steps`), when not the bare key. */
  label?: string;
}

/**
 * A Python config module the launch line passes (`--config ./configs/7B_sft.py`, as InternLM and
 * InternEvo train.py take): its module-level literals (`SEQ_LEN = 2048`) and the keywords of its
 * module-level `dict(...)` sections (`data = dict(total_steps=200, seq_len=SEQ_LEN)`), each evaluated
 * from literals only, in source order. Nested dicts are not followed.
 */
function pyConfigEntries(text: string, scope: object): FlatEntry[] {
  const facts = entryFacts(text, scope);
  const scan = scanPython(text);
  const out: FlatEntry[] = [];
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  // Module-level literals by name (the latest wins), for `seq_len=SEQ_LEN` inside a section.
  const module = new Map<string, number | string | boolean>();
  for (const a of scan.assigns) {
    const v = a.value.value;
    if (a.nameStart === lineStart(a.nameStart) && v !== undefined && v !== null) module.set(a.name, v);
  }
  const constant = (name: string) => module.get(name);
  for (const [key, v] of facts.constants) if (!key.includes('.')) out.push({ key, value: v.value, start: v.start, end: v.end, keyStart: v.start, label: v.what.split(' =')[0] });
  for (const c of scan.calls) {
    if (out.length >= 500) break;
    // `data = dict(...)` at the start of a line: a section of the module, not a call inside a function.
    if (c.callee !== 'dict' || !c.assignedTo || !text.startsWith(c.assignedTo, lineStart(c.start))) continue;
    for (const a of c.args) {
      if (!a.key) continue;
      const v = a.value.value ?? evalPyExpr(a.value.text, constant);
      if (v === undefined || v === null) continue;
      out.push({ key: a.key, value: v, start: a.value.start, end: a.value.end, keyStart: a.keyStart ?? a.value.start, label: `${c.assignedTo}.${a.key}` });
    }
  }
  return out;
}

/**
 * Whether the run already names a model whose size is known (catalogued, or a size in its name): a
 * count from a shape does not replace it, but a project's own name (`model: LaHT-B/2`) says nothing
 * of the size and the shape's count fills it.
 */
function sizedModel(inputs: RunInputs): boolean {
  const m = inputs.model?.value;
  return typeof m === 'string' && (findModel(m) !== undefined || parseModelSize(m) !== undefined);
}

function scalarShape(v: unknown): ShapeValue {
  return typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}
