// OLMo trainer YAML and open-instruct's LoRA/QLoRA switches. Fixtures in test/fixtures/olmo/ name the
// public files they imitate; the values below are derived by hand from them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { olmoDuration, olmoParams } from '../../src/formats/handlers/olmo';
import { val, closeWithin } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/olmo');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const settings = normalizeSettings({ includeEmbodied: false });

const close = closeWithin(1e-4);

describe('OLMo trainer YAML', () => {
  it('reads max_duration as steps, tokens or epochs', () => {
    assert.deepStrictEqual(olmoDuration('739_328'), { unit: 'steps', value: 739328 });
    assert.deepStrictEqual(olmoDuration(2000), { unit: 'steps', value: 2000 });
    assert.deepStrictEqual(olmoDuration('10e9T'), { unit: 'tokens', value: 1e10 });
    assert.deepStrictEqual(olmoDuration('2ep'), { unit: 'epochs', value: 2 });
    assert.strictEqual(olmoDuration('soon'), undefined);
  });

  it('counts parameters from the shape: OLMo-1B is 1.18e9', () => {
    // 16 × (4 · 2048² + 3 · 2048 · (8 · 2048 / 2)) + 50,304 · 2048 (tied)
    // = 16 × (16,777,216 + 50,331,648) + 103,022,592 = 1,176,764,416.
    assert.strictEqual(olmoParams(2048, 16, { mlpRatio: 8, swiglu: true, vocab: 50304, tied: true }), 1176764416);
  });

  it('reads OLMo-1B: steps × global batch × sequence length, bf16, no Hub id needed', () => {
    const a = analyzeText(read('OLMo-1B-like.yaml'), 'OLMo-1B.yaml');
    assert.strictEqual(a.format, 'olmo');
    const r = a.runs[0];
    assert.strictEqual(r.name, 'olmo-1b-like');
    assert.strictEqual(val(r, 'params'), 1176764416);
    assert.strictEqual(val(r, 'steps'), 739328);
    assert.strictEqual(val(r, 'batchSize'), 2048);
    assert.strictEqual(val(r, 'seqLen'), 2048);
    assert.strictEqual(val(r, 'precision'), 'bf16');
    const e = evaluateText(read('OLMo-1B-like.yaml'), 'OLMo-1B.yaml', settings).estimates[0];
    // Tokens = 739,328 × 2,048 × 2,048 = 3.1010e12 (the file's comment says 3.1T).
    close(e.inputs.tokens?.value, 3.1010e12);
    // FLOPs = 6 × 1.17676e9 × 3.1010e12 = 2.1895e22.
    close(e.compute?.flops, 2.1895e22, 1e-3);
  });

  it('reads a token budget and untied embeddings (OLMo 2)', () => {
    const r = analyzeText(read('OLMo2-tokens-untied.yaml'), 'olmo2.yaml').runs[0];
    assert.strictEqual(val(r, 'tokens'), 1e10); // 10e9T
    // 16 × 67,108,864 + 100,352 · 2048 × 2 = 1,073,741,824 + 411,041,792 = 1,484,783,616.
    assert.strictEqual(val(r, 'params'), 1484783616);
  });
});

describe('open-instruct finetune YAML', () => {
  it('reads use_qlora as LoRA on a 4-bit base, with lora_rank', () => {
    const a = analyzeText(read('open-instruct-qlora.yaml'), 'tulu_qlora.yaml');
    assert.strictEqual(a.format, 'hf-training-args');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'adapter'), 'qlora');
    assert.strictEqual(val(r, 'quantization'), 4);
    assert.strictEqual(val(r, 'loraRank'), 64);
    assert.strictEqual(val(r, 'maxSamples'), 20000);
  });

  it('reads use_lora alone as LoRA without quantization', () => {
    const text = read('open-instruct-qlora.yaml').replace('use_qlora: true\n', '');
    const r = analyzeText(text, 'tulu_lora.yaml').runs[0];
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'quantization'), undefined);
  });
});
