// With online features off, Carbon Lens makes no network request. The extension host runs the
// extension and these tests in one Node process, so the test wraps every way Node opens a
// connection or resolves a name (sockets, tls, http/https, dns, fetch) and records each call whose
// stack passes through the extension's own code. Other parts of VS Code may use the network;
// ours must not, across every feature: lenses, hovers, code actions, commands, panel, exports.
import * as assert from 'assert';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, mainLens, openUntil, until, workspaceFile } from './helpers';

// Plain `require`, not `import * as`: the bundler would wrap an import in a read-only namespace
// copy, and patching the copy would patch nothing.
/* eslint-disable @typescript-eslint/no-require-imports */
const dns = require('dns') as typeof import('dns');
const http = require('http') as typeof import('http');
const https = require('https') as typeof import('https');
const net = require('net') as typeof import('net');
const tls = require('tls') as typeof import('tls');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Recorded {
  api: string;
  stack: string;
}

type Restore = () => void;

/** Decides whether a call's stack is "ours"; swapped for the self-check. */
let isOurs: (stack: string) => boolean = () => false;
const recorded: Recorded[] = [];
const restores: Restore[] = [];

function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  try {
    return new Error('network call').stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function wrap(target: any, key: string, api: string): void {
  if (!target) return;
  const original = target[key];
  if (typeof original !== 'function' || original.__carbonLensNetworkSpy) return;
  const spy = function (this: unknown, ...args: unknown[]) {
    const stack = captureStack();
    if (isOurs(stack)) recorded.push({ api, stack });
    return original.apply(this, args);
  };
  (spy as unknown as { __carbonLensNetworkSpy: boolean }).__carbonLensNetworkSpy = true;
  try {
    target[key] = spy;
  } catch {
    // A frozen module namespace: the socket-level wrap still sees every connection.
    return;
  }
  restores.push(() => {
    target[key] = original;
  });
}

/**
 * The module objects to patch. The extension host hands extensions proxy-aware copies of some
 * built-in modules, so both the copy this file gets and (when Node can give it) the pristine
 * built-in are wrapped; `net.Socket.prototype.connect` is shared by all of them regardless.
 */
function modules<T>(name: string, mine: T): T[] {
  const out = new Set<T>([mine]);
  const getBuiltin = (process as unknown as { getBuiltinModule?: (n: string) => T }).getBuiltinModule;
  if (getBuiltin) out.add(getBuiltin(name));
  return [...out];
}

function installSpies(): void {
  wrap(net.Socket.prototype, 'connect', 'net.Socket#connect');
  for (const m of modules('tls', tls)) wrap(m, 'connect', 'tls.connect');
  for (const m of modules('http', http)) {
    wrap(m, 'request', 'http.request');
    wrap(m, 'get', 'http.get');
  }
  for (const m of modules('https', https)) {
    wrap(m, 'request', 'https.request');
    wrap(m, 'get', 'https.get');
  }
  for (const m of modules('dns', dns)) {
    wrap(m, 'lookup', 'dns.lookup');
    wrap(m, 'resolve', 'dns.resolve');
  }
  wrap(dns.promises, 'lookup', 'dns.promises.lookup');
  if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'fetch');
}

function restoreSpies(): void {
  while (restores.length) restores.pop()!();
}

function frames(stack: string): string[] {
  return stack.split('\n').slice(1).map((l) => l.trim());
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

function positionOf(doc: vscode.TextDocument, re: RegExp): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const m = re.exec(doc.lineAt(i).text);
    if (m) return new vscode.Position(i, m.index + 1);
  }
  throw new Error(`${re} not found in ${doc.uri.fsPath}`);
}

suite('Carbon Lens makes no network request (online features off)', () => {
  let extensionPath = '';
  let ourFrame: (frame: string) => boolean = () => false;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    extensionPath = ext.extensionPath;
    assert.strictEqual(vscode.workspace.getConfiguration('carbonLens').get('online.enabled'), false, 'online features must be off for this suite');
    // This test file is built under the extension folder (out/test/…) and, with source maps, may
    // report frames in test/integration/…; those frames are the test, not the extension.
    const testDirs = [path.join(extensionPath, 'out', 'test'), path.join(extensionPath, 'test')];
    ourFrame = (f: string) => f.includes(extensionPath) && !testDirs.some((d) => f.includes(d));
    installSpies();
    isOurs = (stack) => frames(stack).some(ourFrame);
    await ext.activate();
  });

  suiteTeardown(() => {
    restoreSpies();
    isOurs = () => false;
  });

  setup(() => {
    recorded.length = 0;
  });

  test('the spies record a call whose stack matches (self-check)', async () => {
    // The matcher takes the extension's bundle (and its mapped sources) and leaves out this test.
    assert.ok(ourFrame(`    at activate (${path.join(extensionPath, 'dist', 'extension.js')}:1:2)`));
    assert.ok(ourFrame(`    at analyse (${path.join(extensionPath, 'src', 'editor', 'analysisService.ts')}:10:2)`));
    assert.ok(!ourFrame(`    at Context.<anonymous> (${__filename}:1:2)`));
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const saved = isOurs;
    const self = path.basename(__filename, '.js'); // network.test (built .js or mapped .ts)
    isOurs = (stack) => frames(stack).some((f) => f.includes(self));
    try {
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port }, (res) => {
          res.resume();
          res.on('end', resolve);
        }).on('error', reject);
      });
      await new Promise<void>((resolve) => dns.lookup('localhost', () => resolve()));
      const apis = new Set(recorded.map((r) => r.api));
      assert.ok(apis.has('http.get'), `http.get not recorded: ${[...apis].join(', ')}`);
      assert.ok(apis.has('net.Socket#connect'), `socket connect not recorded: ${[...apis].join(', ')}`);
      assert.ok(apis.has('dns.lookup'), `dns.lookup not recorded: ${[...apis].join(', ')}`);
    } finally {
      isOurs = saved;
      recorded.length = 0;
      await new Promise((r) => server.close(r));
    }
  });

  test('every feature runs without a single network call from the extension', async function () {
    this.timeout(120000);
    // Each fixture kind: a lens, a hover on a key, code actions.
    for (const [name, key] of [
      ['carbon-lens-run.yaml', /^hardware:/],
      ['axolotl.yaml', /^num_epochs:/],
      ['skypilot.yaml', /\S+:/],
      ['lens-needs.yaml', /\S+:/],
      ['bad.yaml', /\S/],
      ['train.ipynb', /"cells"/],
    ] as const) {
      const { document: doc } = await open(name);
      await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 50);
      const pos = positionOf(doc, key);
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount - 1, 0));
      await vscode.commands.executeCommand('carbonLens.estimate');
    }
    // The workspace has no JSON fixture; a JSON run description, written for this test, covers the format.
    const json = workspaceFile('carbon-lens-network.run.json');
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify({
      name: 'network check', hardware: 'A100 80GB', count: 8, hours: 36, region: 'gcp:europe-west4',
    }, null, 2)));
    try {
      const { document: doc } = await open('carbon-lens-network.run.json');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 50);
      assert.ok(lenses?.length, 'the JSON run has lenses');
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, /"hours"/));
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount - 1, 0));
      await vscode.commands.executeCommand('carbonLens.estimate', json);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(json).then(undefined, () => undefined);
    }
    await vscode.commands.executeCommand('carbonLens.estimateWorkspace');
    await vscode.commands.executeCommand('carbonLens.openPanel', { uri: workspaceFile('carbon-lens-run.yaml'), runIndex: 0 });
    await until('the panel to deliver its model', async () => {
      const snap = await vscode.commands.executeCommand<{ delivered?: boolean }>('carbonLens.openPanel', { uri: workspaceFile('carbon-lens-run.yaml'), runIndex: 0 });
      return snap?.delivered;
    });
    await vscode.commands.executeCommand('carbonLens.openPanel', { workspaceReport: true });

    const target = workspaceFile('carbon-lens-network.test.json');
    try {
      const res = await vscode.commands.executeCommand<{ uri: string }>('carbonLens.exportReport', {
        format: 'json', target: 'file', uri: workspaceFile('carbon-lens-run.yaml').toString(), path: target.fsPath,
      });
      assert.strictEqual(res?.uri, target.toString(), 'the export ran');
    } finally {
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }

    const editor = await open('actions/what-if.yaml');
    const doc = editor.document;
    const before = doc.getText();
    const entry = await vscode.commands.executeCommand<{ runs: { suggestions: { change?: { field: string; value: unknown } }[] }[] }>('carbonLens.estimate');
    const fix = entry?.runs[0].suggestions.find((s) => s.change);
    assert.ok(fix?.change, 'what-if.yaml offers a what-if');
    assert.strictEqual(await vscode.commands.executeCommand('carbonLens.applySuggestion', { uri: doc.uri.toString(), runIndex: 0, change: fix.change }), true);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo to restore what-if.yaml', () => doc.getText() === before);

    // The work the features scheduled (debounced re-analysis after the edit and its undo, the
    // panel's update) must have run before "no request" means anything. Positive signals, not a
    // clock: the lens for the restored text carries the CLI's figures for the file on disk, and the
    // panel has delivered (webview acknowledged) a model of that same text.
    const cli = cliEstimate('actions/what-if.yaml');
    await until('the lens of the restored what-if.yaml', async () =>
      mainLens(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10))?.command?.title.startsWith(`${cli.co2e} · `));
    await openUntil({ uri: doc.uri, runIndex: 0 }, 'the panel to show the restored what-if.yaml', (s) =>
      s.model?.kind === 'file' && s.model.uri === doc.uri.toString() && s.model.run?.file.co2e.text === cli.co2e);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    assert.deepStrictEqual(
      recorded.map((r) => `${r.api}\n${frames(r.stack).slice(0, 8).join('\n')}`),
      [],
      'Carbon Lens made network calls with online features off',
    );
  });
});
