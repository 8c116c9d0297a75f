/** The first line of every YAML file init and ny-period write: it points the editor to the format's JSON Schema. */
import path from 'node:path';
import { PACKAGE_ROOT } from '../load/package.js';

const SCHEMA_FILE = path.join(PACKAGE_ROOT, 'schemas', 'rapport.schema.json');

/** `# yaml-language-server: $schema=…` with the path from `target` to this package's schema. */
export function modeline(target: string): string {
  const abs = path.resolve(target);
  let rel = path.relative(abs, SCHEMA_FILE);
  // Different drive/filesystem root (path.relative then yields an absolute path): use the absolute path.
  if (path.isAbsolute(rel) || path.parse(abs).root !== path.parse(SCHEMA_FILE).root) rel = SCHEMA_FILE;
  return `# yaml-language-server: $schema=${rel.split(path.sep).join('/')}`;
}
