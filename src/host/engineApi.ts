// Everything the editor and the CLI ask of the engine about file text, as one table of plain
// functions. It runs inside the engine worker (engineWorker.ts): arguments and results cross a
// thread boundary, so they are structured-clonable data, and runs are named by their index in the
// analysis rather than passed as objects the caller would have to send back.
import type { EstimateSettings } from '../core/settings';
import { parseBudgetFile } from '../engine/budgetFile';
import { toWire } from '../engine/budgetRules';
import { evaluateText } from '../engine/evaluate';
import { jsonReport, markdownReport, modelCardBlock, upsertFrontMatter } from '../engine/exports';
import { modelCard, replacesAnotherRun } from '../engine/modelCard';
import { analyzeText } from '../formats';
import { planChange } from '../formats/edits';
import type { Change, TextEditSpec } from '../formats/types';
import { listAccelerators, listModels, listRegions } from '../core/catalog';
import { hardwareTable, type HardwareRow } from '../core/hardwareTable';
import type { RunSpec } from '../core/runSpec';
import { hardwareTableCsv, hardwareTableMarkdown } from '../engine/hardwareTableText';

export type PlannedChange = { specs: TextEditSpec[] } | { reason: 'no-run' | 'not-writable' };

export const engineApi = {
  evaluateText(text: string, path: string, settings: EstimateSettings, siblings?: ReadonlyMap<string, string>) {
    return evaluateText(text, path, settings, siblings);
  },
  /** The edits that write `change` into run `runIndex` of `text` as it is now. */
  planChange(text: string, fileName: string, runIndex: number, change: Change): PlannedChange {
    const run = analyzeText(text, fileName).runs[runIndex];
    if (!run) return { reason: 'no-run' };
    const specs = planChange(text, fileName, run, change);
    return specs?.length ? { specs } : { reason: 'not-writable' };
  },
  /** For each change, whether it can be written into run `runIndex` (the file is read once). */
  writableChanges(text: string, fileName: string, runIndex: number, changes: readonly Change[]): boolean[] {
    const run = analyzeText(text, fileName).runs[runIndex];
    return changes.map((c) => {
      if (!run) return false;
      try {
        return (planChange(text, fileName, run, c)?.length ?? 0) > 0;
      } catch {
        return false;
      }
    });
  },
  /** The hardware comparison table of run `runIndex`, as CSV or Markdown text (empty when it has no estimate). */
  hardwareTable(text: string, fileName: string, runIndex: number, settings: EstimateSettings, format: 'csv' | 'md'): string {
    const run = analyzeText(text, fileName).runs[runIndex];
    if (!run) return '';
    const rows = hardwareTable(run, settings);
    if (!rows.length) return '';
    return format === 'csv' ? hardwareTableCsv(rows) : hardwareTableMarkdown(rows, run.name);
  },
  /**
   * The panel's hardware comparison of one run (with its what-if edits already applied by the caller):
   * every catalogued accelerator estimated in turn, ~40 estimates, so it runs here and not on the
   * extension host's thread. A RunSpec is plain data, so it crosses the thread boundary as it is.
   */
  hardwareRows(run: RunSpec, settings: EstimateSettings): HardwareRow[] {
    return hardwareTable(run, settings);
  },
  /** Without the rules' matchers (functions do not cross threads): budgetRules.fromWire rebuilds them. */
  parseBudgetFile(text: string) {
    return toWire(parseBudgetFile(text));
  },
  jsonReport,
  markdownReport,
  modelCardBlock,
  upsertFrontMatter,
  modelCard,
  replacesAnotherRun,
  /** Loads the sourced tables, so a worker's first real request is not charged for them. */
  warm(): boolean {
    return listAccelerators().length + listModels().length + listRegions().length > 0;
  },
};

export type EngineApi = typeof engineApi;
export type EngineOp = keyof EngineApi;
