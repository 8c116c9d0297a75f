/// <reference lib="dom" />
/**
 * The other kommuner's HTML and the kommun sammanställning pass axe-core's WCAG 2.0/2.1 A and AA
 * rules in Debian's headless Chromium, like the Servicenämnden report (a11y.test.ts goes deeper there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../e2e/run-cli.js';
import { ROOT } from '../../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = !existsSync(CHROMIUM) && process.env['CI'] !== 'true';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(SKIP)('tillgänglig HTML för Linköping och kommunsammanställningen', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    const r = await runCli(['build', 'examples', '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const file of ['linkoping/kommunstyrelsen-vb-2023.html', 'linkoping/leanlink-vb-2023.html', 'eskilstuna/sammanstallning.html', 'eskilstuna/arbetsmarknadsnamnden-dr2-2023.html']) {
    it(`${file}: no WCAG A/AA violations`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${path.join(out, file)}`);
      await page.addScriptTag({ content: AXE });
      const result = (await page.evaluate(
        async () => await (window as unknown as { axe: { run: (d: Document, o: unknown) => Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
      )) as AxeResults;
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe('sv');
      await page.close();
    }, 60_000);
  }
});
