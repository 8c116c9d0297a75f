/**
 * Screenshot a built HTML report in Debian's headless Chromium, for looking at what we make:
 *   npx tsx scripts/screenshot.ts dist/eskilstuna/servicenamnden-dr2-2023.html out.png [#anchor] [width]
 */
import path from 'node:path';
import { chromium } from 'playwright-core';

const [file, out, anchor = '', width = '1000'] = process.argv.slice(2);
if (!file || !out) {
  console.error('användning: tsx scripts/screenshot.ts <rapport.html> <bild.png> [#ankare] [bredd]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 1300 } });
  await page.goto(`file://${path.resolve(file)}`);
  if (anchor) await page.locator(anchor).evaluate((element) => element.scrollIntoView());
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
