// Flags whose value is a variable the same file defines (src/formats/flagVars.ts): SkyPilot `envs:` as
// `$X` / `${X}` in `run:`, a Kubernetes container's `env:` as `$(X)` in its args. Called directly on the
// words of one command line, with definitions the way the two handlers build them, so each rule is
// seen on its own: the value taken, where the hover points (the definition, when it has a place), and
// the note naming the variable. Columns are 0-based and counted by hand in LINE.
import * as assert from 'assert';
import type { RunInputs, SourceRange } from '../../src/core/runSpec';
import { applyFlagsWithVars, type VarDef } from '../../src/formats/flagVars';
import type { TextSource } from '../../src/formats/handlers/textSource';
import type { Word } from '../../src/formats/launcherFlags';
import { LineIndex } from '../../src/formats/lineIndex';

/** Words of a one-line command split on blanks; `;` is a separator. */
function wordsOf(line: string): Word[] {
  const out: Word[] = [];
  for (const m of line.matchAll(/\S+/g)) {
    const start = m.index ?? 0;
    out.push({ text: m[0], start, end: start + m[0].length, textStart: start, ...(m[0] === ';' ? { sep: true } : {}) });
  }
  return out;
}
function sourceOf(line: string): TextSource {
  const index = new LineIndex(line);
  return { text: line, fileOffset: (o) => o, fileEnd: (o) => o, range: (s, e) => index.range(s, e) };
}
const DEF_LINE: SourceRange = { startLine: 5, startCol: 10, endLine: 5, endCol: 11 };

function apply(line: string, defs: Record<string, VarDef>, style: 'shell' | 'k8s', inputs: RunInputs = {}): { inputs: RunInputs; notes: string[] } {
  const notes: string[] = [];
  applyFlagsWithVars(wordsOf(line), sourceOf(line), inputs, notes, (n) => defs[n], style);
  return { inputs, notes };
}

describe('Flags through variables defined in the same file', () => {
  const DEFS: Record<string, VarDef> = {
    EPOCHS: { name: 'EPOCHS', value: '3', range: DEF_LINE, where: 'envs' },
    MODEL: { name: 'MODEL', value: 'gpt2', where: 'envs' },
    EMPTY: { name: 'EMPTY', value: '', where: 'envs' },
  };

  it('`--flag=${X}` and `--flag $X`: the value, shown at the definition when it has a place, with the variable named', () => {
    const LINE = 'train.py --num_train_epochs=${EPOCHS} --model_name_or_path $MODEL --per_device_train_batch_size 4';
    const { inputs, notes } = apply(LINE, DEFS, 'shell');
    assert.deepStrictEqual([inputs.epochs?.value, inputs.epochs?.range, inputs.epochs?.note], [3, DEF_LINE, 'set through $EPOCHS, envs (line 6)']);
    // MODEL has no place of its own: the value stays shown where `$MODEL` starts, column 59
    // (`train.py ` 9 + `--num_train_epochs=${EPOCHS} ` 29 + `--model_name_or_path ` 21).
    assert.strictEqual(inputs.model?.value, 'gpt2');
    assert.deepStrictEqual([inputs.model?.range?.startLine, inputs.model?.range?.startCol], [0, 59]);
    assert.strictEqual(inputs.model?.note, 'set through $MODEL, envs');
    // A literal flag keeps no variable note.
    assert.deepStrictEqual([inputs.perDeviceBatch?.value, inputs.perDeviceBatch?.note], [4, undefined]);
    assert.deepStrictEqual(notes, []);
  });

  it('a variable defined empty, or not defined, stays a variable: unknown, and said so', () => {
    const { inputs, notes } = apply('train.py --max_steps $EMPTY --num_train_epochs $NOPE', DEFS, 'shell');
    assert.strictEqual(inputs.steps, undefined);
    assert.strictEqual(inputs.epochs, undefined);
    assert.deepStrictEqual(notes, [
      '`--max_steps` is set from a variable ($EMPTY); its value is unknown here.',
      '`--num_train_epochs` is set from a variable ($NOPE); its value is unknown here.',
    ]);
  });

  it('a value the caller already set is kept, with no variable note added to it', () => {
    const inputs: RunInputs = { epochs: { value: 5, origin: 'file' } };
    apply('train.py --num_train_epochs $EPOCHS', DEFS, 'shell', inputs);
    assert.deepStrictEqual(inputs.epochs, { value: 5, origin: 'file' });
  });

  it('only a whole value is a reference: `x=$EPOCHS` (no `--`) and `$EPOCHS/2` are not substituted', () => {
    const { inputs } = apply('train.py x=$EPOCHS --num_train_epochs $EPOCHS/2', DEFS, 'shell');
    assert.strictEqual(inputs.epochs, undefined);
  });

  it('Kubernetes: `$(X)` is expanded from the container env and named so; shell `$X` is not', () => {
    const defs: Record<string, VarDef> = { EPOCHS: { name: 'EPOCHS', value: '2', range: DEF_LINE, where: 'env of container trainer' } };
    const k8s = apply('train.py --num_train_epochs=$(EPOCHS)', defs, 'k8s').inputs;
    assert.deepStrictEqual([k8s.epochs?.value, k8s.epochs?.note], [2, 'set through $(EPOCHS), env of container trainer (line 6)']);
    assert.strictEqual(apply('train.py --num_train_epochs=$EPOCHS', defs, 'k8s').inputs.epochs, undefined);
    // And the shell style does not read `$(X)` (a command substitution in a shell).
    assert.strictEqual(apply('train.py --num_train_epochs=$(EPOCHS)', defs, 'shell').inputs.epochs, undefined);
  });

  it('flags do not cross a command separator', () => {
    const { inputs } = apply('train.py --num_train_epochs ; $EPOCHS', DEFS, 'shell');
    assert.strictEqual(inputs.epochs, undefined);
  });
});
