import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../load/report-folder.js';
import { lineColumn } from '../load/text-file.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { blankGlyph, undrawable } from '../render/pdf/base/fonts.js';
import type { HtmlDocument } from '../render/pdf/dom.js';

/**
 * Characters that no embedded typeface can draw would become empty boxes (.notdef) in the PDF,
 * lost to readers and to assistive technology, and break PDF/A. They are errors at their place in
 * the sources, before anything is written. Every character of the text counts: whitespace too
 * (U+3000, the ideographic space, has no glyph), except the ASCII whitespace that the layout
 * collapses and the default-ignorable characters that fontkit draws as nothing (fonts.ts, canDraw).
 */
export function missingGlyphDiagnostics(dom: HtmlDocument, compiled: CompiledReport, cwd = process.cwd()): Diagnostic[] {
  const body = DomUtils.findOne((e) => e.name === 'body', dom.children, true);
  const text = body ? DomUtils.textContent(body) : '';
  return undrawable(text).map((ch) => diag('pdf.tecken', 'error', glyphMessage(ch), locate(ch, compiled, cwd)));
}

/** "U+3000", "U+1F984". */
export function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The character as a message names it: "漢" (U+6F22); invisible ones and marks by code point only. */
export function characterLabel(ch: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) && !blankGlyph(ch)) return `"${ch}" (${codePointLabel(ch)})`;
  return `${codePointLabel(ch)} (${/^\p{M}$/u.test(ch) ? 'ett kombinerande tecken' : 'ett osynligt tecken'})`;
}

/** The message of pdf.tecken. */
export function glyphMessage(ch: string): string {
  if (blankGlyph(ch)) {
    return `tecknet ${characterLabel(ch)} ritas som ingenting av PDF:ens typsnitt och skulle försvinna ur PDF:en; skriv en radbrytning, ett mellanslag eller ta bort det`;
  }
  return `tecknet ${characterLabel(ch)} finns inte i PDF:ens typsnitt och skulle bli en tom ruta i PDF:en; ersätt eller ta bort det`;
}

/**
 * The ways a character can be written in a source: as itself, as a YAML/JSON escape ("\u2603",
 * "\U0001F600", "\x85", a surrogate pair "\ud83e\udd84", YAML's "\L", "\P", "\N", "\_") or as an
 * HTML character reference in Markdown ("&#x3000;", "&#12288;").
 */
export function spellings(ch: string): RegExp[] {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16);
  const escapes = [`\\\\u${hex.padStart(4, '0')}`, `\\\\U${hex.padStart(8, '0')}`, `&#x0*${hex};`, `&#0*${cp};`];
  if (cp <= 0xff) escapes.push(`\\\\x${hex.padStart(2, '0')}`);
  if (cp > 0xffff) {
    const high = Math.floor((cp - 0x10000) / 0x400) + 0xd800;
    const low = ((cp - 0x10000) % 0x400) + 0xdc00;
    escapes.push(`\\\\u${high.toString(16)}\\\\u${low.toString(16)}`);
  }
  const exact = [ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
  // YAML's named escapes are case-sensitive ("\l" is none).
  const named: Record<number, string> = { 0x2028: 'L', 0x2029: 'P', 0x85: 'N', 0xa0: '_' };
  if (named[cp]) exact.push(`(?<!\\\\)\\\\${named[cp]}`);
  return [new RegExp(exact.join('|'), 'u'), new RegExp(escapes.join('|'), 'iu')];
}

/** Where a character is first written in a text (as itself or as an escape), or -1. */
export function firstSpelling(source: string, ch: string): number {
  const found = spellings(ch).map((re) => source.search(re)).filter((i) => i >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

function locate(ch: string, compiled: CompiledReport, cwd: string) {
  for (const file of compiled.sources) {
    // The text that was checked (the snapshot), never the file as it may be now.
    const source = compiled.snapshot.bytesOf(file)?.toString('utf8').replace(/^\uFEFF/, '');
    if (source === undefined) continue;
    const index = firstSpelling(source, ch);
    if (index >= 0) return { file: displayPath(path.resolve(file), cwd), ...lineColumn(source, index) };
  }
  // Not found as written (e.g. a named character reference in Markdown): the report's main file.
  const main = compiled.sources[0];
  return main ? { file: displayPath(path.resolve(main), cwd), line: 1, column: 1 } : undefined;
}
