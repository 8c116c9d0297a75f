/**
 * Embedded TrueType fonts (DejaVu from the dejavu-fonts-ttf package), their
 * registration with a pdfkit document, glyph fallback and cached text measuring.
 * Standard-14 fonts are never used: they lack U+2212 and other glyphs we need.
 */
import { readFileSync } from 'node:fs';
import type * as Fontkit from 'fontkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontFamily, TextStyle } from './style.js';

export type FontKey =
  | 'sans' | 'sans-bold' | 'sans-italic' | 'sans-bolditalic'
  | 'condensed' | 'condensed-bold' | 'condensed-italic' | 'condensed-bolditalic'
  | 'mono' | 'mono-bold' | 'mono-italic' | 'mono-bolditalic';

const FILES: Record<FontKey, string> = {
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-italic': 'DejaVuSans-Oblique.ttf',
  'sans-bolditalic': 'DejaVuSans-BoldOblique.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  'condensed-bold': 'DejaVuSansCondensed-Bold.ttf',
  'condensed-italic': 'DejaVuSansCondensed-Oblique.ttf',
  'condensed-bolditalic': 'DejaVuSansCondensed-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
  'mono-bold': 'DejaVuSansMono-Bold.ttf',
  'mono-italic': 'DejaVuSansMono-Oblique.ttf',
  'mono-bolditalic': 'DejaVuSansMono-BoldOblique.ttf',
};

export const FALLBACK_FONT: FontKey = 'sans';

/** Vertical metrics shared by all DejaVu Sans faces (per 1 pt of font size). */
export const ASCENT = 0.928;
export const DESCENT = 0.236;

let fontDir: string | undefined;
const fontData = new Map<FontKey, Buffer>();
let fontkitModule: typeof Fontkit | undefined;

/**
 * fontkit, loaded when a face is first parsed: the glyph check of kommun.yaml runs in `check` too, and
 * loading fontkit costs more than a check of printable text. Its CommonJS build, the one pdfkit uses.
 */
function fontkit(): typeof Fontkit {
  fontkitModule ??= createRequire(import.meta.url)('fontkit') as typeof Fontkit;
  return fontkitModule;
}

function resolveFontDir(): string {
  if (fontDir === undefined) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('dejavu-fonts-ttf/package.json');
    fontDir = join(dirname(pkg), 'ttf');
  }
  return fontDir;
}

export function fontPath(key: FontKey): string {
  return join(resolveFontDir(), FILES[key]);
}

function fontBuffer(key: FontKey): Buffer {
  let data = fontData.get(key);
  if (data === undefined) {
    data = readFileSync(fontPath(key));
    fontData.set(key, data);
  }
  return data;
}

export function fontKeyFor(family: FontFamily, bold: boolean, italic: boolean): FontKey {
  const face = bold && italic ? '-bolditalic' : bold ? '-bold' : italic ? '-italic' : '';
  return `${family}${face}` as FontKey;
}

export function fontKeyOf(style: Pick<TextStyle, 'family' | 'bold' | 'italic'>): FontKey {
  return fontKeyFor(style.family, style.bold, style.italic);
}

/** pdfkit's embedded font (one per face and document): `encode` gives the subset's glyph ids as hex. */
interface EncodingFont {
  font: FontkitFont;
  encode: (text: string, features?: unknown) => [string[], unknown[]];
}

/** The subset of fontkit's font object that we use. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number; path: { commands: unknown[] } };
  layout(text: string): unknown;
}

/**
 * Parsed fontkit fonts shared by all documents of the process: parsing the
 * glyph and layout tables dominates render time otherwise. pdfkit accepts a
 * fontkit font as font source and creates a fresh subset per document.
 */
const parsedFonts = new Map<FontKey, FontkitFont>();

/**
 * pdfkit shapes every word with fontkit (GSUB/GPOS lookups) and caches the result per document, so
 * each of the two layout passes, and each report of a process, shaped the same words again (a third
 * of a cold build). A shaped word depends only on the parsed font and the text, and pdfkit does not
 * change a cached run, so one cache per parsed font serves every document.
 */
let sharedLayoutCaches = new WeakMap<object, Record<string, unknown>>();
/** Documents made since the shared shaping caches were last dropped (bounds a long `watch`). */
let documentsSinceReset = 0;
const DOCUMENTS_PER_RESET = 50;

/**
 * Text widths per 1 pt of font size, by face and text: identical for every document, so shared by
 * both layout passes and every report of the process. Bounded: cleared when it grows past the limit.
 */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 200_000;

/**
 * fontkit caches a glyph object per glyph id with the characters it was first made for. A glyph
 * first reached as a component of a composite glyph (or through a substitution) is cached with no
 * characters, and pdfkit's ToUnicode map then has no text for it: "m²" is extracted as "m " and a
 * screen reader says nothing. Worse, it depends on which documents the shared font served before.
 * So the characters of a later lookup fill in a glyph that has none.
 */
function keepCodePoints(font: FontkitFont): FontkitFont {
  const f = font as unknown as { getGlyph: (id: number, characters?: number[]) => { codePoints: number[] }; __keepsCodePoints?: boolean };
  if (f.__keepsCodePoints) return font;
  const getGlyph = f.getGlyph.bind(f);
  f.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (characters.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = characters;
    return glyph;
  };
  f.__keepsCodePoints = true;
  return font;
}

function shareLayoutCache(embedded: { font: FontkitFont; layoutCache?: Record<string, unknown> }): void {
  if (embedded.layoutCache === undefined) return;
  let shared = sharedLayoutCaches.get(embedded.font);
  if (shared === undefined) {
    shared = embedded.layoutCache;
    sharedLayoutCaches.set(embedded.font, shared);
  }
  embedded.layoutCache = shared;
}

/**
 * The parsed face, shared by every document of the process (and by the glyph check before the
 * PDF): pdfkit accepts a fontkit font as font source and makes a fresh subset per document.
 */
export function parsedFont(key: FontKey): FontkitFont {
  let font = parsedFonts.get(key);
  if (font === undefined) {
    font = keepCodePoints(fontkit().create(fontBuffer(key)) as unknown as FontkitFont);
    parsedFonts.set(key, font);
  }
  return font;
}

/**
 * Text that every face draws without a look at the font: printable ASCII, Latin-1 and Latin
 * Extended-A (Swedish, Finnish, Meänkieli and most Sami letters). DejaVu Sans Mono lacks some of
 * Latin Extended-B (Skolt Sami Ǥ ǥ, the digraphs Ǆ … ǌ), so that range goes through the font.
 */
const EVERY_FACE = /^[\u0020-\u007e\u00a0-\u017f]*$/;

/**
 * Printed text that DejaVu Sans draws (the fallback of every face): EVERY_FACE, the general
 * punctuation (dashes, quotes, bullet, ellipsis, per mille), € and the minus sign, and the ASCII
 * whitespace that the layout collapses. Such text needs no look at the font, so `check` of a
 * kommun.yaml in ordinary Swedish does not load fontkit.
 */
const COMMON_TEXT = /^[\u0020-\u007e\u00a0-\u017f\u2010-\u2027\u2030-\u205e\u20ac\u2212\t\n\r\f]*$/;

/**
 * Default-ignorable code points as fontkit 2.0.4 has them (LayoutEngine.isDefaultIgnorable): soft
 * hyphen, zero-width space and joiners, direction marks, word joiner, variation selectors, U+FEFF, tags.
 * fontkit draws them as nothing (a space glyph without advance) in every face, with a glyph or not.
 */
const DEFAULT_IGNORABLE =
  /^[\u00ad\u034f\u061c\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff0-\ufff8\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]$/u;

export function isDefaultIgnorable(ch: string): boolean {
  return DEFAULT_IGNORABLE.test(ch);
}

/** Verdicts of canDraw for characters outside COMMON_TEXT (few distinct ones per text). */
const drawable = new Map<number, boolean>();

/**
 * Can the PDF draw this character? Every face falls back to DejaVu Sans for what it lacks, so a
 * character is drawn when DejaVu Sans has a glyph for it, when fontkit draws it as nothing (default
 * ignorable) or when the layout collapses it (ASCII whitespace). Everything else, whitespace such
 * as U+3000 included, would be an empty box (.notdef). So would a character whose glyph is empty
 * and without width (blankGlyph: U+2028, U+2029, U+FFF9–U+FFFC) vanish from the PDF: not drawable.
 */
export function canDraw(ch: string): boolean {
  if (COMMON_TEXT.test(ch) || isDefaultIgnorable(ch)) return true;
  const cp = ch.codePointAt(0) ?? 0;
  // A lone surrogate is no character: no face has a glyph for it.
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  let verdict = drawable.get(cp);
  if (verdict === undefined) {
    verdict = parsedFont(FALLBACK_FONT).hasGlyphForCodePoint(cp) && !blankGlyph(ch);
    drawable.set(cp, verdict);
  }
  return verdict;
}

/**
 * Does DejaVu Sans draw this (not default-ignorable) character as nothing: an empty glyph without
 * width? In DejaVu Sans U+2028 and U+2029 (line and paragraph separator, a line break in HTML) and
 * U+FFF9–U+FFFC (annotation anchors, object replacement) are.
 */
export function blankGlyph(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  const font = parsedFont(FALLBACK_FONT);
  if (isDefaultIgnorable(ch) || !font.hasGlyphForCodePoint(cp)) return false;
  const glyph = font.glyphForCodePoint(cp);
  return glyph.advanceWidth === 0 && glyph.path.commands.length === 0;
}

/** A character outside COMMON_TEXT (a lone surrogate too: the flag u matches it on its own). */
const UNCOMMON_CHARACTER = /[^\u0020-\u007e\u00a0-\u017f\u2010-\u2027\u2030-\u205e\u20ac\u2212\t\n\r\f]/gu;

/** The distinct characters of a text that the PDF cannot draw, in order of appearance. */
export function undrawable(text: string): string[] {
  if (COMMON_TEXT.test(text)) return [];
  const out = new Set<string>();
  // Only characters outside COMMON_TEXT can be undrawable: the regular expression skips the rest
  // (a report's text is almost all of it) instead of asking canDraw about every character.
  for (const [ch] of text.matchAll(UNCOMMON_CHARACTER)) if (!out.has(ch) && !canDraw(ch)) out.add(ch);
  return [...out];
}

/** Font source for pdfkit (typed as pdfkit's Buffer source; a fontkit font is accepted as well). */
export function fontSource(key: FontKey): Buffer {
  return parsedFont(key) as unknown as Buffer;
}

/** The subset of pdfkit's document API used for measuring. */
export interface MeasuringDoc {
  font(name: string): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string): number;
}

/**
 * Per-render font helper: registers the faces with the document (each face is
 * embedded only if used, subset deterministically by pdfkit) and measures text.
 * Measurements are cached; they are identical for every document.
 */
export class FontSet {
  private readonly coverage = new Map<FontKey, FontkitFont>();
  /**
   * Characters that pdfkit encoded as glyph 0 (.notdef, an empty box) in this document. The glyph
   * checks before rendering keep them out; anything that still gets here stops the PDF (renderPdf).
   */
  readonly notdef = new Set<string>();
  private readonly watched = new WeakSet<object>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
  ) {
    // The shaping caches only grow; every 50 documents they start afresh (a corpus of 20 reports
    // keeps them, a watch session running all day does not grow without bound).
    documentsSinceReset += 1;
    if (documentsSinceReset > DOCUMENTS_PER_RESET) {
      sharedLayoutCaches = new WeakMap();
      documentsSinceReset = 1;
    }
    for (const key of Object.keys(FILES) as FontKey[]) {
      doc.registerFont(key, fontSource(key));
    }
    // pdfkit names each face (/F1, /F2 …) when it is first selected. Measuring selects a face only
    // when a width is not yet cached, so the names would follow what earlier documents of the
    // process measured; selecting every face now, in a fixed order, keeps them the same. A face is
    // embedded only if text is drawn in it.
    for (const key of Object.keys(FILES) as FontKey[]) this.select(key);
    this.select(FALLBACK_FONT);
  }

  /** Selects a face and size on the document (for drawing). */
  use(key: FontKey, size: number): void {
    this.select(key);
    this.doc.fontSize(size);
  }

  width(key: FontKey, size: number, text: string): number {
    if (text === '') return 0;
    const cacheKey = `${key}\u0000${text}`;
    let perPoint = widthCache.get(cacheKey);
    if (perPoint === undefined) {
      this.select(key);
      this.doc.fontSize(1000);
      perPoint = this.measure(text) / 1000;
      if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
      widthCache.set(cacheKey, perPoint);
    }
    return perPoint * size;
  }

  /**
   * Width at 1000 pt. pdfkit shapes drawn text word by word, each word with the space after it
   * ("ord "), and caches the result; a word measured alone would be shaped a second time when
   * drawn. So a word is measured with its space, less the space: the DejaVu faces kern nothing
   * against a space (only the soft hyphen, U+00AD, differs, and is measured as it is).
   */
  private measure(text: string): number {
    if (/[ \t\u00ad]/.test(text)) return this.doc.widthOfString(text);
    return this.doc.widthOfString(`${text} `) - this.doc.widthOfString(' ');
  }

  /** Selects a face and remembers its parsed font for later documents. */
  private select(key: FontKey): FontkitFont {
    this.doc.font(key);
    const d = this.doc as unknown as { _font: { font: FontkitFont; layoutCache?: Record<string, unknown> }; _fontFamilies: Record<string, unknown> };
    // The document's default face is DejaVuSans, opened from its bytes and known to pdfkit only by its
    // PostScript name. pdfkit then never remembers "sans" itself: every font("sans") opened the face
    // anew and compared the name tables (2 of the 4 seconds of a cold build). Remember it.
    if (d._fontFamilies[key] === undefined) d._fontFamilies[key] = d._font;
    shareLayoutCache(d._font);
    this.watch(d._font as unknown as EncodingFont);
    return d._font.font;
  }

  /**
   * Records every character that the face encodes as glyph 0. pdfkit writes what `encode` returns
   * into the content stream; every subset maps glyph 0 to 0. Text drawn by svg-to-pdfkit selects the
   * same registered faces and is watched as well.
   */
  private watch(embedded: EncodingFont): void {
    if (this.watched.has(embedded) || typeof embedded.encode !== 'function') return;
    this.watched.add(embedded);
    const encode = embedded.encode.bind(embedded);
    embedded.encode = (text, features) => {
      const result = encode(text, features);
      if (result[0].includes('0000')) {
        const before = this.notdef.size;
        for (const ch of text) {
          const cp = ch.codePointAt(0) ?? 0;
          if (!isDefaultIgnorable(ch) && (cp >= 0xd800 && cp <= 0xdfff || !embedded.font.hasGlyphForCodePoint(cp))) this.notdef.add(ch);
        }
        if (this.notdef.size === before) this.notdef.add(text);
      }
      return result;
    };
  }

  private fontkit(key: FontKey): FontkitFont {
    let font = this.coverage.get(key);
    if (font === undefined) {
      font = this.select(key);
      this.coverage.set(key, font);
    }
    return font;
  }

  /**
   * Splits text into runs that the given face can render; code points missing
   * from it are set in the fallback face (DejaVuSans).
   */
  splitByCoverage(text: string, key: FontKey): Array<{ text: string; font: FontKey }> {
    if (key === FALLBACK_FONT || EVERY_FACE.test(text)) return [{ text, font: key }];
    const font = this.fontkit(key);
    const out: Array<{ text: string; font: FontKey }> = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      const target = font.hasGlyphForCodePoint(cp) ? key : FALLBACK_FONT;
      const last = out[out.length - 1];
      if (last !== undefined && last.font === target) last.text += ch;
      else out.push({ text: ch, font: target });
    }
    return out;
  }
}
