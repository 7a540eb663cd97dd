// Numbers and sentences at their unit boundaries: parameter sizes read from names and fields
// (src/core/sizeParse.ts), compact counts in notes (sourcedValue.ts), and the what-if wording
// (whatIfText.ts). Each expected value is worked in its comment.
import * as assert from 'assert';
import type { DistillationPlan } from '../../src/core/runSpec';
import { checkpointKind } from '../../src/core/quantizedCheckpoints';
import { parseSizeText } from '../../src/core/sizeParse';
import { compactCount } from '../../src/core/sourcedValue';
import { byHand, distillationLifecycleText, kgText } from '../../src/core/whatIfText';

describe('parameter sizes at their limits', () => {
  it('accepts up to 1e14 parameters, written or as a plain number', () => {
    assert.deepStrictEqual(parseSizeText('100000b'), { params: 1e14 }); // 100,000 × 1e9
    assert.strictEqual(parseSizeText('100001b'), undefined);
    assert.deepStrictEqual(parseSizeText('1e14'), { params: 1e14 });
    assert.strictEqual(parseSizeText('2e14'), undefined);
  });

  it('reads a padded, upper-case size, and gives up on text over 300 characters', () => {
    assert.deepStrictEqual(parseSizeText('  Llama-7B  '), { params: 7e9 });
    assert.deepStrictEqual(parseSizeText(`${'x'.repeat(297)} 7b`), { params: 7e9 }); // exactly 300
    assert.strictEqual(parseSizeText(`${'x'.repeat(298)} 7b`), undefined); // 301
    assert.strictEqual(parseSizeText('   '), undefined);
  });

  it('reads experts × size: total, and two experts active when there are more than two', () => {
    assert.deepStrictEqual(parseSizeText('mixtral-8x7b'), { params: 56e9, activeParams: 14e9, approximate: true });
    assert.deepStrictEqual(parseSizeText('2x7b'), { params: 14e9, approximate: true });
    assert.deepStrictEqual(parseSizeText('100x1000b'), { params: 1e14, activeParams: 2e12, approximate: true }); // 100 × 1e12 = the limit
    assert.strictEqual(parseSizeText('101x1000b'), undefined); // 1.01e14
    assert.strictEqual(parseSizeText('0x7b'), undefined);
    assert.strictEqual(parseSizeText('8x0b'), undefined);
  });

  it('takes an active size only when it is below the total', () => {
    assert.deepStrictEqual(parseSizeText('qwen3-30b-a3b'), { params: 30e9, activeParams: 3e9 });
    assert.deepStrictEqual(parseSizeText('model-7b-a7b'), { params: 7e9 });
    assert.deepStrictEqual(parseSizeText('model-7b-a9b'), { params: 7e9 });
  });
});

describe('compact counts and what-if wording at their unit boundaries', () => {
  it('switches unit at exactly 1k, 1M, 1B and 1T', () => {
    assert.deepStrictEqual([1e3, 1e6, 1e9, 1e12, 999].map(compactCount), ['1k', '1M', '1B', '1T', '999']);
  });

  it('writes a million kg as whole tonnes', () => {
    assert.strictEqual(kgText(1e6), '1,000 t'); // not "1.00e+3 t"
    assert.strictEqual(kgText(999.9), '1.00 t');
  });

  const plan: DistillationPlan = { teacher: 'T-70B', student: 'S-8B', studentParams: 8e9, distillTokens: 1e9, oneTimeKg: 2 };

  it('counts a billion tokens in billions, and stops at the one-time cost without both per-query figures', () => {
    const once = 'Distilling T-70B into S-8B over the same 1.00 billion tokens (teacher forward + student training) costs ≈ 2.00 kg CO₂e once';
    assert.strictEqual(distillationLifecycleText(plan), `${once}.`);
    assert.strictEqual(distillationLifecycleText({ ...plan, teacherPerQueryKg: 0.001 }), `${once}.`);
    assert.strictEqual(distillationLifecycleText({ ...plan, studentPerQueryKg: 0.001 }), `${once}.`);
  });

  it('tells what to change by hand, in full', () => {
    assert.strictEqual(byHand.field('Precision', 'bf16'), 'Set Precision to bf16 where the run is configured (this file cannot be edited for you: the value comes from elsewhere or the format has no key for it).');
    assert.strictEqual(byHand.hardware('H100 SXM5 80GB', 8), 'Request 8 × H100 SXM5 80GB: the instance type or GPU request of your launcher (SkyPilot `accelerators:`, a Kubernetes `nvidia.com/gpu` node selector, Slurm `--gres=gpu:<type>:<n>`).');
    assert.strictEqual(byHand.distill('S-8B'), 'Distil into S-8B: generate the teacher\'s outputs over your training set, then fine-tune S-8B on them and point the config\'s model at it.');
    // 4-bit: AWQ/GPTQ repositories run in float16; 8-bit: an FP8 repository, no dtype change.
    assert.strictEqual(byHand.noCheckpoint('org/M', 4, 2), 'No 4-bit checkpoint of org/M is in the catalogue: quantize it (AutoAWQ or llm-compressor) or choose an AWQ/GPTQ repository of the same model, set `model:` to it, `dtype: float16` and the tensor-parallel size to 2.');
    assert.strictEqual(byHand.noCheckpoint('org/M', 8, 1), 'No 8-bit checkpoint of org/M is in the catalogue: quantize it (AutoAWQ or llm-compressor) or choose an FP8 repository of the same model, set `model:` to it and the tensor-parallel size to 1.');
  });
});

describe('pre-quantized repository suffixes', () => {
  it('reads the method only at the end of the id', () => {
    // An id that continues after the suffix is another artefact (a fork, a tool), not the checkpoint.
    for (const repo of ['acme/model-awq-old', 'acme/model-gptq-int8-old', 'acme/model-fp8-2407-old']) assert.strictEqual(checkpointKind(repo), undefined, repo);
  });
});
