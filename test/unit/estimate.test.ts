// Worked examples for the estimator. Every expected value is computed by hand in the comment above
// it from the constants in src/core/constants.ts and the A100/L4 rows of the accelerator table.
import * as assert from 'assert';
import { estimateRun } from '../../src/core/estimate';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

const settings = normalizeSettings({ includeEmbodied: false });

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training', format = 'carbon-lens'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format, inputs: ins, notes: [], warnings: [] };
}

function close(actual: number, expected: number, rel = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

describe('estimateRun: training by stated time', () => {
  // 8 × A100 80GB (TDP 400 W), 24 h, PUE 1.2, 400 g/kWh.
  // Power per device: low 400×0.6+40 = 280 W, mid 400×0.8+79 = 399 W, high 400×1.0+120 = 520 W.
  // kWh = 8 × 24 × W × 1.2 / 1000: low 64.512, mid 91.9296, high 119.808.
  // kg = kWh × 0.4: low 25.8048, mid 36.77184, high 47.9232.
  const base = { hardware: 'A100 80GB', count: 8, hours: 24, pue: 1.2, intensity: 400 };

  it('gives the hand-computed range', () => {
    const e = estimateRun(run(base), settings);
    assert.strictEqual(e.method, 'time');
    close(e.energyKwh.low, 64.512);
    close(e.energyKwh.mid, 91.9296);
    close(e.energyKwh.high, 119.808);
    close(e.co2eKg.mid, 36.77184);
    assert.deepStrictEqual(e.missing, []);
  });

  it('multiplies by trials and shows the repetitions on their own line', () => {
    // 10 trials: 10 × 36.77184 = 367.7184 kg; the repetitions line holds 9 × 36.77184 = 330.94656.
    const e = estimateRun(run({ ...base, trials: 10 }), settings);
    close(e.co2eKg.mid, 367.7184);
    const reps = e.breakdown.find((b) => b.id === 'trials');
    assert.ok(reps, 'a trials line');
    close(reps.co2eKg.mid, 330.94656);
  });

  it('scales linearly with the grid intensity', () => {
    const clean = estimateRun(run({ ...base, intensity: 40 }), settings);
    close(clean.co2eKg.mid, 3.677184);
  });
});

describe('estimateRun: training by FLOPs', () => {
  // 7e9 parameters, 1e9 tokens, full training: 6 × 7e9 × 1e9 = 4.2e19 FLOPs.
  // 8 × A100 at 312 TFLOP/s bf16 = 2.496e15 FLOP/s.
  // Hours at MFU 0.46 / 0.33 / 0.21: 10.1612 / 14.1641 / 22.2578.
  // kWh = 8 × h × W × 1.2 / 1000 with W = 280 / 399 / 520: 27.3133 / 54.2541 / 111.1111.
  // kg at 400 g/kWh: 10.9253 / 21.7016 / 44.4444.
  const base = { hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', pue: 1.2, intensity: 400 };

  it('gives the hand-computed range', () => {
    const e = estimateRun(run(base), settings);
    assert.strictEqual(e.method, 'flops');
    close(e.hours.mid, 14.164076664, 1e-6);
    close(e.energyKwh.low, 27.313266444, 1e-6);
    close(e.energyKwh.mid, 54.254079254, 1e-6);
    close(e.energyKwh.high, 111.111111111, 1e-6);
    close(e.co2eKg.mid, 21.701631702, 1e-6);
  });

  it('needs fewer FLOPs with LoRA (factor 4 instead of 6) but a lower MFU band', () => {
    const full = estimateRun(run(base), settings);
    const lora = estimateRun(run({ ...base, adapter: 'lora' }), settings);
    // Fine-tuning MFU mid 0.25: hours = 4 × 7e18 ... = (4/6) × 14.1641 × (0.33/0.25) = 12.4644 h.
    close(lora.hours.mid, 14.164076664 * (4 / 6) * (0.33 / 0.25), 1e-6);
    assert.ok(lora.co2eKg.mid < full.co2eKg.mid);
  });

  it('derives tokens from steps × global batch × sequence length', () => {
    // 1000 steps × (4 per device × 2 accumulation × 8 devices = 64) × 2048 = 131,072,000 tokens.
    const e = estimateRun(run({ ...base, tokens: undefined, steps: 1000, perDeviceBatch: 4, gradAccum: 2, seqLen: 2048 }), settings);
    assert.strictEqual(e.inputs.tokens?.value, 131_072_000);
    assert.strictEqual(e.inputs.tokens?.origin, 'inferred');
    assert.strictEqual(e.inputs.batchSize?.value, 64);
  });

  it('derives tokens from epochs with a default dataset size, and says so', () => {
    // 3 epochs × 10,000 samples × 2048 tokens = 61,440,000 tokens.
    const e = estimateRun(run({ ...base, tokens: undefined, epochs: 3 }), settings);
    assert.strictEqual(e.inputs.tokens?.value, 61_440_000);
    assert.strictEqual(e.inputs.datasetSamples?.origin, 'default');
    assert.ok(e.assumptions.some((a) => /Dataset size not stated/.test(a)));
  });

  it('halving the epochs halves the energy', () => {
    const three = estimateRun(run({ ...base, tokens: undefined, epochs: 4 }), settings);
    const half = estimateRun(run({ ...base, tokens: undefined, epochs: 2 }), settings);
    close(half.energyKwh.mid * 2, three.energyKwh.mid);
  });
});

describe('estimateRun: inference', () => {
  // Always-on 2 × L4 (72 W) for 365 days, PUE 1.2, 400 g/kWh.
  // Power mid 72 × 0.5 + 79 = 115 W → 2 × 8760 × 115 × 1.2 / 1000 = 2417.76 kWh → 967.104 kg.
  it('estimates a deployment by capacity', () => {
    const e = estimateRun(run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400 }, 'inference', 'vllm'), settings);
    assert.strictEqual(e.method, 'capacity');
    close(e.energyKwh.mid, 2417.76);
    close(e.co2eKg.mid, 967.104);
  });

  it('uses the served tokens when traffic exceeds the fleet', () => {
    const e = estimateRun(run({ hardware: 'H100', count: 8, params: 70e9, queriesPerDay: 1e9, tokensPerQuery: 1000, pue: 1.2, intensity: 400 }, 'inference', 'vllm'), settings);
    assert.strictEqual(e.method, 'per-token');
    assert.ok(e.assumptions.some((a) => /tokens served/.test(a)));
  });
});

describe('estimateRun: missing facts and bad values', () => {
  it('says what is missing instead of inventing a duration', () => {
    const e = estimateRun(run({ hardware: 'A100' }), settings);
    assert.ok(e.missing.length >= 1);
    assert.strictEqual(e.co2eKg.mid, 0);
  });

  it('drops implausible values with a warning', () => {
    const e = estimateRun(run({ hardware: 'A100', count: 1e9, hours: 10, intensity: 400, pue: 1.2 }), settings);
    assert.ok(e.warnings.some((w) => /Implausible count/.test(w)));
    assert.strictEqual(e.inputs.count?.origin, 'default');
  });

  it('falls back to a named default for an unknown accelerator and says so', () => {
    const e = estimateRun(run({ hardware: 'Quantum Flux 9000', hours: 1 }), settings);
    assert.ok(e.warnings.some((w) => /Unknown accelerator "Quantum Flux 9000"/.test(w)));
    assert.ok(e.co2eKg.mid > 0);
  });

  it('never throws on negative, NaN or infinite numbers', () => {
    for (const v of [-1, 0, NaN, Infinity, -Infinity, 1e308]) {
      const e = estimateRun(run({ hardware: 'A100', count: v, hours: v, epochs: v, params: v, pue: v }), settings);
      assert.ok(Number.isFinite(e.co2eKg.mid));
    }
  });
});

describe('estimateRun: embodied carbon', () => {
  it('is reported beside operational CO₂e and scales with device-hours', () => {
    const s = normalizeSettings({});
    const a = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, intensity: 400, pue: 1.2 }), s);
    const b = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 48, intensity: 400, pue: 1.2 }), s);
    assert.ok(a.embodiedKg > 0);
    close(b.embodiedKg, 2 * a.embodiedKg);
    // Operational CO₂e does not include it.
    close(a.co2eKg.mid, 36.77184);
  });
});

describe('suggestions', () => {
  it('proposes a cleaner region with the saving it would bring', () => {
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'aws:us-east-1' }), normalizeSettings({}));
    const region = e.suggestions.find((s) => s.kind === 'region');
    assert.ok(region, 'a region suggestion');
    assert.ok(region.savingPct > 5);
    assert.match(region.title, /−\d+% CO₂e/);
    assert.strictEqual(region.change?.field, 'region');
  });

  it('proposes bf16 for an fp32 run and QLoRA for a full fine-tune', () => {
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 8, params: 7e9, tokens: 1e9, precision: 'fp32', intensity: 400 }), settings);
    const kinds = e.suggestions.map((s) => s.kind);
    assert.ok(kinds.includes('precision'));
    assert.ok(kinds.includes('quantization'));
    // Sorted by saving.
    for (let i = 1; i < e.suggestions.length; i++) assert.ok(e.suggestions[i - 1].savingPct >= e.suggestions[i].savingPct);
  });
});

describe('estimateRun: time limits', () => {
  it('treats a stated time limit as a cap on the FLOPs estimate, not as the run length', () => {
    const ins: RunInputs = {
      hardware: { value: 'A100 80GB', origin: 'file' }, count: { value: 8, origin: 'file' }, params: { value: 7e9, origin: 'file' },
      tokens: { value: 1e9, origin: 'file' }, intensity: { value: 400, origin: 'file' }, pue: { value: 1.2, origin: 'file' },
      hours: { value: 100, origin: 'file', note: 'time_limit: an upper bound, the run stops there' },
    };
    const e = estimateRun({ name: 't', phase: 'training', format: 'nemo', inputs: ins, notes: [], warnings: [] }, settings);
    // Same numbers as the FLOPs example above (14.16 h < 100 h limit).
    assert.strictEqual(e.method, 'flops');
    close(e.hours.mid, 14.164076664, 1e-6);
    const capped = estimateRun({ name: 't', phase: 'training', format: 'nemo', inputs: { ...ins, hours: { ...ins.hours!, value: 5 } }, notes: [], warnings: [] }, settings);
    assert.strictEqual(capped.method, 'time');
    close(capped.hours.mid, 5);
  });
});

describe('estimateRun: inference at scale (100 million people × 10 queries a day)', () => {
  // Llama 3.1 70B (70.55B parameters, catalogue), 2 × H100 SXM (700 W) per replica, 1e9 queries/day
  // × 1000 tokens × 365 days = 3.65e14 tokens.
  // EcoLogits fit per token per GPU: 1.17e-6 × e^(−0.0112 × 64) × 70.55 + 4.05e-5 = 8.0809e-5 Wh.
  // × 2 GPUs × host factor (1 + 79/700 = 1.112857) × PUE 1.2 = 2.15839e-4 Wh per token.
  // × 3.65e14 tokens = 7.87812e10 Wh = 7.87812e7 kWh (≈ 79 GWh a year); at 400 g/kWh ≈ 31,512 t.
  it('matches the hand computation and dwarfs a training run', () => {
    const r = run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 2, queriesPerDay: 1e9, tokensPerQuery: 1000, horizonDays: 365, pue: 1.2, intensity: 400 }, 'inference');
    const e = estimateRun(r, settings);
    assert.strictEqual(e.method, 'per-token');
    close(e.energyKwh.mid, 7.87812e7, 1e-4);
    close(e.co2eKg.mid, 3.15125e7, 1e-4);
    close(e.energyKwh.low, e.energyKwh.mid * 0.5);
    close(e.energyKwh.high, e.energyKwh.mid * 2);
    const training = estimateRun(run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 64, tokens: 15e12, intensity: 400, pue: 1.2 }), settings);
    assert.ok(e.co2eKg.mid > training.co2eKg.mid, 'a year of inference at this scale exceeds the training run');
  });
});
