// One analysis per document version, shared by CodeLens, hover, diagnostics, the status bar and the
// panel. Results are cached by URI + version + settings generation, so re-asking for an unchanged
// document costs a map look-up; typing re-analyses at most once per debounce interval.
import * as vscode from 'vscode';
import { failedFile, stoppedFile, type FileResult } from '../engine/fileResult';
import { VersionCache } from '../engine/versionCache';
import { readEditorOptions, readEstimateSettings } from './config';
import { log } from './log';
import { notebookAnalysisUri } from './notebookCells';
import { engine, stoppedReason } from './engine';
import { noteRefusedReferences } from '../engine/referencePolicy';
import { readReferencedFile, SiblingTexts } from './safeWorkspaceRead';

export interface AnalysedDocument {
  uri: vscode.Uri;
  version: number;
  result: FileResult;
}

/** What the analyser needs from a document; notebook adapters can provide a synthetic one. */
export interface AnalysableText {
  uri: vscode.Uri;
  version: number;
  fileName: string;
  getText(): string;
}

const DEBOUNCE_MS = 300;

/** At most this many referenced files are read per document (a config names one or two). */
const MAX_REFERENCES = 8;

interface Pending {
  version: number;
  generation: number;
  result: Promise<FileResult>;
}

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new VersionCache<FileResult>();
  private readonly siblingCache = new Map<string, string>();
  /**
   * Analyses still running (reading referenced files), so the lens, diagnostics and status bar that
   * all ask for a just-opened version share one run instead of each starting their own.
   */
  private readonly pending = new Map<string, Pending>();
  /**
   * The referenced files the last analysed version of each document named. Typing rarely changes
   * them, so the next version is read with them up front and evaluated once rather than twice.
   */
  private readonly lastReferences = new Map<string, string[]>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires with a URI after its analysis changed, or undefined when everything may have (settings). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // A notebook is analysed as one synthetic document whose URI no text document has, so closing
      // its cells never frees it: without this, every notebook ever opened keeps its result.
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(notebookAnalysisUri(nb.uri))),
    );
  }

  /** Settings changed: every cached estimate is stale. */
  invalidateAll(): void {
    this.cache.bumpGeneration();
    this.siblingCache.clear();
    this.changed.fire(undefined);
  }

  /** The cached result for this exact version, if any (never computes). */
  peek(doc: AnalysableText): FileResult | undefined {
    return this.cache.get(doc.uri.toString(), doc.version);
  }

  /**
   * Analyses (or returns the cached analysis of) a document. Never throws. The token is not used to
   * cut the analysis short: other callers may be waiting on the same run, and a result computed
   * without the referenced files must not be cached as this version's.
   */
  async analyse(doc: AnalysableText, _token?: vscode.CancellationToken): Promise<FileResult> {
    const cached = this.peek(doc);
    if (cached) return cached;
    const key = doc.uri.toString();
    const generation = this.cache.generation;
    const running = this.pending.get(key);
    if (running && running.version === doc.version && running.generation === generation) return running.result;
    const entry: Pending = { version: doc.version, generation, result: this.run(doc, key) };
    this.pending.set(key, entry);
    const result = await entry.result;
    // Only while still wanted: a document closed (or re-analysed) meanwhile must not come back into the cache.
    if (this.pending.get(key) === entry) {
      this.pending.delete(key);
      // The version read when the run started: a live document may have moved on while it ran.
      this.cache.set(key, entry.version, generation, result);
    }
    return result;
  }

  private async run(doc: AnalysableText, key: string): Promise<FileResult> {
    try {
      // Read once, before any await: a live TextDocument may move on to a newer version meanwhile.
      const text = doc.getText();
      const max = readEditorOptions(doc.uri).maxFileBytes;
      if (text.length > max) {
        this.lastReferences.delete(key);
        return failedFile(doc.fileName, `Not analysed: the file is larger than ${Math.round(max / 1024 / 1024)} MB (carbonLens.maxFileSizeMb).`);
      }
      const settings = readEstimateSettings(doc.uri);
      // The references a file makes are only known after reading it, and what they point at changes
      // the estimate. Guess them from the previous version, then check the guess.
      const guessed = this.lastReferences.get(key) ?? [];
      const given = guessed.length ? await this.readSiblings(doc.uri, guessed) : new Map<string, string>();
      let result = await engine().call('evaluateText', text, doc.fileName, settings, given.size ? given : undefined);
      const refs = (result.analysis?.references ?? []).slice(0, MAX_REFERENCES);
      if (refs.length) this.lastReferences.set(key, refs);
      else this.lastReferences.delete(key);
      if (!sameList(refs, guessed)) {
        // First analysis of a file with references, or they changed: the second pass they call for,
        // unless the files now named read the same as those given.
        let needed = refs.length ? await this.readSiblings(doc.uri, refs) : new Map<string, string>();
        if (!sameMap(needed, given)) result = await engine().call('evaluateText', text, doc.fileName, settings, needed.size ? needed : undefined);
        // A launch script's entry script names the config it reads by default only once it has been
        // read (entryScript.ts): one more pass for references the second pass found, as the CLI does.
        const more = (result.analysis?.references ?? []).slice(0, MAX_REFERENCES);
        if (more.some((r) => !refs.includes(r))) {
          this.lastReferences.set(key, more);
          const all = await this.readSiblings(doc.uri, more);
          if (!sameMap(all, needed)) {
            needed = all;
            result = await engine().call('evaluateText', text, doc.fileName, settings, needed.size ? needed : undefined);
          }
        }
        return noteRefusedReferences(result, needed instanceof SiblingTexts ? needed.refused : new Map());
      }
      return noteRefusedReferences(result, given instanceof SiblingTexts ? given.refused : new Map());
    } catch (e) {
      const stopped = stoppedReason(e);
      if (stopped) {
        // Not retried for this version: the same text would stop the same way. An edit tries again.
        log.warn(`${doc.fileName}: ${stopped}`);
        return stoppedFile(doc.fileName, stopped);
      }
      log.error(`Analysing ${doc.fileName}`, e);
      return failedFile(doc.fileName, `Carbon Lens could not analyse this file: ${(e as Error).message}`);
    }
  }

  private async readSiblings(uri: vscode.Uri, refs: string[]): Promise<Map<string, string>> {
    // Every reference through the one checked reader: reference policy, Restricted Mode, a regular
    // file inside the workspace folder, 1 MB at most (a referenced config is small). What is not
    // followed is kept with its reason for the note on the estimate (SiblingTexts.refused).
    const out = new SiblingTexts();
    const SIBLING_CACHE_MAX = 64; // an LRU bound (audit I2): Map order is insertion order
    for (const ref of refs.slice(0, MAX_REFERENCES)) {
      const k = `${uri.toString()}\n${ref}`;
      const cached = vscode.workspace.isTrusted ? this.siblingCache.get(k) : undefined;
      if (cached !== undefined) {
        this.siblingCache.delete(k);
        this.siblingCache.set(k, cached);
        out.set(ref, cached);
        continue;
      }
      try {
        const read = await readReferencedFile(uri, ref, 1024 * 1024);
        if (read.ok) {
          this.siblingCache.set(k, read.text);
          while (this.siblingCache.size > SIBLING_CACHE_MAX) this.siblingCache.delete(this.siblingCache.keys().next().value as string);
          out.set(ref, read.text);
        } else if (!read.missing) out.refused.set(ref, read.reason);
      } catch {
        /* readReferencedFile does not throw; a missing sibling just leaves its values unknown */
      }
    }
    return out;
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(uri);
    }, DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    this.pending.delete(key);
    this.lastReferences.delete(key);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.cache.clear();
    this.pending.clear();
    this.lastReferences.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
