// Reads files as they were at a git revision, without a checkout: `git show REV:path` for each file,
// `git diff --name-status` for what changed. The CLI's `diff` command and the GitHub Action use it;
// the editor never does (it reads the open documents). Only `git` is run, with an argument list (no
// shell), so a path or revision can never become a command.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A git failure said for the user: what went wrong and what to do, never a raw stack. */
export class GitError extends Error {}

/** Large enough for any config file Carbon Lens reads (the CLI caps files at 20 MB by default). */
const MAX_BUFFER = 512 * 1024 * 1024;

function git(cwd: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'], input, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; status?: number };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH); `carbon-lens diff` needs it.');
    const msg = err.stderr?.toString('utf8').trim().split('\n')[0];
    throw new GitError(msg || err.message);
  }
}

function gitText(cwd: string, args: string[]): string {
  return git(cwd, args).toString('utf8');
}

/** The top folder of the repository containing `cwd`. */
export function repoRoot(cwd: string): string {
  try {
    return gitText(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch (e) {
    throw new GitError(`${cwd} is not inside a git repository (${(e as Error).message}).`);
  }
}

export function isShallow(root: string): boolean {
  try {
    return gitText(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  } catch {
    return false;
  }
}

/** The full commit id a revision names, or undefined when the repository does not have it. */
export function commitOf(root: string, rev: string): string | undefined {
  if (rev.startsWith('-')) return undefined; // never let a "revision" become an option
  try {
    return gitText(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** What to tell a user whose clone lacks a revision: the usual cause in CI is a shallow checkout. */
function missingRevision(root: string, rev: string): GitError {
  const hint = isShallow(root)
    ? ' This is a shallow clone: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) and try again.'
    : ' Fetch it first (`git fetch origin <branch>`), or name a revision that exists.';
  return new GitError(`The base revision "${rev}" is not in this clone.${hint}`);
}

/** `rev`'s commit id, or a GitError saying how to get it. */
export function requireCommit(root: string, rev: string): string {
  const c = commitOf(root, rev);
  if (!c) throw missingRevision(root, rev);
  return c;
}

/**
 * The default branch to compare against: origin/HEAD when the clone knows it, else the first of
 * origin/main, origin/master, main, master that exists.
 */
export function defaultBranch(root: string): string | undefined {
  try {
    const ref = gitText(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).trim();
    if (ref) return ref.replace(/^refs\/remotes\//, '');
  } catch {
    /* no origin/HEAD: common in CI checkouts */
  }
  return ['origin/main', 'origin/master', 'main', 'master'].find((b) => commitOf(root, b));
}

/** Where a branch forked from the default branch: what a pull request's diff is taken against. */
export function defaultBase(root: string): string {
  const branch = defaultBranch(root);
  if (!branch) throw new GitError('No default branch found (origin/HEAD, origin/main, origin/master, main, master). Name the base revision: `carbon-lens diff BASE`.');
  try {
    return gitText(root, ['merge-base', branch, 'HEAD']).trim();
  } catch {
    if (isShallow(root)) throw missingRevision(root, `merge-base of ${branch} and HEAD`);
    throw new GitError(`${branch} and HEAD have no common ancestor. Name the base revision: \`carbon-lens diff BASE\`.`);
  }
}

export type ChangeStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface ChangedFile {
  status: ChangeStatus;
  /** Path at the base (repository-relative, `/`-separated); absent for an added file. */
  before?: string;
  /** Path at the head; absent for a removed file. */
  after?: string;
  /** git's similarity for a rename, percent. */
  similarity?: number;
}

/**
 * Files changed between `base` and `head` (undefined = the working tree, with untracked files that
 * are not ignored counted as added), limited to `pathspecs` (repository-relative) when given.
 * Renames are detected as `git diff -M` does (≥ 50 % similar).
 */
export function changedFiles(root: string, base: string, head: string | undefined, pathspecs: readonly string[] = []): ChangedFile[] {
  const specs = pathspecs.length ? ['--', ...pathspecs] : [];
  const raw = gitText(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-relative', base, ...(head ? [head] : []), ...specs]);
  const parts = raw.split('\0');
  const out: ChangedFile[] = [];
  for (let i = 0; i < parts.length - 1; ) {
    const code = parts[i++];
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      // A copy leaves the original in place: for estimates it is a new file.
      out.push(letter === 'R' ? { status: 'renamed', before: from, after: to, similarity: Number(code.slice(1)) || undefined } : { status: 'added', after: to });
    } else {
      const p = parts[i++];
      if (letter === 'A') out.push({ status: 'added', after: p });
      else if (letter === 'D') out.push({ status: 'removed', before: p });
      else if (letter === 'M' || letter === 'T') out.push({ status: 'modified', before: p, after: p });
      // 'U' (unmerged) and 'X' are not states a review compares.
    }
  }
  if (!head) {
    const untracked = gitText(root, ['ls-files', '--others', '--exclude-standard', '-z', ...specs]).split('\0').filter(Boolean);
    for (const p of untracked) out.push({ status: 'added', after: p });
  }
  return out.sort((a, b) => (a.after ?? a.before ?? '').localeCompare(b.after ?? b.before ?? ''));
}

/** A file's bytes at a revision (undefined = working tree); undefined when it does not exist there. */
export function readAt(root: string, rev: string | undefined, relPath: string): Buffer | undefined {
  const norm = path.posix.normalize(relPath.replace(/\\/g, '/'));
  if (norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) return undefined; // stays inside the repository
  if (rev === undefined) {
    try {
      return fs.readFileSync(path.join(root, norm));
    } catch {
      return undefined;
    }
  }
  try {
    return git(root, ['show', `${rev}:${norm}`]);
  } catch {
    return undefined;
  }
}

/** Files (repository-relative paths) directly in folder `dir` at a revision (undefined = working tree). */
export function listDir(root: string, rev: string | undefined, dir: string): string[] {
  const d = dir === '.' || dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  if (rev === undefined) {
    try {
      return fs.readdirSync(path.join(root, d), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${d}${e.name}`);
    } catch {
      return [];
    }
  }
  try {
    // ls-tree lists blobs and subtrees; `-z` for names with any characters. Only blobs are files.
    return gitText(root, ['ls-tree', '-z', rev, '--', d || '.'])
      .split('\0')
      .filter((l) => l.includes('\tblob') || / blob /.test(l))
      .map((l) => l.slice(l.indexOf('\t') + 1));
  } catch {
    return [];
  }
}

/** A repository-relative, `/`-separated path for a user-given path (relative to `cwd`). */
export function toRepoPath(root: string, cwd: string, p: string): string {
  // The repository root as git prints it may differ from cwd's spelling (symlinks such as /tmp on macOS).
  const real = (x: string) => {
    try {
      return fs.realpathSync(x);
    } catch {
      return path.resolve(x);
    }
  };
  const abs = path.resolve(real(cwd), p);
  const rel = path.relative(real(root), abs).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}
