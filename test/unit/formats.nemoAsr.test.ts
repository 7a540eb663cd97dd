// NeMo ASR configs read as speech, not as a language model: the FastConformer size from the encoder's
// width, the audio per epoch from the manifest or the corpus the file says it is set for, and compute
// per second of audio. Fixture: test/fixtures/speech/fast-conformer_ctc_bpe.yaml (the shape of NVIDIA/NeMo
// examples/asr/conf/fastconformer/fast-conformer_ctc_bpe.yaml). FLOPs from sampleModels.json.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { at, closeWithin, val } from './helpers/runAsserts';

const FILE = path.resolve(__dirname, '../fixtures/speech/fast-conformer_ctc_bpe.yaml');
const text = fs.readFileSync(FILE, 'utf8');
const close = closeWithin(1e-6);

describe('NeMo ASR (FastConformer) configs', () => {
  it('names the FastConformer size from d_model and reads LibriSpeech hours from the comment', () => {
    const a = analyzeText(text, 'fast-conformer_ctc_bpe.yaml');
    assert.strictEqual(a.format, 'nemo');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'nvidia/stt_en_fastconformer_ctc_large'); // d_model 512
    assert.strictEqual(at(text, r.inputs.model?.range), '512');
    assert.strictEqual(val(r, 'epochs'), 1000);
    // LibriSpeech 960 h = 960.9 h × 3600 = 3,459,240 s, inferred from "tuned for LibriSpeech" (manifest is ???).
    assert.strictEqual(val(r, 'datasetSamples'), 3459240);
    assert.strictEqual(r.inputs.datasetSamples?.origin, 'inferred');
    assert.strictEqual(val(r, 'seqLen'), undefined); // no token length for speech
    assert.strictEqual(val(r, 'count'), undefined); // devices: -1 is "all GPUs": not a count
  });

  it('counts 3 × forward per second of audio × seconds seen, never tokens', () => {
    // FastConformer Large: 2 × 115e6 parameters × 12.5 encoder frames/s = 2.875e9 FLOPs per second of audio.
    // 1000 epochs × 3,459,240 s = 3.45924e9 s; 3 × 2.875e9 × 3.45924e9 = 2.98359450e19 FLOPs.
    const e = evaluateText(text, 'fast-conformer_ctc_bpe.yaml', normalizeSettings({ includeEmbodied: false })).estimates[0];
    close(e.compute?.flops, 2.9835945e19);
    assert.ok(e.assumptions.some((s) => /per second of audio/.test(s)), e.assumptions.join('\n'));
    assert.ok(!e.assumptions.some((s) => /2,048 tokens/.test(s)));
  });

  it('a manifest that names train-clean-100 wins over the comment; other widths are not guessed', () => {
    const own = text.replace('manifest_filepath: ???', 'manifest_filepath: /data/librispeech_train_clean_100.json');
    // 100.6 h × 3600 = 362,160 s.
    assert.strictEqual(val(analyzeText(own, 'x.yaml').runs[0], 'datasetSamples'), 362160);
    const odd = analyzeText(text.replace('d_model: 512', 'd_model: 384'), 'x.yaml').runs[0];
    assert.strictEqual(val(odd, 'model'), undefined);
    assert.ok(odd.notes.some((n) => /d_model 384 is not a FastConformer size/.test(n)), odd.notes.join('\n'));
    // 1024 wide: 24 layers is XLarge, 42 is XXLarge.
    const wide = text.replace('d_model: 512', 'd_model: 1024');
    assert.strictEqual(val(analyzeText(wide.replace('n_layers: 18', 'n_layers: 42'), 'x.yaml').runs[0], 'model'), 'nvidia/stt_en_fastconformer_ctc_xxlarge');
    assert.strictEqual(val(analyzeText(wide.replace('n_layers: 18', 'n_layers: 24'), 'x.yaml').runs[0], 'model'), 'nvidia/stt_en_fastconformer_ctc_xlarge');
  });
});
