// Values that reach a launcher through a variable defined in the same file: SkyPilot `envs:` in
// `run:`, a Kubernetes container's `env:` as `$(VAR)` in its args, and OmegaConf `${oc.env:VAR,default}`.
// Every expected value and line is read by hand from the text in each test.
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';
import { at } from './helpers/runAsserts';

describe('SkyPilot envs in run:', () => {
  const text = [
    'envs:',
    '  MODEL: meta-llama/Llama-3.1-8B',
    '  EPOCHS: 2',
    'resources:',
    '  accelerators: A100:8',
    'run: |',
    '  torchrun --nproc_per_node 8 train.py --model_name_or_path $MODEL --num_train_epochs ${EPOCHS} --max_seq_length $UNSET',
    '',
  ].join('\n');

  it('substitutes $VAR and ${VAR} and points at the envs value', () => {
    const r = analyzeText(text, 'task.yaml').runs[0];
    assert.strictEqual(r.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    assert.strictEqual(at(text, r.inputs.model?.range), 'meta-llama/Llama-3.1-8B');
    assert.strictEqual(r.inputs.model?.range?.startLine, 1); // envs MODEL, line 2
    assert.match(r.inputs.model?.note ?? '', /set through \$MODEL, envs \(line 2\)/);
    assert.strictEqual(r.inputs.epochs?.value, 2);
    assert.strictEqual(r.inputs.epochs?.range?.startLine, 2);
  });

  it('a variable envs does not set stays unknown, and says so', () => {
    const r = analyzeText(text, 'task.yaml').runs[0];
    assert.strictEqual(r.inputs.seqLen, undefined);
    assert.ok(r.notes.some((n) => /`--max_seq_length` is set from a variable/.test(n)));
  });
});

describe('Kubernetes env: in container args', () => {
  const text = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: sft',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: trainer',
    '        image: example/trl',
    '        env:',
    '        - name: MODEL',
    '          value: Qwen/Qwen2.5-7B',
    '        - name: EPOCHS',
    '          value: "3"',
    '        args: ["--model_name_or_path", "$(MODEL)", "--num_train_epochs=$(EPOCHS)"]',
    '        resources:',
    '          limits:',
    '            nvidia.com/gpu: 2',
    '',
  ].join('\n');

  it('expands $(VAR) from the container env, pointing at the value', () => {
    const r = analyzeText(text, 'job.yaml').runs[0];
    assert.strictEqual(r.inputs.model?.value, 'Qwen/Qwen2.5-7B');
    assert.strictEqual(r.inputs.model?.range?.startLine, 12);
    assert.match(r.inputs.model?.note ?? '', /\$\(MODEL\), env of container trainer \(line 13\)/);
    assert.strictEqual(r.inputs.epochs?.value, 3); // --flag=$(VAR) form
    assert.strictEqual(at(text, r.inputs.epochs?.range), '"3"');
    assert.strictEqual(r.inputs.count?.value, 2);
  });

  it('$VAR (shell syntax) in an argv list is not Kubernetes expansion: unknown', () => {
    const r = analyzeText(text.replace('"$(MODEL)"', '"$MODEL"'), 'job.yaml').runs[0];
    assert.strictEqual(r.inputs.model, undefined);
  });
});

describe('OmegaConf ${oc.env:VAR,default}', () => {
  const text = '# lightning.pytorch==2.1.0\ntrainer:\n  accelerator: gpu\n  devices: ${oc.env:NUM_GPUS,4}\n  max_epochs: ${oc.env:EPOCHS,\'3\'}\n  precision: bf16-mixed\nmodel:\n  class_path: x.Y\n';

  it('uses the default and says it is the default', () => {
    const r = analyzeText(text, 'cli.yaml').runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 3);
    assert.strictEqual(r.inputs.epochs?.origin, 'inferred');
    assert.match(r.inputs.epochs?.note ?? '', /the default, used when the environment variable is unset/);
    // Once read as a list of two device ids ("${oc.env:NUM_GPUS" and "4}"): now the default 4.
    assert.strictEqual(r.inputs.count?.value, 4);
  });

  it('without a default the value stays unknown', () => {
    const r = analyzeText(text.replace('${oc.env:EPOCHS,\'3\'}', '${oc.env:EPOCHS}'), 'cli.yaml').runs[0];
    assert.strictEqual(r.inputs.epochs, undefined);
  });
});

describe('Hydra overrides on a launch line', () => {
  it('reads trainer.max_epochs, trainer.devices, *.batch_size, trainer.precision and model.backbone', () => {
    const text = 'python train.py trainer.max_epochs=3 model.backbone=resnet50 trainer.devices=4 data.batch_size=64 trainer.precision=16-mixed\n';
    const a = analyzeText(text, 'run.sh');
    assert.strictEqual(a.format, 'shell');
    const r = a.runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 3);
    assert.strictEqual(at(text, r.inputs.epochs?.range), '3');
    assert.strictEqual(r.inputs.count?.value, 4);
    assert.strictEqual(at(text, r.inputs.count?.range), '4');
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 64);
    assert.strictEqual(r.inputs.precision?.value, 'fp16');
    assert.strictEqual(r.inputs.model?.value, 'resnet50');
  });

  it('devices × num_nodes, and environment prefixes are not overrides', () => {
    const r = analyzeText('CUDA_VISIBLE_DEVICES=0,1 python src/train.py experiment=mnist trainer.max_steps=500 trainer.devices=2 trainer.num_nodes=2\n', 'run.sh').runs[0];
    assert.strictEqual(r.inputs.steps?.value, 500);
    assert.strictEqual(r.inputs.count?.value, 4); // 2 per node × 2 nodes
    assert.strictEqual(r.inputs.nodes?.value, 2);
    assert.strictEqual(r.inputs.model, undefined, '`experiment=mnist` is a config group, not a model');
  });

  it('a python line with neither HF flags nor a Hydra length is not a launch', () => {
    assert.strictEqual(analyzeText('python prepare.py data.root=/x\n', 'prep.sh').format, 'unknown');
  });
});
