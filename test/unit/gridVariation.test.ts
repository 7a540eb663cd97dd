// Offline carbon-aware timing: a verdict from the bundled generation mix, never an hourly figure.
import * as assert from 'assert';
import { gridVariation } from '../../src/core/gridVariation';

describe('gridVariation (offline carbon-aware timing)', () => {
  it('a grid that mixes fossil and renewables is where timing can help (Germany 2023: 46 % fossil, 52 % renewables)', () => {
    const v = gridVariation('DE');
    assert.strictEqual(v.verdict, 'mixed');
    assert.strictEqual(v.country, 'DE');
    assert.match(v.text, /46 % fossil, 52 % renewables/);
    assert.match(v.text, /timing can help/);
  });

  it('mostly low-carbon (France: 8 % fossil) and mostly fossil grids say timing gains little', () => {
    assert.strictEqual(gridVariation('FR').verdict, 'mostly-low-carbon');
    const fossil = ['ZA', 'IN', 'SA', 'KW', 'QA'].map((c) => gridVariation(c)).find((v) => v.verdict === 'mostly-fossil');
    assert.ok(fossil, 'some coal- or gas-dominated grid is classed mostly fossil');
    assert.match(fossil!.text, /cleaner region saves far more than timing/);
  });

  it('a cloud region uses its country, adds Google’s hourly CFE share where published, and names no hourly figure', () => {
    const v = gridVariation('gcp:europe-west3');
    assert.strictEqual(v.country, 'DE');
    assert.match(v.text, /hourly-matched carbon-free energy for europe-west3/);
    assert.match(v.text, /yearly averages only/);
    assert.doesNotMatch(v.text, /g CO₂e\/kWh at \d/);
  });

  it('no region or an unknown one: says what is needed', () => {
    assert.strictEqual(gridVariation(undefined).verdict, 'unknown');
    assert.match(gridVariation(undefined).text, /set one/);
    assert.match(gridVariation('mars-north1').text, /needs an hourly forecast/);
  });
});
