// The hardware what-if written into a Slurm script (src/formats/handlers/shell.ts, `planGresType`): the
// device type in `--gpus`, `--gpus-per-node`, `--gpus-per-task`, `-G` and `--gres` is replaced by the
// shortest catalogued spelling that reads back as the chosen device, with the count kept; a device the
// file only implies (a partition name) or one a GRES cannot name gets no edit. Expected lines by hand.
import * as assert from 'assert';
import { findAccelerator } from '../../src/core/catalog';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { LineIndex } from '../../src/formats/lineIndex';
import type { TextEditSpec } from '../../src/formats/types';

const LAUNCH = 'torchrun --nproc_per_node 8 train.py --model_name_or_path meta-llama/Llama-3.1-8B --num_train_epochs 2';
const script = (directives: string): string => `#!/bin/bash\n${directives}\n${LAUNCH}\n`;

function applyEdits(text: string, edits: TextEditSpec[]): string {
  const index = new LineIndex(text);
  const at = (l: number, c: number) => index.offsetOf(l, c);
  let out = text;
  for (const e of [...edits].sort((a, b) => at(b.range.startLine, b.range.startCol) - at(a.range.startLine, a.range.startCol))) {
    out = out.slice(0, at(e.range.startLine, e.range.startCol)) + e.newText + out.slice(at(e.range.endLine, e.range.endCol));
  }
  return out;
}

/** The script after the what-if, or undefined when no edit is planned. */
function edited(directives: string, device: string): string | undefined {
  const text = script(directives);
  const run = analyzeText(text, 'job.slurm').runs[0];
  const edits = planChange(text, 'job.slurm', run, { field: 'hardware', value: device });
  return edits ? applyEdits(text, edits) : undefined;
}

describe('Slurm hardware what-if: the GRES type written back', () => {
  for (const [directive, device, line] of [
    ['#SBATCH --gpus=a100:8', 'nvidia-h100-sxm5-80gb', '#SBATCH --gpus=h100:8'],
    ['#SBATCH --gpus-per-node=a100:4', 'nvidia-h100-sxm5-80gb', '#SBATCH --gpus-per-node=h100:4'],
    ['#SBATCH -G a100:2', 'nvidia-l4', '#SBATCH -G l4:2'],
    ['#SBATCH --gres=gpu:a100:8', 'amd-mi300x', '#SBATCH --gres=gpu:mi300x:8'],
    ['#SBATCH --gres=gpu:a100:8', 'nvidia-a100-sxm4-80gb', '#SBATCH --gres=gpu:a100-80gb:8'],
  ] as const) {
    it(`${directive} → ${device}: \`${line}\`, which reads back as that device`, () => {
      const out = edited(directive, device);
      assert.ok(out, 'an edit');
      assert.strictEqual(out.split('\n')[1], line);
      const hw = analyzeText(out, 'job.slurm').runs[0].inputs.hardware?.value;
      assert.strictEqual(findAccelerator(String(hw))?.id, device);
    });
  }

  it('--gpus-per-task keeps the other directives as they are', () => {
    const out = edited('#SBATCH --gpus-per-task=a100:1\n#SBATCH --ntasks=4', 'nvidia-l4');
    assert.deepStrictEqual(out?.split('\n').slice(1, 3), ['#SBATCH --gpus-per-task=l4:1', '#SBATCH --ntasks=4']);
  });

  it('no edit when the device is only implied by a partition name, or is not in the catalogue', () => {
    assert.strictEqual(edited('#SBATCH --gres=gpu:4\n#SBATCH -p gpu-a100', 'nvidia-h100-sxm5-80gb'), undefined);
    assert.strictEqual(edited('#SBATCH --gres=gpu:a100:8', 'no-such-device'), undefined);
  });
});
