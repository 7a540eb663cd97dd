// spliceInlineScripts (src/formats/inlineScripts.ts): a launch handed to a shell as one quoted argument
// (`bash -c "…"`, `eval "$CMD"`, `sbatch --wrap="…"`) becomes words of its own, each pointing at where
// its text stands in the file, with a separator before (for --wrap) and after the inline script.
import * as assert from 'assert';
import { spliceInlineScripts } from '../../src/formats/inlineScripts';
import { LineIndex } from '../../src/formats/lineIndex';
import { expandScript } from '../../src/formats/shellVars';

function words(text: string): { text: string; start: number; sep: boolean }[] {
  return spliceInlineScripts(expandScript(text, new LineIndex(text), [])).words.map((w) => ({ text: w.text, start: w.start, sep: w.sep === true }));
}
const texts = (text: string) => words(text).map((w) => (w.sep ? '|' : w.text));

describe('inline scripts spliced into the script\'s words', () => {
  it('bash -c "…": the inner words follow the shell, then a separator; each at its offset in the file', () => {
    const text = 'srun bash -c "torchrun --nproc_per_node 4 train.py" --extra';
    assert.deepStrictEqual(texts(text), ['srun', 'bash', '-c', 'torchrun', '--nproc_per_node', '4', 'train.py', '|', '--extra']);
    const w = words(text);
    for (const inner of w.filter((x) => ['torchrun', '--nproc_per_node', '4', 'train.py'].includes(x.text))) {
      assert.strictEqual(text.slice(inner.start, inner.start + inner.text.length), inner.text);
    }
    // The separator after the script sits at the end of the quoted argument (after its closing quote).
    assert.strictEqual(w.find((x) => x.sep)!.start, text.indexOf('" --extra') + 1);
  });

  it('eval at the start of a command splices its argument; eval elsewhere, python -c and a one-word argument do not', () => {
    assert.deepStrictEqual(texts('eval "torchrun a.py"'), ['eval', 'torchrun', 'a.py', '|']);
    assert.deepStrictEqual(texts('echo eval "torchrun a.py"'), ['echo', 'eval', 'torchrun a.py']);
    assert.deepStrictEqual(texts('python -c "import x; x.run()"'), ['python', '-c', 'import x; x.run()']);
    assert.deepStrictEqual(texts('bash -c "train"'), ['bash', '-c', 'train']);
    assert.deepStrictEqual(texts('zsh -c "a b"'), ['zsh', '-c', 'a', 'b', '|']);
    assert.deepStrictEqual(texts('fish -c "a b"'), ['fish', '-c', 'a b']);
  });

  it('sbatch --wrap="…" and --wrap "…": the wrapped script is a command of its own, between separators', () => {
    const eq = 'sbatch --gres=gpu:4 --wrap="python train.py --epochs 3"';
    assert.deepStrictEqual(texts(eq), ['sbatch', '--gres=gpu:4', '|', 'python', 'train.py', '--epochs', '3', '|']);
    const w = words(eq);
    const epochs = w.find((x) => x.text === '3')!;
    assert.strictEqual(epochs.start, eq.indexOf('3"'));
    assert.strictEqual(w.find((x) => x.text === 'python')!.start, eq.indexOf('python'));
    assert.deepStrictEqual(texts('sbatch --wrap "python train.py"'), ['sbatch', '--wrap', '|', 'python', 'train.py', '|']);
  });

  it('a word the quoting changed is placed at the argument\'s start, and later words still find their place', () => {
    const text = "bash -c 'torchrun \"a b.py\" --x 1'";
    const w = words(text);
    const odd = w.find((x) => x.text === 'a b.py')!;
    assert.strictEqual(text.slice(odd.start, odd.start + odd.text.length), 'a b.py');
    const one = w.find((x) => x.text === '1')!;
    assert.strictEqual(one.start, text.lastIndexOf('1'));
  });
});
