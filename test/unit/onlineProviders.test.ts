// The forecast client against a local HTTP server on 127.0.0.1 that answers with recorded response
// shapes (test/fixtures/forecasts, sources in its README). Nothing here leaves the machine. The
// server's first path segment picks its behaviour: /ok answers, /hang never does, /fail500 fails,
// /badjson sends broken JSON, /junk sends JSON of the wrong shape.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Forecast } from '../../src/core/timing/forecast';
import { parseElectricityMapsForecast, parseUkForecast, parseWattTimeForecast, parseWattTimeLogin, ukRequest } from '../../src/core/timing/providers';
import { createForecastClient, type ForecastClientOptions, type ForecastResult } from '../../src/online/forecastClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'forecasts');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const T0 = Date.UTC(2024, 2, 1); // the fixtures start here

const EM_TOKEN = 'em-secret-token-123';
const WT_USER = 'carbon-user';
const WT_PASSWORD = 'wt-secret-pass!';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

function forecast(r: ForecastResult): Forecast {
  if ('error' in r) assert.fail(`expected a forecast, got: ${r.error}`);
  return r;
}

function error(r: ForecastResult): string {
  assert.ok('error' in r, 'expected an error, got a forecast');
  return r.error;
}

describe('online forecast client (local server)', function () {
  let server: http.Server;
  let origin = '';
  let seen: Seen[] = [];
  let wattTimeTokens = 0;
  let validWattTimeToken = 'wt-issued-token-1';

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ path: url.pathname + url.search, headers: req.headers });
      const [, mode, ...rest] = url.pathname.split('/');
      const route = `/${rest.join('/')}`;
      const send = (status: number, body: string) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
      if (mode === 'hang') return; // never answers
      if (mode === 'fail500') return send(500, '{"error":"internal"}');
      if (mode === 'badjson') return send(200, '{"data": [ {"from": ');
      if (mode === 'junk') return send(200, '{"hello":"world"}');
      if (/^\/intensity\/[^/]+\/fw48h$/.test(route)) return send(200, fixture('uk-national.json'));
      if (/^\/regional\/intensity\/[^/]+\/fw48h\/postcode\/RG10$/.test(route)) return send(200, fixture('uk-regional.json'));
      if (route === '/v3/carbon-intensity/forecast') {
        return req.headers['auth-token'] === EM_TOKEN ? send(200, fixture('electricity-maps.json')) : send(401, '{"error":"unauthorized"}');
      }
      if (route === '/login') {
        const basic = `Basic ${Buffer.from(`${WT_USER}:${WT_PASSWORD}`).toString('base64')}`;
        if (req.headers.authorization !== basic) return send(401, '{"error":"bad login"}');
        validWattTimeToken = `wt-issued-token-${++wattTimeTokens}`;
        return send(200, JSON.stringify({ token: validWattTimeToken }));
      }
      if (route === '/v3/forecast') {
        return req.headers.authorization === `Bearer ${validWattTimeToken}` ? send(200, fixture('watttime-forecast.json')) : send(401, '{"error":"token"}');
      }
      return send(404, '{"error":"not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    wattTimeTokens = 0;
  });

  /** A client whose three providers all point at the server in `mode`, with the clock at T0. */
  function client(mode = 'ok', extra: ForecastClientOptions = {}) {
    const base = `${origin}/${mode}`;
    return createForecastClient({ baseUrls: { 'uk-carbon-intensity': base, 'electricity-maps': base, watttime: base }, now: () => T0, ...extra });
  }

  it('reads the UK national 48 h forecast (no key, no auth header), asked from half an hour back', async () => {
    const f = forecast(await client().getForecast({ provider: 'uk-carbon-intensity' }));
    assert.strictEqual(seen.length, 1);
    assert.strictEqual(seen[0].path, '/ok/intensity/2024-02-29T23:30Z/fw48h');
    assert.strictEqual(seen[0].headers.authorization, undefined);
    assert.strictEqual(f.zone, 'GB');
    assert.strictEqual(f.signal, 'average');
    assert.strictEqual(f.points.length, 8);
    assert.deepStrictEqual(f.points[0], { start: T0, end: T0 + 1_800_000, gPerKwh: 182 });
    assert.strictEqual(f.fetchedAt, T0);
    assert.match(f.source, /National Energy System Operator Carbon Intensity API .*48 h forecast, GB national/);
  });

  it('reads a UK regional forecast by outward postcode', async () => {
    const f = forecast(await client().getForecast({ provider: 'uk-carbon-intensity', zone: 'rg10 9xy' }));
    assert.strictEqual(seen[0].path, '/ok/regional/intensity/2024-02-29T23:30Z/fw48h/postcode/RG10');
    assert.strictEqual(f.zone, 'RG10');
    assert.strictEqual(f.points.length, 8);
    assert.strictEqual(f.points[7].gPerKwh, 166);
    assert.match(f.source, /South England region, postcode RG10/);
    assert.match(error(await client().getForecast({ provider: 'uk-carbon-intensity', postcode: '../../etc' })), /not a UK postcode/);
    assert.strictEqual(seen.length, 1, 'an invalid postcode makes no request');
  });

  it('sends the Electricity Maps token as auth-token and reads hourly points', async () => {
    const logs: string[] = [];
    const f = forecast(await client('ok', { log: (m) => logs.push(m) }).getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: EM_TOKEN } }));
    assert.strictEqual(seen[0].path, '/ok/v3/carbon-intensity/forecast?zone=DE');
    assert.strictEqual(seen[0].headers['auth-token'], EM_TOKEN);
    assert.strictEqual(f.points.length, 6);
    assert.deepStrictEqual(f.points[0], { start: T0, end: T0 + 3_600_000, gPerKwh: 412 });
    assert.match(f.source, /Electricity Maps v3 .*zone DE/);
    assert.ok(logs.length > 0 && logs.every((m) => !m.includes(EM_TOKEN)), 'the log never holds the token');
  });

  it('names the provider and status on a refused token, without the token', async () => {
    const wrong = 'wrong-token-456';
    const e = error(await client().getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: wrong } }));
    assert.strictEqual(e, 'Electricity Maps: 401 — check the token');
    assert.ok(!e.includes(wrong));
    assert.match(error(await client().getForecast({ provider: 'electricity-maps', zone: 'DE' })), /needs an API token/);
    assert.match(error(await client().getForecast({ provider: 'electricity-maps', zone: 'DE/../x', credentials: { token: EM_TOKEN } })), /not an Electricity Maps zone/);
    assert.strictEqual(seen.length, 1, 'a missing token or a bad zone makes no request');
  });

  it('caches by provider and zone, not by secret, and refetches after the TTL', async () => {
    let clock = T0;
    const c = client('ok', { now: () => clock, cacheTtlMs: 60_000 });
    const a = forecast(await c.getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: EM_TOKEN } }));
    // Another token for the same zone is a cache hit: the key holds no secret, and no request is made.
    const b = forecast(await c.getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: 'another-token' } }));
    assert.strictEqual(b, a);
    assert.strictEqual(seen.length, 1);
    clock += 60_001;
    forecast(await c.getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: EM_TOKEN } }));
    assert.strictEqual(seen.length, 2);
  });

  it('shares one request between callers asking at the same time', async () => {
    const c = client();
    const [a, b] = await Promise.all([c.getForecast({ provider: 'uk-carbon-intensity' }), c.getForecast({ provider: 'uk-carbon-intensity' })]);
    assert.strictEqual(forecast(a), forecast(b));
    assert.strictEqual(seen.length, 1);
  });

  it('logs in to WattTime with Basic auth, then asks for the forecast with the Bearer token', async () => {
    const c = client();
    const f = forecast(await c.getForecast({ provider: 'watttime', zone: 'CAISO_NORTH', credentials: { username: WT_USER, password: WT_PASSWORD } }));
    assert.deepStrictEqual(seen.map((s) => s.path), ['/ok/login', '/ok/v3/forecast?region=CAISO_NORTH&signal_type=co2_moer']);
    assert.strictEqual(seen[1].headers.authorization, 'Bearer wt-issued-token-1');
    assert.strictEqual(f.signal, 'marginal');
    assert.strictEqual(f.points.length, 12);
    // 870 lbs/MWh × 0.45359237 = 394.6253619 g/kWh; 5-minute points from meta.data_point_period_seconds.
    assert.ok(Math.abs(f.points[0].gPerKwh - 394.6253619) < 1e-6);
    assert.strictEqual(f.points[0].end - f.points[0].start, 300_000);
    assert.match(f.unit, /converted from lbs CO₂\/MWh/);
    assert.match(f.source, /marginal is not average intensity, so the saving is indicative/);
    // The login token is reused for the next region: one login in all.
    forecast(await c.getForecast({ provider: 'watttime', zone: 'CAISO_SOUTH', credentials: { username: WT_USER, password: WT_PASSWORD } }));
    assert.strictEqual(seen.filter((s) => s.path === '/ok/login').length, 1);
  });

  it('logs in to WattTime again once when a reused token is refused', async () => {
    const c = client();
    const creds = { username: WT_USER, password: WT_PASSWORD };
    forecast(await c.getForecast({ provider: 'watttime', zone: 'CAISO_NORTH', credentials: creds }));
    validWattTimeToken = 'revoked-by-server';
    forecast(await c.getForecast({ provider: 'watttime', zone: 'PJM_NJ', credentials: creds }));
    assert.deepStrictEqual(seen.map((s) => s.path.split('?')[0]), ['/ok/login', '/ok/v3/forecast', '/ok/v3/forecast', '/ok/login', '/ok/v3/forecast']);
  });

  it('reports a refused WattTime login without the password', async () => {
    const e = error(await client().getForecast({ provider: 'watttime', zone: 'CAISO_NORTH', credentials: { username: WT_USER, password: 'nope-nope' } }));
    assert.strictEqual(e, 'WattTime: 401 — check the username and password');
    assert.match(error(await client().getForecast({ provider: 'watttime', zone: 'CAISO_NORTH', credentials: { username: WT_USER } })), /needs an account/);
    assert.match(error(await client().getForecast({ provider: 'watttime', credentials: { username: WT_USER, password: WT_PASSWORD } })), /needs a region/);
  });

  it('times out a server that never answers: an error, not a throw', async () => {
    // A client that ignored its timeout would hang until mocha's own test timeout fails it.
    const e = error(await client('hang', { timeoutMs: 200 }).getForecast({ provider: 'uk-carbon-intensity' }));
    assert.strictEqual(e, 'UK Carbon Intensity API: no answer within 0.2 s (timed out)');
  });

  it('turns a 500, broken JSON, a wrong shape and a closed port into one-line errors', async () => {
    assert.strictEqual(error(await client('fail500').getForecast({ provider: 'uk-carbon-intensity' })), 'UK Carbon Intensity API: 500 — the service failed; try again later');
    assert.strictEqual(error(await client('badjson').getForecast({ provider: 'uk-carbon-intensity' })), 'UK Carbon Intensity API: the answer was not valid JSON');
    assert.strictEqual(error(await client('junk').getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: EM_TOKEN } })), 'Electricity Maps: the response has no "forecast" list');
    // A port nothing listens on: the server's own port after closing a throwaway one.
    const spare = http.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const e = error(await createForecastClient({ baseUrls: { 'electricity-maps': `http://127.0.0.1:${port}` } }).getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: EM_TOKEN } }));
    assert.match(e, /^Electricity Maps: network error — /);
    assert.ok(!e.includes(EM_TOKEN));
    // Errors are not cached: the next ask goes to the server again.
    const c = client('fail500');
    await c.getForecast({ provider: 'uk-carbon-intensity' });
    await c.getForecast({ provider: 'uk-carbon-intensity' });
    assert.strictEqual(seen.filter((s) => s.path.startsWith('/fail500/')).length, 3);
  });

  it('never throws, even when the injected fetch does or the request is nonsense', async () => {
    const boom = createForecastClient({ fetch: (() => { throw new Error('boom'); }) as unknown as typeof fetch });
    assert.match(error(await boom.getForecast({ provider: 'uk-carbon-intensity' })), /UK Carbon Intensity API: network error — boom/);
    assert.match(error(await boom.getForecast({ provider: 'nope' as never })), /Unknown forecast provider/);
    assert.match(error(await boom.getForecast(undefined as never)), /Unknown forecast provider/);
  });
});

describe('forecast parsers (untrusted JSON)', () => {
  it('skip malformed, negative, absurd and zone-less entries and count them', () => {
    const r = parseUkForecast({
      data: [
        { from: '2024-03-01T00:00Z', to: '2024-03-01T00:30Z', intensity: { forecast: 100 } },
        { from: '2024-03-01T00:30Z', to: '2024-03-01T01:00Z', intensity: { forecast: 'NaN' } },
        { from: '2024-03-01T01:00Z', to: '2024-03-01T01:30Z', intensity: { forecast: -5 } },
        { from: '2024-03-01T01:30Z', to: '2024-03-01T02:00Z', intensity: { forecast: 6000 } },
        { from: '2024-03-01T02:00', to: '2024-03-01T02:30', intensity: { forecast: 90 } }, // no zone: would shift by the local offset
        { from: '2024-03-01T03:00Z', to: '2024-03-01T02:30Z', intensity: { forecast: 90 } }, // ends before it starts
        { from: '2024-03-01T03:00Z', to: '2024-03-01T03:30Z', intensity: null },
        null,
        'junk',
      ],
    });
    assert.strictEqual(r.error, undefined);
    assert.deepStrictEqual(r.points, [{ start: T0, end: T0 + 1_800_000, gPerKwh: 100 }]);
    assert.strictEqual(r.skipped, 8);
  });

  it('never throw on junk: they return an error message', () => {
    for (const junk of [undefined, null, 42, 'x', [], {}, { data: 'x' }, { data: { data: 5 } }, { forecast: {} }, { data: [1, 2] }]) {
      for (const parse of [parseUkForecast, parseElectricityMapsForecast, parseWattTimeForecast]) {
        const r = parse(junk);
        assert.ok(r.error, `${parse.name}(${JSON.stringify(junk)}) should give an error`);
        assert.deepStrictEqual(r.points, []);
      }
    }
    assert.deepStrictEqual(parseWattTimeLogin({ token: 7 }), { error: 'the login response has no token' });
    assert.deepStrictEqual(parseWattTimeLogin(null), { error: 'the login response has no token' });
  });

  it('read the array-wrapped regional shape too, and drop duplicate starts', () => {
    const entry = { from: '2024-03-01T00:00Z', to: '2024-03-01T00:30Z', intensity: { forecast: 120, index: 'low' } };
    const r = parseUkForecast({ data: [{ regionid: 12, shortname: 'South England', data: [entry, entry] }] });
    assert.strictEqual(r.area, 'South England');
    assert.strictEqual(r.points.length, 1);
    assert.strictEqual(r.skipped, 1);
  });

  it('give Electricity Maps points the series step and refuse unknown WattTime units', () => {
    // 15-minute points: each lasts 15 minutes; a missing slot stays a gap.
    const em = parseElectricityMapsForecast({ forecast: [0, 15, 45].map((m) => ({ carbonIntensity: 300, datetime: new Date(T0 + m * 60_000).toISOString() })) });
    assert.deepStrictEqual(em.points.map((p) => (p.end - p.start) / 60_000), [15, 15, 15]);
    assert.match(parseWattTimeForecast({ data: [], meta: { units: 'kg_per_kwh' } }).error ?? '', /unexpected units/);
  });

  it('build the UK URL in the API’s own time form', () => {
    assert.deepStrictEqual(ukRequest(Date.UTC(2024, 2, 1, 12, 7, 33), undefined, 'https://x.test/'), { url: 'https://x.test/intensity/2024-03-01T12:07Z/fw48h', headers: { Accept: 'application/json' } });
  });
});
