/**
 * The block model the HTML is reduced to before layout. It is deliberately
 * small: exactly what the report templates produce (see dom.ts).
 */

export interface InlineRun {
  /** Text with HTML whitespace already collapsed; '\n' alone marks a <br>. */
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
  /** Fill colour '#rrggbb' from style="color:…". */
  color?: string;
  /** External link (http/https/mailto). */
  href?: string;
  /** Internal link to a named destination (an element id). */
  dest?: string;
  /** aria-hidden="true": drawn, but an artifact for assistive technology (a status symbol beside its text). */
  hidden?: boolean;
}

export type ParagraphVariant = 'body' | 'liten' | 'kommentar-rubrik' | 'figcaption';

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface ParagraphBlock {
  kind: 'paragraph';
  variant: ParagraphVariant;
  runs: InlineRun[];
  ids: string[];
}

export interface HeadingBlock {
  kind: 'heading';
  level: HeadingLevel;
  runs: InlineRun[];
  ids: string[];
}

export interface ListItem {
  blocks: Block[];
  ids: string[];
}

export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  start: number;
  items: ListItem[];
  ids: string[];
}

export interface ContainerBlock {
  kind: 'blockquote' | 'kommentar' | 'titlePage';
  blocks: Block[];
  ids: string[];
}

export interface RuleBlock {
  kind: 'rule';
  ids: string[];
}

export interface PageBreakBlock {
  kind: 'pageBreak';
  ids: string[];
}

/** Ids of elements that produced no content of their own (e.g. <section id>). */
export interface AnchorBlock {
  kind: 'anchor';
  ids: string[];
}

export interface TocEntry {
  level: number;
  runs: InlineRun[];
  /** Target id (without '#'), if the entry links somewhere. */
  target?: string;
}

export interface TocBlock {
  kind: 'toc';
  /** Content of the nav other than the entry list (normally its h2). */
  blocks: Block[];
  entries: TocEntry[];
  ids: string[];
}

export type RowVariant = 'normal' | 'summa' | 'delsumma' | 'grupp';

/** HTML scope of a header cell (th scope="…"). */
export type HeaderScope = 'col' | 'row' | 'colgroup' | 'rowgroup';

export interface TableCell {
  /** A header-row cell (th in thead): set bold and centred/aligned like a header. */
  header: boolean;
  /** The element the cell came from: th cells are tagged TH (with a scope), td cells TD. */
  tag: 'th' | 'td';
  /** Explicit scope attribute of a th, if any (default: col in thead, row in tbody). */
  scope?: HeaderScope;
  num: boolean;
  colspan: number;
  /** Cell text as paragraphs (block children are flattened to paragraphs). */
  paragraphs: InlineRun[][];
}

export interface TableRow {
  variant: RowVariant;
  cells: TableCell[];
  /** Stays on its page with the start of the next row: a status row with the comment row under it (tr.kommentarrad). */
  keepWithNext?: boolean;
}

export interface TableBlock {
  kind: 'table';
  caption: InlineRun[] | null;
  /** `caption class="enhet"`: a note (unit, source) under a heading that already names the table. */
  captionIsNote: boolean;
  head: TableRow[];
  body: TableRow[];
  ids: string[];
}

/** An image from an <img> with a data: URI (the theme's logo). Empty alt = decoration. */
export interface ImageBlock {
  kind: 'image';
  data: Buffer;
  mimeType: 'image/png' | 'image/svg+xml';
  alt: string;
  /** Width in points; the height follows the image's aspect ratio. */
  width: number;
  ids: string[];
}

export type Block =
  | ImageBlock
  | ParagraphBlock
  | HeadingBlock
  | ListBlock
  | ContainerBlock
  | RuleBlock
  | PageBreakBlock
  | AnchorBlock
  | TocBlock
  | TableBlock;

export function plainText(runs: InlineRun[]): string {
  return runs.map((r) => (r.text === '\n' ? ' ' : r.text)).join('').replace(/ +/g, ' ').trim();
}
