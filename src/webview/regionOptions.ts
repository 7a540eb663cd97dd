// The region picker's options: cloud regions grouped by provider, each with its intensity, the year of
// the figure and the accelerators it offers (src/core/data/availability.json); regions the availability
// data covers and that offer no accelerator are left out (nothing to run there), regions it does not
// cover stay, marked "availability unknown".
import { listAccelerators, listRegions, offeredIn } from '../core/catalog';
import type { GridRegion } from '../core/catalogTypes';
import { coverageKnown } from '../core/regionChoice';
import type { CatalogOption } from '../shared/protocol';
import { cleanText } from './cleanText';

const PROVIDER_NAMES: Record<string, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' };
const LABEL_MAX = 200;

function offered(region: GridRegion): string[] {
  const models = new Set<string>();
  for (const a of listAccelerators()) if (offeredIn(a.id, region)) models.add(a.model ?? a.name);
  return [...models].sort();
}

export function cloudRegionOptions(): CatalogOption[] {
  const out: CatalogOption[] = [];
  for (const r of listRegions()) {
    const gpus = offered(r);
    const known = coverageKnown(r);
    if (known && !gpus.length) continue;
    const devices = gpus.length ? (gpus.length > 6 ? `${gpus.slice(0, 6).join(', ')}…` : gpus.join(', ')) : 'availability unknown';
    out.push({
      id: `${r.provider}:${r.region}`,
      label: cleanText(`${r.region} — ${r.location} · ${r.gPerKwh} g/kWh (${r.year}) · ${devices}`, LABEL_MAX),
      group: PROVIDER_NAMES[r.provider] ?? r.provider,
    });
  }
  return out.sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}
