// The plain run description (format id `carbon-lens`): a YAML or JSON file whose top-level keys are
// the RunSpec field names themselves. It is how a user states a run no other format describes, and
// what the CLI reads before any other format is known.
import type { FieldName, RunInputs, RunSpec } from '../../core/runSpec';
import type { FormatHandler, FormatInput } from '../types';
import { topKeys, type TNode } from '../tree';
import { fromEntry, normalizePrecision, toNumber, isUnknownValue } from '../fields';

const NUMERIC: FieldName[] = [
  'count', 'nodes', 'params', 'activeParams', 'tokens', 'steps', 'epochs', 'batchSize', 'perDeviceBatch', 'gradAccum',
  'seqLen', 'datasetTokens', 'datasetSamples', 'hours', 'quantization', 'loraRank', 'pue', 'intensity', 'trials',
  'mfu', 'utilization', 'queriesPerDay', 'tokensPerQuery', 'inputTokensPerQuery', 'horizonDays', 'replicas', 'maxBatch',
];
const TEXT: FieldName[] = ['hardware', 'model', 'region'];
/** Keys that only a run description uses; two of them make a file one. */
const DISTINCTIVE = ['hardware', 'count', 'hours', 'region', 'params', 'tokens', 'trials', 'intensity', 'pue', 'phase', 'queriesPerDay'];

function rootMap(input: FormatInput): TNode | undefined {
  const root = input.docs()[0]?.root;
  return root && root.kind === 'map' ? root : undefined;
}

export const runDescriptionHandler: FormatHandler = {
  id: 'carbon-lens',
  syntaxes: ['yaml', 'json'],
  detect(input) {
    if (input.docs().length !== 1) return 0;
    const keys = topKeys(rootMap(input));
    const hits = keys.filter((k) => DISTINCTIVE.includes(k)).length;
    const known = keys.filter((k) => (NUMERIC as string[]).includes(k) || (TEXT as string[]).includes(k) || k === 'phase' || k === 'name' || k === 'precision' || k === 'adapter').length;
    if (hits >= 2 && known >= keys.length * 0.6) return 0.9;
    return 0;
  },
  extract(input) {
    const root = rootMap(input);
    if (!root || root.kind !== 'map') return [];
    const inputs: RunInputs = {};
    const notes: string[] = [];
    let phase: RunSpec['phase'] = 'training';
    let name = input.fileName.split(/[\\/]/).pop() ?? 'run';
    for (const entry of root.entries) {
      const v = entry.value.kind === 'scalar' ? entry.value.value : undefined;
      const key = entry.key as FieldName;
      if (entry.key === 'phase' && (v === 'inference' || v === 'training')) phase = v;
      else if (entry.key === 'name' && typeof v === 'string') name = v;
      else if (NUMERIC.includes(key)) {
        const n = toNumber(v);
        if (n !== undefined) (inputs as Record<string, unknown>)[key] = fromEntry(entry, n);
        else if (!isUnknownValue(v)) notes.push(`\`${entry.key}: ${String(v)}\` is not a number; ignored.`);
      } else if (TEXT.includes(key) && (typeof v === 'string' || typeof v === 'number') && !isUnknownValue(v)) {
        (inputs as Record<string, unknown>)[key] = fromEntry(entry, String(v).trim());
      } else if (entry.key === 'precision') {
        const p = normalizePrecision(v);
        if (p) inputs.precision = fromEntry(entry, p);
        else if (!isUnknownValue(v)) notes.push(`Unknown precision \`${String(v)}\`; ignored.`);
      } else if (entry.key === 'adapter' && (v === 'lora' || v === 'qlora')) {
        inputs.adapter = fromEntry(entry, v);
      }
    }
    const first = root.entries[0];
    return [{ name, phase, format: 'carbon-lens', anchor: first ? first.keyRange : root.range, inputs, notes, warnings: [] }];
  },
};
