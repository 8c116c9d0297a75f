import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CompiledReport } from '../pipeline/compile.js';

export interface SourceFile {
  /** Path inside the report folder, with forward slashes: "ekonomi.yaml", "text/sammanfattning.md". */
  name: string;
  data: Buffer;
  mimeType: string;
  description: string;
  sha256: string;
}

/**
 * The exact files a report was built from, for embedding in the PDF: a reviser can then prove
 * which inputs produced a published document (with the commit, when there is one).
 */
export function sourceFiles(compiled: CompiledReport): SourceFile[] {
  return compiled.sources
    .map((abs) => {
      const name = path.relative(compiled.loaded.dir, abs).split(path.sep).join('/');
      const data = readFileSync(abs);
      return {
        name,
        data,
        mimeType: /\.md$/i.test(name) ? 'text/markdown' : 'application/yaml',
        description: `Källfil till rapporten: ${name}`,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The templates folder's files (templates, stylesheet, theme, logo) with their checksums: they shape
 * the published document as much as the data does.
 */
export function templateChecksums(dir: string, profileTheme?: readonly { name: string; sha256: string }[]): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const abs = path.join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files.push(abs);
    }
  };
  walk(dir);
  const entries = files.map((abs) => ({ name: path.relative(dir, abs).split(path.sep).join('/'), abs }));
  // A theme named by the profile replaces the templates folder's tema.yaml, which is then not used.
  const listed = entries
    .filter((e) => !(profileTheme && e.name === 'tema.yaml'))
    .map((e) => `${e.name} sha256:${createHash('sha256').update(readFileSync(e.abs)).digest('hex')}`);
  return [...listed, ...(profileTheme ?? []).map((f) => `profilens tema: ${f.name} sha256:${f.sha256}`)].join('; ');
}
