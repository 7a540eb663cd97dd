import fs from 'node:fs';
import path from 'node:path';
import {
  changedFiles, openFile, panelFrame, showCarbonLensSidebar, snapshotFiles, textIfPresent, waitForQuietDom,
} from '../lib.mjs';
import { FigureMismatch, cliEstimate, expectFigures } from '../figures.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';

const FILE = 'carbon-lens-run.yaml';

/**
 * The file as the CLI's best what-if would leave it: the line the CLI reads the field from, with its
 * value replaced and everything else untouched. The panel lists what-ifs best saving first
 * (sortSuggestions), so its first Apply is the writable suggestion with the largest saving.
 */
function expectedEdit(workspace, cli) {
  const best = cli.json.suggestions.filter((s) => s.change).sort((a, b) => b.savingPct - a.savingPct)[0];
  if (!best) throw new Error(`the CLI offers no what-if with a change for ${FILE}`);
  const { field, value } = best.change;
  const line = cli.json.inputs[field]?.line;
  if (!line) throw new Error(`the CLI gives no line for ${field} in ${FILE}`);
  const lines = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
  const m = /^(\s*[\w-]+:\s*)\S.*$/.exec(lines[line - 1]);
  if (!m) throw new Error(`line ${line} of ${FILE} is not a plain "key: value" line: ${lines[line - 1]}`);
  // carbon-lens-run.yaml's values are plain scalars ("region: aws:us-east-1"); the new one is too.
  const after = lines.slice();
  after[line - 1] = `${m[1]}${value}`;
  return { best, line, before: lines, after };
}

export default {
  id: 'd',
  name: 'panel shows the CLI’s estimate; "Apply" writes exactly the best what-if into the file',
  comparesFigures: true,
  // Against the stand-in's near miss (right first figure, wrong next one), what must catch it.
  standInFailure: /after Apply differs from the expected edit/,
  async run({ page, timeout, workspace, note }) {
    // A plain run description: every field in it is one Carbon Lens can write back, whereas the
    // Axolotl config has no key for the region or hardware what-ifs the panel proposes.
    const cli = cliEstimate(workspace, FILE);
    const want = expectedEdit(workspace, cli);
    await openFile(page, FILE, { timeout });
    await showCarbonLensSidebar(page, { timeout });
    // The panel follows the active editor; wait until it shows this file, not the last one.
    const frame = await panelFrame(page, { timeout, textRe: /carbon-lens-run\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*carbon-lens-run\.yaml/ });
    await expectFigures('the panel headline', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    const apply = frame.locator('button, [role="button"], a').filter({ hasText: /^\s*Apply\b/i });
    await apply.first().waitFor({ state: 'visible', timeout });
    const title = await apply.first().getAttribute('title');
    note(`${await apply.count()} Apply button(s); first: "${(await apply.first().innerText()).trim()}"${title ? ` (${title})` : ''}; expected: ${want.best.change.field} → ${want.best.change.value}`);

    const before = snapshotFiles(workspace);
    await waitForQuietDom(frame, { timeout });
    await apply.first().click({ timeout });

    // The extension may write the file itself or leave an unsaved edit (and may ask first). Accept a
    // confirmation and save the edit, as a user would, then require the change on disk.
    let saved = false;
    const toasts = page.locator('.notifications-toasts');
    const outcome = await waitFor('Apply to change a file in the workspace', async () => {
      const dialogOk = page.locator('.monaco-dialog-box .dialog-buttons a, .monaco-dialog-box .dialog-buttons button')
        .filter({ hasText: /apply|yes|ok|continue/i }).first();
      if (await dialogOk.isVisible()) await dialogOk.click();
      const files = changedFiles(before, snapshotFiles(workspace));
      if (files.length) return { files };
      // A refusal is final; no need to wait out the deadline for it.
      const toastText = await textIfPresent(toasts);
      if (/cannot|could not|can't/i.test(toastText)) return { refused: toastText };
      if (!saved && (await page.locator('.tabs-container .tab.dirty').count()) > 0) {
        saved = true;
        await page.locator('.tabs-container .tab.dirty').first().click();
        await page.keyboard.press('Control+S');
      }
      return null;
    }, { timeoutMs: timeout, intervalMs: 200 }).catch(async (e) => {
      const toastText = await textIfPresent(toasts);
      throw new Error(`${e.message}${toastText ? `; notification: ${JSON.stringify(toastText.slice(0, 300))}` : ''}`);
    });
    if (outcome.refused) throw new Error(`Apply changed no file; the extension said: ${JSON.stringify(outcome.refused.slice(0, 300))}`);

    // Exactly one file, and in it exactly the expected line: compared line by line.
    if (outcome.files.length !== 1 || outcome.files[0] !== FILE) {
      throw new FigureMismatch(`Apply changed ${outcome.files.join(', ')}; expected only ${FILE}`);
    }
    const got = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
    const diffs = [];
    for (let i = 0; i < Math.max(got.length, want.after.length); i++) {
      if (got[i] !== want.after[i]) diffs.push(`line ${i + 1}: expected ${JSON.stringify(want.after[i])}, got ${JSON.stringify(got[i])}`);
    }
    if (diffs.length) throw new FigureMismatch(`${FILE} after Apply differs from the expected edit: ${diffs.slice(0, 5).join('; ')}`);
    note(`line ${want.line}: ${JSON.stringify(want.before[want.line - 1])} → ${JSON.stringify(got[want.line - 1])}${saved ? ' (after Ctrl+S on the unsaved edit)' : ' (written by the extension)'}; every other line unchanged`);

    // The panel re-estimates the edited file: its headline becomes the CLI's figure for the new text.
    const edited = cliEstimate(workspace, FILE);
    if (edited.co2e === cli.co2e) throw new Error(`the what-if did not change the CLI's estimate (${cli.co2e})`);
    const after = await panelFrame(page, { timeout, textRe: /carbon-lens-run\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*carbon-lens-run\.yaml/ });
    const headline = await expectFigures('the panel headline after Apply', after.locator('#estimate-total'), [edited.co2e], { timeout, exact: true, settleMs: timeout });
    note(`panel after Apply: "${headline}" (CLI: ${cli.co2e} → ${edited.co2e})`);
  },
};
