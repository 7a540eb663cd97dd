import { CO2_RE, activeEditor, openFile, waitForText } from '../lib.mjs';

export default {
  id: 'a',
  name: 'CodeLens on axolotl.yaml shows CO₂e with a range',
  async run({ page, timeout, note }) {
    await openFile(page, 'axolotl.yaml', { timeout });
    const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    // A range is an en dash between two amounts, e.g. "1.2 t CO₂e (0.8 – 1.9)".
    const text = await waitForText('a CO₂e CodeLens with a range', lens, [CO2_RE, /–/], { timeout });
    note(`lens: "${text}"`);
  },
};
