// What every training-config extractor needs: reading typed, sourced values (last duplicate wins,
// `auto`/`${…}` unknown with a note saying so), collecting notes and warnings, and finishing a run
// with implausible numbers removed. Format modules hold only their own keys and rules.
import { hydraSweepTrials } from '../hydraSweep';
import type { FieldName, Precision, RunFields, RunInputs, RunSpec, SourceRange, Sourced } from '../../core/runSpec';
import { dropImplausible } from '../../core/plausibility';
import type { FormatInput } from '../types';
import type { Scalar, TEntry, TMap, TNode } from '../tree';
import { fromEntry, isUnknownValue, normalizePrecision, toBool, toNumber } from '../fields';
import { OmegaResolver, hasInterpolation } from '../omegaconf';
import { quoted } from '../quoted';

export type Path = string | readonly string[];

const keysOf = (p: Path): string[] => (typeof p === 'string' ? p.split('.') : [...p]);

/** The first document whose root is a mapping (these formats are single-document). */
export function rootMap(input: FormatInput): TMap | undefined {
  for (const d of input.docs()) if (d.root && d.root.kind === 'map') return d.root;
  return undefined;
}

/** The entry at `path`; with duplicate keys the last one counts, as in YAML loaders that accept them. */
export function findEntry(node: TNode | undefined, path: Path): TEntry | undefined {
  let cur = node;
  let found: TEntry | undefined;
  for (const key of keysOf(path)) {
    if (!cur || cur.kind !== 'map') return undefined;
    found = undefined;
    for (const e of cur.entries) if (e.key === key) found = e;
    if (!found) return undefined;
    cur = found.value;
  }
  return found;
}

export function findNode(node: TNode | undefined, path: Path): TNode | undefined {
  return findEntry(node, path)?.value;
}

export function hasKey(node: TNode | undefined, path: Path): boolean {
  return findEntry(node, path) !== undefined;
}

export function scalarAt(node: TNode | undefined, path: Path): Scalar | undefined {
  const v = findNode(node, path);
  return v && v.kind === 'scalar' ? v.value : undefined;
}

export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() || 'run';
  return base.replace(/\.(ya?ml|jsonc?)$/i, '') || base;
}

/** A file value as a note quotes it, clipped (never a whole hostile value: audit 2026-12, I1). */
export function show(v: Scalar | undefined): string {
  return quoted(v === null || v === undefined ? 'null' : typeof v === 'string' ? v : String(v));
}

export interface Value {
  entry: TEntry;
  /** The value after OmegaConf interpolation; undefined when it stays unknown. */
  value: Scalar | undefined;
  /** Set when the value came through `${…}`: what was followed. */
  via?: string;
}

/** Reads one run's values out of a tree and collects what was assumed on the way. */
export class Reader {
  readonly inputs: RunInputs = {};
  readonly notes: string[] = [];
  readonly warnings: string[] = [];
  private readonly resolver?: OmegaResolver;
  private readonly noted = new Set<string>();

  constructor(readonly root: TNode | undefined, options: { omegaconf?: boolean } = {}) {
    if (options.omegaconf) this.resolver = new OmegaResolver(root);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  entry(path: Path): TEntry | undefined {
    return findEntry(this.root, path);
  }

  /** A scalar with interpolation applied; `auto`, `???` and unresolved `${…}` come back undefined with a note. */
  value(path: Path): Value | undefined {
    const entry = this.entry(path);
    if (!entry || entry.value.kind !== 'scalar') return undefined;
    const raw = entry.value.value;
    let value: Scalar | undefined = raw;
    let via: string | undefined;
    if (hasInterpolation(raw)) {
      const r = this.resolver?.resolve(keysOf(path), raw);
      value = r?.value;
      if (value !== undefined) via = `\`${entry.key}: ${show(raw)}\` resolved to ${show(value)}${/\$\{(?:oc\.)?env:/.test(String(raw)) ? ' (the default, used when the environment variable is unset)' : ''}`;
      else if (r?.limit) this.noteOnce(entry, `\`${entry.key}: ${show(raw)}\` (line ${entry.keyRange.startLine + 1}) ${r.limit}: not resolved, treated as unknown.`);
      else this.noteOnce(entry, `\`${entry.key}: ${show(raw)}\` (line ${entry.keyRange.startLine + 1}) refers to a value outside this file: treated as unknown.`);
    }
    if (value === '???') {
      this.noteOnce(entry, `\`${entry.key}: ???\` (line ${entry.keyRange.startLine + 1}) must be given on the command line: treated as unknown.`);
      return { entry, value: undefined };
    }
    if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') {
      this.noteOnce(entry, `\`${entry.key}: ${value}\` (line ${entry.keyRange.startLine + 1}) is decided at run time: treated as unknown.`);
      return { entry, value: undefined };
    }
    if (value !== undefined && value !== null && isUnknownValue(value)) return { entry, value: undefined };
    return { entry, value, via };
  }

  private noteOnce(entry: TEntry, text: string): void {
    const k = `${entry.keyRange.startLine}:${entry.keyRange.startCol}`;
    if (this.noted.has(k)) return;
    this.noted.add(k);
    this.note(text);
  }

  private sourced<T>(v: Value, value: T): Sourced<T> {
    return v.via ? fromEntry(v.entry, value, 'inferred', v.via) : fromEntry(v.entry, value);
  }

  num(path: Path): Sourced<number> | undefined {
    const v = this.value(path);
    if (!v || v.value === undefined) return undefined;
    const n = toNumber(v.value);
    if (n === undefined) {
      if (v.value !== null) this.note(`\`${v.entry.key}: ${show(v.value)}\` (line ${v.entry.keyRange.startLine + 1}) is not a number: ignored.`);
      return undefined;
    }
    return this.sourced(v, n);
  }

  str(path: Path): Sourced<string> | undefined {
    const v = this.value(path);
    if (!v || v.value === undefined || v.value === null || typeof v.value === 'boolean') return undefined;
    const s = String(v.value).trim();
    return s ? this.sourced(v, s) : undefined;
  }

  bool(path: Path): Sourced<boolean> | undefined {
    const v = this.value(path);
    if (!v || v.value === undefined) return undefined;
    const b = toBool(v.value);
    return b === undefined ? undefined : this.sourced(v, b);
  }

  precision(path: Path): Sourced<Precision> | undefined {
    const v = this.value(path);
    if (!v || v.value === undefined || v.value === null) return undefined;
    const p = normalizePrecision(v.value);
    if (!p) {
      this.note(`Precision \`${v.entry.key}: ${show(v.value)}\` (line ${v.entry.keyRange.startLine + 1}) is not one Carbon Lens knows: ignored.`);
      return undefined;
    }
    return this.sourced(v, p);
  }

  /** First of several spellings that gives a value. */
  first<T>(paths: Path[], read: (p: Path) => Sourced<T> | undefined): Sourced<T> | undefined {
    for (const p of paths) {
      const v = read(p);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Sets a field unless an earlier source already did (the file's own keys are read first). */
  set<K extends FieldName>(field: K, value: Sourced<RunFields[K]> | undefined): void {
    if (value !== undefined && this.inputs[field] === undefined) (this.inputs as Record<string, unknown>)[field] = value;
  }

  has(field: FieldName): boolean {
    return this.inputs[field] !== undefined;
  }

  /** Notes top-level keys written twice: the reader already takes the last one. */
  noteDuplicates(node: TNode | undefined = this.root): void {
    if (!node || node.kind !== 'map') return;
    const seen = new Map<string, number>();
    for (const e of node.entries) seen.set(e.key, (seen.get(e.key) ?? 0) + 1);
    for (const [k, n] of seen) if (n > 1) this.warn(`\`${k}\` is written ${n} times: the last one is used, as YAML loaders that accept duplicates do.`);
  }
}

/**
 * Precision from boolean switches (`bf16: true`, `fp16: true`), first true one wins. `auto` leaves it
 * unknown; `bf16: false` with no other switch on means full fp32.
 */
export function precisionFromFlags(r: Reader, flags: Array<[string, Precision]>): Sourced<Precision> | undefined {
  let falseBf16: Sourced<boolean> | undefined;
  let unknown = false;
  for (const [key, p] of flags) {
    const v = r.value(key);
    if (!v) continue;
    if (v.value === undefined) {
      unknown = true;
      continue;
    }
    const b = toBool(v.value);
    if (b === true) return fromEntry(v.entry, p);
    if (b === false && key.endsWith('bf16')) falseBf16 = fromEntry(v.entry, false);
  }
  if (unknown || !falseBf16) return undefined;
  return { ...falseBf16, value: 'fp32', note: 'bf16 and fp16 are off: full fp32' };
}

/** Wall-clock hours from `DD:HH:MM:SS` (Lightning/NeMo), Slurm `D-HH:MM:SS`/`HH:MM:SS`, a `{days, hours, …}` map, or minutes. */
export function durationHours(node: TNode | undefined, bareNumberUnit: 'minutes' | 'hours' = 'minutes'): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'map') {
    const part = (k: string) => toNumber(scalarAt(node, k)) ?? 0;
    const h = part('days') * 24 + part('hours') + part('minutes') / 60 + part('seconds') / 3600;
    return h > 0 ? h : undefined;
  }
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'number') return bareNumberUnit === 'minutes' ? v / 60 : v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let m = /^(\d+)-(\d+)(?::(\d+))?(?::(\d+))?$/.exec(s);
  if (m) return Number(m[1]) * 24 + Number(m[2]) + Number(m[3] ?? 0) / 60 + Number(m[4] ?? 0) / 3600;
  m = /^(\d+):(\d+):(\d+):(\d+)$/.exec(s);
  if (m) return Number(m[1]) * 24 + Number(m[2]) + Number(m[3]) / 60 + Number(m[4]) / 3600;
  m = /^(\d+):(\d+):(\d+)$/.exec(s);
  if (m) return Number(m[1]) + Number(m[2]) / 60 + Number(m[3]) / 3600;
  m = /^(\d+):(\d+)$/.exec(s);
  if (m) return Number(m[1]) / 60 + Number(m[2]) / 3600;
  const n = toNumber(s);
  return n === undefined ? undefined : bareNumberUnit === 'minutes' ? n / 60 : n;
}

/** Hours as Lightning's `DD:HH:MM:SS` or Slurm's `D-HH:MM:SS`, rounded to the minute. */
export function formatDuration(hours: number, style: 'lightning' | 'slurm'): string | undefined {
  if (!Number.isFinite(hours) || hours <= 0) return undefined;
  const total = Math.max(1, Math.round(hours * 60));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return style === 'lightning' ? `${p(d)}:${p(h)}:${p(m)}:00` : `${d}-${p(h)}:${p(m)}:00`;
}

/** Where the run's lens goes: the model key if there is one, else the first key of the file. */
export function anchorOf(root: TMap | undefined, candidates: Path[]): SourceRange | undefined {
  for (const c of candidates) {
    const e = findEntry(root, c);
    if (e) return e.keyRange;
  }
  return root?.entries[0]?.keyRange ?? root?.range;
}

/** The finished run: implausible numbers (negative, zero, 1e9 epochs…) removed and reported. */
export function finishRun(r: Reader, name: string, format: string, anchor: SourceRange | undefined, phase: RunSpec['phase'] = 'training'): RunSpec {
  if (phase === 'training' && !r.inputs.trials) {
    // `python train.py -m` with `hydra.sweeper.params` runs the config once per combination.
    const trials = hydraSweepTrials(r.root);
    if (trials) {
      r.inputs.trials = trials;
      r.note(`${trials.note}; launched with \`-m\` (multirun), each combination is a full run.`);
    }
  }
  const { inputs, warnings } = dropImplausible(r.inputs);
  return { name, phase, format, anchor, inputs, notes: [...r.notes], warnings: [...r.warnings, ...warnings] };
}

/** True when any scalar value in the tree satisfies `test` (bounded: detection must stay cheap). */
export function anyScalar(node: TNode | undefined, test: (v: Scalar) => boolean, budget = { left: 5000 }): boolean {
  if (!node || budget.left-- <= 0) return false;
  if (node.kind === 'scalar') return test(node.value);
  if (node.kind === 'seq') return node.items.some((i) => anyScalar(i, test, budget));
  return node.entries.some((e) => anyScalar(e.value, test, budget));
}

/** Derived value placed on the entry it was computed from. */
export function inferredAt<T>(from: TEntry | Sourced<unknown> | undefined, value: T, note: string): Sourced<T> {
  if (!from) return { value, origin: 'inferred', note };
  if (isEntry(from)) return { value, origin: 'inferred', range: from.value.range, keyRange: from.keyRange, key: from.key, note };
  return { value, origin: 'inferred', range: from.range, keyRange: from.keyRange, key: from.key, note };
}

/** A tree entry's value is a node (`kind`); a Sourced value is a plain scalar. */
function isEntry(x: TEntry | Sourced<unknown>): x is TEntry {
  const v = (x as TEntry).value;
  return typeof v === 'object' && v !== null && 'kind' in v;
}

/** One value a config states, before it is placed: in its own file, or through a file that refers to it. */
export interface Fact<K extends FieldName = FieldName> {
  field: K;
  value: RunFields[K];
  entry: TEntry;
  /** Why or how, when the value is computed or reinterpreted. */
  note?: string;
  inferred?: boolean;
  /** The key's full name when the entry's own key is ambiguous (`bf16.enabled`, not `enabled`). */
  key?: string;
}

export function fact<K extends FieldName>(field: K, s: Sourced<RunFields[K]> | undefined, entry: TEntry | undefined, note?: string, inferred = false): Fact<K> | undefined {
  if (!s || !entry) return undefined;
  return { field, value: s.value, entry, note: note ?? s.note, inferred: inferred || s.origin === 'inferred' };
}

export function applyFacts(r: Reader, facts: Array<Fact | undefined>): void {
  for (const f of facts) {
    if (!f) continue;
    const s = f.inferred ? inferredAt(f.entry, f.value, f.note ?? '') : fromEntry(f.entry, f.value, 'file', f.note);
    r.set(f.field, (f.key ? { ...s, key: f.key } : s) as Sourced<never>);
  }
}

/**
 * Facts read from a referenced file, placed on the key that names the file (the editor can only point
 * into the open file) with origin `inferred` and a note naming the file.
 */
export function applyReferencedFacts(r: Reader, facts: Array<Fact | undefined>, ref: TEntry, file: string): void {
  for (const f of facts) {
    if (!f) continue;
    const raw = f.entry.value.kind === 'scalar' ? show(f.entry.value.value) : '…';
    const note = `from ${file}: \`${f.key ?? f.entry.key}: ${raw}\`${f.note ? ` (${f.note})` : ''}`;
    r.set(f.field, { value: f.value, origin: 'inferred', range: ref.value.range, keyRange: ref.keyRange, key: ref.key, note } as Sourced<never>);
  }
}
