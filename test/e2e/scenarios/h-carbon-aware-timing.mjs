import fs from 'node:fs';
import path from 'node:path';
import { openFile, panelFrame, showCarbonLensSidebar, waitForQuietDom, waitForText } from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { FigureMismatch, cliEstimate, expectFigures } from '../figures.mjs';

/** Merges `values` into the user settings file; VS Code picks the change up from disk. */
function setUserSettings(userData, values) {
  const file = path.join(userData, 'User/settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
}

export default {
  id: 'h',
  name: 'carbon-aware timing: no request while off; on, one forecast gives a window and commands',
  comparesFigures: true,
  async run({ page, timeout, note, userData, forecast, screenshotsDir, workspace }) {
    // One run of timing-gb.yaml, as the CLI estimates it: the saving line quotes its energy ("10 kWh").
    const cli = cliEstimate(workspace, 'timing-gb.yaml');
    const oneRun = cli.json.breakdown.find((b) => b.id === 'run');
    // The table's Energy column is the whole run's; it is the one-run figure when there is one run part.
    if (!oneRun || Math.abs(oneRun.energyKwh.mid - cli.json.energyKwh.mid) > 1e-9 * cli.json.energyKwh.mid) {
      throw new Error(`timing-gb.yaml is expected to be a single run: ${JSON.stringify(cli.json.breakdown)}`);
    }
    if (!forecast) throw new Error('the runner did not start the local forecast server');
    // Every scenario so far ran with online features off: the forecast server must not have been asked.
    if (forecast.requests().length) throw new Error(`requests while online features were off: ${forecast.requests().join(', ')}`);

    await openFile(page, 'timing-gb.yaml', { timeout });
    await showCarbonLensSidebar(page, { timeout });
    // The run the timing is for: the panel's headline is the CLI's estimate of timing-gb.yaml.
    let frame = await panelFrame(page, { timeout, textRe: /timing-gb\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*timing-gb\.yaml/ });
    await expectFigures('the panel headline for timing-gb.yaml', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    frame = await panelFrame(page, { timeout, textRe: /timing-gb\.yaml[\s\S]*Carbon-aware timing[\s\S]*Turn on online forecasts/ });
    const offline = await frame.locator('section.timing .offline').innerText();
    if (!/United Kingdom.+timing can help/.test(offline)) throw new Error(`unexpected offline verdict: ${offline}`);
    note(`offline: "${offline.slice(0, 110)}…"`);

    // As a user would: the panel's button opens the setting, and its checkbox turns it on.
    await waitForQuietDom(frame, { timeout });
    await frame.locator('button').filter({ hasText: /^Turn on online forecasts$/ }).click({ timeout });
    const checkbox = page.locator('.settings-editor .setting-item-contents').filter({ hasText: /Online: Enabled/i }).locator('.setting-value-checkbox').first();
    await checkbox.waitFor({ state: 'visible', timeout });
    await checkbox.click({ timeout });
    await waitFor('the setting to be on', async () => ((await checkbox.getAttribute('aria-checked')) === 'true') || null, { timeoutMs: timeout, intervalMs: 200 });
    note('turned carbonLens.online.enabled on in the Settings editor');
    try {
      frame = await panelFrame(page, { timeout, textRe: /Find a low-carbon start/ });
      await waitForQuietDom(frame, { timeout });
      if (forecast.requests().length) throw new Error('turning online features on fetched before the user asked');
      await frame.locator('button').filter({ hasText: /^Find a low-carbon start$/ }).click({ timeout });

      frame = await panelFrame(page, { timeout, textRe: /sbatch --begin=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/ });
      const section = frame.locator('section.timing');
      const text = await waitForText('the best window with commands', section, [/Start/, /Saving\s*\d+ %/, /\| at -t \d{12}/, /^\d+ \d+ \d+ \d+ \* \S/m], { timeout });
      const asked = forecast.requests();
      if (asked.length !== 1 || !/^\/intensity\/[^/]+\/fw48h$/.test(asked[0])) throw new Error(`expected one UK forecast request, got ${JSON.stringify(asked)}`);
      note(`one request (${asked[0]}); ${text.replace(/\s+/g, ' ').match(/Saving[^—]*/)?.[0] ?? ''}`);
      // The figures: the saving is taken on the CLI's energy for one run, and its percentage is the
      // gap between the two mean intensities shown (each rounded to 1 g, so within a point).
      const flat = text.replace(/\s+/g, ' ');
      const saving = /Saving (\d+) % — about (.+?) CO₂e on (.+?) for one run/.exec(flat);
      const means = /Mean intensity (\d+) g CO₂e\/kWh, against (\d+)/.exec(flat);
      if (!saving || !means) throw new Error(`no saving or mean intensity line in the timing section: ${flat.slice(0, 400)}`);
      if (saving[3] !== cli.energy) throw new FigureMismatch(`the saving is on ${saving[3]}, the CLI's energy for one run is ${cli.energy}`);
      const [best, now] = [Number(means[1]), Number(means[2])];
      const pct = ((now - best) / now) * 100;
      if (Math.abs(pct - Number(saving[1])) > 1.5) throw new FigureMismatch(`a saving of ${saving[1]} % does not follow from ${best} against ${now} g/kWh (${pct.toFixed(1)} %)`);
      note(`saving ${saving[1]} % on ${saving[3]} (CLI: ${cli.energy}); ${best} against ${now} g/kWh gives ${pct.toFixed(1)} %`);

      // Asking again within the cache's lifetime makes no second request. The positive signal that the
      // refresh is done: the panel redraws (it rebuilds its DOM on every model) with the window and
      // without the "Fetching…" status, after the click. Then the requests are counted.
      await waitForQuietDom(frame, { timeout });
      await frame.evaluate(() => {
        window.__timingDraws = [];
        new MutationObserver(() => {
          window.__timingDraws.push(document.querySelector('section.timing')?.innerText ?? '');
        }).observe(document.body, { subtree: true, childList: true });
      });
      await frame.locator('button').filter({ hasText: /^Refresh forecast$/ }).click({ timeout });
      await waitFor('the panel to redraw with the refreshed forecast', () =>
        frame.evaluate(() => window.__timingDraws.some((t) => t.includes('sbatch') && !/Fetching/.test(t))), { timeoutMs: timeout, intervalMs: 100 });
      if (forecast.requests().length !== 1) throw new Error(`a refresh within the cache lifetime made ${forecast.requests().length - 1} more request(s)`);
      note('refresh served from the cache: still one request');

      await frame.evaluate(() => document.querySelector('section.timing')?.scrollIntoView());
      await page.mouse.move(5, 5);
      const shot = path.join(screenshotsDir, 'panel-timing.png');
      await page.locator('.part.sidebar').screenshot({ path: shot, timeout });
      note(`saved ${path.basename(shot)}`);
    } finally {
      // Back off, through the same checkbox, so nothing after this scenario can reach the network.
      if ((await checkbox.getAttribute('aria-checked').catch(() => null)) === 'true') await checkbox.click({ timeout }).catch(() => {});
      else setUserSettings(userData, { 'carbonLens.online.enabled': false });
    }
  },
};
