// Randomly initialised test checkpoints (`hf-internal-testing/tiny-random-gpt2`,
// `HuggingFaceM4/tiny-random-LlamaForCausalLM`, `trl-internal-testing/tiny-Qwen2ForCausalLM-2.5`) are
// what example and CI scripts train so that they finish in seconds. They are not in any model table,
// and their names carry no size, but they are tiny by construction (a layer or two a few dozen wide),
// so a run on one is given a tiny size rather than none, marked as a guess of its order of magnitude.
import type { ParsedSize } from './sizeParse';

/** Hub organisations that publish only test checkpoints. */
const TEST_ORGS = new Set(['hf-internal-testing', 'trl-internal-testing', 'optimum-internal-testing', 'peft-internal-testing', 'hf-tiny-model-private']);

/**
 * The parameters assumed for a test checkpoint: 10^6, the order of magnitude of the common ones (a
 * 32,000-token vocabulary at width 16 is 0.5M parameters per embedding matrix; the widest are a few
 * million). The compute of such a run is negligible whatever the exact figure.
 */
export const TEST_CHECKPOINT_PARAMS = 1_000_000;

/** A parsed size when the name is a test checkpoint's, else undefined. */
export function testCheckpointSize(name: string): ParsedSize | undefined {
  const s = name.trim().toLowerCase();
  if (!s || s.length > 200) return undefined;
  const slash = s.indexOf('/');
  const org = slash > 0 ? s.slice(0, slash) : '';
  const bare = s.slice(s.lastIndexOf('/') + 1);
  const test = TEST_ORGS.has(org) || bare.startsWith('tiny-random-') || bare.startsWith('tiny_random_') || bare.startsWith('tiny-random_');
  return test ? { params: TEST_CHECKPOINT_PARAMS, testCheckpoint: true } : undefined;
}
