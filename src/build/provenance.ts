import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CompiledReport } from '../pipeline/compile.js';
import { type LoadedTemplates, templatesFor } from '../render/template-check.js';

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
      const inside = path.relative(compiled.loaded.dir, abs).split(path.sep).join('/');
      // A file outside the report folder (the kommun's profil.yaml above it) is embedded under its
      // own name: a name with ".." would make `pdfdetach -saveall` write outside the folder it saves to.
      const outside = inside.startsWith('../') || path.isAbsolute(inside);
      const name = outside ? path.basename(abs) : inside;
      // The bytes that were checked, not the file as it is on disk now.
      const data = compiled.snapshot.bytesOf(abs);
      if (!data) throw new Error(`källfilen ${name} lästes inte vid kontrollen`);
      return {
        name,
        data,
        mimeType: /\.md$/i.test(name) ? 'text/markdown' : 'application/yaml',
        description: outside ? `Källfil till rapporten: ${name} (profilen, i en mapp ovanför rapportmappen)` : `Källfil till rapporten: ${name}`,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The templates folder's files (templates, stylesheet, theme, logo) with their checksums: they shape
 * the published document as much as the data does. Only the files the templates use, as read and
 * checked for this build (templatesFor): nothing else in the folder is read.
 */
export function templateChecksums(dir: string | LoadedTemplates, profileTheme?: readonly { name: string; sha256: string }[]): string {
  const loaded = typeof dir === 'string' ? templatesFor(dir) : dir;
  // A theme named by the profile replaces the templates folder's (tema.yaml and its logo), which is then not used.
  const listed = [...loaded.files, ...(profileTheme ? [] : (loaded.theme.loaded?.files ?? []))]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${f.name} sha256:${f.sha256}`);
  return [...listed, ...(profileTheme ?? []).map((f) => `profilens tema: ${f.name} sha256:${f.sha256}`)].join('; ');
}
