// torchtune's built-in recipe configs, which a launch names instead of giving a file
// (`tune run lora_finetune_single_device --config llama3_1/8B_lora_single_device`). The name follows
// torchtune's own convention, <family>/<size>_<method>[_single_device], so the family and size give
// the checkpoint and the method gives LoRA/QLoRA/full; the defaults a config ships (epochs, batch,
// dataset) are rows read from the published files (data/torchtuneConfigs.json), each with its source.
import type { Cited } from './catalogTypes';

interface Family extends Cited {
  family: string;
  sizes: Record<string, string>;
}

export interface BuiltinDefaults extends Cited {
  epochs: number;
  batchSize?: number;
  gradAccum?: number;
  dataset: string;
  dtype: 'bf16' | 'fp32';
  loraRank?: number;
}

interface ConfigRow extends BuiltinDefaults {
  name: string;
}

interface Table {
  families: Family[];
  configs: ConfigRow[];
  convention: BuiltinDefaults & { how: string };
}

export interface TorchtuneBuiltin {
  name: string;
  family: string;
  size: string;
  /** Hub checkpoint the family's configs download, when the family and size are catalogued. */
  model?: { id: string; source: string };
  /** lora / qlora (DoRA, QDoRA are LoRA variants), or a full fine-tune. */
  adapter?: 'lora' | 'qlora';
  /** `dora`/`qdora`, `qat`, `low_memory`: said in a note. */
  variant?: string;
  /** `_single_device` or `_low_memory`: the config is written for one GPU. */
  singleDevice: boolean;
  /** The config's own defaults when it was read; otherwise what most read configs ship. */
  defaults: BuiltinDefaults;
  defaultsRead: boolean;
  conventionHow?: string;
}

let table: Table | undefined;
function data(): Table {
  table ??= require('./data/torchtuneConfigs.json') as Table;
  return table;
}

/** `llama3_1/8B_lora_single_device` (size `8B`, `0.5B`, `0_5B` or `mini`), then the method words. */
const NAME = /^([a-z][a-z0-9_]{0,30})\/(\d{1,4}(?:[._]\d{1,2})?B|mini|small|medium)_([a-z][a-z0-9_]{0,60})$/i;
const METHOD = /^(full|lora|qlora|dora|qdora|qat)(?:_|$)/;

/**
 * A built-in config by name, or undefined when the text is not one (a path, a `.yaml` file, a name
 * outside the convention). The family need not be catalogued: the method and device still read.
 */
export function torchtuneBuiltin(name: string): TorchtuneBuiltin | undefined {
  const n = name.trim();
  if (n.length > 120 || /\.(ya?ml|json)$/i.test(n)) return undefined;
  const m = NAME.exec(n);
  if (!m) return undefined;
  const [, family, sizeRaw, rest] = m;
  const method = METHOD.exec(rest.toLowerCase());
  if (!method) return undefined;
  const size = sizeRaw.replace('_', '.').replace(/b$/, 'B');
  const words = rest.toLowerCase().split('_');
  const kind = method[1];
  // qat_lora / qat_full: quantisation-aware training of a LoRA or full fine-tune.
  const adapterWord = kind === 'qat' ? words[1] : kind;
  const adapter = adapterWord === 'lora' || adapterWord === 'dora' ? 'lora' : adapterWord === 'qlora' || adapterWord === 'qdora' ? 'qlora' : undefined;
  const variant = kind === 'dora' || kind === 'qdora' ? 'dora' : kind === 'qat' ? 'qat' : words.includes('low') && words.includes('memory') ? 'low_memory' : undefined;
  const t = data();
  const fam = t.families.find((f) => f.family === family.toLowerCase());
  const id = fam?.sizes[size] ?? fam?.sizes[size.toLowerCase()];
  const row = t.configs.find((c) => c.name === n);
  const { name: _n, ...read } = row ?? { name: '' };
  return {
    name: n,
    family: family.toLowerCase(),
    size,
    model: id && fam ? { id, source: fam.source } : undefined,
    adapter,
    variant,
    singleDevice: /(?:^|_)single_device$/.test(rest) || variant === 'low_memory',
    defaults: row ? (read as BuiltinDefaults) : t.convention,
    defaultsRead: !!row,
    conventionHow: row ? undefined : t.convention.how,
  };
}
