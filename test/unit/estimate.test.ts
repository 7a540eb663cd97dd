// Worked examples for the estimator. Every expected value is computed by hand in the comment above
// it from the constants in src/core/constants.ts, power.ts, inferenceEnergy.ts and the A100/L4/H100
// rows of the accelerator table.
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
  // 8 × A100 80GB (TDP 400 W), 24 h, PUE 1.2, 400 g/kWh. No model: workload class "multi-GPU or full
  // fine-tuning" (power.ts), draw 0.45 / 0.68 / 0.95 of TDP; host 0.15 / 0.3 / 0.5 × 400 W = 60 / 120 / 200 W.
  // Power per device: low 400×0.45+60 = 240 W, mid 400×0.68+120 = 392 W, high 400×0.95+200 = 580 W.
  // kWh = 8 × 24 × W × 1.2 / 1000: low 55.296, mid 90.3168, high 133.632.
  // kg = kWh × 0.4: low 22.1184, mid 36.12672, high 53.4528.
  const base = { hardware: 'A100 80GB', count: 8, hours: 24, pue: 1.2, intensity: 400 };

  it('gives the hand-computed range', () => {
    const e = estimateRun(run(base), settings);
    assert.strictEqual(e.method, 'time');
    close(e.energyKwh.low, 55.296);
    close(e.energyKwh.mid, 90.3168);
    close(e.energyKwh.high, 133.632);
    close(e.co2eKg.mid, 36.12672);
    assert.strictEqual(e.boundary, 'facility');
    assert.deepStrictEqual(e.missing, []);
  });

  it('multiplies by trials and shows the repetitions on their own line', () => {
    // 10 trials: 10 × 36.12672 = 361.2672 kg; the repetitions line holds 9 × 36.12672 = 325.14048.
    const e = estimateRun(run({ ...base, trials: 10 }), settings);
    close(e.co2eKg.mid, 361.2672);
    const reps = e.breakdown.find((b) => b.id === 'trials');
    assert.ok(reps, 'a trials line');
    close(reps.co2eKg.mid, 325.14048);
  });

  it('scales linearly with the grid intensity', () => {
    const clean = estimateRun(run({ ...base, intensity: 40 }), settings);
    close(clean.co2eKg.mid, 3.612672);
  });

  it('counts only the accelerators at the GPU boundary, and the host without PUE at the node', () => {
    // GPU: 8 × 24 × 400 × 0.68 / 1000 = 52.224 kWh (no host, no PUE).
    // Node: 8 × 24 × 392 / 1000 = 75.264 kWh (host, no PUE).
    const gpu = estimateRun(run(base), normalizeSettings({ includeEmbodied: false, boundary: 'gpu' }));
    const node = estimateRun(run(base), normalizeSettings({ includeEmbodied: false, boundary: 'node' }));
    assert.strictEqual(gpu.boundary, 'gpu');
    close(gpu.energyKwh.mid, 52.224);
    close(node.energyKwh.mid, 75.264);
    assert.ok(gpu.assumptions.some((a) => /Boundary: accelerators only/.test(a)));
  });
});

describe('estimateRun: training by FLOPs', () => {
  // 7e9 parameters, 1e9 tokens, full training: 6 × 7e9 × 1e9 = 4.2e19 FLOPs.
  // 8 × A100 at 312 TFLOP/s bf16 = 2.496e15 FLOP/s.
  // 7e9 × 16 bytes = 112 GB > 80 GB / 4 and 8 devices, 1e9 tokens: class "multi-GPU or full fine-tuning",
  // MFU 0.40 / 0.27 / 0.15 (best / typical / worst).
  // Hours = 4.2e19 / 2.496e15 / 3600 / MFU = 4.6741453 / MFU: 11.685363 / 17.311649 / 31.160969.
  // Draw linked to MFU: 0.95 of TDP at the best MFU, 0.68 typical, 0.45 at the worst; host 60 / 120 / 200 W.
  // W = 400×0.95+60 = 440 / 400×0.68+120 = 392 / 400×0.45+200 = 380.
  // kWh = 8 × h × W × 1.2 / 1000: 49.358974 / 65.147198 / 113.675214. kg at 400 g/kWh: mid 26.058879.
  const base = { hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', pue: 1.2, intensity: 400 };

  it('gives the hand-computed range', () => {
    const e = estimateRun(run(base), settings);
    assert.strictEqual(e.method, 'flops');
    close(e.hours.mid, 17.311649256, 1e-6);
    close(e.energyKwh.low, 49.358974359, 1e-6);
    close(e.energyKwh.mid, 65.147198481, 1e-6);
    close(e.energyKwh.high, 113.675213675, 1e-6);
    close(e.co2eKg.mid, 26.058879392, 1e-6);
  });

  it('needs fewer FLOPs with LoRA (factor 4 instead of 6) in the same workload class', () => {
    const full = estimateRun(run(base), settings);
    const lora = estimateRun(run({ ...base, adapter: 'lora' }), settings);
    // LoRA on 8 devices stays "multi-GPU fine-tuning" (typical MFU 0.27): hours = (4/6) × 17.311649 = 11.541099.
    close(lora.hours.mid, 17.311649256 * (4 / 6), 1e-6);
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
  // Power mid 72 × 0.5 + host 0.3 × 72 = 57.6 W (a 72 W card brings ~22 W of host, not 79 W)
  // → 2 × 8760 × 57.6 × 1.2 / 1000 = 1210.9824 kWh → 484.39296 kg.
  it('estimates a deployment by capacity', () => {
    const e = estimateRun(run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400 }, 'inference', 'vllm'), settings);
    assert.strictEqual(e.method, 'capacity');
    close(e.energyKwh.mid, 1210.9824);
    close(e.co2eKg.mid, 484.39296);
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
    close(a.co2eKg.mid, 36.12672);
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
    // Same numbers as the FLOPs example above (17.31 h < 100 h limit).
    assert.strictEqual(e.method, 'flops');
    close(e.hours.mid, 17.311649256, 1e-6);
    const capped = estimateRun({ name: 't', phase: 'training', format: 'nemo', inputs: { ...ins, hours: { ...ins.hours!, value: 5 } }, notes: [], warnings: [] }, settings);
    assert.strictEqual(capped.method, 'time');
    close(capped.hours.mid, 5);
  });
});

describe('estimateRun: inference at scale (100 million people × 10 queries a day)', () => {
  // Llama 3.1 70B (70.55B parameters, catalogue), 2 × H100 SXM (700 W) per replica, 1e9 queries/day
  // × 1000 tokens × 365 days = 3.65e14 tokens.
  // ML.ENERGY v3 model (inferenceEnergy.ts), batch 64 assumed, bf16; 2 GPUs as stated (fewest that hold
  // 141 GB × 1.2 is 4, so no extra-GPU penalty): memory 0.375 × 70.55 / 64 = 0.413379 J,
  // compute 0.0118 × 70.55^0.82 = 0.0118 × 32.7920 = 0.386945 J → 0.800324 J per output token (replica).
  // × 3.65e14 tokens = 2.921183e14 J; × host factor (1 + 0.3 × 700 / (0.8 × 700) = 1.375) × PUE 1.2
  // = 4.81995e14 J = 1.338876e8 kWh (≈ 134 GWh a year, 0.37 Wh per 1,000-token query); at 400 g/kWh ≈ 53,555 t.
  // Band: ÷1.7 with host 0.15 → 6.80177e7 kWh; ×1.7 with host 0.5 → 2.689923e8 kWh.
  it('matches the hand computation and dwarfs a training run', () => {
    const r = run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 2, queriesPerDay: 1e9, tokensPerQuery: 1000, horizonDays: 365, pue: 1.2, intensity: 400 }, 'inference');
    const e = estimateRun(r, settings);
    assert.strictEqual(e.method, 'per-token');
    close(e.energyKwh.mid, 1.338876e8, 1e-5);
    close(e.co2eKg.mid, 5.355503e7, 1e-5);
    close(e.energyKwh.low, 6.801775e7, 1e-5);
    close(e.energyKwh.high, 2.689923e8, 1e-5);
    const training = estimateRun(run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 64, tokens: 15e12, intensity: 400, pue: 1.2 }), settings);
    assert.ok(e.co2eKg.mid > training.co2eKg.mid, 'a year of inference at this scale exceeds the training run');
  });
});
