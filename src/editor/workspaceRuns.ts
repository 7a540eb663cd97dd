// The workspace's analysed files, kept current for the Runs tree and the editor-area report. The
// first scan happens when one of them first asks (activation reads nothing); after that a saved,
// created or deleted file is re-read on its own, so the report follows edits without a rescan.
// Analyses go through AnalysisService, i.e. the engine worker (src/editor/engine.ts).
import * as vscode from 'vscode';
import type { FileResult } from '../engine/fileResult';
import { budgetMessage } from './diagnosticText';
import type { BudgetIndex } from './budgets';
import { readEditorOptions, readEstimateSettings } from './config';
import { log } from './log';
import type { Services } from '../services';
import { analyseUri, isRecognised, scanWorkspace, type ScannedFile } from './workspaceScan';
import { summariseWorkspace, type WorkspaceSummary } from './workspaceSummary';
import { ipynbLocator, type CellPosition } from '../formats/ipynbLines';
import { readWorkspaceFile } from './safeWorkspaceRead';

export interface WorkspaceRunsState {
  summary: WorkspaceSummary;
  generatedAt: string;
  workspaceBudgetKg?: number;
  /** False until the first scan finished. */
  scanned: boolean;
}

const SAVE_DEBOUNCE_MS = 300;
const MAX_PENDING = 500;
const WATCH = '**/*.{yaml,yml,json,jsonc,ipynb,py,sh,bash,slurm,sbatch}';

export class WorkspaceRuns implements vscode.Disposable {
  private readonly files = new Map<string, ScannedFile>();
  private scanning: Promise<void> | undefined;
  private scanned = false;
  /** Too many changes went by unseen: the next look rescans. */
  private stale = false;
  private cts: vscode.CancellationTokenSource | undefined;
  private state: WorkspaceRunsState | undefined;
  private readonly pending = new Map<string, vscode.Uri>();
  /** Notebooks: JSON line → cell, so rows read "cell 4" and open there (re-read when the file changes). */
  private readonly locators = new Map<string, ((line: number) => CellPosition | undefined) | undefined>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<WorkspaceRunsState>();
  private readonly progress = new vscode.EventEmitter<{ done: number; total: number }>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.progress];

  /** Fires after the list or a figure changed (a scan, a save, a budget or a setting). */
  readonly onDidChange = this.changed.event;
  /** Fires while a scan runs. */
  readonly onDidProgress = this.progress.event;

  constructor(private readonly services: Services, private readonly budgets: BudgetIndex) {
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH);
    this.disposables.push(
      watcher,
      // Saved edits count; unsaved typing is the lenses' business, the report is the files as they are.
      vscode.workspace.onDidSaveTextDocument((d) => this.queue(d.uri)),
      vscode.workspace.onDidSaveNotebookDocument((n) => this.queue(n.uri)),
      watcher.onDidCreate((u) => this.queue(u)),
      watcher.onDidChange((u) => this.queue(u)),
      watcher.onDidDelete((u) => {
        if (this.files.delete(u.toString())) this.publish();
      }),
      budgets.onDidChange(() => this.publish()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Every figure may move with a setting: re-read the files already found (cache misses only).
        if (e.affectsConfiguration('carbonLens') && this.scanned) for (const f of this.files.values()) this.queue(f.uri);
      }),
    );
  }

  /** The current state, scanning the workspace first when that has not happened yet. */
  async current(): Promise<WorkspaceRunsState> {
    if (!this.scanned || this.stale) await this.refresh(this.stale);
    if (this.pending.size) await this.flush();
    return this.state ?? (await this.publish());
  }

  /**
   * Whether anyone is looking (the Runs view or the report is visible). Saved files are re-read at
   * once only then; otherwise they wait in `pending` until the next look (wake, current), so a session
   * that saves a thousand files with both hidden does no work for them.
   */
  private readonly lookers = new Set<() => boolean>();

  addLooker(isLooking: () => boolean): vscode.Disposable {
    this.lookers.add(isLooking);
    return { dispose: () => this.lookers.delete(isLooking) };
  }

  /** A view became visible: bring what was saved meanwhile up to date. */
  wake(): void {
    if (this.stale) {
      void this.refresh(true);
      return;
    }
    if (this.pending.size && !this.timer) this.timer = setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
  }

  private looking(): boolean {
    for (const l of this.lookers) if (l()) return true;
    return false;
  }

  /** The state as it is now, without scanning (undefined before the first scan). */
  peek(): WorkspaceRunsState | undefined {
    return this.state;
  }

  /** Scans the whole workspace again (`force`), or once (first use). Concurrent calls share one scan. */
  refresh(force = true): Promise<void> {
    if (this.scanning) return this.scanning;
    if (this.scanned && !force) return Promise.resolve();
    this.cts = new vscode.CancellationTokenSource();
    const token = this.cts.token;
    this.scanning = scanWorkspace(this.services, token, (done, total) => this.progress.fire({ done, total }))
      .then(async (outcome) => {
        if (outcome.cancelled) return;
        this.files.clear();
        this.locators.clear();
        this.stale = false;
        this.pending.clear();
        for (const f of outcome.files) this.files.set(f.uri.toString(), f);
        this.scanned = true;
        await this.publish();
      })
      .catch((e) => log.error('Scanning the workspace for the Runs view', e))
      .finally(() => {
        this.scanning = undefined;
        this.cts?.dispose();
        this.cts = undefined;
      });
    return this.scanning;
  }

  /** Takes a finished scan made elsewhere (the workspace command), instead of scanning twice. */
  async adopt(files: readonly ScannedFile[]): Promise<WorkspaceRunsState> {
    this.files.clear();
    this.locators.clear();
    this.stale = false;
    this.pending.clear();
    for (const f of files) this.files.set(f.uri.toString(), f);
    this.scanned = true;
    return this.publish();
  }

  private queue(uri: vscode.Uri): void {
    if (!this.scanned || uri.scheme === 'vscode-notebook-cell') return;
    if (this.stale) return;
    this.pending.set(uri.toString(), uri);
    if (!this.looking()) {
      // Past a few hundred unseen changes, a rescan on the next look is cheaper than keeping them.
      if (this.pending.size > MAX_PENDING) {
        this.pending.clear();
        this.stale = true;
      }
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const uris = [...this.pending.values()];
    this.pending.clear();
    let touched = false;
    for (const uri of uris) {
      if (!vscode.workspace.getWorkspaceFolder(uri)) continue;
      const result: FileResult = await analyseUri(this.services, uri);
      const key = uri.toString();
      this.locators.delete(key);
      if (isRecognised(result)) {
        this.files.set(key, { uri, relPath: relPath(uri), result });
        touched = true;
      } else if (this.files.delete(key)) touched = true;
    }
    if (touched) await this.publish();
  }

  private async locatorOf(uri: vscode.Uri): Promise<((line: number) => CellPosition | undefined) | undefined> {
    if (!uri.path.toLowerCase().endsWith('.ipynb')) return undefined;
    const key = uri.toString();
    if (!this.locators.has(key)) {
      const read = await readWorkspaceFile(uri, readEditorOptions(uri).maxFileBytes);
      this.locators.set(key, read.ok ? ipynbLocator(read.text) : undefined);
    }
    return this.locators.get(key);
  }

  private async publish(): Promise<WorkspaceRunsState> {
    await this.budgets.ready();
    const located = new Map<string, ((line: number) => CellPosition | undefined) | undefined>();
    for (const f of this.files.values()) located.set(f.uri.toString(), await this.locatorOf(f.uri));
    const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
    const files = [...this.files.values()].map((f) => ({
      uri: f.uri.toString(),
      relPath: f.relPath,
      result: f.result,
      budgetKg: this.budgets.perRun(f.uri)?.kg,
      locate: located.get(f.uri.toString()),
    }));
    const summary = summariseWorkspace(files, {
      includeServing: readEditorOptions(scope).budgetIncludeServing,
      horizonDays: readEstimateSettings(scope).horizonDays,
    });
    const budget = this.budgets.workspace();
    this.state = { summary, generatedAt: new Date().toISOString(), scanned: this.scanned, ...(budget ? { workspaceBudgetKg: budget.kg } : {}) };
    this.changed.fire(this.state);
    return this.state;
  }

  /** The analysed files, for exports that need more than the summary. */
  results(): { uri: vscode.Uri; relPath: string; result: FileResult }[] {
    return [...this.files.values()];
  }

  dispose(): void {
    this.cts?.cancel();
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function relPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Whether a workspace total is over its budget (for the view's badge). */
export function workspaceOver(state: WorkspaceRunsState): string | undefined {
  return state.workspaceBudgetKg === undefined ? undefined : budgetMessage(state.summary.totals.oneTime.co2eKg.mid, state.workspaceBudgetKg);
}
