import { cliEstimate, expectFigures } from '../figures.mjs';
import {
  CO2_RE, activeEditor, goToLine, lineOf, openFile, panelFrame, showCarbonLensSidebar, waitForQuietDom,
} from '../lib.mjs';

// xss.yaml's values: each would run script (window.__xss = n) if any view inserted it as markup
// or followed it as a link.
const NAME = '<img src=x onerror="window.__xss=1">';
const MODEL = '[click](javascript:window.__xss=3)';
// Elements a payload would create if parsed as HTML (an injected <script> is matched by its text).
const HOSTILE_SELECTOR = 'img[src="x"], svg[onload], [onerror], [onload]';

/**
 * Every frame's window.__xss: the workbench page and each webview frame (outer and inner). A frame
 * that cannot be read is a failure, not a clean result: a payload could have run there unseen. Only a
 * frame that has gone away since the list was taken (detached) is passed over, since no script runs
 * in it any more; `panel` (the frame that showed the payloads) must be among those read.
 */
async function xssMarks(page, panel) {
  const marks = [];
  const unreadable = [];
  let read = 0;
  let panelRead = false;
  for (const f of page.frames()) {
    let v;
    let error;
    // A frame caught mid-navigation refuses once ("execution context was destroyed"); a few tries
    // tell that apart from one that cannot be read at all.
    for (let attempt = 0; attempt < 3 && v === undefined && !f.isDetached(); attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 200));
      v = await f.evaluate(() => ({ xss: window.__xss })).catch((e) => { error = e; return undefined; });
    }
    if (v === undefined) {
      if (f.isDetached()) continue;
      unreadable.push(`${f.url().slice(0, 80) || '(no url)'}: ${String(error?.message || error).split('\n')[0]}`);
      continue;
    }
    read++;
    if (f === panel) panelRead = true;
    if (v.xss !== undefined) marks.push(`${f.url().slice(0, 80)}: window.__xss=${v.xss}`);
  }
  if (unreadable.length) throw new Error(`cannot tell whether a payload ran: ${unreadable.length} frame(s) could not be inspected: ${unreadable.join('; ')}`);
  if (!panelRead) throw new Error('the panel frame that showed the payloads was not among the frames inspected');
  return { marks, read };
}

/** Hovers the key at the start of a line and returns the Carbon Lens hover's locator and text. */
async function hoverKey(page, workspace, key, { timeout, co2e }) {
  await goToLine(page, lineOf(workspace, 'xss.yaml', new RegExp(`^${key}:`)), { timeout });
  const line = activeEditor(page).locator('.view-line').filter({ hasText: `${key}:` }).first();
  await line.waitFor({ state: 'visible', timeout });
  const box = await line.locator('span > span').first().boundingBox();
  if (!box) throw new Error(`${key} key has no on-screen box`);
  await page.mouse.move(box.x - 20, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /CO₂e/ }).first();
  const text = await expectFigures(`the Carbon Lens hover on ${key}`, hover, [co2e], { timeout });
  return { hover, text };
}

export default {
  id: 'g',
  name: 'script and markup in a config stay inert text in the lens, hover and panel',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    // The payloads do not stop the estimate: the lens and the panel carry the CLI's figures for the file.
    const cli = cliEstimate(workspace, 'xss.yaml');
    await openFile(page, 'xss.yaml', { timeout });
    const lens = activeEditor(page).locator('.codelens-decoration').filter({ hasText: CO2_RE }).first();
    const lensText = await expectFigures('the CodeLens on xss.yaml', lens, [`${cli.co2e} · ${cli.energy}`], { timeout });
    note(`lens: "${lensText}"`);

    // The hover on model: quotes the markdown-link payload; it must read as text, not as a link.
    const { hover, text } = await hoverKey(page, workspace, 'model', { timeout, co2e: cli.co2e });
    const links = await hover.locator('a').evaluateAll((as) => as.map((a) => ({
      text: a.textContent, href: a.getAttribute('href') || '', dataHref: a.getAttribute('data-href') || '',
    })));
    const scripted = links.filter((l) => /^\s*javascript:/i.test(l.href) || /^\s*javascript:/i.test(l.dataHref));
    if (scripted.length) throw new Error(`the hover has javascript: links: ${JSON.stringify(scripted)}`);
    const foreign = links.filter((l) => !/^(command:|#|$)/.test(l.dataHref || l.href));
    if (foreign.length) throw new Error(`the hover links outside Carbon Lens commands: ${JSON.stringify(foreign)}`);
    if (await hover.locator(HOSTILE_SELECTOR).count()) throw new Error('the hover contains a payload element');
    const literal = text.includes(MODEL);
    note(`hover: ${links.length} link(s), all command:; model payload ${literal ? 'shown literally' : 'not quoted in the hover'}: "${text.replace(/\s+/g, ' ').slice(0, 120)}…"`);
    await page.mouse.move(5, 5);

    // The panel follows the active editor; wait until it shows this run, by its hostile name.
    await showCarbonLensSidebar(page, { timeout });
    const frame = await panelFrame(page, { timeout, textRe: /<img src=x onerror="window\.__xss=1">[\s\S]*CO₂e|CO₂e[\s\S]*<img src=x onerror=/ });
    await waitForQuietDom(frame, { timeout });
    await expectFigures('the panel headline for xss.yaml', frame.locator('#estimate-total'), [cli.co2e], { timeout, exact: true });
    const panel = await frame.evaluate((sel) => ({
      text: document.body.innerText,
      hostile: [
        ...Array.from(document.querySelectorAll(sel)),
        ...Array.from(document.scripts).filter((e) => e.textContent.includes('__xss')),
      ].map((e) => e.outerHTML.slice(0, 120)),
      imgs: Array.from(document.querySelectorAll('img')).map((e) => e.getAttribute('src')),
    }), HOSTILE_SELECTOR);
    if (panel.hostile.length) throw new Error(`the panel DOM has payload elements: ${panel.hostile.join(' | ')}`);
    if (!panel.text.includes(NAME)) throw new Error(`the run name is not shown literally; panel text: ${JSON.stringify(panel.text.slice(0, 300))}`);
    const shown = ['</script><script>window.__xss=2</script>', MODEL, '<svg onload=window.__xss=4>'].filter((p) => panel.text.includes(p));

    // No fixed wait for the handlers: the panel's DOM has just held still for 500 ms
    // (waitForQuietDom), and a parsed src=x fails, firing onerror, without any network.
    const { marks, read } = await xssMarks(page, frame);
    if (marks.length) throw new Error(`a payload ran: ${marks.join('; ')}`);
    note(`panel: name shown literally, ${shown.length}/3 other payloads also visible as text; ${read} of ${page.frames().length} frame(s) inspected, window.__xss undefined in all`);
  },
};
