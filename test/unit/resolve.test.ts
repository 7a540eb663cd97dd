// How resolveRun completes a run: the file's values first, then settings, then the catalogue, then named
// defaults — and the sentence or note the user sees for each value that did not come from the file.
// Expected values are catalogue rows (src/core/data/*.json: A100 SXM4 80GB bf16 312 TFLOP/s, H100 989 / fp8
// 1979, V100 fp16 125, A100 int8 624; world average 475 g/kWh, IEA 2019; unknown PUE 1.56, Uptime 2024;
// gcp PUE 1.1; aws:us-east-1 379.069 g/kWh; France 56.039 g/kWh) or stated inputs.
import * as assert from 'assert';
import type { Accelerator } from '../../src/core/catalogTypes';
import { peakFor, resolveRun } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

const none = normalizeSettings({});

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const WORLD = 'Region not stated: world average grid, 475 g CO₂e/kWh (IEA Global Energy & CO2 Status Report 2019).';
const PUE_UNKNOWN = 'Data-centre PUE unknown: 1.56 (Uptime Institute Global Data Center Survey 2024).';

describe('resolveRun: an empty run is completed by named defaults, each said once', () => {
  it('A100 80GB × 1, bf16, world grid, PUE 1.56, one trial, facility boundary', () => {
    const r = resolveRun(run({}), none);
    assert.strictEqual(r.accelerator.id, 'nvidia-a100-sxm4-80gb');
    assert.deepStrictEqual([r.count, r.nodes, r.trials, r.precision, r.peakTflops, r.boundary], [1, 1, 1, 'bf16', 312, 'facility']);
    assert.deepStrictEqual(r.intensity, { value: 475, source: 'IEA Global Energy & CO2 Status Report 2019', year: 2019, label: 'world average' });
    assert.deepStrictEqual(r.pue, { value: 1.56, source: 'Uptime Institute Global Data Center Survey 2024', year: 2024 });
    assert.deepStrictEqual(r.assumptions, [
      'Accelerator not stated: assumed A100 SXM4 80GB (the most common training GPU in published runs).',
      'Accelerator count not stated (config, launcher flags or comments): assumed 1.',
      'Precision not stated: assumed bf16 mixed precision, the usual default on A100 SXM4 80GB.',
      WORLD,
      PUE_UNKNOWN,
    ]);
    assert.deepStrictEqual(r.inputs.hardware, { value: 'nvidia-a100-sxm4-80gb', origin: 'default', note: 'no accelerator stated' });
    assert.deepStrictEqual(r.inputs.count, { value: 1, origin: 'default', note: 'no accelerator count stated' });
    assert.deepStrictEqual(r.inputs.intensity, { value: 475, origin: 'default', note: 'world average (IEA Global Energy & CO2 Status Report 2019)' });
    assert.strictEqual(r.inputs.pue?.origin, 'default');
    assert.deepStrictEqual(r.warnings, []);
  });
});

describe('resolveRun: hardware', () => {
  it('an unknown name is warned about and estimated as the default device', () => {
    const r = resolveRun(run({ hardware: 'Quantum9000', hours: 1 }), none);
    assert.strictEqual(r.accelerator.id, 'nvidia-a100-sxm4-80gb');
    assert.deepStrictEqual(r.warnings, ['Unknown accelerator "Quantum9000": estimated as the default instead. Set it in the file or with "Carbon Lens: Set default hardware".']);
    // The file named a device: the assumption says that name was not found, never "not stated".
    assert.ok(r.assumptions.includes('Accelerator "Quantum9000" is not in the catalogue: assumed A100 SXM4 80GB (the most common training GPU in published runs).'), r.assumptions.join('\n'));
    assert.ok(!r.assumptions.some((a) => a.startsWith('Accelerator not stated')));
    assert.strictEqual(r.inputs.hardware?.note, '"Quantum9000" is not in the catalogue');
  });

  it('a cloud instance type names its device; an alias is noted with the catalogue name', () => {
    const p4d = resolveRun(run({ hardware: 'p4d.24xlarge', hours: 1 }), none);
    assert.strictEqual(p4d.accelerator.id, 'nvidia-a100-sxm4-40gb');
    assert.deepStrictEqual(p4d.inputs.hardware, { value: 'nvidia-a100-sxm4-40gb', origin: 'file', note: '"p4d.24xlarge" → A100 SXM4 40GB' });
    const h = resolveRun(run({ hardware: 'H100', hours: 1 }), none);
    assert.deepStrictEqual(h.inputs.hardware, { value: 'nvidia-h100-sxm5-80gb', origin: 'file', note: '"H100" → H100 SXM5 80GB' });
    assert.ok(!h.assumptions.some((a) => a.startsWith('Accelerator not stated')));
    // The canonical id needs no note.
    assert.deepStrictEqual(resolveRun(run({ hardware: 'nvidia-h100-sxm5-80gb' }), none).inputs.hardware, { value: 'nvidia-h100-sxm5-80gb', origin: 'file' });
  });

  it('the settings fill what the file leaves out, marked as settings, and the file wins over them', () => {
    const s = normalizeSettings({ defaultHardware: 'L4', defaultCount: 4, defaultRegion: 'aws:us-east-1', pue: 1.3, mfu: 0.4 });
    const r = resolveRun(run({ hours: 1 }), s);
    assert.strictEqual(r.accelerator.id, 'nvidia-l4');
    assert.strictEqual(r.count, 4);
    assert.deepStrictEqual(r.inputs.hardware, { value: 'nvidia-l4', origin: 'setting', note: 'carbonLens.defaultHardware' });
    assert.deepStrictEqual(r.inputs.count, { value: 4, origin: 'setting', note: 'carbonLens.defaultCount' });
    assert.deepStrictEqual(r.inputs.region, { value: 'aws:us-east-1', origin: 'setting', note: 'carbonLens.defaultRegion' });
    assert.deepStrictEqual(r.inputs.pue, { value: 1.3, origin: 'setting', note: 'carbonLens.pue' });
    assert.deepStrictEqual(r.pue, { value: 1.3, source: 'carbonLens.pue setting', year: new Date().getFullYear() });
    assert.deepStrictEqual(r.inputs.mfu, { value: 0.4, origin: 'setting', note: 'carbonLens.mfu' });
    assert.deepStrictEqual(r.intensity, { value: 379.069, source: 'Cloud Carbon Footprint (EPA eGRID2020)', year: 2020, label: 'aws:us-east-1' });
    assert.strictEqual(r.provider, 'aws');
    // Only the precision is left to a default.
    assert.deepStrictEqual(r.assumptions, ['Precision not stated: assumed bf16 mixed precision, the usual default on L4 PCIe 24GB.']);
    const file = resolveRun(run({ hardware: 'H100', count: 2, mfu: 0.5, pue: 1.1 }), s);
    assert.deepStrictEqual([file.accelerator.id, file.count, file.inputs.mfu?.value, file.inputs.mfu?.origin, file.pue.value, file.pue.source], ['nvidia-h100-sxm5-80gb', 2, 0.5, 'file', 1.1, 'stated in the file']);
  });

  it('a default hardware setting that names no device falls back to the named default', () => {
    const r = resolveRun(run({}), normalizeSettings({ defaultHardware: 'Quantum9000' }));
    assert.strictEqual(r.accelerator.id, 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(r.inputs.hardware?.origin, 'default');
  });

  it('keeps the stated nodes and trials', () => {
    const r = resolveRun(run({ hardware: 'H100', count: 16, nodes: 2, trials: 3 }), none);
    assert.deepStrictEqual([r.count, r.nodes, r.trials], [16, 2, 3]);
  });
});

describe('resolveRun: model size', () => {
  it('from the catalogue, with its source; a mixture of experts brings its active parameters', () => {
    const llama = resolveRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100' }), none);
    assert.deepStrictEqual([llama.params, llama.activeParams], [8.03e9, 8.03e9]);
    assert.deepStrictEqual(llama.inputs.params, { value: 8.03e9, origin: 'inferred', note: 'meta-llama/Llama-3.1-8B: 8.03B parameters (EcoLogits model data, 2024)' });
    const mixtral = resolveRun(run({ model: 'mistralai/Mixtral-8x7B-v0.1', hardware: 'H100' }), none);
    assert.deepStrictEqual([mixtral.params, mixtral.activeParams], [46.7e9, 12.9e9]);
    assert.deepStrictEqual(mixtral.inputs.activeParams, { value: 12.9e9, origin: 'inferred', note: 'mixture of experts: 12.9B active per token (EcoLogits model data)' });
    // Stated sizes win over the catalogue.
    const stated = resolveRun(run({ model: 'mistralai/Mixtral-8x7B-v0.1', hardware: 'H100', params: 40e9, activeParams: 10e9 }), none);
    assert.deepStrictEqual([stated.params, stated.activeParams], [40e9, 10e9]);
  });

  it('from the name when the catalogue lacks it, and says so; an id with no size gets none', () => {
    const named = resolveRun(run({ model: 'acme/foo-13b', hardware: 'H100' }), none);
    assert.deepStrictEqual([named.params, named.activeParams], [13e9, 13e9]);
    assert.deepStrictEqual(named.inputs.params, { value: 13e9, origin: 'inferred', note: 'size read from the name "acme/foo-13b"' });
    assert.ok(named.assumptions.includes('Model "acme/foo-13b" is not in the catalogue: 13B parameters read from its name.'), named.assumptions.join('\n'));
    const moe = resolveRun(run({ model: 'acme/foo-30b-a3b', hardware: 'H100' }), none);
    assert.deepStrictEqual([moe.params, moe.activeParams], [30e9, 3e9]);
    assert.deepStrictEqual(moe.inputs.activeParams, { value: 3e9, origin: 'inferred', note: 'active parameters read from the name' });
    const bare = resolveRun(run({ model: 'acme/foo', hardware: 'H100' }), none);
    assert.deepStrictEqual([bare.params, bare.activeParams], [undefined, undefined]);
    assert.ok(bare.assumptions.includes('Model "acme/foo" is not in the catalogue and its name gives no size.'));
  });
});

describe('resolveRun: precision and peak throughput', () => {
  it('defaults to bf16 where the device has it, else fp16, else fp32', () => {
    assert.deepStrictEqual([resolveRun(run({ hardware: 'V100' }), none).precision, resolveRun(run({ hardware: 'V100' }), none).peakTflops], ['fp16', 125]);
    const k80 = resolveRun(run({ hardware: 'nvidia-k80' }), none);
    assert.deepStrictEqual([k80.precision, k80.peakTflops], ['fp32', 8.73]);
    // fp32 is not "mixed" precision (the sentence said "fp32 mixed precision" before).
    assert.ok(k80.assumptions.includes('Precision not stated: assumed fp32 precision, the usual default on K80 board (2x GK210, 2x12GB).'), k80.assumptions.join('\n'));
    assert.ok(resolveRun(run({ hardware: 'V100' }), none).assumptions.includes('Precision not stated: assumed fp16 mixed precision, the usual default on V100 SXM2 16GB.'));
  });

  it('says when the stated precision has no figure on the device (bf16 on a V100: its fp16 peak)', () => {
    const r = resolveRun(run({ hardware: 'V100', precision: 'bf16' }), none);
    assert.strictEqual(r.peakTflops, 125);
    assert.ok(r.assumptions.includes('V100 SXM2 16GB has no bf16 figure: used its fp16 peak.'), r.assumptions.join('\n'));
    assert.ok(!r.assumptions.some((a) => a.startsWith('Precision not stated')));
  });

  it('4-bit training is QLoRA computing in bf16; 8-bit serving uses the int8 peak, fp8 serving the fp8 one', () => {
    const q = resolveRun(run({ model: 'acme/foo-7b', hardware: 'H100', quantization: 4, precision: 'int4' }), none);
    assert.deepStrictEqual([q.adapter, q.peakTflops, q.quantBits], ['qlora', 989, 4]);
    assert.ok(!q.assumptions.some((a) => /has no/.test(a)), q.assumptions.join('\n'));
    // 8-bit weights in training are not QLoRA.
    assert.strictEqual(resolveRun(run({ model: 'acme/foo-7b', hardware: 'H100', quantization: 8 }), none).adapter, undefined);
    // Serving 4-bit weights is not an adapter.
    assert.strictEqual(resolveRun(run({ model: 'acme/foo-7b', hardware: 'H100', quantization: 4 }, 'inference'), none).adapter, undefined);
    assert.strictEqual(resolveRun(run({ model: 'acme/foo-7b', hardware: 'A100 80GB', quantization: 8 }, 'inference'), none).peakTflops, 624);
    assert.strictEqual(resolveRun(run({ model: 'acme/foo-7b', hardware: 'H100', quantization: 8, precision: 'fp8' }, 'inference'), none).peakTflops, 1979);
    // No int8 figure (V100): the 16-bit peak.
    assert.strictEqual(resolveRun(run({ model: 'acme/foo-7b', hardware: 'V100', quantization: 8 }, 'inference'), none).peakTflops, 125);
  });

  it('peakFor walks the fallback chain, then any figure, then 1 TFLOP/s', () => {
    const dev = (tflops: Accelerator['tflops']) => ({ id: 'x', name: 'X', vendor: 'v', aliases: [], tdpW: 100, tflops, source: 's', year: 2024 }) as Accelerator;
    assert.deepStrictEqual(peakFor(dev({ fp32: 10, fp16: 40, int8: 80 }), 'int4'), { tflops: 80, used: 'int8' });
    assert.deepStrictEqual(peakFor(dev({ fp32: 10, fp16: 40 }), 'fp8'), { tflops: 40, used: 'fp16' });
    assert.deepStrictEqual(peakFor(dev({ fp32: 10, bf16: 0, fp16: 40 }), 'bf16'), { tflops: 40, used: 'fp16' });
    // Only a tf32 figure: no chain for fp16 reaches it, so the first positive figure, reported as fp32.
    assert.deepStrictEqual(peakFor(dev({ tf32: 50 }), 'fp16'), { tflops: 50, used: 'fp32' });
    assert.deepStrictEqual(peakFor(dev({}), 'bf16'), { tflops: 1, used: 'fp32' });
  });
});

describe('resolveRun: grid intensity and PUE', () => {
  it('a cloud region gives its intensity, provider and PUE, with no "unknown" sentences', () => {
    const r = resolveRun(run({ hardware: 'H100', count: 1, precision: 'bf16', region: 'gcp:us-central1' }), none);
    assert.strictEqual(r.intensity.label, 'gcp:us-central1');
    assert.strictEqual(r.provider, 'gcp');
    assert.strictEqual(r.intensity.value, 412.72);
    assert.deepStrictEqual(r.pue, { value: 1.1, source: 'Cloud Carbon Footprint', year: 2024 });
    assert.deepStrictEqual(r.inputs.pue, { value: 1.1, origin: 'inferred', note: 'gcp PUE (Cloud Carbon Footprint, 2024)' });
    assert.deepStrictEqual(r.assumptions, []);
    assert.deepStrictEqual(r.inputs.region, { value: 'gcp:us-central1', origin: 'file' });
  });

  it('a country gives its intensity under its name', () => {
    const r = resolveRun(run({ region: 'FR' }), none);
    assert.deepStrictEqual(r.intensity, { value: 56.039, source: 'Our World in Data / Ember (via CodeCarbon)', year: 2023, label: 'France' });
    assert.deepStrictEqual(r.inputs.intensity, { value: 56.039, origin: 'inferred', note: 'France: 56.039 g/kWh (Our World in Data / Ember (via CodeCarbon), 2023)' });
    assert.strictEqual(r.provider, undefined);
  });

  it('an unknown region says so and uses the world average, without the "not stated" sentence', () => {
    const r = resolveRun(run({ region: 'nowhere-land' }), none);
    assert.strictEqual(r.intensity.value, 475);
    assert.ok(r.assumptions.includes('Region "nowhere-land" is not in the data: used the world average grid.'));
    assert.ok(!r.assumptions.includes(WORLD));
    // An unknown default region is not recorded as the run's region.
    assert.strictEqual(resolveRun(run({}), normalizeSettings({ defaultRegion: 'nowhere-land' })).inputs.region, undefined);
  });

  it('a stated intensity wins over the region, which still names the provider', () => {
    const r = resolveRun(run({ region: 'gcp:us-central1', intensity: 100 }), none);
    assert.deepStrictEqual(r.intensity, { value: 100, source: 'stated in the file', year: new Date().getFullYear(), label: 'gcp:us-central1' });
    assert.strictEqual(r.provider, 'gcp');
    const set = resolveRun(run({}), normalizeSettings({ intensity: 250 }));
    assert.deepStrictEqual(set.intensity, { value: 250, source: 'carbonLens.intensity setting', year: new Date().getFullYear(), label: 'world average' });
    assert.deepStrictEqual(set.inputs.intensity, { value: 250, origin: 'setting', note: 'carbonLens.intensity' });
    assert.ok(!set.assumptions.includes(WORLD));
  });

  it('the boundary comes from the settings', () => {
    assert.strictEqual(resolveRun(run({}), normalizeSettings({ boundary: 'gpu' })).boundary, 'gpu');
  });
});
