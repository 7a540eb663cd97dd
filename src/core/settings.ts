// What the user chose once (VS Code settings, CLI flags) and the estimator applies wherever a file
// is silent. Pure: the editor reads `vscode` settings and normalises them with `normalizeSettings`.
import { parseBoundary, type Boundary } from './boundary';

export interface EstimateSettings {
  /** Region id used when a file names none (`aws:us-east-1`, `FR`…). */
  defaultRegion?: string;
  /** Accelerator used when a file names none. */
  defaultHardware?: string;
  /** Accelerator count used when a file names none. */
  defaultCount?: number;
  pue?: number;
  /** Grid intensity override, g CO₂e/kWh. */
  intensity?: number;
  /** MFU override (0..1): replaces the published range by a single value ± 20 %. */
  mfu?: number;
  /** Development overhead multiplier (e.g. 5): off when undefined or ≤ 1. */
  devOverhead?: number;
  includeEmbodied: boolean;
  /** Inference traffic. */
  queriesPerDay?: number;
  /** Output (generated) tokens per query. */
  tokensPerQuery?: number;
  /** Input (prompt) tokens per query: prefill, counted apart from decoding. */
  inputTokensPerQuery?: number;
  horizonDays?: number;
  /** Dataset size assumed when a config gives epochs but no dataset size. */
  datasetSamples?: number;
  /** Region what-ifs may propose another cloud's region even when the run is pinned to one cloud. */
  allowOtherProviders?: boolean;
  /** Where energy is measured: accelerators only, + host, or + host and PUE (default). */
  boundary?: Boundary;
}

export const DEFAULT_SETTINGS: EstimateSettings = { includeEmbodied: true };

function positive(v: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= max ? n : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : undefined;
}

/** Defensive normaliser: settings files are user input too; bad values fall back to defaults. */
export function normalizeSettings(raw: Record<string, unknown>): EstimateSettings {
  const mfu = positive(raw.mfu, 1);
  const over = positive(raw.devOverhead, 100);
  // The parsed number, not the raw value: a settings.json "1.2" stayed a string through to the estimate.
  const pue = positive(raw.pue, 5);
  return {
    defaultRegion: text(raw.defaultRegion),
    defaultHardware: text(raw.defaultHardware),
    defaultCount: positive(raw.defaultCount, 1e6),
    pue: pue !== undefined && pue >= 1 ? pue : undefined,
    intensity: positive(raw.intensity, 5000),
    mfu,
    devOverhead: over !== undefined && over > 1 ? over : undefined,
    includeEmbodied: raw.includeEmbodied !== false,
    queriesPerDay: positive(raw.queriesPerDay),
    tokensPerQuery: positive(raw.tokensPerQuery, 1e7),
    inputTokensPerQuery: positive(raw.inputTokensPerQuery, 1e7),
    horizonDays: positive(raw.horizonDays, 36500),
    datasetSamples: positive(raw.datasetSamples),
    allowOtherProviders: raw.allowOtherProviders === true ? true : undefined,
    boundary: parseBoundary(raw.boundary),
  };
}
