// The market-based second figure (src/core/marketBased.ts): location-based CO₂e × (1 − Google's CFE share),
// only for a GCP region whose intensity came from the catalogue. CFE shares from src/core/data/regions.json
// (Google Cloud region carbon data, 2024): us-central1 0.87, europe-north2 1.
import * as assert from 'assert';
import { marketBasedOf } from '../../src/core/marketBased';
import type { ResolvedRun } from '../../src/core/resolve';
import type { Origin, RunInputs } from '../../src/core/runSpec';

function resolved(provider: string | undefined, region: string | undefined, intensityOrigin: Origin | undefined): ResolvedRun {
  const inputs: RunInputs = {};
  if (region !== undefined) inputs.region = { value: region, origin: 'file' };
  if (intensityOrigin) inputs.intensity = { value: 412.72, origin: intensityOrigin };
  return { provider, inputs } as unknown as ResolvedRun;
}

const loc = { low: 10, mid: 20, high: 40 };

describe('market-based CO₂e', () => {
  it('keeps the share Google did not match with carbon-free energy', () => {
    // us-central1: 87 % matched, 13 % remains: 10 / 20 / 40 kg → 1.3 / 2.6 / 5.2 kg.
    const m = marketBasedOf(resolved('gcp', 'gcp:us-central1', 'inferred'), loc)!;
    for (const [k, v] of Object.entries({ low: 1.3, mid: 2.6, high: 5.2 })) assert.ok(Math.abs(m.co2eKg[k as 'mid'] - v) < 1e-12, `${k}: ${m.co2eKg[k as 'mid']}`);
    assert.strictEqual(m.cfeFraction, 0.87);
    assert.strictEqual(m.basis, 'Market-based (second figure): 87 % of us-central1\'s electricity is matched hourly with carbon-free energy by Google, so 13 % of the location-based CO₂e remains.');
    assert.deepStrictEqual([m.source, m.year], ['Google Cloud region carbon data', 2024]);
    // europe-north2: 100 % matched, nothing remains.
    assert.deepStrictEqual(marketBasedOf(resolved('gcp', 'gcp:europe-north2', 'inferred'), loc)!.co2eKg, { low: 0, mid: 0, high: 0 });
  });

  it('gives no second figure off GCP, for a stated intensity, or without a cloud region', () => {
    assert.strictEqual(marketBasedOf(resolved('aws', 'aws:us-east-1', 'inferred'), loc), undefined);
    assert.strictEqual(marketBasedOf(resolved('gcp', 'gcp:us-central1', 'file'), loc), undefined, 'a stated intensity says nothing about Google\'s supply');
    assert.strictEqual(marketBasedOf(resolved('gcp', 'gcp:us-central1', undefined), loc), undefined);
    assert.strictEqual(marketBasedOf(resolved('gcp', undefined, 'inferred'), loc), undefined);
    assert.strictEqual(marketBasedOf(resolved('gcp', 'FR', 'inferred'), loc), undefined, 'a country is no cloud region');
    assert.strictEqual(marketBasedOf(resolved('gcp', 'nowhere-9', 'inferred'), loc), undefined);
  });
});
