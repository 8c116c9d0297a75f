/**
 * Lays out the block model on the page flow: paragraphs (with orphan/widow
 * control), headings (bookmarked, kept with the next block), lists,
 * blockquotes, kommentar blocks, rules, page breaks and the title page.
 * Tables and the table of contents have their own modules.
 *
 * Tags: P, H1–H4, L > LI > Lbl + LBody, BlockQuote, Div (kommentar), Sect
 * (title page); the hr rule, the kommentar bar and the title accent bar are
 * layout artifacts.
 */
import type { Block, HeadingBlock, ImageBlock, InlineRun, ListBlock, ParagraphBlock, ParagraphVariant } from '../model.js';
import { plainText } from '../model.js';
import SVGtoPDF from 'svg-to-pdfkit';
import { fontKeyFor } from '../fonts.js';
import { colors, page, spacing, text, titlePage, type BlockSpacing, type TextStyle } from '../style.js';
import type { PageFlow } from './flow.js';
import { breakLines, type Line } from './lines.js';
import { layoutTable, tableLeadHeight } from './table.js';
import { layoutToc, tocLeadHeight } from './toc.js';

export interface BlockContext {
  x: number;
  width: number;
  /** Inside a blockquote: text is italic. */
  italic: boolean;
  /** Inside list items paragraphs are spaced tighter. */
  inList: boolean;
  /** On the title page: larger type, no bookmarks. */
  title: boolean;
}

export function rootContext(flow: PageFlow): BlockContext {
  return { x: flow.left, width: flow.width, italic: false, inList: false, title: false };
}

function paragraphStyle(variant: ParagraphVariant, ctx: BlockContext): TextStyle {
  let style: TextStyle;
  if (ctx.title) style = variant === 'liten' || variant === 'figcaption' ? text.titlePage.small : text.titlePage.body;
  else if (variant === 'liten') style = text.small;
  else if (variant === 'kommentar-rubrik') style = text.kommentarRubrik;
  else if (variant === 'figcaption') style = text.figcaption;
  else style = text.body;
  return ctx.italic ? { ...style, italic: true, color: text.blockquote.color } : style;
}

function paragraphSpacing(variant: ParagraphVariant, ctx: BlockContext): BlockSpacing {
  if (ctx.title) return { before: 0, after: variant === 'liten' ? 4 : 8 };
  if (variant === 'kommentar-rubrik') return spacing.kommentarRubrik;
  if (ctx.inList) return spacing.listItem;
  if (variant === 'liten' || variant === 'figcaption') return spacing.small;
  return spacing.paragraph;
}

function headingStyle(block: HeadingBlock, ctx: BlockContext): TextStyle {
  if (ctx.title) {
    if (block.level === 1) return text.titlePage.h1;
    return block.level === 2 ? text.titlePage.h2 : text.titlePage.h3;
  }
  return text.headings[block.level];
}

function headingSpacing(block: HeadingBlock, ctx: BlockContext): BlockSpacing {
  if (ctx.title) return { before: 0, after: block.level === 1 ? 14 : 8 };
  return spacing.headings[block.level];
}

function linesHeight(lines: Line[]): number {
  return lines.reduce((h, l) => h + l.height, 0);
}

/**
 * Places lines with orphan/widow control: at least `spacing.orphans` lines at
 * the bottom of a page and `spacing.widows` at the top of the next.
 */
export function placeLines(flow: PageFlow, lines: Line[], x: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  let i = 0;
  while (i < lines.length) {
    const rest = lines.slice(i);
    if (flow.fits(linesHeight(rest))) {
      for (const line of rest) flow.placeLine(line, x, width, align);
      return;
    }
    // Count the lines that fit on this page.
    let fit = 0;
    let h = flow.pendingGap;
    while (fit < rest.length && flow.y + h + rest[fit]!.height <= flow.bottom + 0.01) {
      h += rest[fit]!.height;
      fit += 1;
    }
    if (fit > rest.length - spacing.widows) fit = rest.length - spacing.widows;
    if (fit < spacing.orphans) {
      if (!flow.fresh) {
        flow.newPage();
        continue;
      }
      fit = Math.max(1, fit);
    }
    for (let k = 0; k < fit; k += 1) flow.placeLine(rest[k]!, x, width, align);
    i += fit;
    flow.newPage();
  }
}

function layoutParagraph(flow: PageFlow, block: ParagraphBlock, ctx: BlockContext): void {
  const style = paragraphStyle(block.variant, ctx);
  const sp = paragraphSpacing(block.variant, ctx);
  const lines = breakLines(block.runs, style, ctx.width, flow.fonts);
  flow.space(sp.before);
  flow.addIds(block.ids);
  flow.tagger.element('P', () => placeLines(flow, lines, ctx.x, ctx.width));
  flow.space(sp.after);
}

function layoutHeading(flow: PageFlow, block: HeadingBlock, ctx: BlockContext, next: Block[]): void {
  const style = headingStyle(block, ctx);
  const sp = headingSpacing(block, ctx);
  const lines = breakLines(block.runs, style, ctx.width, flow.fonts);
  flow.space(sp.before);
  // Keep with next: the heading and the start of what follows must fit together.
  const need = linesHeight(lines) + sp.after + leadHeight(flow, next, ctx);
  if (!flow.fits(need)) flow.newPage();
  flow.addIds(block.ids);
  flow.tagger.element(`H${block.level}`, () => {
    lines.forEach((line, i) => {
      const top = flow.placeLine(line, ctx.x, ctx.width);
      if (i === 0 && !ctx.title) flow.addOutline(block.level, plainText(block.runs), top);
    });
  });
  flow.space(sp.after);
}

const BULLETS = ['•', '–', '◦'];

function layoutList(flow: PageFlow, block: ListBlock, ctx: BlockContext, depth: number): void {
  flow.space(ctx.inList ? 0 : spacing.list.before);
  flow.addIds(block.ids);
  const inner: BlockContext = { ...ctx, x: ctx.x + spacing.listIndent, width: ctx.width - spacing.listIndent, inList: true };
  const style = paragraphStyle('body', ctx);
  const bullet = BULLETS[depth % BULLETS.length]!;
  const tagger = flow.tagger;
  tagger.element('L', () => {
    block.items.forEach((item, i) => {
      const label = block.ordered ? `${block.start + i}.` : bullet;
      const markerRuns: InlineRun[] = [{ text: label, bold: false, italic: false, code: false }];
      const markerLine = breakLines(markerRuns, { ...style, color: block.ordered ? style.color : colors.accent }, 1000, flow.fonts)[0];
      tagger.element('LI', () => {
        const tag = tagger.add('Lbl');
        flow.marker = markerLine ? { line: markerLine, right: inner.x - spacing.listMarkerGap, tag } : null;
        flow.addIds(item.ids);
        tagger.element('LBody', () => layoutBlocks(flow, item.blocks, inner, depth + 1));
        flow.marker = null;
      });
      flow.space(spacing.listItem.after);
    });
  }, { attributes: { O: 'List', ListNumbering: block.ordered ? 'Decimal' : bullet === '◦' ? 'Circle' : 'Disc' } });
  flow.space(ctx.inList ? spacing.listItem.after : spacing.list.after);
}

function layoutKommentar(flow: PageFlow, blocks: Block[], ids: string[], ctx: BlockContext, depth: number): void {
  const k = spacing.kommentar;
  flow.space(k.before);
  flow.addIds(ids);
  const x = ctx.x;
  const decoration = {
    segmentTop: null as number | null,
    draw(top: number, bottom: number) {
      flow.tagger.artifact(() => {
        flow.doc.save().rect(x, top - k.padY, k.ruleWidth, bottom - top + 2 * k.padY).fill(colors.kommentarRule).restore();
      });
    },
  };
  flow.pushDecoration(decoration);
  flow.tagger.element('Div', () => layoutBlocks(flow, blocks, { ...ctx, x: ctx.x + k.indent, width: ctx.width - k.indent }, depth));
  flow.popDecoration(decoration);
  flow.space(k.after);
}

function layoutRule(flow: PageFlow, ids: string[], ctx: BlockContext): void {
  flow.space(spacing.rule.before);
  flow.addIds(ids);
  const top = flow.place(spacing.rule.width, ctx.x);
  const y = top + spacing.rule.width / 2;
  flow.tagger.artifact(() => {
    flow.doc.save().moveTo(ctx.x, y).lineTo(ctx.x + ctx.width, y).lineWidth(spacing.rule.width).strokeColor(colors.rule).stroke().restore();
  });
  flow.space(spacing.rule.after);
}

/** Height of the title page content, for vertical placement. */
function titleContentHeight(flow: PageFlow, blocks: Block[], ctx: BlockContext): number {
  let h = 0;
  let gap = 0;
  for (const b of blocks) {
    let lines: Line[] = [];
    let sp: BlockSpacing = { before: 0, after: 0 };
    if (b.kind === 'heading') {
      lines = breakLines(b.runs, headingStyle(b, ctx), ctx.width, flow.fonts);
      sp = headingSpacing(b, ctx);
    } else if (b.kind === 'paragraph') {
      lines = breakLines(b.runs, paragraphStyle(b.variant, ctx), ctx.width, flow.fonts);
      sp = paragraphSpacing(b.variant, ctx);
    } else if (b.kind === 'image') {
      h += (h > 0 ? gap : 0) + imageSize(b, ctx).height;
      gap = spacing.paragraph.after * 2;
      continue;
    } else continue;
    h += (h > 0 ? Math.max(gap, sp.before) : 0) + linesHeight(lines);
    gap = sp.after;
  }
  return h;
}

function layoutTitlePage(flow: PageFlow, blocks: Block[], ids: string[], ctx: BlockContext): void {
  flow.newPage();
  const first = flow.pageNumber;
  const inner: BlockContext = { ...ctx, title: true };
  const height = titleContentHeight(flow, blocks, inner);
  const free = Math.max(0, flow.bottom - flow.top - height);
  const startY = flow.top + free * titlePage.verticalBias;
  const bar = titlePage.accentBar;
  flow.tagger.artifact(() => {
    flow.doc.save().rect(ctx.x, startY - bar.gapBelow - bar.height, bar.width, bar.height).fill(bar.color).restore();
  });
  flow.y = startY;
  flow.fresh = false;
  flow.addIds(ids);
  flow.tagger.element('Sect', () => layoutBlocks(flow, blocks, inner, 0));
  for (let p = first; p <= flow.pageNumber; p += 1) flow.plainPages.add(p);
  flow.newPage();
}

/** Height that must fit below a heading: the start of the next block(s). */
export function leadHeight(flow: PageFlow, blocks: Block[], ctx: BlockContext): number {
  const b = blocks[0];
  if (b === undefined) return 0;
  const keep = spacing.keepWithNextLines;
  switch (b.kind) {
    case 'image':
      return imageSize(b, ctx).height;
    case 'paragraph': {
      const lines = breakLines(b.runs, paragraphStyle(b.variant, ctx), ctx.width, flow.fonts);
      const n = lines.length <= keep + 1 ? lines.length : keep;
      // A one-line subtitle between two headings ("Perspektiv: …") stays with what follows it too.
      const next = blocks[1];
      if (lines.length === 1 && next?.kind === 'heading') {
        return linesHeight(lines) + paragraphSpacing(b.variant, ctx).after + leadHeight(flow, blocks.slice(1), ctx);
      }
      return linesHeight(lines.slice(0, n));
    }
    case 'heading': {
      const lines = breakLines(b.runs, headingStyle(b, ctx), ctx.width, flow.fonts);
      const sp = headingSpacing(b, ctx);
      return sp.before + linesHeight(lines) + sp.after + leadHeight(flow, blocks.slice(1), ctx);
    }
    case 'list': {
      const first = b.items[0];
      if (!first) return leadHeight(flow, blocks.slice(1), ctx);
      return leadHeight(flow, first.blocks, { ...ctx, x: ctx.x + spacing.listIndent, width: ctx.width - spacing.listIndent, inList: true });
    }
    case 'blockquote':
      return spacing.blockquote.before + leadHeight(flow, b.blocks, { ...ctx, width: ctx.width - spacing.blockquote.indent, italic: true });
    case 'kommentar':
      return spacing.kommentar.before + leadHeight(flow, b.blocks, { ...ctx, width: ctx.width - spacing.kommentar.indent });
    case 'table':
      return spacing.table.before + tableLeadHeight(flow, b, ctx);
    case 'toc':
      return tocLeadHeight(flow, b, ctx);
    case 'anchor':
      return leadHeight(flow, blocks.slice(1), ctx);
    case 'rule':
      return spacing.rule.before + spacing.rule.width;
    default:
      return 0;
  }
}

export function layoutBlocks(flow: PageFlow, blocks: Block[], ctx: BlockContext, depth = 0): void {
  blocks.forEach((block, i) => {
    switch (block.kind) {
      case 'paragraph':
        layoutParagraph(flow, block, ctx);
        break;
      case 'heading':
        layoutHeading(flow, block, ctx, blocks.slice(i + 1));
        break;
      case 'list':
        layoutList(flow, block, ctx, depth);
        break;
      case 'blockquote': {
        const q = spacing.blockquote;
        flow.space(q.before);
        flow.addIds(block.ids);
        flow.tagger.element('BlockQuote', () => {
          layoutBlocks(flow, block.blocks, { ...ctx, x: ctx.x + q.indent, width: ctx.width - q.indent, italic: true }, depth);
        });
        flow.space(q.after);
        break;
      }
      case 'kommentar':
        layoutKommentar(flow, block.blocks, block.ids, ctx, depth);
        break;
      case 'rule':
        layoutRule(flow, block.ids, ctx);
        break;
      case 'pageBreak':
        flow.addIds(block.ids);
        flow.newPage();
        break;
      case 'anchor':
        flow.addIds(block.ids);
        break;
      case 'titlePage':
        layoutTitlePage(flow, block.blocks, block.ids, ctx);
        break;
      case 'image':
        layoutImage(flow, block, ctx);
        break;
      case 'toc':
        layoutToc(flow, block, ctx, (inner, c) => layoutBlocks(flow, inner, c, depth));
        break;
      case 'table':
        layoutTable(flow, block, ctx);
        break;
    }
  });
}

/** Intrinsic aspect ratio of a PNG (IHDR) or an SVG (viewBox, else width/height). */
function aspectRatio(block: ImageBlock): number {
  if (block.mimeType === 'image/png') {
    const w = block.data.readUInt32BE(16);
    const h = block.data.readUInt32BE(20);
    return w > 0 ? h / w : 1;
  }
  const svg = block.data.toString('utf8');
  const viewBox = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(svg);
  if (viewBox) return Number(viewBox[2]) / Number(viewBox[1]);
  const w = /<svg[^>]*\swidth\s*=\s*["']([\d.]+)/.exec(svg);
  const h = /<svg[^>]*\sheight\s*=\s*["']([\d.]+)/.exec(svg);
  return w && h ? Number(h[1]) / Number(w[1]) : 1;
}

function imageSize(block: ImageBlock, ctx: BlockContext): { width: number; height: number } {
  // Never taller than a page's text area (a bar chart of 50 enheter is scaled down, not cut off).
  const maxHeight = (page.height - page.margins.top - page.margins.bottom) * 0.92;
  const aspect = aspectRatio(block);
  const width = Math.min(block.width, ctx.width, maxHeight / aspect);
  return { width, height: width * aspect };
}

/** An image as a Figure with its alternative text; without alt text it is decoration. */
function layoutImage(flow: PageFlow, block: ImageBlock, ctx: BlockContext): void {
  const { width, height } = imageSize(block, ctx);
  flow.space(spacing.paragraph.before);
  const top = flow.place(height, ctx.x);
  flow.addIds(block.ids);
  const draw = () => {
    if (block.mimeType === 'image/png') flow.doc.image(block.data, ctx.x, top, { width, height });
    else
      SVGtoPDF(flow.doc, block.data.toString('utf8'), ctx.x, top, {
        width,
        height,
        preserveAspectRatio: 'xMinYMin meet',
        // SVG text is set in our embedded faces: never a standard-14 font.
        fontCallback: (_family, bold, italic) => fontKeyFor('sans', bold, italic),
        // Sanitized SVG has no links or images; should one slip through, nothing is fetched or linked.
        imageCallback: () => '',
        documentCallback: () => '',
        warningCallback: () => undefined,
      });
  };
  if (block.alt.trim() === '') {
    flow.tagger.artifact(draw);
  } else {
    const pageHeight = flow.doc.page.height;
    const bbox = [ctx.x, pageHeight - top - height, ctx.x + width, pageHeight - top].map((v) => Math.round(v * 100) / 100);
    flow.tagger.element('Figure', () => flow.tagger.content(draw), { alt: block.alt, attributes: { O: 'Layout', BBox: bbox } });
  }
  flow.space(spacing.paragraph.after * 2);
}
