// OmegaConf interpolation (`${a.b}`, `${.x}`, `${..x}`, and NeMo's arithmetic resolvers) resolved
// against keys of the same file. Hydra and NeMo configs write sizes as interpolations
// (`ffn_hidden_size: ${multiply:4, ${.hidden_size}}`), so ignoring them would lose the architecture;
// anything that points outside the file (`${base_results_dir}`, `${oc.env:X}`) stays unknown.
import { type Scalar, type TNode } from './tree';

export interface Resolved {
  /** The value after interpolation; undefined when any part points outside the file. */
  value: Scalar | undefined;
  /** The references that were followed, as written (for notes). */
  refs: string[];
}

/** Deep enough for real chains (`${peft.model.global_batch_size}` → …), shallow enough to stop cycles fast. */
const MAX_DEPTH = 16;

/** Resolvers NeMo and its launcher register; OmegaConf's own `oc.*` read the environment, so never resolve here. */
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

export class OmegaResolver {
  constructor(private readonly root: TNode | undefined) {}

  /**
   * Resolves `value`, which sits at `path` (keys from the root), e.g. `['model', 'ffn_hidden_size']`.
   * A value that is exactly one interpolation keeps its target's type (a number stays a number).
   */
  resolve(path: string[], value: Scalar | undefined): Resolved {
    const refs: string[] = [];
    if (!hasInterpolation(value)) return { value, refs };
    const out = this.text(value as string, path, refs, new Set([path.join('.')]), 0);
    return { value: out, refs };
  }

  private text(s: string, path: string[], refs: string[], seen: Set<string>, depth: number): Scalar | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const pieces: Scalar[] = [];
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
        literal = '';
        const v = this.expr(s.slice(i + 2, end), path, refs, seen, depth + 1);
        if (v === undefined) return undefined;
        pieces.push(v);
        i = end + 1;
        continue;
      }
      literal += s[i++];
    }
    if (literal) pieces.push(literal);
    if (pieces.length === 1) return pieces[0];
    return pieces.map((p) => (p === null ? 'None' : String(p))).join('');
  }

  private expr(body: string, path: string[], refs: string[], seen: Set<string>, depth: number): Scalar | undefined {
    const e = body.trim();
    const colon = topLevelIndex(e, ':');
    if (colon > 0 && /^[A-Za-z_][\w.]*$/.test(e.slice(0, colon))) {
      const name = e.slice(0, colon);
      const fn = ARITHMETIC[name];
      if (!fn) return undefined;
      const args: number[] = [];
      for (const raw of splitTopLevel(e.slice(colon + 1), ',')) {
        const v = this.text(raw.trim(), path, refs, seen, depth + 1);
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
        if (!Number.isFinite(n)) return undefined;
        args.push(n);
      }
      const r = fn(args);
      return r !== undefined && Number.isFinite(r) ? r : undefined;
    }
    return this.reference(e, path, refs, seen, depth);
  }

  private reference(ref: string, path: string[], refs: string[], seen: Set<string>, depth: number): Scalar | undefined {
    if (!/^\.*[\w-]+(\.[\w-]+)*$/.test(ref)) return undefined;
    let target: string[];
    const dots = /^\.*/.exec(ref)![0].length;
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
    refs.push('${' + ref + '}');
    if (node.value === '???') return undefined; // OmegaConf's "mandatory, set on the command line"
    if (!hasInterpolation(node.value)) return node.value;
    const next = new Set(seen).add(id);
    return this.text(node.value as string, target, refs, next, depth + 1);
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
