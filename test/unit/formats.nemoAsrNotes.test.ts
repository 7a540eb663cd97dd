// NeMo ASR configs (src/formats/handlers/nemoAsr.ts) beyond the large FastConformer of
// formats.nemoAsr.test.ts: the other catalogued widths, configs recognised by their encoder or their
// preprocessor alone, the notes a user reads in the hover, and where the audio length comes from when
// the manifest is the user's own or the LibriSpeech word is not in a comment. Same fixture
// (test/fixtures/speech/fast-conformer_ctc_bpe.yaml, the shape of NVIDIA/NeMo's fast-conformer_ctc_bpe.yaml),
// edited per test; hours × 3600 by hand from sampleDatasets.json (LibriSpeech 960.9 h, clean-100 100.6 h).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { val } from './helpers/runAsserts';

const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/speech/fast-conformer_ctc_bpe.yaml'), 'utf8');
const run = (t: string): RunSpec => analyzeText(t, 'asr.yaml').runs[0];
const SPEECH_NOTE = 'Speech is counted per second of audio (3 × forward FLOPs per second × seconds seen), not per token.';

describe('NeMo ASR: sizes and what names them', () => {
  it('d_model 176 is FastConformer Small, 256 Medium', () => {
    assert.strictEqual(val(run(text.replace('d_model: 512', 'd_model: 176')), 'model'), 'fastconformer-ctc-small');
    assert.strictEqual(val(run(text.replace('d_model: 512', 'd_model: 256')), 'model'), 'fastconformer-ctc-medium');
  });

  it('the model note gives width and depth; 1024 wide without n_layers is XLarge (24 layers) and says no depth', () => {
    assert.strictEqual(run(text).inputs.model?.note, 'ConformerEncoder d_model 512, 18 layers: the FastConformer size of that width (NeMo\'s variant table)');
    const wide = run(text.replace('d_model: 512', 'd_model: 1024').replace('    n_layers: 18\n', ''));
    assert.strictEqual(val(wide, 'model'), 'nvidia/stt_en_fastconformer_ctc_xlarge');
    assert.strictEqual(wide.inputs.model?.note, 'ConformerEncoder d_model 1024: the FastConformer size of that width (NeMo\'s variant table)');
  });

  it('another encoder of a catalogued width is not named a FastConformer; the note asks for the model', () => {
    const r = run(text.replace('nemo.collections.asr.modules.ConformerEncoder', 'nemo.collections.asr.modules.SqueezeformerEncoder'));
    // Still speech: the preprocessor is AudioToMelSpectrogram.
    assert.ok(r.notes.includes(SPEECH_NOTE), r.notes.join('\n'));
    assert.strictEqual(val(r, 'model'), undefined);
    assert.ok(r.notes.includes('Speech encoder d_model 512 is not a FastConformer size Carbon Lens catalogues: set the model by hand.'), r.notes.join('\n'));
  });

  it('a Conformer encoder without a mel preprocessor block is speech all the same', () => {
    const r = run(text.replace(/ {2}preprocessor:\n(?: {4}.*\n)+/, ''));
    assert.ok(r.notes.includes(SPEECH_NOTE), r.notes.join('\n'));
    assert.strictEqual(val(r, 'model'), 'nvidia/stt_en_fastconformer_ctc_large');
  });
});

describe('NeMo ASR: the audio seen per epoch', () => {
  it('a LibriSpeech manifest: the hours with their source in the note', () => {
    const r = run(text.replace('manifest_filepath: ???', 'manifest_filepath: /data/librispeech_train_clean_100.json'));
    assert.strictEqual(val(r, 'datasetSamples'), 362160);
    assert.strictEqual(r.inputs.datasetSamples?.note, 'manifest /data/librispeech_train_clean_100.json: librispeech-clean-100, 100.6 h of audio = 362,160 s (Panayotov et al. 2015, LibriSpeech, 2015)');
  });

  it('no manifest (`???`): the comment\'s corpus, said in a note', () => {
    const r = run(text);
    assert.strictEqual(val(r, 'datasetSamples'), 3459240);
    assert.ok(r.notes.includes('The training manifest is not given; a comment says the settings are for LibriSpeech: librispeech-960h (960.9 h) is assumed per epoch.'), r.notes.join('\n'));
    assert.strictEqual(r.inputs.datasetSamples?.note, 'no manifest given; the file\'s comment says its settings are for LibriSpeech, so LibriSpeech is assumed: librispeech-960h, 960.9 h of audio = 3,459,240 s (Panayotov et al. 2015, LibriSpeech, 2015)');
  });

  it('a manifest of the user\'s own corpus is not replaced by the corpus a comment tuned the settings for', () => {
    const r = run(text.replace('manifest_filepath: ???', 'manifest_filepath: /data/callcenter/train_manifest.json'));
    assert.strictEqual(r.inputs.datasetSamples, undefined);
    assert.ok(!r.notes.some((n) => /manifest is not given/.test(n)), r.notes.join('\n'));
  });

  it('only a comment names the corpus: "librispeech" in a value is not a claim, and a number before the `#` is not its subset', () => {
    // A tokenizer folder named after LibriSpeech, before the comment: not read as the corpus.
    const tokenizer = run(text.replace('name: "FastConformer-CTC-BPE"', 'name: "FastConformer-CTC-BPE"\ntokenizer_dir: /tokenizers/librispeech_1024 # bpe'));
    assert.strictEqual(val(tokenizer, 'datasetSamples'), 3459240);
    // `batch_size: 100  # tuned for LibriSpeech`: the comment names the full 960 h, not train-clean-100.
    const batch = run(text.replace('batch_size: 16', 'batch_size: 100 # tuned for LibriSpeech').replace(' # tuned for LibriSpeech utterances', ''));
    assert.strictEqual(val(batch, 'datasetSamples'), 3459240);
  });
});
