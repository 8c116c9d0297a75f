import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The PDF rewritten by qpdf --qdf (streams uncompressed, one object after another), as Latin-1 text. */
export function qdfText(pdf: string): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-qdf-')), 'qdf.pdf');
  try {
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, out], { stdio: 'pipe' });
  } catch (error) {
    // qpdf exits 3 on warnings; the file is written.
    if ((error as { status?: number }).status !== 3) throw error;
  }
  return readFileSync(out, 'latin1');
}

/** The pages' content streams (qdf marks each with "%% Contents for page N"). */
export function contentStreams(qdf: string): string[] {
  const out: string[] = [];
  for (const part of qdf.split('%% Contents for page ').slice(1)) {
    const start = part.indexOf('stream\n');
    const end = part.indexOf('\nendstream');
    if (start >= 0 && end > start) out.push(part.slice(start + 'stream\n'.length, end));
  }
  return out;
}

/**
 * The glyph ids the pages show with Tj and TJ. Every font rapport embeds is a Type0 font with 2-byte
 * glyph ids (Identity-H), written by pdfkit as hex strings; glyph id 0 is .notdef, an empty box.
 */
export function shownGlyphIds(pdf: string): number[] {
  const ids: number[] = [];
  const token = /<<|>>|\[|\]|<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\)|\/[^\s/[\]<>()]+|[^\s/[\]<>()]+/g;
  for (const stream of contentStreams(qdfText(pdf))) {
    let array: string[] | undefined;
    let last: string | undefined;
    for (const [t] of stream.matchAll(token)) {
      if (t === '[') array = [];
      else if (t === ']') continue;
      else if (t.startsWith('<') && t !== '<<') {
        const hex = t.slice(1, -1).replace(/\s/g, '');
        if (array) array.push(hex);
        else last = hex;
      } else if (t === 'TJ' || t === 'Tj') {
        for (const hex of t === 'TJ' ? (array ?? []) : last !== undefined ? [last] : []) {
          for (let i = 0; i + 4 <= hex.length; i += 4) ids.push(Number.parseInt(hex.slice(i, i + 4), 16));
        }
        array = undefined;
        last = undefined;
      } else if (/^[A-Za-z'"*]+$/.test(t)) {
        // Another operator: what came before was its operands.
        array = undefined;
        last = undefined;
      }
    }
  }
  return ids;
}

/** How many glyphs the pages show as .notdef (glyph id 0), and how many glyphs in all. */
export function notdefCount(pdf: string): { notdef: number; glyphs: number } {
  const ids = shownGlyphIds(pdf);
  return { notdef: ids.filter((id) => id === 0).length, glyphs: ids.length };
}
