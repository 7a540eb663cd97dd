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

describe('shell variables: bounds and mapping details', () => {
  it('follows 4 nested defaults and leaves a 5th as written', () => {
    // Each default is expanded one level deeper; depth 4 is not expanded (MAX_DEPTH 4), so the 5th
    // reference stays as written inside the 4th default.
    assert.deepStrictEqual(texts('run ${A:-${B:-${C:-${D:-x}}}}'), ['run', 'x']);
    assert.deepStrictEqual(texts('run ${A:-${B:-${C:-${D:-${E:-x}}}}}'), ['run', '${E:-x}']);
  });

  it('a default may hold blanks (inside quotes), and an unclosed ${ ends the substitution', () => {
    assert.deepStrictEqual(texts('run "${U:-a b}"'), ['run', 'a b']);
    assert.deepStrictEqual(texts('A=1\nrun x$A${B'), ['A=1', 'run', 'x1${B']);
  });

  it('a $ followed by a digit is a positional parameter, not the variable after it', () => {
    assert.deepStrictEqual(texts('abc=9\nrun $1abc'), ['abc=9', 'run', '$1abc']);
  });

  it('substitutes up to 4,096 characters in one word, and leaves the reference that would pass it', () => {
    const a = 'a'.repeat(1024);
    // 4 × 1,024 = 4,096 is substituted; after 'b', the 4th would make 4,097 and stays `$A`.
    const full = expand(`A=${a}\nrun $A$A$A$A`);
    assert.strictEqual(full.words.filter((w) => !w.sep)[2].text, a.repeat(4));
    assert.strictEqual(full.capped, false);
    const over = expand(`A=${a}\nrun b$A$A$A$A`);
    assert.strictEqual(over.words.filter((w) => !w.sep)[2].text, `b${a.repeat(3)}$A`);
    assert.strictEqual(over.capped, true);
  });

  it('which words assign: not an argument before the first separator, and `export` only for its own command', () => {
    assert.deepStrictEqual(expand('run E=5\n').assignments, []);
    assert.deepStrictEqual(expand('export A=1; run B=2\n').assignments.map((a) => a.name), ['A']);
  });

  it('records the variables an assignment used', () => {
    // Words: 'B=8' (0), newline (1), 'X=$B' (2).
    assert.deepStrictEqual([...expand('B=8\nX=$B\n').usesOf.entries()], [[2, ['B']]]);
  });

  it('a word with an unknown variable keeps its file offsets; substituted words sit after the file text', () => {
    const x = expand('run $UNSET');
    assert.deepStrictEqual([x.words[1].text, x.words[1].start, x.words[1].end], ['$UNSET', 4, 10]);
    const y = expand('N=16\nrun --n=$N x$N');
    for (const w of y.words.filter((w2) => !w2.sep)) assert.strictEqual(y.src.text.slice(w.start, w.end), w.text);
    // The file text, a newline, then each substituted word and a blank: '--n=16 x16 '.
    assert.strictEqual(y.src.text, 'N=16\nrun --n=$N x$N\n--n=16 x16 ');
  });

  it('maps a multi-character value character by character, and an empty range to one point', () => {
    // 'A=xyz\n': the value at 2–5. 'run $A': the substituted word 'xyz'.
    const x = expand('A=xyz\nrun $A');
    const w = x.words[3];
    assert.strictEqual(w.text, 'xyz');
    assert.deepStrictEqual([0, 1, 2].map((k) => x.src.fileOffset(w.start + k)), [2, 3, 4]);
    assert.deepStrictEqual([1, 2, 3].map((k) => x.src.fileEnd(w.start + k)), [3, 4, 5]);
    assert.deepStrictEqual(x.src.range(w.start + 1, w.start + 1), { startLine: 0, startCol: 3, endLine: 0, endCol: 3 });
  });

  it('maps through an escaped blank: each character goes back to where it is written', () => {
    // 'N=8\nrun a\ b$N': 'a' at 8, the backslash at 9, ' ' at 10, 'b' at 11; the 8 from N at 2.
    const x = expand('N=8\nrun a\\ b$N');
    const w = x.words.find((y) => y.text === 'a b8')!;
    assert.deepStrictEqual([0, 1, 2, 3].map((k) => x.src.fileOffset(w.start + k)), [8, 10, 11, 2]);
  });

  it('past 32 pieces, a value maps to its span as a whole', () => {
    // A=xy at 2–4; '$A' × 40: pieces 1–32 are exact (2nd character at 3), from the 33rd on the piece
    // covers 2–4 as a whole, so its 2nd character maps to the span's start, 2.
    const x = expand(`A=xy\nrun ${'$A'.repeat(40)}`);
    const w = x.words[3];
    assert.strictEqual(w.text, 'xy'.repeat(40));
    assert.strictEqual(x.src.fileOffset(w.start + 63), 3); // piece 32, 2nd character
    assert.strictEqual(x.src.fileOffset(w.start + 65), 2); // piece 33, 2nd character
    assert.strictEqual(x.src.fileEnd(w.start + 66), 4);
  });

  it('a predefined value of several characters maps to where the directive wrote it', () => {
    // '#SBATCH --nodes=12' puts 12 at 16–18 of the file; `$SLURM_NNODES` then maps there.
    const x = expand('#SBATCH --nodes=12\nrun $SLURM_NNODES', [predefinedVar('SLURM_NNODES', '12', 16, 18, 0)]);
    const w = x.words[1];
    assert.strictEqual(w.text, '12');
    assert.deepStrictEqual([x.src.fileOffset(w.start), x.src.fileOffset(w.start + 1)], [16, 17]);
  });
});

describe('shell variables: more mapping and expansion edges', () => {
  it('a quoted word maps its literal part to the file and its value to the assignment', () => {
    // 'N=8\n' 0–3, 'run ' 4–7, the quote at 8, '--n=' at 9–12, '$N' at 13–14.
    const x = expand('N=8\nrun "--n=$N"');
    const w = x.words.find((y) => y.text === '--n=8')!;
    assert.deepStrictEqual([0, 3, 4].map((k) => x.src.fileOffset(w.start + k)), [9, 12, 2]);
  });

  it('a quote in the middle of a word: each run maps to where it is written', () => {
    // 'N=8\n' 0–3, 'run ' 4–7, 'x' 8, quote 9, 'y z' 10–12, quote 13, '$N' 14–15. Word 'xy z8'.
    const x = expand('N=8\nrun x"y z"$N');
    const w = x.words.find((y) => y.text === 'xy z8')!;
    assert.deepStrictEqual([0, 1, 2, 3, 4].map((k) => x.src.fileOffset(w.start + k)), [8, 10, 11, 12, 2]);
    assert.strictEqual(x.src.fileEnd(w.start + 4), 13);
  });

  it('a predefined value that stands for a longer text (nodes 2-4 read as 2) maps to the whole text, also through another variable', () => {
    // '#SBATCH --nodes=2-4': '2-4' at 16–19 gives SLURM_NNODES=2, which is not character for character.
    const pre = [predefinedVar('SLURM_NNODES', '2', 16, 19, 0)];
    const x = expand('#SBATCH --nodes=2-4\nX=$SLURM_NNODES\nrun $X', pre);
    const w = x.words.find((y) => y.text === '2')!;
    assert.deepStrictEqual([x.src.fileOffset(w.start), x.src.fileEnd(w.end)], [16, 19]);
  });

  it('past 32 pieces, a value of several pieces maps to the span from its lowest to its highest offset', () => {
    // 'N=8\n' 0–3, 'V=${N}x\n': '${N}' at 6–9, 'x' at 10 (`$Nx` would be the variable Nx); V is '8x' with
    // pieces at 2–3 and 10–11. The first 16 `$V` make 32 pieces; the 17th is one piece over 2–11.
    const x = expand(`N=8\nV=\${N}x\nrun ${'$V'.repeat(17)}`);
    const w = x.words.find((y) => y.text === '8x'.repeat(17))!;
    assert.deepStrictEqual([30, 31].map((k) => x.src.fileOffset(w.start + k)), [2, 10]);
    assert.deepStrictEqual([x.src.fileOffset(w.start + 32), x.src.fileOffset(w.start + 33), x.src.fileEnd(w.start + 34)], [2, 2, 11]);
  });

  it('leaves ${#A} (a length), and ${U} of an unset variable, as written', () => {
    assert.deepStrictEqual(texts('A=abc\nrun ${#A} ${U}'), ['A=abc', 'run', '${#A}', '${U}']);
  });

  it('`${V:=d}` records the default where it is written, for the commands after it', () => {
    // 'run ${NUM_GPUS:=4}': '4' at 16 ('run ' 4, '${' 2, 'NUM_GPUS' 8, ':=' 2).
    const x = expand('run ${NUM_GPUS:=4}\nrun2');
    const at = [...x.varsAtCommand.values()].at(-1)!.get('NUM_GPUS')!;
    assert.deepStrictEqual([at.value.text, at.valueStart, at.valueEnd, at.nameStart], ['4', 16, 17, 16]);
  });

  it('names of up to 127 characters are read; a longer one is left as written', () => {
    const n127 = 'N'.repeat(127);
    const n128 = 'M'.repeat(128);
    assert.deepStrictEqual(texts(`${n127}=5\nrun $${n127}`).slice(-1), ['5']);
    assert.deepStrictEqual(texts(`${n128}=5\nrun $${n128}`).slice(-1), [`$${n128}`]);
  });

  it('only quotes around a value are stripped from its offsets', () => {
    // 'N=x1x': no quotes, the value 'x1x' is at 2–5.
    const n = expand('N=x1x\n').assignments[0];
    assert.deepStrictEqual([n.value.text, n.valueStart, n.valueEnd], ['x1x', 2, 5]);
  });
});
