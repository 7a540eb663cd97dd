// A CIFAR/MNIST training script opened itself (kuangliu/pytorch-cifar main.py and its forks): the plain
// PyTorch loop (`for epoch in range(start_epoch, start_epoch+200): train(epoch)`) has no Trainer call for
// the .py reader (pythonScript.ts) to anchor a run on, so the run is anchored on the epoch loop, with the
// network, dataset and precision read as for a launch line (smallVisionRuns.ts).
import type { RunInputs, RunSpec } from '../../core/runSpec';
import { findSampleDataset, findSampleModel } from '../../core/sampleCatalog';
import type { EntryFacts, EntryValue } from '../entryScript';
import type { FormatInput } from '../types';
import { entryFacts } from './entryDefaults';
import { looksSmallVision, smallVisionOf } from './smallVisionRuns';

/** Epochs of the script's loop, or its epoch flag's default: [value, offsets, what]. */
function epochsOf(facts: EntryFacts): EntryValue | undefined {
  if (facts.epochLoop) return facts.epochLoop;
  for (const k of ['epochs', 'num_epochs', 'n_epochs', 'max_epochs', 'epoch', 'nepochs', 'total_epochs']) {
    const d = facts.defaults.get(k) ?? facts.constants.get(k);
    if (d && typeof d.value === 'number' && d.value > 0) return d;
  }
  return undefined;
}

/**
 * The run a small-vision script describes when opened itself, or undefined when it is not one (no
 * torchvision small-image training set, or neither a network nor an epoch count found).
 */
export function smallVisionRun(input: FormatInput): RunSpec | undefined {
  if (input.syntax !== 'python' || !looksSmallVision(input.text)) return undefined;
  const facts = entryFacts(input.text, input);
  const sv = smallVisionOf(input.text, facts);
  if (!sv?.dataset) return undefined;
  const epochs = epochsOf(facts);
  if (!sv.model && !sv.unsized && !epochs) return undefined;
  const r = (s: number, e: number) => input.index.range(s, e);
  const line = (o: number) => input.index.lineAt(o) + 1;
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const model = sv.model && findSampleModel(sv.model.id);
  if (sv.model && model) inputs.model = { value: model.id, origin: 'inferred', range: r(sv.model.start, sv.model.end), note: `${sv.model.what} (line ${line(sv.model.start)}): ${sv.model.why}` };
  else if (sv.unsized) notes.push(`${sv.unsized}: Carbon Lens has no per-image figure for that network at that size, and does not use its 224×224 one.`);
  else notes.push('The network is the script\'s own: set carbonLens.params or name a catalogued network to get a number.');
  const data = findSampleDataset(sv.dataset.id);
  if (data) inputs.datasetSamples = { value: data.samples, origin: 'inferred', range: r(sv.dataset.start, sv.dataset.end), note: `${sv.dataset.what} (line ${line(sv.dataset.start)}): ${data.samples.toLocaleString('en-US')} ${data.unit} (${data.source}, ${data.year})` };
  if (epochs) {
    const fromLoop = epochs === facts.epochLoop;
    inputs.epochs = { value: Number(epochs.value), origin: fromLoop ? 'file' : 'inferred', range: r(epochs.start, epochs.end), note: `${epochs.what} (line ${line(epochs.start)})` };
  }
  if (sv.fp32) inputs.precision = { value: 'fp32', origin: 'inferred', note: 'no autocast, GradScaler or .half() in the script: it trains in FP32' };
  const at = facts.epochLoop?.start ?? sv.model?.start ?? sv.dataset.start;
  return {
    name: `line ${line(at)}: ${sv.model?.what ?? 'training loop'} on ${sv.dataset.what.replace('(…)', '')}`,
    phase: 'training',
    format: 'python',
    anchor: r(at, at),
    inputs,
    notes,
    warnings: [],
  };
}
