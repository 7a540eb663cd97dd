// What the Problems-panel entries say, and how severe they are. Pure (no `vscode`), so the words a
// user reads are unit-tested; diagnostics.ts turns these facts into vscode.Diagnostic objects.
import { formatSignificant } from '../core/format';
import type { Estimate, SourceRange } from '../core/runSpec';
import { budgetVersus } from '../engine/budgetRules';
import type { FileResult } from '../engine/fileResult';

/** `3.6 t CO₂e vs a 2 kg budget (×1,800)`, or undefined within the budget. */
export function budgetMessage(midKg: number, budgetKg: number): string | undefined {
  return budgetVersus(midKg, budgetKg);
}

/**
 * Whether a per-run budget is compared with this run. A serving run's figure is a whole horizon of
 * traffic (a year by default), not one run: it is compared only when the user asks for it with
 * `carbonLens.budget.includeServing`.
 */
export function perRunBudgetApplies(est: Estimate, includeServing: boolean): boolean {
  return est.missing.length === 0 && (est.phase !== 'inference' || includeServing);
}

/** What the budget entry on a run says, or undefined when it has none (within budget, or not compared). */
export function runBudgetMessage(est: Estimate, budgetKg: number, o: { includeServing: boolean; horizonDays: number }): string | undefined {
  if (!perRunBudgetApplies(est, o.includeServing)) return undefined;
  const message = budgetMessage(est.co2eKg.mid, budgetKg);
  if (!message || est.phase !== 'inference') return message;
  const days = est.inputs.horizonDays?.value ?? o.horizonDays;
  return `${days === 365 ? 'A year' : `${formatSignificant(days)} days`} of serving: ${message}`;
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
