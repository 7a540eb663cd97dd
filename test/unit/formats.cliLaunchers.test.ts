// Resources written on a launcher's own command line (src/formats/cliLaunchers.ts): SkyPilot's
// `sky launch --gpus A100:8 --num-nodes 2 --infra aws/us-east-1`, Ultralytics' `device=0,1,2,3` and
// `batch=` (the total over devices), and Hydra overrides after the script (`trainer.devices=4
// trainer.num_nodes=2`). Plus where the hover says a value came through a shell variable
// (handlers/shell.ts). Values, notes and the text each range points at are read off the line by hand.
import * as assert from 'assert';
import type { RunInputs, SourceRange } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

type Field = { value: unknown; key?: string; note?: string; range?: SourceRange };
function inputs(line: string): RunInputs {
  const r = analyzeText(`${line}\n`, 'launch.sh').runs[0];
  assert.ok(r, `no run for ${line}`);
  return r.inputs;
}
const f = (i: RunInputs, k: keyof RunInputs): Field | undefined => i[k] as Field | undefined;
/** The text of the line a value's range covers (one-line commands). */
const shown = (line: string, v: Field | undefined): string | undefined => v?.range && line.slice(v.range.startCol, v.range.endCol);

describe('sky launch flags', () => {
  it('`--gpus A100:8 --num-nodes 2`: 8 per node × 2 nodes = 16, the count shown at the 8', () => {
    const line = 'sky launch --num-nodes 2 --gpus A100:8 task.yaml';
    const i = inputs(line);
    assert.deepStrictEqual([f(i, 'count')?.value, f(i, 'count')?.note, shown(line, f(i, 'count'))], [16, '8 per node × 2 nodes (`--num-nodes`)', '8']);
    assert.deepStrictEqual([f(i, 'nodes')?.value, shown(line, f(i, 'nodes'))], [2, '2']);
    assert.deepStrictEqual([f(i, 'hardware')?.value, shown(line, f(i, 'hardware'))], ['A100', 'A100']);
    assert.strictEqual(f(i, 'hardware')?.note, '`sky launch --gpus A100:8`: A100 → A100 SXM4 40GB');
  });

  it('`=` spellings and underscores: `--num_nodes=2 --gpus=A100-80GB:4` is 8 A100 80GB', () => {
    const line = 'sky launch --num_nodes=2 --gpus=A100-80GB:4 task.yaml';
    const i = inputs(line);
    assert.deepStrictEqual([f(i, 'count')?.value, shown(line, f(i, 'count'))], [8, '4']);
    assert.strictEqual(f(i, 'count')?.key, 'gpus');
    assert.strictEqual(f(i, 'nodes')?.value, 2);
    assert.strictEqual(f(i, 'hardware')?.note, '`sky launch --gpus A100-80GB:4`: A100-80GB → A100 SXM4 80GB');
  });

  it('`--gpus H100` without a count is one device; `A100:x` is a device and no count; `--num-nodes 0` is no node count', () => {
    const one = inputs('sky launch --gpus H100 task.yaml');
    assert.deepStrictEqual([f(one, 'count')?.value, f(one, 'count')?.note], [1, '`sky launch --gpus H100`']);
    const odd = inputs('sky launch --gpus A100:x task.yaml');
    assert.strictEqual(f(odd, 'hardware')?.value, 'A100');
    assert.strictEqual(odd.count, undefined);
    const zero = inputs('sky launch --num-nodes 0 --gpus A100:8 task.yaml');
    assert.strictEqual(zero.nodes, undefined);
    assert.strictEqual(f(zero, 'count')?.value, 8);
  });

  it('the region: `--infra aws/us-east-1` at the region part, `--cloud gcp --region us-central1`, a bare AWS region; `--infra k8s` is noted', () => {
    const line = 'sky launch --gpus A100:8 --infra aws/us-east-1 task.yaml';
    const infra = inputs(line);
    assert.deepStrictEqual([f(infra, 'region')?.value, f(infra, 'region')?.note, shown(line, f(infra, 'region'))], ['aws:us-east-1', '`--infra aws/us-east-1`', 'us-east-1']);
    assert.strictEqual(f(inputs('sky launch --gpus A100:8 --cloud gcp --region us-central1 task.yaml'), 'region')?.value, 'gcp:us-central1');
    assert.strictEqual(f(inputs('sky launch --gpus A100:8 --region eu-west-1 task.yaml'), 'region')?.value, 'aws:eu-west-1');
    const k8s = analyzeText('sky launch --gpus A100:8 --infra k8s task.yaml\n', 'launch.sh').runs[0];
    assert.strictEqual(k8s.inputs.region, undefined);
    assert.deepStrictEqual(k8s.notes, ['`sky launch --infra k8s` pins no region Carbon Lens knows: SkyPilot picks one at launch.']);
  });
});

describe('Ultralytics (yolo) arguments', () => {
  it('`device=0,1,2,3` is 4 GPUs and `batch=64` the global batch; `device=0` is 1 GPU; `device=cpu` no GPU count', () => {
    const line = 'yolo detect train data=coco.yaml model=yolov8n.pt epochs=100 batch=64 device=0,1,2,3';
    const i = inputs(line);
    assert.deepStrictEqual([f(i, 'count')?.value, f(i, 'count')?.note, shown(line, f(i, 'count'))], [4, 'device=0,1,2,3 lists 4 GPUs', '0,1,2,3']);
    assert.deepStrictEqual([f(i, 'batchSize')?.value, shown(line, f(i, 'batchSize'))], [64, '64']);
    assert.deepStrictEqual([f(i, 'epochs')?.value, shown(line, f(i, 'epochs'))], [100, '100']);
    assert.deepStrictEqual([f(i, 'model')?.value, shown(line, f(i, 'model'))], ['yolov8n.pt', 'yolov8n.pt']);
    assert.strictEqual(f(inputs('yolo train data=coco.yaml model=yolov8n.pt epochs=10 device=0'), 'count')?.note, 'device=0 lists 1 GPU');
    assert.strictEqual(inputs('yolo train data=coco.yaml model=yolov8n.pt epochs=10 device=cpu').count, undefined);
  });
});

describe('Hydra overrides after the script', () => {
  it('trainer.max_epochs, data.batch_size, model.name, and trainer.devices × trainer.num_nodes', () => {
    const line = 'python train.py trainer.max_epochs=3 data.batch_size=64 trainer.devices=4 trainer.num_nodes=2 model.name=resnet50';
    const i = inputs(line);
    assert.deepStrictEqual([f(i, 'epochs')?.value, shown(line, f(i, 'epochs'))], [3, '3']);
    assert.strictEqual(f(i, 'perDeviceBatch')?.value, 64);
    assert.strictEqual(f(i, 'model')?.value, 'resnet50');
    assert.deepStrictEqual([f(i, 'count')?.value, f(i, 'count')?.note, shown(line, f(i, 'count'))], [8, 'trainer.devices=4 × trainer.num_nodes=2', '4']);
    assert.deepStrictEqual([f(i, 'nodes')?.value, shown(line, f(i, 'nodes'))], [2, '2']);
  });

  it('`trainer.gpus=2` (Lightning 1.x) on one node; `foo.model=` is not the model; a capitalised key is no override', () => {
    const i = inputs('python train.py trainer.max_epochs=3 trainer.gpus=2');
    assert.deepStrictEqual([f(i, 'count')?.value, f(i, 'count')?.note], [2, 'Hydra override trainer.devices']);
    assert.strictEqual(inputs('python train.py trainer.max_epochs=3 foo.model=bar').model, undefined);
    assert.strictEqual(inputs('python train.py --max_steps 5 Trainer.max_epochs=3').epochs, undefined);
  });
});

describe('Notes on values set through a shell variable', () => {
  it('a prefix assignment on the launch line (`CUDA_VISIBLE_DEVICES=0,1 torchrun …`) does not claim the line\'s other values', () => {
    const i = inputs('CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node=2 train.py --model_name_or_path gpt2 --num_train_epochs 3');
    assert.strictEqual(f(i, 'epochs')?.note, undefined);
    assert.strictEqual(f(i, 'model')?.note, undefined);
    assert.strictEqual(f(i, 'count')?.note, 'from `torchrun --nproc_per_node 2`');
  });

  it('values through variables of one line name their own variable each', () => {
    const r = analyzeText('E="3"; M=gpt2; torchrun --nproc_per_node=2 train.py --model_name_or_path $M --num_train_epochs $E\n', 'launch.sh').runs[0];
    assert.strictEqual(f(r.inputs, 'epochs')?.note, 'set through $E (line 1)');
    assert.strictEqual(f(r.inputs, 'model')?.note, 'set through $M (line 1)');
  });
});
