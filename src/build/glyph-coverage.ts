import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../load/report-folder.js';
import { lineColumn } from '../load/text-file.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { FALLBACK_FONT, parsedFont } from '../render/pdf/fonts.js';
import type { HtmlDocument } from '../render/pdf/dom.js';

/**
 * Characters that no embedded typeface can draw would become empty boxes (.notdef) in the PDF,
 * lost to readers and to assistive technology, and break PDF/A. They are errors at their place in
 * the sources, before anything is written.
 */
export function missingGlyphDiagnostics(dom: HtmlDocument, compiled: CompiledReport, cwd = process.cwd()): Diagnostic[] {
  const fallback = parsedFont(FALLBACK_FONT);
  const body = DomUtils.findOne((e) => e.name === 'body', dom.children, true);
  const text = body ? DomUtils.textContent(body) : '';
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || /\s/u.test(ch)) continue;
    if (!fallback.hasGlyphForCodePoint(cp)) missing.add(ch);
  }
  return [...missing].map((ch) => {
    const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return diag(
      'pdf.tecken',
      'error',
      `tecknet "${ch}" (U+${cp}) finns inte i PDF:ens typsnitt och skulle försvinna ur PDF:en; ersätt eller ta bort det`,
      locate(ch, compiled, cwd),
    );
  });
}

function locate(ch: string, compiled: CompiledReport, cwd: string) {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16);
  // As written, or as a YAML/JSON escape ("\u2603", "\U0001F600").
  const spellings = [ch, `\\u${hex.padStart(4, '0')}`, `\\U${hex.padStart(8, '0')}`];
  for (const file of compiled.sources) {
    const source = readFileSync(file, 'utf8');
    const lower = source.toLowerCase();
    for (const spelling of spellings) {
      const index = spelling === ch ? source.indexOf(ch) : lower.indexOf(spelling.toLowerCase());
      if (index < 0) continue;
      return { file: displayPath(path.resolve(file), cwd), ...lineColumn(source, index) };
    }
  }
  // Not found as written (e.g. built from a surrogate pair of escapes): the report's main file.
  const main = compiled.sources[0];
  return main ? { file: displayPath(path.resolve(main), cwd), line: 1, column: 1 } : undefined;
}
