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

describe('estimateRun: time limits (Slurm --time, max_time) bound the FLOPs estimate', () => {
  // The FLOPs example above: 8 × A100 80GB, 4.2e19 FLOPs, hours 11.685363 / 17.311649 / 31.160969 at
  // MFU 0.40 / 0.27 / 0.15, draw 440 / 392 / 380 W per device, PUE 1.2.
  const base = { hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', pue: 1.2, intensity: 400 };
  const limited = (value: number, note?: string, phase: RunSpec['phase'] = 'training') => {
    const r = run(base, phase);
    r.inputs.maxHours = note === undefined ? { value, origin: 'file' } : { value, origin: 'file', note };
    return estimateRun(r, settings, { withSuggestions: false });
  };

  it('caps only the bound that runs past the limit, and says so', () => {
    // 20 h: the high end (31.16 h) is capped: 8 × 20 h × 380 W × 1.2 / 1000 = 72.96 kWh; low and mid unchanged.
    const e = limited(20, 'Slurm --time');
    assert.deepStrictEqual([e.hours.low, e.hours.high], [11.685363247863249, 20]);
    close(e.energyKwh.low, 49.358974359);
    close(e.energyKwh.mid, 65.147198481);
    close(e.energyKwh.high, 72.96);
    assert.ok(e.assumptions.includes("Bounded by the Slurm --time of 20 h (an upper bound, not the runtime): the estimate's high end (31.2 h) runs past it and is capped there, where the scheduler stops the job."), e.assumptions.join('\n'));
  });

  it('caps every bound past it and keeps the band ordered (was 42.2 / 37.6 / 36.5 kWh as low / mid / high)', () => {
    // 10 h for all three: 8 × 10 h × 440 / 392 / 380 W × 1.2 / 1000 = 42.24 / 37.632 / 36.48 kWh → low 36.48, mid 37.632, high 42.24.
    const e = limited(10);
    assert.deepStrictEqual(e.hours, { low: 10, mid: 10, high: 10 });
    close(e.energyKwh.low, 36.48);
    close(e.energyKwh.mid, 37.632);
    close(e.energyKwh.high, 42.24);
    assert.ok(e.assumptions.includes("Bounded by the time limit of 10 h (an upper bound, not the runtime): the estimate's hours (31.2 h) run past it and are capped there, where the scheduler stops the job."), e.assumptions.join('\n'));
  });

  it('leaves an estimate that finishes within the limit alone; ignores the limit for serving and a limit of 0', () => {
    const e = limited(40);
    close(e.energyKwh.high, 113.675213675);
    assert.ok(e.assumptions.includes('Bounded by the time limit of 40 h (an upper bound, not the runtime): the estimate (up to 31.2 h) finishes within it.'), e.assumptions.join('\n'));
    assert.ok(!limited(0).assumptions.some((a) => a.startsWith('Bounded by')));
    const serving = run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400 }, 'inference', 'vllm');
    serving.inputs.maxHours = { value: 1, origin: 'file' };
    const s = estimateRun(serving, settings, { withSuggestions: false });
    close(s.energyKwh.mid, 1210.9824); // the always-on figure above, uncapped
    assert.ok(!s.assumptions.some((a) => a.startsWith('Bounded by')));
  });

  it('a stated time that is a limit: the FLOPs estimate when it finishes within it, else the limit', () => {
    const withHours = (value: number, note: string) => {
      const r = run(base);
      r.inputs.hours = { value, origin: 'file', note };
      return estimateRun(r, settings, { withSuggestions: false });
    };
    const within = withHours(100, 'NeMo Time_Limit');
    assert.strictEqual(within.method, 'flops');
    assert.ok(within.assumptions.includes('The stated 100 h is a time limit; the run is estimated from its FLOPs, which finish within it.'));
    // 5 h < 17.31 h: the run stops at the limit: 8 × 5 h × 392 W × 1.2 / 1000 = 18.816 kWh.
    const past = withHours(5, 'an upper bound');
    assert.strictEqual(past.method, 'time');
    close(past.energyKwh.mid, 18.816);
    assert.ok(past.assumptions.includes('The FLOPs estimate runs past the stated 5 h limit, where the run stops: estimated over the limit.'));
    // A note that is not a limit: the stated hours are the run's length.
    const plain = withHours(100, 'from the log');
    assert.strictEqual(plain.method, 'time');
  });
});

describe('estimateRun: what is missing, in words', () => {
  it('names the model and the length of training, or only what is missing', () => {
    const both = estimateRun(run({ hardware: 'A100' }), settings);
    assert.deepStrictEqual(both.missing, ['the model (an id such as meta-llama/Llama-3.1-8B, or a parameter count)', 'the length of training (steps, epochs or tokens) or the wall-clock hours']);
    assert.deepStrictEqual([both.method, both.breakdown, both.embodiedKg, both.energyKwh], ['flops', [], 0, { low: 0, mid: 0, high: 0 }]);
    assert.deepStrictEqual(estimateRun(run({ hardware: 'A100', params: 7e9 }), settings).missing, ['the length of training (steps, epochs or tokens) or the wall-clock hours']);
    // No estimate, no grid sentence.
    assert.ok(!both.assumptions.some((a) => a.startsWith('Grid:')));
  });

  it('a device with no published throughput (H200 NVL) asks for the hours instead of timing FLOPs at 1 TFLOP/s', () => {
    // Before: 6 × 7e9 × 1e9 = 4.2e19 FLOPs / (8 × 1 TFLOP/s × 0.27) = 5,401 h, ~1,000× an H200 SXM's 5.46 h.
    const e = estimateRun(run({ hardware: 'H200 NVL', count: 8, params: 7e9, tokens: 1e9 }), settings);
    assert.deepStrictEqual(e.missing, ['the wall-clock hours (H200 NVL 141GB has no published compute figure to time the FLOPs by)']);
    assert.strictEqual(e.energyKwh.mid, 0);
    assert.ok(!e.assumptions.some((a) => /has no bf16 figure/.test(a)), e.assumptions.join('\n'));
    // Stated hours need no throughput: 8 × 10 h × (0.68 × 600 + 0.3 × 600) W × 1.2 = 56.448 kWh at PUE 1.2.
    const timed = estimateRun(run({ hardware: 'H200 NVL', count: 8, hours: 10, pue: 1.2, intensity: 400 }), settings);
    assert.strictEqual(timed.method, 'time');
    close(timed.energyKwh.mid, 56.448);
  });

  it('serving with neither traffic nor a deployment asks for one of them', () => {
    const e = estimateRun(run({ hardware: 'A100' }, 'inference'), settings);
    assert.deepStrictEqual(e.missing, ['the traffic (queries per day) or a deployment (accelerators that stay on)']);
    assert.strictEqual(e.method, 'capacity');
  });
});

describe('estimateRun: serving, which figure and why', () => {
  it('a deployment without traffic is always on, and says how to compare', () => {
    const e = estimateRun(run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400 }, 'inference', 'vllm'), settings, { withSuggestions: false });
    assert.ok(e.assumptions.includes('No traffic given: the deployment is estimated as always on. Set queries per day to compare with the energy of the tokens served.'));
    assert.deepStrictEqual(e.breakdown.map((b) => [b.id, b.label]), [['inference', 'Inference over 365 days']]);
  });

  it('an under-used fleet is estimated always-on, naming the tokens-only figure', () => {
    // Capacity: 2 × 8760 h × (0.5 × 700 + 210) W / 1000 = 9,811.2 kWh at PUE 1.
    // Tokens: 1000 × 1000 × 365 = 3.65e8 tokens × 0.1121768 J × 1.1 (2 GPUs where 1 holds 8B) = 4.50390e7 J
    // = 12.511 kWh × host (1 + 210 / 560) = 17.2 kWh.
    const e = estimateRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', count: 2, queriesPerDay: 1000, pue: 1, intensity: 400 }, 'inference', 'vllm'), settings, { withSuggestions: false });
    assert.strictEqual(e.method, 'capacity');
    close(e.energyKwh.mid, 9811.2);
    assert.ok(e.assumptions.includes('The fleet is under-used by this traffic (tokens alone: 17.2 kWh): estimated as the always-on deployment.'), e.assumptions.join('\n'));
  });

  it('traffic with no deployment is the tokens alone, over the stated horizon', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', queriesPerDay: 1000, horizonDays: 30, intensity: 400 }, 'inference'), settings, { withSuggestions: false });
    assert.strictEqual(e.method, 'per-token');
    assert.deepStrictEqual(e.breakdown.map((b) => b.label), ['Inference over 30 days']);
    assert.ok(!e.assumptions.some((a) => /under-used|more than this deployment/.test(a)));
  });

  it('traffic beyond the fleet names the always-on figure it exceeds', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', count: 1, queriesPerDay: 1e7, pue: 1, intensity: 400 }, 'inference', 'vllm'), settings, { withSuggestions: false });
    // Always-on: 1 × 8760 h × 560 W / 1000 = 4,905.6 kWh → "4910" (it read "4.91e+3").
    assert.ok(e.assumptions.includes('The traffic needs more than this deployment provides (always-on fleet: 4910 kWh): estimated from the tokens served.'), e.assumptions.join('\n'));
  });
});

describe('estimateRun: the breakdown lines', () => {
  // 8 × A100 80GB × 24 h, PUE 1.2: one run 55.296 / 90.3168 / 133.632 kWh (first example).
  const base = { hardware: 'A100 80GB', count: 8, hours: 24, pue: 1.2, intensity: 400 };

  it('one more trial, trials in the plural, and the sweep sentence', () => {
    const two = estimateRun(run({ ...base, trials: 2 }), settings, { withSuggestions: false });
    assert.deepStrictEqual(two.breakdown.map((b) => [b.id, b.label]), [['run', 'One training run'], ['trials', '1 more trial (× 2 in all)']]);
    assert.ok(two.assumptions.includes('Sweep: 2 trials, each assumed as costly as this run (early stopping would lower it).'));
    assert.strictEqual(estimateRun(run({ ...base, trials: 3 }), settings, { withSuggestions: false }).breakdown[1].label, '2 more trials (× 3 in all)');
    assert.deepStrictEqual(estimateRun(run(base), settings, { withSuggestions: false }).breakdown.map((b) => b.id), ['run']);
  });

  it('development overhead × m–2m on the whole sweep, and embodied carbon over every trial', () => {
    // 2 trials: 110.592 / 180.6336 / 267.264 kWh. Overhead ×3: low and mid × (3 − 1), high × (2 × 3 − 1):
    // 221.184 / 361.2672 / 1336.32 kWh; total 331.776 / 541.9008 / 1603.584 kWh.
    // Embodied: (8 × 150 kg + 5700 kg server) × (24 h × 2 trials) / (4 years × 8760 h) = 6900 × 48 / 35040 = 9.452055 kg.
    const e = estimateRun(run({ ...base, trials: 2 }), normalizeSettings({ includeEmbodied: true, devOverhead: 3 }), { withSuggestions: false });
    const over = e.breakdown.find((b) => b.id === 'overhead')!;
    assert.strictEqual(over.label, 'Development overhead (× 3–6)');
    close(over.energyKwh.low, 221.184);
    close(over.energyKwh.mid, 361.2672);
    close(over.energyKwh.high, 1336.32);
    close(e.energyKwh.low, 331.776);
    close(e.energyKwh.high, 1603.584);
    assert.ok(e.assumptions.some((a) => a.startsWith('Development overhead ×3 (up to ×6) for runs that leave no file — failed runs, ablations, evaluation; published analyses report 5–10× (')));
    const emb = e.breakdown.find((b) => b.id === 'embodied')!;
    assert.strictEqual(emb.label, 'Embodied (hardware manufacturing, amortised)');
    close(e.embodiedKg, 9.452055, 1e-6);
    assert.deepStrictEqual(emb.co2eKg, { low: e.embodiedKg, mid: e.embodiedKg, high: e.embodiedKg });
    assert.deepStrictEqual(emb.energyKwh, { low: 0, mid: 0, high: 0 });
    // An overhead of 1 adds nothing.
    assert.ok(!estimateRun(run(base), normalizeSettings({ includeEmbodied: false, devOverhead: 1 }), { withSuggestions: false }).breakdown.some((b) => b.id === 'overhead'));
  });

  it('the grid sentence, the compute summary for a FLOPs estimate only, and what-ifs only when asked', () => {
    const t = estimateRun(run(base), settings, { withSuggestions: false });
    assert.ok(t.assumptions.includes(`Grid: world average, 400 g CO₂e/kWh (stated in the file, ${new Date().getFullYear()}).`));
    assert.strictEqual(t.compute, undefined);
    const f = run({ hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', pue: 1.2, intensity: 400 });
    assert.deepStrictEqual(estimateRun(f, settings, { withSuggestions: false }).compute, { flops: 4.2e19, mfu: 0.27, peakTflops: 312, count: 8 });
    const quiet = estimateRun(f, settings, { withSuggestions: false });
    assert.deepStrictEqual([quiet.suggestions, quiet.lifecycle], [[], undefined]);
    const full = estimateRun(f, settings);
    assert.ok(full.suggestions.length > 0 && full.lifecycle !== undefined);
  });

  it('the dataset size is reported when the length came from it, not when the hours were stated', () => {
    const byEpochs = estimateRun(run({ hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, epochs: 3, intensity: 400 }), settings, { withSuggestions: false });
    assert.ok(byEpochs.dataset !== undefined);
    assert.strictEqual(estimateRun(run({ ...base, params: 7e9, epochs: 3 }), settings, { withSuggestions: false }).dataset, undefined);
  });
});
