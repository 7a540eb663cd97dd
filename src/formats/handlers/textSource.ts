// Values worth reading often sit inside a string: a shell script in a YAML block scalar, a YAML
// document inside a KubeRay string, Python inside a notebook's JSON strings. A TextSource is such a
// string together with the way back from an offset in it to the file, so that what is found inside
// can still be pointed at exactly.
import type { SourceRange } from '../../core/runSpec';
import { LineIndex } from '../lineIndex';
import { parseYamlDocs, type TDoc, type TNode, type TScalar } from '../tree';

export interface TextSource {
  text: string;
  /** File offset of `text[offset]` (offset = text.length gives the end of the value). */
  fileOffset(offset: number): number;
  /** File offset just after `text[offset - 1]`, escapes included: where a range ending at `offset` ends. */
  fileEnd(offset: number): number;
  range(start: number, end: number): SourceRange;
}

/** Offsets of a node's range in the file text. */
export function nodeOffsets(index: LineIndex, r: SourceRange): [number, number] {
  return [index.offsetOf(r.startLine, r.startCol), index.offsetOf(r.endLine, r.endCol)];
}

function decodeEscape(raw: string, i: number, json: boolean): { ch: string; len: number } {
  const d = raw[i + 1];
  if (d === 'n') return { ch: '\n', len: 2 };
  if (d === 't') return { ch: '\t', len: 2 };
  if (d === 'r') return { ch: '\r', len: 2 };
  if (d === 'b') return { ch: '\b', len: 2 };
  if (d === 'f') return { ch: '\f', len: 2 };
  if (d === 'u') return { ch: String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16) || 0), len: 6 };
  if (!json && d === 'x') return { ch: String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16) || 0), len: 4 };
  if (!json && d === '0') return { ch: '\0', len: 2 };
  return { ch: d ?? '', len: 2 };
}

/**
 * Aligns the characters of a decoded value with the raw text it came from. Each value character is
 * found at or after the previous match; raw characters that have no counterpart (quotes,
 * indentation, escape backslashes, folded line breaks) are skipped. Exact for literal blocks, quoted
 * and plain scalars; for folded blocks line breaks map to the spaces they became.
 */
function alignOffsets(value: string, raw: string, rawBase: number, escapes: 'json' | 'yaml-double' | 'none'): { starts: Int32Array; ends: Int32Array } {
  const map = new Int32Array(value.length + 1);
  const ends = new Int32Array(value.length);
  let r = 0;
  for (let v = 0; v < value.length; v++) {
    const want = value[v];
    let found = -1;
    while (r < raw.length) {
      const c = raw[r];
      if (c === '\\' && escapes !== 'none') {
        const e = decodeEscape(raw, r, escapes === 'json');
        if (e.ch === want) { found = r; r += e.len; break; }
        r += e.len;
        continue;
      }
      if (c === want || (want === ' ' && c === '\n') || (want === '\n' && c === '\n')) { found = r; r++; break; }
      r++;
    }
    map[v] = rawBase + (found >= 0 ? found : raw.length);
    ends[v] = rawBase + (found >= 0 ? r : raw.length);
    if (found < 0) {
      for (let w = v + 1; w < value.length; w++) map[w] = ends[w] = rawBase + raw.length;
      break;
    }
  }
  map[value.length] = value.length ? ends[value.length - 1] : rawBase;
  return { starts: map, ends };
}

function makeSource(text: string, fileOffsetOf: (o: number) => number, fileEndOf: (o: number) => number, index: LineIndex): TextSource {
  const clamp = (o: number) => Math.max(0, Math.min(o, text.length));
  return {
    text,
    fileOffset: (o) => fileOffsetOf(clamp(o)),
    fileEnd: (o) => fileEndOf(clamp(o)),
    range(start, end) {
      const a = fileOffsetOf(clamp(start));
      const b = end > start ? fileEndOf(clamp(end)) : a;
      return index.range(a, Math.max(a, b));
    },
  };
}

/** A YAML/JSON string scalar as a TextSource. The alignment is built on first use. */
export function scalarSource(fileText: string, index: LineIndex, node: TScalar, syntax: 'yaml' | 'json' = 'yaml'): TextSource {
  const text = typeof node.value === 'string' ? node.value : node.value === null ? '' : String(node.value);
  const [a, b] = nodeOffsets(index, node.range);
  const raw = fileText.slice(a, b);
  let map: { starts: Int32Array; ends: Int32Array } | undefined;
  const direct = raw === text;
  const escapes = syntax === 'json' ? 'json' : raw.startsWith('"') ? 'yaml-double' : 'none';
  const aligned = () => (map ??= alignOffsets(text, raw, a, escapes));
  return makeSource(
    text,
    (o) => (direct ? a + o : aligned().starts[o]),
    (o) => (direct ? a + o : o === 0 ? aligned().starts[0] : aligned().ends[o - 1]),
    index,
  );
}

/** Several strings of one file read as one (a notebook cell's source lines); offsets run across the joined text. */
export function joinedSource(index: LineIndex, parts: TextSource[], separator = ''): TextSource {
  const starts: number[] = [];
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    if (i) text += separator;
    starts.push(text.length);
    text += parts[i].text;
  }
  const partOf = (o: number): number => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const local = (i: number, o: number) => Math.max(0, Math.min(o - starts[i], parts[i].text.length));
  const fileOffsetOf = (o: number): number => {
    if (!parts.length) return 0;
    const i = partOf(o);
    return parts[i].fileOffset(local(i, o));
  };
  // The end is found from the last character, so a range never spills into the next part.
  const fileEndOf = (o: number): number => {
    if (!parts.length) return 0;
    if (o <= 0) return fileOffsetOf(0);
    const i = partOf(o - 1);
    return parts[i].fileEnd(local(i, o));
  };
  return makeSource(text, fileOffsetOf, fileEndOf, index);
}

// ──── Nested YAML ────

function mapRange(r: SourceRange, inner: LineIndex, src: TextSource): SourceRange {
  const a = inner.offsetOf(r.startLine, r.startCol);
  const b = inner.offsetOf(r.endLine, r.endCol);
  return src.range(a, b);
}

function remap(node: TNode | undefined, inner: LineIndex, src: TextSource): TNode | undefined {
  if (!node) return node;
  const range = mapRange(node.range, inner, src);
  if (node.kind === 'scalar') return { ...node, range };
  if (node.kind === 'seq') return { kind: 'seq', range, items: node.items.map((i) => remap(i, inner, src)!) };
  return { kind: 'map', range, entries: node.entries.map((e) => ({ key: e.key, keyRange: mapRange(e.keyRange, inner, src), value: remap(e.value, inner, src)! })) };
}

/** A YAML document held in a string (KubeRay `serveConfigV2`), with ranges pointing into the file. */
export function nestedYaml(src: TextSource): TDoc[] {
  const inner = new LineIndex(src.text);
  return parseYamlDocs(src.text, inner).map((d) => ({
    root: remap(d.root, inner, src),
    range: mapRange(d.range, inner, src),
    errors: d.errors.map((e) => ({ message: e.message, range: mapRange(e.range, inner, src) })),
  }));
}
