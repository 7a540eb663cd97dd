// What-ifs, each quantified by re-estimating the same run with one change, so the saving shown is
// exactly what the estimator would say after the user applied it.
import { findAccelerator, findRegion } from './catalog';
import { basisLabel, offerText, planRegions, whyVeryLow, type RegionCandidate } from './regionChoice';
import type { Accelerator } from './catalogTypes';
import { estimateResolved, estimateRun } from './estimate';
import { sharedCompute, variantOf, type ResolvedRun, type SharedResolution } from './resolve';
import type { Estimate, FieldChange, FieldName, RunFields, RunSpec, Suggestion } from './runSpec';
import type { EstimateSettings } from './settings';
import { DISTILLATION_QUALITY_CAVEAT, distillationPlan, studentFor } from './distillation';
import { quantizedCheckpoint } from './quantizedCheckpoints';
import { byHand, distillationLifecycleText, paramsText } from './whatIfText';
import { fieldLabel } from './fieldLabels';
import { formatMass } from './format';
import { sourceYear } from './present/text';

/** Below this a what-if is noise next to the estimate's own uncertainty. */
const MIN_SAVING_PCT = 5;

/** Accelerators worth proposing: current data-centre parts with published dense peaks. */
const HARDWARE_CANDIDATES = ['nvidia-h100-sxm5-80gb', 'nvidia-h200-sxm-141gb', 'nvidia-b200-sxm', 'nvidia-a100-sxm4-80gb', 'nvidia-l40s', 'nvidia-l4', 'amd-mi300x', 'google-tpu-v5p', 'intel-gaudi3'];

/** Share of the teacher's compute a distilled student needs (the issue's working figure; DistilBERT kept 60 % of BERT's size). */
const STUDENT_SHARE = 0.15;
/** Tokens the student is trained on, once (assumption shown to the user). */
const DISTILLATION_TOKENS = 10e9;

function withChange(run: RunSpec, changes: Partial<{ [K in FieldName]: RunFields[K] }>): RunSpec {
  const inputs = { ...run.inputs };
  for (const [k, v] of Object.entries(changes)) {
    (inputs as Record<string, unknown>)[k] = { value: v, origin: 'file', note: 'what-if' };
  }
  return { ...run, inputs };
}

function evaluate(run: RunSpec, settings: EstimateSettings): Estimate {
  return estimateRun(run, settings, { withSuggestions: false });
}

/**
 * A hardware or region candidate's estimate, resolved from the base run's shared resolution when there
 * is one, with its figures only (totalsOnly): make() and the candidate loops read co2eKg, embodiedKg and
 * missing, never a candidate's sentences.
 */
function variantEstimate(alt: RunSpec, settings: EstimateSettings, shared: SharedResolution | undefined): Estimate {
  const r = shared && variantOf(shared, alt, settings);
  return r ? estimateResolved(alt, r, settings, { withSuggestions: false, compute: { value: sharedCompute(shared) }, totalsOnly: true }) : evaluate(alt, settings);
}

/** Operational mid + embodied: what a change saves includes the hardware it no longer needs. */
function totalKg(e: Estimate): number {
  return e.co2eKg.mid + e.embodiedKg;
}

function saving(base: Estimate, alt: Estimate): number {
  if (totalKg(base) <= 0) return 0;
  return ((totalKg(base) - totalKg(alt)) / totalKg(base)) * 100;
}

function make(kind: Suggestion['kind'], title: string, base: Estimate, alt: Estimate, explanation: string, caveats: string[], change?: Suggestion['change'], hand?: string): Suggestion | undefined {
  if (alt.missing.length) return undefined;
  const pct = saving(base, alt);
  if (pct < MIN_SAVING_PCT) return undefined;
  const s: Suggestion = { kind, title: `${title} (−${Math.round(pct)}% CO₂e)`, co2eKg: alt.co2eKg.mid, savingPct: Math.round(pct * 10) / 10, totalKg: totalKg(alt), explanation, caveats, ...(change ? { change } : {}) };
  if (hand) s.byHand = hand;
  else if (change) s.byHand = byHand.field(fieldLabel(change.field, base.phase), String(change.value));
  return s;
}

/** An informational what-if: nothing to apply, no saving (e.g. "already 4-bit"). Sorted after the savings. */
function info(kind: Suggestion['kind'], title: string, base: Estimate, explanation: string, caveats: string[]): Suggestion {
  return { kind, title, co2eKg: base.co2eKg.mid, savingPct: 0, explanation, caveats, info: true };
}

/**
 * `shared`: the base run's resolution, which the hardware candidates reuse (resolve.ts,
 * resolveHardwareVariant) instead of resolving the whole run once each.
 */
export function suggest(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings, shared?: SharedResolution): Suggestion[] {
  if (base.missing.length || base.co2eKg.mid <= 0) return [];
  const out: (Suggestion | undefined)[] = [];
  out.push(...regionSuggestions(run, r, base, settings, shared));
  if (base.method === 'flops') out.push(hardwareSuggestion(run, r, base, settings, shared));
  out.push(precisionSuggestion(run, r, base, settings));
  out.push(...quantizationSuggestions(run, r, base, settings));
  if (run.phase === 'inference') out.push(distillationSuggestion(run, r, base, settings));
  else out.push(trainingDistillation(run, r, base, settings));
  return out.filter((s): s is Suggestion => !!s).sort((a, b) => b.savingPct - a.savingPct || Number(!!a.info) - Number(!!b.info));
}

function regionSuggestions(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings, shared?: SharedResolution): (Suggestion | undefined)[] {
  if (run.inputs.intensity) return []; // a stated intensity is a fact about the site, not a choice of region
  const current = r.inputs.region ? findRegion(r.inputs.region.value) : undefined;
  const currentId = current?.kind === 'cloud' ? current.region.id : undefined;
  const plan = planRegions(run, r.provider, r.accelerator, r.intensity.value, settings, currentId);
  const acc = r.accelerator;
  const out: (Suggestion | undefined)[] = [];
  const one = (c: RegionCandidate, title: string, caveats: string[]) => {
    const alt = variantEstimate(withChange(run, { region: c.region.id }), settings, shared);
    const pct = saving(base, alt);
    const why = pct >= 95 ? whyVeryLow(c.region) : undefined;
    const explanation = [
      `${c.region.location || c.region.region}: ${c.region.gPerKwh} g CO₂e/kWh (${basisLabel(c.region)}) against ${r.intensity.value} g for ${r.intensity.label} (${current?.kind === 'cloud' ? basisLabel(current.region) : `${sourceYear(r.intensity.source, r.intensity.year)}`}).`,
      c.offer ? `${offerText(acc, c.offer)}.` : undefined,
      why ? `Why so low: ${why}.` : undefined,
    ].filter(Boolean).join(' ');
    out.push(make('region', title, base, alt, explanation, [...caveats, 'Yearly average intensity; hourly intensity varies.'], { field: 'region', value: c.region.id }, byHand.region(c.region.id)));
  };
  const sib = plan.sibling;
  const sibling = sib
    ? `; ${sib.accelerator.name}, a different part, is listed in ${sib.candidate.region.region} (${sib.candidate.region.gPerKwh} g/kWh; ${sib.candidate.offer!.source.replace(/\s*\(.*\)$/, '')}, ${sib.candidate.offer!.sourceDate})`
    : '';
  const unknownText = (p: string) => `No availability data for ${acc.name} on ${p}${sibling}. Check that the region offers ${acc.name} before moving.`;
  if (plan.any) {
    one(plan.any, plan.unknown ? `Switch region to ${plan.any.region.id} (availability of ${acc.name} unknown)` : `Switch region to ${plan.any.region.id}, a region of any provider offering ${acc.name}`,
      [plan.unknown ? unknownText('any provider') : `Moves the run to ${plan.any.region.provider}; the file names no cloud.`]);
  }
  if (plan.same) {
    const azureGap = plan.provider === 'azure' ? ['Azure availability data covers US regions only; other Azure regions may also offer it.'] : [];
    one(plan.same, plan.unknown ? `Switch region to ${plan.same.region.region} (availability of ${acc.name} unknown)` : `Switch region to ${plan.same.region.region}`,
      [plan.unknown ? unknownText(plan.provider!) : 'Offered means listed, not that capacity or quota is free.', ...azureGap]);
  }
  if (plan.uncovered) {
    const u = plan.uncovered.region;
    one(plan.uncovered, `Switch region to ${u.region} (availability of ${acc.name} unknown)`,
      [`The availability data does not cover ${u.provider} ${u.region}${u.provider === 'azure' ? ' (its Azure rows are US regions only)' : ''}: check that it offers ${acc.name} before moving.`]);
  }
  if (plan.other) {
    one(plan.other, `Switch region to ${plan.other.region.id}`, [`Moves the run to another cloud (${plan.other.region.provider}); proposed because ${plan.crossCloud}.`]);
  }
  return out;
}

function fits(acc: Accelerator, count: number, params: number | undefined, bytesPerParam: number): boolean {
  if (!params || !acc.memoryGb) return true;
  return count * acc.memoryGb * 1e9 * 0.9 >= params * bytesPerParam;
}

function hardwareSuggestion(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings, shared?: SharedResolution): Suggestion | undefined {
  // Mixed-precision Adam keeps ~16 bytes per trained parameter; adapters keep the frozen base in 2 bytes or less.
  const bytes = r.adapter ? (r.quantBits ?? 16) / 8 + 0.5 : 16;
  let best: { acc: Accelerator; est: Estimate } | undefined;
  for (const id of HARDWARE_CANDIDATES) {
    const acc = findAccelerator(id);
    if (!acc || acc.id === r.accelerator.id || !fits(acc, r.count, r.params, bytes)) continue;
    const alt = withChange(run, { hardware: acc.id });
    const est = variantEstimate(alt, settings, shared);
    if (!best || est.co2eKg.mid < best.est.co2eKg.mid) best = { acc, est };
  }
  if (!best) return undefined;
  const perW = (a: Accelerator) => (r.peakTflops && a.tdpW ? (Object.values(a.tflops).reduce((m, v) => Math.max(m, v ?? 0), 0) / a.tdpW) : 0);
  return make('hardware', `Run on ${r.count}× ${best.acc.name}`, base, best.est,
    `Same work on ${best.acc.name}: ${best.acc.tdpW} W for its peak throughput (${perW(best.acc).toFixed(2)} TFLOP/s per W at best precision) against ${r.accelerator.name}.`,
    ['Assumes the same MFU on both; software support and availability differ.', `Fewer or more devices change wall-clock time, not energy, at equal MFU.`],
    { field: 'hardware', value: best.acc.id }, byHand.hardware(best.acc.name, r.count));
}

function precisionSuggestion(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion | undefined {
  if (r.precision !== 'fp32' && r.precision !== 'tf32') return undefined;
  const target = r.accelerator.tflops.bf16 ? 'bf16' : r.accelerator.tflops.fp16 ? 'fp16' : undefined;
  if (!target) return undefined;
  const alt = evaluate(withChange(run, { precision: target }), settings);
  return make('precision', `Use ${target} mixed precision`, base, alt,
    `${r.accelerator.name}: ${r.accelerator.tflops[target]} TFLOP/s in ${target} against ${r.peakTflops} in ${r.precision}.`,
    [target === 'fp16' ? 'fp16 needs loss scaling.' : 'bf16 keeps fp32 range; results match fp32 closely for most models.'],
    { field: 'precision', value: target });
}

/** Accelerators needed to hold the weights (EcoLogits' rule: next power of two). */
function gpusForWeights(params: number, bits: number, memGb: number): number {
  const need = Math.ceil((params * bits) / 8 / 1e9 * 1.2 / memGb);
  return 2 ** Math.ceil(Math.log2(Math.max(1, need)));
}

function quantizationSuggestions(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): (Suggestion | undefined)[] {
  if (run.phase === 'training') return trainingQuantization(run, r, base, settings);
  if (r.quantBits !== undefined && r.quantBits <= 4) return [];
  if (!r.params || !r.accelerator.memoryGb) return [];
  const out: (Suggestion | undefined)[] = [];
  const replicas = r.inputs.replicas?.value ?? 1;
  const perReplica = Math.max(1, Math.round(r.count / replicas));
  for (const bits of [8, 4] as const) {
    if (r.quantBits !== undefined && r.quantBits <= bits) continue;
    const needed = gpusForWeights(r.params, bits, r.accelerator.memoryGb);
    const current = Math.min(perReplica, gpusForWeights(r.params, r.quantBits ?? 16, r.accelerator.memoryGb));
    if (needed >= current) continue; // weights already fit: quantizing saves no devices and may cost energy
    const count = Math.max(1, Math.round(r.count * (needed / current)));
    const plan = servingQuantChange(run, bits, count, needed);
    const alt = evaluate(withChange(run, plan.fields), settings);
    out.push(make('quantization', `Serve ${bits === 8 ? '8-bit (FP8/INT8)' : '4-bit (AWQ/GPTQ)'} weights`, base, alt,
      `Weights of ${(r.params / 1e9).toFixed(0)}B parameters fit on ${needed} instead of ${current} ${r.accelerator.name} per replica. ${plan.how}`,
      ['Check quality on your evaluation set.', 'For small models that already fit, quantization can cost energy (dequantisation) rather than save it.'],
      plan.change, plan.change ? undefined : plan.hand));
  }
  return out;
}

/**
 * How a serving config switches to `bits`-bit weights so vLLM/TGI accept it: a pre-quantized checkpoint of
 * the same model when the catalogue lists one (vLLM refuses `quantization: awq` on bf16 weights; AWQ/GPTQ
 * kernels take float16 activations), else on-the-fly FP8 (`quantization: fp8`, vLLM and TGI quantize bf16
 * weights at load). 4-bit without a checkpoint has no valid one-key edit: said by hand. The tensor-parallel
 * size follows the devices the weights need, when the file states it as the one device count.
 */
function servingQuantChange(run: RunSpec, bits: 4 | 8, count: number, perReplica: number): { fields: Partial<RunFields>; change?: Suggestion['change']; how: string; hand: string } {
  const modelId = run.inputs.model?.value;
  const ckpt = modelId ? quantizedCheckpoint(modelId, bits) : undefined;
  const stated = run.inputs.quantization?.origin === 'file';
  const countIn = run.inputs.count;
  // The one device count the file states (tensor-parallel-size, num_shard): written with the edit.
  const countWritable = countIn?.origin === 'file' && count !== countIn.value;
  const countSame = (countIn?.value ?? run.inputs.count?.value ?? 1) === count || (!countIn && count === 1);
  const hand = byHand.noCheckpoint(modelId ?? 'the model', bits, perReplica);
  const also: FieldChange[] = [];
  if (countWritable) also.push({ field: 'count', value: count });
  const fields: Partial<RunFields> = { quantization: bits, count };
  if (ckpt && !stated) {
    fields.model = ckpt.repo;
    const precision = ckpt.method === 'fp8' ? (run.inputs.precision?.origin === 'file' ? undefined : 'fp8') : 'fp16';
    if (precision) fields.precision = precision;
    if (precision === 'fp16') also.push({ field: 'precision', value: 'fp16' });
    const how = `Switches to the pre-quantized checkpoint ${ckpt.repo} (${ckpt.method.toUpperCase()}, in the model catalogue)${precision === 'fp16' ? ' with float16 activations' : ''}.`;
    const ok = countWritable || countSame;
    return { fields, how, hand: `Set \`model:\` to ${ckpt.repo}${precision === 'fp16' ? ', `dtype: float16`' : ''} and the tensor-parallel size to ${perReplica}.`, change: ok ? { field: 'model', value: ckpt.repo, also: also.length ? also : undefined } : undefined };
  }
  if (bits === 8) {
    fields.precision = 'fp8';
    const ok = countWritable || countSame;
    return { fields, how: 'On-the-fly FP8 (`quantization: fp8`): the engine quantizes the bf16 weights at load.', hand: `Set \`quantization: fp8\` and the tensor-parallel size to ${perReplica}.`, change: ok ? { field: 'quantization', value: 8, also: also.length ? also : undefined } : undefined };
  }
  return { fields, how: 'No 4-bit checkpoint of this model is catalogued.', hand };
}

function trainingQuantization(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): (Suggestion | undefined)[] {
  if (r.quantBits !== undefined && r.quantBits <= 4) {
    return [info('quantization', `Already 4-bit: the base weights are loaded in ${r.quantBits}-bit (${r.adapter === 'qlora' ? 'QLoRA' : 'quantized'})`, base,
      'No further quantization what-if: a 4-bit base is the smallest training precision the supported frameworks offer for fine-tuning.', [])];
  }
  if (!r.params || run.format === 'megatron' || r.params < 1e9) return [];
  if (r.adapter === 'lora') {
    // Same FLOPs per token (the frozen weights are dequantized to 16-bit for every matmul): QLoRA saves
    // memory, so fewer devices hold the run, but not energy at equal utilisation.
    return [info('quantization', 'QLoRA (4-bit base) would save memory, not energy, on this run', base,
      'LoRA already freezes the base weights; loading them in 4-bit leaves the FLOPs per token unchanged (they are dequantized per matmul) and can slow steps, so the estimate does not drop. It helps when it lets the run fit on fewer or smaller accelerators.',
      ['QLoRA: Dettmers et al., 2023 (4-bit NormalFloat base + LoRA adapters).', byHand.qlora])];
  }
  if (r.adapter) return [];
  const alt = evaluate(withChange(run, { quantization: 4, adapter: 'qlora' }), settings);
  return [make('quantization', 'Fine-tune with QLoRA (4-bit base + LoRA adapters)', base, alt,
    'Frozen 4-bit base weights need no weight gradients: about 4 instead of 6 FLOPs per parameter per token, and far less memory.',
    ['Adapters fit fine-tuning, not pre-training.', 'Quality can differ from full fine-tuning; evaluate before switching.', 'For small models the 4-bit dequantisation overhead can make a run slower and cost energy rather than save it.'],
    { field: 'quantization', value: 4 }, byHand.qlora)];
}

/**
 * Fine-tune a smaller model of the same family instead (the student), with the lifecycle of distilling
 * the teacher into it. Applied, the config names the student; the estimate then is the promised one.
 */
function trainingDistillation(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion | undefined {
  const teacherId = r.inputs.model?.value;
  if (!teacherId || !r.params || base.method !== 'flops' || !r.tokens) return undefined;
  const student = studentFor(teacherId);
  if (!student) return undefined;
  // A stated parameter count would outlive the model switch: then only by hand.
  const paramsStated = run.inputs.params?.origin === 'file' || run.inputs.activeParams?.origin === 'file';
  const changes: Partial<RunFields> = { model: student.id };
  const alt = evaluate(withoutParams(withChange(run, changes)), settings);
  const plan = distillationPlan(run, teacherId, r.params, student, r.tokens, settings);
  const s = make('distillation', `Fine-tune ${student.id} (${paramsText(student.params)}, same family) instead`, base, alt,
    `${student.id} has ${paramsText(student.params)} parameters against ${paramsText(r.params)}. ${distillationLifecycleText(plan)}`,
    [DISTILLATION_QUALITY_CAVEAT, 'The saving shown is fine-tuning the student instead of the teacher; distilling adds the one-time cost above.'],
    paramsStated ? undefined : { field: 'model', value: student.id }, paramsStated ? byHand.distill(student.id) : undefined);
  if (s) s.distillation = plan;
  return s;
}

/** The run without parameter counts that were only looked up from the model (a model switch replaces them). */
function withoutParams(run: RunSpec): RunSpec {
  const inputs = { ...run.inputs };
  if (inputs.params?.origin !== 'file') delete inputs.params;
  if (inputs.activeParams?.origin !== 'file') delete inputs.activeParams;
  return { ...run, inputs };
}

function distillationSuggestion(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion | undefined {
  if (!r.activeParams || !r.params) return undefined;
  // A catalogued student of the same family when there is one; else the working share of the teacher.
  const named = r.inputs.model ? studentFor(r.inputs.model.value) : undefined;
  const share = named ? named.params / r.params : STUDENT_SHARE;
  const student = r.params * share;
  const alt = evaluate(withChange(run, { params: student, activeParams: r.activeParams * share }), settings);
  const pct = saving(base, alt);
  if (pct < MIN_SAVING_PCT) return undefined;
  // One-time cost: teacher forward (2N) and student training (6N) over the distillation tokens.
  // On the run's own grid and site: a stated intensity or PUE was dropped here, so the one-time cost
  // used the world average (475 g) while the saving beside it used the file's grid.
  const site = { ...(run.inputs.intensity ? { intensity: run.inputs.intensity } : {}), ...(run.inputs.pue ? { pue: run.inputs.pue } : {}) };
  const distillRun: RunSpec = { ...run, phase: 'training', inputs: { hardware: run.inputs.hardware, count: run.inputs.count, region: run.inputs.region, ...site, params: { value: r.params, origin: 'inferred' }, tokens: { value: DISTILLATION_TOKENS * (2 * r.params + 6 * student) / (6 * r.params), origin: 'default' } } };
  const oneTime = evaluate(distillRun, settings).co2eKg.mid;
  const queries = (r.inputs.queriesPerDay?.value ?? settings.queriesPerDay ?? 0) * (r.inputs.horizonDays?.value ?? settings.horizonDays ?? 365);
  const perQuerySaving = queries > 0 ? (base.co2eKg.mid - alt.co2eKg.mid) / queries : 0;
  const breakEven = perQuerySaving > 0 ? Math.ceil(oneTime / perQuerySaving) : undefined;
  const s = make('distillation', named ? `Serve a student distilled into ${named.id} (${paramsText(named.params)})` : `Serve a distilled student (~${Math.round(STUDENT_SHARE * 100)}% of the compute)`, base, alt,
    `A student with ${(student / 1e9).toFixed(1)}B parameters. One-time distillation ≈ ${formatMass(oneTime)} CO₂e (teacher forward + student training on ${DISTILLATION_TOKENS / 1e9}B tokens)${breakEven ? `; it pays back after ${breakEven.toLocaleString('en-US')} queries` : ''}.`,
    [DISTILLATION_QUALITY_CAVEAT, 'Saving shown excludes the one-time distillation cost.'], undefined, byHand.distill(named?.id ?? 'a smaller model of the same family'));
  return s;
}
