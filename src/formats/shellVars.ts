// Shell variables in launch scripts: `VAR=value`, `export VAR=value`, `$VAR`, `${VAR}` and
// `${VAR:-default}` resolved in the order the script assigns them, so `--nproc_per_node=$NUM_GPUS`
// reads as the number. The result is the script's words with variables substituted, cut from a new
// text whose every character maps back to the file: a value that came through `$VAR` points at the
// literal in the assignment, not at the `$VAR`.
//
// Bounded on purpose: a hostile script of `B="$A$A$A…"; C="$B$B$B…"` chains must stay linear, so
// each value is capped in length and the whole expansion in characters; past the caps a reference
// stays unresolved (`$X` as written), which readers already treat as "unknown".
import type { LineIndex } from './lineIndex';
import { shellWords, type Word } from './launcherFlags';
import type { TextSource } from './handlers/textSource';

/** A run of characters of a string and where they are in the file. */
interface Piece {
  /** Offset in the string this piece belongs to. */
  at: number;
  len: number;
  fileStart: number;
  fileEnd: number;
  /** Character i of the run is at fileStart + i; otherwise the run as a whole covers fileStart..fileEnd. */
  direct: boolean;
}

/** A string with the file positions of its characters. */
export interface Mapped {
  text: string;
  pieces: Piece[];
}

export interface ShellAssignment {
  name: string;
  value: Mapped;
  /** File offsets of the value as written (inside the quotes), and of the name. */
  valueStart: number;
  valueEnd: number;
  nameStart: number;
  /** 0-based line of the assignment. */
  line: number;
}

export interface ExpandedScript {
  /** The script's words with variables substituted; offsets are in `src.text`. */
  words: Word[];
  /** The substituted text, mapped back to the file. */
  src: TextSource;
  /** Every assignment, in order. */
  assignments: ShellAssignment[];
  /** For word i of `words` (a command's first word): the watched variables as they stood there. */
  varsAtCommand: Map<number, Map<string, ShellAssignment>>;
  /** Variables used in word i, by name. */
  usesOf: Map<number, string[]>;
  /** True when a cap stopped some substitution. */
  capped: boolean;
  /** The variables as they stand after the last word, and the substitution budget left (shellSkim.ts reads on from there). */
  finalVars: ReadonlyMap<string, ShellAssignment>;
  budgetLeft: number;
}

/** Longest value a variable may hold after substitution. */
export const MAX_VALUE_CHARS = 4096;
/** Most runs of file positions kept for one value; beyond it the value maps to its span as a whole. */
const MAX_PIECES = 32;
/** `${A:-${B:-…}}` nesting followed. */
const MAX_DEPTH = 4;

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const DECLARERS = new Set(['export', 'local', 'declare', 'readonly', 'typeset']);

/** Maps characters of a word's text (quotes removed) to the raw file text: runs of direct pieces. */
function alignWord(text: string, fileText: string, rawStart: number, rawEnd: number, textStart: number): Piece[] {
  if (fileText.slice(textStart, textStart + text.length) === text) return text.length ? [{ at: 0, len: text.length, fileStart: textStart, fileEnd: textStart + text.length, direct: true }] : [];
  const pieces: Piece[] = [];
  let r = rawStart;
  for (let i = 0; i < text.length; i++) {
    while (r < rawEnd && fileText[r] !== text[i]) r++;
    const pos = r < rawEnd ? r : rawEnd;
    const last = pieces[pieces.length - 1];
    if (last && last.direct && last.fileStart + last.len === pos && last.at + last.len === i) {
      last.len++;
      last.fileEnd = pos + 1;
    } else pieces.push({ at: i, len: 1, fileStart: pos, fileEnd: Math.min(pos + 1, rawEnd), direct: r < rawEnd });
    if (r < rawEnd) r++;
  }
  return pieces;
}

/** The pieces covering [a, b) of a mapped string, moved to start at `to`. */
function slicePieces(pieces: Piece[], a: number, b: number, to: number): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const s = Math.max(a, p.at);
    const e = Math.min(b, p.at + p.len);
    if (s >= e) continue;
    out.push(p.direct
      ? { at: to + s - a, len: e - s, fileStart: p.fileStart + (s - p.at), fileEnd: p.fileStart + (e - p.at), direct: true }
      : { at: to + s - a, len: e - s, fileStart: p.fileStart, fileEnd: p.fileEnd, direct: false });
  }
  return out;
}

class Builder {
  text = '';
  pieces: Piece[] = [];
  append(m: Mapped, a = 0, b = m.text.length): void {
    if (b <= a) return;
    const add = slicePieces(m.pieces, a, b, this.text.length);
    if (this.pieces.length + add.length > MAX_PIECES && add.length) {
      // Too fragmented to point at character by character: the value maps to its span as a whole.
      let lo = add[0].fileStart;
      let hi = add[0].fileEnd;
      for (const p of add) {
        if (p.fileStart < lo) lo = p.fileStart;
        if (p.fileEnd > hi) hi = p.fileEnd;
      }
      this.pieces.push({ at: this.text.length, len: b - a, fileStart: lo, fileEnd: hi, direct: false });
    } else this.pieces.push(...add);
    this.text += m.text.slice(a, b);
  }
  done(): Mapped {
    return { text: this.text, pieces: this.pieces };
  }
}

interface Budget {
  chars: number;
  capped: boolean;
}

/** What `expand` reads and (for `${VAR:=default}`) writes. */
interface VarLookup {
  get(name: string): ShellAssignment | undefined;
  set(name: string, value: ShellAssignment): unknown;
}

/**
 * The script's variables, with every value each one has held and when (a count of assignments), so a
 * word whose substitution is left for later (see `expandScript`) sees the variables as they stood at
 * its place in the script. `watchedChanged` says a variable in WATCHED_VARS was set since it was cleared.
 */
class ScriptVars extends Map<string, ShellAssignment> implements VarLookup {
  seq = 0;
  watchedChanged = true;
  private readonly history = new Map<string, { seqs: number[]; values: ShellAssignment[] }>();
  override set(name: string, value: ShellAssignment): this {
    // Always constructed empty: Map's constructor would call this before the fields above exist.
    super.set(name, value);
    this.seq++;
    let h = this.history.get(name);
    if (!h) this.history.set(name, (h = { seqs: [], values: [] }));
    h.seqs.push(this.seq);
    h.values.push(value);
    if (WATCHED.has(name)) this.watchedChanged = true;
    return this;
  }
  /** The value `name` held once `seq` assignments had been made. */
  at(name: string, seq: number): ShellAssignment | undefined {
    const h = this.history.get(name);
    if (!h) return undefined;
    let lo = 0;
    let hi = h.seqs.length - 1;
    if (hi < 0 || h.seqs[0] > seq) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (h.seqs[mid] <= seq) lo = mid;
      else hi = mid - 1;
    }
    return h.values[lo];
  }
}

/**
 * What `expand` would make of `s` when every reference in it is a plain `$NAME`, `${NAME}` or
 * `${NAME:-default}` / `${NAME-default}` with a default holding no `$`, and no cap stops a
 * substitution: the substituted text and the characters charged (the names used go to `uses`).
 * Nothing is allocated for file positions, so a long script pays for those only on the words read.
 * `undefined` when nothing is substituted or when `expand` itself must run (`${VAR:=x}`, a default
 * holding `$`, or a cap that would be hit): `expand` then decides. Mirrors `expand`'s loop step by step.
 */
function dryExpand(s: string, vars: VarLookup, budget: Budget, uses?: string[]): { text: string; charged: number } | undefined {
  let text = '';
  let lit = 0;
  let outLen = 0;
  let charged = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) !== 36 /* $ */) continue;
    const from = i;
    let to: number;
    /** What replaces s[from, to), and the variable named when it is a variable's value. */
    let value: string;
    let used: string | undefined;
    if (s.charCodeAt(i + 1) === 123 /* { */) {
      const close = closeBrace(s, i);
      if (close < 0) break;
      let k = i + 2;
      if (k < close && isNameStart(s.charCodeAt(k))) {
        k++;
        while (k < close && isNameChar(s.charCodeAt(k))) k++;
      }
      i = close;
      to = close + 1;
      const named = k > from + 2;
      const v = named ? vars.get(s.slice(from + 2, k)) : undefined;
      if (named && k === close) {
        // `${NAME}`
        if (!v) continue;
        value = v.value.text;
        used = s.slice(from + 2, k);
      } else {
        const op = s.charCodeAt(k);
        const colon = op === 58 && (s.charCodeAt(k + 1) === 45 || s.charCodeAt(k + 1) === 61);
        const opChar = colon ? s.charCodeAt(k + 1) : op;
        // Not `${NAME op …}` with op in -, =, :-, := : no name expand reads (`${#X}`, `${X:+y}`, `${1}`).
        if (!named || (opChar !== 45 && opChar !== 61)) continue;
        const def = s.slice(k + (colon ? 2 : 1), close);
        // `${VAR:=x}` assigns, and a default holding `$` is substituted itself: `expand` does both.
        if (opChar === 61 || def.includes('$')) return undefined;
        if (v && (!colon || v.value.text !== '')) {
          value = v.value.text;
          used = s.slice(from + 2, k);
        } else value = def; // the default as written (charged, but names no variable)
      }
    } else {
      let k = i + 1;
      if (!isNameStart(s.charCodeAt(k))) continue;
      const stop = Math.min(n, i + 1 + 128);
      k++;
      while (k < stop && isNameChar(s.charCodeAt(k))) k++;
      i = k - 1;
      to = k;
      if (k - from - 1 >= 128) continue;
      const name = s.slice(from + 1, k);
      const v = vars.get(name);
      if (!v) continue;
      value = v.value.text;
      used = name;
    }
    const len = value.length;
    if (len > budget.chars - charged || outLen + (from - lit) + len > MAX_VALUE_CHARS) return undefined;
    charged += len;
    outLen += from - lit + len;
    text += s.slice(lit, from) + value;
    lit = to;
    if (used !== undefined) uses?.push(used);
  }
  if (lit === 0) return undefined;
  return { text: text + s.slice(lit), charged };
}

/** A cheap test before ASSIGN: a name's first character, and an `=` somewhere. */
function mayAssign(t: string): boolean {
  return isNameStart(t.charCodeAt(0)) && t.includes('=');
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** `}` closing the `${` at `open`, with nested `${…}` counted; -1 when unclosed. */
function closeBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') { depth++; i++; continue; }
    if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Substitutes the variables in `m` (linear in its length; each substitution is charged to `budget`).
 * `uses` collects the names substituted. References that cannot be resolved stay as written.
 */
function expand(m: Mapped, vars: VarLookup, budget: Budget, uses: string[], depth = 0): Mapped {
  const s = m.text;
  if (!s.includes('$')) return m;
  const out = new Builder();
  let lit = 0;
  const put = (value: Mapped, from: number, to: number): boolean => {
    if (value.text.length > budget.chars || out.text.length + (from - lit) + value.text.length > MAX_VALUE_CHARS) {
      budget.capped = true;
      return false;
    }
    budget.chars -= value.text.length;
    out.append(m, lit, from);
    out.append(value);
    lit = to;
    return true;
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '{') {
      const close = closeBrace(s, i);
      if (close < 0) break;
      const inner = s.slice(i + 2, close);
      const nm = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([\s\S]*))?$/.exec(inner);
      if (nm) {
        const v = vars.get(nm[1]);
        const op = nm[2];
        const useVar = v && (op === undefined || !op.startsWith(':') || v.value.text !== '');
        if (useVar) {
          if (put(v!.value, i, close + 1)) uses.push(nm[1]);
        } else if (op !== undefined && depth < MAX_DEPTH) {
          // The default as written (itself possibly holding `$X`), at its place in this string.
          const defStart = i + 2 + nm[1].length + op.length;
          const def = expand({ text: nm[3], pieces: slicePieces(m.pieces, defStart, close, 0) }, vars, budget, uses, depth + 1);
          if (put(def, i, close + 1) && op.endsWith('=')) {
            // `${VAR:=default}` also assigns.
            vars.set(nm[1], { name: nm[1], value: def, valueStart: def.pieces[0]?.fileStart ?? 0, valueEnd: def.pieces[def.pieces.length - 1]?.fileEnd ?? 0, nameStart: def.pieces[0]?.fileStart ?? 0, line: -1 });
          }
        }
      }
      i = close;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1, i + 1 + 128))?.[0];
    if (!name) continue;
    const v = vars.get(name);
    // A name longer than the window is not one we hold: leave it.
    if (v && name.length < 128 && put(v.value, i, i + 1 + name.length)) uses.push(name);
    i += name.length;
  }
  if (lit === 0) return m;
  out.append(m, lit, s.length);
  return out.done();
}

/**
 * The substituted words, in the order they sit in the appendix after the file text: where each starts
 * there and how to find where its characters are in the file. The file positions of a word (its
 * pieces) are worked out the first time an offset inside it is asked for, by substituting it again
 * with the variables as they stood at its place: a 10 000-line sweep script has thousands of
 * substituted words and the analysis points at a handful of them.
 */
class Substituted {
  start: number[] = [];
  len: number[] = [];
  /** The pieces when known; else the word as written and the assignment count at its place. */
  pieces: Array<Piece[] | undefined> = [];
  word: Array<Word | undefined> = [];
  seq: number[] = [];
  /** Index of the word in the script's words. */
  index: number[] = [];
  constructor(private readonly vars: ScriptVars, private readonly mappedOf: (w: Word) => Mapped) {}
  add(index: number, start: number, len: number, pieces: Piece[] | undefined, word: Word | undefined, seq: number): void {
    this.index.push(index);
    this.start.push(start);
    this.len.push(len);
    this.pieces.push(pieces);
    this.word.push(word);
    this.seq.push(seq);
  }
  piecesOf(r: number): Piece[] {
    let p = this.pieces[r];
    if (!p) {
      const seq = this.seq[r];
      const vars = this.vars;
      // No cap stopped this word the first time (dryExpand checked), so none is charged now.
      const e = expand(this.mappedOf(this.word[r]!), { get: (n) => vars.at(n, seq), set: () => undefined }, { chars: Infinity, capped: false }, []);
      p = this.pieces[r] = e.pieces;
    }
    return p;
  }
  /** The variables substituted in each word left for later, by word index (built when asked for). */
  usesOfLater(into: Map<number, string[]>): Map<number, string[]> {
    const vars = this.vars;
    for (let r = 0; r < this.start.length; r++) {
      const w = this.word[r];
      if (!w) continue;
      const seq = this.seq[r];
      const uses: string[] = [];
      dryExpand(w.text, { get: (n) => vars.at(n, seq), set: () => undefined }, { chars: Infinity, capped: false }, uses);
      into.set(this.index[r], uses);
    }
    return new Map([...into].sort((a, b) => a[0] - b[0]));
  }
  /** The last word starting at or before `o` that has characters (an empty one has no pieces), or -1. */
  wordAt(o: number): number {
    let lo = 0;
    let hi = this.start.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    let r = lo;
    while (r >= 0 && this.len[r] === 0) r--;
    if (r < 0) {
      // Before every piece: the first piece of all answers, as a search over all pieces would.
      r = this.len.findIndex((l) => l > 0);
    }
    return r;
  }
}

/**
 * Offsets below `identity` are file offsets (words left as written keep theirs); above it they are
 * in the appendix of substituted words, mapped through their pieces.
 */
function sourceOf(textOf: () => string, t: Substituted, identity: number, index: LineIndex, fileLength: number): TextSource {
  /** The piece holding `o`: the last one starting at or before it (the first of all when none does). */
  const find = (o: number): Piece | undefined => {
    const r = t.wordAt(o);
    if (r < 0) return undefined;
    const pieces = t.piecesOf(r);
    const rel = o - t.start[r];
    let k = pieces.length - 1;
    while (k > 0 && pieces[k].at > rel) k--;
    const p = pieces[k];
    return { ...p, at: p.at + t.start[r] };
  };
  const clamp = (x: number) => Math.max(0, Math.min(x, fileLength));
  const fileOffset = (o: number): number => {
    if (o < identity) return clamp(o);
    const p = find(o);
    if (!p) return 0;
    if (o >= p.at + p.len) return clamp(p.fileEnd);
    return clamp(p.direct ? p.fileStart + (o - p.at) : p.fileStart);
  };
  const fileEnd = (o: number): number => {
    if (o <= identity) return clamp(o);
    const p = find(Math.max(0, o - 1));
    if (!p) return 0;
    return clamp(p.direct ? Math.min(p.fileStart + (o - p.at), p.fileEnd) : p.fileEnd);
  };
  let text: string | undefined;
  return {
    // Joined when first read (an inline `bash -c` script looks its words up in it): a long script's
    // appendix is as long as the script.
    get text() {
      return (text ??= textOf());
    },
    fileOffset,
    fileEnd,
    range(start, end) {
      const a = fileOffset(start);
      const b = end > start ? fileEnd(end) : a;
      return index.range(a, Math.max(a, b));
    },
  };
}

/** Variables whose value at each command is kept (GPU counts that launchers do not take as flags). */
export const WATCHED_VARS = ['CUDA_VISIBLE_DEVICES', 'NUM_GPUS', 'N_GPUS', 'NGPUS', 'GPU_NUM', 'NUM_GPU', 'GPUS', 'GPUS_PER_NODE', 'NPROC_PER_NODE', 'NNODES', 'NUM_NODES'];
const WATCHED = new Set(WATCHED_VARS);

/**
 * The script's words with variables substituted in order of assignment. `predefined` holds values
 * the environment gives (`SLURM_NNODES` from `#SBATCH --nodes`); the script's own assignments win.
 */
export function expandScript(fileText: string, index: LineIndex, predefined: ShellAssignment[] = [], budgetBasis = fileText.length): ExpandedScript {
  // Words are the tokenizer's own, offsets in the file; a word whose variables were substituted is
  // replaced by one in an appendix after the file text, whose characters map back through `subst`.
  // So a long script costs one tokenizer pass plus a character scan of the words that hold a `$`.
  const words = shellWords(fileText);
  const vars = new ScriptVars();
  for (const a of predefined) vars.set(a.name, a);
  // `budgetBasis`: the whole file's length when only its head is expanded, so the head is charged as it would be in the whole.
  const budget: Budget = { chars: Math.max(1_000_000, 4 * budgetBasis), capped: false };
  const assignments: ShellAssignment[] = [];
  const mappedOf = (w: Word): Mapped => ({
    text: w.text,
    pieces: w.end - w.start === w.text.length
      ? (w.text.length ? [{ at: 0, len: w.text.length, fileStart: w.textStart, fileEnd: w.textStart + w.text.length, direct: true }] : [])
      : alignWord(w.text, fileText, w.start, w.end, w.textStart),
  });
  const subst = new Substituted(vars, mappedOf);
  const varsAtCommand = new Map<number, Map<string, ShellAssignment>>();
  const usesOf = new Map<number, string[]>();
  const appendix: string[] = [];
  const identity = fileText.length + 1;
  let end = identity;
  let atCommand = true;
  let declaring = false;

  /**
   * The watched variables as they stand at the command starting at word i. Commands between two
   * assignments of a watched variable share one (read-only) map.
   */
  let snap: Map<string, ShellAssignment> | undefined;
  const snapshot = (i: number): void => {
    if (vars.watchedChanged) {
      vars.watchedChanged = false;
      snap = undefined;
      for (const n of WATCHED_VARS) {
        const v = vars.get(n);
        if (v) (snap ??= new Map()).set(n, v);
      }
    }
    if (snap) varsAtCommand.set(i, snap);
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep) {
      atCommand = true;
      declaring = false;
      continue;
    }
    const dollar = w.text.includes('$');
    const a = (atCommand || declaring) && mayAssign(w.text) ? ASSIGN.exec(w.text) : null;
    if (a) {
      const uses: string[] = [];
      const eq = a[0].length;
      let value: Mapped;
      if (!dollar && w.end - w.start === w.text.length) {
        // Written plainly (no quotes, escapes or `$`): the value is its own text, at its own place
        // (what mappedOf, slicePieces and expand give, without building them).
        const len = w.text.length - eq;
        value = { text: w.text.slice(eq), pieces: len ? [{ at: 0, len, fileStart: w.textStart + eq, fileEnd: w.textStart + w.text.length, direct: true }] : [] };
      } else {
        const mapped = mappedOf(w);
        value = expand({ text: w.text.slice(eq), pieces: slicePieces(mapped.pieces, eq, w.text.length, 0) }, vars, budget, uses);
      }
      // Where the literal sits: after `=` and an opening quote, before a closing one.
      const rawEq = fileText.indexOf('=', w.start);
      let vs = rawEq + 1;
      let ve = w.end;
      const q = fileText[vs];
      if ((q === '"' || q === "'") && fileText[ve - 1] === q && ve - 1 > vs) { vs++; ve--; }
      const asg: ShellAssignment = { name: a[1], value, valueStart: vs, valueEnd: ve, nameStart: w.textStart, line: index.lineAt(w.textStart) };
      vars.set(a[1], asg);
      assignments.push(asg);
      if (uses.length) usesOf.set(i, uses);
      continue;
    }
    if (atCommand && DECLARERS.has(w.text)) {
      declaring = true;
      continue;
    }
    if (atCommand) snapshot(i);
    atCommand = false;
    if (!dollar) continue;
    const start = end;
    const dry = dryExpand(w.text, vars, budget);
    let text: string;
    if (dry) {
      budget.chars -= dry.charged;
      text = dry.text;
      subst.add(i, start, text.length, undefined, w, vars.seq);
    } else {
      const mapped = mappedOf(w);
      const uses: string[] = [];
      const e = expand(mapped, vars, budget, uses);
      if (e === mapped) continue;
      text = e.text;
      subst.add(i, start, text.length, e.pieces, undefined, vars.seq);
      usesOf.set(i, uses);
    }
    appendix.push(text, ' ');
    end += text.length + 1;
    words[i] = { text, start, end: start + text.length, textStart: start };
  }
  const src = sourceOf(() => (appendix.length ? `${fileText}\n${appendix.join('')}` : fileText), subst, identity, index, fileText.length);
  let uses: Map<number, string[]> | undefined;
  return {
    words, src, assignments, varsAtCommand, capped: budget.capped, finalVars: vars, budgetLeft: budget.chars,
    // Read by no reader of a long script's analysis: built on first use (a map entry per substituted word).
    get usesOf() {
      return (uses ??= subst.usesOfLater(usesOf));
    },
  };
}

/** A predefined variable (e.g. `SLURM_NNODES`) whose value sits at [start, end) of the file. */
export function predefinedVar(name: string, value: string, start: number, end: number, line: number): ShellAssignment {
  return { name, value: { text: value, pieces: [{ at: 0, len: value.length, fileStart: start, fileEnd: end, direct: value.length === end - start }] }, valueStart: start, valueEnd: end, nameStart: start, line };
}
