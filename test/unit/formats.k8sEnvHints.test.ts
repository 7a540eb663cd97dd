// A Kubernetes training Job whose program reads its model and length from the container's env
// (fixture in the shape of GKE's fine-tune-l4-dws.yaml): read as inferred values, on the env line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'k8s-examples', 'job-env-model.yaml');
const settings = normalizeSettings({});

describe('Kubernetes: model and epochs from a training container’s env', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

  it('reads MODEL_NAME and EPOCHS as inferred, on their value lines; a path-valued MODEL_PATH is not a model', () => {
    const e = evaluateText(text, 'job.yaml', settings).estimates[0];
    assert.deepStrictEqual(e.missing, []);
    assert.strictEqual(e.inputs.model?.value, 'google/gemma-2-9b-it');
    assert.strictEqual(e.inputs.model?.origin, 'inferred');
    assert.strictEqual(e.inputs.model?.range?.startLine, lineOf('"google/gemma-2-9b-it"'));
    assert.strictEqual(e.inputs.model?.note, 'env MODEL_NAME of container trainer: the program reads it from its environment');
    assert.strictEqual(e.inputs.epochs?.value, 1);
    assert.strictEqual(e.inputs.epochs?.range?.startLine, lineOf('value: "1"'));
    // 2 pods × 2 L4 = 4 devices; 1 epoch × 10k assumed samples × 2,048 assumed tokens = 20,480,000 tokens.
    assert.strictEqual(e.inputs.count?.value, 4);
    assert.strictEqual(e.inputs.tokens?.value, 20_480_000);
    assert.strictEqual(e.inputs.tokens?.note, '1 epoch × 10k samples × 2.05k tokens');
    assert.ok(e.assumptions.some((a) => a.startsWith("Read from the containers' environment (MODEL_NAME, EPOCHS)")), e.assumptions.join('\n'));
  });

  it('a flag on the command line wins over the env; without the env the model is still needed', () => {
    const flagged = evaluateText(text.replace('fine_tune.py"', 'fine_tune.py --num_train_epochs 3"'), 'job.yaml', settings).estimates[0];
    assert.strictEqual(flagged.inputs.epochs?.value, 3);
    assert.strictEqual(flagged.inputs.epochs?.origin, 'file');
    const noEnv = evaluateText(text.replace(/        env:[\s\S]*?(?=      restartPolicy)/, ''), 'job.yaml', settings).estimates[0];
    assert.strictEqual(noEnv.inputs.model, undefined);
    assert.ok(noEnv.missing.length > 0);
  });
});

describe('Kubernetes env hints: which values count', () => {
  const job = (env: string, name = '      - name: trainer\n') => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      containers:\n${name}        image: registry.example/train:1\n        resources:\n          limits:\n            nvidia.com/gpu: "1"\n        env:\n${env}`;
  const inputsOf = (env: string, name?: string) => evaluateText(job(env, name), 'job.yaml', settings).estimates[0].inputs;
  const kv = (k: string, v: string) => `        - name: ${k}\n          value: "${v}"\n`;

  it('a positive number of epochs or steps only; steps are whole; padded Hub ids are trimmed', () => {
    for (const bad of ['abc', '0', '-2', '']) assert.strictEqual(inputsOf(kv('EPOCHS', bad)).epochs?.origin === 'inferred', false, `EPOCHS "${bad}"`);
    assert.strictEqual(inputsOf(kv('MAX_STEPS', '2.6')).steps?.value, 3);
    assert.strictEqual(inputsOf(kv('NUM_EPOCHS', ' 2 ')).epochs?.value, 2);
    assert.strictEqual(inputsOf(kv('MODEL_ID', '  Qwen/Qwen2.5-7B  ')).model?.value, 'Qwen/Qwen2.5-7B');
    assert.strictEqual(inputsOf(kv('MODEL_ID', 'llama')).model, undefined, 'a bare word is not a Hub id');
  });

  it('epochs and steps exclude each other: the first one found is the length', () => {
    const both = inputsOf(kv('EPOCHS', '2') + kv('MAX_STEPS', '100'));
    assert.strictEqual(both.epochs?.value, 2);
    assert.strictEqual(both.steps?.origin === 'inferred' && both.steps?.note?.startsWith('env MAX_STEPS'), false);
    const stepsFirst = inputsOf(kv('MAX_STEPS', '100') + kv('EPOCHS', '2'));
    assert.strictEqual(stepsFirst.steps?.value, 100);
    assert.strictEqual(stepsFirst.epochs?.note?.startsWith('env EPOCHS') ?? false, false);
  });

  it('says which container the value came from', () => {
    assert.strictEqual(inputsOf(kv('EPOCHS', '2')).epochs?.note, 'env EPOCHS of container trainer: the program reads it from its environment');
  });
});
