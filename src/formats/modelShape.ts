// The size of a model a training script builds from a shape rather than loads by name: a Hugging
// Face config class written in the code (`LlamaConfig(hidden_size=2048, num_hidden_layers=18, …)`
// passed to `LlamaForCausalLM(config)` or `AutoModelForCausalLM.from_config(config)`), or a custom
// transformer whose sizes sit in the config the script reads (`d_model: 512`, `n_layers: 6`,
// `n_heads: 8`). The count is architecture.ts's weight-matrix census; its note says which keys it used.
import { countParams, type Architecture, type ParamCount } from './architecture';

export type ShapeValue = number | string | boolean | undefined;

/**
 * What a config class builds when the script leaves a size out: the class's own defaults
 * (transformers, src/transformers/models/<name>/configuration_<name>.py, 2024-2025). `gated`: the
 * family's MLP has a gate (SwiGLU). `positions`: learned absolute position embeddings.
 */
interface Family {
  defaults: { hidden: number; layers: number; heads: number; kvHeads?: number; ffn?: number; vocab: number; positions?: number; tied: boolean };
  gated: boolean;
  /** The same facts under GPT-2's names (`n_embd`, `n_layer`, `n_head`, `n_inner`). */
  gpt2Names?: boolean;
}

const FAMILIES: Record<string, Family> = {
  // LlamaConfig(): the Llama-2-7B shape, untied embeddings.
  LlamaConfig: { defaults: { hidden: 4096, layers: 32, heads: 32, ffn: 11008, vocab: 32000, tied: false }, gated: true },
  // Qwen2Config(): "Qwen/Qwen2-7B" style, intermediate 22016, vocab 151936, untied.
  Qwen2Config: { defaults: { hidden: 4096, layers: 32, heads: 32, kvHeads: 32, ffn: 22016, vocab: 151936, tied: false }, gated: true },
  // MistralConfig(): Mistral-7B, 8 KV heads, intermediate 14336.
  MistralConfig: { defaults: { hidden: 4096, layers: 32, heads: 32, kvHeads: 8, ffn: 14336, vocab: 32000, tied: false }, gated: true },
  // GPT2Config(): GPT-2 small, 124M, tied embeddings, 1024 learned positions.
  GPT2Config: { defaults: { hidden: 768, layers: 12, heads: 12, vocab: 50257, positions: 1024, tied: true }, gated: false, gpt2Names: true },
  // BertConfig(): bert-base, 512 learned positions.
  BertConfig: { defaults: { hidden: 768, layers: 12, heads: 12, ffn: 3072, vocab: 30522, positions: 512, tied: true }, gated: false },
};

/** The config classes whose defaults are known, for the code reader. */
export function isKnownConfigClass(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FAMILIES, name);
}

const num = (v: ShapeValue): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/**
 * The count for `Class(kw…)`: `get(key)` gives a keyword's value, `passed(key)` whether it was written
 * at all (a keyword written with a value this reader cannot evaluate, like `vocab_size=len(tokenizer)`,
 * is unknown rather than the default).
 */
export function configClassParams(cls: string, get: (key: string) => ShapeValue, passed: (key: string) => boolean): ParamCount | undefined {
  const fam = FAMILIES[cls];
  if (!fam) return undefined;
  const d = fam.defaults;
  const pick = (key: string, fallback: number | undefined): number | undefined => (passed(key) ? num(get(key)) : fallback);
  const names = fam.gpt2Names
    ? { hidden: 'n_embd', layers: 'n_layer', heads: 'n_head', ffn: 'n_inner', positions: 'n_positions' }
    : { hidden: 'hidden_size', layers: 'num_hidden_layers', heads: 'num_attention_heads', ffn: 'intermediate_size', positions: 'max_position_embeddings' };
  const hidden = pick(names.hidden, d.hidden);
  const layers = pick(names.layers, d.layers);
  // Without these two the count is not this class's model.
  if (hidden === undefined || layers === undefined) return undefined;
  const heads = pick(names.heads, d.heads);
  const tiedRaw = passed('tie_word_embeddings') ? get('tie_word_embeddings') : d.tied;
  const a: Architecture = {
    layers,
    hidden,
    heads,
    // Keys the script leaves out keep the class's default, whatever the other sizes (that is what
    // the class builds): Llama's unset KV heads follow the query heads, Qwen2 and Mistral have a number.
    kvHeads: passed('num_key_value_heads') ? num(get('num_key_value_heads')) : d.kvHeads ?? heads,
    headDim: passed('head_dim') ? num(get('head_dim')) : undefined,
    // GPT-2's n_inner None means 4 × n_embd.
    ffn: passed(names.ffn) ? num(get(names.ffn)) : d.ffn ?? 4 * hidden,
    gated: fam.gated,
    vocab: pick('vocab_size', d.vocab),
    tiedEmbeddings: tiedRaw !== false,
    positions: d.positions !== undefined ? pick(names.positions, d.positions) : undefined,
  };
  if (a.ffn === undefined) return undefined;
  return countParams(a);
}

/** Key names a custom transformer's config uses for each size (searched on public configs, 2026). */
const LAYER_KEYS = ['num_hidden_layers', 'num_layers', 'n_layers', 'n_layer', 'nlayers', 'num_layer', 'layers', 'depth', 'num_blocks', 'n_blocks'];
const WIDTH_KEYS = ['hidden_size', 'd_model', 'n_embd', 'ninp', 'embed_dim', 'emb_dim', 'hidden_dim', 'model_dim', 'dim', 'width'];
const HEAD_KEYS = ['num_attention_heads', 'num_heads', 'n_heads', 'n_head', 'nhead', 'heads'];
const HEAD_DIM_KEYS = ['attention_head_dim', 'head_dim', 'd_head', 'dim_head'];
const FFN_KEYS = ['intermediate_size', 'd_ff', 'dim_feedforward', 'ffn_hidden', 'ffn_dim', 'd_mlp', 'mlp_dim', 'n_inner'];
const VOCAB_KEYS = ['vocab_size', 'ntoken', 'n_vocab', 'd_vocab'];

export interface ShapeCount extends ParamCount {
  /** The layer-count key, where the count is shown. */
  layersKey: string;
}

/**
 * A custom transformer's size from flat keys (`d_model`, `n_layers`, `n_heads`…). A heads key is
 * required as well as layers and width: with it the keys describe attention blocks, without it
 * `layers`/`dim` may be an MLP's or a CNN's, which this count would not fit. Width may also be
 * heads × per-head size (`num_attention_heads: 16`, `attention_head_dim: 72`, as diffusers' DiTs write it).
 */
export function shapeFromKeys(get: (key: string) => ShapeValue): ShapeCount | undefined {
  const first = (keys: string[]): [string, number] | undefined => {
    for (const k of keys) {
      const v = num(get(k));
      if (v !== undefined) return [k, v];
    }
    return undefined;
  };
  const layers = first(LAYER_KEYS);
  const heads = first(HEAD_KEYS);
  if (!layers || !heads || !Number.isInteger(layers[1])) return undefined;
  const headDim = first(HEAD_DIM_KEYS);
  const width = first(WIDTH_KEYS)?.[1] ?? (headDim ? heads[1] * headDim[1] : undefined);
  if (width === undefined || !Number.isInteger(width)) return undefined;
  const count = countParams({
    layers: layers[1],
    hidden: width,
    heads: heads[1],
    headDim: headDim?.[1],
    ffn: first(FFN_KEYS)?.[1],
    vocab: first(VOCAB_KEYS)?.[1],
  });
  return count && { ...count, layersKey: layers[0] };
}
