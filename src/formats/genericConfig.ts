// A config a launch script passes to its own training script (`python train.py configs/x.yaml`) that
// no format reader claims: a research project's own YAML, laid out in sections (`model: {name:
// resnet50}`, `training: {n_epochs: 100}`, `data: {name: imagenet}`). Such a file still names the model,
// the dataset and the length of training, under a handful of conventional section and key names; those
// are read here, one level deep, and nothing else is guessed. Every value is `inferred` (the file is
// not a format Carbon Lens knows) and says which key and line it came from.
import type { RunInputs, Sourced } from '../core/runSpec';
import type { Word } from './launcherFlags';
import { LineIndex } from './lineIndex';
import { applyTrainingFlags } from './handlers/trainFlags';
import type { TextSource } from './handlers/textSource';
import { parseJsonDoc, parseYamlDocs, type TNode } from './tree';

const MAX_CHARS = 200_000;

/** Sections and the key names under them that name each field, as the shared flag reader spells it. */
const SECTIONS: Record<string, Record<string, string>> = {
  model: { name: 'model', arch: 'model', architecture: 'model', type: 'model', model_name: 'model', backbone: 'model', name_or_path: 'model', pretrained_model_name_or_path: 'model' },
  data: { name: 'dataset', dataset: 'dataset', dataset_name: 'dataset' },
  training: { epochs: 'epochs', n_epochs: 'epochs', num_epochs: 'epochs', max_epochs: 'epochs', total_epochs: 'epochs', nb_epochs: 'epochs', max_steps: 'max_steps', total_steps: 'max_steps', num_steps: 'max_steps', max_iters: 'max_steps', max_iter: 'max_steps' },
};
/** Section names that mean each kind (`network:`, `dataset:`, `train:`, `solver:` …). */
const SECTION_KIND: Record<string, keyof typeof SECTIONS> = {
  model: 'model', network: 'model', net: 'model', arch: 'model',
  data: 'data', dataset: 'data', datasets: 'data',
  training: 'training', train: 'training', trainer: 'training', solver: 'training', optim: 'training', optimization: 'training', hparams: 'training', hyperparameters: 'training', schedule: 'training', runner: 'training',
};
/** Top-level keys read when they hold a scalar (`model: resnet50`, `epochs: 90`). */
const TOP: Record<string, string> = { model: 'model', arch: 'model', model_name: 'model', network: 'model', architecture: 'model', dataset: 'dataset', dataset_name: 'dataset', ...SECTIONS.training };

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/**
 * What the config says under the conventional names, or undefined when the text is not a map or
 * names nothing. `taken` lists "field (key, line N)" for the note.
 */
export function genericConfigInputs(path: string, text: string): { inputs: RunInputs; taken: string[] } | undefined {
  if (text.length > MAX_CHARS || !/\.(ya?ml|json)$/i.test(path)) return undefined;
  const index = new LineIndex(text);
  const root = (/\.json$/i.test(path) ? parseJsonDoc(text, index) : parseYamlDocs(text, index)[0])?.root;
  if (root?.kind !== 'map') return undefined;
  const src: TextSource = { text, fileOffset: (o) => o, fileEnd: (o) => o, range: (s, e) => index.range(s, e) };
  const inputs: RunInputs = {};
  const taken: string[] = [];
  const read = (flag: string, keyPath: string, node: TNode, keyLine: number) => {
    if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean') return;
    const start = index.offsetOf(node.range.startLine, node.range.startCol);
    const end = index.offsetOf(node.range.endLine, node.range.endCol);
    const words: Word[] = [
      { text: `--${flag}`, start, end: start, textStart: start },
      { text: String(node.value), start, end, textStart: start },
    ];
    const tmp: RunInputs = {};
    applyTrainingFlags(words, src, tmp, []);
    for (const [field, got] of Object.entries(tmp) as [keyof RunInputs, Sourced<unknown>][]) {
      if (inputs[field] !== undefined) continue;
      (inputs as Record<string, Sourced<unknown>>)[field] = { value: got.value, origin: 'inferred', range: got.range, key: keyPath, note: `${keyPath}${got.note ? `: ${got.note}` : ''}` };
      taken.push(`${field} (${keyPath}, line ${keyLine + 1})`);
    }
  };
  for (const e of root.entries.slice(0, 300)) {
    const top = own(TOP, e.key);
    if (top && e.value.kind === 'scalar') read(top, e.key, e.value, e.keyRange.startLine);
    const kind = own(SECTION_KIND, e.key);
    if (!kind || e.value.kind !== 'map') continue;
    const keys = SECTIONS[kind];
    for (const c of e.value.entries.slice(0, 200)) {
      const flag = own(keys, c.key);
      if (flag) read(flag, `${e.key}.${c.key}`, c.value, c.keyRange.startLine);
    }
  }
  return taken.length ? { inputs, taken } : undefined;
}
