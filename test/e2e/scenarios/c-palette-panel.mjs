import { openFile, panelFrame, runCommand, sidebarTitle, waitForText } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'c',
  name: 'F1 → "Carbon Lens: Estimate emissions" opens the panel with the CLI’s estimate',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    await openFile(page, 'axolotl.yaml', { timeout });
    // Start from another view so the command, not a leftover, is what shows the panel.
    await page.keyboard.press('Control+Shift+E');
    await runCommand(page, 'Carbon Lens: Estimate emissions', { timeout, key: 'F1' });
    await waitForText('the Carbon Lens side bar', sidebarTitle(page), [/carbon lens/i], { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /axolotl\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*axolotl\.yaml/ });
    // The headline is the run's range exactly as the CLI prints it: "≈ 4.2 kg CO₂e (1.8–11)".
    const headline = await expectFigures('the panel headline', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    note(`panel headline: "${headline}" (CLI: "${cli.co2e}")`);
  },
};
