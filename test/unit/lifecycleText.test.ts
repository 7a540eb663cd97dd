// The words for training-vs-serving and measured-vs-estimated, shared by hover, panel and CLI.
// Lifecycle and comparison objects are written by hand here so every figure below follows from the
// format rules alone (two significant digits; g / kg / t by magnitude; k / M / B counts; h, days, years).
import * as assert from 'assert';
import type { MeasuredComparison } from '../../src/core/calibration';
import type { Lifecycle } from '../../src/core/lifecycle';
import { calibrationSentence, lifecycleLines, lifecycleSentence, measuredLines } from '../../src/core/lifecycleText';

const full: Lifecycle = {
  perQueryKg: { low: 1e-5, mid: 2e-5, high: 4e-5 },
  tokensPerQuery: 1000,
  trainingKg: { low: 500, mid: 1000, high: 2000 },
  inferenceKg: { low: 3000, mid: 7000, high: 14000 },
  queriesPerDay: 1e6,
  horizonDays: 365,
  breakEvenQueries: 50e6,
  breakEvenDays: 50,
  basis: 'test',
};

const text = (l: Lifecycle) => lifecycleLines(l).map((x) => `${x.label}: ${x.value}`);

describe('lifecycle text', () => {
  it('lists per query, inference over the horizon, training and break-even', () => {
    assert.deepStrictEqual(text(full), [
      // 2e-5 kg = 0.02 g; range 0.01–0.04 g.
      'One query (1,000 tokens): 0.02 g CO₂e (0.01–0.04 g)',
      // 365 days = 8,760 h = 1 year; 7,000 kg = 7 t.
      'Inference, 1M queries/day for 1 year: 7 t CO₂e (3–14 t)',
      // 1,000 kg is shown as 1 t, its range in tonnes too.
      'Training (one-time): 1 t CO₂e (0.5–2 t)',
      // 50e6 queries at 1e6 a day = 50 days.
      'Break-even: after 50M queries inference exceeds training — 50 days at 1M queries/day',
    ]);
  });

  it('leaves out each line whose figure is missing', () => {
    const bare: Lifecycle = { tokensPerQuery: 1000, horizonDays: 365, basis: 'test' };
    assert.deepStrictEqual(lifecycleLines(bare), []);
    // Inference needs both the total and the traffic it was computed at.
    assert.deepStrictEqual(text({ ...bare, inferenceKg: full.inferenceKg }), []);
    assert.deepStrictEqual(text({ ...bare, queriesPerDay: 1e6 }), []);
    // A break-even without traffic has no "days at" part; a horizon of 30 days reads as 30 days.
    assert.deepStrictEqual(text({ ...full, breakEvenDays: undefined, horizonDays: 30 }).slice(1), [
      'Inference, 1M queries/day for 30 days: 7 t CO₂e (3–14 t)',
      'Training (one-time): 1 t CO₂e (0.5–2 t)',
      'Break-even: after 50M queries inference exceeds training',
    ]);
  });

  it('the hover sentence needs a break-even and a per-query figure', () => {
    assert.strictEqual(lifecycleSentence(full), 'Serving it: 0.02 g CO₂e per query; after 50M queries (50 days at 1M/day) inference exceeds this training.');
    assert.strictEqual(lifecycleSentence({ ...full, breakEvenDays: undefined }), 'Serving it: 0.02 g CO₂e per query; after 50M queries inference exceeds this training.');
    assert.strictEqual(lifecycleSentence({ ...full, breakEvenQueries: undefined }), undefined);
    assert.strictEqual(lifecycleSentence({ ...full, perQueryKg: undefined }), undefined);
  });
});

describe('measured-vs-estimated text', () => {
  const cmp: MeasuredComparison = {
    record: { file: 'emissions.csv', tool: 'codecarbon' },
    rows: [
      // 3.1 h against 2.5 h: ratio 1.24 → "×1.2".
      { what: 'hours', measured: 3.1, low: 1.9, mid: 2.5, high: 3.4, ratio: 1.24, within: false },
      { what: 'energy', measured: 10, low: 6, mid: 12, high: 24, ratio: 10 / 12, within: true },
      // 4 kg against 0.5 kg = 500 g: ×8.
      { what: 'co2e', measured: 4, low: 0.25, mid: 0.5, high: 1, ratio: 8, within: false },
    ],
    notes: [],
  };

  it('names each quantity in its own unit and says within the range or by how much', () => {
    assert.deepStrictEqual(measuredLines(cmp), [
      { label: 'Time', value: 'measured 3.1 h, estimated 2.5 h (1.9 h–3.4 h) — ×1.2 the estimate' },
      { label: 'Energy', value: 'measured 10 kWh, estimated 12 kWh (6 kWh–24 kWh) — within the range' },
      { label: 'CO₂e', value: 'measured 4 kg, estimated 500 g (250 g–1 kg) — ×8 the estimate' },
    ]);
  });

  it('offers a calibration only when the record implies one', () => {
    assert.strictEqual(calibrationSentence(cmp), undefined);
    // 0.424 → 42 %; 0.655 → 66 % (rounded, not truncated).
    assert.strictEqual(calibrationSentence({ ...cmp, effectiveMfu: 0.424 }), 'Calibration: the measured time matches an MFU of 42 %.');
    assert.strictEqual(calibrationSentence({ ...cmp, effectivePowerShare: 0.655 }), 'Calibration: the GPUs drew 66 % of TDP on average.');
    assert.strictEqual(calibrationSentence({ ...cmp, effectiveMfu: 0.424, effectivePowerShare: 0.655 }),
      'Calibration: the measured time matches an MFU of 42 %; the GPUs drew 66 % of TDP on average.');
  });
});
