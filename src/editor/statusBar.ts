// The status bar item: the active file's total CO₂e at a glance, warning-coloured over the per-run
// budget. It only reads analyses (cached per version), so following the active editor costs nothing
// once a file has been seen.
import * as vscode from 'vscode';
import { CommandId, DOCUMENT_SELECTOR } from '../constants';
import { formatMass, formatMassRange } from '../core/format';
import type { Services } from '../services';
import { onDidChangeSettings, readEditorOptions } from './config';
import { perRunBudgetApplies } from './diagnosticText';
import { fileTotalKg, pairRuns, unreadTitle } from './lensText';
import { log } from './log';
import { NOTEBOOK_TYPE, notebookOfCell, targetFor, targetForNotebook, type AnalysisTarget } from './notebookCells';
import { getWorkspaceReport, onDidChangeWorkspaceReport } from './reportStore';

const ITEM_ID = 'carbonLens.status';

export class CarbonStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly _disposables: vscode.Disposable[] = [];
  private pending?: vscode.CancellationTokenSource;

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem(ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Carbon Lens';
    this._disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
      services.analysis.onDidChange(() => this.refresh()),
      onDidChangeSettings(() => this.refresh()),
      onDidChangeWorkspaceReport(() => this.refresh()),
      // Cells added or removed change a notebook's runs without any cell text changing.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length || e.metadata) this.refresh();
      }),
    );
    this.refresh();
  }

  /** Re-reads the active file; a newer call cancels an older one still analysing. */
  refresh(): void {
    this.pending?.cancel();
    this.pending?.dispose();
    const cts = new vscode.CancellationTokenSource();
    this.pending = cts;
    this.update(cts.token).catch((e) => {
      log.error('Updating the Carbon Lens status bar', e);
      this.item.hide();
    });
  }

  private activeTarget(): AnalysisTarget | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc) {
      const cell = notebookOfCell(doc);
      if (cell) return targetForNotebook(cell.notebook);
      return vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0 ? targetFor(doc) : undefined;
    }
    const nb = vscode.window.activeNotebookEditor?.notebook;
    return nb && nb.notebookType === NOTEBOOK_TYPE ? targetForNotebook(nb) : undefined;
  }

  private async update(token: vscode.CancellationToken): Promise<void> {
    const target = this.activeTarget();
    if (!target) return this.item.hide();
    const result = await this.services.analysis.analyse(target.text, token);
    if (token.isCancellationRequested) return;
    const pairs = pairRuns(result);
    const unread = unreadTitle(result);
    if (unread) return this.showUnread(unread, result.error ?? unread, target);
    if (result.format === 'unknown' || !pairs.length) return this.item.hide();

    const known = pairs.filter((p) => p.estimate.missing.length === 0);
    const needing = pairs.length - known.length;
    const options = readEditorOptions(target.scope);
    const over = options.budgetPerRunKg !== undefined ? known.filter((p) => perRunBudgetApplies(p.estimate, options.budgetIncludeServing) && p.estimate.co2eKg.mid > options.budgetPerRunKg!).length : 0;
    const total = fileTotalKg(pairs);
    const low = known.reduce((s, p) => s + p.estimate.co2eKg.low, 0);
    const high = known.reduce((s, p) => s + p.estimate.co2eKg.high, 0);

    // Nothing estimated but a time limit bounds a run: the ceiling, marked as one ("≤"), not a figure.
    const ceiling = known.length ? undefined : pairs.map((p) => p.estimate.ceiling).find((c) => c && c.co2eKg > 0);
    const text = known.length ? `${formatMass(total)} CO₂e` : ceiling ? `CO₂e ≤ ${formatMass(ceiling.co2eKg)} (time limit)` : 'CO₂e: needs input';
    this.item.text = `$(pulse) ${text}`;
    this.item.accessibilityInformation = { label: `Carbon Lens: ${text}` };
    const tooltip: string[] = [];
    if (known.length) tooltip.push(`Carbon Lens: ≈ ${formatMass(total)} CO₂e (${formatMassRange({ low, mid: total, high })}) for ${known.length} run${known.length > 1 ? 's' : ''} in this file`);
    if (needing) tooltip.push(`${needing} run${needing > 1 ? 's need' : ' needs'} more information (not counted)`);
    if (ceiling) tooltip.push(`At most ${formatMass(ceiling.co2eKg)} CO₂e if the job ran its whole ${ceiling.hours} h time limit: a ceiling, not an estimate.`);
    if (over) tooltip.push(`${over} run${over > 1 ? 's are' : ' is'} over the per-run budget of ${formatMass(options.budgetPerRunKg!)} CO₂e`);
    const context = this.contextLine();
    if (context) tooltip.push(context);
    tooltip.push('Click to open the estimate panel.');
    this.item.tooltip = tooltip.join('\n');
    this.item.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { title: 'Open estimate panel', command: CommandId.openPanel, arguments: [{ uri: target.panelUri, runIndex: 0 }] };
    this.item.show();
  }

  /** A recognised file with no estimate (its YAML/JSON did not parse): the lens's words, never a number. */
  private showUnread(text: string, detail: string, target: AnalysisTarget): void {
    this.item.text = `$(error) ${text}`;
    this.item.accessibilityInformation = { label: text };
    // The parser's message quotes file text; a tooltip string is plain text, so it is shown as written.
    this.item.tooltip = `${detail}\nClick to open the estimate panel.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.command = { title: 'Open estimate panel', command: CommandId.openPanel, arguments: [{ uri: target.panelUri, runIndex: 0 }] };
    this.item.show();
  }

  /**
   * The bigger picture, only from what is already known: the last workspace scan if one was made
   * (the status bar never starts one), else the open files analysed so far.
   */
  private contextLine(): string | undefined {
    const report = getWorkspaceReport();
    if (report) {
      const when = new Date(report.generatedAt);
      const at = Number.isNaN(when.getTime()) ? '' : ` (scanned ${when.toLocaleTimeString()})`;
      return `Workspace: ${formatMass(report.totals.co2eKg.mid)} CO₂e across ${report.totals.runs} run${report.totals.runs === 1 ? '' : 's'}${at}`;
    }
    const open = this.openFilesTotal();
    return open ? `Open files estimated so far: ${formatMass(open.kg)} CO₂e across ${open.files} files` : undefined;
  }

  private openFilesTotal(): { kg: number; files: number } | undefined {
    let kg = 0;
    let files = 0;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === 'vscode-notebook-cell' || doc.isClosed) continue;
      const result = this.services.analysis.peek(doc);
      const t = result ? fileTotalKg(pairRuns(result)) : 0;
      if (t > 0) {
        kg += t;
        files++;
      }
    }
    return files > 1 ? { kg, files } : undefined;
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending?.dispose();
    for (const d of this._disposables) d.dispose();
    this._disposables.length = 0;
  }
}
