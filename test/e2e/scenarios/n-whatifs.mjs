// The what-ifs of #15 as a user sees them in the panel: a QLoRA Axolotl config on Llama 3.1 70B shows the
// distillation what-if (the 8B student, with its break-even) and the hardware comparison with the current
// device marked. Screenshots for the README: panel-whatifs.png, panel-hardware.png.
import path from 'node:path';
import { openFile, panelFrame, showCarbonLensSidebar } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

const FILE = 'whatifs/qlora-70b.yaml';

export default {
  id: 'n',
  name: 'panel what-ifs: distillation for a QLoRA fine-tune and the hardware comparison (screenshots)',
  realOnly: true,
  async run({ page, timeout, screenshotsDir, workspace, note }) {
    const cli = cliEstimate(workspace, FILE);
    const distil = cli.json.suggestions.find((s) => s.kind === 'distillation');
    if (!distil) throw new Error(`the CLI lists no distillation what-if for ${FILE}: ${JSON.stringify(cli.json.suggestions.map((s) => s.title))}`);
    await openFile(page, 'qlora-70b.yaml', { timeout });
    await showCarbonLensSidebar(page, { timeout });
    let frame = await panelFrame(page, { timeout, textRe: /qlora-70b[\s\S]*CO₂e/ });
    await expectFigures(`the panel headline for ${FILE}`, frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    frame = await panelFrame(page, { timeout, textRe: /Fine-tune meta-llama\/Llama-3\.1-8B-Instruct[\s\S]*Hardware comparison/ });
    const item = frame.locator('li.whatif[data-kind="distillation"]');
    const text = await item.innerText({ timeout });
    if (!/pays back after/.test(text) || !/Sanh et al\., 2019/.test(text)) throw new Error(`the distillation what-if lacks its lifecycle or caveat: ${text.slice(0, 300)}`);
    await item.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.mouse.move(5, 5);
    const shots = [];
    const whatifs = path.join(screenshotsDir, 'panel-whatifs.png');
    await page.locator('.part.sidebar').screenshot({ path: whatifs, timeout });
    shots.push(path.basename(whatifs));
    await frame.evaluate(() => {
      const d = document.querySelector('section.hardware details');
      if (d) d.open = true;
      document.querySelector('section.hardware')?.scrollIntoView({ block: 'start' });
    });
    const current = await frame.locator('.hardware-table tr.current th').innerText({ timeout });
    if (!/\(current\)/.test(current)) throw new Error(`no current device marked in the hardware table: ${current}`);
    const hardware = path.join(screenshotsDir, 'panel-hardware.png');
    await page.locator('.part.sidebar').screenshot({ path: hardware, timeout });
    shots.push(path.basename(hardware));
    note(`distillation: "${distil.title}"; current device row: "${current}"; saved ${shots.join(', ')}`);
  },
};
