// In-band share, median |mid/published − 1| and median band width (high/low) of scored runs.
export interface Scored {
  name: string;
  split: 'fit' | 'heldout';
  published: number;
  low: number;
  mid: number;
  high: number;
}

export interface Summary {
  n: number;
  inBand: number;
  inBandPct: number;
  medianError: number;
  medianWidth: number;
  outside: string[];
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarise(rows: Scored[]): Summary {
  const inside = rows.filter((r) => r.published >= r.low * 0.999 && r.published <= r.high * 1.001);
  return {
    n: rows.length,
    inBand: inside.length,
    inBandPct: rows.length ? (100 * inside.length) / rows.length : NaN,
    medianError: median(rows.map((r) => Math.abs(r.mid / r.published - 1))),
    medianWidth: median(rows.map((r) => r.high / r.low)),
    outside: rows.filter((r) => !inside.includes(r)).map((r) => `${r.name}: published ${r.published.toPrecision(3)}, band ${r.low.toPrecision(3)}–${r.high.toPrecision(3)} (mid ${r.mid.toPrecision(3)})`),
  };
}
