// Plain `.py` training scripts: the same reader as notebook cells, over the whole file. Only files
// with a training call are claimed; any other Python file is `unknown`.
import { buildProgram, callLabel, findAnchors, pyRuns, type PyProgram } from './pyRuns';
import type { TextSource } from './textSource';
import type { FormatHandler, FormatInput } from '../types';
import { planPyEdit } from './pyEdits';
import { entryFacts } from './entryDefaults';
import { smallVisionRun } from './smallVisionScript';

/** Cheap pre-check: a script without any of these words has no training call worth parsing for. */
const TRAINING_WORDS = /Trainer|TrainingArguments|Config\(|\.fit\(|\.optimize\(|\.submit\(|\.train\(|hyperparameter_search/;

const memo = new WeakMap<FormatInput, PyProgram | null>();

function program(input: FormatInput): PyProgram | undefined {
  if (memo.has(input)) return memo.get(input) ?? undefined;
  let p: PyProgram | null = null;
  if (input.syntax === 'python' && TRAINING_WORDS.test(input.text)) {
    const src: TextSource = {
      text: input.text,
      fileOffset: (o) => o,
      fileEnd: (o) => o,
      range: (s, e) => input.index.range(s, e),
    };
    p = buildProgram([{ code: input.text, src }], input.index);
  }
  memo.set(input, p);
  return p ?? undefined;
}

const nameOf = (input: FormatInput) => (call: { start: number; callee: string; args: unknown[] }) =>
  `line ${input.index.lineAt(call.start) + 1}: ${callLabel(call as never)}`;

export const pythonScriptHandler: FormatHandler = {
  id: 'python',
  syntaxes: ['python'],
  detect(input) {
    const p = program(input);
    const anchors = p ? findAnchors(p) : [];
    // A plain PyTorch loop on CIFAR/MNIST (kuangliu/pytorch-cifar main.py) has no Trainer to anchor on.
    if (!anchors.length) return smallVisionRun(input) ? 0.6 : 0;
    // A file that only builds a config object (no trainer, no fit) is weaker evidence of a run.
    return anchors.every((a) => a.kind === 'config') ? 0.6 : 0.8;
  },
  extract(input) {
    const p = program(input);
    const runs = p ? pyRuns(p, { format: 'python', name: nameOf(input) }) : [];
    if (!runs.length) {
      const small = smallVisionRun(input);
      if (small) return [small];
    }
    // A model built from its shape (`LlamaForCausalLM(LlamaConfig(hidden_size=…))`) has no name to look
    // up: its parameters are counted from the shape, as when a launch script runs this file.
    const shape = runs.some((r) => !r.inputs.model && !r.inputs.params) ? entryFacts(input.text, input).shape : undefined;
    if (shape) {
      for (const r of runs) {
        if (r.inputs.model || r.inputs.params) continue;
        const range = input.index.range(shape.start, shape.end);
        r.inputs.params = { value: shape.count.params, origin: 'inferred', range, note: `${shape.what}: ${shape.count.formula}` };
        if (shape.count.activeParams !== shape.count.params) r.inputs.activeParams = { ...r.inputs.params, value: shape.count.activeParams };
      }
    }
    return runs;
  },
  planEdit(input, run, change) {
    const p = program(input);
    return p ? planPyEdit(p, run, change, 'raw', nameOf(input)) : undefined;
  },
};
