import {
  changedFiles, openFile, panelFrame, showCarbonLensSidebar, snapshotFiles, textIfPresent, waitForQuietDom,
} from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';

export default {
  id: 'd',
  name: 'panel lists what-ifs; "Apply" changes the file on disk',
  async run({ page, timeout, workspace, note }) {
    // A plain run description: every field in it is one Carbon Lens can write
    // back, whereas the Axolotl config has no key for the region or hardware
    // what-ifs the panel proposes (it shows those as "change it by hand").
    await openFile(page, 'carbon-lens-run.yaml', { timeout });
    await showCarbonLensSidebar(page, { timeout });
    // The panel follows the active editor; wait until it shows this file, not the last one.
    const frame = await panelFrame(page, { timeout, textRe: /carbon-lens-run\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*carbon-lens-run\.yaml/ });
    const apply = frame.locator('button, [role="button"], a').filter({ hasText: /^\s*Apply\b/i });
    await apply.first().waitFor({ state: 'visible', timeout });
    const title = await apply.first().getAttribute('title');
    note(`${await apply.count()} Apply button(s); first: "${(await apply.first().innerText()).trim()}"${title ? ` (${title})` : ''}`);

    const before = snapshotFiles(workspace);
    await waitForQuietDom(frame, { timeout });
    await apply.first().click({ timeout });

    // The extension may write the file itself or leave an unsaved edit (and may
    // ask first). Accept a confirmation and save the edit, as a user would,
    // then require the change on disk.
    let saved = false;
    const toasts = page.locator('.notifications-toasts');
    const outcome = await waitFor('Apply to change a file in the workspace', async () => {
      const dialogOk = page.locator('.monaco-dialog-box .dialog-buttons a, .monaco-dialog-box .dialog-buttons button')
        .filter({ hasText: /apply|yes|ok|continue/i }).first();
      if (await dialogOk.isVisible()) await dialogOk.click();
      const files = changedFiles(before, snapshotFiles(workspace));
      if (files.length) return { files };
      // A refusal is final; no need to wait out the deadline for it.
      const toastText = await textIfPresent(toasts);
      if (/cannot|could not|can't/i.test(toastText)) return { refused: toastText };
      if (!saved && (await page.locator('.tabs-container .tab.dirty').count()) > 0) {
        saved = true;
        await page.locator('.tabs-container .tab.dirty').first().click();
        await page.keyboard.press('Control+S');
      }
      return null;
    }, { timeoutMs: timeout, intervalMs: 200 }).catch(async (e) => {
      const toastText = await textIfPresent(toasts);
      throw new Error(`${e.message}${toastText ? `; notification: ${JSON.stringify(toastText.slice(0, 300))}` : ''}`);
    });
    if (outcome.refused) throw new Error(`Apply changed no file; the extension said: ${JSON.stringify(outcome.refused.slice(0, 300))}`);
    const changed = outcome.files;
    note(`changed on disk: ${changed.join(', ')}${saved ? ' (after Ctrl+S on the unsaved edit)' : ' (written by the extension)'}`);
  },
};
