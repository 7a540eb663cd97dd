// Wording of the distillation and quantization what-ifs (src/core/whatIfText.ts): masses and counts at
// three significant digits with the unit chosen after rounding, and the lifecycle sentence in each of its
// four shapes (one-time cost only; with the per-query saving; with a break-even; with days).
import * as assert from 'assert';
import type { DistillationPlan } from '../../src/core/runSpec';
import { compactCount } from '../../src/core/sourcedValue';
import { distillationLifecycleText, kgText, paramsText } from '../../src/core/whatIfText';

describe('what-if wording: numbers', () => {
  it('kg at three digits in g, kg or t, never across a unit boundary into exponent form', () => {
    assert.strictEqual(kgText(0.5), '500 g');
    assert.strictEqual(kgText(1), '1.00 kg');
    assert.strictEqual(kgText(1500), '1.50 t');
    // Rounded first: 999.9 kg is 1.00 t (it read "1.00e+3 kg"), 0.99999 kg is 1.00 kg (it read "1.00e+3 g").
    assert.strictEqual(kgText(999.9), '1.00 t');
    assert.strictEqual(kgText(0.99999), '1.00 kg');
    assert.strictEqual(kgText(1_234_567), '1,230 t'); // it read "1.23e+3 t"
  });

  it('parameters in billions: one decimal under 10B, none above', () => {
    assert.strictEqual(paramsText(8.03e9), '8.0B');
    assert.strictEqual(paramsText(70.55e9), '71B');
    assert.strictEqual(paramsText(1e10), '10B');
  });

  it('compact counts for notes: T, B, M, k at three digits', () => {
    assert.deepStrictEqual([1.234e12, 4.5e9, 1.2e6, 52_000, 137, 999].map(compactCount), ['1.23T', '4.5B', '1.2M', '52k', '137', '999']);
  });
});

describe('what-if wording: the distillation lifecycle sentence', () => {
  const plan: DistillationPlan = { teacher: 'meta-llama/Llama-3.1-70B', student: 'meta-llama/Llama-3.1-8B', studentParams: 8.03e9, distillTokens: 10e9, oneTimeKg: 2500 };
  const once = 'Distilling meta-llama/Llama-3.1-70B into meta-llama/Llama-3.1-8B over the same 10.0 billion tokens (teacher forward + student training) costs ≈ 2.50 t CO₂e once';

  it('the one-time cost alone when serving cannot be compared', () => {
    assert.strictEqual(distillationLifecycleText(plan), `${once}.`);
  });

  it('adds the per-query saving, then the break-even, then the days at the stated traffic', () => {
    // 0.5 g − 0.1 g = 0.4 g saved per query.
    const saving = { ...plan, teacherPerQueryKg: 0.0005, studentPerQueryKg: 0.0001 };
    const perQuery = '; serving the student saves 0.400 g per query (0.100 g instead of 0.500 g)';
    assert.strictEqual(distillationLifecycleText(saving), `${once}${perQuery}.`);
    // 2,500 kg / 0.0004 kg = 6.25 million queries.
    const be = { ...saving, breakEvenQueries: 6_250_000 };
    assert.strictEqual(distillationLifecycleText(be), `${once}${perQuery}: it pays back after 6.25 million queries (set the traffic, carbonLens.inference.queriesPerDay, for the days).`);
    assert.strictEqual(distillationLifecycleText({ ...be, queriesPerDay: 1e6, breakEvenDays: 6.25 }), `${once}${perQuery}: it pays back after 6.25 million queries, 7 days at 1.00 million queries/day.`);
    assert.strictEqual(distillationLifecycleText({ ...be, breakEvenQueries: 5000, queriesPerDay: 1e6, breakEvenDays: 0.005 }), `${once}${perQuery}: it pays back after 5,000 queries, under a day at 1.00 million queries/day.`);
    assert.strictEqual(distillationLifecycleText({ ...be, breakEvenQueries: 2e9, queriesPerDay: 1e6, breakEvenDays: 2000 }), `${once}${perQuery}: it pays back after 2.00 billion queries, 2,000 days at 1.00 million queries/day.`);
    // Exactly one day is "1 day" (it read "1 days"); a little over rounds up to 2 days.
    assert.ok(distillationLifecycleText({ ...be, queriesPerDay: 6.25e6, breakEvenDays: 1 }).endsWith(': it pays back after 6.25 million queries, 1 day at 6.25 million queries/day.'));
    assert.ok(distillationLifecycleText({ ...be, queriesPerDay: 6e6, breakEvenDays: 1.04 }).includes(', 2 days at '));
    // A trillion is not "1.00e+3 billion".
    assert.ok(distillationLifecycleText({ ...plan, distillTokens: 1e12 }).includes(' over the same 1.00 trillion tokens '));
  });
});
