// How the editor reads files beside the document: through workspace.fs (remote and virtual
// workspaces work), with the checks of checkedRead, confined to the document's workspace folder,
// and — for paths written inside a file — only under the reference policy and never in Restricted
// Mode, where a repository has not been trusted to make the editor read anything on its behalf.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { checkReference, depthBelow, lookupFolders } from '../engine/referencePolicy';
import { readChecked, type CheckedFs, type CheckedRead } from './checkedRead';

export type { CheckedRead };

const workspaceFs: CheckedFs<vscode.Uri> = {
  stat: (u) => Promise.resolve(vscode.workspace.fs.stat(u)),
  readFile: (u) => Promise.resolve(vscode.workspace.fs.readFile(u)),
  // Symlinks can only be resolved for local files; elsewhere the lexical check has to do.
  realPath: async (u) => (u.scheme === 'file' ? fs.promises.realpath(u.fsPath) : undefined),
  plainPath: (u) => u.path,
};

/** The folder files read for `uri` must stay in: its workspace folder, or its own folder when loose. */
export function readRootOf(uri: vscode.Uri): vscode.Uri {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
}

/** A file of the workspace (scan, budget file, record): checked, bounded, inside `root`. */
export function readWorkspaceFile(target: vscode.Uri, maxBytes: number, root: vscode.Uri = readRootOf(target)): Promise<CheckedRead> {
  return readChecked(workspaceFs, target, root, maxBytes);
}

export const RESTRICTED_MODE = 'the workspace is in Restricted Mode; references are followed once it is trusted';

/** A path written in the document at `doc` (`deepspeed: ds.json`): policy, trust, then the checked read. */
export async function readReferencedFile(doc: vscode.Uri, ref: string, maxBytes: number): Promise<CheckedRead> {
  if (!vscode.workspace.isTrusted) return { ok: false, missing: false, reason: RESTRICTED_MODE };
  const root = readRootOf(doc);
  // `..` may climb as far as the workspace folder (OpenMMLab `_base_`, detectron2 `_BASE_`), no further.
  const c = checkReference(ref, depthBelow(root.path, doc.path));
  if (!c.ok) return { ok: false, missing: false, reason: c.reason };
  let target: vscode.Uri;
  try {
    // Inside the try: an odd path must cost this reference, not the analysis (audit I3).
    target = vscode.Uri.joinPath(doc, '..', ...c.path.split('/'));
  } catch {
    return { ok: false, missing: false, reason: 'not a valid path' };
  }
  const first = await readChecked(workspaceFs, target, root, maxBytes);
  const folder = vscode.workspace.getWorkspaceFolder(doc);
  if (first.ok || !first.missing || !folder) return first;
  // Not beside the document: each parent folder up to the workspace folder, where launch scripts are
  // run from (the CLI looks in the same places, lookupFolders).
  const rel = doc.path.slice(folder.uri.path.replace(/\/+$/, '').length + 1).split('/').slice(0, -1).join('/');
  for (const dir of lookupFolders(rel).slice(1)) {
    let next: vscode.Uri;
    try {
      next = vscode.Uri.joinPath(folder.uri, ...dir.split('/').filter(Boolean), ...c.path.split('/'));
    } catch {
      break;
    }
    const read = await readChecked(workspaceFs, next, root, maxBytes);
    if (read.ok || !read.missing) return read;
  }
  return first;
}

/**
 * Texts of referenced files by the path as written, plus the references not followed and why (for
 * the note on the estimate). A Map, so it goes where the sibling map always went.
 */
export class SiblingTexts extends Map<string, string> {
  readonly refused = new Map<string, string>();
}
