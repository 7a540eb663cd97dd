// Which lenses a file gets, and what each one does when clicked. Pure (no `vscode`): the provider
// turns the plan into CodeLens objects. Rules (issue #16): one lens per line (the run's own lens wins
// a line it shares with a driver); per kind of run the user chooses `drivers` (the run's lens and the
// lines that drive its cost), `run` (its lens only) or `off`; a lens acts where it can — a length or
// trial driver writes "halve" through the one apply path, a run that needs its model opens a picker.
import { fieldLabel } from '../core/fieldLabels';
import { formatMass } from '../core/format';
import type { Estimate, FieldName, SourceRange } from '../core/runSpec';
import { formatWhole } from '../core/present/numbers';
import { anchorOf, costDrivers, driverTitle, type Driver, type RunPair, type WhatIfContext } from './lensText';
import { estimateRun } from '../core/estimate';

/** How many lenses a kind of run shows. */
export type LensMode = 'drivers' | 'run' | 'off';

/** The kinds a user sets lenses for: one-off training, sweeps (many trials), serving. */
export type LensKind = 'training' | 'sweep' | 'serving';

export type LensModes = Record<LensKind, LensMode>;

export const DEFAULT_LENS_MODES: LensModes = { training: 'drivers', sweep: 'drivers', serving: 'drivers' };

/** `drivers`/`run`/`off` from a setting value, anything else the default. */
export function lensMode(raw: unknown, fallback: LensMode = 'drivers'): LensMode {
  return raw === 'drivers' || raw === 'run' || raw === 'off' ? raw : fallback;
}

export function lensKind(est: Estimate): LensKind {
  if (est.phase === 'inference') return 'serving';
  return (est.inputs.trials?.value ?? 1) > 1 ? 'sweep' : 'training';
}

export type LensSpec =
  | { kind: 'main'; line: number; col: number; pair: RunPair; needsModel: boolean }
  | { kind: 'driver'; line: number; col: number; pair: RunPair; driver: Driver };

/** True when the model (or a parameter count) is among what the run lacks: the picker is the first step. */
export function needsModel(est: Estimate): boolean {
  return est.missing.length > 0 && !est.inputs.params && !est.inputs.model && est.missing.some((m) => /\bmodel\b/.test(m));
}

/**
 * The lenses for a file's runs, in the document's lines (`toDocument` maps a run's range into the
 * editor; undefined = not shown, e.g. outside the notebook cell being rendered).
 */
export function planLenses(pairs: readonly RunPair[], modes: LensModes, toDocument: (r: SourceRange) => SourceRange | undefined = (r) => r): LensSpec[] {
  const out: LensSpec[] = [];
  const taken = new Set<number>();
  const mains: LensSpec[] = [];
  const drivers: LensSpec[] = [];
  for (const pair of pairs) {
    const mode = modes[lensKind(pair.estimate)];
    if (mode === 'off') continue;
    const anchor = toDocument(anchorOf(pair.run));
    if (anchor) mains.push({ kind: 'main', line: anchor.startLine, col: anchor.startCol, pair, needsModel: needsModel(pair.estimate) });
    // A notebook run configured in one cell and started in another has its lens on both.
    for (const also of pair.run.alsoAnchors ?? []) {
      const at = toDocument(also.range);
      if (at) mains.push({ kind: 'main', line: at.startLine, col: at.startCol, pair, needsModel: needsModel(pair.estimate) });
    }
    if (mode !== 'drivers') continue;
    for (const driver of costDrivers(pair.run, pair.estimate)) {
      const at = toDocument(driver.range);
      if (at) drivers.push({ kind: 'driver', line: at.startLine, col: at.startCol, pair, driver });
    }
  }
  // The run's own lens first: it is the one that must never be crowded out.
  for (const spec of [...mains, ...drivers]) {
    if (taken.has(spec.line)) continue;
    taken.add(spec.line);
    out.push(spec);
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

// ──── Acting lenses ────

/** Fields a driver lens can halve by writing the file: the length of training and the trial count. */
const HALVABLE: readonly FieldName[] = ['epochs', 'steps', 'tokens', 'trials', 'hours', 'datasetSamples', 'datasetTokens'];
const WHOLE: readonly FieldName[] = ['steps', 'trials'];
/** What "halve …" calls a field where its label is long ("Hours (wall clock)"). */
const HALVE_NAME: Partial<Record<FieldName, string>> = { hours: 'hours', tokens: 'tokens', datasetSamples: 'dataset samples', datasetTokens: 'dataset tokens' };

export interface LensAction {
  title: string;
  /** When set, clicking writes this change into the run (carbonLens.applySuggestion). */
  change?: { field: FieldName; value: number };
  tooltip?: string;
}

/**
 * A driver lens: `halve epochs (3 → 1.5) → −2.1 kg` that writes the change when clicked, where the
 * field is stated in the file and halving it changes the estimate; otherwise the informative title
 * (`Region: 379 g/kWh · …`) that opens the panel.
 */
export function driverAction(driver: Driver, ctx: WhatIfContext): LensAction {
  const input = ctx.run.inputs[driver.field];
  const value = typeof input?.value === 'number' ? input.value : undefined;
  if (HALVABLE.includes(driver.field) && input?.origin === 'file' && value !== undefined && value > 0) {
    const half = WHOLE.includes(driver.field) ? Math.floor(value / 2) : value / 2;
    if (half >= 1 || (!WHOLE.includes(driver.field) && half > 0)) {
      const inputs = { ...ctx.run.inputs, [driver.field]: { ...input, value: half } };
      const alt = estimateRun({ ...ctx.run, inputs }, ctx.settings, { withSuggestions: false });
      const base = estimateRun(ctx.run, ctx.settings, { withSuggestions: false });
      const d = alt.missing.length || base.missing.length ? undefined : alt.co2eKg.mid - base.co2eKg.mid;
      if (d !== undefined && d < 0 && Math.abs(d) > 0.005 * base.co2eKg.mid) {
        const name = HALVE_NAME[driver.field] ?? fieldLabel(driver.field, ctx.estimate.phase).toLowerCase();
        return {
          title: `halve ${name} (${formatWhole(value)} → ${formatWhole(+half.toPrecision(6))}) → −${formatMass(-d)}`,
          change: { field: driver.field, value: +half.toPrecision(6) },
          tooltip: `Carbon Lens: write ${name} ${formatWhole(+half.toPrecision(6))} into the file (one undo)`,
        };
      }
    }
  }
  return { title: driverTitle(driver, ctx) };
}
