// The active file's view: run picker, the estimate as a range with its breakdown and
// equivalences, the inputs (editable what-ifs), the suggested what-ifs with Apply, and exports.
import { formatMass } from '../../core/format';
import type { EstimateView, FileModel, RunView, SuggestionView } from '../../shared/protocol';
import { drawBars, drawStack } from './chart';
import { postWhatIf, type RenderContext } from './context';
import { add, button, el, icon } from './dom';
import { renderInputs } from './inputs';
import { lifecycleBlock, measuredBlock, timingBlock } from './renderLifecycle';
import { hardwareBlock } from './renderHardware';

function header(m: FileModel, ctx: RenderContext): HTMLElement {
  const h = el('header', { class: 'file-head' },
    el('div', { class: 'file-name', text: m.fileName, attrs: { title: m.uri } }),
    el('div', { class: 'muted small', text: m.formatLabel }),
  );
  if (m.hasWorkspaceReport) {
    h.append(button('Workspace report', () => ctx.post({ type: 'setMode', mode: 'workspace' }), { class: 'link small', key: 'to-workspace' }));
  }
  return h;
}

function runPicker(m: FileModel, ctx: RenderContext): HTMLElement | null {
  if (m.runs.length < 2) return null;
  const select = el('select', { key: 'run-select', attrs: { id: 'run-select' } },
    ...m.runs.map((r) => el('option', { text: `${r.name} — ${r.co2eText}`, attrs: { value: r.index } })));
  select.value = String(m.selected);
  select.addEventListener('change', () => ctx.post({ type: 'selectRun', runIndex: Number(select.value) }));
  return el('div', { class: 'run-picker' }, el('label', { text: `Run (${m.runs.length} in this file)`, attrs: { for: 'run-select' } }), select);
}

function needs(e: EstimateView): HTMLElement {
  return el('ul', { class: 'needs' }, ...e.missing.map((m) => el('li', { text: `needs ${m}` })));
}

function estimateBlock(run: RunView): HTMLElement {
  const e = run.file;
  const block = el('section', { class: 'estimate', attrs: { 'aria-labelledby': 'estimate-total' } });
  if (!e.known) {
    add(block,
      el('div', { class: 'total unknown', text: 'CO₂e: needs more information', attrs: { id: 'estimate-total' } }),
      // A scheduler time limit bounds the run even without an estimate: shown as the ceiling it is.
      e.ceilingText ? el('div', { class: 'detail ceiling', text: `${e.ceilingText[0].toUpperCase()}${e.ceilingText.slice(1)}: a ceiling, not an estimate.` }) : null,
      needs(e),
    );
    return block;
  }
  add(block,
    el('div', { class: 'total', text: e.co2e.text, attrs: { id: 'estimate-total' } }),
    el('div', { class: 'range-line' },
      el('span', { class: 'muted', text: 'low ' }), el('span', { text: formatMass(e.co2e.low) }),
      el('span', { class: 'muted', text: ' · mid ' }), el('span', { text: formatMass(e.co2e.mid) }),
      el('span', { class: 'muted', text: ' · high ' }), el('span', { text: formatMass(e.co2e.high) }),
    ),
    el('div', { class: 'detail', text: `Energy ${e.energy.text}` }),
    el('div', { class: 'detail', text: `Duration ${e.hours.text}` }),
    e.embodiedText ? el('div', { class: 'detail', text: e.embodiedText }) : null,
    e.methodText ? el('div', { class: 'muted small', text: `Estimated ${e.methodText}.` }) : null,
  );
  return block;
}

function whatIfBlock(run: RunView, ctx: RenderContext): HTMLElement | null {
  const w = run.whatIf;
  if (!w) return null;
  return el('section', { class: 'whatif-result', attrs: { 'aria-labelledby': 'whatif-total' } },
    el('div', { class: 'whatif-label', text: 'What-if (not in the file)' }),
    w.estimate.known
      ? el('div', { class: 'total', text: w.estimate.co2e.text, attrs: { id: 'whatif-total' } })
      : el('div', { class: 'total unknown', text: 'CO₂e: needs more information', attrs: { id: 'whatif-total' } }),
    w.estimate.known ? null : needs(w.estimate),
    el('div', { class: `delta${w.deltaPct !== null && w.deltaPct < 0 ? ' better' : ''}`, text: w.deltaText }),
    button('Reset', () => postWhatIf(ctx, run.index, {}), { class: 'secondary', key: 'reset-top', attrs: { 'aria-label': 'Reset the what-if to the file’s values' } }),
  );
}

function chartBlock(run: RunView): HTMLElement | null {
  if (!run.file.known || !run.file.breakdown.length) return null;
  const w = run.whatIf?.estimate.known ? run.whatIf.estimate.breakdown : undefined;
  return el('section', { class: 'chart', attrs: { 'aria-labelledby': 'chart-h' } },
    el('h3', { text: 'Breakdown', attrs: { id: 'chart-h' } }),
    drawStack(run.file.breakdown),
    drawBars(run.file.breakdown, w),
  );
}

function equivalencesBlock(run: RunView): HTMLElement | null {
  const e = run.whatIf?.estimate.known ? run.whatIf.estimate : run.file;
  if (!e.known || !e.equivalences.length) return null;
  return el('section', { class: 'equivalences', attrs: { 'aria-labelledby': 'eq-h' } },
    el('h3', { text: `${run.whatIf ? 'The what-if: ' : ''}${e.equivalenceHead}`, attrs: { id: 'eq-h' } }),
    el('ul', {}, ...e.equivalences.map((q) => el('li', {}, el('span', { text: q.text }), el('span', { class: 'source', text: ` — ${q.source}` })))),
  );
}

function suggestionItem(s: SuggestionView, asks: boolean, ctx: RenderContext): HTMLElement {
  const li = el('li', { class: 'whatif', attrs: { 'data-kind': s.kind } },
    el('div', { class: 'whatif-head' },
      el('span', { class: 'whatif-title', text: s.title }),
      el('span', { class: `saving${s.savingPct >= 0 ? ' better' : ' worse'}`, text: s.savingText }),
    ),
    el('div', { class: 'whatif-result-line' }, icon('arrow-right'), ` ${s.resultText}${s.changeText ? ` · ${s.changeText}` : ''}`),
    el('div', { class: 'explanation', text: s.explanation }),
  );
  if (s.caveats.length) li.append(el('ul', { class: 'caveats' }, ...s.caveats.map((c) => el('li', { text: c }))));
  if (s.manualText) li.append(el('p', { class: 'muted small', text: s.manualText }));
  if (s.canApply) {
    // An ellipsis when a question follows (carbonLens.apply.preview), the usual sign in VS Code's own menus.
    li.append(button(asks ? 'Apply to file…' : 'Apply to file', () => ctx.post({ type: 'apply', revision: ctx.revision, suggestion: s.index }), {
      class: 'apply',
      key: `apply-${s.index}`,
      // Several what-ifs each have an Apply: the name says which one ("Apply to file: use 4-bit AWQ checkpoint").
      attrs: { title: s.changeText ? `Edit the file: ${s.changeText}` : 'Edit the file', 'aria-label': `Apply to file: ${s.title}${s.changeText ? ` (${s.changeText})` : ''}` },
    }));
  }
  return li;
}

function suggestionsBlock(m: FileModel, run: RunView, ctx: RenderContext): HTMLElement | null {
  if (!run.file.known) return null;
  const section = el('section', { class: 'whatifs', attrs: { 'aria-labelledby': 'whatifs-h' } },
    el('h3', { text: 'What-ifs', attrs: { id: 'whatifs-h' } }));
  if (run.suggestions.length) section.append(el('ul', { class: 'whatif-list' }, ...run.suggestions.map((s) => suggestionItem(s, m.applyAsks === true, ctx))));
  else section.append(el('p', { class: 'muted', text: 'No change found that would lower this run’s CO₂e.' }));
  if (run.scheduleNote && !run.timing) {
    const note = el('p', { class: 'note schedule-note' });
    if (m.onlineEnabled) {
      note.append('Carbon-aware timing: no hourly forecast is available for this region, so no start time is suggested.');
    } else {
      note.append('Carbon-aware timing needs hourly grid data: turn on carbonLens.online.enabled to let Carbon Lens fetch forecasts. ');
      note.append(button('Open setting', () => ctx.post({ type: 'openSettings', setting: 'carbonLens.online.enabled' }), { class: 'link', key: 'online-setting' }));
    }
    section.append(note);
  }
  return section;
}

function notesBlock(run: RunView): HTMLElement | null {
  if (!run.warnings.length && !run.assumptions.length) return null;
  const s = el('section', { class: 'notes' });
  if (run.warnings.length) {
    s.append(el('h3', { text: 'Warnings' }), el('ul', { class: 'warnings' }, ...run.warnings.map((w) => el('li', { text: w }))));
  }
  if (run.assumptions.length) {
    s.append(el('details', {}, el('summary', { text: `Assumptions (${run.assumptions.length})` }),
      el('ul', { class: 'assumptions' }, ...run.assumptions.map((a) => el('li', { text: a })))));
  }
  return s;
}

function exportsBlock(ctx: RenderContext): HTMLElement {
  const b = (label: string, format: 'modelCard' | 'markdown' | 'json', target: 'clipboard' | 'file') =>
    button(label, () => ctx.post({ type: 'export', format, target }), { class: 'secondary', key: `export-${format}`, attrs: { 'aria-label': `${label} of this estimate` } });
  return el('section', { class: 'exports', attrs: { 'aria-labelledby': 'exports-h' } },
    el('h3', { text: 'Export', attrs: { id: 'exports-h' } }),
    el('div', { class: 'button-row' },
      b('Copy model-card block', 'modelCard', 'clipboard'),
      b('Save Markdown', 'markdown', 'file'),
      b('Save JSON', 'json', 'file'),
    ),
  );
}

export function renderFile(m: FileModel, ctx: RenderContext): HTMLElement {
  const root = el('div', { class: 'file-view' }, header(m, ctx));
  if (m.error) {
    root.append(el('div', { class: 'error', attrs: { role: 'alert' } },
      el('span', { text: m.error.message }),
      m.error.line !== undefined && m.canReveal
        ? button(`Go to line ${m.error.line}`, () => ctx.post({ type: 'revealError' }), { class: 'link', key: 'reveal-error' })
        : null));
  }
  add(root, runPicker(m, ctx));
  const run = m.run;
  if (!run) return root;
  add(root,
    el('h2', { text: run.name, attrs: { id: 'run-name' } }),
    estimateBlock(run),
    whatIfBlock(run, ctx),
    chartBlock(run),
    equivalencesBlock(run),
    renderInputs(run, ctx, m.canReveal),
    suggestionsBlock(m, run, ctx),
    timingBlock(run, ctx),
    lifecycleBlock(run),
    hardwareBlock(run, ctx),
    measuredBlock(run, ctx),
    notesBlock(run),
    exportsBlock(ctx),
  );
  return root;
}
