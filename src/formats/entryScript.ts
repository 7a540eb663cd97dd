// The Python file a launch script runs (`torchrun --nproc_per_node=8 main.py --epochs 30`): what the
// run trains is often written there rather than on the launch line — argparse defaults
// (`add_argument('--epochs', type=int, default=70)`), HfArgumentParser dataclass fields
// (`model_name_or_path: str = field(default="gpt2")`), the model it loads (`from_pretrained("…")`,
// `timm.create_model("…")`, `torchvision.models.resnet50(`), the dataset (`load_dataset("…")`) and the
// config file it reads when none is passed (`--config` default). Read with the same tokenizer as the
// notebook and .py readers (pyCalls.ts): nothing is executed, only literals are taken, and every value
// keeps the offset it was written at so the estimate can say "default in main.py line 24".
import { kwarg, positional, resolveName, scanPython, type PyCall, type PyLiteral, type PyScan, type PyValue } from './pyCalls';
import type { LineIndex } from './lineIndex';

/** A value written in the entry script, with where. */
export interface EntryValue {
  value: string | number | boolean;
  /** Offsets of the literal in the .py text. */
  start: number;
  end: number;
  /** What the script wrote, for the note: `default of --epochs`, `from_pretrained("gpt2")`. */
  what: string;
}

export interface EntryFacts {
  /** Defaults by flag name as the launch line spells it after `--` (dashes → underscores, lower case). */
  defaults: Map<string, EntryValue>;
  /** Model ids the script loads by a literal name, in source order. */
  models: EntryValue[];
  /**
   * Model config files the script builds its model from (`AutoConfig.from_pretrained(args.model_config)`
   * with a `.json` default, then `from_config`): a pretraining run whose model is named by its file.
   */
  modelConfigs: EntryValue[];
  /** Dataset ids given to `load_dataset` literally, in source order. */
  datasets: EntryValue[];
  /** The config file the script reads when the launch line passes none (`--config` default). */
  configDefault?: EntryValue;
}

/**
 * An entry script larger than this is not read (the referenced-file limit is 1 MB; a training entry
 * point is a few hundred lines). Bounds the tokenizer's work on a hostile file.
 */
const MAX_ENTRY_CHARS = 1024 * 1024;
/** Values kept per kind: a real script has a handful; a generated one is not read further. */
const MAX_VALUES = 500;

const CONFIG_FLAGS = new Set(['config', 'config_path', 'config_file', 'cfg', 'config_name', 'train_config']);
const NOT_MODEL_RECEIVER = /Tokenizer|Processor|FeatureExtractor|Config|ImageProcessor|Scheduler|Pipeline|PeftModel/;
/** torchvision's model builders (torchvision.models, 2024): `resnet50(`, `vit_b_16(`, `efficientnet_b0(`. */
const TORCHVISION_BUILDER = /^(resnet\d+|resnext\d+_\w+|wide_resnet\d+_\d+|vit_[bhl]_\d+|swin_v?\d?_?[tsb]|convnext_(tiny|small|base|large)|efficientnet_(b\d|v2_[sml])|mobilenet_v[23]\w*|densenet\d+|vgg\d+(_bn)?|regnet_\w+|alexnet|squeezenet\d_\d|shufflenet_v2_x\d_\d|googlenet|inception_v3|maxvit_t|fasterrcnn_\w+|maskrcnn_\w+|retinanet_\w+|deeplabv3_\w+)$/;

function flagName(s: string): string {
  return s.replace(/^-+/, '').replace(/-/g, '_').toLowerCase();
}

function literalOf(scan: PyScan, v: PyValue, before: number): { value: PyLiteral; v: PyValue } | undefined {
  const r = resolveName(scan.assigns, v, before);
  return r.value.value === undefined ? undefined : { value: r.value.value, v: r.value };
}

function usable(x: PyLiteral): x is string | number | boolean {
  return x !== null && x !== undefined && x !== '';
}

/** `add_argument('--epochs', '-e', type=int, default=70)` / `click.option('--epochs', default=70)`. */
function argumentDefault(scan: PyScan, c: PyCall): [string, EntryValue] | undefined {
  const names = c.args.filter((a) => a.key === undefined && typeof a.value.value === 'string').map((a) => a.value.value as string);
  const long = names.find((n) => n.startsWith('--')) ?? (kwarg(c, 'dest')?.value.value as string | undefined);
  // click's `--flag/--no-flag` pairs: the first half is the flag.
  const name = long && flagName(long.split('/')[0]);
  const d = kwarg(c, 'default');
  if (!name || !d || name.length > 100) return undefined;
  const lit = literalOf(scan, d.value, c.start);
  if (!lit || !usable(lit.value)) return undefined;
  let value: string | number | boolean = lit.value;
  // `type=int, default="8"`: argparse converts a string default through `type`.
  const type = kwarg(c, 'type')?.value.name;
  if (typeof value === 'string' && (type === 'int' || type === 'float') && Number.isFinite(Number(value))) value = Number(value);
  return [name, { value, start: lit.v.start, end: lit.v.end, what: `default of --${long!.replace(/^-+/, '').split('/')[0]}` }];
}

/**
 * `name: type = field(default=…)` in an HfArgumentParser dataclass: the field's name is the word
 * before the `:` on the line the call is on (looked for in at most 200 characters before it).
 */
function fieldDefault(scan: PyScan, c: PyCall, text: string): [string, EntryValue] | undefined {
  const d = kwarg(c, 'default');
  if (!d) return undefined;
  const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
  if (c.start - lineStart > 200) return undefined;
  const m = /^[ \t]+([A-Za-z_]\w*)[ \t]*:[^=\n]*=[ \t]*$/.exec(text.slice(lineStart, c.start));
  if (!m) return undefined;
  const lit = literalOf(scan, d.value, c.start);
  if (!lit || !usable(lit.value)) return undefined;
  return [m[1].toLowerCase(), { value: lit.value, start: lit.v.start, end: lit.v.end, what: `default of the field ${m[1]}` }];
}

function firstString(scan: PyScan, c: PyCall, key: string): { value: string; v: PyValue } | undefined {
  const a = positional(c, 0) ?? kwarg(c, key);
  const lit = a && literalOf(scan, a.value, c.start);
  return lit && typeof lit.value === 'string' && lit.value.trim() ? { value: lit.value.trim(), v: lit.v } : undefined;
}

/** What a model-loading call names, if it names one literally. */
function modelOf(scan: PyScan, c: PyCall, args: ReadonlyMap<string, EntryValue>): EntryValue | undefined {
  if (c.method === 'from_pretrained' && !NOT_MODEL_RECEIVER.test(c.receiver)) {
    const s = firstString(scan, c, 'pretrained_model_name_or_path');
    if (s) return { value: s.value, start: s.v.start, end: s.v.end, what: `${c.callee}("${s.value}")` };
    // `from_pretrained(args.model_name)`: the flag's default, when the script has one.
    const a = positional(c, 0)?.value.name;
    const viaArg = a && /^(args|opt|opts|cfg|config|hparams|FLAGS)\.\w+$/.test(a) ? args.get(a.slice(a.indexOf('.') + 1).toLowerCase()) : undefined;
    if (viaArg && typeof viaArg.value === 'string') return { ...viaArg, what: `${c.callee}(${a}), ${viaArg.what}` };
    return undefined;
  }
  if (c.method === 'create_model' && (c.receiver === 'timm' || c.receiver === '')) {
    const s = firstString(scan, c, 'model_name');
    if (s) return { value: s.value, start: s.v.start, end: s.v.end, what: `${c.callee}("${s.value}")` };
    return undefined;
  }
  // `torchvision.models.resnet50(weights=…)`, `models.vit_b_16()`: the builder's name is the model.
  if (/^(torchvision\.)?models$/.test(c.receiver) && TORCHVISION_BUILDER.test(c.method)) {
    const at = c.start + c.callee.length - c.method.length;
    return { value: c.method, start: at, end: at + c.method.length, what: `${c.callee}(…)` };
  }
  return undefined;
}

/** `AutoConfig.from_pretrained(args.model_config)` whose flag defaults to a `.json` file. */
function modelConfigOf(c: PyCall, args: ReadonlyMap<string, EntryValue>): EntryValue | undefined {
  if (c.method !== 'from_pretrained' || !c.receiver.endsWith('Config')) return undefined;
  const a = positional(c, 0)?.value.name;
  const d = a && /^(args|opt|opts|cfg|config|hparams|FLAGS)\.\w+$/.test(a) ? args.get(a.slice(a.indexOf('.') + 1).toLowerCase()) : undefined;
  return d && typeof d.value === 'string' && /\.json$/i.test(d.value) ? { ...d, what: `${c.callee}(${a}), ${d.what}` } : undefined;
}

/** Reads the facts of an entry script. Never throws; a file over the size limit yields nothing. */
export function readEntryScript(text: string): EntryFacts {
  const out: EntryFacts = { defaults: new Map(), models: [], modelConfigs: [], datasets: [] };
  if (text.length > MAX_ENTRY_CHARS) return out;
  let scan: PyScan;
  try {
    scan = scanPython(text);
  } catch {
    return out;
  }
  // Flag defaults first: a model loaded as `from_pretrained(args.model)` takes the flag's default.
  for (const c of scan.calls) {
    if (out.defaults.size >= MAX_VALUES) break;
    const hit = c.method === 'add_argument' || (c.method === 'option' && c.receiver === 'click') ? argumentDefault(scan, c)
      : c.method === 'field' && (c.receiver === '' || c.receiver === 'dataclasses') ? fieldDefault(scan, c, text) : undefined;
    // The first definition wins, as argparse refuses a second one with the same flag.
    if (hit && !out.defaults.has(hit[0])) out.defaults.set(hit[0], hit[1]);
  }
  for (const c of scan.calls) {
    if (out.models.length + out.datasets.length >= MAX_VALUES) break;
    const m = modelOf(scan, c, out.defaults);
    if (m) out.models.push(m);
    const mc = modelConfigOf(c, out.defaults);
    if (mc) out.modelConfigs.push(mc);
    if (c.method === 'load_dataset') {
      const s = firstString(scan, c, 'path');
      // `load_dataset("json", data_files=…)` loads local files, not a named dataset.
      if (s && !/^(json|csv|text|parquet|arrow|imagefolder|audiofolder)$/i.test(s.value)) out.datasets.push({ value: s.value, start: s.v.start, end: s.v.end, what: `load_dataset("${s.value}")` });
    }
  }
  for (const name of CONFIG_FLAGS) {
    const d = out.defaults.get(name);
    if (d && typeof d.value === 'string' && /\.(ya?ml|json)$/i.test(d.value) && !/[$`*?{}]/.test(d.value)) {
      out.configDefault = d;
      break;
    }
  }
  return out;
}

/** 1-based line of an offset, for notes. */
export function lineOf(index: LineIndex, offset: number): number {
  return index.lineAt(offset) + 1;
}
