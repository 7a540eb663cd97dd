// What every editor feature is handed: built once in activate(), disposed with the extension.
import type * as vscode from 'vscode';
import type { AnalysisService } from './editor/analysisService';
import type { TimingService } from './editor/carbonTiming';

export interface Services {
  context: vscode.ExtensionContext;
  analysis: AnalysisService;
  timing: TimingService;
}
