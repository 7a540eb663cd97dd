// #SBATCH directives and Slurm values (src/formats/sbatch.ts), at the edges a user's script reaches:
// every time-limit form of the sbatch manual (SchedMD, https://slurm.schedmd.com/sbatch.html, 2024)
// with non-zero seconds and minutes, GPU counts with their offsets (the what-if edits rewrite exactly
// those characters), option spellings, and what must NOT be read. Written for the mutation run of
// issue #19: each case fails on a mutant that survived formats.shell.test.ts. Hours derived by hand.
import * as assert from 'assert';
import { LineIndex } from '../../src/formats/lineIndex';
import { arrayTasks, gresGpus, nodeCount, readDirectives, slurmHours, typedCount } from '../../src/formats/sbatch';

function read(text: string): ReturnType<typeof readDirectives> {
  return readDirectives(text, new LineIndex(text));
}

describe('Slurm time limits: every field counts', () => {
  const cases: Array<[string, number | undefined, string]> = [
    ['1:30', 0.025, 'minutes:seconds: 1 min 30 s = 90 s = 0.025 h'],
    ['0:36', 0.01, '36 s = 0.01 h'],
    ['1:30:00', 1.5, 'hours:minutes:seconds: 1 h 30 min'],
    ['0:00:36', 0.01, '36 s'],
    ['2:00:00', 2, 'hours count ×3600 s'],
    ['1-0:0:36', 24.01, 'days-hours:minutes:seconds: 86,400 + 36 s = 86,436 s = 24.01 h'],
    ['0-1:30:00', 1.5, '0 days, 1 h 30 min'],
    ['0-0:6', 0.1, 'days-hours:minutes: 6 min = 0.1 h'],
    ['3-0', 72, 'days-hours: 3 × 24 h'],
    ['10-0', 240, 'two-digit days: 10 × 24 h'],
    [' 90 ', 1.5, 'blanks around the value (a directive cut at `=`) are not part of it'],
    ['00:00:00', undefined, 'a zero limit means none'],
    ['0-0', undefined, 'zero days zero hours: no limit either'],
    ['90m', undefined, 'not a Slurm form: units are not read'],
    ['x90', undefined, 'junk before the digits'],
    ['x1-2', undefined, 'junk before a days-hours value'],
    ['1-2x', undefined, 'junk after a days-hours value'],
    ['1:2:3:4', undefined, 'four fields are no Slurm form'],
    ['1-2:3:4:5', undefined, 'days-hours with three more fields is no Slurm form'],
    ['12:30x', undefined, 'junk after minutes:seconds'],
    ['', undefined, 'empty'],
  ];
  for (const [raw, h, why] of cases) {
    it(`${JSON.stringify(raw)} → ${h ?? 'no bound'} (${why})`, () => {
      const got = slurmHours(raw);
      if (h === undefined) assert.strictEqual(got, undefined);
      else assert.ok(got !== undefined && Math.abs(got - h) < 1e-12, `got ${got}`);
    });
  }
});

describe('GPU counts of --gres, --gpus and --nodes, with the offsets an edit rewrites', () => {
  it('gres: typed count in a comma list, offsets into the whole value', () => {
    // 'nvme:1,gpu:a100:8': the gpu part starts at 7 ('nvme:1,' is 7 characters); type 'a100' at 11–15,
    // count '8' at 16–17.
    assert.deepStrictEqual(gresGpus('nvme:1,gpu:a100:8'), { count: 8, type: 'a100', countAt: [16, 17], typeAt: [11, 15] });
  });

  it('gres: a type without a count is one GPU of that type, and there is no count to point at', () => {
    assert.deepStrictEqual(gresGpus('gpu:a100'), { count: 1, type: 'a100', countAt: undefined, typeAt: [4, 8] });
    assert.deepStrictEqual(gresGpus('gpu'), { count: 1, type: undefined, countAt: undefined, typeAt: undefined });
  });

  it('gres: the resource name is matched without case or blanks', () => {
    assert.strictEqual(gresGpus('GPU:2')?.count, 2);
    assert.strictEqual(gresGpus(' gpu :3')?.count, 3);
    // A count of several digits keeps them all: 'gpu:16' → 16 at 4–6.
    assert.deepStrictEqual(gresGpus('gpu:16'), { count: 16, type: undefined, countAt: [4, 6], typeAt: undefined });
  });

  it('gres: a non-numeric last field is a type, never a count', () => {
    // 'gpu:a100:x' has three fields; 'x' is not a count, so one GPU of type 'a100'.
    assert.deepStrictEqual(gresGpus('gpu:a100:x'), { count: 1, type: 'a100', countAt: undefined, typeAt: [4, 8] });
    assert.strictEqual(gresGpus('gpus:4'), undefined, 'only the resource named gpu');
    // A count with junk on either side is no count: one GPU of type 'a100'.
    assert.strictEqual(gresGpus('gpu:a100:8x')?.count, 1);
    assert.strictEqual(gresGpus('gpu:a100:x8')?.count, 1);
  });

  it('--gpus / --gpus-per-node: `type:count`, a bare count, or a variable', () => {
    assert.deepStrictEqual(typedCount('a100:8'), { count: 8, type: 'a100', countAt: [5, 6], typeAt: [0, 4] });
    assert.deepStrictEqual(typedCount('12'), { count: 12, countAt: [0, 2] });
    assert.deepStrictEqual(typedCount('$NGPUS'), { count: undefined, countAt: undefined });
    // Junk on either side of the count is no count; blanks around it are not junk.
    assert.strictEqual(typedCount('a100:x8').count, undefined);
    assert.strictEqual(typedCount('a100:8x').count, undefined);
    assert.strictEqual(typedCount('a100: 8').count, 8);
    // A type with no count after its colon: the count is unknown, the type still points at 0–4.
    assert.deepStrictEqual(typedCount('h100:'), { count: undefined, type: 'h100', countAt: [5, 5], typeAt: [0, 4] });
  });

  it('--nodes: the minimum of a range, and nothing for anything else', () => {
    assert.strictEqual(nodeCount('2-4'), 2);
    assert.strictEqual(nodeCount(' 3 '), 3);
    assert.strictEqual(nodeCount('16'), 16);
    assert.strictEqual(nodeCount('2-10'), 2);
    assert.strictEqual(nodeCount('2-'), undefined);
    assert.strictEqual(nodeCount('a2'), undefined);
    assert.strictEqual(nodeCount('2x'), undefined);
  });
});

describe('Slurm job arrays: counts at the edges', () => {
  it('steps, single tasks in a list, and blanks', () => {
    // 1-10:3 → 1, 4, 7, 10: (10 − 1) / 3 + 1 = 4; 1-9:3 → 1, 4, 7: floor(8 / 3) + 1 = 3.
    assert.strictEqual(arrayTasks('1-10:3'), 4);
    assert.strictEqual(arrayTasks('1-9:3'), 3);
    // '0-3,8,10-11' → 4 + 1 + 2 = 7 tasks.
    assert.strictEqual(arrayTasks('0-3,8,10-11'), 7);
    assert.strictEqual(arrayTasks('7'), 1);
    assert.strictEqual(arrayTasks('4-4'), 1);
    assert.strictEqual(arrayTasks(' 1-3 '), 3);
    // 0, 10, …, 100: 100 / 10 + 1 = 11 (a two-digit step); '%16' limits 16 at a time, 20 tasks.
    assert.strictEqual(arrayTasks('0-100:10'), 11);
    assert.strictEqual(arrayTasks('0-19%16'), 20);
  });

  it('a zero step, an empty part, junk or a `%` not at the end are no count', () => {
    assert.strictEqual(arrayTasks('1-10:0'), undefined);
    // One reversed range spoils the list: not 10 tasks from the other part.
    assert.strictEqual(arrayTasks('5-1,1-10'), undefined);
    assert.strictEqual(arrayTasks('1-3%4,5'), undefined, 'a `%` limit only at the end');
    assert.strictEqual(arrayTasks('1-3,'), undefined);
    assert.strictEqual(arrayTasks(''), undefined);
    assert.strictEqual(arrayTasks('%4'), undefined);
    assert.strictEqual(arrayTasks('1-3%4x'), undefined);
    assert.strictEqual(arrayTasks('x1-3'), undefined);
    assert.strictEqual(arrayTasks('1-3x'), undefined);
  });

  it('stops counting past 100,000 tasks (a typo must not become a huge ceiling)', () => {
    assert.strictEqual(arrayTasks('1-100000'), 100_000);
    assert.strictEqual(arrayTasks('0-100000'), undefined); // 100,001 tasks
    assert.strictEqual(arrayTasks('1-60000,1-60000'), undefined); // 120,000 across the list
    // A spec of 1,000 characters is read (499 × '1,' then '12': 500 tasks), one of 1,001 is not.
    assert.strictEqual(arrayTasks(`${'1,'.repeat(499)}12`), 500);
    assert.strictEqual(arrayTasks(`${'1,'.repeat(500)}1`), undefined);
  });
});

describe('#SBATCH directives: spellings, offsets and what is skipped', () => {
  it('records option, value offsets and line of each directive', () => {
    const text = '#!/bin/bash\n#SBATCH --gres=gpu:4\n  #SBATCH -N 2\n';
    const { directives, count, firstLine } = read(text);
    assert.strictEqual(count, 2);
    assert.strictEqual(firstLine, 1); // 0-based: the line after the shebang
    // '--gres=gpu:4' starts at 20 (12 for '#!/bin/bash\n', 8 for '#SBATCH '); the value after '=' at 27.
    assert.deepStrictEqual(directives.gres, { option: '--gres', raw: 'gpu:4', start: 27, end: 32, optionStart: 20, line: 1 });
    // Line 2 starts at 33: two blanks, '#SBATCH ', '-N' at 43, '2' at 46. Indented directives count.
    assert.deepStrictEqual(directives.nodes, { option: '-N', raw: '2', start: 46, end: 47, optionStart: 43, line: 2 });
  });

  it('reads long options without case, with `=` or a separate value, and glued or `=` short ones', () => {
    const text = ['#SBATCH --NODES=3', '#SBATCH --gpus-per-node h100:4', '#SBATCH -G8', '#SBATCH -t=2:00:00', '#SBATCH -p gpu -C a100 -J sft', '#SBATCH --ntasks-per-node=4 --gpus-per-task=1 -n 8 -a 1-4'].join('\n');
    const d = read(text).directives;
    assert.strictEqual(d.nodes?.raw, '3');
    assert.strictEqual(d.nodes?.option, '--NODES');
    assert.strictEqual(d.gpusPerNode?.raw, 'h100:4');
    assert.strictEqual(d.gpus?.raw, '8');
    assert.strictEqual(d.gpus?.option, '-G');
    assert.strictEqual(d.time?.raw, '2:00:00');
    assert.strictEqual(d.partition?.raw, 'gpu');
    assert.strictEqual(d.constraint?.raw, 'a100');
    assert.strictEqual(d.jobName?.raw, 'sft');
    assert.strictEqual(d.ntasksPerNode?.raw, '4');
    assert.strictEqual(d.gpusPerTask?.raw, '1');
    assert.strictEqual(d.ntasks?.raw, '8');
    assert.strictEqual(d.array?.raw, '1-4');
  });

  it('a flag that takes no value does not swallow the next word, and an unread option still takes its own', () => {
    // `--exclusive` is a flag, so `-N 4` after it is still read; `-c 4` (CPUs per task, read for CPU-only
    // jobs since #13-namefiles) takes its `4`, which must not become anything else; `--mem 64G` (not
    // read) takes `64G`.
    const d = read('#SBATCH --exclusive -N 4\n#SBATCH -c 4 --mem 64G --time 30\n').directives;
    assert.strictEqual(d.nodes?.raw, '4');
    assert.strictEqual(d.time?.raw, '30');
    assert.strictEqual(d.cpusPerTask?.raw, '4');
    assert.deepStrictEqual(Object.keys(d).sort(), ['cpusPerTask', 'nodes', 'time']);
  });

  it('a short flag that takes no value (-H hold) does not swallow the next option; glued values have their offsets', () => {
    const text = '#SBATCH -H -N 3 -G8 -t=30';
    const d = read(text).directives;
    assert.strictEqual(d.nodes?.raw, '3');
    // '-G8' at 16: the value '8' at 18; '-t=30' at 20: the value '30' at 23–25.
    assert.deepStrictEqual([d.gpus?.raw, d.gpus?.start, d.gpus?.end, d.gpus?.optionStart], ['8', 18, 19, 16]);
    assert.deepStrictEqual([d.time?.raw, d.time?.start, d.time?.end, d.time?.option], ['30', 23, 25, '-t']);
  });

  it('an option followed by another option has no value', () => {
    const d = read('#SBATCH --nodes --time=10\n').directives;
    assert.strictEqual(d.nodes, undefined);
    assert.strictEqual(d.time?.raw, '10');
  });

  it('is not fooled by #SBATCHX, text before the #, or a line too long to be a directive', () => {
    const long = `#SBATCH --nodes=7 ${'x'.repeat(5000)}`;
    const { directives, count, firstLine } = read(`#SBATCHX --nodes=2\necho #SBATCH --nodes=3\n${long}\n#SBATCH --time=5\n`);
    assert.strictEqual(directives.nodes, undefined);
    assert.strictEqual(directives.time?.raw, '5');
    assert.strictEqual(count, 1);
    assert.strictEqual(firstLine, 3);
  });

  it('reads a directive line of exactly 4,096 characters after #SBATCH, and not one longer', () => {
    const body = (n: number) => ` --nodes=7 ${'x'.repeat(n - 11)}`; // 11 = ' --nodes=7 '.length
    assert.strictEqual(read(`#SBATCH${body(4096)}\n`).directives.nodes?.raw, '7');
    assert.strictEqual(read(`#SBATCH${body(4097)}\n`).directives.nodes, undefined);
  });

  it('reads a directive on the last line without a newline, and no directive at all', () => {
    assert.strictEqual(read('#SBATCH -N 2').directives.nodes?.raw, '2');
    const none = read('#!/bin/bash\npython train.py\n');
    assert.strictEqual(none.count, 0);
    assert.strictEqual(none.firstLine, undefined);
    assert.deepStrictEqual(none.directives, {});
  });
});

describe('#SBATCH lines are split by sbatch, not by a shell', () => {
  const read = (line: string) => readDirectives(`#!/bin/bash\n${line}\n`, new LineIndex(`#!/bin/bash\n${line}\n`)).directives;
  it('`&` and `|` inside a value belong to it: --constraint=a100&80gb asks for both features', () => {
    assert.strictEqual(read('#SBATCH --constraint=a100&80gb').constraint?.raw, 'a100&80gb');
    assert.strictEqual(read('#SBATCH --constraint=gpu&a100&80gb').constraint?.raw, 'gpu&a100&80gb');
    assert.strictEqual(read('#SBATCH -C h100|a100').constraint?.raw, 'h100|a100');
    // Separated by blanks they are separate words, as sbatch reads them: the next option still counts.
    const d = read('#SBATCH --constraint=a100 --gres=gpu:4');
    assert.strictEqual(d.constraint?.raw, 'a100');
    assert.strictEqual(d.gres?.raw, 'gpu:4');
  });
});
