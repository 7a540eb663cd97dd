// Well-known example jobs whose container image or script names the network they train: the MNIST
// examples that ship with Kubeflow, Katib, KubeRay and pytorch/examples. The manifest that launches
// them says nothing of the model, but the image and script are fixed, published files, so what they
// train (network, dataset, default epochs) is read from those files once and kept here with the file
// it came from. A flag on the command line (`--epochs 3`) still wins: this only fills what is absent,
// and a default epoch count is marked `default` with the script's flag named.
import type { RunInputs, SourceRange } from '../../core/runSpec';
import { findSampleDataset, findSampleModel } from '../../core/sampleCatalog';
import { setIfAbsent } from '../fields';

export interface KnownExample {
  /** Case-sensitive substrings of a container image that identify the example. */
  images: string[];
  /** Endings of the script path on the command line (`…/mnist.py`). */
  scripts: string[];
  /** sampleModels.json id of the network the script builds. */
  model: string;
  /** sampleDatasets.json id of what it trains on. */
  dataset: string;
  /** Epochs when the command line gives none: the script's flag default, or a value fixed in code. */
  epochs: { value: number; how: string; fixed?: boolean };
  /** The examples train in FP32: none of these scripts uses autocast or half precision. */
  precision: 'fp32';
  /** The public file this was read from. */
  source: string;
}

export const KNOWN_EXAMPLES: readonly KnownExample[] = [
  {
    images: ['pytorch_dist_mnist', 'pytorch-dist-mnist'],
    scripts: ['/opt/mnist/src/mnist.py'],
    model: 'kubeflow-pytorch-dist-mnist-net',
    dataset: 'fashion_mnist',
    epochs: { value: 1, how: 'the script\'s `--epochs` default (1)' },
    precision: 'fp32',
    source: 'kubeflow/training-operator examples/pytorch/mnist/mnist.py (builds the pytorch_dist_mnist image; trains FashionMNIST)',
  },
  {
    images: ['kubeflowkatib/mxnet-mnist'],
    scripts: ['mxnet-mnist/mnist.py'],
    model: 'katib-mxnet-mnist-mlp',
    dataset: 'mnist',
    epochs: { value: 10, how: 'the script\'s `--num-epochs` default (10)' },
    precision: 'fp32',
    source: 'kubeflow/katib examples/v1beta1/trial-images/mxnet-mnist/mnist.py (MLP from symbols/mlp.py, MNIST)',
  },
  {
    images: [],
    scripts: ['ray_train_pytorch_mnist.py'],
    model: 'ray-train-fashion-mnist-mlp',
    dataset: 'fashion_mnist',
    epochs: { value: 10, how: 'the 10 epochs fixed in the script (`train_config`)', fixed: true },
    precision: 'fp32',
    source: 'ray-project/kuberay ray-operator/config/samples/pytorch-mnist/ray_train_pytorch_mnist.py (FashionMNIST)',
  },
  {
    images: [],
    scripts: ['mnist/main.py'],
    model: 'pytorch-examples-mnist-net',
    dataset: 'mnist',
    epochs: { value: 14, how: 'the script\'s `--epochs` default (14)' },
    precision: 'fp32',
    source: 'pytorch/examples mnist/main.py (Net, MNIST)',
  },
];

/** One word seen in a manifest: an image name or a command word, with where it is. */
export interface SeenWord {
  text: string;
  range?: SourceRange;
  kind: 'image' | 'script';
}

/** The example a word names: an image containing one of its names, or a script path ending in one. */
export function findKnownExample(words: readonly SeenWord[]): { example: KnownExample; word: SeenWord } | undefined {
  for (const ex of KNOWN_EXAMPLES) {
    for (const w of words) {
      const t = w.text.trim();
      if (w.kind === 'image' && ex.images.some((i) => t.includes(i))) return { example: ex, word: w };
      if (w.kind === 'script' && ex.scripts.some((s) => t === s || t.endsWith(`/${s.replace(/^\//, '')}`))) return { example: ex, word: w };
    }
  }
  return undefined;
}

/** Fills the model, the dataset size and (absent a flag) the epochs of a recognised example job. */
export function applyKnownExample(words: readonly SeenWord[], inputs: RunInputs, notes: string[]): boolean {
  const hit = findKnownExample(words);
  if (!hit) return false;
  const { example: ex, word } = hit;
  const m = findSampleModel(ex.model);
  const d = findSampleDataset(ex.dataset);
  if (!m || !d) return false;
  const at = word.range ? { range: word.range } : {};
  const what = word.kind === 'image' ? `image ${word.text}` : `script ${word.text}`;
  setIfAbsent(inputs, 'model', { value: m.id, origin: 'inferred', ...at, note: `${what}: ${ex.source}` });
  setIfAbsent(inputs, 'datasetSamples', { value: d.samples, origin: 'inferred', note: `${d.id}: ${d.samples.toLocaleString('en-US')} ${d.unit} (${d.source}, ${d.year}), what ${ex.source.split(' (')[0]} trains on` });
  if (!inputs.epochs && !inputs.steps) {
    inputs.epochs = { value: ex.epochs.value, origin: ex.epochs.fixed ? 'inferred' : 'default', note: `${ex.epochs.how}: no epoch flag on the command line` };
    notes.push(`No epoch count on the command line: ${ex.epochs.how} ${ex.epochs.fixed ? 'are' : 'is'} assumed (${ex.source.split(' (')[0]}).`);
  }
  setIfAbsent(inputs, 'precision', { value: ex.precision, origin: 'inferred', note: `${ex.source.split(' (')[0]} trains in FP32 (no autocast)` });
  return true;
}
