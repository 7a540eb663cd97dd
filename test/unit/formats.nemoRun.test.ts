// NeMo 2 / NeMo-Run recipes in Python (src/formats/handlers/nemoRun.ts). The fixture imitates the
// configure_finetuning_recipe functions of the NeMo-Run quickstarts; values read by hand.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { at } from './helpers/runAsserts';

const FILE = path.resolve(__dirname, '../fixtures/nemo-run/llama3_lora_finetune.py');
const val = (r: RunSpec, k: string) => (r.inputs as Record<string, { value: unknown } | undefined>)[k]?.value;
describe('NeMo-Run recipes', () => {
  it('reads the model from the recipe module, GPUs through parameter defaults, max_steps set on the recipe', () => {
    const text = fs.readFileSync(FILE, 'utf8');
    const a = analyzeText(text, 'llama3_lora_finetune.py');
    assert.strictEqual(a.format, 'nemo-run');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'llama3_8b'); // llm.llama3_8b.finetune_recipe
    assert.strictEqual(val(r, 'count'), 8); // num_gpus_per_node=gpus_per_node, `gpus_per_node: int = 8`
    assert.strictEqual(at(text, r.inputs.count?.range), '8');
    assert.match(r.inputs.count?.note ?? '', /default of parameter `gpus_per_node`/);
    assert.strictEqual(val(r, 'nodes'), 1);
    assert.strictEqual(val(r, 'steps'), 100); // recipe.trainer.max_steps = 100
    assert.strictEqual(val(r, 'adapter'), 'lora'); // peft_scheme="lora"
  });

  it('multi-node literals multiply; a finetune recipe without peft_scheme is LoRA by default', () => {
    const r = analyzeText('from nemo.collections import llm\nrecipe = llm.llama3_70b.finetune_recipe(num_nodes=4, num_gpus_per_node=8)\nrecipe.trainer.max_steps = 500\nrecipe.data.global_batch_size = 64\n', 'ft.py').runs[0];
    assert.strictEqual(val(r, 'count'), 32);
    assert.strictEqual(val(r, 'batchSize'), 64);
    assert.strictEqual(r.inputs.adapter?.origin, 'default');
  });

  it('peft_scheme=None is a full fine-tune; pretrain recipes have no adapter', () => {
    const full = analyzeText('recipe = llm.llama3_8b.finetune_recipe(num_gpus_per_node=8, peft_scheme=None)\n', 'f.py').runs[0];
    assert.strictEqual(val(full, 'adapter'), undefined);
    const pre = analyzeText('recipe = llm.nemotron3_4b.pretrain_recipe(num_nodes=2, num_gpus_per_node=8, max_steps=1000)\n', 'p.py').runs[0];
    assert.strictEqual(val(pre, 'adapter'), undefined);
    assert.strictEqual(val(pre, 'steps'), 1000);
    assert.strictEqual(val(pre, 'count'), 16);
  });
});
