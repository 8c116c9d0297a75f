/// <reference lib="dom" />
/**
 * Issue 17, the parts a reader sees first: the cover page, what stays screen-only, the charts and
 * the scroll cue of wide tables.
 *
 *  - the cover (PDF page 1) holds kommun, nämnd, the report's name, period, dnr and status as the
 *    report gives them, and nothing it does not give;
 *  - the screen-only footer and skip link never reach a PDF;
 *  - a long bar label is wrapped, never cut off; a target line spans the whole plot; a chart stands
 *    right after the table of its indicator;
 *  - wide tables scroll in a named, focusable region with a visible cue, axe-clean at 1280, 390 and
 *    320 px (needs /usr/bin/chromium; skipped without it outside CI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/format/decimal.js';
import { barChart, columnChart, lineChart, textWidth, wrapLabel } from '../../src/render/charts.js';
import { DEFAULT_CHART_COLOURS } from '../../src/render/view-model.js';
import { coverColours, loadTheme, ThemeSchema, themeCss } from '../../src/theme/theme.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { ROOT } from '../helpers.js';

const d = (v: string) => new Decimal(v);
const lines = (text: string) => text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
const pageText = (file: string, page?: number) =>
  execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });

/** The plot's horizontal extent: the x1/x2 of its grid lines. */
function gridExtent(svg: string): { x1: number; x2: number } {
  const grid = [...svg.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)" y2="[\d.]+" stroke="#d5dae0"/g)];
  expect(grid.length).toBeGreaterThan(1);
  return { x1: Number(grid[0]![1]), x2: Number(grid[0]![2]) };
}

/** The target line's horizontal extent (a <line>, or a step <path> of M/H/V commands). */
function targetExtent(svg: string): { x1: number; x2: number } {
  const line = /<line class="mallinje" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/.exec(svg);
  if (line) return { x1: Number(line[1]), x2: Number(line[2]) };
  const path = /<path class="mallinje" d="([^"]+)"/.exec(svg);
  expect(path, 'the chart has a target line').not.toBeNull();
  const xs = [...path![1]!.matchAll(/([MH])([\d.]+)/g)].map((m) => Number(m[2]));
  return { x1: Math.min(...xs), x2: Math.max(...xs) };
}

describe('charts', () => {
  it('wraps a long bar label onto lines that fit, keeping every character', () => {
    for (const label of ['Kommunikation och utvecklingsstaben', 'Samhällsbyggnadsförvaltningens gemensamma stödfunktioner och administration', 'Överförmyndarnämndensgemensammakansliochadministration']) {
      const wrapped = wrapLabel(label, 224);
      expect(wrapped.length).toBeGreaterThan(1);
      for (const l of wrapped) expect(textWidth(l), l).toBeLessThanOrEqual(224);
      // Joined again (a split word's hyphen dropped) the label is whole.
      expect(wrapped.join(' ').replace(/- /g, '').replace(/ /g, '')).toBe(label.replace(/ /g, ''));
    }
    expect(wrapLabel('Område 1', 224)).toEqual(['Område 1']);
  });

  it('sets a long name on two lines in the bar chart, never "…"', () => {
    const chart = barChart({
      id: 'b',
      rubrik: 'Avvikelse',
      enhet: 'mnkr',
      decimaler: 1,
      staplar: [{ namn: 'Kommunstyrelsen', värde: d('2.6') }, { namn: 'Kommunikation och utvecklingsstaben', värde: d('-1.5') }],
      colours: DEFAULT_CHART_COLOURS,
    });
    expect(chart.svg).not.toContain('…');
    expect(chart.svg).toContain('>Kommunikation och</text>');
    expect(chart.svg).toContain('>utvecklingsstaben</text>');
    // The text alternative has the name whole.
    expect(chart.beskrivning).toContain('Kommunikation och utvecklingsstaben −1,5');
  });

  it('draws a target given for the last period over the whole plot (line and column charts)', () => {
    const common = { id: 'x', rubrik: 'Andel (%)', enhet: '%', decimaler: 1, kategorier: ['2020', '2021', '2022', '2023'], colours: DEFAULT_CHART_COLOURS };
    const line = lineChart({ ...common, serier: [{ namn: 'Totalt', värden: [d('60'), d('62'), d('64'), d('66')], färg: '#1f5a96', markör: 'cirkel' }], mål: [undefined, undefined, undefined, d('70')] });
    const column = columnChart({ ...common, värden: [d('60'), d('62'), d('64'), d('66')], mål: [undefined, undefined, undefined, d('70')] });
    for (const chart of [line, column]) {
      expect(targetExtent(chart.svg)).toEqual(gridExtent(chart.svg));
      // Still dashed, and the text alternative names only the target the report gives.
      expect(chart.svg).toMatch(/class="mallinje"[^>]*stroke-dasharray="6 4"/);
      expect(chart.beskrivning).toContain('Målvärde 2023 70,0\u00a0%.');
    }
  });

  it('draws changing targets as one step line over the whole plot', () => {
    const chart = lineChart({
      id: 'x',
      rubrik: 'Andel (%)',
      enhet: '%',
      decimaler: 1,
      kategorier: ['2020', '2021', '2022', '2023'],
      serier: [{ namn: 'Totalt', värden: [d('60'), d('62'), d('64'), d('66')], färg: '#1f5a96', markör: 'cirkel' }],
      mål: [d('65'), undefined, d('68'), d('70')],
      colours: DEFAULT_CHART_COLOURS,
    });
    expect(targetExtent(chart.svg)).toEqual(gridExtent(chart.svg));
    expect(chart.svg).toMatch(/<path class="mallinje" d="M[\d.]+ [\d.]+(H[\d.]+V[\d.]+){2}H[\d.]+"/);
  });
});

describe('theme: the cover colours', () => {
  it('default to the heading colour with white text, as CSS variables and checked for contrast', () => {
    const theme = ThemeSchema.parse({});
    expect(coverColours(theme)).toEqual({ fill: '#173a5e', text: '#ffffff' });
    expect(themeCss(theme)).toContain('--cover-bg: #173a5e;');
    expect(themeCss(ThemeSchema.parse({ färger: { rubrik: '#003b6f' } }))).toContain('--cover-bg: #003b6f;');
    expect(coverColours(ThemeSchema.parse({ färger: { titelsida: '#f4d03f', titelsida_text: '#1b1b1b' } }))).toEqual({ fill: '#f4d03f', text: '#1b1b1b' });
  });

  it('refuses a field its text cannot be read on (tema.kontrast at the colour)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'tema.yaml'), 'färger:\n  titelsida: "#9db7cf"\n');
    const { loaded, diagnostics } = loadTheme(dir, dir);
    expect(loaded).toBeUndefined();
    expect(diagnostics.map((x) => [x.code, x.pos?.line, x.message])).toEqual([
      ['tema.kontrast', 2, 'färger.titelsida_text #ffffff har kontrasten 2,08:1 mot titelsidans färgfält #9db7cf; text kräver minst 4,5:1 (WCAG 2.1 AA)'],
    ]);
    writeFileSync(path.join(dir, 'tema.yaml'), 'färger:\n  titelsida: "#9db7cf"\n  titelsida_text: "#1b1b1b"\n');
    expect(loadTheme(dir, dir).diagnostics).toEqual([]);
  });
});

describe('the built examples', () => {
  let out: string;
  let pdfs: string[];

  beforeAll(async () => {
    out = tempDir();
    const r = await runCli(['build', 'examples', '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    pdfs = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf')).map((f) => path.join(out, f));
    expect(pdfs.length).toBe(6);
  }, 240_000);

  it('puts kommun, nämnd, report name, period, dnr and status on the cover (PDF page 1)', () => {
    const cover = lines(pageText(path.join(out, 'eskilstuna', 'servicenamnden-dr2-2023.pdf'), 1));
    for (const expected of ['Eskilstuna', 'Delårsrapport 2 2023', 'Servicenämnden', 'Serviceförvaltningen', 'Rapportperiod 2023-01-01–2023-08-31', 'Dnr SEN/2023:35 · Status: Påbörjad']) {
      expect(cover, expected).toContain(expected);
    }
    // The report's name is the cover's largest line, and only the cover is on page 1.
    expect(cover.join('\n')).not.toMatch(/Innehåll|Sida \d/);
    const ks = lines(pageText(path.join(out, 'eskilstuna', 'kommunstyrelsen-dr2-2022.pdf'), 1));
    for (const expected of ['Bilaga 1', 'Eskilstuna', 'Delårsrapport 2 2022', 'Kommunstyrelsen', 'Dnr KSKF/2022:251']) expect(ks, expected).toContain(expected);
  }, 60_000);

  it('puts every part of the HTML title header on the cover, and nothing the report does not give', () => {
    for (const pdf of pdfs) {
      const html = readFileSync(pdf.replace(/\.pdf$/, '.html'), 'utf8');
      const header = /<header class="titelsida">([\s\S]*?)<\/header>/.exec(html)![1]!;
      const texts = [...header.matchAll(/<(p|h1)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").trim());
      expect(texts.length, pdf).toBeGreaterThanOrEqual(3);
      // A long name may be set on two lines.
      const cover = lines(pageText(pdf, 1)).join(' ');
      for (const t of texts) expect(cover, `${path.basename(pdf)}: ${t}`).toContain(t.replace(/\s+/g, ' '));
    }
    // Linköping's report has neither dnr nor status: none is made up.
    const lkpg = lines(pageText(path.join(out, 'linkoping', 'kommunstyrelsen-vb-2023.pdf'), 1)).join('\n');
    expect(lkpg).toContain('Linköping');
    expect(lkpg).not.toMatch(/Dnr|Status/);
  }, 60_000);

  it('keeps the screen-only footer and skip link out of every PDF, and in the HTML', () => {
    for (const pdf of pdfs) {
      const text = pageText(pdf);
      expect(text, pdf).not.toContain('Skapad med rapport');
      expect(text, pdf).not.toContain('Hoppa till');
      const html = readFileSync(pdf.replace(/\.pdf$/, '.html'), 'utf8');
      expect(html).toMatch(/<footer class="sidfot endast-skarm">\s*<p class="liten">[^<]*Skapad med rapport/);
    }
  }, 60_000);

  it('prints a long bar label whole in the PDF, on two lines', () => {
    const pdf = path.join(out, 'linkoping', 'kommunstyrelsen-vb-2023.pdf');
    const text = pageText(pdf);
    expect(text).not.toMatch(/utvecklingsst…|utvecklingsst\.\.\./);
    const all = lines(text);
    const i = all.indexOf('Kommunikation och');
    expect(i, 'the label’s first line, alone').toBeGreaterThanOrEqual(0);
    expect(all.slice(i + 1, i + 3)).toContain('utvecklingsstaben');
  }, 60_000);

  it('puts each chart right after the table of its indicator', () => {
    const html = readFileSync(path.join(out, 'linkoping', 'kommunstyrelsen-vb-2023.html'), 'utf8');
    const at = (needle: string) => {
      const i = html.indexOf(needle);
      expect(i, needle).toBeGreaterThan(0);
      return i;
    };
    const table = at('id="nm-social-sammanhallning-indikatorer-tabell"');
    const chart = at('<figure class="diagram" aria-labelledby="ind-delaktighetsindex-diagram-rubrik">');
    const next = at('id="nm-social-sammanhallning-indikatorer-2-tabell"');
    expect(table).toBeLessThan(chart);
    expect(chart).toBeLessThan(next);
    // A target line spans the plot in the built charts too.
    const svgs = [...html.matchAll(/<svg [^>]*class="diagram-svg"[\s\S]*?<\/svg>/g)].map((m) => m[0]).filter((s) => s.includes('mallinje'));
    expect(svgs.length).toBeGreaterThan(5);
    for (const svg of svgs) expect(targetExtent(svg)).toEqual(gridExtent(svg));
  }, 60_000);
});

const CHROMIUM = '/usr/bin/chromium';
const SKIP = !existsSync(CHROMIUM) && process.env['CI'] !== 'true';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(SKIP)('wide tables and the cover in Chromium', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    const r = await runCli(['build', 'examples', '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1280, 390, 320]) {
    it(`is axe-clean (WCAG 2.1 A/AA) at ${width} px`, async () => {
      for (const file of ['eskilstuna/servicenamnden-dr2-2023.html', 'linkoping/kommunstyrelsen-vb-2023.html']) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.goto(`file://${path.join(out, file)}`);
          await page.addScriptTag({ content: AXE });
          const result = (await page.evaluate(
            async () =>
              await (window as unknown as { axe: { run: (d: Document, o: unknown) => Promise<unknown> } }).axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
              }),
          )) as AxeResults;
          expect(result.violations.map((v) => `${file}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
          // (Linköping's report has a table in its prose, outside any scroll region, that is wider than 320 px.)
          if (file.startsWith('eskilstuna')) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        } finally {
          await page.close();
        }
      }
    }, 120_000);
  }

  it('shows a cue at the edge of a wide table that has more columns, and none on a table that fits', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`file://${path.join(out, 'eskilstuna', 'servicenamnden-dr2-2023.html')}`);
      const regions = await page.evaluate(() =>
        [...document.querySelectorAll('.tabell-ram')].map((el) => ({
          table: el.querySelector('table')?.id ?? '',
          scrolls: el.scrollWidth > el.clientWidth + 1,
          role: el.getAttribute('role'),
          tabindex: el.getAttribute('tabindex'),
          named: !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')),
          right: Number(getComputedStyle(el, '::after').opacity),
          left: Number(getComputedStyle(el, '::before').opacity),
        })),
      );
      const wide = regions.filter((r) => r.scrolls);
      expect(wide.map((r) => r.table)).toContain('driftredovisning-tabell');
      // More columns to the right: the right edge is shaded, the left (nothing scrolled yet) is not.
      for (const r of wide) expect([r.table, r.right, r.left]).toEqual([r.table, 1, 0]);
      for (const r of regions.filter((x) => !x.scrolls)) expect([r.table, r.right]).toEqual([r.table, 0]);
      expect(regions.filter((r) => r.role !== 'region' || r.tabindex !== '0' || !r.named)).toEqual([]);
      // Scrolled to the end, the right cue goes and the left one comes.
      const end = await page.evaluate(async () => {
        const el = document.querySelector('.tabell-ram:has(#driftredovisning-tabell)')!;
        el.scrollLeft = el.scrollWidth;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return { right: Number(getComputedStyle(el, '::after').opacity), left: Number(getComputedStyle(el, '::before').opacity) };
      });
      expect(end).toEqual({ right: 0, left: 1 });
    } finally {
      await page.close();
    }
  }, 60_000);

  it('sets the cover in the theme’s colours with white text, and hides the footer in print', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`file://${path.join(out, 'eskilstuna', 'servicenamnden-dr2-2023.html')}`);
      const cover = await page.evaluate(() => {
        const field = document.querySelector('.titelsida-falt')!;
        const h1 = field.querySelector('h1')!;
        return { background: getComputedStyle(field).backgroundColor, color: getComputedStyle(h1).color, size: parseFloat(getComputedStyle(h1).fontSize) };
      });
      expect(cover.background).toBe('rgb(23, 58, 94)');
      expect(cover.color).toBe('rgb(255, 255, 255)');
      expect(cover.size).toBeGreaterThanOrEqual(36);
      await page.emulateMedia({ media: 'print' });
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.endast-skarm')!).display)).toBe('none');
    } finally {
      await page.close();
    }
  }, 60_000);
});
