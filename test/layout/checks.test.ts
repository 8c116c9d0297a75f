/**
 * The layout checks on synthetic pages: each check finds what it is meant to find (so a check that
 * passes on the real PDFs is not simply blind) and stays quiet on good typesetting. Also the parts
 * of extract.ts that do not need a PDF (vocabulary, screen-only texts of the HTML).
 */
import { describe, expect, it } from 'vitest';
import {
  captionsWithCharts, headingsKeptWithNext, letterColumns, rowsKeptTogether, screenOnlyText, strandedPages, textCollisions,
  underfilledPages, unhyphenatedSplits, widowsAndOrphans, wordsBrokenTwice, CHECKS,
} from './checks.js';
import { elementKey, htmlFacts, screenOnlyTexts } from './extract.js';
import { Vocabulary, type Box, type LayoutDoc, type LayoutPage, type Role, type TextLine } from './model.js';

// ---------------------------------------------------------------------------
// Builders: a page of A4 with a text area from y 74 to 774 and a running footer ending at x 527.

interface LineSpec {
  x?: number;
  role?: Role;
  level?: number;
  element?: string;
  size?: number;
  row?: string;
  cell?: string;
}

/** A line at `y` (its top); words are laid out with 0.55 em per character and a 0.3 em space. */
function line(text: string, y: number, spec: LineSpec = {}): TextLine {
  const size = spec.size ?? 9.8;
  const height = size * 1.164;
  let x = spec.x ?? 68;
  const words = text.split(' ').filter((w) => w !== '').map((w) => {
    const width = [...w].length * 0.55 * size;
    const word = { text: w, xMin: x, xMax: x + width, yMin: y, yMax: y + height };
    x += width + 0.3 * size;
    return word;
  });
  return {
    text: words.map((w) => w.text).join(' '),
    words,
    xMin: words[0]?.xMin ?? x, xMax: words[words.length - 1]?.xMax ?? x, yMin: y, yMax: y + height,
    role: spec.role ?? 'body',
    ...(spec.level !== undefined ? { level: spec.level } : {}),
    element: spec.element ?? `p@${y}`,
    size,
    ...(spec.row !== undefined ? { row: spec.row } : {}),
    ...(spec.cell !== undefined ? { cell: spec.cell } : {}),
  };
}

/** Lines of one element, one under the other (leading 1.38). */
function para(texts: string[], y: number, spec: LineSpec = {}): TextLine[] {
  const size = spec.size ?? 9.8;
  const element = spec.element ?? `p@${y}`;
  return texts.map((t, i) => line(t, y + i * size * 1.38, { ...spec, element }));
}

/** Lines enough to fill a page's text area. */
function fullText(element: string, from = 74): TextLine[] {
  const lines: TextLine[] = [];
  for (let y = from; y < 760; y += 13.5) lines.push(line('Nämnden har arbetat med uppdraget under hela perioden.', y, { element }));
  return lines;
}

const FOOTER = line('Sida 1 av 9', 799, { role: 'artifact', element: 'footer', x: 480 });

function page(number: number, lines: TextLine[], figures: Box[] = [], artifacts: TextLine[] = [FOOTER]): LayoutPage {
  return { number, width: 595.28, height: 841.89, lines: [...lines].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin), artifacts, figures };
}

function doc(pages: LayoutPage[], extra: Partial<Omit<LayoutDoc, 'vocabulary'>> & { text?: string } = {}): LayoutDoc {
  const text = extra.text ?? pages.flatMap((p) => p.lines.map((l) => l.text)).join(' ');
  return {
    name: 'test',
    pages,
    chapters: extra.chapters ?? [],
    figureCaptions: extra.figureCaptions ?? [],
    screenOnly: extra.screenOnly ?? [],
    vocabulary: new Vocabulary(text),
  };
}

/** A page that fills the text area from top to bottom (keeps textArea() at its real size). */
const full = (n: number) => page(n, fullText(`full${n}`));

// ---------------------------------------------------------------------------

describe('Vocabulary', () => {
  const v = new Vocabulary('Budgetavvikelsen per augusti är positiv. Med arbetare menas här medarbetare; Hälso- och sjukvård.');

  it('knows words, pieces of words and neighbours', () => {
    expect(v.has('budgetavvikelsen')).toBe(true);
    expect(v.has('Budgetavvikelsen')).toBe(true);
    expect(v.isPrefix('budget')).toBe(true);
    expect(v.isPrefix('budgetavvikelsen')).toBe(false);
    expect(v.isPieceOfWord('getavvik')).toBe(true);
    expect(v.isPieceOfWord('augusti')).toBe(true);
    expect(v.isPieceOfWord('xq')).toBe(false);
    expect(v.hasPair('med', 'arbetare')).toBe(true);
    expect(v.hasPair('hälso', 'och')).toBe(true);
    // A sentence ends between "positiv." and "Med".
    expect(v.hasPair('positiv', 'med')).toBe(false);
  });
});

describe('letterColumns', () => {
  const header = (texts: string[], element: string) => para(texts, 200, { role: 'tableHead', element, size: 8.6 });

  it('finds a cell set letter by letter', () => {
    const d = doc([page(1, header(['B', 'u', 'd', 'g', 'e', 't'], 'th1'))], { text: 'Budget 2024' });
    const found = letterColumns(d);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ page: 1, text: 'B' });
  });

  it('finds one letter that a word lost to the next line', () => {
    const d = doc([page(2, para(['Besluta', 'd', 'budget'], 300, { role: 'cell', element: 'td1', size: 8.6 }))], { text: 'Beslutad budget' });
    expect(letterColumns(d)).toMatchObject([{ page: 2, text: 'd' }]);
  });

  it('leaves a one-letter word alone, and text outside tables', () => {
    const cell = para(['Eskilstuna', 'i', 'väntan på beslut'], 300, { role: 'cell', element: 'td1' });
    const body = para(['B', 'u'], 400, { element: 'p' });
    expect(letterColumns(doc([page(1, [...cell, ...body])], { text: 'Eskilstuna i väntan på beslut. Bu' }))).toEqual([]);
  });
});

describe('unhyphenatedSplits', () => {
  it('finds a word split without a hyphen', () => {
    const lines = para(['Summa vård- och', 'omsorgsnämnde', 'n'], 300, { role: 'cell', element: 'td' });
    const found = unhyphenatedSplits(doc([page(3, lines)], { text: 'Summa vård- och omsorgsnämnden' }));
    expect(found).toMatchObject([{ page: 3, text: 'omsorgsnämnde|n' }]);
  });

  it('finds a compound split at its joint without a hyphen', () => {
    const lines = para(['Arbetsmarknadsförvaltningens', 'kompetensförsörjningsplan'], 100, { role: 'heading', level: 1, element: 'h' });
    expect(unhyphenatedSplits(doc([page(1, lines)], { text: 'Arbetsmarknadsförvaltningenskompetensförsörjningsplan' }))).toHaveLength(1);
  });

  it('accepts a hyphenated break, and a break between two words of the text', () => {
    const hyphenated = para(['Arbetsmarknads-', 'förvaltningens plan'], 100, { element: 'a' });
    const words = para(['Kommunen har', 'medarbetare i', 'arbete'], 200, { element: 'b' });
    const text = 'Arbetsmarknadsförvaltningens plan. Kommunen har medarbetare i arbete. Medarbetare';
    expect(unhyphenatedSplits(doc([page(1, [...hyphenated, ...words])], { text }))).toEqual([]);
  });

  it('does not join lines of different elements', () => {
    const lines = [line('Budget', 100, { role: 'tableHead', element: 'th1' }), line('avvikelse', 113.5, { role: 'cell', element: 'td1' })];
    expect(unhyphenatedSplits(doc([page(1, lines)], { text: 'Budgetavvikelse Budget avvikelse' }))).toEqual([]);
    expect(unhyphenatedSplits(doc([page(1, lines)], { text: 'Budgetavvikelse' }))).toEqual([]);
  });
});

describe('wordsBrokenTwice', () => {
  it('finds a word spread over four lines', () => {
    const lines = para(['Bud-', 'get-', 'avvi-', 'kelse'], 200, { role: 'tableHead', element: 'th' });
    expect(wordsBrokenTwice(doc([page(4, lines)], { text: 'Budgetavvikelse' }))).toMatchObject([{ page: 4, text: 'Bud-|get-|avvi' }]);
  });

  it('accepts one break per word, and real hyphens ("Hälso- och sjuk-")', () => {
    const once = para(['Budget-', 'avvikelse'], 200, { element: 'a' });
    const real = para(['Arbetsmarknads-,', 'vuxenutbildnings-', 'och integrationsnämnden'], 300, { element: 'b' });
    const text = 'Budgetavvikelse Arbetsmarknads-, vuxenutbildnings- och integrationsnämnden';
    expect(wordsBrokenTwice(doc([page(1, [...once, ...real])], { text }))).toEqual([]);
  });
});

describe('strandedPages', () => {
  it('finds a page with only a heading, a page with only a caption and a table head, and a page with one short line', () => {
    const d = doc([
      full(1),
      page(2, [line('Ekonomisk redovisning', 74, { role: 'heading', level: 1, size: 17 })]),
      page(3, [line('Driftredovisning (forts.)', 74, { role: 'caption' }), line('Enhet Utfall Budget', 90, { role: 'tableHead' })]),
      page(4, [line('utan att fler platser tillkommer.', 74)]),
      page(5, []),
      full(6),
    ]);
    expect(strandedPages(d).map((f) => f.page)).toEqual([2, 3, 4, 5]);
  });

  it('accepts a chart with its caption, and a heading with its text', () => {
    const d = doc([
      page(1, [line('Sjukfrånvaro', 400, { role: 'caption' })], [{ xMin: 68, xMax: 400, yMin: 74, yMax: 390 }]),
      page(2, [line('Tack', 74, { role: 'heading', level: 1 }), line('Tack till alla röstmottagare.', 100)]),
    ]);
    expect(strandedPages(d)).toEqual([]);
  });
});

describe('headingsKeptWithNext', () => {
  it('finds a heading and a table head at the foot of a page', () => {
    const d = doc([
      page(1, [...fullText('a', 74).slice(0, 40), line('Främja näringsliv och arbete', 740, { role: 'heading', level: 2, size: 13.5 })]),
      page(2, [...fullText('b', 74).slice(0, 40), line('Huvudprocess Bedömning Trend', 740, { role: 'tableHead' })]),
      full(3),
    ]);
    expect(headingsKeptWithNext(d).map((f) => f.page)).toEqual([1, 2]);
  });

  it('accepts a heading followed by its text, a caption under its chart, and the last page', () => {
    const d = doc([
      page(1, [line('Främja näringsliv', 700, { role: 'heading', level: 2 }), line('Text under rubriken.', 720)]),
      page(2, [line('Sjukfrånvaro', 745, { role: 'caption' })], [{ xMin: 68, xMax: 400, yMin: 500, yMax: 740 }]),
      page(3, [line('Bilagor', 740, { role: 'heading', level: 1 })]),
    ]);
    expect(headingsKeptWithNext(d)).toEqual([]);
  });
});

describe('rowsKeptTogether and widowsAndOrphans', () => {
  const rowOn = (texts: [string, string], y: number, row: string) => [
    line(texts[0], y, { role: 'cell', element: `${row}-name`, row, cell: `${row}-c1` }),
    line(texts[1], y, { role: 'cell', element: `${row}-value`, row, cell: `${row}-c2`, x: 400 }),
  ];

  it('finds a row of several cells split over two pages', () => {
    const d = doc([
      page(1, [...fullText('a').slice(0, 50), ...rowOn(['Hälso- och', '−40 115'], 755, 'r1')]),
      page(2, [line('sjukvården', 74, { role: 'cell', element: 'r1-name', row: 'r1', cell: 'r1-c1' }), ...fullText('b', 100)]),
      full(3),
    ]);
    expect(rowsKeptTogether(d)).toMatchObject([{ page: 1, text: 'Hälso- och' }]);
  });

  it('finds a paragraph that leaves one line on a page', () => {
    const d = doc([
      page(1, [...fullText('a').slice(0, 50), line('Förutom det som finns i planen idag pågår även', 755, { element: 'p9' })]),
      page(2, [...para(['annat arbete inom förvaltningen.', 'Det redovisas i bilagan.'], 74, { element: 'p9' }), ...fullText('b', 110)]),
    ]);
    expect(widowsAndOrphans(d)).toMatchObject([{ page: 1 }]);
  });

  it('accepts a paragraph broken with two lines on each page, and a one-cell comment row broken like one', () => {
    const comment = (y: number, n: number) => para(Array.from({ length: n }, () => 'Kommentaren fortsätter här.'), y, { role: 'cell', element: 'k', row: 'rk', cell: 'ck' });
    const d = doc([
      page(1, [...fullText('a').slice(0, 48), ...para(['Första raden.', 'Andra raden.'], 740, { element: 'p' })]),
      page(2, [...para(['Tredje raden.', 'Fjärde raden.'], 74, { element: 'p' }), ...fullText('b', 110).slice(0, 46), ...comment(740, 2)]),
      page(3, [...comment(74, 3), ...fullText('c', 120)]),
    ]);
    expect(rowsKeptTogether(d)).toEqual([]);
    expect(widowsAndOrphans(d)).toEqual([]);
  });
});

describe('underfilledPages', () => {
  it('finds a page left a quarter full in the middle of a chapter', () => {
    const d = doc([
      full(1),
      page(2, fullText('b').slice(0, 10)),
      page(3, [line('Medarbetare', 74, { role: 'heading', level: 2 }), ...fullText('c', 100)]),
    ], { chapters: [{ title: 'Effektiv organisation', page: 1 }] });
    const found = underfilledPages(d);
    expect(found).toMatchObject([{ page: 2 }]);
    expect(found[0]!.message).toContain('"Medarbetare"');
  });

  it("accepts a chapter's last page, the title page and the last page", () => {
    const title = page(1, [line('Delårsrapport 2 2024', 300, { role: 'heading', level: 1 })], [], []);
    const d = doc([
      title,
      page(2, [line('Innehåll', 74, { role: 'heading', level: 2 })]),
      page(3, [line('Sammanfattning', 74, { role: 'heading', level: 1 }), ...fullText('s', 100)]),
      page(4, fullText('t').slice(0, 5)),
      page(5, [line('Ekonomisk redovisning', 74, { role: 'heading', level: 1 }), ...fullText('e', 100)]),
      page(6, fullText('u').slice(0, 3)),
    ], { chapters: [{ title: 'Innehåll', page: 2 }, { title: 'Sammanfattning', page: 3 }, { title: 'Ekonomisk redovisning', page: 5 }] });
    // Page 2 is followed by Sammanfattning, page 4 by Ekonomisk redovisning; page 6 is the last.
    expect(underfilledPages(d)).toEqual([]);
  });
});

describe('captionsWithCharts', () => {
  const chart: Box = { xMin: 68, xMax: 440, yMin: 500, yMax: 740 };

  it('finds a caption on the page after its chart, and a caption that is not printed', () => {
    const d = doc([
      page(1, fullText('a').slice(0, 30), [chart]),
      page(2, [line('Andel nöjda brukare (%)', 74, { role: 'caption', element: 'cap' }), ...fullText('b', 100)]),
    ], { figureCaptions: ['Andel nöjda brukare (%)', 'Väntetid (dagar)'] });
    const found = captionsWithCharts(d);
    expect(found.map((f) => f.page)).toEqual([2, 0]);
    expect(found[0]!.message).toContain('charts on page 1');
  });

  it('accepts a caption under its chart, broken over two lines with a hyphen', () => {
    const d = doc([
      page(1, para(['Trygghetsbedömning i EST-om-', 'råde, medelvärde'], 745, { role: 'caption', element: 'cap' }), [chart]),
    ], { figureCaptions: ['Trygghetsbedömning i EST-område, medelvärde'] });
    expect(captionsWithCharts(d)).toEqual([]);
  });
});

describe('screenOnlyText', () => {
  it('finds a screen-only text, also in the running footer and broken over lines', () => {
    const d = doc([
      page(1, [line('Hoppa till innehållet', 74)]),
      page(2, fullText('a'), [], [line('Skapad med rapport 0.1.0', 799, { role: 'artifact', element: 'f' })]),
      page(3, para(['Kulturnämnden · Delårsrapport 2 · Skapad med rap-', 'port 0.1.0'], 700, { element: 'x' })),
    ], { screenOnly: ['Kulturnämnden · Delårsrapport 2 · Skapad med rapport 0.1.0'] });
    const pages = screenOnlyText(d).map((f) => f.page);
    expect(pages).toContain(1);
    expect(pages).toContain(2);
    expect(pages).toContain(3);
  });

  it('is quiet when no such text is printed', () => {
    expect(screenOnlyText(doc([full(1)], { screenOnly: ['Endast på skärmen'] }))).toEqual([]);
  });
});

describe('textCollisions', () => {
  it('finds text past the right edge and words on top of each other', () => {
    const d = doc([
      page(1, [line('Förvaltningsgemensamadministrationochverksamhetsstöd', 100, { x: 300 })]),
      page(2, [line('−12 404', 100, { x: 300, element: 'a' }), line('−12 800', 101, { x: 305, element: 'b' })]),
    ]);
    expect([...new Set(textCollisions(d).map((f) => f.page))]).toEqual([1, 2]);
  });

  it('accepts lines that touch but do not overlap', () => {
    expect(textCollisions(doc([page(1, para(['Första raden', 'Andra raden'], 100))]))).toEqual([]);
  });
});

describe('CHECKS', () => {
  it('names every check once and stays quiet on a well-set document', () => {
    expect(new Set(CHECKS.map((c) => c.name)).size).toBe(CHECKS.length);
    const d = doc([
      page(1, [line('Delårsrapport 2 2024', 300, { role: 'heading', level: 1, size: 26 }), line('Kulturnämnden', 340)], [], []),
      page(2, [line('Sammanfattning', 74, { role: 'heading', level: 1, size: 17 }), ...fullText('a', 100)]),
      page(3, [line('Ekonomi', 74, { role: 'heading', level: 1, size: 17 }), ...fullText('b', 100)]),
    ], { chapters: [{ title: 'Sammanfattning', page: 2 }, { title: 'Ekonomi', page: 3 }] });
    for (const check of CHECKS) expect(check.run(d), check.name).toEqual([]);
  });
});

describe('reading the HTML', () => {
  const html = `<!doctype html><html><head><style>
.hoppa::after { content: "Hoppa till innehållet"; }
@media print { .sidfot, .hoppa { display: none; } table { break-inside: avoid; } }
@media print { .endast-skarm { display: none } }
</style></head><body>
<a class="hoppa" href="#x" aria-label="Hoppa till innehållet"></a>
<main><h1>Sammanfattning</h1><p>Budget<b>avvikelsen</b> är liten.</p>
<table><tr><td>Intäkter</td><td>41 200</td></tr></table>
<figure><svg><title>T</title></svg><figcaption>Andel nöjda (%)</figcaption></figure>
<p class="endast-skarm">Visa som tabell</p></main>
<footer class="sidfot"><p>Kulturnämnden · Skapad med rapport 0.1.0</p></footer></body></html>`;

  it('finds the screen-only texts: hidden elements and their generated content', () => {
    expect(screenOnlyTexts(html).sort()).toEqual(['Hoppa till innehållet', 'Kulturnämnden · Skapad med rapport 0.1.0', 'Visa som tabell']);
  });

  it('reads text, words apart across elements, and figure captions', () => {
    const facts = htmlFacts(html);
    expect(facts.text).toContain('Budgetavvikelsen är liten.');
    expect(facts.text).toContain('Intäkter 41 200');
    expect(facts.figureCaptions).toEqual(['Andel nöjda (%)']);
  });

  it('compares element texts however they were broken into lines', () => {
    expect(elementKey('Trygghetsbedömning i EST-om- råde')).toBe(elementKey('Trygghetsbedömning i EST-område'));
  });
});
