// nanoGPT configs (src/formats/handlers/nanogpt.ts): bare assignments over train.py's globals. The
// fixture imitates karpathy/nanoGPT config/train_shakespeare_char.py; values derived by hand below.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';

const TEXT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'nanogpt', 'train_small_char.py'), 'utf8');
const lineOf = (needle: string) => TEXT.split('\n').findIndex((l) => l.startsWith(needle));

describe('nanoGPT configs', () => {
  it('reads the model shape, the length and the batch, each at its line', () => {
    const a = analyzeText(TEXT, 'train_small_char.py');
    assert.strictEqual(a.format, 'nanogpt');
    const r = a.runs[0];
    assert.strictEqual(r.name, 'small-char');
    // 12 × 4 layers × 256² = 3,145,728 in the blocks + 65 characters × 256 = 16,640 (tied embedding) = 3,162,368.
    assert.strictEqual(r.inputs.params?.value, 3_162_368);
    assert.strictEqual(r.inputs.params?.origin, 'inferred');
    assert.strictEqual(r.inputs.steps?.value, 2000);
    assert.strictEqual(r.inputs.steps?.range?.startLine, lineOf('max_iters'));
    assert.strictEqual(r.inputs.seqLen?.value, 128);
    // batch_size 32 × gradient_accumulation_steps 2 * 2 = 128 sequences a step (accumulated over all GPUs).
    assert.strictEqual(r.inputs.batchSize?.value, 128);
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 32);
    assert.strictEqual(r.inputs.precision?.value, 'bf16');
    // Evaluation: 2 splits × 100 batches × floor(2000 / 500) = 800 forward batches, named but not counted.
    assert.ok(r.notes.some((n) => n.startsWith('Evaluation adds 800 forward batches')), r.notes.join('\n'));
  });

  it('estimates from 6 × N × steps × batch × block tokens; what the file omits is train.py\'s default, said so', () => {
    const e = evaluateText(TEXT, 'train_small_char.py', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(e.missing, []);
    // 2,000 steps × 128 sequences × 128 characters = 32,768,000 tokens.
    assert.strictEqual(e.inputs.tokens?.value, 32_768_000);
    const bare = analyzeText('max_iters = 1000\neval_interval = 100\n', 'train.py').runs[0];
    // train.py defaults: GPT-2 124M (12 × 12 × 768² + 50,304 × 768 = 123,568,128), batch 12 × 40, block 1024.
    assert.strictEqual(bare.inputs.params?.value, 123_568_128);
    assert.strictEqual(bare.inputs.batchSize?.value, 480);
    assert.strictEqual(bare.inputs.seqLen?.origin, 'default');
    assert.ok(bare.notes.some((n) => n.includes("nanoGPT's train.py defaults: n_layer 12, n_embd 768, block_size 1,024, batch_size 12, gradient_accumulation_steps 40")), bare.notes.join('\n'));
  });

  it('is not claimed for a training script, nor for a file with one nanoGPT-like name', () => {
    assert.notStrictEqual(analyzeText(`import torch\n${TEXT}`, 'train.py').format, 'nanogpt');
    assert.notStrictEqual(analyzeText('max_iters = 10\nlearning_rate = 1e-3\n', 'cfg.py').format, 'nanogpt');
    assert.notStrictEqual(analyzeText(TEXT.replace(/max_iters = 2000\n/, ''), 'cfg.py').format, 'nanogpt');
  });
});
