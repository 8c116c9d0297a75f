/**
 * The title page (cover): the report's <header class="titelsida"> laid out on a page of its own,
 * without running header and footer.
 *
 *  - a coloured field in the theme's colours (färger.titelsida, titelsida_text) bleeds over the top
 *    of the page and ends in a thin accent stripe; in it, set at its foot: the kommun as an
 *    overline, the report's name large and bold, then nämnd, förvaltning and period;
 *  - a small text before the heading (the beteckning, "Bilaga 1") stands in the field's top right
 *    corner;
 *  - at the foot of the page: the logo on white (left) and the small texts after the heading
 *    (diarienummer, status; right, or left without a logo).
 *
 * The parts are recognised by their place in the header, not by class names (the block model has
 * none), so a kommun's own copy of the templates gets the same cover: what stands before the h1 is
 * overline (or, set small, the corner), the h1 is the title, the first paragraph after it the
 * subtitle, the rest lines in the field, and small paragraphs after it the foot. Only what the
 * header holds is set; nothing is added.
 *
 * Tags: one Sect holding the header's P, H1 and Figure elements in the HTML's order (the reading
 * order); the field, the stripe and the corner rule are layout artifacts.
 */
import type { Block, ImageBlock, InlineRun } from '../base/model.js';
import { aspectRatio } from './aspect-ratio.js';
import { drawImage } from './draw-image.js';
import { colors, page, text, type TextStyle } from '../base/style.js';
import type { BlockContext } from './context.js';
import type { PageFlow } from './flow.js';
import { breakLines, type Line } from './lines.js';

type Role = 'corner' | 'overline' | 'title' | 'subtitle' | 'line' | 'foot' | 'logo' | 'anchor';

interface Part {
  role: Role;
  block: Block;
  /** Text parts: their lines (in the style of their role). */
  lines: Line[];
  /** The structure element the part is tagged as. */
  tag: 'P' | 'H1' | 'H2' | 'H3' | 'H4' | 'Figure' | null;
}

/** Geometry of the cover, in points. */
const COVER = {
  /** Where the field ends when its content is short, as a share of the page height. */
  fieldShare: 0.57,
  /** Space between the field's last line and its lower edge. */
  padBottom: 46,
  /** Least space between the corner text (or the page top margin) and the overline. */
  padTop: 40,
  /** The accent stripe under the field. */
  stripe: 5,
  /** A short rule in the field's text colour above the overline. */
  rule: { width: 42, height: 3, gapBelow: 14 },
  gaps: { overline: 3, afterOverline: 10, afterTitle: 14, afterSubtitle: 5, line: 2, beforeLastLine: 12 },
  /** Between the logo and the foot texts, and between foot lines. */
  foot: { gap: 18, line: 2, rule: 12 },
};

function styles(): Record<Exclude<Role, 'logo' | 'anchor'>, TextStyle> {
  // Sizes are designed for a 9.8 pt body and follow the theme's body size.
  const z = (size: number) => Math.round((size * text.body.size * 100) / 9.8) / 100;
  const base: TextStyle = { ...text.body, color: colors.coverText };
  return {
    corner: { ...base, size: z(9.5), leading: 1.3 },
    overline: { ...base, size: z(11), bold: true, leading: 1.3 },
    title: { ...base, size: z(29), bold: true, leading: 1.12 },
    subtitle: { ...base, size: z(16.5), leading: 1.25 },
    line: { ...base, size: z(12), leading: 1.35 },
    foot: { ...text.body, size: z(9.5), color: colors.muted, leading: 1.4 },
  };
}

/** The inline text of any block (a title page normally holds only paragraphs, a heading and a logo). */
function runsOf(block: Block): InlineRun[] {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return block.runs;
    case 'blockquote':
    case 'kommentar':
    case 'titlePage':
    case 'toc':
      return block.blocks.flatMap((b) => [...runsOf(b), { text: ' ', bold: false, italic: false, code: false }]);
    case 'list':
      return block.items.flatMap((item) => item.blocks.flatMap((b) => [...runsOf(b), { text: ' ', bold: false, italic: false, code: false }]));
    case 'table':
      return [...block.head, ...block.body].flatMap((row) => row.cells.flatMap((c) => c.paragraphs.flatMap((p) => [...p, { text: ' ', bold: false, italic: false, code: false }])));
    default:
      return [];
  }
}

/** Each block's part of the cover, by its place around the title heading. */
function assignParts(flow: PageFlow, blocks: Block[], width: number): Part[] {
  const st = styles();
  const titleIndex = blocks.findIndex((b) => b.kind === 'heading' && b.level === 1);
  const headingIndex = titleIndex >= 0 ? titleIndex : blocks.findIndex((b) => b.kind === 'heading');
  let subtitleTaken = false;
  return blocks.map((block, i): Part => {
    if (block.kind === 'image') return { role: 'logo', block, lines: [], tag: block.alt.trim() === '' ? null : 'Figure' };
    if (block.kind === 'anchor' || block.kind === 'pageBreak' || block.kind === 'rule') return { role: 'anchor', block, lines: [], tag: null };
    const small = block.kind === 'paragraph' && (block.variant === 'liten' || block.variant === 'figcaption');
    let role: Role;
    if (i === headingIndex) role = 'title';
    else if (headingIndex < 0 || i < headingIndex) role = small ? 'corner' : 'overline';
    else if (small) role = 'foot';
    else if (!subtitleTaken) {
      role = 'subtitle';
      subtitleTaken = true;
    } else role = 'line';
    const runs = runsOf(block);
    const lines = breakLines(runs, st[role as keyof typeof st], width, flow.fonts);
    const tag = block.kind === 'heading' ? (`H${block.level}` as Part['tag']) : 'P';
    return { role, block, lines, tag };
  });
}

const height = (lines: Line[]) => lines.reduce((h, l) => h + l.height, 0);

function logoSize(block: ImageBlock, maxWidth: number): { width: number; height: number } {
  const aspect = aspectRatio(block);
  // The theme limits a logo to 60 mm in height; a template's own image is held to a third of the page.
  const width = Math.min(block.width, maxWidth, (page.height / 3) / aspect);
  return { width, height: width * aspect };
}

/** Vertical gap before a part of the field, given the part before it. */
function gapBefore(part: Part, previous: Part | undefined, isLastLine: boolean): number {
  if (!previous) return 0;
  const g = COVER.gaps;
  if (part.role === 'overline') return g.overline;
  if (part.role === 'title') return previous.role === 'overline' ? g.afterOverline : 0;
  if (previous.role === 'title') return g.afterTitle;
  if (part.role === 'line' && isLastLine && previous.role === 'line') return g.beforeLastLine;
  if (previous.role === 'subtitle') return g.afterSubtitle;
  return g.line;
}

export function layoutTitlePage(flow: PageFlow, blocks: Block[], ids: string[], ctx: BlockContext): void {
  flow.newPage();
  const first = flow.pageNumber;
  const x = ctx.x;
  const width = ctx.width;
  const parts = assignParts(flow, blocks, width);
  const fieldRoles: Role[] = ['overline', 'title', 'subtitle', 'line'];
  const field = parts.filter((p) => fieldRoles.includes(p.role) && p.lines.length > 0);
  const corner = parts.filter((p) => p.role === 'corner' && p.lines.length > 0);
  const foot = parts.filter((p) => p.role === 'foot' && p.lines.length > 0);
  const logos = parts.filter((p) => p.role === 'logo');
  const lastLine = [...field].reverse().find((p) => p.role === 'line');
  const lineCount = field.filter((p) => p.role === 'line').length;

  // The field's content, from its top.
  const fieldTop = new Map<Part, number>();
  let stack = 0;
  field.forEach((part, i) => {
    stack += gapBefore(part, field[i - 1], lineCount > 1 && part === lastLine);
    fieldTop.set(part, stack);
    stack += height(part.lines);
  });
  const ruleSpace = field.length > 0 ? COVER.rule.height + COVER.rule.gapBelow : 0;

  // The corner text at the top margin; the field's content sits at the field's foot.
  const cornerTop = new Map<Part, number>();
  let cornerY = page.margins.top;
  for (const part of corner) {
    cornerTop.set(part, cornerY);
    cornerY += height(part.lines) + COVER.foot.line;
  }
  const minContentTop = (corner.length > 0 ? cornerY : page.margins.top) + COVER.padTop + ruleSpace;
  const contentTop = Math.max(minContentTop, page.height * COVER.fieldShare - COVER.padBottom - stack);
  const fieldBottom = contentTop + stack + COVER.padBottom;

  // The foot: the logo at the bottom left, the small texts beside it at the right (or at the left alone).
  const logoSizes = new Map<Part, { width: number; height: number }>();
  for (const part of logos) logoSizes.set(part, logoSize(part.block as ImageBlock, width * 0.5));
  const footAlign: 'left' | 'right' = logos.length > 0 ? 'right' : 'left';
  const footX = logos.length > 0 ? x + width * 0.45 : x;
  const footWidth = logos.length > 0 ? width * 0.55 : width;
  for (const part of foot) part.lines = breakLines(runsOf(part.block), styles().foot, footWidth, flow.fonts);
  const footHeight = foot.reduce((h, p, i) => h + (i > 0 ? COVER.foot.line : 0) + height(p.lines), 0);
  const logoHeight = logos.reduce((h, p, i) => h + (i > 0 ? COVER.foot.gap : 0) + logoSizes.get(p)!.height, 0);
  const bottom = flow.bottom;
  // Should the field run too long (a very long name), the foot follows it instead of overlapping.
  const footFits = fieldBottom + COVER.stripe + COVER.foot.gap + Math.max(footHeight, logoHeight) <= bottom;
  const footTopY = footFits ? bottom - footHeight : fieldBottom + COVER.stripe + COVER.foot.gap;
  const logoTopY = footFits ? bottom - logoHeight : footTopY;

  // The field, the stripe and the short rule: decoration.
  flow.tagger.artifact(() => {
    const doc = flow.doc;
    doc.save().rect(0, 0, page.width, fieldBottom).fill(colors.cover).restore();
    if (colors.accent.toLowerCase() !== colors.cover.toLowerCase()) {
      doc.save().rect(0, fieldBottom, page.width, COVER.stripe).fill(colors.accent).restore();
    }
    if (field.length > 0) {
      doc.save().rect(x, contentTop - ruleSpace, COVER.rule.width, COVER.rule.height).fill(colors.coverText).restore();
    }
    // A hairline over the foot (logo, diarienummer) when the foot stands at the page's bottom.
    if (footFits && (foot.length > 0 || logos.length > 0)) {
      const y = Math.min(footTopY, logoTopY) - COVER.foot.rule;
      doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).strokeColor(colors.rule).stroke().restore();
    }
  });

  // Content in the header's order (the reading order); each part at its place.
  const footTop = new Map<Part, number>();
  let fy = footTopY;
  for (const part of foot) {
    footTop.set(part, fy);
    fy += height(part.lines) + COVER.foot.line;
  }
  const logoTop = new Map<Part, number>();
  let ly = logoTopY;
  for (const part of logos) {
    logoTop.set(part, ly);
    ly += logoSizes.get(part)!.height + COVER.foot.gap;
  }

  flow.addIds(ids);
  flow.tagger.element('Sect', () => {
    for (const part of parts) {
      if (part.role === 'anchor') {
        flow.addIds(part.block.ids);
        continue;
      }
      flow.addIds(part.block.ids);
      if (part.role === 'logo') {
        const top = logoTop.get(part)!;
        const size = logoSizes.get(part)!;
        flow.y = top;
        flow.fresh = false;
        flow.place(size.height, x);
        drawImage(flow, part.block as ImageBlock, x, top, size);
        continue;
      }
      if (part.lines.length === 0) continue;
      let top: number;
      let lx = x;
      let lw = width;
      let align: 'left' | 'right' = 'left';
      if (part.role === 'corner') {
        top = cornerTop.get(part)!;
        align = 'right';
      } else if (part.role === 'foot') {
        top = footTop.get(part)!;
        lx = footX;
        lw = footWidth;
        align = footAlign;
      } else top = contentTop + fieldTop.get(part)!;
      flow.y = top;
      flow.fresh = false;
      flow.tagger.element(part.tag ?? 'P', () => {
        for (const line of part.lines) flow.placeLine(line, lx, lw, align);
      });
    }
  });
  for (let p = first; p <= flow.pageNumber; p += 1) flow.plainPages.add(p);
  flow.y = bottom;
  flow.fresh = false;
  flow.newPage();
}
