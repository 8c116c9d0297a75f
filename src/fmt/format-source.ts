/** One file's text in canonical form: the passes in order, the same-data safety net, the file's own line ending and BOM kept. */
import { isMap, parseDocument, type Node } from 'yaml';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYamlSource } from '../load/yaml-file.js';
import { ReportSchema } from '../schema/report.js';
import type { Schema } from './key-order.js';
import { describeDifference } from './explain-difference.js';
import type { OutLine } from './source-lines.js';
import { Formatter } from './structure-pass.js';
import { finish } from './whitespace-pass.js';

export interface FormatResult {
  file: string;
  /** The content is not in canonical form (line endings and a BOM do not count). */
  changed: boolean;
  /** The text to write: the canonical content with the file's own line ending and BOM. */
  formatted: string;
  diagnostics: Diagnostic[];
  /** When `changed`: `fil:rad: skäl`, the first line that differs from the canonical form and why (Swedish). */
  difference?: string;
}

function dataEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Canonical form of one report YAML file: key order as the schema defines it, consistent quoting and number style, line width 100, comments preserved. Idempotent. */
export function formatYamlSource(source: string, displayName: string): FormatResult {
  const unchanged = (diagnostics: Diagnostic[]): FormatResult => ({ file: displayName, changed: false, formatted: source, diagnostics });
  const parsed = parseYamlSource(source, displayName);
  if (!parsed.result) return unchanged(parsed.diagnostics);

  const bom = source.startsWith('\uFEFF');
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) return unchanged(parsed.diagnostics);
  const f = new Formatter(text);
  const root = doc.contents as Node | null;
  f.collect(root, false);
  let lines: OutLine[];
  if (isMap(root) && !root.flow && root.items.length > 0) lines = f.renderMap(root, ReportSchema as Schema, 0, f.lines.length, true);
  else lines = f.raw(0, f.lines.length);
  const formatted = text.trim() === '' ? '' : finish(lines);

  const again = parseDocument(formatted, { uniqueKeys: true, strict: true });
  let same = again.errors.length === 0;
  if (same) {
    try {
      same = dataEqual(doc.toJS({ maxAliasCount: 100 }), again.toJS({ maxAliasCount: 100 }));
    } catch {
      same = false;
    }
  }
  if (!same) {
    return unchanged([diag('fmt.osäker', 'warning', 'filen formaterades inte: den formaterade texten skulle inte ha samma innehåll', { file: displayName, line: 1, column: 1 })]);
  }
  if (formatted === text) return unchanged([]);
  const eol = dominantLineEnding(source);
  return {
    file: displayName,
    changed: true,
    formatted: (bom ? '\uFEFF' : '') + (eol === '\n' ? formatted : formatted.replace(/\n/g, eol)),
    diagnostics: [],
    difference: describeDifference(text, formatted, displayName),
  };
}

/** `\r\n` when more lines end so than otherwise (lone `\n` or `\r`), else `\n`. */
export function dominantLineEnding(source: string): '\n' | '\r\n' {
  const crlf = source.match(/\r\n/g)?.length ?? 0;
  const other = source.match(/\r(?!\n)|(?<!\r)\n/g)?.length ?? 0;
  return crlf > other ? '\r\n' : '\n';
}
