// The hardware comparison section (procurement view): a table, the current device marked, with CSV and
// Markdown export. Every string is inserted as text.
import type { RunView } from '../../shared/protocol';
import type { RenderContext } from './context';
import { button, el } from './dom';

const HEAD = ['Accelerator', 'Hours', 'kWh', 'CO₂e', 'Embodied (share)'];

export function hardwareBlock(run: RunView, ctx: RenderContext): HTMLElement | null {
  const h = run.hardware;
  if (!h || !h.rows.length) return null;
  const table = el('table', { class: 'hardware-table' },
    el('thead', {}, el('tr', {}, ...HEAD.map((t) => el('th', { text: t, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...h.rows.map((r) => el('tr', { class: r.current ? 'current' : '', attrs: r.current ? { 'aria-current': 'true' } : {} },
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
      el('p', { class: 'muted small', text: h.note }),
      el('div', { class: 'button-row' },
        button('Export CSV', () => ctx.post({ type: 'exportHardware', format: 'csv' }), { class: 'secondary', key: 'hw-csv' }),
        button('Export Markdown', () => ctx.post({ type: 'exportHardware', format: 'md' }), { class: 'secondary', key: 'hw-md' }),
      ),
    ),
  );
}
