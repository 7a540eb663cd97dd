// The one place Carbon Lens talks to the network: carbon-intensity forecasts for carbon-aware
// timing, asked for only when the user has turned online features on and pressed the button (the
// editor checks that). It fails soft — every failure is a one-line `{ error }` naming the provider
// and what went wrong, never an exception — because a missing forecast must not break the panel.
// Answers are cached in memory by provider + area (never by a secret) so that redrawing the panel or
// looking at another run in the same region costs no request. No vscode import: the editor adapts
// this (SecretStorage → `credentials`), and tests drive it against a local server.
import { PROVIDER_NAMES, type Forecast, type ForecastProvider } from '../core/timing/forecast';
import {
  DEFAULT_BASE_URLS,
  electricityMapsRequest,
  parseElectricityMapsForecast,
  parseUkForecast,
  parseWattTimeForecast,
  parseWattTimeLogin,
  ukOutwardCode,
  ukRequest,
  wattTimeForecastRequest,
  wattTimeLoginRequest,
  type HttpRequest,
  type ParseResult,
} from '../core/timing/providers';

export interface ForecastCredentials {
  /** Electricity Maps API token. */
  token?: string;
  /** WattTime account. */
  username?: string;
  password?: string;
}

export interface ForecastRequest {
  provider: ForecastProvider;
  /** Electricity Maps zone (`DE`), WattTime region (`CAISO_NORTH`), or for the UK API an outward postcode. */
  zone?: string;
  /** UK outward postcode (`RG10`); empty = GB national. Takes precedence over `zone` for the UK API. */
  postcode?: string;
  credentials?: ForecastCredentials;
}

export type ForecastResult = Forecast | { error: string };

export interface ForecastClient {
  /** Never throws and never rejects. */
  getForecast(request: ForecastRequest): Promise<ForecastResult>;
  /** Forgets cached forecasts and the WattTime login (e.g. when credentials change). */
  clear(): void;
}

export interface ForecastClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  cacheTtlMs?: number;
  /** WattTime login tokens last 30 minutes; reuse them a little less than that. */
  tokenTtlMs?: number;
  /** Per-provider origin, e.g. `http://127.0.0.1:PORT` in tests. */
  baseUrls?: Partial<Record<ForecastProvider, string>>;
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * Forecasts are tens of kB; anything this large is not one, and is not read into memory. Counted on
 * the decoded body as it streams in: `content-length` is the compressed size (a 300 KB gzip can
 * inflate to 300 MB) and a chunked answer has none (audit 2026-12, L3).
 */
const MAX_BODY_BYTES = 5_000_000;
const CREDENTIALS_HINT = 'run "Carbon Lens: Set online forecast credentials"';

type Fetched = { json: unknown } | { error: string };

export function createForecastClient(options: ForecastClientOptions = {}): ForecastClient {
  const timeoutMs = options.timeoutMs ?? 8000;
  const cacheTtlMs = options.cacheTtlMs ?? 30 * 60_000;
  const tokenTtlMs = options.tokenTtlMs ?? 25 * 60_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const base = (p: ForecastProvider) => options.baseUrls?.[p] ?? DEFAULT_BASE_URLS[p];
  const cache = new Map<string, { forecast: Forecast; until: number }>();
  const inFlight = new Map<string, Promise<ForecastResult>>();
  let wattTimeLogin: { username: string; token: string; until: number } | undefined;

  /** GET → parsed JSON, or a one-line error. The timeout covers reading the body too. */
  async function getJson(provider: ForecastProvider, req: HttpRequest, stage: Stage, secrets: (string | undefined)[]): Promise<Fetched> {
    const name = PROVIDER_NAMES[provider];
    const doFetch = options.fetch ?? globalThis.fetch;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      // No redirects: fetch would send the Electricity Maps `auth-token` header on to whatever origin
      // a redirect names (only `Authorization` is dropped across origins). The APIs never redirect.
      const res = await doFetch(req.url, { method: 'GET', headers: req.headers, signal: ctl.signal, redirect: 'error' });
      if (!res.ok) {
        res.body?.cancel().catch(() => undefined); // free the connection; the body is not needed
        return { error: `${name}: ${res.status} — ${statusHint(provider, stage, res.status)}` };
      }
      if (Number(res.headers.get('content-length')) > MAX_BODY_BYTES) return { error: `${name}: the answer is too large to be a forecast` };
      const text = await readCapped(res, MAX_BODY_BYTES, ctl);
      if (text === undefined) return { error: `${name}: the answer is too large to be a forecast` };
      try {
        return { json: JSON.parse(text) };
      } catch {
        return { error: `${name}: the answer was not valid JSON` };
      }
    } catch (e) {
      if (ctl.signal.aborted) return { error: `${name}: no answer within ${timeoutMs / 1000} s (timed out)` };
      return { error: scrub(`${name}: network error — ${describe(e)}`, secrets) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function wattTimeToken(c: ForecastCredentials, refresh: boolean): Promise<{ token: string } | { error: string }> {
    const username = c.username ?? '';
    if (!refresh && wattTimeLogin && wattTimeLogin.username === username && wattTimeLogin.until > now()) return { token: wattTimeLogin.token };
    wattTimeLogin = undefined;
    const got = await getJson('watttime', wattTimeLoginRequest(username, c.password ?? '', base('watttime')), 'login', [c.password]);
    if ('error' in got) return got;
    const t = parseWattTimeLogin(got.json);
    if ('error' in t) return { error: `WattTime: ${t.error}` };
    wattTimeLogin = { username, token: t.token, until: now() + tokenTtlMs };
    return t;
  }

  async function fetchForecast(r: ForecastRequest, area: string): Promise<ForecastResult> {
    const c = r.credentials ?? {};
    const fetchedAt = now();
    if (r.provider === 'uk-carbon-intensity') {
      // Ask from half an hour back so the half hour under way is in the answer whether the API
      // starts at the period containing `from` or the one after it; bestWindow drops what is past.
      const req = ukRequest(fetchedAt - 30 * 60_000, area === 'GB' ? undefined : area, base(r.provider));
      if ('error' in req) return { error: `UK Carbon Intensity API: ${req.error}` };
      const got = await getJson(r.provider, req, 'forecast', []);
      return 'error' in got ? got : build(r.provider, area, parseUkForecast(got.json), fetchedAt);
    }
    if (r.provider === 'electricity-maps') {
      if (!c.token) return { error: `Electricity Maps: needs an API token — ${CREDENTIALS_HINT}` };
      if (!area) return { error: 'Electricity Maps: needs a zone (e.g. DE, FR, US-CAL-CISO) in carbonLens.online.zone' };
      const req = electricityMapsRequest(area, c.token, base(r.provider));
      if ('error' in req) return { error: `Electricity Maps: ${req.error}` };
      const got = await getJson(r.provider, req, 'forecast', [c.token]);
      return 'error' in got ? got : build(r.provider, area, parseElectricityMapsForecast(got.json), fetchedAt);
    }
    if (!c.username || !c.password) return { error: `WattTime: needs an account (username and password) — ${CREDENTIALS_HINT}` };
    if (!area) return { error: 'WattTime: needs a region (e.g. CAISO_NORTH) in carbonLens.online.zone' };
    for (const refresh of [false, true]) {
      const t = await wattTimeToken(c, refresh);
      if ('error' in t) return t;
      const req = wattTimeForecastRequest(area, t.token, base(r.provider));
      if ('error' in req) return { error: `WattTime: ${req.error}` };
      const got = await getJson(r.provider, req, 'forecast', [c.password, t.token]);
      // A 401 with a reused token means it expired early: log in again once, then give up.
      if ('error' in got && / 401 /.test(got.error) && !refresh) continue;
      return 'error' in got ? got : build(r.provider, area, parseWattTimeForecast(got.json), fetchedAt);
    }
    return { error: 'WattTime: 401 — the login token was refused' };
  }

  function build(provider: ForecastProvider, area: string, parsed: ParseResult, fetchedAt: number): ForecastResult {
    const name = PROVIDER_NAMES[provider];
    if (parsed.error) return { error: `${name}: ${parsed.error}` };
    log(`${name} ${area}: ${parsed.points.length} points${parsed.skipped ? `, ${parsed.skipped} unusable entries skipped` : ''}`);
    const marginal = provider === 'watttime';
    return {
      provider,
      zone: area,
      points: parsed.points,
      signal: marginal ? 'marginal' : 'average',
      unit: parsed.convertedFrom ? `g CO₂/kWh (converted from ${parsed.convertedFrom})` : 'g CO₂/kWh',
      fetchedAt,
      source: sourceText(provider, area, parsed.area),
    };
  }

  return {
    async getForecast(r: ForecastRequest): Promise<ForecastResult> {
      try {
        if (!r || !Object.prototype.hasOwnProperty.call(PROVIDER_NAMES, r.provider)) return { error: 'Unknown forecast provider' };
        const area = areaOf(r);
        const key = `${r.provider}|${area}`;
        const hit = cache.get(key);
        if (hit && hit.until > now()) return hit.forecast;
        cache.delete(key);
        // Two panels asking at once share one request.
        const pending = inFlight.get(key) ?? fetchForecast(r, area).then((f) => {
          if (!('error' in f)) cache.set(key, { forecast: f, until: now() + cacheTtlMs });
          return f;
        });
        inFlight.set(key, pending);
        try {
          return await pending;
        } finally {
          inFlight.delete(key);
        }
      } catch (e) {
        const name = (r && PROVIDER_NAMES[r.provider]) ?? 'Forecast';
        return { error: scrub(`${name}: unexpected failure — ${describe(e)}`, [r?.credentials?.token, r?.credentials?.password]) };
      }
    },
    clear(): void {
      cache.clear();
      wattTimeLogin = undefined;
    },
  };
}

type Stage = 'login' | 'forecast';

/** The body as text, or undefined (and the connection dropped) once more than `max` bytes arrived. */
async function readCapped(res: Response, max: number, ctl: AbortController): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      reader.cancel().catch(() => undefined);
      ctl.abort(); // and the socket with it: an endless body must not keep streaming in
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The cache key's area: the UK's outward postcode (or GB), otherwise the zone as given. */
function areaOf(r: ForecastRequest): string {
  if (r.provider === 'uk-carbon-intensity') {
    const p = (r.postcode ?? r.zone ?? '').trim();
    return p ? ukOutwardCode(p) ?? p.slice(0, 20) : 'GB';
  }
  return (r.zone ?? '').trim().slice(0, 64);
}

function sourceText(provider: ForecastProvider, area: string, regionName: string | undefined): string {
  if (provider === 'uk-carbon-intensity') {
    const where = area === 'GB' ? 'GB national' : `${regionName ? `${regionName} region, ` : ''}postcode ${area}`;
    return `National Energy System Operator Carbon Intensity API (carbonintensity.org.uk), 48 h forecast, ${where}; average intensity`;
  }
  if (provider === 'electricity-maps') return `Electricity Maps v3 carbon-intensity forecast, zone ${area}; grid-average intensity (Electricity Maps’ default life-cycle factors)`;
  return `WattTime v3 forecast, region ${area}, co2_moer (marginal emissions, converted from lbs/MWh); marginal is not average intensity, so the saving is indicative`;
}

function statusHint(provider: ForecastProvider, stage: Stage, status: number): string {
  if (status === 401 || status === 403) {
    if (provider === 'electricity-maps') return status === 401 ? 'check the token' : 'the token’s plan may not include forecasts for this zone';
    if (provider === 'watttime') {
      if (stage === 'login') return 'check the username and password';
      return status === 403 ? 'the account’s plan may not cover this region (free accounts: CAISO_NORTH only)' : 'the login token was refused';
    }
    return 'access refused';
  }
  if (status === 400 || status === 404) return provider === 'uk-carbon-intensity' ? 'check the postcode' : `check the ${provider === 'watttime' ? 'region' : 'zone'}`;
  if (status === 429) return 'too many requests; try again later';
  if (status >= 500) return 'the service failed; try again later';
  return 'unexpected answer';
}

/** The useful part of a network error: Node's fetch says "fetch failed" and puts the reason in `cause`. */
function describe(e: unknown): string {
  const err = e as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const why = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  return String(why).replace(/\s+/g, ' ').slice(0, 120);
}

/** Belt and braces: a secret must never reach a message the panel shows or the log keeps. */
function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
