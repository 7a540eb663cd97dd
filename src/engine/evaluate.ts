// Text in, estimates out: the one pipeline the CLI, the editor and the benchmark all call.
// Pure (no file system, no `vscode`): callers read files themselves and pass referenced siblings.
import { estimateRun } from '../core/estimate';
import type { EstimateSettings } from '../core/settings';
import { analyzeText } from '../formats';
import { withPerTrialConfig } from './sweepTarget';
import type { FileResult } from './fileResult';

// The result type and failedFile live apart so the editor can report an unreadable file without
// loading the parsers.
export { failedFile, type FileResult } from './fileResult';

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
