// Hydra multirun: a config whose `hydra.sweeper.params` lists values runs once per combination
// (`python train.py -m`). The basic sweeper's grid is the product of each parameter's choices;
// the Optuna sweeper runs `n_trials`. Any Hydra-based training config (NeMo, Lightning CLI with
// Hydra, plain Hydra apps) can carry one, so this multiplies whatever run the file describes.
import type { Sourced } from '../core/runSpec';
import { asMap, asSeq, entryOf, nodeAt, numEntry, textOf } from './handlers/treePath';
import type { TNode } from './tree';

/** Top-level commas only: `1,2,3` is three, `choice([1,2],[3])` is one expression. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

/** How many values a sweep expression takes; undefined for continuous ones (`interval(…)`). */
export function sweepChoices(expr: string): number | undefined {
  const e = expr.trim();
  const call = /^(\w+)\((.*)\)$/s.exec(e);
  if (!call) return splitTop(e).length;
  const [, fn, args] = call;
  if (fn === 'choice') return splitTop(args).length;
  if (fn === 'range') {
    const nums = splitTop(args).map((a) => Number(a.replace(/^\w+=/, '')));
    if (nums.some((n) => !Number.isFinite(n))) return undefined;
    const [start, stop, step = 1] = nums.length === 1 ? [0, nums[0]] : nums;
    if (step === 0) return undefined;
    const n = Math.ceil((stop - start) / step);
    return n > 0 ? n : undefined;
  }
  return undefined; // interval, tag, glob…: not a finite grid
}

/** Trials a Hydra multirun sweep in this config runs, placed on its sweeper entry; undefined if none. */
export function hydraSweepTrials(root: TNode | undefined): Sourced<number> | undefined {
  const sweeperEntry = entryOf(nodeAt(root, 'hydra'), 'sweeper');
  const sweeper = sweeperEntry?.value;
  if (!sweeperEntry || !sweeper) return undefined;
  const target = textOf(nodeAt(sweeper, '_target_')) ?? '';
  // Hydra's documented form picks the sweeper in `defaults: [override hydra/sweeper: optuna]`.
  const overridden = (asSeq(nodeAt(root, 'defaults'))?.items ?? []).some((item) =>
    (asMap(item)?.entries ?? []).some((e) => /hydra\/sweeper$/.test(e.key) && /optuna/i.test(textOf(e.value) ?? '')));
  if (/optuna/i.test(target) || overridden || entryOf(sweeper, 'n_trials')) {
    const n = numEntry(entryOf(sweeper, 'n_trials'));
    return n ? { ...n, note: 'Hydra Optuna sweeper n_trials' } : undefined;
  }
  const params = asMap(nodeAt(sweeper, 'params'));
  if (!params?.entries.length) return undefined;
  let size = 1;
  const factors: string[] = [];
  for (const p of params.entries) {
    const v = p.value.kind === 'scalar' ? String(p.value.value ?? '') : undefined;
    const n = v === undefined ? undefined : sweepChoices(v);
    if (n === undefined) return undefined; // a continuous parameter: the basic sweeper cannot grid it
    size *= n;
    factors.push(`${p.key} ${n}`);
  }
  if (size <= 1) return undefined;
  return {
    value: size, origin: 'inferred', range: sweeperEntry.keyRange, keyRange: sweeperEntry.keyRange, key: 'hydra.sweeper.params',
    note: `Hydra multirun grid: ${factors.join(' × ')} = ${size} runs`,
  };
}
