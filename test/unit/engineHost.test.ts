// The engine runs off the caller's thread (issue #18): these tests check that a request that
// overruns its deadline, exhausts its memory or kills its worker fails alone, with the reason the
// user will read, and that the next request is served by a fresh worker. The stand-in worker
// (test/fixtures/host/standInWorker.js) misbehaves on request; the last tests use the real engine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EnginePool } from '../../src/host/enginePool';
import { EngineStopped, stoppedMessage } from '../../src/host/protocol';
import { SyncEngine } from '../../src/host/syncEngine';
import { engineWorkerScript } from '../../src/host/workerScript';
import { evaluateText } from '../../src/engine/evaluate';
import { normalizeSettings } from '../../src/core/settings';
import { fromWire, matchRule } from '../../src/engine/budgetRules';
import { parseBudgetFile } from '../../src/engine/budgetFile';

const standIn = { file: path.resolve(__dirname, '../fixtures/host/standInWorker.js'), execArgv: [] };
// The stand-in's ops are not the engine's; the pool only forwards names, so cast for the test.
type AnyPool = { call(op: string, ...args: unknown[]): Promise<any> };
type AnySync = { call(op: string, ...args: unknown[]): any };

async function rejection(p: Promise<unknown>): Promise<EngineStopped> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EngineStopped, `expected EngineStopped, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

describe('engine pool (worker threads)', function () {
  this.timeout(30_000);
  let pool: EnginePool;
  afterEach(() => pool?.dispose());

  it('answers requests and keeps one worker while they come one at a time', async () => {
    pool = new EnginePool({ script: standIn });
    const a = await (pool as unknown as AnyPool).call('echo', 1, 'x');
    const b = await (pool as unknown as AnyPool).call('echo', 2);
    assert.deepStrictEqual(a.args, [1, 'x']);
    assert.deepStrictEqual(b.args, [2]);
    assert.strictEqual(a.threadId, b.threadId);
    assert.strictEqual(pool.stats.started, 1);
  });

  it('stops a request at its deadline, fails only that one, and serves the next from a new worker', async () => {
    pool = new EnginePool({ script: standIn, maxWorkers: 1, deadlineMs: () => 300 });
    const p = pool as unknown as AnyPool;
    const first = await p.call('echo');
    const spun = p.call('spin');
    const queued = p.call('echo', 'after'); // waits behind the spinning request on the only worker
    const e = await rejection(spun);
    assert.strictEqual(e.reason, 'timeout');
    const after = await queued;
    assert.deepStrictEqual(after.args, ['after']);
    assert.notStrictEqual(after.threadId, first.threadId, 'a new worker serves the queue');
    assert.strictEqual(pool.stats.stopped, 1);
  });

  it('serves another request from a second worker while one is stuck', async () => {
    pool = new EnginePool({ script: standIn, maxWorkers: 2, deadlineMs: () => 5_000 });
    const p = pool as unknown as AnyPool;
    await p.call('echo');
    const spun = p.call('spin');
    const other = await p.call('echo', 'meanwhile'); // answered long before the 5 s deadline
    assert.deepStrictEqual(other.args, ['meanwhile']);
    assert.strictEqual(pool.size, 2);
    pool.dispose();
    assert.strictEqual((await rejection(spun)).reason, 'failed');
  });

  it('reports a worker that runs out of memory as "needed too much memory"', async () => {
    pool = new EnginePool({ script: standIn, deadlineMs: () => 20_000 });
    const e = await rejection((pool as unknown as AnyPool).call('alloc'));
    assert.strictEqual(e.reason, 'memory');
    assert.strictEqual(stoppedMessage(e.reason, 20), 'Carbon Lens stopped reading this file: it needed too much memory.');
    assert.deepStrictEqual((await (pool as unknown as AnyPool).call('echo', 'ok')).args, ['ok']);
  });

  it('reports a worker that exits as a crash and recovers', async () => {
    pool = new EnginePool({ script: standIn });
    assert.strictEqual((await rejection((pool as unknown as AnyPool).call('exit'))).reason, 'crashed');
    assert.deepStrictEqual((await (pool as unknown as AnyPool).call('echo', 1)).args, [1]);
  });

  it('passes an engine error through without restarting the worker', async () => {
    pool = new EnginePool({ script: standIn });
    const e = await rejection((pool as unknown as AnyPool).call('throw'));
    assert.strictEqual(e.reason, 'failed');
    assert.strictEqual(e.message, 'boom');
    assert.strictEqual(pool.stats.started, 1);
  });
});

describe('sync engine (the CLI)', function () {
  this.timeout(30_000);

  it('answers synchronously and gives up on a request at its deadline', () => {
    const engine = new SyncEngine(300, standIn);
    const s = engine as unknown as AnySync;
    try {
      assert.deepStrictEqual(s.call('echo', 'a').args, ['a']);
      const t0 = Date.now();
      assert.throws(() => s.call('spin'), (e: unknown) => e instanceof EngineStopped && e.reason === 'timeout');
      const waited = Date.now() - t0;
      assert.ok(waited >= 290, `gave up after ${waited} ms, before the 300 ms deadline`);
      assert.deepStrictEqual(s.call('echo', 'b').args, ['b']);
      assert.strictEqual(engine.stats.started, 2);
    } finally {
      engine.close();
    }
  });
});

describe('the real engine in a worker', function () {
  this.timeout(60_000);
  const settings = normalizeSettings({});
  const example = path.resolve(__dirname, '../../examples/axolotl-qlora.yaml');
  const text = fs.readFileSync(example, 'utf8');

  it('gives the same result in a worker as in-process (async and sync)', async () => {
    const inProcess = evaluateText(text, example, settings);
    assert.ok(inProcess.estimates.length > 0);
    const pool = new EnginePool({ script: engineWorkerScript(path.resolve(__dirname, '../../src/host')) });
    const engine = new SyncEngine(30_000, engineWorkerScript(path.resolve(__dirname, '../../src/host')));
    try {
      assert.deepStrictEqual(await pool.call('evaluateText', text, example, settings), inProcess);
      assert.deepStrictEqual(engine.call('evaluateText', text, example, settings), inProcess);
    } finally {
      pool.dispose();
      engine.close();
    }
  });

  it('stops a file that takes longer than the deadline and still reads the next one', async () => {
    // 200 000 mapping entries (about 4 MB of YAML) take far more than 20 ms to parse.
    const big = `base_model: meta-llama/Llama-3.1-8B\n${Array.from({ length: 200_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
    let deadline = 30_000;
    const pool = new EnginePool({ script: engineWorkerScript(path.resolve(__dirname, '../../src/host')), maxWorkers: 1, deadlineMs: () => deadline });
    try {
      await pool.call('evaluateText', 'x: 1\n', 'warm.yaml', settings); // the worker is up
      deadline = 20;
      const e = await rejection(pool.call('evaluateText', big, 'big.yaml', settings));
      assert.strictEqual(e.reason, 'timeout');
      assert.strictEqual(stoppedMessage(e.reason, deadline / 1000), 'Carbon Lens stopped reading this file: it took too long (over 20 ms).');
      deadline = 30_000;
      const next = await pool.call('evaluateText', text, example, settings);
      assert.strictEqual(next.estimates.length, evaluateText(text, example, settings).estimates.length);
    } finally {
      pool.dispose();
    }
  });
});

describe('what crosses the thread boundary', function () {
  this.timeout(60_000);
  const settings = normalizeSettings({});

  it('every example and fixture result is plain data a worker can send back (structured clone)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json|ipynb|py|sh|slurm|sbatch)$/.test(e.name)) files.push(p);
      }
    };
    for (const d of ['../../examples', '../fixtures']) walk(path.resolve(__dirname, d));
    assert.ok(files.length > 30, `only ${files.length} files`);
    for (const f of files) {
      const r = evaluateText(fs.readFileSync(f, 'utf8'), f, settings);
      assert.doesNotThrow(() => structuredClone(r), `${f}: a result the worker could not send`);
    }
  });

  it('a budget file parsed in the worker applies on this side: matchers are rebuilt, not sent', async () => {
    const text = 'budgets:\n  - path: "configs/**/*.yaml"\n    perRunKg: 5\n  - path: "configs/big.yaml"\n    perRunKg: 50\n';
    // In-process, the rules carry matchers whose methods structured clone drops: the reason for toWire.
    const cloned = structuredClone(parseBudgetFile(text));
    assert.notStrictEqual(typeof cloned.rules[0].matcher?.test, 'function');
    const pool = new EnginePool({ script: engineWorkerScript(path.resolve(__dirname, '../../src/host')) });
    try {
      const file = fromWire(await pool.call('parseBudgetFile', text));
      assert.strictEqual(matchRule(file, 'configs/a/b.yaml')?.perRunKg, 5);
      assert.strictEqual(matchRule(file, 'configs/big.yaml')?.perRunKg, 50); // the more specific rule
      assert.strictEqual(matchRule(file, 'other/b.yaml'), undefined);
    } finally {
      pool.dispose();
    }
  });
});

