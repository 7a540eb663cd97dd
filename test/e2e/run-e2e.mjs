#!/usr/bin/env node
// Browser end-to-end tests: the extension installed from its .vsix (exactly
// what a user installs) into code-server, driven through headless Chromium.
// Scenarios run in order on one page; each reports PASS/FAIL with its time,
// and a failure leaves a screenshot and the logs in test/e2e/artifacts/.
//
//   node test/e2e/run-e2e.mjs                  all scenarios
//   node test/e2e/run-e2e.mjs --only a,b       the harness check plus a and b
//   node test/e2e/run-e2e.mjs --list
//   --vsix PATH        use this .vsix instead of packaging one
//   --keep             keep the temp work folder (workspace copy, logs)
//   --docs-images      scenarios that take the README's pictures write them into docs/images
//                      instead of test/e2e/screenshots (`npm run screenshots`)
//   --stand-in         the tests of the tests: run against test/e2e/stand-in, which has
//                      the same ids and surfaces but prints a constant estimate. The
//                      harness scenario must pass and every scenario that compares
//                      figures must FAIL with a figure mismatch; exit 0 when that holds.
//                      (Also `npm run test:e2e:stand-in`.)
// Env: E2E_WAIT_MS  deadline of each wait, default 20000, at most 30000
//      HEADED=1     show the browser (needs a display)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  REPO, assertToolsInstalled, collectLogs, copyWorkspace, extensionHostLogs, installVsix, isolatedEnv,
  launchChromium, makeWorkDir, prepareUserData, removeWorkDir, startCodeServer, workbenchUrl,
} from '../vscode/codeServer.mjs';
import { EXTENSION_ID, closeQuickInput } from './lib.mjs';
import { startForecastServer } from './forecastServer.mjs';
import { cliEstimate } from './figures.mjs';

const CLI = path.join(REPO, 'dist/cli.js');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');
const SCREENSHOTS = path.join(HERE, 'screenshots');
const FIXTURES = path.join(REPO, 'test/fixtures/workspace');
const WAIT_MS = Math.min(Number(process.env.E2E_WAIT_MS || 20000), 30000);
// A scenario makes a handful of waits; this only catches one that hangs outside them.
const SCENARIO_CAP_MS = 120000;

const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
const info = (msg) => console.log(`${stamp()} ${msg}`);

function parseArgs(argv) {
  const opts = { only: null, list: false, vsix: null, keep: false, standIn: false, docsImages: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only = argv[++i];
    else if (a.startsWith('--only=')) opts.only = a.slice(7);
    else if (a === '--list') opts.list = true;
    else if (a === '--vsix') opts.vsix = argv[++i];
    else if (a === '--keep') opts.keep = true;
    else if (a === '--stand-in') opts.standIn = true;
    else if (a === '--docs-images') opts.docsImages = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.only !== null) opts.only = new Set(opts.only.split(',').map((s) => s.trim()).filter(Boolean));
  return opts;
}

async function loadScenarios() {
  const dir = path.join(HERE, 'scenarios');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const list = [];
  for (const f of files) list.push((await import(pathToFileURL(path.join(dir, f)))).default);
  return list;
}

function packageVsix({ allowMissingReadmeImages = false } = {}) {
  const out = path.join(REPO, 'out/carbon-lens.vsix');
  info('packaging the extension (production build + vsce package)');
  // Taking the README's pictures must work before they exist: the package may lack one (a warning).
  const env = allowMissingReadmeImages ? { ...process.env, CARBON_LENS_README_ALLOW_MISSING: '1' } : process.env;
  const r = spawnSync('bash', [path.join(REPO, 'scripts/package-vsix.sh'), out], {
    cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180000, env,
  });
  if (r.status !== 0) throw new Error(`packaging failed (rc ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

// The stand-in takes its ids and contributions from the real manifest, so it
// keeps matching what the scenarios look for as package.json evolves.
function packageStandIn(work) {
  const real = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const dir = path.join(work, 'stand-in');
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  fs.copyFileSync(path.join(HERE, 'stand-in/extension.js'), path.join(dir, 'extension.js'));
  fs.cpSync(path.join(REPO, 'media'), path.join(dir, 'media'), { recursive: true });
  const manifest = {
    name: real.name, displayName: real.displayName, version: real.version, publisher: real.publisher,
    description: 'e2e stand-in', license: 'MIT', repository: real.repository, engines: { vscode: real.engines.vscode },
    main: './extension.js', activationEvents: real.activationEvents,
    contributes: {
      commands: real.contributes.commands,
      viewsContainers: real.contributes.viewsContainers,
      views: real.contributes.views,
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // The near misses (see stand-in/extension.js): the CLI's strings for the surfaces the stand-in gets
  // right, so that the check after them in scenarios a, b, d and f is what has to catch it.
  const axolotl = cliEstimate(FIXTURES, 'axolotl.yaml');
  const run = cliEstimate(FIXTURES, 'carbon-lens-run.yaml');
  const pick = (c) => ({ co2e: c.co2e, energy: c.energy, hardware: c.hardware, mid: c.mid, embodied: c.embodied, epochs: c.json.inputs.epochs });
  fs.writeFileSync(path.join(dir, 'figures.json'), JSON.stringify({
    'axolotl.yaml': { ...pick(axolotl), lens: true, hover: true },
    'carbon-lens-run.yaml': { ...pick(run), headline: true },
  }, null, 2));
  const out = path.join(work, 'stand-in.vsix');
  info('packaging the stand-in extension');
  const r = spawnSync(path.join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000,
  });
  if (r.status !== 0) throw new Error(`packaging the stand-in failed (rc ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

function resetDir(dir, keep = []) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (!keep.includes(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  }
}

function withCap(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} exceeded ${ms} ms`)), ms); }),
  ]);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const scenarios = await loadScenarios();
  if (opts.list) {
    for (const s of scenarios) console.log(`${s.id}  ${s.name}`);
    return 0;
  }
  const harness = scenarios.find((s) => s.id === '0');
  const selected = scenarios.filter((s) => s === harness || !opts.only || opts.only.has(s.id));
  const unknown = opts.only ? [...opts.only].filter((id) => !scenarios.some((s) => s.id === id)) : [];
  if (unknown.length) throw new Error(`no scenario with id ${unknown.join(', ')} (see --list)`);

  assertToolsInstalled();
  resetDir(ARTIFACTS, ['.gitignore']);
  // Stand-in pictures must never be mistaken for (or overwrite) the real ones.
  const screenshotsDir = opts.standIn ? path.join(SCREENSHOTS, 'stand-in') : SCREENSHOTS;
  fs.mkdirSync(screenshotsDir, { recursive: true });
  // The README's pictures: tracked files, written only when asked (and never from the stand-in).
  const docsImagesDir = opts.docsImages && !opts.standIn ? path.join(REPO, 'docs/images') : screenshotsDir;

  const work = makeWorkDir('carbon-lens-e2e-');
  let vsix;
  // The scenarios take their expected figures from the CLI: packaging builds it with the extension;
  // otherwise (stand-in, a given .vsix) it is built from this tree.
  if (opts.standIn || opts.vsix) buildCli();
  if (opts.standIn) vsix = packageStandIn(work);
  else vsix = opts.vsix ? path.resolve(opts.vsix) : packageVsix({ allowMissingReadmeImages: opts.docsImages });
  const workspace = copyWorkspace(FIXTURES, work);
  const { userData, extensions } = prepareUserData(work);
  // A local stand-in for the forecast API: the extension reaches it only when a scenario turns
  // online features on, and every request it gets is counted.
  const forecast = await startForecastServer();
  const env = isolatedEnv(work, { CARBON_LENS_FORECAST_ORIGIN: forecast.origin });
  info(`installing ${path.relative(REPO, vsix)} into a fresh extensions dir`);
  installVsix({ work, userData, extensions, vsix, env });

  const results = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({ work, userData, extensions, env, log: info });
    browser = await launchChromium(work);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const consoleLog = fs.createWriteStream(path.join(work, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
    await page.goto(workbenchUrl(server, { folder: workspace }), { timeout: 30000 });

    let harnessBroken = false;
    for (const s of selected) {
      if (opts.standIn && s.realOnly) {
        results.push({ id: s.id, name: s.name, status: 'SKIP', ms: 0, error: 'needs the real extension (the stand-in has no such feature)' });
        info(`SKIP ${s.id} ${s.name} (stand-in)`);
        continue;
      }
      if (harnessBroken) {
        results.push({ id: s.id, name: s.name, status: 'SKIP', ms: 0, error: 'harness scenario failed' });
        info(`SKIP ${s.id} ${s.name}`);
        continue;
      }
      const notes = [];
      const started = Date.now();
      const ctx = {
        page, workspace, timeout: WAIT_MS, screenshotsDir, docsImagesDir, artifactsDir: ARTIFACTS, userData,
        extensionsDir: extensions, forecast,
        note: (m) => notes.push(m),
      };
      try {
        await withCap(s.run(ctx), SCENARIO_CAP_MS, `scenario ${s.id}`);
        const ms = Date.now() - started;
        results.push({ id: s.id, name: s.name, status: 'PASS', ms, notes });
        info(`PASS ${s.id} ${s.name} (${(ms / 1000).toFixed(1)} s)`);
      } catch (e) {
        const ms = Date.now() - started;
        const error = String(e.message || e).split('\n').slice(0, 4).join('\n');
        const files = await saveFailureArtifacts({ page, s, server, userData, work });
        results.push({ id: s.id, name: s.name, status: 'FAIL', ms, notes, error, artifacts: files, mismatch: !!e.figureMismatch });
        info(`FAIL ${s.id} ${s.name} (${(ms / 1000).toFixed(1)} s)`);
        console.log(`         ${error.replace(/\n/g, '\n         ')}`);
        console.log(`         artifacts: ${files.map((f) => path.relative(REPO, f)).join(', ')}`);
        if (s === harness) harnessBroken = true;
      }
      for (const n of notes) console.log(`         ${n}`);
      // Leave no palette or hover open for the next scenario.
      await closeQuickInput(page).catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
    consoleLog.end();
  } catch (e) {
    info(`harness error: ${e.stack || e}`);
    results.push({ id: '-', name: 'harness setup', status: 'FAIL', ms: 0, error: String(e.message || e) });
    collectLogs({ server, userData, destDir: ARTIFACTS, prefix: 'setup-' });
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    await forecast.stop();
  }

  const activationError = findActivationError(userData);
  if (activationError) info(`extension host reported: ${activationError}`);
  fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify({ vsix, results }, null, 2));
  if (opts.keep) info(`work folder kept: ${work}`);
  else removeWorkDir(work);

  const count = (st) => results.filter((r) => r.status === st).length;
  console.log('\nscenario  result  time     name');
  for (const r of results) {
    console.log(`${r.id.padEnd(9)} ${r.status.padEnd(7)} ${`${(r.ms / 1000).toFixed(1)}s`.padEnd(8)} ${r.name}`);
  }
  console.log(`e2e: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped`);
  info(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (opts.standIn) return selfCheck(results, selected);
  return count('FAIL') || count('PASS') === 0 ? 1 : 0;
}

/**
 * The verdict of a stand-in run: what each scenario had to do against an extension that prints a
 * constant. The harness scenario checks no figure, so it must pass (else the runner is what broke);
 * a scenario that compares figures must fail, and fail on a figure (FigureMismatch), not on a
 * timeout or a selector, which would say nothing about its comparison.
 */
function selfCheck(results, scenarios) {
  const problems = [];
  console.log('\nstand-in self-check: expected        got');
  for (const r of results) {
    const s = scenarios.find((x) => x.id === r.id);
    let expected;
    let ok;
    if (!s) { expected = 'PASS'; ok = r.status === 'PASS'; }
    else if (s.realOnly) { expected = 'SKIP'; ok = r.status === 'SKIP'; }
    else if (s.comparesFigures) {
      // Where the stand-in is a near miss, the scenario must fail at the check after the one it passes.
      expected = s.standInFailure ? 'FAIL (later figure)' : 'FAIL (figures)';
      ok = r.status === 'FAIL' && r.mismatch && (!s.standInFailure || s.standInFailure.test(r.error));
    }
    else { expected = 'PASS'; ok = r.status === 'PASS'; }
    const got = r.status === 'FAIL' ? `FAIL (${r.mismatch ? 'figures' : 'other'})` : r.status;
    console.log(`  ${r.id.padEnd(3)} ${expected.padEnd(22)} ${got.padEnd(15)} ${ok ? 'ok' : 'WRONG'}  ${r.status === 'FAIL' ? r.error.split('\n')[0].slice(0, 110) : ''}`);
    if (!ok) problems.push(`${r.id}: expected ${expected}, got ${got}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`);
  }
  for (const s of scenarios) {
    if (!results.some((r) => r.id === s.id)) problems.push(`${s.id}: did not run`);
  }
  if (problems.length) {
    console.log(`stand-in self-check FAILED:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`stand-in self-check passed: ${results.filter((r) => r.mismatch).map((r) => r.id).join(', ')} caught the constant estimate`);
  return 0;
}

function buildCli() {
  const r = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], {
    cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000,
  });
  if (r.status !== 0 || !fs.existsSync(CLI)) throw new Error(`building the CLI failed (rc ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

async function saveFailureArtifacts({ page, s, server, userData, work }) {
  const prefix = `${s.id}-`;
  const files = [];
  const shot = path.join(ARTIFACTS, `${prefix}screenshot.png`);
  try {
    await page.screenshot({ path: shot, timeout: 10000 });
    files.push(shot);
  } catch { /* the page itself may be gone; the logs still help */ }
  files.push(...collectLogs({ server, userData, destDir: ARTIFACTS, prefix }));
  const consoleFile = path.join(work, 'browser-console.log');
  if (fs.existsSync(consoleFile)) {
    const p = path.join(ARTIFACTS, `${prefix}browser-console.log`);
    fs.copyFileSync(consoleFile, p);
    files.push(p);
  }
  return files;
}

// An exception thrown by activate() only shows in the extension host log;
// surfacing it saves a trip through the artifacts when every scenario fails.
function findActivationError(userData) {
  for (const f of extensionHostLogs(userData)) {
    const text = fs.readFileSync(f, 'utf8');
    const m = text.match(new RegExp(`Activating extension '?${EXTENSION_ID}'? failed[^\\n]*`, 'i'));
    if (m) return m[0];
  }
  return null;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e.stack || e);
  process.exit(1);
});
