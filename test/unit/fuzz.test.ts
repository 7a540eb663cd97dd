// Property tests over every detector and parser: random and mutated real files must come back as an
// analysis (an estimate, `unknown`, or an error with a location) — never an exception, never NaN.
// FUZZ_RUNS sets the number of generated cases per property (CI runs 100 000 in all).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { estimateRun } from '../../src/core/estimate';
import { normalizeSettings } from '../../src/core/settings';
import { analyzeText } from '../../src/formats';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const TOTAL = Number(process.env.FUZZ_RUNS ?? 4000);
const settings = normalizeSettings({});

interface Sample {
  name: string;
  text: string;
}

function corpus(): Sample[] {
  const out: Sample[] = [];
  const fixtures = path.resolve(__dirname, '../fixtures/workspace');
  for (const root of [CORPUS, fixtures]) {
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

/** Slowest generated case, reported (not asserted: timing belongs to the benchmark). */
const slowest = { ms: 0, name: '', length: 0, cases: 0 };

/** The whole pipeline; returns a description of what broke, or undefined when the result is sound. */
function check(text: string, name: string): string | undefined {
  const t0 = performance.now();
  try {
    return checkUntimed(text, name);
  } finally {
    const ms = performance.now() - t0;
    slowest.cases++;
    if (ms > slowest.ms) Object.assign(slowest, { ms, name, length: text.length });
  }
}

function checkUntimed(text: string, name: string): string | undefined {
  const a = analyzeText(text, name);
  if (a.error && !a.error.range) return 'error without a location';
  for (const run of a.runs) {
    const e = estimateRun(run, settings);
    for (const r of [e.co2eKg, e.energyKwh, e.hours]) {
      if (![r.low, r.mid, r.high].every((n) => Number.isFinite(n) && n >= 0)) return `non-finite or negative result ${JSON.stringify(r)}`;
      if (!(r.low <= r.mid * (1 + 1e-9) && r.mid <= r.high * (1 + 1e-9))) return `range out of order ${JSON.stringify(r)}`;
    }
    if (!Number.isFinite(e.embodiedKg)) return 'non-finite embodied';
  }
  return undefined;
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
  const runs = Math.max(100, Math.floor(TOTAL / 4));
  after(() => console.log(`      fuzz: ${slowest.cases} cases; slowest ${slowest.ms.toFixed(1)} ms (${slowest.name}, ${slowest.length} chars)`));

  it('has real files to mutate', () => {
    assert.ok(samples.length >= 20, `found ${samples.length} samples`);
  });

  it('random text under every file name', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...EXT), (text, name) => check(text, name) === undefined), { numRuns: runs });
  });

  it('mutated real files', () => {
    fc.assert(fc.property(mutations(samples), (s) => check(s.text, s.name) === undefined), { numRuns: runs });
  });

  it('random YAML-shaped documents', () => {
    const key = fc.constantFrom('num_epochs', 'max_steps', 'base_model', 'model', 'count', 'hours', 'hardware', 'region', 'resources', 'accelerators', 'num_nodes', 'trainer', 'devices', 'precision', 'load_in_4bit', 'method', 'parameters', 'run_cap', 'n_trials', 'apiVersion', 'kind', 'nvidia.com/gpu', 'tensor_parallel_size', 'sequence_len', 'micro_batch_size', 'per_device_train_batch_size');
    const value = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null));
    const doc = fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 4 }), fc.array(value, { maxLength: 4 })), { maxKeys: 10 });
    fc.assert(fc.property(doc, fc.constantFrom('a.yaml', 'a.json'), (d, name) => {
      const text = name.endsWith('.json') ? JSON.stringify(d) : Object.entries(d).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
      return check(text, name) === undefined;
    }), { numRuns: runs });
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
