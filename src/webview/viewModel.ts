// Estimates in, the panel's view model out: plain, serialisable, already-formatted data that
// matches the protocol schema exactly. Text taken from a file (run names, model ids, notes) stays
// text: it is cleaned of control and bidi-override characters and clipped, never turned into
// markup; the webview inserts it with textContent.
// Pure: no `vscode`, no DOM, so it is unit-tested in plain node.
import { boundaryLabel } from '../core/boundary';
import { findAccelerator, findRegion, listAccelerators, listCountries, listRegions } from '../core/catalog';
import { formatCo2e, formatCount, formatEnergy, formatHours, formatMass } from '../core/format';
import { durationText, equivalenceHead, equivalences as presentEquivalences, formulaText } from '../core/present/estimateText';
import { formatChange, formatInputValue } from '../core/present/numbers';
import { suggestionSaving, suggestionTitle } from '../core/present/suggestionText';
import { prose } from '../core/present/text';
import { ceilingText } from '../core/present/ceilingText';
import type { Estimate, FieldName, Range3, RunFields, RunInputs, RunSpec, Sourced, Suggestion } from '../core/runSpec';
import type { FileResult } from '../engine/evaluate';
import {
  BAR_IDS, EDITABLE_FIELDS, FIELD_NAMES, MAX_WORKSPACE_ROWS, NUMERIC_LIMITS, PRECISIONS,
  type BarView, type CatalogView, type EditableField, type EstimateView, type FileModel, type InputRowView,
  type NumericEditableField, type OriginView, type RangeView, type RunView, type SuggestionView, type WelcomeModel,
  type WhatIfEdits, type WorkspaceModel, type WorkspaceRowView,
} from '../shared/protocol';
import { cleanText } from './cleanText';
import { fieldLabel } from '../core/fieldLabels';
import type { RunExtras } from '../shared/runExtras';
import { lifecycleView, measuredView, timingView } from './lifecycleViews';
import { hardwareView } from './hardwareView';
import { cloudRegionOptions } from './regionOptions';
import { unboundedSweepNote } from '../core/present/sweepBound';

// ──── Text hygiene ────

export { cleanText };

const finite = (n: number): number => (Number.isFinite(n) ? n : 0);
const S = 300;
const T = 2000;

// ──── Labels ────

export { fieldLabel };

const FORMAT_LABELS: Record<string, string> = {
  'hf-training-args': 'Hugging Face TrainingArguments', accelerate: 'Accelerate', deepspeed: 'DeepSpeed',
  axolotl: 'Axolotl', torchtune: 'torchtune', llamafactory: 'LLaMA-Factory', lightning: 'Lightning', nemo: 'NeMo',
  megatron: 'Megatron', ludwig: 'Ludwig', skypilot: 'SkyPilot', kubernetes: 'Kubernetes', ray: 'Ray',
  'wandb-sweep': 'W&B sweep', optuna: 'Optuna', vllm: 'vLLM', tgi: 'TGI', notebook: 'Notebook', python: 'Python script',
  nanogpt: 'nanoGPT config', measured: 'Measured run', 'carbon-lens': 'Run description', unknown: 'Unrecognised',
};

export function formatLabel(id: string): string {
  return FORMAT_LABELS[id] ?? cleanText(id, 80);
}

/** What the welcome screen says Carbon Lens reads. */
export const SUPPORTED_FORMATS = [
  'Hugging Face Trainer / TRL arguments', 'Accelerate configs', 'DeepSpeed configs', 'Axolotl', 'torchtune',
  'LLaMA-Factory', 'PyTorch Lightning', 'NeMo', 'Megatron', 'Ludwig', 'SkyPilot tasks', 'Kubernetes jobs',
  'Ray jobs', 'W&B and Optuna sweeps', 'vLLM and TGI serving configs', 'Jupyter notebooks',
  'Carbon Lens run descriptions (hardware, count, hours, region)',
];

// ──── Values ────

function regionLabel(value: string): string {
  const m = findRegion(value);
  if (m?.kind === 'cloud') return `${m.region.provider}:${m.region.region} (${m.region.location})`;
  if (m?.kind === 'country') return `${m.country.name} grid`;
  return value;
}

/** The id a region picker option uses for what a file wrote (`us-east-1` → `aws:us-east-1`). */
export function canonicalRegion(value: string): string | undefined {
  const m = findRegion(value);
  if (m?.kind === 'cloud') return `${m.region.provider}:${m.region.region}`;
  if (m?.kind === 'country') return m.country.code;
  return undefined;
}

export function displayValue(field: FieldName, value: unknown): string {
  if (typeof value === 'number') return field === 'count' ? `× ${formatInputValue(field, value)}` : formatInputValue(field, value);
  const s = cleanText(value, S);
  if (field === 'hardware') return cleanText(findAccelerator(s)?.name ?? s, S);
  if (field === 'region') return cleanText(regionLabel(s), S);
  return s;
}

/** The value as an input shows it: compact quantities (`8.03B`) for big numbers, plain numbers else. */
function editorRaw(field: EditableField, value: unknown): string {
  if (value === undefined) return '';
  if (field === 'params' || field === 'tokens' || field === 'datasetSamples' || field === 'queriesPerDay') return typeof value === 'number' ? formatCount(value) : '';
  if (field === 'region') return canonicalRegion(String(value)) ?? cleanText(value, S);
  if (typeof value === 'number') return String(+value.toPrecision(6));
  return cleanText(value, S);
}

function editorKind(field: EditableField): NonNullable<InputRowView['editor']>['kind'] {
  switch (field) {
    case 'model': return 'text';
    case 'hardware': return 'hardware';
    case 'region': return 'region';
    case 'precision': return 'precision';
    case 'params':
    case 'tokens':
    case 'datasetSamples':
    case 'queriesPerDay': return 'quantity';
    default: return 'number';
  }
}

function lineOf(s: Sourced<unknown> | undefined): number | undefined {
  const r = s?.range ?? s?.keyRange;
  return r && Number.isInteger(r.startLine) && r.startLine >= 0 ? r.startLine + 1 : undefined;
}

// ──── Estimates ────

function rangeView(r: Range3, text: string): RangeView {
  return { low: finite(r.low), mid: finite(r.mid), high: finite(r.high), text: cleanText(text, S) };
}

function spanText(r: Range3, fmt: (n: number) => string): string {
  const [low, mid, high] = [fmt(r.low), fmt(r.mid), fmt(r.high)];
  return low === high ? mid : `${mid} (${low}–${high})`;
}

export interface ViewOptions {
  /** carbonLens.equivalences; empty = the most readable three. */
  equivalenceIds?: readonly string[];
  distanceUnit?: 'km' | 'miles';
}

/** Equivalences on the presenter's one basis (operational CO₂e), each source cited once with its year. */
function equivalenceLines(e: Estimate, opts: ViewOptions): EstimateView['equivalences'] {
  return presentEquivalences(e, { ids: opts.equivalenceIds, distanceUnit: opts.distanceUnit, limit: 3 })
    .slice(0, 10).map((l) => ({ text: cleanText(l.text, T), source: cleanText(l.source, S) }));
}

const ZERO: Range3 = { low: 0, mid: 0, high: 0 };

export function estimateView(e: Estimate, opts: ViewOptions = {}): EstimateView {
  const known = e.missing.length === 0;
  const co2 = known ? e.co2eKg : ZERO;
  const embodiedKg = known ? finite(e.embodiedKg) : 0;
  const totalKg = finite(co2.mid) + embodiedKg;
  const needs = 'needs more information';
  const bars: BarView[] = known
    ? e.breakdown
      .filter((b) => (BAR_IDS as readonly string[]).includes(b.id))
      .map((b) => ({
        id: b.id,
        label: cleanText(b.label, S),
        low: finite(b.co2eKg.low),
        mid: finite(b.co2eKg.mid),
        high: finite(b.co2eKg.high),
        text: b.co2eKg.low === b.co2eKg.high ? `${formatMass(b.co2eKg.mid)} CO₂e` : `${formatMass(b.co2eKg.mid)} CO₂e (${formatMass(b.co2eKg.low)}–${formatMass(b.co2eKg.high)})`,
        energyText: b.energyKwh.mid > 0 ? formatEnergy(b.energyKwh.mid) : '',
      }))
    : [];
  const ceiling = known ? undefined : ceilingText(e);
  return {
    known,
    missing: e.missing.slice(0, 20).map((m) => cleanText(m, T)),
    ...(ceiling ? { ceilingText: cleanText(ceiling, S) } : {}),
    co2e: rangeView(co2, known ? formatCo2e(co2) : needs),
    energy: rangeView(known ? e.energyKwh : ZERO, known ? spanText(e.energyKwh, formatEnergy) : needs),
    // A serving run's hours are per day over a horizon: "24 h a day for 365 days", not "1 year per day".
    hours: rangeView(known ? e.hours : ZERO, known ? (e.phase === 'inference' ? durationText(e) : spanText(e.hours, formatHours)) : needs),
    embodiedKg,
    embodiedText: known && embodiedKg > 0 ? `+ ${formatMass(embodiedKg)} CO₂e embodied (hardware manufacturing)` : '',
    totalKg,
    totalText: known ? `≈ ${formatMass(totalKg)} CO₂e${embodiedKg > 0 ? ' incl. embodied' : ''}` : needs,
    // The panel says the formula and where the meter sits, like every other surface (issues #14, #16).
    methodText: known ? cleanText(`from ${formulaText(e)}, at the ${e.boundary ?? 'facility'} boundary (${boundaryLabel(e.boundary ?? 'facility')})`, S) : '',
    breakdown: bars,
    equivalenceHead: known && co2.mid > 0 ? cleanText(equivalenceHead(e), S) : '',
    equivalences: known && co2.mid > 0 ? equivalenceLines(e, opts) : [],
  };
}

// ──── Suggestions ────

/** What-ifs, best saving first: the order the panel shows and `apply` indexes. */
export function sortSuggestions(list: readonly Suggestion[]): Suggestion[] {
  return list.slice(0, 30).sort((a, b) => finite(b.savingPct) - finite(a.savingPct));
}

function suggestionView(s: Suggestion, index: number, base: Estimate, writable: boolean): SuggestionView {
  const { phase, format } = base;
  const pct = finite(s.savingPct);
  const view: SuggestionView = {
    index,
    kind: cleanText(s.kind, 40),
    // The saving has its own badge; a title that ends by repeating it would say it twice.
    title: cleanText(prose(suggestionTitle(s)), S),
    explanation: cleanText(prose(s.explanation), T),
    caveats: s.caveats.slice(0, 12).map((c) => cleanText(prose(c), T)),
    resultText: `${formatMass(finite(s.co2eKg))} CO₂e`,
    savingText: suggestionSaving(base, s),
    savingPct: pct,
    canApply: !!s.change && writable,
  };
  if (s.change) {
    view.changeText = cleanText([s.change, ...(s.change.also ?? [])].map((c) => `${fieldLabel(c.field, phase)} → ${displayValue(c.field, c.value)}`).join(', '), S);
    if (!writable) view.manualText = cleanText(s.byHand ? `Carbon Lens cannot write this into this ${formatLabel(format)} file; change it by hand: ${prose(s.byHand)}` : `Carbon Lens cannot write this change into this ${formatLabel(format)} file; make it by hand.`, T);
  } else if (s.byHand && !s.info) view.manualText = cleanText(`By hand: ${prose(s.byHand)}`, T);
  return view;
}

// ──── Runs ────

function inputRow(field: FieldName, phase: RunSpec['phase'], shown: RunInputs, file: RunInputs, edited: boolean, editable: boolean): InputRowView {
  const s = shown[field] as Sourced<unknown> | undefined;
  const f = file[field] as Sourced<unknown> | undefined;
  const origin: OriginView = edited ? 'whatif' : s ? s.origin : 'none';
  const row: InputRowView = {
    field,
    label: fieldLabel(field, phase),
    value: s ? displayValue(field, s.value) : '—',
    origin,
  };
  const line = lineOf(f);
  if (line !== undefined) row.line = line;
  if (edited) {
    row.note = 'What-if: not written to the file. Reset returns to the file’s value.';
    row.fileValue = f ? displayValue(field, f.value) : '—';
  } else if (s?.note) row.note = cleanText(prose(s.note), T);
  if (editable) row.editor = { kind: editorKind(field as EditableField), raw: editorRaw(field as EditableField, s?.value) };
  return row;
}

/**
 * Trials are only worth a row when the file (or a what-if) has them; so are hours for a serving
 * run. A training run always shows hours: stating them is the surest way to an estimate.
 */
function showRow(field: EditableField, phase: RunSpec['phase'], present: boolean): boolean {
  if (field === 'trials') return present;
  // The length of training: each driver the file (or the estimator) has, editable; none for serving.
  if (field === 'epochs' || field === 'steps' || field === 'datasetSamples' || field === 'seqLen' || field === 'batchSize') return phase === 'training' && present;
  // Traffic drives serving and the lifecycle and distillation break-even of a training run alike.
  if (field === 'queriesPerDay') return true;
  if (field === 'hours') return present || phase === 'training';
  return true;
}

export interface WhatIfInput {
  edits: WhatIfEdits;
  estimate: Estimate;
}

export interface RunViewOptions extends ViewOptions {
  /** Whether a suggestion's change can be written into the file (default: whenever it has one). */
  canWrite?: (s: Suggestion) => boolean;
  /** Lifecycle, measured record and timing state the host found for this run. */
  extras?: RunExtras;
}

export function runView(file: Estimate, index: number, suggestions: readonly Suggestion[], whatIf: WhatIfInput | undefined, opts: RunViewOptions = {}): RunView {
  const shown = whatIf ? whatIf.estimate.inputs : file.inputs;
  const edits = whatIf?.edits ?? {};
  const inputs = EDITABLE_FIELDS
    .filter((f) => showRow(f, file.phase, shown[f] !== undefined || edits[f] !== undefined))
    .map((f) => inputRow(f, file.phase, shown, file.inputs, edits[f] !== undefined, true));
  const otherInputs = FIELD_NAMES
    .filter((f) => !(EDITABLE_FIELDS as readonly string[]).includes(f) && shown[f] !== undefined)
    .map((f) => inputRow(f, file.phase, shown, file.inputs, false, false));
  const fileView = estimateView(file, opts);
  const view: RunView = {
    index,
    name: cleanText(file.name, S),
    phase: file.phase,
    inputs,
    otherInputs,
    file: fileView,
    suggestions: suggestions.map((s, i) => suggestionView(s, i, file, !!s.change && (opts.canWrite?.(s) ?? true))),
    scheduleNote: fileView.known && !suggestions.some((s) => s.kind === 'schedule'),
    // An unbounded sweep (no run_cap) first, in the lens's words: its figure rests on an assumed trial count.
    warnings: [unboundedSweepNote(file), ...file.warnings].filter((w): w is string => !!w).slice(0, 50).map((w) => cleanText(prose(w), T)),
    assumptions: file.assumptions.slice(0, 80).map((a) => cleanText(prose(a), T)),
  };
  const extras = opts.extras ?? {};
  const lifecycleOf = whatIf && whatIf.estimate.missing.length === 0 && whatIf.estimate.lifecycle ? whatIf.estimate : file;
  const lifecycle = fileView.known ? lifecycleView(lifecycleOf, extras) : undefined;
  if (lifecycle) view.lifecycle = lifecycle;
  const hardware = fileView.known ? hardwareView(extras.hardware) : undefined;
  if (hardware) view.hardware = hardware;
  const measured = measuredView(extras.measured);
  if (measured) view.measured = measured;
  const timing = fileView.known ? timingView(extras.timing) : undefined;
  if (timing) view.timing = timing;
  if (whatIf) {
    const w = estimateView(whatIf.estimate, opts);
    const base = fileView.known ? fileView.co2e.mid : 0;
    const deltaPct = w.known && base > 0 ? ((w.co2e.mid - base) / base) * 100 : null;
    const deltaText = !fileView.known
      ? 'The file alone needs more information for an estimate.'
      : !w.known
        ? 'The what-if needs more information for an estimate.'
        : `${deltaPct === null ? '' : `${formatChange(base, w.co2e.mid)} `}vs the file (${formatMass(base)} CO₂e)`;
    view.whatIf = { estimate: w, deltaPct, deltaText, edits: { ...edits } };
  }
  return view;
}

// ──── Panel models ────

export interface FileModelInput {
  uri: string;
  fileName: string;
  result: FileResult;
  selected: number;
  whatIf?: WhatIfInput;
  canReveal: boolean;
  onlineEnabled: boolean;
  /** See FileModel.applyAsks. */
  applyAsks?: boolean;
  hasWorkspaceReport: boolean;
  options?: ViewOptions;
  /** See RunViewOptions.canWrite. */
  canWrite?: (s: Suggestion) => boolean;
  /** See RunViewOptions.extras (for the selected run). */
  extras?: RunExtras;
}

export interface FileModelOutput {
  model: FileModel;
  /** The selected run's suggestions in the order the model lists them (what `apply` indexes). */
  suggestions: Suggestion[];
}

export function fileModel(input: FileModelInput): FileModelOutput {
  const { result } = input;
  const runs = result.estimates.slice(0, 500);
  const selected = runs.length ? Math.min(Math.max(0, input.selected), runs.length - 1) : 0;
  const chosen = runs[selected];
  // With a panel what-if, every section follows it: the what-ifs are those of the edited run.
  const basis = input.whatIf && input.whatIf.estimate.missing.length === 0 ? input.whatIf.estimate : chosen;
  const suggestions = basis && basis.missing.length === 0 ? sortSuggestions(basis.suggestions) : [];
  const model: FileModel = {
    kind: 'file',
    uri: cleanText(input.uri, 4096),
    fileName: cleanText(input.fileName, S),
    formatLabel: formatLabel(result.format),
    runs: runs.map((e, i) => ({
      index: i,
      name: cleanText(e.name, S),
      co2eText: e.missing.length ? 'needs more information' : `${formatMass(e.co2eKg.mid)} CO₂e`,
    })),
    selected,
    canReveal: input.canReveal,
    onlineEnabled: input.onlineEnabled,
    hasWorkspaceReport: input.hasWorkspaceReport,
  };
  if (input.applyAsks) model.applyAsks = true;
  if (result.error) {
    const syntax = result.analysis?.syntaxError;
    // A file that did not parse gets no estimate: say which syntax to fix, then the parser's words.
    const message = syntax ? `${syntax} error${result.errorLine !== undefined ? ` on line ${result.errorLine + 1}` : ''}: ${result.error}. Carbon Lens makes no estimate until the file parses.` : result.error;
    model.error = { message: cleanText(message, T) };
    if (result.errorLine !== undefined && result.errorLine >= 0) model.error.line = result.errorLine + 1;
  }
  if (chosen) model.run = runView(chosen, selected, suggestions, input.whatIf, { ...input.options, canWrite: input.canWrite, extras: input.extras });
  return { model, suggestions };
}

export function welcomeModel(note: string | undefined, hasWorkspaceReport: boolean): WelcomeModel {
  const m: WelcomeModel = { kind: 'welcome', formats: SUPPORTED_FORMATS.slice(), hasWorkspaceReport };
  if (note) m.note = cleanText(note, T);
  return m;
}

/** One file of a workspace report, already reduced to what the table needs. */
export interface WorkspaceFileInput {
  /** How the file is named in the table (workspace-relative path). */
  label: string;
  format: string;
  error?: string | null;
  runs: { name: string; co2eKg: Range3 | null; embodiedKg?: number | null }[];
}

export interface WorkspaceRowTarget {
  file: number;
  runIndex: number;
}

/** Rows for the workspace table, one per run (a file with no run but an error gets one row too). */
export function workspaceModel(files: readonly WorkspaceFileInput[] | undefined): { model: WorkspaceModel; targets: WorkspaceRowTarget[] } {
  const rows: WorkspaceRowView[] = [];
  const targets: WorkspaceRowTarget[] = [];
  let omitted = 0;
  let totalKg = 0;
  let unknown = 0;
  let runCount = 0;
  const push = (row: Omit<WorkspaceRowView, 'index'>, target: WorkspaceRowTarget): void => {
    if (rows.length >= MAX_WORKSPACE_ROWS) {
      omitted++;
      return;
    }
    rows.push({ index: rows.length, ...row });
    targets.push(target);
  };
  (files ?? []).forEach((f, fi) => {
    const file = cleanText(f.label, 1000);
    const format = formatLabel(f.format);
    if (!f.runs.length) {
      push({ file, run: f.error ? cleanText(f.error, S) : '—', format, kg: null, co2eText: f.error ? 'error' : 'no run' }, { file: fi, runIndex: 0 });
      return;
    }
    f.runs.forEach((r, ri) => {
      runCount++;
      const kg = r.co2eKg ? finite(r.co2eKg.mid) : null;
      if (kg === null) unknown++;
      else totalKg += kg;
      // The column header says CO₂e; the cell stays short enough for a narrow sidebar.
      push({ file, run: cleanText(r.name, S), format, kg, co2eText: kg === null ? 'needs info' : formatMass(kg) }, { file: fi, runIndex: ri });
    });
  });
  const fileCount = files?.length ?? 0;
  const summary = `${runCount} run${runCount === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}${unknown ? `; ${unknown} need${unknown === 1 ? 's' : ''} more information and ${unknown === 1 ? 'is' : 'are'} not counted` : ''}.`;
  return {
    model: {
      kind: 'workspace',
      rows,
      totalText: files ? `≈ ${formatMass(totalKg)} CO₂e in all` : '',
      summary: files ? summary : 'No workspace estimate yet.',
      omitted,
      available: !!files,
    },
    targets,
  };
}

// ──── Catalogue for the pickers ────

const PROVIDER_NAMES: Record<string, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' };

export function catalogView(): CatalogView {
  const accelerators = listAccelerators()
    .map((a) => ({ id: a.id, label: cleanText(a.name, S), group: cleanText(a.vendor, 80) }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label))
    .slice(0, 1000);
  const clouds = cloudRegionOptions();
  const countries = listCountries()
    .map((c) => ({ id: c.code, label: cleanText(`${c.name} (${c.code})`, S), group: 'Country grid average' }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { accelerators, regions: [...clouds, ...countries].slice(0, 2000) };
}

// ──── What-ifs ────

/**
 * Checks what-if values against the catalogue (the schema already bounded them): unknown hardware or
 * regions are dropped, names are cleaned. Returns the edits kept and the fields dropped.
 */
export function sanitizeEdits(edits: WhatIfEdits): { edits: WhatIfEdits; dropped: EditableField[] } {
  const out: WhatIfEdits = {};
  const dropped: EditableField[] = [];
  for (const field of EDITABLE_FIELDS) {
    const v = edits[field];
    if (v === undefined) continue;
    switch (field) {
      case 'hardware': {
        const acc = typeof v === 'string' ? findAccelerator(v) : undefined;
        if (acc) out.hardware = acc.id;
        else dropped.push(field);
        break;
      }
      case 'region': {
        const id = typeof v === 'string' ? canonicalRegion(v) : undefined;
        if (id) out.region = id;
        else dropped.push(field);
        break;
      }
      case 'model': {
        const m = cleanText(v, 200).trim();
        if (m) out.model = m;
        else dropped.push(field);
        break;
      }
      case 'precision':
        if ((PRECISIONS as readonly unknown[]).includes(v)) out.precision = v as WhatIfEdits['precision'];
        else dropped.push(field);
        break;
      default: {
        const lim = NUMERIC_LIMITS[field as NumericEditableField];
        if (typeof v === 'number' && Number.isFinite(v) && v >= lim.min && v <= lim.max && (!lim.integer || Number.isInteger(v))) {
          (out as Record<string, number>)[field] = v;
        } else dropped.push(field);
      }
    }
  }
  return { edits: out, dropped };
}

/**
 * The run with the what-if values in place of (or in addition to) the file's. Values the file did
 * not state but the estimator derived from an edited one (batch from count, parameters from the
 * model) are recomputed, because the RunSpec holds only what the file said.
 */
export function applyEdits(run: RunSpec, edits: WhatIfEdits): RunSpec {
  const inputs: RunInputs = { ...run.inputs };
  for (const field of EDITABLE_FIELDS) {
    const v = edits[field];
    if (v === undefined) continue;
    // Origin `file` makes the estimator treat the value as stated; the panel labels it what-if.
    (inputs as Record<string, Sourced<unknown>>)[field] = { value: v as RunFields[typeof field], origin: 'file', note: 'what-if' };
    // A new model means the file's parameter count (if any) no longer describes it.
    if (field === 'model' && edits.params === undefined) {
      delete inputs.params;
      delete inputs.activeParams;
    }
    // A new length driver means token counts the estimator derived from the old ones no longer hold;
    // a count the file states is the user's and stays (edit Tokens to change it).
    if (LENGTH_DRIVERS.has(field) && edits.tokens === undefined && inputs.tokens?.origin !== 'file') delete inputs.tokens;
    // Steps decide over epochs in every trainer that has both (max_steps > 0 wins): editing epochs lifts steps.
    if (field === 'epochs' && edits.steps === undefined) delete inputs.steps;
  }
  return { ...run, inputs };
}

const LENGTH_DRIVERS: ReadonlySet<string> = new Set(['epochs', 'steps', 'datasetSamples', 'seqLen', 'batchSize']);

export function hasEdits(edits: WhatIfEdits | undefined): boolean {
  return !!edits && Object.keys(edits).length > 0;
}
