import fs from 'node:fs';
import path from 'node:path';
import { openFile, panelFrame, showCarbonLensSidebar, waitForQuietDom, waitForText } from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';

/** Merges `values` into the user settings file; VS Code picks the change up from disk. */
function setUserSettings(userData, values) {
  const file = path.join(userData, 'User/settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
}

export default {
  id: 'h',
  // The stand-in (harness self-check) has no timing section or forecast client to drive.
  realOnly: true,
  name: 'carbon-aware timing: no request while off; on, one forecast gives a window and commands',
  async run({ page, timeout, note, userData, forecast, screenshotsDir }) {
    if (!forecast) throw new Error('the runner did not start the local forecast server');
    // Every scenario so far ran with online features off: the forecast server must not have been asked.
    if (forecast.requests().length) throw new Error(`requests while online features were off: ${forecast.requests().join(', ')}`);

    await openFile(page, 'timing-gb.yaml', { timeout });
    await showCarbonLensSidebar(page, { timeout });
    let frame = await panelFrame(page, { timeout, textRe: /timing-gb\.yaml[\s\S]*Carbon-aware timing[\s\S]*Turn on online forecasts/ });
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

      // Asking again within the cache's lifetime makes no second request.
      await waitForQuietDom(frame, { timeout });
      await frame.locator('button').filter({ hasText: /^Refresh forecast$/ }).click({ timeout });
      await page.waitForTimeout(1000);
      await waitFor('the panel to settle after a refresh', async () => (await section.innerText()).includes('sbatch') || null, { timeoutMs: timeout, intervalMs: 200 });
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
