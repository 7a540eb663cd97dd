#!/usr/bin/env node
// Runs the mocha integration suite (out/test/integration) inside a real VS Code
// extension host: code-server's, reached through headless Chromium.
//
// code-server has no --extensionTestsPath flag; the web workbench instead reads
// the development extension and the test entry from the `payload` URL
// parameter, runs the tests in the remote Node extension host, and reports the
// result by calling window.codeAutomationExit(code), which we provide.
//
// Exit code: 0 all passed, 1 a test failed (or the harness could not run),
// 2 the suite did not finish within TEST_TIMEOUT_MS.
//
// Env: TEST_TIMEOUT_MS (default 300000), TEST_GREP (mocha grep),
//      VERBOSE=1 (also print workbench log lines), KEEP_WORK=1 (keep the temp folder).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  REPO, assertToolsInstalled, collectLogs, copyWorkspace, isolatedEnv, launchChromium, makeWorkDir,
  prepareUserData, remoteUri, removeWorkDir, startCodeServer, workbenchUrl,
} from './codeServer.mjs';

const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1)}s]`;
const info = (msg) => console.log(`${stamp()} ${msg}`);

const TEST_TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 300000);
const VERBOSE = process.env.VERBOSE === '1';
const TESTS_ENTRY = path.join(REPO, 'out/test/integration/index.js');
const FIXTURES = path.join(REPO, 'test/fixtures/workspace');
const LOG_DIR = path.join(REPO, 'out/test/vscode-logs');

// The workbench's own log lines reach codeAutomationLog through the same
// channel as mocha's output, with nothing to tell them apart but their text.
// These are routine start-up lines or expected noise in this offline setup.
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^ChatSessionStore:/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^Creation of workbench contribution .* took \d+ms/,
  /open-vsx\.org|ENOTFOUND|getaddrinfo/i,
  /vsda|\.wasm/,
  /uses a document selector without scheme/,
  /^\s*$/,
];

async function main() {
  for (const [file, hint] of [
    [path.join(REPO, 'dist/extension.js'), 'node esbuild.js'],
    [TESTS_ENTRY, 'node scripts/build-tests.js'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO, file)} is missing; run \`${hint}\` (npm run pretest:vscode does both)`);
  }
  assertToolsInstalled();

  const work = makeWorkDir('carbon-lens-integration-');
  const workspace = copyWorkspace(FIXTURES, work);
  const { userData, extensions } = prepareUserData(work);
  const summaryFile = path.join(work, 'mocha-summary.json');
  const env = isolatedEnv(work, {
    CARBON_LENS_TEST_SUMMARY: summaryFile,
    ...(process.env.TEST_GREP ? { CARBON_LENS_TEST_GREP: process.env.TEST_GREP } : {}),
  });

  let server;
  let browser;
  let code = 1;
  let workbenchLogs = [];
  try {
    server = await startCodeServer({ work, userData, extensions, env, log: info });
    browser = await launchChromium(work);
    const page = await browser.newPage();
    const consoleLog = fs.createWriteStream(path.join(work, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));

    let resolveExit;
    const exit = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationExit', (exitCode, logs) => {
      workbenchLogs = Array.isArray(logs) ? logs : [];
      resolveExit(Number(exitCode));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (VERBOSE || !NOISE.some((re) => re.test(text))) process.stdout.write(`${text}\n`);
    });

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, REPO)],
      ['extensionTestsPath', remoteUri(server, TESTS_ENTRY)],
    ];
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), TEST_TIMEOUT_MS); });
    info(`loading workbench with ${path.relative(REPO, TESTS_ENTRY)} on a copy of test/fixtures/workspace`);
    await page.goto(workbenchUrl(server, { folder: workspace, payload }), { timeout: 30000 });
    const died = server.exited.then(() => 'server-exited');
    const outcome = await Promise.race([exit, timeout, died]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      info(`the suite did not finish within ${TEST_TIMEOUT_MS} ms`);
      code = 2;
    } else if (outcome === 'server-exited') {
      info('code-server exited while the tests were running');
      code = 1;
    } else {
      code = outcome;
    }
    consoleLog.end();
  } catch (e) {
    info(`harness error: ${e.stack || e}`);
    code = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  }

  printTally(summaryFile, code);
  if (code !== 0) {
    fs.rmSync(LOG_DIR, { recursive: true, force: true });
    const saved = collectLogs({ server, userData, destDir: LOG_DIR, prefix: '' });
    for (const l of workbenchLogs) {
      if (!l?.relativePath) continue;
      const p = path.join(LOG_DIR, 'workbench', l.relativePath);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, String(l.contents ?? ''));
    }
    for (const f of ['browser-console.log']) {
      if (fs.existsSync(path.join(work, f))) fs.copyFileSync(path.join(work, f), path.join(LOG_DIR, f));
    }
    if (saved.length || workbenchLogs.length) info(`logs saved in ${path.relative(REPO, LOG_DIR)}/`);
  }
  if (process.env.KEEP_WORK === '1') info(`work folder kept: ${work}`);
  else removeWorkDir(work);
  info(`extension tests exit code ${code}`);
  return code;
}

// A plain "N passed, N failed" line: readable by people and by CI log scanners,
// which do not know mocha's own closing lines.
function printTally(summaryFile, code) {
  let s;
  try { s = JSON.parse(fs.readFileSync(summaryFile, 'utf8')); } catch { /* suite never finished */ }
  if (s) console.log(`integration: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
  else console.log(`integration: no result (exit code ${code})`);
}

main().then((code) => process.exit(code), (e) => {
  console.error(e.stack || e);
  process.exit(1);
});
