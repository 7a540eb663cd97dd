// The panel's hardware comparison: rows of src/core/hardwareTable.ts as display text (cleaned and
// clipped like every other string the webview receives).
import type { HardwareRow } from '../core/hardwareTable';
import type { HardwareView } from '../shared/protocol';
import { cleanText } from './cleanText';

const MAX_ROWS = 80;

/** Three significant figures; the unit is in the column header (the sidebar is narrow). */
function sig(n: number): string {
  return Number.isFinite(n) ? Number(n.toPrecision(3)).toLocaleString('en-US') : '—';
}

export function hardwareView(rows: readonly HardwareRow[] | undefined): HardwareView | undefined {
  if (!rows?.length) return undefined;
  return {
    rows: rows.slice(0, MAX_ROWS).map((r) => ({
      name: cleanText(r.name, 120),
      count: Math.max(0, Math.min(1e7, Math.round(r.count))),
      hoursText: sig(r.hours),
      energyText: sig(r.energyKwh),
      co2eText: sig(r.co2eKg),
      embodiedText: sig(r.embodiedKg),
      shareText: `${Math.round(r.embodiedShare * 100)}%`,
      current: r.current,
    })),
    note: 'Same run, same count, region and utilisation; only the accelerator changes. Sorted by CO₂e incl. embodied. Devices that cannot hold the model are left out.',
  };
}
