import { activeEditor, goToLine, lineOf, openFile } from '../lib.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

export default {
  id: 'b',
  name: 'hover on num_epochs shows the CLI’s CO₂e, energy, the equivalence basis and the epochs with their line',
  comparesFigures: true,
  // Against the stand-in's near miss (right first figure, wrong next one), what must catch it.
  standInFailure: /lacks the CLI's "Epochs /,
  async run({ page, timeout, workspace, note }) {
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    const epochs = cli.json.inputs.epochs;
    if (!epochs?.line) throw new Error(`the CLI reads no epochs line from axolotl.yaml: ${JSON.stringify(epochs)}`);
    const line = lineOf(workspace, 'axolotl.yaml', /^num_epochs:/);
    // The CLI and the file agree on where num_epochs is (1-based): the hover must name the same line.
    if (epochs.line !== line) throw new Error(`the CLI puts epochs on line ${epochs.line}, the file has num_epochs on line ${line}`);
    await openFile(page, 'axolotl.yaml', { timeout });
    // Going to the line scrolls it into view whatever the window height.
    await goToLine(page, line, { timeout });
    const row = activeEditor(page).locator('.view-line').filter({ hasText: 'num_epochs' }).first();
    await row.waitFor({ state: 'visible', timeout });
    // The lens above num_epochs ("halve epochs (3 → 1.5) → …") is titled when it comes into view and
    // pushes the line down: measure the key only once it is there, or the pointer lands on the lens.
    await activeEditor(page).locator('.codelens-decoration').filter({ hasText: /halve epochs/ }).first().waitFor({ state: 'visible', timeout });
    // The first token of the line is the key itself.
    const box = await row.locator('span > span').first().boundingBox();
    if (!box) throw new Error('num_epochs key has no on-screen box');
    await page.mouse.move(box.x - 20, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /CO₂e/ }).first();
    // The markdown's bold is gone in innerText: "≈ 4.2 kg CO₂e (1.8–11) · 8.7 kWh · …",
    // "Epochs 3 (file, line 31): halve → …", and the equivalences' basis "— 4.2 kg CO₂e (operational
    // CO₂e, embodied not included)"; embodied carbon and the assumptions live in the panel (issue #16).
    const expected = [
      `${cli.co2e} · ${cli.energy} · `,
      `Epochs ${epochs.value} (file, line ${epochs.line})`,
      `${cli.mid} CO₂e (operational CO₂e, embodied not included)`,
      'Open panel',
    ];
    const text = await expectFigures('the hover on num_epochs', hover, expected, { timeout });
    note(`hover: "${text.replace(/\s+/g, ' ').slice(0, 160)}…"`);
    await page.mouse.move(5, 5);
  },
};
