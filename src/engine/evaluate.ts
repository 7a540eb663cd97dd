// Text in, estimates out: the one pipeline the CLI, the editor and the benchmark all call.
// Pure (no file system, no `vscode`): callers read files themselves and pass referenced siblings.
import { estimateRun } from '../core/estimate';
import type { MeasuredRecord } from '../core/calibration';
import type { Estimate } from '../core/runSpec';
import type { EstimateSettings } from '../core/settings';
import { analyzeText } from '../formats';
import type { Analysis } from '../formats/types';
import { withPerTrialConfig } from './sweepTarget';

export interface FileResult {
  path: string;
  format: Analysis['format'];
  /** Why no estimate could be made for the whole file (malformed, unreadable, too large). */
  error: string | null;
  /** 0-based line of the error, when known. */
  errorLine?: number;
  analysis?: Analysis;
  estimates: Estimate[];
  /** What a finished run recorded beside this config (CodeCarbon, Trainer state), when found. */
  measured?: MeasuredRecord;
}

export function evaluateText(text: string, path: string, settings: EstimateSettings, siblings?: ReadonlyMap<string, string>): FileResult {
  const analysis = analyzeText(text, path, { siblings });
  const base: FileResult = { path, format: analysis.format, error: null, analysis, estimates: [] };
  if (analysis.error) {
    base.error = analysis.error.message;
    base.errorLine = analysis.error.range.startLine;
  }
  for (const run of analysis.runs) {
    try {
      base.estimates.push(estimateRun(withPerTrialConfig(run, siblings), settings));
    } catch (e) {
      // The estimator is total by design; if it ever is not, one run's bug must not hide the others.
      base.error = base.error ?? `Could not estimate "${run.name}": ${(e as Error).message}`;
    }
  }
  return base;
}

/** A file that could not be read at all (binary, too large, permission). */
export function failedFile(path: string, message: string): FileResult {
  return { path, format: 'unknown', error: message, estimates: [] };
}
