// The workspace report in the editor area (a WebviewPanel): wide enough for every column, next to
// the files it lists, and kept current — it re-renders whenever WorkspaceRuns changes (a save, a new
// file, a budget, a setting). One panel at a time; the command reveals it and gives it focus.
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { log } from '../editor/log';
import { reportView } from '../editor/reportView';
import type { WorkspaceRuns, WorkspaceRunsState } from '../editor/workspaceRuns';
import { isPageToReport, type ReportToPage, type ReportView } from '../shared/reportProtocol';
import type { Services } from '../services';
import { renderReportHtml } from './reportHtml';

export const REPORT_VIEW_TYPE = 'carbonLens.report';

function newNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the open command returns (integration tests read it): the view as last delivered. */
export interface ReportSnapshot {
  view?: ReportView;
  delivered: boolean;
  active: boolean;
}

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private view: ReportView | undefined;
  private delivered = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly services: Services, private readonly runs: WorkspaceRuns) {
    this.disposables.push(
      runs.onDidChange((s) => this.show(s)),
      runs.onDidProgress((p) => this.post({ type: 'scanning', done: p.done, total: p.total })),
      runs.addLooker(() => !!this.panel?.visible),
    );
  }

  /** `carbonLens.openWorkspaceReport`: reveal (or create) the panel with focus, and fill it. */
  async open(): Promise<ReportSnapshot> {
    if (this.panel) this.panel.reveal(undefined, false);
    else this.create();
    const state = await this.runs.current();
    this.show(state);
    await this.waitForDelivery(5000);
    return this.snapshot();
  }

  snapshot(): ReportSnapshot {
    return { view: this.view, delivered: this.delivered, active: !!this.panel?.active };
  }

  private create(): void {
    const ext = this.services.context.extensionUri;
    const media = vscode.Uri.joinPath(ext, 'media');
    const dist = vscode.Uri.joinPath(ext, 'dist');
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      'Carbon Lens: workspace',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // No retainContextWhenHidden: the host re-sends the report when the page announces itself.
      { enableScripts: true, localResourceRoots: [media, dist], enableFindWidget: true },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.svg');
    this.panel = panel;
    this.ready = false;
    try {
      panel.webview.html = renderReportHtml({
        cspSource: panel.webview.cspSource,
        nonce: newNonce(),
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.js')).toString(),
        styleUris: [panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(), panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')).toString(), panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString()],
      });
    } catch (e) {
      log.error(`Report: cannot build the webview (cspSource ${JSON.stringify(panel.webview.cspSource)})`, e);
    }
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) this.runs.wake();
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.delivered = false;
        for (const d of this.panelDisposables) d.dispose();
        this.panelDisposables = [];
      }),
    );
  }

  private show(state: WorkspaceRunsState): void {
    if (!this.panel) return; // built when the panel opens (open() asks for the current state)
    this.view = reportView(state.summary, { generatedAt: state.generatedAt, workspaceBudgetKg: state.workspaceBudgetKg });
    this.delivered = false;
    this.deliver();
  }

  private deliver(): void {
    if (!this.panel || !this.ready || !this.view) return;
    const view = this.view;
    void Promise.resolve(this.panel.webview.postMessage({ type: 'report', view } satisfies ReportToPage)).then((ok) => {
      if (ok && this.view === view) {
        this.delivered = true;
        for (const w of this.waiters) w();
        this.waiters.clear();
      }
    });
  }

  private post(m: ReportToPage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  private waitForDelivery(ms: number): Promise<void> {
    if (this.delivered || !this.panel) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isPageToReport(m)) {
      log.warn('Report: ignored a malformed message from the page');
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.deliver();
        return;
      case 'refresh':
        await this.runs.refresh(true);
        return;
      case 'exportMarkdown':
        await vscode.commands.executeCommand(CommandId.exportReport, { format: 'markdown', workspace: true });
        return;
      case 'open': {
        // Only keys this report listed are honoured: the page cannot name an arbitrary file.
        const state = this.runs.peek();
        const row = state?.summary.rows.find((r) => r.key === m.key);
        const issue = state?.summary.issues.find((i) => `${i.uri}#issue` === m.key);
        const target = row ?? issue;
        if (!target) {
          log.warn('Report: ignored an open request for a run it did not list');
          return;
        }
        // Beside the report, so the table stays in view while the file is read.
        await vscode.commands.executeCommand(CommandId.revealRun, { uri: target.uri, line: target.line, cell: target.place.cell, cellLine: target.place.cellLine, beside: true });
        return;
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
