// Shell variables in launch scripts (src/formats/shellVars.ts): the parameter-expansion forms bash gives
// (bash(1), "Parameter Expansion": `${V-d}` only when unset, `${V:-d}` also when empty, `:=`/`=` also
// assign), which words are assignments, what the reader sees at each command, and where a substituted
// value points in the file (the CodeLens and the what-if edit go there). Written for the mutation run
// of issue #19. Offsets are 0-based and counted by hand in the comments.
import * as assert from 'assert';
import { LineIndex } from '../../src/formats/lineIndex';
import { expandScript, predefinedVar } from '../../src/formats/shellVars';

function expand(text: string, predefined = [] as ReturnType<typeof predefinedVar>[]) {
  return expandScript(text, new LineIndex(text), predefined);
}

/** The words of the command (non-separator words, after substitution). */
function texts(text: string): string[] {
  return expand(text).words.filter((w) => !w.sep).map((w) => w.text);
}

describe('shell variables: which expansion bash would do', () => {
  it('`-` takes the default only when unset, `:-` also when empty', () => {
    // E is set but empty: `${E-d}` stays empty (the word is ''), `${E:-d}` is d; U is unset: both give d.
    assert.deepStrictEqual(texts('E=\nrun a${E-d}b a${E:-d}b a${U-d}b a${U:-d}b'), ['E=', 'run', 'ab', 'adb', 'adb', 'adb']);
  });

  it('`:=` and `=` also assign the default, for the rest of the script', () => {
    assert.deepStrictEqual(texts('run ${N:=4} $N'), ['run', '4', '4']);
    assert.deepStrictEqual(texts('run ${M=2} $M'), ['run', '2', '2']);
    // `:-` does not assign: $K after it is still unset and stays as written.
    assert.deepStrictEqual(texts('run ${K:-3} $K'), ['run', '3', '$K']);
  });

  it('follows nested defaults, and a default that is itself a variable', () => {
    assert.deepStrictEqual(texts('B=8\nrun ${A:-${B:-1}} ${A:-${C:-5}}'), ['B=8', 'run', '8', '5']);
  });

  it('a set value wins over the default, `${V}` and `$V` alike, and the name ends at the first non-name character', () => {
    assert.deepStrictEqual(texts('G=4\nrun ${G:-1} ${G} $G $G.x $Gx'), ['G=4', 'run', '4', '4', '4', '4.x', '$Gx']);
  });

  it('an unclosed `${` or an operator bash does not know here leaves the word as written', () => {
    assert.deepStrictEqual(texts('G=4\nrun ${G ${G:+x}'), ['G=4', 'run', '${G', '${G:+x}']);
  });
});

describe('shell variables: which words assign', () => {
  it('at a command start, after export/local/declare/readonly/typeset, and not as an argument', () => {
    const x = expand('export A=1 B=2\nlocal C=3; D=4 run E=5\ndeclare F=6\nreadonly H=7\ntypeset I=8\n');
    assert.deepStrictEqual(x.assignments.map((a) => `${a.name}=${a.value.text}`), ['A=1', 'B=2', 'C=3', 'D=4', 'F=6', 'H=7', 'I=8']);
  });

  it('records where the value as written is, inside its quotes, and the line', () => {
    // Line 1 (0-based) starts at 4: 'X=1\n'. `N="16"` → name at 4, value 16 at 7–9.
    const x = expand("X=1\nN=\"16\"\nQ='a b'\n");
    const n = x.assignments[1];
    assert.deepStrictEqual([n.name, n.value.text, n.nameStart, n.valueStart, n.valueEnd, n.line], ['N', '16', 4, 7, 9, 1]);
    // Q='a b' on line 2 starts at 11 (4 + 7): the quote at 13, value 'a b' at 14–17.
    const q = x.assignments[2];
    assert.deepStrictEqual([q.value.text, q.valueStart, q.valueEnd, q.line], ['a b', 14, 17, 2]);
    // An empty quoted value is the empty span between its quotes (3–3): where an edit would insert.
    const e = expand('E=""\n').assignments[0];
    assert.deepStrictEqual([e.value.text, e.valueStart, e.valueEnd], ['', 3, 3]);
  });

  it('keeps the watched GPU variables as they stood at each command, and what each word used', () => {
    const text = 'NUM_GPUS=2\nrun a\nNUM_GPUS=4 NNODES=2\nrun $NUM_GPUS x${NNODES}\n';
    const x = expand(text);
    const cmds = [...x.varsAtCommand.entries()].map(([i, m]) => [x.words[i].text, [...m.entries()].map(([k, v]) => `${k}=${v.value.text}`)]);
    assert.deepStrictEqual(cmds, [['run', ['NUM_GPUS=2']], ['run', ['NUM_GPUS=4', 'NNODES=2']]]);
    assert.deepStrictEqual([...x.usesOf.values()], [['NUM_GPUS'], ['NNODES']]);
    // A variable nobody watches is not kept at the command.
    assert.strictEqual(expand('FOO=1\nrun\n').varsAtCommand.size, 0);
  });

  it('a predefined value (SLURM_NNODES from #SBATCH) is used until the script assigns its own', () => {
    const pre = [predefinedVar('SLURM_NNODES', '2', 100, 101, 3)];
    assert.deepStrictEqual(expand('run $SLURM_NNODES\nSLURM_NNODES=5\nrun $SLURM_NNODES\n', pre).words.filter((w) => !w.sep).map((w) => w.text), ['run', '2', 'SLURM_NNODES=5', 'run', '5']);
  });
});

describe('shell variables: a substituted value points at its literal in the file', () => {
  it('maps the substituted characters back to the assignment, and the rest of the word to where it is', () => {
    // 'NGPUS=8\n' is 0–7, so the literal 8 is at 6; `--nproc_per_node=` is at 17–33 and `$NGPUS` at 34–39.
    const text = 'NGPUS=8\ntorchrun --nproc_per_node=$NGPUS t.py';
    const x = expand(text);
    const i = x.words.findIndex((w) => w.text === '--nproc_per_node=8');
    assert.ok(i >= 0, x.words.map((w) => w.text).join(' '));
    const w = x.words[i];
    const valueAt = w.start + '--nproc_per_node='.length;
    assert.strictEqual(x.src.fileOffset(valueAt), 6);
    assert.strictEqual(x.src.fileEnd(valueAt + 1), 7);
    assert.strictEqual(x.src.fileOffset(w.start), 17);
    const r = x.src.range(valueAt, valueAt + 1);
    assert.deepStrictEqual(r, { startLine: 0, startCol: 6, endLine: 0, endCol: 7 });
    // A word left as written keeps its own offsets: 't.py' at 41 (8 + 'torchrun ' 9 + 17 + '$NGPUS' 6 + 1).
    const t = x.words.find((x2) => x2.text === 't.py')!;
    assert.deepStrictEqual([t.start, x.src.fileOffset(t.start)], [41, 41]);
    assert.ok(x.src.text.startsWith(text), 'the file text is kept before the substituted words');
  });

  it('a default written in the reference points at the default', () => {
    // 'run ${E:-3}': the default 3 is at 9.
    const x = expand('run ${E:-3}');
    const w = x.words.find((y) => y.text === '3')!;
    assert.strictEqual(x.src.fileOffset(w.start), 9);
    assert.strictEqual(x.src.fileEnd(w.end), 10);
  });

  it('a script with no variables is its own text, and reports nothing capped', () => {
    const x = expand('torchrun --nproc_per_node 2 t.py\n');
    assert.strictEqual(x.src.text, 'torchrun --nproc_per_node 2 t.py\n');
    assert.strictEqual(x.capped, false);
    assert.strictEqual(x.usesOf.size, 0);
  });
});
