import { CO2_RE, openFile, panelFrame, runCommand, sidebarTitle, waitForText } from '../lib.mjs';

export default {
  id: 'c',
  name: 'F1 → "Carbon Lens: Estimate emissions" opens the panel with an estimate',
  async run({ page, timeout, note }) {
    await openFile(page, 'axolotl.yaml', { timeout });
    // Start from another view so the command, not a leftover, is what shows the panel.
    await page.keyboard.press('Control+Shift+E');
    await runCommand(page, 'Carbon Lens: Estimate emissions', { timeout, key: 'F1' });
    await waitForText('the Carbon Lens side bar', sidebarTitle(page), [/carbon lens/i], { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /CO₂e/ });
    const text = await frame.evaluate(() => document.body.innerText);
    const m = text.match(CO2_RE);
    note(`panel: "${text.replace(/\s+/g, ' ').slice(0, 160)}…"${m ? '' : ' (no kg/t/g unit next to CO₂e)'}`);
  },
};
