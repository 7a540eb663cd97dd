// The presenter's strings for one estimate (src/core/present/estimateText.ts), on estimates built by
// hand: every surface (lens, hover, panel, CLI) prints these, so each expected string is what a user
// reads. Figures follow core/format.ts (two significant digits, unit chosen after rounding) and the
// equivalence table in src/core/data/equivalences.json (kg per unit quoted in each comment).
import * as assert from 'assert';
import {
  co2eMidText, durationText, equivalences, flopsFactor, formulaText, dominantAssumption, presentEstimate,
} from '../../src/core/present/estimateText';
import { unboundedSweepNote } from '../../src/core/present/sweepBound';
import { cite } from '../../src/core/present/text';
import type { Estimate, Origin, RunInputs } from '../../src/core/runSpec';

const r3 = (low: number, mid: number, high: number) => ({ low, mid, high });

/** A known training estimate: 28 / 42 / 61 kg, 96 kWh, 2.7 h, at the facility boundary. */
function est(over: Partial<Estimate> = {}, inputs: Record<string, [unknown, Origin]> = {}): Estimate {
  const ins: RunInputs = {};
  for (const [k, [value, origin]] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value, origin };
  return {
    name: 'run', phase: 'training', format: 'carbon-lens', inputs: ins, method: 'time',
    hours: r3(2.7, 2.7, 2.7), energyKwh: r3(64, 96, 140), co2eKg: r3(28, 42, 61), boundary: 'facility',
    embodiedKg: 0, breakdown: [], assumptions: [], warnings: [], suggestions: [], missing: [],
    ...over,
  };
}

describe('estimateText: figures and duration', () => {
  it('reads a known estimate in full and an unknown one as "needs more information" with no figure', () => {
    const p = presentEstimate(est());
    assert.strictEqual(p.known, true);
    assert.strictEqual(p.co2e, '≈ 42 kg CO₂e (28–61)');
    assert.strictEqual(p.co2eMid, '42 kg CO₂e');
    assert.strictEqual(co2eMidText(est()), '42 kg CO₂e');
    assert.strictEqual(p.co2eRange, '28–61 kg');
    assert.strictEqual(p.energy, '96 kWh');
    assert.strictEqual(p.duration, '2.7 h wall-clock');
    // The heading names the basis: operational CO₂e only.
    assert.strictEqual(p.equivalenceHead, '42 kg CO₂e (operational CO₂e, embodied not included) is about');
    assert.strictEqual(p.embodied, undefined, 'no embodied line when embodied is 0');

    // Missing inputs: the zeros of the estimator must never show as a figure anywhere.
    const u = presentEstimate(est({ missing: ['model size'], embodiedKg: 12 }, { hardware: ['A100 80GB', 'default'] }));
    assert.strictEqual(u.known, false);
    assert.strictEqual(u.co2e, 'needs more information');
    assert.strictEqual(u.co2eMid, 'needs more information');
    assert.strictEqual(u.co2eRange, '');
    assert.strictEqual(u.energy, '');
    assert.strictEqual(u.duration, '');
    assert.strictEqual(u.equivalenceHead, '');
    assert.deepStrictEqual(u.equivalences, []);
    assert.strictEqual(u.embodied, undefined, 'no embodied figure for an unknown run');
    assert.strictEqual(u.dominant, undefined, 'no "assumed" flag while the estimate is unknown');
    assert.strictEqual(dominantAssumption(est({ missing: ['model size'] }, { hardware: ['A100 80GB', 'default'] })), undefined);
  });

  it('shows embodied carbon beside the total, only when there is some', () => {
    // 12 kg → "12 kg".
    assert.strictEqual(presentEstimate(est({ embodiedKg: 12 })).embodied, '12 kg CO₂e embodied (hardware manufacturing, amortised), not in the total');
    assert.strictEqual(presentEstimate(est({ embodiedKg: 0 })).embodied, undefined);
  });

  it('gives one wall-clock figure when the range rounds to one, else low–high', () => {
    assert.strictEqual(durationText(est({ hours: r3(2.7, 2.7, 2.7) })), '2.7 h wall-clock');
    // 2.71 and 2.74 h differ, but both read "2.7 h": say it once, not "2.7 h–2.7 h".
    assert.strictEqual(durationText(est({ hours: r3(2.71, 2.72, 2.74) })), '2.7 h wall-clock');
    assert.strictEqual(durationText(est({ hours: r3(1.9, 2.7, 4.2) })), '1.9 h–4.2 h wall-clock');
  });

  it('gives a serving run its hours a day over the horizon', () => {
    // Always-on, 8760 h over the default 365-day horizon: 8760 / 365 = 24 h a day.
    const serving = { phase: 'inference' as const, method: 'capacity' as const };
    assert.strictEqual(durationText(est({ ...serving, hours: r3(8760, 8760, 8760) })), '24 h a day for 365 days');
    // Per-token: 182.5 h over 365 days = 0.5 h a day, which reads in minutes (30 min).
    assert.strictEqual(durationText(est({ phase: 'inference', method: 'per-token', hours: r3(182.5, 182.5, 182.5) })), '30 min of accelerator time a day for 365 days');
    // A stated 30-day horizon: 720 h / 30 = 24 h a day.
    assert.strictEqual(durationText(est({ ...serving, hours: r3(720, 720, 720) }, { horizonDays: [30, 'file'] })), '24 h a day for 30 days');
    // A zero horizon must not divide by zero ("? h a day"): the hours are shown as they are.
    assert.strictEqual(durationText(est({ ...serving, hours: r3(5, 5, 5) }, { horizonDays: [0, 'file'] })), '5 h a day for 0 days');
  });
});

describe('estimateText: the formula line', () => {
  it('names the FLOPs factor the estimate used, and PUE only at the facility boundary', () => {
    // 4.2e19 FLOPs over 7e9 parameters × 1e9 tokens = 6 (a full fine-tune).
    const full = est({ method: 'flops', compute: { flops: 4.2e19, mfu: 0.4, peakTflops: 312, count: 8 } }, { params: [7e9, 'file'], tokens: [1e9, 'file'] });
    assert.strictEqual(flopsFactor(full), 6);
    assert.strictEqual(formulaText(full), '6 × parameters × tokens FLOPs ÷ (accelerators × peak × MFU) → hours × power × PUE × grid intensity');
    // 2.8e19 / 7e18 = 4 (an adapter run), at the GPU boundary: no PUE.
    const qlora = est({ ...full, boundary: 'gpu', compute: { ...full.compute!, flops: 2.8e19 } });
    assert.strictEqual(formulaText(qlora), '4 × parameters × tokens FLOPs ÷ (accelerators × peak × MFU) → hours × power × grid intensity');
    // An estimate that does not say its boundary is at the facility (the default).
    assert.strictEqual(formulaText(est({ boundary: undefined as unknown as Estimate['boundary'] })), 'stated wall-clock hours × accelerators × power × PUE × grid intensity');
  });

  it('falls back to 6 × when the compute cannot give a factor', () => {
    // No compute at all (the parameters and tokens alone give no factor).
    const noCompute = est({ method: 'flops' }, { params: [7e9, 'file'], tokens: [1e9, 'file'] });
    assert.strictEqual(flopsFactor(noCompute), undefined);
    assert.strictEqual(formulaText(noCompute), '6 × parameters × tokens FLOPs ÷ (accelerators × peak × MFU) → hours × power × PUE × grid intensity');
    // Zero FLOPs would read "0 × parameters": not a factor.
    const zero = est({ method: 'flops', compute: { flops: 0, mfu: 0.4, peakTflops: 312, count: 8 } }, { params: [7e9, 'file'], tokens: [1e9, 'file'] });
    assert.strictEqual(flopsFactor(zero), undefined);
    assert.strictEqual(formulaText(zero), '6 × parameters × tokens FLOPs ÷ (accelerators × peak × MFU) → hours × power × PUE × grid intensity');
  });

  it('says per-sample FLOPs for a vision run, and each method its own formula', () => {
    const vision = est({ method: 'flops', compute: { flops: 1e18, mfu: 0.3, peakTflops: 312, count: 1, perSample: { factor: 3, unit: 'image' } } });
    assert.strictEqual(flopsFactor(vision), 3);
    assert.strictEqual(formulaText(vision), '3 × forward FLOPs per image × samples ÷ (accelerators × peak × MFU) → hours × power × PUE × grid intensity');
    assert.strictEqual(formulaText(est({ method: 'time', boundary: 'node' })), 'stated wall-clock hours × accelerators × power × grid intensity');
    assert.strictEqual(formulaText(est({ phase: 'inference', method: 'capacity' })), 'always-on accelerators × hours × serving power × PUE × grid intensity');
    assert.strictEqual(formulaText(est({ phase: 'inference', method: 'per-token', boundary: 'gpu' })), 'queries × tokens per query × energy per token × grid intensity');
  });
});

describe('estimateText: equivalences', () => {
  // 120 kg on the preference list, readable counts (0.5 to 10 000) only: flight 120 / 1200 = 0.1 (no);
  // km_car 120 / 0.251 = 478 → "480"; person-year 0.024, car lifetime, home-year (no); smartphone
  // 120 / 0.00822 = 14 599 (over 10 000, no); US person-year (no); tree-year 120 / 11 = 10.9 → "11";
  // then table order: km_flight 120 / 0.171 = 702 → "700".
  const kg120 = est({ co2eKg: r3(80, 120, 170) });

  it('lists the three most readable, cited once with their year', () => {
    assert.deepStrictEqual(equivalences(kg120), [
      { id: 'km_car', text: '480 km in an average US passenger car', source: 'Green Algorithms v3.0 reference values 2020' },
      { id: 'tree_year', text: '11 tree-years of CO₂ absorption', source: 'Green Algorithms v3.0 reference values 2002' },
      { id: 'km_flight', text: '700 passenger-km by economy flight', source: 'Green Algorithms v3.0 reference values 2020' },
    ]);
    assert.deepStrictEqual(presentEstimate(kg120).equivalences.map((e) => e.id), ['km_car', 'tree_year', 'km_flight']);
  });

  it('drives in miles when asked (120 / 0.409 = 293 → "290 miles")', () => {
    const miles = equivalences(kg120, { distanceUnit: 'miles' });
    assert.deepStrictEqual(miles[0], { id: 'mile_car', text: '290 miles in an average US passenger car', source: 'CodeCarbon (EPA equivalencies) 2019' });
    assert.deepStrictEqual(miles.map((e) => e.id), ['mile_car', 'tree_year', 'km_flight']);
    assert.strictEqual(equivalences(kg120, { distanceUnit: 'km' })[0].id, 'km_car');
  });

  it('shows every equivalence the setting names, even past the default three', () => {
    // Two named: both, in the order given (120 / 1200 = 0.1 round trips; 120 / 4999.9 = 0.024 person-years).
    assert.deepStrictEqual(equivalences(kg120, { ids: ['flight_sf_ny', 'person_year_world'] }).map((e) => e.text), [
      '0.1 round trips San Francisco–New York for one passenger', '0.024 years of an average person’s footprint',
    ]);
    // Four named: all four, not cut to three.
    assert.deepStrictEqual(equivalences(kg120, { ids: ['flight_sf_ny', 'km_car', 'tree_year', 'km_train'] }).map((e) => e.id), ['flight_sf_ny', 'km_car', 'tree_year', 'km_train']);
    // A limit of one without names.
    assert.deepStrictEqual(equivalences(kg120, { limit: 1 }).map((e) => e.id), ['km_car']);
  });

  it('compares nothing when there is no operational CO₂e', () => {
    assert.deepStrictEqual(equivalences(est({ co2eKg: r3(0, 0, 0) })), []);
    assert.deepStrictEqual(presentEstimate(est({ co2eKg: r3(0, 0, 0) })).equivalences, []);
    assert.deepStrictEqual(equivalences(est({ missing: ['hardware'] })), []);
  });
});

describe('estimateText: the assumption that matters most', () => {
  it('flags a default trial count above one first, and never a single trial', () => {
    assert.deepStrictEqual(dominantAssumption(est({}, { trials: [4, 'default'], hardware: ['A100 80GB', 'default'] })),
      { field: 'trials', text: 'trials assumed: 4 — set it', setting: undefined });
    // One trial is no assumption worth flagging: the hardware is next (named as the catalogue names it).
    assert.deepStrictEqual(dominantAssumption(est({}, { trials: [1, 'default'], hardware: ['A100 80GB', 'default'] })),
      { field: 'hardware', text: 'hardware assumed: A100 SXM4 80GB — set it', setting: 'carbonLens.defaultHardware' });
  });

  it('names a hardware the catalogue does not know as written', () => {
    assert.strictEqual(dominantAssumption(est({}, { hardware: ['Acme X9', 'default'] }))?.text, 'hardware assumed: Acme X9 — set it');
  });

  it('flags the accelerator count only where it moves the estimate (stated time, always-on)', () => {
    const count = { count: [8, 'default'] as [unknown, Origin], intensity: [475, 'default'] as [unknown, Origin] };
    assert.strictEqual(dominantAssumption(est({ method: 'time' }, count))?.text, 'accelerator count assumed: 8 — set it');
    assert.strictEqual(dominantAssumption(est({ phase: 'inference', method: 'capacity' }, count))?.text, 'accelerator count assumed: 8 — set it');
    // FLOPs-based: more devices finish sooner for the same energy; the grid is the next default.
    assert.deepStrictEqual(dominantAssumption(est({ method: 'flops' }, count)),
      { field: 'intensity', text: 'region assumed: world average grid — set it', setting: 'carbonLens.defaultRegion' });
  });

  it('says the value the estimate took, with its unit', () => {
    assert.deepStrictEqual(dominantAssumption(est({}, { datasetSamples: [10000, 'default'] })),
      { field: 'datasetSamples', text: 'dataset size assumed: 10000 samples — set it', setting: 'carbonLens.datasetSamples' });
    // 7e9 parameters read compact: "7B"; the field has no short name, so its label, lower-cased.
    assert.deepStrictEqual(dominantAssumption(est({}, { params: [7e9, 'default'], hardware: ['A100 80GB', 'file'] })),
      { field: 'params', text: 'parameters assumed: 7B — set it', setting: undefined });
    // Inputs from the file are not assumptions.
    assert.strictEqual(dominantAssumption(est({}, { params: [7e9, 'file'], trials: [4, 'file'] })), undefined);
  });
});

describe('present: the unbounded-sweep note and citations', () => {
  const sweep = (format: string, value: number, origin: Origin) => ({ format, inputs: { trials: { value, origin } } as RunInputs });

  it('flags a sweep whose trial count is the default, naming the key that bounds it', () => {
    assert.strictEqual(unboundedSweepNote(sweep('wandb-sweep', 20, 'default')), 'unbounded sweep: 20 trials assumed — set run_cap');
    assert.strictEqual(unboundedSweepNote(sweep('optuna', 20, 'default')), 'unbounded sweep: 20 trials assumed — set n_trials');
    // A format with no known bounding key: the note without "set …".
    assert.strictEqual(unboundedSweepNote(sweep('ray-tune', 20, 'default')), 'unbounded sweep: 20 trials assumed');
    // A stated count, or a single default trial, is no unbounded sweep.
    assert.strictEqual(unboundedSweepNote(sweep('wandb-sweep', 20, 'file')), undefined);
    assert.strictEqual(unboundedSweepNote(sweep('wandb-sweep', 1, 'default')), undefined);
    assert.strictEqual(unboundedSweepNote({ format: 'wandb-sweep', inputs: {} }), undefined);
  });

  it('cites a source without a usable year as it is, trimmed', () => {
    assert.strictEqual(cite('ICAO calculator'), 'ICAO calculator');
    assert.strictEqual(cite('ICAO calculator', NaN), 'ICAO calculator');
    assert.strictEqual(cite('  ICAO calculator  ', 2023), 'ICAO calculator 2023');
  });
});
