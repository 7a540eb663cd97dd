// Executed notebooks are measurements (issue 13 §4): the runtime their outputs print becomes the run's
// hours. Fixtures in test/fixtures/notebooks-measured/ name the public notebook shapes they imitate.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { notebookRuntime } from '../../src/formats/notebookRuntime';
import { closeWithin } from './helpers/runAsserts';
import { timed } from '../support/worstCases';

const DIR = path.resolve(__dirname, '../fixtures/notebooks-measured');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

const close = closeWithin(1e-4);

describe('runtimes printed in notebook outputs', () => {
  it("reads TrainOutput's train_runtime as the run's measured hours", () => {
    const text = read('trainer-trainoutput.ipynb');
    const r = analyzeText(text, 'nb.ipynb').runs[0];
    // 379.1704 s / 3600 = 0.105325 h.
    close(r.inputs.hours?.value, 0.105325);
    assert.strictEqual(r.inputs.hours?.origin, 'file');
    assert.match(r.inputs.hours?.note ?? '', /train_runtime 379\.1704 s/);
    assert.ok(r.notes.some((n) => /Executed notebook/.test(n)), r.notes.join('\n'));
  });

  it('uses the measured time for the energy (method time), on the Colab T4 of the metadata', () => {
    const e = evaluateText(read('trainer-trainoutput.ipynb'), 'nb.ipynb', normalizeSettings({ includeEmbodied: false })).estimates[0];
    assert.strictEqual(e.method, 'time');
    close(e.hours.mid, 0.105325);
    assert.strictEqual(e.inputs.hardware?.value, 'nvidia-t4');
  });

  it("adds the finished tqdm bars of an epoch loop, once per description, and skips a download's bar", () => {
    const rt = notebookRuntime(read('tqdm-epochs.ipynb'));
    // Epoch 1 12:34 (printed twice, counted once) + Epoch 2 11:26 = 754 + 686 = 1,440 s; the
    // "Downloading: 100%|… [00:05" bar has no training word and is not counted.
    assert.strictEqual(rt?.seconds, 1440);
  });

  it('reads Unsloth\'s "N seconds used for training", not the f-string in the source', () => {
    const rt = notebookRuntime(read('unsloth-seconds.ipynb'));
    assert.strictEqual(rt?.seconds, 542.949);
  });

  it("reads the Trainer's finished progress widget, not an unfinished one", () => {
    const done = '{"cells": [], "outputs": ["<progress value=\'30\' max=\'30\'></progress>\\n", "      [30/30 26:06, Epoch 3/3]\\n"]}';
    assert.strictEqual(notebookRuntime(done)?.seconds, 26 * 60 + 6);
    assert.strictEqual(notebookRuntime(done.replace('[30/30', '[12/30')), undefined);
  });

  it('finds nothing in a notebook that was never run, and stays fast on a long log', () => {
    assert.strictEqual(notebookRuntime('{"cells": [{"source": ["trainer.train()"]}]}'), undefined);
    const log = `{"outputs": ["${'train_runtime\\": x '.repeat(20000)}"]}`;
    // Held to 1.5 s by `npm run bench` (section 9), not by a wall-clock assert here (issue 19).
    assert.strictEqual(timed('notebook runtime: a 400 KB log of train_runtime markers', 1500, () => notebookRuntime(log)), undefined);
  });
});
