/** kommun.yaml read as every source is (inside its folder, bounded, UTF-8, into the snapshot) and checked against its schema. */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, isInside } from '../load/report-folder.js';
import { activeSnapshot } from '../load/snapshot.js';
import { SourceMap } from '../load/source-map.js';
import { readYamlFile } from '../load/yaml-file.js';
import { KOMMUN_FILE, type Kommun, KommunSchema } from '../schema/kommun.js';
import { validateAgainst } from '../schema/validate-against.js';

export interface LoadedKommun {
  dir: string;
  file: string;
  kommun: Kommun;
  sourceMap: SourceMap;
  /** kommun.yaml as it was read and checked (its checksum in the sammanställning's metadata). */
  bytes: Buffer;
}

export function loadKommun(dir: string, cwd: string): { kommun?: LoadedKommun; diagnostics: Diagnostic[] } {
  const abs = path.join(dir, KOMMUN_FILE);
  const display = displayPath(abs, cwd);
  // Read as every source is: never through a link out of its folder, a regular file within the size
  // limit, UTF-8, into the build's snapshot.
  if (!isInside(realpathSync(dir), abs)) {
    return { diagnostics: [diag('fil.utanför', 'error', 'filen pekar ut ur sin mapp (symbolisk länk) och läses inte', { file: display, line: 1, column: 1 })] };
  }
  const { result, diagnostics } = readYamlFile(abs, display);
  if (!result) return { diagnostics };
  const sourceMap = new SourceMap(new Map([[display, result]]), new Map(), display);
  const { value, diagnostics: schema } = validateAgainst(KommunSchema, { data: result.data ?? {}, sourceMap });
  if (!value) return { diagnostics: [...diagnostics, ...schema] };
  return { kommun: { dir, file: abs, kommun: value, sourceMap, bytes: activeSnapshot()?.bytesOf(abs) ?? Buffer.from(result.source, 'utf8') }, diagnostics };
}
