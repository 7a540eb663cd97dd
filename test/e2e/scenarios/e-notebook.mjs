import { CO2_RE, openFile } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'e',
  name: 'train.ipynb shows the CLI’s CO₂e lens on its training cell',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    // "≈ 32 g CO₂e (14–70)", "66 Wh", "1× T4 PCIe 16GB" (from the Colab runtime in the metadata) when written.
    const cli = cliEstimate(workspace, 'train.ipynb');
    await openFile(page, 'train.ipynb', { timeout });
    const cell = page.locator('.notebookOverlay .code-cell-row').filter({ hasText: 'TrainingArguments' }).first();
    await cell.waitFor({ state: 'visible', timeout });
    const lens = cell.locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    const text = await expectFigures('the lens on the training cell', lens, [`${cli.co2e} · ${cli.energy} · ${cli.hardware}`], { timeout });
    note(`lens: "${text}" (CLI: ${cli.co2e}, ${cli.energy}, ${cli.hardware})`);
  },
};
