// What a training config says about its data and method, in the keys TRL, the alignment handbook,
// Axolotl, LLaMA-Factory and torchtune use: the datasets it names (with splits and mixture weights),
// packing, activation checkpointing, and the training method (DPO, ORPO, KTO, GRPO, PPO, distillation)
// with the knobs that change its compute. The estimator turns these into tokens and FLOPs
// (core/trainingTokens.ts, core/trainingCompute.ts).
import type { TrainingMethod } from '../../core/runSpec';
import type { Scalar, TEntry, TNode } from '../tree';
import { fromEntry } from '../fields';
import { Reader, findEntry, inferredAt } from './trainingShared';

const text = (v: Scalar | undefined): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function scalarIn(node: TNode, key: string): Scalar | undefined {
  if (node.kind !== 'map') return undefined;
  let out: Scalar | undefined;
  for (const e of node.entries) if (e.key === key && e.value.kind === 'scalar') out = e.value.value;
  return out;
}

/** `name[split]`, with a mixture weight below 1 read as that fraction of the split (`train[:50%]`). */
function ref(name: string, split: string | undefined, weight: number | undefined): string {
  let s = split;
  if (weight !== undefined && weight > 0 && weight < 1 && !(s ?? '').includes('[')) s = `${s ?? 'train'}[:${+(weight * 100).toPrecision(4)}%]`;
  return s ? `${name}[${s}]` : name;
}

/** Dataset refs from a list of maps (`- path: tatsu-lab/alpaca`, `- id: … split: … weight: …`). */
function refsFromSeq(node: TNode, idKeys: readonly string[]): string[] {
  if (node.kind !== 'seq') return [];
  const out: string[] = [];
  for (const item of node.items.slice(0, 50)) {
    if (item.kind === 'scalar') {
      const n = text(item.value);
      if (n) out.push(n);
      continue;
    }
    let name: string | undefined;
    for (const k of idKeys) name ??= text(scalarIn(item, k));
    if (!name) continue;
    const w = scalarIn(item, 'weight') ?? scalarIn(item, 'fraction');
    out.push(ref(name, text(scalarIn(item, 'split')), typeof w === 'number' ? w : undefined));
  }
  return out;
}

function setDataset(r: Reader, entry: TEntry | undefined, refs: string[], note?: string): void {
  if (!entry || refs.length === 0 || r.has('dataset')) return;
  r.set('dataset', fromEntry(entry, refs.join(', '), 'file', note));
}

/**
 * TRL and alignment-handbook keys: `dataset_name` (+ `dataset_config`, `dataset_train_split`),
 * `dataset_mixture.datasets` (id, split, weight), the older `dataset_mixer` ({id: fraction}) with
 * `dataset_splits`, `packing`, `max_train_samples`.
 */
export function readTrlData(r: Reader): void {
  const name = r.str('dataset_name');
  const split = r.str('dataset_train_split')?.value;
  if (name) setDataset(r, r.entry('dataset_name'), [ref(name.value, split, undefined)]);
  const mixture = findEntry(r.root, ['dataset_mixture', 'datasets']);
  if (mixture) setDataset(r, mixture, refsFromSeq(mixture.value, ['id', 'path', 'name']), 'dataset_mixture');
  const mixer = r.entry('dataset_mixer');
  if (mixer && mixer.value.kind === 'map') {
    const splitsNode = r.entry('dataset_splits')?.value;
    const splits = splitsNode?.kind === 'seq' ? splitsNode.items.map((i) => (i.kind === 'scalar' ? text(i.value) : undefined)).filter((s): s is string => !!s) : ['train'];
    const refs: string[] = [];
    for (const e of mixer.value.entries.slice(0, 50)) {
      const w = e.value.kind === 'scalar' && typeof e.value.value === 'number' ? e.value.value : undefined;
      for (const s of splits.filter((x) => x.startsWith('train')).slice(0, 5)) refs.push(ref(e.key, s, w));
    }
    setDataset(r, mixer, refs, 'dataset_mixer');
  }
  readPacking(r, 'packing');
  r.set('maxSamples', r.num('max_train_samples') ?? r.num('num_train_samples'));
}

export function readPacking(r: Reader, key: string): void {
  const p = r.bool(key);
  if (p) r.set('packing', p);
}

export function readCheckpointing(r: Reader, key: string): void {
  const g = r.bool(key);
  if (g) r.set('gradientCheckpointing', g);
}

const DPO_LOSSES = new Set(['sigmoid', 'ipo', 'hinge', 'robust', 'bco_pair', 'sppo_hard', 'nca_pair', 'exo_pair', 'aot', 'aot_pair', 'apo_zero', 'apo_down', 'discopop']);

/** The method a TRL config file is for, from the keys only its config class has, else from its file name. */
export function readTrlMethod(r: Reader, fileName: string): void {
  const at = (key: string, method: TrainingMethod, why: string) => {
    const e = r.entry(key);
    if (e && !r.has('trainingMethod')) r.set('trainingMethod', inferredAt(e, method, why));
  };
  at('num_generations', 'grpo', 'num_generations: a GRPOConfig (completions sampled per prompt)');
  at('desirable_weight', 'kto', 'desirable_weight: a KTOConfig');
  at('undesirable_weight', 'kto', 'undesirable_weight: a KTOConfig');
  at('simpo_gamma', 'simpo', 'simpo_gamma: a reference-free CPO/SimPO config');
  at('cpo_alpha', 'simpo', 'cpo_alpha: a reference-free CPO config');
  at('precompute_ref_log_probs', 'dpo', 'precompute_ref_log_probs: a DPOConfig');
  at('rpo_alpha', 'dpo', 'rpo_alpha: a DPOConfig');
  at('teacher_model_name_or_path', 'distill', 'teacher_model_name_or_path: a distillation (GKD) config');
  at('num_ppo_epochs', 'ppo', 'num_ppo_epochs: a PPOConfig');
  at('vf_coef', 'ppo', 'vf_coef: a PPOConfig (value model)');
  const loss = r.str('loss_type');
  if (loss && DPO_LOSSES.has(loss.value) && !r.has('trainingMethod')) r.set('trainingMethod', { ...loss, value: 'dpo', origin: 'inferred', note: `loss_type ${loss.value}: a DPO loss` });
  if (loss?.value === 'simpo' && !r.has('trainingMethod')) r.set('trainingMethod', { ...loss, value: 'simpo', origin: 'inferred', note: 'loss_type simpo' });
  if (!r.has('trainingMethod')) {
    const m = methodFromName(fileName);
    const anchor = r.entry('model_name_or_path') ?? r.entry('output_dir');
    if (m) r.set('trainingMethod', inferredAt(anchor, m, `the file name says ${m.toUpperCase()}`));
  }
  readRlKnobs(r);
  const teacher = r.str('teacher_model_name_or_path');
  if (teacher) r.set('teacher', teacher);
}

/** GRPO/PPO/DPO knobs that change compute: completions, lengths, the reference model. */
export function readRlKnobs(r: Reader, prefix = ''): void {
  const method = r.inputs.trainingMethod?.value;
  r.set('numGenerations', r.num(`${prefix}num_generations`));
  r.set('completionLen', r.num(`${prefix}max_completion_length`) ?? r.num(`${prefix}response_length`));
  r.set('promptLen', r.num(`${prefix}max_prompt_length`));
  const pre = r.bool(`${prefix}precompute_ref_log_probs`);
  if (pre?.value) r.set('reference', { ...pre, value: 'precomputed', note: 'reference log-probs computed once before training' });
  const free = r.bool(`${prefix}reference_free`);
  if (free?.value) r.set('reference', { ...free, value: 'none', note: 'reference_free: no reference model' });
  if (method === 'grpo') {
    // GRPO needs the reference only for its KL term, which current TRL leaves off (beta 0.0).
    const beta = r.num(`${prefix}beta`);
    if (beta) r.set('reference', { ...beta, value: beta.value > 0 ? 'live' : 'none', origin: 'inferred', note: beta.value > 0 ? `beta ${beta.value} > 0: a reference model scores every completion for the KL term` : 'beta 0: no reference model' });
  }
}

/** `dpo`, `orpo`, `kto`, `grpo`, `ppo`, `simpo`, `distill` as a word in a file name (`config_dpo.yaml`). */
export function methodFromName(fileName: string): TrainingMethod | undefined {
  const base = (fileName.split('/').pop() ?? '').split('\\').pop()!.toLowerCase();
  const words = new Set(base.split('.')[0].split('_').flatMap((w) => w.split('-')));
  for (const m of ['dpo', 'orpo', 'kto', 'grpo', 'ppo', 'simpo'] as const) if (words.has(m)) return m;
  if (words.has('distill') || words.has('distillation') || words.has('kd')) return 'distill';
  return undefined;
}
