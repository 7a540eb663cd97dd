// Vision, detection, speech and diffusion runs are counted per sample (image, audio window, diffusion
// step), never as if each sample were 2,048 tokens. Expected values are worked by hand from the rows of
// src/core/data/sampleModels.json and sampleDatasets.json quoted in each comment.
import * as assert from 'assert';
import { estimateRun } from '../../src/core/estimate';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { findSampleDataset, findSampleModel, listSampleDatasets, listSampleModels } from '../../src/core/sampleCatalog';
import { closeWithin } from './helpers/runAsserts';

const settings = normalizeSettings({ includeEmbodied: false });

function run(inputs: Record<string, unknown>): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-6);

describe('per-sample catalogue', () => {
  it('finds models by id, alias, Hub id, checkpoint file and timm tag', () => {
    assert.strictEqual(findSampleModel('ResNet-50')?.id, 'resnet50');
    assert.strictEqual(findSampleModel('timm/resnet50.a1_in1k')?.id, 'resnet50');
    assert.strictEqual(findSampleModel('ViT-B/16')?.id, 'vit_b_16');
    assert.strictEqual(findSampleModel('google/vit-base-patch16-224')?.id, 'vit_b_16');
    assert.strictEqual(findSampleModel('yolov8n.pt')?.id, 'yolov8n');
    assert.strictEqual(findSampleModel('openai/whisper-small.en')?.id, 'openai/whisper-small');
    assert.strictEqual(findSampleModel('https://huggingface.co/runwayml/stable-diffusion-v1-5')?.family, 'Stable Diffusion 1.x');
    // Language models are not per-sample models.
    assert.strictEqual(findSampleModel('meta-llama/Llama-3.1-8B'), undefined);
    assert.strictEqual(findSampleModel(42), undefined);
  });

  it('finds dataset sizes by common spellings', () => {
    assert.strictEqual(findSampleDataset('ImageNet')?.samples, 1281167);
    assert.strictEqual(findSampleDataset('coco_2017_train')?.samples, 118287);
    assert.strictEqual(findSampleDataset('openslr/librispeech_asr')?.samples, 281241);
  });

  it('gives every row a source, a year and a positive size', () => {
    for (const m of listSampleModels()) {
      assert.ok(m.source && m.year >= 1990 && m.year <= 2026 && m.params > 0 && m.basis, m.id);
      if (m.forwardFlops !== undefined) assert.ok(m.forwardFlops > m.params, `${m.id}: a forward pass is at least one FLOP per parameter`);
    }
    for (const d of listSampleDatasets()) assert.ok(d.source && d.year >= 1990 && d.samples > 0, d.id);
  });
});

describe('estimateRun: per-sample training compute', () => {
  it('ResNet-50 for 90 epochs of ImageNet-1k: 3 × forward × images', () => {
    // resnet50 forward 8.178e9 FLOPs per 224² image; 90 × 1,281,167 = 115,305,030 images.
    // FLOPs = 3 × 8.178e9 × 115,305,030 = 2.828914e18.
    // 8 × A100 80GB at bf16 312 TFLOP/s. ResNet-50 (25.6M parameters, a vision name) is in power.ts's
    // "vision bound by its data loader" class, typical MFU 0.12:
    // 2.828914e18 / (8 × 312e12 × 0.12) = 9444.6 s = 2.6235 h.
    const e = estimateRun(run({ model: 'resnet50', epochs: 90, datasetSamples: 1281167, hardware: 'A100 80GB', count: 8, precision: 'bf16' }), settings);
    assert.strictEqual(e.method, 'flops');
    assert.deepStrictEqual(e.missing, []);
    close(e.compute?.flops, 3 * 8.178e9 * 115305030);
    close(e.hours.mid, 2.828914e18 / (8 * 312e12 * 0.12) / 3600, 1e-5);
    assert.ok(e.assumptions.some((a) => /per image at 224×224/.test(a) && /per sample, not per token/.test(a)));
    assert.ok(!e.assumptions.some((a) => /Sequence length not stated/.test(a)), 'no tokens are assumed for images');
    assert.strictEqual(e.inputs.params?.value, 25557032);
  });

  it('Mask R-CNN at 90,000 iterations × 16 images (detectron2 1x schedule)', () => {
    // 90,000 × 16 = 1,440,000 images; 3 × 268.76e9 × 1.44e6 = 1.1610432e18 FLOPs.
    const e = estimateRun(run({ model: 'mask_rcnn_R_50_FPN', steps: 90000, batchSize: 16, hardware: 'V100', count: 8 }), settings);
    close(e.compute?.flops, 1.1610432e18);
  });

  it('an adapter fine-tune counts 2 × forward, not 3', () => {
    // SD 1.5 UNet 677.4e9 FLOPs per 512² step; 1,000 steps × batch 4 × 1 GPU = 4,000 samples.
    // 2 × 677.4e9 × 4,000 = 5.4192e15.
    const e = estimateRun(run({ model: 'runwayml/stable-diffusion-v1-5', steps: 1000, perDeviceBatch: 4, adapter: 'lora', loraRank: 4, hardware: 'A100 80GB', count: 1 }), settings);
    close(e.compute?.flops, 5.4192e15);
  });

  it('epochs without a dataset size use the stated default and say so', () => {
    // whisper-small 4.207e11 per 30-s window; 3 epochs × 10,000 default samples × 3 = 3.7863e16.
    const e = estimateRun(run({ model: 'openai/whisper-small', epochs: 3 }), settings);
    close(e.compute?.flops, 3 * 4.207e11 * 30000);
    assert.ok(e.assumptions.some((a) => /Dataset size not stated: assumed 10k samples|Dataset size not stated: assumed 10000 samples/.test(a)), e.assumptions.join('\n'));
  });

  it('a catalogued model with no FLOPs figure gets no number rather than a token guess', () => {
    const e = estimateRun(run({ model: 'stabilityai/stable-diffusion-xl-base-1.0', steps: 1000, perDeviceBatch: 1 }), settings);
    assert.ok(e.missing.length > 0);
    assert.strictEqual(e.energyKwh.mid, 0);
    assert.ok(e.assumptions.some((a) => /no forward FLOPs figure is catalogued/.test(a)));
  });
});
