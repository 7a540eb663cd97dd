// Sweep files multiply compute by their trial count: W&B sweeps (`run_cap`, or the size of a grid)
// and Hydra's Optuna sweeper (`hydra.sweeper.n_trials`). Per-trial cost lives in the program's own
// config; what these files add is the multiplier, plus any fixed epochs or batch size they set.
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { derived } from '../fields';
import type { TMap, TNode } from '../tree';
import { asMap, asSeq, entryOf, nodeAt, numEntry, textOf } from './treePath';
import type { FormatHandler, FormatInput } from '../types';

/** Trials assumed for a sweep with no bound, shown as an assumption the user should replace. */
export const UNBOUNDED_TRIALS_ASSUMED = 20;

const WANDB_METHODS = new Set(['grid', 'random', 'bayes', 'custom']);
const WANDB_KEYS = new Set(['apiVersion', 'kind', 'controller', 'description', 'program', 'job', 'image_uri', 'entity', 'project', 'method', 'command', 'name', 'run_cap', 'metric', 'metrics', 'scheduler', 'early_terminate', 'parameters']);

function wandbRoot(input: FormatInput): TMap | undefined {
  const docs = input.docs();
  if (docs.length !== 1) return undefined;
  const root = asMap(docs[0].root);
  const method = textOf(nodeAt(root, 'method'));
  if (!root || !method || !WANDB_METHODS.has(method) || !asMap(nodeAt(root, 'parameters'))) return undefined;
  const unknown = root.entries.filter((e) => !WANDB_KEYS.has(e.key)).length;
  return unknown <= 1 ? root : undefined;
}

/** Grid size: product of `values` lengths (nested `parameters:` multiply too); undefined if a parameter is a distribution. */
function gridSize(params: TNode | undefined): { size: number; factors: string[] } | undefined {
  let size = 1;
  const factors: string[] = [];
  for (const e of asMap(params)?.entries ?? []) {
    const p = e.value;
    const values = asSeq(nodeAt(p, 'values'));
    if (values) {
      size *= values.items.length;
      factors.push(`${e.key} ${values.items.length}`);
    } else if (nodeAt(p, 'value') !== undefined) continue;
    else if (nodeAt(p, 'parameters')) {
      const inner = gridSize(nodeAt(p, 'parameters'));
      if (!inner) return undefined;
      size *= inner.size;
      factors.push(...inner.factors.map((f) => `${e.key}.${f}`));
    } else if (p.kind === 'map') return undefined; // a distribution: no finite grid
  }
  return { size, factors };
}

/** `parameters.epochs.value: 5` and friends: fixed per-trial settings. */
function fixedParams(params: TNode | undefined, inputs: RunInputs, notes: string[]): void {
  const fixed: Array<[string[], keyof RunInputs]> = [
    [['epochs', 'num_train_epochs', 'num_epochs', 'max_epochs'], 'epochs'],
    [['max_steps', 'steps'], 'steps'],
    [['per_device_train_batch_size', 'batch_size'], 'perDeviceBatch'],
    [['gradient_accumulation_steps'], 'gradAccum'],
    [['max_seq_length', 'max_length', 'seq_len'], 'seqLen'],
    [['lora_r', 'lora_rank'], 'loraRank'],
  ];
  for (const [names, field] of fixed) {
    for (const n of names) {
      const p = nodeAt(params, n);
      const v = numEntry(entryOf(p, 'value'));
      if (v && inputs[field] === undefined) {
        (inputs as Record<string, unknown>)[field] = { ...v, key: `parameters.${n}.value` };
        break;
      }
      const values = asSeq(nodeAt(p, 'values'));
      if (values && inputs[field] === undefined) notes.push(`\`${n}\` is swept (${values.items.length} values); trials differ in cost.`);
    }
  }
  const model = nodeAt(params, 'model_name_or_path') ?? nodeAt(params, 'model');
  const m = textOf(nodeAt(model, 'value'));
  const me = entryOf(model, 'value');
  if (m && me) inputs.model = { value: m, origin: 'file', key: 'parameters.model.value', range: me.value.range, keyRange: me.keyRange };
}

const CONFIG_PATH = /^[^${}\s]+\.(ya?ml|json|py)$/i;
const CONFIG_FLAGS = new Set(['--config', '--config_file', '--config-file', '--config_path', '--config-path', '--cfg', '-c']);

/**
 * The file each trial runs with: a config passed in `command` (`--config train.yaml`, or a bare
 * `train.yaml` argument), a fixed `parameters.config.value`, or the `program` script itself.
 * Commands win: they name what the program reads, the program only what runs.
 */
export function perTrialConfig(root: TMap): RunSpec['perTrialConfig'] {
  const cmd = asSeq(nodeAt(root, 'command'))?.items ?? [];
  const scalars = cmd.map((n) => (n.kind === 'scalar' && typeof n.value === 'string' ? n : undefined));
  for (let i = 0; i < scalars.length; i++) {
    const n = scalars[i];
    if (!n) continue;
    const v = (n.value as string).trim();
    const eq = /^(--?[\w-]+)=(.+)$/.exec(v);
    if (eq && CONFIG_FLAGS.has(eq[1]) && CONFIG_PATH.test(eq[2])) return { path: eq[2], range: n.range };
    const next = scalars[i + 1];
    if (CONFIG_FLAGS.has(v) && next && CONFIG_PATH.test((next.value as string).trim())) return { path: (next.value as string).trim(), range: next.range };
  }
  const bare = scalars.find((n) => n && /\.(ya?ml|json)$/i.test((n.value as string).trim()) && CONFIG_PATH.test((n.value as string).trim()));
  if (bare) return { path: (bare.value as string).trim(), range: bare.range };
  for (const key of ['config', 'config_file', 'config_path']) {
    const e = entryOf(nodeAt(root, 'parameters', key), 'value');
    const v = textOf(e?.value)?.trim();
    if (e && v && CONFIG_PATH.test(v)) return { path: v, range: e.value.range };
  }
  const program = entryOf(root, 'program');
  const p = textOf(program?.value)?.trim();
  if (program && p && CONFIG_PATH.test(p)) return { path: p, range: program.value.range };
  return undefined;
}

function wandbRun(input: FormatInput, root: TMap): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const method = textOf(nodeAt(root, 'method'))!;
  const methodEntry = entryOf(root, 'method')!;
  const cap = numEntry(entryOf(root, 'run_cap'));
  const grid = method === 'grid' ? gridSize(nodeAt(root, 'parameters')) : undefined;
  if (grid && cap) {
    inputs.trials = cap.value <= grid.size ? cap : derived(grid.size, cap, `grid of ${grid.factors.join(' × ')} = ${grid.size} runs (run_cap ${cap.value} is not reached)`);
  } else if (cap) inputs.trials = cap;
  else if (grid) {
    inputs.trials = { value: grid.size, origin: 'inferred', key: 'method', range: methodEntry.value.range, keyRange: methodEntry.keyRange, note: `grid: ${grid.factors.join(' × ')} = ${grid.size} runs` };
  } else {
    inputs.trials = { value: UNBOUNDED_TRIALS_ASSUMED, origin: 'default', key: 'method', range: methodEntry.value.range, keyRange: methodEntry.keyRange,
      note: `${method} sweep without run_cap is unbounded: ${UNBOUNDED_TRIALS_ASSUMED} runs assumed` };
    notes.push(`A ${method} sweep without \`run_cap\` runs until stopped: ${UNBOUNDED_TRIALS_ASSUMED} trials assumed. Set \`run_cap\` (or \`wandb agent --count\`) to state it.`);
  }
  const et = textOf(nodeAt(root, 'early_terminate', 'type'));
  if (et) notes.push(`Early termination (${et}) stops weak runs early, so the average trial is shorter than a full run.`);
  fixedParams(nodeAt(root, 'parameters'), inputs, notes);
  const name = textOf(nodeAt(root, 'name')) ?? textOf(nodeAt(root, 'description')) ?? input.fileName.split(/[\\/]/).pop() ?? 'sweep';
  const target = perTrialConfig(root);
  if (!target) notes.push(`Each trial runs ${textOf(nodeAt(root, 'program')) ?? 'the sweep program'}; its own config sets the per-trial cost.`);
  const run: RunSpec = { name, phase: 'training', format: 'wandb-sweep', anchor: root.entries[0].keyRange, inputs, notes, warnings: [] };
  if (target) run.perTrialConfig = target;
  return run;
}

export const wandbSweepHandler: FormatHandler = {
  id: 'wandb-sweep',
  syntaxes: ['yaml', 'json'],
  detect(input) {
    const root = wandbRoot(input);
    if (!root) return 0;
    return entryOf(root, 'program') || entryOf(root, 'metric') || entryOf(root, 'command') ? 0.9 : 0.75;
  },
  extract(input) {
    const root = wandbRoot(input);
    return root ? [wandbRun(input, root)] : [];
  },
  references(input) {
    const root = wandbRoot(input);
    const target = root && perTrialConfig(root);
    return target ? [target.path] : [];
  },
};

// ──── Hydra Optuna sweeper ────

function optunaRoot(input: FormatInput): TMap | undefined {
  if (input.syntax !== 'yaml') return undefined;
  const root = asMap(input.docs()[0]?.root);
  const target = textOf(nodeAt(root, 'hydra', 'sweeper', '_target_')) ?? '';
  if (/optuna/i.test(target)) return root;
  // `defaults: [ - override /hydra/sweeper: optuna ]`
  for (const item of asSeq(nodeAt(root, 'defaults'))?.items ?? []) {
    for (const e of asMap(item)?.entries ?? []) if (/hydra\/sweeper$/.test(e.key) && /optuna/i.test(textOf(e.value) ?? '')) return root;
  }
  return undefined;
}

function optunaRun(input: FormatInput, root: TMap): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const sweeper = nodeAt(root, 'hydra', 'sweeper');
  const trials = numEntry(entryOf(sweeper, 'n_trials'));
  if (trials) inputs.trials = trials;
  else {
    inputs.trials = { value: UNBOUNDED_TRIALS_ASSUMED, origin: 'default', note: `no n_trials: ${UNBOUNDED_TRIALS_ASSUMED} trials assumed` } as Sourced<number>;
    notes.push(`The Optuna sweeper sets no \`n_trials\`: ${UNBOUNDED_TRIALS_ASSUMED} trials assumed.`);
  }
  const jobs = numEntry(entryOf(sweeper, 'n_jobs'));
  if (jobs && jobs.value > 1) notes.push(`${jobs.value} trials run in parallel (n_jobs): the same total compute, in less wall-clock time.`);
  if (nodeAt(sweeper, 'pruner')) notes.push('A pruner stops weak trials early, so the average trial is shorter than a full run.');
  const params = asMap(nodeAt(sweeper, 'params'));
  if (params?.entries.length) notes.push(`Searches ${params.entries.map((e) => e.key).join(', ')}; each trial's cost comes from the experiment config.`);
  const name = textOf(nodeAt(sweeper, 'study_name')) ?? input.fileName.split(/[\\/]/).pop() ?? 'optuna sweep';
  return { name, phase: 'training', format: 'optuna', anchor: (entryOf(root, 'hydra') ?? root.entries[0]).keyRange, inputs, notes, warnings: [] };
}

export const optunaHandler: FormatHandler = {
  id: 'optuna',
  syntaxes: ['yaml'],
  detect(input) {
    return optunaRoot(input) ? 0.9 : 0;
  },
  extract(input) {
    const root = optunaRoot(input);
    return root ? [optunaRun(input, root)] : [];
  },
};
