/** References across reports and periods: samma_som renamed to the new period's reports or dropped, undantag kept only where still met. */
import path from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { checkReport } from '../check/index.js';
import { effective } from '../derive/cell.js';
import { deriveReport, type DerivedReport } from '../derive/index.js';
import { loadReportFolder } from '../load/report-folder.js';
import { SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import type { Path } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import { compileReport } from '../pipeline/compile.js';
import { validateReport } from '../validate/validate.js';
import type { Step } from './rollover-step.js';
import type { Obj } from './rollover-yaml.js';

/**
 * References into another report ("leanlink-vb-2023:nettokostnader.utfall") name a report of the old
 * period: they follow the new folder's name when it is the old one's with the period changed
 * (kommunstyrelsen-vb-2023 → kommunstyrelsen-dr1-2024 makes leanlink-vb-2023 leanlink-dr1-2024), and
 * are dropped when it is not – the old period's figures are never the new period's same fact.
 */
export function renameReferences(node: unknown, step: Step): void {
  if (isSeq(node)) {
    for (const item of node.items) renameReferences(item, step);
    return;
  }
  if (!isMap(node)) return;
  const map = node as Obj;
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'samma_som' && isMap(pair.value)) {
      const refs = pair.value as Obj;
      for (const ref of [...refs.items]) {
        const value = isScalar(ref.value) ? ref.value.value : undefined;
        if (typeof value !== 'string') continue;
        const m = /^([^:]+):(.+)$/.exec(value);
        if (!m) continue;
        const rename = step.rename;
        const name = m[1]!;
        const renamed = rename && (name === rename.from || name.endsWith(`-${rename.from}`)) ? `${name.slice(0, name.length - rename.from.length)}${rename.to}` : undefined;
        if (renamed) (ref.value as Scalar).value = `${renamed}:${m[2]}`;
        else refs.delete(ref.key);
      }
      if (refs.items.length === 0) map.delete('samma_som');
    } else renameReferences(pair.value, step);
  }
}

/** The part of the folder names that says the period: kommunstyrelsen-vb-2023 → kommunstyrelsen-dr1-2024 gives vb-2023 → dr1-2024. */
export function periodSuffixes(source: string, target: string): { from: string; to: string } | undefined {
  const a = path.basename(path.resolve(source));
  const b = path.basename(path.resolve(target));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const cut = a.lastIndexOf('-', i - 1) + 1;
  if (cut <= 0) return undefined;
  const from = a.slice(cut);
  const to = b.slice(cut);
  return from && to && from !== to ? { from, to } : undefined;
}

/**
 * A `samma_som` says that two figures of the same period are one fact. Where the new report has no
 * figure on either side yet (cleared for the author to fill), check cannot compare them and calls it
 * an error; those references are dropped, the rest stay.
 */
export function pruneReferences(target: string, docs: Map<string, Document>, profile: Profile): Set<string> {
  const changed = new Set<string>();
  withSnapshot(new SourceSnapshot(), () => {
    const { report: loaded } = loadReportFolder(target, target);
    if (!loaded) return;
    const { report } = validateReport(loaded, profile);
    if (!report) return;
    const derived = deriveReport(report, loaded.sourceMap, profile);
    const drop: Path[] = [];
    for (const d of checkReport(report, derived, loaded.sourceMap, profile)) {
      const p = d.path;
      if (d.code === 'ref.saknas' && p && p.at(-2) === 'samma_som' && /inget värde/.test(d.message)) drop.push(p);
    }
    // Another report's figures are compared when the reports are checked together: a reference
    // from a figure the new report does not have yet is dropped the same way.
    drop.push(...crossReferencesWithoutValue(report, derived));
    for (const p of drop) {
      const name = fileWith(docs, String(p[0]));
      const doc = name === undefined ? undefined : docs.get(name);
      const refs = doc?.getIn(p.slice(0, -1), true);
      if (!doc || !name || !isMap(refs)) continue;
      (refs as Obj).delete(p.at(-1));
      if ((refs as Obj).items.length === 0) doc.deleteIn(p.slice(0, -1));
      changed.add(name);
    }
  });
  return changed;
}

/**
 * The old report's undantag acknowledge errors published in its figures. Those that still meet an
 * error in the new report (an old period's value that is kept) stay; the others are removed.
 */
export function pruneExceptions(target: string, docs: Map<string, Document>): Set<string> {
  const name = fileWith(docs, 'undantag');
  if (name === undefined) return new Set();
  const { compiled } = compileReport('.', target);
  const doc = docs.get(name)!;
  const seq = doc.get('undantag', true);
  if (!compiled || !isSeq(seq)) return new Set();
  seq.items = seq.items.filter((_, i) => compiled.usedExceptions.has(i));
  if (seq.items.length === 0) doc.delete('undantag');
  return new Set([name]);
}

function fileWith(docs: Map<string, Document>, key: string): string | undefined {
  for (const [name, doc] of docs) if (isMap(doc.contents) && (doc.contents as Obj).has(key)) return name;
  return undefined;
}

function crossReferencesWithoutValue(report: unknown, derived: DerivedReport): Path[] {
  const out: Path[] = [];
  const valueAt = (p: Path): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined), report);
  for (const table of derived.tables) {
    for (const row of table.rows) {
      const data = valueAt(row.path) as { samma_som?: Record<string, string> } | undefined;
      for (const [column, ref] of Object.entries(data?.samma_som ?? {})) {
        if (!ref.includes(':')) continue;
        if (!effective(row.cells[column])) out.push([...row.path, 'samma_som', column]);
      }
    }
  }
  for (const ind of derived.indikatorer) {
    for (const point of ind.points) {
      const p = point.path;
      const data = valueAt(p) as { samma_som?: Record<string, string>; saknas?: unknown } | undefined;
      if (!data?.saknas) continue;
      for (const field of Object.keys(data.samma_som ?? {})) out.push([...p, 'samma_som', field]);
    }
  }
  return out;
}
