// What the command handlers share: the services they are handed, where settings are written, which
// file "the current file" is, and a fire-and-forget hand-off to the panel.
import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import type { FileResult } from '../../engine/evaluate';
import { toJsonReport } from '../../engine/jsonReport';
import type { Services } from '../../services';
import type { BudgetIndex } from '../budgets';
import { log } from '../log';
import type { WorkspaceReportFile } from '../reportStore';
import type { WorkspaceRuns } from '../workspaceRuns';

/** Services plus what only the action features own. */
export interface ActionServices extends Services {
  budgets: BudgetIndex;
  /** The workspace's runs (Runs view, editor-area report). */
  runs?: WorkspaceRuns;
}

export function extensionVersion(services: Services): string {
  const v = (services.context.extension.packageJSON as { version?: unknown }).version;
  return typeof v === 'string' ? v : '0.0.0';
}

/** Settings go to the workspace when one is open (the team shares them), else to the user. */
export function configTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** The file the user is looking at: a text editor's document, or the notebook (not its cell). */
export function activeFileUri(): vscode.Uri | undefined {
  const nb = vscode.window.activeNotebookEditor?.notebook.uri;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme !== 'vscode-notebook-cell' && doc.uri.scheme !== 'output') return doc.uri;
  return nb;
}

/** A URI from a command argument: a Uri (explorer/editor menus), `{ uri }` or a URI string. */
export function uriFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const raw = arg && typeof arg === 'object' && 'uri' in arg ? (arg as { uri: unknown }).uri : arg;
  if (raw instanceof vscode.Uri) return raw;
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  try {
    return vscode.Uri.parse(raw, true);
  } catch {
    return undefined;
  }
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/**
 * Shows something in the panel. Not awaited: the panel may be registered later or not at all, and
 * a command's result must not wait for a webview to load.
 */
export function openPanel(args: { uri: string; runIndex: number } | { workspaceReport: true }): void {
  Promise.resolve(vscode.commands.executeCommand(CommandId.openPanel, args)).catch((e) => log.debug(`Panel not shown: ${(e as Error).message}`));
}

/** A file's result as the JSON report entry, with a workspace-relative path and its URI. */
export function reportEntry(result: FileResult, uri: vscode.Uri, version: string): WorkspaceReportFile {
  const entry = toJsonReport([{ ...result, path: vscode.workspace.asRelativePath(uri, false) }], version).files[0];
  return { ...entry, uri: uri.toString() };
}

/** Where an explicit `path` argument may write: inside an open workspace folder, nowhere else. */
export function writableTarget(raw: unknown, extensions: RegExp): vscode.Uri | string {
  if (typeof raw !== 'string' || !raw || raw.length > 4096) return 'path must be a non-empty string';
  let uri: vscode.Uri;
  try {
    uri = /^[a-z][\w+.-]+:\/\//i.test(raw) ? vscode.Uri.parse(raw, true) : vscode.Uri.file(raw);
  } catch {
    return 'path is not a file path or URI';
  }
  if (/(^|\/)\.\.(\/|$)/.test(uri.path)) return 'path must not contain ..';
  if (!extensions.test(uri.path)) return `path must end in ${extensions.source}`;
  if (!vscode.workspace.getWorkspaceFolder(uri)) return 'path must be inside an open workspace folder';
  return uri;
}
