/**
 * Semantic diff of one report at two revisions: entities are matched by their stable `id`, figures
 * are compared as exact decimals (effective value = stated ?? computed), prose is compared word by
 * word. Layout, comments in the YAML, key order and file splits never show up.
 *
 * Where each part lives: the entries (diff-entry.ts); the report's own fields (report-meta.ts);
 * entities by id (entities.ts) added, removed, renamed and their fields (entity-changes.ts);
 * indicators (indicators.ts); money tables (money-tables.ts); prose (prose-changes.ts); how one
 * value's change is shown (value-changes.ts).
 */
import { defaultColumnLabels, reportTitle } from '../derive/labels.js';
import type { CompiledReport } from '../pipeline/compile.js';
import type { ReportDiff } from './diff-entry.js';
import { diffEntities } from './entity-changes.js';
import { diffIndicators } from './indicators.js';
import { diffMoneyTable } from './money-tables.js';
import { diffProse } from './prose-changes.js';
import { diffMeta } from './report-meta.js';
import { Collector } from './value-changes.js';

export type { DiffChange, DiffEntry, ReportDiff } from './diff-entry.js';

/** Compare two compiled reports (same report at two revisions) keyed by id. */
export function diffReports(a: CompiledReport, b: CompiledReport, labels: { from?: string; to?: string } = {}): ReportDiff {
  const c = new Collector();
  const ra = a.report;
  const rb = b.report;

  diffMeta(c, ra, rb);
  const addedOrRemoved = diffEntities(c, a, b);
  diffIndicators(c, a, b);
  const cols = { a: defaultColumnLabels(ra, a.profile), b: defaultColumnLabels(rb, b.profile) };
  for (const tb of b.derived.tables) {
    const ta = a.derived.tables.find((t) => t.id === tb.id);
    if (ta) diffMoneyTable(c, ta, tb, cols.b);
  }
  diffProse(c, a, b, addedOrRemoved);

  const order = ['Rapport', 'Mål och åtaganden', 'Indikatorer', 'Ekonomi', 'Intern kontroll', 'Personal', 'Bilagor', 'Text'];
  const rank = (g: string) => {
    const i = order.indexOf(g);
    if (i >= 0) return i;
    // Money tables are grouped by their heading: after Ekonomi.
    return order.indexOf('Ekonomi') + 0.5;
  };
  const entries = c.entries.map((e, i) => ({ e, i })).sort((x, y) => rank(x.e.group) - rank(y.e.group) || x.i - y.i).map((x) => x.e);
  return { title: `${rb.nämnd.namn} – ${reportTitle(rb)}`, from: labels.from, to: labels.to, entries };
}
