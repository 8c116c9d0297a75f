/**
 * What the layout checks see of a PDF: per page the text lines with their boxes and the structure
 * role of each line (heading, caption, table cell …), the figures' boxes, and per document the
 * chapters (top-level outline entries), the figure captions and screen-only texts of the HTML, and
 * the vocabulary of the printed text. Built from a real PDF by extract.ts, or by hand in
 * checks.test.ts. Coordinates are PDF points with the origin at the top left of the page.
 */

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Word extends Box {
  text: string;
}

/**
 * heading: H1–H6; caption: a table's Caption or a figure's caption (figcaption); tableHead: a cell
 * in a table's header rows; cell: any other table cell; figure: text drawn inside a chart; toc: the
 * table of contents; body: everything else (paragraphs, list items …); artifact: running header
 * and footer, page numbers (not part of the document's content).
 */
export type Role = 'heading' | 'caption' | 'tableHead' | 'cell' | 'figure' | 'toc' | 'body' | 'artifact';

export interface TextLine extends Box {
  /** The line's words joined by single spaces. */
  text: string;
  words: Word[];
  role: Role;
  /** 1–6 for a heading. */
  level?: number;
  /**
   * The structure element the line belongs to (a paragraph, a table cell, a heading): the lines of
   * one element are one text, broken into lines. Lines of different elements never continue each other.
   */
  element: string;
  /** Font size in points (from the word boxes' height). */
  size: number;
  /** For a table cell: the table row (TR) and the cell (TD/TH) it stands in. */
  row?: string;
  cell?: string;
}

export interface LayoutPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  /** Content lines (no artifacts), top to bottom, then left to right. */
  lines: TextLine[];
  /** Running header and footer lines. */
  artifacts: TextLine[];
  /** Boxes of the figures (charts, images) drawn on the page. */
  figures: Box[];
}

export interface Chapter {
  title: string;
  /** 1-based page the chapter starts on. */
  page: number;
}

export interface LayoutDoc {
  /** How the document is named in messages, e.g. "examples/eskilstuna/servicenamnden-dr2-2023". */
  name: string;
  pages: LayoutPage[];
  /** Top-level entries of the PDF outline: where a chapter begins. */
  chapters: Chapter[];
  /** Texts of the figure captions (HTML figcaption) in document order. */
  figureCaptions: string[];
  /** Texts that the HTML shows on screen only and that must not reach the PDF. */
  screenOnly: string[];
  vocabulary: Vocabulary;
}

/** Letters and digits: a word's core. */
const CORE = /[\p{L}\p{N}]+/gu;

/**
 * The words of the printed text (the HTML the PDF is made from), lower-cased: which words exist,
 * which strings are pieces of a word, and which two words stand next to each other.
 */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly pairs = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly suffixes = new Set<string>();
  private readonly infixes = new Set<string>();

  constructor(text: string) {
    // Pairs within one run of text: hyphens and other punctuation between two words do not separate them.
    let previous: string | undefined;
    // A soft hyphen marks where a word may break; it is part of the word, not a gap in it.
    for (const token of text.replace(/\u00ad/gu, '').toLowerCase().split(/\s+/u)) {
      const cores = token.match(CORE) ?? [];
      if (cores.length === 0) {
        previous = undefined;
        continue;
      }
      for (const core of cores) this.add(core);
      if (previous !== undefined) this.pairs.add(`${previous} ${cores[0]}`);
      previous = cores[cores.length - 1];
      if (/[.!?:;]$/u.test(token)) previous = undefined;
    }
  }

  private add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    const chars = [...word];
    for (let i = 1; i < chars.length; i += 1) {
      this.prefixes.add(chars.slice(0, i).join(''));
      this.suffixes.add(chars.slice(i).join(''));
    }
    // Pieces inside a word, up to 8 characters (enough for letter columns).
    for (let i = 1; i < chars.length - 1; i += 1) {
      for (let n = 1; n <= 8 && i + n < chars.length; n += 1) this.infixes.add(chars.slice(i, i + n).join(''));
    }
  }

  get size(): number {
    return this.words.size;
  }

  has(word: string): boolean {
    return this.words.has(word.toLowerCase());
  }

  /** The two words stand next to each other somewhere in the text ("med arbetare"). */
  hasPair(a: string, b: string): boolean {
    return this.pairs.has(`${a.toLowerCase()} ${b.toLowerCase()}`);
  }

  /** `piece` is a word, or the beginning, end or middle of a longer word. */
  isPieceOfWord(piece: string): boolean {
    const p = piece.toLowerCase();
    return this.words.has(p) || this.prefixes.has(p) || this.suffixes.has(p) || this.infixes.has(p);
  }

  /** `piece` is the beginning of a longer word. */
  isPrefix(piece: string): boolean {
    return this.prefixes.has(piece.toLowerCase());
  }
}

/** Whitespace and soft hyphens removed, NFC: for comparing texts however they were broken into lines. */
export function squash(text: string): string {
  return text.normalize('NFC').replace(/[\s\u00ad]+/gu, '');
}
