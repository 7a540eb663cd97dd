// Rasterises media/icon-marketplace.svg to media/icon.png (128×128, the Marketplace's icon size)
// with the Chromium that the e2e tests use. Run: node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const svg = fs.readFileSync('media/icon-marketplace.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png written');
