// The panel's controls of issue 16 §7 in a real VS Code: codicons drawn from the packaged font (no
// Unicode arrows), every button with its own accessible name, the hardware table's units and its
// keyboard-operable "Show all N", and the region control opening VS Code's searchable quick pick,
// whose choice becomes the what-if. Expected figures come from the CLI, on a copy of the file with the
// picked region written in (a what-if is the same run with that one value changed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeQuickInput, openFile, panelFrame, showCarbonLensSidebar, waitForQuietDom } from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

// Its own file: scenario d edits carbon-lens-run.yaml's region before this one runs.
const FILE = 'panel/controls-run.yaml';
const NAME = 'controls-run.yaml';
const PICK = 'aws:eu-north-1';

export default {
  id: 'o',
  name: 'panel controls: codicons, distinct accessible names, hardware "Show all" by keyboard, region quick pick → what-if',
  realOnly: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, FILE);
    // The what-if's expected figures: the CLI on the same file with the picked region.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-e2e-o-'));
    const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
    if (!/^region: aws:us-east-1$/m.test(text)) throw new Error(`${FILE} no longer states region aws:us-east-1`);
    fs.mkdirSync(path.join(tmp, 'panel'));
    fs.writeFileSync(path.join(tmp, FILE), text.replace(/^region: .*$/m, `region: ${PICK}`));
    const want = cliEstimate(tmp, FILE);
    fs.rmSync(tmp, { recursive: true, force: true });

    await openFile(page, NAME, { timeout });
    await showCarbonLensSidebar(page, { timeout });
    let frame = await panelFrame(page, { timeout, textRe: /controls-run\.yaml[\s\S]*Hardware comparison/ });
    await expectFigures('the panel headline', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });

    // Codicons: the font loads under the webview's CSP and the icons have a glyph.
    const icons = await frame.evaluate(async () => {
      await document.fonts.load('16px codicon');
      const els = [...document.querySelectorAll('.codicon')];
      return { loaded: document.fonts.check('16px codicon'), count: els.length, glyphs: els.filter((e) => !['none', 'normal', '""'].includes(getComputedStyle(e, '::before').content)).length };
    });
    if (!icons.loaded || !icons.count || icons.glyphs !== icons.count) throw new Error(`codicons not drawn: ${JSON.stringify(icons)}`);

    // Distinct accessible names for every control on show.
    const names = await frame.evaluate(() => [...document.querySelectorAll('button, a[href], input, select, summary')].map((e) => {
      const label = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : '';
      return (e.getAttribute('aria-label') || label || e.textContent || e.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
    }));
    const dup = names.filter((n, i) => !n || names.indexOf(n) !== i);
    if (dup.length) throw new Error(`controls without a name or sharing one: ${JSON.stringify(dup)}`);

    // Hardware table: units in the headers, ten rows (+ current), "Show all N" by the keyboard.
    await frame.evaluate(() => {
      const d = document.querySelector('section.hardware details');
      if (d) d.open = true;
    });
    const heads = await frame.locator('.hardware-table thead th').allInnerTexts();
    if (!heads.includes('Time (h)') || !heads.includes('Energy (kWh)') || !heads.some((h) => h.startsWith('CO₂e (kg CO₂e)'))) throw new Error(`hardware headers without units: ${JSON.stringify(heads)}`);
    const before = await frame.locator('.hardware-table tbody tr').count();
    const showAll = frame.locator('button[data-key="hw-all"]');
    const label = (await showAll.innerText({ timeout })).trim();
    const total = Number(/^Show all (\d+)$/.exec(label)?.[1]);
    if (!(total > 10) || before > 11) throw new Error(`expected ≤ 11 rows and "Show all N" with N > 10, got ${before} rows and "${label}"`);
    await waitForQuietDom(frame, { timeout });
    await showAll.focus();
    await page.keyboard.press('Enter');
    await waitFor('every accelerator listed after Enter on "Show all"', async () => (await frame.locator('.hardware-table tbody tr').count()) === total, { timeoutMs: timeout });

    // Region: the control opens VS Code's quick pick; the choice is the what-if.
    await waitForQuietDom(frame, { timeout });
    await frame.locator('button.picker').click({ timeout });
    const quick = page.locator('.quick-input-widget');
    await quick.locator('.quick-input-title', { hasText: 'region for this what-if' }).waitFor({ state: 'visible', timeout });
    await quick.locator('input.input').fill('eu-north-1');
    const row = quick.locator('.quick-input-list .monaco-list-row').filter({ hasText: PICK }).first();
    await row.waitFor({ state: 'visible', timeout });
    const detail = (await row.innerText()).replace(/\s+/g, ' ');
    if (!/AWS · .*\d+ g CO₂e\/kWh \(\d{4}\)/.test(detail)) throw new Error(`the region item lacks provider, location or intensity (g/kWh, year): ${detail}`);
    await row.click();
    frame = await panelFrame(page, { timeout, textRe: /What-if \(not in the file\)/ });
    await expectFigures('the what-if headline after the region pick', frame.locator('#whatif-total'), [want.co2e], { timeout, exact: true });
    await closeQuickInput(page);
    note(`${icons.count} codicons drawn; ${names.length} controls, all named apart; hardware ${before} rows → ${total} after Enter; region ${PICK}: ${cli.co2e} → ${want.co2e}; item "${detail.slice(0, 90)}"`);
  },
};
