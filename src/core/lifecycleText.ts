// Words for the lifecycle and measured-vs-estimated figures, shared by the hover, the panel and the
// CLI so all three say the same thing the same way.
import type { MeasuredComparison } from './calibration';
import { formatCount, formatEnergy, formatHours, formatMass, formatMassRange } from './format';
import type { Lifecycle } from './lifecycle';

export interface FactLine {
  label: string;
  value: string;
}

function days(d: number): string {
  return formatHours(d * 24);
}

/** Lines for "training vs inference": per query, over the horizon, one-time training, break-even. */
export function lifecycleLines(l: Lifecycle): FactLine[] {
  const lines: FactLine[] = [];
  if (l.perQueryKg) lines.push({ label: `One query (${formatCount(l.tokensPerQuery)} tokens)`, value: `${formatMass(l.perQueryKg.mid)} CO₂e (${formatMassRange(l.perQueryKg)})` });
  if (l.inferenceKg && l.queriesPerDay) {
    lines.push({ label: `Inference, ${formatCount(l.queriesPerDay)} queries/day for ${days(l.horizonDays)}`, value: `${formatMass(l.inferenceKg.mid)} CO₂e (${formatMassRange(l.inferenceKg)})` });
  }
  if (l.trainingKg) lines.push({ label: 'Training (one-time)', value: `${formatMass(l.trainingKg.mid)} CO₂e (${formatMassRange(l.trainingKg)})` });
  if (l.breakEvenQueries !== undefined) {
    const when = l.breakEvenDays !== undefined ? ` — ${days(l.breakEvenDays)} at ${formatCount(l.queriesPerDay!)} queries/day` : '';
    lines.push({ label: 'Break-even', value: `after ${formatCount(l.breakEvenQueries)} queries inference exceeds training${when}` });
  }
  return lines;
}

/** The one sentence a hover has room for. */
export function lifecycleSentence(l: Lifecycle): string | undefined {
  if (l.breakEvenQueries === undefined || !l.perQueryKg) return undefined;
  const when = l.breakEvenDays !== undefined ? ` (${days(l.breakEvenDays)} at ${formatCount(l.queriesPerDay!)}/day)` : '';
  return `Serving it: ${formatMass(l.perQueryKg.mid)} CO₂e per query; after ${formatCount(l.breakEvenQueries)} queries${when} inference exceeds this training.`;
}

const WHAT: Record<MeasuredComparison['rows'][number]['what'], string> = { hours: 'Time', energy: 'Energy', co2e: 'CO₂e' };

function fmt(what: MeasuredComparison['rows'][number]['what'], n: number): string {
  return what === 'hours' ? formatHours(n) : what === 'energy' ? formatEnergy(n) : formatMass(n);
}

/** "Time: measured 3.1 h, estimated 2.5 h (1.9–3.4) — ×1.2". */
export function measuredLines(c: MeasuredComparison): FactLine[] {
  return c.rows.map((r) => ({
    label: WHAT[r.what],
    value: `measured ${fmt(r.what, r.measured)}, estimated ${fmt(r.what, r.mid)} (${fmt(r.what, r.low)}–${fmt(r.what, r.high)}) — ${r.within ? 'within the range' : `×${+r.ratio.toPrecision(2)} the estimate`}`,
  }));
}

/** The calibration offer, when the record implies one. */
export function calibrationSentence(c: MeasuredComparison): string | undefined {
  const parts: string[] = [];
  if (c.effectiveMfu !== undefined) parts.push(`the measured time matches an MFU of ${Math.round(c.effectiveMfu * 100)} %`);
  if (c.effectivePowerShare !== undefined) parts.push(`the GPUs drew ${Math.round(c.effectivePowerShare * 100)} % of TDP on average`);
  if (!parts.length) return undefined;
  return `Calibration: ${parts.join('; ')}.`;
}
