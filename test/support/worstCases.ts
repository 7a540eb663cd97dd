// Worst-case inputs shared by the unit tests (which check what these inputs give) and `npm run bench`
// (which times them against their targets). Wall-clock limits live in the bench only: a unit test that
// asserts milliseconds fails on a loaded machine and under mutation testing's instrumentation (issue 19).

/**
 * The budget-file glob patterns that made the old RegExp translation backtrack (10 wildcards, the most a
 * pattern may hold): `**a`×8+`**b` took 193 s on a 60-character name before src/engine/glob.ts.
 * Matched against LONG_GLOB_PATH (10,000 characters) they must stay a plain no-match.
 */
export const WORST_GLOBS: readonly string[] = [`${'**a'.repeat(9)}**b`, `${'*a'.repeat(9)}*b`, `${'**?'.repeat(5)}@`, `${'{a,*}'.repeat(10)}b`, `${'**/a'.repeat(9)}/**/b`];

/** 2,500 folders and a 5,000-character name: what WORST_GLOBS are matched against. */
export const LONG_GLOB_PATH = `${'a/'.repeat(2500)}${'a'.repeat(5000)}`;

/** One timed worst case: what ran, how long it took (ms) and the target `npm run bench` holds it to. */
export interface WorstCaseTiming {
  what: string;
  ms: number;
  targetMs: number;
}

/**
 * Every call made through `timed` in this process. The unit tests only check what the worst cases
 * give; `npm run bench` runs those test files in a child mocha with CARBON_LENS_TIMINGS set to a file
 * path, and compares what is written there (at exit) with each target.
 */
export const timings: WorstCaseTiming[] = [];

const out = process.env.CARBON_LENS_TIMINGS;
if (out) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  process.on('exit', () => require('fs').writeFileSync(out, JSON.stringify(timings, null, 1)));
}

/**
 * Runs `fn` and records its time against `targetMs`; with `tries` > 1, the fastest of up to that many
 * calls (a GC pause in one is not the code's doing; a clearly fast first call, under 20 ms, is enough).
 * Returns what the first call returned.
 */
export function timed<T>(what: string, targetMs: number, fn: () => T, tries = 1): T {
  let best = Infinity;
  let first: T | undefined;
  for (let k = 0; k < tries; k++) {
    const t0 = process.hrtime.bigint();
    const r = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    if (k === 0) first = r;
    if (best < 20) break;
  }
  timings.push({ what, ms: best, targetMs });
  return first as T;
}
