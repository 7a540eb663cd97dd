// The messages between the extension host and the estimate panel, in both directions, with the
// runtime schemas that check them. Both sides import this file: the webview is untrusted from the
// host's point of view, and the host's messages are checked by the webview too, so a bug on one side
// shows up as a logged, ignored message instead of a broken panel or a command run with bad input.
//
// Each TypeScript type is inferred from its schema, so the two cannot drift apart.
// Pure: no `vscode`, no DOM.
import type { FieldName, Precision } from '../core/runSpec';

// ──── Schema combinators ────

/** Checks a value; `validate` returns null when it is valid, else a short reason with a path. */
export interface Schema<T> {
  readonly validate: (x: unknown, path?: string) => string | null;
  /** Phantom: carries T for `Infer`. */
  readonly _type?: T;
}
interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;
type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** Keys that could reach an object's prototype if a receiver ever merged a message into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

export function str(maxLength = 2000): Schema<string> {
  return { validate: (x, p = '') => (typeof x !== 'string' ? `${p}: not a string` : x.length > maxLength ? `${p}: longer than ${maxLength}` : null) };
}

/** A finite number within [min, max]. */
export function num(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Schema<number> {
  return {
    validate: (x, p = '') =>
      typeof x !== 'number' || !Number.isFinite(x) ? `${p}: not a finite number` : x < min || x > max ? `${p}: out of range` : null,
  };
}

export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Schema<number> {
  const n = num(min, max);
  return { validate: (x, p = '') => n.validate(x, p) ?? (Number.isInteger(x) ? null : `${p}: not an integer`) };
}

export function bool(): Schema<boolean> {
  return { validate: (x, p = '') => (typeof x === 'boolean' ? null : `${p}: not a boolean`) };
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  const set = new Set<string>(values);
  return { validate: (x, p = '') => (typeof x === 'string' && set.has(x) ? null : `${p}: not one of the allowed values`) };
}

export function arr<T>(item: Schema<T>, maxItems: number): Schema<T[]> {
  return {
    validate: (x, p = '') => {
      if (!Array.isArray(x)) return `${p}: not an array`;
      if (x.length > maxItems) return `${p}: more than ${maxItems} items`;
      for (let i = 0; i < x.length; i++) {
        const e = item.validate(x[i], `${p}[${i}]`);
        if (e) return e;
      }
      return null;
    },
  };
}

export function opt<T>(s: Schema<T>): OptionalSchema<T> {
  return { validate: (x, p) => (x === undefined ? null : s.validate(x, p)), optional: true };
}

export function nullable<T>(s: Schema<T>): Schema<T | null> {
  return { validate: (x, p) => (x === null ? null : s.validate(x, p)) };
}

/** A plain object with exactly these keys (optional ones may be absent); any other key is an error. */
export function obj<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    validate: (x, p = '') => {
      if (!isPlainObject(x)) return `${p}: not a plain object`;
      for (const k of Object.keys(x)) {
        if (FORBIDDEN_KEYS.has(k)) return `${p}.${k}: forbidden key`;
        // hasOwn, not `in`: `constructor` is "in" every shape through its prototype.
        if (!Object.hasOwn(shape, k)) return `${p}.${k}: unexpected key`;
      }
      for (const k of Object.keys(shape)) {
        const s = shape[k];
        if (!Object.hasOwn(x, k)) {
          if ((s as Partial<OptionalSchema<unknown>>).optional) continue;
          return `${p}.${k}: missing`;
        }
        const e = s.validate(x[k], `${p}.${k}`);
        if (e) return e;
      }
      return null;
    },
  };
}

/** A tagged union: `tag` picks the member schema, an unknown tag is an error. */
export function tagged<K extends string, M extends Record<string, Schema<unknown>>>(tag: K, members: M): Schema<Infer<M[keyof M]>> {
  return {
    validate: (x, p = '') => {
      if (!isPlainObject(x)) return `${p}: not a plain object`;
      const t = x[tag];
      if (typeof t !== 'string' || !Object.hasOwn(members, t)) return `${p}.${tag}: unknown`;
      return members[t].validate(x, p);
    },
  };
}

export function guard<T>(s: Schema<T>): (x: unknown) => x is T {
  return (x): x is T => s.validate(x, '') === null;
}

// ──── Shared vocabularies ────

/** Every RunSpec field, for messages that name one (checked for completeness below). */
export const FIELD_NAMES = [
  'hardware', 'count', 'nodes', 'model', 'params', 'activeParams', 'tokens', 'steps', 'epochs', 'batchSize',
  'perDeviceBatch', 'gradAccum', 'seqLen', 'datasetTokens', 'datasetSamples', 'hours', 'maxHours', 'precision', 'quantization',
  'adapter', 'loraRank', 'region', 'pue', 'intensity', 'trials', 'mfu', 'utilization', 'queriesPerDay',
  'tokensPerQuery', 'inputTokensPerQuery', 'horizonDays', 'replicas', 'maxBatch', 'dataset', 'maxSamples', 'packing', 'trainingMethod',
  'gradientCheckpointing', 'reference', 'numGenerations', 'completionLen', 'promptLen', 'teacher', 'evalTokens',
] as const satisfies readonly FieldName[];
// Fails to compile when RunFields gains a field this list lacks.
const _allFields: [Exclude<FieldName, (typeof FIELD_NAMES)[number]>] extends [never] ? true : never = true;
void _allFields;

export const PRECISIONS = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const satisfies readonly Precision[];

/** Fields the panel lets a user change for a what-if, in display order. */
export const EDITABLE_FIELDS = [
  'model', 'params', 'tokens', 'epochs', 'steps', 'datasetSamples', 'seqLen', 'batchSize', 'hours', 'hardware', 'count',
  'precision', 'region', 'pue', 'intensity', 'trials', 'queriesPerDay',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * Bounds for numeric what-ifs: inside the estimator's plausibility limits (src/core/plausibility.ts),
 * so a what-if is never silently dropped as a typo.
 */
export const NUMERIC_LIMITS = {
  params: { min: 1e5, max: 1e14, integer: false },
  tokens: { min: 1, max: 1e15, integer: false },
  hours: { min: 0.01, max: 1e5, integer: false },
  count: { min: 1, max: 1e6, integer: true },
  pue: { min: 1, max: 5, integer: false },
  intensity: { min: 1, max: 3000, integer: false },
  trials: { min: 1, max: 1e5, integer: true },
  epochs: { min: 0.01, max: 1e4, integer: false },
  steps: { min: 1, max: 1e10, integer: true },
  datasetSamples: { min: 1, max: 1e13, integer: false },
  seqLen: { min: 1, max: 1e7, integer: true },
  batchSize: { min: 1, max: 1e8, integer: true },
  queriesPerDay: { min: 1, max: 1e13, integer: false },
} as const;
export type NumericEditableField = keyof typeof NUMERIC_LIMITS;

const limited = (f: NumericEditableField) => {
  const l = NUMERIC_LIMITS[f];
  return l.integer ? int(l.min, l.max) : num(l.min, l.max);
};

export const whatIfEditsSchema = obj({
  model: opt(str(200)),
  params: opt(limited('params')),
  tokens: opt(limited('tokens')),
  hours: opt(limited('hours')),
  hardware: opt(str(120)),
  count: opt(limited('count')),
  precision: opt(oneOf(PRECISIONS)),
  region: opt(str(120)),
  pue: opt(limited('pue')),
  intensity: opt(limited('intensity')),
  trials: opt(limited('trials')),
  epochs: opt(limited('epochs')),
  steps: opt(limited('steps')),
  datasetSamples: opt(limited('datasetSamples')),
  seqLen: opt(limited('seqLen')),
  batchSize: opt(limited('batchSize')),
  queriesPerDay: opt(limited('queriesPerDay')),
});
/** What-if overrides for one run: field → value. Empty = the file's values. */
export type WhatIfEdits = Infer<typeof whatIfEditsSchema>;

/** Commands the webview may ask the host to run (no arguments). Anything else is refused. */
export const ALLOWED_COMMANDS = [
  'carbonLens.estimateWorkspace',
  'carbonLens.setDefaultRegion',
  'carbonLens.setDefaultHardware',
  'carbonLens.setBudget',
  'carbonLens.setOnlineCredentials',
] as const;
export type AllowedCommand = (typeof ALLOWED_COMMANDS)[number];

/** Settings the webview may open in the Settings editor. */
export const ALLOWED_SETTINGS = ['carbonLens.online.enabled', 'carbonLens.online.provider', 'carbonLens.online.zone', 'carbonLens.devOverhead', 'carbonLens.includeEmbodied', 'carbonLens.equivalences', 'carbonLens.mfu', 'carbonLens.inference.queriesPerDay'] as const;

export const EXPORT_FORMATS = ['modelCard', 'markdown', 'json'] as const;
export const EXPORT_TARGETS = ['clipboard', 'file'] as const;

const MAX_INDEX = 100_000;
const uriText = str(4096);

// ──── Webview → host ────

const uiRestoreSchema = obj({
  uri: opt(uriText),
  runIndex: opt(int(0, MAX_INDEX)),
  mode: opt(oneOf(['file', 'workspace'] as const)),
  edits: opt(whatIfEditsSchema),
});

export const webviewToHostSchema = tagged('type', {
  /** The app has loaded and listens; `restore` is what it remembered (getState) from an earlier life. */
  ready: obj({ type: oneOf(['ready'] as const), restore: opt(uiRestoreSchema) }),
  selectRun: obj({ type: oneOf(['selectRun'] as const), runIndex: int(0, MAX_INDEX) }),
  /**
   * The full set of overrides for a run (not a delta); empty = reset to the file. `uri` is the file
   * the panel showed, so an edit racing a switch of editor never lands on another file's run.
   */
  whatIf: obj({ type: oneOf(['whatIf'] as const), uri: uriText, runIndex: int(0, MAX_INDEX), edits: whatIfEditsSchema }),
  /**
   * Open VS Code's searchable region quick pick for a run of the file on show; the pick becomes the
   * run's what-if region (as the panel's other inputs do). `uri` guards against a switch of editor.
   */
  pickRegion: obj({ type: oneOf(['pickRegion'] as const), uri: uriText, runIndex: int(0, MAX_INDEX) }),
  /** Show where a run's input comes from. The host looks the range up itself. */
  reveal: obj({ type: oneOf(['reveal'] as const), runIndex: int(0, MAX_INDEX), field: oneOf(FIELD_NAMES) }),
  revealError: obj({ type: oneOf(['revealError'] as const) }),
  /** Apply suggestion `suggestion` of the model posted as `revision`; the host holds the change itself. */
  apply: obj({ type: oneOf(['apply'] as const), revision: int(0, Number.MAX_SAFE_INTEGER), suggestion: int(0, 1000) }),
  export: obj({ type: oneOf(['export'] as const), format: oneOf(EXPORT_FORMATS), target: oneOf(EXPORT_TARGETS) }),
  command: obj({ type: oneOf(['command'] as const), id: oneOf(ALLOWED_COMMANDS) }),
  /** Export the hardware comparison of the run on show (the host knows which). */
  exportHardware: obj({ type: oneOf(['exportHardware'] as const), format: oneOf(['csv', 'md'] as const) }),
  openSettings: obj({ type: oneOf(['openSettings'] as const), setting: oneOf(ALLOWED_SETTINGS) }),
  /** Open the file of row `row` of the workspace table posted as `revision`. */
  openRow: obj({ type: oneOf(['openRow'] as const), revision: int(0, Number.MAX_SAFE_INTEGER), row: int(0, MAX_INDEX) }),
  setMode: obj({ type: oneOf(['setMode'] as const), mode: oneOf(['file', 'workspace'] as const) }),
  /** Use the MFU the measured record implies (held by the host for `revision`) as the MFU setting. */
  calibrate: obj({ type: oneOf(['calibrate'] as const), revision: int(0, Number.MAX_SAFE_INTEGER) }),
  /** Fetch a carbon-intensity forecast for the run on show (online features must be on). */
  fetchForecast: obj({ type: oneOf(['fetchForecast'] as const), revision: int(0, Number.MAX_SAFE_INTEGER) }),
  /** Copy scheduling command `index` of revision `revision` (the host holds the text). */
  copyCommand: obj({ type: oneOf(['copyCommand'] as const), revision: int(0, Number.MAX_SAFE_INTEGER), index: int(0, 10) }),
});
export type WebviewToHost = Infer<typeof webviewToHostSchema>;
export type UiRestore = Infer<typeof uiRestoreSchema>;
export const isWebviewToHost = guard(webviewToHostSchema);

// ──── Host → webview: the view model ────

const S = 300; // names, labels, short values
const T = 2000; // sentences

export const ORIGIN_VIEWS = ['file', 'setting', 'default', 'inferred', 'whatif', 'none'] as const;
export type OriginView = (typeof ORIGIN_VIEWS)[number];

export const EDITOR_KINDS = ['number', 'quantity', 'text', 'hardware', 'region', 'precision'] as const;

const inputRowSchema = obj({
  field: oneOf(FIELD_NAMES),
  label: str(S),
  value: str(S),
  origin: oneOf(ORIGIN_VIEWS),
  /** 1-based line in the file, when the value has a location there. */
  line: opt(int(1, 10_000_000)),
  /** How the location reads when a line number would mislead: `cell 4, line 3` in a notebook. */
  where: opt(str(80)),
  note: opt(str(T)),
  /** The file's value, when a what-if replaced it. */
  fileValue: opt(str(S)),
  /** How it is edited, and the current value as the editor shows it. Absent = read-only. */
  editor: opt(obj({ kind: oneOf(EDITOR_KINDS), raw: str(S) })),
});
export type InputRowView = Infer<typeof inputRowSchema>;

const rangeSchema = obj({ low: num(), mid: num(), high: num(), text: str(S) });
export type RangeView = Infer<typeof rangeSchema>;

export const BAR_IDS = ['run', 'trials', 'overhead', 'inference', 'embodied'] as const;
const barSchema = obj({ id: oneOf(BAR_IDS), label: str(S), low: num(), mid: num(), high: num(), text: str(S), energyText: str(S) });
export type BarView = Infer<typeof barSchema>;

const equivalenceSchema = obj({ text: str(T), source: str(S) });

const estimateViewSchema = obj({
  /** False when the file lacks something the estimate needs: no number may be shown then. */
  known: bool(),
  missing: arr(str(T), 20),
  /** Unknown runs only: what the whole scheduler time limit would cost ("at most 45 kg CO₂e (the whole 72 h time limit)"). */
  ceilingText: opt(str(S)),
  co2e: rangeSchema,
  energy: rangeSchema,
  hours: rangeSchema,
  embodiedKg: num(),
  embodiedText: str(S),
  /** Operational mid + embodied, kg, and its text. */
  totalKg: num(),
  totalText: str(S),
  methodText: str(S),
  breakdown: arr(barSchema, BAR_IDS.length),
  /** What the equivalences are computed on, said once (the presenter's one basis: operational CO₂e). */
  equivalenceHead: str(S),
  equivalences: arr(equivalenceSchema, 10),
});
export type EstimateView = Infer<typeof estimateViewSchema>;

const suggestionSchema = obj({
  /** Position in the host's list for this revision (the list is sorted by saving). */
  index: int(0, 1000),
  kind: str(40),
  title: str(S),
  explanation: str(T),
  caveats: arr(str(T), 12),
  resultText: str(S),
  savingText: str(40),
  savingPct: num(),
  /** The change can be written into this file: the panel offers Apply. */
  canApply: bool(),
  changeText: opt(str(S)),
  /** Why a change cannot be applied here (the user can still make it by hand). */
  manualText: opt(str(T)),
});
export type SuggestionView = Infer<typeof suggestionSchema>;

const factSchema = obj({ label: str(S), value: str(T) });
export type FactView = Infer<typeof factSchema>;

/** Training vs serving on one scale. */
const lifecycleSchema = obj({ lines: arr(factSchema, 8), note: str(T) });
export type LifecycleView = Infer<typeof lifecycleSchema>;

/** A finished run's record beside the estimate, and the calibration it offers. */
const measuredSchema = obj({
  file: str(S),
  lines: arr(factSchema, 6),
  notes: arr(str(T), 6),
  calibrationText: opt(str(T)),
  /** The record implies an MFU the user can adopt as the carbonLens.mfu setting. */
  canCalibrate: bool(),
});
export type MeasuredView = Infer<typeof measuredSchema>;

/** Carbon-aware timing: what the bundled data says, and (online) the best window in a forecast. */
const timingSchema = obj({
  offline: str(T),
  online: bool(),
  /** Which forecast would be asked for, e.g. "UK Carbon Intensity API (GB national)". */
  providerText: str(S),
  /** A forecast can be fetched now (online on and a provider configured for this run). */
  canFetch: bool(),
  /** Progress or the reason a forecast is not available. */
  status: opt(str(T)),
  window: opt(obj({ lines: arr(factSchema, 6), commands: arr(obj({ label: str(S), text: str(T) }), 4), source: str(T) })),
});
export type TimingView = Infer<typeof timingSchema>;

/** The hardware comparison (procurement view): one row per accelerator that can hold the run, sorted by total CO₂e. */
const hardwareSchema = obj({
  rows: arr(obj({ name: str(S), count: int(0, 1e7), hoursText: str(40), energyText: str(40), co2eText: str(40), embodiedText: str(40), shareText: str(16), current: bool() }), 80),
  note: str(T),
});
export type HardwareView = Infer<typeof hardwareSchema>;

const runViewSchema = obj({
  index: int(0, MAX_INDEX),
  name: str(S),
  phase: oneOf(['training', 'inference'] as const),
  inputs: arr(inputRowSchema, 20),
  otherInputs: arr(inputRowSchema, FIELD_NAMES.length),
  file: estimateViewSchema,
  whatIf: opt(obj({ estimate: estimateViewSchema, deltaPct: nullable(num()), deltaText: str(S), edits: whatIfEditsSchema })),
  suggestions: arr(suggestionSchema, 30),
  /** No timing suggestion was made: say what carbon-aware timing would need. */
  scheduleNote: bool(),
  lifecycle: opt(lifecycleSchema),
  measured: opt(measuredSchema),
  timing: opt(timingSchema),
  hardware: opt(hardwareSchema),
  warnings: arr(str(T), 50),
  assumptions: arr(str(T), 80),
});
export type RunView = Infer<typeof runViewSchema>;

const runChoiceSchema = obj({ index: int(0, MAX_INDEX), name: str(S), co2eText: str(S) });

const fileModelSchema = obj({
  kind: oneOf(['file'] as const),
  uri: uriText,
  fileName: str(S),
  formatLabel: str(S),
  error: opt(obj({ message: str(T), line: opt(int(1, 10_000_000)) })),
  runs: arr(runChoiceSchema, 500),
  selected: int(0, MAX_INDEX),
  run: opt(runViewSchema),
  /** Lines can be revealed (a text file, not a notebook). */
  canReveal: bool(),
  onlineEnabled: bool(),
  /** Apply asks first (carbonLens.apply.preview): its button reads "Apply to file…", the ellipsis of a question to come. */
  applyAsks: opt(bool()),
  hasWorkspaceReport: bool(),
});
export type FileModel = Infer<typeof fileModelSchema>;

const welcomeModelSchema = obj({
  kind: oneOf(['welcome'] as const),
  formats: arr(str(S), 40),
  note: opt(str(T)),
  hasWorkspaceReport: bool(),
});
export type WelcomeModel = Infer<typeof welcomeModelSchema>;

const workspaceRowSchema = obj({
  index: int(0, MAX_INDEX),
  file: str(1000),
  run: str(S),
  format: str(S),
  /** Mid kg for sorting; null when the run needs more information. */
  kg: nullable(num()),
  co2eText: str(S),
});
export type WorkspaceRowView = Infer<typeof workspaceRowSchema>;

export const MAX_WORKSPACE_ROWS = 5000;
const workspaceModelSchema = obj({
  kind: oneOf(['workspace'] as const),
  rows: arr(workspaceRowSchema, MAX_WORKSPACE_ROWS),
  totalText: str(S),
  summary: str(T),
  /** Rows left out past MAX_WORKSPACE_ROWS. */
  omitted: int(0, Number.MAX_SAFE_INTEGER),
  available: bool(),
});
export type WorkspaceModel = Infer<typeof workspaceModelSchema>;

export const panelModelSchema = tagged('kind', { file: fileModelSchema, welcome: welcomeModelSchema, workspace: workspaceModelSchema });
export type PanelModel = FileModel | WelcomeModel | WorkspaceModel;

const optionSchema = obj({ id: str(200), label: str(S), group: str(80) });
export type CatalogOption = Infer<typeof optionSchema>;
const catalogSchema = obj({
  accelerators: arr(optionSchema, 1000),
  regions: arr(optionSchema, 2000),
});
export type CatalogView = Infer<typeof catalogSchema>;

export const hostToWebviewSchema = tagged('type', {
  /** Sent once per webview life, before the first update: the option lists for the pickers. */
  init: obj({ type: oneOf(['init'] as const), catalog: catalogSchema }),
  /** The whole panel state; `revision` grows with every update so replies can name what they saw. */
  update: obj({ type: oneOf(['update'] as const), revision: int(0, Number.MAX_SAFE_INTEGER), model: panelModelSchema }),
});
export type HostToWebview = Infer<typeof hostToWebviewSchema>;
export const isHostToWebview = guard(hostToWebviewSchema);
