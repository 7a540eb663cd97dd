// shellVars.ts substitutes plain `$VAR` words in one pass and works out where their characters sit in
// the file only when a reader asks (the 10 000-line bench script has thousands of such words). These
// tests pin that the deferred answer is the one the script's order gives: the value in force at the
// word's place, not the variable's last value. Expected offsets were read by hand from each text.
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';
import { LineIndex } from '../../src/formats/lineIndex';
import { expandScript } from '../../src/formats/shellVars';
import { at } from './helpers/runAsserts';

describe('shellVars: substitutions whose file positions are found on demand', () => {
  it('points a value at the assignment in force at its place, not at a later one', () => {
    // Line 1 `EP=1`, line 2 the first launch (`$EP` is 1 there), line 3 `EP=5`, line 4 a second launch.
    const text = 'EP=1\ntorchrun --nproc_per_node 1 a.py --num_train_epochs $EP\nEP=5\ntorchrun --nproc_per_node 1 b.py --num_train_epochs $EP\n';
    const r = analyzeText(text, 'train.sh').runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 1);
    // The range is the `1` of `EP=1`: line 0, columns 3-4 (the `5` of line 3 would be wrong).
    assert.deepStrictEqual(r.inputs.epochs?.range, { startLine: 0, startCol: 3, endLine: 0, endCol: 4 });
    assert.strictEqual(at(text, r.inputs.epochs!.range), '1');
  });

  it('maps a word mixing literal text and two variables back character by character', () => {
    // `--output_dir=$ROOT/$NAME`: "out" comes from line 1, "run7" from line 2.
    const text = 'ROOT=out\nNAME=run7\ntorchrun --nproc_per_node 2 t.py --output_dir=$ROOT/$NAME --num_train_epochs 1\n';
    const x = expandScript(text, new LineIndex(text));
    const w = x.words.find((v) => v.text.startsWith('--output_dir='))!;
    assert.strictEqual(w.text, '--output_dir=out/run7');
    const valueAt = w.textStart + '--output_dir='.length;
    // "out": file offsets 5-8 (after `ROOT=`); "/": the slash in the command; "run7": 14-18.
    assert.strictEqual(x.src.fileOffset(valueAt), 5);
    assert.strictEqual(x.src.fileEnd(valueAt + 3), 8);
    assert.strictEqual(text[x.src.fileOffset(valueAt + 3)], '/');
    assert.strictEqual(x.src.fileOffset(valueAt + 4), 14);
    assert.strictEqual(text.slice(x.src.fileOffset(valueAt + 4), x.src.fileEnd(valueAt + 8)), 'run7');
  });

  it('still lists the variables each substituted word used', () => {
    const text = 'A=1\nB=2\necho $A\necho "$A$B" $UNSET\n';
    const x = expandScript(text, new LineIndex(text));
    // Words: A=1 ; B=2 ; echo $A ; echo "$A$B" $UNSET (separators count as words).
    const used = [...x.usesOf.entries()].map(([i, names]) => [x.words[i].text, names]);
    assert.deepStrictEqual(used, [['1', ['A']], ['12', ['A', 'B']]]);
  });

  it('reads ${VAR:-default} in a command: the default where it is written, or the value in force', () => {
    // Line 1: `torchrun --nproc_per_node ${N:-2} …` with N unset: 2, the `2` at column 30.
    const unset = 'torchrun --nproc_per_node ${N:-2} t.py --num_train_epochs 1\n';
    const r1 = analyzeText(unset, 'train.sh').runs[0];
    assert.strictEqual(r1.inputs.count?.value, 2);
    assert.deepStrictEqual(r1.inputs.count?.range, { startLine: 0, startCol: 31, endLine: 0, endCol: 32 });
    // N=4 on line 1, reassigned to 8 after the launch: 4, pointing at the `4` of line 1.
    const set = 'N=4\ntorchrun --nproc_per_node ${N:-2} t.py --num_train_epochs 1\nN=8\n';
    const r2 = analyzeText(set, 'train.sh').runs[0];
    assert.strictEqual(r2.inputs.count?.value, 4);
    assert.strictEqual(at(set, r2.inputs.count!.range), '4');
    assert.deepStrictEqual(r2.inputs.count?.range, { startLine: 0, startCol: 2, endLine: 0, endCol: 3 });
  });

  it('leaves ${VAR:=default} to the full substitution, which also assigns', () => {
    const text = 'echo ${N:=4}\ntorchrun --nproc_per_node $N t.py --num_train_epochs 1\n';
    const r = analyzeText(text, 'train.sh').runs[0];
    assert.strictEqual(r.inputs.count?.value, 4);
    assert.strictEqual(at(text, r.inputs.count!.range), '4');
  });
});
