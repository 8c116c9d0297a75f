/** The intrinsic proportions of an image block, for the layout of figures and the cover's logo. */
import type { ImageBlock } from '../base/model.js';

/** Intrinsic aspect ratio (height / width) of a PNG (IHDR) or an SVG (viewBox, else width/height). */
export function aspectRatio(block: ImageBlock): number {
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
