/**
 * A render worker for `rapport build` with several reports: compiles the report again (cheap) and
 * renders and writes its HTML and PDF. The main thread has already checked every report; a worker
 * only renders those without errors. Fonts are parsed once per worker and reused for its reports.
 */
import { parentPort } from 'node:worker_threads';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compileReport } from '../pipeline/compile.js';
import type { Standard } from '../render/pdf/index.js';
import { SourceSnapshot } from '../load/snapshot.js';
import { readTemplates } from '../render/template-check.js';
import type { LoadedTheme } from '../theme/theme.js';
import { renderReport } from './build-report.js';

export interface RenderJob {
  folder: string;
  cwd: string;
  templates: string;
  /** The theme the main thread loaded and checked for this report. */
  theme?: LoadedTheme;
  /** Every source file as the main thread read and checked it: the worker renders these bytes. */
  sources: [string, Uint8Array][];
  /** The templates folder's files as the main thread read and checked them. */
  templateFiles?: [string, Uint8Array][];
  standard?: Standard;
  env: Record<string, string | undefined>;
  /** build --utkast: render as a draft. */
  utkast?: boolean;
}

export interface RenderResult {
  diagnostics: Diagnostic[];
  /** The outputs, written by the main thread (a kill or Ctrl-C never finds a worker half-way through a write). */
  rendered?: { html: string; pdf: Uint8Array };
  error?: string;
}

export async function renderJob(job: RenderJob): Promise<RenderResult> {
  // A frozen snapshot: the worker compiles exactly the bytes that were checked, and a file the check
  // never read cannot be read now (an edit saved during the build waits for the next one).
  const { compiled, diagnostics } = compileReport(job.folder, job.cwd, new SourceSnapshot(job.sources, true));
  if (!compiled || hasErrors(diagnostics)) {
    return { diagnostics: [], error: `rapporten gav ett annat resultat i arbetstråden än vid kontrollen: ${diagnostics.find((d) => d.severity === 'error')?.message ?? 'kunde inte kompileras'}` };
  }
  // Structured cloning turns the logo's Buffer into a Uint8Array.
  const theme = job.theme?.logo ? { ...job.theme, logo: { ...job.theme.logo, bytes: Buffer.from(job.theme.logo.bytes) } } : job.theme;
  // The templates as checked by the main thread (recorded for this folder, so rendering compiles them).
  if (job.templateFiles) readTemplates(job.templates, job.cwd, new SourceSnapshot(job.templateFiles, true));
  const rendered = await renderReport(compiled, { env: job.env as NodeJS.ProcessEnv, templates: job.templates, theme, standard: job.standard, cwd: job.cwd, utkast: job.utkast });
  if (!rendered.pdf || hasErrors(rendered.diagnostics)) return { diagnostics: rendered.diagnostics };
  // A copy of its own (pdfkit's Buffer may share a pooled ArrayBuffer), so it can be transferred.
  return { diagnostics: rendered.diagnostics, rendered: { html: rendered.html, pdf: new Uint8Array(rendered.pdf) } };
}

parentPort?.on('message', (message: { id: number; job: RenderJob }) => {
  renderJob(message.job).then(
    // The PDF's bytes are moved to the main thread, not copied.
    (result) => parentPort?.postMessage({ id: message.id, result }, result.rendered ? [result.rendered.pdf.buffer as ArrayBuffer] : []),
    (error: unknown) => parentPort?.postMessage({ id: message.id, result: { diagnostics: [], error: (error as Error).message } }),
  );
});
