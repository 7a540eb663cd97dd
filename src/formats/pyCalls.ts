// A small Python reader for notebooks and training scripts: a tokenizer that knows strings (all
// prefixes, triple quotes, f-strings with nested quotes), comments and brackets, and on top of it the
// calls (`TrainingArguments(...)`) and simple assignments (`model_id = "…"`) with their literal values
// and offsets. It never executes or fully parses Python: it reads what is written literally and
// reports anything else as an expression it cannot evaluate.

export type PyTokKind = 'name' | 'number' | 'string' | 'op' | 'newline';

export interface PyToken {
  kind: PyTokKind;
  text: string;
  start: number;
  end: number;
}

/** A literal value; `undefined` means "an expression this reader does not evaluate". */
export type PyLiteral = string | number | boolean | null;

export interface PyValue {
  /** Literal value, if the expression is one (strings, numbers, True/False/None, negative numbers, "a" "b"). */
  value?: PyLiteral;
  /** `[...]`/`(...)` of literals: each item with its offsets. */
  items?: PyValue[];
  /** `{...}` with literal string keys. */
  entries?: Array<{ key: string; keyStart: number; keyEnd: number; value: PyValue }>;
  /** A bare (possibly dotted) name, e.g. `model_id`, `torch.bfloat16`. */
  name?: string;
  /** Source text of the expression. */
  text: string;
  start: number;
  end: number;
}

export interface PyArg {
  /** Keyword, or undefined for a positional argument. */
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  value: PyValue;
}

export interface PyCall {
  /** Dotted callee as written: `AutoModelForCausalLM.from_pretrained`, `trainer.train`. */
  callee: string;
  /** Last part of the callee: `from_pretrained`, `train`. */
  method: string;
  /** Everything before the last part: `AutoModelForCausalLM`, `trainer` (empty for a plain call). */
  receiver: string;
  /** `x` in `x = Call(...)`. */
  assignedTo?: string;
  start: number;
  /** Offset just after the closing parenthesis (a call that is never closed is not reported). */
  end: number;
  /** Offset of the opening parenthesis. */
  open: number;
  args: PyArg[];
}

export interface PyAssign {
  name: string;
  nameStart: number;
  value: PyValue;
  /** Offset where the statement starts (assignments are "latest before" a use). */
  start: number;
}

export interface PyScan {
  calls: PyCall[];
  assigns: PyAssign[];
}

const MAX_TOKENS = 2_000_000;

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

/**
 * f-strings nested in f-string fields deeper than this are read as plain strings: Python code nests
 * two or three, and each level is a call, so `f'{` × 4000 overflowed the stack (regexBounds.test.ts).
 */
const MAX_FSTRING_NESTING = 32;

/** End offset of a string literal starting at `i` (the opening quote), skipping f-string fields. */
function skipString(s: string, i: number, isF: boolean, raw: boolean, nesting = 0): number {
  const q = s[i];
  const triple = s[i + 1] === q && s[i + 2] === q;
  const n = s.length;
  let j = i + (triple ? 3 : 1);
  while (j < n) {
    const c = s[j];
    // Even a raw string cannot end on `\"`, so a backslash always shields the next character.
    if (c === '\\') { j += 2; continue; }
    if (!triple && c === '\n') return j; // unterminated: stop at the line end
    if (isF && c === '{') {
      if (s[j + 1] === '{') { j += 2; continue; }
      j = skipFField(s, j + 1, nesting);
      continue;
    }
    if (c === q && (!triple || (s[j + 1] === q && s[j + 2] === q))) return j + (triple ? 3 : 1);
    j++;
  }
  return n;
}

/** Skips an f-string replacement field (`{expr!r:fmt}`), which may hold strings and brackets of its own. */
function skipFField(s: string, i: number, nesting: number): number {
  let depth = 0;
  const n = s.length;
  let j = i;
  while (j < n) {
    const c = s[j];
    if (c === '"' || c === "'") {
      const pre = prefixBefore(s, j);
      j = skipString(s, j, /f/i.test(pre) && nesting < MAX_FSTRING_NESTING, /r/i.test(pre), nesting + 1);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '}') {
      if (depth === 0) return j + 1;
      depth--;
    } else if (c === '\n' && depth === 0 && s[j - 1] !== '\\') {
      // Malformed field: let the enclosing string carry on rather than swallow the file.
      return j;
    }
    j++;
  }
  return n;
}

function prefixBefore(s: string, quote: number): string {
  let k = quote;
  while (k > 0 && /[rRbBuUfF]/.test(s[k - 1]) && quote - k < 2) k--;
  if (k > 0 && isIdPart(s.charCodeAt(k - 1))) return '';
  return s.slice(k, quote);
}

/** Tokens of Python source. Comments are dropped; NEWLINE tokens mark ends of logical lines. */
export function tokenize(s: string): PyToken[] {
  const toks: PyToken[] = [];
  const n = s.length;
  let i = 0;
  let depth = 0;
  while (i < n && toks.length < MAX_TOKENS) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 13) { i++; continue; }
    if (c === 10) {
      if (depth === 0 && toks.length && toks[toks.length - 1].kind !== 'newline') toks.push({ kind: 'newline', text: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === 35 /* # */) { while (i < n && s.charCodeAt(i) !== 10) i++; continue; }
    if (c === 92 /* \ */ && s.charCodeAt(i + 1) === 10) { i += 2; continue; }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(s.charCodeAt(j))) j++;
      const word = s.slice(i, j);
      if ((s[j] === '"' || s[j] === "'") && STRING_PREFIX.test(word)) {
        const end = skipString(s, j, /f/i.test(word), /r/i.test(word));
        toks.push({ kind: 'string', text: s.slice(i, end), start: i, end });
        i = end;
        continue;
      }
      toks.push({ kind: 'name', text: word, start: i, end: j });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isIdPart(d) || d === 46) { j++; continue; }
        if ((d === 43 || d === 45) && /[eE]/.test(s[j - 1]) && !/^0[xX]/.test(s.slice(i, j))) { j++; continue; }
        break;
      }
      toks.push({ kind: 'number', text: s.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const end = skipString(s, i, false, false);
      toks.push({ kind: 'string', text: s.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    const two = s.slice(i, i + 2);
    const len = ['**', '==', '!=', '<=', '>=', '->', ':=', '//', '+=', '-=', '*=', '/='].includes(two) ? 2 : 1;
    const text = s.slice(i, i + len);
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') depth = Math.max(0, depth - 1);
    toks.push({ kind: 'op', text, start: i, end: i + len });
    i += len;
  }
  return toks;
}

/** The value of a plain (non-f, or f without fields) string token, escapes decoded. */
export function stringValue(tok: string): string | undefined {
  const m = /^([rRbBuUfF]{0,2})(['"])/.exec(tok);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return undefined;
  const q = m[2];
  const triple = tok.startsWith(q + q + q, m[1].length);
  const open = m[1].length + (triple ? 3 : 1);
  const close = triple ? 3 : 1;
  if (tok.length < open + close || !tok.endsWith(triple ? q + q + q : q)) return undefined;
  const body = tok.slice(open, tok.length - close);
  if (prefix.includes('f') && /(^|[^{])\{(?!\{)/.test(body)) return undefined;
  if (prefix.includes('r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') { out += c; continue; }
    const d = body[++i];
    if (d === 'n') out += '\n';
    else if (d === 't') out += '\t';
    else if (d === 'r') out += '\r';
    else if (d === '0') out += '\0';
    else if (d === '\n') continue;
    else if (d === 'x' || d === 'u' || d === 'U') {
      const len = d === 'x' ? 2 : d === 'u' ? 4 : 8;
      const code = parseInt(body.slice(i + 1, i + 1 + len), 16);
      out += Number.isFinite(code) ? String.fromCodePoint(code) : '';
      i += len;
    } else if (d === undefined) break;
    else if ('\\\'"'.includes(d)) out += d;
    else out += '\\' + d;
  }
  return prefix.includes('f') ? out.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : out;
}

/** Longer than any number a config writes (`1_000_000_000_000`, `3.0e-4`): such a token is not read as one. */
const MAX_NUMBER_TEXT = 64;

function numberValue(text: string): number | undefined {
  if (text.length > MAX_NUMBER_TEXT) return undefined;
  const t = text.replace(/_/g, '').toLowerCase();
  let v: number;
  if (/^0x[0-9a-f]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0o[0-7]+$/.test(t)) v = parseInt(t.slice(2), 8);
  else if (/^0b[01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  // No two quantifiers over the same digits (`\d+\.?\d*` was quadratic on a long run of them).
  else if (/^(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/.test(t)) v = Number(t);
  else return undefined;
  return Number.isFinite(v) ? v : undefined;
}

/**
 * For every opening bracket, the index of its closing bracket (`toks.length` when unclosed), found
 * in one pass so that an unbalanced bracket early in a file cannot make the scan quadratic.
 */
function matchBrackets(toks: PyToken[]): Int32Array {
  const match = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(k);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const o = stack.pop();
      if (o !== undefined) match[o] = k;
    }
  }
  for (const o of stack) match[o] = toks.length;
  return match;
}

interface Ctx {
  src: string;
  toks: PyToken[];
  match: Int32Array;
}

/**
 * Tokens one argument or literal may span and still be evaluated, and how deeply literals nest
 * (`[[[…]]]`). Real arguments are a few tokens; past these an expression is kept as text only.
 */
const MAX_VALUE_TOKENS = 4000;
const MAX_VALUE_DEPTH = 32;

/**
 * Splits toks[a..b) at top-level commas (or `sep`). A nested bracket is stepped over in one jump
 * (its match is known), so each token is visited by the one split it is top-level in, and reading
 * every call of a file stays linear however deeply calls nest (audit 2026-12, M1).
 */
function splitTop(ctx: Ctx, a: number, b: number, sep = ','): Array<[number, number]> {
  const { toks, match } = ctx;
  const parts: Array<[number, number]> = [];
  let from = a;
  for (let k = a; k < b; k++) {
    const t = toks[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      if (match[k] > k) k = Math.min(match[k], b - 1);
    } else if (t.text === sep) {
      parts.push([from, k]);
      from = k + 1;
    }
  }
  if (from < b) parts.push([from, b]);
  return parts;
}

function allTokens(toks: PyToken[], a: number, b: number, test: (t: PyToken, k: number) => boolean): boolean {
  for (let k = a; k < b; k++) if (!test(toks[k], k - a)) return false;
  return true;
}

/** The value of the expression toks[a..b). */
function valueOf(ctx: Ctx, a: number, b: number, depth = 0): PyValue {
  const { src, toks } = ctx;
  const start = toks[a]?.start ?? 0;
  const end = toks[b - 1]?.end ?? start;
  const v: PyValue = { text: src.slice(start, end), start, end };
  if (b <= a || b - a > MAX_VALUE_TOKENS || depth > MAX_VALUE_DEPTH) return v;
  const first = toks[a];
  if (b - a === 1) {
    if (first.kind === 'number') { const n = numberValue(first.text); if (n !== undefined) v.value = n; }
    else if (first.kind === 'string') { const s = stringValue(first.text); if (s !== undefined) v.value = s; }
    else if (first.kind === 'name') {
      if (first.text === 'True') v.value = true;
      else if (first.text === 'False') v.value = false;
      else if (first.text === 'None') v.value = null;
      else v.name = first.text;
    }
    return v;
  }
  if (b - a === 2 && first.kind === 'op' && (first.text === '-' || first.text === '+') && toks[a + 1].kind === 'number') {
    const n = numberValue(toks[a + 1].text);
    if (n !== undefined) v.value = first.text === '-' ? -n : n;
    return v;
  }
  if (allTokens(toks, a, b, (t) => t.kind === 'string')) {
    const parts = toks.slice(a, b).map((t) => stringValue(t.text));
    if (parts.every((p) => p !== undefined)) v.value = parts.join('');
    return v;
  }
  // Dotted name: `torch.bfloat16`.
  if ((b - a) % 2 === 1 && allTokens(toks, a, b, (t, k) => (k % 2 === 0 ? t.kind === 'name' : t.kind === 'op' && t.text === '.'))) {
    v.name = toks.slice(a, b).map((t) => t.text).join('');
    return v;
  }
  if (first.kind === 'op' && (first.text === '[' || first.text === '(') && ctx.match[a] === b - 1) {
    const parts = splitTop(ctx, a + 1, b - 1);
    // `(3)` is 3; only a comma makes a tuple.
    const tuple = parts.length > 1 || toks[b - 2]?.text === ',';
    if (first.text === '(' && !tuple && b - a > 2) return { ...valueOf(ctx, a + 1, b - 1, depth + 1), text: v.text, start, end };
    v.items = parts.filter(([x, y]) => y > x).map(([x, y]) => valueOf(ctx, x, y, depth + 1));
    return v;
  }
  if (first.kind === 'op' && first.text === '{' && ctx.match[a] === b - 1) {
    v.entries = [];
    for (const [x, y] of splitTop(ctx, a + 1, b - 1)) {
      const colon = splitTop(ctx, x, y, ':');
      if (colon.length !== 2 || toks[x].kind !== 'string' || colon[0][1] - colon[0][0] !== 1) continue;
      const key = stringValue(toks[x].text);
      if (key === undefined) continue;
      v.entries.push({ key, keyStart: toks[x].start, keyEnd: toks[x].end, value: valueOf(ctx, colon[1][0], colon[1][1], depth + 1) });
    }
  }
  return v;
}

const NOT_CALLS = new Set(['def', 'class', 'if', 'elif', 'while', 'for', 'return', 'and', 'or', 'not', 'in', 'is', 'print', 'lambda', 'with', 'assert', 'del', 'yield', 'await', 'import', 'from', 'except', 'raise']);

/** Every call and every simple assignment of a literal, in source order. */
export function scanPython(src: string, toks: PyToken[] = tokenize(src)): PyScan {
  const ctx: Ctx = { src, toks, match: matchBrackets(toks) };
  const calls: PyCall[] = [];
  const assigns: PyAssign[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    // Assignment at the start of a logical line: `a = lit`, `a, b = lit, lit`.
    if (t.kind === 'name' && (k === 0 || toks[k - 1].kind === 'newline')) readAssign(ctx, k, assigns);
    if (t.kind !== 'name' || NOT_CALLS.has(t.text)) continue;
    // Only the start of a dotted chain begins a call.
    if (k > 0 && toks[k - 1].kind === 'op' && toks[k - 1].text === '.') continue;
    if (k > 0 && toks[k - 1].kind === 'name' && (toks[k - 1].text === 'def' || toks[k - 1].text === 'class')) continue;
    let j = k;
    while (toks[j + 1]?.text === '.' && toks[j + 2]?.kind === 'name') j += 2;
    if (toks[j + 1]?.kind !== 'op' || toks[j + 1].text !== '(') continue;
    const open = j + 1;
    const close = ctx.match[open];
    // A call whose bracket never closes is not read: Python would not run it, and reading it would
    // take in the rest of the file once per such call (`f(` × 16000 took seconds).
    if (close >= toks.length) continue;
    const callee = toks.slice(k, j + 1).map((x) => x.text).join('');
    const args: PyArg[] = [];
    for (const [x, y] of splitTop(ctx, open + 1, close)) {
      if (y <= x) continue;
      if (toks[x].kind === 'op' && (toks[x].text === '*' || toks[x].text === '**')) continue;
      if (toks[x].kind === 'name' && toks[x + 1]?.kind === 'op' && toks[x + 1].text === '=' && x + 1 < y) {
        args.push({ key: toks[x].text, keyStart: toks[x].start, keyEnd: toks[x].end, value: valueOf(ctx, x + 2, y) });
      } else args.push({ value: valueOf(ctx, x, y) });
    }
    const dot = callee.lastIndexOf('.');
    const call: PyCall = {
      callee,
      method: dot >= 0 ? callee.slice(dot + 1) : callee,
      receiver: dot >= 0 ? callee.slice(0, dot) : '',
      start: t.start,
      open: toks[open].start,
      end: toks[close].end,
      args,
    };
    if (k >= 2 && toks[k - 1].text === '=' && toks[k - 2].kind === 'name' && (k === 2 || toks[k - 3].kind === 'newline')) call.assignedTo = toks[k - 2].text;
    calls.push(call);
  }
  return { calls, assigns };
}

function readAssign(ctx: Ctx, k: number, out: PyAssign[]): void {
  const { toks } = ctx;
  // Targets: name (, name)* then `=` (not `==`).
  const names: PyToken[] = [];
  let j = k;
  while (toks[j]?.kind === 'name') {
    names.push(toks[j]);
    if (toks[j + 1]?.text === ',') j += 2;
    else break;
  }
  if (toks[j + 1]?.text !== '=') return;
  let end = j + 2;
  while (end < toks.length && toks[end].kind !== 'newline') end++;
  if (end === j + 2) return;
  const value = valueOf(ctx, j + 2, end);
  if (names.length === 1) {
    out.push({ name: names[0].text, nameStart: names[0].start, value, start: names[0].start });
    return;
  }
  // `a, b = x, y`: values pair up when the right side is as many comma-separated expressions.
  const parts = splitTop(ctx, j + 2, end);
  if (parts.length !== names.length) return;
  names.forEach((nm, idx) => out.push({ name: nm.text, nameStart: nm.start, value: valueOf(ctx, parts[idx][0], parts[idx][1]), start: names[0].start }));
}

/** Keyword argument `key` of a call. */
export function kwarg(call: PyCall, key: string): PyArg | undefined {
  return call.args.find((a) => a.key === key);
}

/** Positional argument `i` of a call. */
export function positional(call: PyCall, i: number): PyArg | undefined {
  return call.args.filter((a) => a.key === undefined)[i];
}

/** Follows a bare name to the latest literal assignment before `before` (one level). */
export function resolveName(assigns: PyAssign[], v: PyValue, before: number): { value: PyValue; via?: PyAssign } {
  if (!v.name || v.value !== undefined) return { value: v };
  let hit: PyAssign | undefined;
  for (const a of assigns) {
    if (a.start >= before) break;
    if (a.name === v.name) hit = a;
  }
  return hit && (hit.value.value !== undefined || hit.value.items) ? { value: hit.value, via: hit } : { value: v };
}
