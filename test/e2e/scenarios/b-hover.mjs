import { activeEditor, goToLine, lineOf, openFile, waitForText } from '../lib.mjs';

export default {
  id: 'b',
  name: 'hover on num_epochs shows CO₂e, an equivalence and assumptions',
  async run({ page, timeout, workspace, note }) {
    await openFile(page, 'axolotl.yaml', { timeout });
    // Going to the line scrolls it into view whatever the window height.
    await goToLine(page, lineOf(workspace, 'axolotl.yaml', /^num_epochs:/), { timeout });
    const line = activeEditor(page).locator('.view-line').filter({ hasText: 'num_epochs' }).first();
    await line.waitFor({ state: 'visible', timeout });
    // The first token of the line is the key itself.
    const key = line.locator('span > span').first();
    const box = await key.boundingBox();
    if (!box) throw new Error('num_epochs key has no on-screen box');
    await page.mouse.move(box.x - 20, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /CO₂e/ }).first();
    const text = await waitForText('a Carbon Lens hover', hover,
      [/CO₂e/, /car|flight|person|km|home|phone|tree/i, /Assumptions/], { timeout });
    note(`hover: "${text.replace(/\s+/g, ' ').slice(0, 160)}…"`);
    await page.mouse.move(5, 5);
  },
};
