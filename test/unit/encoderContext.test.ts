// BERT-style encoders are in models.json (parameters, `contextLength: 512`) and are counted per token
// as language models are (6 × N × tokens). With no sequence length in the file, a sample is assumed to
// fill the model's context when that is shorter than the 2,048-token default: BERT cannot read 2,048
// tokens, and counting them would make a fine-tune 4× its work. Values are worked by hand below.
import * as assert from 'assert';
import { estimateRun } from '../../src/core/estimate';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { closeWithin } from './helpers/runAsserts';

const settings = normalizeSettings({ includeEmbodied: false });
const close = closeWithin(1e-6);

function run(inputs: Record<string, unknown>): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'enc', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

describe('encoders: the default sequence length stops at the model context', () => {
  it('bert-base-uncased, 3 epochs × 100,000 samples, no max_seq_length: 512 tokens a sample', () => {
    // models.json google-bert/bert-base-uncased: 110e6 params, contextLength 512.
    // 6 × 110e6 × (3 × 100,000 × 512 = 153,600,000 tokens) = 1.01376e17 FLOPs (was 4.055e17 at 2,048).
    const e = estimateRun(run({ model: 'bert-base-uncased', epochs: 3, datasetSamples: 100000, hardware: 'A100 80GB', count: 1 }), settings);
    close(e.compute?.flops, 6 * 110e6 * 3 * 100000 * 512);
    assert.strictEqual(e.inputs.seqLen?.value, 512);
    assert.strictEqual(e.inputs.seqLen?.origin, 'default');
    assert.ok(e.assumptions.some((a) => /the model's full 512-token context/.test(a)), e.assumptions.join('\n'));
  });

  it('a stated length wins, and a model with a longer context keeps the 2,048 default', () => {
    // roberta-base at max_seq_length 128: 6 × 125e6 × 3 × 100,000 × 128 = 2.88e16.
    const r = estimateRun(run({ model: 'roberta-base', epochs: 3, datasetSamples: 100000, seqLen: 128, hardware: 'A100 80GB', count: 1 }), settings);
    close(r.compute?.flops, 6 * 125e6 * 3 * 100000 * 128);
    // ModernBERT-base reads 8,192 tokens: the 2,048 default stands (6 × 150e6 × 3 × 1e5 × 2048).
    const m = estimateRun(run({ model: 'answerdotai/ModernBERT-base', epochs: 3, datasetSamples: 100000, hardware: 'A100 80GB', count: 1 }), settings);
    close(m.compute?.flops, 6 * 150e6 * 3 * 100000 * 2048);
    assert.ok(m.assumptions.some((a) => /assumed 2048 tokens per sample/.test(a)));
  });
});
