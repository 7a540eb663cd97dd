// What-ifs under an estimate: which are offered, in which order, and that each promises exactly what
// the estimator says after the change. Expectations are relations (the promised CO₂e is the
// re-estimate of the changed run; the percentage is the saving against the estimate shown) and
// device/precision/memory facts from the catalogue, so they hold whatever the physics constants are.
import * as assert from 'assert';
import { findRegion } from '../../src/core/catalog';
import { estimateRun } from '../../src/core/estimate';
import type { Estimate, RunInputs, RunSpec, Suggestion } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

const settings = normalizeSettings({ includeEmbodied: false });

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training', format = 'carbon-lens'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format, inputs: ins, notes: [], warnings: [] };
}

const kinds = (e: Estimate) => e.suggestions.map((s) => s.kind);
const find = (e: Estimate, kind: Suggestion['kind']) => e.suggestions.find((s) => s.kind === kind);

/** The suggestion's promise: the run with its one change applied, estimated again. */
function keepsPromise(r: RunSpec, base: Estimate, s: Suggestion): void {
  assert.ok(s.change, `${s.title} has a change`);
  const after = estimateRun({ ...r, inputs: { ...r.inputs, [s.change.field]: { value: s.change.value, origin: 'file' } } }, settings);
  assert.ok(Math.abs(after.co2eKg.mid - s.co2eKg) <= 1e-9 * Math.abs(s.co2eKg), `${s.title}: ${s.co2eKg} vs ${after.co2eKg.mid}`);
  const pct = ((base.co2eKg.mid - after.co2eKg.mid) / base.co2eKg.mid) * 100;
  // One decimal in savingPct, whole percent in the title.
  assert.strictEqual(s.savingPct, Math.round(pct * 10) / 10, s.title);
  assert.ok(s.title.endsWith(` (−${Math.round(pct)}% CO₂e)`), s.title);
}

// Full fine-tune of a 7B model in fp32 on 8 × A100 80GB on the US-East grid: every kind of training
// what-if applies (region, hardware, precision, QLoRA).
const fp32 = run({ hardware: 'A100 80GB', count: 8, params: 7e9, tokens: 1e9, precision: 'fp32', region: 'aws:us-east-1' });

describe('suggestions', () => {
  it('are sorted by saving, largest first, and each keeps its promise', () => {
    const e = estimateRun(fp32, settings);
    assert.deepStrictEqual([...new Set(kinds(e))].sort(), ['hardware', 'precision', 'quantization', 'region']);
    for (let i = 1; i < e.suggestions.length; i++) assert.ok(e.suggestions[i - 1].savingPct >= e.suggestions[i].savingPct, e.suggestions.map((s) => s.savingPct).join(' '));
    for (const s of e.suggestions) {
      keepsPromise(fp32, e, s);
      assert.ok(s.savingPct >= 5, `${s.title}: under 5 % is noise next to the estimate's own range`);
    }
  });

  it('fp32 → bf16 on a device with bf16; fp16 (with loss scaling) on one without', () => {
    const a100 = find(estimateRun(fp32, settings), 'precision')!;
    assert.ok(a100.title.startsWith('Use bf16 mixed precision'), a100.title);
    assert.deepStrictEqual(a100.change, { field: 'precision', value: 'bf16' });
    // A100 SXM4 80GB: 312 TFLOP/s bf16 against 19.5 in fp32 (catalogue), the figures the explanation quotes.
    assert.match(a100.explanation, /^A100 SXM4 80GB: \d+(\.\d+)? TFLOP\/s in bf16 against \d+(\.\d+)? in fp32\.$/);
    // V100: fp16 125 TFLOP/s, no bf16 (catalogue).
    const v100run = run({ hardware: 'V100', count: 8, params: 1e9, tokens: 1e9, precision: 'fp32', intensity: 400 });
    const v100 = find(estimateRun(v100run, settings), 'precision')!;
    assert.deepStrictEqual(v100.change, { field: 'precision', value: 'fp16' });
    assert.deepStrictEqual(v100.caveats, ['fp16 needs loss scaling.']);
    // tf32 is offered bf16 too; a bf16 run is offered nothing.
    assert.ok(find(estimateRun(run({ ...Object.fromEntries(Object.entries(fp32.inputs).map(([k, v]) => [k, v!.value])), precision: 'tf32' }), settings), 'precision'));
    assert.strictEqual(find(estimateRun(run({ hardware: 'A100 80GB', count: 8, params: 7e9, tokens: 1e9, precision: 'bf16', intensity: 400 }), settings), 'precision'), undefined);
  });

  it('QLoRA only for full fine-tunes of models of 1B parameters or more, not Megatron pre-training', () => {
    const big = find(estimateRun(fp32, settings), 'quantization')!;
    assert.ok(big.title.startsWith('Fine-tune with QLoRA'), big.title);
    assert.deepStrictEqual(big.change, { field: 'quantization', value: 4 });
    const base = { hardware: 'A100 80GB', count: 8, tokens: 1e9, precision: 'bf16', intensity: 400 };
    assert.strictEqual(find(estimateRun(run({ ...base, params: 0.5e9 }), settings), 'quantization'), undefined, '0.5B');
    // Already LoRA: QLoRA keeps the FLOPs per token (the 4-bit base is dequantized per matmul), so it is a
    // note that promises nothing, with the keys to use if memory is the reason (issue #15).
    const lora = find(estimateRun(run({ ...base, params: 7e9, adapter: 'lora' }), settings), 'quantization')!;
    assert.ok(lora?.info, 'already an adapter: a note, not a saving');
    assert.strictEqual(lora.savingPct, 0);
    assert.strictEqual(lora.change, undefined);
    assert.strictEqual(find(estimateRun(run({ ...base, params: 7e9 }, 'training', 'megatron'), settings), 'quantization'), undefined, 'Megatron');
    // Already 4-bit: said as a note ("Already 4-bit"), never offered again as a saving.
    const q4 = find(estimateRun(run({ ...base, params: 7e9, quantization: 4 }), settings), 'quantization');
    assert.ok(q4?.info && q4.savingPct === 0 && q4.change === undefined, 'already 4-bit');
  });

  it('never proposes hardware that cannot hold the training state (16 bytes a parameter)', () => {
    // 70B full fine-tune on 8 devices: 1.12 TB of state. 8 × 80 GB × 0.9 = 576 GB (H100, A100) and
    // 8 × 141 × 0.9 = 1,015 GB (H200) are too small; B200 (180 GB: 1,296) and MI300X (192 GB: 1,382) fit.
    const r = run({ hardware: 'H100', count: 8, params: 70e9, tokens: 1e9, precision: 'bf16', intensity: 400 });
    const e = estimateRun(r, settings);
    const hw = find(e, 'hardware')!;
    assert.ok(['nvidia-b200-sxm', 'amd-mi300x'].includes(hw.change!.value as string), hw.title);
    assert.ok(hw.title.startsWith('Run on 8× '), hw.title);
    keepsPromise(r, e, hw);
    // Never the device already in use.
    const a100 = find(estimateRun(fp32, settings), 'hardware')!;
    assert.notStrictEqual(a100.change!.value, 'nvidia-a100-sxm4-80gb');
  });

  it('a stated grid intensity is a fact about the site: no region what-if', () => {
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, intensity: 700 }), settings);
    assert.ok(e.co2eKg.mid > 0);
    assert.strictEqual(find(e, 'region'), undefined);
    // The same run on a named dirty region is offered a cleaner one that keeps its promise.
    const r = run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'aws:ap-south-1' });
    const onGrid = estimateRun(r, settings);
    const region = find(onGrid, 'region')!;
    assert.strictEqual(region.change?.field, 'region');
    keepsPromise(r, onGrid, region);
  });

  it('nothing to suggest without an estimate, or for a run with no CO₂e', () => {
    assert.deepStrictEqual(estimateRun(run({ hardware: 'A100 80GB', count: 8 }), settings).suggestions, []);
    assert.deepStrictEqual(estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, intensity: 0, precision: 'fp32', params: 7e9 }), settings).suggestions, []);
  });

  it('serving quantization: a saving that needs fewer devices changes the count in the same edit', () => {
    // 70B on 8 × L40S (48 GB): 16-bit weights 141 GB × 1.2 / 48 = 3.5 → 4 devices a replica; 4-bit
    // 42.3 GB → 0.88 → 1, so the promised run has 8 × 1/4 = 2 devices. 405B on 16 × H100 and 70B on
    // 2 × A100 80GB are checked the same way when the estimator finds a saving there.
    const cases: Array<[string, string, number]> = [
      ['meta-llama/Llama-3.1-70B-Instruct', 'L40S', 8],
      ['meta-llama/Llama-3.1-70B-Instruct', 'A100 80GB', 2],
      ['meta-llama/Llama-3.1-405B-Instruct', 'H100', 16],
    ];
    let checked = 0;
    for (const [model, hardware, count] of cases) {
      const r = run({ model, hardware, count, queriesPerDay: 1e6, tokensPerQuery: 1000, horizonDays: 365, intensity: 400 }, 'inference');
      for (const s of estimateRun(r, settings).suggestions.filter((x) => x.kind === 'quantization')) {
        const m = /fit on (\d+) instead of (\d+) /.exec(s.explanation);
        assert.ok(m, s.explanation);
        const devices = Math.max(1, Math.round(count * (Number(m[1]) / Number(m[2]))));
        const bits = s.title.startsWith('Serve 4-bit') ? 4 : 8;
        // The promise is the run with the quantization AND the smaller count.
        const promised = estimateRun(run({ model, hardware, count: devices, quantization: bits, queriesPerDay: 1e6, tokensPerQuery: 1000, horizonDays: 365, intensity: 400 }, 'inference'), settings);
        assert.strictEqual(s.co2eKg, promised.co2eKg.mid, s.title);
        assert.notStrictEqual(devices, count);
        // The quantization alone would not deliver it: the Apply (a pre-quantized checkpoint of the same
        // model, from the catalogue) carries the smaller count with it, or there is no Apply at all.
        if (s.change) assert.ok(s.change.also?.some((c) => c.field === 'count' && c.value === devices), `${s.title}: ${JSON.stringify(s.change)}`);
        else assert.ok(s.byHand, `${s.title}: says what to change by hand`);
        checked++;
      }
    }
    assert.ok(checked > 0, 'no serving quantization what-if in these cases: pick cases where the estimator finds one');
    // Already 4-bit: nothing more to quantize.
    const q4 = estimateRun(run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'L40S', count: 2, quantization: 4, queriesPerDay: 1e6, tokensPerQuery: 1000, intensity: 400 }, 'inference'), settings);
    assert.strictEqual(find(q4, 'quantization'), undefined);
  });

  it('serving: a distilled student of the same family from the catalogue, with its one-time cost and payback', () => {
    const r = run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100', count: 8, queriesPerDay: 1e6, tokensPerQuery: 1000, horizonDays: 365, intensity: 400 }, 'inference');
    const d = find(estimateRun(r, settings), 'distillation')!;
    assert.ok(d, 'a distillation what-if');
    // The catalogue's largest same-family instruct model at ≤ 0.3 × 70.55B = 21.2B: Llama 3.1 8B Instruct (8.03B).
    assert.ok(d.title.startsWith('Serve a student distilled into meta-llama/Llama-3.1-8B-Instruct (8.0B)'), d.title);
    // One-time: 10e9 tokens × (2 × 70.55 + 6 × 8.03) / (6 × 70.55) = 4.471533e9 teacher-training tokens; 6 × 70.55e9 ×
    // 4.471533e9 = 1.8928e21 FLOPs / (8 × 989 TFLOP/s × MFU 0.27) = 246.123 h; 8 × 246.123 h × (0.68 × 700 + 0.3 × 700 = 686 W)
    // × PUE 1.56 (none stated) = 2,107.2 kWh × 400 g (the file's grid, not the world's 475 g) = 842.9 kg → "840 kg".
    assert.match(d.explanation, /^A student with 8\.0B parameters\. One-time distillation ≈ 840 kg CO₂e \(teacher forward \+ student training on 10B tokens\); it pays back after [\d,]+ queries\.$/);
    assert.strictEqual(d.change, undefined, 'not a config edit');
    // Training runs are not offered a student.
    assert.strictEqual(find(estimateRun(fp32, settings), 'distillation'), undefined);
  });

  describe('region what-ifs (whichever region is proposed, it is described by its own figures)', () => {
    const regionOf = (sug: Suggestion) => {
      const m = findRegion(String(sug.change!.value));
      assert.ok(m?.kind === 'cloud', `${sug.change!.value} is a cloud region`);
      return m.region;
    };

    it('same cloud: "Switch region to <name>", its intensity against the current region’s, offered-there caveat', () => {
      const r = run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'aws:us-east-1' });
      const e = estimateRun(r, settings);
      const s = find(e, 'region')!;
      const to = regionOf(s);
      assert.strictEqual(to.provider, 'aws');
      assert.ok(s.title.startsWith(`Switch region to ${to.region} (−`), s.title);
      // aws:us-east-1 is 379.069 g/kWh (Cloud Carbon Footprint, eGRID2020).
      assert.ok(s.explanation.startsWith(`${to.location || to.region}: ${to.gPerKwh} g CO₂e/kWh (`), s.explanation);
      assert.ok(s.explanation.includes(' against 379.069 g for aws:us-east-1 ('), s.explanation);
      assert.ok(!s.explanation.includes('Why so low'), 'under 95 %: no explanation of a very low grid');
      assert.deepStrictEqual(s.caveats, ['Offered means listed, not that capacity or quota is free.', 'Yearly average intensity; hourly intensity varies.']);
      keepsPromise(r, e, s);
    });

    it('no cloud named: a region of any provider, against the world average (475 g, IEA 2019)', () => {
      const r = run({ hardware: 'A100 80GB', count: 8, hours: 24 });
      const e = estimateRun(r, settings);
      const s = find(e, 'region')!;
      const to = regionOf(s);
      assert.ok(s.title.startsWith(`Switch region to ${to.id}, a region of any provider offering A100 SXM4 80GB (−`), s.title);
      assert.ok(s.explanation.includes(' against 475 g for world average ('), s.explanation);
      assert.strictEqual(s.caveats[0], `Moves the run to ${to.provider}; the file names no cloud.`);
      keepsPromise(r, e, s);
    });

    it('a saving of 95 % or more says why the grid is so low', () => {
      // Azure East US (379.069 g) to an Azure region on a hydro/nuclear grid (Sweden 5.67 g, Norway…).
      const r = run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'azure:eastus' });
      const e = estimateRun(r, settings);
      const s = find(e, 'region')!;
      const to = regionOf(s);
      assert.strictEqual(to.provider, 'azure');
      assert.ok(s.savingPct >= 95, String(s.savingPct));
      assert.match(s.explanation, / Why so low: .+\.$/);
      // Azure availability rows cover US regions only: the caveat says so whichever region it is.
      assert.ok(s.caveats.some((c) => c.includes('Azure')), s.caveats.join(' | '));
      keepsPromise(r, e, s);
    });
  });
});
