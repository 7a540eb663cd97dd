// The distillation lifecycle (src/core/distillation.ts distillationPlan): the one-time cost is the teacher
// forward (2·N_t per token) plus the student's training (6·N_s), counted as the FLOPs of training the
// teacher on D·(2·N_t + 6·N_s)/(6·N_t) tokens; the break-even is that cost over the per-query saving.
import * as assert from 'assert';
import type { ModelInfo } from '../../src/core/catalogTypes';
import { distillationPlan, studentFor } from '../../src/core/distillation';
import { estimateRun } from '../../src/core/estimate';
import type { RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

const settings = normalizeSettings({ includeEmbodied: false });
const file = <T>(value: T) => ({ value, origin: 'file' as const });
const place = { hardware: file('H100'), count: file(8), region: file('aws:us-east-1') };
// The fine-tune the what-if is attached to: its hours and trials describe that run, not the distillation.
const run: RunSpec = { name: 'ft', phase: 'training', format: 'carbon-lens', notes: [], warnings: [], inputs: { ...place, hours: file(5), trials: file(10) } };
const student8b = { id: 'meta-llama/Llama-3.1-8B-Instruct', params: 8e9 } as ModelInfo;

describe('distillation plan', () => {
  it('costs the teacher forward and the student training once, on the run\'s hardware and grid', () => {
    // 70B teacher, 8B student, 10B tokens: 10e9 × (2 × 70e9 + 6 × 8e9) / (6 × 70e9) = 10e9 × 188 / 420
    // = 4.476e9 teacher-training tokens, on 8 × H100 in us-east-1 (the run's 5 h and 10 trials dropped).
    const p = distillationPlan(run, 'meta-llama/Llama-3.1-70B-Instruct', 70e9, student8b, 10e9, settings);
    const same = estimateRun({ ...run, inputs: { ...place, params: file(70e9), tokens: file((10e9 * 188) / 420) } }, settings);
    assert.ok(Math.abs(p.oneTimeKg - same.co2eKg.mid) <= 1e-9 * same.co2eKg.mid, `${p.oneTimeKg} vs ${same.co2eKg.mid}`);
    assert.deepStrictEqual([p.teacher, p.student, p.studentParams, p.distillTokens], ['meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct', 8e9, 10e9]);
    // Serving the 8B costs less per query than the 70B; the plan pays back after oneTime / (t − s) queries.
    const t = p.teacherPerQueryKg!;
    const s = p.studentPerQueryKg!;
    assert.ok(t > s && s > 0, `${t} > ${s}`);
    assert.strictEqual(p.breakEvenQueries, Math.ceil(p.oneTimeKg / (t - s)));
    assert.strictEqual(p.breakEvenDays, undefined, 'no traffic stated, none set');
  });

  it('turns the break-even into days at the stated traffic', () => {
    const p = distillationPlan({ ...run, inputs: { ...run.inputs, queriesPerDay: file(1000) } }, 'meta-llama/Llama-3.1-70B-Instruct', 70e9, student8b, 10e9, settings);
    assert.strictEqual(p.queriesPerDay, 1000);
    assert.strictEqual(p.breakEvenDays, p.breakEvenQueries! / 1000);
  });

  it('never pays back when the student is no cheaper to serve', () => {
    const p = distillationPlan(run, 'an-8b', 8e9, { id: 'another-8b', params: 8e9 } as ModelInfo, 10e9, settings);
    assert.strictEqual(p.teacherPerQueryKg, p.studentPerQueryKg);
    assert.strictEqual(p.breakEvenQueries, undefined);
  });
});

describe('distillation student', () => {
  it('proposes no student under half a billion parameters', () => {
    // Qwen2.5-3B (3.09e9): 30 % is 9.27e8, and the only smaller Qwen2.5 is the 0.5B at 4.9e8, under 5e8.
    // Gemma 3 1B (1e9): the 270M is the only smaller one. Neither is worth a distillation project.
    assert.strictEqual(studentFor('Qwen/Qwen2.5-3B'), undefined);
    assert.strictEqual(studentFor('google/gemma-3-1b-it'), undefined);
  });
});
