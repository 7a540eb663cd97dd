// The one way the CLI reads a file: regular files only, bounded, and (when asked) only inside the
// folders the user named. `fs.readFileSync` on a path a repository controls is not safe (audit
// 2026-12, M2/M3): a symlink to /dev/zero reports size 0 and then reads for ever, a FIFO blocks the
// process on open, and a symlink (or a symlinked folder) can point outside the tree being checked.
// Node only, no vscode: the editor has its own adapter over workspace.fs (editor/safeWorkspaceRead).
import * as fs from 'fs';
import * as path from 'path';

export type SafeReadFailure = 'missing' | 'not-file' | 'too-large' | 'outside' | 'binary' | 'unreadable';

export type SafeRead =
  | { ok: true; text: string }
  | { ok: false; reason: SafeReadFailure; message: string };

export interface SafeReadOptions {
  maxBytes: number;
  /**
   * Real paths (after `realpath`) the file must lie in, symlinks resolved; undefined = anywhere.
   * See `realRoot`.
   */
  roots?: readonly string[];
  /** Refuse a file with a NUL byte in its first 8 KB (a binary, not a config). */
  rejectBinary?: boolean;
}

const SNIFF_BYTES = 8192;
// Not defined on Windows, where FIFOs and device files cannot be opened by path anyway.
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * The real path of a folder, or of the folder a file is named in (not where a symlinked file points),
 * to use in `roots`; undefined when it does not exist.
 */
export function realRoot(p: string): string | undefined {
  try {
    return fs.realpathSync(fs.statSync(p).isDirectory() ? p : path.dirname(path.resolve(p)));
  } catch {
    return undefined;
  }
}

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
}

function fail(reason: SafeReadFailure, message: string): SafeRead {
  return { ok: false, reason, message };
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device file';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads `file` as UTF-8 text when it is a regular file (a symlink only when its target is one), no
 * larger than `maxBytes`, inside `roots`. Never throws, never blocks on a FIFO or device, and never
 * reads more than `maxBytes + 1` bytes whatever the file turns into between the checks.
 */
export function safeReadFileSync(file: string, options: SafeReadOptions): SafeRead {
  const { maxBytes } = options;
  let real: string;
  let st: fs.Stats;
  try {
    const link = fs.lstatSync(file);
    st = link.isSymbolicLink() ? fs.statSync(file) : link;
    if (!st.isFile()) return fail('not-file', `Not read: ${kindOf(st)}${link.isSymbolicLink() ? ' behind a symbolic link' : ''}.`);
    real = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing', 'No such file.');
    if (code === 'ELOOP') return fail('not-file', 'Not read: a symbolic link loop.');
    return fail('unreadable', `Could not read: ${code ?? (e as Error).message}`);
  }
  if (options.roots && !options.roots.some((r) => isInside(r, real))) {
    return fail('outside', 'Not read: it is outside the folders given (a symbolic link or path leading out; --allow-outside reads it).');
  }
  if (st.size > maxBytes) return fail('too-large', `Skipped: ${mb(st.size)} is over the ${mb(maxBytes)} limit.`);
  let fd: number;
  try {
    // The real path, not followed again, and non-blocking: if it was swapped for a FIFO or a link
    // since the checks above, open neither waits for a writer nor lands somewhere else.
    fd = fs.openSync(real, fs.constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('missing', 'No such file.');
    return fail('unreadable', `Could not read: ${code ?? (e as Error).message}`);
  }
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) return fail('not-file', `Not read: ${kindOf(fst)}.`);
    if (fst.size > maxBytes) return fail('too-large', `Skipped: ${mb(fst.size)} is over the ${mb(maxBytes)} limit.`);
    // One byte more than allowed tells "exactly at the cap" from "grew past it while we read".
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(fst.size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2)); // grew since fstat
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    return finish(buf.subarray(0, total), options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail('unreadable', `Could not read: ${code ?? (e as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
}

function finish(bytes: Buffer, options: SafeReadOptions): SafeRead {
  if (bytes.length > options.maxBytes) return fail('too-large', `Skipped: over the ${mb(options.maxBytes)} limit.`);
  if (options.rejectBinary && bytes.subarray(0, SNIFF_BYTES).includes(0)) return fail('binary', 'Skipped: binary file.');
  return { ok: true, text: bytes.toString('utf8') };
}
