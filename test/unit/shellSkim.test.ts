// The rest of a launch script after its estimated launch is skimmed (src/formats/shellSkim.ts), not
// read word by word: it must count exactly what the full reader counts, and hand back to it where it
// cannot be sure. Each case is checked against the full reader (handlers/shell.ts `readingWhole`).
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';
import { readingWhole } from '../../src/formats/handlers/shell';
import { skimLaterLaunches, type LaunchTests } from '../../src/formats/shellSkim';

const HEAD = '#!/bin/bash\n#SBATCH --gres=gpu:a100:4\nMODEL=meta-llama/Llama-3.1-8B\ntorchrun --nproc_per_node 4 train.py --model_name_or_path $MODEL --num_train_epochs 2\n';

function both(text: string, name = 'job.slurm'): { fast: string; whole: string; notes: string[] } {
  const fast = analyzeText(text, name);
  const whole = readingWhole(() => analyzeText(text, name));
  return { fast: JSON.stringify(fast), whole: JSON.stringify(whole), notes: fast.runs[0]?.notes ?? [] };
}

const TESTS: LaunchTests = {
  mayLaunch: (t) => /torchrun|python/.test(t),
  isWrapper: (b) => b === 'srun' || b === 'nohup',
  isLaunchName: (b) => b === 'torchrun',
  maxLooks: 16,
};

describe('shell scripts: the rest after the estimated launch is skimmed', () => {
  it('counts later launches as the full reader does, through quotes, comments, continuations and wrappers', () => {
    const rest = [
      'echo "torchrun; later" # torchrun in a comment is no command',
      "echo 'a | b' && srun torchrun x.py \\\n  --lr 1e-5",
      'X=1 torchrun y.py',
      'nohup torchrun z.py &',
      'pip install torchrun',
      'A=$MODEL B="$A x"',
      'export GPUS=8 N=$GPUS',
      '  # indented comment',
      'srun --ntasks 2 torchrun w.py ; torchrun v.py',
    ].join('\n') + '\n';
    const r = both(HEAD + rest);
    assert.strictEqual(r.fast, r.whole);
    // Later launches: srun torchrun (line 2), X=1 torchrun, nohup torchrun, srun … torchrun, torchrun v.py = 5,
    // so 6 with the estimated one.
    assert.ok(r.notes.some((n) => n.startsWith('6 launch commands; estimated the first (line 4)')), r.notes.join(' | '));
  });

  it('gives way to the full reader where only substitution or splicing can tell', () => {
    // `$LAUNCH` at a command start: its value decides; `bash -c "…"`: the full reader splices it.
    assert.strictEqual(skimLaterLaunches('x\n$LAUNCH train.py\n', 2, { vars: new Map(), budgetLeft: 1e6 }, TESTS), undefined);
    assert.strictEqual(skimLaterLaunches('x\nbash -c "torchrun t.py"\n', 2, { vars: new Map(), budgetLeft: 1e6 }, TESTS), undefined);
    assert.strictEqual(skimLaterLaunches('x\necho ${A:=torchrun}\n', 2, { vars: new Map(), budgetLeft: 1e6 }, TESTS), undefined);
    // A budget the remaining `$` could exhaust: "not substituted" would be the full reader's to say.
    assert.strictEqual(skimLaterLaunches('x\necho $A $A\n', 2, { vars: new Map(), budgetLeft: 5 }, TESTS), undefined);
    // Plain text: two launches (srun torchrun, torchrun) after the cut at offset 2.
    assert.strictEqual(skimLaterLaunches('x\nsrun torchrun a\necho torchrun\ntorchrun b\n', 2, { vars: new Map(), budgetLeft: 1e6 }, TESTS), 2);
  });

  it('agrees with the full reader on each of these shapes after the launch', () => {
    const shapes = [
      '$LAUNCHER train.py\n', 'bash -c "torchrun t.py"\n', 'eval "$CMD"\n', 'sbatch --wrap="torchrun t.py"\n',
      'echo "unclosed\ntorchrun a.py\n', "echo 'unclosed\ntorchrun a.py\n", 'echo a\\\ntorchrun b.py\n', 'a#b torchrun\n',
      'echo x \\\r\ntorchrun c.py\r\n', 'A=/opt/bin/torchrun\n', 'P=python python -m torch.distributed.run x.py\n',
      'srun python python python python python python python python python python python python python python python python python torchrun\n',
      `V=${'a'.repeat(3000)}\necho $V$V\n`, 'echo "${A:-x$B}"\n', 'declare -x T=torchrun\n', 'time torchrun q.py',
      // A quote never closed ends with its line in both readers (llm.c's `-e d48"`): the next launch counts.
      'torchrun x.py -e d48"\ntorchrun y.py\n',
    ];
    for (const s of shapes) {
      const r = both(HEAD + s);
      assert.strictEqual(r.fast, r.whole, JSON.stringify(s));
    }
  });

  it('a long sweep script reads the same either way', () => {
    const block = (i: number) => `LR_${i}=\${LR:-1e-5}  # learning rate ${i}\necho "run ${i} with $MODEL"\nsrun torchrun --nnodes $SLURM_NNODES --nproc_per_node=4 train.py \\\n    --model_name_or_path "$MODEL" --learning_rate $LR_${i} --output_dir out/${i}\n\n`;
    const text = HEAD + Array.from({ length: 300 }, (_, i) => block(i)).join('');
    const r = both(text);
    assert.strictEqual(r.fast, r.whole);
    // 1 estimated + 300 srun torchrun = 301.
    assert.ok(r.notes.some((n) => n.startsWith('301 launch commands')), r.notes.join(' | '));
  });
});
