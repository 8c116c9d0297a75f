/**
 * Tagged PDF: render the fixture, then read the content streams, the
 * structure tree and the ParentTree back (qpdf JSON) and check them against
 * each other and against poppler's reading of the tree (pdfinfo -struct-text).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, type PdfOptions } from '../../../src/render/pdf/index.js';
import { allText, pdfinfo, qpdfCheck, requireTools } from './pdftools.js';
import {
  PdfObjects, isElem, mcidsBelow, pageMarks, popplerStructure, structTree, textOf, walk, walkText,
  type Json, type PageMarks, type StructElem, type TextNode,
} from './pdfstructure.js';

const fixture = fileURLToPath(new URL('../../fixtures/pdf/sample.html', import.meta.url));

const options: PdfOptions = {
  title: 'Servicenämnden – Delårsrapport 2 2023',
  author: 'Serviceförvaltningen',
  date: new Date(Date.UTC(2023, 8, 21, 12, 0, 0)),
  runningHeader: 'Servicenämnden · Delårsrapport 2 2023 · 2023-01-01–2023-08-31',
  runningFooter: 'Dnr SEN/2023:35',
};

let dir: string;
let file: string;
let pdf: PdfObjects;
let marks: PageMarks[];
let tree: StructElem[];
let document: StructElem;
let poppler: TextNode[];

const elems = (type: string, from: StructElem = document) => [...walk(from)].filter((e) => e.type === type);
const nodes = (type: string, from: TextNode = poppler[0]!) => [...walkText(from)].filter((n) => n.type === type);

beforeAll(async () => {
  requireTools();
  dir = mkdtempSync(join(tmpdir(), 'rapport-pdf-a11y-'));
  file = join(dir, 'sample.pdf');
  const t0 = performance.now();
  writeFileSync(file, await renderPdf(readFileSync(fixture, 'utf8'), options));
  const t1 = performance.now();
  pdf = PdfObjects.load(file);
  marks = pdf.pages.map(pageMarks);
  tree = structTree(pdf);
  document = tree[0]!;
  poppler = popplerStructure(file);
  console.info(`a11y fixture: render ${Math.round(t1 - t0)} ms, structure read back in ${Math.round(performance.now() - t1)} ms`);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tagged PDF basics', () => {
  it('is tagged, in Swedish, with a Document root', () => {
    expect(pdfinfo(file)['Tagged']).toBe('yes');
    expect(qpdfCheck(file).status).toBe(0);
    const catalog = pdf.catalog;
    expect(PdfObjects.text(catalog['/Lang'])).toBe('sv-SE');
    expect((pdf.resolve(catalog['/MarkInfo']) as Record<string, Json>)['/Marked']).toBe(true);
    expect((pdf.resolve(catalog['/ViewerPreferences']) as Record<string, Json>)['/DisplayDocTitle']).toBe(true);
    expect(tree.map((e) => e.type)).toEqual(['Document']);
    expect(poppler.map((n) => n.type)).toEqual(['Document']);
  });

  it('writes only standard structure types (no RoleMap needed)', () => {
    const standard = new Set(['Document', 'Sect', 'Div', 'BlockQuote', 'P', 'H1', 'H2', 'H3', 'H4', 'L', 'LI', 'Lbl', 'LBody',
      'Table', 'Caption', 'THead', 'TBody', 'TR', 'TH', 'TD', 'TOC', 'TOCI', 'Link']);
    for (const e of walk(document)) expect(standard.has(e.type), e.type).toBe(true);
  });
});

describe('marked content', () => {
  it('has every text-showing and painting operator inside an Artifact or an MCID sequence, never nested', () => {
    const problems = marks.flatMap((m) => m.problems);
    expect(problems).toEqual([]);
    const all = marks.flatMap((m) => m.sequences);
    expect(all.filter((s) => s.mcid !== undefined).reduce((n, s) => n + s.textOps, 0)).toBeGreaterThan(500);
    expect(all.filter((s) => s.tag === 'Artifact').reduce((n, s) => n + s.paintOps, 0)).toBeGreaterThan(100);
    // Only the renderer's two kinds of sequence exist.
    for (const s of all) expect(s.tag === 'Artifact' || s.mcid !== undefined, s.tag).toBe(true);
  });

  it('tags content with the type of the element that owns it', () => {
    const owner = new Map<string, string>();
    for (const e of walk(document)) for (const k of e.kids) if (!isElem(k) && k.kind === 'mcid') owner.set(`${k.page}:${k.mcid}`, e.type);
    for (const m of marks) {
      for (const s of m.sequences) if (s.mcid !== undefined) expect(s.tag, `page ${m.page} MCID ${s.mcid}`).toBe(owner.get(`${m.page}:${s.mcid}`));
    }
  });

  it('has every MCID in the ParentTree, pointing at the structure element that lists it, and nothing else', () => {
    const parentTree = pdf.numberTree((pdf.resolve(pdf.catalog['/StructTreeRoot']) as Record<string, Json>)['/ParentTree']);
    const listed = new Map<string, string>();
    for (const e of walk(document)) {
      for (const k of e.kids) {
        if (isElem(k) || k.kind !== 'mcid') continue;
        const key = `${k.page}:${k.mcid}`;
        expect(listed.has(key), `MCID ${key} listed twice`).toBe(false);
        listed.set(key, e.ref);
      }
    }
    let inContent = 0;
    for (const m of marks) {
      const page = pdf.pages[m.page - 1]!;
      const mcids = m.sequences.filter((s) => s.mcid !== undefined).map((s) => s.mcid!);
      expect(new Set(mcids).size, `page ${m.page}: MCIDs unique`).toBe(mcids.length);
      if (mcids.length === 0) continue;
      const key = page.dict['/StructParents'];
      expect(typeof key, `page ${m.page} has /StructParents`).toBe('number');
      const entry = pdf.resolve(parentTree.get(key as number)) as Json[];
      expect(Array.isArray(entry), `ParentTree entry of page ${m.page}`).toBe(true);
      expect(entry.length, `page ${m.page}: one ParentTree slot per MCID`).toBe(mcids.length);
      for (const mcid of mcids) {
        expect(entry[mcid], `page ${m.page} MCID ${mcid}`).toBe(listed.get(`${m.page}:${mcid}`));
        inContent += 1;
      }
    }
    // The reverse: every MCID the tree lists exists in the page content.
    expect(listed.size).toBe(inContent);
  });

  it('ties every link annotation to a Link element (OBJR + /StructParent) and gives it Contents and the Print flag', () => {
    const parentTree = pdf.numberTree((pdf.resolve(pdf.catalog['/StructTreeRoot']) as Record<string, Json>)['/ParentTree']);
    const objrs = new Map<string, StructElem>();
    for (const e of walk(document)) for (const k of e.kids) if (!isElem(k) && k.kind === 'objr') objrs.set(k.obj, e);
    let count = 0;
    for (const page of pdf.pages) {
      const annots = (page.dict['/Annots'] as string[] | undefined) ?? [];
      if (annots.length > 0) expect(page.dict['/Tabs'], `page ${page.number} tab order`).toBe('/S');
      for (const ref of annots) {
        const a = pdf.dict(ref);
        expect(a['/Subtype']).toBe('/Link');
        expect(Number(a['/F']) & 4, 'Print flag').toBe(4);
        expect(PdfObjects.text(a['/Contents']).trim(), `Contents of ${ref}`).not.toBe('');
        const owner = objrs.get(ref);
        expect(owner?.type, `annotation ${ref} has a Link element`).toBe('Link');
        expect(parentTree.get(a['/StructParent'] as number)).toBe(owner!.ref);
        expect(owner!.kids.some((k) => !isElem(k) && k.kind === 'objr' && k.obj === ref && k.page === page.number)).toBe(true);
        // The Link holds the link text too.
        expect(mcidsBelow(owner!).length).toBeGreaterThan(0);
        count += 1;
      }
    }
    // 9 table-of-contents entries and 3 links in the body text.
    expect(count).toBe(12);
    expect(elems('Link')).toHaveLength(12);
  });
});

describe('structure tree', () => {
  it('has H1–H4 in the order and with the text of the h1–h4 of the HTML', () => {
    const html = readFileSync(fixture, 'utf8');
    const expected = [...html.matchAll(/<h([1-4])[^>]*>(.*?)<\/h\1>/gs)].map((m) => `H${m[1]} ${m[2]!.replace(/<[^>]+>/g, '').trim()}`);
    expect(expected.length).toBe(12);
    const headings = [...walkText(poppler[0]!)].filter((n) => /^H[1-6]$/.test(n.type)).map((n) => `${n.type} ${textOf(n)}`);
    expect(headings).toEqual(expected);
  });

  it('follows the layout order: headings, paragraphs and tables in the order pdftotext reads them', () => {
    const text = allText(file).replace(/\s+/g, ' ');
    let at = 0;
    for (const n of poppler[0]!.kids) {
      if (!['H1', 'H2', 'H3', 'H4', 'P'].includes(n.type)) continue;
      const t = textOf(n).slice(0, 25).trim();
      const found = text.indexOf(t, at);
      expect(found, `"${t}" after position ${at}`).toBeGreaterThanOrEqual(at);
      at = found;
    }
  });

  it('tags tables as Table > Caption, THead, TBody > TR > TH/TD with TH scopes', () => {
    const tables = nodes('Table');
    expect(tables).toHaveLength(4);
    const [t1, t2, investments] = tables;
    expect(t1!.kids.map((k) => k.type)).toEqual(['Caption', 'THead', 'TBody']);
    expect(textOf(t1!.kids[0]!)).toBe('Tabell 1. Måluppfyllelse per mål');
    const headRow = t1!.kids[1]!.kids[0]!;
    expect(headRow.type).toBe('TR');
    expect(headRow.kids.map((k) => `${k.type} ${textOf(k)} ${k.attributes.join(' ')}`)).toEqual([
      'TH Mål /Scope /Column', 'TH Indikator /Scope /Column', 'TH Utfall /Scope /Column', 'TH Målvärde /Scope /Column', 'TH Bedömning /Scope /Column',
    ]);
    const bodyRows = t1!.kids[2]!.kids;
    expect(bodyRows).toHaveLength(4);
    for (const row of bodyRows) {
      expect(row.kids.map((k) => k.type)).toEqual(['TH', 'TD', 'TD', 'TD', 'TD']);
      expect(row.kids[0]!.attributes).toEqual(['/Scope /Row']);
    }
    expect(textOf(t2!.kids[0]!)).toBe('Tabell 2. Driftredovisning per verksamhet, tkr');
    expect(investments!.kids.map((k) => k.type)).toEqual(['THead', 'TBody']);
    // Every row of a table has the same number of columns (ColSpan counted).
    for (const table of elems('Table')) {
      const widths = elems('TR', table).map((tr) => tr.kids.filter(isElem).reduce((n, c) => n + Number(c.attributes['/ColSpan'] ?? 1), 0));
      expect(new Set(widths).size, 'regular table').toBe(1);
    }
  });

  it('keeps scope attributes from the HTML and spans as /ColSpan', () => {
    const html = '<table><thead><tr><th scope="col">A</th><th scope="colgroup" colspan="2">B</th></tr></thead>'
      + '<tbody><tr><th scope="row">R</th><td>1</td><td>2</td></tr><tr><td colspan="3">Grupp</td></tr><tr><th>x</th></tr></tbody></table>';
    return withPdf(html, (p) => {
      const tbl = elems('Table', structTree(p)[0]!)[0]!;
      const cells = elems('TR', tbl).map((tr) => tr.kids.filter(isElem).map((c) => [c.type, c.attributes['/Scope'] ?? '', c.attributes['/ColSpan'] ?? 1]));
      expect(cells).toEqual([
        [['TH', '/Column', 1], ['TH', '/Column', 2]],
        [['TH', '/Row', 1], ['TD', '', 1], ['TD', '', 1]],
        [['TD', '', 3]],
        // A short row is padded with empty cells.
        [['TH', '/Row', 1], ['TD', '', 1], ['TD', '', 1]],
      ]);
    });
  });

  it('tags the long table once: repeated header rows and "(forts.)" captions are artifacts, split cells continue', () => {
    const long = nodes('Table')[3]!;
    expect(long.kids.map((k) => k.type)).toEqual(['Caption', 'THead', 'TBody']);
    expect(long.kids[1]!.kids).toHaveLength(1);
    // 60 measures, 4 group rows, 4 subtotals, 1 total.
    expect(long.kids[2]!.kids.length).toBe(69);
    const structText = [...walkText(poppler[0]!)].map(textOf).filter(Boolean);
    const pagesWithHeader = allText(file).split('\f').filter((t) => t.includes('Åtgärd och beskrivning')).length;
    expect(pagesWithHeader).toBeGreaterThanOrEqual(3);
    expect(structText.filter((t) => t === 'Åtgärd och beskrivning')).toHaveLength(1);
    expect(textOf(poppler[0]!)).not.toContain('(forts.)');

    const table = elems('Table')[3]!;
    const pages = new Set(mcidsBelow(table).map((k) => k.page));
    expect(pages.size).toBeGreaterThanOrEqual(3);
    // The LÅNGCELL row: one TD whose paragraphs continue on the next page.
    const cell = nodes('TD', long).find((n) => textOf(n).startsWith('LÅNGCELL-START'))!;
    expect(textOf(cell)).toMatch(/LÅNGCELL-SLUT Beslut fattas av nämnden\.$/);
    const index = nodes('TD', long).indexOf(cell);
    const tdElem = elems('TD', table)[index]!;
    expect(new Set(mcidsBelow(tdElem).map((k) => k.page)).size).toBe(2);
    expect(tdElem.kids.filter(isElem).every((k) => k.type === 'P')).toBe(true);
  });

  it('tags the status text and leaves aria-hidden symbols as artifacts, as the HTML hides them', () => {
    const cells = nodes('TD', nodes('Table')[0]!).map(textOf);
    // <span aria-hidden="true">●</span> Uppnår: the dot is drawn, the text is what is read.
    expect(cells).toContain('Uppnår');
    expect(cells).toContain('Uppnår delvis');
    // A symbol that is not aria-hidden stays part of the text.
    expect(cells).toContain('Uppnår inte ⚠');
    expect(cells.join(' ')).not.toContain('●');
  });

  it('tags lists as L > LI > Lbl + LBody with ListNumbering', () => {
    const lists = nodes('L');
    expect(lists).toHaveLength(4);
    expect(lists.map((l) => l.attributes.join(' '))).toEqual([
      '/ListNumbering /Disc', '/ListNumbering /Disc', '/ListNumbering /Decimal', '/ListNumbering /Disc',
    ]);
    for (const l of lists) {
      for (const li of l.kids) {
        expect(li.type).toBe('LI');
        expect(li.kids.map((k) => k.type)).toEqual(['Lbl', 'LBody']);
      }
    }
    expect(lists[2]!.kids.map((li) => textOf(li.kids[0]!))).toEqual(['1.', '2.']);
    // The nested list sits in the LBody of its item.
    expect(lists[1]!.kids.length).toBe(2);
    expect(nodes('L', lists[0]!.kids[1]!.kids[1]!)).toHaveLength(1);
  });

  it('tags the contents as nested TOC > TOCI > Link with text and page number', () => {
    const toc = nodes('TOC')[0]!;
    const items = nodes('TOCI', toc);
    expect(items.map((i) => textOf(i.kids[0]!).replace(/ \d+$/, ''))).toEqual([
      'Sammanfattning', 'Väsentliga händelser', 'Måluppfyllelse', 'Ekonomi', 'Driftredovisning', 'Avvikelser per verksamhet',
      'Investeringar', 'Uppföljning av åtgärder', 'Bilagor och övrigt',
    ]);
    for (const i of items) {
      expect(i.kids[0]!.type).toBe('Link');
      expect(i.kids[0]!.objects).toBe(1);
      expect(textOf(i.kids[0]!)).toMatch(/ \d+$/);
    }
    expect(toc.kids.map((k) => k.type)).toEqual(['TOCI', 'TOCI', 'TOCI', 'TOCI']);
    expect(toc.kids[1]!.kids.map((k) => k.type)).toEqual(['Link', 'TOC']);
    // Leader dots are not text of the contents.
    expect(textOf(toc)).not.toContain('...');
  });

  it('tags the title page, kommentar and quotation as containers of their paragraphs', () => {
    const sect = poppler[0]!.kids[0]!;
    expect(sect.type).toBe('Sect');
    expect(sect.kids.map((k) => k.type)).toEqual(['P', 'H1', 'P', 'P']);
    const div = nodes('Div')[0]!;
    expect(div.kids.map((k) => k.type)).toEqual(['P', 'P', 'L']);
    expect(textOf(div.kids[0]!)).toBe('Kommentar från förvaltningen');
    const quote = nodes('BlockQuote')[0]!;
    expect(quote.kids.map((k) => k.type)).toEqual(['P']);
  });

  it('puts links inside their paragraph, between the surrounding words', () => {
    const p = nodes('P').find((n) => textOf(n).startsWith('Servicenämnden redovisar'))!;
    expect(p.items.map((i) => (typeof i === 'string' ? 'text' : i.type))).toEqual(['text', 'Link', 'text', 'Link', 'text']);
    expect(textOf(p)).toContain('Se även avsnittet Driftredovisning och kommunens webbplats www.example.se/servicenamnden.');
    // Words of different styles and of successive lines stay apart in the text.
    expect(textOf(p)).toContain('ett överskott på 4,2 mnkr jämfört med');
  });
});

describe('artifacts', () => {
  it('marks running header and footer as pagination artifacts attached to the top and bottom', () => {
    for (const m of marks.slice(1)) {
      const pagination = m.sequences.filter((s) => s.tag === 'Artifact' && s.type === 'Pagination');
      expect(pagination.some((s) => s.attached?.[0] === 'Top' && s.textOps > 0), `page ${m.page} header`).toBe(true);
      expect(pagination.some((s) => s.attached?.[0] === 'Bottom' && s.textOps > 0), `page ${m.page} footer`).toBe(true);
    }
    const all = textOf(poppler[0]!);
    expect(all).not.toContain('Sida 2 av');
    expect(all).not.toContain('Dnr SEN/2023:35 ');
  });

  it('draws every path (rules, fills, the kommentar bar, the accent bar) as an artifact', () => {
    for (const m of marks) {
      for (const s of m.sequences) if (s.paintOps > 0) expect(s.tag, `page ${m.page}`).toBe('Artifact');
    }
  });
});

async function withPdf(html: string, check: (pdf: PdfObjects) => void): Promise<void> {
  const f = join(dir, `small-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, await renderPdf(`<!DOCTYPE html><html><body>${html}</body></html>`, { ...options, title: 'Liten' }));
  const p = PdfObjects.load(f);
  expect(p.pages.flatMap((pg) => pageMarks(pg).problems)).toEqual([]);
  check(p);
}
