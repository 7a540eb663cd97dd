// The checks the editor makes before reading a file it was not asked to open (a referenced config,
// a run record, a `.carbonlens.yml`, a file of the workspace scan), apart from VS Code so they can be
// tested with a stand-in file system. `workspace.fs.readFile` has no size limit and waits for ever
// on a FIFO (audit 2026-12, M2), and a symlink in a repository can point anywhere (M3); so: stat
// first, a regular file only (a symlink to one is fine, audit I5), within the size cap, and inside
// the workspace folder once symlinks are resolved. No runtime `vscode` import (types only).

/** `vscode.FileType` values (a stable API enum: File = 1, Directory = 2, SymbolicLink = 64). */
export const FILE_TYPE = { File: 1, Directory: 2, SymbolicLink: 64 } as const;

export interface StatLike {
  type: number;
  size: number;
  mtime: number;
}

export interface CheckedFs<U> {
  stat(uri: U): Promise<StatLike>;
  readFile(uri: U): Promise<Uint8Array>;
  /** The path with every symlink resolved, for local files; undefined where that cannot be known. */
  realPath(uri: U): Promise<string | undefined>;
  /** The path to compare when `realPath` cannot say (remote and virtual file systems). */
  plainPath(uri: U): string;
}

export type CheckedRead =
  | { ok: true; text: string; stat: StatLike }
  /** `missing`: absent, the usual case for a reference or a record; no note is needed. */
  | { ok: false; missing: boolean; reason: string };

function refused(reason: string): CheckedRead {
  return { ok: false, missing: false, reason };
}

/** `target` is `root` or below it, comparing `/`-separated paths segment by segment. */
export function pathInside(root: string, target: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const t = norm(target);
  return t === r || t.startsWith(`${r}/`);
}

function mb(n: number): string {
  return n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Reads `target` as UTF-8 when it is a regular file of at most `maxBytes` inside `root`. Never
 * throws. A file swapped for a FIFO between the stat and the read is the one case left open: the
 * workspace file system API has no non-blocking open.
 */
export async function readChecked<U>(fs: CheckedFs<U>, target: U, root: U, maxBytes: number): Promise<CheckedRead> {
  let st: StatLike;
  try {
    st = await fs.stat(target);
  } catch {
    return { ok: false, missing: true, reason: 'not found' };
  }
  if (!(st.type & FILE_TYPE.File)) {
    return refused(st.type & FILE_TYPE.Directory ? 'a folder' : 'not a regular file (a pipe, device or socket)');
  }
  if (st.size > maxBytes) return refused(`${mb(st.size)}, over the ${mb(maxBytes)} limit`);
  const [real, realRoot] = await Promise.all([fs.realPath(target).catch(() => undefined), fs.realPath(root).catch(() => undefined)]);
  if (real !== undefined && realRoot !== undefined) {
    if (!pathInside(realRoot, real)) return refused('outside the workspace folder (through a symbolic link)');
  } else if (st.type & FILE_TYPE.SymbolicLink) {
    return refused('a symbolic link whose target cannot be checked here');
  } else if (!pathInside(fs.plainPath(root), fs.plainPath(target))) {
    return refused('outside the workspace folder');
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(target);
  } catch (e) {
    return refused(`could not be read (${(e as { code?: string }).code ?? (e as Error).message})`);
  }
  if (bytes.byteLength > maxBytes) return refused(`over the ${mb(maxBytes)} limit`); // grew since the stat
  return { ok: true, text: new TextDecoder().decode(bytes), stat: st };
}
