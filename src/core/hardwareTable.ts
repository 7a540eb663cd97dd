// The procurement view: the same run on every catalogued accelerator that can hold it, with time,
// energy, CO₂e and the embodied share, sorted by total CO₂e, the current device marked. Each row is the
// estimator's own answer with only the hardware changed (same count, same region, same MFU band).
import { listAccelerators } from './catalog';
import { estimateRun } from './estimate';
import { resolveRun } from './resolve';
import type { RunSpec } from './runSpec';
import type { EstimateSettings } from './settings';

export interface HardwareRow {
  id: string;
  name: string;
  count: number;
  /** Wall-clock hours of one run (mid). */
  hours: number;
  energyKwh: number;
  /** Operational CO₂e, mid, kg. */
  co2eKg: number;
  embodiedKg: number;
  /** Embodied over (operational + embodied), 0–1. */
  embodiedShare: number;
  current: boolean;
}

/**
 * Bytes per parameter a run keeps on its devices: mixed-precision Adam ~16 for full training (weights,
 * gradients, two moments, fp32 master copy), the frozen base at its bits plus ~0.5 for adapters, the
 * weights at their bits (×1.2 for the KV cache and activations, EcoLogits' serving rule) for inference.
 */
function bytesPerParam(phase: RunSpec['phase'], quantBits: number | undefined, adapter: boolean): number {
  if (phase === 'inference') return ((quantBits ?? 16) / 8) * 1.2;
  return adapter ? (quantBits ?? 16) / 8 + 0.5 : 16;
}

/** Rows for `run`, or [] when the run has no estimate. Devices that cannot hold the model are left out. */
export function hardwareTable(run: RunSpec, settings: EstimateSettings): HardwareRow[] {
  const base = estimateRun(run, settings, { withSuggestions: false });
  if (base.missing.length) return [];
  const r = resolveRun(run, settings);
  const need = r.params ? r.params * bytesPerParam(run.phase, r.quantBits, !!r.adapter) : 0;
  const rows: HardwareRow[] = [];
  for (const acc of listAccelerators()) {
    // A device without published dense peaks would be timed on a stand-in figure: not a fair row.
    if (!acc.memoryGb || !acc.tdpW || !Object.values(acc.tflops).some((v) => (v ?? 0) > 0)) continue;
    if (need && r.count * acc.memoryGb * 1e9 * 0.9 < need) continue;
    const inputs = { ...run.inputs, hardware: { value: acc.id, origin: 'file' as const, note: 'hardware table' } };
    const e = acc.id === r.accelerator.id ? base : estimateRun({ ...run, inputs }, settings, { withSuggestions: false });
    if (e.missing.length) continue;
    const total = e.co2eKg.mid + e.embodiedKg;
    rows.push({
      id: acc.id, name: acc.name, count: r.count, hours: e.hours.mid, energyKwh: e.energyKwh.mid, co2eKg: e.co2eKg.mid,
      embodiedKg: e.embodiedKg, embodiedShare: total > 0 ? e.embodiedKg / total : 0, current: acc.id === r.accelerator.id,
    });
  }
  return rows.sort((a, b) => a.co2eKg + a.embodiedKg - (b.co2eKg + b.embodiedKg) || a.name.localeCompare(b.name));
}
