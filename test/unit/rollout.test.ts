// The generation half of GRPO (src/core/rollout.ts): generated tokens at the per-token inference energy,
// its band, its hours over the devices, and the sentence it adds. The run of trainingTokens.test.ts:
// gsm8k, 4 completions of 256 tokens → 7,652,352 generated tokens; 1e9 dense parameters on A100 80GB
// (400 W; not a generation ML.ENERGY measured, so the band is ×0.5–×2) at 0.068249 J per token (derived
// there) = 522,271 J at the GPU.
import * as assert from 'assert';
import { range } from '../../src/core/energy';
import { resolveRun } from '../../src/core/resolve';
import { withRollout } from '../../src/core/rollout';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

function run(inputs: Record<string, unknown>): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 't', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

function close(actual: number, expected: number, rel = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

const grpo = { hardware: 'A100 80GB', count: 2, params: 1e9, epochs: 1, dataset: 'openai/gsm8k', trainingMethod: 'grpo', numGenerations: 4, completionLen: 256, perDeviceBatch: 8, pue: 1.1, intensity: 300 };
// Literal ranges: a range() call while mocha loads the file would make energy.ts's range() static for Stryker.
const ZERO_UPDATE = { method: 'flops' as const, hours: { low: 0, mid: 0, high: 0 }, energyKwh: { low: 0, mid: 0, high: 0 }, assumptions: [] };
const generation = (boundary: 'gpu' | 'facility') => withRollout(resolveRun(run(grpo), normalizeSettings({ boundary })), ZERO_UPDATE)!;

describe('rollout: generation energy added to a GRPO update', () => {
  it('at the GPU: 522,271 J = 0.145075 kWh, ×0.5 / ×2, over 2 devices at a busy 320 W', () => {
    const g = generation('gpu');
    close(g.energyKwh.mid, 0.145075, 1e-4);
    close(g.energyKwh.low, 0.145075 * 0.5, 1e-4);
    close(g.energyKwh.high, 0.145075 * 2, 1e-4);
    // 522,271 J / 3600 / (0.8 × 400 W) / 2 devices = 0.226680 h; the band scales the hours too.
    close(g.hours.mid, 0.22668, 1e-4);
    close(g.hours.high, 0.22668 * 2, 1e-4);
    assert.deepStrictEqual(g.assumptions, ["Generation: 7.65e6 completion tokens × 0.0682 J per token (batch 8, 1 × A100 SXM4 80GB; ML.ENERGY Benchmark v3 (Chung et al. 2025; vLLM on H100/B200, leaderboard data Apache-2.0), 2025) = 0.145 kWh (0.073–0.29), added to the update's energy."]);
  });

  it('at the facility: the host share of a busy draw and PUE 1.1 per bound', () => {
    // Host 60 / 120 / 200 W over 320 W: × 1.1875 / 1.375 / 1.625; × PUE 1.1.
    // low 0.145075 × 0.5 × 1.1875 × 1.1 = 0.094752; mid × 1.375 × 1.1 = 0.219426; high × 2 × 1.625 × 1.1 = 0.518643.
    const f = generation('facility');
    close(f.energyKwh.low, 0.094752, 1e-4);
    close(f.energyKwh.mid, 0.219426, 1e-4);
    close(f.energyKwh.high, 0.518643, 1e-4);
  });

  it('adds to the update it is given, and leaves a run without a rollout (or without an update) alone', () => {
    const update = { method: 'flops' as const, hours: range(1, 2, 3), energyKwh: range(10, 20, 30), assumptions: ['update'] };
    const both = withRollout(resolveRun(run(grpo), normalizeSettings({ boundary: 'gpu' })), update)!;
    close(both.energyKwh.mid, 20.145075, 1e-6);
    close(both.hours.low, 1 + 0.22668 * 0.5, 1e-5);
    assert.strictEqual(both.assumptions[0], 'update');
    const plain = resolveRun(run({ hardware: 'A100 80GB', params: 1e9, tokens: 1e6 }), normalizeSettings({}));
    assert.strictEqual(withRollout(plain, update), update);
    assert.strictEqual(withRollout(resolveRun(run(grpo), normalizeSettings({})), undefined), undefined);
  });
});
