// One analysis per document version, shared by CodeLens, hover, diagnostics, the status bar and the
// panel. Results are cached by URI + version + settings generation, so re-asking for an unchanged
// document costs a map look-up; typing re-analyses at most once per debounce interval.
import * as vscode from 'vscode';
import type { EstimateSettings } from '../core/settings';
import { evaluateText, failedFile, type FileResult } from '../engine/evaluate';
import { VersionCache } from '../engine/versionCache';
import { readEditorOptions, readEstimateSettings } from './config';
import { log } from './log';

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

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new VersionCache<FileResult>();
  private readonly siblingCache = new Map<string, string>();
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

  /** Analyses (or returns the cached analysis of) a document. Never throws. */
  async analyse(doc: AnalysableText, token?: vscode.CancellationToken): Promise<FileResult> {
    const cached = this.peek(doc);
    if (cached) return cached;
    const key = doc.uri.toString();
    const generation = this.cache.generation;
    let result: FileResult;
    try {
      result = this.compute(doc, readEstimateSettings(doc.uri));
      const refs = result.analysis?.references ?? [];
      if (refs.length && !token?.isCancellationRequested) {
        const siblings = await this.readSiblings(doc.uri, refs);
        if (siblings.size) result = evaluateText(doc.getText(), doc.fileName, readEstimateSettings(doc.uri), siblings);
      }
    } catch (e) {
      log.error(`Analysing ${doc.fileName}`, e);
      result = failedFile(doc.fileName, `Carbon Lens could not analyse this file: ${(e as Error).message}`);
    }
    this.cache.set(key, doc.version, generation, result);
    return result;
  }

  private compute(doc: AnalysableText, settings: EstimateSettings): FileResult {
    const max = readEditorOptions(doc.uri).maxFileBytes;
    const text = doc.getText();
    if (text.length > max) {
      return failedFile(doc.fileName, `Not analysed: the file is larger than ${Math.round(max / 1024 / 1024)} MB (carbonLens.maxFileSizeMb).`);
    }
    return evaluateText(text, doc.fileName, settings);
  }

  private async readSiblings(uri: vscode.Uri, refs: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const dir = vscode.Uri.joinPath(uri, '..');
    for (const ref of refs.slice(0, 8)) {
      const target = ref.startsWith('/') ? uri.with({ path: ref }) : vscode.Uri.joinPath(dir, ref);
      const k = target.toString();
      const cached = this.siblingCache.get(k);
      if (cached !== undefined) {
        out.set(ref, cached);
        continue;
      }
      try {
        const bytes = await vscode.workspace.fs.readFile(target);
        if (bytes.byteLength > 1024 * 1024) continue; // a referenced config is small; anything else is not one
        const text = new TextDecoder().decode(bytes);
        this.siblingCache.set(k, text);
        out.set(ref, text);
      } catch {
        /* a missing sibling just leaves its values unknown */
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
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.cache.clear();
    for (const d of this.disposables) d.dispose();
  }
}
