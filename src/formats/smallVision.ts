// Small-image training scripts: CIFAR-10/100 and MNIST runs of the kind kuangliu/pytorch-cifar made
// common (`from models import *; net = ResNet18()`, `torchvision.datasets.CIFAR10(...)`, `for epoch in
// range(start_epoch, start_epoch+200)`). What such a script trains is not the ImageNet network its name
// suggests: the project's own `ResNet18` has a 3×3 stride-1 stem and no max-pool, so at 32×32 it does
// 0.56 G multiply-accumulates per image, not 1.81 G (224×224) nor 1.81 G × (32/224)². torchvision's
// `resnet18` fed raw 32×32 images keeps its stride-2 stem and max-pool and does 1/49 of the 224 figure;
// with the stem replaced (`model.conv1 = nn.Conv2d(3, 64, 3, 1, 1)`, `model.maxpool = nn.Identity()`) it
// is the CIFAR network again; resized to 224 (`transforms.Resize(224)`) it is the ImageNet one. This
// module reads which of these the script writes and names the catalogue row (sampleModels.json) that
// counts it. Literals only, through the Python scanner; nothing is run.
import { kwarg, positional, resolveName, type PyCall, type PyScan, type PyValue } from './pyCalls';
import { TORCHVISION_BUILDER } from './entryScript';

/** A finding in the script, with where it is written and what the note says. */
export interface SmallVisionHit {
  id: string;
  start: number;
  end: number;
  what: string;
}

export interface SmallVisionFacts {
  /** The torchvision dataset the script trains on (sampleDatasets.json id). */
  dataset?: SmallVisionHit;
  /** Side of the images the network sees, when the dataset or a resize says so. */
  imageSide?: number;
  /** The network as built for those images (sampleModels.json id), with why that row. */
  model?: SmallVisionHit & { why: string; flags?: string[]; flagValues?: Record<string, number> };
  /** The script builds its own CIFAR classes (not torchvision's): a `--arch resnet18` means the CIFAR network. */
  ownModels: boolean;
  /** A network is built but no row counts it at this size (say so rather than use the 224 figure). */
  unsized?: string;
  /** No autocast, GradScaler or `.half()`: the script trains in FP32. */
  fp32: boolean;
}

/** An argparse default as entryScript.ts reads it. */
export interface Default {
  value: unknown;
  start: number;
  end: number;
  what: string;
}

/** torchvision's dataset classes (torchvision.datasets, 2024) and the catalogue rows that size them. */
const DATASETS: Record<string, { id: string; side: number }> = {
  CIFAR10: { id: 'cifar10', side: 32 },
  CIFAR100: { id: 'cifar100', side: 32 },
  MNIST: { id: 'mnist', side: 28 },
  FashionMNIST: { id: 'fashion_mnist', side: 28 },
};

/**
 * The CIFAR classes of kuangliu/pytorch-cifar `models/` (copied by thousands of forks) and the usual
 * WideResNet ports, by name without case or punctuation: each has a 32×32 row in sampleModels.json.
 */
const OWN_CLASSES: Record<string, string> = {
  resnet18: 'resnet18-cifar', resnet34: 'resnet34-cifar', resnet50: 'resnet50-cifar',
  preactresnet18: 'preactresnet18-cifar', vgg16: 'vgg16-cifar', vgg19: 'vgg19-cifar',
  mobilenetv2: 'mobilenetv2-cifar', densenet121: 'densenet121-cifar', lenet: 'lenet-cifar',
  wrn2810: 'wrn-28-10', wideresnet2810: 'wrn-28-10',
};

/** torchvision builders with a row at 32×32 (ImageNet stem kept) and the CIFAR row once the stem is replaced. */
const TORCHVISION_AT_32: Record<string, { raw: string; cifarStem: string }> = {
  resnet18: { raw: 'resnet18-imagenet-stem-32', cifarStem: 'resnet18-cifar' },
  resnet34: { raw: 'resnet34-imagenet-stem-32', cifarStem: 'resnet34-cifar' },
  resnet50: { raw: 'resnet50-imagenet-stem-32', cifarStem: 'resnet50-cifar' },
};
/** The 224×224 rows the catalogue holds for torchvision builders (sampleModels.json ids). */
const TORCHVISION_224 = new Set(['resnet18', 'resnet50', 'resnet101', 'mobilenet_v2', 'efficientnet_b0', 'vit_b_16', 'vit_l_16', 'swin_t', 'swin_b', 'convnext_tiny', 'convnext_base']);
/** Flags that pick the network in such scripts (`--arch resnet18`, `--net vgg16`, `--model ResNet18`). */
const MODEL_FLAGS = ['arch', 'model', 'net', 'network', 'model_name', 'architecture'];
/** Flags that pick the dataset (`--dataset cifar100`). */
const DATASET_FLAGS = ['dataset', 'data', 'dataset_name'];

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function num(scan: PyScan, v: PyValue | undefined, before: number): number | undefined {
  if (!v) return undefined;
  const r = resolveName(scan.assigns, v, before).value.value;
  return typeof r === 'number' ? r : undefined;
}

function str(scan: PyScan, v: PyValue | undefined, before: number): string | undefined {
  if (!v) return undefined;
  const r = resolveName(scan.assigns, v, before).value.value;
  return typeof r === 'string' ? r : undefined;
}

/** The text of the line before `at`, without spaces (`model.conv1=`), at most 200 characters. */
function linePrefix(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf('\n', at - 1) + 1, at - 200);
  return text.slice(start, at).replace(/[ \t]/g, '');
}

/** Names imported from torchvision.models (`from torchvision.models import resnet18, resnet50`). */
function torchvisionImports(text: string): { names: Set<string>; aliases: Set<string>; localModels: boolean } {
  const names = new Set<string>();
  let localModels = false;
  const aliases = new Set<string>(['torchvision.models', 'tv.models', 'tvm']);
  for (const raw of text.split('\n', 5000)) {
    const line = raw.trim();
    if (line.startsWith('from torchvision.models import ')) {
      for (const part of line.slice('from torchvision.models import '.length).replace(/[()\\]/g, '').split(',')) {
        const w = part.trim().split(' ')[0];
        if (w) names.add(w);
      }
    } else if (line === 'from torchvision import models' || line.startsWith('from torchvision import models,') || line.startsWith('import torchvision.models as ')) {
      aliases.add(line.startsWith('import ') ? line.slice('import torchvision.models as '.length).trim() : 'models');
    } else if (line.startsWith('from torchvision import ') && line.includes(' models')) aliases.add('models');
    // `from models import *` / `from models.resnet import ResNet18`: the project's own network package.
    else if (line.startsWith('from models import ') || line.startsWith('from models.') || line === 'import models') localModels = true;
  }
  return { names, aliases, localModels };
}

/** A literal argument, or the default of the flag it reads (`args.layers` → `--layers` default 28). */
function argNum(scan: PyScan, v: PyValue | undefined, before: number, defaults: ReadonlyMap<string, Default>, used: [string, number][]): number | undefined {
  const lit = num(scan, v, before);
  if (lit !== undefined || !v?.name) return lit;
  const dot = v.name.indexOf('.');
  const flag = dot > 0 ? v.name.slice(dot + 1).toLowerCase() : '';
  const d = flag ? defaults.get(flag)?.value : undefined;
  if (typeof d !== 'number') return undefined;
  used.push([flag, d]);
  return d;
}

/**
 * `VGG('VGG16')` → vgg16; `WideResNet(28, 10, 10)` (xternalz: depth, classes, widen) and `Wide_ResNet(28,
 * 10, 0.3, 10)` (meliketoy: depth, widen, dropout, classes) → wrn2810. `used` collects the flags read.
 */
function ownKey(scan: PyScan, c: PyCall, defaults: ReadonlyMap<string, Default>, used: [string, number][]): string | undefined {
  const m = squash(c.method);
  if (m === 'vgg') {
    const name = str(scan, positional(c, 0)?.value ?? kwarg(c, 'vgg_name')?.value, c.start);
    return name ? squash(name) : undefined;
  }
  if (m === 'wideresnet' || m === 'wrn') {
    const widenAt = c.method === 'WideResNet' ? 2 : 1;
    const depth = argNum(scan, kwarg(c, 'depth')?.value ?? positional(c, 0)?.value, c.start, defaults, used);
    const widen = argNum(scan, kwarg(c, 'widen_factor')?.value ?? kwarg(c, 'width')?.value ?? positional(c, widenAt)?.value, c.start, defaults, used);
    return depth !== undefined && widen !== undefined ? `wrn${depth}${widen}` : undefined;
  }
  return m;
}

/** The side (px) a resize or upsampling in the script gives the images, when it is ≥ 64. */
function resizeSide(scan: PyScan, c: PyCall): number | undefined {
  if (!['Resize', 'Scale', 'RandomResizedCrop', 'Upsample', 'interpolate'].includes(c.method)) return undefined;
  const v = kwarg(c, 'size')?.value ?? (c.method === 'interpolate' ? positional(c, 1)?.value : positional(c, 0)?.value);
  if (!v) return undefined;
  const side = v.items?.length ? num(scan, v.items[0], c.start) : num(scan, v, c.start);
  return side !== undefined && side >= 64 ? side : undefined;
}

/** `x.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1)`: the CIFAR stem. */
function isCifarStem(scan: PyScan, text: string, c: PyCall): boolean {
  if (c.method !== 'Conv2d' || !linePrefix(text, c.start).endsWith('.conv1=')) return false;
  const k = num(scan, kwarg(c, 'kernel_size')?.value ?? positional(c, 2)?.value, c.start);
  const s = num(scan, kwarg(c, 'stride')?.value ?? positional(c, 3)?.value, c.start) ?? 1;
  return k === 3 && s === 1;
}

/** `x.maxpool = nn.Identity()` (or an empty `nn.Sequential()`): the stem's max-pool removed. */
function dropsMaxPool(text: string, c: PyCall): boolean {
  return (c.method === 'Identity' || (c.method === 'Sequential' && c.args.length === 0)) && linePrefix(text, c.start).endsWith('.maxpool=');
}

/**
 * Reads a small-vision script. `defaults` are its argparse defaults by flag name (entryScript.ts), used to
 * choose among branches (`if args.dataset == 'cifar100'`, `if args.arch == 'vgg16'`).
 */
export function readSmallVision(text: string, scan: PyScan, defaults: ReadonlyMap<string, Default>): SmallVisionFacts {
  const out: SmallVisionFacts = { ownModels: false, fp32: !/autocast|GradScaler|\.half\(\)|torch\.float16|bfloat16|apex/.test(text) };
  const pick = (flags: string[]) => {
    for (const f of flags) {
      const v = defaults.get(f)?.value;
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
    return undefined;
  };
  const wantDefault = DATASET_FLAGS.map((f) => defaults.get(f)).find((d) => typeof d?.value === 'string');
  // ── Dataset: the training set among torchvision's classes, the `--dataset` default choosing a branch.
  const wantData = pick(DATASET_FLAGS);
  const sets = scan.calls.filter((c) => DATASETS[c.method] && !(kwarg(c, 'train')?.value.value === false) && kwarg(c, 'split')?.value.value !== 'test');
  const chosen = (wantData && sets.find((c) => squash(DATASETS[c.method].id) === squash(wantData))) ?? sets[0];
  if (chosen) {
    const d = DATASETS[chosen.method];
    out.dataset = { id: d.id, start: chosen.start, end: chosen.start + chosen.callee.length, what: `${chosen.callee}(…)` };
    out.imageSide = d.side;
  } else if (wantData && wantDefault) {
    // `datasets.__dict__[args.dataset.upper()](…)` (xternalz/WideResNet-pytorch): the flag's default names it.
    const d = Object.values(DATASETS).find((x) => squash(x.id) === squash(wantData));
    if (d) {
      out.dataset = { id: d.id, start: wantDefault.start, end: wantDefault.end, what: wantDefault.what };
      out.imageSide = d.side;
    }
  }
  const tv = torchvisionImports(text);
  let resized: number | undefined;
  let stem = false;
  let noPool = false;
  for (const c of scan.calls) {
    resized ??= resizeSide(scan, c);
    if (isCifarStem(scan, text, c)) stem = true;
    if (dropsMaxPool(text, c)) noPool = true;
  }
  if (out.imageSide !== 32) return out;
  // ── Model: the project's own CIFAR classes, or torchvision's builders as the script feeds them.
  const wantModel = pick(MODEL_FLAGS);
  type Cand = { c: PyCall; key: string; own: boolean; used?: [string, number][] };
  const cands: Cand[] = [];
  for (const c of scan.calls) {
    const isTv = TORCHVISION_BUILDER.test(c.method) && (tv.aliases.has(c.receiver) || (c.receiver === '' && tv.names.has(c.method)));
    if (isTv) {
      cands.push({ c, key: c.method, own: false });
      continue;
    }
    // `timm.create_model('resnet18', num_classes=10)`: timm's ResNets keep the ImageNet stem too.
    const timmName = c.method === 'create_model' && c.receiver === 'timm' ? str(scan, positional(c, 0)?.value ?? kwarg(c, 'model_name')?.value, c.start) : undefined;
    if (timmName) {
      cands.push({ c, key: timmName.split('.')[0].toLowerCase(), own: false });
      continue;
    }
    // A torchvision class name (`models.ResNet(...)`) or a method of some object is not the project's class.
    if (c.receiver.includes('.') || tv.aliases.has(c.receiver)) continue;
    const used: [string, number][] = [];
    const key = ownKey(scan, c, defaults, used);
    if (key && OWN_CLASSES[key]) cands.push({ c, key, own: true, used });
  }
  out.ownModels = cands.some((x) => x.own) || (!cands.length && tv.localModels);
  const hit = (wantModel && cands.find((x) => squash(x.key) === squash(wantModel))) ?? cands[0];
  if (!hit) return out;
  const at = { start: hit.c.start, end: hit.c.start + hit.c.callee.length, what: `${hit.c.callee}(…)` };
  if (hit.own) {
    out.model = { ...at, id: OWN_CLASSES[hit.key], why: 'the project\'s own CIFAR network (3×3 stem, no max-pool) on 32×32 images', flags: hit.used?.map((u) => u[0]), flagValues: Object.fromEntries(hit.used ?? []) };
    return out;
  }
  const row = TORCHVISION_AT_32[hit.key];
  if (resized !== undefined) {
    if (resized === 224 && TORCHVISION_224.has(hit.key)) out.model = { ...at, id: hit.key, why: 'torchvision\'s ImageNet network, the CIFAR images resized to 224×224' };
    else out.unsized = `${hit.c.callee} on CIFAR images resized to ${resized}×${resized}`;
  } else if (row && stem && noPool) out.model = { ...at, id: row.cifarStem, why: 'torchvision\'s network with its stem replaced by a 3×3 stride-1 convolution and no max-pool, on 32×32 images' };
  else if (row && !stem) out.model = { ...at, id: row.raw, why: 'torchvision\'s network with its ImageNet stem (stride-2 7×7 and max-pool) fed 32×32 images' };
  else out.unsized = `${hit.c.callee} on 32×32 images${stem && !noPool ? ' with a 3×3 stem but the max-pool kept' : ''}`;
  return out;
}

/** The CIFAR network a name means in a script that builds its own (`--arch resnet18`, `VGG16`, `WRN-28-10`). */
export function cifarVariant(name: string): string | undefined {
  return name.length <= 100 ? OWN_CLASSES[squash(name)] : undefined;
}
