// Example jobs whose image or script names the network (knownExamples.ts): the Kubeflow dist-MNIST image,
// Katib's mxnet-mnist trials, KubeRay's FashionMNIST RayJob. Fixtures in test/fixtures/k8s-examples/ name
// the public manifests they imitate; FLOPs per image are the hand derivations in sampleModels.json.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { findKnownExample } from '../../src/formats/handlers/knownExamples';
import { closeWithin, val } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/k8s-examples');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const settings = normalizeSettings({ includeEmbodied: false });
const close = closeWithin(1e-6);

describe('known example jobs (MNIST images and scripts)', () => {
  it('the dist-MNIST image: its Net, FashionMNIST, the script default of 1 epoch, on the 2 GPUs requested', () => {
    const text = read('pytorchjob-dist-mnist.yaml');
    const r = analyzeText(text, 'pytorchjob-dist-mnist.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), 'kubeflow-pytorch-dist-mnist-net');
    assert.strictEqual(val(r, 'datasetSamples'), 60000);
    assert.strictEqual(val(r, 'epochs'), 1);
    assert.strictEqual(r.inputs.epochs?.origin, 'default'); // an assumption the estimate names
    assert.ok(r.notes.some((n) => /`--epochs` default \(1\)/.test(n)), r.notes.join('\n'));
    assert.strictEqual(val(r, 'count'), 2); // Master 1 × 1 + Worker 1 × 1
    assert.strictEqual(val(r, 'precision'), 'fp32');
    // Net: conv 1→20 5×5 at 24×24 (288,000 MAC) + conv 20→50 5×5 at 8×8 (1,600,000) + fc 800→500 (400,000)
    // + fc 500→10 (5,000) = 2,293,000 MAC = 4,586,000 FLOPs. 3 × 4.586e6 × 60,000 × 1 = 8.2548e11 FLOPs.
    close(evaluateText(text, 'x.yaml', settings).estimates[0].compute?.flops, 8.2548e11);
  });

  it('an epoch flag on the command line wins over the script default', () => {
    const text = read('pytorchjob-dist-mnist.yaml').split('args: ["--backend", "gloo"]').join('args: ["--backend", "gloo", "--epochs", "5"]');
    const r = analyzeText(text, 'x.yaml').runs[0];
    assert.strictEqual(val(r, 'epochs'), 5);
    assert.strictEqual(r.inputs.epochs?.origin, 'file');
    // Katib's MXNet script spells it --num-epochs.
    const katib = read('katib-mxnet-mnist.yaml').replace('- "--batch-size=128"', '- "--batch-size=128"\n                  - "--num-epochs=3"');
    assert.strictEqual(val(analyzeText(katib, 'x.yaml').runs[0], 'epochs'), 3);
  });

  it('Katib mxnet-mnist trials: the MLP on MNIST for 10 epochs, on CPU, times the trials', () => {
    const text = read('katib-mxnet-mnist.yaml');
    const r = analyzeText(text, 'x.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), 'katib-mxnet-mnist-mlp');
    assert.strictEqual(val(r, 'epochs'), 10); // --num-epochs default
    assert.strictEqual(val(r, 'hardware'), 'cpu-vcpu'); // no GPU requested: stays on CPU
    // MLP 784→128→64→10 = 109,184 MAC = 218,368 FLOPs; 3 × 218,368 × 60,000 × 10 = 3.930624e11 per trial.
    close(evaluateText(text, 'x.yaml', settings).estimates[0].compute?.flops, 3.930624e11);
  });

  it('the KubeRay FashionMNIST RayJob: the MLP, 10 epochs fixed in the script, 2 + 2 × 4 vCPUs', () => {
    const text = read('rayjob-mnist.yaml');
    const r = analyzeText(text, 'x.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), 'ray-train-fashion-mnist-mlp');
    assert.strictEqual(val(r, 'epochs'), 10);
    assert.strictEqual(r.inputs.epochs?.origin, 'inferred');
    assert.strictEqual(val(r, 'hardware'), 'cpu-vcpu');
    assert.strictEqual(val(r, 'count'), 10);
    // MLP 784→512→512→10 = 668,672 MAC = 1,337,344 FLOPs; 3 × 1,337,344 × 60,000 × 10 = 2.4072192e12.
    close(evaluateText(text, 'x.yaml', settings).estimates[0].compute?.flops, 2.4072192e12);
  });

  it('names nothing for a job that only runs a script of its own (torchrun demo.py)', () => {
    const text = 'apiVersion: "kubeflow.org/v1"\nkind: PyTorchJob\nmetadata:\n  name: t\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n            - name: pytorch\n              image: pytorch-cpu:py3.8\n              command: ["torchrun", "demo.py"]\n';
    assert.strictEqual(val(analyzeText(text, 'x.yaml').runs[0], 'model'), undefined);
    // pytorch/examples' script is recognised by its path, not by any main.py.
    assert.strictEqual(findKnownExample([{ text: 'examples/mnist/main.py', kind: 'script' }])?.example.model, 'pytorch-examples-mnist-net');
    assert.strictEqual(findKnownExample([{ text: 'main.py', kind: 'script' }]), undefined);
    assert.strictEqual(findKnownExample([{ text: 'fashionmnist/main.py', kind: 'script' }]), undefined);
  });
});
