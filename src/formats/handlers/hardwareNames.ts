// Turning the names clouds and schedulers give hardware and places (`A100:8`, `nvidia-l4`,
// `p4d.24xlarge`, `us-west-2`, `aws/us-east-1`) into what a RunSpec holds: a device name the catalogue
// resolves, the devices an instance brings, and a provider-qualified region id.
import { findAccelerator, findInstance, findRegion, listInstances } from '../../core/catalog';
import { ownValue } from '../../core/ownValue';

export type Provider = 'aws' | 'gcp' | 'azure';

export interface DeviceName {
  /** As written when the catalogue resolves it (`A100`, `nvidia-l4`), else the catalogue id. */
  hardware: string;
  /** Devices one instance brings (`p4d.24xlarge` → 8); undefined for a bare device or label. */
  perInstance?: number;
  provider?: string;
  /** What the name was read as, for notes: "p4d.24xlarge = 8 × A100 40GB SXM". */
  note?: string;
}

const MAX_NAME = 120;

/** A device or instance name as written, or undefined when the catalogue knows neither. */
export function deviceName(text: string): DeviceName | undefined {
  const s = text.trim();
  if (!s || s.length > MAX_NAME) return undefined;
  const inst = findInstance(s);
  if (inst && inst.count > 0) {
    const acc = findAccelerator(inst.accelerator);
    return { hardware: inst.accelerator, perInstance: inst.count, provider: inst.provider, note: `${s} = ${inst.count} × ${acc?.name ?? inst.accelerator}` };
  }
  const acc = findAccelerator(s);
  if (acc) return { hardware: s, provider: inst?.provider, note: `${s} → ${acc.name}` };
  if (inst) return { hardware: inst.accelerator, provider: inst.provider, note: `${s} → ${findAccelerator(inst.accelerator)?.name ?? inst.accelerator}` };
  return undefined;
}

const PROVIDERS: Record<string, Provider> = { aws: 'aws', gcp: 'gcp', google: 'gcp', gce: 'gcp', gke: 'gcp', azure: 'azure', az: 'azure' };

export function providerOf(name: string | undefined): Provider | undefined {
  return name ? ownValue(PROVIDERS, name.trim().toLowerCase()) : undefined;
}

/** Each cloud spells its regions its own way; that spelling tells the cloud when nothing else does. */
function providerFromShape(region: string): Provider | undefined {
  const r = region.toLowerCase();
  if (/^[a-z]{2}(-gov)?-[a-z]+-\d+[a-z]?$/.test(r)) return 'aws';
  if (/^[a-z]+-[a-z]+\d+(-[a-z])?$/.test(r)) return 'gcp';
  if (/^[a-z]+\d?$/.test(r)) return 'azure';
  return undefined;
}

/**
 * `aws:us-west-2` for a region (or zone) name and its cloud. Bare names are qualified from their shape
 * because the catalogue's bare look-up can confuse `us-west-2` (AWS) with `us-west2` (GCP).
 * Undefined when the region is not in the data or is a placeholder.
 */
export function regionId(region: string, provider?: Provider | string): string | undefined {
  const r = region.trim();
  if (!r || r.length > 60 || /[${}<>]/.test(r)) return undefined;
  const p = (provider && providerOf(provider)) || providerFromShape(r);
  if (!p) return undefined;
  const m = findRegion(`${p}:${r}`);
  return m && m.kind === 'cloud' ? m.region.id : undefined;
}

/**
 * How one naming scheme spells a device: the GKE label (`nvidia-h100-80gb`), the SkyPilot name
 * (`H100`), the Vertex enum (`NVIDIA_H100_80GB`). Takes a catalogue id or any resolvable name; the
 * first (canonical) spelling of the scheme wins.
 */
export function spellingFor(device: string, scheme: 'gke' | 'skypilot' | 'vertex'): string | undefined {
  const id = findAccelerator(device)?.id ?? findInstance(device)?.accelerator;
  if (!id) return undefined;
  const row = listInstances().find((i) => i.accelerator === id && (
    scheme === 'gke' ? i.labelKey === 'cloud.google.com/gke-accelerator' : scheme === 'skypilot' ? i.kind === 'skypilot_name' : i.kind === 'vertex_enum'));
  return row?.name;
}
