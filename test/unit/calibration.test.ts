// A finished run's record against the estimate for its config: the rows a user reads, whether the
// measurement falls in the estimated range, and the MFU / power share it implies. The estimate is
// written by hand (not produced by the estimator) so every expectation follows from the numbers here:
// 8 × H100 SXM (700 W TDP, catalogue), one run estimated at 2–8 h (mid 4 h), 50–200 kWh (mid 100),
// 20–80 kg (mid 40); FLOPs 4.608e19 at a peak of 1,000 TFLOP/s per device.
import * as assert from 'assert';
import { compareMeasured, type MeasuredRecord } from '../../src/core/calibration';
import type { Estimate, RunInputs } from '../../src/core/runSpec';

const r3 = (low: number, mid: number, high: number) => ({ low, mid, high });

function estimate(over: Partial<Estimate> = {}, inputs: RunInputs = {}): Estimate {
  return {
    name: 'run', phase: 'training', format: 'carbon-lens', method: 'flops',
    inputs: { hardware: { value: 'H100 SXM', origin: 'file' }, count: { value: 8, origin: 'file' }, tokens: { value: 1e9, origin: 'file' }, params: { value: 7e9, origin: 'file' }, ...inputs },
    hours: r3(2, 4, 8),
    // Two trials in all: the record covers one, so it is compared with the 'run' line, not the total.
    energyKwh: r3(100, 200, 400),
    co2eKg: r3(40, 80, 160),
    embodiedKg: 0,
    breakdown: [
      { id: 'run', label: 'One run', energyKwh: r3(50, 100, 200), co2eKg: r3(20, 40, 80) },
      { id: 'trials', label: '1 more trial', energyKwh: r3(50, 100, 200), co2eKg: r3(20, 40, 80) },
    ],
    assumptions: [], warnings: [], suggestions: [], missing: [],
    compute: { flops: 4.608e19, mfu: 0.3, peakTflops: 1000, count: 8 },
    ...over,
  } as Estimate;
}

const rec = (r: Partial<MeasuredRecord>): MeasuredRecord => ({ file: 'out/emissions.csv', tool: 'codecarbon', ...r });

describe('calibration: measured against estimated', () => {
  it('compares time, energy and CO₂e of one run (not all trials), with the ratio to the mid estimate', () => {
    // 6 h measured = 21,600 s; 150 kWh; 30 kg.
    const c = compareMeasured(estimate(), rec({ seconds: 21_600, energyKwh: 150, co2eKg: 30 }))!;
    assert.deepStrictEqual(c.rows, [
      { what: 'hours', measured: 6, low: 2, mid: 4, high: 8, ratio: 1.5, within: true },
      { what: 'energy', measured: 150, low: 50, mid: 100, high: 200, ratio: 1.5, within: true },
      { what: 'co2e', measured: 30, low: 20, mid: 40, high: 80, ratio: 0.75, within: true },
    ]);
  });

  it('within the range allows 0.1 % for rounding at either end, no more', () => {
    const hours = (h: number) => compareMeasured(estimate(), rec({ seconds: h * 3600 }))!.rows[0].within;
    assert.strictEqual(hours(2), true);
    assert.strictEqual(hours(8), true);
    assert.strictEqual(hours(2 * 0.9995), true); // 0.05 % under the low end
    assert.strictEqual(hours(8 * 1.0005), true); // 0.05 % over the high end
    assert.strictEqual(hours(2 * 0.99), false);
    assert.strictEqual(hours(8 * 1.01), false);
    // Exactly at the tolerance is still within: 50 kWh × 0.999 and 200 kWh × 1.001.
    const energy = (kwh: number) => compareMeasured(estimate(), rec({ energyKwh: kwh }))!.rows[0].within;
    assert.strictEqual(energy(50 * 0.999), true);
    assert.strictEqual(energy(200 * 1.001), true);
  });

  it('an estimate of zero gives no ratio rather than infinity', () => {
    const e = estimate({ breakdown: [{ id: 'run', label: 'One run', energyKwh: r3(0, 0, 0), co2eKg: r3(0, 0, 0) }] });
    const row = compareMeasured(e, rec({ energyKwh: 5 }))!.rows[0];
    assert.strictEqual(row.what, 'energy');
    assert.ok(Number.isNaN(row.ratio));
  });

  it('an inference estimate compares with its inference line', () => {
    const e = estimate({ phase: 'inference', breakdown: [{ id: 'inference', label: 'Serving', energyKwh: r3(1, 2, 4), co2eKg: r3(0.5, 1, 2) }], compute: undefined });
    const c = compareMeasured(e, rec({ co2eKg: 1 }))!;
    assert.deepStrictEqual(c.rows, [{ what: 'co2e', measured: 1, low: 0.5, mid: 1, high: 2, ratio: 1, within: true }]);
  });

  it('nothing to compare: an incomplete estimate, or a record with no time, energy or CO₂e', () => {
    assert.strictEqual(compareMeasured(estimate({ missing: ['model size'] }), rec({ seconds: 3600 })), undefined);
    assert.strictEqual(compareMeasured(estimate(), rec({ gpuCount: 8, flops: 1e20 })), undefined);
    // Energy and CO₂e need the estimate's one-run line.
    assert.strictEqual(compareMeasured(estimate({ breakdown: [] }), rec({ energyKwh: 1, co2eKg: 1 })), undefined);
  });

  it('derives the MFU that matches the measured time, up to and including 100 %', () => {
    // 4.608e19 / (8 × 1,000e12 × 4 h × 3,600 s) = 0.4.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600 }))!.effectiveMfu, 0.4);
    // The record's own GPU count is what ran: 4 GPUs → 0.8.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuCount: 4 }))!.effectiveMfu, 0.8);
    // 1.6 h: 4.608e19 / (8e15 × 5,760 s) = exactly 1.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 5760 }))!.effectiveMfu, 1);
  });

  it('an impossible MFU is reported, not offered', () => {
    // 1 h: 4.608e19 / (8e15 × 3,600) = 1.6 → 160 %.
    const c = compareMeasured(estimate(), rec({ tool: 'hf-trainer', seconds: 3600 }))!;
    assert.strictEqual(c.effectiveMfu, undefined);
    assert.deepStrictEqual(c.notes, ['The measured time implies an MFU of 160 %, which is not possible: the record is probably of a different or partial run.']);
  });

  it('no MFU without FLOPs, or when the FLOPs rest on assumed inputs (naming them)', () => {
    assert.strictEqual(compareMeasured(estimate({ compute: undefined }), rec({ tool: 'hf-trainer', seconds: 3600 }))!.effectiveMfu, undefined);
    // No FLOPs: no calibration note either, even when inputs were assumed.
    const noFlops = compareMeasured(estimate({ compute: undefined }, { seqLen: { value: 2048, origin: 'default' } }), rec({ tool: 'hf-trainer', seconds: 3600 }))!;
    assert.deepStrictEqual(noFlops.notes, []);
    // FLOPs of zero imply no MFU to offer.
    assert.strictEqual(compareMeasured(estimate({ compute: { flops: 0, mfu: 0.3, peakTflops: 1000, count: 8 } }), rec({ tool: 'hf-trainer', seconds: 3600 }))!.effectiveMfu, undefined);
    // A zero duration (a record written at start-up) implies nothing, not an infinite MFU.
    assert.deepStrictEqual(compareMeasured(estimate(), rec({ tool: 'hf-trainer', seconds: 0 }))!.notes, []);
    const assumed = compareMeasured(estimate({}, { datasetSamples: { value: 1000, origin: 'default' }, seqLen: { value: 2048, origin: 'default' } }), rec({ tool: 'hf-trainer', seconds: 4 * 3600 }))!;
    assert.strictEqual(assumed.effectiveMfu, undefined);
    assert.deepStrictEqual(assumed.notes, ['No MFU calibration: the FLOPs rest on assumed datasetSamples, seqLen; state them in the config to calibrate.']);
    // A defaulted input outside the FLOPs (the grid) does not block calibration.
    const grid = compareMeasured(estimate({}, { intensity: { value: 400, origin: 'default' } }), rec({ tool: 'hf-trainer', seconds: 4 * 3600 }))!;
    assert.strictEqual(grid.effectiveMfu, 0.4);
  });

  it('derives the GPUs’ average power as a share of TDP from CodeCarbon’s GPU energy', () => {
    // 8 × 700 W × 4 h = 22.4 kWh at full TDP; 11.2 kWh measured → 0.5.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuEnergyKwh: 11.2 }))!.effectivePowerShare, 0.5);
    // The record's GPU count wins: 4 GPUs → 11.2 / 11.2 = 1.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuEnergyKwh: 11.2, gpuCount: 4 }))!.effectivePowerShare, 1);
    // Up to 1.2 × TDP is accepted (boost and measurement error): 26.88 kWh → 1.2; beyond, it is dropped.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuEnergyKwh: 26.88 }))!.effectivePowerShare, 1.2);
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuEnergyKwh: 30 }))!.effectivePowerShare, undefined);
    // A negative GPU energy (a corrupt row) is no share at all.
    assert.strictEqual(compareMeasured(estimate(), rec({ seconds: 4 * 3600, gpuEnergyKwh: -11.2 }))!.effectivePowerShare, undefined);
    // No time, or no known device: no share.
    assert.strictEqual(compareMeasured(estimate(), rec({ energyKwh: 100, gpuEnergyKwh: 11.2 }))!.effectivePowerShare, undefined);
    assert.strictEqual(compareMeasured(estimate({}, { hardware: { value: 'mystery-chip', origin: 'file' } }), rec({ seconds: 4 * 3600, gpuEnergyKwh: 11.2 }))!.effectivePowerShare, undefined);
  });

  it('notes what differs in how CodeCarbon measures, and which row of a multi-run file is used', () => {
    const c = compareMeasured(estimate({ compute: undefined }), rec({ co2eKg: 30, rows: 3 }))!;
    assert.deepStrictEqual(c.notes, [
      'CodeCarbon measures at the machine: PUE is 1.0 unless it was configured, while the estimate includes the data centre’s PUE.',
      'out/emissions.csv holds 3 runs; the last is compared.',
    ]);
    assert.deepStrictEqual(compareMeasured(estimate({ compute: undefined }), rec({ tool: 'hf-trainer', seconds: 3600, rows: 1 }))!.notes, []);
  });
});
