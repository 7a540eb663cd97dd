// Training configs that a Kubernetes manifest carries in a ConfigMap and mounts into the training
// container (fms-hf-tuning's `kfto-kueue-sft-trainer.yaml`: `config.json` in a ConfigMap, mounted at
// /etc/config, named by an env variable). The container reads that file; so does the estimate: the
// config is analysed as a file of its own and its values join the run, at their lines in this manifest.
import type { RunInputs, RunSpec, SourceRange, Sourced } from '../../core/runSpec';
import type { TMap, TScalar } from '../tree';
import type { Change, FormatInput, TextEditSpec } from '../types';
import type { Container, K8sObject } from './k8sObjects';
import { asMap, asSeq, entryOf, nodeAt, textOf } from './treePath';

/** A config file a ConfigMap holds and a training container mounts and names. */
export interface MountedConfig {
  configMap: string;
  /** The data key, used as the file name (its extension picks the reader). */
  key: string;
  /** The path the container sees, and what names it (`env SFT_TRAINER_CONFIG_JSON_PATH`, `the command`). */
  path: string;
  namedBy: string;
  text: string;
  keyRange: SourceRange;
  /**
   * Where the text's first line sits in the manifest, when every line of a literal block (`|`) maps to
   * one manifest line at one indentation: then a value's range in the config is a range here too.
   */
  at?: { line: number; col: number };
}

/** Configs larger than this are not read from a manifest (a ConfigMap holds at most 1 MiB anyway). */
const MAX_EMBEDDED_CHARS = 200_000;
/** Keys of one ConfigMap considered, and mounts of one container. */
const MAX_KEYS = 200;
/** Files Carbon Lens could read as a config of their own. */
const CONFIG_FILE = /\.(ya?ml|json|toml)$/i;

const dataMemo = new WeakMap<FormatInput, Map<string, TMap>>();

/** The `data` maps of the file's ConfigMaps by name: read once per file, whatever the number of workloads. */
function configMapData(input: FormatInput): Map<string, TMap> {
  const memo = dataMemo.get(input);
  if (memo) return memo;
  const out = new Map<string, TMap>();
  dataMemo.set(input, out);
  if (!/\bConfigMap\b/.test(input.text)) return out;
  for (const d of input.docs()) {
    const root = asMap(d.root);
    if (textOf(nodeAt(root, 'kind')) !== 'ConfigMap') continue;
    const name = textOf(nodeAt(root, 'metadata', 'name'));
    const data = asMap(nodeAt(root, 'data'));
    if (name && data && !out.has(name)) out.set(name, data);
  }
  return out;
}

/**
 * The manifest position of a literal block's first line, checked line by line: folded (`>`) blocks,
 * explicit indentation indicators and quoted strings do not map 1:1 and get no position.
 */
function blockPosition(manifest: readonly string[], value: TScalar, text: string): MountedConfig['at'] {
  const header = (manifest[value.range.startLine] ?? '').slice(value.range.startCol).replace(/\r$/, '').trimEnd();
  if (!/^\|[-+]?\s*(#.*)?$/.test(header)) return undefined;
  const lines = text.replace(/\n$/, '').split('\n');
  const first = value.range.startLine + 1;
  const firstIndex = lines.findIndex((l) => l.length > 0);
  if (firstIndex < 0) return undefined;
  const shown = (manifest[first + firstIndex] ?? '').replace(/\r$/, '');
  const col = shown.length - lines[firstIndex].length;
  if (col <= 0) return undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = (manifest[first + i] ?? '').replace(/\r$/, '');
    const ok = lines[i].length === 0 ? m.trim().length === 0 : m.slice(col) === lines[i] && m.slice(0, col).trim().length === 0;
    if (!ok) return undefined;
  }
  return { line: first, col };
}

interface Volume {
  configMap: string;
  /** `items`: key → relative path; absent = every key under its own name. */
  items?: Map<string, string>;
}

function volumesOf(pod: TMap | undefined): Map<string, Volume> {
  const out = new Map<string, Volume>();
  for (const v of asSeq(nodeAt(pod, 'volumes'))?.items ?? []) {
    const name = textOf(nodeAt(v, 'name'));
    const cm = textOf(nodeAt(v, 'configMap', 'name'));
    if (!name || !cm) continue;
    const itemSeq = asSeq(nodeAt(v, 'configMap', 'items'));
    let items: Map<string, string> | undefined;
    if (itemSeq) {
      items = new Map();
      for (const it of itemSeq.items) {
        const key = textOf(nodeAt(it, 'key'));
        const path = textOf(nodeAt(it, 'path'));
        if (key && path) items.set(key, path);
      }
    }
    out.set(name, { configMap: cm, items });
  }
  return out;
}

/** Every path at which this container sees a ConfigMap key: mountPath/key, or mountPath itself with subPath. */
function mountedPaths(container: Container, volumes: Map<string, Volume>, data: Map<string, TMap>): { path: string; configMap: string; key: string }[] {
  const out: { path: string; configMap: string; key: string }[] = [];
  for (const m of asSeq(entryOf(container.node, 'volumeMounts')?.value)?.items ?? []) {
    const vol = volumes.get(textOf(nodeAt(m, 'name')) ?? '');
    const mountPath = textOf(nodeAt(m, 'mountPath'))?.replace(/\/+$/, '');
    const map = vol && data.get(vol.configMap);
    if (!vol || !mountPath || !map) continue;
    const subPath = textOf(nodeAt(m, 'subPath'));
    // A ConfigMap holds a handful of files; a hostile one with thousands of keys is read in part.
    for (const e of map.entries.slice(0, MAX_KEYS)) {
      const rel = vol.items ? vol.items.get(e.key) : e.key;
      if (rel === undefined) continue;
      if (subPath !== undefined) {
        if (subPath === rel) out.push({ path: mountPath, configMap: vol.configMap, key: e.key });
      } else out.push({ path: `${mountPath}/${rel}`, configMap: vol.configMap, key: e.key });
    }
  }
  return out;
}

/** The paths a container names: whole words of its command and args (also after `=`), and env values. */
function namedPaths(container: Container): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of [...container.command, ...container.args]) {
    for (const w of String(s.value).split(/\s+/)) {
      const bare = w.replace(/^["']|["']$/g, '');
      out.set(bare.slice(bare.indexOf('=') + 1), 'the container command');
    }
  }
  for (const e of container.env) if (!out.has(e.raw.trim())) out.set(e.raw.trim(), `env ${e.key}`);
  return out;
}

/** The configs from ConfigMaps of this file that the object's containers mount and name. */
export function mountedConfigs(input: FormatInput, obj: K8sObject): MountedConfig[] {
  if (!input.nested || input.syntax !== 'yaml') return [];
  const data = configMapData(input);
  if (!data.size) return [];
  const out: MountedConfig[] = [];
  let manifest: string[] | undefined;
  for (const g of obj.groups) {
    const volumes = volumesOf(g.pod);
    if (!volumes.size) continue;
    for (const c of g.containers) {
      const named = namedPaths(c);
      for (const m of mountedPaths(c, volumes, data)) {
        if (!CONFIG_FILE.test(m.key) || out.some((o) => o.configMap === m.configMap && o.key === m.key)) continue;
        const by = named.get(m.path);
        const e = entryOf(data.get(m.configMap), m.key);
        const value = e?.value.kind === 'scalar' && typeof e.value.value === 'string' ? e.value : undefined;
        if (!by || !e || !value || value.value === null || String(value.value).length > MAX_EMBEDDED_CHARS) continue;
        const text = String(value.value);
        out.push({ configMap: m.configMap, key: m.key, path: m.path, namedBy: by, text, keyRange: e.keyRange, at: blockPosition((manifest ??= input.text.split('\n')), value, text) });
      }
    }
  }
  return out.slice(0, 4);
}

function shift(r: SourceRange, at: NonNullable<MountedConfig['at']>): SourceRange {
  return { startLine: r.startLine + at.line, startCol: r.startCol + at.col, endLine: r.endLine + at.line, endCol: r.endCol + at.col };
}

/** The training run the mounted config describes, read as a file of its own. */
function embeddedRun(input: FormatInput, m: MountedConfig): { run?: RunSpec; format: string; broken?: string } {
  const a = input.nested!.analyze(m.text, m.key);
  if (a.syntaxError) return { format: a.format, broken: a.syntaxError };
  return { run: a.runs.find((r) => r.phase === 'training'), format: a.format };
}

/**
 * Adds what the mounted configs state to `inputs`, below what the container's command line says
 * (flags win, as they would over the file). Values keep their lines in the manifest when the block maps.
 */
export function applyMountedConfigs(input: FormatInput, obj: K8sObject, inputs: RunInputs, notes: string[], warnings: string[]): void {
  for (const m of mountedConfigs(input, obj)) {
    const where = `${m.key} in ConfigMap ${m.configMap} (mounted at ${m.path}, named by ${m.namedBy})`;
    const { run, format, broken } = embeddedRun(input, m);
    if (broken) {
      warnings.push(`${where} does not parse as ${broken}: the container would fail to read it, and its values are not used.`);
      continue;
    }
    if (!run) {
      notes.push(`${where} is not a training config Carbon Lens reads (${format}).`);
      continue;
    }
    const taken: string[] = [];
    for (const [field, v] of Object.entries(run.inputs) as [keyof RunInputs, Sourced<unknown>][]) {
      if (inputs[field] !== undefined) continue;
      const line = v.range ? v.range.startLine + (m.at?.line ?? 0) + 1 : undefined;
      const value: Sourced<unknown> = m.at && v.range
        ? { ...v, range: shift(v.range, m.at), keyRange: v.keyRange && shift(v.keyRange, m.at) }
        // Not mappable to a line here: shown at the data key, and not written by a what-if.
        : { value: v.value, origin: v.origin === 'file' ? 'inferred' : v.origin, range: m.keyRange, note: `from ${m.key}${v.note ? ` (${v.note})` : ''}` };
      (inputs as Record<string, Sourced<unknown>>)[field] = value;
      taken.push(line ? `${field} (line ${line})` : field);
    }
    notes.push(`Read ${where} as ${format}${taken.length ? `: ${taken.join(', ')}` : ''}; the container's command line wins where both say.`);
    notes.push(...run.notes.map((n) => `${m.key}: ${n}`));
    warnings.push(...run.warnings.map((w) => `${m.key}: ${w}`));
  }
}

function inside(r: SourceRange, m: MountedConfig): boolean {
  if (!m.at) return false;
  const lines = m.text.replace(/\n$/, '').split('\n').length;
  return r.startLine >= m.at.line && r.endLine < m.at.line + lines;
}

/**
 * A what-if on a value read from a mounted config is planned by that config's own format (an Axolotl
 * QLoRA switch also sets `load_in_4bit`). Its one-line replacements map back into the block; anything
 * else (an inserted line would need the block's indentation) is refused. Undefined: not such a value.
 */
export function planMountedEdit(input: FormatInput, obj: K8sObject, run: RunSpec, change: Change): TextEditSpec[] | undefined {
  const field = run.inputs[change.field];
  const m = field?.range && mountedConfigs(input, obj).find((c) => inside(field.range!, c));
  if (!m || !m.at) return undefined;
  const inner = embeddedRun(input, m).run;
  if (!inner) return [];
  const planned = input.nested!.planEdit(m.text, m.key, inner, change);
  // The embedded format replaces the value itself: the generic editor does the same at the mapped range.
  if (planned === undefined) return undefined;
  if (planned.some((e) => e.range.startLine !== e.range.endLine || e.newText.includes('\n'))) return [];
  return planned.map((e) => ({ range: shift(e.range, m.at!), newText: e.newText }));
}
