// Models a training script builds from a shape, and training lengths written as loops and constants
// (src/formats/modelShape.ts, pyExpr.ts, entryScript.ts, handlers/entryDefaults.ts). Fixtures are in
// test/fixtures/entry-shape, each naming the public files whose shape it imitates. Every count below
// is worked by hand from the fixture text with architecture.ts's census: per layer 2·h·(heads+kv)·d
// attention + n·h·f MLP (n = 3 gated, 2 plain), plus V·h embeddings (× 2 untied) and learned positions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateFile } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import type { FileResult } from '../../src/engine/fileResult';
import { analyzeText } from '../../src/formats';
import { readEntryScript } from '../../src/formats/entryScript';
import { configClassParams, shapeFromKeys } from '../../src/formats/modelShape';
import { evalPyExpr } from '../../src/formats/pyExpr';

const ROOT = path.resolve(__dirname, '../fixtures/entry-shape');
const settings = normalizeSettings({});

type Field = { value: unknown; origin: string; note?: string };
function input(r: FileResult, name: string): Field {
  const e = r.estimates?.[0];
  assert.ok(e, `no estimate (${r.error ?? r.format})`);
  const v = (e.inputs as Record<string, Field>)[name];
  assert.ok(v, `${name} missing (have ${Object.keys(e.inputs).join(', ')})`);
  return v;
}
function estimate(rel: string): FileResult {
  return estimateFile(path.join(ROOT, rel), settings, 5_000_000, { workspaceRoot: ROOT });
}

describe('pyExpr: size arithmetic scripts write', () => {
  const names: Record<string, number | string> = { model_size: '2B', embed_dim: 128, 'configs.num_epochs': 50 };
  const look = (n: string) => names[n];
  it('evaluates literals, names, + - * / //, parentheses and one conditional', () => {
    assert.strictEqual(evalPyExpr('4096 // 2', look), 2048);
    assert.strictEqual(evalPyExpr('embed_dim * 3', look), 384);
    assert.strictEqual(evalPyExpr('configs["num_epochs"] + 1', look), 51);
    assert.strictEqual(evalPyExpr('(2 + 2) * 1_000', look), 4000);
    assert.strictEqual(evalPyExpr('2048 if model_size == "2B" else 3072', look), 2048);
    assert.strictEqual(evalPyExpr("2048 if model_size == '7B' else 3072", look), 3072);
  });
  it('leaves calls, unknown names and division by zero unevaluated', () => {
    assert.strictEqual(evalPyExpr('len(tokenizer)', look), undefined);
    assert.strictEqual(evalPyExpr('unknown * 2', look), undefined);
    assert.strictEqual(evalPyExpr('4 // 0', look), undefined);
    assert.strictEqual(evalPyExpr('x' + ' + 1'.repeat(100), look), undefined); // over the length bound
  });
});

describe('modelShape: parameters from a shape', () => {
  it('GPT2Config() is GPT-2 small: 12·(4·768² + 2·768·3072) + 50257·768 + 1024·768 = 124,318,464', () => {
    const c = configClassParams('GPT2Config', () => undefined, () => false);
    assert.strictEqual(c?.params, 124_318_464);
  });
  it('Qwen2Config() keeps its 7B-style defaults, untied: 32·(4·4096² + 3·4096·22016) + 2·151936·4096 = 12,049,186,816', () => {
    const c = configClassParams('Qwen2Config', () => undefined, () => false);
    assert.strictEqual(c?.params, 12_049_186_816);
  });
  it('a size written with a value the reader cannot evaluate is unknown, not the default (embeddings left out, said so)', () => {
    const kw: Record<string, number | undefined> = { hidden_size: 2048, num_hidden_layers: 18, num_attention_heads: 8, num_key_value_heads: 1, intermediate_size: 16384, vocab_size: undefined };
    const c = configClassParams('LlamaConfig', (k) => kw[k], (k) => k in kw);
    // d = 256: attention 2·2048·(8+1)·256 = 9,437,184; MLP 3·2048·16384 = 100,663,296; × 18 = 1,981,808,640.
    assert.strictEqual(c?.params, 1_981_808_640);
    assert.match(c!.formula, /vocabulary unknown, so this is a lower bound/);
  });
  it('custom keys need a heads key: d_model/n_layers/n_heads count, layers and width alone do not', () => {
    const yes: Record<string, number> = { d_model: 512, n_layers: 6, n_heads: 8 };
    // 6·(4·512² + 2·512·2048) = 18,874,368 (no vocabulary).
    assert.strictEqual(shapeFromKeys((k) => yes[k])?.params, 18_874_368);
    const no: Record<string, number> = { num_layers: 4, hidden_dim: 256 };
    assert.strictEqual(shapeFromKeys((k) => no[k]), undefined);
    // Width as heads × per-head size (diffusers DiTs): 16 × 72 = 1152; 16·(4·1152² + 2·1152·4608) = 254,803,968.
    const dit: Record<string, number> = { num_layer: 16, num_attention_heads: 16, attention_head_dim: 72 };
    assert.strictEqual(shapeFromKeys((k) => dit[k])?.params, 254_803_968);
  });
});

describe('Entry scripts: loops, constants and shapes', () => {
  it('reads `for ep_i in range(_EPOCHS)` through the module constant, and a dict literal in range(1, N + 1)', () => {
    const a = readEntryScript('_EPOCHS = 100\nfor ep_i in range(_EPOCHS):\n    pass\n');
    assert.strictEqual(a.epochLoop?.value, 100);
    assert.strictEqual(a.constants.get('epochs')?.value, 100);
    const b = readEntryScript('configs = {"num_epochs": 50}\nfor epoch in range(1, configs["num_epochs"] + 1):\n    pass\n');
    assert.strictEqual(b.epochLoop?.value, 50);
    // A loop over something else is not an epoch loop.
    assert.strictEqual(readEntryScript('for i in range(10):\n    pass\n').epochLoop, undefined);
  });
  it('class attributes are constants of the class; a function\'s locals are not', () => {
    const f = readEntryScript('class Config:\n    """doc"""\n    epochs = 40\n\ndef main():\n    steps = 5\n');
    assert.strictEqual(f.constants.get('config.epochs')?.value, 40);
    assert.strictEqual(f.constants.get('epochs')?.value, 40);
    assert.strictEqual(f.constants.get('steps'), undefined);
  });

  it('llama_scratch.sh: LlamaConfig sizes through a conditional and `32 // 2` give 940,572,672 parameters', () => {
    const r = estimate('llama_scratch.sh');
    const params = input(r, 'params');
    // h 2048 (model_size == "1B"), 16 layers, 16 heads (kv = heads), f 5504, vocab 32000 untied:
    // 16·(4·2048² + 3·2048·5504) + 2·32000·2048 = 16·50,593,792 + 131,072,000 = 940,572,672.
    assert.strictEqual(params.value, 940_572_672);
    assert.strictEqual(params.origin, 'inferred');
    assert.match(params.note!, /LlamaForCausalLM\(LlamaConfig\(…\)\) in llama_scratch\.py line 8/);
    assert.strictEqual(r.estimates![0].missing.length, 0);
  });
  it('gpt2_default.sh: GPT2Config() is 124M, epochs from the NUM_EPOCHS constant', () => {
    const r = estimate('gpt2_default.sh');
    assert.strictEqual(input(r, 'params').value, 124_318_464);
    const epochs = input(r, 'epochs');
    assert.strictEqual(epochs.value, 3);
    assert.match(epochs.note!, /NUM_EPOCHS = 3 in gpt2_default\.py line 7/);
  });
  it('custom_transformer.sh: the YAML the script reads by default sizes the model (23,994,368) and the epochs', () => {
    const r = estimate('custom_transformer.sh');
    const params = input(r, 'params');
    // 6·(4·512² + 2·512·2048) + 10000·512 = 18,874,368 + 5,120,000.
    assert.strictEqual(params.value, 23_994_368);
    assert.match(params.note!, /the sizes in small\.yaml \(n_layers, line 5\), counted as a transformer/);
    assert.strictEqual(input(r, 'epochs').value, 3);
  });
  it('mlp.sh: layers and width without attention heads give no parameter count', () => {
    const r = estimate('mlp.sh');
    const e = r.estimates![0];
    assert.strictEqual((e.inputs as Record<string, unknown>).params, undefined);
    assert.ok(e.missing.some((m) => /model/.test(m)));
  });
  it('resnet_loop.sh: epochs from `range(1, configs["num_epochs"] + 1)` = 50, the model from torchvision', () => {
    const r = estimate('resnet_loop.sh');
    const epochs = input(r, 'epochs');
    assert.strictEqual(epochs.value, 50);
    assert.match(epochs.note!, /the loop `for epoch in range\(1, configs\["num_epochs"\] \+ 1\)` in resnet_loop\.py line 12/);
    assert.strictEqual(input(r, 'model').value, 'resnet50');
  });
  it('a length on the launch line, even an unresolved variable, keeps loops and constants out', () => {
    const py = fs.readFileSync(path.join(ROOT, 'gpt2_default.py'), 'utf8');
    const a = analyzeText('torchrun --nproc_per_node=2 gpt2_default.py --epochs $E\n', 'x.sh', { siblings: new Map([['gpt2_default.py', py]]) });
    assert.strictEqual(a.runs[0].inputs.epochs, undefined);
  });

  it('internlm.sh: a Python config module given to --config fills steps, batch and sequence; the model from GPT2Config sizes', () => {
    const r = estimate('internlm.sh');
    // GPT2Config(n_layer=24, n_embd=1024, n_head=16): 24·(4·1024² + 2·1024·4096) + 50257·1024 + 1024·1024
    // = 301,989,888 + 51,463,168 + 1,048,576 = 354,501,632 (GPT-2 medium).
    assert.strictEqual(input(r, 'params').value, 354_501_632);
    const steps = input(r, 'steps');
    assert.strictEqual(steps.value, 5000);
    assert.match(steps.note!, /data\.total_steps in internlm_config\.py line 9/);
    assert.strictEqual(input(r, 'perDeviceBatch').value, 2);
    assert.strictEqual(input(r, 'gradAccum').value, 4);
    assert.strictEqual(input(r, 'seqLen').value, 1024);
    // 5000 steps × (2 × 4 × 8 GPUs = 64) × 1024 tokens = 327,680,000; the helper's dict inside a function is not read.
    assert.strictEqual(input(r, 'tokens').value, 327_680_000);
  });

  it('llama_scratch.py opened on its own: the Trainer run gets the same 940,572,672 parameters, at the config class', () => {
    const py = fs.readFileSync(path.join(ROOT, 'llama_scratch.py'), 'utf8');
    const a = analyzeText(py, 'llama_scratch.py');
    assert.strictEqual(a.format, 'python');
    const params = a.runs[0].inputs.params;
    assert.strictEqual(params?.value, 940_572_672);
    assert.strictEqual(params?.origin, 'inferred');
    // `config = LlamaConfig(` on line 8 (0-based 7), the class name at column 9.
    assert.deepStrictEqual([params?.range?.startLine, params?.range?.startCol], [7, 9]);
    assert.strictEqual(a.runs[0].inputs.epochs?.value, 1);
  });
});
