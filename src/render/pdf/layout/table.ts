/**
 * Our own table layout (pdfkit's doc.table never splits rows nor repeats
 * headers):
 *  - column widths as a browser sets an auto table: per column a preferred
 *    width (its content on one line) and minimum widths; the space left
 *    above the minimums goes to the columns that need lines (see
 *    `computeLayout`): short columns ("Minst 90", "Når målet") are set on one
 *    line while long free text takes the squeeze, figures never wrap, words
 *    are hyphenated (Swedish patterns) only when whole words do not fit;
 *  - a table that does not fit even so is set a step or two smaller, and as a
 *    last resort as stacked rows (each row a record of "Rubrik: värde" lines),
 *    never as columns of single letters;
 *  - header rows (thead) repeated on every page the table spans, with a
 *    "(forts.)" caption line on continuation pages;
 *  - body rows split across pages between lines (cells are cut at a common
 *    y so that no line is ever sliced);
 *  - row variants summa (bold, rule above), delsumma (bold), grupp (italic,
 *    kept with the next row); a (del)summa row is never alone at the top of a page;
 *  - tagged as Table > Caption, THead, TBody > TR > TH/TD (a cell split across
 *    pages keeps one element); repeated header rows and "(forts.)" lines are
 *    pagination artifacts, rules and fills layout artifacts. Stacked rows keep
 *    the same structure: the first label of each column is the content of its
 *    TH, later repetitions are artifacts.
 */
import type { InlineRun, TableBlock, TableCell, TableRow } from '../base/model.js';
import { plainText } from '../base/model.js';
import { colors, table as T, spacing, type TextStyle } from '../base/style.js';
import type { BlockContext } from './context.js';
import type { PageFlow } from './flow.js';
import { breakLines, drawLine, measureRuns, type Align, type Line } from './lines.js';
import type { FontSet } from '../base/fonts.js';
import type { StructNode, Tagger } from '../base/tagging.js';

interface CellLine {
  line: Line;
  /** Offset of the line's top from the cell's content top. */
  y: number;
  /** Index of the cell paragraph the line belongs to. */
  paragraph: number;
  /** Horizontal offset inside the cell (stacked rows: the value column). */
  dx?: number;
  /** Stacked rows: a column label ("Målvärde:") of this column, drawn beside the value. */
  labelOf?: number;
}

interface PreparedCell {
  x: number;
  width: number;
  /** Horizontal padding (smaller in a table set a step smaller). */
  padX: number;
  align: Align;
  lines: CellLine[];
  height: number;
}

interface PreparedRow {
  variant: TableRow['variant'];
  head: boolean;
  cells: PreparedCell[];
  /** Content height (without padding). */
  height: number;
}

interface PreparedTable {
  width: number;
  caption: Line[];
  continued: Line[];
  head: PreparedRow[];
  body: PreparedRow[];
  /** Set as stacked rows (no header row drawn; labels beside the values). */
  stacked: boolean;
}

/**
 * Type sizes tried, as factors of the table size: a table that does not fit is set a step or two
 * smaller (8.6 pt → 7.9 → 7.3 pt in the default theme), never smaller than that.
 */
const SIZE_STEPS = [1, 0.92, 0.85];
/** No column narrower than this many ems (unless its content is narrower): no column of letters. */
const READABLE_EMS = 3.6;
/** A column whose content is at most this many ems wide on one line is short: a phrase, not a text. */
const SHORT_EMS = 12;

/** Horizontal cell padding at a type size step: it shrinks with the type. */
function paddingX(scale: number): number {
  return T.padX * scale;
}

function cellStyle(cell: TableCell, row: TableRow, head: boolean, scale = 1): TextStyle {
  const bold = head || row.variant === 'summa' || row.variant === 'delsumma';
  const italic = row.variant === 'grupp';
  return { ...T.text, size: T.text.size * scale, bold, italic, color: head ? colors.text : T.text.color };
}

function columnCount(rows: TableRow[]): number {
  return rows.reduce((n, r) => Math.max(n, r.cells.reduce((s, c) => s + c.colspan, 0)), 0);
}

/** Iterates cells with their starting column index. */
function* cellsWithColumns(row: TableRow): Generator<[TableCell, number]> {
  let col = 0;
  for (const cell of row.cells) {
    yield [cell, col];
    col += cell.colspan;
  }
}

function hasText(cell: TableCell): boolean {
  return cell.paragraphs.some((p) => plainText(p) !== '');
}

/**
 * A figure: a num cell of numbers, signs and at most short unit words ("−1 234,5 tkr", "12 %",
 * "80 000*", "Ja", "I.U.", "3,1 (prel.)"). It never wraps. A num cell with longer words in it
 * ("+0,9 procentenheter", "Minst 90", a reason a value is missing) wraps like text when it must.
 */
export function isFigure(cell: TableCell): boolean {
  if (!cell.num) return false;
  const text = cell.paragraphs.map(plainText).join(' ').replace(/\(prel\.?\)/g, '');
  return !/\p{L}{5,}/u.test(text);
}

/** Widths of a column's content (no padding) at the table size; all scale with the type size. */
interface ColumnNeeds {
  /** Preferred: every cell on one line. */
  max: number;
  /** Preferred width of the body cells alone. */
  bodyMax: number;
  /** Figures, which never wrap. */
  fixed: number;
  /** Widest word in the body and in the header cells. */
  bodyWord: number;
  headWord: number;
  /** Widest piece after hyphenation in the body and in the header cells. */
  bodyHyphen: number;
  headHyphen: number;
}

function columnNeeds(block: TableBlock, n: number, fonts: FontSet): ColumnNeeds[] {
  const needs = Array.from({ length: n }, () => ({ max: 0, bodyMax: 0, fixed: 0, bodyWord: 0, headWord: 0, bodyHyphen: 0, headHyphen: 0 }));
  const rows = [...block.head.map((r) => ({ r, head: true })), ...block.body.map((r) => ({ r, head: false }))];
  for (const { r, head } of rows) {
    for (const [cell, col] of cellsWithColumns(r)) {
      if (cell.colspan !== 1 || col >= n) continue;
      const c = needs[col]!;
      const style = cellStyle(cell, r, head);
      const figure = !head && isFigure(cell);
      for (const p of cell.paragraphs) {
        const m = measureRuns(p, style, fonts);
        c.max = Math.max(c.max, m.max);
        if (!head) c.bodyMax = Math.max(c.bodyMax, m.max);
        if (figure) c.fixed = Math.max(c.fixed, m.max);
        else if (head) {
          c.headWord = Math.max(c.headWord, m.minWord);
          c.headHyphen = Math.max(c.headHyphen, m.minHyphen);
        } else {
          c.bodyWord = Math.max(c.bodyWord, m.minWord);
          c.bodyHyphen = Math.max(c.bodyHyphen, m.minHyphen);
        }
      }
    }
  }
  return needs;
}

/** Which columns hold figures (right-aligned headers, a little air between them). */
function numericColumns(block: TableBlock, n: number): boolean[] {
  const numCount = new Array<number>(n).fill(0);
  const textCount = new Array<number>(n).fill(0);
  const headNum = new Array<boolean>(n).fill(false);
  for (const r of block.head) for (const [cell, col] of cellsWithColumns(r)) if (cell.num && col < n) headNum[col] = true;
  for (const r of block.body) {
    for (const [cell, col] of cellsWithColumns(r)) {
      if (cell.colspan !== 1 || !hasText(cell) || col >= n) continue;
      if (cell.num) numCount[col]! += 1;
      else textCount[col]! += 1;
    }
  }
  // A column of figures, or an empty column whose header says it holds figures (th class="num").
  return numCount.map((c, i) => (c > 0 && c >= textCount[i]!) || (c === 0 && textCount[i] === 0 && headNum[i]!));
}

export type TableGeometry =
  | { mode: 'grid'; widths: number[]; numeric: boolean[]; scale: number; level: number }
  | { mode: 'stacked'; numeric: boolean[]; scale: number };

/**
 * Column widths and type size: the first of these levels whose minimums fit the width, at the table
 * size or a step or two smaller (SIZE_STEPS), is taken:
 *  0. no word broken;
 *  1. header words may be hyphenated, body words not;
 *  2. every word may be hyphenated (on two lines at most) – only when levels 0 and 1 fit at no size.
 * Figures never wrap and no column is narrower than READABLE_EMS (or its content) at any level.
 * Then, while the width allows, columns are raised – the one needing the least more first – so that
 * body words stay whole, then header words, then short columns (one line within SHORT_EMS: "Minst
 * 90", "Når målet", "−1,3 procentenheter") stand on one line; the space left goes to the columns
 * with the most text to wrap (`distribute`): long free text takes the squeeze. A table that fits at
 * no size and level is set as stacked rows.
 */
export function computeLayout(block: TableBlock, total: number, fonts: FontSet): TableGeometry {
  const n = Math.max(1, columnCount([...block.head, ...block.body]));
  const numeric = numericColumns(block, n);
  const needs = columnNeeds(block, n, fonts);
  // Whole words at a smaller size before hyphenated words in the body at the table size.
  const tries = [
    ...SIZE_STEPS.flatMap((scale) => [0, 1].map((level) => ({ scale, level }))),
    ...SIZE_STEPS.map((scale) => ({ scale, level: 2 })),
  ];
  for (const { scale, level } of tries) {
    const em = T.text.size * scale;
    const pad = 2 * paddingX(scale);
    const maxW = needs.map((c) => Math.max(scale * c.max, 8 * scale) + pad);
    const floorOf = (content: (c: ColumnNeeds) => number) =>
      needs.map((c, i) => Math.max(scale * Math.max(c.fixed, content(c)) + pad, Math.min(maxW[i]!, READABLE_EMS * em + pad), 8 * scale + pad));
    const allWhole = floorOf((c) => Math.max(c.bodyWord, c.headWord));
    const bodyWhole = floorOf((c) => Math.max(c.bodyWord, c.headHyphen));
    const base = [allWhole, bodyWhole, floorOf((c) => Math.max(c.bodyHyphen, c.headHyphen))][level]!;
    if (base.reduce((a, w) => a + w, 0) > total + 0.01) continue;
    // Then, as far as the width allows, the columns that need the least more first: body words
    // whole, header words whole, short columns on one line; the rest goes to the text that wraps.
    let floor = raiseWhileFits(base, bodyWhole, total);
    floor = raiseWhileFits(floor, allWhole, total);
    floor = raiseWhileFits(floor, maxW.map((w, i) => (w <= SHORT_EMS * em + pad ? w : floor[i]!)), total);
    // The body's text first: a header that wraps costs one row, a body column that wraps every row.
    const bodyMaxW = needs.map((c, i) => Math.min(maxW[i]!, Math.max(floor[i]!, scale * c.bodyMax + pad)));
    const widths = bodyMaxW.reduce((a, w) => a + w, 0) >= total
      ? distribute(floor, bodyMaxW, numeric, total)
      : distribute(bodyMaxW, maxW, numeric, total);
    return { mode: 'grid', widths, numeric, scale, level };
  }
  return { mode: 'stacked', numeric, scale: 1 };
}

/**
 * The floors raised to the targets, the column needing the least more first, while the table
 * still fits the width.
 */
function raiseWhileFits(floor: number[], target: number[], total: number): number[] {
  const out = [...floor];
  let sum = out.reduce((a, w) => a + w, 0);
  const order = [...floor.keys()].filter((i) => target[i]! > out[i]! + 0.01).sort((a, b) => target[a]! - out[a]! - (target[b]! - out[b]!) || a - b);
  for (const i of order) {
    if (sum - out[i]! + target[i]! > total + 0.01) break;
    sum += target[i]! - out[i]!;
    out[i] = target[i]!;
  }
  return out;
}

/**
 * Column widths from minimum (floor) and preferred (max) widths. If everything fits unwrapped,
 * every column gets its max and text columns share the rest. Otherwise narrow columns (max ≤ fair
 * share) get their max first and the remaining columns get floor + a share proportional to
 * (max − floor), like CSS auto tables: the column with the most text to wrap gets the most room.
 */
function distribute(minW: number[], maxW: number[], numeric: boolean[], total: number): number[] {
  const n = minW.length;
  const all = [...Array(n).keys()];
  const sum = (cols: number[], w: number[]) => cols.reduce((s, i) => s + w[i]!, 0);
  const textCols = all.filter((i) => !numeric[i]);
  if (sum(all, maxW) <= total) {
    const widths = [...maxW];
    let extra = total - sum(all, maxW);
    const numCols = all.filter((i) => numeric[i]);
    if (textCols.length > 0 && numCols.length > 0) {
      // Some air between adjacent numeric columns when there is room for it.
      const air = Math.min(T.numericAir, extra / 2 / numCols.length);
      for (const i of numCols) widths[i] = maxW[i]! + air;
      extra -= air * numCols.length;
    }
    const growers = textCols.length > 0 ? textCols : all;
    const base = sum(growers, widths);
    for (const i of growers) widths[i] = widths[i]! + (extra * widths[i]!) / base;
    return widths;
  }
  if (sum(all, minW) > total) return [...minW];
  const proportional = (cols: number[], avail: number, widths: number[]) => {
    const sumMin = sum(cols, minW);
    const span = sum(cols, maxW) - sumMin;
    for (const i of cols) widths[i] = minW[i]! + (span > 0 ? ((avail - sumMin) * (maxW[i]! - minW[i]!)) / span : 0);
  };
  const widths = [...minW];
  let rest = [...all];
  let avail = total;
  for (;;) {
    const fair = avail / Math.max(1, rest.length);
    const narrow = rest.filter((i) => maxW[i]! <= fair && maxW[i]! > minW[i]!);
    if (narrow.length === 0) break;
    const remaining = rest.filter((i) => !narrow.includes(i));
    const left = avail - sum(narrow, maxW);
    if (remaining.length === 0 || sum(remaining, minW) > left) break;
    for (const i of narrow) widths[i] = maxW[i]!;
    rest = remaining;
    avail = left;
  }
  proportional(rest, avail, widths);
  return widths;
}

/** Lines of a cell's paragraphs at a width, stacked with the paragraph gap. */
function cellLines(cell: TableCell, style: TextStyle, width: number, fonts: FontSet): { lines: CellLine[]; height: number } {
  const lines: CellLine[] = [];
  let y = 0;
  cell.paragraphs.forEach((p, i) => {
    if (i > 0) y += T.paragraphGap;
    for (const line of breakLines(p, style, width, fonts)) {
      lines.push({ line, y, paragraph: i });
      y += line.height;
    }
  });
  return { lines, height: y };
}

function prepareRow(row: TableRow, head: boolean, x0: number, widths: number[], numeric: boolean[], scale: number, fonts: FontSet): PreparedRow {
  const cells: PreparedCell[] = [];
  const lefts = widths.map((_, i) => x0 + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const n = widths.length;
  // Missing trailing cells are simply left empty.
  for (const [cell, col] of cellsWithColumns(row)) {
    if (col >= n) break;
    const span = Math.min(cell.colspan, n - col);
    const x = lefts[col]!;
    const width = widths.slice(col, col + span).reduce((s, w) => s + w, 0);
    const style = cellStyle(cell, row, head, scale);
    const padX = paddingX(scale);
    const { lines, height } = cellLines(cell, style, width - 2 * padX, fonts);
    // Text in a num cell that runs to a paragraph reads better ragged right than ragged left.
    const align: Align = head
      ? span > 1 ? 'center' : numeric[col] ? 'right' : 'left'
      : cell.num && (lines.length <= 2 || isFigure(cell)) ? 'right' : 'left';
    cells.push({ x, width, padX, align, lines, height });
  }
  const height = Math.max(0, ...cells.map((c) => c.height), T.text.size * scale * T.text.leading);
  return { variant: row.variant, head, cells, height };
}

/** Column labels for stacked rows: the header cells above each column, joined with " – ". */
function columnLabels(block: TableBlock, n: number): InlineRun[][] {
  const labels: string[][] = Array.from({ length: n }, () => []);
  for (const r of block.head) {
    for (const [cell, col] of cellsWithColumns(r)) {
      const text = cell.paragraphs.map(plainText).join(' ').trim();
      if (text === '') continue;
      for (let c = col; c < Math.min(n, col + cell.colspan); c += 1) if (!labels[c]!.includes(text)) labels[c]!.push(text);
    }
  }
  return labels.map((l) => (l.length > 0 ? [{ text: `${l.join(' – ')}:`, bold: true, italic: false, code: false, color: colors.muted }] : []));
}

/** A stacked row is split across pages only if its name and at least two values fit. */
const STACKED_LINES_BEFORE_SPLIT = 3;
/** Gap between a label and its value in stacked rows. */
const LABEL_GAP = 6;
/** Stacked rows: the label column takes at most this share of the width. */
const LABEL_SHARE = 0.38;

/**
 * A body row as a record: one line group per cell, its column label (if the table has one) in a
 * label column on the left and the value beside it. The row's first cell (its name) opens the record.
 */
function prepareStackedRow(
  row: TableRow, x0: number, width: number, labels: InlineRun[][], labelWidth: number, fonts: FontSet,
): PreparedRow {
  const cells: PreparedCell[] = [];
  const inner = width - 2 * T.padX;
  const labelStyle: TextStyle = { ...T.text, bold: true, color: colors.muted };
  let y = 0;
  for (const [cell, col] of cellsWithColumns(row)) {
    if (!hasText(cell) && col > 0) {
      // Kept as an empty cell: cell i of the row is tagged with the row's i-th TH/TD.
      cells.push({ x: x0, width, padX: T.padX, align: 'left', lines: [], height: 0 });
      continue;
    }
    const label = cell.colspan === 1 ? labels[col] ?? [] : [];
    const dx = label.length > 0 ? labelWidth : 0;
    const style = cellStyle(cell, row, false);
    if (col === 0 && cell.colspan === 1 && row.variant !== 'grupp') style.bold = true;
    const value = cellLines(cell, style, inner - dx, fonts);
    const lines: CellLine[] = [];
    if (label.length > 0) {
      let ly = y;
      for (const line of breakLines(label, labelStyle, labelWidth - LABEL_GAP, fonts)) {
        lines.push({ line, y: ly, paragraph: 0, labelOf: col });
        ly += line.height;
      }
    }
    for (const l of value.lines) lines.push({ ...l, y: y + l.y, dx });
    const bottom = Math.max(y + value.height, ...lines.map((l) => l.y + l.line.height));
    cells.push({ x: x0, width, padX: T.padX, align: 'left', lines, height: bottom });
    y = bottom + (col === 0 ? T.paragraphGap / 2 : 0);
  }
  const height = Math.max(0, ...cells.map((c) => c.height), T.text.size * T.text.leading);
  return { variant: row.variant, head: false, cells, height };
}

const prepared = new WeakMap<TableBlock, Map<string, PreparedTable>>();

function prepare(flow: PageFlow, block: TableBlock, ctx: BlockContext): PreparedTable {
  let byGeometry = prepared.get(block);
  if (!byGeometry) {
    byGeometry = new Map();
    prepared.set(block, byGeometry);
  }
  const key = `${ctx.x}:${ctx.width}`;
  const hit = byGeometry.get(key);
  if (hit) return hit;
  const geometry = computeLayout(block, ctx.width, flow.fonts);
  const captionRuns: InlineRun[] = block.caption ?? [];
  const caption = captionRuns.length > 0 ? breakLines(captionRuns, block.captionIsNote ? T.captionNote : T.caption, ctx.width, flow.fonts) : [];
  const continued = captionRuns.length > 0
    ? breakLines([{ text: `${plainText(captionRuns)} (forts.)`, bold: false, italic: false, code: false }], T.continued, ctx.width, flow.fonts)
    : [];
  let result: PreparedTable;
  if (geometry.mode === 'grid') {
    const { widths, numeric, scale } = geometry;
    result = {
      width: widths.reduce((s, w) => s + w, 0),
      caption,
      continued,
      head: block.head.map((r) => prepareRow(r, true, ctx.x, widths, numeric, scale, flow.fonts)),
      body: block.body.map((r) => prepareRow(r, false, ctx.x, widths, numeric, scale, flow.fonts)),
      stacked: false,
    };
  } else {
    const n = Math.max(1, columnCount([...block.head, ...block.body]));
    const labels = columnLabels(block, n);
    const labelStyle: TextStyle = { ...T.text, bold: true };
    const widest = Math.max(0, ...labels.map((l) => (l.length > 0 ? measureRuns(l, labelStyle, flow.fonts).max : 0)));
    const labelWidth = Math.min(widest + LABEL_GAP, (ctx.width - 2 * T.padX) * LABEL_SHARE);
    result = {
      width: ctx.width,
      caption,
      continued,
      head: [],
      body: block.body.map((r) => prepareStackedRow(r, ctx.x, ctx.width, labels, labelWidth, flow.fonts)),
      stacked: true,
    };
  }
  byGeometry.set(key, result);
  return result;
}

function rowsHeight(rows: PreparedRow[]): number {
  return rows.reduce((h, r) => h + r.height + 2 * T.padY, 0);
}

function captionHeight(lines: Line[]): number {
  return lines.length > 0 ? lines.reduce((h, l) => h + l.height, 0) + T.captionGap : 0;
}

/** Content height of the first few lines of a row (what must follow a header). */
function rowLead(row: PreparedRow | undefined): number {
  if (!row) return 0;
  const keep = spacing.keepWithNextLines;
  let h = 0;
  for (const c of row.cells) {
    const line = c.lines[Math.min(keep, c.lines.length) - 1];
    if (line) h = Math.max(h, line.y + line.line.height);
  }
  return Math.min(row.height, Math.max(h, T.text.size * T.text.leading)) + 2 * T.padY;
}

export function tableLeadHeight(flow: PageFlow, block: TableBlock, ctx: BlockContext): number {
  const t = prepare(flow, block, ctx);
  // A first row kept with the next (a status row and its comment row) brings the start of that one.
  const first = t.body[0];
  const lead = first && block.body[0]?.keepWithNext && t.body[1] ? rowsHeight([first]) + rowLead(t.body[1]) : rowLead(first);
  return captionHeight(t.caption) + rowsHeight(t.head) + lead;
}

/** Height of the whole table set on one page (caption, header and every row): a short table is kept together (blocks.ts). */
export function tableHeight(flow: PageFlow, block: TableBlock, ctx: BlockContext): number {
  const t = prepare(flow, block, ctx);
  return captionHeight(t.caption) + rowsHeight(t.head) + rowsHeight(t.body);
}

/**
 * The largest cut ≤ limit (content offset) at which no line of any cell is
 * sliced, or `from` if no line fits. A cut that leaves a single line of a
 * paragraph of a cell alone on either page (an orphan or a widow) is taken
 * only when no other cut fits.
 */
function findCut(row: PreparedRow, from: number, limit: number): number {
  const candidates = new Set<number>();
  for (const c of row.cells) for (const l of c.lines) {
    const bottom = l.y + l.line.height;
    if (l.y >= from - 0.01 && bottom <= limit + 0.01) candidates.add(bottom);
  }
  const sorted = [...candidates].sort((a, b) => b - a).filter(
    (cut) => !row.cells.some((c) => c.lines.some((l) => l.y < cut - 0.01 && l.y + l.line.height > cut + 0.01)),
  );
  const lonely = (cut: number) =>
    row.cells.some((c) => {
      const counts = new Map<number, { above: number; below: number }>();
      for (const l of c.lines) {
        if (l.y < from - 0.01) continue;
        const n = counts.get(l.paragraph) ?? { above: 0, below: 0 };
        if (l.y + l.line.height <= cut + 0.01) n.above += 1;
        else n.below += 1;
        counts.set(l.paragraph, n);
      }
      return [...counts.values()].some((n) => n.above > 0 && n.below > 0 && (n.above < 2 || n.below < 2));
    });
  return sorted.find((cut) => !lonely(cut)) ?? sorted[0] ?? from;
}

/**
 * Number of lines (in the tallest cell) between two content offsets; in a stacked row, whose cells
 * stand one under the other, the number of line rows (distinct line tops over all cells).
 */
function linesBetween(row: PreparedRow, from: number, to: number, stacked = false): number {
  const inside = (l: CellLine) => l.y >= from - 0.01 && l.y + l.line.height <= to + 0.01;
  if (!stacked) return Math.max(0, ...row.cells.map((c) => c.lines.filter(inside).length));
  const tops = new Set<number>();
  for (const c of row.cells) for (const l of c.lines) if (inside(l)) tops.add(Math.round(l.y * 100));
  return tops.size;
}

function hline(flow: PageFlow, x: number, width: number, y: number, lineWidth: number, color: string): void {
  flow.tagger.artifact(() => {
    flow.doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(lineWidth).strokeColor(color).stroke().restore();
  });
}

/** Structure elements of one table cell: the TH/TD and, for cells of several paragraphs, one P each. */
interface CellTags {
  cell: StructNode;
  paragraphs: StructNode[];
}

/** Structure elements of a table, created up front in reading order. */
interface TableTags {
  caption: StructNode | null;
  head: CellTags[][];
  body: CellTags[][];
}

const SCOPES = { col: 'Column', colgroup: 'Column', row: 'Row', rowgroup: 'Row' } as const;

/**
 * Table > Caption, THead > TR > TH…, TBody > TR > TH/TD. TH carry /Scope
 * (the HTML scope, else Column in the head and Row in the body); spanning
 * cells carry /ColSpan; rows missing trailing cells get empty TDs so that
 * every row has the table's column count.
 */
function tagTable(tagger: Tagger, block: TableBlock, columns: number): TableTags {
  const table = tagger.add('Table');
  const caption = block.caption ? tagger.add('Caption', { parent: table }) : null;
  const rows = (section: StructNode, sectionRows: TableRow[], head: boolean): CellTags[][] =>
    sectionRows.map((row) => {
      const tr = tagger.add('TR', { parent: section, keepEmpty: true });
      const cells: CellTags[] = [];
      let used = 0;
      for (const cell of row.cells) {
        if (used >= columns) break;
        const span = Math.min(cell.colspan, columns - used);
        used += span;
        const attributes: Record<string, string | number> = {};
        if (cell.tag === 'th') attributes['Scope'] = cell.scope ? SCOPES[cell.scope] : head ? 'Column' : 'Row';
        if (span > 1) attributes['ColSpan'] = span;
        const node = tagger.add(cell.tag === 'th' ? 'TH' : 'TD', {
          parent: tr,
          keepEmpty: true,
          ...(Object.keys(attributes).length > 0 ? { attributes: { O: 'Table' as const, ...attributes } } : {}),
        });
        const paragraphs = cell.paragraphs.length > 1 ? cell.paragraphs.map(() => tagger.add('P', { parent: node })) : [];
        cells.push({ cell: node, paragraphs });
      }
      for (; used < columns; used += 1) tagger.add('TD', { parent: tr, keepEmpty: true });
      return cells;
    });
  const head = block.head.length > 0 ? rows(tagger.add('THead', { parent: table }), block.head, true) : [];
  const body = block.body.length > 0 ? rows(tagger.add('TBody', { parent: table }), block.body, false) : [];
  return { caption, head, body };
}

/**
 * Draws the part [from, to) of a row's content at the flow position. The
 * cell text is content of the row's cells; without cell tags (a repeated
 * header row) the whole row is a pagination artifact. A label line of a
 * stacked row is the content of its column's TH where `labelTag` gives one
 * (the first time the label is drawn), else an artifact.
 */
function drawRowSegment(
  flow: PageFlow, t: PreparedTable, ctx: BlockContext, row: PreparedRow, from: number, to: number, tags: CellTags[] | null,
  labelTag: (column: number) => StructNode | null = () => null,
): void {
  const height = to - from + 2 * T.padY;
  const top = flow.place(height, ctx.x);
  const draw = () => {
    const fill = row.head ? colors.tableHeaderFill : row.variant === 'grupp' ? colors.tableGroupFill : null;
    if (fill) flow.tagger.artifact(() => flow.doc.save().rect(ctx.x, top, t.width, height).fill(fill).restore());
    row.cells.forEach((cell, i) => {
      const cellTags = tags?.[i];
      for (const l of cell.lines) {
        if (l.y < from - 0.01 || l.y + l.line.height > to + 0.01) continue;
        const dx = l.dx ?? 0;
        const drawCellLine = () =>
          drawLine(flow, l.line, cell.x + cell.padX + dx, top + T.padY + (l.y - from), cell.width - 2 * cell.padX - dx, cell.align);
        if (l.labelOf !== undefined) {
          const th = tags ? labelTag(l.labelOf) : null;
          if (th) flow.tagger.within(th, drawCellLine);
          else flow.tagger.artifact(drawCellLine, { type: 'Pagination' });
        } else if (cellTags) flow.tagger.within(cellTags.paragraphs[l.paragraph] ?? cellTags.cell, drawCellLine);
        else drawCellLine();
      }
    });
    if (row.variant === 'summa' && from === 0) hline(flow, ctx.x, t.width, top, T.summaRuleWidth, colors.ruleStrong);
    if (!row.head) hline(flow, ctx.x, t.width, top + height, T.ruleWidth, colors.rule);
  };
  if (tags) draw();
  else flow.tagger.artifact(draw, { type: 'Pagination' });
}

/** The header rows: tagged the first time, pagination artifacts when repeated on a continuation page. */
function drawHead(flow: PageFlow, t: PreparedTable, ctx: BlockContext, tags: CellTags[][] | null): void {
  t.head.forEach((row, i) => drawRowSegment(flow, t, ctx, row, 0, row.height, tags?.[i] ?? null));
  if (t.head.length > 0) hline(flow, ctx.x, t.width, flow.y, T.headerRuleWidth, colors.ruleStrong);
}

/**
 * Stacked rows: the TH of a column (the last header row's cell above it) takes its content from the
 * first row that shows the column's label; every other repetition of the label is an artifact.
 */
function stackedLabelTags(block: TableBlock, t: PreparedTable, tags: TableTags): (column: number, row: number) => StructNode | null {
  if (!t.stacked) return () => null;
  const th = new Map<number, StructNode>();
  block.head.forEach((r, ri) => {
    let i = 0;
    for (const [cell, col] of cellsWithColumns(r)) {
      const node = tags.head[ri]?.[i]?.cell;
      i += 1;
      if (!node) continue;
      for (let c = col; c < col + cell.colspan; c += 1) th.set(c, node);
    }
  });
  const owner = new Map<number, number>();
  return (column, row) => {
    const node = th.get(column);
    if (!node) return null;
    if (!owner.has(column)) owner.set(column, row);
    return owner.get(column) === row ? node : null;
  };
}

export function layoutTable(flow: PageFlow, block: TableBlock, ctx: BlockContext): void {
  const t = prepare(flow, block, ctx);
  flow.space(spacing.table.before);
  flow.ensure(tableLeadHeight(flow, block, ctx));
  flow.addIds(block.ids);
  const tagger = flow.tagger;
  const tags = tagTable(tagger, block, Math.max(1, columnCount([...block.head, ...block.body])));
  const caption = tags.caption;
  if (caption) tagger.within(caption, () => t.caption.forEach((line) => flow.placeLine(line, ctx.x, ctx.width)));
  else for (const line of t.caption) flow.placeLine(line, ctx.x, ctx.width);
  if (t.caption.length > 0) flow.space(T.captionGap);
  drawHead(flow, t, ctx, tags.head);
  let rowsOnPage = 0;
  const labelTagFor = stackedLabelTags(block, t, tags);

  const continueOnNewPage = () => {
    flow.newPage();
    tagger.artifact(() => {
      for (const line of t.continued) flow.placeLine(line, ctx.x, ctx.width);
    }, { type: 'Pagination' });
    if (t.continued.length > 0) flow.space(T.captionGap);
    drawHead(flow, t, ctx, null);
    rowsOnPage = 0;
  };

  t.body.forEach((row, index) => {
    const rowTags = tags.body[index]!;
    const labelTag = (column: number) => labelTagFor(column, index);
    let from = 0;
    for (let guard = 0; guard < 10000 && from < row.height - 0.01; guard += 1) {
      const rest = row.height - from + 2 * T.padY;
      const next = t.body[index + 1];
      // A group header stays with the first row of its group; a (del)summa row with the row above it.
      const keepWithNext = !next
        ? 0
        : row.variant === 'grupp' || block.body[index]?.keepWithNext
          ? rowLead(next)
          : next.variant === 'summa' || next.variant === 'delsumma'
            ? next.height + 2 * T.padY
            : 0;
      const avail = flow.bottom - flow.y;
      if (rest + keepWithNext <= avail + 0.01 || (rest <= avail + 0.01 && rowsOnPage === 0)) {
        drawRowSegment(flow, t, ctx, row, from, row.height, rowTags, labelTag);
        from = row.height;
        rowsOnPage += 1;
        break;
      }
      // Does not fit: split between lines if enough of it fits here.
      // A short row kept with the next (a status row above its comment) moves whole rather than split.
      const splittable = row.variant !== 'grupp' && !(block.body[index]?.keepWithNext && rest <= (flow.bottom - flow.top) / 4);
      let cut = splittable ? findCut(row, from, from + avail - 2 * T.padY) : from;
      const linesHere = linesBetween(row, from, cut, t.stacked);
      const linesLeft = linesBetween(row, cut, row.height, t.stacked);
      const enough = linesHere >= (t.stacked ? STACKED_LINES_BEFORE_SPLIT : T.minLinesBeforeSplit) && linesLeft >= 1;
      if (cut > from && (enough || rowsOnPage === 0)) {
        drawRowSegment(flow, t, ctx, row, from, cut, rowTags, labelTag);
        from = cut;
        rowsOnPage += 1;
        continueOnNewPage();
        continue;
      }
      if (rowsOnPage === 0) {
        // Not even one line fits below the repeated header: force a line.
        cut = Math.max(from + 0.5, findCut(row, from, from + (row.cells.flatMap((c) => c.lines).find((l) => l.y >= from - 0.01)?.line.height ?? 10)));
        drawRowSegment(flow, t, ctx, row, from, Math.min(cut, row.height), rowTags, labelTag);
        from = Math.min(cut, row.height);
        rowsOnPage += 1;
        if (from < row.height - 0.01) continueOnNewPage();
        continue;
      }
      continueOnNewPage();
    }
  });
  if (t.body.length > 0) hline(flow, ctx.x, t.width, flow.y, T.headerRuleWidth * 0.75, colors.ruleStrong);
  flow.space(spacing.table.after);
}
