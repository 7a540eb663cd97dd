// What-ifs, each quantified by re-estimating the same run with one change, so the saving shown is
// exactly what the estimator would say after the user applied it.
import { findAccelerator, findRegion } from './catalog';
import { basisLabel, offerText, planRegions, whyVeryLow, type RegionCandidate } from './regionChoice';
import type { Accelerator } from './catalogTypes';
import { estimateRun } from './estimate';
import type { ResolvedRun } from './resolve';
import type { Estimate, FieldName, RunFields, RunSpec, Suggestion } from './runSpec';
import type { EstimateSettings } from './settings';

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

function saving(base: Estimate, alt: Estimate): number {
  if (base.co2eKg.mid <= 0) return 0;
  return ((base.co2eKg.mid - alt.co2eKg.mid) / base.co2eKg.mid) * 100;
}

function make(kind: Suggestion['kind'], title: string, base: Estimate, alt: Estimate, explanation: string, caveats: string[], change?: Suggestion['change']): Suggestion | undefined {
  if (alt.missing.length) return undefined;
  const pct = saving(base, alt);
  if (pct < MIN_SAVING_PCT) return undefined;
  return { kind, title: `${title} (−${Math.round(pct)}% CO₂e)`, co2eKg: alt.co2eKg.mid, savingPct: Math.round(pct * 10) / 10, explanation, caveats, ...(change ? { change } : {}) };
}

export function suggest(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion[] {
  if (base.missing.length || base.co2eKg.mid <= 0) return [];
  const out: (Suggestion | undefined)[] = [];
  out.push(...regionSuggestions(run, r, base, settings));
  if (base.method === 'flops') out.push(hardwareSuggestion(run, r, base, settings));
  out.push(precisionSuggestion(run, r, base, settings));
  out.push(...quantizationSuggestions(run, r, base, settings));
  if (run.phase === 'inference') out.push(distillationSuggestion(run, r, base, settings));
  return out.filter((s): s is Suggestion => !!s).sort((a, b) => b.savingPct - a.savingPct);
}

function regionSuggestions(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): (Suggestion | undefined)[] {
  if (run.inputs.intensity) return []; // a stated intensity is a fact about the site, not a choice of region
  const current = r.inputs.region ? findRegion(r.inputs.region.value) : undefined;
  const currentId = current?.kind === 'cloud' ? current.region.id : undefined;
  const plan = planRegions(run, r.provider, r.accelerator, r.intensity.value, settings, currentId);
  const acc = r.accelerator;
  const out: (Suggestion | undefined)[] = [];
  const one = (c: RegionCandidate, title: string, caveats: string[]) => {
    const alt = evaluate(withChange(run, { region: c.region.id }), settings);
    const pct = saving(base, alt);
    const why = pct >= 95 ? whyVeryLow(c.region) : undefined;
    const explanation = [
      `${c.region.location || c.region.region}: ${c.region.gPerKwh} g CO₂e/kWh (${basisLabel(c.region)}) against ${r.intensity.value} g for ${r.intensity.label} (${current?.kind === 'cloud' ? basisLabel(current.region) : `${r.intensity.source}, ${r.intensity.year}`}).`,
      c.offer ? `${offerText(acc, c.offer)}.` : undefined,
      why ? `Why so low: ${why}.` : undefined,
    ].filter(Boolean).join(' ');
    out.push(make('region', title, base, alt, explanation, [...caveats, 'Yearly average intensity; hourly intensity varies.'], { field: 'region', value: c.region.id }));
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

function hardwareSuggestion(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion | undefined {
  // Mixed-precision Adam keeps ~16 bytes per trained parameter; adapters keep the frozen base in 2 bytes or less.
  const bytes = r.adapter ? (r.quantBits ?? 16) / 8 + 0.5 : 16;
  let best: { acc: Accelerator; est: Estimate } | undefined;
  for (const id of HARDWARE_CANDIDATES) {
    const acc = findAccelerator(id);
    if (!acc || acc.id === r.accelerator.id || !fits(acc, r.count, r.params, bytes)) continue;
    const est = evaluate(withChange(run, { hardware: acc.id }), settings);
    if (!best || est.co2eKg.mid < best.est.co2eKg.mid) best = { acc, est };
  }
  if (!best) return undefined;
  const perW = (a: Accelerator) => (r.peakTflops && a.tdpW ? (Object.values(a.tflops).reduce((m, v) => Math.max(m, v ?? 0), 0) / a.tdpW) : 0);
  return make('hardware', `Run on ${r.count}× ${best.acc.name}`, base, best.est,
    `Same work on ${best.acc.name}: ${best.acc.tdpW} W for its peak throughput (${perW(best.acc).toFixed(2)} TFLOP/s per W at best precision) against ${r.accelerator.name}.`,
    ['Assumes the same MFU on both; software support and availability differ.', `Fewer or more devices change wall-clock time, not energy, at equal MFU.`],
    { field: 'hardware', value: best.acc.id });
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
  if (r.quantBits !== undefined && r.quantBits <= 4) return [];
  if (run.phase === 'training') {
    if (r.adapter || !r.params || run.format === 'megatron' || r.params < 1e9) return [];
    const alt = evaluate(withChange(run, { quantization: 4, adapter: 'qlora' }), settings);
    return [make('quantization', 'Fine-tune with QLoRA (4-bit base + LoRA adapters)', base, alt,
      'Frozen 4-bit base weights need no weight gradients: about 4 instead of 6 FLOPs per parameter per token, and far less memory.',
      ['Adapters fit fine-tuning, not pre-training.', 'Quality can differ from full fine-tuning; evaluate before switching.', 'For small models the 4-bit dequantisation overhead can make a run slower and cost energy rather than save it.'],
      { field: 'quantization', value: 4 })];
  }
  if (!r.params || !r.accelerator.memoryGb) return [];
  const out: (Suggestion | undefined)[] = [];
  const replicas = r.inputs.replicas?.value ?? 1;
  const perReplica = Math.max(1, Math.round(r.count / replicas));
  for (const bits of [8, 4]) {
    if (r.quantBits !== undefined && r.quantBits <= bits) continue;
    const needed = gpusForWeights(r.params, bits, r.accelerator.memoryGb);
    const current = Math.min(perReplica, gpusForWeights(r.params, r.quantBits ?? 16, r.accelerator.memoryGb));
    if (needed >= current) continue; // weights already fit: quantizing saves no devices and may cost energy
    const count = Math.max(1, Math.round(r.count * (needed / current)));
    const alt = evaluate(withChange(run, { quantization: bits, count }), settings);
    // The saving comes from the fewer devices: a one-field edit (the quantization alone) would not
    // deliver it, so no Apply is offered when the count changes too (issue #19, found by a unit test).
    const both = count !== r.count;
    out.push(make('quantization', `Serve ${bits === 8 ? '8-bit (FP8/INT8)' : '4-bit (AWQ/GPTQ)'} weights`, base, alt,
      `Weights of ${(r.params / 1e9).toFixed(0)}B parameters fit on ${needed} instead of ${current} ${r.accelerator.name} per replica.`,
      ['Check quality on your evaluation set.', 'For small models that already fit, quantization can cost energy (dequantisation) rather than save it.',
        ...(both ? [`The saving assumes ${count} instead of ${r.count} accelerators in all: change the count with the quantization.`] : [])],
      both ? undefined : { field: 'quantization', value: bits }));
  }
  return out;
}

function distillationSuggestion(run: RunSpec, r: ResolvedRun, base: Estimate, settings: EstimateSettings): Suggestion | undefined {
  if (!r.activeParams || !r.params) return undefined;
  const student = r.params * STUDENT_SHARE;
  const alt = evaluate(withChange(run, { params: student, activeParams: r.activeParams * STUDENT_SHARE }), settings);
  const pct = saving(base, alt);
  if (pct < MIN_SAVING_PCT) return undefined;
  // One-time cost: teacher forward (2N) and student training (6N) over the distillation tokens.
  const distillRun: RunSpec = { ...run, phase: 'training', inputs: { hardware: run.inputs.hardware, count: run.inputs.count, region: run.inputs.region, params: { value: r.params, origin: 'inferred' }, tokens: { value: DISTILLATION_TOKENS * (2 * r.params + 6 * student) / (6 * r.params), origin: 'default' } } };
  const oneTime = evaluate(distillRun, settings).co2eKg.mid;
  const queries = (r.inputs.queriesPerDay?.value ?? settings.queriesPerDay ?? 0) * (r.inputs.horizonDays?.value ?? settings.horizonDays ?? 365);
  const perQuerySaving = queries > 0 ? (base.co2eKg.mid - alt.co2eKg.mid) / queries : 0;
  const breakEven = perQuerySaving > 0 ? Math.ceil(oneTime / perQuerySaving) : undefined;
  const s = make('distillation', `Serve a distilled student (~${Math.round(STUDENT_SHARE * 100)}% of the compute)`, base, alt,
    `A student with ${(student / 1e9).toFixed(1)}B parameters. One-time distillation ≈ ${oneTime.toPrecision(2)} kg CO₂e (teacher forward + student training on ${DISTILLATION_TOKENS / 1e9}B tokens)${breakEven ? `; it pays back after ${breakEven.toLocaleString('en-US')} queries` : ''}.`,
    ['Needs a distillation project and evaluation; quality drops for some tasks.', 'Saving shown excludes the one-time distillation cost.']);
  return s;
}
