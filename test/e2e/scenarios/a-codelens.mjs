import { CO2_RE, activeEditor, openFile } from '../lib.mjs';
import { cliEstimate, expectFigures, statusBarEstimate } from '../figures.mjs';

export default {
  id: 'a',
  name: 'CodeLens and status bar on axolotl.yaml show the CLI’s CO₂e, range, energy and hardware',
  comparesFigures: true,
  // Against the stand-in's near miss (right first figure, wrong next one), what must catch it.
  standInFailure: /^the status bar shows/,
  async run({ page, timeout, workspace, note }) {
    // The CLI on the same file: "≈ 4.2 kg CO₂e (1.8–11)", "8.7 kWh", "8× A100 SXM4 80GB" when written.
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    await openFile(page, 'axolotl.yaml', { timeout });
    const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    // The main lens reads "≈ 4.2 kg CO₂e (1.8–11) · 8.7 kWh · 8× A100 SXM4 80GB · <region>".
    const text = await expectFigures('the CodeLens on axolotl.yaml', lens, [`${cli.co2e} · ${cli.energy} · ${cli.hardware}`], { timeout });
    note(`lens: "${text}" (CLI: ${cli.co2e}, ${cli.energy}, ${cli.hardware})`);
    // The status bar totals the file's runs; axolotl.yaml has one, so it is that run's mid value.
    const status = await expectFigures('the status bar', statusBarEstimate(page), [`${cli.mid} CO₂e`], { timeout, exact: true });
    note(`status bar: "${status}"`);
  },
};
