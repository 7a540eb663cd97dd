// torchtitan job configs (pytorch/torchtitan `train_configs/*.toml`, run as
// `torchrun … train.py --job.config_file llama3_8b.toml`): `[model] name/flavor`, `[training] steps,
// batch_size (per data-parallel rank), seq_len`, and the parallelism degrees that decide how many GPUs
// share one batch. Only what the file states is read; torchtitan's own defaults are not assumed.
import type { RunSpec, Sourced } from '../../core/runSpec';
import type { TMap } from '../tree';
import type { FormatHandler, FormatInput } from '../types';
import { Reader, rootMap, type Path } from './trainingShared';
import { asMap, entryOf, nodeAt } from './treePath';

/** torchtitan's model names and the released checkpoints their flavors build (torchtitan models/*, 2024–2025). */
const FAMILIES: Readonly<Record<string, (flavor: string) => string | undefined>> = {
  llama2: (f) => (/^(7|13|70)B$/i.test(f) ? `meta-llama/Llama-2-${f.toLowerCase()}-hf` : undefined),
  // torchtitan's llama3 flavors are the Llama 3.1 architecture (8B, 70B, 405B).
  llama3: (f) => (/^(8|70|405)B$/i.test(f) ? `meta-llama/Llama-3.1-${f.toUpperCase()}` : undefined),
  qwen3: (f) => (/^(0\.6|1\.7|4|8|14|32)B$/i.test(f) ? `Qwen/Qwen3-${f.toUpperCase()}` : undefined),
};

function score(root: TMap | undefined): number {
  if (!root) return 0;
  const model = asMap(nodeAt(root, 'model'));
  const training = asMap(nodeAt(root, 'training'));
  if (!model || !training) return 0;
  // `[model] flavor` is torchtitan's own word; with `[training] steps` or `seq_len` it is a torchtitan job.
  if (!entryOf(model, 'flavor') || !entryOf(model, 'name')) return 0;
  return entryOf(training, 'steps') || entryOf(training, 'seq_len') ? 0.9 : 0.6;
}

/** The first of several spellings (torchtitan moved the parallelism keys from [training] to [parallelism]). */
function firstNum(r: Reader, paths: Path[]): Sourced<number> | undefined {
  for (const p of paths) {
    const v = r.num(p);
    if (v) return v;
  }
  return undefined;
}

function readTorchtitan(input: FormatInput, root: TMap): RunSpec {
  const r = new Reader(root);
  const name = r.str('model.name');
  const flavor = r.str('model.flavor');
  if (name && flavor) {
    const id = FAMILIES[name.value.toLowerCase()]?.(flavor.value);
    // An uncatalogued family keeps its written name and size ("deepseek_v3 16B"), which the catalogue's size parser reads.
    r.inputs.model = { ...flavor, value: id ?? `${name.value} ${flavor.value}`, key: 'model.flavor', note: `torchtitan model ${name.value}, flavor ${flavor.value}${id ? ` → ${id}` : ''}` };
  }
  const steps = r.num('training.steps');
  if (steps) r.inputs.steps = steps;
  const seq = r.num('training.seq_len');
  if (seq) r.inputs.seqLen = seq;
  const global = r.num('training.global_batch_size');
  if (global) r.inputs.batchSize = global;
  const local = firstNum(r, ['training.local_batch_size', 'training.batch_size']);
  if (local && !global) {
    // One batch per data-parallel rank: GPUs that split a model (tensor, pipeline, context parallel)
    // share it, so per GPU it is batch ÷ (tp × pp × cp) — what the estimate's batch × GPUs needs.
    const tp = firstNum(r, ['parallelism.tensor_parallel_degree', 'training.tensor_parallel_degree'])?.value ?? 1;
    const pp = firstNum(r, ['parallelism.pipeline_parallel_degree', 'experimental.pipeline_parallel_degree'])?.value ?? 1;
    const cp = firstNum(r, ['parallelism.context_parallel_degree', 'experimental.context_parallel_degree'])?.value ?? 1;
    const split = tp * pp * cp;
    r.inputs.perDeviceBatch = split > 1
      ? { ...local, value: local.value / split, origin: 'inferred', note: `${local.key} ${local.value} per data-parallel rank ÷ ${split} GPUs sharing each model replica (tensor ${tp} × pipeline ${pp} × context ${cp})` }
      : local;
  }
  const fp8 = r.bool('float8.enable_float8_linear') ?? r.bool('training.enable_float8_linear');
  const mp = r.str('training.mixed_precision_param');
  if (fp8?.value === true) r.inputs.precision = { ...fp8, value: 'fp8' };
  else if (mp && /^(bfloat16|float32)$/.test(mp.value)) r.inputs.precision = { ...mp, value: mp.value === 'bfloat16' ? 'bf16' : 'fp32' };
  const ac = r.str('activation_checkpoint.mode');
  if (ac?.value === 'full') r.inputs.gradientCheckpointing = { ...ac, value: true };
  else if (ac?.value === 'selective') r.note(`activation_checkpoint.mode = 'selective' (line ${(ac.range?.startLine ?? 0) + 1}) recomputes some operations; not counted as full recomputation.`);
  const data = r.str('training.dataset');
  if (data) r.note(`Dataset ${data.value}: the length is steps × batch × seq_len; the dataset is streamed, not counted in epochs.`);
  if (!steps) r.note('No [training] steps: the length of training is unknown.');
  const description = r.str('job.description')?.value;
  return {
    name: description || (input.fileName.split(/[\\/]/).pop() ?? input.fileName),
    phase: 'training',
    format: 'torchtitan',
    anchor: steps?.keyRange ?? name?.keyRange,
    inputs: r.inputs,
    notes: r.notes,
    warnings: r.warnings,
  };
}

export const torchtitanHandler: FormatHandler = {
  id: 'torchtitan',
  syntaxes: ['toml'],
  detect: (input) => score(rootMap(input)),
  extract(input) {
    const root = rootMap(input);
    return root ? [readTorchtitan(input, root)] : [];
  },
};
