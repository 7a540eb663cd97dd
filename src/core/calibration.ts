// Measured beside estimated: a finished run's record (CodeCarbon energy and CO₂e, or the Trainer's
// runtime) against the estimate for the config that produced it, and the utilisation that would
// have matched — offered as a calibration for later estimates, never applied silently.
import { findAccelerator } from './catalog';
import type { Estimate } from './runSpec';

/** What a record measured. Units: seconds, kWh, kg CO₂e. */
export interface MeasuredRecord {
  /** File the values came from, relative to the config (shown to the user). */
  file: string;
  tool: 'codecarbon' | 'hf-trainer';
  seconds?: number;
  energyKwh?: number;
  /** Accelerator energy alone (CodeCarbon's gpu_energy), kWh. */
  gpuEnergyKwh?: number;
  co2eKg?: number;
  gpuCount?: number;
  gpuModel?: string;
  /** Where CodeCarbon located the run (country or cloud region). */
  location?: string;
  /** FLOPs counted by the Trainer (`total_flos`). */
  flops?: number;
  /** Time of the record, as written. */
  timestamp?: string;
  /** Rows in the file (CodeCarbon appends one per run; the last is used). */
  rows?: number;
}

/** Inputs the FLOPs come from: a calibration resting on a default would only calibrate the default. */
const FLOP_INPUTS = ['tokens', 'datasetSamples', 'datasetTokens', 'seqLen', 'perDeviceBatch', 'batchSize', 'steps', 'epochs', 'params', 'activeParams'] as const;

export interface ComparisonRow {
  what: 'hours' | 'energy' | 'co2e';
  measured: number;
  /** Estimate for one run (one trial): low / mid / high. */
  low: number;
  mid: number;
  high: number;
  /** measured / estimated mid. */
  ratio: number;
  within: boolean;
}

export interface MeasuredComparison {
  record: MeasuredRecord;
  rows: ComparisonRow[];
  /** The MFU at which the FLOPs estimate would have taken the measured time (FLOPs-based runs). */
  effectiveMfu?: number;
  /** Accelerator draw as a share of TDP implied by CodeCarbon's GPU energy. */
  effectivePowerShare?: number;
  notes: string[];
}

function row(what: ComparisonRow['what'], measured: number, est: Estimate['hours']): ComparisonRow {
  return { what, measured, low: est.low, mid: est.mid, high: est.high, ratio: est.mid > 0 ? measured / est.mid : NaN, within: measured >= est.low * 0.999 && measured <= est.high * 1.001 };
}

export function compareMeasured(e: Estimate, rec: MeasuredRecord): MeasuredComparison | undefined {
  if (e.missing.length) return undefined;
  const rows: ComparisonRow[] = [];
  const notes: string[] = [];
  const hours = rec.seconds !== undefined ? rec.seconds / 3600 : undefined;
  if (hours !== undefined) rows.push(row('hours', hours, e.hours));
  // A record covers one run; the estimate's first breakdown line is one run (trials are separate).
  const one = e.breakdown.find((b) => b.id === 'run' || b.id === 'inference');
  if (rec.energyKwh !== undefined && one) rows.push(row('energy', rec.energyKwh, one.energyKwh));
  if (rec.co2eKg !== undefined && one) rows.push(row('co2e', rec.co2eKg, one.co2eKg));
  if (!rows.length) return undefined;

  const out: MeasuredComparison = { record: rec, rows, notes };
  const assumed = FLOP_INPUTS.filter((f) => e.inputs[f]?.origin === 'default');
  if (e.compute && hours && hours > 0 && assumed.length) {
    notes.push(`No MFU calibration: the FLOPs rest on assumed ${assumed.join(', ')}; state them in the config to calibrate.`);
  } else if (e.compute && hours && hours > 0) {
    // Time ∝ 1 / MFU for fixed FLOPs, so the MFU that matches the measured time follows directly.
    // The record's own GPU count, when it has one, is what actually ran.
    const devices = rec.gpuCount ?? e.compute.count;
    const mfu = e.compute.flops / (devices * e.compute.peakTflops * 1e12 * hours * 3600);
    if (mfu > 0 && mfu <= 1) out.effectiveMfu = mfu;
    else notes.push(`The measured time implies an MFU of ${(mfu * 100).toFixed(0)} %, which is not possible: the record is probably of a different or partial run.`);
  }
  const acc = typeof e.inputs.hardware?.value === 'string' ? findAccelerator(e.inputs.hardware.value) : undefined;
  const count = rec.gpuCount ?? e.inputs.count?.value;
  if (rec.gpuEnergyKwh && hours && acc && count) {
    const share = (rec.gpuEnergyKwh * 1000) / (count * acc.tdpW * hours);
    if (share > 0 && share <= 1.2) out.effectivePowerShare = share;
  }
  if (rec.tool === 'codecarbon') notes.push('CodeCarbon measures at the machine: PUE is 1.0 unless it was configured, while the estimate includes the data centre’s PUE.');
  if (rec.rows && rec.rows > 1) notes.push(`${rec.file} holds ${rec.rows} runs; the last is compared.`);
  return out;
}
