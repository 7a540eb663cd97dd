// Hardware from the comment and name patterns issue 13 §3 lists ("1 node of 8 x H100s", "2 nodes w/ 8
// H100", "8 * 80GB", "_8gpus", "8xb32", "a6000"), each checked by hand against what the line says.
import * as assert from 'assert';
import { LineIndex } from '../../src/formats/lineIndex';
import { inferFromText } from '../../src/formats/textHints';

function hints(line: string) {
  const h = inferFromText(line, new LineIndex(line));
  return { hardware: h.hardware?.value, count: h.count?.value, nodes: h.nodes?.value };
}

describe('hardware from comment and name patterns', () => {
  it('"1 node of 8 x H100s": a plural device name', () => {
    assert.deepStrictEqual(hints('# trained on 1 node of 8 x H100s'), { hardware: 'H100', count: 8, nodes: 1 });
  });
  it('"2 nodes w/ 8 H100": 2 × 8 = 16 devices on 2 nodes', () => {
    assert.deepStrictEqual(hints('# 2 nodes w/ 8 H100'), { hardware: 'H100', count: 16, nodes: 2 });
  });
  it('"8 * 80GB": 8 devices, the model left open', () => {
    assert.deepStrictEqual(hints('# fits on 8 * 80GB'), { hardware: undefined, count: 8, nodes: undefined });
  });
  it('"_8gpus" and MMDetection\'s "8xb32" in names: 8 devices', () => {
    assert.strictEqual(hints('run_name: sft_llama_8gpus').count, 8);
    assert.strictEqual(hints('# from rtmdet_l_8xb32-300e_coco.py').count, 8);
  });
  it('"a6000" after on/using, and the two-word "RTX A6000"', () => {
    assert.deepStrictEqual(hints('# works on an a6000'), { hardware: 'a6000', count: undefined, nodes: undefined });
    assert.deepStrictEqual(hints('# one RTX A6000'), { hardware: 'RTX A6000', count: 1, nodes: undefined });
  });
  it('"64 A100 GPUs." at the end of a sentence (torchtitan\'s "preset for 64 A100 GPUs."): the full stop is not part of the word', () => {
    assert.deepStrictEqual(hints('# NOTE: this toml config is a preset for 64 A100 GPUs.'), { hardware: 'A100', count: 64, nodes: undefined });
    assert.deepStrictEqual(hints('# 2 nodes of 8 GPUs; bf16'), { hardware: undefined, count: 16, nodes: 2 });
  });
  it('does not read a device or count from ordinary prose', () => {
    assert.deepStrictEqual(hints('# depends on the data'), { hardware: undefined, count: undefined, nodes: undefined });
    assert.deepStrictEqual(hints('# run on 4 nodes'), { hardware: undefined, count: undefined, nodes: undefined });
    assert.deepStrictEqual(hints('# one epoch is enough'), { hardware: undefined, count: undefined, nodes: undefined });
  });
});

describe('notebook lines: a JSON string is read decoded, a key and its value as written', () => {
  it('a source line\'s escapes are removed before the patterns read it', () => {
    // `"# run on 2 nodes of 8 x H100\n",` decodes to `# run on 2 nodes of 8 x H100`: 2 × 8 = 16 on 2 nodes.
    assert.deepStrictEqual(hints('    "# run on 2 nodes of 8 x H100\\n",'), { hardware: 'H100', count: 16, nodes: 2 });
    // An escaped quote does not end the string: `"# said \"go\": 8\u00d7 A100\n",` is one string and reads
    // `# said "go": 8× A100` (8 × A100); read as written, `8\u00d7` would give nothing.
    assert.deepStrictEqual(hints('    "# said \\"go\\": 8\\u00d7 A100\\n",'), { hardware: 'A100', count: 8, nodes: undefined });
    assert.deepStrictEqual(hints('    "# said go: 8\\u00d7 A100'), { hardware: undefined, count: undefined, nodes: undefined });
  });
  it('a key/value line (not one string) is read as written, and so is an odd run of backslashes before the last quote', () => {
    // `"text": "8 x A100",`: the first string ends after `text`; the line is read as it stands (8 × A100).
    assert.deepStrictEqual(hints('   "text": "8 x A100",'), { hardware: 'A100', count: 8, nodes: undefined });
    // `"8 x A100\"` never closes (its last quote is escaped): read as written too.
    assert.deepStrictEqual(hints('"8 x A100\\"'), { hardware: 'A100', count: 8, nodes: undefined });
  });
});

describe('a text with no cue anywhere is not read line by line, and each kind of cue still is', () => {
  function all(text: string) {
    const h = inferFromText(text, new LineIndex(text));
    return [h.hardware?.value, h.count?.value, h.nodes?.value, h.region?.value];
  }
  it('a config with no comment, launcher, device, instance or region word gives nothing', () => {
    assert.deepStrictEqual(all('base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nnum_epochs: 3\n'), [undefined, undefined, undefined, undefined]);
  });
  it('each cue alone still finds its fact (by hand: the line says it)', () => {
    // Comment cues without a digit-x or "gpu" word: " on ", "one ", "using ".
    assert.deepStrictEqual(all('lr: 1\n# trained on an a6000\n'), ['a6000', undefined, undefined, undefined]);
    assert.deepStrictEqual(all('lr: 1\n# one RTX A6000\n'), ['RTX A6000', 1, undefined, undefined]);
    assert.deepStrictEqual(all('lr: 1\n# using a single A100\n'), ['A100', 1, undefined, undefined]);
    // A launcher line (8 per node, 1 node), an instance type (p4d.24xlarge: 8 × A100 40GB), a region key.
    assert.deepStrictEqual(all('lr: 1\ntorchrun --nproc_per_node 8 train.py\n'), [undefined, 8, 1, undefined]);
    assert.deepStrictEqual(all('lr: 1\ninstance: p4d.24xlarge\n'), ['nvidia-a100-sxm4-40gb', 8, undefined, undefined]);
    assert.deepStrictEqual(all('lr: 1\naws_region: us-east-1\n'), [undefined, undefined, undefined, 'aws:us-east-1']);
  });
});
