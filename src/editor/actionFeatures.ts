// Commands, diagnostics (malformed files, implausible values, budgets), quick fixes and exports.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from '../constants';
import type { Services } from '../services';
import { BudgetIndex } from './budgets';
import { SuggestionCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { DiagnosticsController } from './diagnostics';
import { disposeReportStore } from './reportStore';
import { registerWorkspaceFeatures } from './workspaceFeatures';
import type { WorkspaceRuns } from './workspaceRuns';

/** Returns the workspace's runs, which the editor-area report (registered with the panels) shows too. */
export function registerActionFeatures(services: Services): WorkspaceRuns {
  const budgets = new BudgetIndex();
  const runs = registerWorkspaceFeatures(services, budgets);
  services.context.subscriptions.push(
    budgets,
    new DiagnosticsController(services, budgets),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new SuggestionCodeActions(services), {
      providedCodeActionKinds: SuggestionCodeActions.providedCodeActionKinds,
    }),
    ...registerCommands({ ...services, budgets, runs }),
    { dispose: disposeReportStore },
  );
  return runs;
}
