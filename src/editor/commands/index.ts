// Registers the action commands (one handler per file in this folder). carbonLens.openPanel belongs
// to the panel.
import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import { applySuggestionCommand } from './applySuggestion';
import { ignoreBudgetRunCommand, raiseBudgetCommand } from './budgetFixes';
import { exportHardwareTableCommand } from './exportHardwareTable';
import { initIgnoredRuns } from '../ignoredRuns';
import type { ActionServices } from './common';
import { estimateCommand } from './estimate';
import { estimateWorkspaceCommand } from './estimateWorkspace';
import { exportReportCommand } from './exportReport';
import { pickModelCommand } from './pickModel';
import { openExampleCommand } from './openExample';
import { setBudgetCommand } from './setBudget';
import { setDefaultHardwareCommand } from './setDefaultHardware';
import { setDefaultRegionCommand } from './setDefaultRegion';
import { setOnlineCredentialsCommand } from './setOnlineCredentials';

export function registerCommands(services: ActionServices): vscode.Disposable[] {
  initIgnoredRuns(services.context.workspaceState);
  const handlers: [string, (...args: never[]) => unknown][] = [
    [CommandId.raiseBudget, raiseBudgetCommand()],
    [CommandId.ignoreBudgetRun, ignoreBudgetRunCommand()],
    [CommandId.exportHardwareTable, exportHardwareTableCommand()],
    [CommandId.estimate, estimateCommand(services)],
    [CommandId.estimateWorkspace, estimateWorkspaceCommand(services)],
    [CommandId.setDefaultRegion, setDefaultRegionCommand()],
    [CommandId.setDefaultHardware, setDefaultHardwareCommand()],
    [CommandId.setBudget, setBudgetCommand(services.runs)],
    [CommandId.exportReport, exportReportCommand(services)],
    [CommandId.applySuggestion, applySuggestionCommand()],
    [CommandId.pickModel, pickModelCommand()],
    [CommandId.openExample, openExampleCommand(services)],
    [CommandId.setOnlineCredentials, setOnlineCredentialsCommand(services.context.secrets, services.timing)],
  ];
  return handlers.map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
