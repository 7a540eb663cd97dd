// scripts/mutation-thresholds.mjs, the per-folder floor gate of `npm run test:mutation` (issue #19):
// run on small hand-written reports in a scratch directory, as `npm run test:mutation` runs it (cwd =
// the project, reading stryker/thresholds.json and the folders on disk).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '../../scripts/mutation-thresholds.mjs');

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'Ignored' | 'CompileError';

/** A report file in Stryker's JSON shape, reduced to what the gate reads: mutant statuses per file. */
function report(files: Record<string, Status[]>): unknown {
  return { schemaVersion: '2', files: Object.fromEntries(Object.entries(files).map(([f, s]) => [f, { language: 'typescript', source: '', mutants: s.map((status, i) => ({ id: `${f}#${i}`, status })) }])) };
}

function gate(floors: Record<string, number>, files: Record<string, Status[]>, onDisk: string[]): { code: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-mutgate-'));
  try {
    fs.mkdirSync(path.join(dir, 'stryker'));
    fs.writeFileSync(path.join(dir, 'stryker/thresholds.json'), JSON.stringify({ why: 'test', folders: floors }));
    for (const f of onDisk) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'export const x = 1;\n');
    }
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report(files)));
    const r = spawnSync(process.execPath, [SCRIPT, 'report.json'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('mutation floor gate (scripts/mutation-thresholds.mjs)', () => {
  it('scores a folder as (killed + timeout) / (killed + timeout + survived + no coverage), ignoring ignored and errors', () => {
    // 3 killed + 1 timeout detected; 1 survived + 0 no coverage undetected: 4 / 5 = 80.00 %.
    // The Ignored and CompileError mutants count in neither.
    const r = gate({ 'src/a': 80 }, { 'src/a/x.ts': ['Killed', 'Killed', 'Killed', 'Timeout', 'Survived', 'Ignored', 'CompileError'] }, ['src/a/x.ts']);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /src\/a\s+80\.00 %\s+80 %\s+3\s+1\s+1\s+0\s+1\s+1/);
  });

  it('fails when a folder drops below its floor, and names it', () => {
    // 3 of 4 detected = 75.00 % < 80.
    const r = gate({ 'src/a': 80 }, { 'src/a/x.ts': ['Killed', 'Killed', 'Timeout', 'NoCoverage'] }, ['src/a/x.ts']);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /src\/a\s+75\.00 %.*BELOW FLOOR/);
  });

  it('fails when a folder with a floor above 0 is not in the report: nothing measured is not a pass', () => {
    const r = gate({ 'src/a': 80, 'src/b': 60 }, { 'src/a/x.ts': ['Killed'] }, ['src/a/x.ts', 'src/b/y.ts']);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /src\/b\s+not in this report \(floor 60 %\): not measured, FAILS/);
  });

  it('only notes a folder with floor 0 (never measured) that is not in the report', () => {
    const r = gate({ 'src/a': 80, 'src/b': 0 }, { 'src/a/x.ts': ['Killed'] }, ['src/a/x.ts', 'src/b/y.ts']);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /src\/b\s+not in this report \(floor 0 %\): not measured, no floor yet/);
  });

  it('names the files of a folder that the report lacks, so a partial score is not read as the whole folder', () => {
    // src/a/y.ts and src/a/sub/z.ts exist but have no results: the 100 % is of x.ts alone.
    const r = gate({ 'src/a': 50 }, { 'src/a/x.ts': ['Killed'] }, ['src/a/x.ts', 'src/a/y.ts', 'src/a/sub/z.ts']);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /src\/a: score of 1 file\(s\); 2 file\(s\) on disk not in the report \(no mutants, or not run\): src\/a\/sub\/z\.ts, src\/a\/y\.ts/);
  });

  it('does not take src/ab for src/a (folders match on a whole path segment)', () => {
    // Only src/ab/x.ts is in the report: src/a has nothing measured, and its floor 10 fails.
    const r = gate({ 'src/a': 10 }, { 'src/ab/x.ts': ['Survived'] }, ['src/ab/x.ts']);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /src\/a\s+not in this report/);
  });
});

describe('merging mutation reports (scripts/merge-mutation-reports.mjs)', () => {
  const MERGE = path.resolve(__dirname, '../../scripts/merge-mutation-reports.mjs');

  it('renumbers tests matched by file and name, rewrites coveredBy/killedBy, and takes a file whole from the last report', () => {
    // Report A: test "t1" has id 0, "t2" id 1; B numbers "t2" 0 and a new "t3" 1. After the merge t1, t2,
    // t3 are 0, 1, 2, so B's mutant killed by its "0" (t2) must now say "1", and covered by t2, t3 → 1, 2.
    const a = {
      schemaVersion: '2', thresholds: { high: 80, low: 60 },
      files: {
        'src/a/x.ts': { language: 'typescript', source: 'x', mutants: [{ id: '0', status: 'Killed', killedBy: ['0'], coveredBy: ['0', '1'] }] },
        'src/b/y.ts': { language: 'typescript', source: 'old y', mutants: [{ id: '1', status: 'Survived', coveredBy: ['1'] }] },
      },
      testFiles: { 'test/u.test.ts': { source: 'u', tests: [{ id: '0', name: 't1' }, { id: '1', name: 't2' }] } },
    };
    const b = {
      schemaVersion: '2', thresholds: { high: 80, low: 60 },
      files: { 'src/b/y.ts': { language: 'typescript', source: 'new y', mutants: [{ id: '0', status: 'Killed', killedBy: ['0'], coveredBy: ['0', '1'] }] } },
      testFiles: { 'test/u.test.ts': { source: 'u', tests: [{ id: '0', name: 't2' }, { id: '1', name: 't3' }] } },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-mutmerge-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(b));
      const r = spawnSync(process.execPath, [MERGE, 'out.json', 'a.json', 'b.json'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.strictEqual(r.status, 0, r.stderr);
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
      assert.deepStrictEqual(m.testFiles['test/u.test.ts'].tests, [{ id: '0', name: 't1' }, { id: '1', name: 't2' }, { id: '2', name: 't3' }]);
      assert.deepStrictEqual(m.files['src/a/x.ts'].mutants[0], { id: '0', status: 'Killed', killedBy: ['0'], coveredBy: ['0', '1'] });
      // y.ts comes from B whole: its source and one Killed mutant, not A's survivor.
      assert.strictEqual(m.files['src/b/y.ts'].source, 'new y');
      assert.deepStrictEqual(m.files['src/b/y.ts'].mutants, [{ id: '1', status: 'Killed', killedBy: ['1'], coveredBy: ['1', '2'] }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
