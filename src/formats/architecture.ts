// Parameter count of a decoder-only transformer from the shape a config states (NeMo, Megatron),
// for configs that describe an architecture instead of naming a model. The count is the standard
// weight-matrix census; biases and norm weights (< 0.1 % at these sizes) are left out, and the note
// says so, so a reader can redo the sum by hand.

export interface Architecture {
  layers: number;
  hidden: number;
  /** FFN inner size; default 4 × hidden. */
  ffn?: number;
  /** Gated MLP (SwiGLU, GeGLU): three matrices instead of two. */
  gated?: boolean;
  heads?: number;
  /** Key/value heads (grouped-query attention); default = heads. */
  kvHeads?: number;
  /** Per-head size (Megatron `kv_channels`); default hidden / heads. */
  headDim?: number;
  vocab?: number;
  /** Input and output embeddings share one matrix. Default true. */
  tiedEmbeddings?: boolean;
  /** Learned absolute position embeddings: their count (max positions). 0 or absent for RoPE/ALiBi. */
  positions?: number;
  /** Mixture of experts: experts per layer and experts used per token. */
  experts?: number;
  topK?: number;
}

export interface ParamCount {
  params: number;
  activeParams: number;
  /** One sentence with the formula and its numbers, for the run's notes. */
  formula: string;
}

/**
 * Megatron's FFN size when a SwiGLU model leaves it unset: 2/3 of 4h (so three matrices cost what two
 * 4h matrices would), rounded down to a multiple of 64 (megatron/training/arguments.py).
 */
export function megatronSwigluFfn(hidden: number): number {
  return Math.floor((4 * hidden * 2) / 3 / 64) * 64;
}

/** Megatron and NeMo pad the vocabulary to a multiple of `divisibleBy × tensor-parallel size`. */
export function paddedVocab(vocab: number, divisibleBy = 128, tensorParallel = 1): number {
  const m = Math.max(1, divisibleBy * Math.max(1, tensorParallel));
  return Math.ceil(vocab / m) * m;
}

function fmt(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(n);
}

const positive = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n > 0;

export function countParams(a: Architecture): ParamCount | undefined {
  const { layers: L, hidden: h } = a;
  if (!positive(L) || !positive(h) || !Number.isInteger(L) || L > 10_000 || h > 1e6) return undefined;
  const f = positive(a.ffn) ? a.ffn : 4 * h;
  const heads = positive(a.heads) ? a.heads : undefined;
  const d = positive(a.headDim) ? a.headDim : heads ? h / heads : undefined;
  const kv = positive(a.kvHeads) ? a.kvHeads : heads;

  // Q and O are h × (heads·d); K and V are h × (kv·d). Without heads stated, 4h² (standard MHA).
  const attention = heads && d && kv ? 2 * h * heads * d + 2 * h * kv * d : 4 * h * h;
  const mlpMatrices = a.gated ? 3 : 2;
  const mlp = mlpMatrices * h * f;
  const experts = positive(a.experts) && a.experts > 1 ? Math.round(a.experts) : 1;
  const topK = experts > 1 ? Math.min(experts, positive(a.topK) ? Math.round(a.topK) : 1) : 1;
  const router = experts > 1 ? h * experts : 0;

  const embedMatrices = a.tiedEmbeddings === false ? 2 : 1;
  const embeddings = positive(a.vocab) ? a.vocab * h * embedMatrices : 0;
  const positions = positive(a.positions) ? a.positions * h : 0;

  const params = L * (attention + experts * mlp + router) + embeddings + positions;
  const activeParams = L * (attention + topK * mlp + router) + embeddings + positions;
  if (!Number.isFinite(params) || params <= 0) return undefined;

  const attnText = heads && kv && kv !== heads ? `attention ${fmt(attention)} (${heads} heads, ${kv} KV groups)` : `attention ${fmt(attention)}`;
  const mlpText = `${experts > 1 ? `${experts} experts × ` : ''}MLP ${fmt(mlp)} (${mlpMatrices} matrices${a.gated ? ', gated' : ''}, FFN ${f})`;
  const routerText = router ? ` + router ${fmt(router)}` : '';
  const embText = embeddings
    ? ` + embeddings ${fmt(embeddings)} (vocab ${a.vocab}${embedMatrices === 2 ? ', untied input and output' : ', tied'})`
    : ' (embeddings not counted: vocabulary unknown, so this is a lower bound)';
  const posText = positions ? ` + learned positions ${fmt(positions)}` : '';
  const activeText = experts > 1 ? `; ${fmt(activeParams)} active with top-${topK} routing` : '';
  const formula =
    `Parameters from the architecture: ${L} layers × (${attnText} + ${mlpText}${routerText})${embText}${posText} = ${fmt(params)}${activeText}. ` +
    `Formula: L·(2·h·(heads+kv)·d + n·h·f) + V·h, n = 3 for gated MLPs (SwiGLU) else 2; biases and norms not counted.`;
  return { params, activeParams, formula };
}
