// Distillation what-ifs: a smaller model of the same family from the catalogue as the student, and the
// lifecycle sum that decides whether distilling pays: the one-time cost (teacher forward over the
// distillation set + student training) against the per-query saving of serving the student.
import { listModels, findModel } from './catalog';
import type { ModelInfo } from './catalogTypes';
import { estimateRun } from './estimate';
import { lifecycleOf } from './lifecycle';
import { resolveRun } from './resolve';
import type { DistillationPlan, RunInputs, RunSpec } from './runSpec';
import type { EstimateSettings } from './settings';

/**
 * A student at most this share of the teacher's parameters: the usual distillation step within a family
 * (Llama 3.1 70B → 8B is 0.11, Qwen 2.5 32B → 7B is 0.23); a 14B student of a 32B teacher saves too little
 * to pay for a distillation project.
 */
const MAX_STUDENT_SHARE = 0.3;

/** One line on quality, with its source (shown as a caveat). */
export const DISTILLATION_QUALITY_CAVEAT =
  'A student keeps most, not all, of the teacher’s quality: DistilBERT kept 97 % of BERT’s GLUE score at 60 % of its size (Sanh et al., 2019); the gap is larger on reasoning-heavy tasks, so evaluate on your own set.';

function instructLike(id: string): boolean {
  return /instruct|chat|-it$/i.test(id);
}

let families: Map<string, ModelInfo[]> | undefined;

/**
 * The catalogued models of one family, in catalogue order. Indexed once (the catalogue is frozen data):
 * the what-ifs ask on every estimate, and filtering the whole model list each time cost ~15 µs.
 */
function familyOf(family: string): ModelInfo[] {
  if (!families) {
    families = new Map();
    for (const m of listModels()) {
      if (!m.family) continue;
      const list = families.get(m.family);
      if (list) list.push(m);
      else families.set(m.family, [m]);
    }
  }
  return families.get(family) ?? [];
}

/**
 * The largest catalogued model of the teacher's family with at most MAX_STUDENT_SHARE of its parameters,
 * of the same kind (instruction-tuned or base) when there is one. Mixture-of-experts teachers are compared
 * by total parameters.
 */
export function studentFor(teacherId: string): ModelInfo | undefined {
  const teacher = findModel(teacherId);
  if (!teacher?.family) return undefined;
  const wantInstruct = instructLike(teacher.id);
  const pool = familyOf(teacher.family).filter((m) => m.id !== teacher.id && m.params <= teacher.params * MAX_STUDENT_SHARE && m.params >= 5e8);
  const same = pool.filter((m) => instructLike(m.id) === wantInstruct);
  const list = same.length ? same : pool;
  return list.sort((a, b) => b.params - a.params || a.id.localeCompare(b.id))[0];
}

/** Inputs that describe the length or method of this run, which a distillation run does not share. */
const RUN_SPECIFIC: readonly (keyof RunInputs)[] = [
  'tokens', 'steps', 'epochs', 'hours', 'maxHours', 'datasetTokens', 'datasetSamples', 'trials', 'adapter', 'quantization',
  'loraRank', 'model', 'params', 'activeParams', 'batchSize', 'perDeviceBatch', 'gradAccum', 'seqLen', 'mfu',
];

/**
 * The distillation lifecycle for a training run: teacher `teacherParams`, student `student`, distilled over
 * `distillTokens` tokens on the run's hardware, region and grid. One-time cost: a forward pass of the teacher
 * (2·N_teacher FLOPs per token) plus full training of the student (6·N_student), i.e. the FLOPs of training
 * the teacher on D·(2·N_t + 6·N_s)/(6·N_t) tokens. Per query: each model served on devices sized for its
 * weights (src/core/lifecycle.ts), same grid.
 */
export function distillationPlan(run: RunSpec, teacherId: string, teacherParams: number, student: ModelInfo, distillTokens: number, settings: EstimateSettings): DistillationPlan {
  const inputs: RunInputs = { ...run.inputs };
  for (const k of RUN_SPECIFIC) delete inputs[k];
  const tokens = (distillTokens * (2 * teacherParams + 6 * student.params)) / (6 * teacherParams);
  inputs.params = { value: teacherParams, origin: 'inferred', note: 'distillation teacher' };
  inputs.tokens = { value: tokens, origin: 'inferred', note: 'teacher forward + student training, in teacher-training tokens' };
  const distillRun: RunSpec = { ...run, phase: 'training', inputs, notes: [], warnings: [] };
  const oneTimeKg = estimateRun(distillRun, settings, { withSuggestions: false }).co2eKg.mid;

  const perQuery = (params: number): number | undefined => {
    const r: RunSpec = { ...distillRun, inputs: { ...inputs, params: { value: params, origin: 'inferred' }, tokens: { value: 1e9, origin: 'inferred' } } };
    const resolved = resolveRun(r, settings);
    const e = estimateRun(r, settings, { withSuggestions: false });
    return lifecycleOf(resolved, e, settings)?.perQueryKg?.mid;
  };
  const plan: DistillationPlan = { teacher: teacherId, student: student.id, studentParams: student.params, distillTokens, oneTimeKg };
  const t = perQuery(teacherParams);
  const s = perQuery(student.params);
  if (t !== undefined && s !== undefined) {
    plan.teacherPerQueryKg = t;
    plan.studentPerQueryKg = s;
    if (t > s) {
      plan.breakEvenQueries = Math.ceil(oneTimeKg / (t - s));
      const qpd = run.inputs.queriesPerDay?.value ?? settings.queriesPerDay;
      if (qpd) {
        plan.queriesPerDay = qpd;
        plan.breakEvenDays = plan.breakEvenQueries / qpd;
      }
    }
  }
  return plan;
}
