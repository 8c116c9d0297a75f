/** Checks that need several reports at once: facts across reports; finding the kommun folders. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkArithmetic } from '../check/arithmetic.js';
import type { CheckContext } from '../check/context.js';
import { applyExceptions, applySeverities, unusedExceptions } from '../check/exceptions.js';
import { crossReportFigures, factRefs, findRow, refProblem, sameFactCell } from '../check/facts.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { stripPath, type CompiledReport } from '../pipeline/compile.js';
import { ROOT_FILE, walkFolders } from '../load/report-folder.js';
import { KOMMUN_FILE } from '../schema/kommun.js';

/**
 * samma_som references to other reports ("rapportmapp:id.kolumn"), resolved among the reports of
 * this run; then each report's undantag, and the undantag that matched nothing.
 */
export function crossReportDiagnostics(reports: ReadonlyMap<string, CompiledReport>): Map<string, Diagnostic[]> {
  const byName = new Map<string, CompiledReport>();
  const ambiguous = new Set<string>();
  for (const [dir, c] of reports) {
    const name = path.basename(dir);
    if (byName.has(name)) ambiguous.add(name);
    byName.set(name, c);
  }
  const out = new Map<string, Diagnostic[]>();
  for (const [dir, c] of reports) {
    const ctx: CheckContext = { profile: c.profile, report: c.report, derived: { ...c.derived, cells: [] }, sourceMap: c.loaded.sourceMap, diagnostics: [] };
    const notes: Diagnostic[] = [];
    const unchecked: { id: string; kolumn: string }[] = [];
    for (const ref of factRefs(c.report, c.derived)) {
      if (ref.rapport === undefined) continue;
      const other = byName.get(ref.rapport);
      const at = c.loaded.sourceMap.pos(ref.refPath);
      if (ambiguous.has(ref.rapport)) {
        notes.push({ ...diag('ref.saknas', 'error', `flera rapportmappar i körningen heter "${ref.rapport}"; referensen är tvetydig – bygg kommunerna var för sig`, at), path: ref.refPath });
        continue;
      }
      if (!other) {
        notes.push(diag('fakta.samma', 'note', `rapporten "${ref.rapport}" byggs inte i samma körning; beloppet kontrolleras inte mot den`, at));
        unchecked.push({ id: ref.row.id, kolumn: ref.column });
        continue;
      }
      const row = findRow(other.derived, ref.id);
      if (!row) {
        notes.push({ ...diag('ref.saknas', 'error', `raden "${ref.id}" finns inte i rapporten ${ref.rapport}`, at), path: ref.refPath });
        continue;
      }
      const problem = refProblem(ref, row, ` i ${ref.rapport}`);
      if (problem) {
        notes.push({ ...diag('ref.saknas', 'error', problem, at), path: ref.refPath });
        continue;
      }
      const cell = sameFactCell(ref, row, `rapporten ${ref.rapport} (${other.report.förvaltning.namn}), `);
      if (cell) {
        ctx.derived.cells.push({ ...cell, computed: cell.computed && { ...cell.computed, operands: cell.computed.operands.map((o) => ({ ...o, path: [] })) } });
        // Related positions point into the other report's files.
        const before = ctx.diagnostics.length;
        checkArithmetic(ctx);
        for (const d of ctx.diagnostics.slice(before)) d.related = [{ message: `${row.row.namn}, ${ref.kolumn} i ${ref.rapport}`, pos: other.loaded.sourceMap.pos(row.row.cells[ref.kolumn]?.path ?? row.row.path) }];
        ctx.derived.cells.length = 0;
      }
    }
    // The same for values that are not money (indicators, personal): the same run's other reports.
    const figures = crossReportFigures({ report: c.report, derived: c.derived, sourceMap: c.loaded.sourceMap }, (name) => {
      if (ambiguous.has(name)) return 'tvetydig';
      const o = byName.get(name);
      return o && { report: o.report, derived: o.derived, sourceMap: o.loaded.sourceMap, namn: o.report.förvaltning.namn };
    });
    unchecked.push(...figures.unchecked);
    for (const p of figures.problems) {
      const d = diag(p.severity === 'note' ? 'fakta.samma' : 'ref.saknas', p.severity, p.message, c.loaded.sourceMap.pos(p.path));
      notes.push(p.severity === 'note' ? d : { ...d, path: p.path });
    }
    for (const { cell, related } of figures.cells) {
      ctx.derived.cells.push({ ...cell, computed: cell.computed && { ...cell.computed, operands: cell.computed.operands.map((o) => ({ ...o, path: [] })) } });
      const before = ctx.diagnostics.length;
      checkArithmetic(ctx);
      for (const d of ctx.diagnostics.slice(before)) d.related = [related];
      ctx.derived.cells.length = 0;
    }
    const diagnostics = applyExceptions(applySeverities([...ctx.diagnostics, ...notes], c.profile), c.report, c.usedExceptions).map(stripPath);
    diagnostics.push(...unusedExceptions(c.report, c.usedExceptions, c.loaded.sourceMap, unchecked));
    out.set(dir, diagnostics);
  }
  return out;
}

/** Folders with kommun.yaml at or below the given paths (the walk stops at report folders). */
export function findKommunFolders(paths: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (!existsSync(abs)) continue;
    walkFolders(abs, (dir, entries) => {
      if (entries.includes(KOMMUN_FILE)) found.push(dir);
      return !entries.includes(ROOT_FILE);
    });
  }
  return [...new Set(found)];
}
