// The lowest-carbon start inside a forecast (src/core/timing/window.ts), on hourly forecasts written by
// hand: now = 0, H = one hour in ms; each expected mean is the time-weighted mean worked in the comment.
import * as assert from 'assert';
import type { ForecastPoint } from '../../src/core/timing/forecast';
import { bestWindow, savingKg, type BestWindow, type NoWindow } from '../../src/core/timing/window';

const H = 3_600_000;
const p = (startH: number, endH: number, g: number): ForecastPoint => ({ start: startH * H, end: endH * H, gPerKwh: g });
const win = (points: ForecastPoint[], hours: number, now = 0) => bestWindow({ points }, hours, now) as BestWindow;
const why = (points: ForecastPoint[], hours: number, now = 0) => (bestWindow({ points }, hours, now) as NoWindow).reason;

describe('forecast window: which points count', () => {
  it('drops unusable and past points, and sorts the rest', () => {
    // Usable: 0–1 h 300 g, 1–2 h 200 g, 2–3 h 0 g (a zero-carbon hour is real). One-hour starts: means
    // 300, 200, 0 → best at 2 h, saving 1 − 0/300 = 1. Dropped: negative, zero-length, NaN, ended at now.
    const points = [
      p(2, 3, 0), p(0, 1, 300), p(1, 2, 200),
      p(3, 4, -5), p(5, 5, 1), { start: NaN, end: H, gPerKwh: 1 }, { start: 6 * H, end: 7 * H, gPerKwh: NaN }, p(-1, 0, 1000),
      null as unknown as ForecastPoint,
    ];
    assert.deepStrictEqual(win(points, 1), {
      start: 2 * H, end: 3 * H, meanGPerKwh: 0, baselineStart: 0, startNowMeanGPerKwh: 300, savingFraction: 1, horizonEnd: 3 * H, signal: 'average',
    });
  });

  it('starts "now" mid-point, and weights each point by the time it covers', () => {
    // Now = 0.5 h: the 0–1 h point (400 g) counts for its last half hour. A 1 h run from now: (0.5 × 400 +
    // 0.5 × 100) / 1 = 250 g; from 1 h: 100 g. Saving 1 − 100/250 = 0.6.
    const w = win([p(0, 1, 400), p(1, 3, 100)], 1, 0.5 * H);
    assert.deepStrictEqual([w.baselineStart, w.startNowMeanGPerKwh, w.start, w.meanGPerKwh], [0.5 * H, 250, H, 100]);
    assert.ok(Math.abs(w.savingFraction - 0.6) < 1e-12);
  });

  it('keeps "now" on a tie, even one off by rounding', () => {
    // 100 g then 100 − 1e-8 g: lower only in the tenth digit, within the 1e-9 relative tolerance.
    const w = win([p(0, 1, 100), p(1, 2, 100 - 1e-8), p(2, 3, 100 - 1e-8)], 1);
    assert.deepStrictEqual([w.start, w.savingFraction], [0, 0]);
    // A zero-carbon forecast: nothing to save, not NaN.
    assert.strictEqual(win([p(0, 1, 0), p(1, 2, 0)], 1).savingFraction, 0);
  });

  it('joins points across a rounding seam of a second, not across a longer gap', () => {
    // 0–1 h and (1 h + 1 s)–2 h: one stretch, so a 2 h run fits from now at 100 g.
    const seam = [p(0, 1, 100), { start: H + 1000, end: 2 * H, gPerKwh: 100 }];
    assert.deepStrictEqual([win(seam, 2).start, win(seam, 2).meanGPerKwh], [0, 100]);
    const gap = [p(0, 1, 100), { start: H + 1001, end: 2 * H, gPerKwh: 100 }];
    assert.match(why(gap, 2), /^The forecast has gaps/);
  });
});

describe('forecast window: when no start fits', () => {
  it('says the run is longer than the forecast from now', () => {
    assert.strictEqual(why([p(0, 3, 100)], 4), 'The run (4 h) is longer than the forecast (3 h from now), so no start time is suggested: Carbon Lens does not extrapolate a forecast.');
    // A forecast that begins in an hour and ends at 4 h covers 3 h from its first point; a 3.5 h run does not fit.
    assert.strictEqual(why([p(1, 2, 100), p(3, 4, 100)], 3.5), 'The run (3.5 h) is longer than the forecast (3 h from now), so no start time is suggested: Carbon Lens does not extrapolate a forecast.');
  });

  it('names the longest gap-free stretch when gaps are what stop it', () => {
    // Stretches 0–1 h and 2–4 h; the forecast spans 4 h, exactly the run: gaps, longest 2 h.
    assert.strictEqual(why([p(0, 1, 100), p(2, 4, 100)], 4), 'The forecast has gaps and no gap-free stretch is as long as the run (4 h; longest 2 h), so no start time is suggested.');
  });

  it('says so when the duration or the points are missing', () => {
    assert.strictEqual(why([p(0, 1, 1)], 0), 'The run’s duration is unknown, so no start time can be suggested.');
    assert.strictEqual(why([p(0, 1, 1)], NaN), 'The run’s duration is unknown, so no start time can be suggested.');
    assert.strictEqual(why([p(-2, -1, 1)], 1), 'The forecast has no points from now on.');
    assert.strictEqual((bestWindow({ points: undefined as unknown as ForecastPoint[] }, 1, 0) as NoWindow).reason, 'The forecast has no points from now on.');
  });
});

describe('forecast window: the saving in kg', () => {
  it('is energy × the intensity difference, never negative', () => {
    // 50 kWh × (300 − 100) g/kWh = 10,000 g = 10 kg.
    assert.strictEqual(savingKg(50, { startNowMeanGPerKwh: 300, meanGPerKwh: 100 }), 10);
    assert.strictEqual(savingKg(0, { startNowMeanGPerKwh: 300, meanGPerKwh: 100 }), 0);
    assert.strictEqual(savingKg(NaN, { startNowMeanGPerKwh: 300, meanGPerKwh: 100 }), 0);
    // A negative energy is no run: no saving, even where the window is worse than now.
    assert.strictEqual(savingKg(-5, { startNowMeanGPerKwh: 100, meanGPerKwh: 300 }), 0);
  });
});
