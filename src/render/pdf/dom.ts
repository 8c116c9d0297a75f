/**
 * HTML (as produced by the report templates) → block model.
 *
 * Parses with htmlparser2, uses only <body>, and reduces the DOM to the small
 * set of blocks in model.ts. Anything unknown is rendered through its children;
 * nothing here throws on odd HTML.
 */
import renderDom from 'dom-serializer';
import { DomUtils, parseDocument } from 'htmlparser2';

const textContent = DomUtils.textContent;
import { checkPng, checkSvg } from '../../load/images.js';
import type {
  Block, HeaderScope, HeadingLevel, InlineRun, ListItem, ParagraphVariant, RowVariant, TableCell, TableRow, TocEntry,
} from './base/model.js';

/** Structural view of domhandler nodes (avoids depending on domhandler directly). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const SKIPPED = new Set([
  'head', 'title', 'meta', 'link', 'style', 'script', 'noscript', 'template', 'svg', 'picture',
  'video', 'audio', 'iframe', 'object', 'canvas', 'input', 'button', 'select', 'textarea', 'colgroup', 'col',
]);

/**
 * Screen-only parts of the HTML: class="endast-skarm" (and the footer and skip link by their own
 * classes, also in older copies of the templates). Never in the PDF, which has its own running
 * header and footer; rapport.css hides them in print.
 */
const SCREEN_ONLY = ['endast-skarm', 'sidfot', 'hoppa'];

function screenOnly(node: DomNode): boolean {
  return SCREEN_ONLY.some((name) => hasClass(node, name));
}

const BLOCK_TAGS = new Set([
  'html', 'body', 'main', 'section', 'article', 'aside', 'div', 'header', 'footer', 'nav', 'address',
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'figure', 'figcaption', 'hr',
  'details', 'summary', 'form', 'fieldset', 'legend', 'hgroup',
]);

interface InlineStyle {
  bold: boolean;
  italic: boolean;
  code: boolean;
  color?: string;
  href?: string;
  dest?: string;
  hidden?: boolean;
}

const PLAIN: InlineStyle = { bold: false, italic: false, code: false };

function isElement(node: DomNode): boolean {
  return (node.type === 'tag' || node.type === 'script' || node.type === 'style') && typeof node.name === 'string';
}

function tagName(node: DomNode): string {
  return (node.name ?? '').toLowerCase();
}

function classes(node: DomNode): string[] {
  const value = node.attribs?.['class'];
  return value ? value.split(/[ \t\n\r\f]+/).filter(Boolean) : [];
}

function hasClass(node: DomNode, name: string): boolean {
  return classes(node).includes(name);
}

function attr(node: DomNode, name: string): string | undefined {
  return node.attribs?.[name];
}

function kids(node: DomNode): DomNode[] {
  return node.children ?? [];
}

function isBlockLevel(node: DomNode): boolean {
  if (!isElement(node)) return false;
  const name = tagName(node);
  if (SKIPPED.has(name) || screenOnly(node)) return false;
  if (BLOCK_TAGS.has(name)) return true;
  return kids(node).some(isBlockLevel);
}

function parseColor(style: string | undefined): string | undefined {
  if (!style) return undefined;
  const m = /(?:^|;)\s*color\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b/.exec(style);
  if (!m || m[1] === undefined) return undefined;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return `#${hex.toLowerCase()}`;
}

/** Collapses whitespace like HTML: runs of ASCII whitespace → one space, trimmed at the block edges. NBSP is kept. */
export function normalizeRuns(runs: InlineRun[]): InlineRun[] {
  const out: InlineRun[] = [];
  let atLineStart = true;
  for (const run of runs) {
    if (run.text === '\n') {
      trimTrailing(out);
      out.push(run);
      atLineStart = true;
      continue;
    }
    let text = run.text.replace(/[ \t\n\r\f]+/g, ' ');
    if (atLineStart || endsWithSpace(out)) text = text.replace(/^ /, '');
    if (text === '') continue;
    out.push({ ...run, text });
    atLineStart = false;
  }
  trimTrailing(out);
  // Drop leading/trailing forced breaks.
  while (out[0]?.text === '\n') out.shift();
  while (out[out.length - 1]?.text === '\n') out.pop();
  return out;
}

function endsWithSpace(runs: InlineRun[]): boolean {
  const last = runs[runs.length - 1];
  return last !== undefined && last.text !== '\n' && last.text.endsWith(' ');
}

function trimTrailing(runs: InlineRun[]): void {
  while (runs.length > 0) {
    const last = runs[runs.length - 1]!;
    if (last.text === '\n') return;
    const trimmed = last.text.replace(/ $/, '');
    if (trimmed === '') {
      runs.pop();
      continue;
    }
    last.text = trimmed;
    return;
  }
}

function hasVisibleText(runs: InlineRun[]): boolean {
  return runs.some((r) => r.text !== '\n' && r.text.trim() !== '');
}

class Converter {
  constructor(private readonly knownIds: Set<string>) {}

  /** Inline content of a node (descendant blocks are flattened into the same run list). */
  collectInline(node: DomNode, style: InlineStyle, runs: InlineRun[], ids: string[]): void {
    if (node.type === 'text') {
      if (node.data) runs.push({ ...style, text: node.data });
      return;
    }
    if (!isElement(node) && node.type !== 'cdata') return;
    const name = tagName(node);
    if (SKIPPED.has(name) || screenOnly(node)) return;
    const id = attr(node, 'id');
    if (id) ids.push(id);
    if (name === 'br') {
      runs.push({ ...style, text: '\n' });
      return;
    }
    const next = this.inlineStyle(node, name, style);
    const blocky = BLOCK_TAGS.has(name) && name !== 'html' && name !== 'body';
    if (blocky && runs.length > 0) runs.push({ ...style, text: ' ' });
    for (const child of kids(node)) this.collectInline(child, next, runs, ids);
    if (blocky) runs.push({ ...style, text: ' ' });
  }

  private inlineStyle(node: DomNode, name: string, style: InlineStyle): InlineStyle {
    let next = style;
    const set = (patch: Partial<InlineStyle>) => {
      next = { ...next, ...patch };
    };
    if (name === 'strong' || name === 'b' || name === 'th' || name === 'dt') set({ bold: true });
    if (name === 'em' || name === 'i' || name === 'cite' || name === 'dfn' || name === 'var') set({ italic: true });
    if (name === 'code' || name === 'kbd' || name === 'samp' || name === 'tt') set({ code: true });
    if (name === 'a') {
      const href = (attr(node, 'href') ?? '').trim();
      if (href.startsWith('#') && href.length > 1) {
        const target = safeDecode(href.slice(1));
        if (this.knownIds.has(target)) set({ dest: target, href: undefined });
      } else if (/^(https?:|mailto:)/i.test(href)) {
        set({ href, dest: undefined });
      }
    }
    const color = parseColor(attr(node, 'style'));
    if (color) set({ color });
    if (attr(node, 'aria-hidden') === 'true') set({ hidden: true });
    return next;
  }

  inlineRuns(node: DomNode, style: InlineStyle = PLAIN): { runs: InlineRun[]; ids: string[] } {
    const runs: InlineRun[] = [];
    const ids: string[] = [];
    for (const child of kids(node)) this.collectInline(child, style, runs, ids);
    return { runs: normalizeRuns(runs), ids };
  }

  /** Block flow of a container: inline children are gathered into anonymous paragraphs. */
  flow(nodes: DomNode[], variant: ParagraphVariant = 'body'): Block[] {
    const out: Block[] = [];
    let pending: InlineRun[] = [];
    let pendingIds: string[] = [];
    const flush = () => {
      const runs = normalizeRuns(pending);
      if (hasVisibleText(runs)) out.push({ kind: 'paragraph', variant, runs, ids: pendingIds });
      else if (pendingIds.length > 0) out.push({ kind: 'anchor', ids: pendingIds });
      pending = [];
      pendingIds = [];
    };
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') {
        this.collectInline(node, PLAIN, pending, pendingIds);
        continue;
      }
      if (!isElement(node)) continue;
      const name = tagName(node);
      if (name === 'svg' && attr(node, 'role') === 'img') {
        flush();
        append(out, inlineSvgBlock(node));
        continue;
      }
      if (SKIPPED.has(name) || screenOnly(node)) continue;
      if (name === 'img') {
        flush();
        append(out, imageBlock(node));
        continue;
      }
      if (!isBlockLevel(node)) {
        this.collectInline(node, PLAIN, pending, pendingIds);
        continue;
      }
      flush();
      if (hasClass(node, 'sidbrytning')) out.push({ kind: 'pageBreak', ids: [] });
      const blocks = this.block(node);
      const id = attr(node, 'id');
      if (id) attachId(blocks, id);
      // Not push(...blocks): a container can hold hundreds of thousands of blocks (a 1 MB prose
      // file of "***" lines), more than a call takes arguments.
      append(out, blocks);
    }
    flush();
    return out;
  }

  /** Converts one block-level element (its own id is attached by the caller). */
  block(node: DomNode): Block[] {
    const name = tagName(node);
    switch (name) {
      case 'p':
        return this.flow(kids(node), paragraphVariant(node));
      case 'figcaption':
      case 'caption':
        return this.flow(kids(node), 'figcaption');
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const level = Math.min(4, Number(name.slice(1))) as HeadingLevel;
        const { runs, ids } = this.inlineRuns(node);
        if (!hasVisibleText(runs)) return ids.length > 0 ? [{ kind: 'anchor', ids }] : [];
        return [{ kind: 'heading', level, runs, ids }];
      }
      case 'ul':
      case 'ol':
        return [this.list(node, name === 'ol', paragraphVariant(node))];
      case 'blockquote':
        return [{ kind: 'blockquote', blocks: this.flow(kids(node)), ids: [] }];
      case 'hr':
        return [{ kind: 'rule', ids: [] }];
      case 'table':
        return [this.table(node)];
      case 'header':
        if (hasClass(node, 'titelsida')) return [{ kind: 'titlePage', blocks: this.flow(kids(node)), ids: [] }];
        return this.flow(kids(node));
      case 'nav':
        if (hasClass(node, 'innehall')) return [this.toc(node)];
        return this.flow(kids(node));
      case 'div':
        if (hasClass(node, 'kommentar')) return [{ kind: 'kommentar', blocks: this.flow(kids(node)), ids: [] }];
        return this.flow(kids(node));
      default:
        return this.flow(kids(node));
    }
  }

  private list(node: DomNode, ordered: boolean, variant: ParagraphVariant): Block {
    const items: ListItem[] = [];
    for (const child of kids(node)) {
      if (isElement(child) && tagName(child) === 'li') {
        const id = attr(child, 'id');
        items.push({ blocks: this.flow(kids(child), variant), ids: id ? [id] : [] });
      } else if (isElement(child) || (child.type === 'text' && (child.data ?? '').trim() !== '')) {
        const blocks = this.flow([child], variant);
        if (blocks.length > 0) items.push({ blocks, ids: [] });
      }
    }
    const start = Number.parseInt(attr(node, 'start') ?? '1', 10);
    return { kind: 'list', ordered, start: Number.isFinite(start) ? start : 1, items, ids: [] };
  }

  private toc(node: DomNode): Block {
    const entries: TocEntry[] = [];
    const other: DomNode[] = [];
    for (const child of kids(node)) {
      const name = isElement(child) ? tagName(child) : '';
      if (name === 'ol' || name === 'ul') this.tocEntries(child, 1, entries);
      else other.push(child);
    }
    return { kind: 'toc', blocks: this.flow(other), entries, ids: [] };
  }

  private tocEntries(list: DomNode, level: number, out: TocEntry[]): void {
    for (const li of kids(list)) {
      if (!isElement(li) || tagName(li) !== 'li') continue;
      const own = kids(li).filter((c) => !(isElement(c) && ['ol', 'ul'].includes(tagName(c))));
      const runs: InlineRun[] = [];
      const ids: string[] = [];
      for (const c of own) this.collectInline(c, PLAIN, runs, ids);
      const link = findFirst(li, (n) => tagName(n) === 'a' && (attr(n, 'href') ?? '').startsWith('#'), ['ol', 'ul']);
      const target = link ? safeDecode((attr(link, 'href') ?? '').slice(1)) : undefined;
      const clean = normalizeRuns(runs).map((r) => ({ ...r, dest: undefined, href: undefined }));
      if (hasVisibleText(clean)) {
        out.push({ level, runs: clean, ...(target && this.knownIds.has(target) ? { target } : {}) });
      }
      for (const c of kids(li)) {
        if (isElement(c) && ['ol', 'ul'].includes(tagName(c))) this.tocEntries(c, level + 1, out);
      }
    }
  }

  private table(node: DomNode): Block {
    let caption: InlineRun[] | null = null;
    let captionIsNote = false;
    const head: TableRow[] = [];
    const body: TableRow[] = [];
    // Cells spanning rows (rowspan) reserve their column in the rows below.
    const headSpans: PendingSpan[] = [];
    const bodySpans: PendingSpan[] = [];
    const visit = (n: DomNode, section: 'head' | 'body') => {
      for (const child of kids(n)) {
        if (!isElement(child)) continue;
        const name = tagName(child);
        if (name === 'caption') {
          const { runs } = this.inlineRuns(child);
          if (hasVisibleText(runs)) caption = runs;
          captionIsNote = (child.attribs?.['class'] ?? '').split(/\s+/).includes('enhet');
        } else if (name === 'thead') visit(child, 'head');
        else if (name === 'tbody' || name === 'tfoot') visit(child, 'body');
        else if (name === 'tr') {
          const row = this.row(child, section);
          const spans = section === 'head' ? headSpans : bodySpans;
          placeRowspans(row, child, spans);
          // A row's comment row (statustabell.hbs) is never alone at the top of a page: the row above stays with it.
          const above = (section === 'head' ? head : body).at(-1);
          if (above && hasClass(child, 'kommentarrad')) above.keepWithNext = true;
          if (row.cells.length > 0) (section === 'head' ? head : body).push(row);
        }
      }
    };
    visit(node, 'body');
    // Ids inside the table (rows, cells) resolve to the top of the table.
    const inner = new Set<string>();
    for (const child of kids(node)) collectIds(child, inner);
    return { kind: 'table', caption, captionIsNote, head, body, ids: [...inner] };
  }

  private row(tr: DomNode, section: 'head' | 'body'): TableRow {
    const cls = classes(tr);
    const variant: RowVariant = cls.includes('summa')
      ? 'summa'
      : cls.includes('delsumma')
        ? 'delsumma'
        : cls.includes('grupp')
          ? 'grupp'
          : 'normal';
    const cells: TableCell[] = [];
    for (const child of kids(tr)) {
      if (!isElement(child)) continue;
      const name = tagName(child);
      if (name !== 'td' && name !== 'th') continue;
      const span = Number.parseInt(attr(child, 'colspan') ?? '1', 10);
      const scope = headerScope(name === 'th' ? attr(child, 'scope') : undefined);
      cells.push({
        header: name === 'th' && section === 'head',
        tag: name,
        ...(scope ? { scope } : {}),
        num: hasClass(child, 'num'),
        colspan: Number.isFinite(span) && span > 0 ? Math.min(span, 50) : 1,
        paragraphs: this.cellParagraphs(child),
      });
    }
    return { variant, cells };
  }

  /** Flattens the content of a table cell into paragraphs of runs. */
  private cellParagraphs(cell: DomNode): InlineRun[][] {
    const out: InlineRun[][] = [];
    const emit = (blocks: Block[], prefix: string | null) => {
      let first = true;
      for (const b of blocks) {
        const pre = first ? prefix : null;
        first = false;
        switch (b.kind) {
          case 'paragraph':
          case 'heading': {
            const runs = b.kind === 'heading' ? b.runs.map((r) => ({ ...r, bold: true })) : b.runs;
            out.push(pre ? [{ ...PLAIN, text: pre }, ...runs] : runs);
            break;
          }
          case 'list':
            b.items.forEach((item, i) => emit(item.blocks, b.ordered ? `${b.start + i}. ` : '•\u00a0'));
            break;
          case 'blockquote':
          case 'kommentar':
          case 'titlePage':
          case 'toc':
            emit(b.blocks, pre);
            break;
          case 'table':
            for (const row of [...b.head, ...b.body]) {
              const runs = normalizeRuns(row.cells.flatMap((c) => c.paragraphs.flatMap((p) => [...p, { ...PLAIN, text: ' ' }])));
              if (hasVisibleText(runs)) out.push(runs);
            }
            break;
          default:
            break;
        }
      }
    };
    emit(this.flow(kids(cell)), null);
    return out;
  }
}

function headerScope(value: string | undefined): HeaderScope | undefined {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'col' || v === 'row' || v === 'colgroup' || v === 'rowgroup' ? v : undefined;
}

function paragraphVariant(node: DomNode): ParagraphVariant {
  if (hasClass(node, 'kommentar-rubrik')) return 'kommentar-rubrik';
  if (hasClass(node, 'liten')) return 'liten';
  return 'body';
}

/** Appends `more` to `out` one by one (spreading a long array into push() overflows the stack). */
function append<T>(out: T[], more: readonly T[]): void {
  for (const item of more) out.push(item);
}

function attachId(blocks: Block[], id: string): void {
  const first = blocks[0];
  if (first !== undefined && first.kind !== 'pageBreak') first.ids.unshift(id);
  else blocks.unshift({ kind: 'anchor', ids: [id] });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function findFirst(node: DomNode, pred: (n: DomNode) => boolean, stopAt: string[]): DomNode | undefined {
  for (const child of kids(node)) {
    if (!isElement(child)) continue;
    if (pred(child)) return child;
    if (stopAt.includes(tagName(child))) continue;
    const found = findFirst(child, pred, stopAt);
    if (found) return found;
  }
  return undefined;
}

function findElement(node: DomNode, name: string): DomNode | undefined {
  for (const child of kids(node)) {
    if (!isElement(child)) continue;
    if (tagName(child) === name) return child;
    const found = findElement(child, name);
    if (found) return found;
  }
  return undefined;
}

function collectIds(node: DomNode, out: Set<string>): void {
  if (screenOnly(node)) return;
  const id = node.attribs?.['id'];
  if (id) out.add(id);
  for (const child of kids(node)) collectIds(child, out);
}

export type HtmlDocument = ReturnType<typeof parseDocument>;

/** Parses a standalone HTML document once, for the checks of the rendered HTML and for the PDF. */
export function parseHtml(html: string): HtmlDocument {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/** Turns a standalone HTML document into blocks (only the <body> is used). */
export function htmlToBlocks(html: string | HtmlDocument): Block[] {
  const document = typeof html === 'string' ? parseHtml(html) : html;
  const root = document as unknown as DomNode;
  const body = findElement(root, 'body') ?? root;
  const knownIds = new Set<string>();
  collectIds(body, knownIds);
  return new Converter(knownIds).flow(kids(body));
}

/**
 * An <img> whose src is a data: URI with a PNG or SVG (nothing is fetched). Its width comes from
 * style="width: …mm|px|pt" or the width attribute (CSS px); an image without either is skipped.
 */
function imageBlock(node: DomNode): Block[] {
  const src = attr(node, 'src') ?? '';
  const m = /^data:(image\/png|image\/svg\+xml);base64,([A-Za-z0-9+/=]+)$/.exec(src);
  if (!m) return [];
  const style = /width:\s*([\d.]+)\s*(mm|px|pt)/.exec(attr(node, 'style') ?? '');
  const perUnit: Record<string, number> = { mm: 72 / 25.4, px: 0.75, pt: 1 };
  const width = style ? Number(style[1]) * (perUnit[style[2] as string] ?? 1) : Number(attr(node, 'width') ?? NaN) * 0.75;
  if (!Number.isFinite(width) || width <= 0) return [];
  const id = attr(node, 'id');
  const mimeType = m[1] as 'image/png' | 'image/svg+xml';
  // A template may carry its own images: they pass the same checks as a theme logo.
  const check = mimeType === 'image/png' ? checkPng(Buffer.from(m[2] as string, 'base64')) : checkSvg(Buffer.from(m[2] as string, 'base64'));
  if (!check.ok || !check.data) return [];
  return [{ kind: 'image', data: check.data, mimeType, alt: attr(node, 'alt') ?? '', width, ids: id ? [id] : [] }];
}

/**
 * An inline <svg role="img"> (a chart): drawn as vectors, tagged as a Figure whose alternative text
 * is the SVG's <title> and <desc> — the same words a screen reader gets from the HTML.
 */
function inlineSvgBlock(node: DomNode): Block[] {
  // The HTML parser lowercased attribute names; SVG needs viewBox back in its own case.
  const source = renderDom(node as never, { xmlMode: true }).replace(/\sviewbox=/g, ' viewBox=');
  const check = checkSvg(Buffer.from(source, 'utf8'));
  const width = Number(attr(node, 'width') ?? NaN) * 0.75;
  if (!check.ok || !check.data || !Number.isFinite(width) || width <= 0) return [];
  const text = (tag: string) => {
    const el = kids(node).find((k) => isElement(k) && tagName(k) === tag);
    return el ? textContent(el as never).trim() : '';
  };
  const alt = attr(node, 'aria-label') ?? [text('title'), text('desc')].filter(Boolean).join('. ');
  const id = attr(node, 'id');
  return [{ kind: 'image', data: check.data, mimeType: 'image/svg+xml', alt, width, ids: id ? [id] : [] }];
}

interface PendingSpan {
  column: number;
  remaining: number;
  cell: TableCell;
}

/**
 * rowspan: a cell spanning rows keeps its column in the rows below, which get an empty cell there
 * (the layout draws rows one by one; the text stands in the first row). Without this, the later
 * cells of those rows would slide one column to the left.
 */
function placeRowspans(row: TableRow, tr: DomNode, pending: PendingSpan[]): void {
  const elements = kids(tr).filter((c) => isElement(c) && ['td', 'th'].includes(tagName(c)));
  const placed: TableCell[] = [];
  let column = 0;
  let next = 0;
  const take = (span: PendingSpan) => {
    placed.push({ ...span.cell, paragraphs: [] });
    span.remaining -= 1;
    column += span.cell.colspan;
  };
  for (;;) {
    const covering = pending.find((p) => p.remaining > 0 && p.column === column);
    if (covering) {
      take(covering);
      continue;
    }
    const cell = row.cells[next];
    if (cell === undefined) break;
    const rowspan = Number.parseInt(attr(elements[next] as DomNode, 'rowspan') ?? '1', 10);
    if (Number.isFinite(rowspan) && rowspan > 1) pending.push({ column, remaining: Math.min(rowspan, 500) - 1, cell });
    placed.push(cell);
    column += cell.colspan;
    next += 1;
  }
  for (const span of pending.filter((p) => p.remaining > 0 && p.column >= column).sort((a, b) => a.column - b.column)) {
    if (span.column === column) take(span);
  }
  for (let i = pending.length - 1; i >= 0; i -= 1) if ((pending[i] as PendingSpan).remaining <= 0) pending.splice(i, 1);
  row.cells = placed;
}
