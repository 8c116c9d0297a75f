import { checkReport } from '../check/index.js';
import { applyExceptions, applySeverities } from '../check/exceptions.js';
import { deriveReport, type DerivedReport } from '../derive/index.js';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { type LoadedReport, loadReportFolder } from '../load/report-folder.js';
import { findProfile, loadProfile, type Profile, STANDARD_PROFILE } from '../profile/profile.js';
import { type ProseHtml, renderProse } from '../prose/render.js';
import type { Report } from '../schema/report.js';
import { SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { reportSchemaFor, validateReport } from '../validate/validate.js';

export interface CompiledReport {
  loaded: LoadedReport;
  profile: Profile;
  report: Report;
  derived: DerivedReport;
  prose: ProseHtml;
  /** Absolute paths of every file the report was compiled from: YAML, the profile, then Markdown. */
  sources: string[];
  /** The bytes every source file was checked from: rendering and provenance take these, never the disk. */
  snapshot: SourceSnapshot;
  /** Indices of the report's undantag that matched a diagnostic (the unused ones are reported after cross-report checks). */
  usedExceptions: Set<number>;
}

export interface CompileResult {
  compiled?: CompiledReport;
  diagnostics: Diagnostic[];
  /** Display path of the report folder. */
  displayDir: string;
}

/** load → validate → derive → check → prose. Rendering happens only when there are no errors. */
export function compileReport(dir: string, cwd = process.cwd(), snapshot = new SourceSnapshot()): CompileResult {
  return withSnapshot(snapshot, () => compileFrom(dir, cwd, snapshot));
}

function compileFrom(dir: string, cwd: string, snapshot: SourceSnapshot): CompileResult {
  const { report: loaded, diagnostics: loadDiagnostics } = loadReportFolder(dir, cwd);
  const displayDir = loaded?.displayDir ?? dir;
  if (!loaded || hasErrors(loadDiagnostics)) return { diagnostics: sortDiagnostics(loadDiagnostics), displayDir };
  const { profile, diagnostics: profileDiagnostics } = loadProfile(findProfile(loaded.dir), cwd);
  if (!profile) return { diagnostics: sortDiagnostics([...loadDiagnostics, ...profileDiagnostics]), displayDir };
  const { report, diagnostics: schemaDiagnostics } = validateReport(loaded, profile);
  if (!report) return { diagnostics: sortDiagnostics([...loadDiagnostics, ...schemaDiagnostics]), displayDir };
  const derived = deriveReport(report, loaded.sourceMap, profile);
  const checkDiagnostics = checkReport(report, derived, loaded.sourceMap, profile);
  const { html: prose, files: proseFiles, diagnostics: proseDiagnostics } = renderProse(report, derived, loaded, profile, reportSchemaFor(profile));
  const raw = [...loadDiagnostics, ...checkDiagnostics, ...proseDiagnostics];
  const usedExceptions = new Set<number>();
  const diagnostics = sortDiagnostics(applyExceptions(applySeverities(raw, profile), report, usedExceptions).map(stripPath));
  return { compiled: { loaded, profile, report, derived, prose, sources: [...loaded.paths, ...(profile.file === STANDARD_PROFILE ? [] : [profile.file]), ...proseFiles], snapshot, usedExceptions }, diagnostics, displayDir };
}

/** The data path served the undantag; callers see file positions only. */
export function stripPath(d: Diagnostic): Diagnostic {
  if (d.path === undefined) return d;
  const { path: _path, ...rest } = d;
  return rest;
}
