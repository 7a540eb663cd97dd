// The hardware table as CSV (for a spreadsheet) and Markdown (for a PR or a procurement note).
import type { HardwareRow } from '../core/hardwareTable';

// Units in the headers (the cells are bare numbers a spreadsheet can sum). Every row, always: the export
// is the complete table, where the panel shows the ten best and the current device first.
const HEAD = ['Accelerator', 'Count', 'Time (h)', 'Energy (kWh)', 'CO2e (kg CO2e)', 'Embodied (kg CO2e)', 'Embodied share', 'Current'];

function sig(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(3))) : '';
}

function cells(r: HardwareRow): string[] {
  return [r.name, String(r.count), sig(r.hours), sig(r.energyKwh), sig(r.co2eKg), sig(r.embodiedKg), `${Math.round(r.embodiedShare * 100)}%`, r.current ? 'yes' : ''];
}

function csvCell(s: string): string {
  // A leading = + - @ would be a formula to a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function hardwareTableCsv(rows: readonly HardwareRow[]): string {
  return [HEAD, ...rows.map(cells)].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function hardwareTableMarkdown(rows: readonly HardwareRow[], title?: string): string {
  const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
  const lines = [
    ...(title ? [`### ${esc(title)}`, ''] : []),
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map((_, i) => (i === 0 || i === 7 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map((c, i) => (i === 0 && r.current ? `**${esc(c)}**` : esc(c))).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}
