/**
 * `rapport fmt`: the canonical text of a report's YAML files.
 *
 * The formatter works on the source text, guided by the `yaml` Document's node ranges, instead of
 * re-serialising the document: everything it has no rule for stays byte-identical (comments and
 * their alignment, number spelling, block scalars, long prose lines). The rules:
 *
 * - keys of a block mapping in the order of the Zod schema at that path (`id` first); unknown keys
 *   keep their relative order after the known ones. A key moves together with the comment and
 *   blank lines directly above it and the comments on and after its lines;
 * - quoted one-line strings are written plain when plain YAML reads back the same string,
 *   otherwise in double quotes;
 * - `kolumner` is a flow sequence; `ansvar`, `omfattar`, `värden`, `ordning` and `avvikelse` are flow
 *   sequences when the line fits in 100 characters, otherwise block; every other sequence of scalars
 *   is a block sequence;
 * - block sequences are indented two spaces under their key;
 * - one space after `key:`; no trailing whitespace; at most one blank line in a row, none directly
 *   after a line that opens a nested block, none at the start or end of the file; one final newline.
 *
 * Safety net: the result is parsed again and must hold exactly the same data; otherwise the file
 * is left as it was and a diagnostic says so.
 *
 * Line endings and a UTF-8 BOM are not content: the file is read as the loader reads it (BOM
 * dropped, src/load/text-file.ts), formatted with LF line endings, and compared and written back
 * with its own: a CRLF file stays CRLF, a file with mixed endings is written (when its content
 * changes) with the ending most of its lines have, LF on a tie, and a BOM stays.
 *
 * Where each part lives:
 * - report-files.ts: which files are formatted, read as the loader reads them (`formatPaths`);
 * - format-source.ts: one file's text through the passes, the safety net, line ending and BOM (`formatYamlSource`);
 * - source-lines.ts: the source lines and node ranges the passes work on;
 * - scalar-pass.ts (pass 1, with quoting.ts): quoting and the space after `key:`;
 * - structure-pass.ts (pass 2): key order (key-order.ts) and list style (list-style.ts);
 * - whitespace-pass.ts (final pass): trailing whitespace and blank lines;
 * - explain-difference.ts: the `--check` explanation of the first line that differs.
 */
export { describeDifference } from './explain-difference.js';
export { dominantLineEnding, type FormatResult, formatYamlSource } from './format-source.js';
export { LINE_WIDTH } from './list-style.js';
export { formatPaths } from './report-files.js';
