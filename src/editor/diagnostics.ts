// Problems-panel entries: a malformed config (one entry, the parser's own words), implausible values
// (on the value's line), runs over their carbon budget (on the run's first line), and mistakes in
// `.carbonlens.yml` files. Warnings, except a syntax error: Carbon Lens withholds the estimate of a
// file that did not parse, so that error is what stands between the user and a number. The words
// are diagnosticText.ts's.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from '../constants';
import type { Estimate, FieldName, RunSpec } from '../core/runSpec';
import type { FileResult } from '../engine/evaluate';
import type { Services } from '../services';
import { toRange } from './applyChange';
import { isBudgetFile, type BudgetIndex, type BudgetInForce } from './budgets';
import { isRunIgnored, onIgnoredRunsChanged } from './ignoredRuns';
import { fileProblem, runBudgetMessage } from './diagnosticText';
import { readEditorOptions, readEstimateSettings } from './config';
import { WORKLOAD_DEFAULTS } from '../core/constants';
import { log } from './log';

export const DIAGNOSTIC_SOURCE = 'Carbon Lens';

export const DiagnosticCode = {
  malformed: 'malformed',
  implausible: 'implausible',
  budget: 'budget',
  budgetFile: 'budget-file',
  stopped: 'stopped',
} as const;

/** Documents that are views of something else, where a second copy of each entry would be noise. */
const SKIPPED_SCHEMES = new Set(['vscode-notebook-cell', 'output', 'git', 'gitlens', 'vscode-scm', 'comment', 'vscode-userdata']);

// One pairing of runs and estimates for every surface (lenses, hovers, diagnostics, quick fixes).
export { pairRuns, type RunPair } from './lensText';
import { pairRuns } from './lensText';

/** 0-based line a run starts on (where its lens and budget warning go). */
export function anchorLine(run: RunSpec): number {
  return run.anchor?.startLine ?? 0;
}

/** Line of a field's value in the file, if the file states it. */
export function fieldLine(run: RunSpec, field: FieldName): number | undefined {
  const s = run.inputs[field];
  return s?.origin === 'file' ? (s.range ?? s.keyRange)?.startLine : undefined;
}

/** The line a warning is about: an explicit "(line N)", else the field it names, else the run. */
function warningLine(warning: string, run: RunSpec): number {
  const explicit = /\(line (\d+)\)/.exec(warning);
  if (explicit) return Number(explicit[1]) - 1;
  const implausible = /^Implausible (\w+)/.exec(warning);
  const field = implausible?.[1] ?? (/accelerator/i.test(warning) ? 'hardware' : /region/i.test(warning) ? 'region' : undefined);
  return (field && field in run.inputs ? fieldLine(run, field as FieldName) : undefined) ?? anchorLine(run);
}

function lineRange(doc: vscode.TextDocument, line: number): vscode.Range {
  const l = doc.lineAt(Math.min(Math.max(line, 0), doc.lineCount - 1));
  return new vscode.Range(l.range.start.translate(0, l.firstNonWhitespaceCharacterIndex), l.range.end);
}

function make(range: vscode.Range, message: string, code: string, severity = vscode.DiagnosticSeverity.Warning): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = code;
  return d;
}

export { budgetMessage } from './diagnosticText';

/** The diagnostics for one analysed document. Pure apart from vscode value types. */
export function computeDiagnostics(doc: vscode.TextDocument, result: FileResult, budget: BudgetInForce | undefined, serving = { includeServing: false, horizonDays: 365 }): vscode.Diagnostic[] {
  if (result.stopped && result.error) return [make(lineRange(doc, 0), result.error, DiagnosticCode.stopped)];
  if (result.format === 'unknown') return [];
  const out: vscode.Diagnostic[] = [];
  const problem = fileProblem(result);
  if (problem) {
    const r = problem.range;
    const range = r && (r.startLine !== r.endLine || r.startCol !== r.endCol) ? doc.validateRange(toRange(r)) : lineRange(doc, problem.line);
    out.push(make(range, problem.message, DiagnosticCode.malformed, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning));
    // A file that was not read has nothing else worth an entry: the error is the one thing to fix.
    if (!problem.partial) return out;
  }
  for (const { run, estimate } of pairRuns(result)) {
    for (const w of estimate.warnings) out.push(make(lineRange(doc, warningLine(w, run)), w, DiagnosticCode.implausible));
    if (!budget || isRunIgnored(doc.uri.toString(), estimate.name)) continue;
    const message = runBudgetMessage(estimate, budget.kg, serving);
    if (!message) continue;
    const d = make(lineRange(doc, anchorLine(run)), result.estimates.length > 1 ? `${estimate.name}: ${message}` : message, DiagnosticCode.budget);
    if (budget.location) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(budget.location, 'Budget set here')];
    out.push(d);
  }
  return out;
}

/** Keeps the "carbon-lens" collection in step with open documents, settings and budget files. */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('carbon-lens');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  /** Budget files whose problems are published, so a deleted file's entries can be cleared. */
  private budgetUris = new Set<string>();
  private budgetsPublished = false;

  constructor(private readonly services: Services, private readonly budgets: BudgetIndex) {
    this.disposables.push(
      services.analysis.onDidChange((uri) => (uri ? this.onChanged(uri) : this.refreshAll())),
      vscode.workspace.onDidOpenTextDocument((d) => void (isBudgetFile(d.uri) ? this.budgets.reload(d.uri) : this.update(d))),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClosed(d)),
      budgets.onDidChange(() => {
        this.publishBudgetFiles();
        this.refreshAll();
      }),
      onIgnoredRunsChanged(() => this.refreshAll()),
    );
    // After activation returns: analysing the already-open documents is work, not registration.
    const initial = setTimeout(() => {
      this.refreshAll();
      for (const d of vscode.workspace.textDocuments) if (isBudgetFile(d.uri)) void budgets.reload(d.uri);
    }, 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
  }

  private wants(doc: vscode.TextDocument): boolean {
    return !SKIPPED_SCHEMES.has(doc.uri.scheme) && !isBudgetFile(doc.uri) && vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0;
  }

  private onChanged(uri: vscode.Uri): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc) return;
    if (isBudgetFile(uri)) void this.budgets.updateFromText(uri, doc.getText());
    else void this.update(doc);
  }

  private onClosed(doc: vscode.TextDocument): void {
    // A closed budget file still governs: fall back to what is saved on disk.
    if (isBudgetFile(doc.uri)) void this.budgets.reload(doc.uri);
    else this.collection.delete(doc.uri);
  }

  private refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) void this.update(d);
  }

  private async update(doc: vscode.TextDocument): Promise<void> {
    if (!this.wants(doc)) return;
    try {
      const version = doc.version;
      // Budget files are looked for only once a config needs them, so activation itself reads nothing.
      const [result] = await Promise.all([this.services.analysis.analyse(doc), this.budgets.ready()]);
      if (!this.budgetsPublished) this.publishBudgetFiles();
      // A newer version or a close superseded this update while it was running.
      if (doc.isClosed || doc.version !== version) return;
      const serving = { includeServing: readEditorOptions(doc.uri).budgetIncludeServing, horizonDays: readEstimateSettings(doc.uri).horizonDays ?? WORKLOAD_DEFAULTS.horizonDays };
      this.collection.set(doc.uri, computeDiagnostics(doc, result, this.budgets.perRun(doc.uri), serving));
    } catch (e) {
      log.error(`Diagnostics for ${doc.uri.toString()}`, e);
    }
  }

  private publishBudgetFiles(): void {
    this.budgetsPublished = true;
    const seen = new Set<string>();
    for (const { uri, file } of this.budgets.all()) {
      seen.add(uri.toString());
      this.collection.set(
        uri,
        file.problems.map((p) => make(toRange(p.range), p.message, DiagnosticCode.budgetFile, p.severity === 'error' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information)),
      );
    }
    for (const old of this.budgetUris) if (!seen.has(old)) this.collection.delete(vscode.Uri.parse(old));
    this.budgetUris = seen;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
