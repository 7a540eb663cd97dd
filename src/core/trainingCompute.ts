// Training FLOPs of one trial by method. Supervised training is k·N·D (k = 6, or 4 with adapters);
// preference methods run chosen and rejected sequences through the policy and usually a frozen
// reference; RL methods (GRPO, PPO) train on completions the policy generates (the generation itself
// is counted per token, at inference cost, in rollout.ts); distillation adds the teacher's forward
// pass; activation recomputation adds one forward pass to every trained token. Pure arithmetic.
import { findModel, parseModelSize } from './catalog';
import { FLOPS_PER_PARAM_TOKEN } from './constants';
import type { ResolvedRun } from './resolve';
import type { TrainingMethod } from './runSpec';

/**
 * Full activation recomputation (gradient checkpointing) re-runs the forward pass during the backward:
 * 2·N FLOPs more per token, so 8·N·D instead of 6·N·D. Korthikanti et al. 2022 ("Reducing Activation
 * Recomputation in Large Transformer Models", §5: full recomputation costs one extra forward, ~33 % more
 * than 6ND); Chowdhery et al. 2022 (PaLM, Appendix B) count it in hardware FLOPs utilisation, not in MFU.
 */
export const RECOMPUTE = {
  extraPerToken: 2,
  source: 'Korthikanti et al. 2022 (full activation recomputation adds one forward pass); Chowdhery et al. 2022, PaLM App. B (HFU vs MFU)',
  year: 2022,
};

/** Where each method's passes come from (TRL trainer documentation and the methods' papers). */
export const METHOD_SOURCES: Partial<Record<TrainingMethod, string>> = {
  dpo: 'Rafailov et al. 2023 (DPO: policy and frozen reference score chosen and rejected); TRL DPOTrainer precompute_ref_log_probs',
  orpo: 'Hong et al. 2024 (ORPO: no reference model, chosen and rejected through the policy)',
  simpo: 'Meng et al. 2024 (SimPO: reference-free, chosen and rejected through the policy)',
  kto: 'Ethayarajh et al. 2024 (KTO: one completion per example, KL term from mismatched pairs); TRL KTOTrainer',
  grpo: 'Shao et al. 2024 (DeepSeekMath, GRPO: groups of sampled completions, reference only for the KL term); TRL GRPOTrainer',
  ppo: 'Ouyang et al. 2022 (InstructGPT PPO: policy, value, reference and reward models); TRL PPOTrainer',
  distill: 'Hinton et al. 2015 (distillation: teacher forward on every training token); TRL GKDTrainer, torchtune knowledge_distillation recipes',
};

export interface Part {
  label: string;
  flops: number;
}

export interface TrainingCompute {
  flops: number;
  parts: Part[];
  /** One sentence for the assumptions: the formula with its numbers and sources. */
  assumption: string;
}

function sci(n: number): string {
  const [m, e] = n.toExponential(2).split('e');
  return `${+m}e${Number(e)}`;
}

/** Parameters active per token of a model named by the file (the distillation teacher). */
export function teacherParams(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const m = findModel(name);
  if (m) return m.activeParams ?? m.params;
  const s = parseModelSize(name);
  return s ? s.activeParams ?? s.params : undefined;
}

/** Default reference-model handling per method, when the file says nothing. */
function defaultReference(method: TrainingMethod): 'live' | 'none' {
  // GRPO's KL term is off by default in current TRL (beta = 0.0), so no reference pass unless beta is set.
  return method === 'dpo' || method === 'kto' || method === 'ppo' ? 'live' : 'none';
}

export function trainingCompute(r: ResolvedRun): TrainingCompute | undefined {
  // Vision, speech and diffusion runs are counted per sample (sampleCompute.ts), never per token.
  if (r.sampleCompute) {
    const flops = r.sampleCompute.flops;
    return { flops, parts: [{ label: 'per-sample training compute', flops }], assumption: `Compute = ${r.sampleCompute.how} = ${sci(flops)} FLOPs (per sample, not per token).` };
  }
  const N = r.activeParams;
  const D = r.tokens;
  if (N === undefined || D === undefined) return undefined;
  const k = r.adapter ? FLOPS_PER_PARAM_TOKEN.adapter : FLOPS_PER_PARAM_TOKEN.full;
  const rc = r.inputs.gradientCheckpointing?.value === true ? RECOMPUTE.extraPerToken : 0;
  const train = k + rc;
  const method = r.inputs.trainingMethod?.value ?? 'sft';
  const reference = r.inputs.reference?.value ?? defaultReference(method);
  const epochs = r.inputs.epochs?.value ?? 1;
  const fwd = FLOPS_PER_PARAM_TOKEN.inference; // 2·N per token forward
  const parts: Part[] = [];
  const trainLabel = `${train} × N × D (${k === 6 ? 'forward + backward' : 'adapter: no weight gradients for frozen weights'}${rc ? ' + recomputed forward' : ''})`;
  // A reference whose log-probs were precomputed runs once over the data, not once per epoch.
  const refPass = (sequences: number, what: string) => {
    if (reference === 'none') return;
    const once = reference === 'precomputed';
    parts.push({ label: `reference forward ${sequences > 1 ? `× ${sequences} ` : ''}(${what}${once ? ', precomputed once' : ''})`, flops: (sequences * fwd * N * D) / (once ? epochs : 1) });
  };

  switch (method) {
    case 'dpo':
      parts.push({ label: `policy on chosen + rejected: 2 × ${trainLabel}`, flops: 2 * train * N * D });
      refPass(2, 'chosen + rejected');
      break;
    case 'orpo':
    case 'simpo':
      parts.push({ label: `policy on chosen + rejected: 2 × ${trainLabel}; no reference model`, flops: 2 * train * N * D });
      break;
    case 'kto':
      parts.push({ label: `policy: ${trainLabel}`, flops: train * N * D });
      parts.push({ label: 'policy forward on the mismatched KL pairs: 2 × N × D', flops: fwd * N * D });
      refPass(2, 'examples + KL pairs');
      break;
    case 'grpo':
    case 'ppo': {
      parts.push({ label: `policy update on prompt + completion: ${trainLabel}`, flops: train * N * D });
      const prompts = r.rollout ? r.rollout.sequences * r.rollout.promptLen : 0;
      if (prompts > 0) parts.push({ label: 'prompt prefill during generation: 2 × N × prompt tokens', flops: fwd * N * prompts });
      if (method === 'ppo') {
        parts.push({ label: `value model (same size) update: ${trainLabel}`, flops: train * N * D });
        parts.push({ label: 'reward model (same size) forward: 2 × N × D', flops: fwd * N * D });
      }
      refPass(1, method === 'grpo' ? 'KL term, beta > 0' : 'KL penalty');
      break;
    }
    case 'distill': {
      parts.push({ label: `student: ${trainLabel}`, flops: train * N * D });
      const t = teacherParams(r.inputs.teacher?.value);
      if (t !== undefined) parts.push({ label: `teacher forward: 2 × ${sci(t)} × D`, flops: fwd * t * D });
      break;
    }
    default:
      parts.push({ label: trainLabel, flops: train * N * D });
  }
  // Evaluation during training runs the model forward only, on tokens that are not training data.
  const evalTokens = r.inputs.evalTokens?.value;
  if (evalTokens !== undefined && Number.isFinite(evalTokens) && evalTokens > 0) {
    parts.push({ label: `evaluation forward: 2 × N × ${sci(evalTokens)} evaluation tokens`, flops: fwd * N * evalTokens });
  }
  const flops = parts.reduce((s, p) => s + p.flops, 0);
  const sources = [FLOPS_PER_PARAM_TOKEN.source];
  if (rc) sources.push(RECOMPUTE.source);
  const ms = METHOD_SOURCES[method];
  if (ms) sources.push(ms);
  if (parts.length === 1 && !rc && (method === 'sft' || method === 'pretrain' || method === 'reward')) {
    // Plain supervised training: the k·N·D sentence the estimate has always shown.
    return { flops, parts, assumption: `Compute = ${k} × ${sci(N)} parameters × ${sci(D)} tokens = ${sci(flops)} FLOPs (${k === 6 ? 'full training' : 'LoRA/QLoRA: no weight gradients for frozen weights'}; ${FLOPS_PER_PARAM_TOKEN.source}).` };
  }
  const what = method === 'sft' || method === 'pretrain' || method === 'reward' ? '' : `${method.toUpperCase()}: `;
  const assumption = `Compute = ${what}${parts.map((p) => p.label).join(' + ')}, N = ${sci(N)} parameters, D = ${sci(D)} tokens = ${sci(flops)} FLOPs (${sources.join('; ')}).`;
  return { flops, parts, assumption };
}
