// The lifecycle sections of a run: training vs inference, measured vs estimated (with the offer to
// calibrate), and carbon-aware timing (what the bundled data says; online, the best window and
// ready-to-paste commands). Every string is inserted as text.
import type { FactView, RunView } from '../../shared/protocol';
import type { RenderContext } from './context';
import { button, el } from './dom';

function factList(lines: readonly FactView[]): HTMLElement {
  return el('dl', { class: 'facts' }, ...lines.flatMap((l) => [el('dt', { text: l.label }), el('dd', { text: l.value })]));
}

export function lifecycleBlock(run: RunView): HTMLElement | null {
  const l = run.lifecycle;
  if (!l || !l.lines.length) return null;
  return el('section', { class: 'lifecycle', attrs: { 'aria-labelledby': 'lifecycle-h' } },
    el('h3', { text: 'Training vs inference', attrs: { id: 'lifecycle-h' } }),
    factList(l.lines),
    el('p', { class: 'muted small', text: l.note }),
  );
}

export function measuredBlock(run: RunView, ctx: RenderContext): HTMLElement | null {
  const m = run.measured;
  if (!m) return null;
  const s = el('section', { class: 'measured', attrs: { 'aria-labelledby': 'measured-h' } },
    el('h3', { text: `Measured vs estimated (${m.file})`, attrs: { id: 'measured-h' } }),
    factList(m.lines),
  );
  if (m.calibrationText) s.append(el('p', { class: 'calibration', text: m.calibrationText }));
  if (m.canCalibrate) {
    s.append(button('Use this MFU for later estimates', () => ctx.post({ type: 'calibrate', revision: ctx.revision }), {
      class: 'secondary', key: 'calibrate', attrs: { title: 'Sets carbonLens.mfu in the workspace settings' },
    }));
  }
  if (m.notes.length) s.append(el('ul', { class: 'caveats' }, ...m.notes.map((n) => el('li', { text: n }))));
  return s;
}

export function timingBlock(run: RunView, ctx: RenderContext): HTMLElement | null {
  const t = run.timing;
  if (!t) return null;
  const s = el('section', { class: 'timing', attrs: { 'aria-labelledby': 'timing-h' } },
    el('h3', { text: 'Carbon-aware timing', attrs: { id: 'timing-h' } }),
    el('p', { class: 'offline', text: t.offline }),
  );
  if (!t.online) {
    s.append(el('p', { class: 'note' }, 'Forecasts need online features, which are off: Carbon Lens makes no network request. ',
      button('Turn on online forecasts', () => ctx.post({ type: 'openSettings', setting: 'carbonLens.online.enabled' }), { class: 'link', key: 'online-setting' })));
    return s;
  }
  s.append(el('p', { class: 'muted small', text: `Forecast: ${t.providerText}` }));
  const row = el('div', { class: 'button-row' });
  if (t.canFetch) row.append(button(t.window ? 'Refresh forecast' : 'Find a low-carbon start', () => ctx.post({ type: 'fetchForecast', revision: ctx.revision }), { key: 'fetch-forecast' }));
  row.append(
    button('Provider and zone', () => ctx.post({ type: 'openSettings', setting: 'carbonLens.online.provider' }), { class: 'link', key: 'provider-setting' }),
    button('Credentials', () => ctx.post({ type: 'command', id: 'carbonLens.setOnlineCredentials' }), { class: 'link', key: 'credentials' }),
  );
  s.append(row);
  if (t.status) s.append(el('p', { class: 'status', text: t.status, attrs: { role: 'status' } }));
  if (t.window) {
    s.append(factList(t.window.lines));
    t.window.commands.forEach((c, i) => {
      s.append(el('div', { class: 'command' },
        el('div', { class: 'muted small', text: c.label }),
        el('pre', {}, el('code', { text: c.text })),
        button('Copy', () => ctx.post({ type: 'copyCommand', revision: ctx.revision, index: i }), { class: 'secondary small', key: `copy-${i}`, attrs: { 'aria-label': `Copy: ${c.label}` } })));
    });
    s.append(el('p', { class: 'muted small', text: t.window.source }));
  }
  return s;
}
