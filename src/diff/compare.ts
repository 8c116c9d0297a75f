/**
 * One report compared at two versions, as `rapport diff` shows it: the semantic diff when both
 * versions can be read, and the errors and warnings the change adds or removes (matched without
 * line numbers, since lines move).
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { reportTitle } from '../derive/labels.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { diffReports, type ReportDiff } from './diff-reports.js';
import { surroundingsEntries } from './surroundings.js';

export type Side = 'from' | 'to';

/** An error or warning of one version, its file relative to the report folder ('/'-separated). */
export interface DiagnosticItem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface ComparedReport {
  /** The report folder, relative as given ('/'-separated; "." for the folder itself). */
  folder: string;
  /** "Nämnd – Delårsrapport 2 2023" of the newest version that could be read. */
  title?: string;
  /** The semantic diff, when both versions could be read. */
  diff?: ReportDiff;
  /** The version in which the report folder does not exist (the change adds or removes the report). */
  absent?: Side;
  /** Versions in which the report exists but cannot be read (the compile failed). */
  unreadable: Side[];
  /** The report could not be compared for another reason (e.g. a checkout failed). */
  failure?: string;
  /** The errors of the newer version when it cannot be read (then nothing is compared). */
  errors?: DiagnosticItem[];
  /** Errors and warnings in the newer version and not in the older one. */
  introduced: DiagnosticItem[];
  /** Errors and warnings of the older version that are gone from the newer one. */
  resolved: DiagnosticItem[];
}

export interface DiffSet {
  /** Labels of the two versions (revisions or folders, as given). */
  from?: string;
  to?: string;
  reports: ComparedReport[];
}

/** Whether the report section has anything to show (else it is listed among the unchanged). */
export function hasChanges(r: ComparedReport): boolean {
  return (
    r.failure !== undefined ||
    r.absent !== undefined ||
    r.unreadable.length > 0 ||
    (r.errors?.length ?? 0) > 0 ||
    r.introduced.length > 0 ||
    r.resolved.length > 0 ||
    (r.diff?.entries.length ?? 0) > 0
  );
}

/**
 * Errors and warnings of one compile of the report in `reportDir` (compiled with working directory
 * `cwd`), with files relative to the report folder and the folder's own path in messages replaced
 * by `label`, so that two versions in different places compare equal.
 */
export function diagnosticItems(diagnostics: readonly Diagnostic[], reportDir: string, cwd: string, label: string): DiagnosticItem[] {
  const abs = path.resolve(cwd, reportDir);
  const shown = path.relative(cwd, abs);
  const places = [abs, ...(shown !== '' && !shown.startsWith('..') ? [shown] : [])].sort((x, y) => y.length - x.length);
  const clean = (message: string) => places.reduce((m, p) => m.split(p).join(label), message);
  const out: DiagnosticItem[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'note') continue;
    const file = d.pos ? path.relative(abs, path.resolve(cwd, d.pos.file)).split(path.sep).join('/') || '.' : undefined;
    out.push({ severity: d.severity, code: d.code, message: clean(d.message), file, line: d.pos?.line });
  }
  return out;
}

const keyOf = (d: DiagnosticItem) => `${d.severity}\0${d.code}\0${d.file ?? ''}\0${d.message}`;

/** `b` minus `a` as multisets, by severity, code, file and message (not by line). */
export function onlyIn(b: readonly DiagnosticItem[], a: readonly DiagnosticItem[]): DiagnosticItem[] {
  const counts = new Map<string, number>();
  for (const d of a) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
  const out: DiagnosticItem[] = [];
  for (const d of b) {
    const n = counts.get(keyOf(d)) ?? 0;
    if (n > 0) counts.set(keyOf(d), n - 1);
    else out.push(d);
  }
  return out;
}

/** Errors first, then warnings; by file and line within each. */
export function sortItems(items: DiagnosticItem[]): DiagnosticItem[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...items].sort(
    (x, y) =>
      (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) ||
      cmp(x.file ?? '', y.file ?? '') ||
      (x.line ?? 0) - (y.line ?? 0) ||
      cmp(x.code, y.code),
  );
}

/** One version of a report: absent, or compiled (successfully or not) with its errors and warnings. */
export interface ReportVersion {
  absent?: boolean;
  compiled?: CompiledReport;
  diagnostics: DiagnosticItem[];
}

const titleOf = (c: CompiledReport) => `${c.report.nämnd.namn} – ${reportTitle(c.report)}`;

/**
 * Compare one report at two versions. Both read: the semantic diff and the errors and warnings
 * that are new or gone. The newer one unreadable: its errors (nothing else can be compared). Only
 * the older one unreadable: what its errors were, and what the newer version reports.
 */
export function compareReport(folder: string, a: ReportVersion, b: ReportVersion, labels: { from?: string; to?: string } = {}): ComparedReport {
  const compiled = b.compiled ?? a.compiled;
  const out: ComparedReport = { folder, title: compiled && titleOf(compiled), unreadable: [], introduced: [], resolved: [] };
  if (a.absent && b.absent) return { ...out, failure: 'rapportmappen finns inte i någon av versionerna' };
  if (a.absent) out.absent = 'from';
  if (b.absent) out.absent = 'to';
  if (!a.absent && !a.compiled) out.unreadable.push('from');
  if (!b.absent && !b.compiled) out.unreadable.push('to');
  if (!b.absent && !b.compiled) {
    out.errors = sortItems(b.diagnostics.filter((d) => d.severity === 'error'));
    return out;
  }
  if (b.absent) return out;
  if (a.compiled && b.compiled) {
    out.diff = diffReports(a.compiled, b.compiled, labels);
    out.diff.entries.push(...surroundingsEntries(a.compiled, b.compiled));
  }
  out.introduced = sortItems(onlyIn(b.diagnostics, a.diagnostics));
  out.resolved = sortItems(onlyIn(a.diagnostics, b.diagnostics));
  return out;
}
