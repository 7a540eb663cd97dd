// OmegaConf interpolation (`${a.b}`, `${.x}`, `${..x}`, and NeMo's arithmetic resolvers) resolved
// against keys of the same file. Hydra and NeMo configs write sizes as interpolations
// (`ffn_hidden_size: ${multiply:4, ${.hidden_size}}`), so ignoring them would lose the architecture;
// anything that points outside the file (`${base_results_dir}`, `${oc.env:X}`) stays unknown.
import { type Scalar, type TNode } from './tree';

export interface Resolved {
  /** The value after interpolation; undefined when any part points outside the file, or a bound was hit. */
  value: Scalar | undefined;
  /** The references that were followed, as written (for notes), each once. */
  refs: string[];
  /** Set when the value stays unknown because it expands too far (a bound below was hit): why, for a note. */
  limit?: string;
}

/** Deep enough for real chains (`${peft.model.global_batch_size}` → …), shallow enough to stop cycles fast. */
const MAX_DEPTH = 16;
/**
 * References one value may follow in all, and characters it may resolve to. A real config follows a
 * handful of references to a short value; a hostile one (`a: "${b}${b}…"`, `b: "${c}${c}…"`) doubles
 * per level, so without these bounds a file under 1 KB expands to gigabytes (audit 2026-12, H1).
 */
export const MAX_REFERENCES = 256;
export const MAX_RESOLVED_LENGTH = 1024;

/** A numeric string as NeMo's resolvers accept it; the length check comes first so the regex sees little. */
const NUMERIC = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** Resolvers NeMo and its launcher register (OmegaConf's `oc.env` is handled apart: only its default is known). */
const ARITHMETIC: Record<string, (args: number[]) => number | undefined> = {
  multiply: (a) => (a.length >= 2 ? a.reduce((x, y) => x * y, 1) : undefined),
  sum: (a) => a.reduce((x, y) => x + y, 0),
  add: (a) => a.reduce((x, y) => x + y, 0),
  subtract: (a) => (a.length === 2 ? a[0] - a[1] : undefined),
  int_div: (a) => (a.length === 2 && a[1] !== 0 ? Math.floor(a[0] / a[1]) : undefined),
  divide_floor: (a) => (a.length === 2 && a[1] !== 0 ? Math.floor(a[0] / a[1]) : undefined),
  divide_ceil: (a) => (a.length === 2 && a[1] !== 0 ? Math.ceil(a[0] / a[1]) : undefined),
};

export function hasInterpolation(v: Scalar | undefined): boolean {
  return typeof v === 'string' && v.includes('${');
}

/** One `resolve()` call: what it followed and whether a bound stopped it. */
interface Walk {
  refs: Set<string>;
  followed: number;
  limit?: string;
  /** Times the depth bound cut a branch: a result reached that way depends on where it was asked from, so it is not memoised. */
  depthCuts: number;
}

interface Memo {
  value: Scalar | undefined;
  refs: string[];
  limit?: string;
}

export class OmegaResolver {
  /**
   * What each target key resolved to, so a key referenced many times is resolved once (the work is
   * then linear in the number of keys, not exponential in the nesting). A key's result does not
   * depend on who asks: a cycle through it is a cycle from anywhere.
   */
  private readonly memo = new Map<string, Memo>();

  constructor(private readonly root: TNode | undefined) {}

  /**
   * Resolves `value`, which sits at `path` (keys from the root), e.g. `['model', 'ffn_hidden_size']`.
   * A value that is exactly one interpolation keeps its target's type (a number stays a number).
   */
  resolve(path: string[], value: Scalar | undefined): Resolved {
    if (!hasInterpolation(value)) return { value, refs: [] };
    const walk: Walk = { refs: new Set(), followed: 0, depthCuts: 0 };
    const out = this.text(value as string, path, walk, new Set([path.join('.')]), 0);
    const refs = [...walk.refs];
    return walk.limit ? { value: undefined, refs, limit: walk.limit } : { value: out, refs };
  }

  private text(s: string, path: string[], walk: Walk, seen: Set<string>, depth: number): Scalar | undefined {
    if (depth > MAX_DEPTH) {
      walk.depthCuts++;
      return undefined;
    }
    const pieces: Scalar[] = [];
    let length = 0;
    let i = 0;
    let literal = '';
    while (i < s.length) {
      if (s[i] === '\\' && s[i + 1] === '$') {
        literal += '$';
        i += 2;
        continue;
      }
      if (s[i] === '$' && s[i + 1] === '{') {
        const end = matchingBrace(s, i + 1);
        if (end < 0) return undefined; // `${oops`: malformed, OmegaConf would reject it too
        if (literal) pieces.push(literal);
        length += literal.length;
        literal = '';
        const v = this.expr(s.slice(i + 2, end), path, walk, seen, depth + 1);
        if (v === undefined || walk.limit) return undefined;
        pieces.push(v);
        length += v === null ? 4 : String(v).length;
        if (length > MAX_RESOLVED_LENGTH) return this.stop(walk, `resolves to more than ${MAX_RESOLVED_LENGTH} characters`);
        i = end + 1;
        continue;
      }
      literal += s[i++];
    }
    if (literal) pieces.push(literal);
    if (length + literal.length > MAX_RESOLVED_LENGTH && pieces.length > 1) return this.stop(walk, `resolves to more than ${MAX_RESOLVED_LENGTH} characters`);
    if (pieces.length === 1) return pieces[0];
    return pieces.map((p) => (p === null ? 'None' : String(p))).join('');
  }

  private stop(walk: Walk, why: string): undefined {
    walk.limit ??= why;
    return undefined;
  }

  private expr(body: string, path: string[], walk: Walk, seen: Set<string>, depth: number): Scalar | undefined {
    const e = body.trim();
    const colon = topLevelIndex(e, ':');
    if (colon > 0 && colon <= 64 && /^[A-Za-z_][\w.]*$/.test(e.slice(0, colon))) {
      const name = e.slice(0, colon);
      // `${oc.env:VAR,default}` (and the older `${env:VAR,default}`): the environment is not known
      // here, but the default is what runs when VAR is unset, so it is used (and said so by the reader).
      if (name === 'oc.env' || name === 'env') {
        const args = splitTopLevel(e.slice(colon + 1), ',');
        if (args.length !== 2) return undefined;
        walk.refs.add('${' + e + '}');
        let d = args[1].trim();
        if (d.length >= 2 && (d[0] === '"' || d[0] === "'") && d[d.length - 1] === d[0]) d = d.slice(1, -1);
        return d === '' || d.toLowerCase() === 'null' ? undefined : this.text(d, path, walk, seen, depth + 1);
      }
      const fn = Object.hasOwn(ARITHMETIC, name) ? ARITHMETIC[name] : undefined;
      if (!fn) return undefined;
      const args: number[] = [];
      for (const raw of splitTopLevel(e.slice(colon + 1), ',')) {
        const v = this.text(raw.trim(), path, walk, seen, depth + 1);
        if (walk.limit) return undefined;
        const t = typeof v === 'string' ? v.trim() : '';
        const n = typeof v === 'number' ? v : t.length <= 64 && NUMERIC.test(t) ? Number(t) : NaN;
        if (!Number.isFinite(n)) return undefined;
        args.push(n);
      }
      const r = fn(args);
      return r !== undefined && Number.isFinite(r) ? r : undefined;
    }
    return this.reference(e, path, walk, seen, depth);
  }

  private reference(ref: string, path: string[], walk: Walk, seen: Set<string>, depth: number): Scalar | undefined {
    if (++walk.followed > MAX_REFERENCES) return this.stop(walk, `follows more than ${MAX_REFERENCES} references`);
    // A key path is short; the length check keeps the pattern's nested quantifier off long text.
    if (ref.length > 300 || !/^\.*[\w-]+(\.[\w-]+)*$/.test(ref)) return undefined;
    let target: string[];
    let dots = 0;
    while (ref[dots] === '.') dots++;
    const keys = ref.slice(dots).split('.');
    if (dots > 0) {
      // `.x` is a sibling of the key holding the interpolation; each further dot climbs one map.
      const base = path.slice(0, Math.max(0, path.length - dots));
      if (path.length - dots < 0) return undefined;
      target = [...base, ...keys];
    } else {
      target = keys;
      // A launcher stage file is mounted under its stage name (`training.`, `peft.`): read standalone,
      // `${peft.model.x}` means this file's `model.x`.
      if (!this.node(target) && keys.length > 1 && !this.node([keys[0]])) target = keys.slice(1);
    }
    const id = target.join('.');
    if (seen.has(id)) return undefined; // cycle
    const node = this.node(target);
    if (!node || node.kind !== 'scalar') return undefined;
    walk.refs.add('${' + ref + '}');
    if (node.value === '???') return undefined; // OmegaConf's "mandatory, set on the command line"
    if (!hasInterpolation(node.value)) return node.value;
    const known = this.memo.get(id);
    if (known) {
      // Already resolved: one reference followed, not the target's whole walk again.
      for (const r of known.refs) walk.refs.add(r);
      return known.limit ? this.stop(walk, known.limit) : known.value;
    }
    // The target's own walk, so its refs and cost can be memoised and replayed into the caller's.
    const own: Walk = { refs: new Set(), followed: 0, depthCuts: 0 };
    const value = this.text(node.value as string, target, own, new Set(seen).add(id), depth + 1);
    if (own.depthCuts === 0) this.memo.set(id, { value, refs: [...own.refs], limit: own.limit });
    for (const r of own.refs) walk.refs.add(r);
    walk.followed += own.followed;
    walk.depthCuts += own.depthCuts;
    if (own.limit) return this.stop(walk, own.limit);
    if (walk.followed > MAX_REFERENCES) return this.stop(walk, `follows more than ${MAX_REFERENCES} references`);
    return value;
  }

  private node(keys: string[]): TNode | undefined {
    let cur = this.root;
    for (const k of keys) {
      if (!cur || cur.kind !== 'map') return undefined;
      // Last duplicate wins, as when OmegaConf loads the file.
      let found: TNode | undefined;
      for (const e of cur.entries) if (e.key === k) found = e.value;
      cur = found;
    }
    return cur;
  }
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Index of `ch` outside any `${…}`, or -1. */
function topLevelIndex(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ch && depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
