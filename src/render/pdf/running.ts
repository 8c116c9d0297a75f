/**
 * Running header and footer, written on every buffered page (except the
 * title page) after layout, when the total page count is known. Marked as
 * pagination artifacts (attached to the top and bottom edge) for tagged-PDF readers.
 *
 * A draft (build --utkast) gets its mark on every page, the title page too: the mark in bold red at
 * the top right, and the word UTKAST drawn large and diagonally across the page in outline (no
 * transparency, so PDF/A holds; outline, so the text under it stays legible). Both are pagination
 * artifacts; the HTML's banner, which the PDF lays out on the title page, is the tagged text a
 * screen reader reads.
 */
import type { FontSet } from './base/fonts.js';
import { fontKeyOf } from './base/fonts.js';
import { drawLine, breakLines, type Line } from './layout/lines.js';
import { page, runningHeaderRule, text, type TextStyle } from './base/style.js';
import type { Tagger } from './base/tagging.js';

export interface RunningTexts {
  header: string;
  footer: string;
  /** A draft's mark (e.g. "UTKAST – får inte publiceras"), drawn on every page. */
  draft?: string;
}

/** The draft mark's colour: the red of a stamp, 6:1 against white. */
const DRAFT_COLOR = '#b3261e';
/** The diagonal word's outline. */
const WATERMARK = { word: 'UTKAST', color: '#e3a19c', lineWidth: 1.1, angle: -54, widthShare: 0.6 };

/** The draft mark at the top right of the page; returns its width. */
function drawDraftMark(doc: PDFKit.PDFDocument, fonts: FontSet, mark: string, tagger: Tagger): number {
  const style: TextStyle = { ...text.runningHeader, bold: true, size: text.runningHeader.size + 1.5, color: DRAFT_COLOR };
  const width = page.width - page.margins.left - page.margins.right;
  const line = breakLines([{ text: mark, bold: true, italic: false, code: false, color: DRAFT_COLOR }], style, Number.POSITIVE_INFINITY, fonts)[0];
  if (!line) return 0;
  // A stamp: the mark on white in a red frame, legible on the title page's coloured field too.
  const pad = { x: 4, y: 1.5 };
  const markWidth = Math.min(line.width, width);
  const box = { x: page.margins.left + width - markWidth - pad.x, y: page.headerY - 1 - pad.y, w: markWidth + 2 * pad.x, h: line.height + 2 * pad.y };
  tagger.artifact(() => {
    doc.save().rect(box.x, box.y, box.w, box.h).lineWidth(0.8).fillAndStroke('#ffffff', DRAFT_COLOR).restore();
    drawLine({ doc, fonts }, line, page.margins.left, page.headerY - 1, width, 'right');
  }, { type: 'Pagination', attached: 'Top' });
  return markWidth + pad.x;
}

/** UTKAST in outline, diagonally across the middle of the page. */
function drawWatermark(doc: PDFKit.PDFDocument, fonts: FontSet, tagger: Tagger): void {
  const font = fontKeyOf({ family: 'sans', bold: true, italic: false });
  const target = Math.hypot(page.width, page.height) * WATERMARK.widthShare;
  const size = Math.round(target / Math.max(1, fonts.width(font, 1, WATERMARK.word)));
  const wordWidth = fonts.width(font, size, WATERMARK.word);
  const cx = page.width / 2;
  const cy = page.height / 2;
  tagger.artifact(() => {
    doc.save();
    doc.rotate(WATERMARK.angle, { origin: [cx, cy] });
    fonts.use(font, size);
    doc.lineWidth(WATERMARK.lineWidth).strokeColor(WATERMARK.color);
    doc.text(WATERMARK.word, cx - wordWidth / 2, cy - size * 0.55, { lineBreak: false, stroke: true, fill: false });
    doc.restore();
  }, { type: 'Pagination' });
}

/** A single line, shortened with an ellipsis if wider than maxWidth. */
function fittedLine(value: string, style: TextStyle, maxWidth: number, fonts: FontSet): Line | undefined {
  const plain = (s: string) => [{ text: s, bold: false, italic: false, code: false }];
  let candidate = value.replace(/[ \t\n\r\f]+/g, ' ').trim();
  const font = fontKeyOf(style);
  if (fonts.width(font, style.size, candidate) > maxWidth) {
    // Shortened by whole characters: half a surrogate pair would be drawn as an empty box.
    let chars = [...candidate];
    while (chars.length > 1 && fonts.width(font, style.size, `${chars.join('')}…`) > maxWidth) {
      chars = chars.slice(0, -1);
    }
    candidate = chars.join('');
    candidate = `${candidate.trimEnd()}…`;
  }
  const lines = breakLines(plain(candidate), style, Number.POSITIVE_INFINITY, fonts);
  return lines[0];
}

export function drawRunningTexts(
  doc: PDFKit.PDFDocument,
  fonts: FontSet,
  texts: RunningTexts,
  plainPages: ReadonlySet<number>,
  tagger: Tagger,
): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  const left = page.margins.left;
  const width = page.width - page.margins.left - page.margins.right;
  const target = { doc, fonts };
  for (let i = 0; i < total; i += 1) {
    const pageNumber = i + 1;
    doc.switchToPage(range.start + i);
    let markWidth = 0;
    if (texts.draft) {
      drawWatermark(doc, fonts, tagger);
      markWidth = drawDraftMark(doc, fonts, texts.draft, tagger);
    }
    if (plainPages.has(pageNumber)) continue;

    tagger.artifact(() => {
      const header = fittedLine(texts.header, text.runningHeader, markWidth > 0 ? Math.max(0, width - markWidth - 18) : width, fonts);
      if (header) {
        drawLine(target, header, left, page.headerY, markWidth > 0 ? Math.max(0, width - markWidth - 18) : width, 'left');
        const ruleY = page.headerY + header.height + 3;
        doc.save().moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(runningHeaderRule.width)
          .strokeColor(runningHeaderRule.color).stroke().restore();
      }
    }, { type: 'Pagination', attached: 'Top' });

    tagger.artifact(() => {
      const pageLabel = `Sida ${pageNumber} av ${total}`;
      const label = fittedLine(pageLabel, text.runningFooter, width, fonts);
      const labelWidth = label?.width ?? 0;
      const footer = fittedLine(texts.footer, text.runningFooter, Math.max(0, width - labelWidth - 24), fonts);
      const ruleY = page.footerY - 4;
      doc.save().moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(runningHeaderRule.width)
        .strokeColor(runningHeaderRule.color).stroke().restore();
      if (footer && texts.footer.trim() !== '') drawLine(target, footer, left, page.footerY, width, 'left');
      if (label) drawLine(target, label, left, page.footerY, width, 'right');
    }, { type: 'Pagination', attached: 'Bottom' });
  }
}
