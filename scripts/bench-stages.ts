/**
 * Per-stage times for scripts/bench.ts: load, profil, validate, derive, check, prose, html and pdf of
 * one report, each timed twice in this process (first call = cold, second = warm), by calling the
 * compiled pipeline in lib/ the way compileReport and renderReport do.
 *
 * bench.ts transpiles this file with TypeScript and runs it with plain node (no tsx loader):
 *   node bench-stages.mjs <repo root> <report folder> <out.json>
 * Only types come from src/ (erased when transpiled); the code that runs is lib/.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type LoadModule = typeof import('../src/load/report-folder.js');
type SnapshotModule = typeof import('../src/load/snapshot.js');
type ProfileModule = typeof import('../src/profile/profile.js');
type ValidateModule = typeof import('../src/validate/validate.js');
type DeriveModule = typeof import('../src/derive/index.js');
type CheckModule = typeof import('../src/check/index.js');
type ProseModule = typeof import('../src/prose/render.js');
type BuildModule = typeof import('../src/build/build-report.js');
type PdfModule = typeof import('../src/render/pdf/index.js');
type ProvenanceModule = typeof import('../src/build/provenance.js');
type SourceDateModule = typeof import('../src/build/source-date.js');
type ThemeModule = typeof import('../src/theme/theme.js');
type LabelsModule = typeof import('../src/derive/labels.js');
type PackageModule = typeof import('../src/load/package.js');
type StyleModule = typeof import('../src/render/pdf/base/style.js');
type CompiledReport = import('../src/pipeline/compile.js').CompiledReport;

export const STAGES = ['load', 'profil', 'validate', 'derive', 'check', 'prose', 'html', 'pdf'] as const;
export type Stage = (typeof STAGES)[number];
export interface StageTimes {
  /** Importing the lib modules the stages use (the first import in the process). */
  importMs: number;
  cold: Record<Stage, number>;
  warm: Record<Stage, number>;
  pdfBytes: number;
}

const now = (): number => performance.now();

export async function runStages(root: string, reportDir: string): Promise<StageTimes> {
  const lib = (p: string) => pathToFileURL(path.join(root, 'lib', p)).href;
  const t0 = now();
  const [load, snapshotMod, profileMod, validate, derive, check, proseMod, build, pdf, provenance, sourceDate, theme, labels, pkg, style] = await Promise.all([
    import(lib('load/report-folder.js')) as Promise<LoadModule>,
    import(lib('load/snapshot.js')) as Promise<SnapshotModule>,
    import(lib('profile/profile.js')) as Promise<ProfileModule>,
    import(lib('validate/validate.js')) as Promise<ValidateModule>,
    import(lib('derive/index.js')) as Promise<DeriveModule>,
    import(lib('check/index.js')) as Promise<CheckModule>,
    import(lib('prose/render.js')) as Promise<ProseModule>,
    import(lib('build/build-report.js')) as Promise<BuildModule>,
    import(lib('render/pdf/index.js')) as Promise<PdfModule>,
    import(lib('build/provenance.js')) as Promise<ProvenanceModule>,
    import(lib('build/source-date.js')) as Promise<SourceDateModule>,
    import(lib('theme/theme.js')) as Promise<ThemeModule>,
    import(lib('derive/labels.js')) as Promise<LabelsModule>,
    import(lib('load/package.js')) as Promise<PackageModule>,
    import(lib('render/pdf/base/style.js')) as Promise<StyleModule>,
  ]);
  const importMs = now() - t0;

  async function pass(): Promise<{ times: Record<Stage, number>; pdfBytes: number }> {
    const times = {} as Record<Stage, number>;
    // Every file is read once, into the snapshot the PDF embeds (as compileReport does).
    const snapshot = new snapshotMod.SourceSnapshot();
    const timed = <T>(stage: Stage, f: () => T): T => {
      const s = now();
      const v = snapshotMod.withSnapshot(snapshot, f);
      times[stage] = now() - s;
      return v;
    };
    const { report: loaded, diagnostics: loadDiagnostics } = timed('load', () => load.loadReportFolder(reportDir, root));
    if (!loaded) throw new Error(`kunde inte läsa ${reportDir}: ${JSON.stringify(loadDiagnostics.slice(0, 3))}`);
    const { profile } = timed('profil', () => profileMod.loadProfile(profileMod.findProfile(loaded.dir), root));
    if (!profile) throw new Error('ingen profil');
    const { report, diagnostics } = timed('validate', () => validate.validateReport(loaded, profile));
    if (!report) throw new Error(`schemafel: ${JSON.stringify(diagnostics.slice(0, 3))}`);
    const derived = timed('derive', () => derive.deriveReport(report, loaded.sourceMap, profile));
    const checked = timed('check', () => check.checkReport(report, derived, loaded.sourceMap, profile));
    if (checked.some((d) => d.severity === 'error')) throw new Error('rapporten har fel');
    const { html: prose, files } = timed('prose', () => proseMod.renderProse(report, derived, loaded, profile, validate.reportSchemaFor(profile)));
    const compiled: CompiledReport = {
      loaded,
      profile,
      report,
      derived,
      prose,
      sources: [...loaded.paths, ...(profile.file === profileMod.STANDARD_PROFILE ? [] : [profile.file]), ...files],
      snapshot,
      usedExceptions: new Set<number>(),
    };
    const rendered = timed('html', () => build.renderHtml(compiled));
    // The PDF as renderReport makes it: standard theme, PDF/A-3a with the source files attached.
    const s = now();
    const r = report;
    const { date } = sourceDate.resolveSourceDate(loaded.dir, r.rapport.period.till);
    const sources = provenance.sourceFiles(compiled);
    const buffer = await pdf.renderPdf(rendered.dom, {
      title: `${r.nämnd.namn} – ${labels.reportTitle(r)}`,
      author: r.förvaltning.namn,
      subject: `${labels.reportTitle(r)}, ${r.kommun}`,
      keywords: [r.kommun, r.nämnd.namn, r.dnr].join(', '),
      date,
      runningHeader: `${r.nämnd.namn} · ${labels.reportTitle(r)} · ${r.rapport.period.från}–${r.rapport.period.till}`,
      runningFooter: r.dnr ? `Dnr ${r.dnr}` : `${r.nämnd.namn} · ${r.kommun}`,
      standard: 'PDF/A-3a',
      theme: style.pdfTheme(theme.ThemeSchema.parse({})),
      attachments: sources.map((f) => ({ name: f.name, data: f.data, mimeType: f.mimeType, description: f.description, modified: date })),
      custom: {
        'rapport:version': build.VERSION,
        'rapport:sources': sources.map((f) => `${f.name} sha256:${f.sha256}`).join('; '),
        'rapport:templates': provenance.templateChecksums(pkg.DEFAULT_TEMPLATES),
        ...(rendered.commit ? { 'rapport:commit': rendered.commit } : {}),
      },
    });
    times.pdf = now() - s;
    return { times, pdfBytes: buffer.length };
  }

  const cold = await pass();
  const warm = await pass();
  return { importMs, cold: cold.times, warm: warm.times, pdfBytes: warm.pdfBytes };
}

// Run only as the main module (bench.ts imports the types and STAGES from here).
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  const [root, reportDir, outJson] = process.argv.slice(2);
  if (!root || !reportDir || !outJson) {
    console.error('användning: node bench-stages.mjs <repo> <rapportmapp> <ut.json>');
    process.exit(2);
  }
  writeFileSync(outJson, JSON.stringify(await runStages(root, path.resolve(reportDir))));
}
