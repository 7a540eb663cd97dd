// The messages between the extension host and the editor-area workspace report, with the schemas
// that check them on both sides (the page is untrusted from the host's point of view). Every figure
// arrives as a finished string: the page only places text, it computes nothing.
// Pure: no `vscode`, no DOM.
import { arr, bool, guard, int, obj, oneOf, opt, str, tagged, type Infer } from './protocol';

export const REPORT_MAX_ROWS = 5000;

const reportRowSchema = obj({
  /** `uri#runIndex`, what the page sends back to open a run. */
  key: str(4200),
  run: str(300),
  file: str(1000),
  folder: str(1000),
  /** `line 12`, or `cell 4, line 3` in a notebook. */
  where: str(80),
  phase: oneOf(['training', 'serving'] as const),
  co2e: str(120),
  energy: str(120),
  budget: str(300),
  over: bool(),
  /** Why the row is listed but not summed, or what the file lacks. */
  note: str(300),
});
export type ReportRowView = Infer<typeof reportRowSchema>;

const totalsSchema = obj({ label: str(80), co2e: str(120), energy: str(120), embodied: str(120), runs: int(0, REPORT_MAX_ROWS) });
export type ReportTotalsView = Infer<typeof totalsSchema>;

const issueSchema = obj({ key: str(4200), file: str(1000), where: str(80), message: str(600) });

export const reportViewSchema = obj({
  generatedAt: str(40),
  oneTime: totalsSchema,
  perYear: totalsSchema,
  /** Sentences under the totals: what was left out and why, the workspace budget. */
  notes: arr(str(400), 20),
  rows: arr(reportRowSchema, REPORT_MAX_ROWS),
  issues: arr(issueSchema, REPORT_MAX_ROWS),
  overBudget: int(0, REPORT_MAX_ROWS),
});
export type ReportView = Infer<typeof reportViewSchema>;

export const reportToPageSchema = tagged('type', {
  report: obj({ type: oneOf(['report'] as const), view: reportViewSchema }),
  scanning: obj({ type: oneOf(['scanning'] as const), done: int(0, 1_000_000), total: int(0, 1_000_000) }),
});
export type ReportToPage = Infer<typeof reportToPageSchema>;

export const pageToReportSchema = tagged('type', {
  ready: obj({ type: oneOf(['ready'] as const) }),
  refresh: obj({ type: oneOf(['refresh'] as const) }),
  /** Opens a run's file at its line (or a problem's file at its error). */
  open: obj({ type: oneOf(['open'] as const), key: str(4200), panel: opt(bool()) }),
  exportMarkdown: obj({ type: oneOf(['exportMarkdown'] as const) }),
});
export type PageToReport = Infer<typeof pageToReportSchema>;

export const isReportToPage = guard(reportToPageSchema);
export const isPageToReport = guard(pageToReportSchema);
