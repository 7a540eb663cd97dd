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
function expand(m: Mapped, vars: Map<string, ShellAssignment>, budget: Budget, uses: string[], depth = 0): Mapped {
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
 * Runs of the substituted text and where they are in the file, packed in number arrays (a long
 * script has one run per word: objects for each would cost more in garbage collection than the scan).
 */
class PieceTable {
  at: number[] = [];
  len: number[] = [];
  fileStart: number[] = [];
  fileEnd: number[] = [];
  direct: number[] = [];
  add(at: number, len: number, fileStart: number, fileEnd: number, direct: boolean): void {
    this.at.push(at);
    this.len.push(len);
    this.fileStart.push(fileStart);
    this.fileEnd.push(fileEnd);
    this.direct.push(direct ? 1 : 0);
  }
}

/**
 * Offsets below `identity` are file offsets (words left as written keep theirs); above it they are
 * in the appendix of substituted words, mapped through the table.
 */
function sourceOf(text: string, t: PieceTable, identity: number, index: LineIndex, fileLength: number): TextSource {
  const find = (o: number): number => {
    let lo = 0;
    let hi = t.at.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.at[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const clamp = (x: number) => Math.max(0, Math.min(x, fileLength));
  const fileOffset = (o: number): number => {
    if (o < identity) return clamp(o);
    const p = find(o);
    if (p < 0) return 0;
    if (o >= t.at[p] + t.len[p]) return clamp(t.fileEnd[p]);
    return clamp(t.direct[p] ? t.fileStart[p] + (o - t.at[p]) : t.fileStart[p]);
  };
  const fileEnd = (o: number): number => {
    if (o <= identity) return clamp(o);
    const p = find(Math.max(0, o - 1));
    if (p < 0) return 0;
    return clamp(t.direct[p] ? Math.min(t.fileStart[p] + (o - t.at[p]), t.fileEnd[p]) : t.fileEnd[p]);
  };
  return {
    text,
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

/**
 * The script's words with variables substituted in order of assignment. `predefined` holds values
 * the environment gives (`SLURM_NNODES` from `#SBATCH --nodes`); the script's own assignments win.
 */
export function expandScript(fileText: string, index: LineIndex, predefined: ShellAssignment[] = []): ExpandedScript {
  // Words are the tokenizer's own, offsets in the file; a word whose variables were substituted is
  // replaced by one in an appendix after the file text, whose characters map back through `table`.
  // So a long script costs one tokenizer pass plus work on the words that hold a `$`.
  const words = shellWords(fileText);
  const vars = new Map<string, ShellAssignment>(predefined.map((a) => [a.name, a]));
  const budget: Budget = { chars: Math.max(1_000_000, 4 * fileText.length), capped: false };
  const assignments: ShellAssignment[] = [];
  const table = new PieceTable();
  const varsAtCommand = new Map<number, Map<string, ShellAssignment>>();
  const usesOf = new Map<number, string[]>();
  const appendix: string[] = [];
  const identity = fileText.length + 1;
  let end = identity;
  let atCommand = true;
  let declaring = false;

  /** The watched variables as they stand at the command starting at word i. */
  const snapshot = (i: number): void => {
    let snap: Map<string, ShellAssignment> | undefined;
    for (const n of WATCHED_VARS) {
      const v = vars.get(n);
      if (v) (snap ??= new Map()).set(n, v);
    }
    if (snap) varsAtCommand.set(i, snap);
  };
  const mappedOf = (w: Word): Mapped => ({
    text: w.text,
    pieces: w.end - w.start === w.text.length
      ? (w.text.length ? [{ at: 0, len: w.text.length, fileStart: w.textStart, fileEnd: w.textStart + w.text.length, direct: true }] : [])
      : alignWord(w.text, fileText, w.start, w.end, w.textStart),
  });

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep) {
      atCommand = true;
      declaring = false;
      continue;
    }
    const dollar = w.text.includes('$');
    const a = (atCommand || declaring) ? ASSIGN.exec(w.text) : null;
    if (a) {
      const mapped = mappedOf(w);
      const uses: string[] = [];
      const eq = a[0].length;
      const value = expand({ text: w.text.slice(eq), pieces: slicePieces(mapped.pieces, eq, w.text.length, 0) }, vars, budget, uses);
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
    const mapped = mappedOf(w);
    const uses: string[] = [];
    const e = expand(mapped, vars, budget, uses);
    if (e === mapped) continue;
    const start = end;
    for (const p of e.pieces) table.add(p.at + start, p.len, p.fileStart, p.fileEnd, p.direct);
    appendix.push(e.text, ' ');
    end += e.text.length + 1;
    words[i] = { text: e.text, start, end: start + e.text.length, textStart: start };
    usesOf.set(i, uses);
  }
  const text = appendix.length ? `${fileText}\n${appendix.join('')}` : fileText;
  return { words, src: sourceOf(text, table, identity, index, fileText.length), assignments, varsAtCommand, usesOf, capped: budget.capped };
}

/** A predefined variable (e.g. `SLURM_NNODES`) whose value sits at [start, end) of the file. */
export function predefinedVar(name: string, value: string, start: number, end: number, line: number): ShellAssignment {
  return { name, value: { text: value, pieces: [{ at: 0, len: value.length, fileStart: start, fileEnd: end, direct: value.length === end - start }] }, valueStart: start, valueEnd: end, nameStart: start, line };
}
