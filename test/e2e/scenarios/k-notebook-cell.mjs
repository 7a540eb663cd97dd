import { openFile, panelFrame, runCommand, waitForQuietDom } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'k',
  name: 'a notebook origin in the panel reads "cell N" and jumps to that cell',
  comparesFigures: true,
  // The stand-in (test/e2e/stand-in) has no walkthrough, notebook-cell mapping or workspace report: it cannot
  // reach this scenario's figures, so the stand-in run skips it rather than fail it on a missing view.
  realOnly: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, 'train.ipynb');
    await openFile(page, 'train.ipynb', { timeout });
    await runCommand(page, 'Carbon Lens: Open estimate panel', { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /train\.ipynb[\s\S]*CO₂e/ });
    await expectFigures('the panel headline for the notebook', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    // The first origin with a place, e.g. the model: `cell 3, line 6` (`model = AutoModel…from_pretrained(…)`).
    const origin = frame.locator('button.origin-line').filter({ hasText: /^cell \d+, line \d+$/ }).first();
    await origin.waitFor({ state: 'visible', timeout });
    const where = (await origin.innerText()).trim();
    if (/^line /.test(where)) throw new Error(`the origin reads "${where}", a line of the JSON`);
    await waitForQuietDom(frame, { timeout });
    await origin.click({ timeout });
    // The notebook's status bar names the selected cell ("Cell 3 of 5"): the one the origin named.
    const n = /^cell (\d+)/.exec(where)[1];
    const status = page.locator('.statusbar-item').filter({ hasText: new RegExp(`^Cell ${n} of \\d+$`) }).first();
    await status.waitFor({ state: 'visible', timeout });
    const focusedCell = page.locator('.notebookOverlay .code-cell-row.focused').first();
    await focusedCell.waitFor({ state: 'visible', timeout });
    note(`panel origin "${where}" → "${(await status.innerText()).trim()}" selected in the notebook; headline ${cli.co2e}`);
  },
};
