// What a Slurm job is allocated, as the shell reader turns `#SBATCH` lines into the run's devices, nodes,
// trials and time limit (src/formats/handlers/shell.ts, `allocation`): each way of asking for GPUs
// (--gpus, --gpus-per-node, --gres, --gpus-per-task with or without task counts), nodes from a range or
// from the task counts (sbatch(1): ceil(ntasks / ntasks-per-node)), the device from a constraint or a
// partition name, job arrays, and time limits. Products and notes are worked out by hand per case.
import * as assert from 'assert';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

const LAUNCH = 'srun python train.py --model_name_or_path gpt2 --max_steps 10';
function job(...directives: string[]): RunSpec {
  const r = analyzeText(`#!/bin/bash\n${directives.map((d) => `#SBATCH ${d}`).join('\n')}\n${LAUNCH}\n`, 'job.slurm').runs[0];
  assert.ok(r, 'no run');
  return r;
}
type F = { value: unknown; origin?: string; note?: string } | undefined;
const vo = (x: F) => [x?.value, x?.origin, x?.note];

describe('Slurm allocation: GPUs and nodes', () => {
  it('--gpus=a100:8 is 8 GPUs for the whole job, of the type named', () => {
    const r = job('--gpus=a100:8');
    assert.deepStrictEqual(vo(r.inputs.count), [8, 'file', 'GPUs for the whole job']);
    assert.deepStrictEqual(vo(r.inputs.hardware), ['a100', 'file', '`#SBATCH --gpus=a100:8`: a100 → A100 SXM4 40GB']);
  });

  it('--gpus-per-node=h100:4 on 2 nodes: 4 × 2 = 8 H100', () => {
    const r = job('--nodes=2', '--gpus-per-node=h100:4');
    assert.deepStrictEqual(vo(r.inputs.count), [8, 'inferred', '4 GPUs per node × 2 nodes']);
    assert.strictEqual(r.inputs.hardware?.value, 'h100');
  });

  it('--gres=gpu:4 on 2 nodes is 8; a bare `gpu` is one GPU, said so', () => {
    assert.deepStrictEqual(vo(job('--nodes=2', '--gres=gpu:4').inputs.count), [8, 'inferred', '4 GPUs per node (gres) × 2 nodes']);
    assert.deepStrictEqual(vo(job('--gres=gpu').inputs.count), [1, 'inferred', '`gpu` without a count is one GPU']);
  });

  it('a node range is estimated at its minimum, and the note says so', () => {
    const r = job('--nodes=2-4', '--gres=gpu:4');
    assert.strictEqual(r.inputs.nodes?.value, 2);
    assert.strictEqual(r.inputs.count?.value, 8);
    assert.ok(r.notes.includes('`#SBATCH --nodes=2-4` is a range of nodes: estimated at the minimum, 2.'), r.notes.join('\n'));
  });

  it('no --nodes: ceil(--ntasks / --ntasks-per-node) nodes when that is more than one', () => {
    const two = job('--ntasks=16', '--ntasks-per-node=8', '--gres=gpu:8');
    assert.deepStrictEqual(vo(two.inputs.nodes), [2, 'inferred', '--ntasks=16 at --ntasks-per-node=8: 2 nodes']);
    assert.strictEqual(two.inputs.count?.value, 16);
    const one = job('--ntasks=8', '--ntasks-per-node=8', '--gres=gpu:8');
    assert.strictEqual(one.inputs.nodes, undefined);
    assert.strictEqual(one.inputs.count?.value, 8);
  });

  it('--gpus-per-task: × tasks per node × nodes, or × tasks, or one task per node assumed', () => {
    assert.deepStrictEqual(vo(job('--nodes=2', '--ntasks-per-node=4', '--gpus-per-task=1').inputs.count), [8, 'inferred', '1 GPU per task × 4 tasks per node × 2 nodes']);
    assert.deepStrictEqual(vo(job('--ntasks=4', '--gpus-per-task=1').inputs.count), [4, 'inferred', '1 GPU per task × 4 tasks']);
    assert.deepStrictEqual(vo(job('--gpus-per-task=2').inputs.count), [2, 'inferred', 'one task per node assumed']);
    assert.deepStrictEqual(vo(job('--nodes=2', '--gpus-per-task=2').inputs.count), [4, 'inferred', '2 GPUs per task × 2 nodes']);
  });

  it('the device from a partition name (`-p gpu-h100`) when no GPU option names one: inferred', () => {
    const r = job('--gres=gpu:4', '-p gpu-h100');
    assert.deepStrictEqual(vo(r.inputs.hardware), ['gpu-h100', 'inferred', '`#SBATCH -p gpu-h100`: gpu-h100 → H100 SXM5 80GB']);
  });
});

describe('Slurm allocation: arrays and time limits', () => {
  it('--array=0-9 is 10 trials; --array=1 is one job', () => {
    assert.deepStrictEqual(vo(job('--gres=gpu:4', '--array=0-9').inputs.trials), [10, 'file', 'Slurm job array of 10 tasks, each a job with this allocation']);
    assert.strictEqual(job('--gres=gpu:4', '--array=1').inputs.trials, undefined);
  });

  it('--time=1-00:00:00 is a 24 h bound, said with its line; UNLIMITED is no bound, said so', () => {
    const r = job('--gres=gpu:4', '--time=1-00:00:00');
    assert.deepStrictEqual(vo(r.inputs.maxHours), [24, 'file', 'Slurm time limit']);
    assert.ok(r.notes.includes('Slurm time limit 24 h (`#SBATCH --time 1-00:00:00`, line 3): an upper bound, not the runtime.'), r.notes.join('\n'));
    const u = job('--gres=gpu:4', '--time=UNLIMITED');
    assert.strictEqual(u.inputs.maxHours, undefined);
    assert.ok(u.notes.includes('Slurm time limit `UNLIMITED` (line 3) sets no bound Carbon Lens can read.'), u.notes.join('\n'));
  });
});
