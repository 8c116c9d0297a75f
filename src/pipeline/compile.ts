import { checkReport } from '../check/index.js';
import { deriveReport, type DerivedReport } from '../derive/index.js';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { type LoadedReport, loadReportFolder } from '../load/report-folder.js';
import { type ProseHtml, renderProse } from '../prose/render.js';
import type { Report } from '../schema/report.js';
import { validateReport } from '../validate/validate.js';

export interface CompiledReport {
  loaded: LoadedReport;
  report: Report;
  derived: DerivedReport;
  prose: ProseHtml;
  /** Absolute paths of every file the report was compiled from: YAML, then Markdown. */
  sources: string[];
}

export interface CompileResult {
  compiled?: CompiledReport;
  diagnostics: Diagnostic[];
  /** Display path of the report folder. */
  displayDir: string;
}

/** load → validate → derive → check → prose. Rendering happens only when there are no errors. */
export function compileReport(dir: string, cwd = process.cwd()): CompileResult {
  const { report: loaded, diagnostics: loadDiagnostics } = loadReportFolder(dir, cwd);
  const displayDir = loaded?.displayDir ?? dir;
  if (!loaded || hasErrors(loadDiagnostics)) return { diagnostics: sortDiagnostics(loadDiagnostics), displayDir };
  const { report, diagnostics: schemaDiagnostics } = validateReport(loaded);
  if (!report) return { diagnostics: sortDiagnostics([...loadDiagnostics, ...schemaDiagnostics]), displayDir };
  const derived = deriveReport(report, loaded.sourceMap);
  const checkDiagnostics = checkReport(report, derived, loaded.sourceMap);
  const { html: prose, files: proseFiles, diagnostics: proseDiagnostics } = renderProse(report, derived, loaded);
  const diagnostics = sortDiagnostics([...loadDiagnostics, ...checkDiagnostics, ...proseDiagnostics]);
  return { compiled: { loaded, report, derived, prose, sources: [...loaded.paths, ...proseFiles] }, diagnostics, displayDir };
}
