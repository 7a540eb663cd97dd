// Notebook lenses sit on the cell that configures the run AND on the cell that starts it (issue 16 §6):
// a user reads the TrainingArguments cell and runs the `trainer.train()` cell (or `!accelerate launch`,
// a `%%bash` torchrun cell). Lines below are 0-based lines of the .ipynb JSON, found in the text itself.
import * as assert from 'assert';
import { normalizeSettings } from '../../src/core/settings';
import { DEFAULT_LENS_MODES, planLenses } from '../../src/editor/lensPlan';
import { pairRuns } from '../../src/editor/lensText';
import { evaluateText } from '../../src/engine/evaluate';
import { ipynbLocator } from '../../src/formats/ipynbLines';
import { isLaunchCommand } from '../../src/formats/handlers/notebookLaunch';

const settings = normalizeSettings({});

/** An .ipynb the way Jupyter writes it: one source string per line, indent 1. */
function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((src) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: src.split(/(?<=\n)/) })),
    metadata: { colab: { gpuType: 'A100' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1);
}

/** The cells (0-based) holding a main lens, with the line inside the cell. */
function mainLensCells(text: string): string[] {
  const locate = ipynbLocator(text)!;
  return planLenses(pairRuns(evaluateText(text, 'train.ipynb', settings)), DEFAULT_LENS_MODES)
    .filter((s) => s.kind === 'main')
    .map((s) => {
      const p = locate(s.line)!;
      return `cell ${p.cell}, line ${p.line}`;
    });
}

const LOAD = 'from transformers import AutoModelForCausalLM, TrainingArguments, Trainer\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B")\n';
const ARGS = 'args = TrainingArguments(output_dir="out", num_train_epochs=1, max_steps=1000, per_device_train_batch_size=8, bf16=True)\n';

describe('notebook lenses: the configuring cell and the starting cell', () => {
  it('trainer.train() in a later cell: the lens on the TrainingArguments cell and on the train() cell', () => {
    const text = notebook([LOAD, ARGS, 'trainer = Trainer(model=model, args=args)\ntrainer.train()\n']);
    // Cell 1 configures (TrainingArguments), cell 2 starts; each lens on its cell's first line.
    assert.deepStrictEqual(mainLensCells(text), ['cell 1, line 0', 'cell 2, line 0']);
  });

  it('everything in one cell: one lens, not two on the same line', () => {
    const text = notebook([LOAD, `${ARGS}trainer = Trainer(model=model, args=args)\ntrainer.train()\n`]);
    assert.deepStrictEqual(mainLensCells(text), ['cell 1, line 0']);
  });

  it('a config cell started by `!accelerate launch` in a later cell: the lens on both, the launch line itself', () => {
    const text = notebook([LOAD, ARGS, '# go\n!accelerate launch --num_processes 8 train.py\n']);
    assert.deepStrictEqual(mainLensCells(text), ['cell 1, line 0', 'cell 2, line 1']);
  });

  it('a `%%bash` cell running torchrun starts it too', () => {
    const text = notebook([LOAD, ARGS, '%%bash\nCUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node 2 train.py\n']);
    assert.deepStrictEqual(mainLensCells(text), ['cell 1, line 0', 'cell 2, line 1']);
  });

  it('a launch before the configuring cell, or a plain shell line, is not taken for the start', () => {
    const text = notebook(['!accelerate launch train.py\n', LOAD, ARGS, '!pip install trl\n']);
    assert.deepStrictEqual(mainLensCells(text), ['cell 2, line 0']);
  });

  it('reads launch commands by their words', () => {
    for (const c of ['accelerate launch train.py', 'torchrun --nproc_per_node 8 t.py', 'deepspeed t.py', 'python -m torch.distributed.run t.py', 'NCCL_DEBUG=INFO  accelerate  launch t.py']) assert.ok(isLaunchCommand(c), c);
    for (const c of ['pip install accelerate', 'accelerate config', 'python train.py', 'echo torchrun', '']) assert.ok(!isLaunchCommand(c), c);
  });
});
