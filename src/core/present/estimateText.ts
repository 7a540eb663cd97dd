// One estimate, said once: the figures, the formula, the duration, the equivalences and the
// assumption that matters most, as plain strings. Every surface (lens, hover, panel, status bar, CLI,
// Markdown, model card) takes these strings and only escapes them for its medium, so the same run
// reads the same everywhere (issue #16). Pure: no vscode, no file text is interpreted here.
import { findAccelerator, findEquivalence } from '../catalog';
import { WORKLOAD_DEFAULTS } from '../constants';
import { describe, equivalencesFor } from '../equivalences';
import { fieldLabel } from '../fieldLabels';
import { formatCo2e, formatEnergy, formatHours, formatMass, formatMassRange, formatSignificant } from '../format';
import type { Estimate, FieldName, Sourced } from '../runSpec';
import { formatInputValue } from './numbers';
import { cite } from './text';

// ──── Figures ────

/** `≈ 42 kg CO₂e (28–61)`: the operational range every surface leads with. */
export function co2eText(est: Estimate): string {
  return formatCo2e(est.co2eKg);
}

/** `42 kg CO₂e`: the mid value alone, for tight places (status bar, run list, table cells). */
export function co2eMidText(est: Estimate): string {
  return `${formatMass(est.co2eKg.mid)} CO₂e`;
}

/** `96 kWh`. */
export function energyText(est: Estimate): string {
  return formatEnergy(est.energyKwh.mid);
}

/**
 * How long: a training run's wall-clock (`2.7 h`, or `1.9 h–4.2 h` when the MFU range spreads it); a
 * serving run's hours a day over its horizon (`24 h a day for 365 days`), never "1 year per day".
 */
export function durationText(est: Estimate): string {
  const h = est.hours;
  if (est.phase === 'inference') {
    const days = est.inputs.horizonDays?.value ?? WORKLOAD_DEFAULTS.horizonDays;
    const perDay = days > 0 ? h.mid / days : h.mid;
    // Per day stays in hours (82 h of accelerator time a day, not "3.4 days" a day).
    const amount = perDay < 1 ? formatHours(perDay) : `${formatSignificant(perDay)} h`;
    const what = est.method === 'per-token' ? ' of accelerator time' : '';
    return `${amount}${what} a day for ${formatInputValue('horizonDays', days)}`;
  }
  const span = Math.abs(h.high - h.low) < 1e-9 || formatHours(h.low) === formatHours(h.high) ? formatHours(h.mid) : `${formatHours(h.low)}–${formatHours(h.high)}`;
  return `${span} wall-clock`;
}

/** The FLOPs factor the estimate really used (6 for full training, 4 for an adapter), read off its compute. */
export function flopsFactor(est: Estimate): number | undefined {
  const c = est.compute;
  if (c?.perSample) return c.perSample.factor;
  const params = est.inputs.activeParams?.value ?? est.inputs.params?.value;
  const tokens = est.inputs.tokens?.value;
  if (!c || !params || !tokens) return undefined;
  const k = c.flops / (params * tokens);
  return Number.isFinite(k) && k > 0 ? +k.toPrecision(2) : undefined;
}

/**
 * The formula in one line, the same on every surface: the FLOPs factor comes from the estimate, so a
 * QLoRA run says 4 × where a full fine-tune says 6 × (the panel and the hover used to disagree).
 */
export function formulaText(est: Estimate): string {
  // PUE applies only when the boundary is the facility (the default); a gpu or node figure stops at the device.
  const tail = (est.boundary ?? 'facility') === 'facility' ? '× PUE × grid intensity' : '× grid intensity';
  switch (est.method) {
    case 'flops': {
      const k = flopsFactor(est);
      const per = est.compute?.perSample;
      if (per) return `${per.factor} × forward FLOPs per ${per.unit} × samples ÷ (accelerators × peak × MFU) → hours × power ${tail}`;
      return `${k ?? 6} × parameters × tokens FLOPs ÷ (accelerators × peak × MFU) → hours × power ${tail}`;
    }
    case 'time': return `stated wall-clock hours × accelerators × power ${tail}`;
    case 'capacity': return `always-on accelerators × hours × serving power ${tail}`;
    case 'per-token': return `queries × tokens per query × energy per token ${tail}`;
  }
}

// ──── Equivalences ────

/**
 * One basis everywhere: equivalences are computed on the OPERATIONAL CO₂e (energy × grid), the figure
 * every surface leads with; embodied carbon is reported beside it, never folded into a comparison.
 */
export const EQUIVALENCE_BASIS = 'operational' as const;
export const EQUIVALENCE_BASIS_TEXT = 'operational CO₂e, embodied not included';

export function equivalenceBasisKg(est: Estimate): number {
  return est.missing.length ? 0 : est.co2eKg.mid;
}

export interface EquivalenceText {
  id: string;
  /** `2.4 round-trip flights San Francisco–New York (one passenger)`. */
  text: string;
  /** `ICAO 2023`: the source once, with its year once. */
  source: string;
}

export interface EquivalenceOptions {
  /** carbonLens.equivalences; empty = the most readable ones. */
  ids?: readonly string[];
  distanceUnit?: 'km' | 'miles';
  limit?: number;
}

export function equivalences(est: Estimate, opts: EquivalenceOptions = {}): EquivalenceText[] {
  const kg = equivalenceBasisKg(est);
  if (!(kg > 0)) return [];
  const limit = opts.limit ?? 3;
  let lines = equivalencesFor(kg, opts.ids?.length ? opts.ids : undefined, limit);
  if (opts.distanceUnit === 'miles') {
    const mile = findEquivalence('mile_car');
    if (mile) lines = lines.map((l) => (l.id === 'km_car' ? describe(mile, kg) : l));
  }
  return lines.slice(0, opts.ids?.length ? Math.max(limit, opts.ids.length) : limit).map((l) => ({ id: l.id, text: l.text, source: cite(l.source, l.year) }));
}

/** `Equivalent to (4.2 kg, operational CO₂e, embodied not included)`: the heading that names the basis. */
export function equivalenceHead(est: Estimate): string {
  return `${formatMass(equivalenceBasisKg(est))} CO₂e (${EQUIVALENCE_BASIS_TEXT}) is about`;
}

// ──── The assumption that matters most ────

/**
 * Defaulted inputs in the order they move an estimate: a sweep's trial count multiplies everything; the
 * dataset size sets the tokens of an epoch-based run; then the model, the hardware, how many devices,
 * the grid. The first one the estimate took by default is flagged where the user looks first.
 */
const DOMINANT_ORDER: readonly FieldName[] = ['trials', 'datasetSamples', 'datasetTokens', 'tokens', 'params', 'hardware', 'count', 'queriesPerDay', 'seqLen', 'intensity', 'region'];

export interface DominantAssumption {
  field: FieldName;
  /** `dataset size assumed: 10000 samples — set it`. */
  text: string;
  /** The setting that replaces the default, when one does. */
  setting?: string;
}

const SETTING_FOR: Partial<Record<FieldName, string>> = {
  datasetSamples: 'carbonLens.datasetSamples', hardware: 'carbonLens.defaultHardware', region: 'carbonLens.defaultRegion',
  intensity: 'carbonLens.defaultRegion', queriesPerDay: 'carbonLens.inference.queriesPerDay',
};

const SHORT_NAME: Partial<Record<FieldName, string>> = {
  datasetSamples: 'dataset size', datasetTokens: 'dataset size', intensity: 'region', hardware: 'hardware', count: 'accelerator count',
};

export function dominantAssumption(est: Estimate): DominantAssumption | undefined {
  if (est.missing.length) return undefined;
  for (const field of DOMINANT_ORDER) {
    const input = est.inputs[field] as Sourced<unknown> | undefined;
    if (!input || input.origin !== 'default') continue;
    if (field === 'trials' && !((input.value as number) > 1)) continue;
    // More devices do the same work sooner: the count moves only a timed or always-on estimate.
    if (field === 'count' && est.method !== 'time' && est.method !== 'capacity') continue;
    const name = SHORT_NAME[field] ?? fieldLabel(field, est.phase).toLowerCase();
    const value = field === 'intensity' ? 'world average grid' : field === 'datasetSamples' ? `${formatInputValue(field, input.value)} samples` : field === 'hardware' ? findAccelerator(String(input.value))?.name ?? String(input.value) : formatInputValue(field, input.value);
    return { field, text: `${name} assumed: ${value} — set it`, setting: SETTING_FOR[field] };
  }
  return undefined;
}

// ──── Everything at once ────

export interface EstimatePresentation {
  known: boolean;
  co2e: string;
  co2eMid: string;
  co2eRange: string;
  energy: string;
  duration: string;
  formula: string;
  embodied?: string;
  equivalenceBasis: typeof EQUIVALENCE_BASIS;
  equivalenceHead: string;
  equivalences: EquivalenceText[];
  dominant?: DominantAssumption;
}

/** What every surface shows for one estimate; `known` false means no number may be shown. */
export function presentEstimate(est: Estimate, opts: EquivalenceOptions = {}): EstimatePresentation {
  const known = est.missing.length === 0;
  return {
    known,
    co2e: known ? co2eText(est) : 'needs more information',
    co2eMid: known ? co2eMidText(est) : 'needs more information',
    co2eRange: known ? formatMassRange(est.co2eKg) : '',
    energy: known ? energyText(est) : '',
    duration: known ? durationText(est) : '',
    formula: formulaText(est),
    embodied: known && est.embodiedKg > 0 ? `${formatMass(est.embodiedKg)} CO₂e embodied (hardware manufacturing, amortised), not in the total` : undefined,
    equivalenceBasis: EQUIVALENCE_BASIS,
    equivalenceHead: known ? equivalenceHead(est) : '',
    equivalences: known ? equivalences(est, opts) : [],
    dominant: dominantAssumption(est),
  };
}
