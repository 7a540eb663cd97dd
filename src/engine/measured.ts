// Finds and compares the record a finished run left beside its config (see formats/measuredRecords).
// The reader is passed in, so the CLI (fs) and the editor (workspace.fs) share the logic.
import { compareMeasured, type MeasuredComparison, type MeasuredRecord } from '../core/calibration';
import { mergeRecords, parseRecord, recordCandidates } from '../formats/measuredRecords';
import type { FileResult } from './evaluate';

/** Reads a path relative to the config's folder; undefined when it does not exist or is unreadable. */
export type RelativeReader = (relative: string) => Promise<string | undefined> | string | undefined;

/** The one training run a record can belong to: a file with several runs is ambiguous. */
export function recordTarget(result: FileResult): number | undefined {
  if (result.format === 'measured') return undefined; // the record itself
  // A sweep's trials each leave a record; one beside the sweep file cannot be told apart from them.
  const single = (e: FileResult['estimates'][number]) => e.phase === 'training' && e.missing.length === 0 && !((e.inputs.trials?.value ?? 1) > 1);
  const training = result.estimates.map((e, i) => (single(e) ? i : -1)).filter((i) => i >= 0);
  return training.length === 1 ? training[0] : undefined;
}

function fromTexts(rels: readonly string[], texts: readonly (string | undefined)[]): MeasuredRecord | undefined {
  const found: MeasuredRecord[] = [];
  rels.forEach((rel, i) => {
    const text = texts[i];
    const rec = text === undefined ? undefined : parseRecord(rel, text);
    if (rec) found.push(rec);
  });
  return mergeRecords(found);
}

export async function findRecord(result: FileResult, configText: string, read: RelativeReader): Promise<MeasuredRecord | undefined> {
  if (recordTarget(result) === undefined) return undefined;
  const rels = recordCandidates(configText);
  // Unreadable is the same as absent: there is nothing to compare.
  const texts = await Promise.all(rels.map(async (rel) => { try { return await read(rel); } catch { return undefined; } }));
  return fromTexts(rels, texts);
}

/** Synchronous twin for the CLI. */
export function findRecordSync(result: FileResult, configText: string, read: (relative: string) => string | undefined): MeasuredRecord | undefined {
  if (recordTarget(result) === undefined) return undefined;
  const rels = recordCandidates(configText);
  return fromTexts(rels, rels.map(read));
}

/** The comparison for the run the record belongs to. */
export function comparisonFor(result: FileResult, record: MeasuredRecord | undefined): { run: number; comparison: MeasuredComparison } | undefined {
  const run = recordTarget(result);
  if (run === undefined || !record) return undefined;
  const comparison = compareMeasured(result.estimates[run], record);
  return comparison ? { run, comparison } : undefined;
}
