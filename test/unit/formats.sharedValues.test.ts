// Values a YAML config takes from an anchor that other entries share (src/formats/sharedValues.ts): the run
// says which keys come from which anchor, so a user knows why a what-if is not written there (an edit
// inside the anchor would change every entry that merges it). Expected notes composed by hand.
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';
import { within } from '../../src/formats/sharedValues';

const TAIL = ', which other entries share through an alias: Carbon Lens does not write changes into it; edit the anchor by hand if every entry should change.';

describe('Values from a shared YAML anchor', () => {
  it('two keys merged from `&defaults`: one note naming both, with the anchor\'s line', () => {
    const run = analyzeText('defaults: &defaults\n  per_device_train_batch_size: 8\n  num_train_epochs: 3\nmodel_name_or_path: gpt2\n<<: *defaults\n', 'train.yaml').runs[0];
    assert.strictEqual(run.inputs.epochs?.value, 3);
    assert.deepStrictEqual(run.notes, [`\`num_train_epochs\`, \`per_device_train_batch_size\` come from the YAML anchor \`&defaults\` (line 1)${TAIL}`]);
  });

  it('one key: "comes"; an anchor name over 40 characters is clipped', () => {
    const name = 'a'.repeat(45);
    const run = analyzeText(`x: &${name}\n  num_train_epochs: 3\nmodel_name_or_path: gpt2\nper_device_train_batch_size: 8\n<<: *${name}\n`, 'train.yaml').runs[0];
    assert.deepStrictEqual(run.notes, [`\`num_train_epochs\` comes from the YAML anchor \`&${'a'.repeat(39)}…\` (line 1)${TAIL}`]);
  });

  it('no note when nothing the run reads is inside an anchor', () => {
    const run = analyzeText('unused: &u\n  seed: 1\nmodel_name_or_path: gpt2\nper_device_train_batch_size: 8\nnum_train_epochs: 3\nother: *u\n', 'train.yaml').runs[0];
    assert.deepStrictEqual(run.notes.filter((n) => n.includes('anchor')), []);
  });

  it('`within`: a range inside another, touching its ends, or crossing out of it', () => {
    const outer = { startLine: 1, startCol: 2, endLine: 3, endCol: 0 };
    assert.strictEqual(within({ startLine: 2, startCol: 20, endLine: 2, endCol: 21 }, outer), true);
    assert.strictEqual(within(outer, outer), true);
    assert.strictEqual(within({ startLine: 1, startCol: 1, endLine: 1, endCol: 5 }, outer), false);
    assert.strictEqual(within({ startLine: 2, startCol: 0, endLine: 3, endCol: 1 }, outer), false);
    assert.strictEqual(within({ startLine: 0, startCol: 9, endLine: 2, endCol: 0 }, outer), false);
  });
});
