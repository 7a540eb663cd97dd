// What the lenses say, and the what-ifs the lenses and hovers quote. Pure (no `vscode`): every title is
// built from numbers and catalogue names, never from file text, so nothing a file contains can appear
// in a lens except through a catalogue look-up.
import { findAccelerator, findRegion, offeredIn } from '../core/catalog';
import { planRegions } from '../core/regionChoice';
import { WORKLOAD_DEFAULTS } from '../core/constants';
import { fieldLabel } from '../core/fieldLabels';
import { estimateRun } from '../core/estimate';
import { formatCo2e, formatCount, formatEnergy, formatHours, formatMass, formatPercent, formatSignificant } from '../core/format';
import type { Estimate, FieldName, RunInputs, RunSpec, SourceRange, Sourced } from '../core/runSpec';
import type { EstimateSettings } from '../core/settings';
import type { FileResult } from '../engine/evaluate';
import { dominantAssumption } from '../core/present/estimateText';
import { formatChange } from '../core/present/numbers';

/** One run of a file with its estimate; `index` is its position in `analysis.runs` (the panel's runIndex). */
export interface RunPair {
  index: number;
  run: RunSpec;
  estimate: Estimate;
}

/**
 * Pairs runs with estimates. The evaluator skips a run whose estimate threw, so positions can drift;
 * estimates keep the runs' order and name, which is enough to re-align them.
 */
export function pairRuns(result: FileResult): RunPair[] {
  const runs = result.analysis?.runs ?? [];
  const out: RunPair[] = [];
  let e = 0;
  runs.forEach((run, index) => {
    const estimate = result.estimates[e];
    if (estimate && estimate.name === run.name) {
      out.push({ index, run, estimate });
      e++;
    }
  });
  return out;
}

/** Mid CO₂e of the runs that could be estimated (the file's total as the lenses and status bar show it). */
export function fileTotalKg(pairs: readonly RunPair[]): number {
  return pairs.filter((p) => p.estimate.missing.length === 0).reduce((s, p) => s + p.estimate.co2eKg.mid, 0);
}

/** Where a run's main lens and summary hover sit: its anchor, else its first located input, else the top. */
export function anchorOf(run: RunSpec): SourceRange {
  if (run.anchor) return run.anchor;
  for (const input of Object.values(run.inputs) as Array<Sourced<unknown> | undefined>) {
    const r = input?.keyRange ?? input?.range;
    if (r) return r;
  }
  return { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };
}

// ──── Labels ────

/** Names of the fields as people say them (never the file's own key spelling, which is file text). */

/** The accelerator's catalogue name, or undefined when the catalogue does not know it. */
export function hardwareName(est: Estimate): string | undefined {
  const id = est.inputs.hardware?.value;
  return id ? findAccelerator(id)?.name : undefined;
}

/** What the lens says when no known region applies: the estimator then uses the world average. */
export const WORLD_GRID = 'world avg grid';

/** The region as the catalogue names it (`us-east-1`, `France`), or the world-average fallback. */
export function regionName(est: Estimate): string {
  const id = est.inputs.region?.value;
  const match = id ? findRegion(id) : undefined;
  if (match?.kind === 'cloud') return match.region.region;
  if (match?.kind === 'country') return match.country.name;
  return WORLD_GRID;
}

function assumed(input: Sourced<unknown> | undefined): boolean {
  return !input || input.origin === 'default';
}

/** `−16 kg` / `+33 kg`, with a real minus sign. */
export function signedMass(kg: number): string {
  return `${kg < 0 ? '−' : '+'}${formatMass(Math.abs(kg))}`;
}

function stripAsides(s: string): string {
  return s.replace(/\s*\([^)]*\)/g, '').trim();
}

// ──── Main lens ────

// The unbounded-sweep note lives in core so the CLI, the panel and the lens say it in the same words.
export { unboundedSweepNote } from '../core/present/sweepBound';
import { unboundedSweepNote } from '../core/present/sweepBound';
import { ceilingText } from '../core/present/ceilingText';

/**
 * `≈ 42 kg CO₂e (28–61) · 96 kWh · 8× A100 SXM4 80GB · us-east-1`, or what the file still needs.
 * An unbounded sweep says so, and `readNote` (see `partialReadNote`) ends the title when only part
 * of the file was read.
 */
export function mainLensTitle(est: Estimate, settings: EstimateSettings, readNote?: string): string {
  const tail = [unboundedSweepNote(est), readNote].filter(Boolean).map((n) => ` · ${n}`).join('');
  if (est.missing.length) {
    // A Slurm time limit still bounds the run: that ceiling first, then what an estimate needs.
    const ceiling = ceilingText(est);
    return `Carbon Lens: ${ceiling ? `${ceiling} · ` : ''}needs ${est.missing.map(stripAsides).join(' and ')}${tail}`;
  }
  const parts: string[] = [];
  let co2 = formatCo2e(est.co2eKg);
  if (est.phase === 'inference') co2 += ` ${horizonLabel(est, settings)}`;
  parts.push(co2, formatEnergy(est.energyKwh.mid));
  const hw = hardwareName(est);
  const count = est.inputs.count?.value;
  if (hw) parts.push(`${count !== undefined ? `${formatCount(count)}× ` : ''}${hw}${assumed(est.inputs.hardware) ? ' (assumed)' : ''}`);
  parts.push(`${regionName(est)}${assumed(est.inputs.region) ? ' (assumed)' : ''}`);
  // The assumption that moves the number most, unless the title already says it (hardware, region).
  const d = unboundedSweepNote(est) ? undefined : dominantAssumption(est);
  const flag = d && d.field !== 'hardware' && d.field !== 'region' && d.field !== 'intensity' ? ` · ⚠ ${d.text.replace(/ — set it$/, '')}` : '';
  return parts.join(' · ') + flag + tail;
}

/** `/ year`, or `/ 30 days` for another horizon: an inference footprint is only meaningful per period. */
export function horizonLabel(est: Estimate, settings: EstimateSettings): string {
  const days = est.inputs.horizonDays?.value ?? settings.horizonDays ?? WORKLOAD_DEFAULTS.horizonDays;
  return days === 365 ? '/ year' : `/ ${formatSignificant(days)} days`;
}

/**
 * Title for a recognised file that could not be read (the message itself may quote file text, so it
 * stays in the diagnostic and the panel). A syntax error says what to fix: no estimate is shown for a
 * file its parser had to guess at. `line` is 0-based.
 */
export function errorLensTitle(line: number | undefined, syntax?: 'YAML' | 'JSON'): string {
  if (syntax) return `Carbon Lens: fix the ${syntax} error${line !== undefined ? ` on line ${line + 1}` : ''}`;
  return `Carbon Lens: could not read this file${line !== undefined ? ` (line ${line + 1})` : ''}`;
}

/**
 * What a recognised file with no estimate shows instead of one (lens and status bar alike): the
 * syntax error to fix, or that it could not be read. Undefined when the file has runs to show.
 */
export function unreadTitle(result: FileResult): string | undefined {
  if (result.format === 'unknown' || !result.error || pairRuns(result).length) return undefined;
  return errorLensTitle(result.errorLine, result.analysis?.syntaxError);
}

/** `read 2 of 3 documents` when a multi-document file was read only in part (its other documents did not parse). */
export function partialReadNote(result: FileResult): string | undefined {
  const p = result.analysis?.partial;
  return p ? `read ${p.read} of ${p.total} documents` : undefined;
}

// ──── What-ifs ────

/** What the estimator is handed again to answer "what if this input changed". */
export interface WhatIfContext {
  run: RunSpec;
  estimate: Estimate;
  settings: EstimateSettings;
  /** Mid CO₂e of every run in the file, for shares. */
  fileTotalKg: number;
}

/** The run re-estimated with some inputs replaced (undefined = removed). */
function whatIf(ctx: WhatIfContext, patch: Partial<Record<FieldName, unknown>>): Estimate | undefined {
  const inputs: RunInputs = { ...ctx.run.inputs };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete (inputs as Record<string, unknown>)[k];
    else (inputs as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  }
  const e = estimateRun({ ...ctx.run, inputs }, ctx.settings, { withSuggestions: false });
  return e.missing.length ? undefined : e;
}

/** The run as the estimator sees it now, re-computed so a what-if is compared like with like. */
function baseline(ctx: WhatIfContext): Estimate {
  return estimateRun(ctx.run, ctx.settings, { withSuggestions: false });
}

/** Below this share of the run's CO₂e a change is reported as "no change": the ranges dwarf it. */
const NEGLIGIBLE = 0.005;

function deltaText(base: Estimate, alt: Estimate | undefined): string {
  if (!alt) return '?';
  const d = alt.co2eKg.mid - base.co2eKg.mid;
  return Math.abs(d) <= NEGLIGIBLE * Math.max(base.co2eKg.mid, 1e-9) ? 'no change' : signedMass(d);
}

/** Fields for which "halve / double" is a meaningful question. */
const SCALABLE: readonly FieldName[] = [
  'count', 'nodes', 'params', 'activeParams', 'tokens', 'steps', 'epochs', 'batchSize', 'perDeviceBatch', 'gradAccum',
  'seqLen', 'datasetTokens', 'datasetSamples', 'hours', 'trials', 'queriesPerDay', 'tokensPerQuery', 'inputTokensPerQuery', 'horizonDays',
  'replicas', 'maxBatch', 'intensity', 'loraRank',
];
/** Fields that only take whole values: halving 1 is not a question, halving 5 means 2. */
const WHOLE: readonly FieldName[] = ['count', 'nodes', 'trials', 'replicas', 'steps', 'batchSize', 'perDeviceBatch', 'gradAccum', 'seqLen', 'maxBatch', 'loraRank'];

function scaled(field: FieldName, value: number, k: number): number | undefined {
  const v = value * k;
  if (!WHOLE.includes(field)) return v;
  const r = k < 1 ? Math.floor(v) : Math.round(v);
  return r >= 1 && r !== value ? r : undefined;
}

function numericValue(ctx: WhatIfContext, field: FieldName): number | undefined {
  const v = (ctx.estimate.inputs[field] ?? ctx.run.inputs[field])?.value;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** `halve → −16 kg · double → +33 kg` for a numeric field, or undefined when not applicable. */
export function halveDouble(ctx: WhatIfContext, field: FieldName): string | undefined {
  if (!SCALABLE.includes(field)) return undefined;
  const value = numericValue(ctx, field);
  if (value === undefined) return undefined;
  const base = baseline(ctx);
  if (base.missing.length) return undefined;
  const patchFor = (v: number): Partial<Record<FieldName, unknown>> =>
    field === 'params' ? paramsPatch(ctx, v / value) : { [field]: v };
  const parts: string[] = [];
  const half = scaled(field, value, 0.5);
  if (half !== undefined) parts.push(`halve → ${deltaText(base, whatIf(ctx, patchFor(half)))}`);
  const double = scaled(field, value, 2);
  if (double !== undefined) parts.push(`double → ${deltaText(base, whatIf(ctx, patchFor(double)))}`);
  if (!parts.length) return undefined;
  if (parts.every((p) => p.endsWith('no change'))) return 'no effect on this estimate';
  return parts.join(' · ');
}

/** Scaling a model scales its active parameters too (a mixture of experts stays one). */
function paramsPatch(ctx: WhatIfContext, k: number): Partial<Record<FieldName, unknown>> {
  const params = ctx.estimate.inputs.params?.value;
  const active = ctx.estimate.inputs.activeParams?.value;
  return { params: params !== undefined ? params * k : undefined, activeParams: active !== undefined && active !== params ? active * k : undefined };
}

/**
 * What the accelerator count really changes. For a FLOPs-based run the work is fixed, so more devices
 * finish sooner at about the same energy; for a stated duration (or a batch that grows with the
 * devices) the energy follows the count.
 */
export function countEffect(ctx: WhatIfContext): string | undefined {
  const count = numericValue(ctx, 'count');
  if (count === undefined) return undefined;
  const base = baseline(ctx);
  if (base.missing.length) return undefined;
  const double = whatIf(ctx, { count: count * 2 });
  if (!double) return undefined;
  const rel = Math.abs(double.co2eKg.mid - base.co2eKg.mid) / Math.max(base.co2eKg.mid, 1e-9);
  if (rel < 0.05) {
    return `×2 → about the same CO₂e (same work), ${formatHours(base.hours.mid)} → ${formatHours(double.hours.mid)} wall-clock`;
  }
  return halveDouble(ctx, 'count');
}

/**
 * Region: its intensity and what the cleanest region of the same cloud offering the run's accelerator would
 * save (another cloud's too, when the launcher is multi-cloud or carbonLens.regions.allowOtherProviders is on).
 */
export function regionEffect(ctx: WhatIfContext): string | undefined {
  const intensity = ctx.estimate.inputs.intensity;
  if (intensity && intensity.origin !== 'inferred' && intensity.origin !== 'default') {
    return `intensity set to ${formatSignificant(intensity.value, 3)} g/kWh: the region does not change it`;
  }
  const g = intensity?.value;
  const head = g !== undefined ? `${formatSignificant(g, 3)} g/kWh` : undefined;
  const id = ctx.estimate.inputs.region?.value;
  const match = id ? findRegion(id) : undefined;
  const acc = findAccelerator(ctx.estimate.inputs.hardware?.value ?? '');
  if (match?.kind !== 'cloud' || !acc) return head;
  const provider = match.region.provider;
  const plan = planRegions(ctx.run, provider, acc, match.region.gPerKwh, ctx.settings, match.region.id);
  const base = baseline(ctx);
  const pctFor = (regionId: string): string | undefined => {
    const alt = whatIf(ctx, { region: regionId });
    if (!alt || base.missing.length || base.co2eKg.mid <= 0) return undefined;
    // Operational + embodied, as the panel's what-ifs count a saving.
    return formatChange(base.co2eKg.mid + base.embodiedKg, alt.co2eKg.mid + alt.embodiedKg);
  };
  const parts: string[] = head ? [head] : [];
  if (plan.same) {
    const pct = pctFor(plan.same.region.id);
    if (pct) parts.push(plan.unknown
      ? `cleanest ${provider} (${plan.same.region.region}; ${acc.model ?? acc.name} availability unknown): ${pct}`
      : `cleanest ${provider} with ${acc.model ?? acc.name} (${plan.same.region.region}): ${pct}`);
  } else if (!plan.unknown) {
    parts.push(offeredIn(acc.id, match.region) ? `the cleanest ${provider} region offering ${acc.model ?? acc.name}` : `no cleaner ${provider} region offers ${acc.model ?? acc.name}`);
  }
  if (plan.uncovered) {
    const pct = pctFor(plan.uncovered.region.id);
    if (pct) parts.push(`${plan.uncovered.region.region} (${acc.model ?? acc.name} availability unknown): ${pct}`);
  }
  if (plan.other) {
    const pct = pctFor(plan.other.region.id);
    if (pct) parts.push(`other cloud ${plan.other.region.id}: ${pct}`);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

/** Trials: how much of the file the repetitions are, and what half as many would save. */
export function trialsEffect(ctx: WhatIfContext): string | undefined {
  const trials = numericValue(ctx, 'trials');
  if (trials === undefined || trials <= 1) return undefined;
  const total = ctx.fileTotalKg > 0 ? ctx.fileTotalKg : ctx.estimate.co2eKg.mid;
  const share = total > 0 ? (ctx.estimate.co2eKg.mid / total) * ((trials - 1) / trials) * 100 : undefined;
  const head = `× ${formatSignificant(trials, 3)} trials${share !== undefined ? `: repeats = ${formatPercent(share)} of this file` : ''}`;
  const hd = halveDouble(ctx, 'trials');
  const half = hd?.split(' · ').find((p) => p.startsWith('halve'));
  return half ? `${head} · ${half}` : head;
}

/** Model size: the parameters the estimate uses and what a model half the size would save. */
export function modelEffect(ctx: WhatIfContext): string | undefined {
  const params = ctx.estimate.inputs.params?.value;
  if (params === undefined) return undefined;
  const base = baseline(ctx);
  if (base.missing.length) return undefined;
  const half = whatIf(ctx, paramsPatch(ctx, 0.5));
  const d = deltaText(base, half);
  return `${formatCount(params)} params${d === 'no change' ? ': no effect on this estimate' : ` · half the size → ${d}`}`;
}

/** Precision: the other side of the 16/32-bit choice. */
export function precisionEffect(ctx: WhatIfContext): string | undefined {
  const p = ctx.estimate.inputs.precision?.value;
  if (!p) return undefined;
  const other = p === 'fp32' || p === 'tf32' ? 'bf16' : 'fp32';
  const base = baseline(ctx);
  if (base.missing.length) return undefined;
  const d = deltaText(base, whatIf(ctx, { precision: other }));
  return d === 'no change' ? 'no effect on this estimate' : `in ${other} → ${d}`;
}

/** Accelerator: its catalogue name and power. */
export function hardwareEffect(ctx: WhatIfContext): string | undefined {
  const id = ctx.estimate.inputs.hardware?.value;
  const acc = id ? findAccelerator(id) : undefined;
  if (!acc) return undefined;
  const year = acc.source.includes(String(acc.year)) ? acc.source : `${acc.source}, ${acc.year}`;
  return `${acc.name}, ${acc.tdpW} W${acc.tdpEstimated ? ' (estimated)' : ''} (${year})`;
}

/** What one input contributes, in words built from numbers (for hovers and driver lenses). */
export function fieldEffect(ctx: WhatIfContext, field: FieldName): string | undefined {
  switch (field) {
    case 'count':
      return countEffect(ctx);
    case 'region':
      return regionEffect(ctx);
    case 'trials':
      return trialsEffect(ctx) ?? halveDouble(ctx, field);
    case 'model':
    case 'params':
      return modelEffect(ctx);
    case 'precision':
      return precisionEffect(ctx);
    case 'hardware':
      return hardwareEffect(ctx);
    default:
      return halveDouble(ctx, field);
  }
}

// ──── Cost drivers ────

export type DriverKind = 'length' | 'trials' | 'model' | 'region' | 'count';

/** An input line that drives the cost: it gets its own lens. */
export interface Driver {
  kind: DriverKind;
  field: FieldName;
  /** Where the lens goes (the key, else the value). */
  range: SourceRange;
}

/** At most this many driver lenses per run, so a run has ~5 lenses including the main one. */
export const MAX_DRIVERS = 4;

function located(run: RunSpec, field: FieldName): SourceRange | undefined {
  const input = run.inputs[field];
  return input?.keyRange ?? input?.range;
}

/** The field the estimator took the run's length from (the one whose change moves the result). */
function lengthField(run: RunSpec, est: Estimate): FieldName | undefined {
  const order: FieldName[] = run.phase === 'inference'
    ? ['queriesPerDay', 'horizonDays', 'hours']
    : est.method === 'time' ? ['hours'] : ['tokens', 'steps', 'epochs'];
  return order.find((f) => run.inputs[f] !== undefined);
}

/**
 * The lines that drive a run's cost, most telling first. Cheap: no estimate is computed here, so
 * lenses can be listed at once and their titles resolved only when shown.
 */
export function costDrivers(run: RunSpec, est: Estimate): Driver[] {
  if (est.missing.length) return [];
  const out: Driver[] = [];
  const add = (kind: DriverKind, field: FieldName | undefined) => {
    const range = field ? located(run, field) : undefined;
    if (field && range && !out.some((d) => d.field === field)) out.push({ kind, field, range });
  };
  add('length', lengthField(run, est));
  if ((run.inputs.trials?.value ?? 1) > 1) add('trials', 'trials');
  if (est.method !== 'time' && est.method !== 'capacity') add('model', located(run, 'params') ? 'params' : 'model');
  if (run.inputs.region) add('region', 'region');
  add('count', run.inputs.count ? 'count' : run.inputs.replicas ? 'replicas' : undefined);
  return out.slice(0, MAX_DRIVERS);
}

/** The driver lens title, e.g. `Epochs: halve → −21 kg · double → +42 kg`. */
export function driverTitle(driver: Driver, ctx: WhatIfContext): string {
  const effect = driver.kind === 'model' ? modelEffect(ctx) : fieldEffect(ctx, driver.field);
  if (driver.kind === 'trials' && effect) return effect; // it names the trials itself
  return `${fieldLabel(driver.field, ctx.estimate.phase)}: ${effect ?? 'see the estimate panel'}`;
}
