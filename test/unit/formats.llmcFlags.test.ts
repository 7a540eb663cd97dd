// llm.c launches (src/formats/llmcFlags.ts): the one-letter flags of train_gpt2.cu's usage text (karpathy/llm.c,
// 2024) read as a user would read them — `-e d24` a GPT-2 of depth 24 (350M), `-e gpt2_350M_bf16.bin` that
// checkpoint, `-t` sequence length, `-b` micro-batch, `-d` tokens per step ÷ `-t` = sequences, `-x` steps, and
// without `-x` one pass over known FineWeb shards. Each value and note by hand from the command.
import * as assert from 'assert';
import type { RunInputs } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

function read(line: string): { inputs: RunInputs; notes: string[]; shown: (k: keyof RunInputs) => string | undefined } {
  const r = analyzeText(`${line}\n`, 'run.sh').runs[0];
  assert.ok(r, `no run for ${line}`);
  const shown = (k: keyof RunInputs) => {
    const v = r.inputs[k] as { range?: { startCol: number; endCol: number } } | undefined;
    return v?.range && line.slice(v.range.startCol, v.range.endCol);
  };
  return { inputs: r.inputs, notes: r.notes, shown };
}

describe('llm.c launches', () => {
  it('`-e d24 -t 1024 -b 16 -d 524288 -x 10000`: GPT-2 medium from scratch, 512 sequences a step, 10,000 steps', () => {
    const { inputs, notes, shown } = read('./train_gpt2cu -e d24 -t 1024 -b 16 -d 524288 -x 10000');
    assert.deepStrictEqual([inputs.model?.value, inputs.model?.note, shown('model')], ['openai-community/gpt2-medium', 'llm.c -e d24: a GPT-2 of depth 24 built from scratch', 'd24']);
    assert.deepStrictEqual([inputs.seqLen?.value, shown('seqLen')], [1024, '1024']);
    assert.deepStrictEqual([inputs.perDeviceBatch?.value, shown('perDeviceBatch')], [16, '16']);
    // 524,288 tokens ÷ 1,024 = 512 sequences per step.
    assert.deepStrictEqual([inputs.batchSize?.value, inputs.batchSize?.note, shown('batchSize')], [512, '-d 524288 tokens per step ÷ -t 1024 = 512 sequences', '524288']);
    assert.deepStrictEqual([inputs.steps?.value, inputs.steps?.key, shown('steps')], [10000, '-x', '10000']);
    assert.deepStrictEqual([inputs.precision?.value, inputs.precision?.origin], ['bf16', 'inferred']);
    assert.deepStrictEqual(notes, []);
  });

  it('a converted OpenAI checkpoint names its size; d48 is GPT-2 XL; an unknown depth names no model', () => {
    const ck = read('./train_gpt2cu -e gpt2_350M_bf16.bin -t 1024 -b 8 -x 500').inputs.model;
    assert.deepStrictEqual([ck?.value, ck?.note], ['openai-community/gpt2-medium', 'llm.c starts from gpt2_350M_bf16.bin']);
    assert.strictEqual(read('./train_gpt2cu -e d48 -x 10').inputs.model?.value, 'openai-community/gpt2-xl');
    assert.strictEqual(read('./train_gpt2cu -e d99 -x 10').inputs.model, undefined);
  });

  it('no `-e`: the default checkpoint (GPT-2 124M), marked default', () => {
    const m = read('./train_gpt2cu -b 4 -t 64 -x 20').inputs.model;
    assert.deepStrictEqual([m?.value, m?.origin, m?.note], ['openai-community/gpt2', 'default', 'llm.c default -e gpt2_124M_bf16.bin']);
  });

  it('the fp32 reference binary trains in fp32, not bf16', () => {
    const p = read('train_gpt2fp32cu -b 4 -t 64 -x 20').inputs.precision;
    assert.deepStrictEqual([p?.value, p?.note], ['fp32', 'train_gpt2fp32cu is llm.c\'s fp32 reference']);
  });

  it('`-x -1` with FineWeb 100B shards: one pass over 100e9 tokens, shown at the shards', () => {
    const line = './train_gpt2cu -e "gpt2_124M.bin" -x -1 -i "dev/data/fineweb100B/fineweb_train_*.bin"';
    const { inputs, shown } = read(line);
    assert.strictEqual(inputs.steps, undefined);
    assert.deepStrictEqual([inputs.epochs?.value, inputs.epochs?.origin, inputs.epochs?.note], [1, 'inferred', 'no -x: llm.c makes one pass over the training shards']);
    assert.deepStrictEqual([inputs.datasetTokens?.value, inputs.datasetTokens?.note, shown('datasetTokens')], [100e9, 'FineWeb 100B-token sample (llm.c dev/data/fineweb.py -v 100B)', 'dev/data/fineweb100B/fineweb_train_*.bin']);
  });

  it('zero or negative sizes are no values; `-d` without `-t` is no batch; FineWeb-Edu 10B shards are 10e9 tokens', () => {
    const { inputs } = read('./train_gpt2cu -e d12 -t 0 -b -4 -d 1000 -x 0 -i dev/data/edu_fineweb10B/edu_fineweb_train_*.bin');
    assert.deepStrictEqual([inputs.seqLen, inputs.perDeviceBatch, inputs.batchSize, inputs.steps], [undefined, undefined, undefined, undefined]);
    assert.strictEqual(inputs.datasetTokens?.value, 10e9);
    assert.strictEqual(read('./train_gpt2cu -e d12 -d 524288 -x 10').inputs.batchSize, undefined);
  });
});
