// Diffusion fine-tuning configs in JSON: SimpleTuner config.json (no longer read as HF
// TrainingArguments) and kohya_ss GUI presets. Fixtures in test/fixtures/diffusion/ name the public
// files they imitate; FLOPs per image from src/core/data/sampleModels.json; values derived by hand.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { val, closeWithin } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/diffusion');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const settings = normalizeSettings({ includeEmbodied: false });

const close = closeWithin(1e-3);

describe('SimpleTuner config.json', () => {
  const file = 'simpletuner-flux-lora.config.json';

  it('is SimpleTuner, not HF TrainingArguments, and reads keys with or without the leading --', () => {
    const a = analyzeText(read(file), 'config.json');
    assert.strictEqual(a.format, 'simpletuner');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'black-forest-labs/FLUX.1-dev'); // from --model_family flux
    assert.strictEqual(r.inputs.model?.origin, 'inferred');
    assert.strictEqual(val(r, 'steps'), 200); // --max_train_steps
    assert.strictEqual(val(r, 'epochs'), undefined); // num_train_epochs 0 = not set
    assert.strictEqual(val(r, 'perDeviceBatch'), 2);
    assert.strictEqual(val(r, 'gradAccum'), 2);
    assert.strictEqual(val(r, 'precision'), 'bf16');
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'loraRank'), 16);
    assert.strictEqual(val(r, 'quantization'), 8); // base_model_precision int8-quanto
    assert.ok(r.notes.some((n) => /multidatabackend\.json/.test(n)), r.notes.join('\n'));
  });

  it('counts FLUX per image and step, not per token', () => {
    const e = evaluateText(read(file), 'config.json', settings).estimates[0];
    // Samples = 200 steps × (2 per device × 2 accumulation × 1 GPU) = 800.
    // FLOPs = 2 (LoRA: no weight gradients) × 1.106e14 (FLUX.1-dev per 1024² image) × 800 = 1.7696e17.
    assert.strictEqual(e.compute?.perSample?.factor, 2);
    close(e.compute?.flops, 1.7696e17);
    // Time = 1.7696e17 / (1 × A100 312 TFLOP/s bf16 × MFU 0.25, single-GPU adapter) = 2,268.7 s = 0.63020 h.
    close(e.hours.mid, 0.6302);
  });
});

describe('kohya_ss GUI presets', () => {
  it('reads the network from the Flux switch, the step cap, batch and the LoRA dim', () => {
    const a = analyzeText(read('kohya-flux-preset.json'), 'preset.json');
    assert.strictEqual(a.format, 'kohya');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'black-forest-labs/FLUX.1-dev'); // flux1_checkbox, not the file path
    assert.strictEqual(val(r, 'steps'), 1000);
    assert.strictEqual(val(r, 'epochs'), undefined); // epochs need the image count, which the preset lacks
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'loraRank'), 16);
    assert.strictEqual(val(r, 'quantization'), 8); // fp8_base
    assert.ok(r.notes.some((n) => /max_train_epochs 10 overrides max_train_steps/.test(n)), r.notes.join('\n'));
  });

  it('estimates it per image: 2 × 1.106e14 × 1,000 steps × batch 1', () => {
    const e = evaluateText(read('kohya-flux-preset.json'), 'preset.json', settings).estimates[0];
    close(e.compute?.flops, 2.212e17);
    // 2.212e17 / (312e12 × 0.25) = 2,835.9 s = 0.78775 h.
    close(e.hours.mid, 0.78775);
  });

  it('leaves a TRL config that names output_dir and learning_rate to HF TrainingArguments', () => {
    const trl = '{"model_name_or_path": "Qwen/Qwen2.5-0.5B", "output_dir": "out", "learning_rate": 2e-5, "num_train_epochs": 1, "per_device_train_batch_size": 4, "bf16": true}';
    assert.strictEqual(analyzeText(trl, 'sft.json').format, 'hf-training-args');
  });
});
