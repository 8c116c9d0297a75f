/**
 * Table of contents from <nav class="innehall">: one line group per entry,
 * dot leaders and the right-aligned page number, drawn once the whole document
 * is laid out. The number column has a fixed width, so the entries take their
 * space before their page numbers are known.
 */
import type { Block, TocBlock } from '../base/model.js';
import { plainText } from '../base/model.js';
import type { StructNode } from '../base/tagging.js';
import { colors, spacing, text, type TextStyle } from '../base/style.js';
import type { BlockContext } from './context.js';
import type { PageFlow } from './flow.js';
import { breakLines, baselineOf, type Line } from './lines.js';
import { ASCENT } from '../base/fonts.js';

function entryStyle(level: number): TextStyle {
  return level <= 1 ? text.toc.level1 : text.toc.other;
}

function entryGeometry(ctx: BlockContext, level: number) {
  const t = spacing.toc;
  const indent = (Math.max(1, level) - 1) * t.indent;
  const textWidth = ctx.width - indent - t.numberWidth - 6 * t.dotPitch;
  return { indent, textWidth };
}

export function tocLeadHeight(flow: PageFlow, block: TocBlock, ctx: BlockContext): number {
  const first = block.entries[0];
  if (!first) return 0;
  const { textWidth } = entryGeometry(ctx, first.level);
  const lines = breakLines(first.runs, entryStyle(first.level), textWidth, flow.fonts);
  return lines.reduce((h, l) => h + l.height, 0);
}

function drawLeader(flow: PageFlow, line: Line, from: number, to: number, top: number, style: TextStyle): void {
  const pitch = spacing.toc.dotPitch;
  const origin = flow.left;
  const first = origin + Math.ceil((from - origin) / pitch) * pitch;
  const count = Math.floor((to - first) / pitch) + 1;
  if (count < 2) return;
  const dotWidth = flow.fonts.width('sans', style.size, '.');
  flow.fonts.use('sans', style.size);
  flow.doc.fillColor(colors.muted);
  const y = baselineOf(line, top) - ASCENT * style.size;
  flow.doc.text('.'.repeat(count), first - dotWidth / 2, y, { lineBreak: false, characterSpacing: pitch - dotWidth });
}

/**
 * TOC > TOCI per entry, a nested TOC inside the TOCI of the entry above for
 * deeper levels. An entry with a target is a Link (text, page number and the
 * GoTo annotation); the dot leader is an artifact.
 */
export function layoutToc(
  flow: PageFlow,
  block: TocBlock,
  ctx: BlockContext,
  layoutInner: (blocks: Block[], ctx: BlockContext) => void,
): void {
  flow.addIds(block.ids);
  layoutInner(block.blocks, ctx);
  const t = spacing.toc;
  const tagger = flow.tagger;
  const levels: Array<{ level: number; toc: StructNode; item: StructNode | null }> = [
    { level: block.entries[0]?.level ?? 1, toc: tagger.add('TOC'), item: null },
  ];
  for (const entry of block.entries) {
    const style = entryStyle(entry.level);
    const { indent, textWidth } = entryGeometry(ctx, entry.level);
    const lines = breakLines(entry.runs, { ...style, color: colors.text }, textWidth, flow.fonts);
    if (lines.length === 0) continue;
    while (levels.length > 1 && levels[levels.length - 1]!.level > entry.level) levels.pop();
    let parent = levels[levels.length - 1]!;
    if (entry.level > parent.level && parent.item) {
      parent = { level: entry.level, toc: tagger.add('TOC', { parent: parent.item }), item: null };
      levels.push(parent);
    }
    const item = tagger.add('TOCI', { parent: parent.toc });
    parent.item = item;
    const owner = entry.target !== undefined ? tagger.add('Link', { parent: item }) : item;

    if (entry.level <= 1) flow.space(t.level1Before);
    const total = lines.reduce((h, l) => h + l.height, 0);
    flow.ensure(total);
    const x = ctx.x + indent;
    let firstTop = 0;
    let lastTop = 0;
    tagger.within(owner, () => {
      lines.forEach((line, i) => {
        lastTop = flow.placeLine(line, x, textWidth);
        if (i === 0) firstTop = lastTop;
      });
    });
    const last = lines[lines.length - 1]!;
    const right = ctx.x + ctx.width;
    tagger.artifact(() => drawLeader(flow, last, x + last.width + 4, right - t.numberWidth, lastTop, style));
    // The page number is known once the whole document is laid out: it is drawn then, on this page,
    // into the column of fixed width reserved for it, so the entry takes the same space either way.
    const target = entry.target;
    if (target === undefined) {
      flow.space(t.lineGap);
      continue;
    }
    flow.afterLayout(() => {
      const pageNo = flow.destinations.get(target);
      if (pageNo !== undefined) {
        const num = String(pageNo);
        const numStyle = { ...style, bold: entry.level <= 1 };
        const numLine = breakLines([{ text: num, bold: numStyle.bold, italic: false, code: false }], numStyle, t.numberWidth, flow.fonts)[0];
        if (numLine) {
          const baseline = baselineOf(last, lastTop);
          // A space before the number keeps entry text and page number apart in the extracted text.
          const font = numLine.pieces[0]!.font;
          const space = flow.fonts.width(font, style.size, ' ');
          tagger.within(owner, () => tagger.content(() => {
            flow.fonts.use(font, style.size);
            flow.doc.fillColor(colors.text);
            flow.doc.text(` ${num}`, right - numLine.width - space, baseline - ASCENT * style.size, { lineBreak: false });
          }));
        }
      }
      const label = pageNo !== undefined ? `${plainText(entry.runs)}, sida ${pageNo}` : plainText(entry.runs);
      tagger.annotation(owner, label, (options) => {
        flow.doc.goTo(x, firstTop, right - x, lastTop + last.height - firstTop, target, options as PDFKit.Mixins.AnnotationOption);
      });
    });
    flow.space(t.lineGap);
  }
  flow.space(spacing.paragraph.after * 2);
}
