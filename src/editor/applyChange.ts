// Writing a what-if into a file: argument validation (the arguments may come from a webview or a
// command link, so nothing is trusted), re-analysis of the document's CURRENT text, and one
// WorkspaceEdit so a single undo reverts the whole change.
import * as vscode from 'vscode';
import type { FieldName, RunFields, SourceRange } from '../core/runSpec';
import type { Change } from '../formats/types';
import { editPreviewLines } from './editPreviewText';
import { engine, stoppedReason } from './engine';

export interface ApplyArgs {
  uri: vscode.Uri;
  runIndex: number;
  change: Change;
}

type Kind = 'number' | 'text' | 'precision' | 'adapter' | 'readOnly';

/** Every writable field and its value type; `Record<FieldName, …>` keeps it in step with RunFields. */
const FIELD_KINDS: Record<FieldName, Kind> = {
  hardware: 'text', count: 'number', nodes: 'number', model: 'text', params: 'number', activeParams: 'number',
  tokens: 'number', steps: 'number', epochs: 'number', batchSize: 'number', perDeviceBatch: 'number',
  gradAccum: 'number', seqLen: 'number', datasetTokens: 'number', datasetSamples: 'number', hours: 'number', maxHours: 'number',
  precision: 'precision', quantization: 'number', adapter: 'adapter', loraRank: 'number', region: 'text',
  pue: 'number', intensity: 'number', trials: 'number', mfu: 'number', utilization: 'number',
  queriesPerDay: 'number', tokensPerQuery: 'number', inputTokensPerQuery: 'number', horizonDays: 'number', replicas: 'number', maxBatch: 'number',
  // What the file trains on and how: read for the estimate, never written by a what-if.
  dataset: 'readOnly', maxSamples: 'readOnly', packing: 'readOnly', trainingMethod: 'readOnly', gradientCheckpointing: 'readOnly',
  reference: 'readOnly', numGenerations: 'readOnly', completionLen: 'readOnly', promptLen: 'readOnly', teacher: 'readOnly',
  evalTokens: 'readOnly',
};
const PRECISIONS: readonly RunFields['precision'][] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'];
const ADAPTERS: readonly RunFields['adapter'][] = ['lora', 'qlora'];

function validValue(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0;
    case 'text':
      // One short line: a value that could smuggle YAML structure into the file is not a region or device name.
      return typeof v === 'string' && v.trim().length > 0 && v.length <= 200 && !/[\r\n]/.test(v);
    case 'precision':
      return (PRECISIONS as readonly unknown[]).includes(v);
    case 'adapter':
      return (ADAPTERS as readonly unknown[]).includes(v);
    case 'readOnly':
      return false;
  }
}

/** Validated arguments, or the reason they were rejected. */
export function parseApplyArgs(raw: unknown): ApplyArgs | string {
  if (!raw || typeof raw !== 'object') return 'expected { uri, runIndex, change }';
  const { uri, runIndex, change } = raw as Record<string, unknown>;
  let parsed: vscode.Uri;
  if (uri instanceof vscode.Uri) parsed = uri;
  else if (typeof uri === 'string' && uri.length < 4096) {
    try {
      parsed = vscode.Uri.parse(uri, true);
    } catch {
      return `uri is not a URI: ${uri.slice(0, 100)}`;
    }
  } else return 'uri must be a string';
  if (typeof runIndex !== 'number' || !Number.isInteger(runIndex) || runIndex < 0 || runIndex > 10_000) return 'runIndex must be a non-negative integer';
  if (!change || typeof change !== 'object') return 'change must be { field, value }';
  const main = parseFieldChange(change);
  if (typeof main === 'string') return main;
  const also = (change as Record<string, unknown>).also;
  if (also === undefined) return { uri: parsed, runIndex, change: main };
  // A multi-field change (checkpoint + dtype + tensor-parallel size): a few parts, each validated alike.
  if (!Array.isArray(also) || also.length > 4) return 'also must be a list of at most 4 { field, value }';
  const parts: Change['also'] = [];
  for (const a of also) {
    if (!a || typeof a !== 'object') return 'also must hold { field, value }';
    const p = parseFieldChange(a);
    if (typeof p === 'string') return p;
    parts.push(p);
  }
  return { uri: parsed, runIndex, change: { ...main, also: parts } };
}

function parseFieldChange(raw: object): { field: FieldName; value: RunFields[FieldName] } | string {
  const { field, value } = raw as Record<string, unknown>;
  if (typeof field !== 'string' || !Object.prototype.hasOwnProperty.call(FIELD_KINDS, field)) return `unknown field ${String(field).slice(0, 50)}`;
  if (!validValue(FIELD_KINDS[field as FieldName], value)) return `invalid value for ${field}`;
  return { field: field as FieldName, value: value as RunFields[FieldName] };
}

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol);
}

/** `preview`: the changed lines before and after, for the confirmation (editPreviewText.ts). */
export type PlannedEdit = { edit: vscode.WorkspaceEdit; ranges: vscode.Range[]; preview: string[] } | { reason: string };

/** The edit that writes `change` into run `runIndex` of the document as it is now. */
export async function planDocumentEdit(doc: vscode.TextDocument, runIndex: number, change: Change): Promise<PlannedEdit> {
  const text = doc.getText();
  const version = doc.version;
  let planned;
  try {
    planned = await engine().call('planChange', text, doc.fileName, runIndex, change);
  } catch (e) {
    return { reason: stoppedReason(e) ?? `Carbon Lens could not plan this edit: ${(e as Error).message}` };
  }
  // Planned in another thread: if the user typed meanwhile, the ranges describe text that is gone.
  if (doc.version !== version) return { reason: 'The file changed while the edit was planned; try again.' };
  if ('reason' in planned) {
    return planned.reason === 'no-run'
      ? { reason: 'The run is no longer in this file (it changed since the estimate).' }
      : { reason: `Carbon Lens cannot write \`${change.field}\` into this file; change it by hand.` };
  }
  const specs = planned.specs;
  const edit = new vscode.WorkspaceEdit();
  const ranges = specs.map((s) => doc.validateRange(toRange(s.range)));
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: false, label: 'Carbon Lens what-if', description: changeSummary(change) };
  specs.forEach((s, i) => edit.replace(doc.uri, ranges[i], s.newText, metadata));
  return { edit, ranges, preview: editPreviewLines(text, specs) };
}

/** "model → …, precision → fp16": what the confirmation and the undo stack name. */
export function changeSummary(change: Change): string {
  return [change, ...(change.also ?? [])].map((c) => `${c.field} → ${String(c.value)}`).join(', ').slice(0, 300);
}

/**
 * For each change, whether Apply would write it into run `runIndex` of this text: planned exactly as
 * planDocumentEdit plans it, so Apply is offered only where it works. False when the engine fails.
 */
export async function writableChanges(text: string, fileName: string, runIndex: number, changes: readonly Change[]): Promise<boolean[]> {
  if (!changes.length) return [];
  try {
    return await engine().call('writableChanges', text, fileName, runIndex, changes);
  } catch {
    return changes.map(() => false);
  }
}
