/**
 * A theme logo is untrusted input that ends up in published documents: only a plain picture passes.
 * SVG is parsed and reduced to drawing elements (no scripts, links, external references or foreign
 * content); PNG must be a PNG. Both must have a positive, finite size.
 */
import render from 'dom-serializer';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

const SVG_ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'defs', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'title', 'desc', 'use', 'symbol',
]);

export interface LogoCheck {
  ok: boolean;
  /** Swedish reason when not ok. */
  reason?: string;
  /** Height / width. */
  aspect?: number;
  /** The sanitized file contents. */
  data?: Buffer;
}

export function checkPng(data: Buffer): LogoCheck {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature) || data.toString('latin1', 12, 16) !== 'IHDR') {
    return { ok: false, reason: 'filen är ingen PNG-bild' };
  }
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (width === 0 || height === 0) return { ok: false, reason: 'PNG-bilden saknar storlek' };
  return { ok: true, aspect: height / width, data };
}

export function checkSvg(data: Buffer): LogoCheck {
  const doc = parseDocument(data.toString('utf8'), { xmlMode: true });
  const root = DomUtils.findOne((e) => e.name.toLowerCase() === 'svg', doc.children, true);
  if (!root) return { ok: false, reason: 'filen är ingen SVG-bild (saknar <svg>)' };
  sanitize(root);
  const aspect = svgAspect(root);
  if (aspect === undefined) return { ok: false, reason: 'SVG-bilden saknar storlek: ange viewBox (eller width och height) med positiva tal' };
  return { ok: true, aspect, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${render(root, { xmlMode: true })}\n`, 'utf8') };
}

function sanitize(element: Element): void {
  for (const name of Object.keys(element.attribs)) {
    const value = element.attribs[name] ?? '';
    const local = name.toLowerCase();
    const external = (local === 'href' || local === 'xlink:href') && !value.startsWith('#');
    if (local.startsWith('on') || external || /url\(\s*['"]?(?!#)/i.test(value)) delete element.attribs[name];
  }
  element.children = element.children.filter((child: ChildNode) => {
    if (child.type === 'text') return true;
    if (child.type !== 'tag') return false;
    return SVG_ELEMENTS.has(child.name.toLowerCase());
  });
  for (const child of element.children) if (child.type === 'tag') sanitize(child);
}

function svgAspect(root: Element): number | undefined {
  const box = (root.attribs['viewBox'] ?? '').trim().split(/[\s,]+/).map(Number);
  if (box.length === 4 && box.every(Number.isFinite) && (box[2] as number) > 0 && (box[3] as number) > 0) {
    return (box[3] as number) / (box[2] as number);
  }
  const w = Number.parseFloat(root.attribs['width'] ?? '');
  const h = Number.parseFloat(root.attribs['height'] ?? '');
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? h / w : undefined;
}
