// Bugs a review planted that no test caught (issue #19), each pinned here by a value derived by hand:
// a CodeLens one line off, Azure regions on the world-average grid, a wrong upper bound for the
// development overhead, and embodied carbon that ignores the trials. Also the table of region
// intensities, one region per provider plus countries, each with its value and year as published.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateRun } from '../../src/core/estimate';
import { embodiedCarbon } from '../../src/core/embodied';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { anchorOf, costDrivers, pairRuns } from '../../src/editor/lensText';
import { closeWithin } from './helpers/runAsserts';

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-6);

const noEmbodied = normalizeSettings({ includeEmbodied: false });

describe('regression: the CodeLens sits on the key line, not one off', () => {
  // Our TRL-style fixture: every value is on the line AFTER its key. A lens must go on the key line
  // (0-based: model_name_or_path 3, num_train_epochs 9), never on the value line (4, 10).
  const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/formats/training/hf-trl-next-line.yaml'), 'utf8');
  let p: ReturnType<typeof pairRuns>[number];
  // Built in before(), not while mocha loads the file: mutation testing treats load-time calls as static code.
  before(() => {
    [p] = pairRuns(evaluateText(text, 'config.yaml', normalizeSettings({})));
  });

  it('the main lens uses the run anchor: the model key, line 4 (0-based 3)', () => {
    assert.strictEqual(anchorOf(p.run).startLine, 3);
  });

  it('without an anchor, the main lens falls back to the first input\'s KEY line, not its value line', () => {
    const { anchor: _drop, ...rest } = p.run;
    assert.strictEqual(anchorOf(rest as RunSpec).startLine, 3);
    assert.strictEqual(p.run.inputs.model?.range?.startLine, 4, 'the value itself is on the next line');
  });

  it('driver lenses sit on their keys: epochs on line 10 (0-based 9), the model on line 4 (3)', () => {
    const drivers = costDrivers(p.run, p.estimate);
    assert.deepStrictEqual(drivers.map((d) => [d.field, d.range.startLine]), [['epochs', 9], ['model', 3]]);
  });

  it('a plain key: value file puts the lens on that very line (hours: line 3, 0-based 2)', () => {
    const [q] = pairRuns(evaluateText('hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n', 'run.yaml', normalizeSettings({})));
    assert.deepStrictEqual(costDrivers(q.run, q.estimate).map((d) => [d.field, d.range.startLine]), [['hours', 2], ['region', 3], ['count', 1]]);
    // No anchor in a plain run description: the first located input (hardware, line 1) takes the lens.
    assert.strictEqual(anchorOf(q.run).startLine, 0);
  });
});

// One region per provider, then countries: [region, g CO₂e/kWh, year], as in src/core/data
// (regions.json, countries.json), cross-checked against /work/shared/reference-data/grid:
// cloud_regions_ccf.csv (AWS/Azure, Cloud Carbon Footprint), gcp_region_carbon_2019_2024.csv (Google,
// 2024 location-based), countries_owid_via_codecarbon.csv (Our World in Data / Ember via CodeCarbon).
const REGIONS: Array<[string, number, number, string]> = [
  ['aws:us-east-1', 379.069, 2020, 'Cloud Carbon Footprint (EPA eGRID2020)'],
  ['aws:eu-north-1', 8.8, 2021, 'Cloud Carbon Footprint (country factor)'],
  ['gcp:europe-west1', 103.37, 2024, 'Google Cloud region carbon data'],
  ['gcp:africa-south1', 656.85, 2024, 'Google Cloud region carbon data'],
  ['azure:westeurope', 328.4, 2021, 'Cloud Carbon Footprint (country factor)'],
  ['azure:swedencentral', 5.67, 2021, 'Cloud Carbon Footprint (country factor)'],
  ['azure:eastus', 379.069, 2020, 'Cloud Carbon Footprint (EPA eGRID2020)'],
  ['azure:southafrica', 900.6, 2021, 'Cloud Carbon Footprint (country factor)'],
  ['FR', 56.039, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
  ['DE', 380.95, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
  ['IN', 713.441, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
  ['SE', 40.695, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
  ['PL', 661.926, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
  ['US', 369.473, 2023, 'Our World in Data / Ember (via CodeCarbon)'],
];

describe('regression: region intensities reach the estimate (one per provider, plus countries)', () => {
  // 1 × A100 80GB for 10 h, PUE stated 1.0 so only the grid differs. No model: "full fine-tuning" class,
  // draw 0.68 × 400 W + host 0.3 × 400 W: 10 h × (272 + 120 = 392 W) = 3.92 kWh (mid), CO₂e = 3.92 kWh × g / 1000.
  for (const [region, g, year, source] of REGIONS) {
    it(`${region}: ${g} g/kWh (${year})`, () => {
      const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, region }), noEmbodied);
      assert.strictEqual(e.inputs.intensity?.value, g);
      assert.ok(e.assumptions.some((a) => a.includes(`${g} g CO₂e/kWh (${source}, ${year})`)), e.assumptions.join('\n'));
      close(e.energyKwh.mid, 3.92);
      close(e.co2eKg.mid, 3.92 * g / 1000);
    });
  }

  it('Azure display names and bare names are Azure regions, not the world average (475 g, IEA 2019)', () => {
    for (const region of ['azure:West Europe', 'westeurope', 'West Europe']) {
      const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, region }), noEmbodied);
      assert.strictEqual(e.inputs.intensity?.value, 328.4, region);
    }
    const world = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, region: 'azure:nowhere' }), noEmbodied);
    assert.strictEqual(world.inputs.intensity?.value, 475, 'an unknown region is the world average');
  });

  it('Azure runs get Azure\'s PUE (1.185, Cloud Carbon Footprint 2024), not the 1.56 default', () => {
    // 1 × A100 80GB × 10 h × 392 W × 1.185 = 4.6452 kWh.
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, region: 'azure:westeurope' }), noEmbodied);
    close(e.energyKwh.mid, 4.6452);
  });
});

describe('regression: development overhead (carbonLens.devOverhead)', () => {
  it('the setting accepts 1 < x ≤ 100; 1, 0, negatives, > 100 and junk switch it off', () => {
    assert.strictEqual(normalizeSettings({ devOverhead: 5 }).devOverhead, 5);
    assert.strictEqual(normalizeSettings({ devOverhead: '7.5' }).devOverhead, 7.5);
    assert.strictEqual(normalizeSettings({ devOverhead: 100 }).devOverhead, 100);
    for (const off of [1, 0, -3, 100.5, 1e9, 'x', null, NaN, Infinity]) {
      assert.strictEqual(normalizeSettings({ devOverhead: off }).devOverhead, undefined, String(off));
    }
  });

  it('× 5 adds 4× the run at low and mid and 9× at high (the published 5–10×: up to × 2m)', () => {
    // Run: 1 × A100 80GB × 10 h, PUE 1, 400 g/kWh. Energy low/mid/high = 10 h × (180 + 60 = 240 W,
    // 272 + 120 = 392 W, 380 + 200 = 580 W) = 2.4 / 3.92 / 5.8 kWh. Overhead × 5: (5 − 1) × low,
    // (5 − 1) × mid, (2 × 5 − 1) × high = 9.6 / 15.68 / 52.2 kWh; totals 12 / 19.6 / 58 kWh.
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, intensity: 400 }), normalizeSettings({ devOverhead: 5, includeEmbodied: false }));
    const over = e.breakdown.find((b) => b.id === 'overhead');
    assert.ok(over, 'the overhead is its own line');
    assert.strictEqual(over.label, 'Development overhead (× 5–10)');
    close(over.energyKwh.low, 9.6);
    close(over.energyKwh.mid, 15.68);
    close(over.energyKwh.high, 52.2);
    close(e.energyKwh.low, 12);
    close(e.energyKwh.mid, 19.6);
    close(e.energyKwh.high, 58);
    // CO₂e at 400 g/kWh: 58 kWh → 23.2 kg at the high end.
    close(e.co2eKg.high, 23.2);
    assert.ok(e.assumptions.some((a) => a.startsWith('Development overhead ×5 (up to ×10)')));
  });

  it('off by default: no overhead line', () => {
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 1, hours: 10, pue: 1, intensity: 400 }), noEmbodied);
    assert.strictEqual(e.breakdown.some((b) => b.id === 'overhead'), false);
    close(e.energyKwh.high, 5.8);
  });
});

describe('regression: embodied carbon counts every trial', () => {
  // 8 × A100 80GB (150 kg each, BLOOM 2022) for 24 h, lifetime 4 years = 35,040 h:
  //   devices 8 × 150 × 24 / 35,040 = 0.821918 kg; host 8/8 servers × 5,700 kg × 24 / 35,040 = 3.904110 kg;
  //   one trial 4.726027 kg, three trials 14.178082 kg.
  it('one trial: 4.726 kg', () => {
    close(embodiedCarbon('nvidia-a100-sxm4-80gb', 8, 24).kg, 4.726027);
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'aws:us-east-1' }), normalizeSettings({}));
    close(e.embodiedKg, 4.726027);
  });

  it('three trials: 14.18 kg, three times the one trial', () => {
    const e = estimateRun(run({ hardware: 'A100 80GB', count: 8, hours: 24, region: 'aws:us-east-1', trials: 3 }), normalizeSettings({}));
    close(e.embodiedKg, 14.178082);
    const line = e.breakdown.find((b) => b.id === 'embodied');
    close(line?.co2eKg.mid, 14.178082);
  });
});
