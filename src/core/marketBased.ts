// A market-based figure beside the location-based one, where the provider publishes how much of a
// region's electricity is matched hour by hour with carbon-free supply (Google's CFE %, per GCP region,
// yearly). It answers "what does the provider's clean-energy purchasing change", and is only ever a
// second figure: the location-based CO₂e (what the grid emits for the run) stays the headline.
import { findRegion } from './catalog';
import type { ResolvedRun } from './resolve';
import type { Estimate, Range3 } from './runSpec';

/**
 * location-based CO₂e × (1 − CFE): the hours Google matched with carbon-free energy count as zero,
 * the rest at the grid's average intensity (Google's "Carbon free energy for Google Cloud regions",
 * data year in regions.json). Undefined where the provider publishes no CFE share, or where the
 * intensity did not come from the region (a stated intensity says nothing about the provider's supply).
 */
export function marketBasedOf(r: ResolvedRun, co2eKg: Range3): Estimate['marketBased'] {
  if (r.provider !== 'gcp' || r.inputs.intensity?.origin !== 'inferred') return undefined;
  const text = r.inputs.region?.value;
  const match = text ? findRegion(text) : undefined;
  if (match?.kind !== 'cloud' || match.region.cfeFraction === undefined) return undefined;
  const cfe = Math.min(1, Math.max(0, match.region.cfeFraction));
  const k = 1 - cfe;
  return {
    co2eKg: { low: co2eKg.low * k, mid: co2eKg.mid * k, high: co2eKg.high * k },
    cfeFraction: cfe,
    basis: `Market-based (second figure): ${Math.round(cfe * 100)} % of ${match.region.region}'s electricity is matched hourly with carbon-free energy by Google, so ${Math.round(k * 100)} % of the location-based CO₂e remains.`,
    source: match.region.source,
    year: match.region.year,
  };
}
