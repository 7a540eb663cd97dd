// What the panel shows beside a run that is not in the file itself: the record a finished run left
// next to the config (read through workspace.fs, so remote and virtual workspaces work), and the
// training runs of the same model in the last workspace report (to put serving against training).
import * as vscode from 'vscode';
import type { Estimate } from '../core/runSpec';
import type { FileResult } from '../engine/evaluate';
import type { MeasuredRecord } from '../core/calibration';
import { comparisonFor, findRecord, recordTarget } from '../engine/measured';
import { sameModelTraining } from '../engine/pairLifecycle';
import { MAX_RECORD_BYTES, recordCandidates } from '../formats/measuredRecords';
import type { RunExtras } from '../shared/runExtras';
import { getWorkspaceResults } from './reportStore';
import { readRootOf, readWorkspaceFile } from './safeWorkspaceRead';

async function readBeside(config: vscode.Uri, relative: string): Promise<string | undefined> {
  try {
    // `relative` comes from recordCandidates (plain relative paths only); the checked read takes a
    // regular file, or a symlink to one inside the workspace folder, up to the record size limit.
    const read = await readWorkspaceFile(vscode.Uri.joinPath(config, '..', ...relative.split('/')), MAX_RECORD_BYTES, readRootOf(config));
    return read.ok ? read.text : undefined; // absent is the usual case; a refused record is no record
  } catch {
    return undefined;
  }
}

/** Training runs of the inference run's model in the last workspace report, summed. */
export function trainingOfModel(e: Estimate, results: readonly FileResult[]): RunExtras['training'] {
  const t = sameModelTraining(e, results);
  if (!t) return undefined;
  const names = t.runs.map((r) => `${vscode.workspace.asRelativePath(r.path, false)} (${r.name})`);
  const from = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return { kg: t.kg, from: `${names.length} training run${names.length > 1 ? 's' : ''} of this model in the workspace report — ${from}` };
}

const RECORD_TTL_MS = 10_000;
/** Record reads per config URI and candidate list (output_dir can change with an edit). */
const recordCache = new Map<string, { key: string; at: number; record: Promise<MeasuredRecord | undefined> }>();
type MeasuredComparisonFor = NonNullable<ReturnType<typeof comparisonFor>>;

/** Schemes whose neighbouring files are cheap, local-like reads (not git revisions or remote APIs). */
const RECORD_SCHEMES = new Set(['file', 'vscode-remote']);

/**
 * The measured record beside `result`'s config, compared with the current estimate. The files are
 * read at most every few seconds per config (hovers ask often, a record only changes when a run
 * finishes); the comparison is made on every call, so an edit is reflected at once.
 */
export async function measuredFor(uri: vscode.Uri, text: string, result: FileResult): Promise<MeasuredComparisonFor | undefined> {
  if (!RECORD_SCHEMES.has(uri.scheme) || uri.query || recordTarget(result) === undefined) return undefined;
  try {
    const k = uri.toString();
    const key = recordCandidates(text).join('|');
    let hit = recordCache.get(k);
    if (!hit || hit.key !== key || Date.now() - hit.at >= RECORD_TTL_MS) {
      if (recordCache.size > 100) recordCache.clear(); // a bound, not an LRU: entries are cheap to refill
      hit = { key, at: Date.now(), record: findRecord(result, text, (rel) => readBeside(uri, rel)).catch(() => undefined) };
      recordCache.set(k, hit);
    }
    return comparisonFor(result, await hit.record);
  } catch {
    return undefined; // a record is an extra: never let it break a hover or the panel
  }
}

/** Measured record and same-model training for run `runIndex` of `result` (the file at `uri`). */
export async function runExtras(uri: vscode.Uri, text: string | undefined, result: FileResult, runIndex: number): Promise<RunExtras> {
  const extras: RunExtras = {};
  const e = result.estimates[runIndex];
  if (!e) return extras;
  if (text !== undefined) {
    const m = await measuredFor(uri, text, result);
    if (m && m.run === runIndex) extras.measured = m.comparison;
  }
  const training = trainingOfModel(e, getWorkspaceResults());
  if (training) extras.training = training;
  return extras;
}
