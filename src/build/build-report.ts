import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reportTitle } from '../derive/labels.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { loadTemplates, PACKAGE_ROOT } from '../render/html.js';
import { renderPdf } from '../render/pdf/index.js';
import { buildViewModel } from '../render/view-model.js';
import { gitCommit, resolveSourceDate } from './source-date.js';
import { writeFileAtomic } from './write-atomic.js';

export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface BuiltFiles {
  html: string;
  pdf: string;
}

/** Render one compiled report to HTML and PDF in memory. */
export async function renderReport(compiled: CompiledReport, options: { templates?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = compiled.report;
  const templates = loadTemplates(options.templates);
  const { date } = resolveSourceDate(compiled.loaded.dir, r.rapport.period.till, options.env);
  const commit = gitCommit(compiled.loaded.dir);
  const view = buildViewModel(compiled, { commit, version: VERSION }, templates.css);
  const html = templates.render(view);
  const title = `${r.nämnd.namn} – ${reportTitle(r)}`;
  const pdf = await renderPdf(html, {
    title,
    author: r.förvaltning.namn,
    subject: `${reportTitle(r)}, ${r.kommun}`,
    keywords: [r.kommun, r.nämnd.namn, r.dnr].join(', '),
    date,
    runningHeader: `${r.nämnd.namn} · ${reportTitle(r)} · ${r.rapport.period.från}–${r.rapport.period.till}`,
    runningFooter: `Dnr ${r.dnr}`,
  });
  return { html, pdf };
}

/** Write both outputs atomically; nothing is written unless both rendered. */
export function writeOutputs(base: string, rendered: { html: string; pdf: Uint8Array }): BuiltFiles {
  const files = { html: `${base}.html`, pdf: `${base}.pdf` };
  writeFileAtomic(files.html, rendered.html);
  writeFileAtomic(files.pdf, rendered.pdf);
  return files;
}
