// The last workspace report, shared between the command that makes it and the panel that shows it.
// A module-level store because both sides are registered independently; the emitter is disposed with
// the extension through disposeReportStore().
import * as vscode from 'vscode';
import type { FileResult } from '../engine/evaluate';
import type { JsonReport } from '../engine/jsonReport';

/** One file of a workspace report: the CLI entry plus the URI to open it by. */
export type WorkspaceReportFile = JsonReport['files'][number] & { uri: string };

/** The CLI JSON contract, with what only the editor knows added (never renamed). */
export interface WorkspaceReport extends JsonReport {
  files: WorkspaceReportFile[];
  /** ISO date-time of the scan. */
  generatedAt: string;
  /** Candidate files that could not be read or analysed (details in the Carbon Lens output). */
  skipped: number;
  /** The workspace budget in force, kg CO₂e, when one is set. */
  budgetKg?: number;
}

/** Context key for `when` clauses: a workspace report exists this session. */
export const HAS_WORKSPACE_REPORT = 'carbonLens.hasWorkspaceReport';

let report: WorkspaceReport | undefined;
let files: readonly FileResult[] = [];
const changed = new vscode.EventEmitter<WorkspaceReport | undefined>();

/** Fires after a new workspace report was stored. */
export const onDidChangeWorkspaceReport = changed.event;

export function setWorkspaceReport(next: WorkspaceReport | undefined, results: readonly FileResult[] = []): void {
  report = next;
  files = next ? results : [];
  void vscode.commands.executeCommand('setContext', HAS_WORKSPACE_REPORT, !!next);
  changed.fire(next);
}

export function getWorkspaceReport(): WorkspaceReport | undefined {
  return report;
}

/** The analyses behind the report (for exports that need more than the JSON, e.g. Markdown). */
export function getWorkspaceResults(): readonly FileResult[] {
  return files;
}

export function disposeReportStore(): void {
  report = undefined;
  files = [];
  changed.dispose();
}
