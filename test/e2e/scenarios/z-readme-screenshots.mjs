// The README's pictures, in the three themes a user is likely to run: Dark Modern, Light Modern and
// High Contrast. For each theme: the CodeLens (carbon-lens-run.yaml: the run's lens and two driver
// lenses in six lines), a hover (num_epochs in axolotl.yaml), the panel (axolotl.yaml), and the Runs
// view beside the workspace report. `npm run screenshots` runs this scenario alone and
// writes docs/images/{codelens,hover,panel,workspace}-{dark,light,hc}.png; a plain e2e run writes them
// to test/e2e/screenshots/ instead.
//
// The README's pictures come from `npm run screenshots` (the harness and this scenario alone); in a full
// e2e run earlier scenarios have edited files (d applies a what-if to carbon-lens-run.yaml), so the
// pictures it leaves in test/e2e/screenshots differ, while every check here still holds.
//
// Deterministic: a fixed viewport, the fixture workspace (test/fixtures/workspace), the seeded settings
// of test/vscode/codeServer.mjs, the pointer parked away from the pictures, no text cursor (Playwright
// hides the caret) and no animations. Elements are found by their role or title (a pane by its header,
// the panel by its frame's text, a hover by its content), never by a position, so a changed panel
// layout still gives the same pictures. Each picture is cropped to what it shows.
//
// The workspace pictures should show runs a user has, not the fixtures that test error paths (a YAML
// error, script in a value, a file without a model): those are deleted from the run's temporary copy of
// the workspace first, with formats/ (integration fixtures, one a base-config fragment); the view and report follow deleted files. Its id (z) sorts last, so no scenario
// after it in a full run misses them.
import fs from 'node:fs';
import path from 'node:path';
import {
  CO2_RE, activeEditor, closeAllEditors, goToLine, lineOf, openFile, panelFrame, runCommand, workbenchThemeClass,
} from '../lib.mjs';
import { waitFor } from '../../vscode/codeServer.mjs';
import { cliEstimate, expectFigures } from '../figures.mjs';

// [file suffix, theme (workbench.colorTheme id, its label in the picker, what to type), the class the webviews' <body> takes]
export const THEMES = [
  ['dark', { id: 'Default Dark Modern', label: 'Dark Modern', search: 'Dark Modern' }, 'vscode-dark'],
  ['light', { id: 'Default Light Modern', label: 'Light Modern', search: 'Light Modern' }, 'vscode-light'],
  ['hc', { id: 'Default High Contrast', label: 'Dark High Contrast', search: 'High Contrast' }, 'vscode-high-contrast'],
];
const VIEWPORT = { width: 1280, height: 800 };
// Crops: the lens picture is the file's six lines at most this wide (no minimap); the workspace picture
// the report's totals and first rows.
const LENS_CLIP_WIDTH = 760;
const WORKSPACE_CLIP_HEIGHT = 560;
const PAD = 6;
const NOT_FOR_PICTURES = ['bad.yaml', 'xss.yaml', 'lens-needs.yaml', 'skypilot.yaml', 'panel-not-a-config.txt', 'budget-typo', 'actions', 'formats'];
const SHOT = { animations: 'disabled', caret: 'hide' };

/**
 * Picks a theme in "Preferences: Color Theme" as a user does. The picker shows the theme's label
 * ("Dark High Contrast" for the id "Default High Contrast", Code 1.99's theme-defaults), so the row is
 * matched on either; `search` is typed to narrow the list.
 */
async function applyTheme(page, { id, label, search }, { timeout }) {
  await runCommand(page, 'Preferences: Color Theme', { timeout });
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout });
  // The theme picker replaces the palette: wait until the box no longer holds the palette's ">…".
  await waitFor('the theme picker', async () => !(await input.inputValue()).startsWith('>'), { timeoutMs: timeout });
  await input.fill(search);
  const name = new RegExp(`^(${[id, label].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: name }) }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  const cls = workbenchThemeClass(id);
  await waitFor(`the workbench to switch to ${id}`, async () =>
    ((await page.locator('.monaco-workbench').getAttribute('class')) || '').split(/\s+/).includes(cls), { timeoutMs: timeout });
}

function union(a, b) {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function pad(box, p, within) {
  const x = Math.max(within.x, box.x - p);
  const y = Math.max(within.y, box.y - p);
  return {
    x, y,
    width: Math.min(within.x + within.width, box.x + box.width + p) - x,
    height: Math.min(within.y + within.height, box.y + box.height + p) - y,
  };
}

const round = (b) => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });

async function box(locator, what) {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${what} has no on-screen box`);
  return b;
}

/** Expands or collapses a side-bar pane by its header (its aria-expanded says which it is). */
async function setPaneExpanded(page, title, expanded, { timeout }) {
  const header = page.locator('.part.sidebar .pane-header').filter({ hasText: title }).first();
  await header.waitFor({ state: 'visible', timeout });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await waitFor(`the ${title} pane to be ${expanded ? 'expanded' : 'collapsed'}`, async () =>
    (await header.getAttribute('aria-expanded')) === String(expanded), { timeoutMs: timeout });
}

/** Waits until a webview frame's <body> carries the theme's class: webviews repaint after the workbench. */
async function frameTakesTheme(frame, bodyClass, what, { timeout }) {
  await waitFor(`${what} to take the ${bodyClass} theme`, () =>
    frame.evaluate((c) => document.body.classList.contains(c), bodyClass), { timeoutMs: timeout });
}

export default {
  id: 'z',
  name: 'README screenshots in dark, light and high contrast: CodeLens, hover, panel, Runs view + report',
  // Pictures of the real extension only; the stand-in's would show its constant.
  realOnly: true,
  async run({ page, timeout, workspace, docsImagesDir, note }) {
    const cli = cliEstimate(workspace, 'axolotl.yaml');
    const run = cliEstimate(workspace, 'carbon-lens-run.yaml');
    for (const f of NOT_FOR_PICTURES) fs.rmSync(path.join(workspace, f), { recursive: true, force: true });
    const epochsLine = lineOf(workspace, 'axolotl.yaml', /^num_epochs:/);
    const before = page.viewportSize();
    await page.setViewportSize(VIEWPORT);
    const saved = [];
    const shoot = async (name, take, { blur = true } = {}) => {
      const file = path.join(docsImagesDir, name);
      // No focus ring in the picture (a pane header just clicked, a focused tree); a hover stays focused,
      // since an editor that loses focus may close it.
      if (blur) await page.evaluate(() => document.activeElement?.blur?.());
      await take(file);
      saved.push(`${name} ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
    };
    try {
      for (const [label, theme, bodyClass] of THEMES) {
        await applyTheme(page, theme, { timeout });
        await closeAllEditors(page, { timeout });

        // CodeLens: the whole run description with its lenses. Lenses before the side bar (see scenario f).
        await openFile(page, 'carbon-lens-run.yaml', { timeout });
        await goToLine(page, 1, { timeout });
        const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
        await expectFigures(`the CodeLens (${label})`, lens, [`${run.co2e} · ${run.energy}`], { timeout });
        await activeEditor(page).locator('.codelens-decoration').filter({ hasText: /Region: .*g\/kWh/ }).first().waitFor({ state: 'visible', timeout });
        // By its command, not the activity-bar icon: in a full e2e run a click on the icon was once held
        // off for 20 s by something over it; the palette is what a keyboard user takes anyway.
        await runCommand(page, 'Carbon Lens: Focus on Estimate View', { timeout });
        await lens.waitFor({ state: 'visible', timeout });
        await page.mouse.move(5, 5);
        const editorBox = await box(page.locator('.part.editor'), 'the editor area');
        const lastLine = await box(activeEditor(page).locator('.view-line').filter({ hasText: /^region:/ }).first(), 'the region line');
        await shoot(`codelens-${label}.png`, (file) => page.screenshot({
          ...SHOT, path: file,
          clip: round({ ...editorBox, width: Math.min(editorBox.width, LENS_CLIP_WIDTH), height: lastLine.y + lastLine.height + 2 * PAD - editorBox.y }),
        }));

        // Hover: on the num_epochs key, as in scenario b; the picture holds the hover and the hovered line.
        await openFile(page, 'axolotl.yaml', { timeout });
        await goToLine(page, epochsLine, { timeout });
        const row = activeEditor(page).locator('.view-line').filter({ hasText: 'num_epochs' }).first();
        await row.waitFor({ state: 'visible', timeout });
        await activeEditor(page).locator('.codelens-decoration').filter({ hasText: /halve epochs/ }).first().waitFor({ state: 'visible', timeout });
        const key = await box(row.locator('span > span').first(), 'the num_epochs key');
        await page.mouse.move(key.x - 20, key.y + key.height / 2);
        await page.mouse.move(key.x + key.width / 2, key.y + key.height / 2, { steps: 5 });
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /CO₂e/ }).first();
        await expectFigures(`the hover (${label})`, hover, [`${cli.co2e} · ${cli.energy}`], { timeout });
        await page.waitForTimeout(300); // the hover fades in
        const hoverClip = pad(union(await box(hover, 'the hover'), await box(row, 'the num_epochs line')), PAD, editorBox);
        hoverClip.height -= PAD - 2; // the line under num_epochs stays out
        await shoot(`hover-${label}.png`, (file) => page.screenshot({ ...SHOT, path: file, clip: round(hoverClip) }), { blur: false });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        // The panel: the side bar with the estimate of axolotl.yaml, scrolled to its top, the Runs pane folded.
        await setPaneExpanded(page, /estimate/i, true, { timeout });
        await setPaneExpanded(page, /runs/i, false, { timeout });
        const panel = await panelFrame(page, { timeout, textRe: /axolotl\.yaml[\s\S]*CO₂e|CO₂e[\s\S]*axolotl\.yaml/ });
        await expectFigures(`the panel headline (${label})`, panel.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
        await frameTakesTheme(panel, bodyClass, 'the panel', { timeout });
        await panel.evaluate(() => { window.scrollTo(0, 0); document.scrollingElement?.scrollTo(0, 0); });
        await page.mouse.move(5, 5);
        await shoot(`panel-${label}.png`, (file) => page.locator('.part.sidebar').screenshot({ ...SHOT, path: file, timeout }));

        // The Runs view beside the workspace report (editor area): one picture of side bar + editor.
        await runCommand(page, 'Carbon Lens: Open workspace report', { timeout });
        const report = await panelFrame(page, { timeout, textRe: /Workspace report[\s\S]*One-time \(training\)/ });
        await frameTakesTheme(report, bodyClass, 'the report', { timeout });
        await runCommand(page, 'Carbon Lens: Focus on Runs View', { timeout });
        await setPaneExpanded(page, /runs/i, true, { timeout });
        await setPaneExpanded(page, /estimate/i, false, { timeout });
        const runs = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /runs/i }) });
        const oneTime = (await report.locator('.total-figure').first().innerText({ timeout })).trim();
        await expectFigures(`the Runs view's one-time total (${label})`, runs.locator('.monaco-list-row').filter({ hasText: 'One-time (training)' }).first(), [oneTime], { timeout });
        await page.mouse.move(5, 5);
        const both = union(await box(page.locator('.part.sidebar'), 'the side bar'), editorBox);
        both.height = Math.min(both.height, WORKSPACE_CLIP_HEIGHT);
        await shoot(`workspace-${label}.png`, (file) => page.screenshot({ ...SHOT, path: file, clip: round(both) }));
      }
    } finally {
      // Leave the light theme the harness leaves, for any scenario after this one.
      await applyTheme(page, THEMES[1][1], { timeout }).catch(() => {});
      await page.setViewportSize(before ?? { width: 1400, height: 900 }).catch(() => {});
    }
    note(`saved in ${path.relative(process.cwd(), docsImagesDir) || '.'}: ${saved.join(', ')}`);
  },
};
