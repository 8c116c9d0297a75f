/**
 * A render worker for `rapport build` with several reports: compiles the report again (cheap) and
 * renders and writes its HTML and PDF. The main thread has already checked every report; a worker
 * only renders those without errors. Fonts are parsed once per worker and reused for its reports.
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compileReport } from '../pipeline/compile.js';
import type { Standard } from '../render/pdf/index.js';
import { profileTheme } from '../theme/profile-theme.js';
import { loadTheme } from '../theme/theme.js';
import { renderReport, writeOutputs } from './build-report.js';

export interface RenderJob {
  folder: string;
  cwd: string;
  base: string;
  templates: string;
  /** The profile's theme applies (no --mallar). */
  profileTheme: boolean;
  standard?: Standard;
  env: Record<string, string | undefined>;
}

export interface RenderResult {
  diagnostics: Diagnostic[];
  files?: string[];
  error?: string;
}

export async function renderJob(job: RenderJob): Promise<RenderResult> {
  const { compiled } = compileReport(job.folder, job.cwd);
  if (!compiled) return { diagnostics: [], error: 'rapporten kunde inte kompileras i arbetstråden' };
  const templates = loadTheme(job.templates, job.cwd).loaded;
  const theme = (job.profileTheme ? profileTheme(compiled.profile, job.cwd).theme : undefined) ?? templates;
  const rendered = await renderReport(compiled, { env: job.env as NodeJS.ProcessEnv, templates: job.templates, theme, standard: job.standard, cwd: job.cwd });
  if (!rendered.pdf || hasErrors(rendered.diagnostics)) return { diagnostics: rendered.diagnostics };
  const files = writeOutputs(job.base, { html: rendered.html, pdf: rendered.pdf });
  return { diagnostics: rendered.diagnostics, files: [files.html, files.pdf].map((f) => path.resolve(f)) };
}

parentPort?.on('message', (message: { id: number; job: RenderJob }) => {
  renderJob(message.job).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, result: { diagnostics: [], error: (error as Error).message } }),
  );
});
