// What to ask each forecast provider and how to read its answer. The requests are plain data (URL +
// headers) and the parsers take untrusted JSON: every field is checked, bad entries are skipped and
// counted, and junk gives an error message, never an exception. The network lives in
// src/online/forecastClient.ts; this file stays pure so it can be tested without a server.
//
// Response shapes (checked against public captures, see test/fixtures/forecasts/README.md):
// - UK Carbon Intensity API (NESO), no key. National `/intensity/{from}/fw48h` →
//   {"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":266,"actual":263,"index":"moderate"}}]};
//   regional `/regional/intensity/{from}/fw48h/postcode/{outward}` → {"data":{"regionid":…,"shortname":…,"postcode":…,"data":[…same entries + generationmix]}}.
//   (The current-only `/regional/postcode/{outward}` wraps the region in an array; both are read.)
// - Electricity Maps v3 `/v3/carbon-intensity/forecast?zone=DE`, header `auth-token` →
//   {"zone":"DE","forecast":[{"carbonIntensity":313,"datetime":"2022-12-05T15:00:00.000Z"}],"updatedAt":"…"}; `datetime` starts an hour.
// - WattTime v3: `/login` with HTTP Basic → {"token":"…"} (valid 30 min); `/v3/forecast?region=…&signal_type=co2_moer`
//   with `Authorization: Bearer` → {"data":[{"point_time":"…+00:00","value":870.0}],"meta":{"data_point_period_seconds":300,"units":"lbs_co2_per_mwh",…}}.
import type { ForecastPoint, ForecastProvider } from './forecast';

export const DEFAULT_BASE_URLS: Record<ForecastProvider, string> = {
  'uk-carbon-intensity': 'https://api.carbonintensity.org.uk',
  'electricity-maps': 'https://api.electricitymap.org',
  watttime: 'https://api.watttime.org',
};

/** 1 lb/MWh = 453.59237 g / 1000 kWh (the pound is defined as exactly 0.45359237 kg). */
export const LBS_PER_MWH_TO_G_PER_KWH = 0.45359237;

/** No grid runs above ~1,200 g/kWh (lignite); 5,000 leaves room for marginal signals and catches unit mix-ups. */
const MAX_G_PER_KWH = 5000;
/** A forecast interval longer than a day is not a forecast interval. */
const MAX_INTERVAL_MS = 24 * 3_600_000;
/** Interpolation-free forecasts have at most a few thousand points (72 h × 5 min = 864); more is junk. */
const MAX_POINTS = 10_000;
const HOUR_MS = 3_600_000;

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
}

export interface ParseResult {
  points: ForecastPoint[];
  /** Entries present but unusable (bad time, NaN, negative, absurd). */
  skipped: number;
  /** Set when nothing usable came back; the message names the problem, not the data. */
  error?: string;
  /** A better name for the area than the request had, e.g. the UK region "South England". */
  area?: string;
  /** What the numbers were before conversion (WattTime). */
  convertedFrom?: string;
}

type Json = unknown;
type RequestOrError = HttpRequest | { error: string };

// ──── Requests ────

/** GB national, or the DNO region of a UK outward postcode (`RG10`; a full postcode is cut to its outward part). */
export function ukRequest(fromMs: number, postcode: string | undefined, base = DEFAULT_BASE_URLS['uk-carbon-intensity']): RequestOrError {
  const from = `${new Date(fromMs).toISOString().slice(0, 16)}Z`; // the API's own form: 2018-01-20T12:00Z
  const headers = { Accept: 'application/json' };
  if (!postcode?.trim()) return { url: `${trim(base)}/intensity/${from}/fw48h`, headers };
  const outward = ukOutwardCode(postcode);
  if (!outward) return { error: `“${postcode.slice(0, 20)}” is not a UK postcode (e.g. RG10 or SW1A)` };
  return { url: `${trim(base)}/regional/intensity/${from}/fw48h/postcode/${outward}`, headers };
}

export function electricityMapsRequest(zone: string, token: string, base = DEFAULT_BASE_URLS['electricity-maps']): RequestOrError {
  if (!isZoneCode(zone)) return { error: `“${zone.slice(0, 40)}” is not an Electricity Maps zone (e.g. DE, FR, US-CAL-CISO)` };
  return { url: `${trim(base)}/v3/carbon-intensity/forecast?zone=${encodeURIComponent(zone)}`, headers: { Accept: 'application/json', 'auth-token': token } };
}

export function wattTimeLoginRequest(username: string, password: string, base = DEFAULT_BASE_URLS.watttime): HttpRequest {
  // btoa takes Latin-1 only: encode as UTF-8 bytes first so any username or password survives.
  const basic = btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`)));
  return { url: `${trim(base)}/login`, headers: { Accept: 'application/json', Authorization: `Basic ${basic}` } };
}

export function wattTimeForecastRequest(region: string, token: string, base = DEFAULT_BASE_URLS.watttime): RequestOrError {
  if (!isZoneCode(region)) return { error: `“${region.slice(0, 40)}” is not a WattTime region (e.g. CAISO_NORTH)` };
  return {
    url: `${trim(base)}/v3/forecast?region=${encodeURIComponent(region)}&signal_type=co2_moer`,
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  };
}

/** `RG10 1AB` → `RG10`; undefined when it is not shaped like a UK outward code. */
export function ukOutwardCode(postcode: string): string | undefined {
  const outward = postcode.trim().toUpperCase().split(/\s+/)[0];
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(outward) ? outward : undefined;
}

function isZoneCode(z: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(z);
}

function trim(base: string): string {
  return base.replace(/\/+$/, '');
}

// ──── Parsers ────

export function parseUkForecast(json: Json): ParseResult {
  const data = field(json, 'data');
  // Regional answers wrap one region (an object for date ranges, an array for "now"); national ones are the list.
  const region = Array.isArray(data) && data.length && isObject(data[0]) && Array.isArray(field(data[0], 'data')) ? data[0] : data;
  const entries = Array.isArray(region) ? region : field(region, 'data');
  if (!Array.isArray(entries)) return fail('the response has no "data" list');
  const shortname = field(region, 'shortname');
  const area = typeof shortname === 'string' ? shortname.slice(0, 60) : undefined;
  const raw = entries.slice(0, MAX_POINTS).map((e) => {
    const start = time(field(e, 'from'));
    const end = time(field(e, 'to'));
    return start !== undefined && end !== undefined ? { start, end, g: field(field(e, 'intensity'), 'forecast') } : undefined;
  });
  return finish(raw, entries.length, area === undefined ? {} : { area });
}

export function parseElectricityMapsForecast(json: Json): ParseResult {
  const entries = field(json, 'forecast');
  if (!Array.isArray(entries)) return fail('the response has no "forecast" list');
  const starts = entries.slice(0, MAX_POINTS).map((e) => time(field(e, 'datetime')));
  // Each entry gives only its start; it lasts until the series' step (hourly unless the data says finer).
  const step = smallestStep(starts) ?? HOUR_MS;
  const raw = entries.slice(0, MAX_POINTS).map((e, i) => {
    const start = starts[i];
    return start === undefined ? undefined : { start, end: start + step, g: field(e, 'carbonIntensity') };
  });
  return finish(raw, entries.length, {});
}

export function parseWattTimeForecast(json: Json): ParseResult {
  const entries = field(json, 'data');
  if (!Array.isArray(entries)) return fail('the response has no "data" list');
  const meta = field(json, 'meta');
  const units = field(meta, 'units');
  // co2_moer comes in lbs/MWh (also when meta omits units); any other unit is one this code cannot convert.
  if (units !== undefined && units !== 'lbs_co2_per_mwh') return fail(`unexpected units "${String(units).slice(0, 30)}"`);
  const starts = entries.slice(0, MAX_POINTS).map((e) => time(field(e, 'point_time')));
  const period = field(meta, 'data_point_period_seconds');
  const step = typeof period === 'number' && period >= 60 && period <= 86_400 ? period * 1000 : smallestStep(starts) ?? 300_000;
  const raw = entries.slice(0, MAX_POINTS).map((e, i) => {
    const start = starts[i];
    const v = field(e, 'value');
    return start === undefined ? undefined : { start, end: start + step, g: typeof v === 'number' ? v * LBS_PER_MWH_TO_G_PER_KWH : v };
  });
  return finish(raw, entries.length, { convertedFrom: 'lbs CO₂/MWh' });
}

export function parseWattTimeLogin(json: Json): { token: string } | { error: string } {
  const token = field(json, 'token');
  return typeof token === 'string' && token.length > 0 && token.length < 10_000 ? { token } : { error: 'the login response has no token' };
}

/** Keeps entries with a valid time span and a plausible intensity, sorted, first of any duplicate start. */
function finish(raw: ({ start: number; end: number; g: unknown } | undefined)[], total: number, extra: Pick<ParseResult, 'area' | 'convertedFrom'>): ParseResult {
  const points: ForecastPoint[] = [];
  for (const r of raw) {
    if (!r || typeof r.g !== 'number' || !Number.isFinite(r.g) || r.g < 0 || r.g > MAX_G_PER_KWH) continue;
    if (!(r.end > r.start) || r.end - r.start > MAX_INTERVAL_MS) continue;
    points.push({ start: r.start, end: r.end, gPerKwh: r.g });
  }
  points.sort((a, b) => a.start - b.start);
  const unique = points.filter((p, i) => i === 0 || p.start !== points[i - 1].start);
  const result: ParseResult = { points: unique, skipped: total - unique.length, ...extra };
  if (!unique.length) result.error = total ? `none of the ${total} forecast entries was usable` : 'the forecast is empty';
  return result;
}

function fail(error: string): ParseResult {
  return { points: [], skipped: 0, error };
}

/** The smallest positive gap between successive valid starts: the series' step. */
function smallestStep(starts: (number | undefined)[]): number | undefined {
  const s = starts.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  let step: number | undefined;
  for (let i = 1; i < s.length; i++) {
    const d = s[i] - s[i - 1];
    if (d > 0 && (step === undefined || d < step)) step = d;
  }
  return step;
}

/**
 * ISO 8601 with an explicit zone only: a time without Z/offset would be read as the machine's local
 * time and shift the whole forecast by hours without any error.
 */
function time(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return undefined;
  const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(v: unknown, key: string): unknown {
  return isObject(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}
