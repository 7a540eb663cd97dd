// The diff report for people: a terminal table and a Markdown table for a pull-request comment.
// Both show per run before → after (mid with its range), the change, and which inputs moved with
// their lines; unchanged runs in a changed file are counted, not listed.
import { formatCo2e, formatEnergy, formatMass } from '../core/format';
import type { Range3 } from '../core/runSpec';
import type { DiffReport, FileDiff, InputChange, RunDiff, RunSide } from './diff';
import { mdText } from './exports';

function value(v: unknown): string {
  if (typeof v === 'number') return Math.abs(v) >= 1e6 ? v.toExponential(2).replace('e+', 'e') : String(v);
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 39)}…` : v;
  return JSON.stringify(v) ?? String(v);
}

/** `count 16 → 8 (line 9)`: what a reviewer checks against the file; a value not written there says where it came from. */
export function changeText(c: InputChange): string {
  const line = c.after?.line ?? c.before?.line;
  const bo = c.before?.origin;
  const ao = c.after?.origin;
  const origin = bo && ao && bo !== ao ? `${bo} → ${ao}` : (ao ?? bo) !== 'file' ? ao ?? bo : undefined;
  const notes = [origin, line ? `line ${line}` : undefined].filter(Boolean).join(', ');
  const at = notes ? ` (${notes})` : '';
  if (!c.before) return `${c.field} ${value(c.after!.value)} added${at}`;
  if (!c.after) return `${c.field} ${value(c.before.value)} removed${at}`;
  return `${c.field} ${value(c.before.value)} → ${value(c.after.value)}${at}`;
}

function sideText(s: RunSide | null): string {
  if (!s) return '—';
  if (!s.co2eKg) return `needs ${s.missing.join(', ')}`;
  return formatCo2e(s.co2eKg).replace(/^≈ /, '').replace(' CO₂e', '');
}

function signed(kg: number): string {
  return `${kg > 0 ? '+' : kg < 0 ? '−' : '±'}${formatMass(Math.abs(kg))}`;
}

function deltaText(r: RunDiff): string {
  if (r.deltaCo2eKg === null) return r.status === 'unchanged' ? '' : 'unknown';
  const pct = r.before?.co2eKg && r.before.co2eKg.mid > 0 && r.after ? ` (${r.deltaCo2eKg > 0 ? '+' : r.deltaCo2eKg < 0 ? '−' : '±'}${Math.abs((r.deltaCo2eKg / r.before.co2eKg.mid) * 100).toFixed(0)} %)` : '';
  return `${signed(r.deltaCo2eKg)}${pct}`;
}

const STATUS_WORD: Record<RunDiff['status'], string> = { added: 'new', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

function fileLabel(f: FileDiff): string {
  if (f.via) return `${f.path} (via ${f.via})`;
  return f.previousPath ? `${f.previousPath} → ${f.path}` : f.path;
}

function totalsSentence(t: DiffReport['totals'], co2e: (r: Range3) => string): string {
  const pct = t.deltaPct === null ? '' : `, ${t.deltaPct > 0 ? '+' : t.deltaPct < 0 ? '−' : '±'}${Math.abs(t.deltaPct).toFixed(0)} %`;
  const counts = [`${t.changed} changed`, `${t.added} new`, `${t.removed} removed`, ...(t.unchanged ? [`${t.unchanged} unchanged`] : [])].join(', ');
  return `${co2e(t.before.co2eKg)} → ${co2e(t.after.co2eKg)} (${signed(t.deltaCo2eKg)}${pct}); energy ${formatEnergy(t.before.energyKwh.mid)} → ${formatEnergy(t.after.energyKwh.mid)}; runs: ${counts}`;
}

function revLabel(r: DiffReport): string {
  return `${r.base.commit.slice(0, 12)} → ${r.head.commit ? r.head.commit.slice(0, 12) : 'working tree'}`;
}

export function diffText(r: DiffReport): string {
  const shown = r.files.flatMap((f) => f.runs.filter((x) => x.status !== 'unchanged').map((x) => ({ f, x })));
  const errors = r.files.filter((f) => f.error);
  if (!shown.length && !errors.length) return `No run changed (${revLabel(r)}).\n`;
  const header = ['File', 'Run', 'Status', 'Before (CO₂e)', 'After (CO₂e)', 'Change'];
  const rows = shown.map(({ f, x }) => [fileLabel(f), x.name, STATUS_WORD[x.status], sideText(x.before), sideText(x.after), deltaText(x)]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i].length))));
  const fmt = (row: string[]) => row.map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [`Carbon Lens diff ${revLabel(r)}`, '', fmt(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)];
  const changes = shown.filter(({ x }) => x.status === 'changed' && x.changes.length);
  if (changes.length) {
    lines.push('', 'Inputs that changed:');
    for (const { f, x } of changes) lines.push(`  ${f.path} — ${x.name}: ${x.changes.map(changeText).join('; ')}`);
  }
  if (errors.length) {
    lines.push('', 'Not estimated:');
    for (const f of errors) lines.push(`  ${f.path}${f.errorLine ? `:${f.errorLine}` : ''}: ${f.error}`);
  }
  lines.push('', `Total over the changed files: ${totalsSentence(r.totals, (x) => formatCo2e(x).replace(/^≈ /, ''))}`);
  return lines.join('\n') + '\n';
}

/** The pull-request comment body (without the marker the Action adds to find it again). */
export function diffMarkdown(r: DiffReport): string {
  const out = ['### Carbon Lens: CO₂e of the runs this change touches', ''];
  const shown = r.files.flatMap((f) => f.runs.filter((x) => x.status !== 'unchanged').map((x) => ({ f, x })));
  const errors = r.files.filter((f) => f.error);
  out.push(`Compared \`${r.base.commit.slice(0, 12)}\` → ${r.head.commit ? `\`${r.head.commit.slice(0, 12)}\`` : 'the working tree'}.`, '');
  if (!shown.length) out.push('_No run changed._', '');
  else {
    out.push('| Run | File | Before | After | Change | What changed |', '|---|---|---|---|---|---|');
    for (const { f, x } of shown) {
      const what = x.status === 'added' ? 'new run' : x.status === 'removed' ? 'run removed' : x.changes.map((c) => mdText(changeText(c))).join('<br>') || 'estimate only (defaults or data changed)';
      out.push(`| ${mdText(x.name)} | ${mdText(fileLabel(f))} | ${sideText(x.before)} | ${sideText(x.after)} | **${deltaText(x)}** | ${what} |`);
    }
    out.push('');
  }
  out.push(`**Total over the changed files:** ${totalsSentence(r.totals, (x) => formatCo2e(x).replace(/^≈ /, ''))}.`, '');
  if (errors.length) {
    out.push('**Not estimated:**', '');
    for (const f of errors) out.push(`- ${mdText(f.path)}${f.errorLine ? ` (line ${f.errorLine})` : ''}: ${mdText(f.error ?? '')}`);
    out.push('');
  }
  out.push(`<sub>Estimated from the config files by Carbon Lens ${mdText(r.version)}, before anything runs: mid value with its low–high range, operational CO₂e (embodied carbon not included).</sub>`, '');
  return out.join('\n');
}
