// The panel's HTML shell: its security policy is the panel's first line of defence, so every
// property the webview guide asks for is asserted here rather than trusted to review.
import * as assert from 'assert';
import { contentSecurityPolicy, renderHtml } from '../../src/webview/html';

const params = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
};

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no CSP meta tag');
  return m[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    out.set(name, values);
  }
  return out;
}

describe('renderHtml', () => {
  const html = renderHtml(params);

  it('declares a CSP that allows nothing by default', () => {
    const d = directives(cspOf(html));
    assert.deepStrictEqual(d.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(d.get('script-src'), [`'nonce-${params.nonce}'`]);
    assert.deepStrictEqual(d.get('style-src'), [params.cspSource]);
    assert.deepStrictEqual(d.get('img-src'), [params.cspSource, 'data:']);
    assert.deepStrictEqual(d.get('font-src'), [params.cspSource]);
    assert.deepStrictEqual([...d.keys()].sort(), ['default-src', 'font-src', 'img-src', 'script-src', 'style-src']);
  });

  it('never allows unsafe-inline, unsafe-eval or unsafe-hashes', () => {
    assert.doesNotMatch(cspOf(html), /unsafe-/);
    assert.doesNotMatch(html, /unsafe-/);
  });

  it('has exactly one script, external, carrying the nonce', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${params.nonce}"`));
    assert.match(scripts[0], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.match(html, /<script[^>]*><\/script>/, 'the script element must be empty (no inline code)');
  });

  it('has no inline event handlers, inline styles or style elements', () => {
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('links the stylesheet by URI', () => {
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/panel\.css">/);
  });

  it('escapes quotes and angle brackets in resource URIs', () => {
    const out = renderHtml({ ...params, scriptUri: 'https://x/a.js"><script>alert(1)</script>', styleUri: "https://x/'b.css" });
    assert.strictEqual((out.match(/<script\b/g) ?? []).length, 1);
    assert.match(out, /&quot;&gt;&lt;script&gt;/);
    assert.match(out, /&#39;b\.css/);
  });

  it('refuses a nonce or cspSource that could break out of the policy', () => {
    assert.throws(() => renderHtml({ ...params, nonce: "abc'; script-src *" }));
    assert.throws(() => renderHtml({ ...params, nonce: 'short' }));
    assert.throws(() => renderHtml({ ...params, cspSource: "https://x; script-src 'unsafe-inline'" }));
    assert.throws(() => renderHtml({ ...params, cspSource: '' }));
  });

  it('accepts the cspSource forms VS Code uses (desktop and web)', () => {
    for (const src of ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net", 'vscode-resource: https:', 'http://127.0.0.1:8080 https://*.vscode-cdn.net']) {
      assert.doesNotThrow(() => renderHtml({ ...params, cspSource: src }), src);
    }
    const web = directives(cspOf(renderHtml({ ...params, cspSource: "'self' https://*.vscode-cdn.net" })));
    assert.deepStrictEqual(web.get('style-src'), ["'self'", 'https://*.vscode-cdn.net']);
    assert.deepStrictEqual(web.get('script-src'), [`'nonce-${params.nonce}'`], 'the script policy stays nonce-only');
  });

  it('refuses quoted keywords other than self in cspSource', () => {
    for (const src of ["'unsafe-inline'", "https://x 'unsafe-eval'", "'none'", "'self';", 'https://x;script-src', '"https://x"']) {
      assert.throws(() => renderHtml({ ...params, cspSource: src }), src);
    }
  });

  it('builds a fresh policy per nonce', () => {
    const a = contentSecurityPolicy(params.cspSource, 'A'.repeat(32));
    const b = contentSecurityPolicy(params.cspSource, 'B'.repeat(32));
    assert.notStrictEqual(a, b);
  });

  it('carries no data placeholder to fill in later', () => {
    assert.doesNotMatch(html, /\$\{|\{\{|innerHTML/);
    assert.match(html, /<main id="app">/);
  });
});
