// What a job's names say when nothing else does: a Slurm job named `imagenet_resnet_slurm_01`, a
// script `training_mnist.sh`, a config `config/mnist.yaml` that is not in the workspace. Names are
// words people choose, so only whole words that unambiguously name a public dataset are read (never a
// guess at an unnamed network), and a bare `resnet` only on ImageNet, where the standard network is
// ResNet-50 (He et al. 2016). Every value is `inferred` and says which name it came from; a config or
// script at hand always says more and is read instead (the caller applies this only without one).
import type { RunInputs } from '../core/runSpec';
import { findSampleDataset, findSampleModel } from '../core/sampleCatalog';
import { cifarVariant } from './smallVision';

/** Words that name one dataset and little else, as they appear in job and file names. */
const DATASET_WORDS: Record<string, string> = {
  imagenet: 'imagenet-1k', imagenet1k: 'imagenet-1k', in1k: 'imagenet-1k', ilsvrc2012: 'imagenet-1k',
  cifar10: 'cifar10', cifar100: 'cifar100', mnist: 'mnist', fashionmnist: 'fashion_mnist',
  coco: 'coco-2017-train', mscoco: 'coco-2017-train', librispeech: 'librispeech-960h', cityscapes: 'cityscapes', ade20k: 'ade20k',
};

export interface NamedText {
  text: string;
  /** How the name is described in notes: "the job name", "the config name". */
  what: string;
}

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Lower-case words of a name: `imagenet_resnet-slurm.01.sh` → imagenet, resnet, slurm, 01, sh. */
function wordsOf(name: string): string[] {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const out: string[] = [];
  let cur = '';
  for (const ch of base) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) cur += ch;
    else if (cur) { out.push(cur); cur = ''; }
    if (out.length > 30) break;
  }
  if (cur) out.push(cur);
  return out;
}

/** Fills dataset (and on ImageNet a ResNet's depth) from the names, when the run has none. */
export function applyNameHints(names: readonly NamedText[], inputs: RunInputs, notes: string[]): void {
  if (inputs.model || inputs.dataset || inputs.datasetSamples) return;
  let dataset: { id: string; name: NamedText; word: string } | undefined;
  let model: { id: string; name: NamedText; word: string } | undefined;
  let bareResnet: NamedText | undefined;
  for (const n of names) {
    if (!n.text || n.text.length > 200) continue;
    const words = wordsOf(n.text);
    words.forEach((w, i) => {
      // `tiny-imagenet`, `imagenet-mini`: a different, smaller set under a familiar word.
      const neighbour = `${words[i - 1] ?? ''} ${words[i + 1] ?? ''}`;
      const id = own(DATASET_WORDS, w);
      if (id && !dataset && !/\b(tiny|mini|subset|sub|toy|small)\b/.test(neighbour)) dataset = { id, name: n, word: w };
      // A sized word the catalogue knows, or a CIFAR network's name (`vgg16`: checked against the dataset below).
      if (!model && /\d/.test(w) && (findSampleModel(w) || cifarVariant(w))) model = { id: findSampleModel(w)?.id ?? '', name: n, word: w };
      if (w === 'resnet') bareResnet ??= n;
    });
  }
  const ds = dataset && findSampleDataset(dataset.id);
  if (dataset && ds) {
    inputs.datasetSamples = { value: ds.samples, origin: 'inferred', note: `${ds.id}: ${ds.samples.toLocaleString('en-US')} ${ds.unit} (${ds.source}, ${ds.year}), from the word "${dataset.word}" in ${dataset.name.what} \`${dataset.name.text}\`` };
  }
  // `cifar10_resnet18`: CIFAR code builds the 32×32 network (3×3 stem, no max-pool; kuangliu/pytorch-cifar
  // and its forks), not the ImageNet one the bare word names (smallVision.ts).
  const cifar = model && (ds?.id === 'cifar10' || ds?.id === 'cifar100') ? cifarVariant(model.word) : undefined;
  if (model && cifar) inputs.model = { value: cifar, origin: 'inferred', note: `from the words "${model.word}" and "${dataset!.word}" in ${model.name.what} \`${model.name.text}\`: the CIFAR network (3×3 stem, no max-pool) assumed` };
  else if (model?.id) inputs.model = { value: model.id, origin: 'inferred', note: `from the word "${model.word}" in ${model.name.what} \`${model.name.text}\`` };
  else if (bareResnet && ds?.id === 'imagenet-1k') {
    inputs.model = { value: 'resnet50', origin: 'inferred', note: `${bareResnet.what} \`${bareResnet.text}\` says ResNet on ImageNet without a depth: ResNet-50, the standard ImageNet ResNet (He et al. 2016), assumed` };
  }
  const used = new Set<NamedText>();
  if (inputs.datasetSamples && dataset) used.add(dataset.name);
  if (inputs.model) used.add(model && (cifar || model.id) ? model.name : bareResnet!);
  if (used.size) notes.push(`Nothing in the workspace names ${inputs.model ? 'the model or data' : 'the data'}: read from ${[...used].map((n) => `${n.what} \`${n.text}\``).join(' and ')}, as inferred values${inputs.model ? '' : ' (the network is not guessed from a name)'}.`);
}
