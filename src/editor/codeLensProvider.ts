// CodeLens: one lens with the run's CO₂e on its first line, and a few lenses on the lines that drive
// the cost — one lens per line, per kind of run as the settings say (lensPlan.ts). The main lens is
// complete when listed (its title is a format of numbers the analysis already holds); driver lenses
// re-run the estimator for their what-ifs, so they are titled only when VS Code resolves them, i.e.
// when they are on screen. Lenses act: a length or trial driver writes "halve" through the apply
// path, and a run that needs its model opens the model picker.
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { SourceRange } from '../core/runSpec';
import type { Services } from '../services';
import { onDidChangeSettings, readEditorOptions, readEstimateSettings } from './config';
import { errorLensTitle, fileTotalKg, mainLensTitle, pairRuns, partialReadNote, type WhatIfContext, type Driver } from './lensText';
import { driverAction, planLenses } from './lensPlan';
import { log } from './log';
import { targetFor } from './notebookCells';

/** The arguments `carbonLens.openPanel` takes (the panel reads `uri` and shows run `runIndex`). */
export interface OpenPanelArgs {
  uri: string;
  runIndex: number;
}

function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.startLine, r.startCol);
}

function openPanel(title: string, args: OpenPanelArgs): vscode.Command {
  return { title, command: CommandId.openPanel, arguments: [args], tooltip: 'Carbon Lens: open the estimate panel for this run' };
}

/** A driver lens holds what it needs to title itself later, not the whole analysis. */
class DriverLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly driver: Driver, readonly ctx: WhatIfContext, readonly args: OpenPanelArgs) {
    super(range);
  }
}

export class CarbonCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChange.event;
  private readonly _disposables: vscode.Disposable[] = [this._onDidChange];

  constructor(private readonly services: Services) {
    this._disposables.push(
      services.analysis.onDidChange(() => this._onDidChange.fire()),
      // carbonLens.codeLens.enabled and every estimate setting change what the lenses show.
      onDidChangeSettings(() => this._onDidChange.fire()),
      // Adding, removing or moving cells changes which cell a run sits in; outputs do not.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length || e.metadata) this._onDidChange.fire();
      }),
    );
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const target = targetFor(doc);
      if (!target || !readEditorOptions(target.scope).codeLensEnabled) return [];
      const result = await this.services.analysis.analyse(target.text, token);
      if (token.isCancellationRequested) return [];
      const pairs = pairRuns(result);
      const lenses: vscode.CodeLens[] = [];

      if (result.stopped && result.error) {
        // The reader was stopped (too slow or too hungry): say so where the user looks, nothing more.
        const at = target.toDocument({ startLine: 0, startCol: 0, endLine: 0, endCol: 0 });
        if (at) lenses.push(new vscode.CodeLens(toRange(at), openPanel(result.error, { uri: target.panelUri, runIndex: 0 })));
        return lenses;
      }
      if (!pairs.length && result.error && result.format !== 'unknown') {
        const at = target.toDocument({ startLine: result.errorLine ?? 0, startCol: 0, endLine: result.errorLine ?? 0, endCol: 0 });
        const title = errorLensTitle(result.errorLine !== undefined ? at?.startLine : undefined, result.analysis?.syntaxError);
        if (at) lenses.push(new vscode.CodeLens(toRange(at), openPanel(title, { uri: target.panelUri, runIndex: 0 })));
        return lenses;
      }

      const settings = readEstimateSettings(target.scope);
      const total = fileTotalKg(pairs);
      const readNote = partialReadNote(result);
      const modes = readEditorOptions(target.scope).codeLensModes;
      for (const spec of planLenses(pairs, modes, (r) => target.toDocument(r))) {
        const { run, estimate, index } = spec.pair;
        const args: OpenPanelArgs = { uri: target.panelUri, runIndex: index };
        const at = toRange({ startLine: spec.line, startCol: spec.col, endLine: spec.line, endCol: spec.col });
        if (spec.kind === 'main') {
          const title = mainLensTitle(estimate, settings, readNote);
          lenses.push(new vscode.CodeLens(at, spec.needsModel
            ? { title, command: CommandId.pickModel, arguments: [args], tooltip: 'Carbon Lens: pick the model from the catalogue and write it into the file' }
            : openPanel(title, args)));
        } else {
          const ctx: WhatIfContext = { run, estimate, settings, fileTotalKg: total };
          lenses.push(new DriverLens(at, spec.driver, ctx, args));
        }
      }
      return lenses;
    } catch (e) {
      log.error(`CodeLens for ${doc.uri.toString()}`, e);
      return [];
    }
  }

  resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): vscode.CodeLens {
    if (!(lens instanceof DriverLens) || lens.command || token.isCancellationRequested) return lens;
    try {
      const action = driverAction(lens.driver, lens.ctx);
      lens.command = action.change
        ? { title: action.title, command: CommandId.applySuggestion, arguments: [{ ...lens.args, change: action.change }], tooltip: action.tooltip }
        : openPanel(action.title, lens.args);
    } catch (e) {
      log.error('Resolving a Carbon Lens driver lens', e);
      // A lens without a command renders blank; say something neutral instead of failing.
      lens.command = openPanel('Carbon Lens: see the estimate panel', lens.args);
    }
    return lens;
  }

  dispose(): void {
    for (const d of this._disposables) d.dispose();
    this._disposables.length = 0;
  }
}
