// Shared by the integration suites: the fixture workspace and condition waits with deadlines
// (never fixed sleeps).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
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
  return lenses?.find((l) => (l.command?.command === 'carbonLens.openPanel' || l.command?.command === 'carbonLens.pickModel') && /CO₂e|Carbon Lens: needs/.test(l.command.title));
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

/** One run as the CLI prints it: the strings the editor's surfaces show, formatted by the same code. */
export interface CliRun {
  /** `≈ 33 kg CO₂e (23–43)`: formatCo2e, as the lens, hover and panel headline show it. */
  co2e: string;
  /** `33 kg`: the mid value alone (status bar, equivalences, budget messages). */
  mid: string;
  /** `87 kWh`: formatEnergy of the mid energy. */
  energy: string;
  /** `8× A100 SXM4 80GB` */
  hardware: string;
  /** The run from `--json` (numbers rounded to 4 significant digits). */
  json: { name: string; co2eKg: { low: number; mid: number; high: number } | null; inputs: Record<string, { value: unknown; line?: number }> };
}

function runCli(args: string[]): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
  const cwd = vscode.workspace.workspaceFolders![0].uri.fsPath;
  // The host's own executable runs it: Node in code-server's extension host, Electron (as Node) in desktop VS Code.
  return execFileSync(process.execPath, [cli, 'estimate', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 30000 });
}

/** The CLI's `--json` report for one workspace file. */
export function cliJson(file: string): { files: { path: string; runs: Array<Record<string, unknown>> }[] } {
  return JSON.parse(runCli(['--json', file]));
}

/**
 * The CLI's estimate of run `runIndex` of a workspace file, for comparing with what the editor shows.
 * The strings come from the CLI's table, which formats the unrounded estimate with the same
 * functions as the editor (src/core/format.ts); formatting the 4-digit --json values here could
 * differ in the last digit. The table's rule line (one run of '─' per column) gives the widths.
 */
export function cliEstimate(file: string, runIndex = 0): CliRun {
  const lines = runCli([file]).split('\n');
  const rule = lines.findIndex((l) => /^─+( {2}─+)*$/.test(l));
  assert.ok(rule > 0, `no table in the CLI output for ${file}`);
  const widths = lines[rule].split('  ').map((s) => s.length);
  const cut = (line: string) => {
    let at = 0;
    return widths.map((w) => {
      const cell = line.slice(at, at + w).trim();
      at += w + 2;
      return cell;
    });
  };
  const header = cut(lines[rule - 1]);
  const col = (row: string[], name: string) => row[header.indexOf(name)];
  const rows: string[][] = [];
  for (const line of lines.slice(rule + 1)) {
    if (!line.trim()) break;
    const row = cut(line);
    if (col(row, 'File') === file) rows.push(row);
  }
  const row = rows[runIndex];
  const json = JSON.parse(runCli(['--json', file])).files.find((f: { path: string }) => f.path === file)?.runs[runIndex];
  assert.ok(row && json?.co2eKg, `the CLI has no estimate for run ${runIndex} of ${file}`);
  const co2e = col(row, 'CO₂e (low–high)');
  const mid = /^≈ (.+) CO₂e \(/.exec(co2e)?.[1];
  assert.ok(mid, `unexpected CO₂e cell for ${file}: ${co2e}`);
  return { co2e, mid, energy: col(row, 'Energy'), hardware: col(row, 'Hardware'), json };
}
