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
  const partial = analysis.partial && analysis.problems[0] ? partialNote(analysis.partial, analysis.problems[0].range.startLine) : undefined;
  for (const run of analysis.runs) {
    try {
      const estimate = estimateRun(withPerTrialConfig(run, siblings), settings);
      if (partial) estimate.assumptions.unshift(partial);
      base.estimates.push(estimate);
    } catch (e) {
      // The estimator is total by design; if it ever is not, one run's bug must not hide the others.
      base.error = base.error ?? `Could not estimate "${run.name}": ${(e as Error).message}`;
    }
  }
  return base;
}

/** What a partly read file says in every run's assumptions (the lens says the short form, `read 2 of 3 documents`). */
export function partialNote(partial: { read: number; total: number }, firstErrorLine: number): string {
  const skipped = partial.total - partial.read;
  return `Read ${partial.read} of ${partial.total} documents: ${skipped === 1 ? 'one has' : `${skipped} have`} a YAML error (first on line ${firstErrorLine + 1}) and ${skipped === 1 ? 'was' : 'were'} skipped.`;
}
