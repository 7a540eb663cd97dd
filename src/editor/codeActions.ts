// Quick fixes: each what-if that can be written to the file, offered on the line it would change
// (or the run's first line when the file does not state the field yet). They run applySuggestion,
// the one path that edits files, so a fix and the panel's Apply button behave the same.
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { Suggestion } from '../core/runSpec';
import type { FileResult } from '../engine/evaluate';
import type { Services } from '../services';
import { anchorLine, DIAGNOSTIC_SOURCE, DiagnosticCode, fieldLine, pairRuns } from './diagnostics';
import { log } from './log';
import { writableChanges } from './applyChange';
import { raisedBudgetKg } from '../engine/budgetRaise';
import type { Estimate } from '../core/runSpec';
import { budgetFixText } from './budgetFixText';

/** Open the panel, raise this file's budget, ignore this run: offered on a budget warning whatever the what-ifs. */
function budgetActions(doc: vscode.TextDocument, runIndex: number, estimate: Estimate, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
  const make = (title: string, command: string, args: unknown): vscode.CodeAction => {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.command = { command, title, arguments: [args] };
    a.diagnostics = diagnostics;
    return a;
  };
  const kg = raisedBudgetKg(estimate.co2eKg.mid);
  return [
    make(budgetFixText.openPanel, CommandId.openPanel, { uri: doc.uri.toString(), runIndex }),
    make(budgetFixText.raise(kg), CommandId.raiseBudget, { uri: doc.uri.toString(), kg }),
    make(budgetFixText.ignore(estimate.name), CommandId.ignoreBudgetRun, { uri: doc.uri.toString(), runName: estimate.name }),
  ];
}

interface Fix {
  runIndex: number;
  line: number;
  anchor: number;
  suggestion: Suggestion & { change: NonNullable<Suggestion['change']> };
}

export class SuggestionCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  /** Writable fixes of the last analysis asked about: the lightbulb asks again on every cursor move. */
  private cache: { result: FileResult; fixes: Fix[] } | undefined;

  constructor(private readonly services: Services) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    try {
      if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
      const fixes = await this.fixes(doc, token);
      if (token.isCancellationRequested) return [];
      const budgetDiags = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === DiagnosticCode.budget);
      const actions: vscode.CodeAction[] = [];
      const byRun = new Map<number, vscode.CodeAction[]>();
      for (const fix of fixes) {
        const onBudgetLine = budgetDiags.filter((d) => d.range.start.line === fix.anchor);
        if (!onBudgetLine.length && !(fix.line >= range.start.line && fix.line <= range.end.line)) continue;
        const action = new vscode.CodeAction(fix.suggestion.title, vscode.CodeActionKind.QuickFix);
        action.command = {
          command: CommandId.applySuggestion,
          title: fix.suggestion.title,
          arguments: [{ uri: doc.uri.toString(), runIndex: fix.runIndex, change: fix.suggestion.change }],
        };
        if (onBudgetLine.length) action.diagnostics = onBudgetLine;
        actions.push(action);
        byRun.set(fix.runIndex, [...(byRun.get(fix.runIndex) ?? []), action]);
      }
      // Suggestions come sorted by saving, so the first fix of a run over budget is its biggest saving.
      for (const list of byRun.values()) {
        const first = list.find((a) => a.diagnostics?.length);
        if (first) {
          first.isPreferred = true;
          first.title = budgetFixText.best(first.title);
        }
        for (const a of list) if (a !== first) a.diagnostics = undefined;
      }
      // Every budget warning also gets the ways out that need no what-if (#15 part 6).
      const result = this.cache?.result;
      if (result && budgetDiags.length) {
        for (const { index, run, estimate } of pairRuns(result)) {
          const diags = budgetDiags.filter((d) => d.range.start.line === anchorLine(run));
          if (!diags.length) continue;
          actions.push(...budgetActions(doc, index, estimate, diags));
        }
      }
      return actions;
    } catch (e) {
      log.error('Carbon Lens quick fixes', e);
      return [];
    }
  }

  private async fixes(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<Fix[]> {
    // The service caches per version and settings generation, so the same object means nothing changed.
    const result = await this.services.analysis.analyse(doc, token);
    if (this.cache?.result === result) return this.cache.fixes;
    const text = doc.getText();
    const fixes: Fix[] = [];
    for (const { index, run, estimate } of pairRuns(result)) {
      const sorted = [...estimate.suggestions].sort((a, b) => b.savingPct - a.savingPct).filter((s): s is Fix['suggestion'] => !!s.change);
      // Only offer what can be written: a fix that ends in "cannot write this" is not a fix.
      const writable = await writableChanges(text, doc.fileName, index, sorted.map((s) => s.change));
      sorted.forEach((s, i) => {
        if (!writable[i]) return;
        fixes.push({ runIndex: index, line: fieldLine(run, s.change.field) ?? anchorLine(run), anchor: anchorLine(run), suggestion: s });
      });
    }
    this.cache = { result, fixes };
    return fixes;
  }
}
