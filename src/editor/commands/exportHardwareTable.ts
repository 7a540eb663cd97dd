// carbonLens.exportHardwareTable [{ uri, runIndex, format }]: the procurement view of a run (every
// catalogued accelerator that can hold it) opened as a new CSV or Markdown document to save or paste.
import * as vscode from 'vscode';
import { readEstimateSettings } from '../config';
import { engine } from '../engine';
import { activeFileUri } from './common';
import { guardedCommand } from './guard';

export function exportHardwareTableCommand() {
  return guardedCommand('Export hardware table', async (raw?: unknown): Promise<string | undefined> => {
    const a = (raw ?? {}) as Record<string, unknown>;
    const uri = typeof a.uri === 'string' && a.uri.length < 4096 ? vscode.Uri.parse(a.uri, true) : activeFileUri();
    if (!uri) return undefined;
    const runIndex = typeof a.runIndex === 'number' && Number.isInteger(a.runIndex) && a.runIndex >= 0 ? a.runIndex : 0;
    let format: 'csv' | 'md' | undefined = a.format === 'csv' || a.format === 'md' ? a.format : undefined;
    if (!format) {
      const pick = await vscode.window.showQuickPick([{ label: 'Markdown', format: 'md' as const }, { label: 'CSV', format: 'csv' as const }], { placeHolder: 'Export the hardware comparison as' });
      if (!pick) return undefined;
      format = pick.format;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = await engine().call('hardwareTable', doc.getText(), doc.fileName, runIndex, readEstimateSettings(uri), format);
    if (!text) {
      void vscode.window.showInformationMessage('Carbon Lens has no estimate for this run, so no hardware to compare.');
      return undefined;
    }
    const out = await vscode.workspace.openTextDocument({ content: text, language: format === 'csv' ? 'plaintext' : 'markdown' });
    await vscode.window.showTextDocument(out, { preview: false });
    return text;
  });
}
