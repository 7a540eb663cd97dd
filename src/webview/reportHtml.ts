// The workspace report's HTML shell: the same policy as the estimate panel (html.ts) — only our
// bundled script runs (by nonce), only our stylesheets style, nothing loads from elsewhere — and no
// workspace data at all; rows arrive by postMessage and are placed as text.
// Pure: no `vscode`, so the policy is unit-tested in plain node.
import { renderShell } from './html';

export interface ReportHtmlParams {
  cspSource: string;
  nonce: string;
  /** `asWebviewUri(dist/report.js)`. */
  scriptUri: string;
  /** `asWebviewUri(media/panel.css)` and `asWebviewUri(media/report.css)`. */
  styleUris: string[];
}

export function renderReportHtml({ cspSource, nonce, scriptUri, styleUris }: ReportHtmlParams): string {
  return renderShell({ cspSource, nonce, scriptUri, styleUris, title: 'Carbon Lens: workspace report', bodyClass: 'report', placeholder: 'Reading the workspace…' });
}
