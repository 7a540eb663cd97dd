// Budget-file globs (`configs/**`, `sweeps/*.{yaml,yml}`, `run?.yaml`) matched in time linear in the
// path. They used to be compiled to a backtracking RegExp: `**?**?…@` then costs C(path length, k)
// steps, seconds for one ordinary path at k = 9 and minutes beyond, on every config the editor
// analyses (audit 2026-12, H3). Here a pattern becomes a small state machine (Thompson's
// construction) and a path is run through it keeping the set of live states, so one path costs at
// most (path length × states) steps, however the wildcards are arranged.
//
// The language is the one the RegExp compiler accepted, unchanged:
//   `**/`  no folders or any number of them (`(?:.*/)?`)
//   `**`   anything, `/` included (`.*`)
//   `*`    anything within one name (`[^/]*`); `?` one character of a name (`[^/]`)
//   `{a,b}` alternatives, which may nest and hold wildcards or `/`
//   a `}` with no open group, and a `,` outside one, are literal; nothing else is special (no
//   escapes, no character classes; dotfiles are names like any other).
// As in .gitignore, a pattern without `/` matches a name at any depth, and a pattern naming a folder
// covers everything beneath it.

/** More wildcards than any real budget path needs; a pattern with more is refused, not slowly run. */
export const MAX_WILDCARDS = 10;

export interface Glob {
  /** True when `path` (relative, `/`-separated) is matched by the pattern. */
  test(path: string): boolean;
}

export type CompiledGlob = { glob: Glob; error?: undefined } | { glob?: undefined; error: string };

type Part =
  | { t: 'char'; c: string }
  | { t: 'name1' } // ?
  | { t: 'name' } // *
  | { t: 'any' } // **
  | { t: 'dirs' } // **/
  | { t: 'alt'; branches: Part[][] };

/** Pattern parts, or a message when a `{` is never closed. */
function parse(p: string): { parts: Part[]; wildcards: number } | { error: string } {
  let i = 0;
  let wildcards = 0;
  // Parses up to the `}` closing the current group (depth > 0) or the end; `,` splits branches in a group.
  const group = (depth: number): Part[][] | undefined => {
    const branches: Part[][] = [[]];
    while (i < p.length) {
      const c = p[i];
      const cur = branches[branches.length - 1];
      if (c === '*' && p[i + 1] === '*') {
        const dirs = p[i + 2] === '/';
        cur.push({ t: dirs ? 'dirs' : 'any' });
        wildcards++;
        i += dirs ? 3 : 2;
      } else if (c === '*') {
        cur.push({ t: 'name' });
        wildcards++;
        i++;
      } else if (c === '?') {
        cur.push({ t: 'name1' });
        wildcards++;
        i++;
      } else if (c === '{') {
        i++;
        const inner = group(depth + 1);
        if (!inner) return undefined;
        cur.push({ t: 'alt', branches: inner });
      } else if (c === '}' && depth > 0) {
        i++;
        return branches;
      } else if (c === ',' && depth > 0) {
        branches.push([]);
        i++;
      } else {
        cur.push({ t: 'char', c });
        i++;
      }
    }
    return depth > 0 ? undefined : branches;
  };
  const top = group(0);
  if (!top) return { error: '`path` has a `{` that is never closed by a `}` after it.' };
  return { parts: top[0], wildcards };
}

// ── The state machine ──
const CHAR = 0;
const NAME1 = 1; // one character other than `/`
const ANY1 = 2; // one character
const SPLIT = 3; // no character: go to both `a` and `b`
const MATCH = 4;

interface State {
  kind: number;
  c?: string;
  /** Next state (CHAR, NAME1, ANY1) or first branch (SPLIT). */
  a: number;
  /** Second branch (SPLIT). */
  b: number;
}

class Machine implements Glob {
  private readonly mark: Int32Array;
  private gen = 0;

  constructor(private readonly states: State[], private readonly start: number) {
    this.mark = new Int32Array(states.length);
  }

  test(path: string): boolean {
    let live: number[] = [];
    this.gen++;
    this.add(this.start, live);
    for (let i = 0; i < path.length && live.length; i++) {
      const ch = path[i];
      const next: number[] = [];
      this.gen++;
      for (const s of live) {
        const st = this.states[s];
        if ((st.kind === CHAR && st.c === ch) || (st.kind === NAME1 && ch !== '/') || st.kind === ANY1) this.add(st.a, next);
      }
      live = next;
    }
    return live.some((s) => this.states[s].kind === MATCH);
  }

  /** Adds `s` and every state reachable from it without a character, each once per step. */
  private add(s: number, into: number[]): void {
    const stack = [s];
    while (stack.length) {
      const t = stack.pop()!;
      if (this.mark[t] === this.gen) continue;
      this.mark[t] = this.gen;
      const st = this.states[t];
      if (st.kind === SPLIT) stack.push(st.b, st.a);
      else into.push(t);
    }
  }
}

function build(parts: Part[], anywhere: boolean): Machine {
  const states: State[] = [];
  const state = (kind: number, a = -1, b = -1, c?: string): number => states.push({ kind, a, b, c }) - 1;
  // Built back to front: each part is compiled knowing the state that follows it.
  const loop = (kind: number, next: number): number => {
    const split = state(SPLIT, -1, next);
    states[split].a = state(kind, split);
    return split;
  };
  const dirs = (next: number): number => {
    // `(?:.*/)?`: straight on, or any characters then a `/`.
    const split = state(SPLIT, -1, state(CHAR, next, -1, '/'));
    states[split].a = state(ANY1, split);
    return state(SPLIT, next, split);
  };
  const seq = (ps: Part[], next: number): number => {
    for (let k = ps.length - 1; k >= 0; k--) next = one(ps[k], next);
    return next;
  };
  const one = (p: Part, next: number): number => {
    switch (p.t) {
      case 'char': return state(CHAR, next, -1, p.c);
      case 'name1': return state(NAME1, next);
      case 'name': return loop(NAME1, next);
      case 'any': return loop(ANY1, next);
      case 'dirs': return dirs(next);
      case 'alt': {
        let start = seq(p.branches[p.branches.length - 1], next);
        for (let k = p.branches.length - 2; k >= 0; k--) start = state(SPLIT, seq(p.branches[k], next), start);
        return start;
      }
    }
  };
  const match = state(MATCH);
  // `(?:/.*)?`: a folder pattern covers what is beneath it.
  const tail = state(SPLIT, match, state(CHAR, loop(ANY1, match), -1, '/'));
  let start = seq(parts, tail);
  if (anywhere) start = dirs(start);
  return new Machine(states, start);
}

/** Compiles an already normalised pattern (see normalisePattern), or says why it cannot be used. */
export function compileGlob(normalised: string): CompiledGlob {
  const parsed = parse(normalised);
  if ('error' in parsed) return { error: parsed.error };
  if (parsed.wildcards > MAX_WILDCARDS) return { error: `\`path\` has ${parsed.wildcards} wildcards; at most ${MAX_WILDCARDS} are allowed.` };
  return { glob: build(parsed.parts, !normalised.includes('/')) };
}
