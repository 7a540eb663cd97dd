// The hardware comparison section (procurement view): a table, the current device marked, with CSV and
// Markdown export. The ten best and the current device show first; "Show all N" lists the rest (the
// exports are always complete). Every string is inserted as text.
import type { HardwareView, RunView } from '../../shared/protocol';
import type { RenderContext } from './context';
import { button, el } from './dom';

/** Units in the headers: the cells are bare numbers to fit a narrow sidebar. */
export const HARDWARE_HEAD = ['Accelerator', 'Time (h)', 'Energy (kWh)', 'CO₂e (kg CO₂e)', 'Embodied (kg CO₂e, share)'];
export const HARDWARE_TOP = 10;
const EXPAND_KEY = 'hardware-all';

/** The rows on show: all, or the best HARDWARE_TOP plus the current device wherever it ranks. */
export function visibleHardwareRows<R extends Pick<HardwareView['rows'][number], 'current'>>(rows: readonly R[], all: boolean): R[] {
  if (all || rows.length <= HARDWARE_TOP) return rows.slice();
  return rows.filter((r, i) => i < HARDWARE_TOP || r.current);
}

export function hardwareBlock(run: RunView, ctx: RenderContext): HTMLElement | null {
  const h = run.hardware;
  if (!h || !h.rows.length) return null;
  const all = !!ctx.expanded?.has(EXPAND_KEY);
  const shown = visibleHardwareRows(h.rows, all);
  const table = el('table', { class: 'hardware-table', attrs: { id: 'hardware-table' } },
    el('thead', {}, el('tr', {}, ...HARDWARE_HEAD.map((t) => el('th', { text: t, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...shown.map((r) => el('tr', { class: r.current ? 'current' : '', attrs: r.current ? { 'aria-current': 'true' } : {} },
      el('th', { text: `${r.name}${r.current ? ' (current)' : ''}`, attrs: { scope: 'row' } }),
      el('td', { text: r.hoursText }),
      el('td', { text: r.energyText }),
      el('td', { text: r.co2eText }),
      el('td', { text: `${r.embodiedText} (${r.shareText})` }),
    ))),
  );
  const current = h.rows.findIndex((r) => r.current);
  return el('section', { class: 'hardware', attrs: { 'aria-labelledby': 'hardware-h' } },
    el('details', {},
      el('summary', { text: `Hardware comparison: ${h.rows.length} accelerators, ${h.rows[0].count} of each${current >= 0 ? `; current is #${current + 1}` : ''}`, attrs: { id: 'hardware-h' } }),
      el('div', { class: 'table-scroll' }, table),
      h.rows.length > HARDWARE_TOP
        ? button(all ? `Show the ${HARDWARE_TOP} best` : `Show all ${h.rows.length}`, () => ctx.toggleExpanded?.(EXPAND_KEY), {
          class: 'link', key: 'hw-all', iconAfter: all ? 'chevron-up' : 'chevron-down',
          attrs: { 'aria-expanded': all ? 'true' : 'false', 'aria-controls': 'hardware-table', 'aria-label': all ? `Show only the ${HARDWARE_TOP} best accelerators and the current one` : `Show all ${h.rows.length} accelerators` },
        })
        : null,
      el('p', { class: 'muted small', text: h.note }),
      el('div', { class: 'button-row' },
        button('Export CSV', () => ctx.post({ type: 'exportHardware', format: 'csv' }), { class: 'secondary', key: 'hw-csv', attrs: { 'aria-label': 'Export the hardware comparison as CSV (every row)' } }),
        button('Export Markdown', () => ctx.post({ type: 'exportHardware', format: 'md' }), { class: 'secondary', key: 'hw-md', attrs: { 'aria-label': 'Export the hardware comparison as Markdown (every row)' } }),
      ),
    ),
  );
}
