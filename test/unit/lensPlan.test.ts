// Which lenses a file gets and what they do (issue #16, part 3): one per line, per kind of run
// (drivers / run / off), a length driver that halves through the apply path, a model picker where
// the model is what is missing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatMass } from '../../src/core/format';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { DEFAULT_LENS_MODES, driverAction, lensKind, lensMode, needsModel, planLenses, type LensModes } from '../../src/editor/lensPlan';
import { fileTotalKg, pairRuns } from '../../src/editor/lensText';

const settings = normalizeSettings({});
const AXOLOTL = fs.readFileSync(path.join(__dirname, '../../examples/axolotl-qlora.yaml'), 'utf8');
const pairsOf = (text: string, name = 'run.yaml') => pairRuns(evaluateText(text, name, settings));

describe('lens plan', () => {
  it('puts at most one lens on a line, the run’s own lens first', () => {
    // `hours` is both the run's first located input (its anchor, line 0) and its length driver.
    const pairs = pairsOf('hours: 24\nhardware: A100 80GB\ncount: 8\nregion: aws:us-east-1\n');
    const plan = planLenses(pairs, DEFAULT_LENS_MODES);
    const lines = plan.map((s) => s.line);
    assert.deepStrictEqual(lines, [...new Set(lines)], 'two lenses share a line');
    assert.strictEqual(plan.find((s) => s.line === 0)?.kind, 'main');
    assert.ok(plan.some((s) => s.kind === 'driver'), 'no driver lens at all');
  });

  it('follows the per-kind setting: drivers, run only, off', () => {
    const pairs = pairsOf(AXOLOTL, 'axolotl.yaml');
    assert.strictEqual(lensKind(pairs[0].estimate), 'training');
    const modes = (training: LensModes['training']): LensModes => ({ ...DEFAULT_LENS_MODES, training });
    assert.ok(planLenses(pairs, modes('drivers')).length > 1);
    assert.deepStrictEqual(planLenses(pairs, modes('run')).map((s) => s.kind), ['main']);
    assert.deepStrictEqual(planLenses(pairs, modes('off')), []);
    // Serving is its own kind: turning training off leaves a vLLM config's lenses alone.
    const serving = pairsOf(fs.readFileSync(path.join(__dirname, '../../examples/vllm-serve.yaml'), 'utf8'), 'vllm-serve.yaml');
    assert.strictEqual(lensKind(serving[0].estimate), 'serving');
    assert.ok(planLenses(serving, modes('off')).length > 0);
    assert.strictEqual(lensMode('nonsense'), 'drivers');
  });

  it('a stated length halves through the apply path, with the saving on the lens', () => {
    const pairs = pairsOf(AXOLOTL, 'axolotl.yaml');
    const spec = planLenses(pairs, DEFAULT_LENS_MODES).find((s) => s.kind === 'driver' && s.driver.field === 'epochs');
    assert.ok(spec && spec.kind === 'driver', 'no epochs lens');
    const est = spec.pair.estimate;
    const action = driverAction(spec.driver, { run: spec.pair.run, estimate: est, settings, fileTotalKg: fileTotalKg(pairs) });
    // FLOPs-based: tokens = epochs × tokens per epoch, energy ∝ tokens, so half the epochs saves half
    // the CO₂e: the run's ≈ 660 g mid (its hover) → −330 g.
    assert.deepStrictEqual(action.change, { field: 'epochs', value: 1.5 });
    assert.strictEqual(action.title, `halve epochs (3 → 1.5) → −${formatMass(est.co2eKg.mid / 2)}`);
    assert.strictEqual(action.title, 'halve epochs (3 → 1.5) → −330 g');
  });

  it('a run that lacks only its model gets the model picker', () => {
    const [p] = pairsOf('hardware: H100\ncount: 8\nsteps: 1000\n');
    assert.ok(needsModel(p.estimate), p.estimate.missing.join('; '));
    const [main] = planLenses([p], DEFAULT_LENS_MODES);
    assert.ok(main.kind === 'main' && main.needsModel);
    // A run with its model but no length does not: a picker would not help it.
    const [q] = pairsOf('model: meta-llama/Llama-3.1-8B\nhardware: H100\ncount: 8\n');
    assert.ok(q.estimate.missing.length > 0 && !needsModel(q.estimate));
  });
});
