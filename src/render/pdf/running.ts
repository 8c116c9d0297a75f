/**
 * Running header and footer, written on every buffered page (except the
 * title page) after layout, when the total page count is known. Marked as
 * pagination artifacts (attached to the top and bottom edge) for tagged-PDF readers.
 */
import type { FontSet } from './fonts.js';
import { fontKeyOf } from './fonts.js';
import { drawLine, breakLines, type Line } from './layout/lines.js';
import { page, runningHeaderRule, text, type TextStyle } from './style.js';
import type { Tagger } from './tagging.js';

export interface RunningTexts {
  header: string;
  footer: string;
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
    if (plainPages.has(pageNumber)) continue;
    doc.switchToPage(range.start + i);

    tagger.artifact(() => {
      const header = fittedLine(texts.header, text.runningHeader, width, fonts);
      if (header) {
        drawLine(target, header, left, page.headerY, width, 'left');
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
