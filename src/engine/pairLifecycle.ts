// A serving file knows its traffic but not what training the model cost; the training configs of the
// same model, when they are in the same report, do. This pairs them so the break-even can be told.
import { findModel } from '../core/catalog';
import { againstTraining } from '../core/lifecycle';
import type { Estimate, Range3 } from '../core/runSpec';
import type { FileResult } from './evaluate';

function modelKey(e: Estimate): string | undefined {
  const id = e.inputs.model?.value;
  if (typeof id !== 'string' || !id.trim()) return undefined;
  return (findModel(id)?.id ?? id.trim()).toLowerCase();
}

/** A path with `.` and `..` resolved and `/` separators: enough to compare paths within one report. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '.' || (part === '' && out.length)) continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** `rel` as written in the file at `from`, resolved against that file's folder. */
function joinPath(from: string, rel: string): string {
  return normalizePath(`${from.replace(/\\/g, '/').replace(/\/?[^/]*$/, '') || '.'}/${rel}`);
}

/**
 * Configs that another file in the report already counts, each with that file: a sweep runs them per
 * trial, a launch script runs them, or a config inherits them (detectron2 `_BASE_`, OpenMMLab
 * `_base_`, any file a run reads its values from). They are listed but not added again: a base config
 * shared by twenty model configs is a template, not a twenty-first run.
 */
export function sweepTargetsOf(results: readonly Pick<FileResult, 'path' | 'analysis'>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of results) {
    for (const r of f.analysis?.runs ?? []) {
      // A launch script (shell, Slurm) that reads a config counts that run too (once, with its flags).
      if (r.perTrialConfig) {
        const target = joinPath(f.path, r.perTrialConfig.path);
        if (!out.has(target)) out.set(target, f.path);
      }
    }
  }
  // Read by a run: its values are inside that run's figure. Never both ways round (a cycle of
  // references would otherwise leave every file of it uncounted).
  const countedBy = (from: string, target: string): boolean => {
    let at: string | undefined = from;
    for (let i = 0; at !== undefined && i < 64; i++, at = out.get(at)) if (at === target) return true;
    return false;
  };
  for (const f of results) {
    if (!f.analysis?.runs.length) continue;
    const self = normalizePath(f.path);
    for (const ref of f.analysis.references) {
      const target = joinPath(f.path, ref);
      if (target !== self && !out.has(target) && !countedBy(self, target)) out.set(target, f.path);
    }
  }
  return out;
}

function sweepTargets(results: readonly FileResult[]): Set<string> {
  return new Set(sweepTargetsOf(results).keys());
}

/** Training runs of an inference run's model among `results`, with their summed CO₂e. */
export function sameModelTraining(e: Estimate, results: readonly FileResult[]): { kg: Range3; runs: { path: string; name: string }[] } | undefined {
  const key = modelKey(e);
  if (e.phase !== 'inference' || !key) return undefined;
  const kg: Range3 = { low: 0, mid: 0, high: 0 };
  const runs: { path: string; name: string }[] = [];
  const counted = sweepTargets(results);
  for (const f of results) {
    if (counted.has(normalizePath(f.path))) continue;
    for (const t of f.estimates) {
      if (t.phase !== 'training' || t.missing.length || modelKey(t) !== key) continue;
      kg.low += t.co2eKg.low;
      kg.mid += t.co2eKg.mid;
      kg.high += t.co2eKg.high;
      runs.push({ path: f.path, name: t.name });
    }
  }
  return runs.length ? { kg, runs } : undefined;
}

/** Gives every inference run in `results` a break-even against its model's training runs there. */
export function pairLifecycles(results: FileResult[]): void {
  for (const f of results) {
    for (const e of f.estimates) {
      if (e.phase !== 'inference' || !e.lifecycle) continue;
      const t = sameModelTraining(e, results);
      if (!t) continue;
      e.lifecycle = { ...againstTraining(e.lifecycle, t.kg), trainingFrom: t.runs.map((r) => `${r.path} (${r.name})`) };
    }
  }
}
