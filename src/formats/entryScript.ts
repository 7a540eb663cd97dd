// The Python file a launch script runs (`torchrun --nproc_per_node=8 main.py --epochs 30`): what the
// run trains is often written there rather than on the launch line — argparse defaults
// (`add_argument('--epochs', type=int, default=70)`), HfArgumentParser dataclass fields
// (`model_name_or_path: str = field(default="gpt2")`), the model it loads (`from_pretrained("…")`,
// `timm.create_model("…")`, `torchvision.models.resnet50(`), the dataset (`load_dataset("…")`) and the
// config file it reads when none is passed (`--config` default). Read with the same tokenizer as the
// notebook and .py readers (pyCalls.ts): nothing is executed, only literals are taken, and every value
// keeps the offset it was written at so the estimate can say "default in main.py line 24".
import { kwarg, positional, resolveName, scanPython, type PyCall, type PyLiteral, type PyScan, type PyValue } from './pyCalls';
import { LineIndex } from './lineIndex';
import { evalPyExpr } from './pyExpr';
import { configClassParams, isKnownConfigClass, shapeFromKeys } from './modelShape';
import type { ParamCount } from './architecture';
import { groupBy, lastBefore } from './sourceOrder';

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
  /**
   * Literal numbers assigned at module level or in a class body (`EPOCHS = 100`, `class Config:
   * epochs = 40`), by name lower-cased without leading underscores: a script's own settings.
   */
  constants: Map<string, EntryValue>;
  /** `for epoch in range(N)`: the epochs the training loop runs, evaluated from literals. */
  epochLoop?: EntryValue;
  /** Parameters of a model the script builds from a shape (config class or size constants). */
  shape?: { count: ParamCount; start: number; end: number; what: string };
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
export const TORCHVISION_BUILDER = /^(resnet\d+|resnext\d+_\w+|wide_resnet\d+_\d+|vit_[bhl]_\d+|swin_v?\d?_?[tsb]|convnext_(tiny|small|base|large)|efficientnet_(b\d|v2_[sml])|mobilenet_v[23]\w*|densenet\d+|vgg\d+(_bn)?|regnet_\w+|alexnet|squeezenet\d_\d|shufflenet_v2_x\d_\d|googlenet|inception_v3|maxvit_t|fasterrcnn_\w+|maskrcnn_\w+|retinanet_\w+|deeplabv3_\w+)$/;

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
  // `torch.hub.load('facebookresearch/dinov2', 'dinov2_vitb14')`: the second argument is the model.
  const hub = hubModelOf(scan, c);
  if (hub) return hub;
  // `torchvision.models.resnet50(weights=…)`, `models.vit_b_16()`: the builder's name is the model.
  if (/^(torchvision\.)?models$/.test(c.receiver) && TORCHVISION_BUILDER.test(c.method)) {
    const at = c.start + c.callee.length - c.method.length;
    return { value: c.method, start: at, end: at + c.method.length, what: `${c.callee}(…)` };
  }
  return undefined;
}

/**
 * `torch.hub.load(repo, model, …)` (PyTorch hub, 2019–): the entry point named by `model`, the second
 * positional argument or the `model` keyword. `hub.load` after `from torch import hub` too.
 */
export function hubModelOf(scan: PyScan, c: PyCall): EntryValue | undefined {
  if (c.method !== 'load' || (c.receiver !== 'torch.hub' && c.receiver !== 'hub')) return undefined;
  const a = kwarg(c, 'model') ?? positional(c, 1);
  const lit = a && literalOf(scan, a.value, c.start);
  if (!lit || typeof lit.value !== 'string' || !lit.value.trim()) return undefined;
  return { value: lit.value.trim(), start: lit.v.start, end: lit.v.end, what: `${c.callee}(…, "${lit.value.trim()}")` };
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
  const out: EntryFacts = { defaults: new Map(), models: [], modelConfigs: [], datasets: [], constants: new Map() };
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
  readConstants(scan, text, out);
  const lookup = lookupIn(scan, out);
  out.epochLoop = epochLoopOf(scan, text, lookup);
  out.shape = shapeOf(scan, lookup) ?? constantShape(out.constants);
  for (const name of CONFIG_FLAGS) {
    const d = out.defaults.get(name);
    if (d && typeof d.value === 'string' && /\.(ya?ml|json)$/i.test(d.value) && !/[$`*?{}]/.test(d.value)) {
      out.configDefault = d;
      break;
    }
  }
  return out;
}

// ──── Constants, loops and model shapes ────

/** Per line: the `class Name:` whose body it is in, if any (indentation only; enough for constants). */
function classBodies(text: string): (line: number) => string | undefined {
  const owner: (string | undefined)[] = [];
  const stack: { indent: number; cls?: string }[] = [];
  let at = 0;
  for (let n = 0; at <= text.length; n++) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let i = at;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    const blank = i === end || text[i] === '#' || text[i] === '\r';
    if (!blank) {
      const indent = i - at;
      while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
      owner[n] = stack.length ? stack[stack.length - 1].cls : undefined;
      const isClass = text.startsWith('class ', i);
      const isBlock = isClass || text.startsWith('def ', i) || text.startsWith('async def ', i) || text.startsWith('if ', i) || text.startsWith('for ', i) || text.startsWith('with ', i) || text.startsWith('while ', i) || text.startsWith('try', i) || text.startsWith('else', i) || text.startsWith('elif ', i) || text.startsWith('except', i);
      if (isBlock) {
        let j = i + 6;
        while (j < end && (text[j] === '_' || /[A-Za-z0-9]/.test(text[j]))) j++;
        stack.push({ indent, cls: isClass ? text.slice(i + 6, j) : undefined });
      }
    } else owner[n] = stack.length ? stack[stack.length - 1].cls : undefined;
    at = end + 1;
  }
  return (line) => owner[line];
}

/** Module-level and class-body literal numbers (`_EPOCHS = 100`, `epochs = 40` under `class Config:`). */
function readConstants(scan: PyScan, text: string, out: EntryFacts): void {
  const index = new LineIndex(text);
  const owner = classBodies(text);
  for (const a of scan.assigns) {
    if (out.constants.size >= MAX_VALUES) break;
    const { line, col } = index.position(a.nameStart);
    const moduleLevel = col === 0;
    const cls = moduleLevel ? undefined : owner(line);
    if (!moduleLevel && !cls) continue;
    const v = a.value.value;
    if (typeof v !== 'number') continue;
    const key = a.name.replace(/^_+/, '').toLowerCase();
    const value: EntryValue = { value: v, start: a.value.start, end: a.value.end, what: cls ? `${cls}.${a.name} = ${a.value.text}` : `${a.name} = ${a.value.text}` };
    // The latest assignment wins, as when the module runs top to bottom.
    out.constants.set(key, value);
    if (cls) out.constants.set(`${cls.toLowerCase()}.${key}`, value);
  }
}

const ARGS_OBJECT = /^(args|opt|opts|cfg|config|hparams|FLAGS|cmd_args|training_args)$/;

/**
 * Values a name has where the file writes them literally: argparse defaults (`args.epochs`), a class
 * attribute (`Config.epochs`), a dict literal's entry (`configs["num_epochs"]`), a plain variable's
 * literal or arithmetic assignment (followed three levels deep at most).
 */
function lookupIn(scan: PyScan, facts: EntryFacts): (name: string, before?: number) => number | string | boolean | undefined {
  const dicts = new Map<string, PyValue>();
  for (const a of scan.assigns) if (a.value.entries) dicts.set(a.name, a.value);
  const byName = groupBy(scan.assigns, (a) => a.name);
  const look = (name: string, before: number, depth: number): number | string | boolean | undefined => {
    if (depth > 3 || name.length > 100) return undefined;
    const dot = name.indexOf('.');
    if (dot > 0) {
      const obj = name.slice(0, dot);
      const key = name.slice(dot + 1);
      const entry = dicts.get(obj)?.entries?.find((e) => e.key === key);
      if (entry) return entry.value.value ?? evalPyExpr(entry.value.text, (n) => look(n, before, depth + 1)) ?? undefined;
      if (ARGS_OBJECT.test(obj)) {
        const d = facts.defaults.get(key.toLowerCase());
        if (d) return d.value;
      }
      return facts.constants.get(`${obj.toLowerCase()}.${key.replace(/^_+/, '').toLowerCase()}`)?.value;
    }
    const hit = lastBefore(byName.get(name), before);
    if (!hit) return undefined;
    if (hit.value.value !== undefined && hit.value.value !== null) return hit.value.value;
    return evalPyExpr(hit.value.text, (n) => look(n, hit!.start, depth + 1));
  };
  return (name, before = Number.MAX_SAFE_INTEGER) => look(name, before, 0);
}

/** Loop variables that count epochs: `epoch`, `ep`, `ep_i`, `i_epoch`, `epoch_idx`. */
const EPOCH_VAR = /^(\w*epoch\w*|ep|ep_?i|ep_?idx)$/i;

/** `for epoch in range(N)` / `range(1, N + 1)` / `trange(N)`: the first such loop in the file. */
function epochLoopOf(scan: PyScan, text: string, lookup: (name: string, before?: number) => number | string | boolean | undefined): EntryValue | undefined {
  for (const c of scan.calls) {
    if (c.receiver !== '' || (c.method !== 'range' && c.method !== 'trange')) continue;
    const before = text.slice(Math.max(0, c.start - 80), c.start);
    // `for epoch in range(`, or `for epoch in tqdm(range(`: the loop header ends right before the call.
    const m = /for[ \t]+(\w{1,40})[ \t]+in[ \t]+(?:tqdm\()?$/.exec(before);
    if (!m || !EPOCH_VAR.test(m[1])) continue;
    const pos = c.args.filter((a) => a.key === undefined);
    if (!pos.length || pos.length > 3) continue;
    const ev = (v: PyValue): number | undefined => {
      const x = v.value ?? evalPyExpr(v.text, (n) => lookup(n, c.start));
      return typeof x === 'number' && Number.isInteger(x) ? x : undefined;
    };
    const start = pos.length >= 2 ? ev(pos[0].value) : 0;
    const stop = ev(pos[pos.length >= 2 ? 1 : 0].value);
    if (start === undefined || stop === undefined || stop - start <= 0) continue;
    const arg = pos[pos.length >= 2 ? 1 : 0].value;
    return { value: stop - start, start: arg.start, end: arg.end, what: `the loop \`for ${m[1]} in ${c.callee}(${pos.map((a) => a.value.text).join(', ')})\`` };
  }
  return undefined;
}

/** `LlamaForCausalLM(config)`, `GPT2LMHeadModel(config=cfg)`, `AutoModelForCausalLM.from_config(cfg)`. */
function isModelFromConfig(c: PyCall): boolean {
  if (c.method === 'from_config' || c.method === '_from_config') return !NOT_MODEL_RECEIVER.test(c.receiver);
  return c.method.length <= 100 && (c.method.includes('For') || c.method.endsWith('LMHeadModel') || c.method.endsWith('Model')) && !NOT_MODEL_RECEIVER.test(c.method);
}

/** The parameter count of a model built from a config class written in the script. */
function shapeOf(scan: PyScan, lookup: (name: string, before?: number) => number | string | boolean | undefined): EntryFacts['shape'] {
  const byStart = new Map<number, PyCall>();
  for (const c of scan.calls) byStart.set(c.start, c);
  const byTarget = groupBy(scan.calls, (c) => c.assignedTo);
  for (const m of scan.calls) {
    if (!isModelFromConfig(m)) continue;
    const arg = kwarg(m, 'config') ?? positional(m, 0);
    if (!arg) continue;
    // The config: written inline, or the latest call assigned to the name passed.
    const cfg = byStart.get(arg.value.start) ?? (arg.value.name ? lastBefore(byTarget.get(arg.value.name), m.start) : undefined);
    if (!cfg || !cfg.method.endsWith('Config')) continue;
    const get = (key: string) => {
      const a = kwarg(cfg!, key);
      return a ? a.value.value ?? evalPyExpr(a.value.text, (n) => lookup(n, cfg!.start)) ?? undefined : undefined;
    };
    const passed = (key: string) => kwarg(cfg!, key) !== undefined;
    const count = isKnownConfigClass(cfg.method) ? configClassParams(cfg.method, (k) => (get(k) === null ? undefined : get(k) as never), passed) : shapeFromKeys((k) => get(k) as never);
    if (count) return { count, start: cfg.start, end: cfg.start + cfg.callee.length, what: `${m.callee}(${cfg.callee}(…))` };
  }
  return undefined;
}

/** A custom transformer sized by constants (`d_model = 512`, `n_layers = 6`, `n_heads = 8`). */
function constantShape(constants: ReadonlyMap<string, EntryValue>): EntryFacts['shape'] {
  const count = shapeFromKeys((k) => constants.get(k)?.value);
  const at = count && constants.get(count.layersKey);
  return count && at ? { count, start: at.start, end: at.end, what: `the size constants (${count.layersKey} = ${at.value})` } : undefined;
}

/** 1-based line of an offset, for notes. */
export function lineOf(index: LineIndex, offset: number): number {
  return index.lineAt(offset) + 1;
}
