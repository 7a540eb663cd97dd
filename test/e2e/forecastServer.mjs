// A stand-in for the UK Carbon Intensity API on 127.0.0.1, for the carbon-aware timing scenario.
// It answers `GET /intensity/{from}/fw48h` in the API's recorded shape (see
// test/fixtures/forecasts/README.md) with 96 half-hour points starting at the current half hour, so
// the forecast is never in the past. The values are synthetic: a smooth daily curve with its
// lowest point about six hours ahead, so the best window is not "now". It counts every request.
import http from 'node:http';

const HALF_HOUR = 30 * 60 * 1000;

function iso(ms) {
  return new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
}

export function ukForecastBody(nowMs) {
  const start = Math.floor(nowMs / HALF_HOUR) * HALF_HOUR;
  const data = [];
  for (let i = 0; i < 96; i++) {
    const hoursAhead = i / 2;
    const forecast = Math.round(200 - 90 * Math.cos(((hoursAhead - 6) / 24) * 2 * Math.PI));
    data.push({ from: iso(start + i * HALF_HOUR), to: iso(start + (i + 1) * HALF_HOUR), intensity: { forecast, actual: null, index: forecast < 150 ? 'low' : 'moderate' } });
  }
  return { data };
}

export async function startForecastServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.method === 'GET' && /^\/intensity\/[^/]+\/fw48h$/.test(req.url.split('?')[0])) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ukForecastBody(Date.now())));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"404","message":"not served by the test server"}}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests: () => requests.slice(),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
