// How numbers read in lenses, hovers, the panel and the CLI: two significant digits (the estimates
// are ranges, more digits would be false precision), with the unit scaled to the magnitude.
import type { Range3 } from './runSpec';

export type MassUnit = 'metric' | 'imperial';

function sig(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '?';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  // Large numbers keep the same significant digits as small ones: 28,244 t would claim a precision we lack.
  if (abs >= 10 ** digits) return Number(n.toPrecision(digits)).toLocaleString('en-US');
  return String(+n.toPrecision(digits));
}

/** `350 g`, `42 kg`, `1.2 t`, `3,400 t` — from a value in kg. */
export function formatMass(kg: number): string {
  const abs = Math.abs(kg);
  if (abs < 1) return `${sig(kg * 1000)} g`;
  if (abs < 1000) return `${sig(kg)} kg`;
  return `${sig(kg / 1000)} t`;
}

/** The unit `formatMass` would pick for a value, so a range can share one unit. */
function massScale(kg: number): { div: number; unit: string } {
  const abs = Math.abs(kg);
  if (abs < 1) return { div: 0.001, unit: 'g' };
  if (abs < 1000) return { div: 1, unit: 'kg' };
  return { div: 1000, unit: 't' };
}

/** `28–61 kg`, in the unit of the mid value. */
export function formatMassRange(r: Range3): string {
  const { div, unit } = massScale(r.mid);
  return `${sig(r.low / div)}–${sig(r.high / div)} ${unit}`;
}

/** `≈ 42 kg CO₂e (28–61)`. */
export function formatCo2e(r: Range3): string {
  const { div } = massScale(r.mid);
  return `≈ ${formatMass(r.mid)} CO₂e (${sig(r.low / div)}–${sig(r.high / div)})`;
}

export function formatEnergy(kwh: number): string {
  const abs = Math.abs(kwh);
  if (abs < 1) return `${sig(kwh * 1000)} Wh`;
  if (abs < 1000) return `${sig(kwh)} kWh`;
  if (abs < 1e6) return `${sig(kwh / 1000)} MWh`;
  return `${sig(kwh / 1e6)} GWh`;
}

export function formatHours(h: number): string {
  if (!Number.isFinite(h)) return '?';
  if (h < 1) return `${sig(h * 60)} min`;
  if (h < 48) return `${sig(h)} h`;
  if (h < 24 * 365) return `${sig(h / 24)} days`;
  const y = sig(h / 24 / 365);
  return `${y} year${y === '1' ? '' : 's'}`;
}

export function formatPercent(p: number): string {
  return `${Math.round(p)}%`;
}

export function formatCount(n: number): string {
  if (n >= 1e12) return `${sig(n / 1e12, 3)}T`;
  if (n >= 1e9) return `${sig(n / 1e9, 3)}B`;
  if (n >= 1e6) return `${sig(n / 1e6, 3)}M`;
  if (n >= 1e4) return `${sig(n / 1e3, 3)}k`;
  return sig(n, 3);
}

export function formatDistanceKm(km: number, unit: MassUnit = 'metric'): string {
  return unit === 'imperial' ? `${sig(km / 1.609344)} miles` : `${sig(km)} km`;
}

export { sig as formatSignificant };
