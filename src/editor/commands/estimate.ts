// carbonLens.estimate: estimate the current file (text or notebook), or one picked from the
// workspace, and show it in the panel. Returns the file's JSON report entry (runs with CO₂e).
import * as vscode from 'vscode';
import { guardedCommand } from './guard';
import { activeFileUri, baseName, extensionVersion, openPanel, reportEntry, uriFromArg, type ActionServices } from './common';
import { analyseUri, isRecognised, pickRecognisedFile } from '../workspaceScan';
import type { WorkspaceReportFile } from '../reportStore';

export function estimateCommand(services: ActionServices) {
  return guardedCommand('Estimate emissions', async (arg?: unknown): Promise<WorkspaceReportFile | undefined> => {
    let uri = uriFromArg(arg) ?? activeFileUri();
    let result = uri ? await analyseUri(services, uri) : undefined;
    if (!uri || !result || !isRecognised(result)) {
      const title = uri ? `No ML run recognised in ${baseName(uri)}. Estimate which file?` : 'Estimate which file?';
      uri = await pickRecognisedFile(services, title);
      if (!uri) return undefined;
      result = await analyseUri(services, uri);
      void vscode.commands.executeCommand('vscode.open', uri);
    }
    if (result.error) void vscode.window.showWarningMessage(`Carbon Lens: ${baseName(uri)}: ${result.error}`);
    openPanel({ uri: uri.toString(), runIndex: 0 });
    return reportEntry(result, uri, extensionVersion(services));
  });
}
