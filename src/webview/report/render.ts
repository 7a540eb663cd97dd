// The workspace report page's DOM, built from the host's finished strings (as text only: dom.ts).
// Apart from main.ts so a unit test can render it and check every control's accessible name.
import { add, button, el } from '../app/dom';
import type { PageToReport, ReportTotalsView, ReportView } from '../../shared/reportProtocol';

export function renderReport(root: HTMLElement, v: ReportView, post: (m: PageToReport) => void): void {
  /** A path that may break after each `/` (and nowhere inside a name). */
  function pathParts(p: string): (string | HTMLElement)[] {
    return p.split('/').flatMap((part, i, all) => (i < all.length - 1 ? [`${part}/`, el('wbr')] : [part]));
  }

  function totals(t: ReportTotalsView, id: string): HTMLElement {
    return el(
      'section',
      { class: 'total', attrs: { 'aria-labelledby': id } },
      el('h2', { text: t.label, attrs: { id } }),
      el('p', { class: 'total-figure', text: t.co2e }),
      el('p', { class: 'muted', text: t.runs ? `${t.energy} · ${t.runs} run${t.runs === 1 ? '' : 's'}${t.embodied ? ` · ${t.embodied}` : ''}` : 'no run' }),
    );
  }

  function table(v: ReportView): HTMLElement {
    const head = el('tr', {}, ...['Run', 'File', 'Phase', 'CO₂e', 'Energy', 'Budget', 'Note'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    const body = el('tbody');
    for (const r of v.rows) {
      // Each link's accessible name says which run it opens, so a list of them is not "Open, Open, Open".
      const open = button(r.run, () => post({ type: 'open', key: r.key }), { class: 'link', attrs: { 'aria-label': `Open ${r.run} in ${r.file} at ${r.where}` } });
      add(
        body,
        el(
          'tr',
          { class: r.over ? 'over' : r.note.startsWith('counted in') ? 'counted' : '' },
          el('th', { attrs: { scope: 'row' } }, open),
          el('td', { class: 'file' }, el('span', {}, ...pathParts(r.file)), ', ', el('span', { class: 'muted where', text: r.where })),
          el('td', { text: r.phase }),
          el('td', { class: 'num', text: r.co2e }),
          el('td', { class: 'num', text: r.energy }),
          el('td', { class: r.over ? 'over-cell' : '', text: r.budget }),
          el('td', { class: 'muted', text: r.note }),
        ),
      );
    }
    return el('table', { class: 'report-table' }, el('caption', { class: 'visually-hidden', text: 'Runs in the workspace' }), el('thead', {}, head), body);
  }

  function render(v: ReportView): void {
    const issues = v.issues.length
      ? el(
          'section',
          {},
          el('h2', { text: 'Files not estimated' }),
          el(
            'ul',
            {},
            ...v.issues.map((i) =>
              el('li', {}, button(`${i.file}, ${i.where}`, () => post({ type: 'open', key: i.key }), { class: 'link', attrs: { 'aria-label': `Open ${i.file} at ${i.where}` } }), ` ${i.message}`),
            ),
          ),
        )
      : null;
    root.replaceChildren();
    add(
      root,
      el(
        'header',
        { class: 'report-head' },
        el('h1', { text: 'Workspace report' }),
        el(
          'div',
          { class: 'button-row' },
          button('Refresh', () => post({ type: 'refresh' }), { class: 'secondary', icon: 'refresh', attrs: { 'aria-label': 'Refresh the workspace report' } }),
          button('Export Markdown', () => post({ type: 'exportMarkdown' }), { class: 'secondary', icon: 'markdown', attrs: { 'aria-label': 'Export the workspace report as Markdown' } }),
        ),
      ),
      el('div', { class: 'totals' }, totals(v.oneTime, 'total-one-time'), totals(v.perYear, 'total-per-year')),
      v.notes.length ? el('ul', { class: 'notes muted' }, ...v.notes.map((n) => el('li', { text: n }))) : null,
      v.rows.length ? table(v) : el('p', { class: 'muted', text: 'No run found in the workspace yet.' }),
      issues,
      el('p', { class: 'muted small', text: `Updated ${v.generatedAt.replace('T', ' ').slice(0, 19)} UTC; files are re-read when saved.` }),
    );
  }
  render(v);
}
