/**
 * Page flow of the PDF (issue 17): page breaks only where the theme asks for them (tema.yaml
 * `sidbrytning`, the same class in HTML print), and the keep-together rules of the layout — a heading
 * never last on its page, a chart with its caption, a short table whole, a status row with its
 * comment. Goal tables of one level are one table. Everything is read back from the PDF with
 * pdftotext -bbox-layout (line boxes) and qpdf (the outline: where each heading landed).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/render/pdf/index.js';
import { DEFAULT_PDF_THEME, MM } from '../../src/render/pdf/base/style.js';
import { loadTheme } from '../../src/theme/theme.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { EXAMPLE, miniReport, ROOT } from '../helpers.js';
import { requireTools } from './pdf/pdftools.js';

// ---------------------------------------------------------------------------------------------
// Reading a PDF back

const PAGE_HEIGHT = 841.89;
const TOP = DEFAULT_PDF_THEME.marginsMm.top * MM;
const BOTTOM = PAGE_HEIGHT - DEFAULT_PDF_THEME.marginsMm.bottom * MM;

interface TextLine {
  yMin: number;
  yMax: number;
  text: string;
}

interface Heading {
  title: string;
  /** 1-based. */
  page: number;
  /** Top of the heading's first line, from the page top. */
  y: number;
  level: number;
}

interface ReadPdf {
  /** The lines of text between the margins (running header and footer left out), top to bottom, per page. */
  pages: TextLine[][];
  headings: Heading[];
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

function readPdf(file: string): ReadPdf {
  const xml = run('pdftotext', ['-bbox-layout', file, '-']);
  const pages: TextLine[][] = [];
  for (const pm of xml.matchAll(/<page width="[\d.]+" height="[\d.]+">([\s\S]*?)<\/page>/g)) {
    const lines: TextLine[] = [];
    for (const lm of pm[1]!.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
      const text = [...lm[3]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' ');
      const line = { yMin: Number(lm[1]), yMax: Number(lm[2]), text: decode(text) };
      if (line.yMin > TOP - 2 && line.yMax < BOTTOM + 2) lines.push(line);
    }
    pages.push(lines.sort((a, b) => a.yMin - b.yMin));
  }
  // pdfkit writes a heading's bookmark as /XYZ with top = page height − (y − 6).
  type Item = { title: string; destpageposfrom1: number; dest: [string, string, number, number, number]; kids: Item[] };
  const outline = (JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as { outlines: Item[] }).outlines;
  const headings: Heading[] = [];
  const walk = (items: Item[], level: number) => {
    for (const item of items) {
      headings.push({ title: item.title, page: item.destpageposfrom1, y: PAGE_HEIGHT - item.dest[3] + 6, level });
      walk(item.kids, level + 1);
    }
  };
  walk(outline, 1);
  return { pages, headings };
}

function decode(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

const squash = (s: string) => s.replace(/[\s\u00ad-]+/g, '');

/** The lines of a page below a heading's own lines (the heading may wrap). */
function linesBelow(pdf: ReadPdf, h: Heading): TextLine[] {
  const lines = pdf.pages[h.page - 1] ?? [];
  let i = lines.findIndex((l) => l.yMax > h.y + 1);
  if (i < 0) throw new Error(`rubriken "${h.title}" finns inte på sidan ${h.page}`);
  const title = squash(h.title);
  let seen = '';
  while (i < lines.length && seen.length < title.length && title.startsWith(seen + squash(lines[i]!.text))) {
    seen += squash(lines[i]!.text);
    i += 1;
  }
  return lines.slice(i);
}

/** Headings with nothing under them on their page (an empty chapter at the very end aside). */
function headingsLastOnPage(pdf: ReadPdf): string[] {
  return pdf.headings.filter((h) => linesBelow(pdf, h).length === 0).map((h) => `${h.title} (s. ${h.page})`);
}

/** How much of a page's text area its text reaches down to, 0–1. */
function fill(lines: TextLine[]): number {
  if (lines.length === 0) return 0;
  return (Math.max(...lines.map((l) => l.yMax)) - TOP) / (BOTTOM - TOP);
}

/** 1-based pages whose lines include `text`. */
function pagesWith(pdf: ReadPdf, text: string): number[] {
  return pdf.pages.flatMap((lines, i) => (lines.some((l) => l.text.includes(text)) ? [i + 1] : []));
}

/**
 * Pages filled less than `min` that are not the last page of a chapter: the page after starts with
 * a top-level heading (a page break the theme asked for), or is the report's last page. The title
 * page (1) is laid out on its own.
 */
function underfilledPages(pdf: ReadPdf, min = 0.3): string[] {
  const out: string[] = [];
  pdf.pages.forEach((lines, i) => {
    const page = i + 1;
    if (page === 1 || page === pdf.pages.length) return;
    const nextStartsChapter = pdf.headings.some((h) => h.page === page + 1 && h.level === 1 && h.y < TOP + 12);
    if (fill(lines) < min && !nextStartsChapter) out.push(`s. ${page}: ${Math.round(fill(lines) * 100)} %`);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const OPTIONS = {
  title: 'Sidflöde',
  date: new Date(Date.UTC(2023, 8, 1)),
  runningHeader: 'Testnämnden · Sidflöde',
  runningFooter: 'Testnämnden',
  standard: 'none' as const,
};

let work: string;

/** Renders body HTML to a PDF and reads it back. */
async function render(body: string, name: string): Promise<ReadPdf> {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, await renderPdf(`<!doctype html><html lang="sv"><head><title>t</title></head><body><main>${body}</main></body></html>`, OPTIONS));
  return readPdf(file);
}

/** A paragraph of `n` short lines (forced breaks): moves what follows down the page in line steps. */
const filler = (n: number) => `<p>${Array.from({ length: n }, (_, i) => `Utfyllnad rad ${i + 1}`).join('<br>')}</p>`;

const paragraph = (words: number, tag = 'Text') => `<p>${Array.from({ length: words }, (_, i) => `${tag}${i}`).join(' ')}</p>`;

/** A chart as the templates write it (diagram.hbs): an inline SVG with role="img" and a caption. */
const figure = (label: string) => `<figure class="diagram" aria-labelledby="${label}-rubrik">
  <svg xmlns="http://www.w3.org/2000/svg" role="img" width="440" height="240" viewBox="0 0 440 240"><title>${label}</title>
    <rect x="0" y="0" width="440" height="240" fill="#e9eef3"/><text x="20" y="40" font-size="16">Diagramyta ${label}</text></svg>
  <figcaption id="${label}-rubrik">Diagramrubrik ${label}</figcaption>
</figure>`;

const table = (rows: number, name = 'Rad') =>
  `<table class="tal"><caption>Tabell med ${rows} rader</caption><thead><tr><th scope="col">Post</th><th scope="col" class="num">2023</th></tr></thead><tbody>${Array.from(
    { length: rows },
    (_, i) => `<tr><th scope="row">${name} ${i + 1}</th><td class="num">${i + 1},0</td></tr>`,
  ).join('')}</tbody></table>`;

/** Line counts that put what follows the filler at every height of the page (about 50 lines a page). */
const SWEEP = Array.from({ length: 27 }, (_, i) => 30 + i);

/** One document of the cases: each on a page of its own (a page break), after `n` lines of filler. */
const sweep = (body: (n: number) => string) => SWEEP.map((n) => `<section class="sidbrytning"><h1>Fall ${n}</h1>${body(n)}</section>`).join('');

beforeAll(() => {
  requireTools();
  work = mkdtempSync(path.join(tmpdir(), 'rapport-sidflode-'));
});

// ---------------------------------------------------------------------------------------------

describe('keep-together in the PDF', () => {
  it('never leaves a heading last on a page, whatever follows it', async () => {
    const after: Record<string, string> = {
      stycke: paragraph(120),
      tabell: table(20),
      'kort tabell': table(5),
      diagram: figure('d'),
      ingress: `<p class="liten">En rad under rubriken.</p>${table(12)}`,
      kommentar: `<div class="kommentar"><p class="kommentar-rubrik">Senaste kommentar (2023-08-31):</p>${paragraph(80)}</div>`,
      lista: `<ul>${Array.from({ length: 6 }, (_, i) => `<li>Punkt ${i + 1}</li>`).join('')}</ul>`,
      'två rubriker': `<h3>Underrubrik</h3>${paragraph(60)}`,
    };
    const problems: string[] = [];
    for (const [kind, html] of Object.entries(after)) {
      const pdf = await render(sweep((n) => `${filler(n)}<h2>Rubriken ${n}</h2>${html}`), `rubrik-${kind}`);
      for (const h of headingsLastOnPage(pdf)) problems.push(`${kind}: ${h}`);
      // And a heading has the start of its content under it: more than a single line.
      for (const h of pdf.headings.filter((x) => x.title.startsWith('Rubriken'))) {
        const below = linesBelow(pdf, h);
        if (below.length < 2) problems.push(`${kind}: bara ${below.length} rad under ${h.title} på s. ${h.page}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps a chart and its caption on one page, also two charts in a row', async () => {
    const problems: string[] = [];
    const pdf = await render(sweep((n) => `${filler(n)}<div class="diagramrad">${figure(`a${n}`)}${figure(`b${n}`)}</div><p>Efter diagrammen.</p>`), 'diagram');
    for (const n of SWEEP) {
      for (const label of [`a${n}`, `b${n}`]) {
        const chart = pagesWith(pdf, `Diagramyta ${label}`);
        const caption = pagesWith(pdf, `Diagramrubrik ${label}`);
        if (chart.length !== 1 || caption.length !== 1 || chart[0] !== caption[0]) problems.push(`diagram ${label} på s. ${chart}, rubriken på s. ${caption}`);
      }
    }
    // No page holds only a caption.
    pdf.pages.forEach((lines, i) => {
      if (lines.length > 0 && lines.every((l) => l.text.startsWith('Diagramrubrik'))) problems.push(`s. ${i + 1} har bara en bildtext`);
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it('never splits a short table, and keeps its notes with it', async () => {
    const problems: string[] = [];
    const pdf = await render(sweep((n) => `${filler(n)}${table(8, `Kort${n}-`)}<p class="liten">Källa: Testkällan ${n}.</p>${filler(3)}`), 'kort');
    for (const n of SWEEP) {
      const pages = new Set([...Array.from({ length: 8 }, (_, i) => pagesWith(pdf, `Kort${n}- ${i + 1}`)).flat(), ...pagesWith(pdf, `Källa: Testkällan ${n}.`)]);
      if (pages.size !== 1) problems.push(`${n} rader: tabellen står på s. ${[...pages].join(', ')}`);
    }
    expect(problems).toEqual([]);
    // A long table is still split across pages (header repeated), not moved whole.
    const long = await render(`<h1>Kapitel</h1>${filler(30)}${table(60, 'Lång')}`, 'lang');
    expect(pagesWith(long, 'Lång 1')[0]).toBe(pagesWith(long, 'Utfyllnad rad 30')[0]);
    expect(pagesWith(long, 'Lång 60')[0]).toBeGreaterThan(pagesWith(long, 'Lång 1')[0]!);
  }, 120_000);

  it('keeps a status row with the first lines of its comment row', async () => {
    const problems: string[] = [];
    const rows = Array.from(
      { length: 4 },
      (_, i) =>
        `<tr><th scope="row">Åtagande ${i + 1}</th><td>Pågår</td></tr><tr class="kommentarrad"><td colspan="2"><div class="kommentar"><p class="kommentar-rubrik"><strong>Senaste kommentar (2023-08-31):</strong></p>${paragraph(60, `K${i + 1}x`)}</div></td></tr>`,
    );
    const status = (n: number) =>
      `<table class="status"><thead><tr><th scope="col">Åtagande</th><th scope="col">Status</th></tr></thead><tbody>${rows.map((r) => r.replaceAll('Åtagande ', `Åtagande ${n}-`).replace(/K(\d)x/g, `K$1y${n}x`)).join('')}</tbody></table>`;
    const pdf = await render(sweep((n) => `${filler(n)}${status(n)}`), 'status');
    for (const n of SWEEP) {
      for (let i = 1; i <= 4; i += 1) {
        const row = pagesWith(pdf, `Åtagande ${n}-${i}`);
        const comment = pagesWith(pdf, `K${i}y${n}x0`);
        if (row.length !== 1 || row[0] !== comment[0]) problems.push(`${n} rader: åtagande ${i} på s. ${row}, kommentaren börjar på s. ${comment}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------

/** Eight short free chapters after the sammanfattning, nothing else (no symbols explained). */
const SHORT_CHAPTERS = `förklaring: { skalor: [] }
mål: {}
avsnitt:
${Array.from(
  { length: 8 },
  (_, i) => `  - id: kapitel-${i + 1}
    rubrik: Kapitel ${i + 1}
    efter: ${i === 0 ? 'sammanfattning' : `kapitel-${i}`}
    text: |
      Första stycket i kapitel ${i + 1} är kort och säger bara det som behövs om verksamheten under perioden.

      Andra stycket är också kort.
`,
).join('')}`;

/** A copy of the standard templates whose tema.yaml breaks pages before `kinds`. */
function templatesBreakingAt(kinds: string[]): string {
  const dir = path.join(tempDir(), 'mallar');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  const file = path.join(dir, 'tema.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^sidbrytning:.*$/m, `sidbrytning: [${kinds.join(', ')}]`));
  return dir;
}

async function build(dir: string, templates?: string): Promise<{ html: string; pdf: ReadPdf; pages: number }> {
  const out = tempDir();
  const r = await runCli(['build', dir, '--out', out, ...(templates ? ['--mallar', templates] : [])], ROOT);
  if (r.code !== 0) throw new Error(r.stderr);
  const base = path.join(out, path.basename(dir));
  const pdf = readPdf(`${base}.pdf`);
  return { html: readFileSync(`${base}.html`, 'utf8'), pdf, pages: pdf.pages.length };
}

describe('page breaks where the theme asks for them', () => {
  it('the standard theme: a report of short free chapters fills its pages', async () => {
    const { html, pdf, pages } = await build(miniReport({ 'rapport.yaml': SHORT_CHAPTERS }));
    // Title page, contents, and the sammanfattning with all eight chapters on one or two pages.
    expect(pages).toBeLessThanOrEqual(4);
    expect(underfilledPages(pdf)).toEqual([]);
    expect(headingsLastOnPage(pdf)).toEqual([]);
    // The contents stand on their own page; the chapters do not break.
    const page = (title: string) => pdf.headings.find((h) => h.title === title)!.page;
    expect(page('Innehåll')).toBe(2);
    expect(page('Sammanfattning')).toBe(3);
    expect(page('Kapitel 1')).toBe(3);
    expect(html).toContain('<nav class="innehall sidbrytning"');
    expect(html).toContain('<main class="sidbrytning">');
    expect(html).not.toMatch(/class="kapitel sidbrytning"/);
  }, 60_000);

  it('a theme that breaks before every chapter, in the PDF and in the printed HTML', async () => {
    const { html, pdf } = await build(miniReport({ 'rapport.yaml': SHORT_CHAPTERS }), templatesBreakingAt(['innehåll', 'kapitel']));
    const chapterPages = Array.from({ length: 8 }, (_, i) => pdf.headings.find((h) => h.title === `Kapitel ${i + 1}`)!.page);
    expect(new Set(chapterPages).size).toBe(8);
    // The sammanfattning is no longer a kind that breaks: it follows the contents' page break only.
    expect(html.match(/class="kapitel sidbrytning"/g)).toHaveLength(8);
    expect(html).not.toMatch(/<section class="sidbrytning" aria-labelledby="sammanfattning">/);
    // rapport.css breaks the page before every .sidbrytning in print: the same places.
    expect(readFileSync(path.join(ROOT, 'templates', 'rapport.css'), 'utf8')).toMatch(/\.sidbrytning \{ break-before: page; \}/);
  }, 60_000);

  it('a theme without page breaks: everything after the title page flows', async () => {
    const { html, pdf, pages } = await build(miniReport({ 'rapport.yaml': SHORT_CHAPTERS }), templatesBreakingAt([]));
    expect(html).not.toMatch(/class="[^"]*\bsidbrytning\b/);
    expect(pages).toBeLessThanOrEqual(3);
    const page = (title: string) => pdf.headings.find((h) => h.title === title)!.page;
    expect([page('Innehåll'), page('Sammanfattning'), page('Kapitel 1')]).toEqual([2, 2, 2]);
    expect(underfilledPages(pdf)).toEqual([]);
  }, 60_000);

  it('a chapter that asks for its own page break gets it whatever the theme says', async () => {
    const yaml = SHORT_CHAPTERS.replace('    rubrik: Kapitel 5\n', '    rubrik: Kapitel 5\n    sidbrytning: true\n');
    const { html, pdf } = await build(miniReport({ 'rapport.yaml': yaml }));
    const h = pdf.headings.find((x) => x.title === 'Kapitel 5')!;
    expect(h.y).toBeLessThan(TOP + 12);
    expect(pdf.headings.find((x) => x.title === 'Kapitel 4')!.page).toBeLessThan(h.page);
    expect(html.match(/class="kapitel sidbrytning"/g)).toHaveLength(1);
  }, 60_000);

  it('refuses a kind of section it does not know, at its place in tema.yaml', () => {
    const dir = templatesBreakingAt(['innehåll', 'kapitlen']);
    const { diagnostics } = loadTheme(dir, dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.pos?.file).toBe('tema.yaml');
    expect(diagnostics[0]!.message).toContain('sidbrytning');
  });
});

// ---------------------------------------------------------------------------------------------

describe('the servicenämnd example', () => {
  let built: { html: string; pdf: ReadPdf; pages: number };
  beforeAll(async () => {
    built = await build(EXAMPLE);
  }, 120_000);

  it('has no heading last on a page and no half-empty page inside a chapter', () => {
    expect(headingsLastOnPage(built.pdf)).toEqual([]);
    expect(underfilledPages(built.pdf)).toEqual([]);
  });

  it('keeps the economy chart with its caption', () => {
    const caption = pagesWith(built.pdf, 'per enhet, mnkr (positivt');
    expect(caption).toHaveLength(1);
    // The chart's own labels (the enheter along its axis) stand on the caption's page, above it.
    const page = built.pdf.pages[caption[0]! - 1]!;
    const captionTop = page.find((l) => l.text.includes('per enhet, mnkr (positivt'))!.yMin;
    expect(page.filter((l) => l.yMax < captionTop).length).toBeGreaterThan(3);
  });

  it('sets the åtaganden of a processområde as one table with their comments under their rows', () => {
    const section = /<section class="malnod" aria-labelledby="po-naringsliv">([\s\S]*?)<\/section>/.exec(built.html)![1]!;
    const tables = section.match(/<table class="status atagande"/g) ?? [];
    expect(tables).toHaveLength(1);
    const table = section.slice(section.indexOf('<table class="status atagande"'));
    const body = table.slice(0, table.indexOf('</table>'));
    expect(body.match(/<tr><th scope="row">/g)).toHaveLength(3);
    expect(body.match(/<tr class="kommentarrad"><td colspan="3">/g)).toHaveLength(3);
    // One header for all three.
    expect(body.match(/<thead>/g)).toHaveLength(1);
  });
});
