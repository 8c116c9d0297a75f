/** Unit tests of the HTML → block model conversion and of the line breaker. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../../../src/render/pdf/dom.js';
import { FontSet } from '../../../src/render/pdf/base/fonts.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { breakLines } from '../../../src/render/pdf/layout/lines.js';
import { plainText, type Block, type InlineRun } from '../../../src/render/pdf/base/model.js';
import { text } from '../../../src/render/pdf/base/style.js';
import { pageMarks, PdfObjects, structTree } from './pdfstructure.js';
import { pageText, pdfinfo, qpdfCheck, requireTools } from './pdftools.js';

const doc = (body: string) => `<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>${body}</body></html>`;

function only<K extends Block['kind']>(blocks: Block[], kind: K): Block & { kind: K } {
  const found = blocks.filter((b) => b.kind === kind);
  expect(found.length).toBe(1);
  return found[0] as Block & { kind: K };
}

describe('htmlToBlocks', () => {
  it('uses only the body and collapses whitespace but keeps NBSP', () => {
    const blocks = htmlToBlocks(doc('<p>  Hej \n\n  <strong> världen </strong>  804&nbsp;208&nbsp;000 </p><script>x()</script>'));
    const p = only(blocks, 'paragraph');
    expect(plainText(p.runs)).toBe('Hej världen 804\u00a0208\u00a0000');
    expect(p.runs.map((r) => r.text)).toEqual(['Hej ', 'världen ', '804\u00a0208\u00a0000']);
    expect(p.runs[1]!.bold).toBe(true);
  });

  it('decodes entities and reads span colours and links', () => {
    const blocks = htmlToBlocks(doc(
      '<h2 id="a">Mål &amp; resultat</h2><p><span style="color:#2E7D32" aria-hidden="true">●</span> Uppnår '
      + '<a href="#a">intern</a> <a href="https://example.se">extern</a> <a href="#saknas">trasig</a> <em>kursiv</em> <code>kod</code></p>',
    ));
    expect(plainText(only(blocks, 'heading').runs)).toBe('Mål & resultat');
    const runs = only(blocks, 'paragraph').runs;
    const find = (t: string) => runs.find((r) => r.text.trim() === t)!;
    expect(find('●').color).toBe('#2e7d32');
    expect(find('intern').dest).toBe('a');
    expect(find('extern').href).toBe('https://example.se');
    expect(find('trasig').dest).toBeUndefined();
    expect(find('kursiv').italic).toBe(true);
    expect(find('kod').code).toBe(true);
  });

  it('recognises the report structure classes', () => {
    const blocks = htmlToBlocks(doc(`
      <header class="titelsida"><h1>Titel</h1></header>
      <nav class="innehall"><h2>Innehåll</h2><ol><li><a href="#x">X</a><ol><li><a href="#y">Y</a></li></ol></li></ol></nav>
      <section class="sidbrytning" id="s"><h1 id="x">X</h1><h2 id="y">Y</h2>
        <div class="kommentar"><p class="kommentar-rubrik">Kommentar</p><p class="liten">liten</p></div>
        <p>a<br>b</p><hr><blockquote>citat</blockquote></section>`));
    expect(blocks.map((b) => b.kind)).toEqual(['titlePage', 'toc', 'pageBreak', 'heading', 'heading', 'kommentar', 'paragraph', 'rule', 'blockquote']);
    const toc = only(blocks, 'toc');
    expect(toc.entries.map((e) => [e.level, plainText(e.runs), e.target])).toEqual([[1, 'X', 'x'], [2, 'Y', 'y']]);
    expect(blocks[3]!.ids).toEqual(['s', 'x']);
    const k = only(blocks, 'kommentar');
    expect(k.blocks.map((b) => (b.kind === 'paragraph' ? b.variant : b.kind))).toEqual(['kommentar-rubrik', 'liten']);
    const p = blocks[6] as Extract<Block, { kind: 'paragraph' }>;
    expect(p.runs.map((r) => r.text)).toEqual(['a', '\n', 'b']);
  });

  it('reads tables: caption, thead, row classes, colspan, num cells and block content', () => {
    const t = only(htmlToBlocks(doc(`<table><caption>Tabell</caption>
      <thead><tr><th>A</th><th class="num">B</th></tr></thead>
      <tbody><tr class="grupp"><td colspan="2">Grupp</td></tr>
      <tr><th>Rad</th><td class="num">−1,5</td></tr>
      <tr class="summa"><td><p>Ett</p><p>Två</p><ul><li>punkt</li></ul></td><td class="num">1</td></tr></tbody>
      <tr class="delsumma"><td>direkt</td><td class="num">2</td></tr></table>`)), 'table');
    expect(plainText(t.caption!)).toBe('Tabell');
    expect(t.head).toHaveLength(1);
    expect(t.head[0]!.cells.map((c) => [c.header, c.num])).toEqual([[true, false], [true, true]]);
    expect(t.body.map((r) => r.variant)).toEqual(['grupp', 'normal', 'summa', 'delsumma']);
    expect(t.body[0]!.cells[0]!.colspan).toBe(2);
    expect(t.body[1]!.cells[0]!.header).toBe(false);
    expect(t.body[2]!.cells[0]!.paragraphs.map(plainText)).toEqual(['Ett', 'Två', '•\u00a0punkt']);
  });

  it('keeps th/td and the scope attribute of header cells', () => {
    const t = only(htmlToBlocks(doc(`<table><thead><tr><th scope="col">A</th><th>B</th><td>C</td></tr></thead>
      <tbody><tr><th scope="ROW">Rad</th><td scope="row">1</td><th scope="bogus">x</th></tr></tbody></table>`)), 'table');
    expect(t.head[0]!.cells.map((c) => [c.tag, c.scope, c.header])).toEqual([['th', 'col', true], ['th', undefined, true], ['td', undefined, false]]);
    expect(t.body[0]!.cells.map((c) => [c.tag, c.scope, c.header])).toEqual([['th', 'row', false], ['td', undefined, false], ['th', undefined, false]]);
  });

  it('renders unknown elements through their children and skips images', () => {
    const blocks = htmlToBlocks(doc('<x-ny>Okänd <b>text</b></x-ny><figure><img src="a.png"><figcaption>Figur</figcaption></figure>'));
    expect(blocks.map((b) => (b.kind === 'paragraph' ? `${b.variant}:${plainText(b.runs)}` : b.kind))).toEqual([
      'body:Okänd text',
      'figcaption:Figur',
    ]);
  });

  it('never throws on odd HTML', () => {
    for (const html of ['', 'bara text', '<p>ostängd <b>fet <i>kursiv', '<table></table><table><tr></tr></table>',
      '<ul>text<li></li></ul><ol start="x"><li>a</li></ol>', '<nav class="innehall"><ol><li>utan länk</li></ol></nav>',
      '<h1></h1><h3 id="tom"> </h3><td>lös cell</td><tr><td>lös rad</td></tr>', '<body><body><p>dubbel</p></body>']) {
      expect(() => htmlToBlocks(html)).not.toThrow();
    }
  });
});

describe('breakLines', () => {
  const fonts = new FontSet(new PDFDocument({ autoFirstPage: false }));
  const runs = (t: string): InlineRun[] => [{ text: t, bold: false, italic: false, code: false }];
  const lineText = (l: { pieces: { text: string }[] }) => l.pieces.map((p) => p.text).join('');

  it('never breaks inside a token with NBSP and keeps lines within the width', () => {
    const lines = breakLines(runs('Budget 804\u00a0208\u00a0000 kronor och −527,7 tkr i underskott'), text.body, 70, fonts);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.some((l) => lineText(l) === '804\u00a0208\u00a0000')).toBe(true);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(70.01);
  });

  it('splits an over-long word instead of overflowing and keeps a status symbol with its word', () => {
    const long = breakLines(runs('Donaudampfschiffahrtsgesellschaftskapitän'), text.body, 60, fonts);
    expect(long.length).toBeGreaterThan(1);
    for (const l of long) expect(l.width).toBeLessThanOrEqual(60.01);
    expect(long.map(lineText).join('')).toBe('Donaudampfschiffahrtsgesellschaftskapitän');
    const status = breakLines(runs('● Genomförd'), text.body, 30, fonts);
    expect(lineText(status[0]!)).toContain('● ');
  });
});

describe('renderPdf on odd input', () => {
  it('produces a valid PDF for empty or fragmentary HTML', async () => {
    requireTools();
    const dir = mkdtempSync(join(tmpdir(), 'rapport-pdf-odd-'));
    try {
      const cases = ['', '<p>Bara ett stycke</p>', '<table><tr><td colspan="9">x</td></tr></table><ul><li><ul><li>djup</li></ul></li></ul>'];
      for (const [i, html] of cases.entries()) {
        const pdf = await renderPdf(html, { title: 'Udda', date: new Date(0), runningHeader: 'H', runningFooter: 'F' });
        const file = join(dir, `odd-${i}.pdf`);
        writeFileSync(file, pdf);
        expect(qpdfCheck(file).status).toBe(0);
        expect(Number(pdfinfo(file)['Pages'])).toBe(1);
        expect(pdfinfo(file)['Tagged']).toBe('yes');
        const objects = PdfObjects.load(file);
        expect(objects.pages.flatMap((p) => pageMarks(p).problems)).toEqual([]);
        expect(structTree(objects).map((e) => e.type)).toEqual(['Document']);
        expect(pageText(file, 1)).toContain('Sida 1 av 1');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rowspan', () => {
  const cellTexts = (html: string) => {
    const table = htmlToBlocks(`<body>${html}</body>`).find((b) => b.kind === 'table');
    if (!table || table.kind !== 'table') throw new Error('no table');
    return table.body.map((r) => r.cells.map((c) => c.paragraphs.map((p) => p.map((run) => run.text).join('')).join(' ')));
  };

  it('keeps the later cells of the spanned rows in their own columns', () => {
    expect(
      cellTexts('<table><tbody><tr><th rowspan="2">Område 1</th><td>A</td><td>10</td></tr><tr><td>B</td><td>20</td></tr><tr><th>Område 2</th><td>C</td><td>30</td></tr></tbody></table>'),
    ).toEqual([
      ['Område 1', 'A', '10'],
      ['', 'B', '20'],
      ['Område 2', 'C', '30'],
    ]);
  });

  it('works for a span in a middle column and at the end of a row', () => {
    expect(cellTexts('<table><tbody><tr><td>a</td><td rowspan="3">x</td><td>1</td></tr><tr><td>b</td><td>2</td></tr><tr><td>c</td><td>3</td></tr></tbody></table>')).toEqual([
      ['a', 'x', '1'],
      ['b', '', '2'],
      ['c', '', '3'],
    ]);
    expect(cellTexts('<table><tbody><tr><td>a</td><td rowspan="2">x</td></tr><tr><td>b</td></tr></tbody></table>')).toEqual([
      ['a', 'x'],
      ['b', ''],
    ]);
  });
});
