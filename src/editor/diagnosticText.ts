// What the Problems-panel entries say, and how severe they are. Pure (no `vscode`), so the words a
// user reads are unit-tested; diagnostics.ts turns these facts into vscode.Diagnostic objects.
import { formatMass } from '../core/format';
import type { SourceRange } from '../core/runSpec';
import { budgetExcess } from '../engine/budgetRules';
import type { FileResult } from '../engine/fileResult';

/** `Estimated 42 kg CO₂e exceeds the 30 kg budget by 12 kg (40%)`. */
export function budgetMessage(midKg: number, budgetKg: number): string | undefined {
  const over = budgetExcess(midKg, budgetKg);
  if (!over) return undefined;
  return `Estimated ${formatMass(midKg)} CO₂e exceeds the ${formatMass(budgetKg)} budget by ${formatMass(over.overKg)} (${Math.round(over.overPct)}%)`;
}

/** The one entry a file gets for not being read (in whole or in part). */
export interface FileProblem {
  message: string;
  /**
   * `error` for a syntax error: Carbon Lens then shows no estimate for what it skipped, so the error is
   * the thing to fix. `warning` for anything else (a reader that gave up on a well-formed file).
   */
  severity: 'error' | 'warning';
  /** The parser's range when it gave one; else `line` (0-based) is where to put the entry. */
  range?: SourceRange;
  line: number;
  /**
   * True when the rest of the file was read and estimated (a multi-document file with one bad
   * document): its runs' own entries still apply.
   */
  partial: boolean;
}

/** The entry for a file Carbon Lens could not read, or undefined when it read all of it. */
export function fileProblem(result: FileResult): FileProblem | undefined {
  if (result.format === 'unknown') return undefined;
  const a = result.analysis;
  const partial = a?.partial;
  const first = a?.error ?? a?.problems[0];
  if (partial && first && !a?.error) {
    return {
      message: `${first.message} — this document was skipped (read ${partial.read} of ${partial.total} documents)`,
      severity: 'error',
      range: first.range,
      line: first.range.startLine,
      partial: true,
    };
  }
  if (!first && !result.error) return undefined;
  return {
    message: first?.message ?? result.error ?? 'Malformed file',
    severity: a?.syntaxError ? 'error' : 'warning',
    ...(first ? { range: first.range } : {}),
    line: first?.range.startLine ?? result.errorLine ?? 0,
    partial: false,
  };
}
