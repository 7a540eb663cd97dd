// resolveTrainingTokens (src/core/trainingTokens.ts) called directly: where the dataset size comes from when
// the data is unknown but capped, or set, and what the notes say. Counts are worked in each comment;
// tatsu-lab/alpaca is 52,002 rows of 137 tokens mean in src/core/data/datasets.json.
import * as assert from 'assert';
import type { RunInputs } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { resolveTrainingTokens } from '../../src/core/trainingTokens';

const file = <T>(value: T) => ({ value, origin: 'file' as const });
const plain = normalizeSettings({});

function resolve(inputs: RunInputs, settings = plain) {
  const assumptions: string[] = [];
  const out = resolveTrainingTokens(inputs, 1, settings, assumptions);
  return { out, inputs, assumptions };
}

describe('training tokens: the dataset size when the data is not catalogued', () => {
  it('takes max_samples per named dataset as an upper bound', () => {
    // Two unknown datasets capped at 500 each: 1,000 samples × 512 tokens × 2 epochs = 1,024,000 tokens.
    const { out, inputs, assumptions } = resolve({ epochs: file(2), dataset: file('my-org/a,my-org/b'), maxSamples: file(500), seqLen: file(512) });
    assert.strictEqual(out.tokens, 1_024_000);
    assert.deepStrictEqual(inputs.datasetSamples, { value: 1000, origin: 'inferred', note: 'max_samples 500 × 2 datasets: an upper bound' });
    assert.deepStrictEqual(out.dataset, { source: 'file', note: 'at most max_samples per dataset (1k)' });
    assert.strictEqual(inputs.tokens?.note, '2 epochs × 1k samples × 512 tokens');
    assert.deepStrictEqual(assumptions, ['Dataset "my-org/a", "my-org/b" is not in the dataset catalogue: its size and length are not known.']);
    // One dataset: "1 dataset".
    assert.strictEqual(resolve({ epochs: file(1), dataset: file('my-org/a'), maxSamples: file(500), seqLen: file(512) }).inputs.datasetSamples?.note, 'max_samples 500 × 1 dataset: an upper bound');
  });

  it('uses the default without a named dataset, even with max_samples, and the setting when there is one', () => {
    // No dataset named: 10,000 default samples × 512 = 5,120,000 tokens for one epoch.
    const d = resolve({ epochs: file(1), maxSamples: file(500), seqLen: file(512) });
    assert.strictEqual(d.out.tokens, 5_120_000);
    assert.deepStrictEqual(d.inputs.datasetSamples, { value: 10_000, origin: 'default', note: 'dataset size not stated' });
    assert.deepStrictEqual(d.out.dataset, { source: 'default', note: 'dataset size assumed: 10k samples (default)' });
    // carbonLens.datasetSamples 2,000: 2,000 × 512 = 1,024,000.
    const s = resolve({ epochs: file(1), seqLen: file(512) }, normalizeSettings({ datasetSamples: 2000 }));
    assert.strictEqual(s.out.tokens, 1_024_000);
    assert.deepStrictEqual(s.inputs.datasetSamples, { value: 2000, origin: 'setting', note: 'carbonLens.datasetSamples' });
    assert.deepStrictEqual(s.out.dataset, { source: 'setting', note: 'dataset size assumed: 2k samples (carbonLens.datasetSamples)' });
    assert.deepStrictEqual(s.assumptions, ['Dataset size not stated: assumed 2k samples per epoch (change with carbonLens.datasetSamples).']);
  });

  it('says a stated size is the file\'s, in its own note or a plain one', () => {
    assert.deepStrictEqual(resolve({ epochs: file(1), datasetSamples: file(100), seqLen: file(512) }).out.dataset, { source: 'file', note: 'dataset samples stated in the file' });
    assert.deepStrictEqual(resolve({ epochs: file(1), datasetTokens: file(1e6) }).out.dataset, { source: 'file', note: 'dataset tokens stated in the file' });
  });

  it('notes a cap on a catalogued dataset only when it cuts the rows, and the mean under a higher length cap', () => {
    const capped = resolve({ epochs: file(1), dataset: file('tatsu-lab/alpaca'), maxSamples: file(500), seqLen: file(512) });
    assert.ok(capped.assumptions[0].includes(', capped at 500 by max_samples;'), capped.assumptions[0]);
    // A cap equal to the 52,002 rows cuts nothing.
    const all = resolve({ epochs: file(1), dataset: file('tatsu-lab/alpaca'), maxSamples: file(52_002), seqLen: file(512) });
    assert.ok(!all.assumptions[0].includes('capped'), all.assumptions[0]);
    // 52,002 × 137 = 7,124,274 tokens; the 512 maximum is above the mean, so it is a cap, not the length.
    assert.strictEqual(all.out.tokens, 7_124_274);
    assert.strictEqual(all.inputs.tokens?.note, '1 epoch × 52k samples × 137 tokens mean per example (the 512-token maximum is a cap, not the length, without packing)');
    // A 100-token cap under the mean truncates: 52,002 × 100.
    const cut = resolve({ epochs: file(1), dataset: file('tatsu-lab/alpaca'), seqLen: file(100) });
    assert.strictEqual(cut.inputs.tokens?.note, '1 epoch × 52k samples × the 100-token cap truncates a 137-token mean');
  });
});
