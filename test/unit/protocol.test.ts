// The message validators both sides use. The webview is untrusted from the host's side: any
// message that is not exactly one of the protocol's shapes must be refused.
import * as assert from 'assert';
import {
  ALLOWED_COMMANDS, hostToWebviewSchema, isHostToWebview, isWebviewToHost, webviewToHostSchema, type WebviewToHost,
} from '../../src/shared/protocol';

const uri = 'file:///work/run.yaml';

const good: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'ready', restore: {} },
  { type: 'ready', restore: { uri, runIndex: 2, mode: 'file', edits: { count: 4, region: 'FR' } } },
  { type: 'selectRun', runIndex: 0 },
  { type: 'whatIf', uri, runIndex: 1, edits: {} },
  { type: 'whatIf', uri, runIndex: 0, edits: { model: 'meta-llama/Llama-3.1-8B', params: 8e9, tokens: 1e12, hours: 12.5, hardware: 'nvidia-h100-sxm5-80gb', count: 8, precision: 'fp8', region: 'aws:eu-north-1', pue: 1.1, intensity: 50, trials: 20 } },
  { type: 'reveal', runIndex: 0, field: 'hardware' },
  { type: 'reveal', runIndex: 0, field: 'maxBatch' },
  { type: 'revealError' },
  { type: 'apply', revision: 12, suggestion: 0 },
  { type: 'export', format: 'modelCard', target: 'clipboard' },
  { type: 'export', format: 'json', target: 'file' },
  { type: 'command', id: 'carbonLens.estimateWorkspace' },
  { type: 'openSettings', setting: 'carbonLens.online.enabled' },
  { type: 'openRow', revision: 3, row: 10 },
  { type: 'setMode', mode: 'workspace' },
];

describe('webview → host validation', () => {
  it('accepts every well-formed message', () => {
    for (const m of good) assert.strictEqual(webviewToHostSchema.validate(m), null, JSON.stringify(m));
  });

  it('accepts exactly the allow-listed command ids', () => {
    for (const id of ALLOWED_COMMANDS) assert.ok(isWebviewToHost({ type: 'command', id }));
    for (const id of ['carbonLens.applySuggestion', 'carbonLens.exportReport', 'workbench.action.terminal.new', 'vscode.open', '_workbench.downloadResource', 'carbonLens.estimateWorkspace ', 'CARBONLENS.ESTIMATEWORKSPACE']) {
      assert.ok(!isWebviewToHost({ type: 'command', id }), id);
    }
  });

  it('rejects what is not a message', () => {
    for (const m of [null, undefined, 0, 'ready', [], [{ type: 'ready' }], true, () => 1]) assert.ok(!isWebviewToHost(m), String(m));
  });

  it('rejects unknown types and a missing type', () => {
    assert.ok(!isWebviewToHost({ type: 'eval', code: '1' }));
    assert.ok(!isWebviewToHost({ type: 'READY' }));
    assert.ok(!isWebviewToHost({}));
    assert.ok(!isWebviewToHost({ type: 7 }));
  });

  it('rejects wrong value types', () => {
    const bad: unknown[] = [
      { type: 'selectRun', runIndex: '0' },
      { type: 'selectRun', runIndex: -1 },
      { type: 'selectRun', runIndex: 1.5 },
      { type: 'selectRun', runIndex: Number.NaN },
      { type: 'selectRun', runIndex: Infinity },
      { type: 'selectRun', runIndex: 1e9 },
      { type: 'selectRun' },
      { type: 'reveal', runIndex: 0, field: 'toString' },
      { type: 'reveal', runIndex: 0, field: 'hardware ' },
      { type: 'apply', revision: '3', suggestion: 0 },
      { type: 'apply', revision: 3, suggestion: 0.5 },
      { type: 'export', format: 'pdf', target: 'file' },
      { type: 'export', format: 'json', target: 'insert' },
      { type: 'setMode', mode: 'settings' },
      { type: 'openSettings', setting: 'terminal.integrated.shell.linux' },
      { type: 'whatIf', runIndex: 0, edits: {} }, // no uri
      { type: 'whatIf', uri, runIndex: 0, edits: null },
      { type: 'whatIf', uri, runIndex: 0, edits: [] },
    ];
    for (const m of bad) assert.ok(!isWebviewToHost(m), JSON.stringify(m));
  });

  it('rejects extra keys, at the top and nested', () => {
    assert.ok(!isWebviewToHost({ type: 'ready', extra: 1 }));
    assert.ok(!isWebviewToHost({ type: 'apply', revision: 1, suggestion: 0, change: { field: 'region', value: 'x' } }));
    assert.ok(!isWebviewToHost({ type: 'whatIf', uri, runIndex: 0, edits: { nodes: 4 } }));
    assert.ok(!isWebviewToHost({ type: 'ready', restore: { uri, secret: 'x' } }));
  });

  it('rejects what-if values outside their limits', () => {
    const edits: unknown[] = [
      { pue: 0.5 }, { pue: 6 }, { count: 0 }, { count: 2.5 }, { count: 1e7 }, { intensity: -1 }, { intensity: 1e6 },
      { hours: 0 }, { tokens: 1e20 }, { params: -5 }, { trials: 0.5 }, { precision: 'fp64' }, { model: 42 }, { hardware: ['a'] },
      { region: { id: 'FR' } }, { count: '8' },
    ];
    for (const e of edits) assert.ok(!isWebviewToHost({ type: 'whatIf', uri, runIndex: 0, edits: e }), JSON.stringify(e));
  });

  it('rejects prototype-pollution keys wherever they appear', () => {
    const payloads = [
      '{"type":"ready","__proto__":{"polluted":true}}',
      '{"type":"selectRun","runIndex":0,"constructor":{"prototype":{"polluted":true}}}',
      '{"type":"whatIf","uri":"file:///a","runIndex":0,"edits":{"__proto__":{"count":1}}}',
      '{"type":"whatIf","uri":"file:///a","runIndex":0,"edits":{"constructor":1}}',
      '{"type":"ready","restore":{"prototype":{}}}',
    ];
    for (const p of payloads) {
      const msg: unknown = JSON.parse(p);
      assert.ok(!isWebviewToHost(msg), p);
    }
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects objects that are not plain (class instances, inherited fields)', () => {
    class Msg { type = 'ready'; }
    assert.ok(!isWebviewToHost(new Msg()));
    assert.ok(!isWebviewToHost(Object.create({ type: 'ready' })));
    // A type inherited from the prototype is not the message's own.
    assert.ok(!isWebviewToHost(Object.assign(Object.create({ type: 'revealError' }), {})));
  });

  it('rejects huge strings and collections', () => {
    const big = 'x'.repeat(5000);
    assert.ok(!isWebviewToHost({ type: 'whatIf', uri: big, runIndex: 0, edits: {} }));
    assert.ok(!isWebviewToHost({ type: 'whatIf', uri, runIndex: 0, edits: { model: big } }));
    assert.ok(!isWebviewToHost({ type: 'whatIf', uri, runIndex: 0, edits: { region: 'x'.repeat(1e6) } }));
    assert.ok(!isWebviewToHost({ type: 'ready', restore: { uri: 'f'.repeat(1e6) } }));
  });

  it('names the offending path', () => {
    assert.match(webviewToHostSchema.validate({ type: 'whatIf', uri, runIndex: 0, edits: { pue: 9 } }, 'message') ?? '', /message\.edits\.pue/);
    assert.match(webviewToHostSchema.validate({ type: 'nope' }, 'message') ?? '', /message\.type/);
  });
});

describe('host → webview validation', () => {
  const welcome = { kind: 'welcome', formats: ['Axolotl'], hasWorkspaceReport: false };

  it('accepts init and update messages', () => {
    assert.ok(isHostToWebview({ type: 'init', catalog: { accelerators: [{ id: 'a', label: 'A', group: 'NVIDIA' }], regions: [] } }));
    assert.ok(isHostToWebview({ type: 'update', revision: 1, model: welcome }));
    assert.ok(isHostToWebview({ type: 'update', revision: 2, model: { kind: 'workspace', rows: [], totalText: '', summary: 'none', omitted: 0, available: false } }));
  });

  it('rejects unknown model kinds, extra keys and markup-carrying fields', () => {
    assert.ok(!isHostToWebview({ type: 'update', revision: 1, model: { ...welcome, kind: 'html' } }));
    assert.ok(!isHostToWebview({ type: 'update', revision: 1, model: { ...welcome, html: '<b>x</b>' } }));
    assert.ok(!isHostToWebview({ type: 'update', revision: -1, model: welcome }));
    assert.ok(!isHostToWebview({ type: 'update', revision: 1, model: { ...welcome, formats: 'Axolotl' } }));
    assert.ok(!isHostToWebview({ type: 'update', revision: 1, model: { ...welcome, formats: Array(41).fill('x') } }));
    assert.ok(!isHostToWebview({ type: 'init', catalog: { accelerators: [], regions: [], scripts: [] } }));
  });

  it('rejects non-finite numbers in a model', () => {
    const row = { index: 0, file: 'a.yaml', run: 'r', format: 'Axolotl', kg: Number.NaN, co2eText: '?' };
    assert.ok(!isHostToWebview({ type: 'update', revision: 1, model: { kind: 'workspace', rows: [row], totalText: '', summary: '', omitted: 0, available: true } }));
    assert.ok(isHostToWebview({ type: 'update', revision: 1, model: { kind: 'workspace', rows: [{ ...row, kg: null }], totalText: '', summary: '', omitted: 0, available: true } }));
  });

  it('reports why a message was refused', () => {
    assert.match(hostToWebviewSchema.validate({ type: 'update', revision: 1, model: { ...welcome, extra: 1 } }, 'm') ?? '', /m\.model\.extra: unexpected key/);
  });
});

describe('webview → host: lifecycle messages', () => {
  it('accepts calibrate, fetchForecast and copyCommand with a revision (and an index for copy)', () => {
    assert.ok(isWebviewToHost({ type: 'calibrate', revision: 3 }));
    assert.ok(isWebviewToHost({ type: 'fetchForecast', revision: 3 }));
    assert.ok(isWebviewToHost({ type: 'copyCommand', revision: 3, index: 2 }));
  });

  it('refuses a command text, a URL or an MFU value from the page: the host holds them', () => {
    assert.ok(!isWebviewToHost({ type: 'copyCommand', revision: 3, index: 2, text: 'rm -rf ~' }));
    assert.ok(!isWebviewToHost({ type: 'copyCommand', revision: 3, index: 11 }));
    assert.ok(!isWebviewToHost({ type: 'copyCommand', revision: 3, index: -1 }));
    assert.ok(!isWebviewToHost({ type: 'fetchForecast', revision: 3, url: 'http://evil.example' }));
    assert.ok(!isWebviewToHost({ type: 'calibrate', revision: 3, mfu: 0.9 }));
    assert.ok(!isWebviewToHost({ type: 'calibrate' }));
  });
});

describe('webview → host: the region picker', () => {
  it('asks for the quick pick with the file and run on show, nothing else', () => {
    assert.ok(isWebviewToHost({ type: 'pickRegion', uri, runIndex: 0 }));
    // The region itself comes from VS Code's quick pick on the host, never from the page.
    assert.ok(!isWebviewToHost({ type: 'pickRegion', uri, runIndex: 0, region: 'aws:eu-north-1' }));
    assert.ok(!isWebviewToHost({ type: 'pickRegion', uri }));
    assert.ok(!isWebviewToHost({ type: 'pickRegion', uri, runIndex: -1 }));
    assert.ok(!isWebviewToHost({ type: 'pickRegion', uri: 'x'.repeat(5000), runIndex: 0 }));
  });
});
