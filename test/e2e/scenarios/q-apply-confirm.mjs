import fs from 'node:fs';
import path from 'node:path';
import { openFile, panelFrame, showCarbonLensSidebar, waitForQuietDom } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';

const FILE = 'actions/what-if.yaml';

/**
 * carbonLens.apply.preview is on by default, but the e2e user settings turn it off so other scenarios'
 * Apply writes at once; this scenario turns it back on for the workspace, as a user's default would be.
 */
function withPreviewOn(workspace) {
  const dir = path.join(workspace, '.vscode');
  const file = path.join(dir, 'settings.json');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...(before ? JSON.parse(before) : {}), 'carbonLens.apply.preview': true }, null, 2));
  return () => (before === undefined ? fs.rmSync(file) : fs.writeFileSync(file, before));
}

export default {
  id: 'q',
  name: 'with carbonLens.apply.preview on (the default), Apply asks with the lines before and after; Cancel writes nothing, Apply writes exactly the edit',
  // The stand-in asks nothing: it would fail on a missing dialog, which says nothing about figures.
  realOnly: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, FILE);
    // The best writable what-if (what-if.yaml: "Switch region to eu-central-1", region on line 5).
    const best = cli.json.suggestions.filter((s) => s.change).sort((a, b) => b.savingPct - a.savingPct)[0];
    if (!best) throw new Error(`the CLI offers no writable what-if for ${FILE}`);
    const line = cli.json.inputs[best.change.field]?.line;
    const original = fs.readFileSync(path.join(workspace, FILE), 'utf8');
    const wantLines = original.split('\n');
    wantLines[line - 1] = wantLines[line - 1].replace(/:\s*\S.*$/, `: ${best.change.value}`);
    const restore = withPreviewOn(workspace);
    try {
      await openFile(page, 'what-if.yaml', { timeout });
      await showCarbonLensSidebar(page, { timeout });
      const frame = await panelFrame(page, { timeout, textRe: /what-if\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*what-if\.yaml/ });
      await expectFigures('the panel headline', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
      // "Apply to file…" (with the ellipsis) shows the workspace setting has reached the extension: until then
      // a click could write at once, which is the race this wait closes on a slow machine.
      const apply = frame.locator('button').filter({ hasText: /^\s*Apply to file…\s*$/ }).first();
      await apply.waitFor({ state: 'visible', timeout });
      const dialog = page.locator('.monaco-dialog-box');
      const button = (name) => dialog.locator('.dialog-buttons a, .dialog-buttons button').filter({ hasText: new RegExp(`^${name}$`) }).first();
      const unchanged = async (when) => {
        if (fs.readFileSync(path.join(workspace, FILE), 'utf8') !== original) throw new Error(`${FILE} changed on disk ${when}`);
        if ((await page.locator('.tabs-container .tab.dirty').count()) > 0) throw new Error(`the editor holds an unsaved edit ${when}`);
      };
      const ask = async () => {
        await waitForQuietDom(frame, { timeout });
        await apply.click({ timeout });
        await dialog.waitFor({ state: 'visible', timeout });
        return (await dialog.innerText()).replace(/\s+/g, ' ');
      };

      // The question names the change and shows the line before (−) and after (+); Cancel writes nothing.
      const asked = await ask();
      const lineBefore = original.split('\n')[line - 1];
      for (const want of [`Apply ${best.change.field} → ${best.change.value} to what-if.yaml?`, `line ${line}:`, `− ${lineBefore}`, `+ ${wantLines[line - 1]}`]) {
        if (!asked.includes(want)) throw new Error(`the confirmation lacks ${JSON.stringify(want)}: ${asked.slice(0, 300)}`);
      }
      await button('Cancel').click({ timeout });
      await dialog.waitFor({ state: 'hidden', timeout });
      await unchanged('after Cancel');

      // Asked again and confirmed: the edit lands in the editor (one undoable edit); saving writes exactly it.
      await ask();
      await unchanged('before the question was answered');
      await button('Apply').click({ timeout });
      const dirty = page.locator('.tabs-container .tab.dirty').filter({ hasText: 'what-if.yaml' }).first();
      await dirty.waitFor({ state: 'visible', timeout });
      await dirty.click();
      await page.keyboard.press('Control+S');
      const got = await waitFor('the confirmed edit saved to disk', () => {
        const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
        return text !== original ? text : null;
      }, { timeoutMs: timeout, intervalMs: 200 });
      if (got !== wantLines.join('\n')) throw new Error(`${FILE} after Apply differs from the expected edit:\n${got}\nexpected:\n${wantLines.join('\n')}`);
      note(`asked "${asked.slice(0, 160)}"; Cancel wrote nothing; Apply wrote line ${line} → ${JSON.stringify(wantLines[line - 1])} and nothing else`);
    } finally {
      restore();
      // Put the file back for any later scenario (disk and editor agree: the editor reloads a saved file).
      fs.writeFileSync(path.join(workspace, FILE), original);
    }
  },
};
