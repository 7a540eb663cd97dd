// Look-ups over the sourced reference tables in ./data (see ./data/SOURCES.md).
// Tables are parsed on first use, not at import, so activating the extension costs nothing until an estimate
// is made; alias indexes are built once per table. Every public function is total: bad input gives undefined
// (or the documented default), never an exception.

import type {
  Accelerator,
  AvailabilityRow,
  CountryIntensity,
  Equivalence,
  GridRegion,
  InstanceInfo,
  ModelInfo,
  PueEntry,
} from './catalogTypes';
import { parseSizeText, type ParsedSize } from './sizeParse';
import { testCheckpointSize } from './testCheckpoints';
import { ownValue } from './ownValue';

export type { ParsedSize };

/**
 * Used when a file names no accelerator. The A100 80GB SXM is the device behind the most widely cited
 * published training footprints (BLOOM, LLaMA, Llama 2) and has its own embodied-carbon figure, so an
 * estimate built on it is comparable with those reports. It is deliberately not what a bare `A100` means:
 * cloud catalogues (SkyPilot, GKE, Vertex, Karpenter, Colab) use `A100` for the 40GB SXM part.
 */
export const DEFAULT_ACCELERATOR_ID = 'nvidia-a100-sxm4-80gb';

// Names, ids and labels are short; longer input is prose or garbage and is not worth indexing work.
const MAX_NAME = 300;

// ------------------------------------------------------------------------------------------------ loading

function once<T>(load: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = load();
      done = true;
    }
    return value;
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

interface CountriesFile {
  world: { gPerKwh: number; source: string; year: number };
  countries: CountryIntensity[];
  references: Array<{ id: string; description: string; gPerKwh: number; source: string; year: number }>;
}

interface EmbodiedFile {
  lifetimeYears: number;
  lifetimeSource: string;
  defaultDevice: { kgPerDevice: number; source: string; year: number };
  devices: Array<{ accelerator: string; kgPerDevice: number; source: string; year: number }>;
  hostServer: { kgPerServer: number; devicesPerServer: number; source: string; year: number };
}

// `require` inside the getters keeps the JSON out of module initialisation (esbuild bundles each file as a
// lazily evaluated module, so the parse happens on the first call).
const accelerators = once(() => deepFreeze(require('./data/accelerators.json') as Accelerator[]));
const regions = once(() => deepFreeze(require('./data/regions.json') as GridRegion[]));
const countriesFile = once(() => deepFreeze(require('./data/countries.json') as CountriesFile));
const models = once(() => deepFreeze(require('./data/models.json') as ModelInfo[]));
const pueRows = once(() => deepFreeze(require('./data/pue.json') as PueEntry[]));
const equivalences = once(() => deepFreeze(require('./data/equivalences.json') as Equivalence[]));
const embodied = once(() => deepFreeze(require('./data/embodied.json') as EmbodiedFile));
const instances = once(() => deepFreeze(require('./data/instances.json') as InstanceInfo[]));
const availability = once(() => deepFreeze(require('./data/availability.json') as AvailabilityRow[]));

function cleanInput(x: unknown): string | undefined {
  if (typeof x !== 'string') return undefined;
  const s = x.trim();
  return s && s.length <= MAX_NAME ? s : undefined;
}

/** Case-, space- and punctuation-insensitive key. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function guard<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

// ------------------------------------------------------------------------------------------- accelerators

interface AcceleratorIndex {
  byKey: Map<string, Accelerator>;
  family: Map<Accelerator, Accelerator[]>;
}

// Words that decorate a device name without identifying it.
const NOISE_WORDS = new Set([
  'nvidia', 'tesla', 'geforce', 'amd', 'radeon', 'instinct', 'intel', 'habana', 'google', 'cloud', 'aws',
  'amazon', 'apple', 'gpu', 'gpus', 'tensor', 'core', 'accelerator', 'datacenter', 'data', 'center', 'the',
]);

const acceleratorIndex = once((): AcceleratorIndex => {
  const byKey = new Map<string, Accelerator>();
  const families = new Map<string, Accelerator[]>();
  for (const a of accelerators()) {
    for (const name of [a.id, a.name, ...a.aliases]) {
      const k = squash(name);
      // First writer wins so a family's default spelling (`A100`, `H100`) is never overridden by a later row.
      if (k && !byKey.has(k)) byKey.set(k, a);
    }
    const fam = squash(a.model ?? a.name);
    families.set(fam, [...(families.get(fam) ?? []), a]);
  }
  const family = new Map<Accelerator, Accelerator[]>();
  for (const members of families.values()) for (const a of members) family.set(a, members);
  return { byKey, family };
});

/** `A100:8`, `8x A100`, `A100 x 8`, `nvidia.com/gpu.product=Tesla-T4` → the device part. */
function stripCountAndLabel(s: string): string {
  let t = s;
  const eq = t.lastIndexOf('=');
  if (eq >= 0) t = t.slice(eq + 1);
  t = t.replace(/^\s*\d+\s*[x×*]\s*(?=[a-z])/i, '');
  t = t.replace(/\s*(?:[:×*]|\s+x)\s*\d+\s*$/i, '');
  return t.trim();
}

function memoryOf(tokens: string[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const m = /^(\d+)(?:gb|g)$/.exec(tokens[i]);
    if (m) return Number(m[1]);
    if (/^\d+$/.test(tokens[i]) && (tokens[i + 1] === 'gb' || tokens[i + 1] === 'g')) return Number(tokens[i]);
  }
  return undefined;
}

function formOf(tokens: string[]): 'sxm' | 'pcie' | 'nvl' | undefined {
  for (const t of tokens) {
    if (/^sxm\d?$/.test(t) || t === 'nvlink') return 'sxm';
    if (t === 'pcie') return 'pcie';
    if (t === 'nvl') return 'nvl';
  }
  return undefined;
}

function matchesForm(a: Accelerator, form: 'sxm' | 'pcie' | 'nvl'): boolean {
  const text = `${a.id} ${a.name} ${a.formFactor ?? ''}`.toLowerCase();
  if (form === 'nvl') return /\bnvl\b|-nvl-/.test(text);
  if (form === 'pcie') return text.includes('pcie') && !/\bnvl\b|-nvl-/.test(text);
  return text.includes('sxm');
}

/**
 * Device names as written in configs: tries the exact alias table, then the name without vendor words, then
 * the longest run of words that names a known device, narrowed by any memory size (`80GB`) or form factor
 * (`SXM`, `PCIe`, `NVL`) also present. Bare family names resolve to the variant clouds mean by them:
 * `A100` → A100 SXM4 40GB, `H100` → H100 SXM5, `V100` → V100 SXM2 16GB, `P100` → P100 PCIe.
 */
export function findAccelerator(name: string): Accelerator | undefined {
  // Asked for the same few names over and over (once per region by offeredIn, once per what-if): the
  // answer is a frozen catalogue row, so it is kept. Bounded: the cache is emptied when it fills.
  if (typeof name !== 'string') return findAcceleratorUncached(name);
  const hit = acceleratorCache.get(name);
  if (hit !== undefined || acceleratorCache.has(name)) return hit;
  const found = findAcceleratorUncached(name);
  if (acceleratorCache.size >= ACCELERATOR_CACHE_SIZE) acceleratorCache.clear();
  acceleratorCache.set(name, found);
  return found;
}

const ACCELERATOR_CACHE_SIZE = 1000;
const acceleratorCache = new Map<string, Accelerator | undefined>();

function findAcceleratorUncached(name: string): Accelerator | undefined {
  return guard(() => {
    const raw = cleanInput(name);
    if (!raw) return undefined;
    const { byKey, family } = acceleratorIndex();
    const s = stripCountAndLabel(raw);
    const direct = byKey.get(squash(s)) ?? byKey.get(squash(raw));
    if (direct) return direct;

    const words = s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    const tokens = words.filter((w) => !NOISE_WORDS.has(w));
    if (tokens.length === 0 || tokens.length > 12) return undefined;
    const bare = byKey.get(tokens.join(''));
    if (bare) return bare;

    let best: { a: Accelerator; len: number } | undefined;
    for (let i = 0; i < tokens.length; i++) {
      let joined = '';
      for (let j = i; j < Math.min(tokens.length, i + 3); j++) {
        joined += tokens[j];
        const hit = byKey.get(joined);
        if (hit && (!best || joined.length > best.len)) best = { a: hit, len: joined.length };
      }
    }
    if (!best) return undefined;

    let candidates = family.get(best.a) ?? [best.a];
    const mem = memoryOf(tokens);
    if (mem !== undefined) {
      const withMem = candidates.filter((a) => a.memoryGb === mem);
      if (withMem.length) candidates = withMem;
    }
    const form = formOf(tokens);
    if (form) {
      const withForm = candidates.filter((a) => matchesForm(a, form));
      if (withForm.length) candidates = withForm;
    }
    return candidates.includes(best.a) ? best.a : candidates[0];
  }, undefined);
}

export function listAccelerators(): Accelerator[] {
  return guard(() => accelerators().slice(), []);
}

// ------------------------------------------------------------------------------------ regions & countries

export type RegionMatch = { kind: 'cloud'; region: GridRegion } | { kind: 'country'; country: CountryIntensity };

type Provider = GridRegion['provider'];

const PROVIDER_ALIASES: Record<string, Provider> = {
  aws: 'aws', amazon: 'aws', amazonwebservices: 'aws', ec2: 'aws', sagemaker: 'aws',
  gcp: 'gcp', google: 'gcp', googlecloud: 'gcp', googlecloudplatform: 'gcp', gce: 'gcp', gke: 'gcp', vertex: 'gcp',
  azure: 'azure', microsoft: 'azure', microsoftazure: 'azure', az: 'azure',
};

function providerOf(p: string | undefined): Provider | undefined {
  return p === undefined ? undefined : ownValue(PROVIDER_ALIASES, squash(p));
}

interface RegionIndex {
  /** `provider:region`, lower-cased. */
  byId: Map<string, GridRegion>;
  /** Region name alone; names never collide across the three providers' naming schemes. */
  byName: Map<string, GridRegion>;
  /** Azure only, punctuation-free, so display names (`West Europe`) find `westeurope`. */
  azureLoose: Map<string, GridRegion>;
}

// AWS and GCP names are matched exactly (lower-cased): squashing would make AWS `us-east-1` and GCP
// `us-east1` the same key.
const regionIndex = once((): RegionIndex => {
  const byId = new Map<string, GridRegion>();
  const byName = new Map<string, GridRegion>();
  const azureLoose = new Map<string, GridRegion>();
  for (const r of regions()) {
    const name = r.region.toLowerCase();
    byId.set(`${r.provider}:${name}`, r);
    if (!byName.has(name)) byName.set(name, r);
    if (r.provider === 'azure' && !azureLoose.has(squash(name))) azureLoose.set(squash(name), r);
  }
  return { byId, byName, azureLoose };
});

// GCP zones end in `-a`…`-f`; AWS availability zones append a letter (`us-east-1a`).
const GCP_ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;
const AWS_ZONE = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)[a-z]$/;

function regionFor(provider: Provider | undefined, region: string): GridRegion | undefined {
  const { byId, byName, azureLoose } = regionIndex();
  const lower = region.toLowerCase().trim();
  const names = [lower];
  const zone = GCP_ZONE.exec(lower) ?? AWS_ZONE.exec(lower);
  if (zone) names.push(zone[1]);
  for (const n of names) {
    const hit = provider ? byId.get(`${provider}:${n}`) : byName.get(n);
    if (hit) return hit;
  }
  return provider === undefined || provider === 'azure' ? azureLoose.get(squash(lower)) : undefined;
}

interface CountryIndex {
  byIso2: Map<string, CountryIntensity>;
  byIso3: Map<string, CountryIntensity>;
  byName: Map<string, CountryIntensity>;
}

const countryIndex = once((): CountryIndex => {
  const byIso2 = new Map<string, CountryIntensity>();
  const byIso3 = new Map<string, CountryIntensity>();
  const byName = new Map<string, CountryIntensity>();
  for (const c of countriesFile().countries) {
    byIso2.set(c.code.toUpperCase(), c);
    if (c.iso3) byIso3.set(c.iso3.toUpperCase(), c);
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      const k = squash(n);
      if (k && !byName.has(k)) byName.set(k, c);
    }
  }
  return { byIso2, byIso3, byName };
});

/** ISO 3166 alpha-2 (`FR`), alpha-3 (`FRA`) or English name (`France`, `United Kingdom`, `UK`). */
export function findCountry(code: string): CountryIntensity | undefined {
  return guard(() => {
    const s = cleanInput(code);
    if (!s) return undefined;
    const { byIso2, byIso3, byName } = countryIndex();
    const up = s.toUpperCase();
    if (up.length === 2 && byIso2.has(up)) return byIso2.get(up);
    if (up.length === 3 && byIso3.has(up)) return byIso3.get(up);
    return byName.get(squash(s));
  }, undefined);
}

/**
 * Accepts `aws:us-east-1`, `gcp:europe-west1`, `azure:westeurope` (also `google:`/`microsoft:` prefixes and
 * Azure display names), bare region names whose naming scheme implies the provider (`us-east-1` AWS,
 * `europe-west4` GCP, `westeurope` Azure), GCP zones and AWS availability zones, and countries (`FR`, `FRA`,
 * `France`, or `country:FR`). Bare two- and three-letter codes and country names are read as countries first,
 * so `France` is the French grid rather than Azure's `france` geography (which carries the same country factor).
 */
export function findRegion(id: string): RegionMatch | undefined {
  return guard((): RegionMatch | undefined => {
    const s = cleanInput(id);
    if (!s) return undefined;
    const colon = s.indexOf(':');
    if (colon > 0) {
      const prefix = s.slice(0, colon);
      const rest = s.slice(colon + 1).trim();
      if (!rest) return undefined;
      if (/^(country|iso|grid)$/i.test(prefix)) {
        const country = findCountry(rest);
        return country ? { kind: 'country', country } : undefined;
      }
      const provider = providerOf(prefix);
      if (!provider) return undefined;
      const region = regionFor(provider, rest);
      return region ? { kind: 'cloud', region } : undefined;
    }

    if (s.length <= 3) {
      const country = findCountry(s);
      if (country) return { kind: 'country', country };
    }
    // Dashed names are AWS or GCP regions/zones; no country name has that shape.
    if (s.includes('-') && !/\s/.test(s)) {
      const region = regionFor(undefined, s);
      if (region) return { kind: 'cloud', region };
    }
    const country = findCountry(s);
    if (country) return { kind: 'country', country };
    const region = regionFor(undefined, s);
    return region ? { kind: 'cloud', region } : undefined;
  }, undefined);
}

export function listRegions(provider?: string): GridRegion[] {
  return guard(() => {
    if (provider === undefined) return regions().slice();
    const p = providerOf(provider);
    return p ? regions().filter((r) => r.provider === p) : [];
  }, []);
}

// ------------------------------------------------------------------------------------------ availability

const availabilityIndex = once(() => {
  // accelerator id → provider → region name → row
  const m = new Map<string, Map<string, Map<string, AvailabilityRow>>>();
  for (const row of availability()) {
    const byProvider = m.get(row.accelerator) ?? new Map<string, Map<string, AvailabilityRow>>();
    const byRegion = byProvider.get(row.provider) ?? new Map<string, AvailabilityRow>();
    byRegion.set(row.region.toLowerCase(), row);
    byProvider.set(row.provider, byRegion);
    m.set(row.accelerator, byProvider);
  }
  return m;
});

/**
 * Where the provider lists the accelerator (one row per region), from the availability table. An empty list
 * means the table has no row for that accelerator on that provider: unknown, not "not offered" (the table's
 * gaps are in data/SOURCES.md). Without a provider, every provider's rows.
 */
export function availabilityFor(acceleratorId: string, provider?: string): AvailabilityRow[] {
  return guard(() => {
    const acc = findAccelerator(acceleratorId);
    const byProvider = acc ? availabilityIndex().get(acc.id) : undefined;
    if (!byProvider) return [];
    if (provider === undefined) return [...byProvider.values()].flatMap((m) => [...m.values()]);
    const p = providerOf(provider);
    return p ? [...(byProvider.get(p)?.values() ?? [])] : [];
  }, []);
}

/** The availability row for one region (`aws:us-east-1` or a GridRegion), if the table lists the accelerator there. */
export function offeredIn(acceleratorId: string, region: Pick<GridRegion, 'provider' | 'region'>): AvailabilityRow | undefined {
  return guard(() => {
    const acc = findAccelerator(acceleratorId);
    return acc ? availabilityIndex().get(acc.id)?.get(region.provider)?.get(region.region.toLowerCase()) : undefined;
  }, undefined);
}

/** The provider an instance type or cloud device label belongs to (`p4d.24xlarge` → aws), if catalogued. */
export function providerOfInstance(name: string): GridRegion['provider'] | undefined {
  return guard(() => {
    const inst = findInstance(name);
    const p = inst ? providerOf(inst.provider) : undefined;
    // Bare device names (`nvidia-l4`, `A100`) are shared by every cloud: only instance types and
    // provider-specific enums or `key=value` labels pin a cloud.
    if (!inst || !p) return undefined;
    const specific = inst.kind === 'instance_type' || inst.kind === 'sagemaker' || inst.kind === 'vertex_enum' || (!!inst.labelKey && name.includes('='));
    return specific ? p : undefined;
  }, undefined);
}

export function listCountries(): CountryIntensity[] {
  return guard(() => countriesFile().countries.slice(), []);
}

export function worldIntensity(): { gPerKwh: number; source: string; year: number } {
  const w = countriesFile().world;
  return { gPerKwh: w.gPerKwh, source: w.source, year: w.year };
}

// ------------------------------------------------------------------------------------------------- models

interface ModelIndex {
  byId: Map<string, ModelInfo>;
  /** Name without the `org/` part; names shared by different models are left out (ambiguous). */
  byBare: Map<string, ModelInfo>;
}

const modelIndex = once((): ModelIndex => {
  const byId = new Map<string, ModelInfo>();
  const bare = new Map<string, ModelInfo | null>();
  for (const m of models()) {
    for (const name of [m.id, ...m.aliases]) {
      const k = name.toLowerCase();
      if (!byId.has(k)) byId.set(k, m);
      const b = k.slice(k.lastIndexOf('/') + 1);
      const prev = bare.get(b);
      if (prev === undefined) bare.set(b, m);
      else if (prev !== null && prev !== m) bare.set(b, null);
    }
  }
  const byBare = new Map<string, ModelInfo>();
  for (const [k, v] of bare) if (v) byBare.set(k, v);
  return { byId, byBare };
});

// Packaging and quantisation suffixes: a quantised checkpoint has the logical parameter count of its base.
const PACKAGING_SUFFIX =
  /[-_.](?:gguf|ggml|awq|gptq(?:[-_]int[48])?|exl2|mlx(?:[-_]\d+bit)?|bnb[-_]4bit|[48]bit|int[48]|fp8(?:[-_]dynamic)?|fp16|bf16|q[2-8](?:_k)?(?:_[sml])?|q[2-8]_0)$/i;

function stripHubPrefix(s: string): string {
  return s
    .replace(/^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\//i, '')
    .replace(/^hf:\/\//i, '')
    .replace(/\/+$/, '')
    .replace(/\/(?:tree|blob|resolve)\/.*$/i, '');
}

function lookupModel(name: string): ModelInfo | undefined {
  const { byId, byBare } = modelIndex();
  const k = name.toLowerCase();
  const hit = byId.get(k);
  if (hit) return hit;
  const b = k.slice(k.lastIndexOf('/') + 1);
  return byBare.get(b) ?? byBare.get(`${b}-hf`);
}

/**
 * Exact id or alias (case-insensitive), Hub URL, bare name without the organisation (`Llama-2-7b-hf`) when
 * only one catalogued model has it, and quantised/packaged variants (`-GGUF`, `-AWQ`, `-GPTQ-Int4`,
 * `-bnb-4bit`…) which share their base model's parameter count.
 */
export function findModel(id: string): ModelInfo | undefined {
  return guard(() => {
    const s = cleanInput(id);
    if (!s) return undefined;
    let name = stripHubPrefix(s);
    for (let i = 0; i < 4 && name; i++) {
      const hit = lookupModel(name);
      if (hit) return hit;
      const shorter = name.replace(PACKAGING_SUFFIX, '');
      if (shorter === name) break;
      name = shorter;
    }
    return undefined;
  }, undefined);
}

export function listModels(): ModelInfo[] {
  return guard(() => models().slice(), []);
}

// `<word>-<N>x<M><unit>`, e.g. `mixtral-8x22b`: the word keeps an unrelated `foo-8x7b` from borrowing
// Mixtral's count.
const EXPERT_NAME = /(?:^|[^a-z0-9])([a-z][a-z0-9]*)[-_ ]?(\d{1,3}x\d+(?:\.\d+)?[bm])(?![a-z0-9])/;

const expertNameIndex = once(() => {
  const m = new Map<string, ModelInfo[]>();
  for (const model of models()) {
    for (const n of [model.id, ...model.aliases]) {
      const hit = EXPERT_NAME.exec(n.toLowerCase().slice(n.lastIndexOf('/') + 1));
      if (!hit) continue;
      const key = `${hit[1]}|${hit[2]}`;
      const list = m.get(key) ?? [];
      if (!list.includes(model)) list.push(model);
      m.set(key, list);
    }
  }
  return m;
});

/** A catalogued mixture-of-experts model named the same way (`Mixtral 8x7B` → Mixtral-8x7B-v0.1's count). */
function expertModelFor(text: string): ModelInfo | undefined {
  const hit = EXPERT_NAME.exec(text.toLowerCase());
  if (!hit) return undefined;
  const list = expertNameIndex().get(`${hit[1]}|${hit[2]}`) ?? [];
  const first = list[0];
  return first && list.every((x) => x.params === first.params && x.activeParams === first.activeParams)
    ? first
    : undefined;
}

/**
 * Parameter count for a model id or size text. A catalogued model gives its recorded count (and active
 * parameters for mixture-of-experts), as does a name like `Mixtral 8x7B` that matches catalogued checkpoints;
 * otherwise the size written in the text is read (`7B`, `1.5b`, `350m`, `Qwen3-30B-A3B` → active 3B).
 * Unknown `NxM` names (`8x7B`) return N×M flagged `approximate`, an upper bound. Version and date fragments (`v2`, `gpt-4o`, `2024-05`) are not sizes.
 */
export function parseModelSize(text: string): ParsedSize | undefined {
  return guard(() => {
    const s = cleanInput(text);
    if (!s) return undefined;
    const known = findModel(s) ?? expertModelFor(s);
    if (known) {
      return known.activeParams !== undefined
        ? { params: known.params, activeParams: known.activeParams }
        : { params: known.params };
    }
    return testCheckpointSize(s) ?? parseSizeText(s);
  }, undefined);
}

// ---------------------------------------------------------------------------------------------------- PUE

const PUE_PROVIDER_ALIASES: Record<string, string> = {
  gcp: 'gcp', google: 'gcp', googlecloud: 'gcp', googlecloudplatform: 'gcp', gce: 'gcp',
  aws: 'aws', amazon: 'aws', amazonwebservices: 'aws',
  azure: 'azure', microsoft: 'azure', microsoftazure: 'azure',
  oracle: 'oracle', oci: 'oracle', oraclecloud: 'oracle',
  ovh: 'ovhcloud', ovhcloud: 'ovhcloud',
  onprem: 'on-prem', onpremise: 'on-prem', onpremises: 'on-prem', local: 'on-prem', selfhosted: 'on-prem',
  datacenter: 'on-prem', hpc: 'on-prem', cluster: 'on-prem',
};

const preferredPue = once(() => {
  const m = new Map<string, PueEntry>();
  for (const p of pueRows()) if (p.preferred && !m.has(p.provider)) m.set(p.provider, p);
  return m;
});

/**
 * The provider's fleet PUE (Google 1.10, AWS 1.135, Azure 1.185 via Cloud Carbon Footprint; OVHcloud and
 * Oracle via Green Algorithms). Anything else, including undefined and clouds without a published figure,
 * gets the industry average from the Uptime Institute 2024 survey (provider `unknown`).
 */
export function pueFor(provider: string | undefined): PueEntry {
  const table = preferredPue();
  const fallback = table.get('unknown') as PueEntry;
  return guard(() => {
    const s = cleanInput(provider);
    if (!s) return fallback;
    const p = ownValue(PUE_PROVIDER_ALIASES, squash(s)) ?? squash(s);
    return table.get(p) ?? fallback;
  }, fallback);
}

export function listPue(): PueEntry[] {
  return guard(() => pueRows().slice(), []);
}

// ------------------------------------------------------------------------------------------- equivalences

export function listEquivalences(): Equivalence[] {
  return guard(() => equivalences().slice(), []);
}

export function findEquivalence(id: string): Equivalence | undefined {
  return guard(() => {
    const s = cleanInput(id);
    return s ? equivalences().find((e) => e.id === s.toLowerCase()) : undefined;
  }, undefined);
}

// ---------------------------------------------------------------------------------------------- instances

// When the same spelling is both an instance type and a label, the instance row carries a real count.
const KIND_RANK: Record<string, number> = {
  instance_type: 0, sagemaker: 1, vertex_enum: 2, k8s_label: 3, gpu_feature_discovery: 4, skypilot_name: 5,
};

const instanceIndex = once(() => {
  const exact = new Map<string, InstanceInfo>();
  const loose = new Map<string, InstanceInfo>();
  const rows = instances()
    .filter((i) => i.accelerator !== '')
    .slice()
    .sort((a, b) => (ownValue(KIND_RANK, a.kind) ?? 9) - (ownValue(KIND_RANK, b.kind) ?? 9));
  for (const i of rows) {
    const names = [i.name, ...(i.labelKey ? [`${i.labelKey}=${i.name}`] : [])];
    for (const n of names) {
      if (!exact.has(n.toLowerCase())) exact.set(n.toLowerCase(), i);
      if (!loose.has(squash(n))) loose.set(squash(n), i);
    }
  }
  return { exact, loose };
});

/**
 * Instance types (`p4d.24xlarge`, `a2-highgpu-8g`, `Standard_ND96asr_v4`, `ml.g5.12xlarge`, TPU slices
 * `v4-32`), and device labels (GKE `nvidia-l4`, Vertex `NVIDIA_L4`, Karpenter, GPU Feature Discovery,
 * SkyPilot), with or without their `key=` part. Label rows have `count: 0`: they name the device, the count
 * comes from the node or job spec. Rows whose device is not catalogued are never returned.
 */
export function findInstance(name: string): InstanceInfo | undefined {
  return guard(() => {
    const s = cleanInput(name);
    if (!s) return undefined;
    const { exact, loose } = instanceIndex();
    const lower = s.toLowerCase();
    const tries = [lower];
    if (/^nd|^nc|^nv/i.test(s)) tries.push(`standard_${lower}`);
    if (lower.startsWith('ml.')) tries.push(lower.slice(3));
    for (const t of tries) {
      const hit = exact.get(t) ?? loose.get(squash(t));
      if (hit) return hit;
    }
    return undefined;
  }, undefined);
}

export function listInstances(): InstanceInfo[] {
  return guard(() => instances().filter((i) => i.accelerator !== ''), []);
}

// ----------------------------------------------------------------------------------------------- embodied

/**
 * Embodied carbon of one accelerator (whole device), amortised by callers over `lifetimeYears`. Devices
 * without their own figure get the BLOOM per-GPU estimate with `isDefault: true`, so the UI can say so.
 */
export function embodiedFor(acceleratorId: string): {
  kgPerDevice: number;
  source: string;
  year: number;
  lifetimeYears: number;
  isDefault: boolean;
} {
  const e = embodied();
  const fallback = {
    kgPerDevice: e.defaultDevice.kgPerDevice,
    source: e.defaultDevice.source,
    year: e.defaultDevice.year,
    lifetimeYears: e.lifetimeYears,
    isDefault: true,
  };
  return guard(() => {
    const acc = findAccelerator(acceleratorId);
    const d = acc && e.devices.find((x) => x.accelerator === acc.id);
    return d
      ? { kgPerDevice: d.kgPerDevice, source: d.source, year: d.year, lifetimeYears: e.lifetimeYears, isDefault: false }
      : fallback;
  }, fallback);
}

/** The host server around the accelerators (CPUs, memory, storage, chassis), excluding the accelerators. */
export function hostServerEmbodied(): {
  kgPerServer: number;
  devicesPerServer: number;
  source: string;
  year: number;
  lifetimeYears: number;
} {
  const e = embodied();
  const h = e.hostServer;
  return {
    kgPerServer: h.kgPerServer,
    devicesPerServer: h.devicesPerServer,
    source: h.source,
    year: h.year,
    lifetimeYears: e.lifetimeYears,
  };
}
