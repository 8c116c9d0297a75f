/**
 * Hostile text that is not an error: HTML, script and template syntax in names and prose, links to
 * javascript:, a BOM, CRLF line ends, -0. The report builds (exit 0); in the HTML the text is text
 * (escaped, proven in Chromium: no script runs, no element is injected), in the PDF it is plain text.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE } from '../helpers.js';
import { pdfText, runCli, squeeze } from '../e2e/run-cli.js';
import { replaceOnce } from './cases.js';
import { STACK_TRACE } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = !existsSync(CHROMIUM) && process.env['CI'] !== 'true';

const SCRIPT = '<script>window.__pwned = 1</script>';
const IMG = '<img src=x onerror="window.__pwned = 2">';
const NAME = `Servicenämnden ${SCRIPT}`;
const TEMPLATE_IN_NAME = '{{belopp summa-rr.utfall}} & {{{raw}}}';

let root: string;
let html: string;
let pdf: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'rapport-neutral-'));
  const dir = path.join(root, 'rapport');
  cpSync(EXAMPLE, dir, { recursive: true });
  replaceOnce(dir, 'rapport.yaml', '  namn: Serviceförvaltningen', `  namn: "${NAME.replace(/"/g, '\\"')}"`);
  replaceOnce(dir, 'internkontroll.yaml', '      namn: God kvalitet och värdeskapande processer', `      namn: "${TEMPLATE_IN_NAME}"`);
  writeFileSync(
    path.join(dir, 'text', 'sammanfattning.md'),
    `${readFileSync(path.join(dir, 'text', 'sammanfattning.md'), 'utf8')}\nRå HTML: ${SCRIPT} och ${IMG}.\n\nEn länk: [klicka här](javascript:window.__pwned=3) och <a href="javascript:alert(1)">en till</a>.\n\nSå skrivs en bild i Markdown: \`![text](adress)\`, och så ser en länk efter ett utropstecken ut: Bra\\![Se bilagan](#bilaga).\n`,
  );
  // -0 is 0.
  replaceOnce(dir, 'ekonomi.yaml', '        - id: nls\n          namn: Nämnd, Ledning och Stöd\n          budgetavvikelse_fg: 5.4\n          budgetavvikelse: 9.9\n          budget_helår: 0.0', '        - id: nls\n          namn: Nämnd, Ledning och Stöd\n          budgetavvikelse_fg: 5.4\n          budgetavvikelse: 9.9\n          budget_helår: -0.0');
  // A BOM and CRLF line ends are accepted as they are.
  const ekonomi = path.join(dir, 'ekonomi.yaml');
  writeFileSync(ekonomi, `\uFEFF${readFileSync(ekonomi, 'utf8').replace(/\n/g, '\r\n')}`);
  const r = await runCli(['build', 'rapport', '--out', 'ut'], root);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  html = path.join(root, 'ut', 'rapport.html');
  pdf = path.join(root, 'ut', 'rapport.pdf');
}, 120_000);

describe('hostile text that is not an error', () => {
  it('is escaped in the HTML source', () => {
    const source = readFileSync(html, 'utf8');
    expect(source).not.toContain(SCRIPT);
    expect(source).not.toContain('onerror="window');
    expect(source).not.toMatch(/href="javascript:/i);
    expect(source).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(source).toContain('{{belopp summa-rr.utfall}} &amp; {{{raw}}}');
  });

  it('shows -0 as 0', () => {
    const text = squeeze(pdfText(pdf));
    // The row name wraps or not, as the table layout decides; the -0 is printed 0,0.
    expect(text).toMatch(/Nämnd, Ledning och (Stöd )?5,4 9,9 0,0 4,5/);
    expect(text).not.toContain('−0,0');
  });

  it('is plain text in the PDF', () => {
    const text = squeeze(pdfText(pdf));
    expect(text).toContain('Serviceförvaltningen');
    expect(text).toContain('<script>window.__pwned = 1</script>');
    expect(text).toContain('{{belopp summa-rr.utfall}} & {{{raw}}}');
    // Image syntax in a code span, and an escaped "!" before a link, are text, not images.
    expect(text).toContain('![text](adress)');
    expect(text).toContain('Bra!Se bilagan');
  });

  describe.skipIf(SKIP)('in Chromium', () => {
    let browser: Awaited<ReturnType<typeof chromium.launch>>;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('runs no script, injects no element and shows the text as written', async () => {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`file://${html}`);
      // Clicking every link in the page would be the only other way in: javascript: links are not links.
      const result = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        scripts: document.querySelectorAll('script').length,
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
        text: document.body.innerText,
      }));
      expect(result.pwned).toBeUndefined();
      expect(result.scripts).toBe(0);
      expect(result.handlers).toBe(0);
      expect(result.jsLinks).toBe(0);
      expect(dialogs).toEqual([]);
      expect(result.text).toContain(SCRIPT);
      expect(result.text).toContain(TEMPLATE_IN_NAME);
      await page.close();
    }, 60_000);
  });
});
