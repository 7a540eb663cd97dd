import path from 'node:path';
import { CO2_RE, activeEditor, closeQuickInput, runCommand } from '../lib.mjs';
import { REPO } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'i',
  name: 'the walkthrough opens, and its first step opens the example with the CLI’s lens',
  comparesFigures: true,
  // The stand-in (test/e2e/stand-in) has no walkthrough, notebook-cell mapping or workspace report: it cannot
  // reach this scenario's figures, so the stand-in run skips it rather than fail it on a missing view.
  realOnly: true,
  async run({ page, timeout, screenshotsDir, note }) {
    // The example ships in the extension (examples/ is packaged for the walkthrough); the CLI reads the same file.
    const cli = cliEstimate(path.join(REPO, 'examples'), 'axolotl-qlora.yaml');
    await runCommand(page, 'Welcome: Open Walkthrough...', { timeout });
    // A second quick pick lists the walkthroughs of every extension.
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: 'Get started with Carbon Lens' }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.getByText('Get started with Carbon Lens').first().waitFor({ state: 'visible', timeout });
    for (const step of ['Open an example', 'Set region and hardware', 'Set a budget', 'Export a model card']) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor({ state: 'visible', timeout });
    }
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join(screenshotsDir, 'walkthrough-dark.png') });
    await walkthrough.getByText('Open the example', { exact: true }).first().click({ timeout });
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'axolotl-qlora.yaml' }).waitFor({ state: 'visible', timeout });
    const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    const text = await expectFigures('the lens on the walkthrough’s example', lens, [`${cli.co2e} · ${cli.energy}`], { timeout });
    note(`walkthrough with its four steps; example lens "${text}" (CLI: ${cli.co2e}, ${cli.energy})`);
    await closeQuickInput(page);
  },
};
