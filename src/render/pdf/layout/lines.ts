/**
 * Own line breaking for inline runs: words are measured with the embedded
 * fonts and set greedily (ragged right). Only ASCII spaces are break
 * opportunities, so tokens containing NBSP (sv-SE numbers such as
 * "804 208 000") never break. A word wider than the line is hyphenated
 * (Swedish patterns, hyphenate.ts) with a visible hyphen at the line end;
 * where the word has no usable break point it is split between characters
 * as a last resort, also with a hyphen, so that nothing overflows the
 * margins. The hyphen is drawn as an artifact: a reader of the tagged text
 * gets the word whole ("Budgetavvikelse"), while the page and plain text
 * extraction show "Budget-" / "avvikelse".
 */
import { ASCENT, DESCENT, fontKeyFor, type FontKey, type FontSet } from '../base/fonts.js';
import { breakPoints } from '../base/hyphenate.js';
import type { InlineRun } from '../base/model.js';
import type { TextStyle } from '../base/style.js';
import { colors } from '../base/style.js';
import type { Tagger } from '../base/tagging.js';

export interface Piece {
  text: string;
  font: FontKey;
  size: number;
  color: string;
  width: number;
  href?: string;
  dest?: string;
  /** Drawn as an artifact (aria-hidden in the HTML). */
  hidden?: boolean;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** Width of the space preceding this word (0 at the start or after a break). */
  spaceBefore: number;
  /** A forced line break (<br>) precedes this word. */
  breakBefore: boolean;
  /** A part of a hyphenated word: the hyphen drawn after it at the line end. */
  hyphen?: Piece;
}

export interface PlacedPiece extends Piece {
  /** Offset from the line's left edge. */
  x: number;
  /**
   * A word space follows that is not part of `text` (before a piece in another
   * style, or at a line end inside a paragraph). It is drawn as a real space
   * character after the piece so that extracted and tagged text keeps its words apart.
   */
  spaceAfter?: boolean;
}

export interface Line {
  pieces: PlacedPiece[];
  /**
   * The hyphen at the end of a line that breaks inside a word (after the pieces, included in
   * `width`). Not part of the pieces: the text of the pieces is the text of the source.
   */
  hyphen?: PlacedPiece;
  width: number;
  /** Largest font size on the line. */
  size: number;
  height: number;
}

export type Align = 'left' | 'right' | 'center';

function pieceStyle(run: InlineRun, base: TextStyle): { font: FontKey; color: string } {
  const family = run.code ? 'mono' : base.family;
  const font = fontKeyFor(family, base.bold || run.bold, base.italic || run.italic);
  const color = run.color ?? (run.href || run.dest ? colors.link : base.color);
  return { font, color };
}

function isLoneSymbol(word: Word): boolean {
  const text = word.pieces.map((p) => p.text).join('');
  return /^\p{S}$/u.test(text);
}

function makeWords(runs: InlineRun[], base: TextStyle, fonts: FontSet): Word[] {
  return [...wordsOf(runs, base, fonts)];
}

/**
 * The words of the runs, in order, each given once it is complete (once the next one starts): a
 * long paragraph's words die young, as they are set, instead of all living until the last is
 * made (a 1 MB paragraph has 200 000 words, and the young-generation collector copied them all).
 */
function* wordsOf(runs: InlineRun[], base: TextStyle, fonts: FontSet): Generator<Word, void, undefined> {
  let started = 0;
  let open: Word | null = null;
  let current: Word | null = null;
  let pendingSpace = 0;
  let pendingBreak = false;
  const size = base.size;
  for (const run of runs) {
    const { font, color } = pieceStyle(run, base);
    if (run.text === '\n') {
      current = null;
      pendingSpace = 0;
      pendingBreak = true;
      continue;
    }
    const tokens = run.text.split(/( +)/);
    for (const token of tokens) {
      if (token === '') continue;
      if (token.startsWith(' ')) {
        // A lone symbol (status dot, arrow, check mark) stays with the following word.
        if (current !== null && isLoneSymbol(current)) {
          const space = fonts.width(font, size, ' ');
          current.pieces.push({ text: ' ', font, size, color, width: space, ...(run.hidden || current.pieces.every((p) => p.hidden) ? { hidden: true } : {}) });
          current.width += space;
          continue;
        }
        current = null;
        pendingSpace = Math.max(pendingSpace, fonts.width(font, size, ' '));
        continue;
      }
      if (current === null) {
        current = { pieces: [], width: 0, spaceBefore: started > 0 && !pendingBreak ? pendingSpace : 0, breakBefore: pendingBreak };
        started += 1;
        // The word before can no longer change: only `current` is ever added to.
        if (open !== null) yield open;
        open = current;
        pendingSpace = 0;
        pendingBreak = false;
      }
      for (const seg of fonts.splitByCoverage(token, font)) {
        const width = fonts.width(seg.font, size, seg.text);
        const piece: Piece = { text: seg.text, font: seg.font, size, color, width };
        if (run.href) piece.href = run.href;
        if (run.dest) piece.dest = run.dest;
        if (run.hidden) piece.hidden = true;
        current.pieces.push(piece);
        current.width += width;
      }
    }
  }
  if (open !== null) yield open;
}

/** The characters of a word with their widths, piece and UTF-16 offset. */
interface WordChar {
  ch: string;
  piece: number;
  width: number;
  offset: number;
}

function wordChars(word: Word, fonts: FontSet): WordChar[] {
  const chars: WordChar[] = [];
  let offset = 0;
  word.pieces.forEach((piece, i) => {
    for (const ch of piece.text) {
      chars.push({ ch, piece: i, width: fonts.width(piece.font, piece.size, ch), offset });
      offset += ch.length;
    }
  });
  return chars;
}

/** The hyphen for a break after a piece: same font, size and colour, never a link. */
function hyphenPiece(after: Piece, fonts: FontSet): Piece {
  return { text: '-', font: after.font, size: after.size, color: after.color, width: fonts.width(after.font, after.size, '-') };
}

/** A hyphenation point as a character index, with the width of the hyphen it needs (0: none). */
interface CharPoint {
  at: number;
  hyphen: number;
  preferred: boolean;
}

function charPoints(word: Word, chars: WordChar[], fonts: FontSet): CharPoint[] {
  const text = word.pieces.map((p) => p.text).join('');
  const out: CharPoint[] = [];
  // The points are in order of their offsets, as the characters are: one pass finds each one's character.
  let at = 0;
  for (const p of breakPoints(text)) {
    while (at < chars.length && chars[at]!.offset < p.index) at += 1;
    // Inside a surrogate pair or at the word's end: no character starts there.
    if (at === chars.length || chars[at]!.offset !== p.index || at === 0) continue;
    const before = word.pieces[chars[at - 1]!.piece]!;
    out.push({ at, hyphen: p.hyphen ? hyphenPiece(before, fonts).width : 0, preferred: p.preferred });
  }
  return out;
}

/**
 * The least width at which a word can be set on at most two lines, broken at one of its
 * hyphenation points (hyphen included): the word's minimum when words may be hyphenated. A word
 * broken twice or more ("Bud-" / "get-" / "avvikelse") reads as badly as letters in a column.
 */
function hyphenatedMinWidth(word: Word, fonts: FontSet): number {
  const chars = wordChars(word, fonts);
  const points = charPoints(word, chars, fonts);
  // Character widths summed, as splitWord measures the parts.
  const total = chars.reduce((s, c) => s + c.width, 0);
  let best = Math.max(word.width, total);
  let before = 0;
  let from = 0;
  for (const p of points) {
    for (let i = from; i < p.at; i += 1) before += chars[i]!.width;
    from = p.at;
    best = Math.min(best, Math.max(before + p.hyphen, total - before));
  }
  return best;
}

/**
 * Splits an over-wide word into parts that each fit maxWidth with their hyphen: at the furthest
 * hyphenation point that fits (a compound seam or existing hyphen when it fills the line nearly as
 * well), else between characters (at least one per part, with a hyphen).
 */
function splitWord(word: Word, maxWidth: number, fonts: FontSet): Word[] {
  const chars = wordChars(word, fonts);
  const points = charPoints(word, chars, fonts);
  const prefix = [0];
  for (const c of chars) prefix.push(prefix[prefix.length - 1]! + c.width);
  const widthOf = (from: number, to: number) => prefix[to]! - prefix[from]!;
  // With no negative width, the width from `from` grows with the point: the points that fit are
  // found among those up to the first that is too wide without its hyphen (a word of 100 000
  // characters has tens of thousands of points and a thousand lines).
  const growing = chars.every((c) => c.width >= 0);
  // Hyphen widths by piece, measured once.
  const hyphenWidths: number[] = [];
  const hyphenAfter = (piece: number) => (hyphenWidths[piece] ??= hyphenPiece(word.pieces[piece]!, fonts).width);
  const out: Word[] = [];
  let from = 0;
  let firstPoint = 0;
  while (from < chars.length) {
    if (widthOf(from, chars.length) <= maxWidth + 0.01) {
      out.push(makePart(from, chars.length, false));
      break;
    }
    while (firstPoint < points.length && points[firstPoint]!.at <= from) firstPoint += 1;
    const fitting: CharPoint[] = [];
    for (let i = growing ? firstPoint : 0; i < points.length; i += 1) {
      const p = points[i]!;
      if (growing && widthOf(from, p.at) > maxWidth + 0.01) break;
      if (p.at > from && widthOf(from, p.at) + p.hyphen <= maxWidth + 0.01) fitting.push(p);
    }
    let cut: { at: number; hyphen: boolean };
    if (fitting.length > 0) {
      const best = fitting[fitting.length - 1]!;
      // A seam when it fills the line nearly as well and leaves no more lines than the furthest point.
      const seam = [...fitting].reverse().find((p) => p.preferred);
      const restFits = (p: CharPoint) => widthOf(p.at, chars.length) <= maxWidth + 0.01;
      const chosen = seam && widthOf(from, seam.at) + seam.hyphen >= 0.6 * (widthOf(from, best.at) + best.hyphen) && (restFits(seam) || !restFits(best))
        ? seam
        : best;
      cut = { at: chosen.at, hyphen: chosen.hyphen > 0 };
    } else {
      // No hyphenation point fits: as many characters as fit with a hyphen, at least one.
      const hyphen = (i: number) => hyphenAfter(chars[i - 1]!.piece);
      let at = from + 1;
      while (at + 1 < chars.length && widthOf(from, at + 1) + hyphen(at + 1) <= maxWidth + 0.01) at += 1;
      cut = { at, hyphen: true };
    }
    out.push(makePart(from, cut.at, cut.hyphen));
    from = cut.at;
  }
  return out;

  function makePart(start: number, end: number, hyphen: boolean): Word {
    const part: Word = { pieces: [], width: 0, spaceBefore: start === 0 ? word.spaceBefore : 0, breakBefore: start === 0 ? word.breakBefore : false };
    for (let i = start; i < end; i += 1) {
      const c = chars[i]!;
      const piece = word.pieces[c.piece]!;
      const last = part.pieces[part.pieces.length - 1];
      if (last && chars[i - 1]?.piece === c.piece && i > start) {
        last.text += c.ch;
        last.width += c.width;
      } else {
        part.pieces.push({ ...piece, text: c.ch, width: c.width });
      }
      part.width += c.width;
    }
    // Placed at their shaped width (kerning included), as they are drawn: the hyphen follows without a gap.
    for (const piece of part.pieces) piece.width = fonts.width(piece.font, piece.size, piece.text);
    part.width = part.pieces.reduce((w, piece) => w + piece.width, 0);
    if (hyphen && end > start) part.hyphen = hyphenPiece(word.pieces[chars[end - 1]!.piece]!, fonts);
    return part;
  }
}

export function lineHeightOf(style: TextStyle): number {
  return style.size * style.leading;
}

/** Breaks runs into lines no wider than maxWidth (greedy, ragged right). */
export function breakLines(runs: InlineRun[], base: TextStyle, maxWidth: number, fonts: FontSet): Line[] {
  const words = wordsOf(runs, base, fonts);
  const lines: Line[] = [];
  const height = lineHeightOf(base);
  let pieces: PlacedPiece[] = [];
  let width = 0;
  /** `wordBreak`: the line ends between words (not inside a split word). */
  const pushLine = (wordBreak = true, hyphen?: Piece) => {
    const last = pieces[pieces.length - 1];
    if (wordBreak && last) last.spaceAfter = true;
    const line: Line = { pieces, width, size: base.size, height };
    if (hyphen) {
      line.hyphen = { ...hyphen, x: width };
      line.width = width + hyphen.width;
    }
    lines.push(line);
    pieces = [];
    width = 0;
  };
  // The words in order; `again` holds words put back to be taken first (last in, first out), so
  // that no step copies the whole list (a long text has hundreds of thousands of words).
  let next = words.next();
  const again: Word[] = [];
  const more = () => again.length > 0 || next.done !== true;
  const take = (): Word => {
    if (again.length > 0) return again.pop()!;
    const word = next.value as Word;
    next = words.next();
    return word;
  };
  while (more()) {
    const word = take();
    if (word.breakBefore && pieces.length > 0) pushLine();
    const space = pieces.length > 0 ? word.spaceBefore : 0;
    if (pieces.length > 0 && width + space + word.width > maxWidth + 0.01) {
      // A part of a split word (no space before it) continues the word on the next line.
      pushLine(word.spaceBefore > 0);
      again.push({ ...word, spaceBefore: 0, breakBefore: false });
      continue;
    }
    if (pieces.length === 0 && word.width > maxWidth + 0.01) {
      // Every part but the last ends its line with its hyphen; the last part goes on like a word.
      const parts = splitWord({ ...word, breakBefore: false }, maxWidth, fonts);
      if (parts.length === 1) {
        placeWord(parts[0]!, 0);
        continue;
      }
      for (const part of parts.slice(0, -1)) {
        placeWord(part, 0);
        pushLine(false, part.hyphen);
      }
      again.push({ ...parts[parts.length - 1]!, spaceBefore: 0, breakBefore: false });
      continue;
    }
    placeWord(word, space);
  }
  if (pieces.length > 0) pushLine(false);
  return lines;

  function placeWord(word: Word, space: number): void {
    let x = width + space;
    word.pieces.forEach((p, i) => {
      const last = pieces[pieces.length - 1];
      const sameStyle =
        last !== undefined && last.font === p.font && last.size === p.size && last.color === p.color &&
        last.href === p.href && last.dest === p.dest && last.hidden === p.hidden;
      if (sameStyle) {
        last.text += (i === 0 && space > 0 ? ' ' : '') + p.text;
        last.width = x + p.width - last.x;
      } else {
        if (i === 0 && space > 0 && last) last.spaceAfter = true;
        pieces.push({ ...p, x });
      }
      x += p.width;
    });
    width = x;
  }
}

export interface RunMeasure {
  /** Natural (unbroken) width of the widest forced line: the preferred width. */
  max: number;
  /** Width of the widest word: the least width at which no word is broken. */
  minWord: number;
  /** The least width at which every word fits on at most two lines, hyphenated (see hyphenatedMinWidth). */
  minHyphen: number;
}

/** Preferred and minimum widths of runs set in `base` (see RunMeasure). */
export function measureRuns(runs: InlineRun[], base: TextStyle, fonts: FontSet): RunMeasure {
  const words = makeWords(runs, base, fonts);
  let max = 0;
  let line = 0;
  let minWord = 0;
  let minHyphen = 0;
  for (const w of words) {
    if (w.breakBefore) line = 0;
    line += (line > 0 ? w.spaceBefore : 0) + w.width;
    max = Math.max(max, line);
    minWord = Math.max(minWord, w.width);
    // Only a word wider than the widest found so far can widen the hyphenated minimum.
    if (w.width > minHyphen) minHyphen = Math.max(minHyphen, hyphenatedMinWidth(w, fonts));
  }
  return { max, minWord, minHyphen };
}

export interface DrawTarget {
  doc: PDFKit.PDFDocument;
  fonts: FontSet;
  /** Tags drawn text as content of its current structure element (absent: untagged). */
  tagger?: Tagger;
}

/**
 * Draws one line with its top at y. Text is positioned on a common baseline.
 * Consecutive pieces of the same link become one link annotation covering
 * their text and, when tagged, one Link structure element holding both.
 */
export function drawLine(t: DrawTarget, line: Line, x: number, y: number, width: number, align: Align = 'left'): void {
  const offset = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
  const baseline = y + (line.height - (ASCENT + DESCENT) * line.size) / 2 + ASCENT * line.size;
  const drawPiece = (p: PlacedPiece) => {
    t.fonts.use(p.font, p.size);
    t.doc.fillColor(p.color);
    t.doc.text(p.spaceAfter ? `${p.text} ` : p.text, x + offset + p.x, baseline - ASCENT * p.size, { lineBreak: false });
  };
  const pieces = line.pieces;
  for (let i = 0; i < pieces.length; ) {
    const first = pieces[i]!;
    if (!first.href && !first.dest) {
      if (t.tagger && first.hidden) t.tagger.artifact(() => drawPiece(first));
      else if (t.tagger) t.tagger.content(() => drawPiece(first));
      else drawPiece(first);
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < pieces.length && pieces[end]!.href === first.href && pieces[end]!.dest === first.dest) end += 1;
    const group = pieces.slice(i, end);
    i = end;
    const last = group[group.length - 1]!;
    const left = x + offset + first.x;
    const linkWidth = last.x + last.width - first.x;
    const draw = () => group.forEach(drawPiece);
    const annotate = (options: Record<string, unknown>) => {
      if (first.href) t.doc.link(left, y, linkWidth, line.height, first.href, options as PDFKit.Mixins.AnnotationOption);
      else t.doc.goTo(left, y, linkWidth, line.height, first.dest!, options as PDFKit.Mixins.AnnotationOption);
    };
    const contents = group.map((p) => p.text).join('').trim();
    if (t.tagger) t.tagger.link(contents, draw, annotate);
    else {
      draw();
      annotate({});
    }
  }
  if (line.hyphen) {
    // After the word part, as an artifact: the tagged text reads the word whole ("Budgetavvikelse"),
    // plain text extraction and the page show "Budget-".
    const hyphen = line.hyphen;
    if (t.tagger) t.tagger.artifact(() => drawPiece(hyphen));
    else drawPiece(hyphen);
  }
}

export function baselineOf(line: Line, y: number): number {
  return y + (line.height - (ASCENT + DESCENT) * line.size) / 2 + ASCENT * line.size;
}
