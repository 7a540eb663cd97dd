// Which regions a region what-if may propose: only where the run's accelerator is offered, on the run's
// own cloud unless the launcher is multi-cloud or the user allows other providers. Shared by the
// suggestions (CLI, hover, report) and the region CodeLens so both name the same region.
import { availabilityFor, findCountry, listAccelerators, listRegions, offeredIn, providerOfInstance } from './catalog';
import type { Accelerator, AvailabilityRow, GridRegion } from './catalogTypes';
import type { RunSpec } from './runSpec';
import type { EstimateSettings } from './settings';
import { sourceYear } from './present/text';

type Provider = GridRegion['provider'];

export interface RegionCandidate {
  region: GridRegion;
  /** The availability row behind the choice; undefined when availability is unknown. */
  offer?: AvailabilityRow;
}

export interface RegionPlan {
  /** The cloud the run is on: from its region, its launcher, or its instance type / cloud label. */
  provider?: Provider;
  /** Why another cloud may be proposed (launcher is multi-cloud, or the setting); undefined = it may not. */
  crossCloud?: string;
  /** Cleanest region of the run's provider that offers the accelerator (or any of its regions when `unknown`). */
  same?: RegionCandidate;
  /** Cleanest region of another provider offering the accelerator, when crossCloud allows it and it is cleaner. */
  other?: RegionCandidate;
  /**
   * A cleaner region of the run's provider that the availability data does not cover (Azure outside the US,
   * AWS GovCloud/China): proposed with "availability unknown", neither suggested blindly nor ruled out.
   */
  uncovered?: RegionCandidate;
  /** No provider known: cleanest region of any provider offering the accelerator. */
  any?: RegionCandidate;
  /** The availability table has no row for the accelerator on the provider in question (or on any, without one). */
  unknown: boolean;
  /**
   * When `unknown`: a variant of the same model (`H100 SXM5 80GB` for an `H100 PCIe 80GB` run) the provider does
   * list, with its cleanest such region. Named as a different device, never used for the saving.
   */
  sibling?: { accelerator: Accelerator; candidate: RegionCandidate };
}

function providerName(p: string | undefined): Provider | undefined {
  return p === 'aws' || p === 'gcp' || p === 'azure' ? p : undefined;
}

/**
 * The run's cloud. The region decides when there is one; otherwise the launcher's pinned cloud
 * (SkyPilot `cloud: aws` without a region), otherwise an instance type or a provider-specific label named
 * as the hardware (`p4d.24xlarge`, a GKE `cloud.google.com/gke-accelerator` node label), which the format
 * readers keep in the value (with the label key in `key`) or at the start of the note (`p4d.24xlarge = 8 × …`).
 */
export function runProvider(run: RunSpec, resolvedProvider: string | undefined): Provider | undefined {
  const fromRegion = providerName(resolvedProvider);
  if (fromRegion) return fromRegion;
  const pinned = providerName(run.placement?.provider);
  if (pinned) return pinned;
  const hw = run.inputs.hardware;
  if (!hw) return undefined;
  for (const raw of [hw.value, hw.note?.split(/ = | → /)[0]]) {
    const text = raw?.trim().replace(/^"(.*)"$/, '$1');
    if (!text) continue;
    // A node label keeps its key apart (`cloud.google.com/gke-accelerator` + `nvidia-h100-80gb`).
    const p = (hw.key?.includes('/') ? providerOfInstance(`${hw.key}=${text}`) : undefined) ?? providerOfInstance(text);
    if (p) return p;
  }
  return undefined;
}

function cleanest(list: RegionCandidate[]): RegionCandidate | undefined {
  // Lowest intensity; on a tie the provider's own data (primary) before a third-party aggregation.
  return list.slice().sort((a, b) => a.region.gPerKwh - b.region.gPerKwh ||
    (a.offer?.verification === 'primary' ? 0 : 1) - (b.offer?.verification === 'primary' ? 0 : 1) ||
    a.region.id.localeCompare(b.region.id))[0];
}

function offering(acc: Accelerator, provider?: Provider): RegionCandidate[] {
  const out: RegionCandidate[] = [];
  for (const region of listRegions(provider)) {
    const offer = offeredIn(acc.id, region);
    if (offer) out.push({ region, offer });
  }
  return out;
}

/**
 * The regions a what-if may propose for `acc`, cleaner than `currentG` g/kWh. `currentId` (the run's
 * region id) is never proposed.
 */
export function planRegions(run: RunSpec, resolvedProvider: string | undefined, acc: Accelerator, currentG: number, settings: EstimateSettings, currentId?: string): RegionPlan {
  const provider = runProvider(run, resolvedProvider);
  const crossCloud = run.placement?.multiCloud
    ? run.placement.note
    : settings.allowOtherProviders ? 'carbonLens.regions.allowOtherProviders is on' : undefined;
  const cleaner = (c: RegionCandidate | undefined) => (c && c.region.gPerKwh < currentG && c.region.id !== currentId ? c : undefined);
  const anyOffer = offering(acc);

  if (!provider) {
    if (anyOffer.length) return { any: cleaner(cleanest(anyOffer.filter((c) => c.region.id !== currentId))), unknown: false };
    // No row on any provider (a workstation GPU, a new part): today's choice, said to be unchecked.
    return { any: cleaner(cleanest(listRegions().filter((r) => r.id !== currentId).map((region) => ({ region })))), unknown: true };
  }

  const own = anyOffer.filter((c) => c.region.provider === provider && c.region.id !== currentId);
  const unknown = availabilityFor(acc.id, provider).length === 0;
  const same = unknown
    ? cleaner(cleanest(listRegions(provider).filter((r) => r.id !== currentId).map((region) => ({ region }))))
    : cleaner(cleanest(own));
  let other: RegionCandidate | undefined;
  if (crossCloud) {
    const best = cleaner(cleanest(anyOffer.filter((c) => c.region.provider !== provider)));
    if (best && (!same || best.region.gPerKwh < same.region.gPerKwh)) other = best;
  }
  let uncovered: RegionCandidate | undefined;
  if (!unknown) {
    const best = cleaner(cleanest(listRegions(provider).filter((r) => r.id !== currentId && !coverageKnown(r)).map((region) => ({ region }))));
    if (best && (!same || best.region.gPerKwh < same.region.gPerKwh)) uncovered = best;
  }
  return { provider, crossCloud, same, other, uncovered, unknown, sibling: unknown ? siblingOffer(acc, provider) : undefined };
}

/**
 * Whether "no row" means "not offered" in this region (reference-data/availability/SOURCES.md, "Known gaps"):
 * every GCP region in the intensity table except us-east2 was in the SkyPilot GCP catalogue; Azure rows cover
 * the US regions only; AWS rows cover the commercial regions in moto (each has at least one accelerator row),
 * not GovCloud or China.
 */
export function coverageKnown(region: GridRegion): boolean {
  if (region.provider === 'gcp') return region.region !== 'us-east2';
  if (region.provider === 'azure') return region.country === 'US';
  return regionHasRows(region);
}

function regionHasRows(region: GridRegion): boolean {
  return listAccelerators().some((a) => !!offeredIn(a.id, region));
}

function siblingOffer(acc: Accelerator, provider: Provider): RegionPlan['sibling'] {
  const model = acc.model ?? acc.name;
  let best: RegionPlan['sibling'];
  for (const other of listAccelerators()) {
    if (other.id === acc.id || (other.model ?? other.name) !== model) continue;
    const c = cleanest(offering(other, provider));
    if (c && (!best || c.region.gPerKwh < best.candidate.region.gPerKwh)) best = { accelerator: other, candidate: c };
  }
  return best;
}

/**
 * What the intensity figure is: GCP figures are Google's operational, location-based yearly averages (2020
 * onward, per Google's region carbon data); AWS and Azure are Cloud Carbon Footprint's location-based factors
 * (eGRID2020 in the US, 2021 country factors elsewhere). None is market-based (no renewable purchases).
 */
export function basisLabel(region: GridRegion): string {
  // `location-based grid average (country factor)` → `location-based grid average, country factor`
  const basis = (region.basis ?? 'location-based grid average').replace(/\s*\((.*)\)$/, ', $1');
  const source = region.source.replace(/\s*\(.*\)$/, '');
  return `${region.provider === 'gcp' ? 'operational, ' : ''}${basis}; ${source}, ${region.year}`;
}

/**
 * Why a region is ≥ 95 % cleaner than the run's: its country's generation mix (Our World in Data / Ember),
 * e.g. "Sweden's grid: 69 % renewables, 29 % nuclear, 2 % fossil (Our World in Data / Ember (via CodeCarbon), 2023)".
 */
export function whyVeryLow(region: GridRegion): string | undefined {
  const c = region.country ? findCountry(region.country) : undefined;
  if (!c?.mix) return undefined;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const parts = (['renewables', 'nuclear', 'fossil'] as const).map((k) => `${pct(c.mix![k])} ${k}`);
  const cfe = region.cfeFraction !== undefined ? `; Google reports ${pct(region.cfeFraction)} carbon-free energy there` : '';
  return `${c.name}'s grid: ${parts.join(', ')} (${sourceYear(c.source, c.year)})${cfe}`;
}

/** "p4de.24xlarge offered there (source, date, secondary)". */
export function offerText(acc: Accelerator, offer: AvailabilityRow): string {
  const types = offer.types.split('|');
  const shown = types.length > 2 ? `${types.slice(0, 2).join(', ')}…` : types.join(', ');
  return `${acc.name} is offered there (${shown}; ${offer.source.replace(/\s*\(.*\)$/, '')}, ${offer.sourceDate}, ${offer.verification})`;
}
