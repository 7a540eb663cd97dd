import fs from 'node:fs';
import path from 'node:path';
import { openFile, panelFrame, runCommand } from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'j',
  name: 'keyboard: "Open estimate panel" moves focus into the panel, and Tab stays there',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    const before = fs.readFileSync(path.join(workspace, 'axolotl.yaml'), 'utf8');
    await openFile(page, 'axolotl.yaml', { timeout });
    await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
    await runCommand(page, 'Carbon Lens: Open estimate panel', { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /axolotl\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*axolotl\.yaml/ });
    await expectFigures('the panel headline', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    // Focus is in the panel's webview (drawn over the side bar, outside its DOM), not in the editor.
    await waitFor('focus to move into the panel', () => frame.evaluate(() => document.hasFocus()), { timeoutMs: timeout });
    const editorFocused = await page.evaluate(() => !!document.activeElement?.closest('.editor-group-container'));
    if (editorFocused) throw new Error('the editor kept the focus');
    const focused = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      focused.push(await frame.evaluate(() => {
        const a = document.activeElement;
        return a && a !== document.body ? `${a.tagName.toLowerCase()}:${a.getAttribute('aria-label') || a.textContent?.trim().slice(0, 40) || ''}` : '';
      }));
    }
    if (!focused.every(Boolean)) throw new Error(`Tab left the panel: ${JSON.stringify(focused)}`);
    const after = fs.readFileSync(path.join(workspace, 'axolotl.yaml'), 'utf8');
    const dirty = await page.locator('.tabs-container .tab.dirty').filter({ hasText: 'axolotl.yaml' }).count();
    if (after !== before || dirty) throw new Error('Tab typed into axolotl.yaml');
    note(`focus in the panel; Tab ×3 → ${focused.join(' | ')}; headline ${cli.co2e}`);
  },
};
