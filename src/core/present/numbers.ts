// Numbers as a person reads them, for every surface. The estimate is a range, so results are rounded
// to two significant digits (core/format.ts); what the user wrote is shown as they wrote it; a change
// close to −100 % says how many times smaller the result is instead of rounding to "−100 %".
import { formatCount, formatHours, formatSignificant } from '../format';
import type { FieldName } from '../runSpec';

/** Fields whose value is a count the user typed (4096 tokens, 3 epochs): never rounded below a million. */
const EXACT_BELOW = 1e6;

/**
 * An integer below a million exactly as written (`4096`, `10000`); larger ones compact (`8.03B`),
 * since a parameter count written in full is not easier to read. Fractions keep three digits.
 */
export function formatWhole(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (Number.isInteger(n) && Math.abs(n) < EXACT_BELOW) return String(n);
  return formatCount(n);
}

/** One input's value with the unit its label leaves to it. Strings pass through for the caller to clean. */
export function formatInputValue(field: FieldName, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  switch (field) {
    case 'hours':
    case 'maxHours': return formatHours(value);
    case 'pue': return formatSignificant(value, 3);
    case 'intensity': return `${formatSignificant(value, 3)} g CO₂e/kWh`;
    case 'mfu':
    case 'utilization': return `${formatSignificant(value * 100, 3)}%`;
    case 'quantization': return `${value}-bit`;
    case 'horizonDays': return `${formatWhole(value)} days`;
    default: return formatWhole(value);
  }
}

/**
 * A relative change from `baseKg` to `altKg`: `−42%`, `+8%`, `−97.3%` close to a full saving
 * (one decimal: −98% and −99% are different runs), `≈ 250× less` past
 * −99.5% where a percentage stops saying anything, `≈ 3× more` past +100%; `no change` within half
 * a percent.
 */
export function formatChange(baseKg: number, altKg: number): string {
  if (!(baseKg > 0) || !Number.isFinite(altKg)) return '?';
  return formatChangePct(((altKg - baseKg) / baseKg) * 100);
}

/** As `formatChange`, from a percentage (negative = saving). */
export function formatChangePct(pct: number): string {
  if (!Number.isFinite(pct)) return '?';
  if (Math.abs(pct) < 0.5) return 'no change';
  if (pct >= 100) return `≈ ${formatSignificant(1 + pct / 100)}× more`;
  if (pct > 0) return `+${Math.round(pct)}%`;
  const saved = -pct;
  if (saved >= 100) return '−100%';
  if (saved >= 99.5) return `≈ ${formatSignificant(100 / (100 - saved))}× less`;
  if (saved >= 95) return `−${(Math.round(saved * 10) / 10).toFixed(1)}%`;
  return `−${Math.round(saved)}%`;
}
