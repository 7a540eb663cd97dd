// What to analyse for a document, and how analysis ranges map back onto it.
//
// A plain document is analysed as itself. In the notebook editor every cell is its own TextDocument,
// but a run is configured across cells (model in one, TrainingArguments in the next), so the whole
// notebook is analysed at once: its cells are written back into .ipynb JSON (with the notebook
// metadata, which carries Colab's `gpuType`), the notebook handler reads that, and each range it
// reports (a JSON line and column) is mapped back to the cell, line and column it came from.
import * as vscode from 'vscode';
import type { SourceRange } from '../core/runSpec';
import type { AnalysableText } from './analysisService';

/** A document (or a notebook cell) ready for analysis, with the mapping back from analysis ranges. */
export interface AnalysisTarget {
  text: AnalysableText;
  /** What the estimate panel is asked to open: the notebook itself for its cells. */
  panelUri: string;
  /** Settings scope. */
  scope: vscode.Uri;
  /** An analysis range in this document's coordinates; undefined when it lies elsewhere (another cell). */
  toDocument(r: SourceRange): SourceRange | undefined;
  /** Where a range is, as the user sees it ("line 4", "cell 3, line 2"). */
  locate(r: SourceRange): string | undefined;
}

export const NOTEBOOK_TYPE = 'jupyter-notebook';
const CELL_SCHEME = 'vscode-notebook-cell';

/** Executed outputs can be huge (progress bars, tables); the handler only needs a summary line or two. */
const MAX_OUTPUT_CHARS = 8_000;

// ──── Plain documents ────

function plainTarget(doc: vscode.TextDocument): AnalysisTarget {
  return {
    text: doc,
    panelUri: doc.uri.toString(),
    scope: doc.uri,
    toDocument: (r) => r,
    locate: (r) => `line ${r.startLine + 1}`,
  };
}

// ──── The synthetic notebook ────

/** What one line of the synthetic JSON holds: a line of a cell's source, or the cell's structure. */
interface LineInfo {
  cell: number;
  /** For source lines: the cell line, the column where its JSON string content starts, and the raw text. */
  src?: { line: number; col0: number; raw: string };
}

const OUTSIDE: LineInfo = { cell: -1 };

/** Source column of an offset inside the JSON-escaped string of `raw` (escapes widen `"`, `\`, controls). */
function unescapedColumn(raw: string, escCol: number): number {
  let esc = 0;
  let col = 0;
  for (const ch of raw) {
    if (esc >= escCol) break;
    esc += JSON.stringify(ch).length - 2;
    col += ch.length;
  }
  return col;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The notebook's own metadata. VS Code's ipynb serializer keeps it under `metadata` (or, with older
 * Jupyter extensions, `custom.metadata`). Widget state is dropped: it can be megabytes and says
 * nothing about hardware.
 */
function ipynbMetadata(nb: vscode.NotebookDocument): { metadata: Record<string, unknown>; nbformat: number; minor: number } {
  const m: Record<string, unknown> = isRecord(nb.metadata) ? nb.metadata : {};
  const holder = isRecord(m.custom) ? m.custom : m;
  const meta = isRecord(holder.metadata) ? { ...holder.metadata } : {};
  delete meta.widgets;
  const nbformat = typeof holder.nbformat === 'number' ? holder.nbformat : 4;
  const minor = typeof holder.nbformat_minor === 'number' ? holder.nbformat_minor : 5;
  return { metadata: meta, nbformat, minor };
}

function safeJson(v: unknown, indent: number): string {
  try {
    return JSON.stringify(v, null, indent) ?? '{}';
  } catch {
    return '{}'; // cycles or BigInt in foreign metadata: the hints are optional
  }
}

const decoder = new TextDecoder();

/** Text outputs (stdout, text/plain) in nbformat shape: executed notebooks print measured run times. */
function textOutputs(cell: vscode.NotebookCell): unknown[] {
  const out: unknown[] = [];
  let budget = MAX_OUTPUT_CHARS;
  for (const o of cell.outputs) {
    for (const item of o.items) {
      if (budget <= 0) return out;
      const stream = item.mime === 'application/vnd.code.notebook.stdout';
      if (!stream && item.mime !== 'text/plain') continue;
      const text = decoder.decode(item.data).slice(0, budget);
      budget -= text.length;
      const lines = text.split(/(?<=\n)/);
      out.push(stream
        ? { name: 'stdout', output_type: 'stream', text: lines }
        : { data: { 'text/plain': lines }, execution_count: null, metadata: {}, output_type: 'execute_result' });
    }
  }
  return out;
}

/** The notebook as .ipynb text, and which cell line each of its lines came from. */
class NotebookView {
  readonly text: string;
  readonly version: number;
  private readonly lines: LineInfo[] = [];
  private readonly cellUris: string[];

  constructor(nb: vscode.NotebookDocument) {
    const cells = nb.getCells();
    this.cellUris = cells.map((c) => c.document.uri.toString());
    const out: string[] = [];
    const push = (s: string, info: LineInfo) => {
      out.push(s);
      this.lines.push(info);
    };
    const { metadata, nbformat, minor } = ipynbMetadata(nb);
    push('{', OUTSIDE);
    push(' "cells": [', OUTSIDE);
    cells.forEach((cell, i) => {
      const at: LineInfo = { cell: i };
      const code = cell.kind === vscode.NotebookCellKind.Code;
      push('  {', at);
      push(`   "cell_type": "${code ? 'code' : 'markdown'}",`, at);
      if (code) push('   "execution_count": null,', at);
      push('   "metadata": {},', at);
      if (code) {
        const outputs = textOutputs(cell);
        if (!outputs.length) push('   "outputs": [],', at);
        else {
          const body = safeJson(outputs, 1).split('\n');
          body.forEach((l, j) => push(`   ${j === 0 ? '"outputs": ' : ''}${l}${j === body.length - 1 ? ',' : ''}`, at));
        }
      }
      const text = cell.document.getText();
      if (text === '') push('   "source": []', at);
      else {
        push('   "source": [', at);
        const src = text.split(/\r\n|\r|\n/);
        src.forEach((raw, line) => {
          const last = line === src.length - 1;
          // One JSON string per source line, the way Jupyter writes them, so JSON lines map to cell lines.
          push(`    ${JSON.stringify(last ? raw : `${raw}\n`)}${last ? '' : ','}`, { cell: i, src: { line, col0: 5, raw } });
        });
        push('   ]', at);
      }
      push(i < cells.length - 1 ? '  },' : '  }', at);
    });
    push(' ],', OUTSIDE);
    const meta = safeJson(metadata, 1).split('\n');
    meta.forEach((l, j) => push(`${j === 0 ? ' "metadata": ' : ' '}${l}${j === meta.length - 1 ? ',' : ''}`, OUTSIDE));
    push(` "nbformat": ${nbformat},`, OUTSIDE);
    push(` "nbformat_minor": ${minor}`, OUTSIDE);
    push('}', OUTSIDE);
    this.text = out.join('\n');
    this.version = fnv1a(this.text);
  }

  cellIndexOf(uri: string): number {
    return this.cellUris.indexOf(uri);
  }

  /** Cell, line and column of a JSON position; structure lines of a cell map to its first line. */
  position(line: number, col: number): { cell: number; line: number; col: number } | undefined {
    const info = this.lines[line];
    if (!info || info.cell < 0) return undefined;
    if (!info.src) return { cell: info.cell, line: 0, col: 0 };
    return { cell: info.cell, line: info.src.line, col: unescapedColumn(info.src.raw, Math.max(0, col - info.src.col0)) };
  }

  private lineLength(cell: number, line: number): number {
    const info = this.lines.find((l) => l.cell === cell && l.src?.line === line);
    return info?.src?.raw.length ?? 0;
  }

  /** A range in cell `cell`'s coordinates; undefined when it starts in another cell or outside all. */
  rangeIn(cell: number, r: SourceRange): SourceRange | undefined {
    const start = this.position(r.startLine, r.startCol);
    if (!start || start.cell !== cell) return undefined;
    const end = this.position(r.endLine, r.endCol);
    const sameCell = end && end.cell === cell && (end.line > start.line || (end.line === start.line && end.col >= start.col));
    return sameCell
      ? { startLine: start.line, startCol: start.col, endLine: end.line, endCol: end.col }
      : { startLine: start.line, startCol: start.col, endLine: start.line, endCol: this.lineLength(cell, start.line) };
  }

  locate(r: SourceRange): string | undefined {
    const p = this.position(r.startLine, r.startCol);
    return p ? `cell ${p.cell + 1}, line ${p.line + 1}` : 'notebook metadata';
  }
}

/** A 32-bit FNV-1a hash: the synthetic text's "version", so the analysis cache sees every edit. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Views are rebuilt only when a cell's text, the cell list or the notebook version changed. */
const views = new WeakMap<vscode.NotebookDocument, { signature: string; view: NotebookView }>();

function viewOf(nb: vscode.NotebookDocument): NotebookView {
  const signature = `${nb.version}|${nb.getCells().map((c) => `${c.document.uri.toString()}@${c.document.version}`).join(',')}`;
  const hit = views.get(nb);
  if (hit && hit.signature === signature) return hit.view;
  const view = new NotebookView(nb);
  views.set(nb, { signature, view });
  return view;
}

/**
 * The URI a notebook's synthetic text is analysed (and cached) under: one of its own, so it never
 * shares a cache entry with the .ipynb opened as JSON. The analysis service frees it when the
 * notebook closes.
 */
export function notebookAnalysisUri(notebook: vscode.Uri): vscode.Uri {
  return notebook.with({ fragment: 'carbon-lens-notebook' });
}

function notebookText(nb: vscode.NotebookDocument, view: NotebookView): AnalysableText {
  const path = nb.uri.path;
  return {
    uri: notebookAnalysisUri(nb.uri),
    version: view.version,
    fileName: path.toLowerCase().endsWith('.ipynb') ? path : `${path}.ipynb`,
    getText: () => view.text,
  };
}

/** The whole notebook as one target (status bar); ranges keep the synthetic coordinates. */
export function targetForNotebook(nb: vscode.NotebookDocument): AnalysisTarget {
  const view = viewOf(nb);
  return {
    text: notebookText(nb, view),
    panelUri: nb.uri.toString(),
    scope: nb.uri,
    toDocument: (r) => r,
    locate: (r) => view.locate(r),
  };
}

/** The Jupyter notebook a cell document belongs to, and the cell's index. */
export function notebookOfCell(doc: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (doc.uri.scheme !== CELL_SCHEME) return undefined;
  const key = doc.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.notebookType !== NOTEBOOK_TYPE) continue;
    const index = notebook.getCells().findIndex((c) => c.document === doc || c.document.uri.toString() === key);
    if (index >= 0) return { notebook, index };
  }
  return undefined;
}

/**
 * What to analyse for `doc`: the document itself, or for a Jupyter cell the whole notebook with
 * ranges narrowed to this cell. Undefined for cells of other notebook kinds (interactive window…).
 */
export function targetFor(doc: vscode.TextDocument): AnalysisTarget | undefined {
  if (doc.uri.scheme !== CELL_SCHEME) return plainTarget(doc);
  const owner = notebookOfCell(doc);
  if (!owner) return undefined;
  const view = viewOf(owner.notebook);
  const cell = view.cellIndexOf(doc.uri.toString());
  if (cell < 0) return undefined;
  return {
    text: notebookText(owner.notebook, view),
    panelUri: owner.notebook.uri.toString(),
    scope: owner.notebook.uri,
    toDocument: (r) => view.rangeIn(cell, r),
    locate: (r) => view.locate(r),
  };
}
