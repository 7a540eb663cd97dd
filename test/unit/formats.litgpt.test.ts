// LitGPT configs (src/formats/handlers/litgpt.ts). Fixtures in test/fixtures/litgpt/ imitate
// config_hub/finetune/llama-2-7b/lora.yaml and config_hub/pretrain/tinyllama.yaml; values read by hand.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';

const DIR = path.resolve(__dirname, '../fixtures/litgpt');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const val = (r: RunSpec, k: string) => (r.inputs as Record<string, { value: unknown } | undefined>)[k]?.value;

describe('LitGPT configs', () => {
  it('reads a LoRA fine-tune: the Hub id under checkpoints/, devices, train.*', () => {
    const a = analyzeText(read('lora.yaml'), 'lora.yaml');
    assert.strictEqual(a.format, 'litgpt');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'meta-llama/Llama-2-7b-hf');
    assert.strictEqual(val(r, 'precision'), 'bf16'); // bf16-true
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'loraRank'), 32);
    assert.strictEqual(val(r, 'count'), 2);
    assert.strictEqual(val(r, 'epochs'), 4);
    assert.strictEqual(val(r, 'batchSize'), 8);
    assert.strictEqual(val(r, 'perDeviceBatch'), 2);
    assert.strictEqual(val(r, 'seqLen'), 512);
    assert.strictEqual(val(r, 'steps'), undefined, 'an empty max_steps is not a number');
  });

  it('sizes the data from litgpt\'s data module (litgpt.data.Alpaca2k is the 2,000-row Alpaca sample)', () => {
    const text = read('lora.yaml');
    const r = analyzeText(text, 'lora.yaml').runs[0];
    assert.strictEqual(val(r, 'dataset'), 'litgpt.data.Alpaca2k');
    assert.strictEqual(r.inputs.dataset?.range?.startLine, text.split('\n').findIndex((l) => l.includes('class_path')));
    const e = evaluateText(text, 'lora.yaml', normalizeSettings({})).estimates[0];
    // 4 epochs × 2,000 rows × 137 tokens (Alpaca's mean; the 512-token maximum is a cap) = 1,096,000 tokens,
    // not 4 × 10,000 assumed samples × 512.
    assert.strictEqual(e.inputs.datasetSamples?.value, 2000);
    assert.strictEqual(e.inputs.tokens?.value, 1_096_000);
    assert.strictEqual(e.dataset?.source, 'catalogue');
    // A data module the catalogue does not know keeps the old note and the default size.
    const other = evaluateText(text.replace('litgpt.data.Alpaca2k', 'litgpt.data.MyData'), 'lora.yaml', normalizeSettings({})).estimates[0];
    assert.strictEqual(other.inputs.datasetSamples?.origin, 'default');
    assert.ok(other.assumptions.some((a) => a.includes('Dataset litgpt.data.MyData: its size is not in the file.')), other.assumptions.join('\n'));
  });

  it('reads a pre-training run measured in tokens, across nodes', () => {
    const r = analyzeText(read('tinyllama.yaml'), 'tinyllama.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), 'tiny-llama-1.1b');
    assert.strictEqual(val(r, 'tokens'), 3e12);
    assert.strictEqual(val(r, 'count'), 32); // 8 devices × 4 nodes
    assert.strictEqual(val(r, 'nodes'), 4);
    // 6 × 1.1e9 (read from the name) × 3e12 = 1.98e22 FLOPs.
    const e = evaluateText(read('tinyllama.yaml'), 'tinyllama.yaml', normalizeSettings({ includeEmbodied: false })).estimates[0];
    assert.ok(Math.abs((e.compute?.flops ?? 0) - 1.98e22) < 1e16, String(e.compute?.flops));
  });

  it('a 4-bit base makes the adapter QLoRA', () => {
    const text = read('lora.yaml').replace('quantize:\n', 'quantize: bnb.nf4\n');
    const r = analyzeText(text, 'qlora.yaml').runs[0];
    assert.strictEqual(val(r, 'quantization'), 4);
    assert.strictEqual(val(r, 'adapter'), 'qlora');
  });

  it('does not claim a file with only a model_name', () => {
    assert.notStrictEqual(analyzeText('model_name: gpt2\nlearning_rate: 0.1\n', 'x.yaml').format, 'litgpt');
  });
});
