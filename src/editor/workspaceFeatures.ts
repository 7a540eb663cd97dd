// The Runs view (a native tree in the Carbon Lens container) and its refresh command. The editor-area
// report that shows the same runs is registered with the panels (src/webview/reportPanel.ts).
import * as vscode from 'vscode';
import { CommandId, ViewId } from '../constants';
import type { Services } from '../services';
import type { BudgetIndex } from './budgets';
import { RunsTreeProvider, revealRun, treeSnapshot } from './runsTree';
import { WorkspaceRuns, workspaceOver } from './workspaceRuns';

export function registerWorkspaceFeatures(services: Services, budgets: BudgetIndex): WorkspaceRuns {
  const runs = new WorkspaceRuns(services, budgets);
  const tree = new RunsTreeProvider(runs);
  const view = vscode.window.createTreeView(ViewId.runs, { treeDataProvider: tree, showCollapseAll: true });
  services.context.subscriptions.push(
    runs,
    tree,
    view,
    runs.addLooker(() => view.visible),
    view.onDidChangeVisibility((e) => {
      if (e.visible) runs.wake();
    }),
    runs.onDidChange((s) => {
      const over = s.summary.overBudget;
      // The badge counts runs over budget: what needs a look, not how many runs there are.
      view.badge = over ? { value: over, tooltip: `${over} run${over === 1 ? '' : 's'} over budget` } : undefined;
      const ws = workspaceOver(s);
      view.message = ws ? `Workspace budget exceeded: ${ws}` : undefined;
    }),
    vscode.commands.registerCommand(CommandId.revealRun, revealRun),
    // Returns what the view then shows (and the summary behind it), for tests and scripts.
    vscode.commands.registerCommand(CommandId.refreshRuns, async () => {
      await vscode.window.withProgress({ location: { viewId: ViewId.runs } }, () => runs.refresh(true));
      return { state: runs.peek(), items: await treeSnapshot(tree) };
    }),
  );
  return runs;
}
