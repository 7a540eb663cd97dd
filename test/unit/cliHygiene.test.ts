// The built CLI against the hostile trees of the 2026-12 security audit (M2, M3, L1, L2, I4): what a
// user or a CI log sees — the exit code, the note saying why a file was not read, escaped names.
// The CLI is bundled once into a temporary folder (as esbuild.js bundles dist/cli.js) and run as a
// child process, so pipes, FIFOs and /dev/full behave as they do for a user.
import * as assert from 'assert';
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const POSIX = process.platform !== 'win32';

let cli = '';

/** Bundles src/cli.ts the way esbuild.js does, into a temp folder with the data tables beside it. */
async function buildCli(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-cli-build-'));
  const common: import('esbuild').BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['./data/*.json'], logLevel: 'error', mainFields: ['module', 'main'] };
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/cli.ts')], outfile: path.join(out, 'cli.js') });
  // The CLI analyses each file in the engine worker beside it (src/host).
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/host/engineWorker.ts')], outfile: path.join(out, 'engineWorker.js') });
  fs.mkdirSync(path.join(out, 'data'));
  for (const f of fs.readdirSync(path.join(ROOT, 'src/core/data'))) if (f.endsWith('.json')) fs.copyFileSync(path.join(ROOT, 'src/core/data', f), path.join(out, 'data', f));
  fs.chmodSync(out, 0o755);
  return path.join(out, 'cli.js');
}

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-hyg-'));
  fs.chmodSync(dir, 0o755); // readable by `nobody` for the permission cases
  return dir;
}

function runCli(args: string[], options: { cwd?: string; timeout?: number; uid?: number } = {}): SpawnSyncReturns<string> & { ms: number } {
  const t = Date.now();
  const argv = options.uid === undefined ? [process.execPath, cli, ...args] : ['setpriv', `--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', process.execPath, cli, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, encoding: 'utf8', timeout: options.timeout ?? 10_000 });
  return Object.assign(r, { ms: Date.now() - t });
}

const AXOLOTL = 'base_model: meta-llama/Llama-3.1-8B\ndatasets:\n  - path: tatsu-lab/alpaca\n    type: alpaca\nsequence_len: 2048\nmicro_batch_size: 2\nnum_epochs: 1\n';

interface JsonRun {
  name: string;
  assumptions: string[];
  inputs: Record<string, { value: unknown; origin: string }>;
}

function runsOf(stdout: string): JsonRun[] {
  return (JSON.parse(stdout) as { files: { runs: JsonRun[] }[] }).files.flatMap((f) => f.runs);
}

describe('CLI hygiene: the audit reproductions (built CLI)', function () {
  this.timeout(30_000);

  before(async () => {
    cli = await buildCli();
  });

  describe('M2: device files and FIFOs behind references and records', () => {
    it('a `deepspeed:` symlink to /dev/zero is not read: the CLI finishes, with a note', function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'train.yaml'), `${AXOLOTL}deepspeed: ds.json\n`);
      fs.symlinkSync('/dev/zero', path.join(dir, 'ds.json'));
      // Before the fix: killed by a 20 s timeout at 2.39 GB and growing (audit M2).
      // No wall-clock assert (issue 19: they fail on a loaded machine): a CLI that reads the device is
      // killed by the 10 s timeout, and the note says it was not read.
      const r = runCli(['estimate', '--json', 'train.yaml'], { cwd: dir, timeout: 10_000 });
      assert.strictEqual(r.signal, null, 'not killed by the timeout');
      assert.strictEqual(r.status, 0, r.stderr);
      const notes = runsOf(r.stdout)[0].assumptions;
      assert.ok(notes.includes('Did not read "ds.json": a device file behind a symbolic link. Carbon Lens follows a reference only to a regular file inside the workspace folder.'), notes.join('\n'));
    });

    it('a FIFO named as a reference or lying where a record would be never hangs the CLI', function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'train.yaml'), `${AXOLOTL}deepspeed: ds.json\ngpu: 8xA100\n`);
      execFileSync('mkfifo', [path.join(dir, 'ds.json')]);
      execFileSync('mkfifo', [path.join(dir, 'emissions.csv')]);
      // Before: exit 124 from `timeout 8` — open() waits for a writer for ever.
      const r = runCli(['estimate', '--json', 'train.yaml'], { cwd: dir, timeout: 5000 });
      assert.strictEqual(r.signal, null, 'not killed by the timeout');
      assert.strictEqual(r.status, 0, r.stderr);
      assert.ok(runsOf(r.stdout)[0].assumptions.some((a) => a.startsWith('Did not read "ds.json": a named pipe (FIFO).')));
    });
  });

  describe('M3: references stay inside the paths given', () => {
    function sweepTree(configRef: (dir: string) => string): string {
      const dir = tmp();
      fs.mkdirSync(path.join(dir, 'ws'));
      fs.mkdirSync(path.join(dir, 'outside'));
      fs.writeFileSync(path.join(dir, 'outside', 'secret.yaml'), AXOLOTL.replace('meta-llama/Llama-3.1-8B', 'sk-live-SECRET-TOKEN-abc123'));
      fs.writeFileSync(path.join(dir, 'ws', 'sweep.yaml'), `program: train.py\nmethod: grid\nrun_cap: 3\ncommand: ["python", "train.py", "--config", "${configRef(dir)}"]\nparameters:\n  lr:\n    values: [1, 2, 3]\n`);
      return dir;
    }

    it('`--config ../outside/secret.yaml` in a sweep: nothing of the outside file in the report, and a note why', () => {
      const dir = sweepTree(() => '../outside/secret.yaml');
      const r = runCli(['estimate', '--json', 'ws'], { cwd: dir });
      // Before: `grep -c SECRET` counted 2 (the model id and a note quoting the outside file).
      assert.ok(!r.stdout.includes('SECRET'), 'the secret stays out of the report');
      const notes = runsOf(r.stdout)[0].assumptions;
      assert.ok(notes.includes('Did not read "../outside/secret.yaml": leaves the folder (..). Carbon Lens follows a reference only to a regular file inside the workspace folder.'), notes.join('\n'));
    });

    it('an absolute path is refused too; --allow-outside restores the old reading for both', () => {
      const dir = sweepTree((d) => path.join(d, 'outside', 'secret.yaml'));
      const refused = runCli(['estimate', '--json', 'ws'], { cwd: dir });
      assert.ok(!refused.stdout.includes('SECRET'));
      assert.ok(runsOf(refused.stdout)[0].assumptions.some((a) => a.includes(': absolute path. Carbon Lens follows')));
      const allowed = runCli(['estimate', '--json', '--allow-outside', 'ws'], { cwd: dir });
      assert.strictEqual(runsOf(allowed.stdout)[0].inputs.model?.value, 'sk-live-SECRET-TOKEN-abc123');
    });

    it('a symlinked folder leading out of the path given is caught after realpath', function () {
      if (!POSIX) this.skip();
      const dir = sweepTree(() => 'link/secret.yaml');
      fs.symlinkSync('../outside', path.join(dir, 'ws', 'link'));
      const r = runCli(['estimate', '--json', 'ws'], { cwd: dir });
      assert.ok(!r.stdout.includes('SECRET'));
      assert.ok(runsOf(r.stdout)[0].assumptions.some((a) => a.startsWith('Did not read "link/secret.yaml": it is outside the folders given')));
    });

    it('a reference inside the folder is still followed (a symlink to a regular file in it too)', function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      fs.mkdirSync(path.join(dir, 'configs'));
      fs.writeFileSync(path.join(dir, 'configs', 'real.yaml'), AXOLOTL);
      fs.symlinkSync('configs/real.yaml', path.join(dir, 'train.yaml'));
      fs.writeFileSync(path.join(dir, 'sweep.yaml'), 'program: train.py\nmethod: grid\ncommand: ["python", "train.py", "--config", "./train.yaml"]\nparameters:\n  lr:\n    values: [1, 2, 3]\n');
      const r = runCli(['estimate', '--json', 'sweep.yaml'], { cwd: dir });
      assert.strictEqual(runsOf(r.stdout)[0].inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    });
  });

  describe('L1: escapes in names and run names are shown, not obeyed', () => {
    it('file names and run names with ESC, CR, BEL and newlines print escaped, one line per row', function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      const sweep = 'program: train.py\nmethod: grid\nname: "ok\\e[2K\\r\\e[32mAll runs within budget\\e[0m\\e]0;owned\\a\\nForged line"\nparameters:\n  lr:\n    values: [1, 2, 3]\n';
      fs.writeFileSync(path.join(dir, 'evil\x1b[31mRED\n.yaml'), sweep);
      const r = runCli(['estimate', '.'], { cwd: dir });
      // Before: `cat -v` showed ^[[2K^M^[[32m…^[]0;owned^G, a forged line and a name split in two.
      assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(r.stdout), JSON.stringify(r.stdout));
      const row = r.stdout.split('\n')[2];
      assert.ok(row.startsWith('evil\\x1b[31mRED\\n.yaml  wandb-sweep  ok\\x1b[2K\\r\\x1b[32mAll runs within budget'), row);
      assert.strictEqual(r.stdout.split('\n').filter((l) => l.includes('Forged line')).length, 0, 'the forged line is cut with the run name, not printed on its own');
    });

    it('JSON output keeps C1 and bidi characters as \\u escapes (same JSON value)', () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'run.yaml'), 'name: "a\u202eb\u009bc"\nhardware: A100 80GB\ncount: 8\nhours: 24\n');
      const r = runCli(['estimate', '--json', 'run.yaml'], { cwd: dir });
      assert.ok(r.stdout.includes('"name": "a\\u202eb\\u009bc"'), r.stdout.slice(0, 400));
      assert.strictEqual(runsOf(r.stdout)[0].name, 'a\u202eb\u009bc');
    });
  });

  describe('L2: exit codes and output errors', () => {
    it('a FIFO or device given by name exits 2 at once with the reason', function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
      const fifo = runCli(['estimate', 'fifo.yaml'], { cwd: dir, timeout: 5000 });
      // Before: "No ML configs recognised." and exit 0.
      assert.strictEqual(fifo.status, 2);
      assert.match(fifo.stdout, /fifo\.yaml +unknown +error: Not read: a named pipe \(FIFO\), not a file or folder\./);
      assert.match(fifo.stderr, /^carbon-lens: some paths could not be read/);
      const dev = runCli(['estimate', '/dev/null']);
      assert.strictEqual(dev.status, 2);
      assert.match(dev.stdout, /Not read: a device file/);
    });

    it('an unreadable file or folder given by name exits 2 (run as nobody when the tests run as root)', function () {
      if (!POSIX) this.skip();
      const asRoot = process.getuid?.() === 0;
      if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) {
        this.skip(); // root reads mode-000 files, and setpriv is not here to drop that
      }
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'locked.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 24\n', { mode: 0o000 });
      fs.mkdirSync(path.join(dir, 'lockeddir'), { mode: 0o000 });
      const uid = asRoot ? 65534 : undefined;
      const file = runCli(['estimate', 'locked.yaml'], { cwd: dir, uid });
      // Before: row "error: Could not read: EACCES", exit 0; the folder: "No ML configs recognised.", exit 0.
      assert.strictEqual(file.status, 2, file.stderr);
      assert.match(file.stdout, /error: Could not read: EACCES/);
      const folder = runCli(['estimate', 'lockeddir'], { cwd: dir, uid });
      assert.strictEqual(folder.status, 2, folder.stderr);
      assert.match(folder.stdout, /error: Could not read the folder: EACCES/);
    });

    it('a reader closing the pipe early (EPIPE) ends quietly, with no stack trace', async function () {
      if (!POSIX) this.skip();
      const dir = tmp();
      for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `run${i}.yaml`), 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n');
      // As in the audit: `| head -c 100`, with the CLI's stderr kept in a file.
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" estimate --json . 2>err.txt | head -c 100 >/dev/null`], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0);
      const stderr = fs.readFileSync(path.join(dir, 'err.txt'), 'utf8');
      // Before: "Unhandled 'error' event … EPIPE" with a stack trace, exit 1 (3 of 3 tries).
      assert.strictEqual(stderr, '');
      const status = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [cli, 'estimate', '--json', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.stdout.once('data', () => child.stdout.destroy()); // read one chunk, then close the pipe
        child.on('close', (code) => {
          assert.strictEqual(err, '', 'nothing on stderr');
          resolve(code);
        });
      });
      assert.strictEqual(status, 0);
    });

    it('a full disk (/dev/full) gives one line on stderr and exit 1', function () {
      if (!fs.existsSync('/dev/full')) this.skip();
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'run.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 24\n');
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" estimate --json run.yaml >/dev/full`], { cwd: dir, encoding: 'utf8' });
      // Before: an ENOSPC stack trace, exit 1.
      assert.strictEqual(r.status, 1);
      assert.strictEqual(r.stderr, 'carbon-lens: could not write the report: ENOSPC\n');
    });
  });

  describe('I4: `--` ends the options', () => {
    it('a file named --intensity=0.001 after `--` is a file, not a grid intensity', () => {
      const dir = tmp();
      const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';
      fs.writeFileSync(path.join(dir, '--intensity=0.001'), RUN);
      fs.writeFileSync(path.join(dir, 'run.yaml'), RUN);
      // Hand check: without `--` the name is the flag, and 87 kWh × 0.001 g/kWh ≈ 0.09 g instead of tens of kg.
      const asFlag = runCli(['estimate', '--json', '--intensity=0.001', 'run.yaml'], { cwd: dir });
      assert.ok(runsOf(asFlag.stdout)[0].inputs.intensity?.value === 0.001);
      const r = runCli(['estimate', '--json', '--', 'run.yaml', '--intensity=0.001'], { cwd: dir });
      assert.strictEqual(r.status, 0, r.stderr);
      const files = (JSON.parse(r.stdout) as { files: { path: string; runs: JsonRun[] }[] }).files;
      assert.deepStrictEqual(files.map((f) => f.path), ['run.yaml', '--intensity=0.001']);
      // The name has no config extension, so it is reported as a file Carbon Lens did not recognise.
      assert.deepStrictEqual(files[1].runs, []);
      assert.notStrictEqual(files[0].runs[0].inputs.intensity?.value, 0.001);
    });
  });
});
