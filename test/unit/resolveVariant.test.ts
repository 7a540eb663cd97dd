// The what-ifs' shared resolution (resolve.ts, resolveVariant): a hardware or region candidate resolved
// from the base run's stages must be exactly what resolveRun gives for the changed run — same numbers,
// same inputs, same assumptions in the same order — or the savings shown would differ from what the
// estimator says once the change is applied. Checked on every run of our fixtures (and of the shared
// corpus when present) under several settings, plus hand-checked cases where a stage's output changes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findAccelerator } from '../../src/core/catalog';
import { estimateResolved, estimateRun } from '../../src/core/estimate';
import { resolveRun, resolveShared, resolveVariant, sharedCompute, variantOf } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings, type EstimateSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { CORPUS, HAVE_CORPUS } from './helpers/corpus';

function withInput(run: RunSpec, field: 'hardware' | 'region', value: string): RunSpec {
  return { ...run, inputs: { ...run.inputs, [field]: { value, origin: 'file', note: 'what-if' } } };
}

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (fs.statSync(p).size < 2_000_000) out.push(p);
  }
  return out;
}

/** Every run the readers find in our fixtures and, when present, the shared corpus. */
function allRuns(): RunSpec[] {
  const dirs = [path.resolve(__dirname, '../fixtures'), ...(HAVE_CORPUS ? [CORPUS] : [])];
  const none = normalizeSettings({});
  return dirs.flatMap(files).flatMap((f) => evaluateText(fs.readFileSync(f, 'utf8'), f, none).analysis?.runs ?? []);
}

const SETTINGS: EstimateSettings[] = [
  normalizeSettings({}),
  normalizeSettings({ defaultHardware: 'nvidia-h100-sxm5-80gb', defaultRegion: 'aws:us-east-1', pue: 1.3, mfu: 0.4, defaultCount: 4 }),
  normalizeSettings({ intensity: 100, boundary: 'device' }),
];
// The what-ifs' nine candidates, devices whose precision default or peak differs (V100 fp16 only, K80 fp32
// only, the H200 NVL with no compute figure, a CPU), a name the catalogue lacks and an instance type.
const HARDWARE = ['nvidia-h100-sxm5-80gb', 'nvidia-h200-sxm-141gb', 'nvidia-b200-sxm', 'nvidia-a100-sxm4-80gb', 'nvidia-l40s', 'nvidia-l4', 'amd-mi300x', 'google-tpu-v5p', 'intel-gaudi3',
  'nvidia-v100-sxm2-16gb', 'nvidia-k80', 'nvidia-h200-nvl-141gb', 'cpu-vcpu', 'not-a-gpu-9000', 'p4d.24xlarge'];
const REGIONS = ['gcp:europe-west4', 'aws:us-east-1', 'azure:westeurope', 'FR', 'mars-north-1', 'aws:eu-north-1'];

function same(variant: RunSpec, base: RunSpec, settings: EstimateSettings, shared = resolveShared(base, settings)): void {
  const fast = resolveVariant(shared, variant, settings);
  assert.deepStrictEqual(fast, resolveRun(variant, settings));
  const opts = { withSuggestions: false };
  const full = estimateRun(variant, settings, opts);
  assert.deepStrictEqual(estimateResolved(variant, fast, settings, opts), full);
  // As the what-ifs estimate a kept-stages variant: with the base run's FLOPs.
  const kept = variantOf(shared, variant, settings);
  if (kept) {
    assert.deepStrictEqual(estimateResolved(variant, kept, settings, { ...opts, compute: { value: sharedCompute(shared) } }), full);
    // The what-ifs' totals-only estimate: the same figures, no sentences needed.
    const t = estimateResolved(variant, kept, settings, { ...opts, compute: { value: sharedCompute(shared) }, totalsOnly: true });
    assert.deepStrictEqual([t.co2eKg, t.embodiedKg, t.energyKwh, t.hours, t.missing, t.method, t.breakdown.map((b) => b.co2eKg)], [full.co2eKg, full.embodiedKg, full.energyKwh, full.hours, full.missing, full.method, full.breakdown.map((b) => b.co2eKg)]);
  }
}

describe('resolveVariant: a candidate resolved from the shared stages equals a full resolve', () => {
  it('on every fixture and corpus run, each device and region, under three settings', function () {
    this.timeout(120_000);
    for (const id of HARDWARE.slice(0, -2)) assert.ok(findAccelerator(id), id);
    const runs = allRuns();
    assert.ok(runs.length > 100, `only ${runs.length} runs found`);
    let checked = 0;
    for (const settings of SETTINGS) {
      for (const base of runs) {
        const shared = resolveShared(base, settings);
        for (const id of HARDWARE) same(withInput(base, 'hardware', id), base, settings, shared);
        for (const id of REGIONS) same(withInput(base, 'region', id), base, settings, shared);
        checked += HARDWARE.length + REGIONS.length;
      }
    }
    // Without ../shared/corpus (a clean clone) the fixtures alone give ~150 runs, ~9,000 comparisons.
    assert.ok(checked > 5_000, `${checked} comparisons`);
  });

  it('the precision a file leaves out follows the new device (V100 fp16 → H100 bf16), a stated one stays', () => {
    const settings = normalizeSettings({});
    const base = run({ hardware: 'nvidia-v100-sxm2-16gb', model: 'meta-llama/Llama-3.1-8B', tokens: 1e9 });
    const shared = resolveShared(base, settings);
    // V100: fp16 125 TFLOP/s, no bf16 figure → fp16 default; H100 SXM: bf16 989 → bf16 default.
    assert.strictEqual(shared.r.precision, 'fp16');
    const h100 = resolveVariant(shared, withInput(base, 'hardware', 'nvidia-h100-sxm5-80gb'), settings);
    assert.deepStrictEqual([h100.precision, h100.peakTflops, h100.inputs.precision?.origin], ['bf16', 989, 'default']);
    assert.ok(h100.assumptions.includes('Precision not stated: assumed bf16 mixed precision, the usual default on H100 SXM5 80GB.'), h100.assumptions.join('\n'));
    const stated = run({ hardware: 'nvidia-v100-sxm2-16gb', precision: 'fp32', tokens: 1e9 });
    const v = resolveVariant(resolveShared(stated, settings), withInput(stated, 'hardware', 'nvidia-h100-sxm5-80gb'), settings);
    assert.deepStrictEqual([v.precision, v.inputs.precision?.origin], ['fp32', 'file']);
  });

  it('a region variant takes the new grid and its provider PUE, a stated intensity or PUE stays', () => {
    const settings = normalizeSettings({});
    const base = run({ tokens: 1e9, params: 1e9 });
    const shared = resolveShared(base, settings);
    // World average 475 g and unknown PUE 1.56 → gcp:europe-west4 with Google's PUE 1.1 (catalogue rows).
    assert.deepStrictEqual([shared.r.intensity.value, shared.r.pue.value], [475, 1.56]);
    const gcp = resolveVariant(shared, withInput(base, 'region', 'gcp:europe-west4'), settings);
    assert.deepStrictEqual([gcp.provider, gcp.pue.value, gcp.intensity.label], ['gcp', 1.1, 'gcp:europe-west4']);
    assert.ok(!gcp.assumptions.some((a) => a.startsWith('Region not stated') || a.startsWith('Data-centre PUE unknown')));
    const site = run({ tokens: 1e9, params: 1e9, intensity: 20, pue: 1.2 });
    const v = resolveVariant(resolveShared(site, settings), withInput(site, 'region', 'gcp:europe-west4'), settings);
    assert.deepStrictEqual([v.intensity.value, v.pue.value], [20, 1.2]);
  });

  it('any other change, or two at once, is resolved in full (and still equal)', () => {
    const settings = normalizeSettings({});
    const base = run({ hardware: 'nvidia-a100-sxm4-80gb', model: 'meta-llama/Llama-3.1-8B', tokens: 1e9 });
    const both = withInput(withInput(base, 'hardware', 'nvidia-l4'), 'region', 'FR');
    same(both, base, settings);
    same({ ...base, inputs: { ...base.inputs, tokens: { value: 2e9, origin: 'file' } } }, base, settings);
    // Other settings than the shared resolution's: the full path.
    same(withInput(base, 'hardware', 'nvidia-l4'), base, normalizeSettings({ pue: 1.4 }), resolveShared(base, settings));
  });
});
