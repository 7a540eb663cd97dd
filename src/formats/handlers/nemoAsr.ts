// NeMo ASR configs (`examples/asr/conf/fastconformer/fast-conformer_ctc_bpe.yaml`): the same trainer
// block as the language-model configs, but the model is a speech encoder (`model.encoder._target_:
// …ConformerEncoder`) whose work is counted per second of audio, not per token. The encoder's width
// and depth name the FastConformer size; the dataset is whatever `train_ds.manifest_filepath` points at,
// so its length in hours comes from the manifest's name or, failing that, from what the file says
// it is set for (a comment), marked as inferred.
import type { Sourced } from '../../core/runSpec';
import { findSampleDataset, type SampleDataset } from '../../core/sampleCatalog';
import type { Reader } from './trainingShared';
import { inferredAt } from './trainingShared';

/** True when the config trains a speech encoder (Conformer / FastConformer, or any model fed mel spectrograms). */
export function isAsrConfig(r: Reader): boolean {
  const enc = r.str('model.encoder._target_')?.value ?? '';
  const pre = r.str('model.preprocessor._target_')?.value ?? '';
  return /ConformerEncoder/.test(enc) || /AudioToMel/.test(pre);
}

/**
 * FastConformer sizes by encoder width and depth (the variant table in NeMo's fast-conformer_ctc_bpe.yaml,
 * 2023): d_model 176 small, 256 medium, 512 large, 1024 xlarge (24 layers) or xxlarge (42 layers).
 */
function fastConformerSize(d: number, layers: number | undefined): string | undefined {
  if (d === 176) return 'fastconformer-ctc-small';
  if (d === 256) return 'fastconformer-ctc-medium';
  if (d === 512) return 'nvidia/stt_en_fastconformer_ctc_large';
  if (d === 1024) return (layers ?? 24) >= 33 ? 'nvidia/stt_en_fastconformer_ctc_xxlarge' : 'nvidia/stt_en_fastconformer_ctc_xlarge';
  return undefined;
}

/** Where the text names LibriSpeech (a manifest path such as `librispeech_train_960.json`, or a comment). */
const LIBRI = /librispeech/i;

function datasetFromText(text: string): SampleDataset | undefined {
  if (!LIBRI.test(text)) return undefined;
  return /100/.test(text) && !/960/.test(text) ? findSampleDataset('librispeech-clean-100') : findSampleDataset('librispeech-960h');
}

function seconds(d: SampleDataset, from: Sourced<unknown> | undefined, why: string): Sourced<number> | undefined {
  if (!d.audioHours) return undefined;
  const s = Math.round(d.audioHours * 3600);
  return inferredAt(from, s, `${why}: ${d.id}, ${d.audioHours} h of audio = ${s.toLocaleString('en-US')} s (${d.source}, ${d.year})`);
}

/** Reads the speech model and the audio seen per epoch; the trainer block is read by the caller. */
export function readAsr(r: Reader, text: string): void {
  const d = r.num('model.encoder.d_model');
  const layers = r.num('model.encoder.n_layers');
  const id = d ? fastConformerSize(d.value, layers?.value) : undefined;
  const enc = r.str('model.encoder._target_')?.value ?? '';
  if (d && id && /ConformerEncoder/.test(enc)) {
    r.set('model', inferredAt(d, id, `ConformerEncoder d_model ${d.value}${layers ? `, ${layers.value} layers` : ''}: the FastConformer size of that width (NeMo's variant table)`));
  } else if (d) r.note(`Speech encoder d_model ${d.value} is not a FastConformer size Carbon Lens catalogues: set the model by hand.`);

  const manifest = r.str('model.train_ds.manifest_filepath');
  const fromManifest = manifest ? datasetFromText(manifest.value) : undefined;
  if (manifest && fromManifest) {
    r.set('datasetSamples', seconds(fromManifest, manifest, `manifest ${manifest.value}`));
  } else if (!manifest || manifest.value === '???') {
    // NeMo's example configs leave the manifest `???` (OmegaConf's "must be given") but say in a comment
    // which corpus their settings are for. A manifest of the user's own corpus is not LibriSpeech, whatever
    // a comment says the hyper-parameters were tuned on: its length stays unknown (asked for).
    const comment = text.slice(0, 100_000).split(/\r?\n/).find((l) => l.includes('#') && LIBRI.test(l.slice(l.indexOf('#'))));
    const ds = comment ? datasetFromText(comment.slice(comment.indexOf('#'))) : undefined;
    if (ds) {
      r.set('datasetSamples', seconds(ds, undefined, 'no manifest given; the file\'s comment says its settings are for LibriSpeech, so LibriSpeech is assumed'));
      r.note(`The training manifest is not given; a comment says the settings are for LibriSpeech: ${ds.id} (${ds.audioHours} h) is assumed per epoch.`);
    }
  }
  r.note('Speech is counted per second of audio (3 × forward FLOPs per second × seconds seen), not per token.');
}
