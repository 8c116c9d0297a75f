import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Write every file to a temporary file beside its target first, then rename them all: readers never
 * see a half-written file, and a failure while writing leaves the earlier files untouched.
 */
export function writeFilesAtomic(files: readonly (readonly [string, string | Uint8Array])[]): void {
  const temps: [string, string][] = [];
  try {
    for (const [target, data] of files) {
      mkdirSync(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push([tmp, target]);
      writeFileSync(tmp, data);
    }
    for (const [tmp, target] of temps) renameSync(tmp, target);
  } catch (error) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw error;
  }
}
