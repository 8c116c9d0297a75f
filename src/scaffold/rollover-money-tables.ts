/** The ekonomi section's money tables: columns and headings for the new report, each figure moved to the column of the same meaning. */
import { isMap, isScalar, isSeq, Scalar, YAMLSeq } from 'yaml';
import { type Cell, effective, type Quantity } from '../derive/cell.js';
import type { Path } from '../load/yaml-file.js';
import type { TableKind } from '../schema/profile.js';
import { DRIFT_BELOPP, INV_BELOPP, RR_SUMMA_ROLLER, SAMMANDRAG_BELOPP } from '../schema/money-tables.js';
import { endIndex, MONTH_BY_NAME, monthOf, type Period, shiftYears } from './rollover-period-labels.js';
import { retitle, retitleScalar, type Step } from './rollover-step.js';
import { clearProse } from './rollover-texts.js';
import { detached, mapAt, type Obj, seqItems, setScalar } from './rollover-yaml.js';

const STANDARD: Record<TableKind, readonly string[]> = {
  resultaträkning: ['utfall_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse'],
  driftredovisning: DRIFT_BELOPP,
  investeringsredovisning: INV_BELOPP,
  sammandrag: SAMMANDRAG_BELOPP,
};

/** Columns a verksamhetsberättelse has no use for: a forecast of the year is not made when the year is closed. */
const FORECASTS = new Set(['prognos', 'prognosavvikelse', 'prognos_helår']);

/**
 * What a column of a table kind holds in a report of a period: a quantity over an interval, as a
 * key that is equal exactly when two columns hold the same figures.
 */
function standardMeaning(kind: TableKind, key: string, p: Period): string | undefined {
  const Y = p.år;
  const M = monthOf(p.till);
  const at = endIndex(p);
  switch (key) {
    case 'utfall':
      return `utfall ${Y} 1–${M}`;
    case 'utfall_fg':
      return `utfall ${Y - 1} 1–${M}`;
    case 'budget':
      return `budget ${Y} 1–${M}`;
    case 'budget_helår':
      return `budget ${Y} 1–12`;
    case 'budgetavvikelse':
      return kind === 'investeringsredovisning' ? `investering budgetavvikelse ${at}` : `budgetavvikelse ${Y} 1–${M}`;
    case 'budgetavvikelse_fg':
      return `budgetavvikelse ${Y - 1} 1–${M}`;
    case 'prognos':
    case 'prognos_helår':
      return `prognos ${at}`;
    case 'prognosavvikelse':
      return `prognosavvikelse ${at}`;
    case 'projektbudget':
      // A project's total budget is decided with the year's budget: it carries within the year.
      return `projektbudget ${Y}`;
    default:
      // utfall_ack_totalt, budgetavvikelse_projekt, prognos_projekt, prognosavvikelse_projekt: as of the period's end.
      return `${key} ${at}`;
  }
}

/**
 * What a table's own amount column holds, read from its heading: "Prognos maj" is the forecast made
 * in May of the report's year, "Utfall apr 2025" the outcome January–April 2025, "Bokslut 2024" the
 * outcome of 2024. A heading that says none of this clearly holds nothing that can move.
 */
function headingMeaning(heading: string, p: Period): string | undefined {
  const h = heading.toLowerCase();
  if (/avvikelse|\back\b|ackumulerat|%/.test(h)) return undefined;
  const year = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(h);
  const Y = year ? Number(year[1]) : p.år;
  const month = [...h.matchAll(/\p{L}+/gu)].map((m) => MONTH_BY_NAME.get(m[0])).find((m) => m !== undefined);
  const M = month ? month.m + 1 : undefined;
  if (/^(utfall|bokslut)(?!\p{L})/u.test(h)) {
    if (M !== undefined) return `utfall ${Y} 1–${M}`;
    return h.startsWith('bokslut') || year ? `utfall ${Y} 1–12` : undefined;
  }
  if (/^(års)?prognos(?!\p{L})/u.test(h)) return M !== undefined ? `prognos ${Y * 12 + M - 1}` : undefined;
  if (/^budget(?!\p{L})/u.test(h)) return M !== undefined && !h.includes('helår') ? `budget ${Y} 1–${M}` : `budget ${Y} 1–12`;
  return undefined;
}

/**
 * The profile's columns for the new kind of report, with the columns the table added to the
 * profile's for the old kind (a project's forecast in an investment table), each after the column it
 * stood after.
 */
function withAdditions(defaults: readonly string[], oldList: readonly string[], oldDefaults: readonly string[] | undefined): string[] {
  const out = [...defaults];
  oldList.forEach((id, i) => {
    if (out.includes(id) || (oldDefaults ?? []).includes(id)) return;
    const before = oldList.slice(0, i).reverse().find((b) => out.includes(b));
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, id);
  });
  return out;
}

interface ColumnEntry {
  id: string;
  standard: boolean;
  node: unknown;
  rubrik?: string;
  /** belopp without `avvikelse`: a column whose figures are stated. */
  stated: boolean;
}

function columnEntries(table: Obj, kind: TableKind): ColumnEntry[] | undefined {
  const kolumner = table.get('kolumner', true);
  if (!isSeq(kolumner)) return undefined;
  return kolumner.items.map((item) => {
    if (isScalar(item)) return { id: String(item.value), standard: true, node: item, stated: true };
    const m = item as Obj;
    const id = String(m.get('id'));
    const rubrik = m.get('rubrik');
    const typ = m.get('typ');
    return {
      id,
      standard: STANDARD[kind].includes(id),
      node: item,
      rubrik: typeof rubrik === 'string' ? rubrik : undefined,
      stated: (typ === undefined || typ === 'belopp') && !m.has('avvikelse'),
    };
  });
}

/** A row of a money table: where it stands, and whether it is a post (its deviations are its own) or a sum. */
interface MoneyRow {
  node: Obj;
  path: Path;
  post: boolean;
}

function derivedCells(step: Step, at: Path): Record<string, Cell | undefined> | undefined {
  const key = JSON.stringify(at);
  for (const t of step.oldDerived?.tables ?? []) for (const r of t.rows) if (JSON.stringify(r.path) === key) return r.cells;
  return undefined;
}

/** Decimals a computed figure is written with: those of its operands (25.5 − 28.1 = −2.6). */
function decimalsOf(cell: Cell, q: Quantity): number {
  let dp = q.value.decimalPlaces();
  for (const o of cell.computed?.operands ?? []) {
    const u = o.quantity.uncertainty.toNumber();
    if (u > 0) dp = Math.max(dp, Math.round(-Math.log10(u * 2)));
  }
  return Math.min(dp, 6);
}

function numberNode(q: Quantity, cell: Cell): Scalar {
  const dp = decimalsOf(cell, q);
  const node = new Scalar(Number(q.value.toFixed(dp)));
  node.minFractionDigits = dp;
  return node;
}

/** Columns whose figures the new table cannot derive (nothing in the new report to compute them from). */
const ONLY_STATED = new Set(['budgetavvikelse_fg']);

/**
 * One money table: headings and columns for the new report, and each row's figures moved to the
 * column that means the same in the new period (cleared where there is none).
 */
function rolloverMoneyTable(table: Obj, kind: TableKind, rows: MoneyRow[], step: Step): void {
  const { old, neu, profile } = step;
  retitleScalar(table, 'rubrik', step);
  retitleScalar(table, 'underrubrik', step);

  const oldEntries = columnEntries(table, kind);
  const rubriker = mapAt(table, 'rubriker');
  const customHeading = (id: string): string | undefined => {
    const r = rubriker?.get(id);
    return typeof r === 'string' ? r : oldEntries?.find((e) => e.id === id)?.rubrik;
  };
  // Own columns: their meaning read from their heading in the old period, and in the new (the years
  // of a heading move with the report; a month names a fixed point of the year, "Prognos maj").
  const ownOld = new Map<string, string | undefined>();
  const ownNew = new Map<string, string | undefined>();
  for (const e of oldEntries ?? []) {
    if (e.standard) continue;
    const heading = e.rubrik ?? e.id;
    ownOld.set(e.id, e.stated ? headingMeaning(heading, old) : undefined);
    const shifted = shiftYears(heading, neu.år - old.år);
    if (shifted !== heading && isMap(e.node)) setScalar(e.node as Obj, 'rubrik', shifted);
    ownNew.set(e.id, e.stated ? headingMeaning(shifted, neu) : undefined);
  }

  if (!step.typeChanged) {
    // Same kind of report: a standard column means the same relative to the period, so its heading follows the period.
    if (rubriker) for (const pair of rubriker.items) if (isScalar(pair.key)) retitleScalar(rubriker, String(pair.key.value), step);
    for (const e of oldEntries ?? []) if (e.standard && isMap(e.node) && e.rubrik !== undefined) retitleScalar(e.node as Obj, 'rubrik', step);
  } else {
    // Another kind of report: the profile's columns and headings for it (with the columns the table
    // added to the old kind's), the table's own columns after them.
    const templates = profile.columnTemplates(neu.typ);
    const defaults = profile.defaultColumns(neu.typ, kind);
    const oldDefaults = profile.defaultColumns(old.typ, kind);
    const own = (oldEntries ?? []).filter((e) => !e.standard);
    const shown = (oldEntries ? oldEntries.filter((e) => e.standard).map((e) => e.id) : (oldDefaults ?? [])).filter((id) => !(neu.typ === 'verksamhetsberättelse' && FORECASTS.has(id)));
    let standard = defaults ? withAdditions(defaults, shown, oldDefaults) : shown;
    // A column the profile has no heading for keeps the table's own (in the new period's words), or is not shown.
    const keep = new Map<string, string>();
    for (const id of standard) {
      if (templates[id] !== undefined) continue;
      const heading = customHeading(id);
      if (heading !== undefined) keep.set(id, retitle(heading, step));
    }
    standard = standard.filter((id) => templates[id] !== undefined || keep.has(id));
    const asDefault = defaults !== undefined && own.length === 0 && standard.join() === defaults.join();
    if (asDefault) table.delete('kolumner');
    else if (oldEntries || !defaults) {
      const seq = isSeq(table.get('kolumner', true)) ? (table.get('kolumner', true) as unknown as YAMLSeq) : new YAMLSeq();
      seq.items = [...standard.map((id) => new Scalar(id)), ...own.map((e) => e.node)] as typeof seq.items;
      seq.flow = own.length === 0;
      table.set('kolumner', seq);
    }
    if (keep.size > 0) table.set('rubriker', Object.fromEntries(keep));
    else table.delete('rubriker');
  }

  // Which old column each new column takes its figures from.
  const oldMeaning = new Map<string, string>();
  for (const key of STANDARD[kind]) {
    const m = standardMeaning(kind, key, old);
    if (m) oldMeaning.set(m, oldMeaning.get(m) ?? key);
  }
  for (const [id, m] of ownOld) if (m && !oldMeaning.has(m)) oldMeaning.set(m, id);
  const moves: [string, string][] = [];
  for (const key of STANDARD[kind]) {
    const m = standardMeaning(kind, key, neu);
    const from = m ? oldMeaning.get(m) : undefined;
    if (from) moves.push([key, from]);
  }
  for (const [id, m] of ownNew) {
    const from = m ? oldMeaning.get(m) : undefined;
    if (from) moves.push([id, from]);
  }

  const cleared = new Set([...STANDARD[kind], ...ownOld.keys()]);
  for (const row of rows) {
    const before = new Map<string, unknown>();
    for (const key of cleared) before.set(key, row.node.get(key, true));
    const cells = row.post ? derivedCells(step, row.path) : undefined;
    for (const key of cleared) row.node.delete(key);
    for (const [to, from] of moves) {
      const node = before.get(from);
      if (isScalar(node) && typeof node.value === 'number') {
        row.node.set(to, to === from ? node : detached(node.clone() as Scalar));
      } else if (ONLY_STATED.has(to) && cells) {
        const cell = cells[from];
        const q = effective(cell);
        if (cell && q) row.node.set(to, numberNode(q, cell));
      }
    }
    // The explanation of a deviation is the old period's.
    row.node.delete('förklaring');
  }
}

export function rolloverEkonomi(ekonomi: Obj, step: Step): void {
  retitleScalar(ekonomi, 'rubrik', step);
  clearProse(ekonomi, 'text', step, false);
  // The balanskrav assessment cites the forecast, which is the old period's.
  clearProse(ekonomi, 'balanskrav', step, false);
  const base: Path = ['ekonomi'];
  const sammandrag = mapAt(ekonomi, 'sammandrag');
  if (sammandrag) {
    clearProse(sammandrag, 'text', step, false);
    const rows = seqItems(sammandrag.get('rader', true)).map((node, i) => ({ node, path: [...base, 'sammandrag', 'rader', i], post: !node.has('från') }));
    rolloverMoneyTable(sammandrag, 'sammandrag', rows, step);
  }
  const rr = mapAt(ekonomi, 'resultaträkning');
  if (rr) {
    const sums: readonly string[] = RR_SUMMA_ROLLER;
    const rows = seqItems(rr.get('rader', true)).map((node, i) => ({ node, path: [...base, 'resultaträkning', 'rader', i], post: !sums.includes(String(node.get('roll'))) }));
    rolloverMoneyTable(rr, 'resultaträkning', rows, step);
  }
  seqItems(ekonomi.get('driftredovisning', true)).forEach((drift, t) => {
    clearProse(drift, 'text', step, false);
    const at: Path = [...base, 'driftredovisning', t];
    const rows: MoneyRow[] = [];
    const withVarav = (node: Obj, p: Path, post: boolean) => {
      rows.push({ node, path: p, post });
      seqItems(node.get('varav', true)).forEach((v, j) => rows.push({ node: v, path: [...p, 'varav', j], post }));
    };
    seqItems(drift.get('enheter', true)).forEach((node, i) => withVarav(node, [...at, 'enheter', i], true));
    const summa = mapAt(drift, 'summa');
    if (summa) withVarav(summa, [...at, 'summa'], false);
    rolloverMoneyTable(drift, 'driftredovisning', rows, step);
  });
  seqItems(ekonomi.get('investeringsredovisning', true)).forEach((inv, t) => {
    const at: Path = [...base, 'investeringsredovisning', t];
    const hasTable = inv.has('projekt') || inv.has('grupper');
    // A text-only investeringsredovisning must have its text.
    clearProse(inv, 'text', step, hasTable ? false : 'Skriv texten om investeringarna.');
    const rows: MoneyRow[] = [];
    seqItems(inv.get('projekt', true)).forEach((node, i) => rows.push({ node, path: [...at, 'projekt', i], post: true }));
    const summa = mapAt(inv, 'summa');
    if (summa) rows.push({ node: summa, path: [...at, 'summa'], post: false });
    seqItems(inv.get('grupper', true)).forEach((g, gi) => {
      seqItems(g.get('projekt', true)).forEach((node, i) => rows.push({ node, path: [...at, 'grupper', gi, 'projekt', i], post: true }));
      const gs = mapAt(g, 'summa');
      if (gs) rows.push({ node: gs, path: [...at, 'grupper', gi, 'summa'], post: false });
    });
    rolloverMoneyTable(inv, 'investeringsredovisning', rows, step);
  });
}
