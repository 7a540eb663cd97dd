// What the extension should show, taken from the CLI (the same engine, outside the editor), and the
// check that compares it with what the editor shows. A scenario that only waited for "some CO₂e" would
// pass against a stand-in that prints a constant; these compare the figure itself.
//
// The CLI's text table prints each run with the very formatters the editor surfaces use
// (src/engine/textTable.ts: formatCo2e, formatEnergy, formatMass from src/core/format.ts), from the
// unrounded estimate. Formatting the --json figures here instead would round twice (the JSON keeps
// 4 significant digits) and could disagree in the last digit, so the formatted strings come from the
// table and --json supplies what the table does not print (input values, their lines, what-ifs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../vscode/codeServer.mjs';
import { CO2_RE } from './lib.mjs';

const CLI = path.join(REPO, 'dist/cli.js');

function runCli(args, cwd) {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(REPO, CLI)} is missing; build it with \`node esbuild.js\``);
  const r = spawnSync(process.execPath, [CLI, 'estimate', ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) throw new Error(`carbon-lens estimate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Rows of the CLI's table as objects keyed by the header. The line under the header is one run of
 * '─' per column, joined by two spaces: it gives each column's exact width.
 */
export function parseTable(text) {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => /^─+(  ─+)*$/.test(l));
  if (rule < 1) throw new Error(`no table in the CLI output:\n${text}`);
  const widths = lines[rule].split('  ').map((s) => s.length);
  const cut = (line) => {
    const cells = [];
    let at = 0;
    for (const w of widths) {
      cells.push(line.slice(at, at + w).trim());
      at += w + 2;
    }
    return cells;
  };
  const header = cut(lines[rule - 1]);
  const rows = [];
  for (const line of lines.slice(rule + 1)) {
    if (!line.trim()) break;
    const cells = cut(line);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  }
  return rows;
}

/**
 * The CLI's estimate of one workspace file's run `runIndex` (default: its only run), as the editor
 * formats it: `co2e` "≈ 4.2 kg CO₂e (1.8–11)", `mid` "4.2 kg", `energy` "8.7 kWh", `embodied`
 * "350 g", `hardware` "8× A100 SXM4 80GB"; `json` is the run from --json.
 */
export function cliEstimate(workspace, file, runIndex = 0) {
  const rows = parseTable(runCli([file], workspace)).filter((r) => r.File === file);
  const json = JSON.parse(runCli(['--json', file], workspace)).files.find((f) => f.path === file);
  const row = rows[runIndex];
  const run = json?.runs[runIndex];
  if (!row || !run || !run.co2eKg) throw new Error(`the CLI has no estimate for run ${runIndex} of ${file}: ${JSON.stringify(rows)}`);
  const co2e = row['CO₂e (low–high)'];
  const m = /^≈ (.+) CO₂e \(/.exec(co2e);
  if (!m) throw new Error(`unexpected CO₂e cell for ${file}: ${co2e}`);
  return { co2e, mid: m[1], energy: row.Energy, embodied: row.Embodied, hardware: row.Hardware, run: row.Run, json: run };
}

/** Thrown when the editor shows an estimate whose figures are not the CLI's (not for a missing one). */
export class FigureMismatch extends Error {
  constructor(message) {
    super(message);
    this.name = 'FigureMismatch';
    this.figureMismatch = true;
  }
}

/**
 * Waits until `locator` shows an estimate (text matching `shape`) whose text contains every string of
 * `expected` (or equals `expected[0]` when `exact`). Once an estimate is on screen it gets `settleMs`
 * to reach the expected figures (a re-estimate may still be on its way); after that, or at the
 * deadline, an estimate with other figures fails with FigureMismatch, naming both.
 */
export async function expectFigures(what, locator, expected, { timeout, shape = CO2_RE, exact = false, settleMs = 5000 }) {
  const deadline = Date.now() + timeout;
  let seenAt;
  let last = '';
  const ok = (t) => (exact ? t === expected[0] : expected.every((s) => t.includes(s)));
  for (;;) {
    if (await locator.isVisible().catch(() => false)) {
      last = (await locator.innerText().catch(() => '')).trim();
      if (ok(last)) return last;
      if (shape.test(last)) seenAt ??= Date.now();
    }
    const now = Date.now();
    if (seenAt !== undefined && (now - seenAt > settleMs || now > deadline)) {
      const missing = exact ? expected : expected.filter((x) => !last.includes(x));
      throw new FigureMismatch(`${what} shows ${JSON.stringify(last.replace(/\s+/g, ' ').slice(0, 300))}; it lacks the CLI's ${missing.map((x) => JSON.stringify(x)).join(' and ')} for the same file`);
    }
    if (now > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} to show an estimate; last text: ${JSON.stringify(last.slice(0, 300))}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The status bar item with the active file's CO₂e ("4.2 kg CO₂e"). */
export function statusBarEstimate(page) {
  return page.locator('.statusbar-item').filter({ hasText: /CO₂e/ }).first();
}


