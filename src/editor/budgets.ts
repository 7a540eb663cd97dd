// Which carbon budget applies to a file: `.carbonlens.yml` files found in the workspace (kept fresh by
// a file watcher and by unsaved edits to an open one), else the settings. Loaded lazily, on the first
// question, so activation reads nothing.
import * as vscode from 'vscode';
import { BUDGET_FILE_NAME, fromWire, resolveBudget, type BudgetFile, type LocatedBudgetFile } from '../engine/budgetRules';
import { readEditorOptions } from './config';
import { log } from './log';
import { engine, stoppedReason } from './engine';
import { readWorkspaceFile } from './safeWorkspaceRead';

export interface BudgetInForce {
  kg: number;
  /** Where it was set: a `.carbonlens.yml` location, or undefined for the setting. */
  location?: vscode.Location;
}

interface Loaded {
  uri: vscode.Uri;
  file: BudgetFile;
}

const MAX_BUDGET_FILES = 200;
/** The budget parser's own limit (engine/budgetFile): nothing larger is read. */
const MAX_BUDGET_FILE_BYTES = 256 * 1024;

export function isBudgetFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${BUDGET_FILE_NAME}`);
}

/** Budget files live in folders of the same scheme and authority as the configs they govern. */
function rootKey(uri: vscode.Uri): string {
  return `${uri.scheme}://${uri.authority}`;
}

function dirOf(uri: vscode.Uri): string {
  return uri.path.slice(0, uri.path.lastIndexOf('/'));
}

/**
 * Parsed in the engine worker, like any file text. A parser bug or a file that stops the worker
 * costs that one budget file, not the diagnostics of the whole workspace.
 */
async function safeParse(text: string): Promise<BudgetFile> {
  try {
    return fromWire(await engine().call('parseBudgetFile', text));
  } catch (e) {
    log.error('Parsing .carbonlens.yml failed', e);
    const message = stoppedReason(e) ?? 'Carbon Lens could not read this file (see the Carbon Lens output).';
    return { rules: [], problems: [{ message, range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 }, severity: 'error' }] };
  }
}

export class BudgetIndex implements vscode.Disposable {
  private readonly files = new Map<string, Loaded>();
  private readonly parses = new Map<string, number>();
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** Fires when any `.carbonlens.yml` was added, changed or removed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${BUDGET_FILE_NAME}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => void this.reload(u)),
      watcher.onDidChange((u) => void this.reload(u)),
      watcher.onDidDelete((u) => this.remove(u)),
    );
  }

  /** Resolves once the workspace's budget files have been read (once per session). */
  ready(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    try {
      const uris = await vscode.workspace.findFiles(`**/${BUDGET_FILE_NAME}`, '**/{node_modules,.git}/**', MAX_BUDGET_FILES);
      await Promise.all(uris.map((u) => this.read(u)));
    } catch (e) {
      log.error('Reading .carbonlens.yml files', e);
    }
  }

  private async read(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      await this.parseInto(uri, open.getText());
      return;
    }
    // Checked before reading: a budget file symlinked to /dev/zero or a FIFO must not be read at
    // all, and one over the parser's limit is refused by size, not after reading it whole.
    const read = await readWorkspaceFile(uri, MAX_BUDGET_FILE_BYTES);
    if (read.ok) {
      await this.parseInto(uri, read.text);
    } else if (read.missing) {
      this.files.delete(uri.toString());
    } else {
      log.warn(`Not reading ${uri.toString()}: ${read.reason}`);
      this.nextParse(uri); // any parse still running for the old text must not land
      this.files.set(uri.toString(), { uri, file: { rules: [], problems: [{ message: `Carbon Lens did not read this file: ${read.reason}.`, range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 }, severity: 'error' }] } });
    }
  }

  /** Parses `text` in the engine worker and keeps it, unless a newer parse of the file started meanwhile. */
  private async parseInto(uri: vscode.Uri, text: string): Promise<boolean> {
    const seq = this.nextParse(uri);
    const file = await safeParse(text);
    if (this.parses.get(uri.toString()) !== seq) return false;
    this.files.set(uri.toString(), { uri, file });
    return true;
  }

  /** Numbers each parse of a file, so a slower earlier parse never overwrites a later one. */
  private nextParse(uri: vscode.Uri): number {
    const seq = (this.parses.get(uri.toString()) ?? 0) + 1;
    this.parses.set(uri.toString(), seq);
    return seq;
  }

  /** Re-reads one budget file (saved on disk, or unsaved edits in an open editor). */
  async reload(uri: vscode.Uri): Promise<void> {
    await this.ready();
    await this.read(uri);
    this.changed.fire();
  }

  /** Takes an open `.carbonlens.yml`'s current text, so budgets follow typing before a save. */
  async updateFromText(uri: vscode.Uri, text: string): Promise<void> {
    if (await this.parseInto(uri, text)) this.changed.fire();
  }

  private remove(uri: vscode.Uri): void {
    if (this.files.delete(uri.toString())) this.changed.fire();
  }

  /** Every loaded budget file, for publishing its problems. */
  all(): readonly Loaded[] {
    return [...this.files.values()];
  }

  /** The per-run budget for a config (call after `ready()`), or undefined when none is set. */
  perRun(uri: vscode.Uri): BudgetInForce | undefined {
    const key = rootKey(uri);
    const located: (LocatedBudgetFile & { uri: vscode.Uri })[] = [];
    for (const l of this.files.values()) {
      if (rootKey(l.uri) === key) located.push({ dir: dirOf(l.uri), file: l.file, uri: l.uri });
    }
    const hit = resolveBudget(located, uri.path);
    if (hit) {
      const from = located.find((l) => l.dir === hit.dir);
      const r = hit.range;
      return { kg: hit.kg, location: from && new vscode.Location(from.uri, new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol)) };
    }
    const kg = readEditorOptions(uri).budgetPerRunKg;
    return kg === undefined ? undefined : { kg };
  }

  /**
   * The whole-workspace budget: `workspaceKg` of a `.carbonlens.yml` at a workspace folder's root
   * (first folder that has one), else the setting.
   */
  workspace(): BudgetInForce | undefined {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const l = this.files.get(vscode.Uri.joinPath(folder.uri, BUDGET_FILE_NAME).toString());
      const w = l?.file.workspaceKg;
      if (l && w) return { kg: w.kg, location: new vscode.Location(l.uri, new vscode.Position(w.range.startLine, w.range.startCol)) };
    }
    const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
    const kg = readEditorOptions(scope).budgetWorkspaceKg;
    return kg === undefined ? undefined : { kg };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.files.clear();
  }
}
