// Lens titles: built from numbers and catalogue names only, and the what-ifs they quote.
import * as assert from 'assert';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText, type FileResult } from '../../src/engine/evaluate';
import {
  costDrivers, countEffect, driverTitle, fileTotalKg, mainLensTitle, MAX_DRIVERS, pairRuns, signedMass, type RunPair, type WhatIfContext,
} from '../../src/editor/lensText';

const settings = normalizeSettings({});

function analyse(yaml: string, s = settings): { result: FileResult; pairs: RunPair[] } {
  const result = evaluateText(yaml, 'run.yaml', s);
  return { result, pairs: pairRuns(result) };
}

function only(yaml: string, s = settings): RunPair {
  const { pairs } = analyse(yaml, s);
  assert.strictEqual(pairs.length, 1, 'expected one run');
  return pairs[0];
}

function ctxOf(p: RunPair, s = settings): WhatIfContext {
  return { run: p.run, estimate: p.estimate, settings: s, fileTotalKg: p.estimate.co2eKg.mid };
}

/** Reads `−16 kg` / `+33 kg` / `+1.2 t` back as kg. */
function kgOf(text: string): number {
  const m = /([−+])([\d.,]+) (g|kg|t)\b/.exec(text);
  assert.ok(m, `no mass in "${text}"`);
  const n = Number(m[2].replace(/,/g, '')) * (m[3] === 'g' ? 0.001 : m[3] === 't' ? 1000 : 1);
  return m[1] === '−' ? -n : n;
}

const TIMED = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';
const FLOPS = 'model: meta-llama/Llama-3.1-8B\nhardware: H100\ncount: 8\nsteps: 2000\nbatchSize: 64\nseqLen: 4096\nregion: gcp:us-central1\n';

describe('lensText: main lens', () => {
  it('reads CO₂e range, energy, hardware and region from the estimate', () => {
    const p = only(TIMED);
    const title = mainLensTitle(p.estimate, settings);
    // By hand: 8 × 24 h × (400 W × 0.68 + 120 W host) × PUE 1.135 = 85.42 kWh; × 379.069 g/kWh = 32.38 kg
    // (low 240 W → 19.83 kg, high 580 W → 47.91 kg).
    assert.strictEqual(title, '≈ 32 kg CO₂e (20–48) · 85 kWh · 8× A100 SXM4 80GB · us-east-1');
  });

  it('marks hardware and region the file does not state as assumed', () => {
    const p = only('model: meta-llama/Llama-3.1-8B\nsteps: 100\nhours: 2\ncount: 1\n');
    const title = mainLensTitle(p.estimate, settings);
    assert.match(title, /A100 SXM4 80GB \(assumed\)/);
    assert.match(title, /world avg grid \(assumed\)$/);
  });

  it('says what is missing and shows no number', () => {
    const p = only('hardware: H100\ncount: 8\nregion: aws:us-east-1\n');
    const title = mainLensTitle(p.estimate, settings);
    assert.match(title, /^Carbon Lens: needs /);
    assert.doesNotMatch(title, /\d/);
    assert.doesNotMatch(title, /\(/, 'asides are dropped to keep the lens short');
  });

  it('puts inference per year, or per the configured horizon', () => {
    const yaml = 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\n';
    assert.match(mainLensTitle(only(yaml).estimate, settings), /CO₂e \([^)]*\) \/ year · /);
    const s30 = normalizeSettings({ horizonDays: 30 });
    assert.match(mainLensTitle(only(yaml, s30).estimate, s30), /\/ 30 days · /);
  });

  it('never shows file text: unknown names are not echoed', () => {
    const p = only('hardware: "<img src=x onerror=alert(1)>"\ncount: 2\nhours: 5\nregion: "[x](javascript:alert(1))"\n');
    const title = mainLensTitle(p.estimate, settings);
    assert.doesNotMatch(title, /img|javascript|onerror/);
    for (const d of costDrivers(p.run, p.estimate)) assert.doesNotMatch(driverTitle(d, ctxOf(p)), /img|javascript|onerror/);
  });
});

describe('lensText: cost drivers', () => {
  it('a stated duration drives the cost: halving it halves the CO₂e', () => {
    const p = only(TIMED);
    const drivers = costDrivers(p.run, p.estimate);
    assert.deepStrictEqual(drivers.map((d) => d.field), ['hours', 'region', 'count']);
    const hours = driverTitle(drivers[0], ctxOf(p));
    assert.match(hours, /^Hours \(wall clock\): halve → −.* · double → \+/);
    const [half, double] = hours.split(' · ').map(kgOf);
    assert.ok(Math.abs(half + p.estimate.co2eKg.mid / 2) < 0.05 * p.estimate.co2eKg.mid, `${half} vs ${p.estimate.co2eKg.mid}`);
    assert.ok(Math.abs(double - p.estimate.co2eKg.mid) < 0.05 * p.estimate.co2eKg.mid);
    assert.strictEqual(drivers[0].range.startLine, 2, 'the lens sits on the hours line');
  });

  it('region: the intensity and the saving of the cleanest region of the same cloud offering the accelerator', () => {
    const p = only(TIMED);
    const region = costDrivers(p.run, p.estimate).find((d) => d.field === 'region')!;
    // AWS offers the A100 80GB (p4de) in ap-northeast-1, ap-southeast-1, eu-central-1, il-central-1,
    // us-east-1 and us-west-2 (availability CSV; il-central-1 has no intensity row). The cleanest is
    // eu-central-1 at 311 g/kWh (CCF 2021): 1 − 311 / 379.069 = 18.0 % → −18 %.
    // Operational only (the what-ifs add embodied carbon, which a region does not change; see regionAvailability).
    assert.strictEqual(driverTitle(region, ctxOf(p, normalizeSettings({ includeEmbodied: false }))), 'Region: 379 g/kWh · cleanest aws with A100 (eu-central-1): −18%');
  });

  it('count on a FLOPs-based run: about the same CO₂e, shorter wall-clock', () => {
    const p = only(FLOPS);
    const text = countEffect(ctxOf(p))!;
    assert.match(text, /about the same CO₂e/);
    assert.match(text, /→ .* wall-clock/);
  });

  it('count on a timed run changes the energy with it', () => {
    assert.match(countEffect(ctxOf(only(TIMED)))!, /halve → −.* · double → \+/);
  });

  it('model: the parameters and what half the size would save', () => {
    const p = only(FLOPS);
    const model = costDrivers(p.run, p.estimate).find((d) => d.kind === 'model')!;
    assert.ok(model);
    assert.match(driverTitle(model, ctxOf(p)), /^Model: 8\.03B params · half the size → −/);
  });

  it('trials: the repeats as a share of the file', () => {
    const p = only(`${FLOPS}trials: 9\n`);
    const trials = costDrivers(p.run, p.estimate).find((d) => d.field === 'trials')!;
    assert.ok(trials);
    assert.match(driverTitle(trials, ctxOf(p)), /^× 9 trials: repeats = 89% of this file · halve → −/);
  });

  it('keeps to MAX_DRIVERS lenses per run, and none when the estimate is missing', () => {
    const p = only(`${FLOPS}trials: 9\n`);
    assert.ok(costDrivers(p.run, p.estimate).length <= MAX_DRIVERS);
    const missing = only('hardware: H100\ncount: 8\nregion: aws:us-east-1\n');
    assert.deepStrictEqual(costDrivers(missing.run, missing.estimate), []);
  });

  it('a field that does not move the estimate says so', () => {
    // Steps set the length, so epochs have no effect.
    const p = only(`${FLOPS}epochs: 3\n`);
    const drivers = costDrivers(p.run, p.estimate);
    assert.strictEqual(drivers[0].field, 'steps');
    assert.strictEqual(driverTitle({ kind: 'length', field: 'epochs', range: drivers[0].range }, ctxOf(p)), 'Epochs: no effect on this estimate');
  });
});

describe('lensText: helpers', () => {
  it('signedMass uses a real minus sign', () => {
    assert.strictEqual(signedMass(-16), '−16 kg');
    assert.strictEqual(signedMass(1200), '+1.2 t');
  });

  it('pairRuns re-aligns runs and estimates when one run could not be estimated', () => {
    const { result } = analyse(TIMED);
    const run = result.analysis!.runs[0];
    const broken: FileResult = {
      ...result,
      analysis: { ...result.analysis!, runs: [{ ...run, name: 'first' }, { ...run, name: 'second' }] },
      estimates: [{ ...result.estimates[0], name: 'second' }],
    };
    const pairs = pairRuns(broken);
    assert.deepStrictEqual(pairs.map((p) => [p.index, p.run.name]), [[1, 'second']]);
    assert.strictEqual(fileTotalKg(pairs), result.estimates[0].co2eKg.mid);
  });
});
