// How a budget breach reads (issue #16, part 8): "3.6 t CO₂e vs a 2 kg budget (×1,800)" on every
// surface; serving runs, whose figure is a whole horizon of traffic, are compared with a per-run
// budget only when asked; an unbounded sweep says its trial count is a guess. Expected strings are
// derived by hand in the comments.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { budgetVersus, overBudgetFactor } from '../../src/engine/budgetRules';
import { evaluateText } from '../../src/engine/evaluate';
import { budgetMessage, perRunBudgetApplies, runBudgetMessage } from '../../src/editor/diagnosticText';
import { mainLensTitle, unboundedSweepNote } from '../../src/editor/lensText';
import { budgetImpact, budgetImpactText } from '../../src/editor/budgetImpact';
import type { RunRow } from '../../src/editor/workspaceSummary';

const settings = normalizeSettings({});
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const TIMED = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';

describe('budget messages', () => {
  it('state the estimate, the budget and how many times over', () => {
    // 3,612 kg is 3.6 t; 3,612 / 2 = 1,806, to two figures 1,800, grouped.
    assert.strictEqual(budgetVersus(3612, 2), '3.6 t CO₂e vs a 2 kg budget (×1,800)');
    // 42 / 30 = 1.4.
    assert.strictEqual(budgetMessage(42, 30), '42 kg CO₂e vs a 30 kg budget (×1.4)');
    // 10.4 / 10 = 1.04: "×1.0" would read as on budget, so the excess is a percentage, +4%.
    assert.strictEqual(budgetVersus(10.4, 10), '10 kg CO₂e vs a 10 kg budget (+4%)');
    assert.strictEqual(overBudgetFactor(10.001, 10), '+1%', 'never "+0%" for a breach');
    // 2,500,000 kg / 2 kg = 1,250,000 → 1,300,000 to two figures.
    assert.strictEqual(overBudgetFactor(2.5e6, 2), '×1,300,000');
  });

  it('say nothing within the budget, or exactly at it', () => {
    assert.strictEqual(budgetVersus(5, 10), undefined);
    assert.strictEqual(budgetVersus(10, 10), undefined);
  });
});

describe('per-run budgets and serving runs', () => {
  // 8 × A100 for 24 h in us-east-1: 32.38 kg mid (8 × 24 h × 392 W × 1.135 × 0.379069); 32.38 / 5 = 6.48 → ×6.5.
  // Computed per test in beforeEach, not while mocha loads the file: Stryker counts code run at load as
  // static, and a static mutant restarts the test process (README, Mutation testing).
  let training!: ReturnType<typeof evaluateText>['estimates'][number];
  let serving!: ReturnType<typeof evaluateText>['estimates'][number];
  beforeEach(() => {
    training = evaluateText(TIMED, 'run.yaml', settings).estimates[0];
    serving = evaluateText(fs.readFileSync(path.join(EXAMPLES, 'vllm-serve.yaml'), 'utf8'), 'vllm-serve.yaml', settings).estimates[0];
  });
  // examples/vllm-serve.yaml: 4 × A100 (400 W) serving for a year at 0.5 × 400 + host 0.3 × 400 = 320 W, PUE 1.56,
  // world 475 g/kWh: 4 × 8,760 h × 320 W × 1.56 = 17,491.97 kWh → 8,308.7 kg mid; 8,308.7 / 2 = 4,154 → ×4,200.
  const year = { includeServing: false, horizonDays: 365 };

  it('compare a training run with the budget', () => {
    assert.strictEqual(training.phase, 'training');
    assert.strictEqual(runBudgetMessage(training, 5, year), '32 kg CO₂e vs a 5 kg budget (×6.5)');
    assert.strictEqual(perRunBudgetApplies(training, false), true);
  });

  it('leave a serving run alone unless carbonLens.budget.includeServing asks for it', () => {
    assert.strictEqual(serving.phase, 'inference');
    assert.strictEqual(perRunBudgetApplies(serving, false), false);
    assert.strictEqual(runBudgetMessage(serving, 2, year), undefined);
    assert.strictEqual(runBudgetMessage(serving, 2, { ...year, includeServing: true }), 'A year of serving: 8.3 t CO₂e vs a 2 kg budget (×4,200)');
  });

  it('compare nothing for a run whose estimate is incomplete', () => {
    const needs = evaluateText('hardware: A100\ncount: 8\nregion: FR\n', 'r.yaml', settings).estimates[0];
    assert.ok(needs.missing.length > 0);
    assert.strictEqual(runBudgetMessage(needs, 0.001, { ...year, includeServing: true }), undefined);
  });
});

describe('unbounded sweeps', () => {
  // A W&B bayes sweep with no run_cap runs until stopped; src/formats/handlers/sweeps.ts assumes 20 trials.
  const bayes = 'program: train.py\nmethod: bayes\nmetric: {name: loss, goal: minimize}\nparameters:\n  lr: {min: 0.0001, max: 0.1}\n';

  it('are flagged in the lens with the key to set', () => {
    const e = evaluateText(bayes, 'sweep.yaml', settings).estimates[0];
    assert.strictEqual(unboundedSweepNote(e), 'unbounded sweep: 20 trials assumed — set run_cap');
    // The per-trial cost is unknown here (no model, no length), and the lens says both things.
    assert.strictEqual(mainLensTitle(e, settings), 'Carbon Lens: needs the model and the length of training or the wall-clock hours · unbounded sweep: 20 trials assumed — set run_cap');
  });

  it('are not flagged once run_cap bounds them, nor for a grid', () => {
    const capped = evaluateText(bayes.replace('method: bayes\n', 'method: random\nrun_cap: 12\n'), 'sweep.yaml', settings).estimates[0];
    assert.strictEqual(capped.inputs.trials!.value, 12);
    assert.strictEqual(unboundedSweepNote(capped), undefined);
    const grid = evaluateText(fs.readFileSync(path.join(EXAMPLES, 'wandb-sweep.yaml'), 'utf8'), path.join(EXAMPLES, 'wandb-sweep.yaml'), settings).estimates[0];
    assert.strictEqual(grid.inputs.trials!.value, 9);
    assert.strictEqual(unboundedSweepNote(grid), undefined);
    assert.doesNotMatch(mainLensTitle(grid, settings), /unbounded/);
  });
});

describe('setting a budget says what it changes (budgetImpact)', () => {
  const row = (fileName: string, mid: number | undefined, cadence: 'one-time' | 'per-year' = 'one-time', name = fileName): RunRow => ({
    key: `file:///w/${fileName}#0`, uri: `file:///w/${fileName}`, relPath: fileName, folder: '.', fileName, runIndex: 0, name,
    phase: cadence === 'per-year' ? 'inference' : 'training', format: 'axolotl', line: 0, place: { where: 'line 1' }, cadence,
    missing: mid === undefined ? ['model'] : [], budget: { state: 'none' },
    ...(mid === undefined ? {} : { co2eKg: { low: mid / 2, mid, high: mid * 2 }, energyKwh: { low: 1, mid: 2, high: 3 }, embodiedKg: 0 }),
  });
  const rows = [row('small.yaml', 4.2), row('big-run.yaml', 3600, 'one-time', 'llama-70b'), row('mid.yaml', 51), row('needs.yaml', undefined), row('serve.yaml', 9000, 'per-year')];

  it('counts training runs above the budget and names the largest (serving left out unless asked)', () => {
    // 50 kg: 3,600 and 51 are above, 4.2 is not; needs.yaml has no figure; serve.yaml is serving.
    assert.deepStrictEqual(budgetImpact(rows, 50, false), { compared: 3, over: 2, largest: { fileName: 'big-run.yaml', name: 'llama-70b', kg: 3600 } });
    assert.strictEqual(budgetImpactText(budgetImpact(rows, 50, false), 50),
      '2 of 3 runs with an estimate are above 50 kg CO₂e and will be flagged in the Problems panel (largest: big-run.yaml, llama-70b, 3.6 t).');
  });

  it('counts a year of serving when serving is included', () => {
    // 9,000 kg a year of serving is then the largest of 3 over, out of 4 compared.
    assert.strictEqual(budgetImpactText(budgetImpact(rows, 50, true), 50),
      '3 of 4 runs with an estimate are above 50 kg CO₂e and will be flagged in the Problems panel (largest: serve.yaml, 9 t).');
  });

  it('a budget equal to a run is not exceeded; none over and no runs read as such', () => {
    assert.strictEqual(budgetImpactText(budgetImpact(rows, 3600, false), 3600), 'None of the 3 runs with an estimate is above 3.6 t CO₂e.');
    assert.strictEqual(budgetImpactText(budgetImpact([row('small.yaml', 4.2)], 1, false), 1),
      '1 of 1 run with an estimate is above 1 kg CO₂e and will be flagged in the Problems panel (largest: small.yaml, 4.2 kg).');
    assert.strictEqual(budgetImpactText(budgetImpact([row('needs.yaml', undefined)], 1, false), 1), 'No run in this workspace has an estimate to compare with 1 kg CO₂e yet.');
  });
});
