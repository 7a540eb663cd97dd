// How numbers read in lenses, hovers, the panel and the CLI: two significant digits (the estimates
// are ranges, more digits would be false precision), with the unit scaled to the magnitude.
import type { Range3 } from './runSpec';

export type MassUnit = 'metric' | 'imperial';

function sig(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '?';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  // Large numbers keep the same significant digits as small ones: 28,244 t would claim a precision we lack.
  if (abs >= 10 ** digits) return withThousands(Number(n.toPrecision(digits)));
  return String(+n.toPrecision(digits));
}

/**
 * `28,000`: what toLocaleString('en-US') writes for an integer, without its ICU call (≈ 2 µs each, and
 * an estimate with its what-ifs formats a few dozen counts). Anything but a safe integer is left to it.
 */
export function withThousands(x: number): string {
  if (!Number.isSafeInteger(x)) return x.toLocaleString('en-US');
  const digits = String(Math.abs(x));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return x < 0 || Object.is(x, -0) ? '-' + out : out;
}

/**
 * The unit a value reads in once rounded: the unit is chosen AFTER rounding to the digits shown, so
 * 999.6 kg reads "1 t", not "1,000 kg", and 0.9996 kg reads "1 kg", not "1,000 g" (issue #16: never
 * round across a unit boundary into nonsense). `steps` are the unit sizes in the base unit, smallest first.
 */
function pickUnit<U extends Unit>(value: number, steps: readonly U[], digits = 2): U {
  const abs = Math.abs(value);
  const from = (u: Unit) => u.from ?? u.div;
  let i = 0;
  while (i + 1 < steps.length && abs >= from(steps[i + 1])) i++;
  const next = steps[i + 1];
  // Rounded in the smaller unit, the value may already be a whole one of the next unit.
  if (next && +(abs / steps[i].div).toPrecision(digits) * steps[i].div >= from(next)) return next;
  return steps[i];
}

/** A unit: its size in the base unit (`div`) and, when different, the value from which it is used. */
interface Unit {
  div: number;
  from?: number;
}

const MASS_UNITS = [{ div: 0.001, unit: 'g' }, { div: 1, unit: 'kg' }, { div: 1000, unit: 't' }] as const;

/** `350 g`, `42 kg`, `1.2 t`, `3,400 t` — from a value in kg. */
export function formatMass(kg: number): string {
  const { div, unit } = massScale(kg);
  return `${sig(kg / div)} ${unit}`;
}

/** The unit `formatMass` would pick for a value, so a range can share one unit. */
function massScale(kg: number): { div: number; unit: string } {
  if (!Number.isFinite(kg) || kg === 0) return { div: 0.001, unit: 'g' };
  return pickUnit(kg, MASS_UNITS);
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

const ENERGY_UNITS = [{ div: 0.001, unit: 'Wh' }, { div: 1, unit: 'kWh' }, { div: 1000, unit: 'MWh' }, { div: 1e6, unit: 'GWh' }] as const;

export function formatEnergy(kwh: number): string {
  if (!Number.isFinite(kwh) || kwh === 0) return `${sig(kwh * 1000)} Wh`;
  const { div, unit } = pickUnit(kwh, ENERGY_UNITS);
  return `${sig(kwh / div)} ${unit}`;
}

const HOUR_UNITS = [{ div: 1 / 60, unit: 'min' }, { div: 1, unit: 'h' }, { div: 24, from: 48, unit: 'days' }, { div: 24 * 365, unit: 'years' }] as const;

export function formatHours(h: number): string {
  if (!Number.isFinite(h)) return '?';
  if (h <= 0) return `${sig(h * 60)} min`;
  const u = pickUnit(h, HOUR_UNITS);
  const n = sig(h / u.div);
  if (u.unit === 'years') return `${n} year${n === '1' ? '' : 's'}`;
  return `${n} ${u.unit}`;
}

export function formatPercent(p: number): string {
  return `${Math.round(p)}%`;
}

const COUNT_UNITS = [{ div: 1, unit: '' }, { div: 1e3, from: 1e4, unit: 'k' }, { div: 1e6, unit: 'M' }, { div: 1e9, unit: 'B' }, { div: 1e12, unit: 'T' }] as const;

export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n < 1e4) return sig(n, 3);
  const u = pickUnit(n, COUNT_UNITS, 3);
  return `${sig(n / u.div, 3)}${u.unit}`;
}

export function formatDistanceKm(km: number, unit: MassUnit = 'metric'): string {
  return unit === 'imperial' ? `${sig(km / 1.609344)} miles` : `${sig(km)} km`;
}

export { sig as formatSignificant };
