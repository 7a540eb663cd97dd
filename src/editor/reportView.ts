// The words and figures of the workspace report and the Runs tree, from a WorkspaceSummary. Pure
// (no `vscode`), so what a user reads is unit-tested; both surfaces take their strings from here.
import { formatCo2e, formatEnergy, formatMass } from '../core/format';
import type { ReportTotalsView, ReportView } from '../shared/reportProtocol';
import type { RunRow, Totals, WorkspaceSummary } from './workspaceSummary';

/** `≈ 42 kg CO₂e (28–61)`, or `unknown` when the file lacks what the estimate needs. */
export function rowCo2e(row: RunRow): string {
  return row.co2eKg ? `${formatCo2e(row.co2eKg)}${row.cadence === 'per-year' ? ' / year' : ''}` : 'unknown';
}

export function rowEnergy(row: RunRow): string {
  return row.energyKwh ? `${formatEnergy(row.energyKwh.mid)}${row.cadence === 'per-year' ? ' / year' : ''}` : '—';
}

export function rowBudget(row: RunRow): string {
  const b = row.budget;
  if (b.state === 'over') return `over: ${b.message ?? ''}`;
  if (b.state === 'within' && b.kg !== undefined) return `within ${formatMass(b.kg)}`;
  if (b.state === 'not-compared') return 'not compared (serving)';
  return '';
}

/** Why a row is listed without being summed, or what its file lacks. */
export function rowNote(row: RunRow): string {
  // A time limit still bounds a run without a figure: the ceiling first, in the lens's words.
  if (row.missing.length) return `${row.ceiling ? `${row.ceiling}; ` : ''}needs ${row.missing.join(', ')}`;
  if (row.countedIn) return `counted in ${row.countedIn}`;
  // The figure rests on an assumed trial count: say so where the run is listed, as its lens does.
  if (row.unbounded) return row.unbounded;
  return '';
}

/** The tree item's description: phase, CO₂e, energy, budget. */
export function rowDescription(row: RunRow): string {
  // Without a figure the row says "unknown", unless a time limit bounds it: then the note's ceiling says it.
  const parts = [row.phase === 'inference' ? 'serving' : 'training'];
  if (row.co2eKg) parts.push(rowCo2e(row).replace(/^≈ /, ''));
  else if (!row.ceiling) parts.push('unknown');
  if (row.energyKwh) parts.push(rowEnergy(row));
  if (row.budget.state === 'over') parts.push('over budget');
  const note = rowNote(row);
  if (note) parts.push(note);
  return parts.join(' · ');
}

function totalsView(label: string, t: Totals): ReportTotalsView {
  return {
    label,
    co2e: t.runs ? formatCo2e(t.co2eKg) : '—',
    energy: t.runs ? formatEnergy(t.energyKwh.mid) : '—',
    embodied: t.runs && t.embodiedKg > 0 ? `+ ${formatMass(t.embodiedKg)} embodied` : '',
    runs: t.runs,
  };
}

export interface ReportContext {
  generatedAt: string;
  /** The workspace budget in force, kg CO₂e. */
  workspaceBudgetKg?: number;
}

export function reportView(s: WorkspaceSummary, ctx: ReportContext): ReportView {
  const notes: string[] = [];
  if (s.totals.counted) {
    notes.push(`${s.totals.counted} run${s.totals.counted === 1 ? ' is' : 's are'} listed but not added: a sweep or launch script in the workspace runs ${s.totals.counted === 1 ? 'it' : 'them'}, or a config reads ${s.totals.counted === 1 ? 'it' : 'them'} as its base, and already counts ${s.totals.counted === 1 ? 'it' : 'them'}.`);
  }
  if (s.totals.unknown) notes.push(`${s.totals.unknown} run${s.totals.unknown === 1 ? ' has' : 's have'} no figure: the file does not say enough (see the Note column).`);
  if (s.totals.perYear.runs) notes.push('Serving runs are scaled to one year of traffic and summed apart: training is paid once, serving every year it runs.');
  if (ctx.workspaceBudgetKg !== undefined) {
    const used = s.totals.oneTime.co2eKg.mid;
    notes.push(
      used > ctx.workspaceBudgetKg
        ? `Workspace budget ${formatMass(ctx.workspaceBudgetKg)}: one-time runs exceed it (${formatMass(used)}).`
        : `Workspace budget ${formatMass(ctx.workspaceBudgetKg)}: one-time runs are within it (${formatMass(used)}).`,
    );
  }
  return {
    generatedAt: ctx.generatedAt,
    oneTime: totalsView('One-time (training)', s.totals.oneTime),
    perYear: totalsView('Per year (serving)', s.totals.perYear),
    notes,
    rows: s.rows.map((r) => ({
      key: r.key,
      run: r.name,
      file: r.relPath,
      folder: r.folder,
      where: r.place.where,
      phase: r.phase === 'inference' ? 'serving' : 'training',
      co2e: rowCo2e(r),
      energy: rowEnergy(r),
      budget: rowBudget(r),
      over: r.budget.state === 'over',
      note: rowNote(r),
    })),
    issues: s.issues.map((i) => ({ key: `${i.uri}#issue`, file: i.relPath, where: i.place.where, message: i.message })),
    overBudget: s.overBudget,
  };
}
