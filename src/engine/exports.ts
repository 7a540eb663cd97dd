// What a user takes away from an estimate: a Hugging Face model-card block, a Markdown report, the
// JSON report. Pure (no `vscode`, no I/O): the export command decides where the text goes.
import { stringify } from 'yaml';
import { findAccelerator, findRegion } from '../core/catalog';
import { formatCo2e, formatEnergy, formatHours, formatMass } from '../core/format';
import type { Estimate } from '../core/runSpec';
import type { FileResult } from './evaluate';
import { durationText, formulaText } from '../core/present/estimateText';
import { suggestionSaving, suggestionTitle } from '../core/present/suggestionText';
import { prose } from '../core/present/text';
import { ceilingText } from '../core/present/ceilingText';
import { toJsonReport, type JsonReport } from './jsonReport';

/** Caveats are sentences, some without a final stop: each ends with one, so the list reads "A. B.", not "A.; B". */
const sentence = (t: string): string => (/[.!?…]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`);

export interface ModelCardMeta {
  /** Carbon Lens version, named in `source` so a reader knows which method produced the number. */
  version: string;
  /** Overrides the guess made from the estimates. */
  trainingType?: 'pre-training' | 'fine-tuning';
  geographicalLocation?: string;
  hardwareUsed?: string;
}

/** Runs a model card can report: training runs whose numbers are known (inference is not in the card's schema). */
export function reportableTraining(estimates: readonly Estimate[]): Estimate[] {
  return estimates.filter((e) => e.phase === 'training' && e.missing.length === 0 && e.co2eKg.mid > 0);
}

/** Three significant digits: the range behind the number is far wider than the digits dropped. */
function grams(kg: number): number {
  const g = kg * 1000;
  return g >= 1 ? +g.toPrecision(3) : +g.toPrecision(2);
}

function shortRange(kgLow: number, kgHigh: number): string {
  return `${+kgLow.toPrecision(2)}-${+kgHigh.toPrecision(2)} kg CO2e`;
}

function hardwareOf(e: Estimate): string | undefined {
  const hw = e.inputs.hardware?.value;
  if (!hw) return undefined;
  const name = findAccelerator(hw)?.name ?? hw;
  const count = e.inputs.count?.value ?? 1;
  return `${count} x ${name}`;
}

function locationOf(e: Estimate): string {
  const id = e.inputs.region?.value;
  if (!id) return 'unknown (world-average grid assumed)';
  const m = findRegion(id);
  if (!m) return id;
  return m.kind === 'cloud' ? `${m.region.location} (${m.region.id})` : m.country.name;
}

/**
 * A model that names a base model, or trains an adapter, is fine-tuned; without either we cannot
 * tell, and from-scratch training is the reading that does not understate the cost.
 */
function trainingTypeOf(estimates: readonly Estimate[]): 'pre-training' | 'fine-tuning' {
  return estimates.every((e) => e.inputs.adapter || e.inputs.model?.origin === 'file') ? 'fine-tuning' : 'pre-training';
}

const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * The `co2_eq_emissions` block of a Hugging Face model card (hub-docs model-cards-co2.md), emissions
 * in GRAMS, summed over the file's training runs. Undefined when no training run has a known estimate.
 * Embodied carbon is left out: the card's field is the operational emissions of training.
 */
export function modelCardBlock(estimates: readonly Estimate[], meta: ModelCardMeta): string | undefined {
  const runs = reportableTraining(estimates);
  if (runs.length === 0) return undefined;
  const sum = (k: 'low' | 'mid' | 'high') => runs.reduce((t, e) => t + e.co2eKg[k], 0);
  const block = {
    co2_eq_emissions: {
      emissions: grams(sum('mid')),
      source: `Carbon Lens estimate (v${meta.version}, made before the run from its config; operational only; range ${shortRange(sum('low'), sum('high'))})`,
      training_type: meta.trainingType ?? trainingTypeOf(runs),
      geographical_location: meta.geographicalLocation ?? distinct(runs.map(locationOf)).join('; '),
      hardware_used: meta.hardwareUsed ?? (distinct(runs.map(hardwareOf)).join('; ') || 'unknown'),
    },
  };
  return stringify(block, { lineWidth: 0 });
}

// ──── README front matter ────

export interface TextReplacement {
  /** Character offsets in the original text. */
  start: number;
  end: number;
  newText: string;
}

/**
 * Puts `block` (a top-level YAML mapping entry) into the front matter of a README: replaces an
 * existing `co2_eq_emissions` entry, appends to existing front matter, or creates front matter.
 */
export function upsertFrontMatter(readme: string, block: string): TextReplacement {
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const body = block.replace(/\r?\n/g, eol).replace(new RegExp(`(${eol})+$`), '') + eol;
  const bom = readme.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = splitLines(readme, bom);
  if (lines[0]?.text !== '---') {
    return { start: bom, end: bom, newText: `---${eol}${body}---${eol}${readme.length > bom ? eol : ''}` };
  }
  const close = lines.findIndex((l, i) => i > 0 && (l.text === '---' || l.text === '...'));
  if (close < 0) {
    // An unterminated front matter is the author's to fix; a new block above it is the safe edit.
    return { start: bom, end: bom, newText: `---${eol}${body}---${eol}${eol}` };
  }
  const existing = lines.findIndex((l, i) => i > 0 && i < close && /^co2_eq_emissions\s*:/.test(l.text));
  if (existing < 0) return { start: lines[close].start, end: lines[close].start, newText: body };
  let end = existing + 1;
  while (end < close && (/^\s/.test(lines[end].text) || lines[end].text === '')) end++;
  return { start: lines[existing].start, end: lines[end].start, newText: body };
}

function splitLines(text: string, from: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = from;
  const re = /\r?\n/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), start });
  return out;
}

// ──── Markdown report ────

export interface ReportMeta {
  version: string;
  /** ISO date-time the report was made; omitted from the text when absent (stable output for tests). */
  generatedAt?: string;
  title?: string;
}

// Every line break CommonMark or a browser honours (a lone \r ends a table row too), so a run name
// cannot end its table row and start a paragraph of its own (audit 2026-12, L5).
const MD_LINE_BREAKS = /[\r\n\u2028\u2029\u0085]+/g;
// Other C0/C1 controls and the bidi marks, overrides and isolates: dropped, as in the panel.
// eslint-disable-next-line no-control-regex
const MD_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * File text (run names, paths, messages) must not become Markdown structure, HTML or a link. Links
 * are broken with a backslash escape that renders as nothing: `https\://`, `www\.`, `a\@b`, and the
 * dot of a bare domain that carries a path (`evil\.com/login`), which linkifying renderers (GitHub,
 * markdown-it) would otherwise turn into a link made of file text.
 */
export function mdText(s: string): string {
  return s
    .replace(MD_LINE_BREAKS, ' ')
    .replace(MD_UNSAFE, '')
    .replace(/\t/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\b([a-z][a-z0-9+.-]{0,31}):(?=\/\/|\\)/gi, '$1\\:')
    .replace(/\b(mailto|xmpp):/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@')
    .replace(/([a-z0-9-])\.([a-z]{2,63})(?=[/:?#])/gi, '$1\\.$2');
}

function hardwareCell(e: Estimate): string {
  return hardwareOf(e)?.replace(' x ', '× ') ?? '—';
}

export function markdownReport(files: readonly FileResult[], meta: ReportMeta): string {
  const json = toJsonReport([...files], meta.version);
  const out: string[] = [`# ${mdText(meta.title ?? 'Carbon Lens report')}`, ''];
  out.push(
    `Estimated before the runs by Carbon Lens ${mdText(meta.version)}${meta.generatedAt ? ` on ${mdText(meta.generatedAt)}` : ''}. ` +
      'Every figure is a range (low–high) around a mid value; embodied carbon is shown separately and not included in CO₂e.',
    '',
  );
  const known = files.flatMap((f) => f.estimates.filter((e) => e.missing.length === 0).map((e) => ({ f, e })));
  if (known.length) {
    out.push('| File | Run | Hardware | Duration | Energy | CO₂e | Embodied |', '|---|---|---|---|---|---|---|');
    for (const { f, e } of known) {
      out.push(`| ${mdText(f.path)} | ${mdText(e.name)} | ${mdText(hardwareCell(e))} | ${e.phase === 'inference' ? durationText(e) : formatHours(e.hours.mid)} | ${formatEnergy(e.energyKwh.mid)} | ${formatCo2e(e.co2eKg)} | ${formatMass(e.embodiedKg)} |`);
    }
    const t = json.totals;
    out.push('', `**Total:** ${formatCo2e(t.co2eKg)} operational, ${formatEnergy(t.energyKwh.mid)}, plus ${formatMass(t.embodiedKg)} embodied, over ${t.runs} run${t.runs === 1 ? '' : 's'}.`, '');
  } else {
    out.push('_No run with a complete estimate._', '');
  }

  for (const { f, e } of known) {
    out.push(`## ${mdText(e.name)} (${mdText(f.path)})`, '');
    out.push(`- Formula: ${mdText(formulaText(e))}`);
    for (const a of e.assumptions) out.push(`- ${mdText(prose(a))}`);
    for (const w of e.warnings) out.push(`- ⚠ ${mdText(prose(w))}`);
    const fixes = e.suggestions;
    if (fixes.length) {
      out.push('', '**What-ifs**', '');
      for (const s of fixes) out.push(`- ${mdText(prose(suggestionTitle(s)))}${s.info ? '.' : ` (${suggestionSaving(e, s)} CO₂e): ${formatMass(s.co2eKg)} CO₂e.`} ${mdText(prose(s.explanation))}${s.caveats.length ? ` _Caveats:_ ${s.caveats.map((c) => mdText(sentence(prose(c)))).join(' ')}` : ''}`);
    }
    out.push('');
  }

  const incomplete = files.flatMap((f) => [
    ...(f.error ? [`- ${mdText(f.path)}: ${mdText(f.error)}`] : []),
    ...f.estimates.filter((e) => e.missing.length).map((e) => `- ${mdText(f.path)} — ${mdText(e.name)}: needs ${e.missing.map(mdText).join(', ')}${ceilingText(e) ? ` (${mdText(ceilingText(e)!)}, a ceiling, not an estimate)` : ''}`),
  ]);
  if (incomplete.length) out.push('## Not estimated', '', ...incomplete, '');
  return out.join('\n');
}

/** The CLI's JSON contract, so an exported report and `carbon-lens estimate --json` read the same. */
export function jsonReport(files: readonly FileResult[], version: string): JsonReport {
  return toJsonReport([...files], version);
}
