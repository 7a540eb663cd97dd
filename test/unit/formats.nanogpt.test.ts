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
    // Evaluation at steps 0, 500, …, 2000 (floor(2000 / 500) + 1 = 5) × 2 splits × eval_iters 100 = 1,000
    // forward batches of 32 × 128 characters = 4,096,000 evaluation tokens, on the eval_iters line.
    assert.ok(r.notes.some((n) => n.startsWith('Evaluation adds 1,000 forward batches')), r.notes.join('\n'));
    assert.strictEqual(r.inputs.evalTokens?.value, 4_096_000);
    assert.strictEqual(r.inputs.evalTokens?.origin, 'inferred');
    assert.strictEqual(r.inputs.evalTokens?.range?.startLine, lineOf('eval_iters'));
  });

  it('estimates from 6 × N × steps × batch × block tokens; what the file omits is train.py\'s default, said so', () => {
    const e = evaluateText(TEXT, 'train_small_char.py', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(e.missing, []);
    // 2,000 steps × 128 sequences × 128 characters = 32,768,000 tokens.
    assert.strictEqual(e.inputs.tokens?.value, 32_768_000);
    // Compute = 6 × 3,162,368 × 32,768,000 (training) + 2 × 3,162,368 × 4,096,000 (evaluation forward)
    // = 621,746,847,744,000 + 25,906,118,656,000 = 647,652,966,400,000 FLOPs: evaluation adds 1/24 (4.17 %).
    assert.strictEqual(e.compute?.flops, 647_652_966_400_000);
    assert.ok(e.assumptions.some((x) => x.includes('evaluation forward: 2 × N × 4.1e6 evaluation tokens')), e.assumptions.join('\n'));
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

describe('nanoGPT configs: what counts as a literal, and what is said', () => {
  const cfg = (extra: string) => analyzeText(`max_iters = 1000\neval_interval = 100\n${extra}`, 'cfg.py');

  it('names the parameter count\'s parts: GPT-2 BPE for a token dataset, the characters for shakespeare_char', () => {
    const r = analyzeText(TEXT, 'train_small_char.py').runs[0];
    assert.strictEqual(r.inputs.params?.note, 'nanoGPT GPT: 12 × 4 layers × 256² + 65 × 256 (tied token embedding, shakespeare_char characters) = 3.16M');
    // The count sits on the first line that shapes the model (n_layer), the length on max_iters.
    assert.strictEqual(r.inputs.params?.range?.startLine, lineOf('n_layer'));
    assert.strictEqual(r.anchor?.startLine, lineOf('max_iters'));
    const owt = cfg("dataset = \"openwebtext\"\nn_layer = 2\nn_embd = 64\n").runs[0];
    // 12 × 2 × 64² = 98,304 + 50,304 × 64 = 3,219,456 → 3,317,760.
    assert.strictEqual(owt.inputs.params?.value, 3_317_760);
    assert.strictEqual(owt.inputs.params?.note, 'nanoGPT GPT: 12 × 2 layers × 64² + 50,304 × 64 (tied token embedding, GPT-2 BPE padded) = 3.32M');
  });

  it('reads numbers, products of numbers, strings and True/False; anything computed is left to train.py', () => {
    assert.strictEqual(cfg('gradient_accumulation_steps = 5 * 8\nbatch_size = 2\n').runs[0].inputs.batchSize?.value, 80);
    // Not literals: a name in the product, a sum, a comparison. train.py's 40 and 12 apply (12 × 40 = 480).
    for (const line of ['gradient_accumulation_steps = 5 * k\n', 'gradient_accumulation_steps = 5 * 8 + 1\n', 'gradient_accumulation_steps == 8\n']) {
      assert.strictEqual(cfg(line).runs[0].inputs.batchSize?.value, 480, line);
    }
    assert.strictEqual(cfg('n_layer = 0\n').runs[0].inputs.params?.value, 123_568_128, 'a zero layer count is not a model: the default');
    assert.strictEqual(cfg("dtype = 'float16'\n").runs[0].inputs.precision?.value, 'fp16');
    assert.strictEqual(cfg("dtype = 'float32'\n").runs[0].inputs.precision?.value, 'fp32');
    assert.strictEqual(cfg("dtype = 'int8'\n").runs[0].inputs.precision, undefined);
    assert.strictEqual(cfg("dtype = 'bfloat16x'\n").runs[0].inputs.precision, undefined);
    assert.strictEqual(cfg('compile = True\nwandb_log = False\n').format, 'nanogpt');
  });

  it('says where the batch comes from, and names the run by wandb_run_name or the file', () => {
    const both = cfg('batch_size = 8\ngradient_accumulation_steps = 4\n').runs[0];
    assert.strictEqual(both.inputs.batchSize?.origin, 'inferred');
    assert.strictEqual(both.inputs.batchSize?.range?.startLine, 3, 'on the accumulation line');
    assert.strictEqual(both.inputs.batchSize?.note, 'batch_size 8 × gradient_accumulation_steps 4 (nanoGPT accumulates over all GPUs together)');
    const onlyBatch = cfg('batch_size = 8\n').runs[0];
    assert.strictEqual(onlyBatch.inputs.batchSize?.range?.startLine, 2, 'on the batch line');
    const neither = cfg('').runs[0];
    assert.strictEqual(neither.inputs.batchSize?.origin, 'default');
    assert.strictEqual(neither.inputs.batchSize?.range, undefined);
    assert.strictEqual(neither.name, 'cfg.py');
    assert.strictEqual(analyzeText("max_iters = 1\neval_iters = 2\nwandb_run_name = ''\n", 'config/sub/x.py').runs[0].name, 'x.py');
    // max_iters 1000, eval_interval 100: evaluations at 0, 100, …, 1000 = 11, × 2 × eval_iters 5 = 110 batches.
    assert.ok(cfg('eval_iters = 5\n').runs[0].notes.some((n) => n.startsWith('Evaluation adds 110 forward batches (2 splits × eval_iters 5 at 11 steps), counted at forward cost.')));
    // A missing or non-positive interval is train.py's 2000: one evaluation (step 0) in 10 steps, of
    // 2 splits × 5 batches × train.py's batch_size 12 × the block (8 when stated, else train.py's 1,024).
    assert.strictEqual(analyzeText('max_iters = 10\nblock_size = 8\neval_iters = 5\n', 'c.py').runs[0].inputs.evalTokens?.value, 1 * 2 * 5 * 12 * 8);
    assert.strictEqual(analyzeText('max_iters = 10\neval_iters = 5\neval_interval = 0\n', 'c.py').runs[0].inputs.evalTokens?.value, 1 * 2 * 5 * 12 * 1024);
    // Neither stated: train.py's 200 batches every 2,000 steps, marked as its default (1,000 steps: 1 evaluation).
    const silent = analyzeText('max_iters = 1000\nblock_size = 64\n', 'c.py').runs[0].inputs.evalTokens;
    assert.strictEqual(silent?.value, 1 * 2 * 200 * 12 * 64);
    assert.strictEqual(silent?.origin, 'default');
  });

  it('is only read from Python, and only from assignments at the start of a line', () => {
    assert.notStrictEqual(analyzeText('max_iters = 1000\neval_interval = 100\n', 'cfg.yaml').format, 'nanogpt');
    assert.notStrictEqual(analyzeText('x = 1; max_iters = 1000\nprint(eval_interval = 100)\n', 'cfg.py').format, 'nanogpt');
  });
});
