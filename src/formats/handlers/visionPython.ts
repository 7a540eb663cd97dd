// Python files that train vision models without a Trainer: Ultralytics scripts
// (`model = YOLO("yolov8s.pt"); model.train(data="coco.yaml", epochs=100, batch=64, device=[0, 1])`)
// and MMDetection / MMPretrain configs (`_base_ = [...]`, `train_cfg = dict(max_epochs=12)`, and a
// file name that states the run: `rtmdet_l_8xb32-300e_coco.py` = 8 GPUs × 32 images, 300 epochs on
// COCO; `_1x_` = 12 epochs). Values are literals found by the Python scanner, never run.
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { findSampleDataset, findSampleModel } from '../../core/sampleCatalog';
import { setIfAbsent, toNumber } from '../fields';
import { kwarg, positional, resolveName, scanPython, type PyArg, type PyCall, type PyScan, type PyValue } from '../pyCalls';
import type { FormatHandler, FormatInput } from '../types';
import { classifierBackbone, mmStemModel, otherResolution } from '../mmBackbone';

const memo = new WeakMap<FormatInput, PyScan | null>();

/** Cheap pre-check before scanning: one of the two shapes' words. */
const WORDS = /\bYOLO\(|\bRTDETR\(|_base_\s*=|train_cfg\s*=|train_dataloader\s*=/;

function scan(input: FormatInput): PyScan | undefined {
  if (memo.has(input)) return memo.get(input) ?? undefined;
  const s = input.syntax === 'python' && WORDS.test(input.text) ? scanPython(input.text) : null;
  memo.set(input, s);
  return s ?? undefined;
}

function fileStem(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replace(/\.py$/i, '');
}

interface Lit {
  value: PyValue;
  arg: PyArg;
  via?: string;
}

function lit(s: PyScan, call: PyCall, key: string, pos?: number): Lit | undefined {
  const arg = kwarg(call, key) ?? (pos !== undefined ? positional(call, pos) : undefined);
  if (!arg) return undefined;
  const r = resolveName(s.assigns, arg.value, call.start);
  return { value: r.value, arg, via: r.via?.name };
}

function sourced<T>(input: FormatInput, l: Lit, value: T, note?: string): Sourced<T> {
  const out: Sourced<T> = { value, origin: 'file', range: input.index.range(l.value.start, l.value.end) };
  if (l.arg.key) {
    out.key = l.arg.key;
    out.keyRange = input.index.range(l.arg.keyStart!, l.arg.keyEnd!);
  }
  const n = [l.via ? `\`${l.via}\` passed as ${l.arg.key ?? 'argument'}` : undefined, note].filter(Boolean).join('; ');
  if (n) out.note = n;
  return out;
}

function numOf(l: Lit | undefined): number | undefined {
  const v = l?.value.value;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

// ──── Ultralytics ────

const MAKERS = new Set(['YOLO', 'RTDETR', 'YOLOWorld', 'NAS']);

interface YoloRun {
  maker: PyCall;
  train: PyCall;
}

function yoloRuns(s: PyScan): YoloRun[] {
  const out: YoloRun[] = [];
  for (const call of s.calls) {
    if (call.method !== 'train' || !/^\w+$/.test(call.receiver)) continue;
    let maker: PyCall | undefined;
    for (const c of s.calls) {
      if (c.start >= call.start) break;
      if (c.assignedTo === call.receiver && MAKERS.has(c.callee)) maker = c;
    }
    if (maker) out.push({ maker, train: call });
  }
  return out;
}

/** GPUs in `device=0`, `device="0,1"`, `device=[0, 1]`; undefined for cpu/mps/cuda. */
function deviceCount(v: PyValue): number | undefined {
  if (v.items) return v.items.length && v.items.every((i) => typeof i.value === 'number') ? v.items.length : undefined;
  if (typeof v.value === 'number') return v.value >= 0 ? 1 : undefined;
  if (typeof v.value === 'string') {
    const ids = v.value.split(',').map((x) => x.trim()).filter(Boolean);
    return ids.length && ids.every((x) => /^\d+$/.test(x)) ? ids.length : undefined;
  }
  return undefined;
}

function yoloRun(input: FormatInput, s: PyScan, y: YoloRun): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const m = lit(s, y.train, 'model') ?? lit(s, y.maker, 'model', 0);
  if (m && typeof m.value.value === 'string') inputs.model = sourced(input, m, m.value.value);
  const ep = lit(s, y.train, 'epochs');
  const epochs = numOf(ep);
  if (ep && epochs) inputs.epochs = sourced(input, ep, epochs);
  else notes.push('No `epochs` given: Ultralytics trains 100 epochs by default.');
  if (!epochs) inputs.epochs = { value: 100, origin: 'default', note: 'Ultralytics default epochs (100)' };
  const b = lit(s, y.train, 'batch');
  const batch = numOf(b);
  if (b && batch) inputs.batchSize = sourced(input, b, batch, 'Ultralytics splits `batch` across the devices');
  const t = lit(s, y.train, 'time');
  const hours = numOf(t);
  if (t && hours) inputs.hours = sourced(input, t, hours, 'Ultralytics `time` (hours) overrides epochs');
  const d = lit(s, y.train, 'data');
  const ds = typeof d?.value.value === 'string' ? findSampleDataset(d.value.value) : undefined;
  if (d && ds) inputs.datasetSamples = { ...sourced(input, d, ds.samples), origin: 'inferred', note: `${ds.id}: ${ds.samples.toLocaleString('en-US')} ${ds.unit} (${ds.source}, ${ds.year})` };
  else if (d) notes.push(`Dataset ${typeof d.value.value === 'string' ? `\`${d.value.value}\`` : 'from a variable'} has no size Carbon Lens knows: set carbonLens.datasetSamples.`);
  const dev = lit(s, y.train, 'device');
  const n = dev ? deviceCount(dev.value) : undefined;
  if (dev && n) inputs.count = sourced(input, dev, n);
  const amp = lit(s, y.train, 'amp');
  if (amp?.value.value === false) inputs.precision = sourced(input, amp, 'fp32');
  else inputs.precision = { value: 'fp16', origin: 'inferred', note: 'Ultralytics trains with AMP unless `amp=False`' };
  return { name: `line ${input.index.lineAt(y.train.start) + 1}: ${y.train.callee}()`, phase: 'training', format: 'ultralytics', anchor: input.index.range(y.train.start, y.train.start), inputs, notes, warnings: [] };
}

export const ultralyticsHandler: FormatHandler = {
  id: 'ultralytics',
  syntaxes: ['python'],
  detect(input) {
    const s = scan(input);
    return s && yoloRuns(s).length ? 0.85 : 0;
  },
  extract(input) {
    const s = scan(input);
    return s ? yoloRuns(s).map((y) => yoloRun(input, s, y)) : [];
  },
};

// ──── MMDetection / MMPretrain configs ────

/** MMDetection's schedule names: `1x` = 12 epochs, `2x` = 24, `3x` = 36 (mmdet configs/_base_/schedules). */
const SCHEDULE_EPOCHS: Record<string, number> = { '1x': 12, '2x': 24, '3x': 36 };

function dictCall(s: PyScan, name: string): PyCall | undefined {
  let hit: PyCall | undefined;
  for (const c of s.calls) if (c.callee === 'dict' && c.assignedTo === name) hit = c;
  return hit;
}

function hasBase(s: PyScan): boolean {
  return s.assigns.some((a) => a.name === '_base_');
}

/** The `_base_` files as written (`'../_base_/schedules/imagenet_bs256.py'`, a list or one string). */
function basePaths(s: PyScan): string[] {
  const a = s.assigns.filter((x) => x.name === '_base_').pop();
  if (!a) return [];
  const vals = a.value.items ?? [a.value];
  return vals.map((v) => v.value).filter((v): v is string => typeof v === 'string' && v.endsWith('.py')).slice(0, 8);
}

/**
 * Epochs (or iterations) a `_base_` file sets in `train_cfg` — MMEngine keeps the schedule in
 * `_base_/schedules/*.py`, so a config made only of `_base_` lines has its length there.
 */
function baseSchedule(input: FormatInput, s: PyScan): { field: 'epochs' | 'steps'; value: number; note: string } | undefined {
  for (const p of basePaths(s)) {
    const text = input.siblings.get(p);
    if (!text || !text.slice(0, 100_000).includes('train_cfg')) continue;
    const b = scanPython(text.slice(0, 100_000));
    const cfg = dictCall(b, 'train_cfg');
    const ep = cfg && numOf(lit(b, cfg, 'max_epochs'));
    if (ep) return { field: 'epochs', value: ep, note: `train_cfg max_epochs=${ep} in the _base_ file ${p}` };
    const it = cfg && numOf(lit(b, cfg, 'max_iters'));
    if (it) return { field: 'steps', value: it, note: `train_cfg max_iters=${it} in the _base_ file ${p}` };
  }
  return undefined;
}

interface NameFacts {
  gpus?: number;
  perGpu?: number;
  epochs?: number;
  schedule?: string;
  model?: string;
  dataset?: string;
}

/** What an OpenMMLab config name states: `{algo}_{backbone}_{neck}_{N}xb{B}-{E}e_{dataset}`. */
export function mmName(stem: string): NameFacts {
  const f: NameFacts = {};
  const parts = stem.toLowerCase().split('_');
  for (const p of parts) {
    const g = /^(\d{1,3})xb(\d{1,4})(?:-(\d{1,4})e)?/.exec(p);
    if (g) {
      f.gpus = Number(g[1]);
      f.perGpu = Number(g[2]);
      if (g[3]) f.epochs = Number(g[3]);
    }
    const e = /^(\d{1,4})e$/.exec(p);
    if (e) f.epochs ??= Number(e[1]);
    const x = /^([123]x)$/.exec(p);
    if (x) {
      f.schedule = x[1];
      f.epochs ??= SCHEDULE_EPOCHS[x[1]];
    }
  }
  // `faster-rcnn_r101_fpn`, `faster-rcnn_x101-32x8d_fpn`, `faster-rcnn_r50-caffe-c4`, `…-caffe-dc5`.
  const det = /^((?:faster|mask)[-_]rcnn|retinanet)_(r\d{2,3}|x101-\d{2}x\d{1,2}d)(_fpn|-caffe-c4|-caffe-dc5)/.exec(stem.toLowerCase());
  if (det) f.model = `${det[1]}_${det[2]}${det[3]}`;
  else if (parts[0] && findSampleModel(parts[0])) f.model = parts[0];
  // `rtmdet_s_8xb32-300e_coco`: the size is the second word.
  else if (parts.length > 1 && findSampleModel(`${parts[0]}_${parts[1]}`)) f.model = `${parts[0]}_${parts[1]}`;
  else if (parts[0] && mmStemModel(parts[0])) f.model = mmStemModel(parts[0]);
  // `convnext-base_32xb128_in1k-384px`: the catalogue counts the network at 224×224, not at 384.
  if (f.model && otherResolution(stem, f.model)) f.model = undefined;
  const last = parts[parts.length - 1]?.replace(/-\d+px$/, '');
  if (last && findSampleDataset(last === 'in1k' ? 'imagenet-1k' : last)) f.dataset = last === 'in1k' ? 'imagenet-1k' : last;
  return f;
}

/**
 * RTMDet's size from `backbone=dict(deepen_factor=…, widen_factor=…)`: MMDetection's configs scale one
 * CSPNeXt by width 0.375 / 0.5 / 0.75 / 1.0 / 1.25 for tiny / s / m / l / x (configs/rtmdet/*.py).
 */
const RTMDET_WIDTH: Record<string, string> = { '0.375': 'tiny', '0.5': 's', '0.75': 'm', '1': 'l', '1.25': 'x' };

function rtmdetSize(input: FormatInput, s: PyScan): Sourced<string> | undefined {
  if (!/rtmdet|CSPNeXt/i.test(input.text.slice(0, 100_000)) && !/^rtmdet/i.test(fileStem(input.fileName))) return undefined;
  for (const c of s.calls) {
    if (c.callee !== 'dict') continue;
    const w = lit(s, c, 'widen_factor');
    const size = w && typeof w.value.value === 'number' ? RTMDET_WIDTH[String(w.value.value)] : undefined;
    if (w && size) return { ...sourced(input, w, `rtmdet_${size}`, `widen_factor ${w.value.value}: RTMDet-${size} (MMDetection configs/rtmdet)`), origin: 'inferred' };
  }
  return undefined;
}

function mmRun(input: FormatInput, s: PyScan): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const stem = fileStem(input.fileName);
  const name = mmName(stem);
  const byName = (value: number, note: string): Sourced<number> => ({ value, origin: 'inferred', note: `${note} (the config name, ${stem})` });

  // MMEngine (3.x) `train_cfg`, or MMCV (2.x) `runner` and `total_epochs`.
  const cfg = dictCall(s, 'train_cfg') ?? dictCall(s, 'runner');
  const total = s.assigns.filter((a) => a.name === 'total_epochs' && typeof a.value.value === 'number').pop();
  const ep = (cfg && lit(s, cfg, 'max_epochs')) ?? (total ? { value: total.value, arg: { key: 'total_epochs', keyStart: total.nameStart, keyEnd: total.nameStart + total.name.length, value: total.value } } : undefined);
  const it = cfg && lit(s, cfg, 'max_iters');
  if (ep && numOf(ep)) inputs.epochs = sourced(input, ep, numOf(ep)!);
  if (it && numOf(it)) inputs.steps = sourced(input, it, numOf(it)!);
  if (!inputs.epochs && !inputs.steps && name.epochs) inputs.epochs = byName(name.epochs, name.schedule ? `the ${name.schedule} schedule is ${name.epochs} epochs` : `${name.epochs} epochs`);
  if (!inputs.epochs && !inputs.steps) {
    const b = baseSchedule(input, s);
    if (b) inputs[b.field] = { value: b.value, origin: 'inferred', note: b.note };
  }

  const loader = dictCall(s, 'train_dataloader') ?? dictCall(s, 'data');
  const bs = loader && (lit(s, loader, 'batch_size') ?? lit(s, loader, 'samples_per_gpu'));
  if (bs && numOf(bs)) inputs.perDeviceBatch = sourced(input, bs, numOf(bs)!, 'per GPU');
  else if (name.perGpu) inputs.perDeviceBatch = byName(name.perGpu, `${name.perGpu} images per GPU`);
  if (name.gpus) inputs.count = byName(name.gpus, `${name.gpus} GPUs`);

  // The width the file states names the RTMDet size before its file name does.
  const size = rtmdetSize(input, s);
  // A classifier's backbone written in the file (`TIMMBackbone`, `VisionTransformer arch=…`) names the
  // network before the file name does.
  const bb = size ? undefined : classifierBackbone(s);
  if (size) inputs.model = size;
  else if (bb) inputs.model = { value: bb.id, origin: 'inferred', range: input.index.range(bb.start, bb.end), note: `backbone ${bb.what}: ${bb.id}` };
  else if (name.model) inputs.model = { value: name.model, origin: 'inferred', note: `named by the file, ${stem}` };
  if (name.dataset) {
    const d = findSampleDataset(name.dataset)!;
    inputs.datasetSamples = { value: d.samples, origin: 'inferred', note: `${d.id}: ${d.samples.toLocaleString('en-US')} ${d.unit} (${d.source}, ${d.year}), named by the file` };
  }
  const optim = dictCall(s, 'optim_wrapper');
  const typ = optim && lit(s, optim, 'type');
  const fp16 = dictCall(s, 'fp16');
  if (typ && typeof typ.value.value === 'string' && /Amp/.test(typ.value.value)) inputs.precision = sourced(input, typ, 'fp16');
  else if (fp16) inputs.precision = { value: 'fp16', origin: 'file', range: input.index.range(fp16.start, fp16.end), key: 'fp16', note: '`fp16 = dict(...)`: MMCV mixed precision' };
  else setIfAbsent(inputs, 'precision', { value: 'tf32', origin: 'inferred', note: 'no AmpOptimWrapper: MMEngine trains in FP32, with PyTorch running convolutions in TF32 where the GPU has it' });

  if (hasBase(s)) notes.push('`_base_` configs hold the defaults this file overrides; Carbon Lens reads this file, its name and the schedule (train_cfg) of the _base_ files beside it.');
  const anchor = cfg ?? loader ?? s.calls[0];
  return { name: stem, phase: 'training', format: 'mmdetection', anchor: anchor ? input.index.range(anchor.start, anchor.start) : undefined, inputs, notes, warnings: [] };
}

export const mmdetectionHandler: FormatHandler = {
  id: 'mmdetection',
  syntaxes: ['python'],
  detect(input) {
    const s = scan(input);
    if (!s || !hasBase(s)) return 0;
    const dicts = ['train_cfg', 'train_dataloader', 'model', 'optim_wrapper', 'runner', 'optimizer'].filter((n) => dictCall(s, n)).length;
    const named = mmName(fileStem(input.fileName));
    if (dicts >= 1 || named.gpus || named.schedule) return 0.85;
    // A config that only inherits (`_base_ = ['../_base_/models/faster-rcnn_r50_fpn.py', …]` and a few
    // overrides) is still an OpenMMLab config: no other tool names `.py` bases in `_base_`.
    return basePaths(s).length ? 0.6 : 0.4;
  },
  extract(input) {
    const s = scan(input);
    return s ? [mmRun(input, s)] : [];
  },
  references(input) {
    const s = scan(input);
    return s ? basePaths(s) : [];
  },
};
