// The Runs view: every run in the workspace, grouped by folder, each with its phase, CO₂e, energy
// and budget state; a click opens the file at the run's line. Files that did not parse are listed
// in their folder with the error, so they are not silently missing from the totals.
import * as vscode from 'vscode';
import { formatCo2e } from '../core/format';
import { rowBudget, rowCo2e, rowDescription, rowEnergy, rowNote } from './reportView';
import type { WorkspaceRuns, WorkspaceRunsState } from './workspaceRuns';
import type { FileIssue, Place, RunRow } from './workspaceSummary';
import { CommandId } from '../constants';

export type RunsNode =
  | { kind: 'folder'; folder: string; rows: RunRow[]; issues: FileIssue[] }
  | { kind: 'run'; row: RunRow }
  | { kind: 'issue'; issue: FileIssue }
  | { kind: 'totals'; label: string; text: string; tooltip: string };

/** Where a click on a run or a problem lands: its file at its line, or its notebook at its cell. */
export function openAtLine(uri: string, line: number, place?: Place): vscode.Command {
  return { command: CommandId.revealRun, title: 'Open at the run', arguments: [{ uri, line, cell: place?.cell, cellLine: place?.cellLine }] };
}

/** Opens a file at a line, or a notebook at a cell (and a line inside it); arguments as openAtLine builds them. */
export async function revealRun(arg: unknown): Promise<void> {
  if (!arg || typeof arg !== 'object') return;
  const a = arg as { uri?: unknown; line?: unknown; cell?: unknown; cellLine?: unknown; beside?: unknown };
  const viewColumn = a.beside === true ? vscode.ViewColumn.Beside : undefined;
  if (typeof a.uri !== 'string') return;
  const uri = vscode.Uri.parse(a.uri);
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const cell = n(a.cell);
  if (cell !== undefined) {
    const nb = await vscode.workspace.openNotebookDocument(uri);
    const range = new vscode.NotebookRange(cell, Math.min(cell + 1, nb.cellCount));
    const editor = await vscode.window.showNotebookDocument(nb, { selections: [range], preserveFocus: false, viewColumn });
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    const line = n(a.cellLine);
    const doc = nb.cellAt(cell).document;
    if (line !== undefined) await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0), preserveFocus: false, viewColumn: editor.viewColumn });
    return;
  }
  const line = n(a.line) ?? 0;
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preserveFocus: false, viewColumn });
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly runs: WorkspaceRuns) {
    this.disposables.push(runs.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'folder') {
      return [...node.issues.map((issue): RunsNode => ({ kind: 'issue', issue })), ...node.rows.map((row): RunsNode => ({ kind: 'run', row }))];
    }
    if (node) return [];
    const state = await this.runs.current();
    return rootNodes(state);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder === '.' ? '(workspace root)' : node.folder, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        const over = node.rows.filter((r) => r.budget.state === 'over').length;
        item.description = `${node.rows.length} run${node.rows.length === 1 ? '' : 's'}${over ? ` · ${over} over budget` : ''}`;
        item.contextValue = 'carbonLens.folder';
        return item;
      }
      case 'run': {
        const r = node.row;
        const item = new vscode.TreeItem(r.name === r.fileName ? r.fileName : `${r.fileName} · ${r.name}`, vscode.TreeItemCollapsibleState.None);
        item.id = r.key;
        item.description = rowDescription(r);
        item.iconPath =
          r.budget.state === 'over'
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : r.countedIn
              ? new vscode.ThemeIcon('debug-step-into')
              : new vscode.ThemeIcon(r.phase === 'inference' ? 'server-process' : 'flame');
        const tip = new vscode.MarkdownString(undefined, false);
        tip.appendText(`${r.relPath}, ${r.place.where}\n\n${r.phase === 'inference' ? 'Serving' : 'Training'} · ${rowCo2e(r)} · ${rowEnergy(r)}`);
        const budget = rowBudget(r);
        if (budget) tip.appendText(`\n\nBudget: ${budget}`);
        const note = rowNote(r);
        if (note) tip.appendText(`\n\n${note}`);
        item.tooltip = tip;
        // Screen readers read the label and this, not the icon: say the state in words.
        item.accessibilityInformation = { label: `${item.label as string}, ${item.description}`, role: 'treeitem' };
        item.command = openAtLine(r.uri, r.line, r.place);
        item.contextValue = 'carbonLens.run';
        item.resourceUri = vscode.Uri.parse(r.uri);
        return item;
      }
      case 'issue': {
        const i = node.issue;
        const item = new vscode.TreeItem(i.relPath.split('/').pop() ?? i.relPath, vscode.TreeItemCollapsibleState.None);
        item.description = `not estimated: ${i.message}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.tooltip = `${i.relPath}, ${i.place.where}\n${i.message}`;
        item.command = openAtLine(i.uri, i.line, i.place);
        item.contextValue = 'carbonLens.issue';
        return item;
      }
      case 'totals': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.text;
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon('symbol-number');
        item.command = { command: 'carbonLens.openWorkspaceReport', title: 'Open workspace report' };
        item.contextValue = 'carbonLens.totals';
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Two totals lines (one-time, per year) then one node per folder; nothing at all before any run is found. */
export function rootNodes(state: WorkspaceRunsState): RunsNode[] {
  const { summary } = state;
  if (!summary.rows.length && !summary.issues.length) return []; // the view's welcome content shows instead
  const out: RunsNode[] = [];
  const { oneTime, perYear } = summary.totals;
  out.push({ kind: 'totals', label: 'One-time (training)', text: oneTime.runs ? `${formatCo2e(oneTime.co2eKg)} · ${oneTime.runs} run${oneTime.runs === 1 ? '' : 's'}` : 'none', tooltip: 'Training runs, each paid once. A run that a sweep or launch script repeats, or a base config another config reads, is counted in that file only.' });
  if (perYear.runs) out.push({ kind: 'totals', label: 'Per year (serving)', text: `${formatCo2e(perYear.co2eKg)} · ${perYear.runs} run${perYear.runs === 1 ? '' : 's'}`, tooltip: 'Serving runs, scaled to one year of traffic: paid every year they run.' });
  const folders = new Map<string, { rows: RunRow[]; issues: FileIssue[] }>();
  const at = (f: string) => folders.get(f) ?? folders.set(f, { rows: [], issues: [] }).get(f)!;
  for (const r of summary.rows) at(r.folder).rows.push(r);
  for (const i of summary.issues) at(i.folder).issues.push(i);
  for (const [folder, g] of [...folders].sort(([a], [b]) => a.localeCompare(b))) out.push({ kind: 'folder', folder, ...g });
  return out;
}

/** What the Runs view shows, as labels and descriptions (what `carbonLens.refreshRuns` returns, for tests and scripts). */
export interface TreeSnapshotItem {
  label: string;
  description?: string;
  icon?: string;
  children?: TreeSnapshotItem[];
}

export async function treeSnapshot(tree: RunsTreeProvider, node?: RunsNode): Promise<TreeSnapshotItem[]> {
  const out: TreeSnapshotItem[] = [];
  for (const child of await tree.getChildren(node)) {
    const item = tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
    out.push({
      label,
      ...(typeof item.description === 'string' ? { description: item.description } : {}),
      ...(icon ? { icon } : {}),
      ...(child.kind === 'folder' ? { children: await treeSnapshot(tree, child) } : {}),
    });
  }
  return out;
}
