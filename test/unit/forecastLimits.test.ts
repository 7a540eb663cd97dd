// The forecast client against hostile answers from local servers on 127.0.0.1 (audit 2026-12, L3):
// a redirect to another origin must not carry the Electricity Maps token there, and a body that never
// ends, or a small gzip that inflates to 300 MB, must be cut at the 5 MB cap instead of filling memory.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { createForecastClient, type ForecastResult } from '../../src/online/forecastClient';

const TOKEN = 'em-secret-token-XYZ';

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

function errorOf(r: ForecastResult): string {
  assert.ok('error' in r, 'expected an error, got a forecast');
  return r.error;
}

/** `mb` MB of zeros, gzip-compressed as a stream (the test process never holds the inflated size). */
async function gzipOfZeros(mb: number): Promise<Buffer> {
  const zeros = Buffer.alloc(1024 * 1024);
  let left = mb;
  const source = new Readable({ read() { this.push(left-- > 0 ? zeros : null); } });
  const chunks: Buffer[] = [];
  for await (const c of source.pipe(zlib.createGzip({ level: 1 }))) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('forecast client limits (local servers)', function () {
  this.timeout(20_000);

  it('does not follow a redirect to another origin: the token never reaches it', async () => {
    const seenThere: http.IncomingHttpHeaders[] = [];
    const other = await listen((req, res) => {
      seenThere.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"forecast": []}');
    });
    const api = await listen((_req, res) => res.writeHead(302, { Location: `${other.origin}/steal` }).end());
    try {
      const client = createForecastClient({ baseUrls: { 'electricity-maps': api.origin } });
      const e = errorOf(await client.getForecast({ provider: 'electricity-maps', zone: 'DE', credentials: { token: TOKEN } }));
      // Before: undici followed the 302 and the other server received `auth-token: em-secret-token-XYZ`.
      assert.strictEqual(seenThere.length, 0, 'the other origin was never asked');
      assert.match(e, /^Electricity Maps: network error — /);
      assert.ok(!e.includes(TOKEN));
    } finally {
      await close(api.server);
      await close(other.server);
    }
  });

  it('cuts an endless chunked body at the cap, quickly and without large memory growth', async () => {
    let stopped = false;
    const api = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!stopped && !res.destroyed && res.write(chunk)) { /* until the socket pushes back */ }
        if (!stopped && !res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => (stopped = true));
      pump();
    });
    try {
      const rss = process.memoryUsage().rss;
      const client = createForecastClient({ baseUrls: { 'uk-carbon-intensity': api.origin }, timeoutMs: 8000 });
      const e = errorOf(await client.getForecast({ provider: 'uk-carbon-intensity' }));
      const grew = (process.memoryUsage().rss - rss) / 1024 / 1024;
      // Before: RSS grew 542 MB until the timeout ended it. The cap is 5 MB of body. The message (not the
      // client's timeout error) shows the cap cut it; no wall-clock assert here (issue 19).
      assert.strictEqual(e, 'UK Carbon Intensity API: the answer is too large to be a forecast');
      assert.ok(grew < 150, `RSS grew ${grew.toFixed(0)} MB`);
    } finally {
      stopped = true;
      await close(api.server);
    }
  });

  it('counts inflated bytes: a gzip body of 300 MB of zeros is cut at the cap', async () => {
    const bomb = await gzipOfZeros(300); // about 1.3 MB on the wire, under the 5 MB content-length check
    assert.ok(bomb.length < 5_000_000, `${bomb.length} bytes compressed`);
    const api = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
      res.end(bomb);
    });
    try {
      const rss = process.memoryUsage().rss;
      const client = createForecastClient({ baseUrls: { 'uk-carbon-intensity': api.origin } });
      const e = errorOf(await client.getForecast({ provider: 'uk-carbon-intensity' }));
      const grew = (process.memoryUsage().rss - rss) / 1024 / 1024;
      // Before: 636 MB of RSS growth (the whole 300 MB inflated, then held as a string).
      assert.strictEqual(e, 'UK Carbon Intensity API: the answer is too large to be a forecast');
      assert.ok(grew < 150, `RSS grew ${grew.toFixed(0)} MB`);
    } finally {
      await close(api.server);
    }
  });
});
