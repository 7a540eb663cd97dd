// The workspace report page (bundled to dist/report.js). It places the host's finished strings as
// text (dom.ts builds with textContent only), checks every message against the shared schema, and
// sends back only a run's key, never a path or a command.
import { isReportToPage, type PageToReport } from '../../shared/reportProtocol';
import { renderReport } from './render';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

(function main(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app');
  const status = document.getElementById('status');
  if (!root) return;
  const post = (m: PageToReport): void => vscode.postMessage(m);

  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data;
    if (!isReportToPage(m)) return; // from the host only; anything else is ignored
    if (m.type === 'report') {
      renderReport(root, m.view, post);
      if (status) status.textContent = `Workspace report: ${m.view.rows.length} runs, ${m.view.overBudget} over budget.`;
    } else if (status) { status.textContent = `Reading the workspace: ${m.done} of ${m.total} files`;
    }
  });
  post({ type: 'ready' });
})();
