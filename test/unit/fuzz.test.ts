// Property tests over every detector and parser (issue #8): random and mutated real files must come
// back as an estimate, `unknown`, or a clear error with a location — never an exception, never NaN —
// and no case may take more than 100 ms.
// FUZZ_RUNS sets the number of generated cases in all, split over the three generators (CI: 100 000);
// The seed is fixed (DEFAULT_SEED) so a run is reproducible; FUZZ_SEED varies it (the seed is printed
// at the end and in any failure).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { estimateRun } from '../../src/core/estimate';
import type { Estimate, SourceRange } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { analyzeText } from '../../src/formats';
import type { Analysis } from '../../src/formats/types';
import { CORPUS } from './helpers/corpus';
import { timings } from '../support/worstCases';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 4000);
const DEFAULT_SEED = 20261205;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : DEFAULT_SEED;
const settings = normalizeSettings({});

interface Sample {
  name: string;
  text: string;
}

function corpus(): Sample[] {
  const out: Sample[] = [];
  // Our own fixtures always (a clone alone has them); the shared corpus of real files when present.
  const fixtures = [path.resolve(__dirname, '../fixtures/workspace'), path.resolve(__dirname, '../fixtures/formats')];
  for (const root of [CORPUS, ...fixtures]) {
    if (!fs.existsSync(root)) continue;
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json|ipynb|py)$/.test(e.name)) out.push({ name: e.name, text: fs.readFileSync(p, 'utf8') });
      }
    };
    walk(root);
  }
  return out;
}

/**
 * The issue's bound for one case (analysis + estimates of one file). A case over it is run again up
 * to RETRIES times: on a shared 2-core box a single run can be stretched far past its real cost by a
 * GC pause, JIT (re)compilation or another process taking the CPU, while a genuinely slow input (a
 * parser going quadratic) is slow every time. A case still over is not a failure here (under load all
 * four runs can be, issue 19) but is recorded with the slowest case (test/support/worstCases.ts), and
 * `npm run bench` section 9, which runs this file, fails on it.
 */
const MAX_CASE_MS = 100;
const RETRIES = 3;

const stats = { cases: 0, generated: 0, retried: 0, slowest: { ms: 0, name: '', length: 0 } };

/** Messages that are a JavaScript failure passed through, not something a user can act on. */
const RAW_JS_ERROR = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|undefined \(reading|Maximum call stack|Invalid array length|Invalid string length|\[object Object\]|^undefined$|^null$/;

/** Lines as the editor counts them (\r\n, \r and \n each end one), after the BOM the analyser strips. */
function linesOf(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

/** Why `r` is not a location in the file (undefined when it is one). */
function badRange(r: SourceRange | undefined, lines: string[]): string | undefined {
  if (!r) return 'no range';
  const { startLine, startCol, endLine, endCol } = r;
  if (![startLine, startCol, endLine, endCol].every((n) => Number.isInteger(n) && n >= 0)) return `range ${JSON.stringify(r)} is not made of non-negative integers`;
  if (endLine >= lines.length) return `range ${JSON.stringify(r)} ends past the last line (${lines.length})`;
  if (startLine > endLine || (startLine === endLine && startCol > endCol)) return `range ${JSON.stringify(r)} ends before it starts`;
  // The start must be on the line (its end included); an end a column or more past it is clamped by
  // the editor to the end of the line, which is where a parser reports an unexpected end of file.
  if (startCol > lines[startLine].length) return `range ${JSON.stringify(r)} starts past the end of its line`;
  return undefined;
}

/** Why a problem is not "a clear error with a location" (undefined when it is one). */
function unclear(p: { message: string; range: SourceRange }, lines: string[]): string | undefined {
  if (typeof p.message !== 'string' || p.message.trim().length < 8) return `error without a message: ${JSON.stringify(p.message)}`;
  if (RAW_JS_ERROR.test(p.message)) return `error that is a JavaScript failure, not an explanation: ${p.message}`;
  const where = badRange(p.range, lines);
  return where && `error "${p.message}" without a usable location: ${where}`;
}

function pipeline(text: string, name: string): { a: Analysis; estimates: Estimate[] } {
  const a = analyzeText(text, name);
  // An exception from either step propagates: fast-check reports it as a failure, with the input.
  return { a, estimates: a.runs.map((run) => estimateRun(run, settings)) };
}

function timed(text: string, name: string): number {
  const t0 = performance.now();
  pipeline(text, name);
  return performance.now() - t0;
}

/** One case through the whole pipeline; what broke, or undefined when the result is sound (its time is recorded for the bench). */
function check(text: string, name: string): string | undefined {
  const t0 = performance.now();
  const { a, estimates } = pipeline(text, name);
  let ms = performance.now() - t0;
  stats.cases++;
  const problem = soundness(text, a, estimates);
  if (problem) return problem;
  if (ms > MAX_CASE_MS) {
    stats.retried++;
    const runs = [ms];
    for (let k = 0; k < RETRIES && ms > MAX_CASE_MS; k++) {
      runs.push(timed(text, name));
      ms = Math.min(...runs);
    }
    if (ms > MAX_CASE_MS) timings.push({ what: `fuzz: ${name}, ${text.length} chars, starting ${JSON.stringify(text.slice(0, 40))} (best of ${runs.length})`, ms, targetMs: MAX_CASE_MS });
  }
  // Reported: the best run of a case that needed re-running, else its only run.
  if (ms > stats.slowest.ms) stats.slowest = { ms, name, length: text.length };
  return undefined;
}

/** Every result is either an estimate or a clear error with a location. */
function soundness(text: string, a: Analysis, estimates: Estimate[]): string | undefined {
  const lines = linesOf(text);
  if (a.error) {
    const why = unclear(a.error, lines);
    if (why) return why;
  }
  for (const p of a.problems) {
    const why = unclear(p, lines);
    if (why) return `problem: ${why}`;
  }
  for (const [i, run] of a.runs.entries()) {
    if (run.anchor) {
      const why = badRange(run.anchor, lines);
      if (why) return `run ${i} (where its lens goes): ${why}`;
    }
    for (const [field, v] of Object.entries(run.inputs)) {
      if (!v?.range) continue;
      const why = badRange(v.range, lines);
      if (why) return `run ${i} ${field} (where its hover and edits go): ${why}`;
    }
    const e = estimates[i];
    if (e.missing.length) {
      // Not an estimate: then it must say what the file lacks ("needs the model"), never show a number.
      if (!e.missing.every((m) => typeof m === 'string' && m.trim().length > 0)) return `unclear missing list ${JSON.stringify(e.missing)}`;
      continue;
    }
    for (const r of [e.co2eKg, e.energyKwh, e.hours]) {
      if (![r.low, r.mid, r.high].every((n) => Number.isFinite(n) && n >= 0)) return `non-finite or negative result ${JSON.stringify(r)}`;
      if (!(r.low <= r.mid * (1 + 1e-9) && r.mid <= r.high * (1 + 1e-9))) return `range out of order ${JSON.stringify(r)}`;
    }
    if (!Number.isFinite(e.embodiedKg) || e.embodiedKg < 0) return `non-finite or negative embodied ${e.embodiedKg}`;
  }
  return undefined;
}

/** A fast-check predicate that fails with the reason (fast-check adds the input, the seed and the path). */
function holds(text: string, name: string): void {
  stats.generated++;
  const problem = check(text, name);
  if (problem) throw new Error(problem);
}

const EXT = ['x.yaml', 'x.yml', 'x.json', 'x.ipynb', 'x.py', 'config.yaml', 'trainer_state.json'];

/** Mutations that real broken files show: truncation, wrong types, odd bytes, line-ending changes. */
function mutations(samples: Sample[]) {
  const sample = fc.constantFrom(...samples);
  const nasty = fc.constantFrom('-1', '0', '1e309', 'NaN', '.inf', '-.inf', '"auto"', 'null', '~', '[]', '{}', '&a [*a, *a]', '*undefined', '!!binary AAAA', '99999999999999999999', '"\u0000"', '\u202e', '${oops', '${a.b.c}', "'", '"', '\t', '- - - -', '? x', '<<: *x');
  return fc.oneof(
    fc.tuple(sample, fc.nat()).map(([s, n]) => ({ name: s.name, text: s.text.slice(0, n % (s.text.length + 1)) })),
    fc.tuple(sample, fc.nat(), nasty).map(([s, n, v]) => {
      const lines = s.text.split('\n');
      const i = n % Math.max(1, lines.length);
      lines[i] = lines[i].replace(/:\s*.*$/, `: ${v}`);
      return { name: s.name, text: lines.join('\n') };
    }),
    fc.tuple(sample, fc.nat(), fc.string({ maxLength: 20 })).map(([s, n, junk]) => {
      const at = n % (s.text.length + 1);
      return { name: s.name, text: s.text.slice(0, at) + junk + s.text.slice(at) };
    }),
    sample.map((s) => ({ name: s.name, text: '\ufeff' + s.text.replace(/\n/g, '\r\n') })),
    fc.tuple(sample, fc.uint8Array({ maxLength: 64 })).map(([s, bytes]) => ({ name: s.name, text: s.text + Buffer.from(bytes).toString('latin1') })),
  );
}

describe('fuzz: every parser survives hostile input', function () {
  this.timeout(0);
  const samples = corpus();
  const GENERATORS = 3;
  const numRuns = Math.max(100, Math.ceil(TOTAL / GENERATORS));
  const options = { numRuns, seed: SEED };
  after(() => timings.push({ what: `fuzz: slowest of ${stats.cases} cases (${stats.slowest.name}, ${stats.slowest.length} chars)`, ms: stats.slowest.ms, targetMs: MAX_CASE_MS }));
  after(() => console.log(`      fuzz: ${stats.cases} cases (seed ${SEED}); slowest ${stats.slowest.ms.toFixed(1)} ms (${stats.slowest.name}, ${stats.slowest.length} chars); `
    + `${stats.retried} re-run for taking over ${MAX_CASE_MS} ms once`));

  it('has real files to mutate', () => {
    assert.ok(samples.length >= 20, `found ${samples.length} samples`);
  });

  const key = fc.constantFrom('num_epochs', 'max_steps', 'base_model', 'model', 'count', 'hours', 'hardware', 'region', 'resources', 'accelerators', 'num_nodes', 'trainer', 'devices', 'precision', 'load_in_4bit', 'method', 'parameters', 'run_cap', 'n_trials', 'apiVersion', 'kind', 'nvidia.com/gpu', 'tensor_parallel_size', 'sequence_len', 'micro_batch_size', 'per_device_train_batch_size');
  const value = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null));
  const doc = fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 4 }), fc.array(value, { maxLength: 4 })), { maxKeys: 10 });

  /** The three generators, each a fast-check property over the whole pipeline. */
  const generators: Record<string, () => fc.IProperty<never>> = {
    'random text under every file name': () => fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...EXT), holds) as never,
    'mutated real files': () => fc.property(mutations(samples), (s) => holds(s.text, s.name)) as never,
    'random YAML-shaped documents': () => fc.property(doc, fc.constantFrom('a.yaml', 'a.json'), (d, name) => {
      const text = name.endsWith('.json') ? JSON.stringify(d) : Object.entries(d).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
      holds(text, name);
    }) as never,
  };
  /** Cases each generator ran, kept per generator so the counter does not depend on test order. */
  const ran = new Map<string, number>();
  function run(name: string): void {
    const before = stats.generated;
    fc.assert(generators[name](), options);
    ran.set(name, stats.generated - before);
  }

  for (const name of Object.keys(generators)) it(name, () => run(name));

  it(`counter: the generators together run at least FUZZ_RUNS (${TOTAL}) cases`, () => {
    // Run alone (-g counter) or first, it runs the generators itself; after them, it reuses their counts.
    for (const name of Object.keys(generators)) if (!ran.has(name)) run(name);
    const total = [...ran.values()].reduce((a, b) => a + b, 0);
    assert.ok(total >= TOTAL, `only ${total} generated cases ran (${[...ran].map(([k, v]) => `${k}: ${v}`).join(', ')})`);
  });

  it('deep nesting and alias bombs stay bounded', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.strictEqual(check(deep, 'deep.json'), undefined);
    assert.strictEqual(check('a: ' + '['.repeat(3000), 'deep.yaml'), undefined);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const a = analyzeText(bomb.join('\n'), 'bomb.yaml');
    assert.ok(a.format === 'unknown' || a.error, 'an alias bomb is refused, not expanded');
  });
});
