import path from 'node:path';
import {
  CO2_RE, activeEditor, goToLine, openFile, panelFrame, setColorTheme, showCarbonLensSidebar,
} from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

const THEMES = [
  ['light', 'Default Light Modern', 'vscode-light'],
  ['dark', 'Default Dark Modern', 'vscode-dark'],
];

export default {
  id: 'f',
  name: 'editor and panel screenshots in light and dark themes, showing the CLI’s figures',
  comparesFigures: true,
  // Against the stand-in's near miss (right first figure, wrong next one), what must catch it.
  standInFailure: /^the panel headline in the light theme/,
  async run({ page, timeout, screenshotsDir, workspace, note }) {
    // The pictures are what the README shows: they must carry the real estimate, not any CO₂e.
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    const saved = [];
    for (const [label, theme, bodyClass] of THEMES) {
      await setColorTheme(page, theme, { timeout });
      await openFile(page, 'axolotl.yaml', { timeout });
      // Earlier scenarios leave the editor scrolled down; the pictures should show the top and its lens.
      await goToLine(page, 1, { timeout });
      const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
      // Lenses first, then the side bar: opening a view while an editor's
      // first CodeLens pass is in flight sometimes leaves it with none at all
      // (seen with the stand-in too, so it is not Carbon Lens's doing).
      await expectFigures(`the CodeLens in the ${label} theme`, lens, [`${cli.co2e} · ${cli.energy}`], { timeout });
      await showCarbonLensSidebar(page, { timeout });
      await lens.waitFor({ state: 'visible', timeout });
      const frame = await panelFrame(page, { timeout, textRe: /axolotl\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*axolotl\.yaml/ });
      await expectFigures(`the panel headline in the ${label} theme`, frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
      // Webviews repaint after the workbench; wait until the panel has the new theme too.
      await waitFor(`the panel to take the ${label} theme`, () =>
        frame.evaluate((c) => document.body.classList.contains(c), bodyClass), { timeoutMs: timeout });
      // Earlier scenarios may leave the panel scrolled to its what-ifs; show its headline.
      await frame.evaluate(() => {
        window.scrollTo(0, 0);
        document.scrollingElement?.scrollTo(0, 0);
      });
      await page.mouse.move(5, 5);
      for (const [part, selector] of [['editor', '.part.editor'], ['panel', '.part.sidebar'], ['workbench', null]]) {
        const file = path.join(screenshotsDir, `${part}-${label}.png`);
        if (selector) await page.locator(selector).screenshot({ path: file, timeout });
        else await page.screenshot({ path: file });
        saved.push(path.basename(file));
      }
    }
    note(`saved ${saved.join(', ')}; lens and panel show ${cli.co2e} in both themes`);
  },
};
