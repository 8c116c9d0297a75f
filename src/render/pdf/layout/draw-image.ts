/** An image drawn at its place: a tagged Figure with its alternative text, or decoration without one (the cover's logo and images in the text). */
import SVGtoPDF from 'svg-to-pdfkit';
import { fontKeyFor } from '../base/fonts.js';
import type { ImageBlock } from '../base/model.js';
import type { PageFlow } from './flow.js';

export function drawImage(flow: PageFlow, block: ImageBlock, x: number, top: number, size: { width: number; height: number }): void {
  const { width, height } = size;
  const draw = () => {
    if (block.mimeType === 'image/png') flow.doc.image(block.data, x, top, { width, height });
    else
      SVGtoPDF(flow.doc, block.data.toString('utf8'), x, top, {
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
    return;
  }
  const pageHeight = flow.doc.page.height;
  const bbox = [x, pageHeight - top - height, x + width, pageHeight - top].map((v) => Math.round(v * 100) / 100);
  flow.tagger.element('Figure', () => flow.tagger.content(draw), { alt: block.alt, attributes: { O: 'Layout', BBox: bbox } });
}
