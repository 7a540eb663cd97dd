// The CLI as CI jobs use it: exit codes, flags filling what a file omits, and the JSON contract.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

function tmpDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';

describe('carbon-lens CLI', () => {
  it('prints the JSON contract for a plain run description', () => {
    const dir = tmpDir({ 'run.yaml': RUN });
    const { code, out } = run(['estimate', '--json', dir]);
    assert.strictEqual(code, 0);
    const report = JSON.parse(out);
    assert.strictEqual(report.tool, 'carbon-lens');
    assert.strictEqual(typeof report.version, 'string');
    const file = report.files[0];
    assert.strictEqual(file.format, 'carbon-lens');
    assert.strictEqual(file.error, null);
    const r = file.runs[0];
    assert.strictEqual(r.phase, 'training');
    assert.deepStrictEqual(r.inputs.count, { value: 8, origin: 'file', line: 2 });
    assert.strictEqual(r.inputs.hardware.value, 'nvidia-a100-sxm4-80gb');
    // By hand (four significant digits, as the JSON gives them): 8 × 24 h × (400 W × 0.45/0.68/0.95 + 60/120/200 W host;
    // "full fine-tuning" class, src/core/power.ts) × PUE 1.135 = 52.30 / 85.42 / 126.4 kWh; × 379.069 g/kWh
    // (aws:us-east-1) = 19.83 / 32.38 / 47.91 kg;
    // embodied (8 × 150 + 5,700) × 24 / 35,040 = 4.726 kg.
    assert.deepStrictEqual(r.energyKwh, { low: 52.3, mid: 85.42, high: 126.4 });
    assert.deepStrictEqual(r.co2eKg, { low: 19.83, mid: 32.38, high: 47.91 });
    assert.strictEqual(r.boundary, 'facility');
    assert.strictEqual(r.embodiedKg, 4.726);
    assert.ok(Array.isArray(r.assumptions) && Array.isArray(r.suggestions));
    assert.ok(r.suggestions.every((s: { kind: string; savingPct: number }) => typeof s.kind === 'string' && typeof s.savingPct === 'number'));
  });

  it('a script named on its own reads the config it passes, from the folder the CLI runs in', () => {
    // Shape of LLaMA-Factory user scripts (`accelerate launch src/train.py my/sft.yaml` in my/run.sh),
    // run as `carbon-lens estimate my/run.sh` from the repository root, where the launch line runs.
    const dir = tmpDir({
      'my/run.sh': 'CUDA_VISIBLE_DEVICES=0,1 accelerate launch src/train.py my/sft.yaml\n',
      'my/sft.yaml': 'model_name_or_path: meta-llama/Llama-2-7b-hf\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: alpaca_en_demo\nnum_train_epochs: 1.0\n',
    });
    const before = process.cwd();
    try {
      process.chdir(dir);
      const r = JSON.parse(run(['estimate', '--json', 'my/run.sh']).out).files[0].runs[0];
      assert.strictEqual(r.inputs.model.value, 'meta-llama/Llama-2-7b-hf');
      assert.strictEqual(r.inputs.count.value, 2); // CUDA_VISIBLE_DEVICES=0,1
      assert.deepStrictEqual(r.missing, []);
      // From another folder the script is read alone: the config it names is not looked for outside it.
      process.chdir(tmpDir({}));
      const alone = JSON.parse(run(['estimate', '--json', path.join(dir, 'my/run.sh')]).out).files[0].runs[0];
      assert.strictEqual(alone.inputs.model, undefined);
      // A `..` still stays in the file's own folder: the current folder does not widen what it may reach.
      const up = tmpDir({ 'sub/run.sh': 'torchrun --nproc_per_node 2 train.py --config ../secret.yaml\n', 'secret.yaml': 'model_name_or_path: meta-llama/Llama-2-7b-hf\nnum_train_epochs: 1\n' });
      process.chdir(up);
      const climbed = JSON.parse(run(['estimate', '--json', 'sub/run.sh']).out).files[0].runs[0];
      assert.strictEqual(climbed.inputs.model, undefined);
      assert.ok(climbed.assumptions.some((a: string) => a.includes('../secret.yaml')), climbed.assumptions.join('\n'));
    } finally {
      process.chdir(before);
    }
  });

  it('lets flags fill what the file omits, but the file wins', () => {
    const dir = tmpDir({ 'a.yaml': 'hardware: A100 80GB\nhours: 10\nregion: FR\n' });
    const withFlags = JSON.parse(run(['estimate', '--json', '--count', '4', '--region', 'aws:us-east-1', dir]).out).files[0].runs[0];
    assert.deepStrictEqual([withFlags.inputs.count.value, withFlags.inputs.count.origin], [4, 'setting']);
    assert.strictEqual(withFlags.inputs.region.value, 'FR');
    assert.strictEqual(withFlags.inputs.region.origin, 'file');
  });

  it('exits 3 when the budget is exceeded and 0 when it is not', () => {
    const dir = tmpDir({ 'run.yaml': RUN });
    assert.strictEqual(run(['estimate', '--budget', '1', dir]).code, 3);
    assert.strictEqual(run(['estimate', '--budget', '100000', dir]).code, 0);
  });

  it('compares --budget with the one-time runs; a year of serving only with --budget-include-serving', () => {
    // run.yaml: 32.38 kg mid (derived above). vllm-serve.yaml, the bundled example: ≈ 8.3 t for its year
    // of traffic. The one-time total is 32.38 kg; with serving it is ≈ 8.3 t.
    const serve = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'vllm-serve.yaml'), 'utf8');
    const dir = tmpDir({ 'run.yaml': RUN, 'serve.yaml': serve });
    assert.deepStrictEqual(run(['estimate', '--budget', '40', dir]).code, 0, '32 kg of training is within 40 kg; serving is not compared');
    const over = run(['estimate', '--budget', '30', dir]);
    assert.strictEqual(over.code, 3);
    // 32.38 / 30 = 1.079: an excess under ×2 reads as a percentage, +8 %.
    assert.match(over.err, /^carbon-lens: budget exceeded: the one-time runs total 32 kg CO₂e vs a 30 kg budget \(\+8%\); a year of serving \(8\.3 t CO₂e\) is not compared without --budget-include-serving\.\n$/);
    const withServing = run(['estimate', '--budget', '40', '--budget-include-serving', dir]);
    assert.strictEqual(withServing.code, 3);
    assert.match(withServing.err, /the one-time runs and a year of serving total 8\.3 t CO₂e vs a 40 kg budget/);
  });

  it('does not count a config twice against --budget when a sweep in the same folder runs it', () => {
    // base.yaml alone: 32.38 kg. A grid sweep of 2 trials over it counts it inside its own figure (2 × 32.38
    // = 64.76 kg mid); the old sum added the base beside it (97 kg). 70 kg passes only when it is not added twice.
    const sweep = 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [0.1, 0.2]\n  config:\n    value: base.yaml\n';
    const dir = tmpDir({ 'base.yaml': RUN, 'sweep.yaml': sweep });
    const json = JSON.parse(run(['estimate', '--json', dir]).out);
    const sweepRun = json.files.find((f: { path: string }) => f.path.endsWith('sweep.yaml'))?.runs[0];
    assert.ok(sweepRun, JSON.stringify(json.files.map((f: { path: string; format: string }) => [f.path, f.format])));
    assert.strictEqual(json.totals.notAdded.length, 1, JSON.stringify(json.totals));
    assert.strictEqual(run(['estimate', '--budget', String(Math.ceil(sweepRun.co2eKg.mid) + 1), dir]).code, 0);
  });

  it('exits 2 on bad usage and unreadable paths, without a stack trace', () => {
    for (const args of [['estimate'], ['frobnicate', '.'], ['estimate', '--count', 'many', '.'], ['estimate', '--pue', '0.5', '.'], ['estimate', '--bogus', '.']]) {
      const r = run(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.ok(!/\bat \w+ \(/.test(r.err), 'no stack trace');
    }
    const missing = run(['estimate', '--json', '/no/such/path']);
    assert.strictEqual(missing.code, 2);
    assert.match(JSON.parse(missing.out).files[0].error, /No such file/);
  });

  it('reports broken files one entry each and keeps going', () => {
    const dir = tmpDir({
      'bad.yaml': 'hardware: A100\ncount: [1, 2\nhours: 3\n',
      'binary.json': Buffer.from([0x7b, 0x00, 0x01, 0x02]),
      'good.yaml': RUN,
    });
    const { code, out } = run(['estimate', '--json', dir]);
    assert.strictEqual(code, 0);
    const files = JSON.parse(out).files;
    assert.strictEqual(files.length, 3);
    assert.match(files.find((f: { path: string }) => f.path.endsWith('binary.json')).error, /binary/);
    assert.ok(files.find((f: { path: string }) => f.path.endsWith('good.yaml')).runs[0].co2eKg.mid > 0);
  });

  it('reports what is missing with null numbers instead of inventing them', () => {
    const dir = tmpDir({ 'r.yaml': 'hardware: A100\ncount: 8\nregion: FR\n' });
    const r = JSON.parse(run(['estimate', '--json', dir]).out).files[0].runs[0];
    assert.strictEqual(r.co2eKg, null);
    assert.ok(r.missing.length > 0);
  });
});
