// Commands, diagnostics (malformed files, implausible values, budgets), quick fixes and exports.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from '../constants';
import type { Services } from '../services';
import { BudgetIndex } from './budgets';
import { SuggestionCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { DiagnosticsController } from './diagnostics';
import { disposeReportStore } from './reportStore';

export function registerActionFeatures(services: Services): void {
  const budgets = new BudgetIndex();
  services.context.subscriptions.push(
    budgets,
    new DiagnosticsController(services, budgets),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new SuggestionCodeActions(services), {
      providedCodeActionKinds: SuggestionCodeActions.providedCodeActionKinds,
    }),
    ...registerCommands({ ...services, budgets }),
    { dispose: disposeReportStore },
  );
}
