// Shared plumbing for running Carbon Lens inside a real VS Code: code-server
// (VS Code's web build, which runs extensions in a Node extension host just as
// desktop VS Code does) driven by headless Chromium through playwright-core.
// Used by the in-editor mocha runner and by the browser e2e runner.
//
// Everything a run writes goes under one temporary WORK folder so runs cannot
// see each other's state and nothing lands in $HOME.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST = '127.0.0.1';

export function codeServerEntry() {
  if (process.env.CODE_SERVER_ENTRY) return process.env.CODE_SERVER_ENTRY;
  const cache = process.env.CARBON_LENS_CACHE || path.join(REPO, '.cache/code-server');
  return path.join(cache, 'node_modules/code-server/out/node/entry.js');
}

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (fs.existsSync(p)) return p;
  }
  return '/usr/bin/chromium';
}

/** Fails early with the fix, rather than 30 s later with a timeout. */
export function assertToolsInstalled() {
  const problems = [];
  if (!fs.existsSync(codeServerEntry())) problems.push(`code-server not found at ${codeServerEntry()}`);
  if (!fs.existsSync(chromiumPath())) problems.push(`Chromium not found at ${chromiumPath()}`);
  if (problems.length) {
    throw new Error(`${problems.join('; ')}.\nRun: npm run setup:vscode   (bash scripts/setup-vscode-test-env.sh)`);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor(what, check, { timeoutMs = 20000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const workDirs = new Set();
export function makeWorkDir(prefix = 'carbon-lens-vscode-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  workDirs.add(dir);
  hookCleanup();
  return dir;
}

/** Copies a folder so tests that edit files never touch the repository's fixtures. */
export function copyWorkspace(src, work) {
  const dest = path.join(work, 'workspace');
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

/** Environment that keeps code-server, the extension host and Chromium out of $HOME. */
export function isolatedEnv(work, extra = {}) {
  const xdg = path.join(work, 'xdg');
  for (const d of ['config', 'data', 'cache', 'run']) fs.mkdirSync(path.join(xdg, d), { recursive: true, mode: 0o700 });
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    // VS Code puts its vscode-ipc-*.sock here (else in /tmp, where they outlive the run).
    XDG_RUNTIME_DIR: path.join(xdg, 'run'),
    ...extra,
  };
}

// Settings that keep the first screen to a plain explorer: no welcome tab,
// trust prompt, tips or recommendation toasts that would steal focus or cover
// what the tests look at. Fast hovers keep the hover test short.
const SEEDED_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.hover.delay': 200,
  'editor.codeLens': true,
  // Apply writes at once: the refactor preview waits for a click no test makes (the preview is on by default).
  'carbonLens.apply.preview': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  // Same picture every run (npm run screenshots): no timed word highlight, no blinking cursor.
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'editor.cursorBlinking': 'solid',
};

export function prepareUserData(work, settings = {}) {
  const userData = path.join(work, 'user-data');
  const extensions = path.join(work, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify({ ...SEEDED_SETTINGS, ...settings }, null, 2),
  );
  return { userData, extensions };
}

/** Installs a .vsix the way a user would (`code --install-extension`). */
export function installVsix({ work, userData, extensions, vsix, env }) {
  const r = spawnSync(
    process.execPath,
    [codeServerEntry(), '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
    { env: env || isolatedEnv(work), encoding: 'utf8', timeout: 60000 },
  );
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (rc ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server and resolves once /healthz answers.
 * Returns { url, port, pid, logFile, stop(), exited }.
 */
export async function startCodeServer({
  work,
  userData,
  extensions,
  folder, // optional: opened on start
  env,
  timeoutMs = 30000,
  log = () => {},
}) {
  assertToolsInstalled();
  const logFile = path.join(work, 'code-server.log');
  // A port picked by freePort() can be taken by someone else before
  // code-server binds it; a second try with a new port covers that race.
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = [
      codeServerEntry(),
      '--auth', 'none',
      '--bind-addr', `${HOST}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
    ];
    if (folder) args.push(folder);
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `\n=== code-server start (attempt ${attempt}) ${new Date().toISOString()}\n$ node ${args.join(' ')}\n`);
    // detached: code-server forks a child server; its own process group lets
    // stop() end both with one signal, whatever code-server does on SIGTERM.
    const child = spawn(process.execPath, args, {
      env: env || isolatedEnv(work),
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    fs.closeSync(fd);
    let exitInfo = null;
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    }));
    registerForCleanup(child.pid);
    const url = `http://${HOST}:${port}`;
    try {
      await waitFor(`code-server /healthz on ${url}`, async () => {
        if (exitInfo) throw new Error(`code-server exited early (${JSON.stringify(exitInfo)})`);
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          return res.ok;
        } catch {
          return false;
        }
      }, { timeoutMs, intervalMs: 150 });
    } catch (e) {
      lastError = e;
      await stopProcessGroup(child.pid);
      if (exitInfo && /EADDRINUSE/.test(readTail(logFile, 4000))) continue;
      throw new Error(`${e.message}\n--- code-server log tail ---\n${readTail(logFile, 3000)}`);
    }
    log(`code-server up at ${url} (pid ${child.pid})`);
    return {
      url,
      port,
      pid: child.pid,
      logFile,
      exited,
      stop: () => stopProcessGroup(child.pid),
    };
  }
  throw lastError;
}

const liveGroups = new Set();
let cleanupHooked = false;
function registerForCleanup(pid) {
  liveGroups.add(pid);
  hookCleanup();
}

function hookCleanup() {
  if (cleanupHooked) return;
  cleanupHooked = true;
  // Last resort if the runner dies or is interrupted: never leave a server behind.
  process.on('exit', () => {
    for (const p of liveGroups) {
      try { process.kill(-p, 'SIGKILL'); } catch { /* already gone */ }
    }
  });
  // An interrupted run also drops its temp folders; a finished one decides
  // itself (KEEP_WORK / --keep).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const p of liveGroups) {
        try { process.kill(-p, 'SIGKILL'); } catch { /* already gone */ }
      }
      for (const d of workDirs) removeWorkDir(d);
      process.exit(130);
    });
  }
}

async function stopProcessGroup(pid) {
  const signalGroup = (sig) => {
    try { process.kill(-pid, sig); } catch { /* group already gone */ }
  };
  if (groupAlive(pid)) {
    signalGroup('SIGTERM');
    try {
      // The leader can exit before the server it forked; wait for the whole group.
      await waitFor('code-server to exit after SIGTERM', () => !groupAlive(pid), { timeoutMs: 10000 });
    } catch {
      signalGroup('SIGKILL');
      await waitFor('code-server to exit after SIGKILL', () => !groupAlive(pid), { timeoutMs: 5000 }).catch(() => {});
    }
  }
  liveGroups.delete(pid);
}

/**
 * True while any non-zombie process is in the group. Zombies are ignored
 * because a container's PID 1 may never reap the orphans it inherits.
 */
export function groupAlive(pgid) {
  let entries;
  try { entries = fs.readdirSync('/proc'); } catch {
    try { process.kill(-pgid, 0); return true; } catch { return false; }
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
    // Fields after the parenthesised command: state ppid pgrp ...
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid && rest[0] !== 'Z') return true;
  }
  return false;
}

export function readTail(file, bytes) {
  try {
    const buf = fs.readFileSync(file);
    return buf.subarray(Math.max(0, buf.length - bytes)).toString('utf8');
  } catch {
    return '';
  }
}

/** Every file below `root` (recursively) for which `keep(dir, name)` is true; unreadable folders are skipped. */
export function filesBelow(root, keep) {
  const out = [];
  const walk = (dir) => {
    let entries = [];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(dir, e.name)) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** The remote extension host's logs: activation errors and the extensions' output channels. */
export function extensionHostLogs(userData) {
  // exthost*.log: activation and host errors; output_logging_*/: every extension's output channel,
  // where the extension's own warnings go.
  return filesBelow(path.join(userData, 'logs'), (dir, name) => /exthost\d*\.log$|remoteagent\.log$/.test(name) || /output_logging_/.test(dir));
}

/** Copies code-server's log and the extension-host logs next to other failure artifacts. */
export function collectLogs({ server, userData, destDir, prefix }) {
  fs.mkdirSync(destDir, { recursive: true });
  const saved = [];
  if (server?.logFile && fs.existsSync(server.logFile)) {
    const p = path.join(destDir, `${prefix}code-server.log`);
    fs.copyFileSync(server.logFile, p);
    saved.push(p);
  }
  for (const f of extensionHostLogs(userData)) {
    const p = path.join(destDir, `${prefix}${path.basename(path.dirname(f))}-${path.basename(f)}`);
    fs.copyFileSync(f, p);
    saved.push(p);
  }
  return saved;
}

export async function launchChromium(work, { headless = process.env.HEADED !== '1' } = {}) {
  const { chromium } = await import('playwright-core');
  const chromeXdg = path.join(work, 'chrome-xdg');
  fs.mkdirSync(path.join(chromeXdg, 'cache'), { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless,
    timeout: 30000,
    args: [
      // Chromium refuses to start sandboxed as root, which CI is.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // Only loopback is reachable; these keep Chromium from trying anything else.
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Chromium writes crash reports and dconf under XDG dirs, i.e. $HOME by default.
    env: { ...process.env, XDG_CONFIG_HOME: chromeXdg, XDG_CACHE_HOME: path.join(chromeXdg, 'cache') },
  });
}

/** A `vscode-remote://` URI for a path on the code-server machine, as the workbench payload wants. */
export function remoteUri(server, p) {
  return `vscode-remote://${HOST}:${server.port}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(server, { folder, payload } = {}) {
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/${q.length ? `?${q.join('&')}` : ''}`;
}

export function removeWorkDir(work) {
  try { fs.rmSync(work, { recursive: true, force: true }); } catch { /* best effort */ }
}
