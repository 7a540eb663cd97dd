// Sweep readers (src/formats/handlers/sweeps.ts): W&B sweep files and Hydra's Optuna sweeper. Written to
// kill mutants that survived (issue #19): each test asserts what the user sees (the trial multiplier,
// where it was read, the note that explains it, the per-trial config the sweep points to) with the value
// derived by hand in a comment. Texts imitate the W&B sweep docs (docs.wandb.ai, "Define a sweep
// configuration", 2024) and Hydra's Optuna sweeper plugin examples (facebookresearch/hydra,
// plugins/hydra_optuna_sweeper/example, 2023).
import * as assert from 'assert';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText, makeInput } from '../../src/formats';
import { optunaHandler, wandbSweepHandler } from '../../src/formats/handlers/sweeps';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function one(text: string, fileName: string, format: string): RunSpec {
  const a = analyzeText(text, fileName);
  assert.strictEqual(a.format, format);
  assert.strictEqual(a.runs.length, 1);
  return a.runs[0];
}

/** value, origin and 1-based line of the trial count. */
function trials(run: RunSpec): [number, string, number] {
  const t = run.inputs.trials!;
  return [t.value, t.origin, t.range ? t.range.startLine + 1 : 0];
}

describe('sweep readers (mutation tests)', () => {
  describe('W&B grid sizes and run_cap', () => {
    const grid = (cap?: number) => yaml('program: train.py', 'method: grid', ...(cap ? [`run_cap: ${cap}`] : []), 'parameters:', '  lr:', '    values: [0.1, 0.01, 0.001]', '  batch_size:', '    values: [16, 32]');

    it('a run_cap below the grid (4 < 3 × 2 = 6) is the trial count, from the file', () => {
      assert.deepStrictEqual(trials(one(grid(4), 'sweep.yaml', 'wandb-sweep')), [4, 'file', 3]);
    });

    it('a run_cap equal to the grid (6) is still the stated count', () => {
      assert.deepStrictEqual(trials(one(grid(6), 'sweep.yaml', 'wandb-sweep')), [6, 'file', 3]);
    });

    it('a run_cap above the grid (10 > 6) is never reached: 6 trials, and the note says why', () => {
      const r = one(grid(10), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(trials(r), [6, 'inferred', 3]);
      assert.strictEqual(r.inputs.trials!.note, 'grid of lr 3 × batch_size 2 = 6 runs (run_cap 10 is not reached)');
    });

    it('no run_cap: the grid size, anchored on `method:`, with nested parameters named by path', () => {
      // optimizer.name 2 × optimizer.momentum 3 × epochs 2 = 12; `seed: value: 1` is fixed, not a factor.
      const r = one(yaml('program: train.py', 'method: grid', 'parameters:', '  optimizer:', '    parameters:', '      name:', '        values: [adam, sgd]',
        '      momentum:', '        values: [0.8, 0.9, 0.95]', '  seed:', '    value: 1', '  epochs:', '    values: [1, 2]'), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(trials(r), [12, 'inferred', 2]);
      assert.strictEqual(r.inputs.trials!.key, 'method');
      assert.strictEqual(r.inputs.trials!.note, 'grid: optimizer.name 2 × optimizer.momentum 3 × epochs 2 = 12 runs');
    });

    it('a grid over a distribution has no finite size: 20 trials assumed, and the note asks for run_cap', () => {
      const r = one(yaml('program: train.py', 'method: grid', 'parameters:', '  epochs:', '    value: 3', '  lr:', '    distribution: uniform', '    min: 0.0001', '    max: 0.1'), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(trials(r), [20, 'default', 2]);
      assert.strictEqual(r.inputs.trials!.note, 'grid sweep without run_cap is unbounded: 20 runs assumed');
      assert.ok(r.notes.includes('A grid sweep without `run_cap` runs until stopped: 20 trials assumed. Set `run_cap` (or `wandb agent --count`) to state it.'), r.notes.join('\n'));
      assert.deepStrictEqual([r.inputs.epochs!.value, r.inputs.epochs!.key], [3, 'parameters.epochs.value']);
    });

    it('a nested group over a distribution makes the whole grid unbounded', () => {
      const r = one(yaml('program: train.py', 'method: grid', 'parameters:', '  opt:', '    parameters:', '      lr:', '        distribution: log_uniform_values', '        min: 0.00001', '        max: 0.01', '  bs:', '    values: [8, 16]'), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(trials(r), [20, 'default', 2]);
    });

    it('early_terminate: the note names its type', () => {
      const r = one(yaml('program: train.py', 'method: random', 'run_cap: 8', 'early_terminate:', '  type: hyperband', '  min_iter: 3', 'parameters:', '  lr:', '    min: 0.0001', '    max: 0.1'), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(trials(r), [8, 'file', 3]);
      assert.ok(r.notes.includes('Early termination (hyperband) stops weak runs early, so the average trial is shorter than a full run.'), r.notes.join('\n'));
      const plain = one(yaml('program: train.py', 'method: random', 'run_cap: 8', 'parameters:', '  lr:', '    min: 0.0001', '    max: 0.1'), 'sweep.yaml', 'wandb-sweep');
      assert.ok(!plain.notes.some((n) => n.startsWith('Early termination')));
    });
  });

  describe('W&B fixed per-trial parameters', () => {
    // Each alias of each field, with a swept alias before it (its note) and the fixed one after.
    const r = () => one(yaml('program: train.py', 'method: random', 'run_cap: 5', 'parameters:',
      '  epochs:', '    values: [1, 2]', //                        line 5: swept, noted
      '  num_train_epochs:', '    value: 2', //                    line 7-8
      '  steps:', '    value: 1000', //                            line 9-10
      '  batch_size:', '    value: 8', //                          line 11-12
      '  gradient_accumulation_steps:', '    value: 4', //         line 13-14
      '  max_seq_length:', '    values: [256, 512]', //          line 15-16: swept, noted
      '  max_length:', '    value: 1024', //                       line 17-18
      '  lora_rank:', '    value: 16', //                          line 19-20
      '  model_name_or_path:', '    value: meta-llama/Llama-3.2-1B', // line 21-22
      '  lr:', '    min: 0.0001', '    max: 0.1'), 'sweep.yaml', 'wandb-sweep');

    it('reads every fixed value under its W&B key, on its own line', () => {
      const run = r();
      const got = (['epochs', 'steps', 'perDeviceBatch', 'gradAccum', 'seqLen', 'loraRank', 'model'] as const).map((f) => [f, run.inputs[f]?.value, run.inputs[f]?.key, run.inputs[f]?.range && run.inputs[f]!.range!.startLine + 1]);
      assert.deepStrictEqual(got, [
        ['epochs', 2, 'parameters.num_train_epochs.value', 8],
        ['steps', 1000, 'parameters.steps.value', 10],
        ['perDeviceBatch', 8, 'parameters.batch_size.value', 12],
        ['gradAccum', 4, 'parameters.gradient_accumulation_steps.value', 14],
        ['seqLen', 1024, 'parameters.max_length.value', 18],
        ['loraRank', 16, 'parameters.lora_rank.value', 20],
        ['model', 'meta-llama/Llama-3.2-1B', 'parameters.model.value', 22],
      ]);
      assert.strictEqual(r().inputs.model!.origin, 'file');
    });

    it('says which settings are swept and that trials then differ in cost', () => {
      assert.ok(r().notes.includes('`epochs` is swept (2 values); trials differ in cost.'), r().notes.join('\n'));
      assert.ok(r().notes.includes('`max_seq_length` is swept (2 values); trials differ in cost.'), r().notes.join('\n'));
    });

    it('the other aliases: max_epochs, max_steps, per_device_train_batch_size, seq_len, lora_r, model', () => {
      const s = one(yaml('program: train.py', 'method: random', 'run_cap: 5', 'parameters:', '  max_epochs:', '    value: 7', '  max_steps:', '    value: 50',
        '  per_device_train_batch_size:', '    value: 2', '  seq_len:', '    value: 128', '  lora_r:', '    value: 8', '  model:', '    value: gpt2', '  lr:', '    values: [0.1, 0.2]'), 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual((['epochs', 'steps', 'perDeviceBatch', 'seqLen', 'loraRank', 'model'] as const).map((f) => s.inputs[f]?.value), [7, 50, 2, 128, 8, 'gpt2']);
      // num_epochs is the third epochs alias.
      const t = one(yaml('program: train.py', 'method: random', 'run_cap: 5', 'parameters:', '  num_epochs:', '    value: 9', '  lr:', '    values: [0.1, 0.2]'), 'sweep.yaml', 'wandb-sweep');
      assert.strictEqual(t.inputs.epochs!.value, 9);
    });
  });

  describe('W&B per-trial config and the run name', () => {
    const sweep = (...extra: string[]) => yaml('method: random', 'run_cap: 3', ...extra, 'parameters:', '  lr:', '    values: [0.1, 0.2]');
    const target = (text: string) => {
      const input = makeInput(text, 'sweep.yaml');
      const refs = wandbSweepHandler.references!(input);
      const run = one(text, 'sweep.yaml', 'wandb-sweep');
      assert.deepStrictEqual(refs, run.perTrialConfig ? [run.perTrialConfig.path] : []);
      return run.perTrialConfig && [run.perTrialConfig.path, run.perTrialConfig.range!.startLine + 1];
    };

    it('--config=PATH and -c=PATH in command', () => {
      assert.deepStrictEqual(target(sweep('command:', '  - ${env}', '  - python', '  - ${program}', '  - --config=configs/a.yaml')), ['configs/a.yaml', 7]);
      assert.deepStrictEqual(target(sweep('command:', '  - python', '  - train.py', '  - -c=b.yml')), ['b.yml', 6]);
    });

    it('a flag then its path, trimmed, even when the path is quoted with spaces', () => {
      assert.deepStrictEqual(target(sweep('command:', '  - python', '  - train.py', '  - " --config-file "', '  - " cfg/train.yaml "')), ['cfg/train.yaml', 7]);
    });

    it('a bare .yaml/.json argument; a .py argument is the program, not its config', () => {
      assert.deepStrictEqual(target(sweep('program: run.py', 'command:', '  - python', '  - run.py', '  - " overrides.json "')), ['overrides.json', 7]);
      // The program wins over nothing else: run.py is what each trial runs.
      assert.deepStrictEqual(target(sweep('program: run.py', 'command:', '  - python', '  - run.py')), ['run.py', 3]);
    });

    it('parameters.config_file / config_path value, else the program', () => {
      const p = (key: string) => yaml('method: random', 'run_cap: 3', 'program: run.py', 'parameters:', `  ${key}:`, '    value: " conf/x.yaml "', '  lr:', '    values: [0.1, 0.2]');
      assert.deepStrictEqual(target(p('config_file')), ['conf/x.yaml', 6]);
      assert.deepStrictEqual(target(p('config_path')), ['conf/x.yaml', 6]);
      assert.deepStrictEqual(target(sweep('program: " train.py "')), ['train.py', 3]);
    });

    it('no config named: the note says what each trial runs', () => {
      const r = one(sweep('program: train'), 'sweep.yaml', 'wandb-sweep');
      assert.strictEqual(r.perTrialConfig, undefined);
      assert.ok(r.notes.includes('Each trial runs train; its own config sets the per-trial cost.'), r.notes.join('\n'));
      const s = one(sweep('command:', '  - ${env}', '  - ${interpreter}'), 'sweep.yaml', 'wandb-sweep');
      assert.ok(s.notes.includes('Each trial runs the sweep program; its own config sets the per-trial cost.'), s.notes.join('\n'));
      const t = one(sweep('program: train.py'), 'sweep.yaml', 'wandb-sweep');
      assert.ok(!t.notes.some((n) => n.startsWith('Each trial runs')), t.notes.join('\n'));
    });

    it('named by name:, else description:, else the file name', () => {
      assert.strictEqual(one(sweep('name: lr-search', 'description: a sweep'), 'sweep.yaml', 'wandb-sweep').name, 'lr-search');
      assert.strictEqual(one(sweep('description: a sweep'), 'sweep.yaml', 'wandb-sweep').name, 'a sweep');
      assert.strictEqual(one(sweep(), 'sweeps/lr.yaml', 'wandb-sweep').name, 'lr.yaml');
    });
  });

  describe('W&B detection', () => {
    const detect = (text: string) => wandbSweepHandler.detect(makeInput(text, 'sweep.yaml'));
    const params = ['parameters:', '  lr:', '    values: [0.1, 0.2]'];

    it('more sure with program, metric or command (0.9) than without (0.75)', () => {
      assert.strictEqual(detect(yaml('method: random', ...params)), 0.75);
      assert.strictEqual(detect(yaml('program: t.py', 'method: random', ...params)), 0.9);
      assert.strictEqual(detect(yaml('metric:', '  name: loss', 'method: random', ...params)), 0.9);
      assert.strictEqual(detect(yaml('command: [python, t.py]', 'method: random', ...params)), 0.9);
    });

    it('one key W&B does not know is tolerated, two are not', () => {
      assert.strictEqual(detect(yaml('method: random', 'owner: me', ...params)), 0.75);
      assert.strictEqual(detect(yaml('method: random', 'owner: me', 'seed: 1', ...params)), 0);
    });

    it('needs a W&B method, a parameters map and a single document', () => {
      assert.strictEqual(detect(yaml('method: hyperband', ...params)), 0);
      assert.strictEqual(detect(yaml('method: random', 'parameters: [lr]')), 0);
      assert.strictEqual(detect(yaml('parameters:', '  lr:', '    values: [1, 2]')), 0);
      assert.strictEqual(detect(yaml('method: random', ...params, '---', 'method: grid', ...params)), 0);
    });
  });

  describe('Hydra Optuna sweeper', () => {
    const conf = (...sweeper: string[]) => yaml('# @package _global_', 'defaults:', '  - override /hydra/sweeper: optuna', 'hydra:', '  sweeper:', ...sweeper.map((l) => `    ${l}`));

    it('n_trials, n_jobs, pruner and params each show up, named by study_name, anchored on hydra:', () => {
      const r = one(conf('study_name: lr-search', 'n_trials: 30', 'n_jobs: 4', 'pruner:', '  _target_: optuna.pruners.MedianPruner', 'params:', '    optimizer.lr: interval(0.0001, 0.1)', '    model.depth: choice(2, 4)'), 'mnist_optuna.yaml', 'optuna');
      assert.strictEqual(r.name, 'lr-search');
      assert.strictEqual(r.anchor!.startLine + 1, 4); // hydra:
      assert.deepStrictEqual(trials(r), [30, 'file', 7]);
      assert.deepStrictEqual(r.notes, [
        '4 trials run in parallel (n_jobs): the same total compute, in less wall-clock time.',
        'A pruner stops weak trials early, so the average trial is shorter than a full run.',
        "Searches optimizer.lr, model.depth; each trial's cost comes from the experiment config.",
      ]);
    });

    it('no n_trials: 20 assumed and said; n_jobs 1 is no parallelism; named by the file', () => {
      const r = one(conf('n_jobs: 1', 'direction: minimize'), 'conf/hparams_search/mnist_optuna.yaml', 'optuna');
      assert.strictEqual(r.name, 'mnist_optuna.yaml');
      assert.deepStrictEqual([r.inputs.trials!.value, r.inputs.trials!.origin], [20, 'default']);
      assert.deepStrictEqual(r.notes, ['The Optuna sweeper sets no `n_trials`: 20 trials assumed.']);
    });

    it('found by hydra.sweeper._target_ as well as by the defaults override', () => {
      const text = yaml('hydra:', '  sweeper:', '    _target_: hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper', '    n_trials: 12');
      assert.deepStrictEqual(trials(one(text, 'sweep.yaml', 'optuna')), [12, 'file', 4]);
    });

    it('not: another sweeper in defaults, or a JSON file', () => {
      const input = (text: string, name: string) => makeInput(text, name);
      assert.strictEqual(optunaHandler.detect(input(yaml('defaults:', '  - override /hydra/sweeper: basic', 'hydra:', '  sweeper:', '    n_trials: 3'), 'x.yaml')), 0);
      assert.strictEqual(optunaHandler.detect(input('{"hydra": {"sweeper": {"_target_": "optuna", "n_trials": 3}}}', 'x.json')), 0);
      assert.strictEqual(optunaHandler.detect(input(yaml('defaults:', '  - override /hydra/sweeper: optuna'), 'x.yaml')), 0.9);
    });
  });
});
