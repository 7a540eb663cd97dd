#!/usr/bin/env node
// `activate()` time inside a real VS Code: code-server (whose remote extension host is the same
// Node host desktop VS Code runs extensions in), reached through headless Chromium, started N times
// on a workspace holding a YAML training config and a `.carbonlens.yml` (so the extension activates
// on start-up, through `workspaceContains`). Each start reads the line
// `Carbon Lens <version> activated in N ms` that activate() writes to its "Carbon Lens" output
// channel — the log file <user-data-dir>/logs/<session>/exthost1/carbon-lens.carbon-lens/Carbon Lens.log
// — and the median over the starts is reported. Beside it, from the same session's extension-host
// log, the time from VS Code's `ExtensionService#_doActivateExtension carbon-lens.carbon-lens` line
// to ours: loading the bundle (require) plus activate(), at the logs' 1 ms resolution.
//
// The extension is loaded from a copy of the current build (package.json + dist/ + media/ +
// schemas/) as the development extension, so a rebuild running meanwhile cannot change what is
// measured. One user-data-dir serves every start, as for a user who restarts the editor.
//
//   node bench/activation.mjs [--runs 10] [--json FILE] [--keep]
// Exit code 0 also when skipped (code-server or Chromium not installed: `npm run setup:vscode`);
// the JSON then holds { skipped: "<why>" }. Exit code 1 when a start failed to log the line.
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, chromiumPath, filesBelow, codeServerEntry, launchChromium, makeWorkDir, prepareUserData, remoteUri,
  removeWorkDir, sleep, startCodeServer, workbenchUrl,
} from '../test/vscode/codeServer.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const RUNS = Math.max(1, Number(opt('--runs', process.env.ACTIVATION_RUNS || 10)));
const JSON_OUT = opt('--json', undefined);
const KEEP = args.includes('--keep');
const START_TIMEOUT_MS = 90_000;
const LINE = /Carbon Lens \S+ activated in ([\d.]+) ms/;
const STAMP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})/;
const HOST_LINE = /ExtensionService#_doActivateExtension carbon-lens\.carbon-lens\b/;

const t0 = Date.now();
const info = (msg) => console.log(`[activation ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

function finish(result, code = 0) {
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
  process.exit(code);
}

function whyNotRunnable() {
  if (!fs.existsSync(codeServerEntry())) return `code-server is not installed (${path.relative(REPO, codeServerEntry())} missing; run \`npm run setup:vscode\`)`;
  if (!fs.existsSync(chromiumPath())) return `Chromium is not installed (${chromiumPath()} missing; run \`npm run setup:vscode\`)`;
  try {
    // playwright-core drives the browser; it is a devDependency.
    fs.accessSync(path.join(REPO, 'node_modules/playwright-core/package.json'));
  } catch {
    return 'playwright-core is not installed (npm ci)';
  }
  if (!fs.existsSync(path.join(REPO, 'dist/extension.js'))) return 'dist/extension.js is not built (node esbuild.js --production)';
  return undefined;
}

/** A copy of the extension as it would be installed: its manifest and what the manifest points at. */
function copyExtension(work) {
  const dest = path.join(work, 'carbon-lens');
  fs.mkdirSync(dest, { recursive: true });
  for (const name of ['package.json', 'dist', 'media', 'schemas', 'LICENSE', 'README.md', 'CHANGELOG.md']) {
    const src = path.join(REPO, name);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(dest, name), { recursive: true, filter: (p) => !p.endsWith('.map') });
  }
  return dest;
}

function makeWorkspace(work) {
  const dir = path.join(work, 'workspace');
  fs.mkdirSync(dir, { recursive: true });
  const axolotl = path.join(REPO, 'test/fixtures/workspace/axolotl.yaml');
  fs.writeFileSync(path.join(dir, 'train.yaml'), fs.existsSync(axolotl)
    ? fs.readFileSync(axolotl, 'utf8')
    : 'base_model: meta-llama/Meta-Llama-3-8B\nadapter: qlora\nload_in_4bit: true\nsequence_len: 4096\nmicro_batch_size: 2\nnum_epochs: 3\ndatasets:\n  - path: tatsu-lab/alpaca\n    type: alpaca\n');
  fs.writeFileSync(path.join(dir, '.carbonlens.yml'), '# Budget for the configs in this folder.\nperRunKg: 100\n');
  return dir;
}

/** Every output-channel log of ours under the user-data-dir's logs. */
function channelLogs(userData) {
  return filesBelow(path.join(userData, 'logs'), (_dir, name) => /Carbon Lens.*\.log$/.test(name));
}

function newActivationLines(userData, seen) {
  const found = [];
  for (const f of channelLogs(userData)) {
    let text = '';
    try { text = fs.readFileSync(f, 'utf8'); } catch { continue; }
    text.split('\n').forEach((line, i) => {
      const key = `${f}:${i}`;
      const m = LINE.exec(line);
      if (m && !seen.has(key)) found.push({ key, ms: Number(m[1]), file: f, at: stampOf(line) });
    });
  }
  return found;
}

/** Milliseconds of a log line's local timestamp (both logs share the clock). */
function stampOf(line) {
  const m = STAMP.exec(line);
  return m ? Date.parse(m[1].replace(' ', 'T')) : undefined;
}

/** Time from the host's "activating carbon-lens" line to our "activated" line: require + activate(). */
function loadAndActivateMs(hit) {
  const hostDir = path.dirname(path.dirname(hit.file));
  if (hit.at === undefined) return undefined;
  for (const name of ['remoteexthost.log', 'exthost.log']) {
    let text;
    try { text = fs.readFileSync(path.join(hostDir, name), 'utf8'); } catch { continue; }
    const line = text.split('\n').find((l) => HOST_LINE.test(l));
    const at = line && stampOf(line);
    if (at !== undefined) return hit.at - at;
  }
  return undefined;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const why = whyNotRunnable();
  if (why) {
    console.log(`activation benchmark skipped: ${why}`);
    finish({ skipped: why });
  }
  const work = makeWorkDir('carbon-lens-activation-');
  const extDir = copyExtension(work);
  const workspace = makeWorkspace(work);
  const { userData, extensions } = prepareUserData(work);
  const seen = new Set();
  const samples = [];
  const loadSamples = [];
  let browser;
  let failure;
  try {
    browser = await launchChromium(work);
    for (let i = 1; i <= RUNS; i++) {
      const server = await startCodeServer({ work, userData, extensions });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const payload = [['extensionDevelopmentPath', remoteUri(server, extDir)]];
        const started = Date.now();
        await page.goto(workbenchUrl(server, { folder: workspace, payload }), { timeout: 30_000 });
        let hit;
        while (!hit) {
          if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`start ${i}: no "activated in" line within ${START_TIMEOUT_MS / 1000} s (logs: ${path.join(userData, 'logs')})`);
          await sleep(200);
          hit = newActivationLines(userData, seen)[0];
        }
        for (const l of newActivationLines(userData, seen)) seen.add(l.key);
        samples.push(hit.ms);
        const withLoad = loadAndActivateMs(hit);
        if (withLoad !== undefined) loadSamples.push(withLoad);
        info(`start ${i}/${RUNS}: activate() ${hit.ms} ms; require + activate ${withLoad ?? '?'} ms (logged ${((Date.now() - started) / 1000).toFixed(1)} s after the page load began)`);
      } finally {
        await context.close().catch(() => {});
        await server.stop();
      }
    }
  } catch (e) {
    failure = e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (KEEP) info(`work folder kept: ${work}`);
    else removeWorkDir(work);
  }
  if (failure) {
    console.error(`activation benchmark failed: ${failure.stack || failure}`);
    finish({ error: String(failure.message || failure), samples }, 1);
  }
  const result = {
    runs: samples.length, medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), samples,
    loadAndActivate: loadSamples.length ? { medianMs: median(loadSamples), samples: loadSamples } : undefined,
  };
  info(`activate(): median of ${samples.length} ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs})` +
    (result.loadAndActivate ? `; require + activate: median ${result.loadAndActivate.medianMs} ms` : ''));
  finish(result);
}

main().catch((e) => {
  console.error(e.stack || e);
  finish({ error: String(e.message || e) }, 1);
});
