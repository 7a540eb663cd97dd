// A Slurm script that names no model and no length still has a time limit: every surface shows what the
// whole limit would cost as a ceiling ("at most …"), never as the run's estimate (issue #13).
import * as assert from 'assert';
import { ceilingText } from '../../src/core/present/ceilingText';
import { normalizeSettings } from '../../src/core/settings';
import { mainLensTitle } from '../../src/editor/lensText';
import { rowDescription } from '../../src/editor/reportView';
import { summariseWorkspace } from '../../src/editor/workspaceSummary';
import { evaluateText } from '../../src/engine/evaluate';
import { markdownReport } from '../../src/engine/exports';
import { jsonRun } from '../../src/engine/jsonReport';
import { textTable } from '../../src/engine/textTable';
import { estimateView } from '../../src/webview/viewModel';

const settings = normalizeSettings({});
// In the shape of huggingface/alignment-handbook recipes/launch.slurm: a node of 8 GPUs, a 72 h limit, and a
// launch whose model and length live in a recipe the script does not name here.
const JOB = '#!/bin/bash\n#SBATCH --nodes=1\n#SBATCH --gres=gpu:a100:8\n#SBATCH --time=72:00:00\n\nsrun python train.py --config cfg.yaml\n';

describe('a Slurm time limit without a length: a ceiling on every surface, never an estimate', () => {
  // Evaluated per test, not in the describe body: code run while mocha loads the file is "static" to
  // Stryker, and each slurm-path mutant then cost a restart of the test process (and ran unmutated here).
  let result: ReturnType<typeof evaluateText>;
  let e: ReturnType<typeof evaluateText>['estimates'][number];
  beforeEach(() => {
    result = evaluateText(JOB, 'job.slurm', settings);
    e = result.estimates[0];
  });

  it('the estimate stays unknown and carries the whole limit at the high power bound', () => {
    assert.ok(e.missing.length > 0, 'no model, no length: no estimate');
    assert.strictEqual(e.co2eKg.mid, 0);
    // By hand: 8 × A100 SXM4 40GB (gres a100), 72 h, high bound of the multi-GPU class: 0.95 × 400 W + host
    // 200 W = 580 W; × PUE 1.56 (unknown data centre) = 8 × 72 × 580 × 1.56 / 1000 = 521.16 kWh;
    // × 475 g/kWh (world average) = 247.55 kg.
    assert.ok(e.ceiling, 'a ceiling');
    assert.strictEqual(e.ceiling!.hours, 72);
    assert.ok(Math.abs(e.ceiling!.energyKwh - 521.1648) < 1e-6, String(e.ceiling!.energyKwh));
    assert.ok(Math.abs(e.ceiling!.co2eKg - 247.55328) < 1e-6, String(e.ceiling!.co2eKg));
    assert.strictEqual(ceilingText(e), 'at most 250 kg CO₂e (the whole 72 h time limit)');
    assert.ok(e.assumptions.includes('At most 520 kWh: 8 × A100 SXM4 40GB for the whole 72 h time limit — a ceiling, not an estimate; most jobs end well before their limit.'), e.assumptions.join('\n'));
  });

  it('lens, CLI text, JSON, panel and Markdown say it in the same words', () => {
    assert.match(mainLensTitle(e, settings), /^Carbon Lens: at most 250 kg CO₂e \(the whole 72 h time limit\) · needs the model and /);
    assert.match(textTable([result]), /at most 250 kg CO₂e \(the whole 72 h time limit\); needs /);
    const json = jsonRun(e);
    assert.strictEqual(json.co2eKg, null, 'the JSON estimate stays null');
    assert.deepStrictEqual(json.ceiling, { hours: 72, energyKwh: 521.2, co2eKg: 247.6 });
    const view = estimateView(e);
    assert.strictEqual(view.known, false);
    assert.strictEqual(view.ceilingText, 'at most 250 kg CO₂e (the whole 72 h time limit)');
    assert.match(markdownReport([result], { version: 't' }), /needs .*\(at most 250 kg CO₂e \(the whole 72 h time limit\), a ceiling, not an estimate\)/);
    // The Runs view and the workspace report: no figure (not summed), the ceiling in the note.
    const s = summariseWorkspace([{ uri: 'file:///w/job.slurm', relPath: 'job.slurm', result }], { includeServing: false });
    assert.strictEqual(s.rows[0].co2eKg, undefined);
    assert.strictEqual(s.totals.oneTime.runs, 0);
    assert.match(rowDescription(s.rows[0]), /^training · at most 250 kg CO₂e \(the whole 72 h time limit\); needs the model/);
  });

  it('the ceiling text: none at zero or with an estimate; a limit under an hour in minutes', () => {
    const base = { missing: ['the model'], ceiling: { hours: 0.5, energyKwh: 1, co2eKg: 0.4 } };
    assert.strictEqual(ceilingText(base), 'at most 400 g CO₂e (the whole 30 min time limit)');
    assert.strictEqual(ceilingText({ ...base, ceiling: { hours: 2, energyKwh: 0, co2eKg: 0 } }), undefined);
    assert.strictEqual(ceilingText({ ...base, ceiling: { hours: 2, energyKwh: 1, co2eKg: Infinity } }), undefined);
    assert.strictEqual(ceilingText({ ...base, missing: [] }), undefined, 'an estimated run shows its estimate, not a ceiling');
    assert.strictEqual(ceilingText({ missing: ['the model'] }), undefined);
  });

  it('no ceiling when the file states no GPU count (a limit on one assumed device says little)', () => {
    const noGpus = evaluateText(JOB.replace('#SBATCH --gres=gpu:a100:8\n', ''), 'job.slurm', settings).estimates[0];
    assert.strictEqual(noGpus.inputs.count?.origin, 'default', 'no GPU count in the file');
    assert.strictEqual(noGpus.ceiling, undefined);
  });

  it('no ceiling once the script says how long it trains (the limit then caps the estimate), nor without a device count', () => {
    const withSteps = evaluateText(JOB.replace('--config cfg.yaml', '--model_name_or_path meta-llama/Llama-3.1-8B --max_steps 1000'), 'job.slurm', settings).estimates[0];
    assert.strictEqual(withSteps.missing.length, 0, withSteps.missing.join('; '));
    assert.strictEqual(withSteps.ceiling, undefined);
    assert.strictEqual(ceilingText(withSteps), undefined);
    assert.strictEqual(jsonRun(withSteps).ceiling, undefined);
    const noLimit = evaluateText(JOB.replace('#SBATCH --time=72:00:00\n', ''), 'job.slurm', settings).estimates[0];
    assert.strictEqual(noLimit.ceiling, undefined);
    assert.doesNotMatch(mainLensTitle(noLimit, settings), /at most/);
  });
});
