// Numbers as every surface says them (src/core/present/numbers.ts): the boundaries where the wording
// changes, each derived by hand in the comments.
import * as assert from 'assert';
import { formatChange, formatChangePct, formatInputValue, formatWhole } from '../../src/core/present/numbers';

describe('presenter numbers: boundaries of the wording', () => {
  it('a change: "no change" under half a percent, one decimal from −95 %, "× less" from −99.5 %, "× more" from +100 %', () => {
    assert.strictEqual(formatChangePct(0.4), 'no change');
    assert.strictEqual(formatChangePct(-0.5), '−1%'); // |−0.5| is not under 0.5; Math.round(0.5) = 1
    assert.strictEqual(formatChangePct(0.5), '+1%');
    assert.strictEqual(formatChangePct(99), '+99%');
    assert.strictEqual(formatChangePct(100), '≈ 2× more'); // 1 + 100/100
    assert.strictEqual(formatChangePct(200), '≈ 3× more');
    assert.strictEqual(formatChangePct(-94.9), '−95%');
    assert.strictEqual(formatChangePct(-95), '−95.0%');
    assert.strictEqual(formatChangePct(-99.4), '−99.4%');
    assert.strictEqual(formatChangePct(-99.5), '≈ 200× less'); // 100 / (100 − 99.5)
    assert.strictEqual(formatChangePct(-100), '−100%');
    assert.strictEqual(formatChangePct(Number.POSITIVE_INFINITY), '?');
  });

  it('a change between two masses needs a positive base and a finite result', () => {
    assert.strictEqual(formatChange(10, 7), '−30%');
    assert.strictEqual(formatChange(0, 7), '?');
    assert.strictEqual(formatChange(-1, 7), '?');
    assert.strictEqual(formatChange(10, Number.NaN), '?');
  });

  it('an integer the user wrote stays as written below a million; larger ones compact', () => {
    assert.strictEqual(formatWhole(999999), '999999');
    assert.strictEqual(formatWhole(-999999), '-999999');
    assert.strictEqual(formatWhole(1e6), '1M');
    assert.strictEqual(formatWhole(2.5), '2.5');
    assert.strictEqual(formatWhole(Number.NaN), '?');
  });

  it('each input field carries its own unit', () => {
    assert.strictEqual(formatInputValue('hours', 1.5), '1.5 h');
    assert.strictEqual(formatInputValue('maxHours', 1.5), '1.5 h');
    assert.strictEqual(formatInputValue('pue', 1.1234), '1.12');
    assert.strictEqual(formatInputValue('intensity', 379.069), '379 g CO₂e/kWh');
    assert.strictEqual(formatInputValue('mfu', 0.4567), '45.7%');
    assert.strictEqual(formatInputValue('utilization', 0.4567), '45.7%');
    assert.strictEqual(formatInputValue('quantization', 4), '4-bit');
    assert.strictEqual(formatInputValue('horizonDays', 365), '365 days');
    assert.strictEqual(formatInputValue('epochs', 3), '3');
    assert.strictEqual(formatInputValue('packing', true), 'yes');
    assert.strictEqual(formatInputValue('packing', false), 'no');
    assert.strictEqual(formatInputValue('model', 'meta-llama/Llama-3.1-8B'), 'meta-llama/Llama-3.1-8B');
  });
});
