/**
 * The bytes a build was checked from. Every source file (YAML, Markdown, the profile, the theme)
 * is read once, through `readBounded`, and recorded here; everything after the check — rendering on
 * any thread, the embedded source files, the cache key, the excerpts in diagnostics — takes the
 * recorded bytes, never the disk again. A file edited while a build runs therefore cannot reach an
 * output unchecked, and a file the loader refused (a link out of the folder, a FIFO, a huge file) is
 * never read at all, so it cannot be printed either.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

export type ReadProblem =
  /** The file does not exist (or a link in its path is broken). */
  | 'saknas'
  /** Not a regular file: a folder, FIFO, socket or device. */
  | 'ingen-fil'
  /** Larger than the limit (known before any byte is read). */
  | 'för-stor'
  /** Any other error of the file system (permissions, I/O). */
  | 'läsfel'
  /** A frozen snapshot (a render worker) was asked for a file the check never read. */
  | 'ej-kontrollerad';

export type Bounded = { bytes: Buffer; problem?: undefined } | { bytes?: undefined; problem: ReadProblem; size?: number; code?: string };

/**
 * Reads a regular file of at most `maxBytes` bytes. Refuses folders, FIFOs, sockets and devices
 * before reading (a FIFO is opened non-blocking, so an absent writer cannot hang the build), checks
 * the size before reading, and never reads more than `maxBytes` + 1 bytes even if the file grows.
 */
export function readBounded(file: string, maxBytes: number): Bounded {
  try {
    const before = statSync(file);
    if (!before.isFile()) return { problem: 'ingen-fil' };
    if (before.size > maxBytes) return { problem: 'för-stor', size: before.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { problem: 'saknas', code } : { problem: 'läsfel', code };
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { problem: 'läsfel', code: (error as NodeJS.ErrnoException).code };
  }
  try {
    // The file may have been replaced between the stat and the open: what was opened decides.
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: 'ingen-fil' };
    if (stat.size > maxBytes) return { problem: 'för-stor', size: stat.size };
    // Read to the end, at most maxBytes + 1: a file can grow after the stat, and some (in /proc)
    // say they are empty but are not.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > maxBytes) break;
        const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { problem: 'för-stor', size: length };
    return { bytes: Buffer.from(buffer.subarray(0, length)) };
  } catch (error) {
    return { problem: 'läsfel', code: (error as NodeJS.ErrnoException).code };
  } finally {
    closeSync(fd);
  }
}

export class SourceSnapshot {
  private readonly files = new Map<string, Buffer>();
  /** Display name → absolute path, for the excerpts of diagnostics. */
  private readonly display = new Map<string, string>();

  /** `frozen`: only the seeded files exist (a render worker renders what the main thread checked). */
  constructor(seed: Iterable<readonly [string, Uint8Array]> = [], private readonly frozen = false) {
    for (const [file, bytes] of seed) this.files.set(file, Buffer.from(bytes));
  }

  /** The bytes of `file` as first read in this build. */
  read(file: string, maxBytes: number): Bounded {
    const hit = this.files.get(file);
    if (hit) return hit.length > maxBytes ? { problem: 'för-stor', size: hit.length } : { bytes: hit };
    if (this.frozen) return { problem: 'ej-kontrollerad' };
    const result = readBounded(file, maxBytes);
    if (result.bytes) this.files.set(file, result.bytes);
    return result;
  }

  /** Records that `file` was accepted as text and is shown under `displayName`. */
  accept(file: string, displayName: string): void {
    if (this.files.has(file)) this.display.set(displayName, file);
  }

  /** The text of an accepted file, by the name diagnostics show (undefined for anything else). */
  textOf(displayName: string): string | undefined {
    const file = this.display.get(displayName);
    const bytes = file === undefined ? undefined : this.files.get(file);
    return bytes?.toString('utf8').replace(/^\uFEFF/, '');
  }

  /** A frozen snapshot's files directly in `dir` (a render worker lists the folder as it was checked). */
  listing(dir: string): string[] | undefined {
    if (!this.frozen) return undefined;
    return [...this.files.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f));
  }

  bytesOf(file: string): Buffer | undefined {
    return this.files.get(file);
  }

  /** The recorded files, for a render worker. */
  entries(files?: readonly string[]): [string, Uint8Array][] {
    const wanted = files ? new Set(files) : undefined;
    return [...this.files].filter(([f]) => !wanted || wanted.has(f));
  }
}

/**
 * The snapshot that reads go through while a report is compiled (compiling is synchronous). Outside
 * `withSnapshot`, reads go to a snapshot of their own.
 */
let active: SourceSnapshot | undefined;

export function withSnapshot<T>(snapshot: SourceSnapshot, run: () => T): T {
  const previous = active;
  active = snapshot;
  try {
    return run();
  } finally {
    active = previous;
  }
}

export function activeSnapshot(): SourceSnapshot | undefined {
  return active;
}
