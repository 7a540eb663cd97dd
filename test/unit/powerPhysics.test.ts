// Power that follows utilisation, inference by batch and hardware, the measurement boundary and the
// market-based figure. Every expected value is derived by hand in the comment above it from the
// constants in src/core/power.ts and src/core/inferenceEnergy.ts and the accelerator table.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { parseBoundary, pueAt } from '../../src/core/boundary';
import { findAccelerator } from '../../src/core/catalog';
import type { Accelerator } from '../../src/core/catalogTypes';
import { estimateRun } from '../../src/core/estimate';
import { minGpusFor, perTokenEnergy, weightsReadPerStep } from '../../src/core/inferenceEnergy';
import { deviceShare, hostWatts, shareAtMfu, workloadClass, workloadPrior } from '../../src/core/power';
import { resolveRun } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { estimateView } from '../../src/webview/viewModel';
import { closeWithin } from './helpers/runAsserts';

const settings = normalizeSettings({ includeEmbodied: false });
// The catalogue rows themselves (the objects findAccelerator serves), not a findAccelerator() call while
// mocha loads the file: Stryker counts code run at load as static, and each static mutant of the
// catalogue look-up then restarts the test process (README, Mutation testing).
const ROWS = require('../../src/core/data/accelerators.json') as Accelerator[];
const H100 = ROWS.find((a) => a.id === 'nvidia-h100-sxm5-80gb')!;
const B200 = ROWS.find((a) => a.id === 'nvidia-b200-sxm')!;

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 't', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-6);

describe('power: workload classes', () => {
  const cls = (inputs: Record<string, unknown>) => workloadClass(resolveRun(run(inputs), settings));

  it('tells the five classes apart from what the file says', () => {
    assert.strictEqual(cls({ hardware: 'H100', count: 256, params: 7e9, tokens: 1e12 }), 'pretraining');
    // 1e11 tokens or more is pre-training even on a few devices.
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 7e9, tokens: 2e11 }), 'pretraining');
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 7e9, tokens: 1e9 }), 'finetune');
    assert.strictEqual(cls({ hardware: 'A100 80GB', count: 1, params: 7e9, tokens: 1e8, adapter: 'lora' }), 'adapter-single');
    assert.strictEqual(cls({ hardware: 'A100 80GB', count: 4, params: 7e9, tokens: 1e8, adapter: 'lora' }), 'finetune');
    // BERT-base: 110M × 16 bytes = 1.8 GB of training state, under a quarter of a 32 GB V100.
    assert.strictEqual(cls({ hardware: 'nvidia-v100-sxm2-32gb', count: 4, model: 'bert-base-uncased', params: 1.1e8, hours: 6 }), 'small-model');
    // ViT-Tiny (5.7M) waits on its data loader; ViT-Large (307M) keeps the GPUs busy (Dodge et al. 2022: 30 % vs 86 % of TDP).
    assert.strictEqual(cls({ hardware: 'nvidia-v100-sxm2-32gb', count: 1, model: 'vit-tiny', params: 5.7e6, hours: 19 }), 'vision-loader');
    assert.strictEqual(cls({ hardware: 'nvidia-v100-sxm2-32gb', count: 4, model: 'vit-large', params: 3.07e8, hours: 90 }), 'finetune');
    // RTMDet-s (8.89M) is a small detector fed by Mosaic/MixUp augmentation, like the small YOLOs: data-loader bound.
    assert.strictEqual(cls({ hardware: 'A100 80GB', count: 8, model: 'rtmdet_s', params: 8.89e6, hours: 10 }), 'vision-loader');
  });

  it('takes the pre-training MFU of the accelerator generation', () => {
    const prior = (hardware: string) => workloadPrior(resolveRun(run({ hardware, count: 1024, params: 7e9, tokens: 1e12 }), settings)).mfu.typical;
    assert.strictEqual(prior('nvidia-v100-sxm2-32gb'), 0.2); // GPT-3 19.7 %, XLM 21.2 %
    assert.strictEqual(prior('google-tpu-v3'), 0.34); // T5 37 %, Switch 28 %
    assert.strictEqual(prior('A100 80GB'), 0.43); // LLaMA-7B ≈ 43 %
    assert.strictEqual(prior('H100'), 0.38); // Llama 3 405B 38–43 %
  });

  it('links the draw to the MFU on one line: halfway between worst and best MFU is halfway in draw', () => {
    // Fine-tuning: draw 0.45 at MFU 0.15, 0.95 at MFU 0.40; MFU 0.275 → 0.45 + 0.5 × 0.5 = 0.70.
    const p = workloadPrior(resolveRun(run({ hardware: 'H100', count: 8, params: 7e9, tokens: 1e9 }), settings));
    close(shareAtMfu(p, 0.275), 0.7);
    close(shareAtMfu(p, 0.01), 0.45); // clamped at the class's lowest draw
  });

  it('scales host power with the device class', () => {
    // 0.15 / 0.3 / 0.5 × TDP: a 70 W T4 brings 10.5 / 21 / 35 W, a 700 W H100 105 / 210 / 350 W.
    assert.deepStrictEqual(hostWatts(findAccelerator('T4')!), { low: 10.5, mid: 21, high: 35 });
    assert.deepStrictEqual(hostWatts(H100), { low: 105, mid: 210, high: 350 });
    // TPU hosts are shared by several chips: 0.05 / 0.1 / 0.15 × 450 W = 22.5 / 45 / 67.5 W.
    const tpu = hostWatts(findAccelerator('google-tpu-v3')!);
    close(tpu.low, 22.5);
    close(tpu.high, 67.5);
  });

  it('reproduces GPT-3 by hand (Patterson et al. 2021: 1,287 MWh) from its FLOPs', () => {
    // 3.14e23 FLOPs on 10,000 V100 (125 TFLOP/s fp16) at MFU 0.20: 3.14e23 / (1.25e18 × 0.2) = 1.256e6 s = 348.89 h.
    // Draw: 0.8 × 300 W + host 0.3 × 300 W = 330 W (Patterson measured 330 W); × PUE 1.1:
    // 10,000 × 348.89 h × 330 W × 1.1 / 1000 = 1,266,467 kWh, 1.6 % under the published 1,287,000 kWh.
    const e = estimateRun(run({ hardware: 'nvidia-v100-sxm2-32gb', count: 10000, params: 175e9, tokens: 3.14e23 / (6 * 175e9), precision: 'fp16', pue: 1.1, intensity: 400 }), settings);
    close(e.hours.mid, 348.888889, 1e-6);
    close(e.energyKwh.mid, 1266466.67, 1e-6);
    assert.ok(e.energyKwh.low < 1287000 && 1287000 < e.energyKwh.high);
  });

  it('draws what Dodge et al. measured for a small fine-tune at the GPU boundary (BERT-base, 4 V100, 6 h: 3.1 kWh)', () => {
    // Small model: 0.27 / 0.40 / 0.60 of 300 W, no host, no PUE: 4 × 6 h × 81 / 120 / 180 W = 1.944 / 2.88 / 4.32 kWh.
    const e = estimateRun(run({ hardware: 'nvidia-v100-sxm2-32gb', count: 4, model: 'bert-base-uncased', params: 1.1e8, hours: 6, intensity: 400 }), normalizeSettings({ includeEmbodied: false, boundary: 'gpu' }));
    close(e.energyKwh.low, 1.944);
    close(e.energyKwh.mid, 2.88);
    close(e.energyKwh.high, 4.32);
  });
});

describe('power: class boundaries and priors (each edge of the rules in power.ts)', () => {
  const resolved = (inputs: Record<string, unknown>) => resolveRun(run(inputs), settings);
  const cls = (inputs: Record<string, unknown>) => workloadClass(resolved(inputs));

  it('64 accelerators is pre-training, 63 is not; 1e11 tokens is pre-training, just under is not', () => {
    // 7B on H100 (7e9 × 16 B = 112 GB, not small), 1e9 tokens: only the count decides.
    assert.strictEqual(cls({ hardware: 'H100', count: 64, params: 7e9, tokens: 1e9 }), 'pretraining');
    assert.strictEqual(cls({ hardware: 'H100', count: 63, params: 7e9, tokens: 1e9 }), 'finetune');
    // 8 devices: only the tokens decide.
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 7e9, tokens: 1e11 }), 'pretraining');
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 7e9, tokens: 9.9e10 }), 'finetune');
  });

  it('a tiny text model is "small on a large device", not a vision run waiting on its loader', () => {
    // BERT-tiny, 4.4M parameters (under the 3e7 vision-loader size): not a vision backbone, so the small-model class.
    assert.strictEqual(cls({ hardware: 'nvidia-v100-sxm2-32gb', count: 1, model: 'prajjwal1/bert-tiny', params: 4.4e6, hours: 1 }), 'small-model');
    assert.strictEqual(cls({ hardware: 'nvidia-v100-sxm2-32gb', count: 1, params: 4.4e6, hours: 1 }), 'small-model');
  });

  it('DINOv2 backbones are vision backbones: ViT-S/14 (22M) waits on its loader like ViT-S', () => {
    // `dinov2` used to miss the name rule (`dino` followed by a letter) and fell to the small-text-model class.
    for (const model of ['facebook/dinov2-small', 'dinov2_vits14']) assert.strictEqual(cls({ hardware: 'A100', count: 1, model, params: 2.2e7, hours: 1 }), 'vision-loader', model);
    assert.strictEqual(cls({ hardware: 'A100', count: 1, model: 'dinosaur-lm', params: 2.2e7, hours: 1 }), 'small-model');
  });

  it('a model whose training state fills exactly a quarter of the device is not "small on a large device"', () => {
    // 1.25e9 × 16 B = 20 GB = 80 GB / 4 exactly: not under a quarter. 1.2e9 × 16 B = 19.2 GB is.
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 1.25e9, tokens: 1e9 }), 'finetune');
    assert.strictEqual(cls({ hardware: 'H100', count: 8, params: 1.2e9, tokens: 1e9 }), 'small-model');
  });

  it('devices released in 2019 take the V100-generation MFU, in 2021 the A100-generation one', () => {
    const typical = (hardware: string) => workloadPrior(resolved({ hardware, count: 1024, params: 7e9, tokens: 1e12 })).mfu.typical;
    assert.strictEqual(typical('nvidia-v100s-pcie-32gb'), 0.2); // V100S, 2019
    assert.strictEqual(typical('nvidia-a100-pcie-80gb'), 0.43); // A100 PCIe 80GB, 2021
    assert.strictEqual(typical('amd-mi250x'), 0.43); // MI250X, 2021
  });

  it('names each class and gives it its own draw and MFU (shown in the power sentence)', () => {
    const prior = (inputs: Record<string, unknown>) => {
      const p = workloadPrior(resolved(inputs));
      return { label: p.label, share: p.share, typical: p.mfu.typical };
    };
    assert.deepStrictEqual(prior({ hardware: 'A100 80GB', count: 1, params: 7e9, tokens: 1e8, adapter: 'lora' }), { label: 'single-GPU adapter fine-tuning', share: { low: 0.4, mid: 0.6, high: 0.85 }, typical: 0.25 });
    assert.deepStrictEqual(prior({ hardware: 'nvidia-v100-sxm2-32gb', count: 4, model: 'bert-base-uncased', params: 1.1e8, hours: 6 }), { label: 'small model on a large device', share: { low: 0.27, mid: 0.4, high: 0.6 }, typical: 0.2 });
    assert.deepStrictEqual(prior({ hardware: 'nvidia-v100-sxm2-32gb', count: 1, model: 'vit-tiny', params: 5.7e6, hours: 19 }), { label: 'vision training bound by its data loader', share: { low: 0.25, mid: 0.38, high: 0.6 }, typical: 0.12 });
    assert.deepStrictEqual(prior({ hardware: 'H100', count: 8, params: 7e9, tokens: 1e9 }), { label: 'multi-GPU or full fine-tuning', share: { low: 0.45, mid: 0.68, high: 0.95 }, typical: 0.27 });
    assert.deepStrictEqual(prior({ hardware: 'H100', count: 256, params: 7e9, tokens: 1e12 }), { label: 'large pre-training', share: { low: 0.65, mid: 0.8, high: 0.95 }, typical: 0.38 });
    // The label reaches the user in the power sentence of a run by stated time.
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, params: 7e9, hours: 5, adapter: 'lora', intensity: 400 }), settings);
    assert.ok(e.assumptions.some((a) => a.includes('(single-GPU adapter fine-tuning; Dodge et al. 2022')), e.assumptions.join('\n'));
  });

  it('scales every bound of a TPU\'s draw by 0.6', () => {
    // Pre-training 0.65 / 0.8 / 0.95 × 0.6 = 0.39 / 0.48 / 0.57 of a TPU v4's TDP; a GPU keeps its shares.
    const s = deviceShare(findAccelerator('google-tpu-v4')!, { low: 0.65, mid: 0.8, high: 0.95 });
    close(s.low, 0.39);
    close(s.mid, 0.48);
    close(s.high, 0.57);
    assert.deepStrictEqual(deviceShare(H100, { low: 0.65, mid: 0.8, high: 0.95 }), { low: 0.65, mid: 0.8, high: 0.95 });
  });

  it('a band with no width (best MFU = worst MFU) draws the middle of the class range, not NaN', () => {
    // t = 0.5: 0.4 + (0.8 − 0.4) × 0.5 = 0.6.
    const flat = { share: { low: 0.4, mid: 0.6, high: 0.8 }, mfu: { best: 0.3, typical: 0.3, worst: 0.3, source: 'test' } };
    close(shareAtMfu(flat, 0.3), 0.6);
  });
});

describe('inference energy per token (ML.ENERGY v3 model)', () => {
  it('Llama 3.1 8B on one H100 at batch 64, by hand (measured 0.1186 J)', () => {
    // memory 0.375 × 8 / 64 = 0.046875 J; compute 0.0118 × 8^0.82 = 0.0118 × 5.502125 = 0.0649251 J → 0.1118001 J.
    const e = perTokenEnergy({ params: 8e9, activeParams: 8e9, accelerator: H100, gpus: 1, batch: 64 });
    close(e.outJ, 0.1118001, 1e-5);
    assert.strictEqual(e.measuredGeneration, true);
    // Prefill: 2 × 8e9 FLOPs × 700 W / (989e12 FLOP/s × 0.4) = 0.0283114 J per input token.
    close(e.inJ, 0.0283114, 1e-5);
  });

  it('falls with the batch: from 8 to 512 the shared weight reads shrink 64×', () => {
    // batch 8: 0.375 × 8 / 8 + 0.0649251 = 0.4399251 J; batch 512: 0.375 × 8 / 512 + 0.0649251 = 0.0707845 J.
    close(perTokenEnergy({ params: 8e9, activeParams: 8e9, accelerator: H100, gpus: 1, batch: 8 }).outJ, 0.4399251, 1e-5);
    close(perTokenEnergy({ params: 8e9, activeParams: 8e9, accelerator: H100, gpus: 1, batch: 512 }).outJ, 0.0707845, 1e-5);
  });

  it('a mixture of experts reads only the experts its batch touches', () => {
    // 30B total, 3B active: with 8 tokens each expert is missed with probability 0.9^8 = 0.430467;
    // 3 + 27 × (1 − 0.430467) = 18.377385 billion weights read per step.
    close(weightsReadPerStep(30e9, 3e9, 8), 18.377385, 1e-6);
    close(weightsReadPerStep(8e9, 8e9, 8), 8); // dense: all of them
  });

  it('counts GPUs the way deployments do: the fewest that hold weights + KV cache, in powers of two', () => {
    // 70B bf16: 140 GB × 1.2 = 168 GB over 0.9 × 80 GB = 72 GB → 2.33 → 3 → 4 H100s; over 0.9 × 180 GB → 2 B200s.
    assert.strictEqual(minGpusFor(70e9, H100), 4);
    assert.strictEqual(minGpusFor(70e9, B200), 2);
    // 405B fp8: 405 GB × 1.2 = 486 GB / 162 GB = 3 → 4 B200s.
    assert.strictEqual(minGpusFor(405e9, B200, 'fp8'), 4);
  });

  it('charges GPUs beyond the fewest that fit (30B-A3B on 2 H100 where 1 holds it: × 1.3 for a MoE)', () => {
    const one = perTokenEnergy({ params: 30e9, activeParams: 3e9, accelerator: H100, gpus: 1, batch: 64 });
    const two = perTokenEnergy({ params: 30e9, activeParams: 3e9, accelerator: H100, gpus: 2, batch: 64 });
    close(two.outJ / one.outJ, 1.3);
  });

  it('FP8 costs more at small batch and less at large batch (ML.ENERGY v3 medians +30 % / −11 %)', () => {
    // Llama 3.1 8B fits one H100 in either precision, so only the precision factor differs.
    const at = (batch: number, precision?: 'fp8') => perTokenEnergy({ params: 8e9, activeParams: 8e9, accelerator: H100, gpus: 1, batch, precision }).outJ;
    close(at(8, 'fp8') / at(8), 1.3);
    close(at(128, 'fp8') / at(128), 0.89);
  });

  it('uses the tensor-parallel size from the file, else the fewest GPUs that fit', () => {
    // Llama 3.1 70B (70.55B): 4 H100 fit it. Stated 8 GPUs: × (1 + 0.1 × log2(8/4)) = × 1.1, all else equal.
    const traffic = { model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100', queriesPerDay: 1e6, tokensPerQuery: 500, pue: 1.2, intensity: 400 };
    const fitted = estimateRun(run(traffic, 'inference'), settings);
    const stated = estimateRun(run({ ...traffic, count: 8 }, 'inference'), settings);
    assert.strictEqual(fitted.method, 'per-token');
    assert.ok(fitted.assumptions.some((a) => /replica of 4 × H100 SXM5 80GB \(the fewest that hold the weights and KV cache\)/.test(a)), fitted.assumptions.join('\n'));
    close(stated.breakdown[0].energyKwh.mid / fitted.breakdown[0].energyKwh.mid, 1.1);
  });

  it('counts input tokens apart from output tokens (prefill)', () => {
    // Llama 3.1 8B (8.03B) on 1 × H100: per input token 2 × 8.03e9 × 700 / (989e12 × 0.4) = 0.0284176 J.
    // 1e6 queries/day × 2,000 input tokens × 365 days = 7.3e11 tokens × 0.0284176 J = 2.07448e10 J, at the GPU
    // boundary (no host, no PUE) = 5,762.45 kWh more than without them.
    const base = { model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', queriesPerDay: 1e6, tokensPerQuery: 300, intensity: 400 };
    const gpu = normalizeSettings({ includeEmbodied: false, boundary: 'gpu' });
    const without = estimateRun(run(base, 'inference'), gpu);
    const withIn = estimateRun(run({ ...base, inputTokensPerQuery: 2000 }, 'inference'), gpu);
    close(withIn.energyKwh.mid - without.energyKwh.mid, 5762.45, 1e-5);
  });
});

describe('measurement boundary', () => {
  it('parses the setting and applies PUE only at the facility', () => {
    assert.strictEqual(parseBoundary(' GPU '), 'gpu');
    assert.strictEqual(parseBoundary('rack'), undefined);
    assert.strictEqual(normalizeSettings({ boundary: 'node' }).boundary, 'node');
    assert.strictEqual(normalizeSettings({ boundary: 42 }).boundary, undefined);
    assert.strictEqual(pueAt('node', 1.2), 1);
    assert.strictEqual(pueAt('facility', 1.2), 1.2);
  });

  it('orders the same run gpu < node < facility and says which on the estimate', () => {
    const r = run({ hardware: 'A100 80GB', count: 8, hours: 24, pue: 1.2, intensity: 400 });
    const [g, n, f] = (['gpu', 'node', 'facility'] as const).map((b) => estimateRun(r, normalizeSettings({ includeEmbodied: false, boundary: b })));
    // 8 × 24 h × 272 W = 52.224 kWh; + host 120 W → 75.264 kWh; × 1.2 → 90.3168 kWh.
    close(g.energyKwh.mid, 52.224);
    close(n.energyKwh.mid, 75.264);
    close(f.energyKwh.mid, 90.3168);
    assert.deepStrictEqual([g.boundary, n.boundary, f.boundary], ['gpu', 'node', 'facility']);
    // The panel says it under the headline.
    // The presenter's formula (issue #16) without PUE, which the gpu boundary leaves out.
    assert.strictEqual(estimateView(g).methodText, 'from stated wall-clock hours × accelerators × power × grid intensity, at the gpu boundary (accelerators only)');
  });
});

describe('CLI: --boundary', () => {
  function cli(args: string[]): { code: number; out: string; err: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-boundary-'));
    fs.writeFileSync(path.join(dir, 'run.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 24\npue: 1.2\nintensity: 400\n');
    let out = '';
    let err = '';
    const code = main(['estimate', ...args, dir], (x) => (out += x), (x) => (err += x));
    fs.rmSync(dir, { recursive: true, force: true });
    return { code, out, err };
  }

  it('keeps every JSON field and adds the boundary, at the report and on each run', () => {
    const r = JSON.parse(cli(['--json', '--boundary', 'gpu']).out);
    assert.strictEqual(r.boundary, 'gpu');
    const run = r.files[0].runs[0];
    assert.strictEqual(run.boundary, 'gpu');
    // 8 × 24 h × 0.68 × 400 W = 52.224 kWh at the GPU boundary (no host, no PUE).
    assert.strictEqual(run.energyKwh.mid, 52.22);
    for (const k of ['name', 'phase', 'inputs', 'method', 'hours', 'energyKwh', 'co2eKg', 'embodiedKg', 'breakdown', 'missing', 'assumptions', 'warnings', 'suggestions']) assert.ok(k in run, k);
  });

  it('states the boundary in the text output and refuses an unknown one', () => {
    assert.match(cli([]).out, /Energy and CO₂e at the facility boundary \(accelerators \+ host \+ PUE\)/);
    const bad = cli(['--boundary', 'rack']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--boundary must be gpu, node or facility/);
  });
});

describe('market-based figure beside the location-based one', () => {
  it('GCP: location-based × (1 − CFE), as a second figure that leaves co2eKg alone', () => {
    // 1 × A100 80GB × 10 h × 392 W, PUE 1 = 3.92 kWh × 412.72 g/kWh (us-central1, 2024) = 1.6178624 kg;
    // Google matched 87 % of us-central1 hourly with carbon-free energy: 1.6178624 × 0.13 = 0.2103221 kg.
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, region: 'gcp:us-central1' }), settings);
    close(e.co2eKg.mid, 1.6178624);
    close(e.marketBased?.co2eKg.mid, 0.2103221);
    assert.strictEqual(e.marketBased?.cfeFraction, 0.87);
    assert.ok(e.assumptions.some((a) => /Market-based \(second figure\)/.test(a)));
  });

  it('says the CFE share and what remains, also for a region from the default-region setting', () => {
    // us-central1: CFE 87 % → 13 % remains.
    const basis = "Market-based (second figure): 87 % of us-central1's electricity is matched hourly with carbon-free energy by Google, so 13 % of the location-based CO₂e remains.";
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, region: 'gcp:us-central1' }), settings);
    assert.strictEqual(e.marketBased?.basis, basis);
    assert.ok(e.assumptions.some((a) => a.startsWith(`${basis} (`)), e.assumptions.join('\n'));
    const viaSetting = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1 }), normalizeSettings({ includeEmbodied: false, defaultRegion: 'gcp:us-central1' }));
    close(viaSetting.marketBased?.co2eKg.mid, 0.2103221);
  });

  it('none where the provider publishes no CFE share, or where the intensity was stated', () => {
    assert.strictEqual(estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, region: 'aws:us-east-1' }), settings).marketBased, undefined);
    assert.strictEqual(estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, region: 'gcp:us-central1', intensity: 300 }), settings).marketBased, undefined);
  });
});
