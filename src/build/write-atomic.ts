import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Temporary files are named `.<target>.<pid>.tmp` beside their target; those a build leaves: of an HTML file, a PDF or the cache (nothing else in the output folder is touched). */
const OUTPUT_TEMP = /^\..+\.(?:html|pdf|rapport-cache\.json)\.(\d+)\.tmp$/;

function writeDurably(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, 'w', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    // On disk before the rename: after a crash the target is the old file or the whole new one.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every file system lets a folder be synced; the renames are done either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes each file to a temporary file beside its target (synced to disk), then renames them in:
 * readers never see a half-written file, and a failure before the renames leaves the earlier files
 * untouched.
 *
 * `asSet` (a report's HTML and PDF): the earlier targets are removed before the first rename, so a
 * build killed at any instant never leaves a new file beside an old one of the same set (a new HTML
 * with the old PDF): what it can leave is the old set, no set, or part of the new set, plus
 * temporary files that the next build removes (`removeStaleTemporaries`). Never for sources (fmt,
 * kolada import): there, each file is replaced by one rename and is never missing.
 */
export function writeFilesAtomic(files: readonly (readonly [string, string | Uint8Array])[], options: { asSet?: boolean } = {}): void {
  const temps: [string, string][] = [];
  try {
    for (const [target, data] of files) {
      mkdirSync(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push([tmp, target]);
      writeDurably(tmp, data);
    }
  } catch (error) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw error;
  }
  try {
    if (options.asSet) for (const [, target] of temps) removeFile(target);
    for (const [tmp, target] of temps) renameSync(tmp, target);
  } catch (error) {
    // A target that cannot be replaced (a folder in its place, a read-only folder): no temporary file stays.
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw error;
  }
  for (const dir of new Set(temps.map(([, target]) => path.dirname(target)))) syncFolder(dir);
}

/**
 * Removes a file if it is there. (fs.rmSync with `force` reports an unlink refused by the file
 * system, EPERM on an immutable folder, as ENOTDIR: the user would be told the wrong reason.)
 */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary outputs (`.<name>.html|pdf|rapport-cache.json.<pid>.tmp`) that a killed
 * build left in `outDir` and the folders below it (a few levels deep, not hidden ones), unless the
 * process that writes them still runs. Returns the files removed.
 */
export function removeStaleTemporaries(outDir: string, depth = 4): string[] {
  const removed: string[] = [];
  const walk = (dir: string, level: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      // Hidden folders (.git) are not the build's: never walked.
      if (e.isDirectory() && !e.name.startsWith('.') && level < depth) walk(abs, level + 1);
      const m = e.isFile() ? OUTPUT_TEMP.exec(e.name) : null;
      if (m && !alive(Number(m[1]))) {
        rmSync(abs, { force: true });
        removed.push(abs);
      }
    }
  };
  walk(outDir, 0);
  return removed;
}
