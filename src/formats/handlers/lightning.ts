// PyTorch Lightning: LightningCLI configs (`--print_config` output, `trainer:`/`model:`/`data:` with
// class_path) and Hydra trainer group files (`configs/trainer/*.yaml`, Trainer keys at the top).
// Lightning states devices, nodes, precision and the epoch/step/time limits; the model is the
// project's own class, so at most a backbone name is recognisable.
import { hasInterpolation } from '../omegaconf';
import type { TEntry, TMap, TNode } from '../tree';
import { topKeys } from '../tree';
import type { Change, FormatInput, TextEditSpec } from '../types';
import { toNumber } from '../fields';
import { CANNOT, EditPlan } from './keyEdits';
import { Reader, anchorOf, durationHours, fileStem, formatDuration, findEntry, findNode, finishRun, inferredAt, rootMap, scalarAt, type Path } from './trainingShared';
import { rootMapHandler } from './rootMapHandler';

const HEADER = /^\s*#\s*(lightning\.pytorch|pytorch_lightning|lightning)==\d/;
const TRAINER_TARGET = /^(lightning\.pytorch|pytorch_lightning|lightning)(\.trainer)?(\.trainer)?\.Trainer$/;
/** Trainer arguments; a Hydra group file has them at the top level. */
const TRAINER_KEYS = new Set([
  'accelerator', 'devices', 'num_nodes', 'strategy', 'precision', 'max_epochs', 'min_epochs', 'max_steps', 'min_steps',
  'max_time', 'sync_batchnorm', 'check_val_every_n_epoch', 'val_check_interval', 'log_every_n_steps',
  'accumulate_grad_batches', 'gradient_clip_val', 'deterministic', 'limit_train_batches', 'limit_val_batches',
  'enable_checkpointing', 'default_root_dir', 'num_sanity_val_steps', 'benchmark', 'fast_dev_run',
]);
/** Keys that mean NeMo, which also nests a Lightning trainer. */
const NEMO_KEYS = ['exp_manager', 'run', 'hydra'];

/** Where the Trainer's arguments are: `trainer:` (CLI, possibly under `fit:`), or the top level (Hydra group). */
function trainerPath(root: TMap | undefined): string[] | undefined {
  if (findNode(root, 'fit.trainer')?.kind === 'map') return ['fit', 'trainer'];
  if (findNode(root, 'trainer')?.kind === 'map') return ['trainer'];
  const keys = topKeys(root);
  if (typeof scalarAt(root, '_target_') === 'string' && TRAINER_TARGET.test(String(scalarAt(root, '_target_')))) return [];
  if (keys.filter((k) => TRAINER_KEYS.has(k)).length >= 3 && (keys.includes('devices') || keys.includes('accelerator'))) return [];
  return undefined;
}

export function lightningScore(input: FormatInput, root: TMap | undefined): number {
  if (!root) return 0;
  const keys = topKeys(root);
  if (keys.includes('apiVersion') || NEMO_KEYS.some((k) => keys.includes(k) && k !== 'hydra')) return 0;
  if (HEADER.test(input.text.slice(0, 200))) return 0.97;
  const target = scalarAt(root, '_target_');
  if (typeof target === 'string' && TRAINER_TARGET.test(target)) return 0.95;
  const base = findNode(root, 'fit')?.kind === 'map' ? findNode(root, 'fit') : root;
  const hasClassPath = (k: string) => findNode(base, `${k}.class_path`) !== undefined;
  if (findNode(base, 'trainer')?.kind === 'map' && (hasClassPath('model') || hasClassPath('data'))) return 0.92;
  // A composed Hydra config: `trainer: {_target_: lightning.pytorch.Trainer, …}`.
  const nested = scalarAt(base, 'trainer._target_');
  if (typeof nested === 'string' && TRAINER_TARGET.test(nested)) return 0.9;
  const trainerKeys = keys.filter((k) => TRAINER_KEYS.has(k)).length;
  if (keys.includes('hydra')) return 0;
  if (trainerKeys >= 3 && (keys.includes('devices') || keys.includes('accelerator'))) return trainerKeys >= 4 || keys.includes('defaults') ? 0.85 : 0.7;
  return 0;
}

/** Lightning's `devices`: an int, a list of ids, a string "4" / "0,1", or "auto"/-1 (all visible). */
function deviceCount(node: TNode | undefined): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') return node.items.length || undefined;
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'string' && v.includes(',')) return v.split(',').filter((s) => s.trim()).length;
  const n = toNumber(v);
  return n !== undefined && n > 0 ? n : undefined;
}

/** A backbone or pretrained-model name somewhere under the model's init_args, if the project wrote one. */
function modelName(root: TMap, base: Path): TEntry | undefined {
  const names = ['pretrained_model_name_or_path', 'model_name_or_path', 'model_name', 'backbone', 'checkpoint', 'model_id'];
  const stack: TNode[] = [];
  const m = findNode(root, base);
  if (m) stack.push(m);
  let budget = 2000;
  while (stack.length && budget-- > 0) {
    const n = stack.shift()!;
    if (n.kind === 'seq') stack.push(...n.items);
    if (n.kind !== 'map') continue;
    for (const e of n.entries) {
      if (names.includes(e.key) && e.value.kind === 'scalar' && typeof e.value.value === 'string' && e.value.value.trim()) return e;
      stack.push(e.value);
    }
  }
  return undefined;
}

function readLightning(input: FormatInput, root: TMap) {
  const r = new Reader(root, { omegaconf: true });
  r.noteDuplicates();
  const tp = trainerPath(root) ?? ['trainer'];
  const at = (k: string) => [...tp, k];
  const prefix = findNode(root, 'fit')?.kind === 'map' ? ['fit'] : [];

  const devices = r.entry(at('devices'));
  // `devices: ${oc.env:NUM_GPUS,4}`: the interpolation is resolved first (its comma is not a device list).
  const interpolated = devices?.value.kind === 'scalar' && hasInterpolation(devices.value.value);
  const resolved = interpolated ? r.value(at('devices')) : undefined;
  const perNode = !devices ? undefined : interpolated
    ? (resolved?.value !== undefined && resolved.value !== null ? deviceCount({ ...devices.value, value: resolved.value } as TNode) : undefined)
    : deviceCount(devices.value);
  if (devices && perNode === undefined && !interpolated) r.note(`devices: ${String(scalarAt(root, at('devices')))} (line ${devices.keyRange.startLine + 1}) uses every visible GPU: the count comes from the machine.`);
  const nodes = r.num(at('num_nodes'));
  r.set('nodes', nodes);
  if (devices && perNode !== undefined) {
    const n = nodes?.value ?? 1;
    r.set('count', n > 1
      ? inferredAt(devices, perNode * n, `devices ${perNode} per node × num_nodes ${n}`)
      : { value: perNode, origin: interpolated ? 'inferred' : 'file', range: devices.value.range, keyRange: devices.keyRange, key: devices.key, note: resolved?.via ?? 'devices per node (num_nodes 1)' });
  }
  const accel = String(scalarAt(root, at('accelerator')) ?? '');
  if (accel && !['gpu', 'cuda', 'auto'].includes(accel.toLowerCase())) r.note(`accelerator: ${accel}: Carbon Lens estimates GPUs, so check the hardware it assumes.`);

  const maxEpochs = r.num(at('max_epochs'));
  if (maxEpochs && maxEpochs.value === -1) r.note('max_epochs -1: no epoch limit.');
  else r.set('epochs', maxEpochs);
  const maxSteps = r.num(at('max_steps'));
  if (maxSteps && maxSteps.value > 0) r.set('steps', maxSteps);
  const maxTime = r.entry(at('max_time'));
  const hours = maxTime ? durationHours(maxTime.value, 'hours') : undefined;
  if (maxTime && hours) r.set('hours', { value: hours, origin: 'file', range: maxTime.value.range, keyRange: maxTime.keyRange, key: maxTime.key, note: 'max_time: the run stops at this wall-clock limit, or earlier' });
  if (!maxEpochs && !maxSteps && !maxTime) {
    if (findNode(root, 'defaults')) r.note('No max_epochs/max_steps here: they come from the Hydra `defaults` this file inherits, which are not read.');
    else r.note('Neither max_epochs nor max_steps is set: Lightning then stops after 1000 epochs.');
  }
  r.set('precision', r.precision(at('precision')));
  r.set('gradAccum', r.num(at('accumulate_grad_batches')));
  r.set('perDeviceBatch', r.first([[...prefix, 'data', 'init_args', 'batch_size'], [...prefix, 'data', 'batch_size'], 'batch_size'], (p) => r.num(p)));
  const strategy = String(scalarAt(root, at('strategy')) ?? '');
  if (strategy && /deepspeed|fsdp/i.test(strategy)) r.note(`strategy ${strategy}: sharding changes memory, not the FLOPs counted.`);
  if (r.num(at('limit_train_batches'))) r.note('limit_train_batches shortens each epoch; the dataset size assumed is per full epoch.');

  const callbacks = findNode(root, at('callbacks'));
  if (callbacks?.kind === 'seq' && callbacks.items.some((c) => /EarlyStopping/.test(String(scalarAt(c, 'class_path') ?? scalarAt(c, '_target_') ?? '')))) {
    r.note('An EarlyStopping callback may end the run before max_epochs: the estimate is an upper bound.');
  }
  const defaults = findNode(root, 'defaults');
  if (defaults?.kind === 'seq' && defaults.items.length) r.note(`Hydra \`defaults\` (line ${defaults.range.startLine + 1}) pull in other files whose values are not read here.`);

  const named = modelName(root, [...prefix, 'model']);
  if (named && named.value.kind === 'scalar') r.set('model', { value: String(named.value.value).trim(), origin: 'file', range: named.value.range, keyRange: named.keyRange, key: named.key, note: `named by ${named.key} in the model's arguments` });
  const anchor = tp.length ? anchorOf(root, [[...prefix, 'trainer'].join('.'), 'trainer']) : anchorOf(root, []);
  return finishRun(r, fileStem(input.fileName), 'lightning', anchor);
}

function planLightning(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const root = rootMap(input);
  const tp = trainerPath(root) ?? ['trainer'];
  const plan = new EditPlan(input, root);
  switch (change.field) {
    case 'precision': {
      const spelled: Record<string, string> = { bf16: 'bf16-mixed', fp16: '16-mixed', fp32: '32-true', fp8: 'transformer-engine' };
      const v = spelled[String(change.value)];
      if (!v) return CANNOT;
      plan.set([...tp, 'precision'], v);
      break;
    }
    case 'epochs':
      plan.set([...tp, 'max_epochs'], Number(change.value));
      break;
    case 'hours': {
      const v = formatDuration(Number(change.value), 'lightning');
      if (!v) return CANNOT;
      plan.set([...tp, 'max_time'], v);
      break;
    }
    case 'count':
      if (findEntry(root, [...tp, 'num_nodes']) && Number(scalarAt(root, [...tp, 'num_nodes'])) > 1) return CANNOT;
      plan.set([...tp, 'devices'], Number(change.value));
      break;
    default:
      return undefined;
  }
  return plan.edits() ?? CANNOT;
}

export const lightningHandler = rootMapHandler({
  id: 'lightning',
  syntaxes: ['yaml'],
  score: lightningScore,
  read: readLightning,
  plan: planLightning,
});
