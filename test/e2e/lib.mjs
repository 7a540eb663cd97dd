// UI helpers for the e2e scenarios: the few gestures a person makes in VS Code
// (Quick Open, the command palette, go to line, hovering, reading the side
// panel), each bounded by a deadline so a missing feature fails in seconds
// instead of hanging the run. Selectors are those of Code 1.99 (code-server 4.99.4).
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../vscode/codeServer.mjs';

export const EXTENSION_ID = 'carbon-lens.carbon-lens';
/** What a Carbon Lens estimate looks like wherever it is shown. */
export const CO2_RE = /kg CO₂e|t CO₂e|g CO₂e/;

const QUICK_INPUT = '.quick-input-widget';
// `input.input`: a bare `input` also matches the list's checkboxes (strict-mode violation).
const QUICK_INPUT_BOX = `${QUICK_INPUT} input.input`;
const QUICK_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

export async function closeQuickInput(page) {
  for (let i = 0; i < 3 && (await page.locator(QUICK_INPUT).isVisible()); i++) {
    await page.keyboard.press('Escape');
  }
}

async function quickPick(page, { open, text, rowText, rowName, timeout }) {
  await closeQuickInput(page);
  await open();
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ state: 'visible', timeout });
  // fill() replaces whatever the widget pre-filled (">" for the palette, ":" for go-to-line).
  await input.fill(text);
  if (rowText) {
    // rowName: the row whose label is exactly this name (Quick Open also lists fuzzy matches such as
    // a fixture named axolotl-<something>.yaml for "axolotl.yaml", and the list re-sorts while results stream in).
    const rows = page.locator(QUICK_ROW).filter({ hasText: rowText });
    const row = (rowName ? rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${rowName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }) : rows).first();
    await row.waitFor({ state: 'visible', timeout });
    // The list re-sorts as results stream in; select the row we mean, not whatever is first.
    await row.click();
  } else {
    await page.keyboard.press('Enter');
  }
}

/** Opens a workspace file the way a person does: Ctrl+P, type the name, pick it. */
export async function openFile(page, name, { timeout }) {
  const tab = page.locator('.tabs-container .tab.active').filter({ hasText: name });
  if (await tab.isVisible()) return;
  // A click can land on a row that moved under it while results streamed in: check the tab, retry once.
  for (let attempt = 0; ; attempt++) {
    await quickPick(page, { open: () => page.keyboard.press('Control+P'), text: name, rowText: name, rowName: name, timeout });
    try {
      await tab.waitFor({ state: 'visible', timeout: attempt === 0 ? Math.min(timeout, 5000) : timeout });
      return;
    } catch (e) {
      if (attempt > 0) throw e;
    }
  }
}

/** Runs a command by its palette title, e.g. "Carbon Lens: Estimate emissions". */
export async function runCommand(page, title, { timeout, key = 'F1' }) {
  await quickPick(page, { open: () => page.keyboard.press(key), text: `>${title}`, rowText: title, timeout });
}

export async function goToLine(page, line, { timeout }) {
  await quickPick(page, { open: () => page.keyboard.press('Control+G'), text: `:${line}`, timeout });
}

export function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** 1-based line number of the first line of a workspace file matching `re`. */
export function lineOf(workspace, file, re) {
  const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${file} has no line matching ${re}`);
  return i + 1;
}

/** Waits until a locator's text satisfies every regex (content often streams in after it appears). */
export async function waitForText(what, locator, regexes, { timeout }) {
  let last = '';
  await waitFor(what, async () => {
    if (!(await locator.isVisible())) return false;
    last = (await locator.innerText()).trim();
    return regexes.every((re) => re.test(last));
  }, { timeoutMs: timeout }).catch((e) => {
    throw new Error(`${e.message}; wanted ${regexes.join(' and ')}, last text: ${JSON.stringify(last.slice(0, 300))}`);
  });
  return last;
}

/**
 * The document frame of Carbon Lens's webview view. VS Code hosts each webview
 * in an iframe whose URL carries the owning extension's id, with the content in
 * a nested "active-frame"; matching on the id ignores other extensions' webviews.
 */
export async function panelFrame(page, { timeout, textRe = /\S/ }) {
  let lastText = '';
  return waitFor(`the Carbon Lens webview to show ${textRe}`, async () => {
    for (const outer of page.frames()) {
      if (!outer.url().includes(`extensionId=${EXTENSION_ID}`)) continue;
      for (const inner of outer.childFrames()) {
        const text = await inner.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (text) lastText = text;
        if (textRe.test(text)) return inner;
      }
    }
    return null;
  }, { timeoutMs: timeout, intervalMs: 200 }).catch((e) => {
    throw new Error(`${e.message}; webview text was ${JSON.stringify(lastText.slice(0, 300))}`);
  });
}

/**
 * Resolves once a frame's DOM has stopped changing for `quietMs`. A panel that
 * rebuilds itself on every update can swap a button out between mouse-down and
 * mouse-up, and then the click never fires; a person would not click mid-redraw.
 */
export async function waitForQuietDom(frame, { quietMs = 500, timeout }) {
  await frame.evaluate(({ quietMs, timeout }) => new Promise((resolve, reject) => {
    let timer;
    const done = (fn) => { observer.disconnect(); clearTimeout(timer); clearTimeout(deadline); fn(); };
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => done(resolve), quietMs);
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    timer = setTimeout(() => done(resolve), quietMs);
    const deadline = setTimeout(() => done(() => reject(new Error(`the panel kept changing for ${timeout} ms`))), timeout);
  }), { quietMs, timeout });
}

/** Text of the first match, or '' when there is none; never waits for one to appear. */
export async function textIfPresent(locator) {
  if ((await locator.count()) === 0) return '';
  return (await locator.first().innerText({ timeout: 2000 }).catch(() => '')).trim();
}

export function sidebarTitle(page) {
  return page.locator('.part.sidebar .composite.title .title-label');
}

/** Shows the Carbon Lens side bar without toggling it closed when it is already showing. */
export async function showCarbonLensSidebar(page, { timeout }) {
  const title = sidebarTitle(page);
  if ((await title.isVisible()) && /carbon lens/i.test(await title.innerText())) return;
  await page.locator('.activitybar .action-item a[aria-label^="Carbon Lens"]').first().click({ timeout });
  await waitForText('the side bar to show Carbon Lens', title, [/carbon lens/i], { timeout });
}

export function snapshotFiles(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

export function changedFiles(before, after) {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** The class the workbench element takes for a theme: 'hc-black', 'hc-light', 'vs' (light) or 'vs-dark'. */
export function workbenchThemeClass(theme) {
  if (/high contrast light/i.test(theme)) return 'hc-light';
  if (/high contrast/i.test(theme)) return 'hc-black';
  return /light/i.test(theme) ? 'vs' : 'vs-dark';
}

/** Switches the color theme through the palette, as a user would, and waits for the workbench to repaint. */
export async function setColorTheme(page, theme, { timeout }) {
  await runCommand(page, 'Preferences: Color Theme', { timeout });
  // The theme picker opens as a second quick pick after the palette closes.
  const row = page.locator(QUICK_ROW).filter({ hasText: theme }).first();
  const input = page.locator(QUICK_INPUT_BOX);
  await row.waitFor({ state: 'visible', timeout });
  await input.fill(theme);
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  const kind = workbenchThemeClass(theme);
  await waitFor(`the workbench to switch to ${theme}`, async () => {
    const cls = (await page.locator('.monaco-workbench').getAttribute('class')) || '';
    return cls.split(/\s+/).includes(kind);
  }, { timeoutMs: timeout });
}

/**
 * Closes every editor ("View: Close All Editors"). An editor an earlier scenario left unsaved would
 * stop here on the save prompt; its changes are not what the caller is about, so they are not saved.
 */
export async function closeAllEditors(page, { timeout }) {
  await runCommand(page, 'View: Close All Editors', { timeout });
  const dontSave = page.locator('.monaco-dialog-box .dialog-buttons a, .monaco-dialog-box .dialog-buttons button')
    .filter({ hasText: /^Don't Save$/ }).first();
  if (await dontSave.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false)) await dontSave.click();
  await waitFor('every editor to close', async () => (await page.locator('.tabs-container .tab').count()) === 0, { timeoutMs: timeout });
}
