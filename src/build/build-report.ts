import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { collectIds } from '../check/structure.js';
import { displayPath } from '../load/report-folder.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { reportTitle } from '../derive/labels.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { loadTemplates } from '../render/html.js';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import { type HtmlDocument, parseHtml, renderPdf, type Standard } from '../render/pdf/index.js';
import { missingGlyphDiagnostics } from './glyph-coverage.js';
import { sourceFiles, templateChecksums } from './provenance.js';
import { buildViewModel } from '../render/view-model.js';
import { type LoadedTheme, ThemeSchema, themeCss } from '../theme/theme.js';
import { pdfTheme } from '../render/pdf/base/style.js';
import { chartColours } from '../render/charts.js';
import { gitCommit, resolveSourceDate } from './source-date.js';
import { removeFile, writeFilesAtomic } from './write-atomic.js';

export { VERSION } from '../load/package.js';
import { VERSION } from '../load/package.js';

/** The draft mark (build --utkast): on every PDF page, in the HTML's banner and in the metadata. */
export const DRAFT_MARK = 'UTKAST';
export const DRAFT_TEXT = `${DRAFT_MARK} – får inte publiceras`;

export interface BuiltFiles {
  html: string;
  pdf: string;
}

/** Render one compiled report to HTML and PDF in memory; duplicate HTML ids are errors. */
/** The report's HTML, and the checks that only the rendered HTML can answer (ids, glyphs). */
export function renderHtml(
  compiled: CompiledReport,
  options: { templates?: string; theme?: LoadedTheme; cwd?: string; /** false: no git (check needs the checks, not the footer). */ commit?: false; /** build --utkast: a draft banner and noindex. */ utkast?: boolean } = {},
): { html: string; dom: HtmlDocument; commit?: string; diagnostics: Diagnostic[] } {
  const templates = loadTemplates(options.templates);
  const theme = options.theme ?? { theme: ThemeSchema.parse({}) };
  const commit = options.commit === false ? undefined : gitCommit(compiled.loaded.dir, compiled.sources);
  // The theme's variables come after the stylesheet's, so the theme decides.
  const logo = theme.logo && { src: theme.logo.dataUri, alt: theme.logo.alt, widthMm: theme.logo.widthMm };
  const view = buildViewModel(compiled, { commit, version: VERSION }, `${templates.css}\n${themeCss(theme.theme)}`, logo, chartColours(theme.theme), theme.theme.sidbrytning);
  let html: string;
  try {
    // The templates read `utkast` beside the view model's own fields (rapport.hbs: banner and noindex).
    html = templates.render(options.utkast ? ({ ...view, utkast: { text: DRAFT_TEXT } } as typeof view) : view);
    if (options.utkast) html = markDraft(html);
  } catch (error) {
    // A template that parsed but fails on this report's data (checked templates rarely do).
    const message = ((error as Error).message.split('\n')[0] ?? '').slice(0, 300);
    return { html: '', dom: parseHtml(''), commit, diagnostics: [diag('mall.fel', 'error', `mallen kunde inte fyllas i: ${message}`, templateFile(options.templates, options.cwd))] };
  }
  const dom = parseHtml(html);
  return { html, dom, commit, diagnostics: [...duplicateIdDiagnostics(dom, compiled), ...missingGlyphDiagnostics(dom, compiled, options.cwd)] };
}

/**
 * A draft's HTML says so whatever the template: the standard templates write the banner and the
 * robots meta tag themselves; an own template (--mallar) that does not gets them here – the banner at
 * the top of the title page (the PDF lays the title page out on a page of its own), else of the body.
 */
export function markDraft(html: string): string {
  let out = html;
  if (!/<meta\s[^>]*name="robots"/i.test(out)) out = out.replace(/<head\b[^>]*>/i, (head) => `${head}\n<meta name="robots" content="noindex">`);
  if (!/class="utkast-banderoll"/.test(out)) {
    const banner = `<p class="utkast-banderoll" role="note">${DRAFT_TEXT}</p>`;
    const title = /<header\b[^>]*class="[^"]*\btitelsida\b[^"]*"[^>]*>/i;
    out = title.test(out) ? out.replace(title, (tag) => `${tag}\n${banner}`) : out.replace(/<body\b[^>]*>/i, (body) => `${body}\n${banner}`);
  }
  if (!/<title>\s*UTKAST/i.test(out)) out = out.replace(/<title>/i, `<title>${DRAFT_MARK} – `);
  return out;
}

/** The main template of a templates folder, as a diagnostic's place. */
function templateFile(dir: string | undefined, cwd = process.cwd()) {
  return { file: displayPath(path.join(dir ?? DEFAULT_TEMPLATES, 'rapport.hbs'), cwd), line: 1, column: 1 };
}

export async function renderReport(
  compiled: CompiledReport,
  options: { templates?: string; theme?: LoadedTheme; env?: NodeJS.ProcessEnv; standard?: Standard; cwd?: string; /** build --utkast: every page, the HTML and the metadata say it is a draft. */ utkast?: boolean } = {},
): Promise<{ html: string; pdf?: Buffer; diagnostics: Diagnostic[] }> {
  const r = compiled.report;
  const theme = options.theme ?? { theme: ThemeSchema.parse({}) };
  const { date } = resolveSourceDate(compiled.loaded.dir, r.rapport.period.till, options.env);
  const draft = options.utkast === true;
  const { html, dom, commit, diagnostics } = renderHtml(compiled, { templates: options.templates, theme, cwd: options.cwd, utkast: draft });
  if (diagnostics.length > 0) return { html, diagnostics };
  const title = `${draft ? `${DRAFT_MARK} – ` : ''}${r.nämnd.namn} – ${reportTitle(r)}`;
  const standard = options.standard ?? 'PDF/A-3a';
  const sources = sourceFiles(compiled);
  const pdf = await renderPdf(dom, {
    title,
    author: r.förvaltning.namn,
    subject: `${draft ? 'Utkast, får inte publiceras: ' : ''}${reportTitle(r)}, ${r.kommun}`,
    keywords: [r.kommun, r.nämnd.namn, r.dnr].join(', '),
    date,
    runningHeader: `${r.nämnd.namn} · ${reportTitle(r)} · ${r.rapport.period.från}–${r.rapport.period.till}`,
    runningFooter: r.dnr ? `Dnr ${r.dnr}` : `${r.nämnd.namn} · ${r.kommun}`,
    ...(draft ? { draftMark: DRAFT_TEXT } : {}),
    standard,
    theme: pdfTheme(theme.theme),
    // Provenance: the exact source files (PDF/A-3 allows them) and their checksums and commit in the metadata.
    attachments: standard === 'PDF/A-2a' ? [] : sources.map((f) => ({ name: f.name, data: f.data, mimeType: f.mimeType, description: f.description, modified: date })),
    custom: {
      'rapport:version': VERSION,
      ...(draft ? { 'rapport:utkast': 'ja' } : {}),
      'rapport:sources': sources.map((f) => `${f.name} sha256:${f.sha256}`).join('; '),
      'rapport:templates': templateChecksums(options.templates ?? DEFAULT_TEMPLATES, theme.fromProfile ? theme.files : undefined),
      ...(commit ? { 'rapport:commit': commit } : {}),
    },
  });
  return { html, pdf, diagnostics };
}

/** Ids that the HTML holds twice: a report id colliding with an id the templates make. */
function duplicateIdDiagnostics(dom: HtmlDocument, compiled: CompiledReport): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const element of DomUtils.findAll((e) => e.attribs['id'] !== undefined, dom.children)) {
    const id = element.attribs['id'] as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const reportIds = collectIds(compiled.report);
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([id]) => {
      const path = reportIds.get(id);
      return diag(
        'html.dubblerat-id',
        'error',
        `id "${id}" förekommer flera gånger i HTML-filen; det krockar med ett id som mallen bildar – välj ett annat id`,
        path ? compiled.loaded.sourceMap.pos([...path, 'id']) : undefined,
      );
    });
}

export function outputFiles(base: string): BuiltFiles {
  return { html: `${base}.html`, pdf: `${base}.pdf` };
}

/** Write both outputs as a pair: both are complete before either replaces an earlier build. */
export function writeOutputs(base: string, rendered: { html: string; pdf: Uint8Array }): BuiltFiles {
  const files = outputFiles(base);
  writeFilesAtomic(
    [
      [files.html, rendered.html],
      [files.pdf, rendered.pdf],
    ],
    { asSet: true },
  );
  return files;
}

/** A report that no longer builds leaves no earlier output behind to be mistaken for current. */
export function removeOutputs(base: string): void {
  const files = outputFiles(base);
  removeFile(files.html);
  removeFile(files.pdf);
}
