// What each run field is called wherever a person reads it: the panel's inputs, hovers, lenses and
// suggestion changes. One table, so the same value never goes by two names.
import type { FieldName, RunSpec } from './runSpec';

export const FIELD_LABELS: Record<FieldName, string> = {
  hardware: 'Hardware', count: 'Accelerators', nodes: 'Nodes', model: 'Model', params: 'Parameters',
  activeParams: 'Active parameters', tokens: 'Tokens', steps: 'Steps', epochs: 'Epochs', batchSize: 'Global batch',
  perDeviceBatch: 'Per-device batch', gradAccum: 'Gradient accumulation', seqLen: 'Sequence length',
  datasetTokens: 'Dataset tokens', datasetSamples: 'Dataset samples', hours: 'Hours (wall clock)', maxHours: 'Time limit (upper bound)', precision: 'Precision',
  quantization: 'Quantization', adapter: 'Adapter', loraRank: 'LoRA rank', region: 'Region', pue: 'PUE',
  intensity: 'Grid intensity', trials: 'Trials', mfu: 'MFU', utilization: 'Power utilisation',
  queriesPerDay: 'Queries per day', tokensPerQuery: 'Output tokens per query', inputTokensPerQuery: 'Input tokens per query', horizonDays: 'Horizon',
  replicas: 'Replicas', maxBatch: 'Max concurrent sequences',
  dataset: 'Dataset', maxSamples: 'Samples cap per dataset', packing: 'Sequence packing', trainingMethod: 'Training method',
  gradientCheckpointing: 'Activation recomputation', reference: 'Reference model', numGenerations: 'Completions per prompt',
  completionLen: 'Completion length', promptLen: 'Prompt length', teacher: 'Teacher model',
  evalTokens: 'Evaluation tokens',
};

export function fieldLabel(field: FieldName, phase: RunSpec['phase'] = 'training'): string {
  if (field === 'tokens') return phase === 'inference' ? 'Tokens per query' : 'Training tokens';
  return FIELD_LABELS[field];
}
