import { openFile, panelFrame, runCommand, waitForQuietDom } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'k',
  name: 'a notebook origin in the panel reads "cell N" and jumps to that cell',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, 'train.ipynb');
    await openFile(page, 'train.ipynb', { timeout });
    await runCommand(page, 'Carbon Lens: Open estimate panel', { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /train\.ipynb[\s\S]*CO₂e/ });
    await expectFigures('the panel headline for the notebook', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    // `num_train_epochs=3` is written in cell 4 (`args = TrainingArguments(...)`, its line 3).
    const origin = frame.locator('button.origin-line').filter({ hasText: /^cell \d+, line \d+$/ }).first();
    await origin.waitFor({ state: 'visible', timeout });
    const where = (await origin.innerText()).trim();
    if (/^line /.test(where)) throw new Error(`the origin reads "${where}", a line of the JSON`);
    await waitForQuietDom(frame, { timeout });
    await origin.click({ timeout });
    const cell = page.locator('.notebookOverlay .code-cell-row.focused').filter({ hasText: 'TrainingArguments' }).first();
    await cell.waitFor({ state: 'visible', timeout });
    note(`panel origin "${where}" → the focused cell holds TrainingArguments; headline ${cli.co2e}`);
  },
};
