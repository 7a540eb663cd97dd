// The vision rows added to sampleModels.json for #13 (DeiT / ViT-Ti/S, DINOv2, ResNet-34/152,
// ResNeXt-50, EfficientNet-B1…B4, Swin-S/L, ConvNeXt-S/L) and the places people name them: timm
// names and tags, Hugging Face ids, torch.hub entry points, mmpretrain/mmcls backbones
// (`TIMMBackbone model_name=…`, `VisionTransformer arch=…`). Fixtures are in
// test/fixtures/vision-catalogue, each naming the public file whose shape it imitates. Every expected
// figure is worked by hand in its comment from the rows quoted there.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateFile } from '../../src/cli';
import { estimateRun } from '../../src/core/estimate';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { findSampleModel } from '../../src/core/sampleCatalog';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { mmName } from '../../src/formats/handlers/visionPython';
import { readEntryScript } from '../../src/formats/entryScript';
import { classifierBackbone } from '../../src/formats/mmBackbone';
import { scanPython } from '../../src/formats/pyCalls';
import { at, closeWithin, val } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/vision-catalogue');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const settings = normalizeSettings({ includeEmbodied: false });
const close = closeWithin(1e-6);
const IMAGENET = 1281167; // sampleDatasets.json imagenet-1k train images

describe('vision catalogue rows (#13)', () => {
  it('finds each network by the names people write', () => {
    const cases: [string, string][] = [
      ['deit_small_patch16_224', 'vit_small_patch16_224'], // DeiT-S is ViT-S/16
      ['vit_tiny_patch16_224.augreg_in21k', 'vit_tiny_patch16_224'], // a timm pretrained tag
      ['facebook/deit-tiny-patch16-224', 'vit_tiny_patch16_224'],
      ['facebook/deit-base-patch16-224', 'vit_b_16'], // DeiT-B was already ViT-B/16's alias
      ['facebook/dinov2-base', 'facebook/dinov2-base'],
      ['dinov2_vitb14', 'facebook/dinov2-base'], // torch.hub entry point
      ['dinov2_vits14_reg', 'facebook/dinov2-small'],
      ['timm/vit_large_patch14_dinov2.lvd142m', 'facebook/dinov2-large'],
      ['resnet34.a1_in1k', 'resnet34'],
      ['resnext50-32x4d', 'resnext50_32x4d'], // mmpretrain config stem
      ['efficientnet-b3', 'efficientnet_b3'],
      ['swin-small', 'swin_s'],
      ['microsoft/swin-large-patch4-window7-224', 'swin_l'],
      ['convnext-large', 'convnext_large'],
    ];
    for (const [name, id] of cases) assert.strictEqual(findSampleModel(name)?.id, id, name);
    // MobileSAM's `vit_t` is TinyViT, not ViT-Ti: no alias claims the bare letter.
    assert.strictEqual(findSampleModel('vit-t'), undefined);
  });

  it('keeps each figure as read: timm GMACs and torchvision `_ops` doubled, at the stated input', () => {
    // timm card deit_small_patch16_224.fb_in1k: 22.1 M params, 4.6 GMACs → 9.2e9 FLOPs.
    const s = findSampleModel('deit_small_patch16_224')!;
    assert.deepStrictEqual([s.params, s.forwardFlops, s.sampleUnit], [22.1e6, 9.2e9, 'image at 224×224']);
    // torchvision EfficientNet_B4_Weights: 19,341,616 params, `_ops` 4.394 at its 380-pixel crop.
    const b4 = findSampleModel('efficientnet_b4')!;
    assert.deepStrictEqual([b4.params, b4.forwardFlops, b4.sampleUnit], [19341616, 8.788e9, 'image at 380×380']);
    // Swin README: Swin-L 197M, 34.5G multiply-adds → 69.0e9 FLOPs.
    assert.strictEqual(findSampleModel('swin_l')!.forwardFlops, 69e9);
  });

  it('DINOv2 at 224×224 is counted from its shape, and the same count matches timm at 518×518', () => {
    // ViT-B/14: 12 layers × (4 × 768² + 2 × 768 × 3072) = 84,934,656 block weights;
    // 2 × 84,934,656 × 257 = 43,656,413,184; attention 4 × 257² × 768 × 12 = 2,434,830,336;
    // patch embedding 2 × 256 × 588 × 768 = 231,211,008. Sum 46,322,454,528.
    assert.strictEqual(findSampleModel('dinov2_vitb14')!.forwardFlops, 46322454528);
    assert.strictEqual(findSampleModel('dinov2_vitb14')!.params, 86e6); // DINOv2 README "86 M"
    // ViT-g/14 (SwiGLU 3 × 4096 × 1536 a layer, 40 layers, width 1536) at 518×518, 1,370 tokens:
    // 2 × 1,132,462,080 × 1370 + 4 × 1370² × 1536 × 40 + 2 × 1369 × 588 × 1536 = 3.5667e12 FLOPs
    // = 1,783.3 GMACs, against the 1,784.2 of timm's vit_giant_patch14_dinov2.lvd142m card.
    const g518 = 2 * 1132462080 * 1370 + 4 * 1370 ** 2 * 1536 * 40 + 2 * 1369 * 588 * 1536;
    assert.ok(Math.abs(g518 / 2e9 - 1784.2) / 1784.2 < 0.001, `${g518 / 2e9}`);
    // …and the row at 224 is that count at 257 tokens: 598,780,133,376.
    const g224 = 2 * 1132462080 * 257 + 4 * 257 ** 2 * 1536 * 40 + 2 * 256 * 588 * 1536;
    assert.strictEqual(findSampleModel('facebook/dinov2-giant')!.forwardFlops, g224);
  });
});

describe('mmpretrain / mmcls classifier backbones', () => {
  it('TIMMBackbone model_name names the network, not the file name', () => {
    const text = read('classifier_timm_8xb64_in1k.py');
    const a = analyzeText(text, 'classifier_timm_8xb64_in1k.py');
    assert.strictEqual(a.format, 'mmdetection');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'vit_tiny_patch16_224');
    assert.strictEqual(at(text, r.inputs.model?.range), "'vit_tiny_patch16_224'");
    assert.match(r.inputs.model?.note ?? '', /TIMMBackbone model_name='vit_tiny_patch16_224'/);
    assert.strictEqual(val(r, 'epochs'), 100); // runner max_epochs
    assert.strictEqual(val(r, 'count'), 8); // 8xb64 in the name
    assert.strictEqual(val(r, 'datasetSamples'), IMAGENET); // _in1k
  });

  it('TIMMBackbone run: 3 × 2.6e9 × 100 epochs × ImageNet-1k, hours on 8 A100 at TF32', () => {
    // vit_tiny_patch16_224 2.6e9 FLOPs per image; 100 × 1,281,167 = 128,116,700 images.
    // 3 × 2.6e9 × 128,116,700 = 9.9931026e17 FLOPs. No AmpOptimWrapper → TF32, A100 80GB 156 TFLOP/s
    // (the default accelerator); 5.7 M params, a ViT name → the data-loader class, typical MFU 0.12:
    // 9.9931026e17 / (8 × 156e12 × 0.12) = 6,672.8 s = 1.8535 h.
    const e = evaluateText(read('classifier_timm_8xb64_in1k.py'), 'classifier_timm_8xb64_in1k.py', settings).estimates[0];
    assert.strictEqual(e.method, 'flops');
    close(e.compute?.flops, 9.9931026e17);
    close(e.hours.mid, 9.9931026e17 / (8 * 156e12 * 0.12) / 3600, 1e-5);
    assert.strictEqual(e.inputs.params?.value, 5.7e6);
  });

  it('VisionTransformer arch=deit-small in a config that only overrides the backbone', () => {
    const text = read('classifier-vit_4xb256_in1k.py');
    const r = analyzeText(text, 'classifier-vit_4xb256_in1k.py').runs[0];
    assert.strictEqual(val(r, 'model'), 'vit_small_patch16_224');
    assert.strictEqual(at(text, r.inputs.model?.range), "'deit-small'");
    assert.strictEqual(val(r, 'epochs'), 300);
    // DeiT-S for 300 epochs of ImageNet-1k: 3 × 9.2e9 × 300 × 1,281,167 = 1.060806276e19 FLOPs;
    // AmpOptimWrapper → FP16 at 312 TFLOP/s on 4 A100 (4xb256), MFU 0.12:
    // 1.060806276e19 / (4 × 312e12 × 0.12) = 70,833 s = 19.68 h.
    const e = evaluateText(text, 'classifier-vit_4xb256_in1k.py', settings).estimates[0];
    close(e.compute?.flops, 1.060806276e19);
    close(e.hours.mid, 1.060806276e19 / (4 * 312e12 * 0.12) / 3600, 1e-5);
  });

  it('reads ResNet depth, ResNeXt groups and Swin/ConvNeXt/EfficientNet arch; refuses other sizes and detectors', () => {
    const bb = (body: string, head = "head=dict(type='LinearClsHead')") => classifierBackbone(scanPython(`model = dict(type='ImageClassifier', backbone=dict(${body}), ${head})\n`))?.id;
    assert.strictEqual(bb("type='ResNet', depth=152"), 'resnet152');
    assert.strictEqual(bb("type='ResNeXt', depth=50, groups=32, width_per_group=4"), 'resnext50_32x4d');
    assert.strictEqual(bb("type='mmcls.SwinTransformer', arch='small', img_size=224"), 'swin_s');
    assert.strictEqual(bb("type='ConvNeXt', arch='large'"), 'convnext_large');
    assert.strictEqual(bb("type='EfficientNet', arch='b2'"), 'efficientnet_b2');
    assert.strictEqual(bb("type='VisionTransformer', arch='b', patch_size=16"), 'vit_b_16');
    // A 384-pixel DeiT-B or a /32 patch is not the network the 224×224 rows count.
    assert.strictEqual(bb("type='VisionTransformer', arch='deit-base', img_size=384"), undefined);
    assert.strictEqual(bb("type='VisionTransformer', arch='b', patch_size=32"), undefined);
    // A detector's backbone is a part of it: Faster R-CNN is not a ResNet-50 classification run.
    assert.strictEqual(classifierBackbone(scanPython("model = dict(type='FasterRCNN', backbone=dict(type='ResNet', depth=50), rpn_head=dict())\n")), undefined);
    assert.strictEqual(classifierBackbone(scanPython("model = dict(backbone=dict(type='ResNet', depth=50), decode_head=dict(), head=dict())\n")), undefined);
  });
});

describe('mmpretrain config names', () => {
  it('name the network by mmpretrain spelling, and name none at a resolution the row does not count', () => {
    const m = (stem: string) => findSampleModel(mmName(stem).model)?.id;
    assert.strictEqual(m('vit-base-p16_64xb64_in1k'), 'vit_b_16');
    assert.strictEqual(m('deit-small_4xb256_in1k'), 'vit_small_patch16_224');
    assert.strictEqual(m('deit-base_16xb64_in1k'), 'vit_b_16');
    assert.strictEqual(m('swin-tiny_16xb64_in1k'), 'swin_t');
    assert.strictEqual(m('convnext-small_32xb128_in1k'), 'convnext_small');
    assert.strictEqual(m('resnext50-32x4d_8xb32_in1k'), 'resnext50_32x4d');
    assert.strictEqual(m('efficientnet-b4_8xb32_in1k-380px'), 'efficientnet_b4'); // 380 is the row's size
    // The 224×224 rows are not a 384-pixel run (about (384/224)² ≈ 2.9× the work per image).
    assert.strictEqual(mmName('vit-base-p16_64xb64_in1k-384px').model, undefined);
    assert.strictEqual(mmName('convnext-base_32xb128_in1k-384px').model, undefined);
    assert.strictEqual(mmName('convnext-base_32xb128_in1k-384px').dataset, 'imagenet-1k');
    // Only mmpretrain's own spellings: a /32 patch or an unknown size names nothing.
    assert.strictEqual(mmName('vit-base-p32_64xb64_in1k').model, undefined);
    assert.strictEqual(mmName('swin-huge_16xb64_in1k').model, undefined);
  });
});

describe('torch.hub, timm and Hugging Face loads', () => {
  it('an entry script names its network with torch.hub.load(repo, entry point)', () => {
    const f = readEntryScript(read('dino_finetune/finetune.py'));
    assert.deepStrictEqual(f.models.map((m) => m.value), ['dinov2_vitb14']);
    assert.match(f.models[0].what, /torch\.hub\.load\(…, "dinov2_vitb14"\)/);
  });

  it('the launch script runs it: DINOv2-B for 10 epochs of ImageNet on 4 GPUs', () => {
    const r = estimateFile(path.join(DIR, 'dino_finetune/train.sh'), settings, 5_000_000, { workspaceRoot: path.join(DIR, 'dino_finetune') });
    const e = r.estimates[0];
    assert.strictEqual(e.inputs.model?.value, 'dinov2_vitb14');
    assert.strictEqual(e.inputs.epochs?.value, 10); // default of --epochs in finetune.py
    assert.strictEqual(e.inputs.datasetSamples?.value, IMAGENET); // --dataset imagenet
    assert.strictEqual(e.inputs.params?.value, 86e6);
    // 3 × 46,322,454,528 × 10 × 1,281,167 = 1.78040400301e18 FLOPs. 86 M params ≥ 30 M: per-sample
    // vision on tensor cores, typical MFU 0.2; bf16 312 TFLOP/s × 4 (nproc_per_node=4):
    // 1.78040400301e18 / (4 × 312e12 × 0.2) = 7,133 s = 1.981 h.
    close(e.compute?.flops, 3 * 46322454528 * 10 * IMAGENET);
    close(e.hours.mid, (3 * 46322454528 * 10 * IMAGENET) / (4 * 312e12 * 0.2) / 3600, 1e-5);
  });

  it('HF from_pretrained("facebook/dinov2-base") with the Trainer is counted per image, not per token', () => {
    const e = evaluateText(read('hf_dinov2_finetune.py'), 'hf_dinov2_finetune.py', settings).estimates[0];
    assert.strictEqual(e.inputs.model?.value, 'facebook/dinov2-base');
    // An imagefolder of unknown size: the 10,000-sample default, said as an assumption.
    // 3 × 46,322,454,528 × 3 epochs × 10,000 = 4.16902090752e15 FLOPs.
    close(e.compute?.flops, 4.16902090752e15);
    assert.ok(!e.assumptions.some((a) => /Sequence length not stated/.test(a)), 'no tokens for images');
  });

  it('a LightningModule that loads DeiT-S from torch.hub, trained by trainer.fit', () => {
    const text = read('lit_deit_hub.py');
    const r = analyzeText(text, 'lit_deit_hub.py').runs[0];
    assert.strictEqual(val(r, 'model'), 'deit_small_patch16_224');
    assert.strictEqual(at(text, r.inputs.model?.range), "'deit_small_patch16_224'");
    // 3 × 9.2e9 × 30 epochs × 10,000 (default dataset) = 8.28e15; 2 GPUs at fp16 312 TFLOP/s, MFU
    // 0.12 (data-loader class): 8.28e15 / (2 × 312e12 × 0.12) = 110.6 s.
    const e = evaluateText(text, 'lit_deit_hub.py', settings).estimates[0];
    close(e.compute?.flops, 8.28e15);
    close(e.hours.mid, 8.28e15 / (2 * 312e12 * 0.12) / 3600, 1e-5);
  });

  it('timm.create_model with a pretrained tag names the network of a Lightning run', () => {
    const text = read('lit_timm.py');
    const r = analyzeText(text, 'lit_timm.py').runs[0];
    assert.strictEqual(val(r, 'model'), 'vit_small_patch16_224.augreg_in21k_ft_in1k');
    // 3 × 9.2e9 × 20 × 10,000 = 5.52e15 FLOPs.
    close(evaluateText(text, 'lit_timm.py', settings).estimates[0].compute?.flops, 5.52e15);
  });
});

describe('a stated training time', () => {
  function run(inputs: Record<string, unknown>): RunSpec {
    const ins: RunInputs = {};
    for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
    return { name: 'deit', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
  }

  it('DeiT-B, 300 epochs of ImageNet-1k on one 8-V100 node: near the 53 h Touvron et al. 2021 (§6) state', () => {
    // deit_base_patch16_224 is the vit_b_16 row, 35.128e9 FLOPs; 300 × 1,281,167 = 384,350,100 images;
    // 3 × 35.128e9 × 384,350,100 = 4.05045e19 FLOPs. DeiT trains with AMP: V100 fp16 125 TFLOP/s; 86.6 M
    // params → per-sample vision on tensor cores, MFU 0.2: 4.05045e19 / (8 × 125e12 × 0.2) = 202,522 s
    // = 56.3 h, ×1.06 of the 53 h (quoted from the paper's "Training time" paragraph in stored summaries).
    const e = estimateRun(run({ model: 'deit_base_patch16_224', epochs: 300, datasetSamples: IMAGENET, hardware: 'V100', count: 8, precision: 'fp16' }), settings);
    close(e.compute?.flops, 3 * 35.128e9 * 300 * IMAGENET);
    close(e.hours.mid, (3 * 35.128e9 * 300 * IMAGENET) / (8 * 125e12 * 0.2) / 3600, 1e-5);
    assert.ok(e.hours.mid / 53 > 0.8 && e.hours.mid / 53 < 1.25, `${e.hours.mid} h`);
    // DeiT-S "in less than 3 days on 4 GPUs" (same paragraph): 3 × 9.2e9 × 384,350,100 = 1.0608e19 on
    // 4 V100 at fp16, MFU 0.12 (22.1 M params, the data-loader class) = 176,800 s = 49.1 h < 72 h.
    const s = estimateRun(run({ model: 'deit_small_patch16_224', epochs: 300, datasetSamples: IMAGENET, hardware: 'V100', count: 4, precision: 'fp16' }), settings);
    close(s.hours.mid, (3 * 9.2e9 * 300 * IMAGENET) / (4 * 125e12 * 0.12) / 3600, 1e-5);
    assert.ok(s.hours.mid < 72);
  });
});
