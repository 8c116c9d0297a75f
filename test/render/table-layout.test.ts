/**
 * Issue 17, table layout and Swedish hyphenation: tables whose cells hold a long text (a reason a
 * value is missing, a comment) next to short headers ("Förändring", "Når målet") and short values
 * ("Minst 90"), and tables too wide for the page. Rendered to PDF and read back with pdftotext
 * -bbox-layout (poppler's blocks are the table cells) and the tagged structure (pdfinfo -struct-text).
 *
 * What must hold: no cell line holds a piece of a word without a hyphen (every word read back is a
 * word of the source, or a hyphenated piece that joins the next line's first word into one);
 * "Minst 90", "Når målet" and figures on one line; the tagged text reads hyphenated words whole;
 * the same input gives the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FontSet } from '../../src/render/pdf/base/fonts.js';
import { breakPoints, hyphenated } from '../../src/render/pdf/base/hyphenate.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { breakLines } from '../../src/render/pdf/layout/lines.js';
import type { InlineRun } from '../../src/render/pdf/base/model.js';
import { table as tableStyle } from '../../src/render/pdf/base/style.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { miniReport, ROOT } from '../helpers.js';
import { popplerStructure, textOf, walkText, type TextNode } from './pdf/pdfstructure.js';
import { requireTools, run } from './pdf/pdftools.js';

interface BoxWord {
  text: string;
  xMin: number;
  yMin: number;
}

interface BoxLine {
  words: BoxWord[];
  text: string;
}

/** A text block of pdftotext -bbox-layout: in a table, one cell. */
interface BoxBlock {
  lines: BoxLine[];
  page: number;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

function blocksOf(file: string): BoxBlock[] {
  const xml = run('pdftotext', ['-bbox-layout', file, '-']);
  const blocks: BoxBlock[] = [];
  let page = 0;
  for (const pm of xml.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)) {
    page += 1;
    for (const bm of pm[1]!.matchAll(/<block [^>]*>([\s\S]*?)<\/block>/g)) {
      const lines: BoxLine[] = [];
      for (const lm of bm[1]!.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)) {
        const words = [...lm[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((w) => ({
          text: decode(w[3]!), xMin: Number(w[1]), yMin: Number(w[2]),
        }));
        lines.push({ words, text: words.map((w) => w.text).join(' ') });
      }
      blocks.push({ lines, page });
    }
  }
  return blocks;
}

/** The words of a text as pdftotext splits them (NBSP too separates words there). */
const tokens = (text: string) => text.split(/[\s\u00a0]+/u).filter((t) => t !== '');

/**
 * Words read back that are no word of the source. A line ending in "x-" followed by a line starting
 * with a letter is one word broken with a hyphen: the two pieces must join into a source word. A
 * word broken without a hyphen, or letters set one per line, leave pieces that are no source word.
 */
function strangeWords(blocks: BoxBlock[], source: string): string[] {
  const vocabulary = new Set(tokens(source));
  const strange: string[] = [];
  for (const block of blocks) {
    for (let i = 0; i < block.lines.length; i += 1) {
      const words = block.lines[i]!.words.map((w) => w.text);
      for (let k = 0; k < words.length; k += 1) {
        let word = words[k]!;
        const next = block.lines[i + 1]?.words[0];
        const last = k === words.length - 1;
        if (last && next && /\p{L}-$/u.test(word) && /^\p{L}/u.test(next.text) && !vocabulary.has(word)) {
          word = word.slice(0, -1) + next.text;
          block.lines[i + 1]!.words = block.lines[i + 1]!.words.slice(1);
          if (!vocabulary.has(word)) strange.push(`${words[k]} / ${next.text} (p. ${block.page})`);
          continue;
        }
        if (!vocabulary.has(word)) strange.push(`${word} (p. ${block.page}: "${block.lines[i]!.text}")`);
      }
    }
  }
  return strange;
}

/** Every broken word: "piece-" at a line end with the continuation at the start of the next line. */
function hyphenatedPairs(blocks: BoxBlock[]): string[] {
  const pairs: string[] = [];
  for (const block of blocks) {
    for (let i = 0; i + 1 < block.lines.length; i += 1) {
      const end = block.lines[i]!.words.at(-1)?.text ?? '';
      const start = block.lines[i + 1]!.words[0]?.text ?? '';
      if (/\p{L}-$/u.test(end) && /^\p{Ll}/u.test(start)) pairs.push(`${end}|${start}`);
    }
  }
  return pairs;
}

/** Elements of a type in the tagged structure as poppler reads it. */
const structureNodes = (file: string, type: string): TextNode[] => popplerStructure(file).flatMap((n) => [...walkText(n)]).filter((n) => n.type === type);

const allLines = (blocks: BoxBlock[]) => blocks.flatMap((b) => b.lines.map((l) => l.text));

const LONG_REASON = 'Uppgift saknas eftersom mätningen har skjutits upp till hösten 2023 på grund av ett byte av enkätleverantör i regionen';

/** An indicator table as templates/partials/tabell.hbs writes it, with a sentence in a figure column. */
const INDICATOR_TABLE = `<div class="tabell-ram"><table class="tal" id="m1-indikatorer-tabell">
<caption id="m1-rubrik">Indikatorer</caption>
<thead><tr><th scope="col">Indikator</th><th scope="col" class="num">2021</th><th scope="col" class="num">2022</th><th scope="col" class="num">2023</th><th scope="col" class="num">Målvärde</th><th scope="col" class="num">Förändring</th><th scope="col" class="num">Når målet</th><th scope="col" class="num">Budgetavvikelse</th></tr></thead>
<tbody>
<tr class="post"><th scope="row">Andel elever som är behöriga till yrkesprogram, (%)</th><td class="num">88,2</td><td class="num">89,1</td><td class="num">${LONG_REASON}</td><td class="num">Minst 90</td><td class="num">+0,9 procentenheter</td><td class="num">Nej</td><td class="num">−1&#160;234,5</td></tr>
<tr class="post"><th scope="row">Nöjd-Medborgar-Index för verksamhetsområdet äldreomsorg, totalindex</th><td class="num">61</td><td class="num">63</td><td class="num">64</td><td class="num">Minst 65</td><td class="num">+1</td><td class="num">Ja</td><td class="num">12&#160;804&#160;208</td></tr>
</tbody></table></div>`;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** Twelve columns of nine-digit figures: no size fits them side by side on A4. */
const WIDE_TABLE = `<table class="tal"><caption>Utfall per månad, tkr</caption>
<thead><tr><th scope="col">Enhet</th>${MONTHS.map((m) => `<th scope="col" class="num">Utfall ${m}</th>`).join('')}</tr></thead>
<tbody>${[1, 2, 3].map((r) => `<tr><th scope="row">Enhet ${r}</th>${MONTHS.map((_, i) => `<td class="num">${100 + r}&#160;${String(100 + i).padStart(3, '0')}&#160;${String(500 + r * i).padStart(3, '0')}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const LONG_WORD = 'Nettokostnadsavvikelseredovisningsprinciperförändringsarbetsgruppsmötesprotokollet';

const html = (body: string) => `<!doctype html><html lang="sv"><head><title>Tabeller</title></head><body><main>
<h2 id="m1">Mål ett</h2>${body}</main></body></html>`;

/** The text of HTML: block and cell tags separate words, inline tags do not ("<span>Bättre</span>."). */
const textOfHtml = (markup: string) =>
  decode(
    markup
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<\/?(p|div|td|th|tr|li|h\d|caption|section|table|thead|tbody|ul|ol|nav|header|footer|main|figure|figcaption|br|title)\b[^>]*>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;|&#160;/g, '\u00a0'),
  );

/** The words a rendered test page can hold: the body, its heading, running header and footer. */
const source = (body: string) => `${textOfHtml(body)} Mål ett Huvud Fot Sida 1 av`;

const OPTIONS = { title: 'Tabeller', date: new Date(Date.UTC(2023, 8, 21)), runningHeader: 'Huvud', runningFooter: 'Fot' };

let dir = '';

beforeAll(() => {
  requireTools();
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-table-layout-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Swedish hyphenation points', () => {
  it('breaks compounds at their seam and syllables by the Swedish patterns, keeping 2 letters before and 3 after', () => {
    expect(hyphenated('Budgetavvikelse')).toMatch(/^Bud-get-av/);
    expect(hyphenated('Budgetavvikelse').replace(/-/g, '')).toBe('Budgetavvikelse');
    expect(breakPoints('Budgetavvikelse').find((p) => p.index === 6)).toMatchObject({ hyphen: true, preferred: true });
    expect(hyphenated('Verksamhetsområde')).toContain('hets-om');
    expect(hyphenated('Förändring')).toBe('För-änd-ring');
    for (const word of ['Når', 'Minst', 'Ja', 'Nej']) expect(breakPoints(word)).toEqual([]);
    for (const p of breakPoints('sjukfrånvaron')) {
      expect(p.index).toBeGreaterThanOrEqual(2);
      expect('sjukfrånvaron'.length - p.index).toBeGreaterThanOrEqual(3);
    }
  });

  it('breaks after a hyphen that is already there without adding one, and never inside figures', () => {
    expect(breakPoints('IT-stöd')).toEqual([{ index: 3, hyphen: false, preferred: true }]);
    expect(breakPoints('12\u00a0804\u00a0208')).toEqual([]);
    expect(breakPoints('−1\u00a0234,5')).toEqual([]);
  });
});

describe('breakLines with hyphenation', () => {
  const fonts = new FontSet(new PDFDocument({ autoFirstPage: false }));
  const runs = (t: string): InlineRun[] => [{ text: t, bold: false, italic: false, code: false }];
  const text = (l: { pieces: { text: string }[] }) => l.pieces.map((p) => p.text).join('');

  it('sets a hyphen (outside the pieces, inside the width) at every line that ends inside a word', () => {
    const lines = breakLines(runs(`Ett ${LONG_WORD} till`), tableStyle.text, 70, fonts);
    expect(lines.map(text).join('').replace(/ /g, '')).toBe(`Ett${LONG_WORD}till`);
    const broken = lines.filter((l) => l.hyphen);
    expect(broken.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(70.01);
    for (const l of broken) {
      expect(l.hyphen!.text).toBe('-');
      expect(l.width).toBeCloseTo(l.hyphen!.x + l.hyphen!.width, 5);
    }
    // Only the line ends inside the long word carry one.
    expect(text(lines[0]!)).toBe('Ett');
    expect(lines[0]!.hyphen).toBeUndefined();
    expect(lines.at(-1)!.hyphen).toBeUndefined();
    expect(broken).toHaveLength(lines.length - 2);
  });

  it('prefers a compound seam: "Budget-" / "avvikelse"', () => {
    // Room for "Budgetavvikel-": the seam fills the line nearly as well and is the better break.
    const bold = { ...tableStyle.text, bold: true };
    const width = breakLines(runs('Budgetavvikel-'), bold, 1000, fonts)[0]!.width;
    const lines = breakLines(runs('Budgetavvikelse'), bold, width, fonts);
    expect(lines.map((l) => `${text(l)}${l.hyphen ? '-' : ''}`)).toEqual(['Budget-', 'avvikelse']);
  });

  it('splits a word without break points between characters, still with a hyphen', () => {
    const lines = breakLines(runs('Xqzxqzxqzxqzxqzxqzxqzxqz'), tableStyle.text, 30, fonts);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(0, -1)) expect(l.hyphen?.text).toBe('-');
    expect(lines.map(text).join('')).toBe('Xqzxqzxqzxqzxqzxqzxqzxqz');
  });
});

describe('an indicator table with a long text beside short headers, in the PDF', () => {
  const body = `${INDICATOR_TABLE}<p>Ett stycke med ett ord längre än raden: ${LONG_WORD}${LONG_WORD} slut.</p>`;
  let file = '';
  let blocks: BoxBlock[] = [];
  let pdf: Buffer;

  beforeAll(async () => {
    file = path.join(dir, 'indikatorer.pdf');
    pdf = await renderPdf(html(body), OPTIONS);
    writeFileSync(file, pdf);
    blocks = blocksOf(file);
  }, 60_000);

  it('reads back only words of the source: no letters one per line, no word cut without a hyphen', () => {
    expect(strangeWords(blocksOf(file), source(body))).toEqual([]);
  });

  it('sets "Minst 90", "Når målet", "Förändring" and the figures on one line each', () => {
    const lines = allLines(blocks);
    for (const phrase of ['Minst 90', 'Minst 65', 'Når målet', 'Förändring', '−1 234,5', '12 804 208', '88,2', '2023']) {
      expect(lines.some((l) => l === phrase || l.split(' ').join(' ').includes(phrase)), phrase).toBe(true);
    }
    // Each of them is a cell of its own (a block), on a single line.
    for (const phrase of ['Minst 90', 'Når målet', '12 804 208']) {
      const cell = blocks.find((b) => b.lines.some((l) => l.text === phrase));
      expect(cell?.lines.length, phrase).toBe(1);
    }
  });

  it('ends every piece of a broken word with "-" and continues it on the next line ("Budget-" / "avvikelse")', () => {
    const pairs = hyphenatedPairs(blocks);
    expect(pairs).toContain('Budget-|avvikelse');
    // The long word of the paragraph is broken at hyphenation points, each line end with its hyphen.
    const paragraph = blocks.find((b) => b.lines.some((l) => l.text.startsWith('Ett stycke')))!;
    const broken = paragraph.lines.slice(0, -1).map((l) => l.words.at(-1)!.text).filter((w) => w !== 'raden:');
    expect(broken.length).toBeGreaterThan(0);
    for (const w of broken) expect(w).toMatch(/\p{L}-$/u);
  });

  it('lets the long text take the squeeze: its column wraps, the short columns do not', () => {
    const reason = blocks.find((b) => b.lines[0]?.text.startsWith('Uppgift saknas'));
    expect(reason!.lines.length).toBeGreaterThan(3);
    // Set ragged right like text, not ragged left like figures.
    const lefts = reason!.lines.map((l) => l.words[0]!.xMin);
    expect(Math.max(...lefts) - Math.min(...lefts)).toBeLessThan(0.5);
  });

  it('keeps the word whole in the tagged text: the hyphen is an artifact', () => {
    const texts = structureNodes(file, 'TH').map(textOf);
    expect(texts).toContain('Budgetavvikelse');
    expect(texts).toContain('Når målet');
    const all = run('pdfinfo', ['-struct-text', file]);
    expect(all).not.toContain('"-"');
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const again = await renderPdf(html(body), OPTIONS);
    expect(again.equals(pdf)).toBe(true);
  });
});

describe('a table too wide for any size', () => {
  let file = '';

  beforeAll(async () => {
    file = path.join(dir, 'bred.pdf');
    writeFileSync(file, await renderPdf(html(WIDE_TABLE), OPTIONS));
  }, 60_000);

  it('is set as stacked rows of "Rubrik: värde", every figure whole, never as letter columns', () => {
    const blocks = blocksOf(file);
    expect(strangeWords(blocksOf(file), `${source(WIDE_TABLE)} ${MONTHS.map((m) => `${m}:`).join(' ')} Enhet:`)).toEqual([]);
    const text = run('pdftotext', ['-layout', file, '-']).replace(/\u00a0/g, ' ');
    for (const r of [1, 2, 3]) expect(text).toMatch(new RegExp(`Enhet:\\s+Enhet ${r}\\n`));
    expect(text).toMatch(/Utfall jan:\s+101 100 500\n/);
    expect(text).toMatch(/Utfall dec:\s+103 111 533\n/);
    expect(allLines(blocks).filter((l) => /^\p{L}$/u.test(l))).toEqual([]);
  });

  it('keeps the table structure: the first label of a column is its TH, the values are TDs', () => {
    const tables = structureNodes(file, 'Table');
    expect(tables).toHaveLength(1);
    const [, thead, tbody] = tables[0]!.kids;
    expect(thead!.type).toBe('THead');
    expect(thead!.kids[0]!.kids.map(textOf)).toEqual(['Enhet:', ...MONTHS.map((m) => `Utfall ${m}:`)]);
    expect(tbody!.kids).toHaveLength(3);
    expect(tbody!.kids[2]!.kids.map(textOf).slice(0, 2)).toEqual(['Enhet 3', '103 100 500']);
  });
});

describe('a report built with the CLI', () => {
  const MAL = `mål:
  perspektiv:
    - id: p1
      namn: Hållbar utveckling
      områden:
        - id: omr-a
          namn: Område A
          bedömning: uppnås
          trend: bättre
          mål:
            - id: m1
              namn: Mål ett
              bedömning: delvis
              indikatorer:
                - id: behoriga
                  namn: Andel elever som är behöriga till yrkesprogram, (%)
                  enhet: "%"
                  riktning: högre
                  mål: [{ period: 2023, riktning: minst, värde: 90 }]
                  utfall:
                    - { period: 2021, värde: 88 }
                    - { period: 2022, värde: 89 }
                    - { period: 2023, värde: 91, måluppfyllelse: nått }
                - id: nmi
                  namn: Nöjd-Medborgar-Index för verksamhetsområdet äldreomsorg, totalindex
                  riktning: högre
                  mål: [{ period: 2023, riktning: minst, värde: 65 }]
                  utfall:
                    - { period: 2021, värde: 61 }
                    - { period: 2022, värde: 63 }
                    - { period: 2023, saknas: { orsak: Mätningen har skjutits upp till hösten på grund av ett byte av enkätleverantör } }
`;
  const EKONOMI = `ekonomi:
  resultaträkning:
    id: rr
    enhet: mnkr
    kolumner: [utfall, budget, prognos]
    rader:
      - { id: intakter, namn: Intäkter, roll: intäkt, utfall: 352.3, budget: 336.4, prognos: 504.5, budget_helår: 504.5 }
      - { id: kostnader, namn: Kostnader, roll: kostnad, utfall: -322.1, budget: -333.4, prognos: -488.9, budget_helår: -504.5 }
      - { id: resultat, namn: Resultat, roll: resultat, utfall: 30.2, budget: 3.0, prognos: 15.6, budget_helår: 0.0 }
  driftredovisning:
    - id: drift
      enhet: tkr
      mått: resultat
      radrubrik: Verksamhet
      kolumner:
        - { id: utfall, rubrik: Utfall aug }
        - { id: budget_helår, rubrik: Budget helår }
        - { id: prognos_maj, rubrik: Prognos maj }
        - { id: prognos, rubrik: Prognos aug }
        - { id: mot_maj, rubrik: Förändring mot maj, avvikelse: [prognos, prognos_maj] }
        - { id: andel, rubrik: Andel av utfallet, typ: tal, enhet: "%" }
        - { id: kommentar, rubrik: Kommentar, typ: text }
      enheter:
        - { id: stab, namn: Arbetsmarknadsförvaltningens kompetensförsörjningsenhet, utfall: 20210, budget_helår: 0, prognos_maj: 5000, prognos: 10615, andel: 66.9, kommentar: "Vakanser under våren och ett senarelagt införande av det nya ärendehanteringssystemet ger ett överskott som till stor del kvarstår vid årets slut" }
        - { id: hr, namn: HR, utfall: 10000, budget_helår: 0, prognos_maj: 3000, prognos: 5000, andel: 33.1 }
      summa: { id: drift-summa, namn: Totalt, utfall: 30210, budget_helår: 0, prognos_maj: 8000, prognos: 15615 }
`;
  let pdfFile = '';
  let htmlText = '';

  beforeAll(async () => {
    const profile = readFileSync(path.join(ROOT, 'test', 'fixtures', 'mini', 'profil.yaml'), 'utf8');
    const report = miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL, 'ekonomi.yaml': EKONOMI }, profile);
    const out = tempDir();
    const r = await runCli(['build', '.', '--out', out], report);
    expect(r.code, r.stderr).toBe(0);
    pdfFile = path.join(out, `${path.basename(report)}.pdf`);
    const htmlFile = path.join(out, `${path.basename(report)}.html`);
    const page = readFileSync(htmlFile, 'utf8');
    expect(page).toMatch(/<html lang="sv">/);
    htmlText = textOfHtml(page);
  }, 120_000);

  it('prints its indicator and money tables with whole words or hyphenated ones, "Minst 90" and "Når målet" on one line', () => {
    const blocks = blocksOf(pdfFile);
    // The PDF has a few texts of its own (running header and footer, page numbers, table continuation).
    const own = 'Sida av (forts.) – · Innehåll';
    // Tokens without letters (page numbers, leader dots of the contents) are no words to break.
    expect(strangeWords(blocks, `${htmlText} ${own}`).filter((w) => /\p{L}/u.test(w.split(' ')[0]!))).toEqual([]);
    const lines = allLines(blocks);
    expect(lines).toContain('Minst 90');
    expect(lines).toContain('Når målet');
    expect(lines).toContain('Förändring');
    expect(lines.some((l) => l.includes('20 210'))).toBe(true);
  });

  it('declares Swedish hyphenation in the HTML for prose and table cells', () => {
    const css = readFileSync(path.join(ROOT, 'templates', 'rapport.css'), 'utf8');
    expect(css).toMatch(/p, li, td, th, caption[^{]*\{[^}]*hyphens: auto/);
    expect(css).toMatch(/h1, h2, h3, h4[^{]*\{[^}]*hyphens: manual/);
  });
});
