/**
 * Own line breaking for inline runs: words are measured with the embedded
 * fonts and set greedily (ragged right). Only ASCII spaces are break
 * opportunities, so tokens containing NBSP (sv-SE numbers such as
 * "804 208 000") never break. Words wider than the line are split by
 * characters as a last resort so that nothing overflows the margins.
 */
import { ASCENT, DESCENT, fontKeyFor, type FontKey, type FontSet } from '../fonts.js';
import type { InlineRun } from '../model.js';
import type { TextStyle } from '../style.js';
import { colors } from '../style.js';
import type { Tagger } from '../tagging.js';

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
  const words: Word[] = [];
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
        current = { pieces: [], width: 0, spaceBefore: words.length > 0 && !pendingBreak ? pendingSpace : 0, breakBefore: pendingBreak };
        words.push(current);
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
  return words;
}

/** Splits an over-wide word into chunks that each fit maxWidth (at least one character each). */
function splitWord(word: Word, maxWidth: number, fonts: FontSet): Word[] {
  const out: Word[] = [];
  let cur: Word = { pieces: [], width: 0, spaceBefore: word.spaceBefore, breakBefore: word.breakBefore };
  for (const piece of word.pieces) {
    for (const ch of piece.text) {
      const w = fonts.width(piece.font, piece.size, ch);
      if (cur.width + w > maxWidth && cur.width > 0) {
        out.push(cur);
        cur = { pieces: [], width: 0, spaceBefore: 0, breakBefore: false };
      }
      const last = cur.pieces[cur.pieces.length - 1];
      if (last && last.font === piece.font && last.color === piece.color && last.href === piece.href && last.dest === piece.dest) {
        last.text += ch;
        last.width += w;
      } else {
        cur.pieces.push({ ...piece, text: ch, width: w });
      }
      cur.width += w;
    }
  }
  if (cur.pieces.length > 0) out.push(cur);
  return out;
}

export function lineHeightOf(style: TextStyle): number {
  return style.size * style.leading;
}

/** Breaks runs into lines no wider than maxWidth (greedy, ragged right). */
export function breakLines(runs: InlineRun[], base: TextStyle, maxWidth: number, fonts: FontSet): Line[] {
  const words = makeWords(runs, base, fonts);
  const lines: Line[] = [];
  const height = lineHeightOf(base);
  let pieces: PlacedPiece[] = [];
  let width = 0;
  /** `wordBreak`: the line ends between words (not inside a split word). */
  const pushLine = (wordBreak = true) => {
    const last = pieces[pieces.length - 1];
    if (wordBreak && last) last.spaceAfter = true;
    lines.push({ pieces, width, size: base.size, height });
    pieces = [];
    width = 0;
  };
  // The words in order; `again` holds words put back to be taken first (last in, first out), so
  // that no step copies the whole list (a long text has hundreds of thousands of words).
  let nextIndex = 0;
  const again: Word[] = [];
  const more = () => again.length > 0 || nextIndex < words.length;
  const take = (): Word => (again.length > 0 ? again.pop()! : words[nextIndex++]!);
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
      const parts = splitWord({ ...word, breakBefore: false }, maxWidth, fonts).map((p) => ({ ...p, spaceBefore: 0, breakBefore: false }));
      for (let k = parts.length - 1; k >= 1; k--) again.push(parts[k]!);
      placeWord(parts[0]!, 0);
      if (more() && parts.length > 1) pushLine(false);
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

/** Natural (unbroken) width of the widest forced line, and width of the widest word. */
export function measureRuns(runs: InlineRun[], base: TextStyle, fonts: FontSet): { max: number; minWord: number } {
  const words = makeWords(runs, base, fonts);
  let max = 0;
  let line = 0;
  let minWord = 0;
  for (const w of words) {
    if (w.breakBefore) line = 0;
    line += (line > 0 ? w.spaceBefore : 0) + w.width;
    max = Math.max(max, line);
    minWord = Math.max(minWord, w.width);
  }
  return { max, minWord };
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
}

export function baselineOf(line: Line, y: number): number {
  return y + (line.height - (ASCENT + DESCENT) * line.size) / 2 + ASCENT * line.size;
}
