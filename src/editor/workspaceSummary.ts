// The workspace's runs as one list and two totals, for the Runs tree and the editor-area report.
// Pure (no `vscode`): the arithmetic a user reads as "the workspace costs X" is unit-tested here.
//
// The totals follow src/core/runTotals.ts (the CLI's folder total uses the same rule): training once,
// serving per year and summed apart, and a config a sweep runs per trial listed ("counted in
// sweep.yaml") but not added again.
import type { Phase, Range3 } from '../core/runSpec';
import { addRun, emptySplit, type Totals } from '../core/runTotals';
import { normalizePath, sweepTargetsOf } from '../engine/pairLifecycle';
import type { FileResult } from '../engine/fileResult';
import { cellText, type CellPosition } from '../formats/ipynbLines';
import { budgetMessage, fileProblem, perRunBudgetApplies } from './diagnosticText';
import { pairRuns, unboundedSweepNote } from './lensText';
import { ceilingText } from '../core/present/ceilingText';

/** One analysed file of the workspace, as the scan found it. */
export interface SummaryFile {
  /** URI string to open the file by. */
  uri: string;
  /** Workspace-relative path (with the folder name in a multi-root workspace). */
  relPath: string;
  result: FileResult;
  /** The per-run budget in force for this file, kg CO₂e, when one is set. */
  budgetKg?: number;
  /** For a notebook: the cell a 0-based line of its JSON is in (src/formats/ipynbLines.ts). */
  locate?: (line: number) => CellPosition | undefined;
}

/** Where a line is, as the user sees it: `line 12`, or `cell 4, line 3` in a notebook. */
export interface Place {
  /** `line 12` or `cell 4, line 3`. */
  where: string;
  /** 0-based cell of a notebook, to open the notebook there, and the 0-based line inside it. */
  cell?: number;
  cellLine?: number;
}

function placeOf(f: SummaryFile, line: number): Place {
  const p = f.locate?.(line);
  return p ? { where: cellText(p), cell: p.cell, ...(p.line !== undefined ? { cellLine: p.line } : {}) } : { where: `line ${line + 1}` };
}

export type BudgetState = 'over' | 'within' | 'not-compared' | 'none';

export interface RunRow {
  /** `uri#runIndex`: stable across refreshes, what the tree and the report address a run by. */
  key: string;
  uri: string;
  relPath: string;
  /** Folder part of relPath (`.` at the root). */
  folder: string;
  fileName: string;
  /** Index of the run among the file's runs (what openPanel's runIndex means). */
  runIndex: number;
  name: string;
  phase: Phase;
  format: string;
  /** 0-based line where the run starts: where a click lands. */
  line: number;
  place: Place;
  /** Training: paid once. Serving: paid every year it runs. */
  cadence: 'one-time' | 'per-year';
  /** Operational CO₂e as the row is counted: the run for training, one year of serving for inference. */
  co2eKg?: Range3;
  energyKwh?: Range3;
  embodiedKg?: number;
  /** What the file would need to state; the row has no figure while this is not empty. */
  missing: string[];
  budget: { state: BudgetState; kg?: number; message?: string };
  /** The sweep (or launch script) whose figure already includes this run; it is not added again. */
  countedIn?: string;
  /** A sweep with no bound (no run_cap): its figure rests on an assumed trial count (the lens's words). */
  unbounded?: string;
  /** No figure, but a scheduler time limit bounds it: "at most 250 kg CO₂e (the whole 72 h time limit)". */
  ceiling?: string;
}

export interface FileIssue {
  uri: string;
  relPath: string;
  folder: string;
  message: string;
  line: number;
  place: Place;
}

export type { Totals } from '../core/runTotals';

export interface WorkspaceSummary {
  rows: RunRow[];
  issues: FileIssue[];
  totals: {
    oneTime: Totals;
    perYear: Totals;
    /** Rows listed but not added: counted in a sweep that runs them. */
    counted: number;
    /** Rows without a figure (the file does not say enough). */
    unknown: number;
  };
  /** Runs over their per-run budget. */
  overBudget: number;
}

function folderOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '.' : relPath.slice(0, i);
}

export interface SummaryOptions {
  /** carbonLens.budget.includeServing: compare per-run budgets with a serving run's year too. */
  includeServing: boolean;
  /** carbonLens.inference.horizonDays: the horizon a serving estimate covers when the file names none. */
  horizonDays?: number;
}

export function summariseWorkspace(files: readonly SummaryFile[], opts: SummaryOptions): WorkspaceSummary {
  const counted = sweepTargetsOf(files.map((f) => ({ path: f.relPath, analysis: f.result.analysis })));
  const rows: RunRow[] = [];
  const issues: FileIssue[] = [];
  const totals = emptySplit();
  let overBudget = 0;
  // By folder, the workspace root first, then by path: the order of the Runs view's groups.
  const folderKey = (p: string) => (folderOf(p) === '.' ? '' : folderOf(p));
  const sorted = [...files].sort((a, b) => folderKey(a.relPath).localeCompare(folderKey(b.relPath)) || a.relPath.localeCompare(b.relPath));
  for (const f of sorted) {
    const folder = folderOf(f.relPath);
    const problem = fileProblem(f.result);
    if (problem && !problem.partial) {
      issues.push({ uri: f.uri, relPath: f.relPath, folder, message: problem.message, line: problem.line, place: placeOf(f, problem.line) });
    } else if (!problem && f.result.error && f.result.format !== 'unknown' && !f.result.estimates.length) {
      issues.push({ uri: f.uri, relPath: f.relPath, folder, message: f.result.error, line: f.result.errorLine ?? 0, place: placeOf(f, f.result.errorLine ?? 0) });
    }
    const countedIn = counted.get(normalizePath(f.relPath));
    for (const { index, run, estimate: e } of pairRuns(f.result)) {
      const known = e.missing.length === 0;
      const rowCountedIn = countedIn && countedIn !== f.relPath ? countedIn : undefined;
      // Added to the totals here; the row shows the same figures (one year of serving).
      const fig = addRun(totals, e, { countedIn: rowCountedIn, horizonDays: opts.horizonDays });
      const row: RunRow = {
        key: `${f.uri}#${index}`,
        uri: f.uri,
        relPath: f.relPath,
        folder,
        fileName: f.relPath.split('/').pop() ?? f.relPath,
        runIndex: index,
        name: e.name,
        phase: e.phase,
        format: e.format,
        line: run.anchor?.startLine ?? 0,
        place: placeOf(f, run.anchor?.startLine ?? 0),
        cadence: fig.cadence,
        missing: e.missing,
        budget: { state: 'none' },
        ...(fig.co2eKg && fig.energyKwh ? { co2eKg: fig.co2eKg, energyKwh: fig.energyKwh, embodiedKg: fig.embodiedKg } : {}),
        ...(rowCountedIn ? { countedIn: rowCountedIn } : {}),
      };
      const unbounded = known ? unboundedSweepNote(e) : undefined;
      if (unbounded) row.unbounded = unbounded;
      const ceiling = known ? undefined : ceilingText(e);
      if (ceiling) row.ceiling = ceiling;
      if (f.budgetKg !== undefined) {
        if (!perRunBudgetApplies(e, opts.includeServing)) row.budget = { state: known ? 'not-compared' : 'none', kg: f.budgetKg };
        else {
          // The budget is compared with the run's own figure (its whole horizon for serving), as the Problems panel does.
          const message = budgetMessage(e.co2eKg.mid, f.budgetKg);
          row.budget = message ? { state: 'over', kg: f.budgetKg, message } : { state: 'within', kg: f.budgetKg };
          if (message) overBudget++;
        }
      }
      rows.push(row);
    }
  }
  return { rows, issues, totals, overBudget };
}
