// SkyPilot task resources as users write them (src/formats/handlers/skypilot.ts): accelerators as a map
// of alternatives (`{L4: 1, A10G: 1}` or `{L4:2, A10G:1}`), as a list, `any_of`/`ordered` alternatives, an
// instance type instead of accelerators (p4d.24xlarge = 8 × A100 40GB, AWS 2024), and the notes on spot
// instances and an unpinned region. Values and notes read off each task by hand.
import * as assert from 'assert';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

const RUN = 'run: |\n  torchrun --nproc_per_node=8 train.py --model_name_or_path gpt2 --max_steps 100\n';
function task(resources: string): RunSpec {
  const r = analyzeText(`resources:\n${resources}${RUN}`, 'task.yaml').runs[0];
  assert.ok(r, 'no run');
  return r;
}
const hc = (r: RunSpec) => [r.inputs.hardware?.value, r.inputs.count?.value];

describe('SkyPilot resources', () => {
  it('alternatives in a map, either spelling: the first is estimated, and the note lists them all', () => {
    const a = task('  accelerators: {L4: 1, A10G: 1}\n');
    assert.deepStrictEqual(hc(a), ['L4', 1]);
    assert.deepStrictEqual(a.notes, ['Accelerators list alternatives (L4:1, A10G:1); estimated with the first, L4:1.']);
    const b = task('  accelerators: {L4:2, A10G:1}\n');
    assert.deepStrictEqual(hc(b), ['L4', 2]);
    assert.strictEqual(b.inputs.count?.origin, 'file');
    assert.deepStrictEqual(b.notes, ['Accelerators list alternatives (L4:2, A10G:1); estimated with the first, L4:2.']);
  });

  it('`{L4: 1}` writes its count: read from the file at the 1, not "means one device"', () => {
    const r = task('  accelerators: {L4: 1}\n');
    assert.deepStrictEqual(hc(r), ['L4', 1]);
    assert.strictEqual(r.inputs.count?.origin, 'file');
    assert.strictEqual(r.inputs.count?.note, undefined);
    // Line 2 `  accelerators: {L4: 1}`: the 1 is at column 21 (two spaces, 14 for `accelerators: `, then `{L4: `), so an edit of the count replaces it alone.
    assert.deepStrictEqual([r.inputs.count?.range?.startLine, r.inputs.count?.range?.startCol, r.inputs.count?.range?.endCol], [1, 21, 22]);
    // The bare name still means one device, and says so.
    assert.strictEqual(task('  accelerators: L4\n').inputs.count?.note, '`accelerators: L4` means one device');
  });

  it('alternatives in a list, and in `any_of` / `ordered` blocks: the first', () => {
    const list = task('  accelerators: [A100:8, H100:8]\n');
    assert.deepStrictEqual(hc(list), ['A100', 8]);
    assert.deepStrictEqual(list.notes, ['Accelerators list alternatives (A100:8, H100:8); estimated with the first, A100:8.']);
    assert.deepStrictEqual(hc(task('  any_of:\n    - accelerators: H100:8\n      infra: aws\n    - accelerators: A100:8\n')), ['H100', 8]);
  });

  it('an instance type brings its devices (inferred, said so), also as the first `ordered` choice', () => {
    for (const res of ['  instance_type: p4d.24xlarge\n', '  ordered:\n    - instance_type: p4d.24xlarge\n']) {
      const r = task(res);
      assert.deepStrictEqual(hc(r), ['nvidia-a100-sxm4-40gb', 8], res);
      assert.deepStrictEqual([r.inputs.count?.origin, r.inputs.count?.note], ['inferred', 'p4d.24xlarge = 8 × A100 SXM4 40GB'], res);
    }
  });

  it('spot instances and an unpinned region are said in notes', () => {
    assert.deepStrictEqual(task('  instance_type: p4d.24xlarge\n  use_spot: true\n').notes, ['Spot instances: preemptions can repeat work, which this estimate does not include.']);
    const aws = task('  accelerators: A100:8\n  infra: aws\n');
    assert.strictEqual(aws.inputs.region, undefined);
    assert.deepStrictEqual(aws.notes, ['Region not pinned (aws): SkyPilot picks one at launch.']);
  });
});
