// The `co2_eq_emissions` block of a Hugging Face model card that tells the truth about where its
// number comes from: a finished run's measurement when one was found beside the config (CodeCarbon's
// emissions.csv, or the Trainer's trainer_state.json for the time), the estimate made from the
// config otherwise (or on request). The final run is kept apart from development runs (a sweep's
// other trials, the development-overhead multiplier) where the file says so.
//
// Keys: the Hub's documented ones (emissions in grams, source, training_type, geographical_location,
// hardware_used; hub-docs "Displaying carbon emissions for your model", 2022) plus the ones
// sentence-transformers writes from CodeCarbon (energy_consumed in kWh, on_cloud, hours_used;
// sentence_transformers/model_card.py, get_codecarbon_data, 2024). It also writes cpu_model and
// ram_total_size, which Carbon Lens's record reader does not keep, so they are left out rather than guessed.
import { parse, stringify } from 'yaml';
import { findAccelerator, findRegion } from '../core/catalog';
import type { MeasuredRecord } from '../core/calibration';
import type { Estimate } from '../core/runSpec';
import { reportableTraining } from './exports';
import type { FileResult } from './fileResult';
import { recordTarget } from './measured';

export interface CardOptions {
  /** Carbon Lens version, named in `source`. */
  version: string;
  /** `measured` (default): a record's values when there is one. `estimate`: always the estimate. */
  prefer?: 'measured' | 'estimate';
  /** The config's file name, named in `source` so a later export can tell its own block from another run's. */
  configName?: string;
  trainingType?: 'pre-training' | 'fine-tuning';
  geographicalLocation?: string;
  hardwareUsed?: string;
}

export interface CardBlock {
  /** The YAML text: one top-level `co2_eq_emissions` entry. */
  text: string;
  /** What `emissions` rests on. */
  basis: 'codecarbon' | 'trainer-time' | 'estimate';
}

/** Grams, three significant digits: more would claim a precision neither a meter nor an estimate has. */
function grams(kg: number): number {
  const g = kg * 1000;
  return g >= 1 ? +g.toPrecision(3) : +g.toPrecision(2);
}
const sig3 = (n: number) => +n.toPrecision(3);
const kgText = (kg: number) => `${+kg.toPrecision(2)} kg`;

function hardwareOf(e: Estimate): string | undefined {
  const hw = e.inputs.hardware?.value;
  if (!hw) return undefined;
  return `${e.inputs.count?.value ?? 1} x ${findAccelerator(hw)?.name ?? hw}`;
}

function placeOf(e: Estimate): { text: string; cloud?: boolean } {
  const id = e.inputs.region?.value;
  if (!id) return { text: 'unknown (world-average grid assumed)' };
  const m = findRegion(id);
  if (!m) return { text: id };
  return m.kind === 'cloud' ? { text: `${m.region.location} (${m.region.id})`, cloud: true } : { text: m.country.name, cloud: false };
}

/** A model that names a base model or trains an adapter is fine-tuned; otherwise the reading that does not understate. */
function trainingTypeOf(runs: readonly Estimate[]): 'pre-training' | 'fine-tuning' {
  return runs.every((e) => e.inputs.adapter || e.inputs.model?.origin === 'file') ? 'fine-tuning' : 'pre-training';
}

/** One run's own part (the final run) and the development part the file describes (other trials, overhead). */
function split(e: Estimate): { finalKg: number; finalKwh: number; devKg: number; trials: number; overhead: boolean } {
  const one = e.breakdown.find((b) => b.id === 'run');
  const dev = e.breakdown.filter((b) => b.id === 'trials' || b.id === 'overhead');
  return {
    finalKg: one ? one.co2eKg.mid : e.co2eKg.mid,
    finalKwh: one ? one.energyKwh.mid : e.energyKwh.mid,
    devKg: dev.reduce((s, b) => s + b.co2eKg.mid, 0),
    trials: e.inputs.trials?.value ?? 1,
    overhead: dev.some((b) => b.id === 'overhead'),
  };
}

const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

export function modelCard(result: FileResult, o: CardOptions): CardBlock | undefined {
  const runs = reportableTraining(result.estimates);
  if (runs.length === 0) return undefined;
  const forConfig = o.configName ? ` for ${o.configName}` : '';
  const target = recordTarget(result);
  const rec: MeasuredRecord | undefined = o.prefer !== 'estimate' && target !== undefined && runs.includes(result.estimates[target]) ? result.measured : undefined;

  if (rec && rec.co2eKg !== undefined) return measuredBlock(result.estimates[target!], rec, o, forConfig);

  const parts = runs.map(split);
  const finalKg = parts.reduce((s, p) => s + p.finalKg, 0);
  const finalKwh = parts.reduce((s, p) => s + p.finalKwh, 0);
  const devKg = parts.reduce((s, p) => s + p.devKg, 0);
  const low = runs.reduce((s, e) => s + (e.breakdown.find((b) => b.id === 'run')?.co2eKg.low ?? e.co2eKg.low), 0);
  const high = runs.reduce((s, e) => s + (e.breakdown.find((b) => b.id === 'run')?.co2eKg.high ?? e.co2eKg.high), 0);
  const sweeps = parts.filter((p) => p.trials > 1);
  const devNote = devKg > 0
    ? `; final run only: the development runs the file describes (${[...(sweeps.length ? [`${sweeps.map((p) => p.trials - 1).reduce((a, b) => a + b, 0)} more sweep trial(s)`] : []), ...(parts.some((p) => p.overhead) ? ['development overhead'] : [])].join(', ')}) add ${kgText(devKg)} more`
    : '';
  const places = runs.map(placeOf);

  // Trainer state: the training time was measured, the power was not. The estimate's energy for one
  // run scales with its duration (power × time), so the measured time replaces the estimated one.
  let emissionsKg = finalKg;
  let energyKwh = finalKwh;
  let hours = runs.length === 1 ? runs[0].hours.mid : undefined;
  let basis: CardBlock['basis'] = 'estimate';
  let source = `Carbon Lens estimate${forConfig} (v${o.version}, made before the run from its config; operational only; range ${kgText(low)}-${kgText(high)}${devNote})`;
  if (rec?.seconds !== undefined && runs.length === 1 && runs[0].hours.mid > 0) {
    const f = rec.seconds / 3600 / runs[0].hours.mid;
    emissionsKg *= f;
    energyKwh *= f;
    hours = rec.seconds / 3600;
    basis = 'trainer-time';
    source = `Carbon Lens estimate${forConfig} (v${o.version}) with the training time measured by the Hugging Face Trainer (${rec.file}); power and grid intensity estimated; operational only${devNote}`;
  }
  const block: Record<string, unknown> = {
    emissions: grams(emissionsKg),
    energy_consumed: sig3(energyKwh),
    source,
    training_type: o.trainingType ?? trainingTypeOf(runs),
    geographical_location: o.geographicalLocation ?? distinct(places.map((p) => p.text)).join('; '),
    hardware_used: o.hardwareUsed ?? (distinct(runs.map(hardwareOf)).join('; ') || 'unknown'),
  };
  if (places.every((p) => p.cloud !== undefined) && new Set(places.map((p) => p.cloud)).size === 1) block.on_cloud = places[0].cloud;
  if (hours !== undefined) block.hours_used = sig3(hours);
  return { text: stringify({ co2_eq_emissions: block }, { lineWidth: 0 }), basis };
}

function measuredBlock(e: Estimate, rec: MeasuredRecord, o: CardOptions, forConfig: string): CardBlock {
  const rows = rec.rows && rec.rows > 1 ? `, the last of ${rec.rows} runs logged there; the ${rec.rows - 1} earlier (development or failed) runs are not included` : '';
  const est = e.breakdown.find((b) => b.id === 'run')?.co2eKg ?? e.co2eKg;
  const block: Record<string, unknown> = {
    emissions: grams(rec.co2eKg!),
    ...(rec.energyKwh !== undefined ? { energy_consumed: sig3(rec.energyKwh) } : {}),
    source: `codecarbon: measured during the run (${rec.file}${rows}), exported by Carbon Lens v${o.version}${forConfig}; the estimate before the run was ${kgText(est.mid)} (${kgText(est.low)}-${kgText(est.high)})`,
    training_type: o.trainingType ?? trainingTypeOf([e]),
    geographical_location: o.geographicalLocation ?? rec.location ?? placeOf(e).text,
    hardware_used: o.hardwareUsed ?? (rec.gpuModel ? `${rec.gpuCount ?? 1} x ${rec.gpuModel}` : hardwareOf(e) ?? 'unknown'),
  };
  // CodeCarbon writes `cloud_provider:cloud_region` when on a cloud (see measuredRecords' location).
  if (rec.location) block.on_cloud = rec.location.includes(':');
  if (rec.seconds !== undefined) block.hours_used = sig3(rec.seconds / 3600);
  return { text: stringify({ co2_eq_emissions: block }, { lineWidth: 0 }), basis: 'codecarbon' };
}

// ──── README front matter: whose block is there ────

/** The `source` of the `co2_eq_emissions` block already in a README's front matter, if there is one. */
export function existingCardSource(readme: string): { source: string } | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(readme.replace(/^\uFEFF/, ''));
  if (!m || !/^co2_eq_emissions\s*:/m.test(m[1])) return undefined;
  try {
    const front = parse(m[1], { maxAliasCount: 0 }) as { co2_eq_emissions?: { source?: unknown } } | null;
    const source = front?.co2_eq_emissions?.source;
    return { source: typeof source === 'string' ? source : '' };
  } catch {
    return { source: '' }; // unreadable front matter: whose block it is cannot be told, so ask
  }
}

/**
 * True when replacing the README's block would overwrite another run's numbers: a block that is not
 * Carbon Lens's export for this same config file (a CodeCarbon block written by a training script,
 * a number from a paper, another config's export). The export then asks first.
 */
export function replacesAnotherRun(readme: string, configName: string): boolean {
  const hit = existingCardSource(readme);
  if (!hit) return false;
  const ours = /Carbon Lens/.test(hit.source) && [` for ${configName} `, ` for ${configName};`].some((x) => hit.source.includes(x));
  return !ours;
}
