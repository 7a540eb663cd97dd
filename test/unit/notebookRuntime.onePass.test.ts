// notebookRuntime.ts finds its four markers in one pass (a distinctive part of each, then the whole
// marker checked around it). These pin what a user would see differ if the check were loose or the
// pass skipped a marker: values read by hand from each output text.
import * as assert from 'assert';
import { notebookRuntime } from '../../src/formats/notebookRuntime';

/** A one-cell notebook whose stdout is `lines`. */
function nb(lines: string[]): string {
  return JSON.stringify({ cells: [{ cell_type: 'code', source: ['trainer.train()\n'], outputs: [{ output_type: 'stream', name: 'stdout', text: lines }] }], nbformat: 4 }, null, 1);
}

describe('notebook runtimes found in one pass', () => {
  it("reads train_runtime, not the eval_runtime printed beside it", () => {
    // `eval_runtime` holds the part `_runtime` but not the marker `train_runtime`: 379.17 s, not 5.5.
    const r = notebookRuntime(nb(["{'eval_runtime': 5.5, 'train_runtime': 379.17, 'epoch': 3.0}\n"]));
    assert.strictEqual(r?.seconds, 379.17);
  });

  it("reads a tqdm bar whose description holds the Trainer widget's \", Epoch \"", () => {
    // ", Epoch " is found first (and read as no widget: no `[n/n` before it); the bar after it still is:
    // "Epoch 3, Epoch 1:" 50/50 in 01:40 = 100 s.
    const s = notebookRuntime(nb(['Epoch 3, Epoch 1: 100%|██████████| 50/50 [01:40<00:00, 2.0it/s]\n']));
    assert.strictEqual(s?.seconds, 100);
  });

  it('keeps the priority between markers: train_runtime wins over a tqdm bar printed earlier', () => {
    const r = notebookRuntime(nb(['Epoch 1: 100%|██████████| 50/50 [01:40<00:00, 2.0it/s]\n', "{'train_runtime': 99.0}\n"]));
    assert.strictEqual(r?.seconds, 99);
  });
});
