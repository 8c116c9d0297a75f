/** The kommun's sammanställning rendered to HTML and PDF (loaded only by build: it brings in the PDF engine). */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CompiledReport } from '../pipeline/compile.js';
import { renderPdf, type Standard } from '../render/pdf/index.js';
import { loadTemplates } from '../render/html.js';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import { type LoadedTheme, ThemeSchema, themeCss } from '../theme/theme.js';
import { pdfTheme } from '../render/pdf/base/style.js';
import { resolveSourceDate } from '../build/source-date.js';
import { VERSION } from '../load/package.js';
import { templateChecksums } from '../build/provenance.js';
import { kommunView } from './rollup.js';
import { type LoadedKommun } from './load.js';

/** The checksum of a source as it was read for the check (each nämnd's snapshot, or kommun.yaml's bytes). */
function sha256Of(file: string, k: LoadedKommun, members: CompiledReport[]): string {
  const bytes = file === k.file ? k.bytes : members.map((m) => m.snapshot.bytesOf(file)).find((b) => b !== undefined);
  return createHash('sha256').update(bytes ?? '').digest('hex');
}

/** The kommun's sammanställning as HTML and PDF. */
export async function renderKommun(
  k: LoadedKommun,
  members: CompiledReport[],
  options: { templates?: string; theme?: LoadedTheme; env?: NodeJS.ProcessEnv; standard?: Standard },
): Promise<{ html: string; pdf: Buffer }> {
  const templates = loadTemplates(options.templates);
  const theme = options.theme ?? { theme: ThemeSchema.parse({}) };
  const view = kommunView(k, members, `${templates.css}\n${themeCss(theme.theme)}`, { version: VERSION });
  const html = templates.renderKommun(view);
  const till = members[0]?.report.rapport.period.till ?? `${k.kommun.år}-12-31`;
  const { date } = resolveSourceDate(k.dir, till, options.env);
  const standard = options.standard ?? 'PDF/A-3a';
  const pdf = await renderPdf(html, {
    title: view.title,
    author: k.kommun.kommun,
    subject: k.kommun.rubrik,
    keywords: [k.kommun.kommun, ...members.map((m) => m.report.nämnd.namn)].join(', '),
    date,
    runningHeader: `${k.kommun.kommun} · ${k.kommun.rubrik}`,
    runningFooter: k.kommun.kommun,
    standard,
    theme: pdfTheme(theme.theme),
    attachments: [],
    custom: {
      'rapport:version': VERSION,
      'rapport:sources': [k.file, ...members.flatMap((m) => m.sources)].map((f) => `${path.relative(k.dir, f)} sha256:${sha256Of(f, k, members)}`).join('; '),
      'rapport:templates': templateChecksums(options.templates ?? DEFAULT_TEMPLATES, theme.fromProfile ? theme.files : undefined),
    },
  });
  return { html, pdf };
}
