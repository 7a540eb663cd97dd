// Focused tests of src/core's small pure modules, each expected value written by hand: number
// formatting (every surface reads through it), implausible-value limits, size parsing from model names,
// and the energy formulas called directly. Written for the mutation score (issue #19): each case pins
// a boundary or an operator a mutant would change.
import * as assert from 'assert';
import {
  formatCo2e, formatCount, formatDistanceKm, formatEnergy, formatHours, formatMass, formatMassRange, formatPercent, formatSignificant, withThousands,
} from '../../src/core/format';
import { dropImplausible } from '../../src/core/plausibility';
import type { RunInputs } from '../../src/core/runSpec';
import { parseSizeText } from '../../src/core/sizeParse';
import { normalizeSettings } from '../../src/core/settings';

describe('format: two significant digits, unit by magnitude', () => {
  it('significant digits, thousands separators above 100, and the edge cases', () => {
    assert.strictEqual(formatSignificant(0), '0');
    assert.strictEqual(formatSignificant(NaN), '?');
    assert.strictEqual(formatSignificant(Infinity), '?');
    assert.strictEqual(formatSignificant(1.234), '1.2');
    assert.strictEqual(formatSignificant(99.6), '100');
    assert.strictEqual(formatSignificant(28_244), '28,000');
    assert.strictEqual(formatSignificant(100), '100');
    assert.strictEqual(formatSignificant(-0.0456), '-0.046');
    assert.strictEqual(formatSignificant(1234.5, 3), '1,230');
  });

  it('thousands separators as en-US writes them, without the locale call', () => {
    // Groups of three from the right, the first group 1–3 digits; the sign kept (even on -0).
    assert.deepStrictEqual([0, 7, 999, 1000, 12_345, 1_234_567, -1000, -999_999].map(withThousands), ['0', '7', '999', '1,000', '12,345', '1,234,567', '-1,000', '-999,999']);
    assert.strictEqual(withThousands(-0), '-0');
    assert.strictEqual(withThousands(9_007_199_254_740_991), '9,007,199,254,740,991');
    // Not a safe integer: left to toLocaleString (1e21 in full, fractions to three places).
    assert.strictEqual(withThousands(1e21), '1,000,000,000,000,000,000,000');
    assert.strictEqual(withThousands(1234.5678), '1,234.568');
    assert.strictEqual(formatSignificant(-28_244), '-28,000');
  });

  it('mass: g below 1 kg, kg below 1 t, t above', () => {
    assert.strictEqual(formatMass(0.35), '350 g');
    assert.strictEqual(formatMass(0.999), '1 kg'); // 999 g rounds to 1,000 g at two digits: that is 1 kg (issue #16)
    assert.strictEqual(formatMass(999.6), '1 t'); // 999.6 kg → 1,000 kg at two digits → 1 t
    assert.strictEqual(formatMass(0.994), '990 g'); // stays below the boundary once rounded
    assert.strictEqual(formatMass(1), '1 kg');
    assert.strictEqual(formatMass(42.4), '42 kg');
    assert.strictEqual(formatMass(999), '1 t'); // 999 kg → 1,000 kg at two digits → 1 t
    assert.strictEqual(formatMass(1000), '1 t');
    assert.strictEqual(formatMass(3_400_000), '3,400 t');
    assert.strictEqual(formatMass(-16), '-16 kg');
  });

  it('ranges share the unit of the mid value', () => {
    assert.strictEqual(formatMassRange({ low: 0.5, mid: 1.5, high: 3 }), '0.5–3 kg');
    assert.strictEqual(formatMassRange({ low: 0.12, mid: 0.5, high: 1.2 }), '120–1,200 g');
    assert.strictEqual(formatMassRange({ low: 800, mid: 1500, high: 2500 }), '0.8–2.5 t');
    assert.strictEqual(formatCo2e({ low: 23.13, mid: 32.96, high: 42.96 }), '≈ 33 kg CO₂e (23–43)');
    assert.strictEqual(formatCo2e({ low: 0.2, mid: 0.54, high: 0.9 }), '≈ 540 g CO₂e (200–900)');
    assert.strictEqual(formatCo2e({ low: 500, mid: 1200, high: 3000 }), '≈ 1.2 t CO₂e (0.5–3)');
  });

  it('energy: Wh, kWh, MWh, GWh', () => {
    assert.strictEqual(formatEnergy(0.5), '500 Wh');
    assert.strictEqual(formatEnergy(1), '1 kWh');
    assert.strictEqual(formatEnergy(86.95), '87 kWh');
    assert.strictEqual(formatEnergy(999), '1 MWh'); // 999 kWh → 1,000 kWh at two digits → 1 MWh
    assert.strictEqual(formatEnergy(1000), '1 MWh');
    assert.strictEqual(formatEnergy(3143), '3.1 MWh');
    assert.strictEqual(formatEnergy(999_999), '1 GWh'); // 999,999 kWh → 1,000 MWh at two digits → 1 GWh
    assert.strictEqual(formatEnergy(1e6), '1 GWh');
    assert.strictEqual(formatEnergy(2.5e7), '25 GWh');
  });

  it('hours: min below 1 h, h below 48 h, days below a year, years', () => {
    assert.strictEqual(formatHours(NaN), '?');
    assert.strictEqual(formatHours(0.5), '30 min');
    assert.strictEqual(formatHours(1), '1 h');
    assert.strictEqual(formatHours(47.9), '2 days'); // 47.9 h → 48 h at two digits, where days begin
    assert.strictEqual(formatHours(0.9999), '1 h'); // not "60 min"
    assert.strictEqual(formatHours(46), '46 h');
    assert.strictEqual(formatHours(48), '2 days');
    assert.strictEqual(formatHours(24 * 364), '360 days');
    assert.strictEqual(formatHours(8760), '1 year');
    assert.strictEqual(formatHours(8760 * 3.4), '3.4 years');
  });

  it('percent, counts and distances', () => {
    assert.strictEqual(formatPercent(97.68), '98%');
    assert.strictEqual(formatPercent(-12.4), '-12%');
    assert.strictEqual(formatCount(950), '950');
    assert.strictEqual(formatCount(9_999), '10,000');
    assert.strictEqual(formatCount(10_000), '10k');
    assert.strictEqual(formatCount(274_000), '274k');
    assert.strictEqual(formatCount(1e6), '1M');
    assert.strictEqual(formatCount(8.03e9), '8.03B');
    assert.strictEqual(formatCount(2.5e12), '2.5T');
    assert.strictEqual(formatDistanceKm(100), '100 km');
    // 100 km / 1.609344 = 62.14 miles.
    assert.strictEqual(formatDistanceKm(100, 'imperial'), '62 miles');
  });
});

describe('plausibility: values beyond a plan are dropped with a warning', () => {
  const inputs = (o: Record<string, number>): RunInputs => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = { value: v, origin: 'file', range: { startLine: 4, startCol: 0, endLine: 4, endCol: 3 } };
    return out as RunInputs;
  };

  it('keeps values at the limits, drops values past them', () => {
    const ok = dropImplausible(inputs({ count: 1_000_000, hours: 100_000, pue: 5, epochs: 100_000, mfu: 1, trials: 1 }));
    assert.deepStrictEqual(ok.warnings, []);
    assert.deepStrictEqual(Object.keys(ok.inputs).sort(), ['count', 'epochs', 'hours', 'mfu', 'pue', 'trials']);
    const bad = dropImplausible(inputs({ count: 1_000_001, hours: 100_001, pue: 0.9, mfu: 1.01, trials: 0.5 }));
    assert.deepStrictEqual(Object.keys(bad.inputs), []);
    assert.deepStrictEqual(bad.warnings, [
      'Implausible count 1.0e+6 (line 5): ignored (expected ≥ 1 and ≤ 1.0e+6).',
      'Implausible hours 100001 (line 5): ignored (expected > 0 and ≤ 100000).',
      'Implausible pue 0.9 (line 5): ignored (expected ≥ 1 and ≤ 5).',
      'Implausible trials 0.5 (line 5): ignored (expected ≥ 1 and ≤ 1.0e+6).',
      'Implausible mfu 1.01 (line 5): ignored (expected > 0 and ≤ 1).',
    ]);
  });

  it('zero, negatives and non-finite numbers are implausible; fields without a limit pass', () => {
    const r = dropImplausible({ ...inputs({ epochs: 0, steps: -3, tokens: Infinity }), region: { value: 'FR', origin: 'file' } } as RunInputs);
    assert.deepStrictEqual(Object.keys(r.inputs), ['region']);
    assert.strictEqual(r.warnings.length, 3);
    assert.ok(r.warnings.includes('Implausible tokens Infinity (line 5): ignored (expected > 0 and ≤ 1.0e+15).'), r.warnings.join('\n'));
  });

  it('a value without a range has no line in its warning', () => {
    const r = dropImplausible({ count: { value: 0, origin: 'file' } } as RunInputs);
    assert.deepStrictEqual(r.warnings, ['Implausible count 0: ignored (expected ≥ 1 and ≤ 1.0e+6).']);
  });
});

describe('sizeParse: parameter counts from names', () => {
  it('reads sizes at word boundaries, with units m/b/million/billion', () => {
    assert.deepStrictEqual(parseSizeText('my-org/llama-13b-chat'), { params: 13e9 });
    assert.deepStrictEqual(parseSizeText('1.5B'), { params: 1.5e9 });
    assert.deepStrictEqual(parseSizeText('350m'), { params: 350e6 });
    assert.deepStrictEqual(parseSizeText('7 billion'), { params: 7e9 });
    assert.deepStrictEqual(parseSizeText('125 million'), { params: 125e6 });
    assert.deepStrictEqual(parseSizeText('  Model-70B  '), { params: 70e9 });
  });

  it('experts (N×M, approximate) and active parameters', () => {
    // 8 × 7B = 56B total; top-2 routing assumed for the active count: 2 × 7B = 14B (Mixtral's published figure
    // is 12.9B of 46.7B, so both are upper bounds). Two experts of two: all of them are active.
    assert.deepStrictEqual(parseSizeText('mixtral-8x7b'), { params: 56e9, activeParams: 14e9, approximate: true });
    assert.deepStrictEqual(parseSizeText('acme-2x7b'), { params: 14e9, approximate: true });
    assert.deepStrictEqual(parseSizeText('Qwen3-30B-A3B'), { params: 30e9, activeParams: 3e9 });
    // An "active" figure not below the total is not an active count.
    assert.deepStrictEqual(parseSizeText('x-3b-a7b'), { params: 3e9 });
  });

  it('plain numbers only when they are a plausible count', () => {
    assert.deepStrictEqual(parseSizeText('7000000000'), { params: 7e9 });
    assert.deepStrictEqual(parseSizeText('1e6'), { params: 1e6 });
    assert.strictEqual(parseSizeText('999999'), undefined);
    assert.strictEqual(parseSizeText('2024'), undefined);
    assert.strictEqual(parseSizeText('1e15'), undefined);
  });

  it('refuses glued tokens, bits, prose and non-strings', () => {
    for (const t of ['gpt2', 'v2', 'Qwen2.5', '4bit', '7bn-tokens', '', 'a'.repeat(301), 'no size here', '0b', '200000b']) {
      assert.strictEqual(parseSizeText(t), undefined, t);
    }
    assert.strictEqual(parseSizeText(7e9), undefined);
    assert.strictEqual(parseSizeText(undefined), undefined);
  });
});

describe('settings: every bound of normalizeSettings', () => {
  it('accepts values up to each maximum and refuses past it', () => {
    const ok = normalizeSettings({ mfu: 1, pue: 5, intensity: 5000, defaultCount: 1e6, tokensPerQuery: 1e7, horizonDays: 36500, queriesPerDay: 5, datasetSamples: 7 });
    assert.deepStrictEqual([ok.mfu, ok.pue, ok.intensity, ok.defaultCount, ok.tokensPerQuery, ok.horizonDays, ok.queriesPerDay, ok.datasetSamples], [1, 5, 5000, 1e6, 1e7, 36500, 5, 7]);
    const bad = normalizeSettings({ mfu: 1.01, pue: 5.01, intensity: 5001, defaultCount: 1e6 + 1, tokensPerQuery: 1e7 + 1, horizonDays: 36501, queriesPerDay: 0, datasetSamples: -1 });
    assert.deepStrictEqual([bad.mfu, bad.pue, bad.intensity, bad.defaultCount, bad.tokensPerQuery, bad.horizonDays, bad.queriesPerDay, bad.datasetSamples], Array(8).fill(undefined));
  });

  it('PUE below 1 is refused; text settings are trimmed and capped at 200 characters', () => {
    assert.strictEqual(normalizeSettings({ pue: 0.99 }).pue, undefined);
    assert.strictEqual(normalizeSettings({ pue: 1 }).pue, 1);
    assert.strictEqual(normalizeSettings({ defaultRegion: '  FR  ' }).defaultRegion, 'FR');
    assert.strictEqual(normalizeSettings({ defaultRegion: '   ' }).defaultRegion, undefined);
    assert.strictEqual(normalizeSettings({ defaultHardware: 'x'.repeat(250) }).defaultHardware, 'x'.repeat(200));
    assert.strictEqual(normalizeSettings({ includeEmbodied: false }).includeEmbodied, false);
    assert.strictEqual(normalizeSettings({ includeEmbodied: 'no' }).includeEmbodied, true);
    assert.strictEqual(normalizeSettings({ intensity: '300' }).intensity, 300);
    // A PUE typed as text in settings.json is read as the number, like the others (it stayed the string "1.2").
    assert.strictEqual(normalizeSettings({ pue: '1.2' }).pue, 1.2);
    assert.strictEqual(normalizeSettings({ pue: '0.9' }).pue, undefined);
  });
});
