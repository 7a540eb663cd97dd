// A tiny evaluator for the arithmetic training scripts write where a size or a length goes:
// `4096 // 2`, `embed_dim * 3`, `configs["num_epochs"] + 1`, `2048 if model_size == "2B" else 3072`.
// Nothing is executed: numbers, strings and names (looked up by the caller, which only knows literals
// written in the file) combined with + - * / // and one `a if x == y else b`. Anything else — a call,
// an attribute of an object the file builds at run time — is "not evaluated" (undefined).

export type Lookup = (name: string) => number | string | boolean | undefined;

/** Longer expressions are not size arithmetic; the bound also keeps the reader's work small. */
const MAX_EXPR_CHARS = 200;

type Tok = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'name'; v: string } | { k: 'op'; v: string };

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function tokens(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\') { i++; continue; }
    if (isDigit(c) || (c === '.' && isDigit(s[i + 1] ?? ''))) {
      let j = i;
      while (j < s.length && (isDigit(s[j]) || s[j] === '.' || s[j] === '_' || s[j] === 'e' || s[j] === 'E' || ((s[j] === '-' || s[j] === '+') && (s[j - 1] === 'e' || s[j - 1] === 'E')))) j++;
      const n = Number(s.slice(i, j).replace(/_/g, ''));
      if (!Number.isFinite(n)) return undefined;
      out.push({ k: 'num', v: n });
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      // A dotted name (`args.epochs`, `Config.epochs`) is one token; the caller resolves it.
      let j = i;
      while (j < s.length && (isIdStart(s[j]) || isDigit(s[j]) || (s[j] === '.' && isIdStart(s[j + 1] ?? '')))) j++;
      out.push({ k: 'name', v: s.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return undefined;
      out.push({ k: 'str', v: s.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '//' || two === '==' || two === '!=' || two === '**') { out.push({ k: 'op', v: two }); i += 2; continue; }
    if ('+-*/()[]'.includes(c)) { out.push({ k: 'op', v: c }); i++; continue; }
    return undefined;
  }
  return out;
}

/** Evaluates `text`; undefined when any part is not a literal, a known name or simple arithmetic. */
export function evalPyExpr(text: string, lookup: Lookup): number | string | boolean | undefined {
  if (text.length > MAX_EXPR_CHARS) return undefined;
  const toks = tokens(text);
  if (!toks?.length) return undefined;
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => { const t = peek(); return t?.k === 'op' && t.v === v; };
  const isWord = (v: string): boolean => { const t = peek(); return t?.k === 'name' && t.v === v; };
  type V = number | string | boolean | undefined;
  const atom = (): V => {
    const t = toks[i++];
    if (!t) return undefined;
    if (t.k === 'num' || t.k === 'str') return t.v;
    if (t.k === 'name') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      let name = t.v;
      // `configs["num_epochs"]`: a subscript by a string literal reads like an attribute.
      while (isOp('[') && toks[i + 1]?.k === 'str' && toks[i + 2]?.k === 'op' && toks[i + 2].v === ']') {
        name += `.${(toks[i + 1] as { v: string }).v}`;
        i += 3;
      }
      if (isOp('(') || isOp('[')) return undefined; // a call or another subscript: not evaluated
      return lookup(name);
    }
    if (t.v === '(') {
      const v = expr();
      if (!isOp(')')) return undefined;
      i++;
      return v;
    }
    if (t.v === '-') { const v = atom(); return typeof v === 'number' ? -v : undefined; }
    return undefined;
  };
  const term = (): V => {
    let a = atom();
    while (isOp('*') || isOp('/') || isOp('//')) {
      const op = (toks[i++] as { v: string }).v;
      const b = atom();
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      if (op !== '*' && b === 0) return undefined;
      a = op === '*' ? a * b : op === '/' ? a / b : Math.floor(a / b);
    }
    return a;
  };
  const sum = (): V => {
    let a = term();
    while (isOp('+') || isOp('-')) {
      const op = (toks[i++] as { v: string }).v;
      const b = term();
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      a = op === '+' ? a + b : a - b;
    }
    return a;
  };
  const compare = (): V => {
    const a = sum();
    if (!isOp('==') && !isOp('!=')) return a;
    const op = (toks[i++] as { v: string }).v;
    const b = sum();
    if (a === undefined || b === undefined) return undefined;
    return op === '==' ? a === b : a !== b;
  };
  function expr(): V {
    const a = compare();
    if (!isWord('if')) return a;
    i++;
    const cond = compare();
    if (!isWord('else')) return undefined;
    i++;
    const b = expr();
    if (typeof cond !== 'boolean') return undefined;
    return cond ? a : b;
  }
  const v = expr();
  return i === toks.length && v !== undefined && !(typeof v === 'number' && !Number.isFinite(v)) ? v : undefined;
}
