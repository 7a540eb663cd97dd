import path from 'node:path';
import { panelFrame, runCommand, setColorTheme } from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

// The serving fixture covers 730 days: the CLI's ≈ 176 kg is 88.2 kg a year, which reads
// "≈ 88 kg CO₂e (50–140)" (low 49.62, high 143.36 by hand, test/unit/workspaceSummary.test.ts).
const SERVING_PER_YEAR = '≈ 88 kg CO₂e (50–140) / year';

export default {
  id: 'l',
  name: 'the Runs view and the editor-area report: every column visible, totals split, the CLI’s figures',
  comparesFigures: true,
  // The stand-in (test/e2e/stand-in) has no walkthrough, notebook-cell mapping or workspace report: it cannot
  // reach this scenario's figures, so the stand-in run skips it rather than fail it on a missing view.
  realOnly: true,
  async run({ page, timeout, workspace, screenshotsDir, note }) {
    const sweep = cliEstimate(workspace, 'sweep/grid-sweep.yaml');
    const base = cliEstimate(workspace, 'sweep/base-run.yaml');
    await runCommand(page, 'Carbon Lens: Open workspace report', { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /Workspace report[\s\S]*One-time \(training\)[\s\S]*grid-sweep\.yaml/ });
    // A row by its File cell (a note may name another file: "counted in sweep/grid-sweep.yaml").
    const row = (file) => frame.locator('tbody tr').filter({ has: frame.locator('td.file', { hasText: `${file}, ` }) }).first();
    await expectFigures('the sweep’s row', row('sweep/grid-sweep.yaml').locator('td.num').first(), [sweep.co2e], { timeout, exact: true });
    await expectFigures('the base run’s row', row('sweep/base-run.yaml').locator('td.num').first(), [base.co2e], { timeout, exact: true });
    const baseNote = await row('sweep/base-run.yaml').locator('td').last().innerText();
    if (baseNote.trim() !== 'counted in sweep/grid-sweep.yaml') throw new Error(`base-run.yaml note: "${baseNote}"`);
    await expectFigures('the serving row (a year of its 730 days)', row('serving/chat-serve.yaml').locator('td.num').first(), [SERVING_PER_YEAR], { timeout, exact: true });
    const perYear = (await frame.locator('#total-per-year').locator('xpath=..').innerText()).replace(/\s+/g, ' ');
    if (!perYear.includes('Per year (serving)')) throw new Error(`per-year total: "${perYear}"`);
    // Every column header fits the editor column at the default window size: nothing is cut off.
    const fit = await frame.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const heads = [...document.querySelectorAll('thead th')].map((th) => ({ text: th.textContent, right: th.getBoundingClientRect().right }));
      const table = document.querySelector('table.report-table');
      return { width, heads, scroll: table ? table.scrollWidth : 0 };
    });
    const cut = fit.heads.filter((h) => h.right > fit.width + 1);
    if (fit.heads.length !== 7 || cut.length || fit.scroll > fit.width + 1) throw new Error(`columns do not fit ${fit.width} px: ${JSON.stringify(fit)}`);
    await page.mouse.move(5, 5);
    await page.locator('.part.editor').screenshot({ path: path.join(screenshotsDir, 'report-dark.png'), timeout });
    // The Runs view in the side bar: the same runs, by folder.
    await runCommand(page, 'Carbon Lens: Focus on Runs View', { timeout });
    // The view's first row is the one-time total: the report's figure.
    const oneTime = (await frame.locator('.total-figure').first().innerText()).trim();
    const runs = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /runs/i }) });
    const totalRow = runs.locator('.monaco-list-row').filter({ hasText: 'One-time (training)' }).first();
    await expectFigures('the Runs view’s one-time total', totalRow, [oneTime], { timeout });
    await page.locator('.part.sidebar').screenshot({ path: path.join(screenshotsDir, 'runs-dark.png'), timeout });
    await setColorTheme(page, 'Default Light Modern', { timeout });
    await waitFor('the report to take the light theme', () => frame.evaluate(() => document.body.classList.contains('vscode-light')), { timeoutMs: timeout });
    await page.screenshot({ path: path.join(screenshotsDir, 'workspace-light.png') });
    await setColorTheme(page, 'Default Dark Modern', { timeout });
    note(`${fit.heads.length} columns within ${fit.width} px; sweep ${sweep.co2e}, base run counted in the sweep, serving ${SERVING_PER_YEAR}`);
  },
};
