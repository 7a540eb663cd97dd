// The shape every carbon-intensity forecast is turned into, whichever provider it came from, so the
// window search and the panel never see a provider's own JSON. Pure types and labels: no I/O.

export type ForecastProvider = 'uk-carbon-intensity' | 'electricity-maps' | 'watttime';

/** One forecast interval [start, end) in epoch milliseconds, with its intensity in g CO₂(e)/kWh. */
export interface ForecastPoint {
  start: number;
  end: number;
  gPerKwh: number;
}

export interface Forecast {
  provider: ForecastProvider;
  /** What was asked for, as the user would name it: `GB`, a UK outward postcode, `DE`, `CAISO_NORTH`. */
  zone: string;
  /** Sorted by start, validated (finite, 0–5000 g/kWh, end > start). */
  points: ForecastPoint[];
  /**
   * `average`: the grid mix's mean intensity (what the estimate uses). `marginal`: the plant that
   * answers extra load (WattTime MOER) — a different quantity, so savings from it are indicative only.
   */
  signal: 'average' | 'marginal';
  /** Always g/kWh after parsing; says what it was converted from, if anything. */
  unit: string;
  /** When the provider answered (epoch ms); a cached forecast keeps its first time. */
  fetchedAt: number;
  /** Human citation shown under the result, e.g. "NESO Carbon Intensity API, 48 h forecast …". */
  source: string;
}

export const PROVIDER_NAMES: Record<ForecastProvider, string> = {
  'uk-carbon-intensity': 'UK Carbon Intensity API',
  'electricity-maps': 'Electricity Maps',
  watttime: 'WattTime',
};
