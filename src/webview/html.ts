// The panel's HTML shell. It carries no workspace data at all: every estimate arrives later by
// postMessage and is inserted as text. What it does carry is the security policy: nothing runs
// but our own bundled script (by nonce), nothing styles but our stylesheet, nothing loads from
// anywhere but the extension's media/ and dist/ folders.
// Pure: no `vscode`, so the policy is unit-tested in plain node.

export interface HtmlParams {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** A fresh random token per render; only a script carrying it may run. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)`, as a string. */
  styleUri: string;
  /** `webview.asWebviewUri(dist/codicons/codicon.css)`: the icon font's stylesheet (style-src and font-src are already the webview's own origin). */
  iconStyleUri?: string;
}

const NONCE = /^[A-Za-z0-9+/_-]{16,128}={0,2}$/;
// One source expression of `webview.cspSource`: a scheme or host source (`https://*.vscode-cdn.net`,
// `vscode-resource:`), or `'self'` (VS Code for the web adds it). Never a `;` that would end the
// directive, nor any other quoted keyword ('unsafe-inline'…).
const CSP_SOURCE_TOKEN = /^(?:'self'|[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/[A-Za-z0-9.*\-]+(?::(?:\d+|\*))?(?:\/[A-Za-z0-9._~/-]*)?)?|[A-Za-z0-9*][A-Za-z0-9.*\-]*(?::(?:\d+|\*))?)$/;

function validCspSource(s: string): boolean {
  const tokens = s.trim().split(/\s+/);
  return s.length <= 500 && tokens.length > 0 && tokens.every((t) => CSP_SOURCE_TOKEN.test(t));
}

/** Escapes text for a double-quoted HTML attribute. */
export function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!validCspSource(cspSource)) throw new Error('renderHtml: invalid cspSource');
  if (!NONCE.test(nonce)) throw new Error('renderHtml: invalid nonce');
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The one HTML shell of our webviews (the estimate panel, the workspace report): the nonce CSP, our
 * stylesheets, a placeholder until the bundled script has rendered, and a live region for status.
 */
export function renderShell(o: { cspSource: string; nonce: string; scriptUri: string; styleUris: readonly string[]; title: string; bodyClass?: string; placeholder: string }): string {
  const policy = contentSecurityPolicy(o.cspSource, o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n')}
<title>${o.title}</title>
</head>
<body${o.bodyClass ? ` class="${attr(o.bodyClass)}"` : ''}>
<main id="app"><p class="muted">${o.placeholder}</p></main>
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}

export function renderHtml({ cspSource, nonce, scriptUri, styleUri, iconStyleUri }: HtmlParams): string {
  const styleUris = iconStyleUri ? [iconStyleUri, styleUri] : [styleUri];
  return renderShell({ cspSource, nonce, scriptUri, styleUris, title: 'Carbon Lens', placeholder: 'Loading the estimate…' });
}
