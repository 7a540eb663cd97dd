import { CO2_RE, openFile, waitForText } from '../lib.mjs';

export default {
  id: 'e',
  name: 'train.ipynb shows a CO₂e lens on its training cell',
  async run({ page, timeout, note }) {
    await openFile(page, 'train.ipynb', { timeout });
    const cell = page.locator('.notebookOverlay .code-cell-row').filter({ hasText: 'TrainingArguments' }).first();
    await cell.waitFor({ state: 'visible', timeout });
    const lens = cell.locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    const text = await waitForText('a CO₂e lens on the training cell', lens, [CO2_RE], { timeout });
    note(`lens: "${text}"`);
  },
};
