// Reads a parameter count out of free text such as a model id (`my-org/llama-13b-chat`) or a size field
// (`1.5B`, `350m`, `7 billion`). Pure and data-free: the catalogue is consulted first by `parseModelSize`
// in catalog.ts, this is the fallback for names it does not know.

export interface ParsedSize {
  /** Total parameters (absolute number). */
  params: number;
  /** Parameters active per token, when the text states it (`Qwen3-30B-A3B`). */
  activeParams?: number;
  /**
   * True when the figure is a bound rather than a count: `NxM` names (`8x7B`) give N×M, which overstates
   * mixture-of-experts models because experts share attention and embeddings (Mixtral 8x7B is 46.7B, not 56B).
   * Their active count assumes top-2 routing, the usual for such names (Mixtral: 2 of 8 experts per token,
   * 12.9B active; Jiang et al. 2024): 2 × M, again an upper bound.
   */
  approximate?: boolean;
  /** A randomly initialised test checkpoint (testCheckpoints.ts): the size is an order of magnitude. */
  testCheckpoint?: boolean;
}

const UNIT: Record<string, number> = { m: 1e6, b: 1e9, million: 1e6, billion: 1e9 };

// Longest text worth scanning: model ids and size fields are short; anything longer is prose.
const MAX_LEN = 300;
// Guards against sizes no model has; keeps `1000000b` style typos from flowing into FLOP counts.
const MAX_PARAMS = 1e14;

// A size token must start at a boundary (not glued to a letter, digit or dot, so `v2`, `gpt2`, `Qwen2.5` and
// `A3B` are not read as totals) and end at one (so `4bit` and `7bn-tokens` are rejected).
const EXPERTS_RE = /(?:^|[^a-z0-9.])(\d{1,3})x(\d+(?:\.\d+)?)([bm])(?![a-z0-9])/;
const ACTIVE_RE = /(?:^|[^a-z0-9.])a(\d+(?:\.\d+)?)([bm])(?![a-z0-9])/;
const SIZE_RE = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)([bm])(?![a-z0-9])/;
const WORD_RE = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*(billion|million)(?![a-z])/;
const PLAIN_RE = /^\d+(?:\.\d+)?(?:e\d{1,2})?$/;

function scaled(value: string, unit: string): number | undefined {
  const n = Number(value) * (UNIT[unit] ?? NaN);
  return Number.isFinite(n) && n > 0 && n <= MAX_PARAMS ? Math.round(n) : undefined;
}

export function parseSizeText(text: unknown): ParsedSize | undefined {
  if (typeof text !== 'string') return undefined;
  const s = text.trim().toLowerCase();
  if (!s || s.length > MAX_LEN) return undefined;

  // A bare number is a count only when it is plausibly one; `2024` or `70` are not.
  if (PLAIN_RE.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) && n >= 1e6 && n <= MAX_PARAMS ? { params: Math.round(n) } : undefined;
  }

  const experts = EXPERTS_RE.exec(s);
  if (experts) {
    const per = scaled(experts[2], experts[3]);
    const n = Number(experts[1]);
    if (per !== undefined && n > 0 && per * n <= MAX_PARAMS) return n > 2 ? { params: per * n, activeParams: per * 2, approximate: true } : { params: per * n, approximate: true };
  }

  const size = SIZE_RE.exec(s) ?? WORD_RE.exec(s);
  if (!size) return undefined;
  const params = scaled(size[1], size[2]);
  if (params === undefined) return undefined;

  const active = ACTIVE_RE.exec(s);
  const activeParams = active ? scaled(active[1], active[2]) : undefined;
  return activeParams !== undefined && activeParams < params ? { params, activeParams } : { params };
}
