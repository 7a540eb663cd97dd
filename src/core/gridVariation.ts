// Carbon-aware timing without a network: the bundled data holds yearly averages only, so this never
// invents an hourly figure. What it can say is whether timing is likely to matter in the run's grid,
// from that grid's generation mix: intensity swings most where fossil and weather-driven renewable
// generation share the load, and little where one kind dominates.
import { findCountry, findRegion } from './catalog';
import type { CountryIntensity } from './catalogTypes';
import { sourceYear } from './present/text';

export type Variation = 'mixed' | 'mostly-fossil' | 'mostly-low-carbon' | 'unknown';

export interface GridVariation {
  verdict: Variation;
  /** ISO country code of the grid, when known (a forecast provider needs it). */
  country?: string;
  text: string;
  source?: string;
}

/** Below this fossil share a grid is mostly low-carbon; above 1 − it, mostly fossil. */
const DOMINANT = 0.15;

const pct = (x: number) => `${Math.round(x * 100)} %`;

function verdictOf(mix: NonNullable<CountryIntensity['mix']>): Exclude<Variation, 'unknown'> {
  if (mix.fossil <= DOMINANT) return 'mostly-low-carbon';
  if (mix.fossil >= 1 - DOMINANT) return 'mostly-fossil';
  return 'mixed';
}

const ADVICE: Record<Exclude<Variation, 'unknown'>, string> = {
  mixed: 'Fossil and renewable generation share this grid, so its intensity moves with the weather and the hour: timing can help. How much needs an hourly forecast (online features, off by default).',
  'mostly-fossil': 'Mostly fossil generation: the hour-to-hour swing is small next to the average, so a cleaner region saves far more than timing.',
  'mostly-low-carbon': 'Mostly low-carbon generation: intensity is low most hours, so timing has little left to gain.',
};

export function gridVariation(region: string | undefined): GridVariation {
  const m = region ? findRegion(region) : undefined;
  const country = m?.kind === 'cloud' ? (m.region.country ? findCountry(m.region.country) : undefined) : m?.kind === 'country' ? m.country : undefined;
  if (!country?.mix) {
    return { verdict: 'unknown', text: region ? `No generation mix is bundled for ${region}: whether timing helps there needs an hourly forecast.` : 'No region: set one to judge whether carbon-aware timing could help.' };
  }
  const { mix } = country;
  const verdict = verdictOf(mix);
  const parts = [`${country.name}’s grid (${country.year}): ${pct(mix.fossil)} fossil, ${pct(mix.renewables)} renewables (incl. hydro), ${pct(mix.nuclear)} nuclear.`, ADVICE[verdict]];
  if (m?.kind === 'cloud' && m.region.cfeFraction !== undefined) {
    parts.push(`Google reports ${pct(m.region.cfeFraction)} hourly-matched carbon-free energy for ${m.region.region} (${m.region.year}).`);
  }
  parts.push('Bundled data holds yearly averages only; no hourly figure is shown without a forecast.');
  return { verdict, country: country.code, text: parts.join(' '), source: `${sourceYear(country.source, country.year)}` };
}
