// Which paths written inside a file Carbon Lens may follow: a config's `deepspeed: ds.json`, a
// sweep's `--config train.yaml`, a Trainer's `output_dir`. A hostile repository controls these
// strings, so only plain relative paths that stay inside the workspace folder are followed (audit
// 2026-12, M3): an absolute path, or a `..` that climbs above the folder, could read a secret outside
// the workspace into a report,
// and a Windows UNC path (`\\host\share`) would make Windows connect to that host over SMB and offer
// the user's NTLM credentials. Pure (no fs, no vscode): the CLI and the editor share it, and the
// readers then check what the path really is (regular file, inside the folder after symlinks).
import type { FileResult } from './fileResult';

export type ReferenceCheck = { ok: true; path: string } | { ok: false; reason: string };

export const REFUSED_UNC = 'Windows UNC/drive path';
export const REFUSED_ABSOLUTE = 'absolute path';
export const REFUSED_PARENT = 'leaves the folder (..)';
export const REFUSED_URL = 'a URL, not a file in the folder';
export const REFUSED_CONTROL = 'control characters in the path';

/** Longer than any real relative config path; a bound before any work on file text. */
const MAX_REFERENCE_CHARS = 1024;

/**
 * Whether a path written in a file may be followed, and the relative path to follow from the file's
 * folder (separators as `/`, `.` segments dropped, `a/..` cancelled). Backslash counts as a separator
 * on every platform, because the same repository may be opened on Windows.
 *
 * `depth`: how many folders the referencing file's folder lies below the workspace root. A `..` may
 * climb that far and no further: OpenMMLab's `_base_ = ['../_base_/models/x.py']` and detectron2's
 * `_BASE_: "../Base-RCNN-FPN.yaml"` stay inside the repository and are followed; the same `..` from a
 * file at the root is refused. The readers still check the real path (symlinks) against the root.
 */
export function checkReference(ref: string, depth = 0): ReferenceCheck {
  const s = ref.trim();
  if (!s) return { ok: false, reason: 'empty path' };
  if (s.length > MAX_REFERENCE_CHARS) return { ok: false, reason: 'path too long' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F-\u009F]/.test(s)) return { ok: false, reason: REFUSED_CONTROL };
  // `\\host\share`, `//host/share`, `/\host`, `\/host`: all UNC to Windows; `C:x` and `C:\x` name a drive.
  if (/^[\\/]{2}/.test(s) || /^[a-z]:/i.test(s)) return { ok: false, reason: REFUSED_UNC };
  if (/^[\\/]/.test(s)) return { ok: false, reason: REFUSED_ABSOLUTE };
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return { ok: false, reason: REFUSED_URL };
  const down: string[] = [];
  let up = 0;
  for (const seg of s.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') down.push(seg);
    else if (down.length) down.pop();
    else if (up < depth) up++;
    else return { ok: false, reason: REFUSED_PARENT };
  }
  if (down.length === 0) return { ok: false, reason: 'names the folder itself' };
  return { ok: true, path: [...Array<string>(up).fill('..'), ...down].join('/') };
}

/** Folders between `root` and the folder of `file` (both `/`-separated); 0 when `file` is not below `root`. */
export function depthBelow(root: string, file: string): number {
  const r = root.endsWith('/') ? root.slice(0, -1) : root;
  const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
  if (dir === r || !dir.startsWith(`${r}/`)) return 0;
  return dir.slice(r.length + 1).split('/').filter(Boolean).length;
}

/** What the user reads on the estimate when a referenced file was not read. */
export function refusalNote(ref: string, reason: string): string {
  const shown = ref.length > 80 ? `${ref.slice(0, 79)}…` : ref;
  // Controls are already refused above; JSON.stringify shows anything odd left visibly.
  return `Did not read ${JSON.stringify(shown)}: ${reason}. Carbon Lens follows a reference only to a regular file inside the workspace folder.`;
}

/**
 * Adds a note for each refused reference to the runs that mention it (to every run when none
 * does), so an estimate says why a value it could have taken from that file is missing.
 */
export function noteRefusedReferences(result: FileResult, refused: ReadonlyMap<string, string>): FileResult {
  if (refused.size === 0 || result.estimates.length === 0) return result;
  const estimates = result.estimates.map((e) => ({ ...e, assumptions: [...e.assumptions] }));
  for (const [ref, reason] of refused) {
    const note = refusalNote(ref, reason);
    const mentioning = estimates.filter((e) => e.assumptions.some((a) => a.includes(ref)));
    for (const e of mentioning.length ? mentioning : estimates) if (!e.assumptions.includes(note)) e.assumptions.push(note);
  }
  return { ...result, estimates };
}

/** Parent folders a reference is looked up in at most (a deep tree is not walked to its root). */
const MAX_LOOKUP_LEVELS = 8;

/**
 * The folders, relative to the workspace root and nearest first, where a relative reference written in
 * a file is looked for: the file's own folder, then each parent up to the root (`''`). Launch scripts
 * are run from the repository root or a parent of their folder (`bash scripts/train.sh` naming
 * `configs/x.yaml`), so a path that is not beside the script is usually beside one of those.
 * `fileDir` is the file's folder relative to the root, `/`-separated (`''` when at the root); a
 * folder outside the root (`..`) gets only itself.
 */
export function lookupFolders(fileDir: string): string[] {
  const parts = fileDir.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return [parts.join('/')];
  const out: string[] = [];
  for (let n = parts.length; n >= 0 && out.length <= MAX_LOOKUP_LEVELS; n--) out.push(parts.slice(0, n).join('/'));
  return out;
}
