// Proves the harness itself against what already ships in package.json, so a
// red feature scenario means a missing feature, not a broken runner: the
// workbench loads the fixture workspace, the .vsix-installed extension's
// activity-bar container is there, Quick Open opens a file, the palette lists
// a Carbon Lens command, a palette command (theme switch) takes effect, and
// screenshots work.
import fs from 'node:fs';
import path from 'node:path';
import { closeQuickInput, openFile, setColorTheme } from '../lib.mjs';

export default {
  id: '0',
  name: 'harness: workbench, activity-bar icon, Quick Open, palette, screenshot',
  async run({ page, timeout, screenshotsDir, note }) {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: 'axolotl.yaml' })
      .waitFor({ state: 'visible', timeout });

    const icon = page.locator('.activitybar .action-item a[aria-label^="Carbon Lens"]').first();
    await icon.waitFor({ state: 'visible', timeout });
    note(`activity bar: "${await icon.getAttribute('aria-label')}"`);

    await openFile(page, 'carbon-lens-run.yaml', { timeout });
    await page.locator('.editor-group-container.active .view-line').filter({ hasText: 'hardware' })
      .first().waitFor({ state: 'visible', timeout });

    // Palette entries come from the manifest, so this needs no activation.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill('>Carbon Lens: Estimate emissions');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ hasText: 'Carbon Lens: Estimate emissions' }).first().waitFor({ state: 'visible', timeout });
    await closeQuickInput(page);

    // Headless Chromium starts the workbench in the light theme; going dark
    // and back exercises palette → command → second quick pick → visible effect.
    await setColorTheme(page, 'Default Dark Modern', { timeout });
    await setColorTheme(page, 'Default Light Modern', { timeout });

    const file = path.join(screenshotsDir, 'harness-workbench.png');
    await page.screenshot({ path: file });
    if (fs.statSync(file).size < 10000) throw new Error(`${file} looks blank (${fs.statSync(file).size} bytes)`);
    note(`screenshot: ${path.relative(process.cwd(), file)}`);
  },
};
