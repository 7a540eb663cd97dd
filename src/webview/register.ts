// Registers the sidebar estimate panel (webview view) and `carbonLens.openPanel`.
import * as vscode from 'vscode';
import { CommandId, ViewId } from '../constants';
import { log } from '../editor/log';
import type { Services } from '../services';
import { EstimateViewProvider, type OpenArgs, type PanelSnapshot } from './EstimateViewProvider';
import type { WorkspaceRuns } from '../editor/workspaceRuns';
import { ReportPanel, type ReportSnapshot } from './reportPanel';

/**
 * Reads `openPanel`'s argument: `{ uri, runIndex }` from lenses and hovers (a Uri, a URI string,
 * or Uri components after a command link's JSON round trip), `{ workspaceReport: true }` from the
 * workspace command, nothing from the palette. Anything malformed is dropped, not guessed at.
 */
export function parseOpenArgs(raw: unknown): OpenArgs {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: OpenArgs = {};
  if (r.workspaceReport === true) out.workspaceReport = true;
  const uri = toUri(r.uri);
  if (uri) out.uri = uri;
  if (typeof r.runIndex === 'number' && Number.isInteger(r.runIndex) && r.runIndex >= 0 && r.runIndex <= 100_000) out.runIndex = r.runIndex;
  if (r.uri !== undefined && !uri) log.warn('openPanel: ignored an invalid uri argument');
  return out;
}

function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  try {
    if (typeof v === 'string' && v.length > 0 && v.length <= 4096) return vscode.Uri.parse(v, true);
    if (v && typeof v === 'object') {
      const c = v as Record<string, unknown>;
      if (typeof c.scheme === 'string' && typeof c.path === 'string') {
        return vscode.Uri.from({
          scheme: c.scheme,
          authority: typeof c.authority === 'string' ? c.authority : undefined,
          path: c.path,
          query: typeof c.query === 'string' ? c.query : undefined,
          fragment: typeof c.fragment === 'string' ? c.fragment : undefined,
        });
      }
    }
  } catch {
    /* not a URI */
  }
  return undefined;
}

export function registerPanel(services: Services): void {
  const provider = new EstimateViewProvider(services);
  services.context.subscriptions.push(
    provider,
    // No retainContextWhenHidden: the page keeps its small state with getState/setState instead.
    vscode.window.registerWebviewViewProvider(ViewId.panel, provider),
    vscode.commands.registerCommand(CommandId.openPanel, (args?: unknown): Promise<PanelSnapshot> => provider.open(parseOpenArgs(args))),
  );
}

/** The editor-area workspace report and `carbonLens.openWorkspaceReport`. */
export function registerReportPanel(services: Services, runs: WorkspaceRuns): void {
  const panel = new ReportPanel(services, runs);
  services.context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(CommandId.openWorkspaceReport, (): Promise<ReportSnapshot> => panel.open()),
  );
}
