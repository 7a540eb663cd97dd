// The network an OpenMMLab classification config trains, read from the backbone it writes out:
// `model = dict(type='ImageClassifier', backbone=dict(type='TIMMBackbone', model_name='vit_tiny_patch16_224'))`
// or `backbone=dict(type='VisionTransformer', arch='deit-small')`, `dict(type='ResNet', depth=50)`,
// `dict(type='SwinTransformer', arch='small')`… (mmpretrain / mmcls, 2021–2024). Only a classifier's
// backbone is read: in a detector or a segmentor the backbone is a part, and the catalogue's figure
// (one image at 224×224 through the backbone alone) would not be the run's work. A size stated
// other than the one the catalogue counts (`img_size=384`, `patch_size=32`) names no row.
import { findSampleModel } from '../core/sampleCatalog';
import { kwarg, type PyCall, type PyScan, type PyValue } from './pyCalls';

export interface BackboneModel {
  /** sampleModels.json id. */
  id: string;
  /** Offsets of the literal that names the network (`'deit-small'`, `50`). */
  start: number;
  end: number;
  /** What the config wrote: `VisionTransformer arch='deit-small'`. */
  what: string;
}

/** Heads that make a model a detector or a segmentor, not a classifier. */
const PART_HEADS = ['rpn_head', 'roi_head', 'bbox_head', 'decode_head', 'mask_head', 'keypoint_head'];

/** `mmcls.VisionTransformer` and `mmpretrain.ResNet` name the same class as the bare name. */
function typeOf(c: PyCall): string | undefined {
  const t = kwarg(c, 'type')?.value.value;
  return typeof t === 'string' ? t.slice(t.lastIndexOf('.') + 1) : undefined;
}

function dictAt(s: PyScan, v: PyValue | undefined): PyCall | undefined {
  if (!v) return undefined;
  return s.calls.find((c) => c.callee === 'dict' && c.start === v.start);
}

function isClassifier(model: PyCall): boolean {
  const t = typeOf(model);
  if (t !== undefined) return t === 'ImageClassifier';
  // `model = dict(backbone=dict(...), head=dict(...))` overriding a _base_ classifier (mmpretrain's
  // deit-base_pt-16xb64_in1k.py): a classification head and no detector or segmentor head.
  return kwarg(model, 'head') !== undefined && PART_HEADS.every((h) => kwarg(model, h) === undefined);
}

const VIT_SIZE: Record<string, string> = {
  s: 'vit_small_patch16_224', small: 'vit_small_patch16_224',
  b: 'vit_b_16', base: 'vit_b_16',
  l: 'vit_l_16', large: 'vit_l_16',
  't': 'deit_tiny_patch16_224', 'deit-t': 'deit_tiny_patch16_224', 'deit-tiny': 'deit_tiny_patch16_224',
  'deit-s': 'deit_small_patch16_224', 'deit-small': 'deit_small_patch16_224',
  'deit-b': 'deit_base_patch16_224', 'deit-base': 'deit_base_patch16_224',
};
const SWIN_SIZE: Record<string, string> = { t: 'swin-t', tiny: 'swin-t', s: 'swin-s', small: 'swin-s', b: 'swin-b', base: 'swin-b', l: 'swin-l', large: 'swin-l' };
const CONVNEXT_SIZE: Record<string, string> = { t: 'convnext-tiny', tiny: 'convnext-tiny', s: 'convnext-small', small: 'convnext-small', b: 'convnext-base', base: 'convnext-base', l: 'convnext-large', large: 'convnext-large' };

function own(table: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function num(c: PyCall, key: string): number | undefined {
  const v = kwarg(c, key)?.value.value;
  return typeof v === 'number' ? v : undefined;
}

/** The catalogue name a backbone dict describes, and the literal that says so. */
function nameOf(bb: PyCall): { name: string; v: PyValue; what: string } | undefined {
  const type = typeOf(bb);
  const arch = kwarg(bb, 'arch')?.value;
  const archText = typeof arch?.value === 'string' ? arch.value.toLowerCase() : undefined;
  const img = num(bb, 'img_size');
  switch (type) {
    case 'TIMMBackbone': {
      const m = kwarg(bb, 'model_name')?.value;
      return typeof m?.value === 'string' ? { name: m.value, v: m, what: `TIMMBackbone model_name='${m.value}'` } : undefined;
    }
    case 'VisionTransformer': {
      if (!arch || !archText || (img !== undefined && img !== 224)) return undefined;
      const dino = /^dinov2-(s|small|b|base|l|large|g|giant)$/.exec(archText);
      const patch = num(bb, 'patch_size') ?? (dino ? 14 : 16);
      const name = dino ? (patch === 14 ? `dinov2-${dino[1]}` : undefined) : patch === 16 ? own(VIT_SIZE, archText) : undefined;
      return name ? { name, v: arch, what: `VisionTransformer arch='${arch.value}'` } : undefined;
    }
    case 'ResNet': {
      const d = kwarg(bb, 'depth')?.value;
      return typeof d?.value === 'number' ? { name: `resnet${d.value}`, v: d, what: `ResNet depth=${d.value}` } : undefined;
    }
    case 'ResNeXt': {
      const d = kwarg(bb, 'depth')?.value;
      const g = num(bb, 'groups') ?? 32;
      const w = num(bb, 'width_per_group') ?? 4;
      return typeof d?.value === 'number' ? { name: `resnext${d.value}_${g}x${w}d`, v: d, what: `ResNeXt depth=${d.value}, ${g}×${w}d` } : undefined;
    }
    case 'SwinTransformer':
    case 'ConvNeXt': {
      if (!arch || !archText || (img !== undefined && img !== 224)) return undefined;
      const name = own(type === 'ConvNeXt' ? CONVNEXT_SIZE : SWIN_SIZE, archText);
      return name ? { name, v: arch, what: `${type} arch='${arch.value}'` } : undefined;
    }
    case 'EfficientNet':
      return archText && /^b\d$/.test(archText) ? { name: `efficientnet-${archText}`, v: arch!, what: `EfficientNet arch='${arch!.value}'` } : undefined;
    default:
      return undefined;
  }
}

/** The catalogued network of the last `model = dict(...)` classifier in the file, if its backbone names one. */
export function classifierBackbone(s: PyScan): BackboneModel | undefined {
  let model: PyCall | undefined;
  for (const c of s.calls) if (c.callee === 'dict' && c.assignedTo === 'model') model = c;
  if (!model || !isClassifier(model)) return undefined;
  const bb = dictAt(s, kwarg(model, 'backbone')?.value);
  const named = bb && nameOf(bb);
  const m = named && findSampleModel(named.name);
  return named && m ? { id: m.id, start: named.v.start, end: named.v.end, what: named.what } : undefined;
}

/**
 * The network an mmpretrain config name states in its first word when the catalogue has no alias of
 * that spelling: `vit-base-p16_64xb64_in1k` (ViT-B/16), `swin-tiny_16xb64_in1k`, `deit-base_16xb64_in1k`,
 * `convnext-small_32xb128_in1k` (mmpretrain configs/, 2023).
 */
export function mmStemModel(word: string): string | undefined {
  const p = word.toLowerCase().split('-');
  let name: string | undefined;
  if (p[0] === 'vit' && p.length === 3 && p[2] === 'p16') name = own(VIT_SIZE, p[1]);
  else if (p[0] === 'deit' && p.length === 2) name = own(VIT_SIZE, `deit-${p[1]}`);
  else if (p[0] === 'swin' && p.length === 2) name = own(SWIN_SIZE, p[1]);
  else if (p[0] === 'convnext' && p.length === 2) name = own(CONVNEXT_SIZE, p[1]);
  return name ? findSampleModel(name)?.id : undefined;
}

/**
 * The input size an mmpretrain config name states at its end (`…_in1k-384px`), and whether it differs
 * from the one the catalogue row counts (`image at 224×224`): a 384-pixel run is about 3× the work.
 */
export function otherResolution(stem: string, id: string): number | undefined {
  const last = stem.toLowerCase().split('-').pop() ?? '';
  if (!last.endsWith('px')) return undefined;
  const px = Number(last.slice(0, -2));
  const unit = findSampleModel(id)?.sampleUnit ?? '';
  const at = unit.indexOf(' at ');
  const counted = at >= 0 ? Number(unit.slice(at + 4).split('×')[0]) : NaN;
  return Number.isInteger(px) && px > 0 && Number.isFinite(counted) && px !== counted ? px : undefined;
}
