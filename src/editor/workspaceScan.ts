// Finding and analysing the ML configs of a workspace: for the workspace report, the export and the
// "which file?" pick. Reads through workspace.fs (virtual workspaces work too), caps file size,
// honours cancellation between files, and never lets one file's failure stop the others.
import * as vscode from 'vscode';
import { failedFile, type FileResult } from '../engine/fileResult';
import type { Services } from '../services';
import type { AnalysableText } from './analysisService';
import { readEditorOptions } from './config';
import { log } from './log';
import { engine } from './engine';
import { readWorkspaceFile } from './safeWorkspaceRead';

const CANDIDATES = '**/*.{yaml,yml,json,jsonc,ipynb,py,sh,bash,slurm,sbatch}';
const EXCLUDE = '**/{node_modules,.git,.hg,.svn,__pycache__,.venv,venv,.ipynb_checkpoints,.tox,.mypy_cache,dist,out}/**';
/** A cap so a monorepo scan stays a scan, not an indexing job. */
const MAX_FILES = 5000;
/** Bytes looked at to tell a binary file from text. */
const SNIFF = 8192;

export interface ScannedFile {
  uri: vscode.Uri;
  /** Workspace-relative path, for display and for the report. */
  relPath: string;
  result: FileResult;
}

export interface ScanOutcome {
  files: ScannedFile[];
  /** Candidates that could not be read or analysed, with why. */
  skipped: { uri: vscode.Uri; reason: string }[];
  cancelled: boolean;
}

/** A file is worth reporting when a format claimed it (even if it then failed to parse). */
export function isRecognised(result: FileResult): boolean {
  return result.format !== 'unknown';
}

export function fileNameOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

export async function findCandidateFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(CANDIDATES, EXCLUDE, MAX_FILES, token);
  return uris.sort((a, b) => a.toString().localeCompare(b.toString()));
}

/**
 * Analyses one file: the open document when there is one (unsaved edits count), else the file on
 * disk. Disk reads go through the shared service under a negative version made from mtime and
 * size, so they never collide with an open document's versions and a rescan of unchanged files is
 * a cache hit.
 */
export async function analyseUri(services: Services, uri: vscode.Uri, token?: vscode.CancellationToken): Promise<FileResult> {
  const name = fileNameOf(uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return services.analysis.analyse(open, token);
  try {
    const max = readEditorOptions(uri).maxFileBytes;
    // findFiles follows symlinks: the checked read takes regular files only (not a FIFO or
    // /dev/zero behind a link), within the size limit, inside the workspace folder.
    const read = await readWorkspaceFile(uri, max);
    if (!read.ok) return failedFile(name, read.missing ? 'Could not read: not found.' : `Not analysed: ${read.reason}${/limit$/.test(read.reason) ? ' (carbonLens.maxFileSizeMb)' : ''}.`);
    const { text, stat } = read;
    if (text.slice(0, SNIFF).includes('\0')) return failedFile(name, 'Not analysed: binary file.');
    const doc: AnalysableText = { uri, version: -(stat.mtime * 1000 + (stat.size % 1000)) - 1, fileName: name, getText: () => text };
    return await services.analysis.analyse(doc, token);
  } catch (e) {
    return failedFile(name, `Could not read: ${(e as Error).message}`);
  }
}

/**
 * Analyses every candidate file, reporting each recognised one through `onFile` as it is found.
 * Unrecognised files are left out; unreadable ones are counted in `skipped` and logged.
 */
export async function scanWorkspace(
  services: Services,
  token: vscode.CancellationToken,
  onFile?: (done: number, total: number, uri: vscode.Uri, found?: ScannedFile) => void,
): Promise<ScanOutcome> {
  const out: ScanOutcome = { files: [], skipped: [], cancelled: false };
  const uris = await findCandidateFiles(token);
  for (let i = 0; i < uris.length; i++) {
    if (token.isCancellationRequested) {
      out.cancelled = true;
      break;
    }
    const uri = uris[i];
    let found: ScannedFile | undefined;
    try {
      const result = await analyseUri(services, uri, token);
      if (isRecognised(result)) {
        found = { uri, relPath: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), result };
        out.files.push(found);
      } else if (result.error) {
        out.skipped.push({ uri, reason: result.error });
        log.debug(`Workspace scan: ${uri.toString()}: ${result.error}`);
      }
    } catch (e) {
      // analyse() does not throw; anything here is a bug that must not end the scan.
      out.skipped.push({ uri, reason: (e as Error).message });
      log.error(`Workspace scan: ${uri.toString()}`, e);
    }
    onFile?.(i + 1, uris.length, uri, found);
  }
  if (token.isCancellationRequested) out.cancelled = true;
  return out;
}

interface FileItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/**
 * A quick pick of the workspace's recognised files, filled in as the scan finds them. Closing the
 * pick cancels the scan.
 */
export function pickRecognisedFile(services: Services, title: string): Promise<vscode.Uri | undefined> {
  return new Promise((resolve) => {
    const cts = new vscode.CancellationTokenSource();
    const pick = vscode.window.createQuickPick<FileItem>();
    const items: FileItem[] = [];
    let settled = false;
    const finish = (uri: vscode.Uri | undefined) => {
      if (settled) return;
      settled = true;
      cts.cancel();
      pick.dispose();
      cts.dispose();
      resolve(uri);
    };
    pick.title = title;
    pick.placeholder = 'Looking for ML configs in the workspace…';
    pick.matchOnDescription = true;
    pick.busy = true;
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.uri));
    pick.onDidHide(() => finish(undefined));
    pick.show();
    scanWorkspace(services, cts.token, (done, total, _uri, found) => {
      if (found) {
        const runs = found.result.estimates.length;
        items.push({
          uri: found.uri,
          label: found.relPath.split('/').pop() ?? found.relPath,
          description: found.relPath,
          detail: found.result.error ? `${found.result.format} · ⚠ ${found.result.error}` : `${found.result.format} · ${runs} run${runs === 1 ? '' : 's'}`,
        });
        pick.items = items;
      }
      pick.placeholder = `Looking for ML configs… ${done}/${total}`;
    })
      .then((outcome) => {
        if (settled) return;
        pick.busy = false;
        pick.placeholder = outcome.files.length ? 'Pick a file to estimate' : 'No recognised ML config in this workspace';
      })
      .catch((e) => {
        log.error('Scanning the workspace', e);
        pick.busy = false;
      });
  });
}
