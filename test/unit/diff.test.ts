// `carbon-lens diff`: the runs a change touches, before → after, read from real git repositories
// built in the temp folder (renames, added and removed runs, a sweep that grows, a launcher flag).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { runDiff } from '../../src/cliReview';
import { normalizeSettings } from '../../src/core/settings';
import type { DiffReport, RunDiff } from '../../src/engine/diff';
import { diffRevisions } from '../../src/engine/diffRevisions';

const settings = normalizeSettings({ includeEmbodied: true });

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    if (content === null) fs.rmSync(p);
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
  }
}

/** A repository on `main` with `files` committed; returns its folder. */
function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function commit(dir: string, files: Record<string, string | null>, message = 'change'): string {
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

const diff = (cwd: string, base?: string, head?: string, paths: string[] = []): DiffReport =>
  diffRevisions({ cwd, base, head, paths, settings, maxBytes: 20 * 1024 * 1024, version: 'test' }).report;

const runs = (r: DiffReport): RunDiff[] => r.files.flatMap((f) => f.runs);

// 8 × A100 for 10 h, the count coming from the launcher flag: a time-based estimate, so energy is
// count × (TDP share + host share per device) × hours × PUE, proportional to the count.
const LAUNCH = (n: number) => `run: torchrun --nproc_per_node ${n} train.py\nhardware: A100 80GB\nhours: 10\nregion: FR\n`;

// A W&B grid sweep over a per-trial Axolotl config: trials = product of the value lists.
const AXOLOTL = 'base_model: meta-llama/Llama-3.1-8B\nadapter: qlora\nload_in_4bit: true\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nnum_epochs: 1\nmax_steps: 200\n';
const SWEEP = (lrs: number[]) => `method: grid\ncommand: [accelerate, launch, -m, axolotl.cli.train, axolotl.yaml, "\${args}"]\nparameters:\n  learning_rate:\n    values: [${lrs.join(', ')}]\n  lora_r:\n    values: [8, 16, 32]\n`;

describe('carbon-lens diff', function () {
  this.timeout(30000);

  it('a changed launcher flag: count 8 → 4 halves the energy, and names the line', () => {
    const dir = repo({ 'train/launch.yaml': LAUNCH(8), 'README.md': 'notes\n' });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, { 'train/launch.yaml': LAUNCH(4) });
    const r = diff(dir, base, head);
    const [run] = runs(r);
    assert.strictEqual(runs(r).length, 1, 'README.md is not a run file');
    assert.strictEqual(run.status, 'changed');
    // Energy ∝ count for a time-based estimate: after / before = 4 / 8.
    assert.ok(Math.abs(run.after!.energyKwh!.mid / run.before!.energyKwh!.mid - 0.5) < 1e-3, JSON.stringify(run));
    const count = run.changes.find((c) => c.field === 'count')!;
    assert.deepStrictEqual([count.before?.value, count.after?.value, count.after?.line, count.after?.origin], [8, 4, 1, 'inferred']);
    assert.deepStrictEqual(run.changes.map((c) => c.field), ['count'], 'nothing else changed');
    assert.ok(run.deltaCo2eKg! < 0 && Math.abs(run.deltaCo2eKg! + run.before!.co2eKg!.mid / 2) < 0.01 * run.before!.co2eKg!.mid);
    assert.deepStrictEqual([r.base.commit, r.head.commit], [base, head]);
  });

  it('a sweep that grows from 9 to 12 trials costs 12/9 as much, the per-trial config read at each revision', () => {
    const dir = repo({ 'axolotl.yaml': AXOLOTL, 'sweep.yaml': SWEEP([1e-4, 2e-4, 5e-4]) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'sweep.yaml': SWEEP([1e-4, 2e-4, 5e-4, 1e-3]) });
    const r = diff(dir, base, 'HEAD');
    const sweep = runs(r).find((x) => x.changes.some((c) => c.field === 'trials'))!;
    assert.ok(sweep, JSON.stringify(r.files));
    const trials = sweep.changes.find((c) => c.field === 'trials')!;
    assert.deepStrictEqual([trials.before?.value, trials.after?.value], [9, 12]);
    // Every trial is the same run: the sweep's cost scales with the count, 12 / 9 = 1.333.
    assert.ok(Math.abs(sweep.after!.co2eKg!.mid / sweep.before!.co2eKg!.mid - 12 / 9) < 2e-3, JSON.stringify(sweep));
    // The per-trial config's inputs (read from git at each revision, not the working tree) did not change.
    assert.ok(!sweep.changes.some((c) => c.field === 'params' || c.field === 'steps'), JSON.stringify(sweep.changes));
  });

  it('a rename without edits is one unchanged run under its new path, not a removal and an addition', () => {
    const dir = repo({ 'configs/a.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'mv', 'configs/a.yaml', 'configs/b.yaml');
    git(dir, 'commit', '-q', '-m', 'rename');
    const r = diff(dir, base, 'HEAD');
    assert.strictEqual(r.files.length, 1);
    assert.deepStrictEqual([r.files[0].status, r.files[0].path, r.files[0].previousPath], ['renamed', 'configs/b.yaml', 'configs/a.yaml']);
    // The plain format names its run after the file, so the name changes with it; the pair still holds.
    assert.deepStrictEqual(runs(r).map((x) => x.status), ['unchanged']);
    assert.deepStrictEqual([r.totals.added, r.totals.removed, r.totals.deltaCo2eKg], [0, 0, 0]);
  });

  it('reports added and removed runs with their whole cost as the change', () => {
    const dir = repo({ 'old.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'old.yaml': null, 'new.yaml': LAUNCH(2).replace('hours: 10', 'hours: 5') + '# a different run\n' });
    const r = diff(dir, base, 'HEAD');
    const byStatus = Object.fromEntries(runs(r).map((x) => [x.status, x]));
    assert.deepStrictEqual(Object.keys(byStatus).sort(), ['added', 'removed']);
    assert.strictEqual(byStatus.removed.after, null);
    assert.strictEqual(byStatus.added.before, null);
    assert.strictEqual(byStatus.removed.deltaCo2eKg, -byStatus.removed.before!.co2eKg!.mid);
    assert.strictEqual(byStatus.added.deltaCo2eKg, byStatus.added.after!.co2eKg!.mid);
    // 2 GPUs × 5 h against 8 GPUs × 10 h: 10 / 80 of the GPU-hours, so −87.5 % in total.
    assert.ok(Math.abs(r.totals.deltaPct! + 87.5) < 0.1, String(r.totals.deltaPct));
  });

  it('diffs the working tree by default against the merge-base with main, untracked files included', () => {
    const dir = repo({ 'a.yaml': LAUNCH(8) });
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'a.yaml': LAUNCH(4) });
    commit(dir, { 'a.yaml': LAUNCH(2) }, 'second');
    write(dir, { 'b.yaml': LAUNCH(1) }); // not committed, not ignored
    const r = diff(dir);
    assert.strictEqual(r.base.commit, git(dir, 'rev-parse', 'main').trim());
    assert.strictEqual(r.head.commit, null);
    const a = runs(r).find((x) => x.name === 'a.yaml')!;
    assert.deepStrictEqual([a.changes[0].before?.value, a.changes[0].after?.value], [8, 2], 'against the fork point, not the previous commit');
    assert.ok(runs(r).some((x) => x.name === 'b.yaml' && x.status === 'added'));
  });

  it('limits the diff to the paths given', () => {
    const dir = repo({ 'x/a.yaml': LAUNCH(8), 'y/b.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'x/a.yaml': LAUNCH(4), 'y/b.yaml': LAUNCH(4) });
    assert.deepStrictEqual(diff(dir, base, 'HEAD', ['y']).files.map((f) => f.path), ['y/b.yaml']);
    assert.deepStrictEqual(diff(path.join(dir, 'x'), base, 'HEAD', ['.']).files.map((f) => f.path), ['x/a.yaml'], 'paths are relative to the current folder');
  });

  it('on a shallow clone without the base, says so and how to fetch it', () => {
    // main: A → C; feature: A → B. A depth-1 clone has B and C but not their fork point A.
    const origin = repo({ 'a.yaml': LAUNCH(8) });
    const a = git(origin, 'rev-parse', 'HEAD').trim();
    git(origin, 'checkout', '-q', '-b', 'feature');
    commit(origin, { 'a.yaml': LAUNCH(4) });
    git(origin, 'checkout', '-q', 'main');
    commit(origin, { 'other.yaml': LAUNCH(2) });
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-shallow-'));
    git(clone, 'clone', '-q', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${origin}`, '.');
    const run = (words: string[]) => {
      let err = '';
      const code = runDiff({ words, format: 'text', settings, maxBytes: 1e7, version: 'test', cwd: clone }, () => undefined, (s) => (err += s));
      return { code, err };
    };
    const hint = /not in this clone\. This is a shallow clone: fetch more history \(`git fetch --unshallow`, or `fetch-depth: 0` in actions\/checkout\)/;
    // The default base, the merge-base of origin/main and HEAD, is A: missing.
    const byDefault = run([]);
    assert.strictEqual(byDefault.code, 2, byDefault.err);
    assert.match(byDefault.err, hint);
    // A commit id the clone lacks is still read as a revision, not as a path.
    const named = run([a]);
    assert.strictEqual(named.code, 2, named.err);
    assert.match(named.err, new RegExp(`The base revision "${a}" is not in this clone`));
    assert.match(named.err, hint);
  });

  it('prints a Markdown table for a pull-request comment and a JSON contract', () => {
    const dir = repo({ 'a.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'a.yaml': LAUNCH(4) });
    let md = '';
    assert.strictEqual(runDiff({ words: [base, 'HEAD'], format: 'markdown', settings, maxBytes: 1e7, version: 'test', cwd: dir }, (s) => (md += s), () => undefined), 0);
    // Before: 8 × A100 × 10 h × (272 + 120 W) × PUE 1.56 = 48.92 kWh × 56.039 g/kWh (France) = 2.742 kg
    // (low 240 W → 1.678, high 580 W → 4.056); after, half: 1.371 kg (0.839–2.028).
    assert.match(md, /\| Run \| File \| Before \| After \| Change \| What changed \|/);
    assert.match(md, /\| a\.yaml \| a\.yaml \| 2\.7 kg \(1\.7–4\.1\) \| 1\.4 kg \(0\.84–2\) \| \*\*−1\.4 kg \(−50 %\)\*\* \| count 8 → 4 \(inferred, line 1\) \|/);
    let json = '';
    runDiff({ words: [base, 'HEAD'], format: 'json', settings, maxBytes: 1e7, version: 'test', cwd: dir }, (s) => (json += s), () => undefined);
    const r = JSON.parse(json) as DiffReport;
    assert.deepStrictEqual(Object.keys(r), ['tool', 'kind', 'version', 'base', 'head', 'files', 'totals']);
    assert.deepStrictEqual(Object.keys(r.files[0].runs[0]), ['name', 'status', 'before', 'after', 'changes', 'deltaCo2eKg', 'deltaEnergyKwh']);
    let over = '';
    const code = runDiff({ words: [base, 'HEAD'], format: 'text', settings, maxBytes: 1e7, budgetKg: 1, version: 'test', cwd: dir }, () => undefined, (s) => (over += s));
    assert.strictEqual(code, 3);
    assert.match(over, /budget exceeded: the changed runs total 1\.4 kg CO₂e after the change, against a budget of 1 kg/);
  });

  it('`carbon-lens diff BASE HEAD -- PATH`: revisions first, and after `--` a word is a path even if it names a commit', () => {
    const dir = repo({ 'main/a.yaml': LAUNCH(8), 'b.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'main/a.yaml': LAUNCH(4), 'b.yaml': LAUNCH(4) });
    const cwd = process.cwd();
    const run = (args: string[]) => {
      let out = '';
      process.chdir(dir);
      try {
        const code = main(['diff', '--format', 'json', ...args], (s) => (out += s), () => undefined);
        return { code, files: code === 0 ? (JSON.parse(out) as DiffReport).files.map((f) => f.path) : [] };
      } finally {
        process.chdir(cwd);
      }
    };
    // `main` is both a branch and a folder: after `--` it is the folder.
    assert.deepStrictEqual(run([base, 'HEAD', '--', 'main']), { code: 0, files: ['main/a.yaml'] });
    assert.deepStrictEqual(run([base, 'HEAD', 'b.yaml']), { code: 0, files: ['b.yaml'] });
    assert.deepStrictEqual(run([base, 'HEAD']).files, ['b.yaml', 'main/a.yaml']);
  });

  it("a sweep whose per-trial config changed is reported, though the sweep file is untouched", () => {
    const dir = repo({ 'axolotl.yaml': AXOLOTL, 'sweep.yaml': SWEEP([1e-4, 2e-4, 5e-4]), 'other.yaml': LAUNCH(8) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'axolotl.yaml': AXOLOTL.replace('max_steps: 200', 'max_steps: 400') });
    const r = diff(dir, base, 'HEAD');
    const sweepFile = r.files.find((f) => f.path === 'sweep.yaml')!;
    assert.ok(sweepFile, JSON.stringify(r.files.map((f) => f.path)));
    assert.deepStrictEqual([sweepFile.status, sweepFile.via], ['modified', 'axolotl.yaml']);
    const [run] = sweepFile.runs;
    assert.strictEqual(run.status, 'changed');
    // Twice the steps per trial, same 9 trials: twice the cost (time ∝ steps for a FLOPs estimate).
    assert.ok(Math.abs(run.after!.co2eKg!.mid / run.before!.co2eKg!.mid - 2) < 2e-3, JSON.stringify(run));
    assert.ok(!r.files.some((f) => f.path === 'other.yaml'), 'a file that does not read it is not reported');
  });
});
