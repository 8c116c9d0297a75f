/** The files `rapport fmt` formats: every *.yaml of the report folders under the given paths, read as the loader reads them. */
import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { displayPath, findReportFolders, isInside, ROOT_FILE } from '../load/report-folder.js';
import { readBounded } from '../load/snapshot.js';
import { decodeText, readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { type FormatResult, formatYamlSource } from './format-source.js';

/** All *.yaml files of the report folders under `paths` (use findReportFolders from src/load/report-folder.ts). */
export function formatPaths(paths: string[], cwd: string): FormatResult[] {
  const { folders, missing } = findReportFolders(paths, cwd);
  const results: FormatResult[] = missing.map((p) => ({
    file: p,
    changed: false,
    formatted: '',
    diagnostics: [diag('fil.mapp-saknas', 'error', `ingen rapportmapp (med ${ROOT_FILE}) hittades under ${p}`)],
  }));
  for (const dir of folders) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort((a, b) => (a === ROOT_FILE ? -1 : b === ROOT_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0));
    } catch {
      continue;
    }
    for (const name of names) {
      const abs = path.join(dir, name);
      const display = displayPath(abs, cwd);
      // As the loader reads: never through a link out of the folder (fmt would write its content
      // in place of the link), only a regular file, size checked before reading.
      if (!isInside(realpathSync(dir), abs)) {
        results.push({ file: display, changed: false, formatted: '', diagnostics: [diag('fil.utanför', 'error', 'filen pekar ut ur rapportmappen (symbolisk länk) och läses inte', { file: display, line: 1, column: 1 })] });
        continue;
      }
      const read = readBounded(abs, MAX_FILE_BYTES);
      if (!read.bytes) {
        const { code, message } = readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code);
        results.push({ file: display, changed: false, formatted: '', diagnostics: [diag(code, 'error', message, { file: display, line: 1, column: 1 })] });
        continue;
      }
      // Decoded as the loader decodes (UTF-8 only, no control characters, BOM dropped), so that fmt
      // never writes back a file it would have to guess at; a BOM is given back to the formatter,
      // which keeps it.
      const decoded = decodeText(read.bytes, display);
      if (decoded.text === undefined) {
        results.push({ file: display, changed: false, formatted: '', diagnostics: decoded.diagnostics });
        continue;
      }
      const bom = read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf;
      results.push(formatYamlSource((bom ? '\uFEFF' : '') + decoded.text, display));
    }
  }
  return results;
}
