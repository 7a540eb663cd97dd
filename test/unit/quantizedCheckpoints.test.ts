// Which pre-quantized repository a serving what-if may name (src/core/quantizedCheckpoints.ts), read from
// the repository id's suffix, and which student a distillation what-if proposes (src/core/distillation.ts).
// Repository ids are aliases in src/core/data/models.json.
import * as assert from 'assert';
import { studentFor } from '../../src/core/distillation';
import { checkpointKind, quantizedCheckpoint } from '../../src/core/quantizedCheckpoints';

describe('pre-quantized checkpoints', () => {
  it('reads the method and bits from the suffix, case-insensitively; bnb and GGUF are not served this way', () => {
    assert.deepStrictEqual(checkpointKind('hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4'), { method: 'awq', bits: 4 });
    assert.deepStrictEqual(checkpointKind('Qwen/Qwen2.5-7B-Instruct-AWQ'), { method: 'awq', bits: 4 });
    assert.deepStrictEqual(checkpointKind('Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4'), { method: 'gptq', bits: 4 });
    assert.deepStrictEqual(checkpointKind('TheBloke/Llama-2-7B-GPTQ'), { method: 'gptq', bits: 4 });
    assert.deepStrictEqual(checkpointKind('acme/model-gptq-4bit'), { method: 'gptq', bits: 4 });
    assert.deepStrictEqual(checkpointKind('Qwen/Qwen2.5-7B-Instruct-GPTQ-Int8'), { method: 'gptq', bits: 8 });
    assert.deepStrictEqual(checkpointKind('RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8'), { method: 'fp8', bits: 8 });
    assert.deepStrictEqual(checkpointKind('RedHatAI/Qwen2.5-7B-Instruct-FP8-dynamic'), { method: 'fp8', bits: 8 });
    assert.deepStrictEqual(checkpointKind('neuralmagic/Mistral-7B-Instruct-v0.3-FP8-2407'), { method: 'fp8', bits: 8 });
    for (const repo of ['unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit', 'Qwen/Qwen2.5-7B-Instruct-GGUF', 'acme/awq-tools', 'acme/model-fp8-v2', 'meta-llama/Llama-3.1-8B']) {
      assert.strictEqual(checkpointKind(repo), undefined, repo);
    }
  });

  it('prefers AWQ over GPTQ at 4 bits and FP8 over GPTQ-Int8 at 8 bits, whatever the alias order', () => {
    // Qwen2.5-7B-Instruct lists AWQ, GPTQ-Int4, GPTQ-Int8, GGUF, then FP8-dynamic.
    assert.deepStrictEqual(quantizedCheckpoint('Qwen/Qwen2.5-7B-Instruct', 4), { repo: 'Qwen/Qwen2.5-7B-Instruct-AWQ', method: 'awq', bits: 4 });
    assert.deepStrictEqual(quantizedCheckpoint('Qwen/Qwen2.5-7B-Instruct', 8), { repo: 'RedHatAI/Qwen2.5-7B-Instruct-FP8-dynamic', method: 'fp8', bits: 8 });
    assert.strictEqual(quantizedCheckpoint('acme/not-in-the-catalogue', 4), undefined);
  });
});

describe('distillation student', () => {
  it('the largest of the family at most 30 % of the teacher, instruction-tuned for an instruction-tuned teacher', () => {
    assert.strictEqual(studentFor('meta-llama/Llama-3.1-70B')?.id, 'meta-llama/Llama-3.1-8B');
    assert.strictEqual(studentFor('Qwen/Qwen2.5-32B-Instruct')?.id, 'Qwen/Qwen2.5-7B-Instruct'); // 7.62 / 32.76 = 0.23; 14.77 / 32.76 = 0.45 is over 0.3
    assert.strictEqual(studentFor('Qwen/Qwen2.5-32B')?.id, 'Qwen/Qwen2.5-7B');
  });

  it('none for a model with no smaller sibling of at least 0.5B, or not in the catalogue', () => {
    assert.strictEqual(studentFor('meta-llama/Llama-3.1-8B'), undefined);
    assert.strictEqual(studentFor('Qwen/Qwen2.5-0.5B'), undefined);
    assert.strictEqual(studentFor('acme/x'), undefined);
  });
});
