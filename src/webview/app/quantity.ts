// Reads what people type for big counts: `8B`, `8.03 b`, `70e9`, `1,500,000`, `1_000`, `2T`.
// Pure, for the webview and its unit tests.

/** Powers of ten, added to the exponent (multiplying by 1e9 would turn 8.03 into 8029999999.999999). */
const SUFFIX: Record<string, number> = { k: 3, m: 6, b: 9, g: 9, t: 12 };

export function parseQuantity(text: string): number | undefined {
  const s = text.trim().replace(/[,_\s]/g, '').toLowerCase();
  const m = /^(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?([kmbgt])?$/.exec(s);
  if (!m) return undefined;
  const exp = (m[2] ? Number(m[2].slice(1)) : 0) + (m[3] ? SUFFIX[m[3]] : 0);
  const n = Number(`${m[1]}e${exp}`);
  return Number.isFinite(n) ? n : undefined;
}

/** A plain decimal number (`1.2`, `400`), as number inputs give it; empty or junk → undefined. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
