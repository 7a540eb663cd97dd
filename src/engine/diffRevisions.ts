// `carbon-lens diff`: estimates each changed run file at the base and at the head revision, read
// straight from git objects (no checkout, so the working tree is never touched), and hands the pairs
// to diff.ts. Referenced sibling files (a sweep's per-trial config) are read at the same revision.
import * as path from 'path';
import type { EstimateSettings } from '../core/settings';
import { diffReport, type DiffReport, type FilePair } from './diff';
import { failedFile, type FileResult } from './fileResult';
import { DEFAULT_TIMEOUT_S, evaluateWithDeadline } from './cliEngine';
import { checkReference, depthBelow, noteRefusedReferences } from './referencePolicy';
import { RUN_FILE, SKIPPED_FOLDERS } from './runFiles';
import { changedFiles, commitOf, defaultBase, listDir, readAt, repoRoot, requireCommit, toRepoPath, GitError, type ChangedFile } from './gitRevisions';


export function isCandidate(relPath: string): boolean {
  const parts = relPath.split('/');
  return RUN_FILE.test(relPath) && !parts.slice(0, -1).some((p) => SKIPPED_FOLDERS.has(p));
}

export interface DiffOptions {
  cwd: string;
  /** Base revision; undefined = merge-base of HEAD with the default branch. */
  base?: string;
  /** Head revision; undefined = the working tree. */
  head?: string;
  /** Paths (relative to cwd) to limit the diff to. */
  paths: readonly string[];
  settings: EstimateSettings;
  maxBytes: number;
  version: string;
}

/** A file at one revision, estimated as `estimate` would (size and binary limits included). */
export function estimateAt(root: string, rev: string | undefined, relPath: string, settings: EstimateSettings, maxBytes: number): FileResult | undefined {
  const buf = readAt(root, rev, relPath);
  if (!buf) return undefined;
  if (buf.length > maxBytes) return failedFile(relPath, `Skipped: ${(buf.length / 1024 / 1024).toFixed(1)} MB is over the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit (--max-size-mb).`);
  if (buf.subarray(0, 8192).includes(0)) return failedFile(relPath, 'Skipped: binary file.');
  const text = buf.toString('utf8');
  // In the engine worker with the CLI's deadline, as `estimate` does: a hostile revision is an error row.
  let result = evaluateWithDeadline(text, relPath, settings, DEFAULT_TIMEOUT_S);
  if (result.stopped) return result;
  const refs = result.analysis?.references ?? [];
  const refused = new Map<string, string>();
  if (refs.length) {
    const siblings = new Map<string, string>();
    for (const ref of refs) {
      // The same policy as `estimate`: no absolute, drive or UNC references, `..` only within the repository.
      const c = checkReference(ref, depthBelow('', `/${relPath}`));
      if (!c.ok) {
        refused.set(ref, c.reason);
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relPath), c.path));
      const b = readAt(root, rev, target);
      if (b && b.length <= maxBytes) siblings.set(ref, b.toString('utf8'));
    }
    if (siblings.size) result = evaluateWithDeadline(text, relPath, settings, DEFAULT_TIMEOUT_S, siblings);
  }
  return noteRefusedReferences(result, refused);
}

export interface DiffRun {
  report: DiffReport;
  /** The head version of each changed run file (for SARIF), paths repository-relative. */
  heads: FileResult[];
  /** The repository's top folder. */
  root: string;
}

export function diffRevisions(o: DiffOptions): DiffRun {
  const root = repoRoot(o.cwd);
  const baseRev = o.base ?? defaultBase(root);
  const baseCommit = requireCommit(root, baseRev);
  let headCommit: string | null = null;
  if (o.head !== undefined) {
    headCommit = commitOf(root, o.head) ?? null;
    if (!headCommit) throw new GitError(`The head revision "${o.head}" is not in this clone.`);
  }
  const specs = o.paths.map((p) => toRepoPath(root, o.cwd, p));
  if (specs.some((s) => s === '..' || s.startsWith('../'))) throw new GitError('Paths must be inside the repository.');
  const pairs: FilePair[] = [];
  const changes = changedFiles(root, baseCommit, headCommit ?? undefined, specs);
  for (const c of changes) {
    if (!(c.before && isCandidate(c.before)) && !(c.after && isCandidate(c.after))) continue;
    const before = c.before ? estimateAt(root, baseCommit, c.before, o.settings, o.maxBytes) : undefined;
    const after = c.after ? estimateAt(root, headCommit ?? undefined, c.after, o.settings, o.maxBytes) : undefined;
    pairs.push({ status: c.status, beforePath: c.before, afterPath: c.after, before, after });
  }
  pairs.push(...dependents(root, baseCommit, headCommit ?? undefined, changes, specs, o));
  const report = diffReport(pairs, { version: o.version, base: { rev: baseRev, commit: baseCommit }, head: { rev: o.head ?? null, commit: headCommit } });
  return { report, heads: pairs.flatMap((p) => (p.after ? [p.after] : [])), root };
}

/**
 * Unchanged run files that read a changed one: a sweep whose `command` names a per-trial config
 * changes when that config does, though the sweep file itself is untouched. References are relative
 * to the referring file, and in practice sit in the same folder, which is where they are looked for
 * (a bounded search: one folder listing per changed file, and only files that name it are parsed).
 */
function dependents(root: string, base: string, head: string | undefined, changes: readonly ChangedFile[], specs: readonly string[], o: DiffOptions): FilePair[] {
  const touched = new Set(changes.flatMap((c) => [c.before, c.after]).filter((p): p is string => !!p));
  const inScope = (p: string) => !specs.length || specs.some((s) => s === '.' || p === s || p.startsWith(`${s.replace(/\/+$/, '')}/`));
  const out: FilePair[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const target = c.after ?? c.before;
    if (!target) continue;
    const dir = path.posix.dirname(target);
    for (const s of listDir(root, head, dir)) {
      if (touched.has(s) || seen.has(s) || !isCandidate(s) || !inScope(s)) continue;
      const text = readAt(root, head, s);
      if (!text || text.length > o.maxBytes || !text.includes(path.posix.basename(target))) continue;
      const after = estimateAt(root, head, s, o.settings, o.maxBytes);
      const refs = after?.analysis?.references ?? [];
      if (!refs.some((r) => path.posix.normalize(path.posix.join(dir, r.replace(/\\/g, '/'))) === target)) continue;
      seen.add(s);
      out.push({ status: 'modified', beforePath: s, afterPath: s, before: estimateAt(root, base, s, o.settings, o.maxBytes), after, via: target });
    }
  }
  return out;
}
