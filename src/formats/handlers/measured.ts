// Outputs of a finished run: HF `trainer_state.json`, `all_results.json`/`train_results.json`, PEFT
// `adapter_config.json`, and PEFT method-comparison result records. Their runtime and device are
// measurements, so the estimate can be checked against what happened instead of predicted.
import type { FormatHandler, FormatInput } from '../types';
import type { TEntry, TMap, TNode } from '../tree';
import { topKeys } from '../tree';
import { toNumber } from '../fields';
import { CANNOT } from './keyEdits';
import { Reader, anchorOf, fileStem, findEntry, findNode, finishRun, rootMap } from './trainingShared';

type Kind = 'trainer-state' | 'results' | 'adapter-config' | 'peft-result';

function kindOf(root: TMap | undefined): { kind: Kind; score: number } | undefined {
  const keys = new Set(topKeys(root));
  if (keys.has('log_history') && keys.has('global_step')) return { kind: 'trainer-state', score: 0.97 };
  if (findNode(root, 'run_info')?.kind === 'map' && findNode(root, 'train_info')?.kind === 'map') return { kind: 'peft-result', score: 0.95 };
  if (keys.has('peft_type') && ['r', 'base_model_name_or_path', 'task_type', 'target_modules'].some((k) => keys.has(k))) return { kind: 'adapter-config', score: 0.95 };
  if (keys.has('train_runtime') && ['train_samples_per_second', 'train_steps_per_second', 'total_flos', 'epoch', 'train_loss'].some((k) => keys.has(k))) return { kind: 'results', score: 0.9 };
  return undefined;
}

/** Seconds at `entry` as hours, keeping the entry's range (the measurement is in this file). */
function secondsAsHours(entry: TEntry | undefined, note: string) {
  const s = entry && entry.value.kind === 'scalar' ? toNumber(entry.value.value) : undefined;
  if (!entry || s === undefined || s <= 0) return undefined;
  return { value: s / 3600, origin: 'file' as const, range: entry.value.range, keyRange: entry.keyRange, key: entry.key, note: `${note}: ${Math.round(s)} s measured` };
}

function lastWith(seq: TNode | undefined, key: string): TEntry | undefined {
  if (seq?.kind !== 'seq') return undefined;
  for (let i = seq.items.length - 1; i >= 0; i--) {
    const e = findEntry(seq.items[i], [key]);
    if (e) return e;
  }
  return undefined;
}

function flopsNote(r: Reader, entry: TEntry | undefined): void {
  const f = entry && entry.value.kind === 'scalar' ? toNumber(entry.value.value) : undefined;
  if (f && f > 0) r.note(`The Trainer counted ${f.toExponential(2)} FLOPs (total_flos, line ${entry!.keyRange.startLine + 1}).`);
}

function readTrainerState(r: Reader, root: TMap) {
  r.set('steps', r.num('global_step'));
  r.set('epochs', r.num('epoch'));
  r.set('perDeviceBatch', r.num('train_batch_size'));
  const runtime = lastWith(findNode(root, 'log_history'), 'train_runtime');
  r.set('hours', secondsAsHours(runtime, 'train_runtime'));
  if (!runtime) r.note('No train_runtime in log_history: a checkpoint of an unfinished run; its steps so far are used.');
  const max = r.num('max_steps')?.value;
  const done = r.inputs.steps?.value;
  if (max && done && done < max) r.note(`global_step ${done} of max_steps ${max}: the run had not finished when this was written.`);
  flopsNote(r, findEntry(root, 'total_flos') ?? lastWith(findNode(root, 'log_history'), 'total_flos'));
  if (r.bool('is_hyper_param_search')?.value === true) r.note('Written during a hyper-parameter search: this is one trial.');
}

function readResults(r: Reader, root: TMap) {
  r.set('hours', secondsAsHours(findEntry(root, 'train_runtime'), 'train_runtime'));
  r.set('epochs', r.num('epoch'));
  r.set('datasetSamples', r.num('train_samples'));
  flopsNote(r, findEntry(root, 'total_flos'));
}

function readAdapterConfig(r: Reader) {
  const base = r.str('base_model_name_or_path');
  r.set('model', base);
  if (!base) r.note('base_model_name_or_path is null: the base model is not recorded here.');
  const type = r.str('peft_type');
  if (type?.value.toUpperCase() === 'LORA') {
    r.set('adapter', { ...type, value: 'lora' });
    r.set('loraRank', r.num('r'));
  } else if (type) r.note(`peft_type ${type.value} is not LoRA.`);
  r.note('An adapter_config.json records the adapter, not how long training ran or on what.');
}

function readPeftResult(r: Reader, root: TMap) {
  const cfg = ['run_info', 'train_config'];
  r.set('model', r.str([...cfg, 'model_id']) ?? r.str(['run_info', 'peft_config', 'base_model_name_or_path']));
  r.set('hardware', r.str(['meta_info', 'system_info', 'accelerator']));
  const train = findEntry(root, ['train_info', 'train_time']);
  const total = findEntry(root, ['run_info', 'total_time']);
  const trainS = train && train.value.kind === 'scalar' ? toNumber(train.value.value) : undefined;
  r.set('hours', secondsAsHours(total, `run_info.total_time (the whole run, evaluation included${trainS ? `; training alone ${Math.round(trainS)} s` : ''})`) ?? secondsAsHours(train, 'train_info.train_time'));
  r.set('steps', r.num([...cfg, 'max_steps']));
  r.set('perDeviceBatch', r.num([...cfg, 'batch_size']));
  const seq = r.num([...cfg, 'max_seq_length']);
  if (seq) r.set('seqLen', { ...seq, note: 'max_seq_length: the longest sample; the measured token count below is exact' });
  const tokens = lastWith(findNode(root, ['train_info', 'metrics']), 'train total tokens');
  const n = tokens && tokens.value.kind === 'scalar' ? toNumber(tokens.value.value) : undefined;
  if (tokens && n && n > 0) r.set('tokens', { value: n, origin: 'file', range: tokens.value.range, keyRange: tokens.keyRange, key: tokens.key, note: 'training tokens counted by the run' });
  r.set('precision', r.precision([...cfg, 'dtype']));
  if (r.bool([...cfg, 'use_amp'])?.value === true) r.note('use_amp: mixed-precision autocast on top of the load dtype.');
  const type = r.str(['run_info', 'peft_config', 'peft_type']);
  if (type?.value.toUpperCase() === 'LORA') {
    r.set('adapter', { ...type, value: 'lora' });
    r.set('loraRank', r.num(['run_info', 'peft_config', 'r']));
  }
  const params = r.num(['train_info', 'num_total_params']);
  if (params) r.set('params', { ...params, note: 'num_total_params: counted by the run (base model + adapter)' });
  const trainable = r.num(['train_info', 'num_trainable_params']);
  if (trainable) r.note(`${trainable.value.toLocaleString('en-US')} trainable parameters (the adapter).`);
  const status = r.str(['train_info', 'status'])?.value;
  if (status && status !== 'success') r.warn(`The run's status is "${status}": the measurements may be partial.`);
}

export const measuredHandler: FormatHandler = {
  id: 'measured',
  syntaxes: ['json'],
  detect(input) {
    return kindOf(rootMap(input))?.score ?? 0;
  },
  extract(input: FormatInput) {
    const root = rootMap(input);
    const kind = kindOf(root)?.kind;
    if (!root || !kind) return [];
    const r = new Reader(root);
    r.noteDuplicates();
    let name = fileStem(input.fileName);
    let anchor = anchorOf(root, []);
    if (kind === 'trainer-state') {
      readTrainerState(r, root);
      anchor = anchorOf(root, ['global_step']);
    } else if (kind === 'results') readResults(r, root);
    else if (kind === 'adapter-config') {
      readAdapterConfig(r);
      anchor = anchorOf(root, ['peft_type']);
    } else {
      readPeftResult(r, root);
      name = r.str(['run_info', 'experiment_name'])?.value ?? name;
      anchor = anchorOf(root, [['run_info', 'train_config', 'model_id'], 'run_info']);
    }
    r.note('Measured record of a finished run: its runtime and device are what happened, not a plan.');
    return [finishRun(r, name, 'measured', anchor)];
  },
  planEdit() {
    return CANNOT; // a record of what happened is not rewritten by a what-if
  },
};
