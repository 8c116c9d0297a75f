/**
 * `rapport build --cache`: a report whose inputs have not changed is not rendered again. The key is
 * a hash of everything the output depends on — the source files (YAML, Markdown, the profile), the
 * templates, the profile's theme, the PDF standard, the build date and the git commit the outputs
 * name, and the tool's version. The outputs are reused only when they are still on disk exactly as
 * they were written (their sha256 is recorded), so a hand-edited or deleted output is rebuilt.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readBounded } from '../load/snapshot.js';
import { writeFilesAtomic } from './write-atomic.js';

export const CACHE_FILE = '.rapport-cache.json';
/** A cache file larger than this is not read (it is rebuilt). */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;
/** An output larger than this is not hashed for a hit (it is rebuilt). */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

interface Entry {
  key: string;
  outputs: Record<string, string>;
}

export class BuildCache {
  private entries: Record<string, Entry>;
  private dirty = false;

  constructor(private readonly outDir: string) {
    // Read as any input is: a regular file of bounded size (a FIFO or a folder is an empty cache).
    const read = readBounded(path.join(outDir, CACHE_FILE), MAX_CACHE_BYTES);
    try {
      const data = read.bytes ? (JSON.parse(read.bytes.toString('utf8')) as { version?: number; entries?: Record<string, Entry> }) : {};
      this.entries = data.version === 1 && data.entries && typeof data.entries === 'object' ? Object.assign(Object.create(null) as Record<string, Entry>, data.entries) : {};
    } catch {
      this.entries = {};
    }
  }

  /** The key of a build: the hash of its parts, in order. */
  static key(parts: (string | Buffer)[]): string {
    const h = createHash('sha256');
    for (const p of parts) {
      h.update(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
      h.update('\u0000');
    }
    return h.digest('hex');
  }

  /** The recorded outputs of `base` when the key matches and every output is on disk unchanged. */
  hit(base: string, key: string): Record<string, string> | undefined {
    const e = this.entries[this.name(base)];
    if (!e || e.key !== key || typeof e.outputs !== 'object' || e.outputs === null) return undefined;
    // Both outputs of the pair must be recorded: an entry listing only one (a cache file cut short or
    // edited) is rebuilt.
    const expected = ['html', 'pdf'].map((ext) => `${this.name(base)}.${ext}`);
    if (Object.keys(e.outputs).sort().join('\u0000') !== expected.join('\u0000')) return undefined;
    for (const [file, sha] of Object.entries(e.outputs)) {
      const read = readBounded(path.join(this.outDir, file), MAX_OUTPUT_BYTES);
      if (!read.bytes || createHash('sha256').update(read.bytes).digest('hex') !== sha) return undefined;
    }
    return e.outputs;
  }

  /** Records the outputs of `base` from the bytes that were written (`data`, in the order of `files`). */
  record(base: string, key: string, files: string[], data: readonly (string | Uint8Array)[]): void {
    const outputs: Record<string, string> = {};
    files.forEach((f, i) => (outputs[path.relative(this.outDir, f).split(path.sep).join('/')] = createHash('sha256').update(data[i] ?? '').digest('hex')));
    this.entries[this.name(base)] = { key, outputs };
    this.dirty = true;
  }

  forget(base: string): void {
    if (this.entries[this.name(base)]) {
      delete this.entries[this.name(base)];
      this.dirty = true;
    }
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(this.outDir, { recursive: true });
    const sorted = Object.fromEntries(Object.entries(this.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFilesAtomic([[path.join(this.outDir, CACHE_FILE), `${JSON.stringify({ version: 1, entries: sorted }, null, 2)}\n`]]);
  }

  private name(base: string): string {
    return path.relative(this.outDir, base).split(path.sep).join('/');
  }
}
