// The pre-commit hook as pre-commit runs it: the hook's `entry` and `args`, then the staged files
// that match its `files` pattern; and the npm package pre-commit installs carries the command.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli';

const ROOT = path.resolve(__dirname, '../..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
  require_serial?: boolean;
}

const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'carbon-lens-budget')!;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What pre-commit does: staged (added, copied, modified, renamed) files filtered by `files`, appended to entry + args. */
function runHook(repo: string, args: string[]): { code: number; err: string } {
  const staged = git(repo, 'diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z').split('\0').filter(Boolean);
  const files = staged.filter((f) => new RegExp(hook.files).test(f));
  const [bin, ...entryArgs] = hook.entry.split(' ');
  assert.strictEqual(bin, 'carbon-lens');
  let err = '';
  const cwd = process.cwd();
  try {
    process.chdir(repo); // pre-commit runs hooks from the repository root
    const code = main([...entryArgs, ...args, ...files], () => undefined, (s) => (err += s));
    return { code, err };
  } finally {
    process.chdir(cwd);
  }
}

describe('pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(60000);

  it('estimates the staged run files and fails with the breach message', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-precommit-'));
    git(repo, 'init', '-q');
    // 8 × A100 × 10 h in France: 8 × 10 h × 392 W × 1.56 × 0.056039 = 2.742 kg; the same for 100 h = 27.42 kg.
    fs.writeFileSync(path.join(repo, 'small.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 10\nregion: FR\n');
    fs.writeFileSync(path.join(repo, 'big.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 100\nregion: FR\n');
    fs.writeFileSync(path.join(repo, 'notes.md'), '# not a run\n');
    git(repo, 'add', 'small.yaml', 'notes.md');
    // Only small.yaml is staged: 2.7 kg is within a 10 kg budget.
    assert.deepStrictEqual(runHook(repo, ['--budget', '10']), { code: 0, err: '' });
    git(repo, 'add', 'big.yaml');
    // Both staged: 2.742 + 27.42 = 30.16 kg, over 10 kg.
    const over = runHook(repo, ['--budget', '10']);
    assert.strictEqual(over.code, 3);
    // 30.16 kg against 10 kg: 3.016 times the budget, said to two figures.
    assert.match(over.err, /budget exceeded: the one-time runs total 30 kg CO₂e vs a 10 kg budget \(×3\)\.\n$/);
  });

  it('is declared the way pre-commit installs and runs a node hook', () => {
    assert.strictEqual(hook.language, 'node');
    assert.strictEqual(hook.require_serial, true, 'one invocation, so the budget covers every staged file');
    assert.deepStrictEqual(hook.args, ['--budget', '100']);
    for (const f of ['train.yaml', 'cfg/ds.json', 'nb.ipynb', 'launch.py', 'a.yml']) assert.ok(new RegExp(hook.files).test(f), f);
    assert.ok(!new RegExp(hook.files).test('README.md'));
    // pre-commit installs a node hook with `npm pack` + `npm install -g`: the package must carry the
    // `carbon-lens` bin (dist/cli.js, built by `prepack`) and its data tables.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.bin['carbon-lens'], './dist/cli.js');
    assert.match(pkg.scripts.prepack, /esbuild\.js/);
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore' });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    assert.ok(files.includes('dist/cli.js'), files.join(' '));
    assert.ok(files.includes('dist/data/accelerators.json'));
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'sources stay out of the package');
  });
});
