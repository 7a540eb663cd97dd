// The CLI's folder total follows the workspace report's rule (src/core/runTotals.ts): one-time
// (training, sweeps) and per-year (serving) apart, and a config a sweep repeats counted once.
//
// Figures derived by hand (the same files as workspaceSummary.test.ts):
//  - train/a.yaml: 8 × A100 80GB × 24 h, aws:us-east-1: mid 8 × 24 h × (272 + 120 W) × PUE 1.135 =
//    85.42464 kWh → × 0.379069 kg/kWh = 32.3818 kg.
//  - train/sweep.yaml: a W&B grid of 3 trials of a.yaml: 3 × 32.3818 = 97.1455 kg, 256.27392 kWh.
//    a.yaml is inside that figure, so the one-time total is 97.1455 kg, not 97.15 + 32.38 = 129.5.
//  - serve/s.yaml: 2 × L4, FR, 730 days: 3,148.554 kWh and 176.4418 kg over two years, i.e. one year
//    = 1,574.277 kWh and 88.2209 kg (low 49.62, high 143.4), kept apart from training.
// The old text output printed one "Total over 3 runs: ≈ 310 kg" (32 + 97 + 176): both faults at once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { addRun, emptySplit } from '../../src/core/runTotals';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { fileModel } from '../../src/webview/viewModel';
import { sweepTargetsOf } from '../../src/engine/pairLifecycle';

function run(args: string[]): { code: number; out: string } {
  let out = '';
  const code = main(args, (s) => (out += s), (s) => (out += s));
  return { code, out };
}

const close = (actual: number, expected: number, rel = 2e-3) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);

describe('CLI folder totals: one-time and per-year apart, sweeps counted once', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-totals-'));
    fs.mkdirSync(path.join(dir, 'train'));
    fs.mkdirSync(path.join(dir, 'serve'));
    fs.writeFileSync(path.join(dir, 'train/a.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n');
    fs.writeFileSync(path.join(dir, 'train/sweep.yaml'), 'method: grid\ncommand: [python, train.py, --config, a.yaml]\nparameters:\n  lr:\n    values: [0.1, 0.2, 0.3]\n');
    fs.writeFileSync(path.join(dir, 'serve/s.yaml'), 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\nhorizonDays: 730\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json keeps its old sum and adds the split, with the repeated config named', () => {
    const r = run(['estimate', dir, '--json']);
    assert.strictEqual(r.code, 0, r.out);
    const t = JSON.parse(r.out).totals;
    // Existing fields unchanged: every run summed (32.38 + 97.15 + 176.44 = 305.97 kg).
    close(t.co2eKg.mid, 305.97);
    assert.strictEqual(t.runs, 3);
    close(t.oneTime.co2eKg.mid, 97.1455);
    close(t.oneTime.energyKwh.mid, 256.274);
    assert.strictEqual(t.oneTime.runs, 1);
    close(t.perYear.co2eKg.mid, 88.2209);
    close(t.perYear.energyKwh.mid, 1574.28);
    assert.strictEqual(t.perYear.runs, 1);
    assert.deepStrictEqual(t.notAdded.map((n: { path: string; countedIn: string }) => [path.basename(n.path), path.basename(n.countedIn)]), [['a.yaml', 'sweep.yaml']]);
    assert.strictEqual(t.unknown, 0);
  });

  it('the text output prints the two totals apart and says which run is not added', () => {
    const r = run(['estimate', dir]);
    assert.strictEqual(r.code, 0, r.out);
    assert.ok(!/Total over 3 runs/.test(r.out), r.out);
    // 97.1 kg → "≈ 97 kg"; one year of serving 88.2 kg → "≈ 88 kg"; 1,574 kWh → "1.6 MWh".
    assert.match(r.out, /One-time total \(training, sweeps\), 1 run: ≈ 97 kg CO₂e \(59–140\), 260 kWh/);
    assert.match(r.out, /Per-year total \(serving, one year of traffic\), 1 run: ≈ 88 kg CO₂e \(50–140\), 1\.6 MWh/);
    assert.match(r.out, /Not added: .*a\.yaml — a\.yaml is counted in .*sweep\.yaml/);
  });

  it('scales serving to a year by the horizon setting when the file names none', () => {
    // 100 kg over a 73-day horizon is 100 × 365 / 73 = 500 kg a year.
    const split = emptySplit();
    const e = { phase: 'inference' as const, inputs: {}, missing: [], co2eKg: { low: 50, mid: 100, high: 200 }, energyKwh: { low: 1, mid: 2, high: 3 }, embodiedKg: 10 };
    addRun(split, e, { horizonDays: 73 });
    close(split.perYear.co2eKg.mid, 500);
    close(split.perYear.embodiedKg, 50);
    assert.strictEqual(split.oneTime.runs, 0);
    addRun(split, { ...e, missing: ['model'] });
    addRun(split, { ...e, phase: 'training' }, { countedIn: 'sweep.yaml' });
    assert.strictEqual(split.unknown, 1);
    assert.strictEqual(split.counted, 1);
    assert.strictEqual(split.oneTime.runs, 0); // counted in a sweep: not added
  });
});

describe('an unbounded sweep is flagged on the CLI and in the panel, not only on the lens', () => {
  let dir: string;
  const SWEEP = 'method: bayes\nmetric:\n  name: loss\n  goal: minimize\ncommand: [python, train.py, --config, a.yaml]\nparameters:\n  lr:\n    min: 0.0001\n    max: 0.1\n';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-unbounded-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bayes without run_cap: "unbounded sweep: 20 trials assumed — set run_cap"; with run_cap: no flag', () => {
    fs.writeFileSync(path.join(dir, 'sweep.yaml'), SWEEP);
    const r = run(['estimate', dir]);
    // 20 assumed trials × 32.38 kg = 647.6 kg → "≈ 650 kg".
    assert.match(r.out, /sweep\.yaml +wandb-sweep .*≈ 650 kg CO₂e/);
    assert.match(r.out, /Warnings:\n.*sweep\.yaml — sweep\.yaml: unbounded sweep: 20 trials assumed — set run_cap/);
    fs.writeFileSync(path.join(dir, 'sweep.yaml'), `${SWEEP}run_cap: 4\n`);
    const capped = run(['estimate', dir]);
    assert.doesNotMatch(capped.out, /unbounded sweep/);
    // 4 trials × 32.38 kg = 129.5 kg → "≈ 130 kg".
    assert.match(capped.out, /sweep\.yaml +wandb-sweep .*≈ 130 kg CO₂e/);
  });

  it('the panel lists it first among the run’s warnings', () => {
    const result = evaluateText(SWEEP, 'sweep.yaml', normalizeSettings({}), new Map([['a.yaml', 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n']]));
    const { model } = fileModel({ uri: 'file:///w/sweep.yaml', fileName: 'sweep.yaml', result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false });
    assert.strictEqual(model.kind === 'file' ? model.run?.warnings[0] : undefined, 'unbounded sweep: 20 trials assumed — set run_cap');
  });
});

describe('a base config another config reads is counted in that config, not added', () => {
  it('detectron2: Base-RCNN-FPN.yaml with its own MAX_ITER is listed, not added beside the model that inherits it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-base-'));
    try {
      fs.mkdirSync(path.join(dir, 'configs/COCO-Detection'), { recursive: true });
      fs.copyFileSync(path.join(__dirname, '../fixtures/vision/Base-RCNN-FPN.yaml'), path.join(dir, 'configs/Base-RCNN-FPN.yaml'));
      fs.writeFileSync(path.join(dir, 'configs/COCO-Detection/faster_rcnn_R_50_FPN_3x.yaml'),
        '_BASE_: "../Base-RCNN-FPN.yaml"\nMODEL:\n  WEIGHTS: "detectron2://ImageNetPretrained/MSRA/R-50.pkl"\n  RESNETS:\n    DEPTH: 50\nSOLVER:\n  STEPS: (210000, 250000)\n  MAX_ITER: 270000\n');
      const r = run(['estimate', dir, '--json']);
      assert.strictEqual(r.code, 0, r.out);
      const report = JSON.parse(r.out);
      const child = report.files.find((f: { path: string }) => f.path.endsWith('faster_rcnn_R_50_FPN_3x.yaml'));
      // The child reads its base two folders up ('..' inside the folder given) and runs 270k iterations.
      assert.strictEqual(child.runs[0].inputs.steps.value, 270000);
      assert.deepStrictEqual(report.totals.notAdded.map((n: { path: string; countedIn: string }) => [path.basename(n.path), path.basename(n.countedIn)]),
        [['Base-RCNN-FPN.yaml', 'faster_rcnn_R_50_FPN_3x.yaml']]);
      // One run added: the one-time total is the child's own figure (4 significant digits in --json).
      assert.strictEqual(report.totals.oneTime.runs, 1);
      close(report.totals.oneTime.co2eKg.mid, child.runs[0].co2eKg.mid);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two configs that read each other: one is counted in the other, never both left out', () => {
    const f = (p: string, ref: string) => ({ path: p, analysis: { runs: [{}], references: [ref] } }) as unknown as Parameters<typeof sweepTargetsOf>[0][number];
    const counted = sweepTargetsOf([f('c/a.yaml', 'b.yaml'), f('c/b.yaml', 'a.yaml')]);
    assert.deepStrictEqual([...counted], [['c/b.yaml', 'c/a.yaml']]);
  });
});
