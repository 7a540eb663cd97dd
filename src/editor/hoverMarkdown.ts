// The hover's markdown, built as a plain string so it can be tested in node (no `vscode` here).
// A hover is read in passing: about ten lines at most (issue #16) — the commands first, the run's
// range and energy, what the hovered key contributes in that key's own terms, one or two
// equivalences on the stated basis, and the assumption that matters most. Everything else (the
// full list of inputs, every assumption, every comparison) lives in the panel.
// Hover markdown is trusted for our own command links, so every piece of text that may come from a
// file (names, values, notes, assumptions quoting a model id) goes through `escapeMarkdown`: a file
// must never be able to add a link, an image or formatting to the hover.
import { CommandId } from '../constants';
import { findAccelerator } from '../core/catalog';
import { formatSignificant } from '../core/format';
import type { FieldName, RunSpec, SourceRange, Sourced, Estimate } from '../core/runSpec';
import type { EstimateSettings } from '../core/settings';
import { fieldLabel } from '../core/fieldLabels';
import type { MeasuredComparison } from '../core/calibration';
import { calibrationSentence, lifecycleSentence, measuredLines } from '../core/lifecycleText';
import { budgetVersus } from '../engine/budgetRules';
import { presentEstimate, type DominantAssumption } from '../core/present/estimateText';
import { formatInputValue } from '../core/present/numbers';
import { cite, prose } from '../core/present/text';
import { ceilingText } from '../core/present/ceilingText';
import { needsModel } from './lensPlan';
import { fieldEffect, halveDouble, horizonLabel, regionName, unboundedSweepNote, WORLD_GRID, type WhatIfContext } from './lensText';

/** VS Code's own command that opens the Settings UI at one setting (argument: the setting id). */
export const OPEN_SETTINGS = 'workbench.action.openSettings';

/**
 * The only commands a hover may run (the MarkdownString's `isTrusted.enabledCommands`). Opening the
 * Settings UI at a setting is harmless (it changes nothing) and is how "set dataset size" works.
 */
export const HOVER_COMMANDS: readonly string[] = [CommandId.openPanel, CommandId.setDefaultRegion, CommandId.setDefaultHardware, CommandId.pickModel, OPEN_SETTINGS];

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

function originText(input: Sourced<unknown>, locate: HoverInput['locate']): string {
  const where = input.range ?? input.keyRange;
  const loc = where && locate ? locate(where) : undefined;
  // A derived or assumed value says from what, briefly: that is the part a reader may want to fix.
  const note = input.note && input.origin !== 'file' ? ` ${prose(input.note).slice(0, 80)}` : '';
  switch (input.origin) {
    case 'file': return loc ? `file, ${loc}` : 'file';
    case 'setting': return `setting${note}`;
    case 'default': return `assumed${note ? `:${note}` : ''}`;
    case 'inferred': return `derived${note}${loc && !/\b(line|cell) \d/.test(note) ? `, ${loc}` : ''}`;
  }
}

function valueText(field: FieldName, input: Sourced<unknown>): string {
  const v = input.value;
  if (field === 'hardware' && typeof v === 'string') return findAccelerator(v)?.name ?? v;
  if (field === 'region' && typeof v === 'string') return v;
  return formatInputValue(field, v);
}

/** The run in one line: range, energy, duration, grid (and the period for serving). */
function summaryLine(est: Estimate, settings: EstimateSettings): string {
  if (est.missing.length) {
    const ceiling = ceilingText(est);
    return `${ceiling ? `${esc(ceiling[0].toUpperCase() + ceiling.slice(1))}, a ceiling and not an estimate. ` : ''}Needs ${esc(est.missing.join('; '))}: no estimate until the file (or a setting) states it`;
  }
  const p = presentEstimate(est);
  const period = est.phase === 'inference' ? ` ${esc(horizonLabel(est, settings))}` : '';
  const region = regionName(est);
  const grid = region === WORLD_GRID ? 'world average grid' : `grid: ${esc(region)}`;
  return `**${esc(p.co2e)}**${period} · ${esc(p.energy)} · ${esc(p.duration)} · ${grid}`;
}

const BATCH_FIELDS: readonly FieldName[] = ['batchSize', 'perDeviceBatch', 'gradAccum'];

/** What the hovered key contributes, in that key's own terms. */
function contribution(ctx: WhatIfContext, field: FieldName): string | undefined {
  const est = ctx.estimate;
  if (field === 'hardware') {
    const acc = findAccelerator(est.inputs.hardware?.value ?? '');
    if (!acc) return undefined;
    const precision = est.inputs.precision?.value;
    const key = precision === 'fp8' || precision === 'int8' || precision === 'fp16' || precision === 'fp32' || precision === 'tf32' ? precision : 'bf16';
    const tflops = acc.tflops[key] ?? acc.tflops.bf16 ?? acc.tflops.fp16;
    const speed = tflops ? `, ${formatSignificant(tflops, 3)} TFLOP/s ${key}` : '';
    return `${acc.tdpW} W${acc.tdpEstimated ? ' (estimated)' : ''}${speed}: power sets the draw, speed the hours (${cite(acc.source, acc.year)})`;
  }
  if (BATCH_FIELDS.includes(field)) {
    const hd = halveDouble(ctx, field);
    if (!hd || hd === 'no effect on this estimate') return 'does not change energy at equal MFU: the same tokens take the same FLOPs';
    return `${hd} (the tokens follow steps × batch)`;
  }
  return fieldEffect(ctx, field);
}

function fieldLine(input: HoverInput, ctx: WhatIfContext): string | undefined {
  const field = input.field;
  if (!field) return undefined;
  const resolved = (input.estimate.inputs[field] ?? input.run.inputs[field]) as Sourced<unknown> | undefined;
  if (!resolved) return undefined;
  const head = `**${fieldLabel(field, input.estimate.phase)}** ${esc(valueText(field, resolved))} (${esc(originText(resolved, input.locate))})`;
  const effect = input.estimate.missing.length ? undefined : contribution(ctx, field);
  return effect ? `${head}: ${esc(prose(effect))}` : head;
}

/** One or two equivalences with their sources, and the basis they are computed on. */
function equivalenceLine(est: Estimate, input: HoverInput): string | undefined {
  if (est.missing.length) return undefined;
  const p = presentEstimate(est, { ids: input.equivalenceIds, distanceUnit: input.distanceUnit, limit: 2 });
  const lines = p.equivalences.slice(0, 2);
  if (!lines.length) return undefined;
  return `≈ ${lines.map((l) => `${esc(l.text)} (${esc(l.source)})`).join(' · ')} — ${esc(p.equivalenceHead.replace(/ is about$/, ''))}`;
}

function dominantLine(d: DominantAssumption | undefined): string | undefined {
  return d ? `⚠ ${esc(d.text[0].toUpperCase() + d.text.slice(1))}` : undefined;
}

/** A finished run's record beside the estimate, in one line. */
function measuredLine(c: MeasuredComparison | undefined): string | undefined {
  if (!c) return undefined;
  const cal = calibrationSentence(c);
  return `Measured (${esc(c.record.file, 80)}): ${measuredLines(c).slice(0, 2).map((l) => `${esc(l.label)}: ${esc(l.value)}`).join(' · ')}${cal ? ` — ${esc(cal)}` : ''}`;
}

/** The links at the top: the panel, the setting behind the dominant assumption, the region. */
function linksLine(input: HoverInput, dominant: DominantAssumption | undefined): string {
  const links = [commandLink('Open panel', CommandId.openPanel, [{ uri: input.uri, runIndex: input.runIndex }])];
  if (needsModel(input.estimate)) links.push(commandLink('Pick the model', CommandId.pickModel, [{ uri: input.uri, runIndex: input.runIndex }]));
  if (dominant?.field === 'datasetSamples' || dominant?.field === 'datasetTokens') links.push(commandLink('Set dataset size', OPEN_SETTINGS, ['carbonLens.datasetSamples']));
  if (dominant?.field === 'hardware') links.push(commandLink('Set hardware', CommandId.setDefaultHardware));
  links.push(commandLink('Set region', CommandId.setDefaultRegion));
  return `**Carbon Lens** · ${links.join(' · ')}`;
}

// ──── The hover ────

/** At most this many blocks (each one line in the hover): the issue's "about ten lines". */
export const MAX_HOVER_LINES = 8;

export function buildHoverMarkdown(input: HoverInput): string {
  const { estimate: est, run } = input;
  const ctx: WhatIfContext = { run, estimate: est, settings: input.settings, fileTotalKg: input.fileTotalKg };
  const dominant = presentEstimate(est).dominant;
  const unbounded = unboundedSweepNote(est);
  const over = input.budgetPerRunKg !== undefined && !est.missing.length && est.co2eKg.mid > input.budgetPerRunKg
    ? `⚠ Over the per-run budget: ${esc(budgetVersus(est.co2eKg.mid, input.budgetPerRunKg) ?? '')}` : undefined;
  const life = est.lifecycle && lifecycleSentence(est.lifecycle);
  const blocks = [
    linksLine(input, dominant),
    summaryLine(est, input.settings),
    fieldLine(input, ctx),
    equivalenceLine(est, input),
    // A sweep without a bound rests on a guessed trial count: that is the assumption to fix first.
    unbounded ? `⚠ ${esc(unbounded[0].toUpperCase() + unbounded.slice(1))}` : dominantLine(dominant),
    over,
    est.warnings[0] ? `⚠ ${esc(prose(est.warnings[0]))}${est.warnings.length > 1 ? ` (+${est.warnings.length - 1} more in the panel)` : ''}` : undefined,
    measuredLine(input.measured),
    life ? esc(life) : undefined,
  ].filter((b): b is string => !!b);
  return blocks.slice(0, MAX_HOVER_LINES).join('\n\n');
}
