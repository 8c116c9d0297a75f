/**
 * Our own table layout (pdfkit's doc.table never splits rows nor repeats
 * headers):
 *  - column widths from content: numeric columns as wide as their widest
 *    value / header word, text columns share the rest (CSS auto-table style);
 *  - header rows (thead) repeated on every page the table spans, with a
 *    "(forts.)" caption line on continuation pages;
 *  - body rows split across pages between lines (cells are cut at a common
 *    y so that no line is ever sliced);
 *  - row variants summa (bold, rule above), delsumma (bold), grupp (italic,
 *    kept with the next row); a (del)summa row is never alone at the top of a page;
 *  - tagged as Table > Caption, THead, TBody > TR > TH/TD (a cell split across
 *    pages keeps one element); repeated header rows and "(forts.)" lines are
 *    pagination artifacts, rules and fills layout artifacts.
 */
import type { InlineRun, TableBlock, TableCell, TableRow } from '../model.js';
import { plainText } from '../model.js';
import { colors, table as T, spacing, type TextStyle } from '../style.js';
import type { BlockContext } from './blocks.js';
import type { PageFlow } from './flow.js';
import { breakLines, drawLine, measureRuns, type Align, type Line } from './lines.js';
import type { FontSet } from '../fonts.js';
import type { StructNode, Tagger } from '../tagging.js';

interface CellLine {
  line: Line;
  /** Offset of the line's top from the cell's content top. */
  y: number;
  /** Index of the cell paragraph the line belongs to. */
  paragraph: number;
}

interface PreparedCell {
  x: number;
  width: number;
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
}

function cellStyle(cell: TableCell, row: TableRow, head: boolean): TextStyle {
  const bold = head || row.variant === 'summa' || row.variant === 'delsumma';
  const italic = row.variant === 'grupp';
  return { ...T.text, bold, italic, color: head ? colors.text : T.text.color };
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

function computeWidths(block: TableBlock, total: number, fonts: FontSet): { widths: number[]; numeric: boolean[] } {
  const rows = [...block.head.map((r) => ({ r, head: true })), ...block.body.map((r) => ({ r, head: false }))];
  const n = Math.max(1, columnCount([...block.head, ...block.body]));
  const numCount = new Array<number>(n).fill(0);
  const textCount = new Array<number>(n).fill(0);
  const headNum = new Array<boolean>(n).fill(false);
  for (const { r, head } of rows) {
    if (head) {
      for (const [cell, col] of cellsWithColumns(r)) if (cell.num) headNum[col] = true;
      continue;
    }
    for (const [cell, col] of cellsWithColumns(r)) {
      if (cell.colspan !== 1 || !hasText(cell)) continue;
      if (cell.num) numCount[col]! += 1;
      else textCount[col]! += 1;
    }
  }
  // A column of figures, or an empty column whose header says it holds figures (th class="num").
  const numeric = numCount.map((c, i) => (c > 0 && c >= textCount[i]!) || (c === 0 && textCount[i] === 0 && headNum[i]!));
  const minW = new Array<number>(n).fill(0);
  const maxW = new Array<number>(n).fill(0);
  // The body's own minimum: when header words do not all fit, a long header word is broken rather
  // than squeezing the row names and figures (a figure never wraps, a row name only between words).
  const bodyMinW = new Array<number>(n).fill(0);
  for (const { r, head } of rows) {
    for (const [cell, col] of cellsWithColumns(r)) {
      if (cell.colspan !== 1) continue;
      const style = cellStyle(cell, r, head);
      for (const p of cell.paragraphs) {
        const m = measureRuns(p, style, fonts);
        // Numbers never wrap; header words may.
        const unbreakable = numeric[col] && !head ? m.max : m.minWord;
        minW[col] = Math.max(minW[col]!, unbreakable + 2 * T.padX);
        if (!head) bodyMinW[col] = Math.max(bodyMinW[col]!, unbreakable + 2 * T.padX);
        maxW[col] = Math.max(maxW[col]!, m.max + 2 * T.padX);
      }
    }
  }
  for (let i = 0; i < n; i += 1) {
    minW[i] = Math.max(minW[i]!, 2 * T.padX + 8);
    bodyMinW[i] = Math.max(bodyMinW[i]!, 2 * T.padX + 8);
    maxW[i] = Math.max(maxW[i]!, minW[i]!);
  }
  const fitsHeaders = minW.reduce((a, w) => a + w, 0) <= total;
  const widths = distribute(fitsHeaders ? minW : bodyMinW, maxW, numeric, total);
  // Never wider than the available width: scale everything down as a last resort.
  const sum = widths.reduce((s, w) => s + w, 0);
  if (sum > total + 0.01) for (let i = 0; i < n; i += 1) widths[i] = (widths[i]! * total) / sum;
  return { widths, numeric };
}

/**
 * Column widths from min/max content widths. If everything fits unwrapped,
 * every column gets its max and text columns share the rest. Otherwise
 * narrow columns (max ≤ fair share) get their max first and the remaining
 * columns get min + a share proportional to (max − min), like CSS auto tables.
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
    const narrow = rest.filter((i) => maxW[i]! <= fair);
    if (narrow.length === 0 || narrow.length === rest.length) break;
    const remaining = rest.filter((i) => maxW[i]! > fair);
    const left = avail - sum(narrow, maxW);
    if (sum(remaining, minW) > left) break;
    for (const i of narrow) widths[i] = maxW[i]!;
    rest = remaining;
    avail = left;
  }
  proportional(rest, avail, widths);
  return widths;
}

function prepareRow(row: TableRow, head: boolean, x0: number, widths: number[], numeric: boolean[], fonts: FontSet): PreparedRow {
  const cells: PreparedCell[] = [];
  const lefts = widths.map((_, i) => x0 + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const n = widths.length;
  // Missing trailing cells are simply left empty.
  for (const [cell, col] of cellsWithColumns(row)) {
    if (col >= n) break;
    const span = Math.min(cell.colspan, n - col);
    const x = lefts[col]!;
    const width = widths.slice(col, col + span).reduce((s, w) => s + w, 0);
    const style = cellStyle(cell, row, head);
    const align: Align = head
      ? span > 1 ? 'center' : numeric[col] ? 'right' : 'left'
      : cell.num ? 'right' : 'left';
    const lines: CellLine[] = [];
    let y = 0;
    cell.paragraphs.forEach((p, i) => {
      if (i > 0) y += T.paragraphGap;
      for (const line of breakLines(p, style, width - 2 * T.padX, fonts)) {
        lines.push({ line, y, paragraph: i });
        y += line.height;
      }
    });
    cells.push({ x, width, align, lines, height: y });
  }
  const height = Math.max(0, ...cells.map((c) => c.height), T.text.size * T.text.leading);
  return { variant: row.variant, head, cells, height };
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
  const { widths, numeric } = computeWidths(block, ctx.width, flow.fonts);
  const captionRuns: InlineRun[] = block.caption ?? [];
  const caption = captionRuns.length > 0 ? breakLines(captionRuns, block.captionIsNote ? T.captionNote : T.caption, ctx.width, flow.fonts) : [];
  const continued = captionRuns.length > 0
    ? breakLines([{ text: `${plainText(captionRuns)} (forts.)`, bold: false, italic: false, code: false }], T.continued, ctx.width, flow.fonts)
    : [];
  const result: PreparedTable = {
    width: widths.reduce((s, w) => s + w, 0),
    caption,
    continued,
    head: block.head.map((r) => prepareRow(r, true, ctx.x, widths, numeric, flow.fonts)),
    body: block.body.map((r) => prepareRow(r, false, ctx.x, widths, numeric, flow.fonts)),
  };
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
  return captionHeight(t.caption) + rowsHeight(t.head) + rowLead(t.body[0]);
}

/**
 * The largest cut ≤ limit (content offset) at which no line of any cell is
 * sliced, or `from` if no line fits.
 */
function findCut(row: PreparedRow, from: number, limit: number): number {
  const candidates = new Set<number>();
  for (const c of row.cells) for (const l of c.lines) {
    const bottom = l.y + l.line.height;
    if (l.y >= from - 0.01 && bottom <= limit + 0.01) candidates.add(bottom);
  }
  const sorted = [...candidates].sort((a, b) => b - a);
  for (const cut of sorted) {
    const sliced = row.cells.some((c) => c.lines.some((l) => l.y < cut - 0.01 && l.y + l.line.height > cut + 0.01));
    if (!sliced) return cut;
  }
  return from;
}

/** Number of lines (in the tallest cell) between two content offsets. */
function linesBetween(row: PreparedRow, from: number, to: number): number {
  return Math.max(0, ...row.cells.map((c) => c.lines.filter((l) => l.y >= from - 0.01 && l.y + l.line.height <= to + 0.01).length));
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
 * header row) the whole row is a pagination artifact.
 */
function drawRowSegment(
  flow: PageFlow, t: PreparedTable, ctx: BlockContext, row: PreparedRow, from: number, to: number, tags: CellTags[] | null,
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
        const drawCellLine = () => drawLine(flow, l.line, cell.x + T.padX, top + T.padY + (l.y - from), cell.width - 2 * T.padX, cell.align);
        if (cellTags) flow.tagger.within(cellTags.paragraphs[l.paragraph] ?? cellTags.cell, drawCellLine);
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

export function layoutTable(flow: PageFlow, block: TableBlock, ctx: BlockContext): void {
  const t = prepare(flow, block, ctx);
  flow.space(spacing.table.before);
  flow.ensure(captionHeight(t.caption) + rowsHeight(t.head) + rowLead(t.body[0]));
  flow.addIds(block.ids);
  const tagger = flow.tagger;
  const tags = tagTable(tagger, block, Math.max(1, columnCount([...block.head, ...block.body])));
  const caption = tags.caption;
  if (caption) tagger.within(caption, () => t.caption.forEach((line) => flow.placeLine(line, ctx.x, ctx.width)));
  else for (const line of t.caption) flow.placeLine(line, ctx.x, ctx.width);
  if (t.caption.length > 0) flow.space(T.captionGap);
  drawHead(flow, t, ctx, tags.head);
  let rowsOnPage = 0;

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
    let from = 0;
    for (let guard = 0; guard < 10000 && from < row.height - 0.01; guard += 1) {
      const rest = row.height - from + 2 * T.padY;
      const next = t.body[index + 1];
      // A group header stays with the first row of its group; a (del)summa row with the row above it.
      const keepWithNext = !next
        ? 0
        : row.variant === 'grupp'
          ? rowLead(next)
          : next.variant === 'summa' || next.variant === 'delsumma'
            ? next.height + 2 * T.padY
            : 0;
      const avail = flow.bottom - flow.y;
      if (rest + keepWithNext <= avail + 0.01 || (rest <= avail + 0.01 && rowsOnPage === 0)) {
        drawRowSegment(flow, t, ctx, row, from, row.height, rowTags);
        from = row.height;
        rowsOnPage += 1;
        break;
      }
      // Does not fit: split between lines if enough of it fits here.
      const splittable = row.variant !== 'grupp';
      let cut = splittable ? findCut(row, from, from + avail - 2 * T.padY) : from;
      const linesHere = linesBetween(row, from, cut);
      const linesLeft = linesBetween(row, cut, row.height);
      const enough = linesHere >= T.minLinesBeforeSplit && linesLeft >= 1;
      if (cut > from && (enough || rowsOnPage === 0)) {
        drawRowSegment(flow, t, ctx, row, from, cut, rowTags);
        from = cut;
        rowsOnPage += 1;
        continueOnNewPage();
        continue;
      }
      if (rowsOnPage === 0) {
        // Not even one line fits below the repeated header: force a line.
        cut = Math.max(from + 0.5, findCut(row, from, from + (row.cells.flatMap((c) => c.lines).find((l) => l.y >= from - 0.01)?.line.height ?? 10)));
        drawRowSegment(flow, t, ctx, row, from, Math.min(cut, row.height), rowTags);
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
