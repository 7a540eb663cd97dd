// The hardware table as CSV (for a spreadsheet) and Markdown (for a PR or a procurement note).
import type { HardwareRow } from '../core/hardwareTable';

// Every row, always: the exports are the complete table, where the panel shows the ten best and the
// current device first. The CSV header is a file other tools read, so it stays as it was; the Markdown
// one is read by people and carries every unit (the cells are bare numbers).
const CSV_HEAD = ['Accelerator', 'Count', 'Hours', 'Energy (kWh)', 'CO2e (kg)', 'Embodied (kg)', 'Embodied share', 'Current'];
const HEAD = ['Accelerator', 'Count', 'Time (h)', 'Energy (kWh)', 'CO₂e (kg CO₂e)', 'Embodied (kg CO₂e)', 'Embodied share', 'Current'];

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
  return [CSV_HEAD, ...rows.map(cells)].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
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
