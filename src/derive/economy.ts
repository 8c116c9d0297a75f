import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { convertMoney, type MoneyUnit } from '../format/number.js';
import type { Profile } from '../profile/profile.js';
import type { TableKind, Tecken } from '../schema/profile.js';
import {
  DRIFT_BELOPP,
  INV_BELOPP,
  SAMMANDRAG_BELOPP,
  type Driftredovisning,
  type Investeringsredovisning,
  type Resultatrakning,
  type RrRad,
  type Sammandrag,
} from '../schema/money-tables.js';
import type { Report } from '../schema/report.js';
import { type Cell, combine, effective, type Quantity, statedQuantity } from './cell.js';
import { defaultColumnLabels } from './labels.js';
import { toDecimal, writtenDecimals } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import type { EgenKolumn } from '../schema/money-columns.js';

export type RowKind = 'post' | 'delsumma' | 'summa' | 'grupp' | 'varav';

export interface RowView {
  id: string;
  namn: string;
  kind: RowKind;
  path: Path;
  /** Every amount of the row, by column key (the kind's own and the table's own amount columns). */
  cells: Record<string, Cell | undefined>;
  /** The row's values in the table's own number and text columns, as shown. */
  texter?: Record<string, string>;
  /** The row's own sign convention, when it differs from its table's (a sammandrag row). */
  tecken?: Tecken;
}

/** How a table states an amount: its unit and its sign convention (and which of its columns are deviations). */
export interface Statement {
  unit: MoneyUnit;
  tecken: Tecken;
  avvikelser?: ReadonlySet<string>;
}

/** A column as the table shows it. */
export interface ColumnView {
  key: string;
  label: string;
  /** belopp: an amount in the table's unit; tal: a number that does not sum; text. */
  typ: 'belopp' | 'tal' | 'text';
  /** No heading from the table, its own column or the profile: check refuses to print the bare key. */
  rubrikSaknas?: boolean;
}

/** Result sign in mnkr: how the kommun roll-up states every nämnd's result. */
export const RESULT_MNKR: Statement = { unit: 'mnkr', tecken: { kostnader: 'negativa', avvikelse: 'utfall-budget' } };

/**
 * A quantity as one table states it (column `fromColumn`), restated as another table would state it
 * (column `toColumn`): converted between kr, tkr and mnkr, its sign flipped where the conventions differ.
 */
export function restate(q: Quantity, from: Statement, fromColumn: string, to: Statement, toColumn = fromColumn): Quantity {
  const factor = resultSignFactor(from.tecken, fromColumn, from.avvikelser) * resultSignFactor(to.tecken, toColumn, to.avvikelser);
  return { value: convertMoney(q.value, from.unit, to.unit).times(factor), uncertainty: convertMoney(q.uncertainty, from.unit, to.unit) };
}

/** How a table (a row of it) states its amounts: unit, sign convention and deviation columns. */
export function statementOf(table: MoneyTable, row?: Pick<RowView, 'tecken'>): Statement {
  return { unit: table.unit, tecken: row ? rowTecken(table, row) : table.tecken, avvikelser: table.avvikelser };
}

/** The sign convention a row's figures are written in. */
export function rowTecken(table: Pick<MoneyTable, 'tecken'>, row: Pick<RowView, 'tecken'>): Tecken {
  return row.tecken ?? table.tecken;
}

export interface MoneyTable {
  id: string;
  rubrik: string;
  underrubrik?: string;
  /** Heading of the row-name column, when the table names it ("Område/stab"). */
  radrubrik?: string;
  unit: MoneyUnit;
  display: { unit: MoneyUnit; decimals: number };
  /** The columns shown, in order. */
  columns: ColumnView[];
  /** Every amount column of the table: the kind's own and the table's own amount columns. */
  amounts: string[];
  /** The deviation columns: the kind's and the table's own `avvikelse` columns (their sign follows the formula). */
  avvikelser: ReadonlySet<string>;
  /** The table's own deviation columns: key → [outcome, reference]. */
  ownDeviations: [string, [string, string]][];
  /** What a driftredovisning's figures measure, when it says. */
  mått?: 'resultat' | 'nettokostnad';
  rows: RowView[];
  kind: TableKind;
  /** The table's sign convention (its own, else the profile's for the kind). */
  tecken: Tecken;
  /** Relations that are not a cell's own computation (varav rows summing to their parent). */
  checks: Cell[];
}

/** Deviation columns: their sign follows the table's avvikelse formula. */
export const DEVIATION_COLUMNS = new Set(['budgetavvikelse', 'budgetavvikelse_fg', 'prognosavvikelse', 'prognosavvikelse_projekt', 'budgetavvikelse_projekt']);

/**
 * The factor that turns a value of a table into result sign (costs negative, deviations
 * positive when favourable), so tables with different conventions can be compared.
 */
export function resultSignFactor(tecken: Tecken, column: string, deviations: ReadonlySet<string> = DEVIATION_COLUMNS): 1 | -1 {
  if (deviations.has(column)) {
    const favourablePositive = (tecken.kostnader === 'negativa') === (tecken.avvikelse === 'utfall-budget');
    return favourablePositive ? 1 : -1;
  }
  return tecken.kostnader === 'negativa' ? 1 : -1;
}

type Columns = readonly string[];

function cellsOf(row: Record<string, unknown>, rowPath: Path, columns: Columns, sourceMap: SourceMap): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const c of columns) {
    const value = row[c];
    const path = [...rowPath, c];
    cells[c] = { path, label: `${String(row['namn'])}, ${c}`, stated: typeof value === 'number' ? statedQuantity(value, path, sourceMap) : undefined };
  }
  return cells;
}

type TableSpec = Pick<Resultatrakning, 'id' | 'rubrik' | 'underrubrik' | 'visning' | 'kolumner' | 'tecken' | 'radrubrik'> & {
  enhet?: MoneyUnit;
  rubriker: Partial<Record<string, string>>;
  mått?: 'resultat' | 'nettokostnad';
};

/** The table's own columns (declared as { id, rubrik, typ } in kolumner) that are not the kind's. */
function declaredOwnColumns(spec: TableSpec, known: Columns): EgenKolumn[] {
  return (spec.kolumner ?? []).filter((k): k is EgenKolumn => typeof k !== 'string' && !known.includes(k.id));
}

/** Own deviations ordered so that one computed from another comes after it (the schema refuses cycles). */
function inDependencyOrder(deviations: [string, [string, string]][]): [string, [string, string]][] {
  const byId = new Map(deviations);
  const out: [string, [string, string]][] = [];
  const done = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (done.has(id) || depth > deviations.length) return;
    done.add(id);
    for (const dep of byId.get(id) ?? []) if (byId.has(dep)) visit(dep, depth + 1);
    out.push([id, byId.get(id)!]);
  };
  for (const [id] of deviations) visit(id, 0);
  return out;
}

/** The parts of a MoneyTable that come from the table's own declaration. */
function tableHeader(spec: TableSpec, report: Report, profile: Profile, kind: TableKind, known: Columns): Omit<MoneyTable, 'rows' | 'checks'> {
  const unit = spec.enhet ?? 'mnkr';
  const displayUnit = spec.visning.enhet ?? unit;
  const own = declaredOwnColumns(spec, known);
  const ownAmounts = own.filter((k) => (k.typ ?? 'belopp') === 'belopp');
  const ownDeviations = inDependencyOrder(ownAmounts.filter((k) => k.avvikelse !== undefined).map((k) => [k.id, k.avvikelse!] as [string, [string, string]]));
  return {
    kind,
    tecken: profile.tecken(kind, spec.tecken),
    id: spec.id,
    rubrik: spec.rubrik,
    underrubrik: spec.underrubrik,
    radrubrik: spec.radrubrik,
    unit,
    display: { unit: displayUnit, decimals: spec.visning.decimaler ?? (displayUnit === 'mnkr' ? 1 : 0) },
    columns: columnsView(spec.kolumner ?? profile.defaultColumns(report.rapport.typ, kind) ?? [], spec.rubriker, report, profile),
    amounts: [...known, ...ownAmounts.map((k) => k.id)],
    avvikelser: new Set([...DEVIATION_COLUMNS, ...ownDeviations.map(([k]) => k)]),
    ownDeviations,
    mått: spec.mått,
  };
}

function columnsView(keys: readonly (string | EgenKolumn)[], own: Partial<Record<string, string>>, report: Report, profile: Profile): ColumnView[] {
  const defaults = defaultColumnLabels(report, profile);
  return keys.map((k) => {
    const key = typeof k === 'string' ? k : k.id;
    const label = (typeof k === 'string' ? undefined : k.rubrik) ?? own[key] ?? defaults[key];
    return { key, label: label ?? key, typ: typeof k === 'string' ? 'belopp' : (k.typ ?? 'belopp'), ...(label === undefined ? { rubrikSaknas: true } : {}) };
  });
}

/** A row's values in the table's own number and text columns, as shown (numbers with the decimals written). */
function ownTexts(spec: TableSpec, known: Columns, row: Record<string, unknown>, rowPath: Path, sourceMap: SourceMap): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const k of declaredOwnColumns(spec, known)) {
    const v = row[k.id];
    if (k.typ === 'text' && typeof v === 'string') out[k.id] = v;
    else if (k.typ === 'tal' && typeof v === 'number') {
      const raw = sourceMap.raw([...rowPath, k.id]);
      const text = formatNumber(toDecimal(v, raw), { decimals: k.decimaler ?? Math.max(0, writtenDecimals(v, raw)) });
      out[k.id] = k.enhet ? `${text}\u00a0${k.enhet}` : text;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The RR columns an author states; the avvikelse columns are derived from them. */
export const RR_BASE = ['utfall_fg', 'utfall', 'budget', 'prognos', 'budget_helår'] as const;
const RR_ALL = [...RR_BASE, 'budgetavvikelse', 'prognosavvikelse'] as const;

const rowLabel = (row: { namn: string }, column: string) => `${row.namn}, ${column}`;

/**
 * Resultaträkning: summa rows are Σ of their posts; resultat = intäkter + kostnader + finansnetto;
 * summa = resultat + över-/underskott; avvikelser = utfall − budget and prognos − budget helår.
 * An empty RR cell counts as 0 when the other operand is present (the ledger prints 0 as empty).
 * The table's own amount columns (an earlier forecast) follow the same arithmetic.
 */
export function deriveResultatrakning(rr: Resultatrakning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable {
  const header = tableHeader(rr as TableSpec, report, profile, 'resultaträkning', RR_ALL);
  const rows: RowView[] = rr.rader.map((rad, i) => {
    const path = [...basePath, 'rader', i];
    return { id: rad.id, namn: rad.namn, kind: kindOfRr(rad), path, cells: cellsOf(rad, path, header.amounts, sourceMap), texter: ownTexts(rr as TableSpec, RR_ALL, rad, path, sourceMap) };
  });
  const byRole = (role: RrRad['roll']) => rows.filter((_, i) => rr.rader[i]?.roll === role);
  const operand = (row: RowView, c: string) => ({ label: rowLabel(row, c), path: row.cells[c]?.path ?? row.path, quantity: effective(row.cells[c]) });

  for (const c of header.amounts.filter((k) => !header.avvikelser.has(k))) {
    const total = (sumRole: RrRad['roll'], itemRole: RrRad['roll']) => {
      const sumRow = byRole(sumRole)[0];
      const items = byRole(itemRole);
      if (sumRow) {
        const cell = sumRow.cells[c] as Cell;
        cell.computed = combine('summa.rader', `summan av ${items.map((r) => r.namn).join(', ')}`, items.map((r) => operand(r, c)));
        return [operand(sumRow, c)];
      }
      return items.map((r) => operand(r, c));
    };
    const intakter = total('summa_intäkter', 'intäkt');
    const kostnader = total('summa_kostnader', 'kostnad');
    const finans = byRole('finansnetto').map((r) => operand(r, c));
    const resultRow = byRole('resultat')[0];
    let result = [...intakter, ...kostnader, ...finans];
    if (resultRow) {
      (resultRow.cells[c] as Cell).computed = combine('rr.resultat', 'intäkter + kostnader + finansnetto', result);
      result = [operand(resultRow, c)];
    }
    const overUnder = byRole('över_underskott').map((r) => operand(r, c));
    const summaRow = byRole('summa')[0];
    if (summaRow) {
      (summaRow.cells[c] as Cell).computed = combine('rr.summa', 'resultat + över-/underskott', [...result, ...overUnder]);
    }
  }
  // An empty cell is 0 only in a column the author has written: a column with no figure at all (a
  // report fresh from ny-period, before the outcome is in) is not written, and no avvikelse is made of it.
  const written = new Set(header.amounts.filter((c) => rows.some((r) => r.cells[c]?.stated !== undefined)));
  for (const row of rows) addDeviations(row, header.tecken, header.ownDeviations, { requireBoth: false, written });
  return { ...header, rows, checks: [] };
}

function kindOfRr(rad: RrRad): RowKind {
  if (rad.roll === 'summa') return 'summa';
  if (rad.roll === 'summa_intäkter' || rad.roll === 'summa_kostnader' || rad.roll === 'resultat') return 'delsumma';
  return 'post';
}

const COLUMN_WORDS: Record<string, string> = {
  utfall: 'utfall',
  budget: 'budget',
  prognos: 'prognos',
  budget_helår: 'budget helår',
  prognos_helår: 'prognos helår',
  prognos_projekt: 'prognos projekt',
  projektbudget: 'projektbudget',
  utfall_ack_totalt: 'utfall ack totalt',
};

/** Avvikelser by the table's formula: outcome − budget, or budget − outcome; the table's own deviation columns too. */
function addDeviations(row: RowView, tecken: Tecken, own: MoneyTable['ownDeviations'], options: { requireBoth: boolean; written?: ReadonlySet<string> }): void {
  const budgetFirst = tecken.avvikelse === 'budget-utfall';
  const dev = (target: string, outcome: string, budget: string) => {
    const cell = row.cells[target];
    if (!cell || !row.cells[outcome] || !row.cells[budget]) return;
    if (options.written && (!options.written.has(outcome) || !options.written.has(budget))) return;
    const [a, b] = budgetFirst ? [budget, outcome] : [outcome, budget];
    cell.computed = combine(
      'avvikelse.rad',
      `${COLUMN_WORDS[a] ?? a} − ${COLUMN_WORDS[b] ?? b}`,
      [
        { label: rowLabel(row, a), path: row.cells[a]!.path, quantity: effective(row.cells[a]) },
        { label: rowLabel(row, b), path: row.cells[b]!.path, quantity: effective(row.cells[b]), sign: -1 },
      ],
      { requireAll: options.requireBoth },
    );
  };
  if (row.cells['budget']) dev('budgetavvikelse', 'utfall', 'budget');
  else dev('budgetavvikelse', 'utfall', 'budget_helår');
  dev('prognosavvikelse', 'prognos', 'budget_helår');
  dev('prognosavvikelse', 'prognos_helår', 'budget_helår');
  dev('prognosavvikelse_projekt', 'prognos_projekt', 'projektbudget');
  dev('budgetavvikelse_projekt', 'utfall_ack_totalt', 'projektbudget');
  for (const [target, [outcome, reference]] of own) dev(target, outcome, reference);
}

/** Varav rows are parts of their parent: Σ varav = parent, per column (a check, not the parent's value). */
function varavRows(
  parent: RowView,
  varav: readonly ({ id: string; namn: string } & Record<string, unknown>)[] | undefined,
  header: Omit<MoneyTable, 'rows' | 'checks'>,
  spec: TableSpec,
  known: Columns,
  sourceMap: SourceMap,
  checks: Cell[],
): RowView[] {
  if (!varav) return [];
  const columns = header.amounts;
  const rows = varav.map((v, i) => {
    const path = [...parent.path, 'varav', i];
    const row: RowView = { id: v.id, namn: v.namn, kind: 'varav', path, cells: cellsOf(v, path, columns, sourceMap), texter: ownTexts(spec, known, v, path, sourceMap) };
    addDeviations(row, header.tecken, header.ownDeviations, { requireBoth: true });
    return row;
  });
  for (const c of columns) {
    const target = parent.cells[c];
    const stated = effective(target);
    if (!target || !stated) continue;
    const computed = combine(
      'summa.varav',
      `summan av ${rows.map((r) => r.namn).join(' och ')}`,
      rows.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })),
    );
    if (computed && computed.operands.length === rows.length) checks.push({ path: target.path, label: rowLabel(parent, c), stated, computed });
  }
  return rows;
}

const DRIFT_ALL = DRIFT_BELOPP;

/** Driftredovisning per enhet: avvikelser from utfall/budget/prognos where given; Σ enheter = summa, in every amount column. */
export function deriveDriftredovisning(drift: Driftredovisning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable {
  const spec = drift as TableSpec;
  const header = tableHeader(spec, report, profile, 'driftredovisning', DRIFT_ALL);
  const checks: Cell[] = [];
  const posts: RowView[] = [];
  const shown: RowView[] = [];
  drift.enheter.forEach((e, i) => {
    const path = [...basePath, 'enheter', i];
    const row: RowView = { id: e.id, namn: e.namn, kind: 'post', path, cells: cellsOf(e, path, header.amounts, sourceMap), texter: ownTexts(spec, DRIFT_ALL, e, path, sourceMap) };
    addDeviations(row, header.tecken, header.ownDeviations, { requireBoth: true });
    posts.push(row);
    shown.push(row, ...varavRows(row, e.varav as never, header, spec, DRIFT_ALL, sourceMap, checks));
  });
  const summaPath = [...basePath, 'summa'];
  const summa: RowView = { id: drift.summa.id, namn: drift.summa.namn, kind: 'summa', path: summaPath, cells: cellsOf(drift.summa, summaPath, header.amounts, sourceMap), texter: ownTexts(spec, DRIFT_ALL, drift.summa, summaPath, sourceMap) };
  for (const c of header.amounts) {
    (summa.cells[c] as Cell).computed = combine(
      'summa.rader',
      'summan av enheterna',
      posts.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })),
    );
  }
  const summaVarav = varavRows(summa, drift.summa.varav as never, header, spec, DRIFT_ALL, sourceMap, checks);
  return { ...header, rows: [...shown, summa, ...summaVarav], checks };
}

const INV_ALL = INV_BELOPP;

/**
 * Investeringsredovisning: prognosavvikelser per projekt; Σ projekt = gruppens summa, and the table's
 * summa = Σ over the groups (a group's summa where it has one, else its projects) and the ungrouped
 * projects. A group's summa is a subtotal when the table has a total. A text-only one has no table.
 */
export function deriveInvesteringsredovisning(inv: Investeringsredovisning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable | undefined {
  if (inv.grupper === undefined && inv.projekt === undefined) return undefined;
  const spec = inv as TableSpec;
  const header = tableHeader(spec, report, profile, 'investeringsredovisning', INV_ALL);
  const rows: RowView[] = [];
  /** The rows the table's summa adds up. */
  const parts: RowView[] = [];
  type InvRow = NonNullable<Investeringsredovisning['projekt']>[number];
  const projectRows = (projekt: readonly InvRow[], at: Path) =>
    projekt.map((p, pi) => {
      const path = [...at, 'projekt', pi];
      const row: RowView = { id: p.id, namn: p.namn, kind: 'post', path, cells: cellsOf(p, path, header.amounts, sourceMap), texter: ownTexts(spec, INV_ALL, p, path, sourceMap) };
      addDeviations(row, header.tecken, header.ownDeviations, { requireBoth: true });
      return row;
    });
  const sumRow = (s: InvRow, path: Path, kind: RowKind, of: RowView[], label: string): RowView => {
    const summa: RowView = { id: s.id, namn: s.namn, kind, path, cells: cellsOf(s, path, header.amounts, sourceMap), texter: ownTexts(spec, INV_ALL, s, path, sourceMap) };
    for (const c of header.amounts) {
      (summa.cells[c] as Cell).computed = combine('summa.rader', label, of.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })));
    }
    return summa;
  };
  (inv.grupper ?? []).forEach((g, gi) => {
    const gPath = [...basePath, 'grupper', gi];
    rows.push({ id: g.id, namn: g.namn, kind: 'grupp', path: gPath, cells: {} });
    const projects = projectRows(g.projekt, gPath);
    rows.push(...projects);
    if (g.summa) {
      const summa = sumRow(g.summa, [...gPath, 'summa'], inv.summa ? 'delsumma' : 'summa', projects, `summan av projekten i ${g.namn}`);
      rows.push(summa);
      parts.push(summa);
    } else {
      parts.push(...projects);
    }
  });
  const flat = projectRows(inv.projekt ?? [], basePath);
  rows.push(...flat);
  parts.push(...flat);
  if (inv.summa) rows.push(sumRow(inv.summa, [...basePath, 'summa'], 'summa', parts, inv.grupper ? 'summan av grupperna' : 'summan av projekten'));
  return { ...header, rows, checks: [] };
}

/**
 * Sammandrag: rows taken from rows of the other tables (`från`: Σ of their same column, converted
 * to this table's unit and sign), or stated. Deviations follow the table's formula.
 */
export function deriveSammandrag(t: Sammandrag, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile, others: readonly MoneyTable[]): MoneyTable {
  const spec = t as TableSpec;
  const header = tableHeader(spec, report, profile, 'sammandrag', SAMMANDRAG_BELOPP);
  const byId = new Map<string, { table: MoneyTable; row: RowView }>();
  for (const table of others) for (const row of table.rows) if (!byId.has(row.id)) byId.set(row.id, { table, row });
  const rows = t.rader.map((rad, i) => {
    const path = [...basePath, 'rader', i];
    const own = rad.tecken ?? header.tecken;
    const row: RowView = { id: rad.id, namn: rad.namn, kind: 'post', path, cells: cellsOf(rad, path, header.amounts, sourceMap), texter: ownTexts(spec, SAMMANDRAG_BELOPP, rad, path, sourceMap), tecken: rad.tecken };
    const sources = (rad.från ?? []).map((id) => byId.get(id)).filter((x): x is { table: MoneyTable; row: RowView } => x !== undefined);
    if (rad.från && sources.length === rad.från.length) {
      for (const c of header.amounts) {
        if (header.avvikelser.has(c)) continue;
        const operands = sources.map(({ table, row: src }) => {
          const q = effective(src.cells[c]) ?? (c === 'budget' ? effective(src.cells['budget_helår']) : undefined);
          const quantity = q && restate(q, statementOf(table, src), c, { unit: header.unit, tecken: own, avvikelser: header.avvikelser });
          return { label: `${table.rubrik}: ${rowLabel(src, c)}`, path: (src.cells[c] ?? src.cells['budget_helår'])?.path ?? src.path, quantity };
        });
        if (operands.some((o) => o.quantity === undefined)) continue;
        (row.cells[c] as Cell).computed = combine('sammandrag.källa', sources.length === 1 ? `${sources[0]!.table.rubrik}: ${sources[0]!.row.namn}` : `summan av ${sources.map((s) => s.row.namn).join(', ')}`, operands);
      }
    }
    addDeviations(row, own, header.ownDeviations, { requireBoth: true });
    return row;
  });
  return { ...header, rows, checks: [] };
}

/** The RR row that carries the nämnd's result: the summa row, else the resultat row. */
export function rrResultRow(table: MoneyTable, rr: Resultatrakning): RowView | undefined {
  const idx = rr.rader.findIndex((r) => r.roll === 'summa');
  const alt = rr.rader.findIndex((r) => r.roll === 'resultat');
  const i = idx >= 0 ? idx : alt;
  return i >= 0 ? table.rows[i] : undefined;
}

export type { Quantity };
