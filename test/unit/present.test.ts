// The presenter's small rules, each with the case that made it necessary (issue #16).
import * as assert from 'assert';
import { formatChange, formatChangePct, formatInputValue, formatWhole } from '../../src/core/present/numbers';
import { cite, sourceYear, prose } from '../../src/core/present/text';

describe('present: numbers', () => {
  it('shows integers the user wrote as written, large counts compact', () => {
    assert.strictEqual(formatWhole(4096), '4096'); // sequence_len: 4096 read "4,100" before
    assert.strictEqual(formatWhole(10000), '10000');
    assert.strictEqual(formatWhole(8.03e9), '8.03B');
    assert.strictEqual(formatInputValue('seqLen', 4096), '4096');
    assert.strictEqual(formatInputValue('mfu', 0.385), '38.5%');
  });

  it('says a saving near 100 % as a factor, never "−100%" while something is left', () => {
    assert.strictEqual(formatChange(100, 58), '−42%');
    assert.strictEqual(formatChange(100, 2.34), '−97.7%'); // 97.66 % at one decimal
    assert.strictEqual(formatChange(100, 0.4), '≈ 250× less'); // 100 / 0.4 = 250
    assert.strictEqual(formatChange(100, 0), '−100%'); // nothing left is the only −100 %
    assert.strictEqual(formatChange(100, 100.3), 'no change');
    assert.strictEqual(formatChange(100, 108), '+8%');
    assert.strictEqual(formatChange(100, 300), '≈ 3× more');
    assert.strictEqual(formatChangePct(-99.6), '≈ 250× less'); // 100 / 0.4
  });
});

describe('present: text', () => {
  it('cites a source once with its year once', () => {
    assert.strictEqual(cite('Patterson et al. 2021', 2021), 'Patterson et al. 2021');
    assert.strictEqual(cite('ICAO calculator', 2023), 'ICAO calculator 2023');
    assert.strictEqual(prose('world average (IEA Global Energy & CO2 Status Report 2019, 2019)'), 'world average (IEA Global Energy & CO2 Status Report 2019)');
    // In the estimator's sentences: the year after a comma, and not at all when the source names it,
    // even away from the end ("(BLOOM), 2022") or among several sources ("Dodge et al. 2022 …; Patterson et al. 2021").
    assert.strictEqual(sourceYear('Cloud Carbon Footprint', 2024), 'Cloud Carbon Footprint, 2024');
    assert.strictEqual(sourceYear('Luccioni et al. 2022 (BLOOM)', 2022), 'Luccioni et al. 2022 (BLOOM)');
    assert.strictEqual(sourceYear('Dodge et al. 2022 (GPU draw per run, FAccT); Patterson et al. 2021, Table 4', 2022), 'Dodge et al. 2022 (GPU draw per run, FAccT); Patterson et al. 2021, Table 4');
    assert.strictEqual(sourceYear('no year', undefined), 'no year');
    assert.strictEqual(sourceYear('  Padded source ', NaN), 'Padded source');
    assert.strictEqual(sourceYear('  Padded source ', 2021), 'Padded source, 2021');
    // A dataset named with a year is not the citation's year.
    assert.strictEqual(sourceYear('Cloud Carbon Footprint (EPA eGRID2020)', 2020), 'Cloud Carbon Footprint (EPA eGRID2020), 2020');
  });

  it('reads code-quoted keys as quoted words and grams at three digits', () => {
    assert.strictEqual(prose('No `adapter`: a full fine-tune'), 'No ‘adapter’: a full fine-tune');
    assert.strictEqual(prose('against 379.069 g for aws:us-east-1'), 'against 379 g for aws:us-east-1');
    assert.strictEqual(prose('a stray ` tick'), 'a stray  tick');
  });
});
