// OpenMMLab configs made only of `_base_` lines: the schedule (train_cfg) is read from the base file
// the config lists (passed as a sibling, as the engine does). Fixtures in test/fixtures/mm-base/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/formats';

const DIR = path.resolve(__dirname, '../fixtures/mm-base');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

describe('OpenMMLab _base_ schedules', () => {
  const text = read('resnet/resnet50_8xb32_in1k.py');

  it('lists the _base_ files as references', () => {
    const a = analyzeText(text, 'resnet50_8xb32_in1k.py');
    assert.deepStrictEqual(a.references, ['../_base_/models/resnet50.py', '../_base_/datasets/imagenet_bs32.py', '../_base_/schedules/imagenet_bs256.py', '../_base_/default_runtime.py']);
    assert.strictEqual(a.runs[0].inputs.epochs, undefined); // nothing read until the base is given
  });

  it('takes max_epochs from the schedule base, said to be inferred from it', () => {
    const siblings = new Map([['../_base_/schedules/imagenet_bs256.py', read('_base_/schedules/imagenet_bs256.py')]]);
    const r = analyzeText(text, 'resnet50_8xb32_in1k.py', { siblings }).runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 90);
    assert.strictEqual(r.inputs.epochs?.origin, 'inferred');
    assert.match(r.inputs.epochs?.note ?? '', /max_epochs=90 in the _base_ file \.\.\/_base_\/schedules\/imagenet_bs256\.py/);
    // The name still gives 8 GPUs × 32 images each.
    assert.strictEqual(r.inputs.count?.value, 8);
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 32);
  });
});
