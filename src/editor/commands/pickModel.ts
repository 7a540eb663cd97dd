// carbonLens.pickModel { uri, runIndex }: the action of a "needs the model" lens. Picks a model from the
// catalogue (with its size and source) and writes it into the run through carbonLens.applySuggestion,
// the one path that writes files (re-analysed as it is now, one undo). A format that cannot take the
// key says so there, and the user adds it by hand.
import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import { listModels } from '../../core/catalog';
import { formatCount } from '../../core/format';
import { guardedCommand } from './guard';

interface ModelItem extends vscode.QuickPickItem {
  value?: string;
}

function items(): ModelItem[] {
  const out: ModelItem[] = [];
  let family = '';
  const sorted = listModels().slice().sort((a, b) => (a.family ?? '').localeCompare(b.family ?? '') || a.params - b.params);
  for (const m of sorted) {
    const f = m.family ?? 'Other';
    if (f !== family) {
      family = f;
      out.push({ label: f, kind: vscode.QuickPickItemKind.Separator });
    }
    const active = m.activeParams && m.activeParams !== m.params ? ` (${formatCount(m.activeParams)} active)` : '';
    out.push({ label: m.id, description: `${formatCount(m.params)} parameters${active}`, detail: `${m.source} (${m.year})`, value: m.id });
  }
  return out;
}

export function pickModelCommand() {
  return guardedCommand('Pick the model', async (raw?: unknown): Promise<boolean> => {
    const args = raw && typeof raw === 'object' ? (raw as { uri?: unknown; runIndex?: unknown }) : {};
    const uri = typeof args.uri === 'string' ? args.uri : vscode.window.activeTextEditor?.document.uri.toString();
    const runIndex = typeof args.runIndex === 'number' && Number.isInteger(args.runIndex) && args.runIndex >= 0 ? args.runIndex : 0;
    if (!uri) return false;
    const picked = await vscode.window.showQuickPick(items(), {
      title: 'Carbon Lens: which model does this run train or serve?',
      placeHolder: 'Type to search the catalogue (Hugging Face ids)',
      matchOnDescription: true,
    });
    if (!picked?.value) return false;
    return (await vscode.commands.executeCommand<boolean>(CommandId.applySuggestion, { uri, runIndex, change: { field: 'model', value: picked.value } })) === true;
  });
}
