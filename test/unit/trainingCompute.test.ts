// The compute sentence each training method puts in the assumptions (shown verbatim in the panel and
// hover), and the reference/teacher passes behind it. N = 1e9 parameters, D = 1e6 tokens throughout:
// a training pass is 6·N·D = 6e15 FLOPs (4·N·D with adapters), a forward 2·N·D = 2e15.
import * as assert from 'assert';
import { resolveRun } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { teacherParams, trainingCompute } from '../../src/core/trainingCompute';

const settings = normalizeSettings({ includeEmbodied: false });
const KAPLAN = 'Kaplan et al. 2020 (C ≈ 6ND); adapter factor from the backward pass without weight gradients';
const RECOMPUTED = 'Korthikanti et al. 2022 (full activation recomputation adds one forward pass); Chowdhery et al. 2022, PaLM App. B (HFU vs MFU)';

function run(inputs: Record<string, unknown>): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 't', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}
const compute = (extra: Record<string, unknown>) => trainingCompute(resolveRun(run({ hardware: 'A100 80GB', params: 1e9, tokens: 1e6, ...extra }), settings))!;

describe('training compute: the sentence per method', () => {
  it('plain supervised training (and a reward model) keep the k × N × D sentence', () => {
    assert.strictEqual(compute({}).assumption, `Compute = 6 × 1e9 parameters × 1e6 tokens = 6e15 FLOPs (full training; ${KAPLAN}).`);
    assert.strictEqual(compute({ adapter: 'lora' }).assumption, `Compute = 4 × 1e9 parameters × 1e6 tokens = 4e15 FLOPs (LoRA/QLoRA: no weight gradients for frozen weights; ${KAPLAN}).`);
    assert.strictEqual(compute({ trainingMethod: 'reward' }).assumption, compute({}).assumption);
  });

  it('activation recomputation: 8 × N × D with its source (6 with an adapter)', () => {
    assert.strictEqual(compute({ gradientCheckpointing: true }).assumption, `Compute = 8 × N × D (forward + backward + recomputed forward), N = 1e9 parameters, D = 1e6 tokens = 8e15 FLOPs (${KAPLAN}; ${RECOMPUTED}).`);
    assert.strictEqual(compute({ adapter: 'lora', gradientCheckpointing: true }).assumption, `Compute = 6 × N × D (adapter: no weight gradients for frozen weights + recomputed forward), N = 1e9 parameters, D = 1e6 tokens = 6e15 FLOPs (${KAPLAN}; ${RECOMPUTED}).`);
    // Recomputation is counted only when stated true.
    assert.strictEqual(compute({ gradientCheckpointing: false }).flops, 6e15);
  });

  it('DPO names its policy and reference passes, and a precomputed reference', () => {
    const dpo = 'Rafailov et al. 2023 (DPO: policy and frozen reference score chosen and rejected); TRL DPOTrainer precompute_ref_log_probs';
    // 12e15 + 4e15 = 1.6e16.
    assert.strictEqual(compute({ trainingMethod: 'dpo' }).assumption, `Compute = DPO: policy on chosen + rejected: 2 × 6 × N × D (forward + backward) + reference forward × 2 (chosen + rejected), N = 1e9 parameters, D = 1e6 tokens = 1.6e16 FLOPs (${KAPLAN}; ${dpo}).`);
    const pre = compute({ trainingMethod: 'dpo', reference: 'precomputed', epochs: 2 });
    assert.deepStrictEqual(pre.parts.map((p) => p.label), ['policy on chosen + rejected: 2 × 6 × N × D (forward + backward)', 'reference forward × 2 (chosen + rejected, precomputed once)']);
    // A reference stated as none: the policy alone, 12e15.
    assert.strictEqual(compute({ trainingMethod: 'dpo', reference: 'none' }).flops, 12e15);
  });

  it('ORPO says it has no reference; KTO lists the KL pairs', () => {
    assert.ok(compute({ trainingMethod: 'orpo' }).assumption.startsWith('Compute = ORPO: policy on chosen + rejected: 2 × 6 × N × D (forward + backward); no reference model, N = 1e9'));
    assert.deepStrictEqual(compute({ trainingMethod: 'kto' }).parts.map((p) => [p.label, p.flops]), [
      ['policy: 6 × N × D (forward + backward)', 6e15],
      ['policy forward on the mismatched KL pairs: 2 × N × D', 2e15],
      ['reference forward × 2 (examples + KL pairs)', 4e15],
    ]);
  });

  it('GRPO has no reference pass unless its KL term is on; PPO adds value, reward and reference models', () => {
    assert.strictEqual(compute({ trainingMethod: 'grpo' }).flops, 6e15);
    // A live reference (beta > 0): + 2e15.
    const kl = compute({ trainingMethod: 'grpo', reference: 'live' });
    assert.strictEqual(kl.flops, 8e15);
    assert.strictEqual(kl.parts[1].label, 'reference forward (KL term, beta > 0)');
    assert.deepStrictEqual(compute({ trainingMethod: 'ppo' }).parts.map((p) => p.label), [
      'policy update on prompt + completion: 6 × N × D (forward + backward)',
      'value model (same size) update: 6 × N × D (forward + backward)',
      'reward model (same size) forward: 2 × N × D',
      'reference forward (KL penalty)',
    ]);
  });

  it('distillation adds the named teacher forward, or nothing when no teacher is named', () => {
    // Teacher Llama 3.1 8B (8.03e9): 2 × 8.03e9 × 1e6 = 1.606e16; + 6e15 = 2.206e16.
    const d = compute({ trainingMethod: 'distill', teacher: 'meta-llama/Llama-3.1-8B' });
    assert.strictEqual(d.flops, 2.206e16);
    assert.strictEqual(d.parts[1].label, 'teacher forward: 2 × 8.03e9 × D');
    assert.strictEqual(compute({ trainingMethod: 'distill' }).flops, 6e15);
  });
});

describe('training compute: teacher size', () => {
  it('active parameters from the catalogue or the name; none for an unknown or missing name', () => {
    assert.strictEqual(teacherParams(undefined), undefined);
    assert.strictEqual(teacherParams('acme/x'), undefined);
    assert.strictEqual(teacherParams('meta-llama/Llama-3.1-8B'), 8.03e9);
    assert.strictEqual(teacherParams('mistralai/Mixtral-8x7B-v0.1'), 12.9e9); // active, not 46.7e9
    assert.strictEqual(teacherParams('acme/x-30b-a3b'), 3e9);
    assert.strictEqual(teacherParams('acme/x-13b'), 13e9);
  });

  it('evaluation during training adds a forward pass over its own tokens, and nothing when absent or not positive', () => {
    // 6e15 (training) + 2 × 1e9 × 3e5 evaluation tokens = 6e14 → 6.6e15.
    const ev = compute({ evalTokens: 3e5 });
    assert.strictEqual(ev.flops, 6.6e15);
    assert.strictEqual(ev.assumption, `Compute = 6 × N × D (forward + backward) + evaluation forward: 2 × N × 3e5 evaluation tokens, N = 1e9 parameters, D = 1e6 tokens = 6.6e15 FLOPs (${KAPLAN}).`);
    // With LoRA the training part is 4e15; the evaluation forward is the same 6e14 → 4.6e15.
    assert.strictEqual(compute({ adapter: 'lora', evalTokens: 3e5 }).flops, 4.6e15);
    for (const bad of [0, -5, Number.NaN]) assert.strictEqual(compute({ evalTokens: bad }).flops, 6e15, String(bad));
  });
});
