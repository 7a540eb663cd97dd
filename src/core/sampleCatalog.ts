// Models whose work is counted per sample (an image, an audio window, a diffusion step), not per
// token, and the sizes of the datasets they train on. A vision or speech run's compute is
// forward FLOPs per sample × samples, never "2,048 tokens per sample". Both tables are sourced per
// row (data/sampleModels.json, data/sampleDatasets.json); this module only looks rows up.
import type { Cited } from './catalogTypes';

export interface SampleModel extends Cited {
  id: string;
  aliases: string[];
  family: string;
  task: 'vision' | 'detection' | 'speech' | 'diffusion';
  params: number;
  /** Forward FLOPs for one sample of `sampleUnit` (absent when no sourced figure exists). */
  forwardFlops?: number;
  /** What one sample is: "image at 224×224", "30-s audio window"… */
  sampleUnit: string;
  /** How the figure was read or derived from the source. */
  basis: string;
}

export interface SampleDataset extends Cited {
  id: string;
  aliases: string[];
  samples: number;
  unit: string;
  /** Hours of audio, for speech sets whose models are counted per second of audio. */
  audioHours?: number;
}

const MAX_NAME = 300;

function once<T>(f: () => T): () => T {
  let v: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v as T;
  };
}

/** Case-, space- and punctuation-insensitive key (`ViT-B/16` = `vit_b_16`). */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function indexOf<T extends { id: string; aliases: string[] }>(rows: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) for (const n of [r.id, ...r.aliases]) {
    const k = squash(n);
    if (k && !m.has(k)) m.set(k, r);
    const bare = n.slice(n.lastIndexOf('/') + 1);
    const kb = squash(bare);
    if (kb && !m.has(kb)) m.set(kb, r);
  }
  return m;
}

// Lazy like the main catalogue: the JSON is parsed on the first look-up, not at start-up.
const modelIndex = once(() => indexOf(require('./data/sampleModels.json') as SampleModel[]));
const datasetIndex = once(() => indexOf(require('./data/sampleDatasets.json') as SampleDataset[]));

function lookup<T>(index: Map<string, T>, name: unknown): T | undefined {
  if (typeof name !== 'string') return undefined;
  const s = name.trim().replace(/^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\//i, '');
  if (!s || s.length > MAX_NAME) return undefined;
  const bare = s.slice(s.lastIndexOf('/') + 1);
  // A checkpoint file or a timm pretrained tag (`resnet50.a1_in1k`) names the same network.
  const untagged = bare.replace(/\.(?:pt|pth|ckpt|safetensors|ya?ml|py)$/i, '').replace(/\.[a-z0-9_]+$/i, '');
  for (const k of [s, bare, untagged]) {
    const hit = index.get(squash(k));
    if (hit) return hit;
  }
  return undefined;
}

/** A vision, detection, speech or diffusion model by id, alias, Hub id or checkpoint file name. */
export function findSampleModel(name: unknown): SampleModel | undefined {
  return lookup(modelIndex(), name);
}

/** A dataset's size in samples (ImageNet-1k, COCO, LibriSpeech…) by id or alias. */
export function findSampleDataset(name: unknown): SampleDataset | undefined {
  return lookup(datasetIndex(), name);
}

export function listSampleModels(): SampleModel[] {
  return [...new Set(modelIndex().values())];
}

export function listSampleDatasets(): SampleDataset[] {
  return [...new Set(datasetIndex().values())];
}
