// Writing a what-if back in a config's own keys: replace a value where the key exists, otherwise
// insert the key after the last entry of its map with the file's own indentation. Block YAML and
// JSON objects only; a flow mapping (`{a: 1}`) is left alone rather than rewritten badly.
import type { SourceRange } from '../../core/runSpec';
import type { FormatInput, TextEditSpec } from '../types';
import type { Scalar, TEntry, TMap, TNode } from '../tree';
import { findEntry, type Path } from './trainingShared';

/**
 * "This format cannot express that change" (a 4-bit torchtune run that is a full fine-tune, fp8 in a
 * file that only has bf16/fp16 switches, anything in a measured record). Distinct from `undefined`,
 * which hands the change to the generic value replacement: that replacement would write e.g.
 * `bf16: fp8` where this format's text is not the field's literal value.
 */
export const CANNOT: TextEditSpec[] = [];

const YAML_WORDS = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function yamlLiteral(value: Scalar, current: string): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (current.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (current.startsWith('"')) return JSON.stringify(value);
  const plain = /^[A-Za-z_./@+-][\w./@+-]*$/.test(value) && !YAML_WORDS.test(value) && !/^[-+]?(\d|\.\d)/.test(value);
  return plain ? value : JSON.stringify(value);
}

const keysOf = (p: Path): string[] => (typeof p === 'string' ? p.split('.') : [...p]);

interface Insertion {
  line: number;
  col: number;
  text: string;
}

/** Collects edits against one file; `edits()` returns undefined if any step could not be written. */
export class EditPlan {
  private readonly replaces: TextEditSpec[] = [];
  private readonly inserts: Insertion[] = [];
  private failed = false;
  private readonly lines: string[];
  private readonly json: boolean;
  /** New lines use the file's own line ending. */
  private readonly eol: string;

  constructor(input: FormatInput, private readonly root: TMap | undefined) {
    this.lines = input.text.split(/\r\n|\r|\n/);
    this.json = input.syntax === 'json';
    this.eol = input.text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** Replaces the value at `path`, or inserts the key (and any missing parent maps). */
  set(path: Path, value: Scalar): this {
    const keys = keysOf(path);
    const entry = findEntry(this.root, keys);
    if (entry) return this.replace(entry, value);
    // Deepest existing map along the path: the new keys go inside it.
    let parent: TNode | undefined = this.root;
    let depth = 0;
    while (depth < keys.length - 1) {
      const next = findEntry(parent, [keys[depth]]);
      if (!next || next.value.kind !== 'map') break;
      parent = next.value;
      depth++;
    }
    if (depth < keys.length - 1 && findEntry(parent, [keys[depth]])) return this.fail(); // a scalar sits where a map should be
    if (!parent || parent.kind !== 'map') return this.fail();
    this.insertInto(parent, keys.slice(depth), value);
    return this;
  }

  /** Replaces the value only where the key is already written (e.g. turn `load_in_8bit` off if present). */
  setIfPresent(path: Path, value: Scalar): this {
    const entry = findEntry(this.root, path);
    return entry ? this.replace(entry, value) : this;
  }

  edits(): TextEditSpec[] | undefined {
    if (this.failed) return undefined;
    const out = this.replaces.map((r) => ({ ...r }));
    const merged = new Map<string, Insertion>();
    for (const ins of this.inserts) {
      const k = `${ins.line}:${ins.col}`;
      const prev = merged.get(k);
      if (prev) prev.text += ins.text;
      else merged.set(k, { ...ins });
    }
    for (const ins of merged.values()) {
      // An insertion right where a replaced value ends joins that replacement: edits must not touch.
      const touching = out.find((r) => r.range.endLine === ins.line && r.range.endCol === ins.col);
      if (touching) touching.newText += ins.text;
      else out.push({ range: { startLine: ins.line, startCol: ins.col, endLine: ins.line, endCol: ins.col }, newText: ins.text });
    }
    return out.length ? out : undefined;
  }

  private fail(): this {
    this.failed = true;
    return this;
  }

  private textOf(r: SourceRange): string {
    if (r.startLine !== r.endLine) return '';
    return (this.lines[r.startLine] ?? '').slice(r.startCol, r.endCol);
  }

  private replace(entry: TEntry, value: Scalar): this {
    if (entry.value.kind !== 'scalar') return this.fail();
    const r = entry.value.range;
    const current = this.textOf(r);
    if (this.json) {
      this.replaces.push({ range: r, newText: JSON.stringify(value) });
      return this;
    }
    const empty = r.startLine === r.endLine && r.startCol === r.endCol;
    // `adapter:` with no value: the range sits right after the colon, so add the space YAML needs.
    const lit = yamlLiteral(value, current);
    const before = empty ? (this.lines[r.startLine] ?? '')[r.startCol - 1] : undefined;
    this.replaces.push({ range: r, newText: empty && before === ':' ? ` ${lit}` : lit });
    return this;
  }

  private insertInto(map: TMap, keys: string[], value: Scalar): void {
    const last = map.entries[map.entries.length - 1];
    if (!last) return void this.fail();
    const opener = (this.lines[map.range.startLine] ?? '')[map.range.startCol];
    if (!this.json && opener === '{') return void this.fail(); // flow mapping
    const indent = last.keyRange.startCol;
    const step = this.indentStep();
    if (this.json) {
      const end = last.value.range;
      let text = JSON.stringify(value);
      for (let i = keys.length - 1; i >= 1; i--) text = `{ ${JSON.stringify(keys[i])}: ${text} }`;
      this.inserts.push({ line: end.endLine, col: end.endCol, text: `,${this.eol}${' '.repeat(indent)}${JSON.stringify(keys[0])}: ${text}` });
      return;
    }
    const line = this.lastContentLine(last);
    let text = '';
    keys.forEach((k, i) => {
      const pad = ' '.repeat(indent + i * step);
      text += `${this.eol}${pad}${k}:` + (i === keys.length - 1 ? ` ${yamlLiteral(value, '')}` : '');
    });
    this.inserts.push({ line, col: (this.lines[line] ?? '').length, text });
  }

  /** The last line that belongs to `entry` and holds content (its value may end on a blank line). */
  private lastContentLine(entry: TEntry): number {
    const r = entry.value.range;
    let line = r.endCol === 0 && r.endLine > r.startLine ? r.endLine - 1 : r.endLine;
    const floor = Math.max(entry.keyRange.startLine, r.startLine);
    while (line > floor && /^\s*(#.*)?$/.test(this.lines[line] ?? '')) line--;
    return line;
  }

  /** The file's nesting step (2 or 4 spaces usually), from its first nested map. */
  private indentStep(): number {
    const root = this.root;
    if (root) {
      for (const e of root.entries) {
        if (e.value.kind === 'map' && e.value.entries[0]) {
          const d = e.value.entries[0].keyRange.startCol - e.keyRange.startCol;
          if (d > 0 && d <= 8) return d;
        }
      }
    }
    return 2;
  }
}
