// One tree shape for YAML and JSON documents, with the source range of every key and value, so
// extractors can read values without caring which syntax they came from and the editor can point
// lenses, hovers and edits at the exact text.
import { parseAllDocuments, isMap, isSeq, isScalar, isAlias, isPair, type Node as YamlNode } from 'yaml';
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { SourceRange } from '../core/runSpec';
import { LineIndex } from './lineIndex';

export type Scalar = string | number | boolean | null;

export interface TMap {
  kind: 'map';
  entries: TEntry[];
  range: SourceRange;
}
export interface TSeq {
  kind: 'seq';
  items: TNode[];
  range: SourceRange;
}
export interface TScalar {
  kind: 'scalar';
  value: Scalar;
  range: SourceRange;
}
export type TNode = TMap | TSeq | TScalar;

export interface TEntry {
  key: string;
  keyRange: SourceRange;
  value: TNode;
}

export interface ParseProblem {
  message: string;
  range: SourceRange;
}

export interface TDoc {
  root: TNode | undefined;
  /** Range of the whole document (a multi-document YAML file has several). */
  range: SourceRange;
  errors: ParseProblem[];
  /**
   * YAML anchors (`&svc`) that an alias (`*svc`, `<<: *svc`) in the document uses: values inside
   * them are read by more than one entry, so editing one for a single run would change the others.
   */
  shared?: SharedAnchor[];
}

export interface SharedAnchor {
  /** The anchor's name, without `&`. */
  name: string;
  /** The anchored node: every value an alias reaches lies inside it. */
  range: SourceRange;
  /** Line (0-based) of the `&name` itself, which may sit on the line before the node. */
  line: number;
}

/** Bounds that keep hostile files (alias bombs, absurd nesting) from costing more than a moment. */
const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 200;
/** Tree nodes one document may expand to; alias bombs hit this long before memory does. */
const MAX_NODES = 500_000;
/**
 * The same bound for the whole file: a budget per document alone let a file of many documents each
 * expand to the limit (audit 2026-12, L7: ten documents, 637 KB, 7 s and 575 MB). A file now costs
 * at most what one document could.
 */
export const MAX_FILE_NODES = MAX_NODES;
const MAX_FILE_ALIASES = 1000;
/** Longest source text kept as the key of a map or sequence used as a key (`? [a, b]: x`). */
const MAX_COMPLEX_KEY = 200;

interface Budget {
  aliases: number;
  nodes: number;
  /** Shared by every document of the file. */
  file: { aliases: number; nodes: number };
}

interface YamlContext {
  index: LineIndex;
  text: string;
  doc: unknown;
  budget: Budget;
  /** Anchored nodes reached through an alias, by their start offset. */
  shared: Map<number, SharedAnchor>;
}

function spend(budget: Budget, what: 'nodes' | 'aliases'): void {
  const [docMax, fileMax, noun] = what === 'nodes' ? [MAX_NODES, MAX_FILE_NODES, 'values (YAML aliases?)'] : [MAX_ALIAS_COUNT, MAX_FILE_ALIASES, 'YAML aliases'];
  if (++budget[what] > docMax) throw new Error(`the document expands to more than ${docMax} ${noun}`);
  if (++budget.file[what] > fileMax) throw new Error(`the file expands to more than ${fileMax} ${noun}`);
}

/**
 * Offset where flow collections (`[`/`{`) nest deeper than MAX_DEPTH, if they do. The YAML parser's
 * cost grows steeply with such nesting, and no real config nests that deep, so we refuse before parsing.
 */
function tooDeepFlow(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === 93 /* ] */ || c === 125 /* } */) && depth > 0) depth--;
  }
  return undefined;
}

export function parseYamlDocs(text: string, index = new LineIndex(text)): TDoc[] {
  const deep = tooDeepFlow(text);
  if (deep !== undefined) {
    return [{ root: undefined, range: index.range(0, text.length), errors: [{ message: `Not read: brackets nest deeper than ${MAX_DEPTH} levels.`, range: index.range(deep, deep + 1) }] }];
  }
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const file = { aliases: 0, nodes: 0 };
  return list.map((doc) => {
    const errors: ParseProblem[] = doc.errors.map((e) => ({
      message: e.message.split('\n')[0],
      range: index.range(e.pos[0], e.pos[1]),
    }));
    let root: TNode | undefined;
    const shared = new Map<number, SharedAnchor>();
    try {
      root = doc.contents ? fromYaml(doc.contents as YamlNode, { index, text, doc, budget: { aliases: 0, nodes: 0, file }, shared }, 0) : undefined;
    } catch (e) {
      errors.push({ message: `Could not read this document: ${(e as Error).message}`, range: index.range(0, 0) });
    }
    const r = (doc as unknown as { range: [number, number, number] }).range;
    const out: TDoc = { root, range: index.range(r[0], r[2] ?? r[1]), errors };
    if (shared.size) out.shared = [...shared.values()];
    return out;
  });
}

function rangeOf(node: { range?: [number, number, number] | null }, index: LineIndex): SourceRange {
  const r = node.range;
  return r ? index.range(r[0], r[1]) : index.range(0, 0);
}

function fromYaml(node: unknown, ctx: YamlContext, depth: number): TNode {
  const { index, doc, budget } = ctx;
  if (depth > MAX_DEPTH) throw new Error('nesting is deeper than ' + MAX_DEPTH + ' levels');
  spend(budget, 'nodes');
  if (isAlias(node)) {
    spend(budget, 'aliases');
    // Aliases are resolved one level, bounded by maxAliasCount in the parser; the range stays the alias's.
    const target = node.resolve(doc as never);
    const at = (target as { range?: [number, number, number] | null } | undefined)?.range;
    if (at && !ctx.shared.has(at[0])) {
      const amp = ctx.text.lastIndexOf(`&${node.source}`, at[0]);
      const range = index.range(at[0], at[1]);
      ctx.shared.set(at[0], { name: node.source, range, line: amp >= 0 ? index.range(amp, amp).startLine : range.startLine });
    }
    const t = target ? fromYaml(target, ctx, depth + 1) : undefined;
    const range = rangeOf(node as never, index);
    return t ? { ...t, range } : { kind: 'scalar', value: null, range };
  }
  if (isMap(node)) {
    const entries: TEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as unknown;
      const keyText = keyTextOf(k, ctx);
      const keyRange = k && typeof k === 'object' ? rangeOf(k as never, index) : rangeOf(node as never, index);
      const value: TNode = pair.value == null
        ? { kind: 'scalar', value: null, range: { startLine: keyRange.endLine, startCol: keyRange.endCol, endLine: keyRange.endLine, endCol: keyRange.endCol } }
        : fromYaml(pair.value, ctx, depth + 1);
      if (keyText === '<<' && value.kind === 'map') {
        entries.push(...value.entries); // YAML merge key: the merged keys behave as if written here.
        continue;
      }
      entries.push({ key: keyText, keyRange, value });
    }
    return { kind: 'map', entries, range: rangeOf(node as never, index) };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((i) => fromYaml(i, ctx, depth + 1)), range: rangeOf(node as never, index) };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value: Scalar = v === null || v === undefined ? null
      : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v
      : typeof v === 'bigint' ? Number(v) : String(v);
    return { kind: 'scalar', value, range: rangeOf(node as never, index) };
  }
  return { kind: 'scalar', value: null, range: index.range(0, 0) };
}

/**
 * The text of a key. A map, sequence or alias used as a key (`? [a, b]: x`, `*k: x`) is never
 * stringified: `String(YAMLMap)` renders the whole subtree, which doubles with each nested `?`, so a
 * 216-byte file made a key of gigabytes (audit 2026-12, H2). Such keys name nothing a config reader
 * looks for; their source text, clipped, is enough to show. Each key counts against the node budget.
 */
function keyTextOf(k: unknown, ctx: YamlContext): string {
  if (k == null) return '';
  spend(ctx.budget, 'nodes');
  if (isScalar(k)) return String(k.value);
  const r = (k as { range?: [number, number, number] | null }).range;
  if (!r) return '';
  return ctx.text.slice(r[0], Math.min(r[1], r[0] + MAX_COMPLEX_KEY)).trim();
}

export function parseJsonDoc(text: string, index = new LineIndex(text)): TDoc {
  const deep = tooDeepFlow(text);
  if (deep !== undefined) {
    return { root: undefined, range: index.range(0, text.length), errors: [{ message: `Not read: brackets nest deeper than ${MAX_DEPTH} levels.`, range: index.range(deep, deep + 1) }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((e) => ({ message: `JSON: ${printParseErrorCode(e.error)}`, range: index.range(e.offset, e.offset + e.length) }));
  let root: TNode | undefined;
  try {
    root = tree ? fromJson(tree, index, 0) : undefined;
  } catch (e) {
    problems.push({ message: `Could not read this document: ${(e as Error).message}`, range: index.range(0, 0) });
  }
  return { root, range: index.range(0, text.length), errors: problems };
}

function fromJson(node: JsonNode, index: LineIndex, depth: number): TNode {
  if (depth > MAX_DEPTH) throw new Error('nesting is deeper than ' + MAX_DEPTH + ' levels');
  const range = index.range(node.offset, node.offset + node.length);
  if (node.type === 'object') {
    const entries: TEntry[] = [];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k) continue;
      entries.push({
        key: String(k.value),
        keyRange: index.range(k.offset, k.offset + k.length),
        value: v ? fromJson(v, index, depth + 1) : { kind: 'scalar', value: null, range: index.range(k.offset + k.length, k.offset + k.length) },
      });
    }
    return { kind: 'map', entries, range };
  }
  if (node.type === 'array') return { kind: 'seq', items: (node.children ?? []).map((c) => fromJson(c, index, depth + 1)), range };
  const v = node.value;
  return { kind: 'scalar', value: v === undefined ? null : (v as Scalar), range };
}

// ──── Reading helpers ────

/** The entry for `path` (dot-separated keys) under `node`, if every step is a map. */
export function getEntry(node: TNode | undefined, path: string): TEntry | undefined {
  let cur: TNode | undefined = node;
  let found: TEntry | undefined;
  for (const key of path.split('.')) {
    if (!cur || cur.kind !== 'map') return undefined;
    found = cur.entries.find((e) => e.key === key);
    if (!found) return undefined;
    cur = found.value;
  }
  return found;
}

export function getNode(node: TNode | undefined, path: string): TNode | undefined {
  return getEntry(node, path)?.value;
}

export function scalarOf(node: TNode | undefined): Scalar | undefined {
  return node && node.kind === 'scalar' ? node.value : undefined;
}

/** Every entry in the tree, depth first, with its dotted path (sequence items as `[i]`). */
export function* walkEntries(node: TNode | undefined, prefix = ''): Generator<{ path: string; entry: TEntry }> {
  if (!node) return;
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      const path = prefix ? `${prefix}.${entry.key}` : entry.key;
      yield { path, entry };
      yield* walkEntries(entry.value, path);
    }
  } else if (node.kind === 'seq') {
    for (let i = 0; i < node.items.length; i++) yield* walkEntries(node.items[i], `${prefix}[${i}]`);
  }
}

/** All keys at the top level of a map (for detection). */
export function topKeys(node: TNode | undefined): string[] {
  return node && node.kind === 'map' ? node.entries.map((e) => e.key) : [];
}

/** A plain JS value of the subtree (for hashing, nested YAML strings, or simple checks). */
export function toPlain(node: TNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = toPlain(e.value);
  return out;
}
