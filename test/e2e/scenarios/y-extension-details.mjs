// The Extensions view's details page of the installed .vsix, as a user first meets the extension: its
// README must show every screenshot (issue 16: "broken screenshots on the Extensions page"). The page
// renders the packaged readme in a webview that allows only https: and data: images (see
// scripts/readmeForVsix.ts); this checks the pictures actually decoded, in that webview's own frame,
// and that every file the packaged README links is in the installed extension folder.
import fs from 'node:fs';
import path from 'node:path';
import { closeAllEditors, runCommand } from '../lib.mjs';
import { REPO, waitFor } from '../../vscode/codeServer.mjs';

const EXTENSION_DIR_RE = /^carbon-lens\.carbon-lens-/;

/** Image references of a Markdown text: `![alt](target)`. */
function imageCount(markdown) {
  return [...markdown.matchAll(/!\[[^\]\n]*\]\([^)\s]+\)/g)].length;
}

export default {
  id: 'y',
  name: 'the Extensions details page shows the README with every image loaded; linked files are packaged',
  // The stand-in's manifest carries no README of ours: only the real .vsix can show these images.
  realOnly: true,
  async run({ page, timeout, extensionsDir, screenshotsDir, note }) {
    const installed = fs.readdirSync(extensionsDir).filter((d) => EXTENSION_DIR_RE.test(d));
    if (installed.length !== 1) throw new Error(`expected one installed carbon-lens folder in ${extensionsDir}, found ${JSON.stringify(installed)}`);
    const folder = path.join(extensionsDir, installed[0]);
    const readmeName = fs.readdirSync(folder).filter((f) => /^readme(\.md)?$/i.test(f));
    if (readmeName.length !== 1) throw new Error(`expected one readme in ${folder}, found ${JSON.stringify(readmeName)}`);
    const readme = fs.readFileSync(path.join(folder, readmeName[0]), 'utf8');
    // The repository's README decides how many pictures the page must show.
    const expected = imageCount(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
    if (imageCount(readme) !== expected) throw new Error(`the packaged readme has ${imageCount(readme)} images, README.md ${expected}`);
    // Every relative link of the packaged README names a file that was installed with it.
    const links = [...readme.matchAll(/(^|[^!])\[[^\]\n]*\]\(([^)\s#]+)(#[^)\s]*)?\)/g)]
      .map((m) => m[2]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
    const missing = [...new Set(links)].filter((t) => !fs.existsSync(path.join(folder, decodeURI(t))));
    if (missing.length) throw new Error(`the README links files that are not packaged: ${missing.join(', ')}`);

    // "@enabled": the installed list; the view's other sections would search the (offline) gallery.
    await runCommand(page, 'Extensions: Show Enabled Extensions', { timeout });
    const row = page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Carbon Lens' }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    const editor = page.locator('.extension-editor');
    await editor.locator('.name').filter({ hasText: 'Carbon Lens' }).first().waitFor({ state: 'visible', timeout });

    // The readme webview: a frame whose document holds the README's opening sentence.
    let frame = null;
    let inspected = 0;
    await waitFor('the details page to render the README', async () => {
      inspected = 0;
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => null);
        if (text === null) continue;
        inspected++;
        if (/before you run it/.test(text) && /What you see/.test(text)) {
          frame = f;
          return true;
        }
      }
      return false;
    }, { timeoutMs: timeout, intervalMs: 250 }).catch((e) => {
      throw new Error(`${e.message} (${inspected} of ${page.frames().length - 1} frames could be inspected)`);
    });

    // complete is true for a broken image too; naturalWidth 0 is what says it did not decode.
    let images = [];
    await waitFor('every README image to finish loading', async () => {
      images = await frame.evaluate(() => [...document.images].map((i) => ({
        alt: i.alt, src: i.getAttribute('src')?.slice(0, 40) ?? '', complete: i.complete, width: i.naturalWidth,
      })));
      return images.length >= expected && images.every((i) => i.complete);
    }, { timeoutMs: timeout, intervalMs: 250 }).catch((e) => {
      throw new Error(`${e.message}: ${images.length} of ${expected} images, ${images.filter((i) => !i.complete).length} still loading`);
    });
    const broken = images.filter((i) => !(i.width > 0));
    if (images.length !== expected || broken.length) {
      throw new Error(`${broken.length} of ${images.length} README images did not load (README.md has ${expected}): ${broken.map((i) => `"${i.alt.slice(0, 40)}" ${i.src}`).join('; ')}`);
    }
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join(screenshotsDir, 'extension-details.png') });
    note(`${images.length} images decoded (widths ${images.map((i) => i.width).join(', ')}); ${new Set(links).size} linked files packaged`);
    await closeAllEditors(page, { timeout });
  },
};
