// The breakdown chart: a stacked bar of shares (what the total is made of) and one bar per part
// with a whisker from its low to its high estimate, the what-if's bar under the file's when there
// is one. Geometry is pure and in percent of the width, so the SVG follows the sidebar's width
// without distorting anything, and the layout is unit-tested in node; only `draw*` touch the DOM.
// Class names say `series-whatif`, never `whatif`: `.whatif` is the suggestion list's hook.
import type { BarView } from '../../shared/protocol';
import { el, svg } from './dom';

// ──── Geometry (pure) ────

export interface StackSegment {
  id: string;
  /** Left edge, percent of the width. */
  x: number;
  /** Percent of the width. */
  width: number;
}

/** Segments side by side in proportion to their values; non-positive values take no room. */
export function stackLayout(parts: readonly { id: string; value: number }[]): StackSegment[] {
  const kept = parts.filter((p) => Number.isFinite(p.value) && p.value > 0);
  const total = kept.reduce((s, p) => s + p.value, 0);
  if (total <= 0) return [];
  let x = 0;
  return kept.map((p, i) => {
    // The last segment closes the bar exactly, whatever floating-point rounding did to the others.
    const width = i === kept.length - 1 ? 100 - x : (p.value / total) * 100;
    const seg = { id: p.id, x, width };
    x += width;
    return seg;
  });
}

export interface RangeBarGeometry {
  /** Bar width (the mid value), percent. */
  width: number;
  /** Whisker from low to high, percent; equal when the value is exact. */
  from: number;
  to: number;
}

/** A scale every bar of the chart shares: the largest high value (1 when all are zero). */
export function scaleMax(bars: readonly { low: number; mid: number; high: number }[]): number {
  const max = Math.max(0, ...bars.flatMap((b) => [b.low, b.mid, b.high].filter(Number.isFinite)));
  return max > 0 ? max : 1;
}

/** Smallest width drawn for a non-zero value, so a tiny part is still visible. */
export const MIN_VISIBLE_PCT = 0.75;

const pct = (v: number, max: number): number => Math.min(100, Math.max(0, Number.isFinite(v) ? (v / max) * 100 : 0));

export function rangeBarLayout(bar: { low: number; mid: number; high: number }, max: number): RangeBarGeometry {
  const m = max > 0 && Number.isFinite(max) ? max : 1;
  let width = pct(bar.mid, m);
  if (bar.mid > 0 && width < MIN_VISIBLE_PCT) width = MIN_VISIBLE_PCT;
  const from = pct(Math.min(bar.low, bar.high), m);
  const to = pct(Math.max(bar.low, bar.high), m);
  return { width, from, to };
}

export interface ChartRow {
  id: string;
  label: string;
  file: BarView;
  whatIf?: BarView;
}

/** Rows in the order of the file's breakdown, each with the what-if's matching part if any. */
export function chartRows(file: readonly BarView[], whatIf?: readonly BarView[]): ChartRow[] {
  const ids = [...file.map((b) => b.id), ...(whatIf ?? []).map((b) => b.id).filter((id) => !file.some((b) => b.id === id))];
  const zero = (b: BarView): BarView => ({ ...b, low: 0, mid: 0, high: 0, text: '0', energyText: '' });
  return ids.map((id) => {
    const f = file.find((b) => b.id === id);
    const w = whatIf?.find((b) => b.id === id);
    const base = f ?? zero(w!);
    return { id, label: base.label, file: base, whatIf: whatIf ? (w ?? zero(base)) : undefined };
  });
}

// ──── Drawing ────

const BAR_H = 10;

function rangeBar(bar: BarView, max: number, series: 'file' | 'whatif'): SVGSVGElement {
  const g = rangeBarLayout(bar, max);
  const h = BAR_H + 4;
  const mid = h / 2;
  return svg('svg', { class: `bar-svg series-${series}`, width: '100%', height: h, 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: `bar bar-${bar.id} series-${series}`, x: 0, y: 2, width: `${g.width}%`, height: BAR_H, rx: 1 }),
    g.to > g.from ? svg('line', { class: 'whisker', x1: `${g.from}%`, x2: `${g.to}%`, y1: mid, y2: mid }) : null,
    g.to > g.from ? svg('line', { class: 'whisker', x1: `${g.from}%`, x2: `${g.from}%`, y1: mid - 3, y2: mid + 3 }) : null,
    g.to > g.from ? svg('line', { class: 'whisker', x1: `${g.to}%`, x2: `${g.to}%`, y1: mid - 3, y2: mid + 3 }) : null,
  );
}

/** The stacked share bar, with a text equivalent for screen readers. */
export function drawStack(bars: readonly BarView[]): HTMLElement | null {
  const total = bars.reduce((s, b) => s + Math.max(0, b.mid), 0);
  const segs = stackLayout(bars.map((b) => ({ id: b.id, value: b.mid })));
  if (segs.length < 2) return null;
  const summary = segs.map((s) => `${bars.find((b) => b.id === s.id)?.label ?? s.id} ${Math.round(s.width)}%`).join(', ');
  const chart = svg('svg', { class: 'stack', width: '100%', height: 14, role: 'img', 'aria-label': `Share of the total: ${summary}` },
    ...segs.map((s) => svg('rect', { class: `bar bar-${s.id}`, x: `${s.x}%`, y: 1, width: `${s.width}%`, height: 12 },
      svg('title', {}, `${bars.find((b) => b.id === s.id)?.label ?? s.id}: ${Math.round(s.width)}%`))),
  );
  return total > 0 ? el('div', { class: 'stack-wrap' }, chart) : null;
}

/** One labelled row per part; values are written out beside each bar, so the bars are decoration for AT. */
export function drawBars(file: readonly BarView[], whatIf?: readonly BarView[]): HTMLElement {
  const rows = chartRows(file, whatIf);
  const max = scaleMax(rows.flatMap((r) => (r.whatIf ? [r.file, r.whatIf] : [r.file])));
  const list = el('ul', { class: 'bars', attrs: { 'aria-label': 'Breakdown' } });
  for (const r of rows) {
    const item = el('li', { class: 'bar-row' },
      el('div', { class: 'bar-label' },
        el('span', { class: `swatch bar-${r.id}`, attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: r.label }),
      ),
      rangeBar(r.file, max, 'file'),
      el('div', { class: 'bar-value', text: `${r.whatIf ? 'File: ' : ''}${r.file.text}${r.file.energyText ? ` · ${r.file.energyText}` : ''}` }),
    );
    if (r.whatIf) {
      item.append(rangeBar(r.whatIf, max, 'whatif'), el('div', { class: 'bar-value series-whatif', text: `What-if: ${r.whatIf.text}${r.whatIf.energyText ? ` · ${r.whatIf.energyText}` : ''}` }));
    }
    list.append(item);
  }
  return list;
}
