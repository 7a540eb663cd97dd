// carbonLens.estimateWorkspace: every recognised config in the workspace, with a cancellable progress
// notification. The report goes to the shared store (the sidebar panel and exports read it), to the
// Runs view and the editor-area report, and is returned.
import * as vscode from 'vscode';
import { formatCo2e } from '../../core/format';
import { toJsonReport } from '../../engine/jsonReport';
import { budgetMessage } from '../diagnostics';
import { setWorkspaceReport, type WorkspaceReport } from '../reportStore';
import { scanWorkspace } from '../workspaceScan';
import { extensionVersion, openPanel, type ActionServices } from './common';
import { guardedCommand } from './guard';
import { CommandId } from '../../constants';
import { log } from '../log';

export function estimateWorkspaceCommand(services: ActionServices) {
  return guardedCommand('Estimate emissions for workspace', async (): Promise<WorkspaceReport | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Carbon Lens: open a folder to estimate its ML configs.');
      return undefined;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Carbon Lens: estimating the workspace', cancellable: true },
      (progress, token) => {
        let reported = 0;
        return scanWorkspace(services, token, (done, total, uri) => {
          const pct = (done / total) * 100;
          progress.report({ increment: pct - reported, message: `${done}/${total} ${vscode.workspace.asRelativePath(uri)}` });
          reported = pct;
        });
      },
    );
    if (outcome.cancelled) {
      void vscode.window.showInformationMessage('Carbon Lens: workspace estimate cancelled.');
      return undefined;
    }

    const results = outcome.files.map((f) => ({ ...f.result, path: f.relPath }));
    const json = toJsonReport(results, extensionVersion(services));
    await services.budgets.ready();
    const budget = services.budgets.workspace();
    const report: WorkspaceReport = {
      ...json,
      files: json.files.map((f, i) => ({ ...f, uri: outcome.files[i].uri.toString() })),
      generatedAt: new Date().toISOString(),
      skipped: outcome.skipped.length,
      ...(budget ? { budgetKg: budget.kg } : {}),
    };
    setWorkspaceReport(report, results);
    // The same scan feeds the Runs view and the editor-area report (one-time and per-year totals
    // apart, sweeps counted once), which opens with focus; the sidebar keeps its own copy.
    if (services.runs) {
      await services.runs.adopt(outcome.files);
      Promise.resolve(vscode.commands.executeCommand(CommandId.openWorkspaceReport)).catch((e) => log.debug(`Report not shown: ${(e as Error).message}`));
    } else openPanel({ workspaceReport: true });
    notify(report, budget?.location);
    return report;
  });
}

function notify(report: WorkspaceReport, budgetAt: vscode.Location | undefined): void {
  const { totals } = report;
  const skipped = report.skipped ? ` ${report.skipped} file${report.skipped === 1 ? '' : 's'} could not be read (see the Carbon Lens output).` : '';
  const over = report.budgetKg !== undefined ? budgetMessage(totals.co2eKg.mid, report.budgetKg) : undefined;
  if (over) {
    const open = budgetAt ? 'Open budget' : undefined;
    void Promise.resolve(vscode.window.showWarningMessage(`Carbon Lens: workspace budget exceeded. ${over}.${skipped}`, ...(open ? [open] : []))).then((choice) => {
      if (choice && budgetAt) void vscode.window.showTextDocument(budgetAt.uri, { selection: budgetAt.range });
    });
    return;
  }
  const summary = totals.runs
    ? `${totals.runs} run${totals.runs === 1 ? '' : 's'} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}: ${formatCo2e(totals.co2eKg)}.`
    : 'no run with a complete estimate.';
  void vscode.window.showInformationMessage(`Carbon Lens: ${summary}${skipped}`);
}
