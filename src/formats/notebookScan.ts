// A single pass over .ipynb text that builds only the parts of the JSON tree the notebook handler
// reads (cells[i].cell_type, cells[i].source, nbformat, the Colab/Kaggle accelerator keys) and
// skips everything else — outputs above all, which are most of a notebook's bytes (base64 images,
// logs). Skipped values are still checked character by character class, never turned into objects:
// strings are crossed with one sticky regular expression, so a 200 KB image costs one native scan.
//
// The scan only answers when the text is strict JSON that the full parser (tree.ts: tooDeepFlow +
// jsonc-parser) would read without a single problem; the nodes it builds are then exactly the ones
// that parser would build (same values, same ranges). Anything else — a truncated file, a trailing
// comma, a comment, a raw tab in a string, brackets nesting past MAX_DEPTH — makes it decline
// (undefined), and the caller falls back to the full parse, so problems are reported as before.
import type { LineIndex } from './lineIndex';
import { MAX_DEPTH, type Scalar, type TEntry, type TNode } from './tree';

/**
 * What to build of a value: `full` = all of it, `skip` = nothing (but check it), `keys` = only these
 * entries of an object, `items` = every item of an array, each read with the given spec. A value of
 * another shape than its spec expects becomes a placeholder (a null scalar with the value's range):
 * a look-up into it finds nothing, exactly as one into the real value would.
 */
export type ScanSpec = 'full' | 'skip' | { keys: ReadonlyMap<string, ScanSpec> } | { items: ScanSpec };

export function keysSpec(keys: Record<string, ScanSpec>): ScanSpec {
  return { keys: new Map(Object.entries(keys)) };
}

/** What the notebook handler reads (src/formats/handlers/notebook.ts). */
export const NOTEBOOK_SPEC: ScanSpec = keysSpec({
  cells: { items: keysSpec({ cell_type: 'full', source: 'full' }) },
  nbformat: 'full',
  metadata: keysSpec({ colab: keysSpec({ gpuType: 'full' }), kaggle: keysSpec({ accelerator: 'full' }) }),
});

/** Thrown inside the scan to give up; never escapes scanJson. */
const DECLINE = new Error('not strict JSON');

/**
 * A run of string characters that need no attention: not a quote, backslash or control character,
 * and not a bracket (tree.ts counts brackets inside strings too when it refuses deep nesting, so
 * they are counted here the same way).
 */
const STRING_RUN = /[^"\\\x00-\x1f[\]{}]*/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Scan {
  pos = 0;
  /** tree.ts's `tooDeepFlow` count: every `[`/`{` in the text, strings included, less the closers. */
  private depth = 0;

  constructor(private readonly text: string, private readonly index: LineIndex) {}

  ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private open(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  private close(): void {
    if (this.depth > 0) this.depth--;
  }

  /** Crosses the string whose opening quote is at `pos`; returns whether it holds escapes. */
  private string(): boolean {
    const t = this.text;
    let p = this.pos + 1;
    let escaped = false;
    for (;;) {
      STRING_RUN.lastIndex = p;
      STRING_RUN.test(t); // always matches (possibly nothing): lastIndex is where the run stops
      p = STRING_RUN.lastIndex;
      const c = t.charCodeAt(p);
      if (c === 34 /* " */) {
        this.pos = p + 1;
        return escaped;
      }
      if (c === 92 /* \ */) {
        escaped = true;
        const e = t.charCodeAt(p + 1);
        if (e === 117 /* u */) {
          HEX4.lastIndex = p + 2;
          if (!HEX4.test(t)) throw DECLINE;
          p += 6;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) p += 2;
        else throw DECLINE;
      } else if (c === 91 || c === 123) {
        this.open();
        p++;
      } else if (c === 93 || c === 125) {
        this.close();
        p++;
      } else throw DECLINE; // a control character, or the text ends inside the string
    }
  }

  /** The value of the string token text[start, end) (quotes included). */
  private stringValue(start: number, end: number, escaped: boolean): string {
    return escaped ? (JSON.parse(this.text.slice(start, end)) as string) : this.text.slice(start + 1, end - 1);
  }

  private placeholder(start: number): TNode {
    return { kind: 'scalar', value: null, range: this.index.range(start, this.pos) };
  }

  /** Reads the value at `pos` (no whitespace before it); returns its node unless the spec skips it. */
  value(spec: ScanSpec): TNode | undefined {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 123 /* { */) return this.object(spec);
    if (c === 91 /* [ */) return this.array(spec);
    let value: Scalar;
    if (c === 34) {
      const escaped = this.string();
      if (spec !== 'full') return spec === 'skip' ? undefined : this.placeholder(start);
      value = this.stringValue(start, this.pos, escaped);
    } else if (c === 116 /* t */ && t.startsWith('true', start)) {
      this.pos += 4;
      value = true;
    } else if (c === 102 /* f */ && t.startsWith('false', start)) {
      this.pos += 5;
      value = false;
    } else if (c === 110 /* n */ && t.startsWith('null', start)) {
      this.pos += 4;
      value = null;
    } else {
      NUMBER.lastIndex = start;
      if (!NUMBER.test(t)) throw DECLINE;
      this.pos = NUMBER.lastIndex;
      if (spec !== 'full') return spec === 'skip' ? undefined : this.placeholder(start);
      value = Number(t.slice(start, this.pos));
    }
    if (spec === 'skip') return undefined;
    return spec === 'full' ? { kind: 'scalar', value, range: this.index.range(start, this.pos) } : this.placeholder(start);
  }

  private object(spec: ScanSpec): TNode | undefined {
    const t = this.text;
    const start = this.pos;
    this.open();
    this.pos++;
    const keys = typeof spec === 'object' && 'keys' in spec ? spec.keys : undefined;
    const full = spec === 'full';
    const entries: TEntry[] | undefined = full || keys ? [] : undefined;
    this.ws();
    if (t.charCodeAt(this.pos) === 125 /* } */) this.pos++;
    else {
      for (;;) {
        if (t.charCodeAt(this.pos) !== 34) throw DECLINE;
        const ks = this.pos;
        const escaped = this.string();
        const ke = this.pos;
        this.ws();
        if (t.charCodeAt(this.pos) !== 58 /* : */) throw DECLINE;
        this.pos++;
        this.ws();
        let child: ScanSpec = 'skip';
        let key: string | undefined;
        if (entries) {
          key = this.stringValue(ks, ke, escaped);
          child = full ? 'full' : keys!.get(key) ?? 'skip';
        }
        const value = this.value(child);
        if (entries && value) entries.push({ key: key!, keyRange: this.index.range(ks, ke), value });
        this.ws();
        const c = t.charCodeAt(this.pos);
        this.pos++;
        if (c === 44 /* , */) {
          this.ws();
          continue;
        }
        if (c === 125) break;
        throw DECLINE;
      }
    }
    this.close();
    if (entries) return { kind: 'map', entries, range: this.index.range(start, this.pos) };
    return spec === 'skip' ? undefined : this.placeholder(start);
  }

  private array(spec: ScanSpec): TNode | undefined {
    const t = this.text;
    const start = this.pos;
    this.open();
    this.pos++;
    const child: ScanSpec = spec === 'full' ? 'full' : typeof spec === 'object' && 'items' in spec ? spec.items : 'skip';
    const items: TNode[] | undefined = child !== 'skip' ? [] : undefined;
    this.ws();
    if (t.charCodeAt(this.pos) === 93 /* ] */) this.pos++;
    else {
      for (;;) {
        const value = this.value(child);
        if (items) items.push(value!);
        this.ws();
        const c = t.charCodeAt(this.pos);
        this.pos++;
        if (c === 44) {
          this.ws();
          continue;
        }
        if (c === 93) break;
        throw DECLINE;
      }
    }
    this.close();
    if (items) return { kind: 'seq', items, range: this.index.range(start, this.pos) };
    return spec === 'skip' ? undefined : this.placeholder(start);
  }
}

/**
 * The tree of `text` pruned to `spec`, or undefined when the text is not strict JSON that the full
 * parser would read without problems (the caller then parses it fully). `index` must be the line
 * index of `text`. Never throws.
 */
export function scanJson(text: string, index: LineIndex, spec: ScanSpec): { root: TNode | undefined } | undefined {
  try {
    const s = new Scan(text, index);
    s.ws();
    const root = s.value(spec);
    s.ws();
    return s.pos === text.length ? { root } : undefined;
  } catch {
    // DECLINE, or anything unforeseen: the full parse is always a correct answer.
    return undefined;
  }
}

/** What the notebook handler reads of a .ipynb text, or undefined (see scanJson). */
export function scanNotebook(text: string, index: LineIndex): { root: TNode | undefined } | undefined {
  return scanJson(text, index, NOTEBOOK_SPEC);
}
