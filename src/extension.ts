// Composition root: build the shared services, register every feature, push every disposable.
// Activation stays cheap: no data table is loaded and no file is read until a provider is asked.
import * as vscode from 'vscode';
import { AnalysisService } from './editor/analysisService';
import { TimingService } from './editor/carbonTiming';
import { onDidChangeSettings } from './editor/config';
import { disposeEngine } from './editor/engine';
import { initLog, log } from './editor/log';
import { registerEditorFeatures } from './editor/register';
import type { Services } from './services';
import { registerPanel, registerReportPanel } from './webview/register';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = initLog();
  const analysis = new AnalysisService();
  context.subscriptions.push(channel, analysis, onDidChangeSettings(() => analysis.invalidateAll()));
  // Holds per-run forecast state only; makes no request until the user asks with online features on.
  const timing = new TimingService(context.secrets);
  context.subscriptions.push(timing, vscode.workspace.onDidCloseTextDocument((d) => timing.forget(d.uri)), vscode.workspace.onDidCloseNotebookDocument((n) => timing.forget(n.uri)));
  const services: Services = { context, analysis, timing };
  const runs = registerEditorFeatures(services);
  registerPanel(services);
  registerReportPanel(services, runs);
  // `npm run bench` (activation) parses this line from the output-channel log.
  log.info(`Carbon Lens ${context.extension.packageJSON.version as string} activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything else is disposed through context.subscriptions; the engine's workers end here.
  disposeEngine();
}
