// What Carbon Lens asks each forecast provider and how it reads the answer (src/core/timing/providers.ts),
// called directly on small hand-written answers in the providers' documented shapes (see the header of
// providers.ts). Times are UTC; 2026-12-06T09:00Z = Date.UTC(2026, 11, 6, 9) = 1,796,547,600,000 ms.
import * as assert from 'assert';
import {
  electricityMapsRequest, parseElectricityMapsForecast, parseUkForecast, parseWattTimeForecast, parseWattTimeLogin,
  ukOutwardCode, ukRequest, wattTimeForecastRequest, wattTimeLoginRequest,
} from '../../src/core/timing/providers';

const T9 = Date.UTC(2026, 11, 6, 9);
const MIN = 60_000;
const HOUR = 3_600_000;
const at = (h: number, m = 0) => `2026-12-06T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}Z`;
const uk = (from: string, to: string | undefined, g: unknown) => ({ from, to, intensity: { forecast: g, actual: null, index: 'moderate' } });

describe('forecast providers: requests', () => {
  it('asks the UK API for GB, or for the region of an outward postcode', () => {
    const json = { Accept: 'application/json' };
    assert.deepStrictEqual(ukRequest(T9, undefined), { url: 'https://api.carbonintensity.org.uk/intensity/2026-12-06T09:00Z/fw48h', headers: json });
    // Only spaces is no postcode: national.
    assert.deepStrictEqual(ukRequest(T9, '   '), { url: 'https://api.carbonintensity.org.uk/intensity/2026-12-06T09:00Z/fw48h', headers: json });
    assert.deepStrictEqual(ukRequest(T9, 'rg10 1ab', 'http://127.0.0.1:9//'),
      { url: 'http://127.0.0.1:9/regional/intensity/2026-12-06T09:00Z/fw48h/postcode/RG10', headers: json });
    // The first 20 characters of what was typed: "not a postcode at al".
    assert.deepStrictEqual(ukRequest(T9, 'not a postcode at all, really'), { error: '“not a postcode at al” is not a UK postcode (e.g. RG10 or SW1A)' });
  });

  it('reads only a whole outward code', () => {
    assert.strictEqual(ukOutwardCode(' sw1a 1aa '), 'SW1A');
    assert.strictEqual(ukOutwardCode('RG1'), 'RG1');
    assert.strictEqual(ukOutwardCode('XRG10'), undefined, 'three letters before the digit');
    assert.strictEqual(ukOutwardCode('RG10X1'), undefined, 'too long');
  });

  it('asks Electricity Maps and WattTime with their own headers, and refuses a zone that is not a code', () => {
    assert.deepStrictEqual(electricityMapsRequest('US-CAL-CISO', 'em-key'), {
      url: 'https://api.electricitymap.org/v3/carbon-intensity/forecast?zone=US-CAL-CISO', headers: { Accept: 'application/json', 'auth-token': 'em-key' },
    });
    assert.deepStrictEqual(electricityMapsRequest('DE; rm -rf', 'k'), { error: '“DE; rm -rf” is not an Electricity Maps zone (e.g. DE, FR, US-CAL-CISO)' });
    // 50 characters typed: the first 40 are quoted back.
    const long = `${'a'.repeat(45)} bbbb`;
    assert.deepStrictEqual(electricityMapsRequest(long, 'k'), { error: `“${'a'.repeat(40)}” is not an Electricity Maps zone (e.g. DE, FR, US-CAL-CISO)` });
    assert.deepStrictEqual(wattTimeForecastRequest('CAISO_NORTH', 'tok'), {
      url: 'https://api.watttime.org/v3/forecast?region=CAISO_NORTH&signal_type=co2_moer', headers: { Accept: 'application/json', Authorization: 'Bearer tok' },
    });
    assert.deepStrictEqual(wattTimeForecastRequest(long, 'tok'), { error: `“${'a'.repeat(40)}” is not a WattTime region (e.g. CAISO_NORTH)` });
    // HTTP Basic over the UTF-8 bytes of "user:pässword" (75 73 65 72 3a 70 c3 a4 73 73 77 6f 72 64) in base64.
    assert.deepStrictEqual(wattTimeLoginRequest('user', 'pässword'), {
      url: 'https://api.watttime.org/login', headers: { Accept: 'application/json', Authorization: 'Basic dXNlcjpww6Rzc3dvcmQ=' },
    });
  });

  it('accepts a login token of sensible length only', () => {
    assert.deepStrictEqual(parseWattTimeLogin({ token: 'abc' }), { token: 'abc' });
    assert.deepStrictEqual(parseWattTimeLogin({ token: 'x'.repeat(9_999) }), { token: 'x'.repeat(9_999) });
    for (const bad of [{ token: '' }, { token: 'x'.repeat(10_000) }, { token: 42 }, {}, null]) {
      assert.deepStrictEqual(parseWattTimeLogin(bad), { error: 'the login response has no token' });
    }
  });
});

describe('forecast providers: the UK answer', () => {
  it('reads the national list, sorted, skipping entries without a span or with a time lacking its zone', () => {
    const r = parseUkForecast({ data: [
      uk(at(9), at(9, 30), 266), uk(at(8, 30), at(9), 250),
      uk(at(10), undefined, 1), // no end
      uk('2026-12-06T10:30', at(11), 1), // no zone: would be read as local time
      uk(' 2026-12-06T11:00Z', at(11, 30), 1), // not ISO from its first character
      uk('+002026-12-06T11:00Z', at(11, 30), 1), // an expanded year: Date.parse would take it, the format check does not
    ] });
    assert.deepStrictEqual(r, { points: [
      { start: T9 - 30 * MIN, end: T9, gPerKwh: 250 },
      { start: T9, end: T9 + 30 * MIN, gPerKwh: 266 },
    ], skipped: 4 });
  });

  it('reads a time with seconds, fractions and an offset', () => {
    // 10:00:00.5+01:00 is 09:00:00.5Z; +0100 without a colon is accepted too.
    const r = parseUkForecast({ data: [uk('2026-12-06T10:00:00.5+01:00', '2026-12-06T10:30+0100', 100)] });
    assert.deepStrictEqual(r.points, [{ start: T9 + 500, end: T9 + 30 * MIN, gPerKwh: 100 }]);
  });

  it('names the region of a regional answer, in either wrapping', () => {
    const entries = [uk(at(9), at(9, 30), 120)];
    const point = [{ start: T9, end: T9 + 30 * MIN, gPerKwh: 120 }];
    assert.deepStrictEqual(parseUkForecast({ data: { regionid: 12, shortname: 'South England', data: entries } }), { points: point, skipped: 0, area: 'South England' });
    assert.deepStrictEqual(parseUkForecast({ data: [{ regionid: 12, shortname: 'South England', data: entries }] }), { points: point, skipped: 0, area: 'South England' });
    assert.strictEqual(parseUkForecast({ data: { shortname: 'S'.repeat(80), data: entries } }).area, 'S'.repeat(60));
  });

  it('keeps plausible intensities over spans up to a day, the first of a repeated start', () => {
    const r = parseUkForecast({ data: [
      uk(at(0), at(1), 0), // a zero-carbon half hour is real
      uk(at(1), at(2), 5000), // the highest accepted
      uk(at(2), at(3), 5001), // over 5,000 g/kWh: a unit mix-up
      uk(at(3), at(4), -1),
      uk(at(4), at(4), 10), // zero length
      uk(at(5), '2026-12-07T05:00Z', 10), // exactly a day
      uk(at(6), '2026-12-07T06:01Z', 10), // a day and a minute
      uk(at(7), at(8), 'NaN'),
      uk(at(0), at(1), 99), // a second entry for 00:00
    ] });
    assert.deepStrictEqual(r.points.map((p) => [p.start, p.end - p.start, p.gPerKwh]), [
      [T9 - 9 * HOUR, HOUR, 0], [T9 - 8 * HOUR, HOUR, 5000], [T9 - 4 * HOUR, 24 * HOUR, 10],
    ]);
    assert.strictEqual(r.skipped, 6);
  });

  it('says why nothing came back', () => {
    assert.deepStrictEqual(parseUkForecast({ nope: [] }), { points: [], skipped: 0, error: 'the response has no "data" list' });
    assert.deepStrictEqual(parseUkForecast({ data: [] }), { points: [], skipped: 0, error: 'the forecast is empty' });
    assert.deepStrictEqual(parseUkForecast({ data: [uk(at(1), at(2), -5), uk('x', at(2), 5)] }), { points: [], skipped: 2, error: 'none of the 2 forecast entries was usable' });
  });

  it('reads at most 10,000 entries', () => {
    // 10,001 half-hour entries: the first 10,000 are points, the last is counted as skipped.
    const data = Array.from({ length: 10_001 }, (_, i) => ({ from: new Date(T9 + i * 30 * MIN).toISOString(), to: new Date(T9 + (i + 1) * 30 * MIN).toISOString(), intensity: { forecast: 100 } }));
    const r = parseUkForecast({ data });
    assert.strictEqual(r.points.length, 10_000);
    assert.strictEqual(r.skipped, 1);
  });
});

describe('forecast providers: Electricity Maps and WattTime answers', () => {
  it('gives each Electricity Maps hour the series\' step, found in any order', () => {
    // Starts 09:00, 11:00, 10:00 (out of order): successive gaps 1 h, 1 h → each point lasts an hour.
    const r = parseElectricityMapsForecast({ zone: 'DE', forecast: [
      { carbonIntensity: 313, datetime: '2026-12-06T09:00:00.000Z' }, { carbonIntensity: 200, datetime: '2026-12-06T11:00:00.000Z' },
      { carbonIntensity: 250, datetime: '2026-12-06T10:00:00.000Z' },
    ] });
    assert.deepStrictEqual(r, { points: [
      { start: T9, end: T9 + HOUR, gPerKwh: 313 }, { start: T9 + HOUR, end: T9 + 2 * HOUR, gPerKwh: 250 }, { start: T9 + 2 * HOUR, end: T9 + 3 * HOUR, gPerKwh: 200 },
    ], skipped: 0 });
    // A repeated start (gap 0) is no step: still an hour; a 15-minute series: 15 minutes; one entry: an hour.
    const dup = parseElectricityMapsForecast({ forecast: [{ carbonIntensity: 1, datetime: at(9) }, { carbonIntensity: 2, datetime: at(9) }, { carbonIntensity: 3, datetime: at(10) }] });
    assert.deepStrictEqual(dup.points.map((p) => [p.end - p.start, p.gPerKwh]), [[HOUR, 1], [HOUR, 3]]);
    assert.strictEqual(dup.skipped, 1);
    const quarter = parseElectricityMapsForecast({ forecast: [{ carbonIntensity: 1, datetime: at(9) }, { carbonIntensity: 2, datetime: at(9, 15) }, { carbonIntensity: 3, datetime: at(10) }] });
    assert.deepStrictEqual(quarter.points.map((p) => p.end - p.start), [15 * MIN, 15 * MIN, 15 * MIN]);
    assert.deepStrictEqual(parseElectricityMapsForecast({ forecast: [{ carbonIntensity: 7, datetime: 'soon' }, { carbonIntensity: 1, datetime: at(9) }] }).points, [{ start: T9, end: T9 + HOUR, gPerKwh: 1 }]);
    assert.deepStrictEqual(parseElectricityMapsForecast({ zone: 'DE' }), { points: [], skipped: 0, error: 'the response has no "forecast" list' });
  });

  it('converts WattTime\'s lbs/MWh to g/kWh over the period its metadata states', () => {
    // 1,000 lbs/MWh × 0.45359237 = 453.59237 g/kWh; 5-minute points.
    const meta = { data_point_period_seconds: 300, units: 'lbs_co2_per_mwh' };
    const r = parseWattTimeForecast({ data: [{ point_time: '2026-12-06T09:00:00+00:00', value: 1000 }, { point_time: '2026-12-06T09:05:00+00:00', value: '870' }], meta });
    assert.deepStrictEqual(r, { points: [{ start: T9, end: T9 + 5 * MIN, gPerKwh: 453.59237 }], skipped: 1, convertedFrom: 'lbs CO₂/MWh' });
    // Units not stated: co2_moer is lbs/MWh.
    assert.strictEqual(parseWattTimeForecast({ data: [{ point_time: at(9), value: 1000 }], meta: { data_point_period_seconds: 300 } }).points[0].gPerKwh, 453.59237);
    assert.deepStrictEqual(parseWattTimeForecast({ data: [], meta: { units: 'g_co2_per_kwh' } }), { points: [], skipped: 0, error: 'unexpected units "g_co2_per_kwh"' });
    assert.strictEqual(parseWattTimeForecast({ data: [], meta: { units: 'u'.repeat(50) } }).error, `unexpected units "${'u'.repeat(30)}"`);
    assert.strictEqual(parseWattTimeForecast({ meta }).error, 'the response has no "data" list');
  });

  it('takes the stated period between a minute and a day, else the series\' step, else 5 minutes', () => {
    const len = (period: unknown, times = [at(9), at(9, 10)]) =>
      parseWattTimeForecast({ data: times.map((t) => ({ point_time: t, value: 100 })), meta: { data_point_period_seconds: period } }).points[0]?.end - T9;
    assert.strictEqual(len(60), MIN);
    assert.strictEqual(len(86_400), 24 * HOUR);
    assert.strictEqual(len(59), 10 * MIN, 'under a minute: the 10-minute spacing of the points');
    assert.strictEqual(len(86_401), 10 * MIN);
    assert.strictEqual(len('300'), 10 * MIN, 'a period that is not a number');
    assert.strictEqual(len(undefined, [at(9)]), 5 * MIN, 'one point, no period: 5 minutes');
  });
});
