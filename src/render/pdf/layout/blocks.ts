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
import type { Block, HeadingBlock, ImageBlock, InlineRun, ListBlock, ParagraphBlock, ParagraphVariant, TableBlock } from '../base/model.js';
import { aspectRatio } from './aspect-ratio.js';
import { drawImage } from './draw-image.js';
import { plainText } from '../base/model.js';
import { colors, page, spacing, text, type BlockSpacing, type TextStyle } from '../base/style.js';
import type { PageFlow } from './flow.js';
import type { BlockContext } from './context.js';
import { breakLines, type Line } from './lines.js';
import { layoutTable, tableHeight, tableLeadHeight } from './table.js';
import { layoutToc, tocLeadHeight } from './toc.js';
import { layoutTitlePage as layoutCover } from './title-page.js';

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
 * A paragraph's lines as leadAt broke them (for a heading or label before it), kept for
 * layoutParagraph to place: breaking a 1 MB paragraph takes a second or more, and it was broken
 * twice. Taken at most once; the same style, width and fonts give the same lines.
 */
const brokenAhead = new WeakMap<ParagraphBlock, { style: string; width: number; fonts: PageFlow['fonts']; lines: Line[] }>();

function paragraphLines(flow: PageFlow, block: ParagraphBlock, style: TextStyle, width: number, keep: boolean): Line[] {
  const key = JSON.stringify(style);
  const ahead = brokenAhead.get(block);
  if (ahead !== undefined && ahead.style === key && ahead.width === width && ahead.fonts === flow.fonts) {
    if (!keep) brokenAhead.delete(block);
    return ahead.lines;
  }
  const lines = breakLines(block.runs, style, width, flow.fonts);
  if (keep) brokenAhead.set(block, { style: key, width, fonts: flow.fonts, lines });
  return lines;
}

/**
 * Places lines with orphan/widow control: at least `spacing.orphans` lines at
 * the bottom of a page and `spacing.widows` at the top of the next.
 */
export function placeLines(flow: PageFlow, lines: Line[], x: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  let i = 0;
  while (i < lines.length) {
    // The lines from `i` on, by index: a paragraph of 10 000 lines is not copied and summed on every page.
    const rest = lines.length - i;
    if (restFits(flow, lines, i)) {
      for (let k = i; k < lines.length; k += 1) flow.placeLine(lines[k]!, x, width, align);
      return;
    }
    // Count the lines that fit on this page.
    let fit = 0;
    let h = flow.pendingGap;
    while (fit < rest && flow.y + h + lines[i + fit]!.height <= flow.bottom + 0.01) {
      h += lines[i + fit]!.height;
      fit += 1;
    }
    if (fit > rest - spacing.widows) fit = rest - spacing.widows;
    if (fit < spacing.orphans) {
      if (!flow.fresh) {
        flow.newPage();
        continue;
      }
      fit = Math.max(1, fit);
    }
    for (let k = 0; k < fit; k += 1) flow.placeLine(lines[i + k]!, x, width, align);
    i += fit;
    flow.newPage();
  }
}

/**
 * `flow.fits(linesHeight(lines.slice(from)))`, summed in the same order but no further than the
 * page: the sum only grows, so once a part of it does not fit, the whole does not either.
 */
function restFits(flow: PageFlow, lines: Line[], from: number): boolean {
  if (flow.fits(0) && flow.fresh) return true;
  let h = 0;
  for (let k = from; k < lines.length; k += 1) {
    h += lines[k]!.height;
    if (!flow.fits(h)) return false;
  }
  return flow.fits(h);
}

/**
 * A paragraph that belongs to what follows it: a label ("Senaste kommentar (…):", "Beslutet skickas
 * till:") and a caption set above its figure. It is never the last thing on a page.
 */
function keptWithNext(block: ParagraphBlock, prev: Block | undefined, next: Block | undefined): boolean {
  return block.variant === 'kommentar-rubrik' || (block.variant === 'figcaption' && prev?.kind !== 'image' && next?.kind === 'image');
}

/** `blocks[from]` on: what follows the paragraph. */
function layoutParagraph(flow: PageFlow, block: ParagraphBlock, ctx: BlockContext, blocks: Block[], from: number): void {
  const style = paragraphStyle(block.variant, ctx);
  const sp = paragraphSpacing(block.variant, ctx);
  const lines = paragraphLines(flow, block, style, ctx.width, false);
  flow.space(sp.before);
  if (keptWithNext(block, blocks[from - 2], blocks[from]) && !flow.fits(linesHeight(lines) + sp.after + leadAt(flow, blocks, from, ctx))) flow.newPage();
  flow.addIds(block.ids);
  flow.tagger.element('P', () => placeLines(flow, lines, ctx.x, ctx.width));
  flow.space(sp.after);
}

/** `blocks[from]` on: what follows the heading. */
function layoutHeading(flow: PageFlow, block: HeadingBlock, ctx: BlockContext, blocks: Block[], from: number): void {
  const style = headingStyle(block, ctx);
  const sp = headingSpacing(block, ctx);
  const lines = breakLines(block.runs, style, ctx.width, flow.fonts);
  flow.space(sp.before);
  // Keep with next: the heading and the start of what follows must fit together.
  const need = linesHeight(lines) + sp.after + leadAt(flow, blocks, from, ctx);
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

/**
 * Height that must fit below a heading (or a label) on its page: the start of the next block(s) —
 * `budget` lines of text (a paragraph of a line or two takes the start of what follows it too), the
 * first rows of a table or all of a short one, a figure with its caption.
 */
export function leadHeight(flow: PageFlow, blocks: Block[], ctx: BlockContext, budget: number = spacing.keepWithNextLines): number {
  return leadAt(flow, blocks, 0, ctx, budget);
}

/** How many blocks deep leadHeight looks. */
const MAX_LEAD_DEPTH = 12;

/** leadHeight of `blocks[from]` on (an index, not a slice: a container can hold very many blocks). */
function leadAt(flow: PageFlow, blocks: Block[], from: number, ctx: BlockContext, budget: number = spacing.keepWithNextLines, depth = 0): number {
  const b = blocks[from];
  // A run of headings or labels is followed this far, no further (a prose file of thousands of headings).
  if (b === undefined || depth > MAX_LEAD_DEPTH) return 0;
  switch (b.kind) {
    case 'image':
      return imageSize(b, ctx).height + captionBelowHeight(flow, blocks[from + 1], ctx);
    case 'paragraph': {
      const lines = paragraphLines(flow, b, paragraphStyle(b.variant, ctx), ctx.width, true);
      const after = paragraphSpacing(b.variant, ctx).after;
      if (keptWithNext(b, blocks[from - 1], blocks[from + 1])) return linesHeight(lines) + after + leadAt(flow, blocks, from + 1, ctx, budget, depth + 1);
      // At least `budget` lines, never fewer than the orphans a page bottom takes, never leaving fewer than the widows.
      const n = Math.max(budget, spacing.orphans);
      if (lines.length >= budget) return linesHeight(lines.slice(0, lines.length - n < spacing.widows ? lines.length : n));
      // A line or two (a subtitle, an intro, "Perspektiv: …") is not enough on its own: the start of what follows goes with it.
      return linesHeight(lines) + after + leadAt(flow, blocks, from + 1, ctx, budget - lines.length, depth + 1);
    }
    case 'heading': {
      const lines = breakLines(b.runs, headingStyle(b, ctx), ctx.width, flow.fonts);
      const sp = headingSpacing(b, ctx);
      return sp.before + linesHeight(lines) + sp.after + leadAt(flow, blocks, from + 1, ctx, spacing.keepWithNextLines, depth + 1);
    }
    case 'list': {
      // The items' paragraphs in a row: a list of one-line items gives as many items as the budget asks.
      const inner = { ...ctx, x: ctx.x + spacing.listIndent, width: ctx.width - spacing.listIndent, inList: true };
      const items = b.items.flatMap((item) => item.blocks);
      if (items.length === 0) return leadAt(flow, blocks, from + 1, ctx, budget, depth + 1);
      return spacing.list.before + leadAt(flow, items, 0, inner, budget, depth + 1);
    }
    case 'blockquote':
      return spacing.blockquote.before + leadAt(flow, b.blocks, 0, { ...ctx, width: ctx.width - spacing.blockquote.indent, italic: true }, budget, depth + 1);
    case 'kommentar':
      return spacing.kommentar.before + leadAt(flow, b.blocks, 0, { ...ctx, width: ctx.width - spacing.kommentar.indent }, budget, depth + 1);
    case 'table':
      return spacing.table.before + (shortTable(flow, b, ctx) ? tableHeight(flow, b, ctx) : tableLeadHeight(flow, b, ctx));
    case 'toc':
      return tocLeadHeight(flow, b, ctx);
    case 'anchor':
      return leadAt(flow, blocks, from + 1, ctx, budget, depth + 1);
    case 'rule':
      return spacing.rule.before + spacing.rule.width;
    default:
      return 0;
  }
}

/** Most body rows of a table kept on one page. */
export const SHORT_TABLE_ROWS = 8;
/** …if it takes at most this share of a page's text area (a taller one would leave too much of a page empty). */
const SHORT_TABLE_SHARE = 0.5;

/** A short table is never split: it moves to the next page whole. */
function shortTable(flow: PageFlow, block: TableBlock, ctx: BlockContext): boolean {
  return block.body.length <= SHORT_TABLE_ROWS && tableHeight(flow, block, ctx) <= (flow.bottom - flow.top) * SHORT_TABLE_SHARE;
}

/** Height of the notes under a table (small print: sources, footnotes; `blocks[from]` on), kept with a short table. */
function notesHeight(flow: PageFlow, blocks: Block[], from: number, ctx: BlockContext): number {
  let h = 0;
  for (let i = from; i < blocks.length && i < from + 4; i += 1) {
    const b = blocks[i]!;
    if (b.kind !== 'paragraph' || b.variant !== 'liten') break;
    h += spacing.small.after + linesHeight(breakLines(b.runs, paragraphStyle(b.variant, ctx), ctx.width, flow.fonts));
  }
  return h;
}

/** Height of a figure's caption set below it (with the gap), when `next` is one. */
function captionBelowHeight(flow: PageFlow, next: Block | undefined, ctx: BlockContext): number {
  if (next?.kind !== 'paragraph' || next.variant !== 'figcaption') return 0;
  const sp = paragraphSpacing(next.variant, ctx);
  return Math.max(spacing.paragraph.after * 2, sp.before) + linesHeight(breakLines(next.runs, paragraphStyle(next.variant, ctx), ctx.width, flow.fonts));
}

function layoutShortTable(flow: PageFlow, block: TableBlock, ctx: BlockContext, blocks: Block[], from: number): void {
  if (shortTable(flow, block, ctx)) {
    flow.space(spacing.table.before);
    if (!flow.fits(tableHeight(flow, block, ctx) + notesHeight(flow, blocks, from, ctx))) flow.newPage();
  }
  layoutTable(flow, block, ctx);
}

export function layoutBlocks(flow: PageFlow, blocks: Block[], ctx: BlockContext, depth = 0): void {
  blocks.forEach((block, i) => {
    switch (block.kind) {
      case 'paragraph':
        layoutParagraph(flow, block, ctx, blocks, i + 1);
        break;
      case 'heading':
        layoutHeading(flow, block, ctx, blocks, i + 1);
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
        layoutCover(flow, block.blocks, block.ids, ctx);
        break;
      case 'image':
        layoutImage(flow, block, ctx, captionBelowHeight(flow, blocks[i + 1], ctx));
        break;
      case 'toc':
        layoutToc(flow, block, ctx, (inner, c) => layoutBlocks(flow, inner, c, depth));
        break;
      case 'table':
        layoutShortTable(flow, block, ctx, blocks, i + 1);
        break;
    }
  });
}

function imageSize(block: ImageBlock, ctx: BlockContext): { width: number; height: number } {
  // Never taller than a page's text area (a bar chart of 50 enheter is scaled down, not cut off).
  const maxHeight = (page.height - page.margins.top - page.margins.bottom) * 0.92;
  const aspect = aspectRatio(block);
  const width = Math.min(block.width, ctx.width, maxHeight / aspect);
  return { width, height: width * aspect };
}

/** An image as a Figure with its alternative text; without alt text it is decoration. `caption`: the height of its caption below, kept on its page. */
function layoutImage(flow: PageFlow, block: ImageBlock, ctx: BlockContext, caption = 0): void {
  const { width, height } = imageSize(block, ctx);
  flow.space(spacing.paragraph.before);
  if (!flow.fits(height + caption)) flow.newPage();
  const top = flow.place(height, ctx.x);
  flow.addIds(block.ids);
  drawImage(flow, block, ctx.x, top, { width, height });
  flow.space(spacing.paragraph.after * 2);
}
