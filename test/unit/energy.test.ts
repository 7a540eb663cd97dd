// The formulas of src/core/energy.ts as the user reads them: the sentences each method adds to the
// assumptions (the panel and hover show them verbatim), the stated-MFU band, the per-token band and the
// replica size. Every figure is derived by hand in the comment above it from the constants in power.ts,
// constants.ts, inferenceEnergy.ts and the accelerator table (A100 SXM4 80GB 400 W, L4 72 W, H100 700 W).
import * as assert from 'assert';
import { estimateRun } from '../../src/core/estimate';
import { gpusPerReplica, inferenceByTokens, mfuBand, sci, trainingByTime } from '../../src/core/energy';
import { resolveRun } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { closeWithin } from './helpers/runAsserts';

const facility = normalizeSettings({ includeEmbodied: false });
const node = normalizeSettings({ includeEmbodied: false, boundary: 'node' });
const gpu = normalizeSettings({ includeEmbodied: false, boundary: 'gpu' });

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training', format = 'carbon-lens'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format, inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-6);

const PRIOR = 'Dodge et al. 2022 (GPU draw per run, FAccT); Patterson et al. 2021, Table 4';

describe('energy: training by stated time, as the assumptions say it', () => {
  // 8 × A100 80GB, 24 h, no model: "multi-GPU or full fine-tuning", 0.45–0.95 of 400 W = 180–380 W;
  // host 0.15 / 0.5 × 400 = 60–200 W, so 240–580 W at the node and facility.
  const base = { hardware: 'A100 80GB', count: 8, hours: 24, pue: 1.2, intensity: 400 };
  const sentences = (inputs: Record<string, unknown>, s = facility) => estimateRun(run(inputs), s, { withSuggestions: false }).assumptions;

  it('facility: draw, host, PUE and boundary', () => {
    const a = sentences(base);
    assert.ok(a.includes('Energy = 8 × A100 SXM4 80GB × 24 h.'), a.join('\n'));
    assert.ok(a.includes(`Power per device: 45 %–95 % of its 400 W TDP (multi-GPU or full fine-tuning; ${PRIOR}) + host 60–200 W (scaled to the device class) = 240–580 W, × PUE 1.2. Boundary: accelerators + host + PUE.`), a.join('\n'));
  });

  it('node: the host and no PUE; gpu: neither', () => {
    const n = trainingByTime(resolveRun(run(base), node), 24);
    assert.strictEqual(n.assumptions[1], `Power per device: 45 %–95 % of its 400 W TDP (multi-GPU or full fine-tuning; ${PRIOR}) + host 60–200 W (scaled to the device class) = 240–580 W. Boundary: accelerators + host.`);
    // 8 × 24 h × 240 / 392 / 580 W = 46.08 / 75.264 / 111.36 kWh.
    close(n.energyKwh.low, 46.08);
    close(n.energyKwh.high, 111.36);
    const g = sentences(base, gpu);
    assert.ok(g.includes(`Power per device: 45 %–95 % of its 400 W TDP (multi-GPU or full fine-tuning; ${PRIOR}) = 180–380 W. Boundary: accelerators only.`), g.join('\n'));
  });

  it('a stated utilisation replaces the class draw at every bound', () => {
    // 0.5 × 400 = 200 W + host 60 / 120 / 200 = 260 / 320 / 400 W; × 8 × 24 h × 1.2 / 1000 = 59.904 / 73.728 / 92.16 kWh.
    const e = estimateRun(run({ ...base, utilization: 0.5 }), facility, { withSuggestions: false });
    assert.ok(e.assumptions.includes('Power per device: stated utilisation 50 % + host 60–200 W (scaled to the device class) = 260–400 W, × PUE 1.2. Boundary: accelerators + host + PUE.'), e.assumptions.join('\n'));
    close(e.energyKwh.low, 59.904);
    close(e.energyKwh.mid, 73.728);
    close(e.energyKwh.high, 92.16);
  });
});

describe('energy: training by FLOPs, as the assumptions say it', () => {
  // 6 × 7e9 × 1e9 = 4.2e19 FLOPs on 8 × 312 TFLOP/s; fine-tuning MFU 0.15–0.40, draw 0.45 at the worst
  // MFU and 0.95 at the best.
  const base = { hardware: 'nvidia-a100-sxm4-80gb', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', pue: 1.2, intensity: 400 };

  it('states the time formula and the linked power at the facility, and without host or PUE at the GPU', () => {
    const f = estimateRun(run(base), facility, { withSuggestions: false }).assumptions;
    assert.ok(f.includes('Time = FLOPs / (8 × 312 TFLOP/s × MFU 15 %–40 %; Carbon Lens assumption: below pre-training MFU (PaLM Table 3) for multi-GPU fine-tuning).'), f.join('\n'));
    assert.ok(f.includes(`Power linked to MFU (multi-GPU or full fine-tuning): 45 % of 400 W TDP at MFU 15 %, 95 % at 40 %, + host 60–200 W per device, × PUE 1.2 (${PRIOR}). Boundary: accelerators + host + PUE.`), f.join('\n'));
    const g = estimateRun(run(base), gpu, { withSuggestions: false }).assumptions;
    assert.ok(g.includes(`Power linked to MFU (multi-GPU or full fine-tuning): 45 % of 400 W TDP at MFU 15 %, 95 % at 40 % (${PRIOR}). Boundary: accelerators only.`), g.join('\n'));
  });

  it('a stated utilisation replaces the MFU-linked draw', () => {
    // 0.5 × 400 = 200 W + host 60 / 120 / 200 W = 260 / 320 / 400 W over 11.685363 / 17.311649 / 31.160969 h:
    // × 8 × 1.2 / 1000 = 29.166667 / 53.181387 / 119.658120 kWh.
    const e = estimateRun(run({ ...base, utilization: 0.5 }), facility, { withSuggestions: false });
    close(e.energyKwh.low, 29.166667, 1e-6);
    close(e.energyKwh.mid, 53.181387, 1e-6);
    close(e.energyKwh.high, 119.65812, 1e-6);
    assert.ok(e.assumptions.some((a) => a.startsWith('Power linked to MFU (multi-GPU or full fine-tuning): 50 % of 400 W TDP at MFU 15 %, 50 % at 40 %')));
  });

  it('a stated MFU is used ± 20 %, never above 100 %', () => {
    const band = (mfu: number) => {
      const b = mfuBand(resolveRun(run({ ...base, mfu }), facility));
      return [b.worst, b.typical, b.best, b.source];
    };
    // 0.5 × 0.8 = 0.4, 0.5 × 1.2 = 0.6; 0.9 × 1.2 = 1.08 is capped at 1.
    const half = band(0.5);
    close(half[0] as number, 0.4);
    close(half[2] as number, 0.6);
    assert.strictEqual(half[3], 'stated MFU ± 20 %');
    assert.strictEqual(band(0.9)[2], 1);
  });

  it('a stated MFU sets the typical draw too, so the band stays ordered (was: low bound above the middle at MFU 0.9)', () => {
    // Hours = 4.6741453 / MFU: best 1 (0.9 × 1.2 capped) → 4.6741453, typical 0.9 → 5.1934948, worst 0.72 → 6.4918685.
    // On the fine-tuning line the draw reaches 0.95 at MFU 0.40, so all three are 0.95 × 400 = 380 W, + host 60 / 120 / 200 W.
    // kWh = 8 × h × W × 1.2 / 1000: 8 × 4.6741453 × 440 × 1.2 / 1000 = 19.743590; 8 × 5.1934948 × 500 × 1.2 / 1000 = 24.928775;
    // 8 × 6.4918685 × 580 × 1.2 / 1000 = 36.146724. (Before the fix the middle used the class's 0.68: 19.544160, under the low bound.)
    const e = estimateRun(run({ ...base, mfu: 0.9 }), facility, { withSuggestions: false });
    close(e.energyKwh.low, 19.74359, 1e-6);
    close(e.energyKwh.mid, 24.928775, 1e-6);
    close(e.energyKwh.high, 36.146724, 1e-6);
    // MFU 0.3 is inside the line: 0.45 + (0.95 − 0.45) × (0.3 − 0.15) / (0.40 − 0.15) = 0.75 → 300 + 120 = 420 W at the middle;
    // 8 × (4.6741453 / 0.3) × 420 × 1.2 / 1000 = 62.820513 kWh.
    close(estimateRun(run({ ...base, mfu: 0.3 }), facility, { withSuggestions: false }).energyKwh.mid, 62.820513, 1e-6);
  });
});

describe('energy: an always-on deployment, as the assumptions say it', () => {
  it('names devices, hours a day, days, serving draw, host and PUE', () => {
    // L4 72 W: host 0.15 × 72 = 10.8 → 11 W, 0.5 × 72 = 36 W.
    const f = estimateRun(run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400 }, 'inference', 'vllm'), facility, { withSuggestions: false }).assumptions;
    assert.ok(f.includes('Deployment: 2 × L4 PCIe 24GB running 24 h/day for 365 days at 30 %–80 % of TDP (Cloud Carbon Footprint GPU min/max power (Teads dataset), e.g. A100 46–407 W) + host 11–36 W each, × PUE 1.2. Boundary: accelerators + host + PUE.'), f.join('\n'));
  });

  it('takes the stated hours a day and horizon; at the GPU boundary only the cards', () => {
    // 8 h/day × 30 days = 240 h; 2 × 240 h × 72 W × 0.3 / 0.5 / 0.8 / 1000 = 10.368 / 17.28 / 27.648 kWh.
    const e = estimateRun(run({ hardware: 'L4', count: 2, pue: 1.2, intensity: 400, hours: 8, horizonDays: 30 }, 'inference', 'vllm'), gpu, { withSuggestions: false });
    assert.deepStrictEqual(e.hours, { low: 240, mid: 240, high: 240 });
    close(e.energyKwh.low, 10.368);
    close(e.energyKwh.mid, 17.28);
    close(e.energyKwh.high, 27.648);
    assert.ok(e.assumptions.includes('Deployment: 2 × L4 PCIe 24GB running 8 h/day for 30 days at 30 %–80 % of TDP (Cloud Carbon Footprint GPU min/max power (Teads dataset), e.g. A100 46–407 W). Boundary: accelerators only.'), e.assumptions.join('\n'));
  });
});

describe('energy: tokens served', () => {
  const traffic = { queriesPerDay: 1e6, tokensPerQuery: 300, horizonDays: 365 };
  const ML = 'ML.ENERGY Benchmark v3 (Chung et al. 2025; vLLM on H100/B200, leaderboard data Apache-2.0)';
  const byTokens = (inputs: Record<string, unknown>, s = facility, t: Parameters<typeof inferenceByTokens>[1] = traffic) =>
    inferenceByTokens(resolveRun(run({ model: 'meta-llama/Llama-3.1-8B', intensity: 400, pue: 1, ...inputs }, 'inference'), s), t);

  it('4 stated H100s: the replica of 4, its energy with host, and device-hours spread over the fleet', () => {
    // Llama 3.1 8B (8.03e9) at batch 64: 0.375 × 8.03 / 64 + 0.0118 × 8.03^0.82 = 0.0470508 + 0.0651260 = 0.1121768 J;
    // 4 GPUs where 1 holds it: × (1 + 0.1 × log2 4) = × 1.2 → 0.1346122 J. 1e6 × 300 × 365 = 1.095e11 tokens
    // → 1.474004e10 J = 4,094.46 kWh at PUE 1; host mid 210 W over a busy 0.8 × 700 = 560 W: × 1.375 = 5,629.9 kWh.
    // Device-hours: 1.474004e10 J / 3600 / 560 W / 4 devices = 1,827.9 h each.
    const e = byTokens({ hardware: 'H100', count: 4 })!;
    close(e.energyKwh.mid, 5629.9, 1e-4);
    close(e.hours.mid, 1827.9, 1e-4);
    assert.strictEqual(e.assumptions[1], `Per output token: 0.135 J for a replica of 4 × H100 SXM5 80GB (as the file states), batch 64 assumed (no max-num-seqs / max_batch_size stated), 8.03e9 parameters; ${ML}, 2025.`);
    // Host 0.15 / 0.5 × 700 W = 105–350 W.
    assert.strictEqual(e.assumptions[2], 'Band ×0.59–×1.7 around the fit; host 105–350 W per GPU, × PUE 1. Boundary: accelerators + host + PUE.');
  });

  it('the band is ×1/1.7–×1.7 on a measured generation and ×0.5–×2 on one extrapolated by energy per FLOP', () => {
    // At the GPU boundary there is no host factor, so the bounds are the spread alone.
    const h = byTokens({ hardware: 'H100' }, gpu)!;
    close(h.energyKwh.low, h.energyKwh.mid / 1.7);
    close(h.energyKwh.high, h.energyKwh.mid * 1.7);
    close(h.hours.high, h.hours.mid * 1.7);
    const a = byTokens({ hardware: 'A100 80GB' }, gpu)!;
    close(a.energyKwh.low, a.energyKwh.mid * 0.5);
    close(a.energyKwh.high, a.energyKwh.mid * 2);
    close(a.hours.low, a.hours.mid * 0.5);
    assert.strictEqual(a.assumptions[2], 'Band ×0.50–×2.0 around the fit. Boundary: accelerators only.');
    assert.ok(a.assumptions[1].endsWith(`extrapolated from ${ML} by energy per FLOP, 2025.`), a.assumptions[1]);
  });

  it('says the stated batch and the input tokens it counts', () => {
    const e = byTokens({ hardware: 'H100', maxBatch: 128 }, gpu, { ...traffic, inputTokensPerQuery: 2000 })!;
    assert.strictEqual(e.assumptions[0], 'Traffic: 1e6 queries/day × 300 output tokens and 2000 input tokens × 365 days.');
    // Prefill: 2 × 8.03e9 × 700 W / (989e12 × 0.4) = 0.0284176 J → "0.0284".
    assert.ok(e.assumptions[1].includes(', batch up to 128 (stated), 8.03e9 parameters;'), e.assumptions[1]);
    assert.ok(e.assumptions[1].endsWith(' Per input token (prefill): 0.0284 J.'), e.assumptions[1]);
    const none = byTokens({ hardware: 'H100' })!;
    assert.strictEqual(none.assumptions[0], 'Traffic: 1e6 queries/day × 300 output tokens (input tokens not stated: prefill not counted) × 365 days.');
  });

  it('names a mixture of experts by its active share, and the batch key the file used', () => {
    // Qwen3-30B-A3B (30.5e9 total, 3.3e9 active; 61 GB × 1.2 over 72 GB → 2 H100s).
    const moe = byTokens({ model: 'Qwen/Qwen3-30B-A3B', hardware: 'H100' })!;
    assert.ok(moe.assumptions[1].includes('for a replica of 2 × H100 SXM5 80GB (the fewest that hold the weights and KV cache), batch 64 assumed (no max-num-seqs / max_batch_size stated), mixture of experts, 3.3e9 of 3.05e10 parameters active;'), moe.assumptions[1]);
    const r = resolveRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', pue: 1, intensity: 400 }, 'inference'), facility);
    r.inputs.maxBatch = { value: 128, origin: 'file', key: 'max_num_seqs' };
    assert.ok(inferenceByTokens(r, traffic)!.assumptions[1].includes(', batch up to 128 (max_num_seqs), 8.03e9 parameters;'));
  });

  it('a stated active-parameter count alone is enough; no size at all gives no token estimate', () => {
    // 8.03e9 on 1 H100 at PUE 1: 1.095e11 tokens × 0.1121768 J = 1.228336e10 J = 3,412.04 kWh × 1.375 (host) = 4,691.5 kWh.
    const r = resolveRun(run({ activeParams: 8.03e9, hardware: 'H100', pue: 1, intensity: 400 }, 'inference'), facility);
    close(inferenceByTokens(r, traffic)!.energyKwh.mid, 4691.5, 1e-4);
    assert.strictEqual(inferenceByTokens(resolveRun(run({ hardware: 'H100', pue: 1 }, 'inference'), facility), traffic), undefined);
  });

  it('gives no token estimate without traffic', () => {
    assert.strictEqual(byTokens({ hardware: 'H100' }, facility, { tokensPerQuery: 300, horizonDays: 365 }), undefined);
    assert.strictEqual(byTokens({ hardware: 'H100' }, facility, { queriesPerDay: 0, tokensPerQuery: 300, horizonDays: 365 }), undefined);
  });

  it('a replica is the stated count over the replicas, at least one GPU; else the fewest that fit', () => {
    const rep = (inputs: Record<string, unknown>, minGpus: number) => gpusPerReplica(resolveRun(run({ hardware: 'H100', ...inputs }, 'inference'), facility), minGpus);
    assert.deepStrictEqual(rep({ count: 8, replicas: 2 }, 1), { gpus: 4, stated: true }); // 8 / 2
    assert.deepStrictEqual(rep({ count: 1, replicas: 4 }, 2), { gpus: 1, stated: true }); // round(0.25) = 0 → 1
    assert.deepStrictEqual(rep({}, 2), { gpus: 2, stated: false }); // count defaulted: the fewest that fit
  });
});

describe('energy: sci, the compact numbers in the sentences', () => {
  it('writes 1e5 and above, and under 1e-3, in exponent form; three significant digits otherwise', () => {
    assert.strictEqual(sci(0), '0');
    assert.strictEqual(sci(123456), '1.23e5');
    assert.strictEqual(sci(100000), '1e5');
    assert.strictEqual(sci(-2e6), '-2e6');
    assert.strictEqual(sci(0.001), '0.001');
    assert.strictEqual(sci(0.000999), '9.99e-4');
    assert.strictEqual(sci(1234.5), '1230');
  });
});
