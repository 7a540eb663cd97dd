// A what-if's title and saving as every surface shows them (src/core/present/suggestionText.ts).
// Expected strings derived by hand in the comments.
import * as assert from 'assert';
import { suggestionSaving, suggestionTitle } from '../../src/core/present/suggestionText';
import type { Estimate, Suggestion } from '../../src/core/runSpec';

const s = (over: Partial<Suggestion>): Suggestion => ({ kind: 'region', title: 'Switch region', savingPct: 0, co2eKg: 0, ...over }) as Suggestion;
const base = (mid: number, embodied: number): Estimate => ({ co2eKg: { low: mid / 2, mid, high: mid * 2 }, embodiedKg: embodied }) as Estimate;

describe('what-if titles and savings (presenter)', () => {
  it('drops the estimator\'s trailing "(−N% CO₂e)", with or without a space or a sign, decimals included', () => {
    assert.strictEqual(suggestionTitle(s({ title: 'Switch region to eu-central-1 (−16% CO₂e)' })), 'Switch region to eu-central-1');
    assert.strictEqual(suggestionTitle(s({ title: 'Use H100 SXM(−97.35% CO₂e)' })), 'Use H100 SXM');
    assert.strictEqual(suggestionTitle(s({ title: 'Double the batch (+12.5% CO₂e)' })), 'Double the batch');
    assert.strictEqual(suggestionTitle(s({ title: 'Quantize to 4-bit (-3% CO₂e)' })), 'Quantize to 4-bit');
    assert.strictEqual(suggestionTitle(s({ title: 'Halve epochs (50% CO₂e)' })), 'Halve epochs');
  });

  it('leaves a percentage that is not the trailing saving alone', () => {
    // Mid-title, or a word glued to the bracket: not the estimator's suffix.
    assert.strictEqual(suggestionTitle(s({ title: 'Cut (−16% CO₂e) then retry' })), 'Cut (−16% CO₂e) then retry');
    assert.strictEqual(suggestionTitle(s({ title: 'Use fp8 (−1.x% CO₂e)' })), 'Use fp8 (−1.x% CO₂e)');
    assert.strictEqual(suggestionTitle(s({ title: 'Use fp8 (16% of CO₂e)' })), 'Use fp8 (16% of CO₂e)');
    assert.strictEqual(suggestionTitle(s({ title: 'Use fp8' })), 'Use fp8');
  });

  it('an informational what-if reads "note", whatever its figures', () => {
    assert.strictEqual(suggestionSaving(base(10, 2), s({ info: true, savingPct: 40, co2eKg: 6, totalKg: 7 })), 'note');
  });

  it('with embodied carbon: from the run\'s total (operational + embodied) to the what-if\'s total', () => {
    // Run: 10 kg operational + 2 kg embodied = 12 kg; the what-if's total 6 kg → −50 % (not 10 → 6 = −40 %).
    assert.strictEqual(suggestionSaving(base(10, 2), s({ savingPct: 40, co2eKg: 5, totalKg: 6 })), '−50%');
    // A total of 3 kg: −75 %; a non-finite total falls back to the estimator's percentage, −31 %.
    assert.strictEqual(suggestionSaving(base(10, 2), s({ savingPct: 40, co2eKg: 5, totalKg: 3 })), '−75%');
    assert.strictEqual(suggestionSaving(base(10, 2), s({ savingPct: 31, co2eKg: 5, totalKg: Number.NaN })), '−31%');
    // A run with no CO₂e at all (0 + 0): the percentage, not a division by zero.
    assert.strictEqual(suggestionSaving(base(0, 0), s({ savingPct: 97.34, co2eKg: 0, totalKg: 0 })), '−97.3%');
  });

  it('without embodied carbon: from the run\'s operational CO₂e; a 250-fold cut reads "≈ 250× less"', () => {
    // 10 kg → 7 kg: −30 %; 10 kg → 0.04 kg: 10 / 0.04 = 250.
    assert.strictEqual(suggestionSaving(base(10, 5), s({ savingPct: 99, co2eKg: 7 })), '−30%');
    assert.strictEqual(suggestionSaving(base(10, 5), s({ savingPct: 99.6, co2eKg: 0.04 })), '≈ 250× less');
    assert.strictEqual(suggestionSaving(base(10, 5), s({ savingPct: 0, co2eKg: 10 })), 'no change');
    assert.strictEqual(suggestionSaving(base(0, 5), s({ savingPct: 31, co2eKg: 0 })), '−31%');
    assert.strictEqual(suggestionSaving(base(10, 5), s({ savingPct: 31, co2eKg: Number.POSITIVE_INFINITY })), '−31%');
  });
});
