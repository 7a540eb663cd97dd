// TOML files in the tree shape the other readers use (tree.ts), so a TOML config is read with the same
// Reader as YAML and JSON. smol-toml (BSD-3-Clause, 2024) parses; it gives values, not positions, so
// each key's line is found by scanning the text once: `[section]` headers and `key = value` lines, in
// order. A key that the scan does not find (a dotted or quoted key, an inline table) still gets its
// value, with the range of its section's header.
import { parse, TomlError } from 'smol-toml';
import type { SourceRange } from '../core/runSpec';
import type { LineIndex } from './lineIndex';
import type { Scalar, TDoc, TEntry, TMap, TNode } from './tree';

/** A kohya or pyproject TOML is a few kilobytes; a larger file is not parsed. */
const MAX_TOML_CHARS = 512 * 1024;
/** Keys kept per table (a real config has a few hundred at most). */
const MAX_KEYS = 2000;

interface Spot {
  keyRange: SourceRange;
  valueRange: SourceRange;
}

const HEADER = /^[ \t]*\[\[?[ \t]*([A-Za-z0-9_.-]{1,200})[ \t]*\]\]?/;
const KEY_LINE = /^[ \t]*([A-Za-z0-9_-]{1,200})[ \t]*=[ \t]*/;

/** Where each `section.key` (top-level keys: `key`) is written, and where each section starts. */
function spots(text: string, index: LineIndex): { keys: Map<string, Spot>; sections: Map<string, SourceRange> } {
  const keys = new Map<string, Spot>();
  const sections = new Map<string, SourceRange>();
  let section = '';
  let at = 0;
  while (at <= text.length && keys.size < MAX_KEYS * 4) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    // Lines longer than this hold no key worth placing (a long string value); they are skipped.
    const line = end - at > 4096 ? '' : text.slice(at, end);
    const h = HEADER.exec(line);
    if (h) {
      section = h[1];
      if (!sections.has(section)) sections.set(section, index.range(at, end));
    } else {
      const k = KEY_LINE.exec(line);
      if (k) {
        const keyStart = at + line.indexOf(k[1]);
        const valueStart = at + k[0].length;
        // The value runs to a `#` comment or the line's end (a `#` inside a string ends it early:
        // the range is for pointing, the value itself comes from the parser).
        const hash = line.indexOf('#', k[0].length);
        let valueEnd = hash >= 0 ? at + hash : end;
        while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
        const name = section ? `${section}.${k[1]}` : k[1];
        if (!keys.has(name)) keys.set(name, { keyRange: index.range(keyStart, keyStart + k[1].length), valueRange: index.range(valueStart, Math.max(valueStart, valueEnd)) });
      }
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return { keys, sections };
}

function scalarOf(v: unknown): Scalar | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v as Scalar;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return undefined;
}

function nodeOf(v: unknown, path: string, place: ReturnType<typeof spots>, fallback: SourceRange, depth: number): TNode | undefined {
  const here = place.keys.get(path)?.valueRange ?? place.sections.get(path) ?? fallback;
  const s = scalarOf(v);
  if (s !== undefined) return { kind: 'scalar', value: s, range: here };
  if (depth > 32) return undefined;
  if (Array.isArray(v)) {
    const items = v.slice(0, MAX_KEYS).map((x) => nodeOf(x, `${path}[]`, place, here, depth + 1)).filter((x): x is TNode => x !== undefined);
    return { kind: 'seq', items, range: here };
  }
  if (v && typeof v === 'object') {
    const entries: TEntry[] = [];
    for (const [k, x] of Object.entries(v as Record<string, unknown>).slice(0, MAX_KEYS)) {
      const p = path ? `${path}.${k}` : k;
      const spot = place.keys.get(p);
      const section = place.sections.get(p);
      const node = nodeOf(x, p, place, section ?? here, depth + 1);
      if (node) entries.push({ key: k, keyRange: spot?.keyRange ?? section ?? here, value: node });
    }
    return { kind: 'map', entries, range: here };
  }
  return undefined;
}

/** One document: the TOML's tables as maps, every key with the line it is written on. */
export function parseTomlDoc(text: string, index: LineIndex): TDoc {
  const whole = index.range(0, text.length);
  if (text.length > MAX_TOML_CHARS) return { root: undefined, range: whole, errors: [{ message: `Not read: larger than ${MAX_TOML_CHARS / 1024} KB.`, range: index.range(0, 0) }] };
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    const line = e instanceof TomlError ? Math.max(0, e.line - 1) : 0;
    const first = (e as Error).message.split('\n')[0];
    return { root: undefined, range: whole, errors: [{ message: first, range: { startLine: line, startCol: 0, endLine: line, endCol: 0 } }] };
  }
  const root = nodeOf(value, '', spots(text, index), whole, 0);
  return { root: root?.kind === 'map' ? root : undefined, range: whole, errors: [] };
}

/**
 * The entries of the top-level map and of each table one level down, as one map: kohya sd-scripts
 * read a `--config_file` TOML this way (train_util.read_config_from_file flattens its sections, 2024),
 * so `[Optimizer] train_batch_size = 8` is the script's `--train_batch_size 8`.
 */
export function flattenSections(root: TMap): TMap {
  const entries: TEntry[] = [];
  for (const e of root.entries) {
    if (e.value.kind === 'map') entries.push(...e.value.entries);
    else entries.push(e);
  }
  return { kind: 'map', entries, range: root.range };
}
