import fs from 'node:fs';
import path from 'node:path';
import { activeEditor, goToLine, openFile } from '../lib.mjs';

/**
 * Issue #16: a hover is read in passing, so at 1500×950 none of the Axolotl example's hovers may
 * need a scroll. Every key line of axolotl.yaml is hovered; each Carbon Lens hover is measured: no
 * element inside it may be taller than its box (Monaco scrolls with hidden overflow and its own bars).
 */
async function scrolls(hover) {
  return hover.evaluate((root) => {
    const out = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll', 'hidden'].includes(style.overflowY)) continue;
      if (el.scrollHeight > el.clientHeight + 2 && el.clientHeight > 0) out.push(`${el.className}: ${el.scrollHeight} > ${el.clientHeight}`);
    }
    return out;
  });
}

export default {
  id: 'm',
  name: 'no hover of the Axolotl example needs a scroll at 1500×950',
  realOnly: true,
  async run({ page, timeout, workspace, note }) {
    const lines = fs.readFileSync(path.join(workspace, 'axolotl.yaml'), 'utf8').split('\n');
    const keys = lines.map((l, i) => ({ key: /^([a-z_0-9]+):/.exec(l)?.[1], line: i + 1 })).filter((k) => k.key);
    await page.setViewportSize({ width: 1500, height: 950 });
    try {
      await openFile(page, 'axolotl.yaml', { timeout });
      let measured = 0;
      const tallest = [];
      for (const { key, line } of keys) {
        await goToLine(page, line, { timeout });
        const row = activeEditor(page).locator('.view-line').filter({ hasText: new RegExp(`^${key}:`) }).first();
        if (!(await row.isVisible().catch(() => false))) continue;
        const box = await row.locator('span > span').first().boundingBox();
        if (!box) continue;
        await page.mouse.move(5, 5);
        await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2, { steps: 4 });
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /Carbon Lens/ }).first();
        if (!(await hover.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) continue;
        await page.waitForTimeout(300); // let the markdown finish laying out
        measured++;
        const bad = await scrolls(hover);
        const h = (await hover.boundingBox())?.height ?? 0;
        tallest.push(`${key} ${Math.round(h)}px`);
        if (bad.length) throw new Error(`the hover on ${key} (line ${line}) scrolls at 1500×950: ${bad.join('; ')}`);
      }
      // The keys the estimate reads (model, adapter, sequence_len, batch, epochs, bf16…) all have hovers.
      if (measured < 6) throw new Error(`only ${measured} Carbon Lens hovers found on ${keys.length} keys`);
      note(`${measured} hovers, none scrolls: ${tallest.join(', ')}`);
    } finally {
      await page.mouse.move(5, 5);
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  },
};
