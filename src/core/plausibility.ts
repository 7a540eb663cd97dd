// Limits beyond which a value is not a plan but a typo (or a hostile file). Such values are not
// estimated as fact: they are dropped to "unknown" and reported as implausible warnings.
import type { FieldName, RunInputs } from './runSpec';

/** Upper bounds, generous on purpose: they catch 10⁹ GPUs, not large but real runs. */
const MAX: Partial<Record<FieldName, number>> = {
  count: 1_000_000, // the largest clusters announced are ~10⁵ accelerators
  nodes: 200_000,
  params: 1e14,
  activeParams: 1e14,
  tokens: 1e15, // frontier pre-training is ~10¹³–10¹⁴ tokens
  steps: 1e9,
  epochs: 100_000,
  batchSize: 1e9,
  perDeviceBatch: 1e6,
  gradAccum: 1e6,
  seqLen: 1e8,
  datasetTokens: 1e15,
  datasetSamples: 1e13,
  hours: 100_000, // ~11 years
  maxHours: 100_000,
  quantization: 32,
  loraRank: 1e5,
  pue: 5,
  intensity: 3000,
  trials: 1e6,
  mfu: 1,
  utilization: 1,
  queriesPerDay: 1e13,
  tokensPerQuery: 1e8,
  inputTokensPerQuery: 1e8,
  horizonDays: 36_500,
  replicas: 1e6,
  maxBatch: 1e7,
};

/** Fields that must be at least 1 when present (a PUE below 1 is physically impossible). */
const MIN_ONE: FieldName[] = ['pue', 'count', 'nodes', 'trials', 'replicas'];

/** Returns the inputs without implausible numbers, and a warning for each one removed. */
export function dropImplausible(inputs: RunInputs): { inputs: RunInputs; warnings: string[] } {
  const out: RunInputs = { ...inputs };
  const warnings: string[] = [];
  for (const [field, max] of Object.entries(MAX) as [FieldName, number][]) {
    const s = out[field];
    if (!s || typeof s.value !== 'number') continue;
    const v = s.value;
    const where = s.range ? ` (line ${s.range.startLine + 1})` : '';
    const min = MIN_ONE.includes(field) ? 1 : 0;
    if (!Number.isFinite(v) || v <= 0 || v < min || v > max) {
      warnings.push(`Implausible ${field} ${formatPlain(v)}${where}: ignored (expected ${min === 1 ? '≥ 1' : '> 0'} and ≤ ${formatPlain(max)}).`);
      delete out[field];
    }
  }
  return { inputs: out, warnings };
}

function formatPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1e6 ? n.toExponential(1) : String(n);
}
