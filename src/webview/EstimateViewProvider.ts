// The sidebar estimate panel (a WebviewView). The host owns the state (which file, which run,
// which what-if edits, file or workspace mode) and sends the webview a complete view model after
// every change; the webview only renders and reports what the user did. Every message from the
// webview is validated before anything acts on it, and the host posts nothing until the webview
// says it is ready (a hidden view's page is destroyed, and messages to it would be lost).
import * as vscode from 'vscode';
import { CommandId, ConfigSection, ViewId } from '../constants';
import { estimateRun } from '../core/estimate';
import type { HardwareRow } from '../core/hardwareTable';
import { engine } from '../editor/engine';
import type { FieldName, SourceRange, Suggestion } from '../core/runSpec';
import { readEditorOptions, readEstimateSettings } from '../editor/config';
import { log } from '../editor/log';
import { cellText, ipynbLocator } from '../formats/ipynbLines';
import { getWorkspaceReport, onDidChangeWorkspaceReport } from '../editor/reportStore';
import { runExtras } from '../editor/runExtras';
import { analyseUri } from '../editor/workspaceScan';
import type { FileResult } from '../engine/evaluate';
import type { Services } from '../services';
import { webviewToHostSchema, type CatalogView, type HostToWebview, type PanelModel, type WebviewToHost, type WhatIfEdits } from '../shared/protocol';
import { renderHtml } from './html';
import { applyEdits, canonicalRegion, catalogView, fileModel, hasEdits, sanitizeEdits, welcomeModel, workspaceModel, type WhatIfInput } from './viewModel';
import { writableChanges } from '../editor/applyChange';
import { pickRegion } from '../editor/regionPick';

export interface OpenArgs {
  uri?: vscode.Uri;
  runIndex?: number;
  workspaceReport?: boolean;
}

/** What `carbonLens.openPanel` returns: for tests, the model the panel was (or will be) sent. */
export interface PanelSnapshot {
  model: PanelModel | undefined;
  revision: number;
  /** The webview acknowledged this revision's delivery. */
  delivered: boolean;
}

interface Target {
  uri: vscode.Uri;
  runIndex: number;
}

/** What a revision's indices point at, so `apply` and `openRow` act on what the user saw. */
interface RevisionRecord {
  uri?: vscode.Uri;
  runIndex: number;
  suggestions: Suggestion[];
  rows: { uri: string; runIndex: number }[];
  /** The MFU a measured record implies for this run (what `calibrate` sets). */
  calibrationMfu?: number;
  /** Scheduling commands on show (what `copyCommand` copies). */
  commands?: string[];
}

const HISTORY = 8;
const DELIVERY_WAIT_MS = 5000;

/** Schemes whose documents are never ML configs (output, settings, diffs against git…). */
const IGNORED_SCHEMES = new Set(['output', 'debug', 'vscode-settings', 'git', 'vscode-scm', 'comment', 'walkThrough', 'walkThroughSnippet', 'vscode-interactive-input', 'vscode-chat-code-block']);

function newNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const isNotebook = (uri: vscode.Uri): boolean => uri.path.toLowerCase().endsWith('.ipynb');

export class EstimateViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = ViewId.panel;

  private view: vscode.WebviewView | undefined;
  private viewDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private everReady = false;
  private openedWithArgs = false;
  private pending: HostToWebview[] = [];

  private mode: 'file' | 'workspace' = 'file';
  private target: Target | undefined;
  private readonly selectedRun = new Map<string, number>();
  private readonly edits = new Map<string, WhatIfEdits>();

  private revision = 0;
  private current: { model: PanelModel; revision: number; result?: FileResult } | undefined;
  private deliveredRevision = -1;
  private readonly history = new Map<number, RevisionRecord>();
  private refreshSeq = 0;
  private catalog: CatalogView | undefined;
  private readonly deliveryWaiters = new Set<() => void>();

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.followActiveEditor()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.followActiveEditor()),
      services.analysis.onDidChange((uri) => {
        if (!uri || (this.target && uri.toString() === this.target.uri.toString())) this.refreshIfShown();
      }),
      vscode.workspace.onDidSaveNotebookDocument((nb) => {
        if (this.target && nb.uri.toString() === this.target.uri.toString()) this.refreshIfShown();
      }),
      onDidChangeWorkspaceReport(() => this.refreshIfShown()),
    );
    this.target = this.activeTarget();
  }

  // ──── WebviewViewProvider ────

  resolveWebviewView(view: vscode.WebviewView, _context: vscode.WebviewViewResolveContext, _token: vscode.CancellationToken): void {
    this.disposeView();
    this.view = view;
    const ext = this.services.context.extensionUri;
    const media = vscode.Uri.joinPath(ext, 'media');
    const dist = vscode.Uri.joinPath(ext, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    try {
      view.webview.html = renderHtml({
        cspSource: view.webview.cspSource,
        nonce: newNonce(),
        scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
        styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')).toString(),
        iconStyleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
      });
    } catch (e) {
      // renderHtml refuses a policy it cannot vouch for; an empty panel beats a weaker policy.
      log.error(`Panel: cannot build the webview (cspSource ${JSON.stringify(view.webview.cspSource)})`, e);
    }
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      // A hidden view's page is destroyed; the page made when it shows again announces itself anew.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.disposeView();
        }
      }),
    );
  }

  // ──── Command ────

  /** `carbonLens.openPanel`: show the panel for a file's run, the active file, or the workspace report. */
  async open(args: OpenArgs): Promise<PanelSnapshot> {
    if (args.workspaceReport) {
      this.mode = 'workspace';
    } else {
      this.mode = 'file';
      const uri = (args.uri && cellToNotebook(args.uri)) ?? this.activeTarget()?.uri;
      if (uri) {
        const runIndex = args.runIndex ?? this.selectedRun.get(uri.toString()) ?? 0;
        this.target = { uri, runIndex };
        if (args.runIndex !== undefined) this.selectedRun.set(uri.toString(), runIndex);
      }
    }
    this.openedWithArgs = true;
    // The panel takes focus: opened by a command, lens or link, the next keys are for it (Tab typed
    // into the config otherwise). `.focus` also creates the view the first time.
    if (this.view) this.view.show(false);
    await vscode.commands.executeCommand(`${ViewId.panel}.focus`);
    await this.refresh();
    await this.waitForDelivery(DELIVERY_WAIT_MS);
    return this.snapshot();
  }

  snapshot(): PanelSnapshot {
    return {
      model: this.current?.model,
      revision: this.current?.revision ?? 0,
      delivered: !!this.current && this.deliveredRevision === this.current.revision,
    };
  }

  // ──── Following the editor ────

  private activeTarget(): Target | undefined {
    const ed = vscode.window.activeTextEditor;
    const nb = vscode.window.activeNotebookEditor;
    let uri: vscode.Uri | undefined;
    if (ed) uri = ed.document.uri.scheme === 'vscode-notebook-cell' ? nb?.notebook.uri : ed.document.uri;
    else if (nb) uri = nb.notebook.uri;
    if (!uri || IGNORED_SCHEMES.has(uri.scheme)) return undefined;
    return { uri, runIndex: this.selectedRun.get(uri.toString()) ?? 0 };
  }

  private followActiveEditor(): void {
    const next = this.activeTarget();
    // Focus moving to a panel or a non-file editor keeps the last file on show.
    if (!next || next.uri.toString() === this.target?.uri.toString()) return;
    this.target = next;
    if (this.mode === 'file') this.refreshIfShown();
  }

  // ──── Models ────

  private refreshIfShown(): void {
    if (this.view && this.ready) void this.refresh();
  }

  /** Recomputes the model and posts it (or queues it until the webview is ready). Never throws. */
  private async refresh(): Promise<void> {
    const seq = ++this.refreshSeq;
    let built: { model: PanelModel; record: RevisionRecord; result?: FileResult };
    try {
      built = await this.build();
    } catch (e) {
      log.error('Panel: building the view model failed', e);
      built = { model: welcomeModel('Carbon Lens could not show this estimate; details are in the Carbon Lens output.', !!getWorkspaceReport()), record: { runIndex: 0, suggestions: [], rows: [] } };
    }
    if (seq !== this.refreshSeq) return; // a newer refresh started while this one awaited
    const revision = ++this.revision;
    this.current = { model: built.model, revision, result: built.result };
    this.history.set(revision, built.record);
    for (const old of this.history.keys()) if (old <= revision - HISTORY) this.history.delete(old);
    this.post({ type: 'update', revision, model: built.model });
  }

  private async build(): Promise<{ model: PanelModel; record: RevisionRecord; result?: FileResult }> {
    const hasReport = !!getWorkspaceReport();
    if (this.mode === 'workspace') {
      const report = getWorkspaceReport();
      const files = report?.files.map((f) => ({
        label: f.path,
        format: f.format,
        error: f.error,
        runs: f.runs.map((r) => ({ name: r.name, co2eKg: r.co2eKg })),
      }));
      const { model, targets } = workspaceModel(files);
      const rows = report ? targets.map((t) => ({ uri: report.files[t.file].uri, runIndex: t.runIndex })) : [];
      return { model, record: { runIndex: 0, suggestions: [], rows } };
    }
    const target = this.target;
    if (!target) return { model: welcomeModel(undefined, hasReport), record: { runIndex: 0, suggestions: [], rows: [] } };
    const { uri } = target;
    const fileName = vscode.workspace.asRelativePath(uri, false);
    const result = await analyseUri(this.services, uri);
    if (!result.estimates.length) {
      const note = result.error
        ? `${fileName}: ${result.error}`
        : `${fileName} does not describe an ML run Carbon Lens can read.`;
      return { model: welcomeModel(note, hasReport), record: { uri, runIndex: 0, suggestions: [], rows: [] }, result };
    }
    const runIndex = Math.min(target.runIndex, result.estimates.length - 1);
    const options = readEditorOptions(uri);
    const doc = await documentText(uri);
    const estimate = result.estimates[runIndex];
    const whatIf = this.whatIf(uri, runIndex, result);
    const canWrite = await this.writableCheck(doc, result, runIndex, [...estimate.suggestions, ...(whatIf?.estimate.suggestions ?? [])]);
    const extras = await runExtras(uri, doc?.text, result, runIndex);
    const timing = this.services.timing.input(uri, runIndex, estimate, options.onlineEnabled);
    if (timing) extras.timing = timing;
    const hardware = await this.hardwareRows(uri, runIndex, result);
    if (hardware.length) extras.hardware = hardware;
    const { model, suggestions } = fileModel({
      uri: uri.toString(),
      fileName,
      result,
      selected: runIndex,
      whatIf,
      canReveal: true,
      onlineEnabled: options.onlineEnabled,
      applyAsks: options.applyAsks,
      hasWorkspaceReport: hasReport,
      options: { equivalenceIds: options.equivalenceIds, distanceUnit: options.distanceUnit },
      canWrite,
      extras,
    });
    if (isNotebook(uri) && doc) nameCells(model, doc.text);
    const record: RevisionRecord = { uri, runIndex, suggestions, rows: [], calibrationMfu: extras.measured?.effectiveMfu, commands: timing?.window?.commands.map((c) => c.text) };
    return { model, record, result };
  }

  /**
   * Whether a suggestion's change can be written into the file as it is, planned exactly as
   * `carbonLens.applySuggestion` will plan it (in the engine worker): Apply is offered only where it would work.
   */
  private async writableCheck(doc: { text: string; fileName: string } | undefined, result: FileResult, runIndex: number, shown: readonly Suggestion[]): Promise<(s: Suggestion) => boolean> {
    if (!result.analysis?.runs[runIndex] || !doc) return () => false;
    // Keyed by the change's content: the what-if's suggestions are other objects asking the same edits.
    const keys = [...new Set(shown.filter((s) => s.change).map((s) => JSON.stringify(s.change)))];
    const writable = await writableChanges(doc.text, doc.fileName, runIndex, keys.map((k) => JSON.parse(k)));
    const ok = new Set(keys.filter((_, i) => writable[i]));
    return (s) => !!s.change && ok.has(JSON.stringify(s.change));
  }

  /**
   * The hardware comparison of the run as the panel shows it (with its what-if edits, like every
   * section), computed in the engine worker: one estimate per catalogued accelerator.
   */
  private async hardwareRows(uri: vscode.Uri, runIndex: number, result: FileResult): Promise<HardwareRow[]> {
    const run = result.analysis?.runs[runIndex];
    if (!run || run.name !== result.estimates[runIndex]?.name) return [];
    const edits = this.edits.get(editKey(uri, runIndex));
    try {
      return await engine().call('hardwareRows', edits && hasEdits(edits) ? applyEdits(run, edits) : run, readEstimateSettings(uri));
    } catch (e) {
      log.error('Panel: hardware table failed', e);
      return [];
    }
  }

  /** Re-estimates the run with the what-if edits, from the file's RunSpec; the file is untouched. */
  private whatIf(uri: vscode.Uri, runIndex: number, result: FileResult): WhatIfInput | undefined {
    const edits = this.edits.get(editKey(uri, runIndex));
    const run = result.analysis?.runs[runIndex];
    if (!edits || !hasEdits(edits) || !run) return undefined;
    // Estimates are made per run in order; if one failed, indices no longer line up and the
    // what-if would describe another run.
    if (run.name !== result.estimates[runIndex]?.name) return undefined;
    try {
      // With its what-ifs and lifecycle: every section of the panel follows the edit.
      return { edits, estimate: estimateRun(applyEdits(run, edits), readEstimateSettings(uri)) };
    } catch (e) {
      log.error('Panel: what-if estimate failed', e);
      return undefined;
    }
  }

  // ──── Posting ────

  private post(msg: HostToWebview): void {
    if (!this.view || !this.ready) {
      // Only the latest of each kind matters: the model is always sent whole.
      this.pending = [...this.pending.filter((m) => m.type !== msg.type), msg];
      return;
    }
    const view = this.view;
    const revision = msg.type === 'update' ? msg.revision : undefined;
    view.webview.postMessage(msg).then(
      (ok) => {
        if (ok && revision !== undefined) {
          this.deliveredRevision = Math.max(this.deliveredRevision, revision);
          for (const w of [...this.deliveryWaiters]) w();
        }
      },
      (e: unknown) => log.warn(`Panel: posting to the webview failed: ${String(e)}`),
    );
  }

  private waitForDelivery(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        if (this.current && this.deliveredRevision < this.current.revision) return;
        clearTimeout(timer);
        this.deliveryWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.deliveryWaiters.delete(done);
        resolve();
      }, timeoutMs);
      this.deliveryWaiters.add(done);
      done();
    });
  }

  // ──── Messages from the webview ────

  private onMessage(raw: unknown): void {
    const why = webviewToHostSchema.validate(raw, 'message');
    if (why) {
      log.warn(`Panel: ignored a message from the webview (${why})`);
      return;
    }
    const msg = raw as WebviewToHost;
    void this.handle(msg).catch((e: unknown) => log.error(`Panel: handling "${msg.type}" failed`, e));
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.onReady(msg.restore);
      case 'selectRun':
        if (this.target) {
          this.target = { ...this.target, runIndex: msg.runIndex };
          this.selectedRun.set(this.target.uri.toString(), msg.runIndex);
        }
        return this.refresh();
      case 'whatIf':
        return this.onWhatIf(msg.uri, msg.runIndex, msg.edits);
      case 'pickRegion':
        return this.pickRegion(msg.uri, msg.runIndex);
      case 'reveal':
        return this.reveal(msg.runIndex, msg.field);
      case 'revealError':
        return this.revealError();
      case 'apply':
        return this.apply(msg.revision, msg.suggestion);
      case 'export':
        if (this.mode !== 'file' || !this.target) return log.warn('Panel: export asked for with no file on show');
        await vscode.commands.executeCommand(CommandId.exportReport, { format: msg.format, target: msg.target, uri: this.target.uri });
        return;
      case 'command':
        await vscode.commands.executeCommand(msg.id);
        return;
      case 'exportHardware':
        if (this.mode !== 'file' || !this.target) return log.warn('Panel: hardware export asked for with no file on show');
        await vscode.commands.executeCommand(CommandId.exportHardwareTable, { uri: this.target.uri.toString(), runIndex: this.target.runIndex, format: msg.format });
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', msg.setting);
        return;
      case 'openRow':
        return this.openRow(msg.revision, msg.row);
      case 'setMode':
        this.mode = msg.mode;
        return this.refresh();
      case 'calibrate':
        return this.calibrate(msg.revision);
      case 'fetchForecast':
        return this.fetchForecast(msg.revision);
      case 'copyCommand':
        return this.copyCommand(msg.revision, msg.index);
    }
  }

  /** Adopts the MFU a measured record implies as the `carbonLens.mfu` setting (workspace scope). */
  private async calibrate(revision: number): Promise<void> {
    const record = this.history.get(revision);
    const mfu = record?.calibrationMfu;
    if (!record?.uri || mfu === undefined) return log.warn(`Panel: no calibration on show for revision ${revision}`);
    const value = Math.max(0.001, Math.round(mfu * 1000) / 1000);
    const target = vscode.workspace.getWorkspaceFolder(record.uri) ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(ConfigSection, record.uri).update('mfu', value, target);
    void vscode.window.showInformationMessage(`Carbon Lens: MFU set to ${Math.round(value * 100)} % (carbonLens.mfu) from the measured run. Clear the setting to return to the published range.`);
  }

  private async fetchForecast(revision: number): Promise<void> {
    // Only for what is on show now: a click from an older model may name a file since left.
    if (revision !== this.current?.revision) return log.warn(`Panel: a forecast asked for from an older panel (revision ${revision}) was ignored`);
    const record = this.history.get(revision);
    const estimate = this.current?.result?.estimates[record?.runIndex ?? -1];
    if (!record?.uri || !estimate) return log.warn(`Panel: no run on show for a forecast (revision ${revision})`);
    await this.services.timing.fetch(record.uri, record.runIndex, estimate, () => this.refreshIfShown());
  }

  private async copyCommand(revision: number, index: number): Promise<void> {
    const text = this.history.get(revision)?.commands?.[index];
    if (text === undefined) return log.warn(`Panel: command ${index} of revision ${revision} is no longer on show`);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage('Carbon Lens: command copied', 3000);
  }

  private async onReady(restore: { uri?: string; runIndex?: number; mode?: 'file' | 'workspace'; edits?: WhatIfEdits } | undefined): Promise<void> {
    // What the page remembered matters only after a window reload, when this host is new; later
    // readies come from the same session, whose state here is newer than the page's.
    if (!this.everReady && !this.openedWithArgs && restore) this.applyRestore(restore);
    this.everReady = true;
    this.ready = true;
    this.catalog ??= catalogView();
    const pending = this.pending;
    this.pending = [];
    this.post({ type: 'init', catalog: this.catalog });
    // A queued update may predate the restore or a settings change: compute afresh instead.
    if (pending.length || !this.current || restore) await this.refresh();
    else this.post({ type: 'update', revision: this.current.revision, model: this.current.model });
  }

  private applyRestore(restore: { uri?: string; runIndex?: number; mode?: 'file' | 'workspace'; edits?: WhatIfEdits }): void {
    if (restore.mode === 'workspace' && getWorkspaceReport()) this.mode = 'workspace';
    if (!restore.uri) return;
    // Only a file that is on show anyway: the page's memory must not make the host open other files.
    const onShow = this.target?.uri.toString() === restore.uri
      || vscode.workspace.textDocuments.some((d) => d.uri.toString() === restore.uri)
      || vscode.workspace.notebookDocuments.some((n) => n.uri.toString() === restore.uri);
    if (!onShow) return;
    const uri = this.target?.uri.toString() === restore.uri ? this.target.uri : vscode.Uri.parse(restore.uri, true);
    const runIndex = restore.runIndex ?? 0;
    this.target = { uri, runIndex };
    this.selectedRun.set(restore.uri, runIndex);
    if (restore.edits) {
      const { edits } = sanitizeEdits(restore.edits);
      if (hasEdits(edits)) this.edits.set(editKey(uri, runIndex), edits);
    }
  }

  private async onWhatIf(uri: string, runIndex: number, raw: WhatIfEdits): Promise<void> {
    if (!this.target || this.target.uri.toString() !== uri) return log.warn('Panel: a what-if for a file no longer on show was ignored');
    const { edits, dropped } = sanitizeEdits(raw);
    if (dropped.length) log.warn(`Panel: what-if values not in the catalogue were ignored: ${dropped.join(', ')}`);
    const key = editKey(this.target.uri, runIndex);
    if (hasEdits(edits)) this.edits.set(key, edits);
    else this.edits.delete(key);
    await this.refresh();
  }

  /** The panel's region control: the command's searchable quick pick; the choice is the run's what-if region. */
  private async pickRegion(uri: string, runIndex: number): Promise<void> {
    if (!this.target || this.target.uri.toString() !== uri) return log.warn('Panel: a region pick for a file no longer on show was ignored');
    const key = editKey(this.target.uri, runIndex);
    const edits = this.edits.get(key) ?? {};
    const fileRegion = this.current?.result?.estimates[runIndex]?.inputs.region?.value;
    // As the catalogue names it (`us-east-1` in a file is `aws:us-east-1`), so the pick marks it.
    const raw = String(edits.region ?? fileRegion ?? '');
    const current = canonicalRegion(raw) ?? raw;
    const picked = await pickRegion(current, {
      title: 'Carbon Lens: region for this what-if',
      placeHolder: `Current: ${current || 'not stated (world average)'}. The file is not changed.`,
      first: { label: '$(discard) The file’s region', description: typeof fileRegion === 'string' && fileRegion ? fileRegion : 'not stated (world average)' },
    });
    if (picked === undefined) return;
    const next: WhatIfEdits = { ...edits };
    if (picked === '') delete next.region;
    else next.region = picked;
    await this.onWhatIf(uri, runIndex, next);
  }

  private async showInEditor(uri: vscode.Uri, range: SourceRange): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const last = Math.max(0, doc.lineCount - 1);
    const start = new vscode.Position(Math.min(range.startLine, last), Math.max(0, range.startCol));
    const end = new vscode.Position(Math.min(range.endLine, last), Math.max(0, range.endCol));
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false, selection: new vscode.Selection(start, end) });
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async reveal(runIndex: number, field: FieldName): Promise<void> {
    const target = this.target;
    const estimate = this.current?.result?.estimates[runIndex];
    const input = estimate?.inputs[field];
    const range = input?.range ?? input?.keyRange;
    if (!target || !range) return log.warn(`Panel: no location to reveal for ${field}`);
    if (isNotebook(target.uri)) await this.showInNotebook(target.uri, range.startLine);
    else await this.showInEditor(target.uri, range);
  }

  private async revealError(): Promise<void> {
    const line = this.current?.result?.errorLine;
    if (!this.target || line === undefined) return;
    if (isNotebook(this.target.uri)) await this.showInNotebook(this.target.uri, line);
    else await this.showInEditor(this.target.uri, { startLine: line, startCol: 0, endLine: line, endCol: 0 });
  }

  /** A notebook's origins are JSON lines of the .ipynb: open the notebook at the cell instead of the JSON. */
  private async showInNotebook(uri: vscode.Uri, jsonLine: number): Promise<void> {
    const doc = await documentText(uri);
    const p = doc ? ipynbLocator(doc.text)?.(jsonLine) : undefined;
    if (!p) return log.warn(`Panel: line ${jsonLine + 1} of ${uri.toString()} is in no cell`);
    await vscode.commands.executeCommand(CommandId.revealRun, { uri: uri.toString(), cell: p.cell, cellLine: p.line });
  }

  private async apply(revision: number, index: number): Promise<void> {
    const record = this.history.get(revision);
    const suggestion = record?.suggestions[index];
    if (!record?.uri || !suggestion?.change) {
      log.warn(`Panel: "Apply" for a what-if that is no longer on show (revision ${revision}, #${index}) was ignored`);
      if (this.current) this.post({ type: 'update', revision: this.current.revision, model: this.current.model });
      return;
    }
    await vscode.commands.executeCommand(CommandId.applySuggestion, { uri: record.uri, runIndex: record.runIndex, change: suggestion.change });
  }

  private async openRow(revision: number, row: number): Promise<void> {
    const target = this.history.get(revision)?.rows[row];
    if (!target) return log.warn(`Panel: row ${row} of revision ${revision} is no longer on show`);
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(target.uri, true);
    } catch {
      return log.warn('Panel: a workspace report row has no valid URI');
    }
    this.selectedRun.set(uri.toString(), target.runIndex);
    this.target = { uri, runIndex: target.runIndex };
    await vscode.commands.executeCommand('vscode.open', uri);
  }

  // ──── Lifetime ────

  private disposeView(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
  }

  dispose(): void {
    this.disposeView();
    for (const d of this.disposables) d.dispose();
    for (const w of [...this.deliveryWaiters]) w();
    this.deliveryWaiters.clear();
  }
}

/** A notebook cell's URI names the notebook the panel should analyse; other URIs stand for themselves. */
function cellToNotebook(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== 'vscode-notebook-cell') return uri;
  const key = uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === key))?.uri;
}

/** The document's text and name, or undefined when it cannot be opened. */
/** Notebook rows name their cell (`cell 4, line 3`), not the line of the .ipynb JSON the reader saw. */
function nameCells(model: PanelModel, ipynb: string): void {
  if (model.kind !== 'file') return;
  const locate = ipynbLocator(ipynb);
  if (!locate) return;
  for (const row of [...(model.run?.inputs ?? []), ...(model.run?.otherInputs ?? [])]) {
    const p = row.line !== undefined ? locate(row.line - 1) : undefined;
    if (p) row.where = cellText(p);
  }
}

async function documentText(uri: vscode.Uri): Promise<{ text: string; fileName: string } | undefined> {
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    return { text: doc.getText(), fileName: doc.fileName };
  } catch {
    return undefined;
  }
}

function editKey(uri: vscode.Uri, runIndex: number): string {
  return `${uri.toString()}#${runIndex}`;
}
