/**
 * Layout checks: what a page set by hand for a kommun would never show, whatever the tables hold
 * (issue 17). Each check is a function of a LayoutDoc (model.ts) that returns its findings; a
 * finding names the page and the offending text. The checks are written against the goal, not
 * against what the renderer does today.
 */
import { squash, type Box, type LayoutDoc, type LayoutPage, type TextLine } from './model.js';

export interface Finding {
  page: number;
  /** The offending text, as printed. */
  text: string;
  message: string;
}

export interface Check {
  name: string;
  /** One line: what the check asks of every page. */
  goal: string;
  run: (doc: LayoutDoc) => Finding[];
}

/** A page filled less than this share of its text area (from the top of the text area to its lowest line) is underfilled. */
export const MIN_FILL = 0.35;
/** A caption further than this from its chart (points) does not sit with it. */
export const CAPTION_GAP = 30;
/** A page whose only text is one line shorter than this is a stray line. */
export const SHORT_LINE = 60;

const LETTER = /\p{L}/u;
/** Characters that end a hyphenated line: hyphen-minus, soft hyphen, hyphen. */
const HYPHEN = /[-\u00ad\u2010]$/u;

function quote(text: string, max = 80): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > max ? `"${t.slice(0, max - 1)}…"` : `"${t}"`;
}

/** The lines of each element on a page, top to bottom. */
function elements(page: LayoutPage): Map<string, TextLine[]> {
  const out = new Map<string, TextLine[]>();
  for (const line of page.lines) {
    const list = out.get(line.element);
    if (list) list.push(line);
    else out.set(line.element, [line]);
  }
  for (const list of out.values()) list.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
  return out;
}

/** The text of every element over the whole document (an element may run over pages). */
function elementTexts(doc: LayoutDoc): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const page of doc.pages) for (const line of page.lines) out.set(line.element, [...(out.get(line.element) ?? []), line.text]);
  return new Map([...out].map(([k, v]) => [k, v.join(' ')]));
}

/** Two lines of one element that follow each other: `b` is the next line below `a`. */
function consecutive(a: TextLine, b: TextLine): boolean {
  const gap = b.yMin - a.yMax;
  return b.yMin > a.yMin + 0.5 * a.size && gap < 1.2 * Math.max(a.size, b.size);
}

const lastWord = (l: TextLine) => l.words[l.words.length - 1]?.text ?? '';
const firstWord = (l: TextLine) => l.words[0]?.text ?? '';
const trailingLetters = (s: string) => /[\p{L}\p{N}]+$/u.exec(s)?.[0] ?? '';
const leadingLetters = (s: string) => /^[\p{L}\p{N}]+/u.exec(s)?.[0] ?? '';

/** Content that is not only a heading or a caption: body text, table rows, a chart, the contents. */
function isSubstance(line: TextLine): boolean {
  return line.role === 'body' || line.role === 'cell' || line.role === 'figure' || line.role === 'toc';
}

// ---------------------------------------------------------------------------
// (a) Letter columns

/**
 * No table cell line holds a single letter that belongs to a longer word: a column so narrow that
 * a word is set letter by letter ("B", "u", "d" …). A single-letter line is part of a word when the
 * cell's line above ends, or the line below begins, with letters that together with it make a piece
 * of a word of the text – or when the neighbouring line is a single letter too.
 */
export function letterColumns(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  for (const page of doc.pages) {
    for (const lines of elements(page).values()) {
      if (lines[0]?.role !== 'cell' && lines[0]?.role !== 'tableHead') continue;
      lines.forEach((line, i) => {
        const letter = line.text.replace(/[-\u00ad\u2010]$/u, '');
        if ([...letter].length !== 1 || !LETTER.test(letter)) return;
        const above = i > 0 && consecutive(lines[i - 1]!, line) ? lines[i - 1] : undefined;
        const below = i + 1 < lines.length && consecutive(line, lines[i + 1]!) ? lines[i + 1] : undefined;
        const single = (l: TextLine | undefined) => {
          const t = l?.text.replace(/[-\u00ad\u2010]$/u, '') ?? '';
          return [...t].length === 1 && LETTER.test(t);
        };
        const joinsAbove = above !== undefined
          && trailingLetters(lastWord(above).replace(HYPHEN, '')) !== ''
          && doc.vocabulary.isPieceOfWord(trailingLetters(lastWord(above).replace(HYPHEN, '')) + letter)
          && !doc.vocabulary.hasPair(trailingLetters(lastWord(above)), letter);
        const joinsBelow = below !== undefined && leadingLetters(firstWord(below)) !== ''
          && doc.vocabulary.isPieceOfWord(letter + leadingLetters(firstWord(below)))
          && !doc.vocabulary.hasPair(letter, leadingLetters(firstWord(below)));
        if (single(above) || single(below) || joinsAbove || joinsBelow) {
          const cell = lines.map((l) => l.text).join(' / ');
          findings.push({ page: page.number, text: line.text, message: `table cell set letter by letter: a line holds only "${line.text}" (cell: ${quote(cell)})` });
        }
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (b) Words split without a hyphen

/**
 * No word is split over two lines without a hyphen: when a line ends in letters and the next line
 * of the same element begins with letters, the two pieces together must not be a word of the text
 * (or the beginning of one) – unless the text has them as two words side by side.
 */
export function unhyphenatedSplits(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  for (const page of doc.pages) {
    for (const lines of elements(page).values()) {
      for (let i = 0; i + 1 < lines.length; i += 1) {
        const a = lines[i]!;
        const b = lines[i + 1]!;
        if (!consecutive(a, b)) continue;
        const end = lastWord(a);
        const start = firstWord(b);
        if (HYPHEN.test(end)) continue;
        const head = trailingLetters(end);
        const tail = leadingLetters(start);
        if (head === '' || tail === '' || !LETTER.test(head.slice(-1)) || !LETTER.test(tail[0]!)) continue;
        const joined = head + tail;
        if (!(doc.vocabulary.has(joined) || doc.vocabulary.isPrefix(joined))) continue;
        if (doc.vocabulary.hasPair(head, tail)) continue;
        findings.push({
          page: page.number,
          text: `${head}|${tail}`,
          message: `word split over two lines without a hyphen: ${quote(a.text, 50)} / ${quote(b.text, 50)} ("${joined}")`,
        });
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (a′) Words broken more than once

/**
 * No word is spread over three lines or more: a line whose only word is a hyphenated piece in the
 * middle of a word ("get-" between "Bud-" and "avvikelse") means the column is too narrow for the
 * word, hyphens or not.
 */
export function wordsBrokenTwice(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  for (const page of doc.pages) {
    for (const lines of elements(page).values()) {
      for (let i = 1; i + 1 < lines.length; i += 1) {
        const a = lines[i - 1]!;
        const mid = lines[i]!;
        const b = lines[i + 1]!;
        if (mid.words.length !== 1 || !consecutive(a, mid) || !consecutive(mid, b)) continue;
        const end = lastWord(a);
        if (!HYPHEN.test(end) || !HYPHEN.test(mid.text)) continue;
        const head = trailingLetters(end.replace(HYPHEN, ''));
        const middle = mid.text.replace(HYPHEN, '');
        const tail = leadingLetters(firstWord(b));
        if (head === '' || !/^[\p{L}\p{N}]+$/u.test(middle) || tail === '') continue;
        if (!doc.vocabulary.isPrefix(head + middle)) continue;
        const word = head + middle + tail;
        findings.push({
          page: page.number,
          text: `${head}-|${middle}-|${tail}`,
          message: `word broken over three lines or more: ${quote(`${end} / ${mid.text} / ${firstWord(b)}`)} (${quote(word)}…)`,
        });
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (c) Pages with only a heading or a caption

/**
 * No page carries only a heading, a caption or a table's head (its rows are on another page), and no
 * page holds a single short line. An empty page is reported too.
 */
export function strandedPages(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  for (const page of doc.pages) {
    const lines = page.lines;
    if (lines.length === 0 && page.figures.length === 0) {
      findings.push({ page: page.number, text: '', message: 'empty page (only the running header and footer)' });
      continue;
    }
    const text = lines.map((l) => l.text).join(' / ');
    if (page.figures.length === 0 && !lines.some(isSubstance)) {
      const what = [...new Set(lines.map((l) => (l.role === 'tableHead' ? 'table head' : l.role)))].join(' and ');
      findings.push({ page: page.number, text, message: `page carries only a ${what}: ${quote(text)}` });
    } else if (page.figures.length === 0 && lines.length === 1 && lines[0]!.text.length < SHORT_LINE) {
      findings.push({ page: page.number, text, message: `page carries a single short line: ${quote(text)}` });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (c′) Headings kept with what follows

/**
 * A heading, a caption or a table's head is never the last thing on a page: what it introduces
 * follows it on the same page.
 */
export function headingsKeptWithNext(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  doc.pages.forEach((page, index) => {
    if (index === doc.pages.length - 1 || page.lines.length === 0) return;
    const lowest = Math.max(...page.lines.map((l) => l.yMax), ...page.figures.map((f) => f.yMax));
    if (page.figures.some((f) => f.yMax >= lowest - 0.5)) return;
    // The last element on the page: the one whose line reaches lowest.
    const last = page.lines.reduce((a, b) => (b.yMax > a.yMax ? b : a));
    if (last.role !== 'heading' && last.role !== 'caption' && last.role !== 'tableHead') return;
    // A figure's caption under its chart ends the figure, not the page's flow.
    if (last.role === 'caption' && page.figures.some((f) => f.yMax <= last.yMin + 1 && last.yMin - f.yMax <= CAPTION_GAP)) return;
    const block = page.lines.filter((l) => l.element === last.element || (last.role === 'tableHead' && l.role === 'tableHead' && l.yMin >= last.yMin - 40));
    const text = block.map((l) => l.text).join(' ');
    const what = last.role === 'tableHead' ? 'table head' : last.role;
    findings.push({ page: page.number, text, message: `${what} ${quote(text)} is the last text on the page; what it introduces starts on page ${page.number + 1}` });
  });
  return findings;
}

// ---------------------------------------------------------------------------
// (c″) Table rows kept together

/** A row taller than this share of the text area may be split over pages. */
export const TALL_ROW = 0.5;

/** The lines of each table row (cells only), with their pages. */
function tableRows(doc: LayoutDoc): Map<string, Array<{ page: number; line: TextLine }>> {
  const rows = new Map<string, Array<{ page: number; line: TextLine }>>();
  for (const page of doc.pages) {
    for (const line of page.lines) {
      if (line.row === undefined || line.role !== 'cell') continue;
      rows.set(line.row, [...(rows.get(line.row) ?? []), { page: page.number, line }]);
    }
  }
  return rows;
}

/**
 * A table row of several cells is not split over two pages (print CSS: `tr { break-inside: avoid }`),
 * unless it is so tall (TALL_ROW of the text area) that it could not sit on one page. A row of one
 * cell (a comment under a table row) is prose and may break like a paragraph (see widowsAndOrphans).
 */
export function rowsKeptTogether(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const area = textArea(doc);
  for (const parts of tableRows(doc).values()) {
    const pages = [...new Set(parts.map((p) => p.page))].sort((a, b) => a - b);
    if (pages.length < 2 || new Set(parts.map((p) => p.line.cell ?? p.line.element)).size < 2) continue;
    const height = pages.reduce((h, n) => {
      const here = parts.filter((p) => p.page === n).map((p) => p.line);
      return h + Math.max(...here.map((l) => l.yMax)) - Math.min(...here.map((l) => l.yMin));
    }, 0);
    if (height > TALL_ROW * (area.bottom - area.top)) continue;
    const first = parts[0]!.line;
    const after = parts.filter((p) => p.page === pages[1]).map((p) => p.line.text);
    findings.push({
      page: pages[0]!,
      text: first.text,
      message: `table row ${quote(first.text, 50)} is split over pages ${pages.join(' and ')} (on page ${pages[1]}: ${quote(after.join(' / '), 60)})`,
    });
  }
  return findings;
}

/** Fewest lines of a broken paragraph at the foot of a page (orphans) and at the head of the next (widows). */
export const MIN_BROKEN_LINES = 2;

/**
 * A paragraph (or list item, or a one-cell table row of prose) broken over two pages leaves at
 * least MIN_BROKEN_LINES lines on each page. (The HTML's print CSS asks for 3: `orphans: 3; widows: 3`.)
 */
export function widowsAndOrphans(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const rows = tableRows(doc);
  const oneCellRows = new Set([...rows].filter(([, parts]) => new Set(parts.map((p) => p.line.cell ?? p.line.element)).size === 1).map(([row]) => row));
  const parts = new Map<string, Array<{ page: number; line: TextLine }>>();
  for (const page of doc.pages) {
    for (const line of page.lines) {
      const prose = line.role === 'body' || (line.role === 'cell' && line.row !== undefined && oneCellRows.has(line.row));
      if (!prose) continue;
      parts.set(line.element, [...(parts.get(line.element) ?? []), { page: page.number, line }]);
    }
  }
  for (const list of parts.values()) {
    const pages = [...new Set(list.map((p) => p.page))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < pages.length; i += 1) {
      const before = list.filter((p) => p.page === pages[i]).map((p) => p.line);
      const after = list.filter((p) => p.page === pages[i + 1]).map((p) => p.line);
      if (before.length >= MIN_BROKEN_LINES && after.length >= MIN_BROKEN_LINES) continue;
      const lone = before.length < MIN_BROKEN_LINES ? before[before.length - 1]! : after[0]!;
      const where = before.length < MIN_BROKEN_LINES ? `at the foot of page ${pages[i]}` : `at the head of page ${pages[i + 1]}`;
      findings.push({
        page: before.length < MIN_BROKEN_LINES ? pages[i]! : pages[i + 1]!,
        text: lone.text,
        message: `paragraph broken over pages ${pages[i]} and ${pages[i + 1]} leaves ${Math.min(before.length, after.length)} line ${where}: ${quote(lone.text, 60)}`,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (d) Underfilled pages

/** The text area: from the highest to the lowest content line on any page with a running header. */
export function textArea(doc: LayoutDoc): { top: number; bottom: number } {
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const page of doc.pages) {
    if (page.artifacts.length === 0) continue;
    for (const b of [...page.lines, ...page.figures] as Box[]) {
      top = Math.min(top, b.yMin);
      bottom = Math.max(bottom, b.yMax);
    }
  }
  return { top, bottom };
}

function startsChapter(doc: LayoutDoc, page: LayoutPage | undefined): boolean {
  if (!page) return true;
  const first = page.lines[0];
  if (!first || first.role !== 'heading') return false;
  const heading = squash(page.lines.filter((l) => l.element === first.element).map((l) => l.text).join(' '));
  return doc.chapters.some((c) => c.page === page.number && (squash(c.title).startsWith(heading) || heading.startsWith(squash(c.title))));
}

/**
 * No page is filled under MIN_FILL of its text area (measured to its lowest line or figure), except
 * the last page, a chapter's last page (the next page starts with a chapter heading: a top-level
 * entry of the outline) and the title page (a page without running header).
 */
export function underfilledPages(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const area = textArea(doc);
  const height = area.bottom - area.top;
  if (!(height > 0)) return findings;
  doc.pages.forEach((page, index) => {
    if (index === doc.pages.length - 1 || page.artifacts.length === 0) return;
    const next = doc.pages[index + 1];
    if (startsChapter(doc, next)) return;
    const boxes: Box[] = [...page.lines, ...page.figures];
    const lowest = boxes.length > 0 ? Math.max(...boxes.map((b) => b.yMax)) : area.top;
    const fill = (lowest - area.top) / height;
    if (fill >= MIN_FILL) return;
    const last = page.lines[page.lines.length - 1]?.text ?? '';
    const following = next?.lines[0]?.text ?? '';
    findings.push({
      page: page.number,
      text: last,
      message: `page filled to ${Math.round(fill * 100)} % of the text area (last line ${quote(last, 50)}); page ${page.number + 1} continues with ${quote(following, 50)}, not a new chapter`,
    });
  });
  return findings;
}

// ---------------------------------------------------------------------------
// (e) A chart's caption on the chart's page

function verticalGap(a: Box, b: Box): number {
  if (a.yMax < b.yMin) return b.yMin - a.yMax;
  if (b.yMax < a.yMin) return a.yMin - b.yMax;
  return 0;
}

function overlapsHorizontally(a: Box, b: Box): boolean {
  return a.xMin < b.xMax && b.xMin < a.xMax;
}

/**
 * Every figure caption of the HTML is printed, and on each page where its lines stand there is a
 * figure right above or below it (within CAPTION_GAP points).
 */
export function captionsWithCharts(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const wanted = new Map<string, string>(doc.figureCaptions.map((c) => [squash(c.replace(/[-\u00ad\u2010]\s+/gu, '')), c]));
  const found = new Set<string>();
  const texts = elementTexts(doc);
  for (const page of doc.pages) {
    for (const lines of elements(page).values()) {
      if (lines[0]!.role !== 'caption') continue;
      const key = squash((texts.get(lines[0]!.element) ?? '').replace(/[-\u00ad\u2010]\s+/gu, ''));
      const caption = wanted.get(key);
      if (caption === undefined) continue;
      found.add(key);
      const box: Box = {
        xMin: Math.min(...lines.map((l) => l.xMin)), xMax: Math.max(...lines.map((l) => l.xMax)),
        yMin: Math.min(...lines.map((l) => l.yMin)), yMax: Math.max(...lines.map((l) => l.yMax)),
      };
      const near = page.figures.some((f) => overlapsHorizontally(f, box) && verticalGap(f, box) <= CAPTION_GAP);
      if (near) continue;
      const where = [page.number - 1, page.number + 1].filter((n) => doc.pages[n - 1]?.figures.length);
      findings.push({
        page: page.number,
        text: caption,
        message: `figure caption ${quote(caption)} is not next to its chart on page ${page.number}`
          + (page.figures.length === 0 ? ' (no chart on the page' + (where.length > 0 ? `; charts on page ${where.join(' and ')})` : ')') : ''),
      });
    }
  }
  for (const [key, caption] of wanted) {
    if (!found.has(key)) findings.push({ page: 0, text: caption, message: `figure caption ${quote(caption)} is not printed as a caption in the PDF` });
  }
  return findings;
}

// ---------------------------------------------------------------------------
// (f) Screen-only text

/** The PDF holds no text that the HTML shows on screen only (skip link, "Skapad med rapport" …). */
export function screenOnlyText(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const targets = [...new Set([...doc.screenOnly, ...SCREEN_ONLY])].map((t) => ({ text: t, key: squash(t) })).filter((t) => t.key.length >= 4);
  for (const page of doc.pages) {
    const all = [...page.lines, ...page.artifacts].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const text = squash(all.map((l) => l.text).join(' '));
    const dehyphenated = squash(all.map((l) => l.text.replace(HYPHEN, '\u0000')).join(' ').replace(/\u0000\s*/gu, ''));
    for (const t of targets) {
      if (text.includes(t.key) || dehyphenated.includes(t.key)) {
        const line = all.find((l) => squash(l.text).includes(t.key.slice(0, 12))) ?? all.find((l) => t.key.includes(squash(l.text)));
        findings.push({ page: page.number, text: line?.text ?? t.text, message: `screen-only text in the PDF: ${quote(t.text)}` });
      }
    }
  }
  return findings;
}

/** Screen-only texts of templates/rapport.hbs that the HTML may not carry as text (CSS content, aria-label). */
export const SCREEN_ONLY = ['Hoppa till innehållet', 'Skapad med rapport'];

// ---------------------------------------------------------------------------
// Collisions: text outside the page's text area, text on text

/**
 * No text runs past the text area's right edge (where the running footer's page number ends) or
 * off the page, and no two words overlap.
 */
export function textCollisions(doc: LayoutDoc): Finding[] {
  const findings: Finding[] = [];
  const footerRight = Math.max(...doc.pages.flatMap((p) => p.artifacts.map((a) => a.xMax)));
  for (const page of doc.pages) {
    const right = Number.isFinite(footerRight) ? footerRight + 1 : page.width;
    for (const line of page.lines) {
      const out = line.words.filter((w) => w.xMax > right || w.xMin < 0 || w.yMin < 0 || w.yMax > page.height);
      if (out.length > 0) {
        findings.push({ page: page.number, text: line.text, message: `text beyond the text area (right edge ${right.toFixed(0)} pt): ${quote(out.map((w) => w.text).join(' '))} in ${quote(line.text)}` });
      }
    }
    const words = page.lines.flatMap((l) => l.words).sort((a, b) => a.yMin - b.yMin);
    for (let i = 0; i < words.length; i += 1) {
      const a = words[i]!;
      for (let j = i + 1; j < words.length && words[j]!.yMin < a.yMax; j += 1) {
        const b = words[j]!;
        const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        if (w <= 0 || h <= 0) continue;
        const smaller = Math.min((a.xMax - a.xMin) * (a.yMax - a.yMin), (b.xMax - b.xMin) * (b.yMax - b.yMin));
        if (w * h > 0.25 * smaller) findings.push({ page: page.number, text: `${a.text} ${b.text}`, message: `overlapping text: "${a.text}" and "${b.text}"` });
      }
    }
  }
  return findings;
}

export const CHECKS: Check[] = [
  { name: 'letterColumns', goal: '(a) no table cell is set letter by letter', run: letterColumns },
  { name: 'wordsBrokenTwice', goal: '(a) no word is spread over three lines or more', run: wordsBrokenTwice },
  { name: 'unhyphenatedSplits', goal: '(b) no word is split across lines without a hyphen', run: unhyphenatedSplits },
  { name: 'strandedPages', goal: '(c) no page carries only a heading or caption, or a single short line', run: strandedPages },
  { name: 'headingsKeptWithNext', goal: '(c) no heading, caption or table head ends a page', run: headingsKeptWithNext },
  { name: 'rowsKeptTogether', goal: '(c) no table row is split over two pages', run: rowsKeptTogether },
  { name: 'widowsAndOrphans', goal: `(c) a paragraph broken over pages leaves ${MIN_BROKEN_LINES} lines on each`, run: widowsAndOrphans },
  { name: 'underfilledPages', goal: `(d) no page but a chapter's last is filled under ${Math.round(MIN_FILL * 100)} %`, run: underfilledPages },
  { name: 'captionsWithCharts', goal: "(e) a chart's caption sits on the chart's page", run: captionsWithCharts },
  { name: 'screenOnlyText', goal: '(f) no screen-only text in the PDF', run: screenOnlyText },
  { name: 'textCollisions', goal: 'no text beyond the text area or on other text', run: textCollisions },
];
