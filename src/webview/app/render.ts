// Builds the whole panel for a model. The panel is small, so it is rebuilt on every update; focus
// is handed back to the control that had it (data-key), so keyboard users keep their place.
import type { WelcomeModel, WorkspaceModel, WorkspaceRowView } from '../../shared/protocol';
import type { RenderContext } from './context';
import { add, button, el, focusedKey, restoreFocus } from './dom';
import { renderFile } from './renderFile';
import { nextSort, sortRows, type SortKey } from './sort';

function workspaceButton(ctx: RenderContext, label = 'Estimate emissions for workspace'): HTMLButtonElement {
  return button(label, () => ctx.post({ type: 'command', id: 'carbonLens.estimateWorkspace' }), { class: 'primary', key: 'estimate-workspace' });
}

function renderWelcome(m: WelcomeModel, ctx: RenderContext): HTMLElement {
  return el('div', { class: 'welcome' },
    el('h2', { text: 'Carbon Lens' }),
    m.note ? el('p', { class: 'note', text: m.note }) : null,
    el('p', { text: 'Open an ML config and Carbon Lens estimates the energy and CO₂e of the run it describes, before you run it. It reads:' }),
    el('ul', { class: 'formats' }, ...m.formats.map((f) => el('li', { text: f }))),
    el('p', { class: 'muted small', text: 'Values a file does not state come from your settings or cited defaults, and every one is labelled as such.' }),
    el('div', { class: 'button-row' },
      workspaceButton(ctx),
      m.hasWorkspaceReport ? button('Show workspace report', () => ctx.post({ type: 'setMode', mode: 'workspace' }), { class: 'secondary', key: 'to-workspace' }) : null,
    ),
  );
}

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'file', label: 'File' },
  { key: 'format', label: 'Format' },
  { key: 'co2e', label: 'CO₂e' },
];

function headerCell(key: SortKey, label: string, ctx: RenderContext): HTMLTableCellElement {
  const active = ctx.sort.key === key;
  const dir = active ? (ctx.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return el('th', { attrs: { scope: 'col', 'aria-sort': dir ?? 'none', class: key === 'co2e' ? 'num' : undefined } },
    button(label, () => ctx.setSort(nextSort(ctx.sort, key)), {
      class: 'sort',
      key: `sort-${key}`,
      iconAfter: active ? (ctx.sort.dir === 'asc' ? 'arrow-up' : 'arrow-down') : undefined,
      attrs: { 'aria-label': `Sort by ${label}${active ? `, now ${dir}` : ''}` },
    }));
}

function row(r: WorkspaceRowView, ctx: RenderContext): HTMLTableRowElement {
  const open = (): void => ctx.post({ type: 'openRow', revision: ctx.revision, row: r.index });
  const tr = el('tr', { class: 'report-row' },
    el('td', { class: 'file-cell' },
      // A file with several runs has several rows: the name says which run the button opens.
      button(r.file, open, { class: 'link row-open', key: `row-${r.index}`, attrs: { title: `Open ${r.file}`, 'aria-label': `Open ${r.file}, run ${r.run}` } }),
      el('div', { class: 'muted small', text: r.run }),
    ),
    el('td', { class: 'small', text: r.format }),
    el('td', { class: 'num', text: r.co2eText }),
  );
  // The whole row is a pointer target; the button in it is the keyboard one.
  tr.addEventListener('click', (e) => {
    if (!(e.target instanceof HTMLButtonElement)) open();
  });
  return tr;
}

function renderWorkspace(m: WorkspaceModel, ctx: RenderContext): HTMLElement {
  const root = el('div', { class: 'workspace' },
    el('div', { class: 'button-row' }, button('Active file', () => ctx.post({ type: 'setMode', mode: 'file' }), { class: 'link', key: 'to-file', icon: 'arrow-left', attrs: { 'aria-label': 'Back to the active file' } })),
    el('h2', { text: 'Workspace estimate' }),
  );
  if (!m.available) {
    add(root, el('p', { text: m.summary }), workspaceButton(ctx));
    return root;
  }
  add(root,
    el('div', { class: 'total', text: m.totalText, attrs: { id: 'workspace-total' } }),
    el('p', { class: 'muted small', text: m.summary }),
  );
  if (!m.rows.length) {
    add(root, el('p', { text: 'No file in this workspace describes an ML run Carbon Lens can read.' }));
  } else {
    const table = el('table', { class: 'report' },
      el('caption', { class: 'visually-hidden', text: 'Runs in the workspace. Column headers sort.' }),
      el('thead', {}, el('tr', {}, ...COLUMNS.map((c) => headerCell(c.key, c.label, ctx)))),
      el('tbody', {}, ...sortRows(m.rows, ctx.sort).map((r) => row(r, ctx))),
    );
    add(root, el('div', { class: 'table-wrap' }, table));
    if (m.omitted) add(root, el('p', { class: 'muted small', text: `${m.omitted} more rows not shown.` }));
  }
  add(root, el('div', { class: 'button-row' }, workspaceButton(ctx, 'Estimate again')));
  return root;
}

export function render(root: HTMLElement, ctx: RenderContext): void {
  const focus = focusedKey();
  const m = ctx.model;
  const view = m.kind === 'file' ? renderFile(m, ctx) : m.kind === 'workspace' ? renderWorkspace(m, ctx) : renderWelcome(m, ctx);
  root.replaceChildren(view);
  restoreFocus(root, focus);
}
