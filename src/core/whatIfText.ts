// Wording of the what-ifs this module family adds (quantization, distillation, by-hand instructions),
// kept apart so the presenter (#16) can take it over without touching the arithmetic.
import type { DistillationPlan } from './runSpec';

// The unit is chosen after rounding to the three digits shown: 999.9 kg read "1.00e+3 kg", 999.9 million
// queries "1.00e+3 million".
export function kgText(kg: number): string {
  const r = +kg.toPrecision(3);
  if (r >= 1e6) return `${Math.round(r / 1000).toLocaleString('en-US')} t`; // not "1.23e+3 t"
  if (r >= 1000) return `${(r / 1000).toPrecision(3)} t`;
  if (r >= 1) return `${r.toPrecision(3)} kg`;
  return `${(r * 1000).toPrecision(3)} g`;
}

function count(n: number): string {
  const r = +n.toPrecision(3);
  if (r >= 1e12) return `${(r / 1e12).toPrecision(3)} trillion`; // 1e12 tokens read "1.00e+3 billion"
  if (r >= 1e9) return `${(r / 1e9).toPrecision(3)} billion`;
  if (r >= 1e6) return `${(r / 1e6).toPrecision(3)} million`;
  return Math.round(n).toLocaleString('en-US');
}

/** "8.0B" */
export function paramsText(n: number): string {
  return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}B`;
}

/** The lifecycle sentence of a distillation what-if. */
export function distillationLifecycleText(p: DistillationPlan): string {
  const once = `Distilling ${p.teacher} into ${p.student} over the same ${count(p.distillTokens)} tokens (teacher forward + student training) costs ≈ ${kgText(p.oneTimeKg)} CO₂e once`;
  if (p.teacherPerQueryKg === undefined || p.studentPerQueryKg === undefined) return `${once}.`;
  const perQuery = `; serving the student saves ${kgText(p.teacherPerQueryKg - p.studentPerQueryKg)} per query (${kgText(p.studentPerQueryKg)} instead of ${kgText(p.teacherPerQueryKg)})`;
  if (p.breakEvenQueries === undefined) return `${once}${perQuery}.`;
  const days = p.breakEvenDays !== undefined
    ? `, ${p.breakEvenDays < 1 ? 'under a day' : p.breakEvenDays === 1 ? '1 day' : `${Math.ceil(p.breakEvenDays).toLocaleString('en-US')} days`} at ${count(p.queriesPerDay!)} queries/day`
    : ' (set the traffic, carbonLens.inference.queriesPerDay, for the days)';
  return `${once}${perQuery}: it pays back after ${count(p.breakEvenQueries)} queries${days}.`;
}

export const byHand = {
  field: (label: string, value: string) => `Set ${label} to ${value} where the run is configured (this file cannot be edited for you: the value comes from elsewhere or the format has no key for it).`,
  region: (region: string) => `Launch the job in ${region}: set the region in your launcher (SkyPilot \`region:\`, a Kubernetes node selector \`topology.kubernetes.io/region\`, SageMaker's session region, or your Slurm cluster's site).`,
  hardware: (name: string, count: number) => `Request ${count} × ${name}: the instance type or GPU request of your launcher (SkyPilot \`accelerators:\`, a Kubernetes \`nvidia.com/gpu\` node selector, Slurm \`--gres=gpu:<type>:<n>\`).`,
  noCheckpoint: (model: string, bits: number, gpus: number) =>
    `No ${bits}-bit checkpoint of ${model} is in the catalogue: quantize it (AutoAWQ or llm-compressor) or choose ${bits === 4 ? 'an AWQ/GPTQ' : 'an FP8'} repository of the same model, set \`model:\` to it${bits === 4 ? ', `dtype: float16`' : ''} and the tensor-parallel size to ${gpus}.`,
  distill: (student: string) => `Distil into ${student}: generate the teacher's outputs over your training set, then fine-tune ${student} on them and point the config's model at it.`,
  qlora: 'Load the base model in 4-bit and train LoRA adapters on it: Axolotl `load_in_4bit: true` + `adapter: qlora`, LLaMA-Factory `quantization_bit: 4`, TRL `load_in_4bit: true` + `use_peft: true`, torchtune a `qlora_*` model builder.',
};
