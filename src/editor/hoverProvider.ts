// Hover over a key that drives a run's cost (or over the run's first line): the run's estimate, what
// that key contributes, comparisons and every assumption with its origin. The markdown is built by
// the pure hoverMarkdown.ts; this class finds what is under the cursor and sets the trust.
import * as vscode from 'vscode';
import type { FieldName, SourceRange, Sourced } from '../core/runSpec';
import type { Services } from '../services';
import { readEditorOptions, readEstimateSettings } from './config';
import { buildHoverMarkdown, HOVER_COMMANDS } from './hoverMarkdown';
import { perRunBudgetApplies } from './diagnosticText';
import { anchorOf, fileTotalKg, pairRuns, type RunPair } from './lensText';
import { log } from './log';
import { measuredFor } from './runExtras';
import { targetFor, type AnalysisTarget } from './notebookCells';

interface Hit {
  pair: RunPair;
  field?: FieldName;
  range: vscode.Range;
}

function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol);
}

function covers(r: SourceRange, pos: vscode.Position): boolean {
  if (pos.line < r.startLine || pos.line > r.endLine) return false;
  if (pos.line === r.startLine && pos.character < r.startCol) return false;
  return !(pos.line === r.endLine && pos.character > r.endCol);
}

/** The input under the cursor. Values stated in the file win over values derived onto the same text. */
function inputAt(pair: RunPair, target: AnalysisTarget, pos: vscode.Position): Hit | undefined {
  let best: { hit: Hit; score: number } | undefined;
  const fields = new Set([...Object.keys(pair.run.inputs), ...Object.keys(pair.estimate.inputs)]) as Set<FieldName>;
  for (const field of fields) {
    const input = (pair.run.inputs[field] ?? pair.estimate.inputs[field]) as Sourced<unknown> | undefined;
    if (!input) continue;
    const key = input.keyRange && target.toDocument(input.keyRange);
    const value = input.range && target.toDocument(input.range);
    const hitRange = [key, value].find((r) => r && covers(r, pos));
    if (!hitRange) continue;
    // The key and its value read as one thing when they share a line.
    const whole = key && value && key.startLine === value.endLine ? { ...key, endLine: value.endLine, endCol: Math.max(key.endCol, value.endCol) } : hitRange;
    const score = (input.origin === 'file' ? 0 : 1000) + (hitRange.endLine - hitRange.startLine) * 10;
    if (!best || score < best.score) best = { hit: { pair, field, range: toRange(whole) }, score };
  }
  return best?.hit;
}

/**
 * `bf16: auto`, `fp16: false` and their kin decide the precision at run time, so the reader records no
 * value for them; the key still matters (issue #16), so it gets the precision hover of the run it
 * belongs to (the last run starting at or above it), saying what the estimate assumed.
 */
const PRECISION_KEY = /^\s*(?:bf16|fp16|tf32|fp8|bf16_full_eval|fp16_full_eval|mixed_precision|precision)\s*:/i;

function precisionKeyHit(pairs: RunPair[], target: AnalysisTarget, doc: vscode.TextDocument, pos: vscode.Position): Hit | undefined {
  const line = doc.lineAt(pos.line).text;
  const m = PRECISION_KEY.exec(line.slice(0, 200));
  if (!m || pos.character > m[0].length) return undefined;
  let owner: RunPair | undefined;
  for (const pair of pairs) {
    const anchor = target.toDocument(anchorOf(pair.run));
    if (anchor && anchor.startLine <= pos.line && (!owner || anchor.startLine >= (target.toDocument(anchorOf(owner.run))?.startLine ?? -1))) owner = pair;
  }
  owner ??= pairs[0];
  if (!owner?.estimate.inputs.precision) return undefined;
  return { pair: owner, field: 'precision', range: new vscode.Range(pos.line, 0, pos.line, m[0].length) };
}

function hitAt(pairs: RunPair[], target: AnalysisTarget, doc: vscode.TextDocument, pos: vscode.Position): Hit | undefined {
  for (const pair of pairs) {
    const hit = inputAt(pair, target, pos);
    if (hit) return hit;
  }
  const precision = precisionKeyHit(pairs, target, doc, pos);
  if (precision) return precision;
  for (const pair of pairs) {
    const anchor = target.toDocument(anchorOf(pair.run));
    if (anchor && anchor.startLine === pos.line) return { pair, range: doc.lineAt(pos.line).range };
  }
  return undefined;
}

export class CarbonHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const target = targetFor(doc);
      if (!target) return undefined;
      const result = await this.services.analysis.analyse(target.text, token);
      if (token.isCancellationRequested) return undefined;
      const pairs = pairRuns(result);
      const hit = pairs.length ? hitAt(pairs, target, doc, pos) : undefined;
      if (!hit) return undefined;
      const options = readEditorOptions(target.scope);
      const measured = await measuredFor(target.text.uri, target.text.getText(), result);
      if (token.isCancellationRequested) return undefined;
      const markdown = buildHoverMarkdown({
        uri: target.panelUri,
        runIndex: hit.pair.index,
        run: hit.pair.run,
        estimate: hit.pair.estimate,
        settings: readEstimateSettings(target.scope),
        fileTotalKg: fileTotalKg(pairs),
        field: hit.field,
        equivalenceIds: options.equivalenceIds,
        distanceUnit: options.distanceUnit,
        // A serving run's horizon total is compared with a per-run budget only when asked (issue #16).
        budgetPerRunKg: perRunBudgetApplies(hit.pair.estimate, options.budgetIncludeServing) ? options.budgetPerRunKg : undefined,
        locate: target.locate,
        measured: measured && measured.run === hit.pair.index ? measured.comparison : undefined,
      });
      const md = new vscode.MarkdownString(markdown);
      // Command links run only for our own commands; file text in the markdown is escaped.
      md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
      md.supportHtml = false;
      md.supportThemeIcons = false;
      return new vscode.Hover(md, hit.range);
    } catch (e) {
      log.error(`Hover for ${doc.uri.toString()}`, e);
      return undefined;
    }
  }
}
