// How the entry script's facts and its flat config reach the run (src/formats/handlers/entryDefaults.ts):
// every value `inferred`, shown at the script's name on the launch line (`AT`), with a note naming the
// line of the .py or config it came from, one summary note per file, and what the line or another
// source already set kept. Values and lines are read off the snippets by hand (lines 1-based).
import * as assert from 'assert';
import type { RunInputs, SourceRange } from '../../src/core/runSpec';
import { applyEntryScript, applyFlatConfig } from '../../src/formats/handlers/entryDefaults';
import type { Word } from '../../src/formats/launcherFlags';

const AT: SourceRange = { startLine: 3, startCol: 28, endLine: 3, endCol: 35 };
const PY = [
  'import argparse', //                                                   line 1
  'p = argparse.ArgumentParser()', //                                     line 2
  'p.add_argument("--epochs", type=int, default=5)', //                   line 3
  'p.add_argument("--bf16", action="store_true", default=True)', //       line 4
  'm = AutoModel.from_pretrained("gpt2")', //                              line 5
  'd = load_dataset("imdb")', //                                          line 6
].join('\n');
const word = (text: string, at: number): Word => ({ text, start: at, end: at + text.length, textStart: at });

describe('Entry-script defaults applied to a launch line', () => {
  it('each default is inferred, shown at the script\'s name, and its note names the .py line; one summary note', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('src/main.py', PY, [], AT, inputs, notes, {});
    assert.deepStrictEqual(inputs.epochs, { value: 5, origin: 'inferred', key: 'epochs', range: AT, note: 'default of --epochs in main.py line 3' });
    // A boolean default goes through the flag reader as `--bf16 true`.
    assert.deepStrictEqual([inputs.precision?.value, inputs.precision?.note], ['bf16', 'default of --bf16 in main.py line 4']);
    assert.deepStrictEqual([inputs.model?.value, inputs.model?.key, inputs.model?.note], ['gpt2', 'model_name_or_path', 'AutoModel.from_pretrained("gpt2") in main.py line 5']);
    assert.deepStrictEqual([inputs.dataset?.value, inputs.dataset?.note], ['imdb', 'load_dataset("imdb") in main.py line 6']);
    assert.deepStrictEqual(notes, ['Read main.py, the script the command runs: epochs (default of --epochs, line 3); precision (default of --bf16, line 4); model (AutoModel.from_pretrained("gpt2"), line 5); dataset (load_dataset("imdb"), line 6) — what it does when the command line does not say otherwise.']);
  });

  it('a flag on the line wins over the default (`--epochs 2`), and a model already set is kept', () => {
    const inputs: RunInputs = { model: { value: 'roberta-base', origin: 'file' } };
    const notes: string[] = [];
    applyEntryScript('main.py', PY, [word('torchrun', 0), word('--epochs', 9), word('2', 18)], AT, inputs, notes, {});
    assert.strictEqual(inputs.epochs, undefined);
    assert.deepStrictEqual(inputs.model, { value: 'roberta-base', origin: 'file' });
    assert.ok(!notes[0].includes('epochs') && !notes[0].includes('model ('), notes[0]);
  });

  it('a script that says nothing usable adds no note', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('main.py', 'print("hello")\n', [], AT, inputs, notes, {});
    assert.deepStrictEqual(inputs, {});
    assert.deepStrictEqual(notes, []);
  });
});

describe('The flat config an entry script reads', () => {
  it('YAML: top-level scalars by flag name, nested sections and nulls skipped, values set before kept', () => {
    const inputs: RunInputs = { perDeviceBatch: { value: 2, origin: 'file' } };
    const notes: string[] = [];
    applyFlatConfig('cfg/run.yaml', 'max_steps: 500\nper_device_train_batch_size: 8\noptimizer:\n  lr: 1\nseed: null\nbf16: true\n', AT, inputs, notes, {});
    assert.deepStrictEqual(inputs.steps, { value: 500, origin: 'inferred', key: 'max_steps', range: AT, note: 'max_steps in run.yaml line 1' });
    assert.strictEqual(inputs.perDeviceBatch?.value, 2);
    assert.deepStrictEqual([inputs.precision?.value, inputs.precision?.note], ['bf16', 'bf16 in run.yaml line 6']);
    assert.deepStrictEqual(notes, ['Read run.yaml, the config the script takes: steps (max_steps, line 1); precision (bf16, line 6).']);
  });

  it('JSON, with the line of each key', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyFlatConfig('cfg.json', '{\n  "max_steps": 500,\n  "num_train_epochs": 2\n}', AT, inputs, notes, {});
    assert.deepStrictEqual([inputs.steps?.note, inputs.epochs?.value, inputs.epochs?.note], ['max_steps in cfg.json line 2', 2, 'num_train_epochs in cfg.json line 3']);
  });

  it('not read: another extension, a top-level list, or over 256 KB', () => {
    for (const [p, t] of [['cfg.toml', 'max_steps = 5\n'], ['c.yaml', '- a\n- b\n'], ['big.yaml', `max_steps: 5\n#${'x'.repeat(256 * 1024)}\n`]]) {
      const inputs: RunInputs = {};
      const notes: string[] = [];
      applyFlatConfig(p, t, AT, inputs, notes, {});
      assert.deepStrictEqual([inputs, notes], [{}, []], p);
    }
  });
});
