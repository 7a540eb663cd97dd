// The hover's markdown, built as a plain string so it can be tested in node (no `vscode` here).
// Hover markdown is trusted for our own command links, so every piece of text that may come from a
// file (names, values, notes, assumptions quoting a model id) goes through `escapeMarkdown`: a file
// must never be able to add a link, an image or formatting to the hover.
import { CommandId } from '../constants';
import { findAccelerator, findEquivalence } from '../core/catalog';
import { allEquivalencesFor, describe, equivalencesFor, type EquivalenceLine } from '../core/equivalences';
import { formatCo2e, formatCount, formatEnergy, formatHours, formatMass, formatSignificant } from '../core/format';
import type { Estimate, FieldName, RunSpec, SourceRange, Sourced } from '../core/runSpec';
import type { EstimateSettings } from '../core/settings';
import { fieldLabel } from '../core/fieldLabels';
import type { MeasuredComparison } from '../core/calibration';
import { calibrationSentence, lifecycleSentence, measuredLines } from '../core/lifecycleText';
import { budgetVersus } from '../engine/budgetRules';
import { fieldEffect, horizonLabel, regionName, unboundedSweepNote, WORLD_GRID, type WhatIfContext } from './lensText';

/** The only commands a hover may run (the MarkdownString's `isTrusted.enabledCommands`). */
export const HOVER_COMMANDS: readonly string[] = [CommandId.openPanel, CommandId.setDefaultRegion, CommandId.setDefaultHardware];

export interface HoverInput {
  /** The document the panel should open (a notebook's own URI for its cells). */
  uri: string;
  runIndex: number;
  run: RunSpec;
  estimate: Estimate;
  settings: EstimateSettings;
  /** Mid CO₂e of all runs in the file. */
  fileTotalKg: number;
  /** The hovered input; undefined for the run summary (anchor line). */
  field?: FieldName;
  /** carbonLens.equivalences: empty = the three that read best. */
  equivalenceIds: readonly string[];
  distanceUnit: 'km' | 'miles';
  budgetPerRunKg?: number;
  /** Where a range is, in the user's terms ("line 4", "cell 3, line 2"). */
  locate?: (r: SourceRange) => string | undefined;
  /** The record a finished run left beside the config, compared with this run. */
  measured?: MeasuredComparison;
}

// ──── Escaping ────

const MAX_TEXT = 300;

/**
 * Makes text inert in markdown: every ASCII punctuation character is backslash-escaped (CommonMark
 * renders `\x` as a literal `x` for all of them), so no link, image, emphasis, code span, HTML tag,
 * entity or autolink (`https\://`, `www\.`) can form. Line breaks are flattened so the text cannot
 * start a heading, list or code block, and bidi controls are dropped so it reads as it is.
 */
export function escapeMarkdown(text: string, max = MAX_TEXT): string {
  const flat = String(text)
    .replace(/[\r\n\u2028\u2029\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  const chars = Array.from(flat);
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
  return cut.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

const esc = escapeMarkdown;

/** A `command:` link to one of our commands; the JSON arguments are percent-encoded, brackets included. */
export function commandLink(label: string, command: string, args?: unknown[]): string {
  const query = args ? `?${encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}` : '';
  return `[${esc(label)}](command:${command}${query})`;
}

// ──── Pieces ────

function sourceYear(source: string, year: number): string {
  return source.includes(String(year)) ? source : `${source}, ${year}`;
}

function valueText(field: FieldName, input: Sourced<unknown>): string {
  const v = input.value;
  if (field === 'hardware' && typeof v === 'string') return findAccelerator(v)?.name ?? v;
  if (typeof v === 'number') {
    // Units the shared labels leave to the value (as the panel shows them).
    switch (field) {
      case 'pue': return formatSignificant(v, 3);
      case 'mfu':
      case 'utilization': return `${Math.round(v * 100)}%`;
      case 'hours': return formatHours(v);
      case 'quantization': return `${v}-bit`;
      case 'horizonDays': return `${formatCount(v)} days`;
      case 'intensity': return `${formatSignificant(v, 3)} g CO₂e/kWh`;
      default: return formatCount(v);
    }
  }
  return String(v);
}

function originText(input: Sourced<unknown>, locate: HoverInput['locate']): string {
  const where = input.range ?? input.keyRange;
  const loc = where && locate ? locate(where) : undefined;
  const note = input.note ? `: ${input.note}` : '';
  switch (input.origin) {
    case 'file':
      return `file${loc ? `, ${loc}` : ''}${note}`;
    case 'setting':
      return `setting${note}`;
    case 'default':
      return `default${note}`;
    case 'inferred':
      return `inferred${loc ? ` (${loc})` : ''}${note}`;
  }
}

/** Operational CO₂e in words: the range, the energy, the duration (and the period for inference). */
function summary(est: Estimate, settings: EstimateSettings): string[] {
  const unbounded = unboundedSweepNote(est);
  const flag = unbounded ? [`⚠ ${esc(unbounded[0].toUpperCase() + unbounded.slice(1))}`] : [];
  if (est.missing.length) {
    return [`**Needs** ${esc(est.missing.join('; '))}`, 'No estimate until the file (or a setting) states it.', ...flag];
  }
  const period = est.phase === 'inference' ? ` ${esc(horizonLabel(est, settings))}` : '';
  const h = est.hours;
  const hours = Math.abs(h.high - h.low) < 1e-9 ? formatHours(h.mid) : `${formatHours(h.low)}–${formatHours(h.high)}`;
  const region = regionName(est);
  const grid = region === WORLD_GRID ? 'world average grid' : `grid: ${esc(region)}`;
  const out = [`**${esc(formatCo2e(est.co2eKg))}**${period} · ${esc(formatEnergy(est.energyKwh.mid))} · ${esc(hours)} ${est.phase === 'inference' ? 'of serving' : 'wall-clock'} · ${grid}`];
  const parts = est.breakdown.filter((b) => b.id !== 'embodied');
  if (parts.length > 1) out.push(parts.map((b) => `${esc(b.label)}: ${esc(formatMass(b.co2eKg.mid))}`).join(' · '));
  if (est.embodiedKg > 0) out.push(`Embodied (hardware manufacturing, amortised): ${esc(formatMass(est.embodiedKg))}, not in the total above`);
  return [...out, ...flag];
}

function equivalenceLines(kg: number, ids: readonly string[], unit: HoverInput['distanceUnit']): { main: EquivalenceLine[]; more: EquivalenceLine[] } {
  // Distances follow carbonLens.units.distance: the car comparison swaps to its per-mile row.
  const swap = (l: EquivalenceLine): EquivalenceLine => {
    if (unit !== 'miles' || l.id !== 'km_car') return l;
    const miles = findEquivalence('mile_car');
    return miles ? describe(miles, kg) : l;
  };
  const hidden = unit === 'miles' ? 'km_car' : 'mile_car';
  const main = equivalencesFor(kg, ids, 3).map(swap);
  const shown = new Set(main.map((l) => l.id));
  const more = allEquivalencesFor(kg).filter((l) => !shown.has(l.id) && l.id !== hidden);
  return { main, more };
}

function equivalenceSection(est: Estimate, input: HoverInput): string[] {
  if (est.missing.length || est.co2eKg.mid <= 0) return [];
  const { main, more } = equivalenceLines(est.co2eKg.mid, input.equivalenceIds, input.distanceUnit);
  const out: string[] = [];
  if (main.length) {
    out.push(`#### Equivalent to (${esc(formatMass(est.co2eKg.mid))} CO₂e)`);
    out.push(main.map((l) => `- ${esc(l.text)} (${esc(sourceYear(l.source, l.year))})`).join('\n'));
  }
  if (more.length) {
    out.push('##### More comparisons');
    out.push(more.map((l) => `${esc(l.text)} (${esc(sourceYear(l.source, l.year))})`).join(' · '));
  }
  return out;
}

/** Inputs in the order people read a run: what, on what, how long, where. */
const INPUT_ORDER: readonly FieldName[] = [
  'model', 'params', 'activeParams', 'hardware', 'count', 'nodes', 'replicas', 'precision', 'quantization', 'adapter', 'loraRank',
  'tokens', 'steps', 'epochs', 'datasetTokens', 'datasetSamples', 'batchSize', 'perDeviceBatch', 'gradAccum', 'seqLen', 'hours',
  'trials', 'queriesPerDay', 'tokensPerQuery', 'inputTokensPerQuery', 'horizonDays', 'maxBatch', 'mfu', 'utilization', 'region', 'intensity', 'pue',
];

function assumptionSection(est: Estimate, locate: HoverInput['locate']): string[] {
  const inputs = INPUT_ORDER.flatMap((f) => {
    const input = est.inputs[f] as Sourced<unknown> | undefined;
    return input ? [`- ${fieldLabel(f, est.phase)}: ${esc(valueText(f, input))} (${esc(originText(input, locate))})`] : [];
  });
  const sentences = est.assumptions.slice(0, 20).map((a) => `- ${esc(a)}`);
  const out = ['#### Assumptions'];
  if (inputs.length) out.push(inputs.join('\n'));
  if (sentences.length) out.push(sentences.join('\n'));
  return out;
}

function fieldSection(input: HoverInput, ctx: WhatIfContext): string[] {
  const field = input.field;
  if (!field) return [];
  const resolved = (input.estimate.inputs[field] ?? input.run.inputs[field]) as Sourced<unknown> | undefined;
  if (!resolved) return [];
  const head = `**${fieldLabel(field, input.estimate.phase)}** ${esc(valueText(field, resolved))} (${esc(originText(resolved, input.locate))})`;
  const effect = input.estimate.missing.length ? undefined : fieldEffect(ctx, field);
  return effect ? [head, `What it contributes: ${esc(effect)}`] : [head];
}

/** A finished run's record beside the estimate: measured first, it is what happened. */
function measuredSection(c: MeasuredComparison | undefined): string[] {
  if (!c) return [];
  const cal = calibrationSentence(c);
  return [
    `#### Measured (${esc(c.record.file, 120)})`,
    measuredLines(c).map((l) => `- ${esc(l.label)}: ${esc(l.value)}`).join('\n'),
    ...(cal ? [`${esc(cal)} Use it from the estimate panel.`] : []),
  ];
}

// ──── The hover ────

export function buildHoverMarkdown(input: HoverInput): string {
  const { estimate: est, run } = input;
  const ctx: WhatIfContext = { run, estimate: est, settings: input.settings, fileTotalKg: input.fileTotalKg };
  const blocks: string[] = [];
  blocks.push(`**Carbon Lens** · ${est.phase} · ${esc(est.name, 80)}`);
  blocks.push(...fieldSection(input, ctx));
  blocks.push(...summary(est, input.settings));
  if (input.budgetPerRunKg !== undefined && !est.missing.length && est.co2eKg.mid > input.budgetPerRunKg) {
    blocks.push(`⚠ Over the per-run budget: ${esc(budgetVersus(est.co2eKg.mid, input.budgetPerRunKg) ?? '')}`);
  }
  for (const w of est.warnings.slice(0, 5)) blocks.push(`⚠ ${esc(w)}`);
  blocks.push(...measuredSection(input.measured));
  const life = est.lifecycle && lifecycleSentence(est.lifecycle);
  if (life) blocks.push(esc(life));
  blocks.push(...equivalenceSection(est, input));
  blocks.push(...assumptionSection(est, input.locate));
  blocks.push('---');
  blocks.push([
    commandLink('Open estimate panel', CommandId.openPanel, [{ uri: input.uri, runIndex: input.runIndex }]),
    commandLink('Set default region', CommandId.setDefaultRegion),
    commandLink('Set default hardware', CommandId.setDefaultHardware),
  ].join(' · '));
  return blocks.join('\n\n');
}
