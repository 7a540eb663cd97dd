// The CLI's human output: one row per run, aligned columns, then the totals. Plain text so it reads
// the same in a terminal, a CI log and a pull-request comment.
import { boundaryLabel } from '../core/boundary';
import { findAccelerator } from '../core/catalog';
import { formatCo2e, formatEnergy, formatMass } from '../core/format';
import type { Estimate } from '../core/runSpec';
import { calibrationSentence, lifecycleLines, measuredLines } from '../core/lifecycleText';
import type { FileResult } from './evaluate';
import { unboundedSweepNote } from '../core/present/sweepBound';
import { ceilingText } from '../core/present/ceilingText';
import { folderTotals } from './folderTotals';
import { comparisonFor } from './measured';
import { escapeTerminal } from './terminalText';

function hardwareOf(e: Estimate): string {
  const id = e.inputs.hardware?.value;
  const name = id ? findAccelerator(id)?.name ?? id : '?';
  return `${e.inputs.count?.value ?? '?'}× ${name}`;
}

function row(f: FileResult, e: Estimate | undefined): string[] {
  // Escaped before the cells are measured and cut, so columns line up and no escape is cut in half.
  return rawRow(f, e).map(escapeTerminal);
}

function rawRow(f: FileResult, e: Estimate | undefined): string[] {
  if (!e) return [f.path, f.format, '', '', f.error ? `error: ${errorText(f)}` : 'no run found', '', ''];
  if (e.missing.length) {
    const ceiling = ceilingText(e);
    return [f.path, f.format, e.name, hardwareOf(e), `${ceiling ? `${ceiling}; ` : ''}needs ${e.missing.join('; ')}`, '', ''];
  }
  return [f.path, f.format, e.name, hardwareOf(e), formatCo2e(e.co2eKg), formatEnergy(e.energyKwh.mid), e.embodiedKg ? formatMass(e.embodiedKg) : ''];
}

/** `YAML error on line 4: <the parser's words>` for a file that did not parse (no numbers are shown for it). */
function errorText(f: FileResult): string {
  const syntax = f.analysis?.syntaxError;
  if (!syntax || !f.error) return f.error ?? '';
  return `${syntax} error${f.errorLine !== undefined ? ` on line ${f.errorLine + 1}` : ''}: ${f.error}`;
}

/**
 * The totals under the table: one-time (training, sweeps) and one year of serving apart, never one sum
 * of both; a config a sweep in the same set runs is named, not added twice (src/core/runTotals.ts).
 */
function totalLines(files: FileResult[], horizonDays: number | undefined): string[] {
  const t = folderTotals(files, horizonDays);
  const counted = t.oneTime.runs + t.perYear.runs;
  if (counted + t.counted < 2) return [];
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  const lines = [''];
  if (t.oneTime.runs) lines.push(`One-time total (training, sweeps), ${runs(t.oneTime.runs)}: ${formatCo2e(t.oneTime.co2eKg)}, ${formatEnergy(t.oneTime.energyKwh.mid)}`);
  if (t.perYear.runs) lines.push(`Per-year total (serving, one year of traffic), ${runs(t.perYear.runs)}: ${formatCo2e(t.perYear.co2eKg)}, ${formatEnergy(t.perYear.energyKwh.mid)}`);
  if (t.oneTime.runs && t.perYear.runs) lines.push('  (kept apart: training is paid once, serving every year it runs)');
  for (const c of t.countedRuns) lines.push(`  Not added: ${c.path} — ${c.run} is counted in ${c.countedIn}, which runs or reads it.`);
  return lines;
}

export function textTable(files: FileResult[], opts: { horizonDays?: number } = {}): string {
  const header = ['File', 'Format', 'Run', 'Hardware', 'CO₂e (low–high)', 'Energy', 'Embodied'];
  const rows: string[][] = [];
  for (const f of files) {
    if (f.estimates.length === 0) {
      if (f.format !== 'unknown' || f.error) rows.push(row(f, undefined));
      continue;
    }
    for (const e of f.estimates) rows.push(row(f, e));
  }
  if (rows.length === 0) return 'No ML configs recognised.\n';
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [fmt(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)];
  const all = files.flatMap((f) => f.estimates).filter((e) => e.missing.length === 0);
  lines.push(...totalLines(files, opts.horizonDays));
  // The boundary every figure above is at, so a GPU-only or machine-level measurement compares like with like.
  const boundaries = [...new Set(all.map((e) => e.boundary))];
  if (boundaries.length) lines.push('', `Energy and CO₂e at the ${boundaries.map((b) => `${b} boundary (${boundaryLabel(b)})`).join(' / ')}; --boundary gpu|node|facility to change.`);
  const market = files.flatMap((f) => f.estimates.flatMap((e) => (e.marketBased && e.missing.length === 0 ? [`  ${f.path} — ${e.name}: ${formatCo2e(e.marketBased.co2eKg)} (${Math.round(e.marketBased.cfeFraction * 100)} % carbon-free energy, ${e.marketBased.source} ${e.marketBased.year})`] : [])));
  if (market.length) lines.push('', 'Market-based, beside the location-based figures above (not instead of them):', ...market);
  const measured = files.flatMap((f) => {
    const m = comparisonFor(f, f.measured);
    if (!m) return [];
    const cal = calibrationSentence(m.comparison);
    return [`  ${f.path} — ${f.estimates[m.run].name} (${m.comparison.record.file}):`, ...measuredLines(m.comparison).map((l) => `    ${l.label}: ${l.value}`), ...(cal ? [`    ${cal}`] : []), ...m.comparison.notes.map((n) => `    ${n}`)];
  });
  if (measured.length) lines.push('', 'Measured beside estimated:', ...measured);
  const life = files.flatMap((f) => f.estimates.flatMap((e) => {
    const l = e.lifecycle;
    return l ? [`  ${f.path} — ${e.name}: ${lifecycleLines(l).map((x) => `${x.label}: ${x.value}`).join('; ')}`] : [];
  }));
  if (life.length) lines.push('', 'Training vs inference:', ...life);
  const partly = files.flatMap((f) => {
    const p = f.analysis?.partial;
    const first = f.analysis?.problems[0];
    return p ? [`  ${f.path}: read ${p.read} of ${p.total} documents${first ? ` (YAML error on line ${first.range.startLine + 1}: ${first.message})` : ''}`] : [];
  });
  if (partly.length) lines.push('', 'Partly read (documents with a syntax error were skipped):', ...partly);
  // An unbounded sweep (no run_cap) is flagged first: its figure rests on an assumed trial count.
  const warnings = files.flatMap((f) => f.estimates.flatMap((e) => [unboundedSweepNote(e), ...e.warnings].filter((w): w is string => !!w).map((w) => `  ${f.path} — ${e.name}: ${w}`)));
  if (warnings.length) lines.push('', 'Warnings:', ...warnings);
  // Every line again: the sections below the table print paths, run names and notes as they are.
  return lines.map(escapeTerminal).join('\n') + '\n';
}
