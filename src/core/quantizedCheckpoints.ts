// Pre-quantized checkpoints of a catalogued model: serving engines load AWQ, GPTQ and FP8 weights from a
// repository that was quantized ahead of time, not from the bf16 repository with a flag (vLLM refuses
// `quantization: awq` on bf16 weights). The repository ids are the catalogue's own aliases
// (src/core/data/models.json, Hugging Face Hub repositories such as hugging-quants/…-AWQ-INT4,
// Qwen/…-GPTQ-Int4, RedHatAI/…-FP8), so a what-if names only a repository the catalogue lists.
import { findModel } from './catalog';

export type QuantMethod = 'awq' | 'gptq' | 'fp8';

export interface QuantizedCheckpoint {
  repo: string;
  method: QuantMethod;
  bits: 4 | 8;
}

/** The method and bits a repository id names by its suffix, or undefined (bnb/GGUF are not served this way). */
export function checkpointKind(repo: string): Omit<QuantizedCheckpoint, 'repo'> | undefined {
  const s = repo.toLowerCase();
  if (/-awq(?:-int4)?$/.test(s)) return { method: 'awq', bits: 4 };
  if (/-gptq(?:-int4|-4bit)?$/.test(s)) return { method: 'gptq', bits: 4 };
  if (/-gptq-int8$/.test(s)) return { method: 'gptq', bits: 8 };
  if (/-fp8(?:-dynamic)?$/.test(s) || /-fp8-\d{4}$/.test(s)) return { method: 'fp8', bits: 8 };
  return undefined;
}

/**
 * The catalogue's pre-quantized checkpoint of `modelId` with `bits`-bit weights, preferring AWQ over GPTQ
 * for 4-bit (vLLM's fastest 4-bit kernels, Marlin, serve both) and FP8 over GPTQ-Int8 for 8-bit.
 */
export function quantizedCheckpoint(modelId: string, bits: 4 | 8): QuantizedCheckpoint | undefined {
  const m = findModel(modelId);
  if (!m) return undefined;
  const order: QuantMethod[] = bits === 4 ? ['awq', 'gptq'] : ['fp8', 'gptq'];
  let best: QuantizedCheckpoint | undefined;
  for (const repo of m.aliases) {
    const k = checkpointKind(repo);
    if (!k || k.bits !== bits) continue;
    if (!best || order.indexOf(k.method) < order.indexOf(best.method)) best = { repo, ...k };
  }
  return best;
}
