// The workspace report's HTML shell: the same policy as the estimate panel (html.ts) — only our
// bundled script runs (by nonce), only our stylesheets style, nothing loads from elsewhere — and no
// workspace data at all; rows arrive by postMessage and are placed as text.
// Pure: no `vscode`, so the policy is unit-tested in plain node.
import { attr, contentSecurityPolicy } from './html';

export interface ReportHtmlParams {
  cspSource: string;
  nonce: string;
  /** `asWebviewUri(dist/report.js)`. */
  scriptUri: string;
  /** `asWebviewUri(media/panel.css)` and `asWebviewUri(media/report.css)`. */
  styleUris: string[];
}


export function renderReportHtml({ cspSource, nonce, scriptUri, styleUris }: ReportHtmlParams): string {
  const policy = contentSecurityPolicy(cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n')}
<title>Carbon Lens: workspace report</title>
</head>
<body class="report">
<main id="app"><p class="muted">Reading the workspace…</p></main>
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
