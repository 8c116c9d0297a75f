/**
 * `rapport build --cache`: a report whose inputs have not changed is not rendered again. The key is
 * a hash of everything the output depends on — the source files (YAML, Markdown, the profile), the
 * templates, the profile's theme, the PDF standard, the build date and the git commit the outputs
 * name, and the tool's version. The outputs are reused only when they are still on disk exactly as
 * they were written (their sha256 is recorded), so a hand-edited or deleted output is rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFilesAtomic } from './write-atomic.js';

export const CACHE_FILE = '.rapport-cache.json';

interface Entry {
  key: string;
  outputs: Record<string, string>;
}

export class BuildCache {
  private entries: Record<string, Entry>;
  private dirty = false;

  constructor(private readonly outDir: string) {
    const file = path.join(outDir, CACHE_FILE);
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, Entry> };
      this.entries = data.version === 1 && data.entries ? data.entries : {};
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
    if (!e || e.key !== key) return undefined;
    for (const [file, sha] of Object.entries(e.outputs)) {
      const abs = path.join(this.outDir, file);
      if (!existsSync(abs) || createHash('sha256').update(readFileSync(abs)).digest('hex') !== sha) return undefined;
    }
    return e.outputs;
  }

  record(base: string, key: string, files: string[]): void {
    const outputs: Record<string, string> = {};
    for (const f of files) outputs[path.relative(this.outDir, f).split(path.sep).join('/')] = createHash('sha256').update(readFileSync(f)).digest('hex');
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
