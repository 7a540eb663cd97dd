// The lowest-carbon start for a run of known length inside a forecast. Like the Carbon Aware SDK
// (method.md §2.10) the score of a start is the rolling mean intensity over the whole run, not the
// intensity at the start: a run that starts in a clean half hour but runs into a dirty evening is
// not a good start. The mean is time-weighted so irregular intervals (a 5-minute WattTime series,
// a missing hour in Electricity Maps) count for the time they cover. Pure: no clock, no I/O.
import { formatHours } from '../format';
import type { Forecast, ForecastPoint } from './forecast';

/** Providers round their timestamps; a seam this small between two points is not a gap. */
const SEAM_TOLERANCE_MS = 1000;
const HOUR_MS = 3_600_000;

export interface BestWindow {
  /** Start and end of the best window (epoch ms). */
  start: number;
  end: number;
  meanGPerKwh: number;
  /**
   * The earliest start the forecast allows: `nowMs` when the forecast covers now (the usual case);
   * later only when the forecast begins in the future or a gap blocks starting now.
   */
  baselineStart: number;
  /** Mean intensity over the run if started at `baselineStart` — "if started now". */
  startNowMeanGPerKwh: number;
  /** 1 − best / now, ≥ 0; 0 when now is already the best start. */
  savingFraction: number;
  /** Where the forecast ends: a window cannot end later. */
  horizonEnd: number;
  signal: Forecast['signal'];
}

export interface NoWindow {
  reason: string;
}

/** A gap-free run of points; `cum[i]` is the integral of g/kWh over time from the segment start to `pts[i].start`. */
interface Segment {
  pts: ForecastPoint[];
  cum: number[];
}

/**
 * The start, at a point boundary (or now), whose run of `durationHours` has the lowest mean
 * intensity. Candidates are every point start from now on plus now itself, kept only where the
 * whole run fits inside one gap-free stretch of the forecast: beyond the horizon there is no data,
 * and a forecast is never extrapolated, so a run longer than the forecast gets a reason instead.
 */
export function bestWindow(forecast: Pick<Forecast, 'points'> & Partial<Pick<Forecast, 'signal'>>, durationHours: number, nowMs: number): BestWindow | NoWindow {
  if (!Number.isFinite(durationHours) || durationHours <= 0) return { reason: 'The run’s duration is unknown, so no start time can be suggested.' };
  const segs = segments(forecast.points ?? [], nowMs);
  if (!segs.length) return { reason: 'The forecast has no points from now on.' };
  const d = durationHours * HOUR_MS;
  const horizonEnd = segEnd(segs[segs.length - 1]);

  let base: { start: number; mean: number } | undefined;
  let best: { start: number; mean: number } | undefined;
  for (const seg of segs) {
    const end = segEnd(seg);
    for (let i = 0; i < seg.pts.length && seg.pts[i].start + d <= end; i++) {
      const start = seg.pts[i].start;
      const mean = (integral(seg, start + d) - seg.cum[i]) / d;
      base ??= { start, mean };
      // Strictly lower (beyond rounding) to move: on a tie the earlier start wins, so "now" is
      // never beaten by a window that is only equal.
      if (!best || mean < best.mean - 1e-9 * Math.max(1, best.mean)) best = { start, mean };
    }
  }
  if (!base || !best) return { reason: noFitReason(segs, d, nowMs) };
  const savingFraction = base.mean > 0 ? Math.max(0, 1 - best.mean / base.mean) : 0;
  return {
    start: best.start,
    end: best.start + d,
    meanGPerKwh: best.mean,
    baselineStart: base.start,
    startNowMeanGPerKwh: base.mean,
    savingFraction,
    horizonEnd,
    signal: forecast.signal ?? 'average',
  };
}

/** kg CO₂e saved by running `energyKwh` in the window instead of now (g/kWh × kWh = g; ÷ 1000). */
export function savingKg(energyKwh: number, w: Pick<BestWindow, 'meanGPerKwh' | 'startNowMeanGPerKwh'>): number {
  if (!Number.isFinite(energyKwh) || energyKwh <= 0) return 0;
  return Math.max(0, (energyKwh * (w.startNowMeanGPerKwh - w.meanGPerKwh)) / 1000);
}

/**
 * Past points dropped, the current point cut to start now (the "start now" window begins at the
 * current time, not at the start of the half hour already under way), overlaps given to the earlier
 * point, and the rest split wherever the next point starts after the previous one ends.
 */
function segments(points: readonly ForecastPoint[], nowMs: number): Segment[] {
  const usable = points
    .filter((p) => p && Number.isFinite(p.start) && Number.isFinite(p.end) && Number.isFinite(p.gPerKwh) && p.end > p.start && p.gPerKwh >= 0 && p.end > nowMs)
    .map((p) => ({ start: Math.max(p.start, nowMs), end: p.end, gPerKwh: p.gPerKwh }))
    .sort((a, b) => a.start - b.start);
  const segs: Segment[] = [];
  let cur: Segment | undefined;
  for (const p of usable) {
    if (cur) {
      const last = cur.pts[cur.pts.length - 1];
      if (p.start - last.end > SEAM_TOLERANCE_MS) cur = undefined;
      else {
        if (p.end <= last.end) continue; // wholly inside the previous point
        p.start = last.end; // close rounding seams and overlaps so the segment is contiguous
      }
    }
    if (!cur) {
      cur = { pts: [], cum: [0] };
      segs.push(cur);
    } else {
      const last = cur.pts[cur.pts.length - 1];
      cur.cum.push(cur.cum[cur.cum.length - 1] + (last.end - last.start) * last.gPerKwh);
    }
    cur.pts.push(p);
  }
  return segs;
}

function segEnd(seg: Segment): number {
  return seg.pts[seg.pts.length - 1].end;
}

/** ∫ g/kWh dt from the segment's start to `t` (t within the segment). Binary search: forecasts can hold ~900 points. */
function integral(seg: Segment, t: number): number {
  let lo = 0;
  let hi = seg.pts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.pts[mid].start <= t) lo = mid;
    else hi = mid - 1;
  }
  const p = seg.pts[lo];
  return seg.cum[lo] + (Math.min(t, p.end) - p.start) * p.gPerKwh;
}

function noFitReason(segs: Segment[], d: number, nowMs: number): string {
  const from = Math.max(nowMs, segs[0].pts[0].start);
  const span = segEnd(segs[segs.length - 1]) - from;
  const run = formatHours(d / HOUR_MS);
  if (d > span) {
    return `The run (${run}) is longer than the forecast (${formatHours(span / HOUR_MS)} from now), so no start time is suggested: Carbon Lens does not extrapolate a forecast.`;
  }
  const longest = Math.max(...segs.map((s) => segEnd(s) - s.pts[0].start));
  return `The forecast has gaps and no gap-free stretch is as long as the run (${run}; longest ${formatHours(longest / HOUR_MS)}), so no start time is suggested.`;
}
