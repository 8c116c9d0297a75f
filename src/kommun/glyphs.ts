/** The glyph check of kommun.yaml: its texts are printed in the sammanställning's PDF. */
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';
import { firstSpelling, glyphMessage } from '../build/glyph-coverage.js';
import type { Path } from '../load/yaml-file.js';
import { undrawable } from '../render/pdf/base/fonts.js';
import type { LoadedKommun } from './load.js';

/**
 * Characters in kommun.yaml that the PDF's typefaces cannot draw (漢, 🦄, U+3000 …) would be empty
 * boxes in the sammanställning: errors at the character in its value, one per character, as in a
 * report (pdf.tecken). The nämnder's folders (`nämnder[].rapport`) are paths, never printed.
 */
export function kommunGlyphDiagnostics(k: LoadedKommun): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const visit = (value: unknown, at: Path): void => {
    if (typeof value === 'string') {
      for (const ch of undrawable(value)) {
        if (seen.has(ch)) continue;
        seen.add(ch);
        out.push(diag('pdf.tecken', 'error', glyphMessage(ch), positionIn(k, at, ch)));
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...at, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (at.length === 2 && at[0] === 'nämnder' && key === 'rapport') continue;
        visit(v, [...at, key]);
      }
    }
  };
  visit(k.kommun, []);
  return out;
}

/** The character's own place in the value as written (quoted, escaped, over several lines), else the value's. */
function positionIn(k: LoadedKommun, at: Path, ch: string): SourcePos {
  const start = k.sourceMap.pos(at);
  const raw = k.sourceMap.raw(at);
  const index = raw === undefined ? -1 : firstSpelling(raw, ch);
  if (raw === undefined || index < 0) return start;
  const before = raw.slice(0, index);
  const newline = before.lastIndexOf('\n');
  // Columns count UTF-16 code units, as every position of the tool (and the editors) does.
  if (newline < 0) return { ...start, column: start.column + before.length };
  return { ...start, line: start.line + before.split('\n').length - 1, column: before.length - newline };
}
