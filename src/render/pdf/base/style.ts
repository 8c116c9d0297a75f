/**
 * All visual constants of the PDF renderer in one place (page geometry,
 * typefaces, sizes, colours, spacing). A later theme can replace this object
 * wholesale; the layout code only reads from it.
 */

import { coverColours, type Theme } from '../../../theme/theme.js';

/** 1 mm in PDF points. */
export const MM = 72 / 25.4;

export type FontFamily = 'sans' | 'condensed' | 'mono';

export interface TextStyle {
  family: FontFamily;
  size: number;
  bold: boolean;
  italic: boolean;
  color: string;
  /** Line height as a multiple of the font size. */
  leading: number;
}

export interface BlockSpacing {
  before: number;
  after: number;
}

/** What a theme can set in the PDF; the rest of the style follows from it. */
export interface PdfTheme {
  colors: {
    text: string;
    heading: string;
    muted: string;
    link: string;
    rule: string;
    ruleStrong: string;
    accent: string;
    kommentarRule: string;
    tableHeaderFill: string;
    tableGroupFill: string;
    /** The title page's coloured field and the text set in it. */
    cover: string;
    coverText: string;
  };
  /** Body text size in points; every other size scales with it. */
  bodySize: number;
  tableFamily: FontFamily;
  marginsMm: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_PDF_THEME: PdfTheme = {
  colors: {
    text: '#1b1b1b',
    heading: '#173a5e',
    muted: '#5c5c5c',
    link: '#1f5a96',
    rule: '#c9ced4',
    ruleStrong: '#4b5560',
    accent: '#2f6b9a',
    kommentarRule: '#9db7cf',
    tableHeaderFill: '#e9eef3',
    tableGroupFill: '#f5f7f9',
    cover: '#173a5e',
    coverText: '#ffffff',
  },
  bodySize: 9.8,
  tableFamily: 'condensed',
  marginsMm: { top: 26, right: 24, bottom: 24, left: 24 },
};

function buildStyle(t: PdfTheme) {
  /** Sizes are designed for a 9.8 pt body and scale with the theme's body size. */
  const z = (size: number) => Math.round((size * t.bodySize * 100) / 9.8) / 100;
  const page = {
    size: 'A4' as const,
    width: 595.28,
    height: 841.89,
    margins: { top: t.marginsMm.top * MM, bottom: t.marginsMm.bottom * MM, left: t.marginsMm.left * MM, right: t.marginsMm.right * MM },
    /** Top of the running header text, from the page top. */
    headerY: 12 * MM,
    /** Top of the running footer text, from the page top. */
    footerY: 841.89 - 15 * MM,
  };

  const colors = { ...t.colors };

  const body: TextStyle = { family: 'sans', size: t.bodySize, bold: false, italic: false, color: colors.text, leading: 1.38 };

  const text = {
    body,
    small: { ...body, size: z(8.3), color: colors.muted, leading: 1.35 } satisfies TextStyle,
    kommentarRubrik: { ...body, size: z(8.8), bold: true, color: colors.heading, leading: 1.3 } satisfies TextStyle,
    figcaption: { ...body, size: z(8.3), italic: true, color: colors.muted, leading: 1.35 } satisfies TextStyle,
    blockquote: { ...body, italic: true, color: colors.text } satisfies TextStyle,
    headings: {
      1: { ...body, size: z(17), bold: true, color: colors.heading, leading: 1.2 },
      2: { ...body, size: z(13.5), bold: true, color: colors.heading, leading: 1.22 },
      3: { ...body, size: z(11.2), bold: true, color: colors.heading, leading: 1.25 },
      4: { ...body, size: z(10), bold: true, color: colors.text, leading: 1.3 },
    } satisfies Record<1 | 2 | 3 | 4, TextStyle>,
    runningHeader: { ...body, size: z(7.5), color: colors.muted, leading: 1.2 } satisfies TextStyle,
    runningFooter: { ...body, size: z(7.5), color: colors.muted, leading: 1.2 } satisfies TextStyle,
    toc: {
      level1: { ...body, size: z(10), bold: true, leading: 1.35 } satisfies TextStyle,
      other: { ...body, size: z(9.6), leading: 1.35 } satisfies TextStyle,
    },
    titlePage: {
      h1: { ...body, size: z(26), bold: true, color: colors.heading, leading: 1.15 } satisfies TextStyle,
      h2: { ...body, size: z(16), color: colors.heading, leading: 1.25 } satisfies TextStyle,
      h3: { ...body, size: z(13), color: colors.text, leading: 1.3 } satisfies TextStyle,
      body: { ...body, size: z(12), leading: 1.4 } satisfies TextStyle,
      small: { ...body, size: z(9.5), color: colors.muted, leading: 1.4 } satisfies TextStyle,
    },
  };

  const spacing = {
    paragraph: { before: 0, after: 6.5 } satisfies BlockSpacing,
    small: { before: 0, after: 5 } satisfies BlockSpacing,
    kommentarRubrik: { before: 2, after: 2 } satisfies BlockSpacing,
    headings: {
      1: { before: 22, after: 9 },
      2: { before: 17, after: 6 },
      3: { before: 13, after: 4.5 },
      4: { before: 10, after: 3 },
    } satisfies Record<1 | 2 | 3 | 4, BlockSpacing>,
    list: { before: 0, after: 6.5 } satisfies BlockSpacing,
    listItem: { before: 0, after: 2 } satisfies BlockSpacing,
    /** Indentation of a list level (marker column included). */
    listIndent: 16,
    listMarkerGap: 5,
    blockquote: { before: 4, after: 9, indent: 18 },
    kommentar: { before: 6, after: 10, indent: 11, ruleWidth: 2.2, padY: 2 },
    rule: { before: 8, after: 10, width: 0.6 },
    table: { before: 8, after: 12 },
    toc: { level1Before: 5, indent: 16, numberWidth: 26, dotPitch: 4.2, lineGap: 1 },
    /** Minimum lines of a paragraph kept together at a page bottom/top. */
    orphans: 2,
    widows: 2,
    /** Lines of the following block that must fit below a heading. */
    keepWithNextLines: 3,
  };

  const table = {
    text: { family: t.tableFamily, size: z(8.6), bold: false, italic: false, color: colors.text, leading: 1.3 } satisfies TextStyle,
    caption: { ...body, size: z(9.4), bold: true, color: colors.text, leading: 1.3 } satisfies TextStyle,
    captionNote: { ...body, size: z(8), bold: false, color: colors.muted, leading: 1.3 } satisfies TextStyle,
    continued: { ...body, size: z(7.8), italic: true, color: colors.muted, leading: 1.3 } satisfies TextStyle,
    padX: 4.5,
    /** Extra width given to numeric columns when the table has room. */
    numericAir: 8,
    padY: 3.4,
    paragraphGap: 3.5,
    captionGap: 4,
    ruleWidth: 0.4,
    headerRuleWidth: 0.8,
    summaRuleWidth: 0.8,
    /** A body row is split across pages only if at least this many lines fit. */
    minLinesBeforeSplit: 2,
  };

  const runningHeaderRule = { width: 0.4, color: colors.rule };

  const titlePage = {
    /** Fraction of the free vertical space placed above the title block. */
    verticalBias: 0.36,
    accentBar: { width: 46, height: 4, gapBelow: 16, color: colors.accent },
  };
  return { page, colors, text, spacing, table, runningHeaderRule, titlePage };
}

const built = buildStyle(DEFAULT_PDF_THEME);
export const page = built.page;
export const colors = built.colors;
export const text = built.text;
export const spacing = built.spacing;
export const table = built.table;
export const runningHeaderRule = built.runningHeaderRule;
export const titlePage = built.titlePage;

/**
 * Install a theme before a render: the layout modules read these shared style objects, and renders
 * in one process run one after another, so every render installs its own theme (or the default).
 */
export function installTheme(t: PdfTheme = DEFAULT_PDF_THEME): void {
  const b = buildStyle(t);
  Object.assign(page, b.page);
  Object.assign(colors, b.colors);
  Object.assign(text, b.text);
  Object.assign(spacing, b.spacing);
  Object.assign(table, b.table);
  Object.assign(runningHeaderRule, b.runningHeaderRule);
  Object.assign(titlePage, b.titlePage);
}

export const metadata = {
  producer: 'rapport',
  creator: 'rapport',
  lang: 'sv-SE',
};

/** The PDF renderer's view of the theme. */
export function pdfTheme(theme: Theme): PdfTheme {
  const f = theme.färger;
  const m = theme.sida.marginaler;
  return {
    colors: {
      text: f.text,
      heading: f.rubrik,
      muted: f.dämpad,
      link: f.länk,
      rule: f.linje,
      ruleStrong: f.linje_stark,
      accent: f.accent,
      kommentarRule: f.kommentarlinje,
      cover: coverColours(theme).fill,
      coverText: coverColours(theme).text,
      tableHeaderFill: f.tabellhuvud,
      tableGroupFill: f.tabellgrupp,
    },
    bodySize: theme.typsnitt.storlek,
    tableFamily: theme.typsnitt.tabell === 'DejaVu Sans Condensed' ? 'condensed' : 'sans',
    marginsMm: { top: m.topp, right: m.höger, bottom: m.botten, left: m.vänster },
  };
}
