// What a recognised example job (src/formats/handlers/knownExamples.ts) adds to a run, as the hover shows
// it: each value's note names the image or script that identified the job and the public file it was
// read from, the epochs are an assumption only when the command line gives no length, and values the
// file already states are kept. Expected strings are composed by hand from the KNOWN_EXAMPLES rows and the
// sample dataset rows (Fashion-MNIST: 60,000 training images, Xiao et al. 2017).
import * as assert from 'assert';
import type { RunInputs, SourceRange } from '../../src/core/runSpec';
import { applyKnownExample, findKnownExample } from '../../src/formats/handlers/knownExamples';

const AT: SourceRange = { startLine: 12, startCol: 21, endLine: 12, endCol: 62 };
const DIST_MNIST = 'kubeflow/training-operator examples/pytorch/mnist/mnist.py';

describe('known example jobs: what the hover says', () => {
  it('an image: model at the image\'s line, dataset size, the default epochs and FP32, each with its source', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    const image = 'docker.io/kubeflowkatib/pytorch-dist-mnist:v1beta1-45c5727';
    assert.strictEqual(applyKnownExample([{ text: image, range: AT, kind: 'image' }], inputs, notes), true);
    assert.deepStrictEqual(inputs.model, {
      value: 'kubeflow-pytorch-dist-mnist-net',
      origin: 'inferred',
      range: AT,
      note: `image ${image}: ${DIST_MNIST} (builds the pytorch_dist_mnist image; trains FashionMNIST)`,
    });
    assert.strictEqual(inputs.datasetSamples?.value, 60000);
    assert.strictEqual(inputs.datasetSamples?.note, `fashion_mnist: 60,000 training images (Xiao et al. 2017, Fashion-MNIST, 2017), what ${DIST_MNIST} trains on`);
    // The script's flag default: an assumption (`default`), and said once in the run's notes.
    assert.deepStrictEqual(inputs.epochs, { value: 1, origin: 'default', note: 'the script\'s `--epochs` default (1): no epoch flag on the command line' });
    assert.deepStrictEqual(notes, [`No epoch count on the command line: the script's \`--epochs\` default (1) is assumed (${DIST_MNIST}).`]);
    assert.strictEqual(inputs.precision?.value, 'fp32');
    assert.strictEqual(inputs.precision?.note, `${DIST_MNIST} trains in FP32 (no autocast)`);
  });

  it('a script with epochs fixed in code: inferred, not a default, and the note says "are assumed"; no range when the word has none', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    assert.strictEqual(applyKnownExample([{ text: '/home/ray/samples/ray_train_pytorch_mnist.py', kind: 'script' }], inputs, notes), true);
    assert.strictEqual(inputs.model?.value, 'ray-train-fashion-mnist-mlp');
    assert.ok(!('range' in inputs.model!), 'no range key');
    assert.match(inputs.model!.note!, /^script \/home\/ray\/samples\/ray_train_pytorch_mnist\.py: ray-project\/kuberay /);
    assert.deepStrictEqual([inputs.epochs?.value, inputs.epochs?.origin], [10, 'inferred']);
    assert.deepStrictEqual(notes, ['No epoch count on the command line: the 10 epochs fixed in the script (`train_config`) are assumed (ray-project/kuberay ray-operator/config/samples/pytorch-mnist/ray_train_pytorch_mnist.py).']);
  });

  it('what the file states wins: a step count means no epoch assumption, a stated model and precision stay', () => {
    const inputs: RunInputs = {
      steps: { value: 500, origin: 'file' },
      model: { value: 'resnet18', origin: 'file' },
      precision: { value: 'bf16', origin: 'file' },
    };
    const notes: string[] = [];
    assert.strictEqual(applyKnownExample([{ text: 'mnist/main.py', kind: 'script' }], inputs, notes), true);
    assert.strictEqual(inputs.epochs, undefined);
    assert.deepStrictEqual(notes, []);
    assert.strictEqual(inputs.model?.value, 'resnet18');
    assert.strictEqual(inputs.precision?.value, 'bf16');
    // The dataset was not stated: pytorch/examples' MNIST, 60,000 images.
    assert.strictEqual(inputs.datasetSamples?.value, 60000);
  });

  it('a job it does not know: false, and nothing is added', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    assert.strictEqual(applyKnownExample([{ text: 'ghcr.io/acme/trainer:1.2', kind: 'image' }, { text: 'train.py', kind: 'script' }], inputs, notes), false);
    assert.deepStrictEqual(inputs, {});
    assert.deepStrictEqual(notes, []);
  });

  it('script paths: run from the repository root (`python mnist/main.py`), or with blanks around the word', () => {
    assert.strictEqual(findKnownExample([{ text: 'mnist/main.py', kind: 'script' }])?.example.model, 'pytorch-examples-mnist-net');
    assert.strictEqual(findKnownExample([{ text: ' /opt/mnist/src/mnist.py\n', kind: 'script' }])?.example.model, 'kubeflow-pytorch-dist-mnist-net');
    // An image word is matched against images only, a script word against scripts only.
    assert.strictEqual(findKnownExample([{ text: 'mnist/main.py', kind: 'image' }]), undefined);
    assert.strictEqual(findKnownExample([{ text: 'pytorch-dist-mnist', kind: 'script' }]), undefined);
  });
});
