/**
 * End-to-end tests of the PDF renderer: render the fixture and read the PDF
 * back with poppler-utils and qpdf.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, type PdfOptions } from '../../../src/render/pdf/index.js';
import { page as pageStyle } from '../../../src/render/pdf/base/style.js';
import {
  allText, outlines, pageText, pdffonts, pdfinfo, qdf, qpdfCheck, requireTools, wordBoxes, type OutlineItem,
} from './pdftools.js';

const fixture = fileURLToPath(new URL('../../fixtures/pdf/sample.html', import.meta.url));

const options: PdfOptions = {
  title: 'Servicenämnden – Delårsrapport 2 2023',
  author: 'Serviceförvaltningen',
  subject: 'Delårsrapport',
  keywords: 'delårsrapport, servicenämnden',
  date: new Date(Date.UTC(2023, 8, 21, 12, 0, 0)),
  runningHeader: 'Servicenämnden · Delårsrapport 2 2023 · 2023-01-01–2023-08-31',
  runningFooter: 'Dnr SEN/2023:35',
};

let dir: string;
let file: string;
let pdf: Buffer;
let pages: number;
let pageTexts: string[];
let renderMs: number;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function pageOf(needle: string, from = 1): number {
  for (let p = from; p <= pages; p += 1) if (pageTexts[p - 1]!.includes(needle)) return p;
  return -1;
}

function lastPageOf(needle: string): number {
  for (let p = pages; p >= 1; p -= 1) if (pageTexts[p - 1]!.includes(needle)) return p;
  return -1;
}

beforeAll(async () => {
  requireTools();
  dir = mkdtempSync(join(tmpdir(), 'rapport-pdf-'));
  file = join(dir, 'sample.pdf');
  const html = readFileSync(fixture, 'utf8');
  const t0 = performance.now();
  pdf = await renderPdf(html, options);
  renderMs = performance.now() - t0;
  writeFileSync(file, pdf);
  pages = Number(pdfinfo(file)['Pages']);
  pageTexts = [];
  for (let p = 1; p <= pages; p += 1) pageTexts.push(pageText(file, p));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PDF document properties', () => {
  it('is a valid PDF according to qpdf --check', () => {
    const r = qpdfCheck(file);
    expect(r.output).not.toMatch(/WARNING/i);
    expect(r.output).toContain('No syntax or stream encoding errors found');
    expect(r.status).toBe(0);
  });

  it('has A4 pages, metadata and PDF 1.7', () => {
    const info = pdfinfo(file);
    console.info(`fixture: ${pages} pages, rendered in ${Math.round(renderMs)} ms, ${pdf.length} bytes`);
    expect(pages).toBeGreaterThanOrEqual(7);
    expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts/);
    expect(info['Title']).toBe(options.title);
    expect(info['Author']).toBe('Serviceförvaltningen');
    expect(info['Producer']).toBe('rapport');
    expect(info['Creator']).toBe('rapport');
    expect(info['PDF version']).toBe('1.7');
    // Tagged PDF with a structure tree (see accessibility.test.ts).
    expect(info['Tagged']).toBe('yes');
    expect(info['Encrypted']).toBe('no');
    expect(info['CreationDate']).toMatch(/2023/);
    expect(info['ModDate']).toBe(info['CreationDate']);
  });

  it('sets language, display title and link annotations', () => {
    const src = qdf(file);
    expect(src).toContain('/Lang (sv-SE)');
    expect(src).toMatch(/\/DisplayDocTitle true/);
    expect(src).toMatch(/\/StructTreeRoot/);
    expect(src).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(src).toContain('/URI (https://www.example.se/servicenamnden)');
    // TOC entries and internal links are GoTo actions to named destinations.
    expect((src.match(/\/S \/GoTo/g) ?? []).length).toBeGreaterThanOrEqual(11);
    expect(src).toMatch(/\/Dests/);
    // Running header/footer are pagination artifacts.
    expect(src).toMatch(/\/Artifact <<\s*\/Type \/Pagination/);
  });

  it('embeds only TrueType DejaVu fonts, never standard-14 fonts', () => {
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const f of fonts) {
      expect(f.emb, f.name).toBe('yes');
      expect(f.name).toMatch(/^[A-Z]{6}\+DejaVuSans/);
      expect(f.name).not.toMatch(/Helvetica|Times|Courier|Symbol|ZapfDingbats/);
    }
  });

  it('is byte-identical for the same input and options', async () => {
    const html = readFileSync(fixture, 'utf8');
    const again = await renderPdf(html, options);
    expect(sha256(again)).toBe(sha256(pdf));
    const otherDate = await renderPdf(html, { ...options, date: new Date(Date.UTC(2024, 0, 1)) });
    expect(sha256(otherDate)).not.toBe(sha256(pdf));
  }, 60_000);
});

describe('PDF text content', () => {
  it('renders Swedish text, sv-SE numbers and symbols', () => {
    const text = allText(file);
    for (const s of ['Delårsrapport 2 2023', 'Servicenämnden', 'ÅÄÖ åäö', '−527,7', '804 208 000', '→ ↗ ↘ ✓ ● ▶ ⚠',
      '«så här»', '“citat”', 'tankstreck — långt', 'SEN/2023:35', 'Uppnår delvis', 'Okänt element med fetstil renderas ändå.',
      'Figur 1. Utfall per månad']) {
      expect(text, s).toContain(s);
    }
  });

  it('ignores head, style and script content and collapses whitespace', () => {
    const text = allText(file);
    expect(text).not.toContain('console.log');
    expect(text).not.toContain('font-family');
    expect(text).not.toContain('<');
    expect(text).toContain('skriven med flera mellanslag och radbrytningar');
  });

  it('keeps sv-SE numbers with no-break spaces on one line', () => {
    const raw = readFileSync(fixture, 'utf8');
    expect(raw).toContain('804&nbsp;208&nbsp;000');
    const text = allText(file);
    for (const n of ['804 208 000', '398 527,7', '15 400', '27 480']) expect(text).toContain(n);
  });

  it('puts the title page alone on page 1 without running header/footer', () => {
    const first = pageTexts[0]!;
    expect(first).toContain('Delårsrapport 2 2023');
    expect(first).not.toContain('Sida 1');
    expect(first).not.toContain(options.runningHeader);
    expect(first).not.toContain('Innehåll');
  });

  it('has running header and "Sida X av Y" footer on every other page', () => {
    for (let p = 2; p <= pages; p += 1) {
      const t = pageTexts[p - 1]!;
      expect(t, `page ${p}`).toContain(options.runningHeader);
      expect(t, `page ${p}`).toContain(`Sida ${p} av ${pages}`);
      expect(t, `page ${p}`).toContain('Dnr SEN/2023:35');
    }
  });

  it('places headings before their tables', () => {
    for (const [heading, caption] of [['Driftredovisning', 'Tabell 2.'], ['Måluppfyllelse', 'Tabell 1.'], ['Uppföljning av åtgärder', 'Tabell 3.']] as const) {
      const p = pageOf(caption);
      expect(p, caption).toBeGreaterThan(0);
      const pageLines = lines(pageTexts[p - 1]!);
      const h = pageLines.findIndex((l) => l === heading);
      const c = pageLines.findIndex((l) => l.startsWith(caption));
      expect(h, heading).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(c);
    }
  });

  it('renders all 60 rows of the long table over at least 3 pages with the header row on every page', () => {
    const first = pageOf('Tabell 3. Åtgärder i handlingsplanen');
    const last = lastPageOf('Totalt samtliga åtgärder');
    expect(first).toBeGreaterThan(0);
    expect(last - first).toBeGreaterThanOrEqual(2);
    for (let p = first; p <= last; p += 1) {
      const t = pageTexts[p - 1]!;
      expect(t, `page ${p}`).toMatch(/Nr\s+Åtgärd och beskrivning\s+Ansvarig enhet\s+Kostnad, tkr\s+Status/);
      expect(t.match(/Åtgärd och beskrivning/g)?.length, `page ${p}`).toBe(1);
      if (p > first) expect(t, `page ${p}`).toContain('Tabell 3. Åtgärder i handlingsplanen (forts.)');
    }
    const numbers = new Set<number>();
    for (let p = first; p <= last; p += 1) {
      for (const l of pageTexts[p - 1]!.split('\n')) {
        const m = /^\s*(\d{1,2})\s{2,}\S/.exec(l);
        if (m) numbers.add(Number(m[1]));
      }
    }
    for (let n = 1; n <= 60; n += 1) expect(numbers.has(n), `row ${n}`).toBe(true);
  });

  it('splits a row with long cell text across pages', () => {
    const start = pageOf('LÅNGCELL-START');
    const end = pageOf('LÅNGCELL-SLUT');
    expect(start).toBeGreaterThan(0);
    expect(end).toBe(start + 1);
    expect(pageTexts[end - 1]).toMatch(/Åtgärd och beskrivning/);
  });
});

describe('PDF navigation', () => {
  function tocEntries(): Array<{ title: string; page: number }> {
    const p = pageOf('Innehåll');
    expect(p).toBe(2);
    const out: Array<{ title: string; page: number }> = [];
    for (const l of pageTexts[p - 1]!.split('\n')) {
      const m = /^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$/.exec(l);
      if (m) out.push({ title: m[1]!, page: Number(m[2]) });
    }
    return out;
  }

  it('has a table of contents whose page numbers match where the headings land', () => {
    const entries = tocEntries();
    expect(entries.map((e) => e.title)).toEqual([
      'Sammanfattning', 'Väsentliga händelser', 'Måluppfyllelse', 'Ekonomi', 'Driftredovisning',
      'Avvikelser per verksamhet', 'Investeringar', 'Uppföljning av åtgärder', 'Bilagor och övrigt',
    ]);
    for (const e of entries) {
      let landed = -1;
      for (let p = 3; p <= pages && landed < 0; p += 1) {
        if (lines(pageTexts[p - 1]!).includes(e.title)) landed = p;
      }
      expect(landed, e.title).toBeGreaterThan(2);
      expect(e.page, e.title).toBe(landed);
    }
  });

  it('has a nested outline (bookmarks) pointing at the heading pages', () => {
    const items = outlines(file);
    const titles = (xs: OutlineItem[]) => xs.map((x) => x.title);
    expect(titles(items)).toEqual(['Innehåll', 'Sammanfattning', 'Ekonomi', 'Uppföljning av åtgärder', 'Bilagor och övrigt']);
    const sammanfattning = items[1]!;
    expect(titles(sammanfattning.kids)).toEqual(['Väsentliga händelser', 'Måluppfyllelse']);
    const ekonomi = items[2]!;
    expect(titles(ekonomi.kids)).toEqual(['Driftredovisning', 'Investeringar']);
    expect(titles(ekonomi.kids[0]!.kids)).toEqual(['Avvikelser per verksamhet']);
    expect(titles(ekonomi.kids[0]!.kids[0]!.kids)).toEqual(['Lokalvård']);
    const toc = new Map(tocEntries().map((e) => [e.title, e.page]));
    const walk = (xs: OutlineItem[]) => {
      for (const x of xs) {
        if (toc.has(x.title)) expect(x.page, x.title).toBe(toc.get(x.title));
        walk(x.kids);
      }
    };
    walk(items);
  });
});

describe('PDF layout quality', () => {
  it('keeps all text inside the page margins (header/footer bands excepted)', () => {
    const boxes = wordBoxes(file);
    expect(boxes.length).toBe(pages);
    const left = pageStyle.margins.left - 0.5;
    const right = pageStyle.width - pageStyle.margins.right + 0.5;
    for (const [i, pg] of boxes.entries()) {
      expect(pg.words.length, `page ${i + 1}`).toBeGreaterThan(0);
      for (const w of pg.words) {
        expect(w.xMin, `${w.text} on page ${i + 1}`).toBeGreaterThanOrEqual(left);
        expect(w.xMax, `${w.text} on page ${i + 1}`).toBeLessThanOrEqual(right);
        expect(w.yMin).toBeGreaterThanOrEqual(pageStyle.headerY - 2);
        expect(w.yMax).toBeLessThanOrEqual(pageStyle.height - 10 * (72 / 25.4));
      }
    }
  });

  it('never overlaps words', () => {
    for (const [i, pg] of wordBoxes(file).entries()) {
      const ws = pg.words;
      for (let a = 0; a < ws.length; a += 1) {
        for (let b = a + 1; b < ws.length; b += 1) {
          const A = ws[a]!;
          const B = ws[b]!;
          const ox = Math.min(A.xMax, B.xMax) - Math.max(A.xMin, B.xMin);
          const oy = Math.min(A.yMax, B.yMax) - Math.max(A.yMin, B.yMin);
          if (ox > 0.8 && oy > 1.5) throw new Error(`"${A.text}" overlaps "${B.text}" on page ${i + 1}`);
        }
      }
    }
  });

  it('has no empty pages and no heading at the bottom of a page', () => {
    const headings = new Set<string>();
    const collect = (xs: OutlineItem[]) => xs.forEach((x) => { headings.add(x.title); collect(x.kids); });
    collect(outlines(file));
    for (let p = 2; p <= pages; p += 1) {
      const body = lines(pageTexts[p - 1]!).filter((l) => l !== options.runningHeader && !l.includes(`Sida ${p} av`));
      expect(body.length, `page ${p}`).toBeGreaterThan(0);
      expect(headings.has(body[body.length - 1]!), `page ${p} ends with a heading: ${body[body.length - 1]}`).toBe(false);
    }
  });
});
