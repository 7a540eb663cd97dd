// Shared by the integration suites: the fixture workspace and condition waits with deadlines
// (never fixed sleeps).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../src/webview/EstimateViewProvider';

export const EXTENSION_ID = 'carbon-lens.carbon-lens';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'tests need the fixture workspace open (test/fixtures/workspace)');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** Polls `check` until it returns something truthy, or fails with what it was waiting for. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Carbon Lens's main lens (the run's estimate, or what the file needs for one) among the lenses VS
 * Code returned; driver lenses carry no title until resolved, or one without "CO₂e".
 */
export function mainLens(lenses: readonly vscode.CodeLens[] | undefined): vscode.CodeLens | undefined {
  return lenses?.find((l) => l.command?.command === 'carbonLens.openPanel' && /CO₂e|Carbon Lens: needs/.test(l.command.title));
}

/** Calls openPanel until the webview has acknowledged a model that satisfies `check`. */
export async function openUntil(args: unknown, what: string, check: (s: PanelSnapshot) => boolean, timeoutMs = 25000): Promise<PanelSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: PanelSnapshot | undefined;
  for (;;) {
    last = await vscode.commands.executeCommand<PanelSnapshot>('carbonLens.openPanel', args);
    if (last && last.delivered && check(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last snapshot: ${JSON.stringify(last)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
