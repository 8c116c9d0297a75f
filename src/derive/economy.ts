import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { convertMoney, type MoneyUnit } from '../format/number.js';
import type { Profile } from '../profile/profile.js';
import type { TableKind, Tecken } from '../profile/schema.js';
import {
  DRIFT_BELOPP,
  INV_BELOPP,
  SAMMANDRAG_BELOPP,
  type Driftredovisning,
  type Investeringsredovisning,
  type Report,
  type Resultatrakning,
  type RrRad,
  type Sammandrag,
} from '../schema/report.js';
import { type Cell, combine, effective, type Quantity, statedQuantity } from './cell.js';
import { defaultColumnLabels } from './labels.js';

export type RowKind = 'post' | 'delsumma' | 'summa' | 'grupp' | 'varav';

export interface RowView {
  id: string;
  namn: string;
  kind: RowKind;
  path: Path;
  cells: Record<string, Cell | undefined>;
  /** The row's own sign convention, when it differs from its table's (a sammandrag row). */
  tecken?: Tecken;
}

/** How a table states an amount: its unit and its sign convention. */
export interface Statement {
  unit: MoneyUnit;
  tecken: Tecken;
}

/** Result sign in mnkr: how the kommun roll-up states every nämnd's result. */
export const RESULT_MNKR: Statement = { unit: 'mnkr', tecken: { kostnader: 'negativa', avvikelse: 'utfall-budget' } };

/**
 * A quantity as one table states it (column `fromColumn`), restated as another table would state it
 * (column `toColumn`): converted between kr, tkr and mnkr, its sign flipped where the conventions differ.
 */
export function restate(q: Quantity, from: Statement, fromColumn: string, to: Statement, toColumn = fromColumn): Quantity {
  const factor = resultSignFactor(from.tecken, fromColumn) * resultSignFactor(to.tecken, toColumn);
  return { value: convertMoney(q.value, from.unit, to.unit).times(factor), uncertainty: convertMoney(q.uncertainty, from.unit, to.unit) };
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
  columns: { key: string; label: string }[];
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
export function resultSignFactor(tecken: Tecken, column: string): 1 | -1 {
  if (DEVIATION_COLUMNS.has(column)) {
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

type TableSpec = Pick<Resultatrakning, 'id' | 'rubrik' | 'underrubrik' | 'enhet' | 'visning' | 'kolumner' | 'tecken' | 'radrubrik'> & { rubriker: Partial<Record<string, string>> };

/** The parts of a MoneyTable that come from the table's own declaration. */
function tableHeader(spec: TableSpec, report: Report, profile: Profile, kind: TableKind): Omit<MoneyTable, 'rows' | 'checks'> {
  const displayUnit = spec.visning.enhet ?? spec.enhet;
  return {
    kind,
    tecken: profile.tecken(kind, spec.tecken),
    id: spec.id,
    rubrik: spec.rubrik,
    underrubrik: spec.underrubrik,
    radrubrik: spec.radrubrik,
    unit: spec.enhet,
    display: { unit: displayUnit, decimals: spec.visning.decimaler ?? (displayUnit === 'mnkr' ? 1 : 0) },
    columns: columnsView(spec.kolumner ?? profile.defaultColumns(report.rapport.typ, kind) ?? [], spec.rubriker, report, profile),
  };
}

function columnsView(keys: readonly string[], own: Partial<Record<string, string>>, report: Report, profile: Profile) {
  const defaults = defaultColumnLabels(report, profile);
  return keys.map((key) => ({ key, label: own[key] ?? defaults[key] ?? key }));
}

/** The RR columns an author states; the avvikelse columns are derived from them. */
export const RR_BASE = ['utfall_fg', 'utfall', 'budget', 'prognos', 'budget_helår'] as const;
const RR_ALL = [...RR_BASE, 'budgetavvikelse', 'prognosavvikelse'] as const;

const rowLabel = (row: { namn: string }, column: string) => `${row.namn}, ${column}`;

/**
 * Resultaträkning: summa rows are Σ of their posts; resultat = intäkter + kostnader + finansnetto;
 * summa = resultat + över-/underskott; avvikelser = utfall − budget and prognos − budget helår.
 * An empty RR cell counts as 0 when the other operand is present (the ledger prints 0 as empty).
 */
export function deriveResultatrakning(rr: Resultatrakning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable {
  const tecken = profile.tecken('resultaträkning', rr.tecken);
  const rows: RowView[] = rr.rader.map((rad, i) => {
    const path = [...basePath, 'rader', i];
    return { id: rad.id, namn: rad.namn, kind: kindOfRr(rad), path, cells: cellsOf(rad, path, RR_ALL, sourceMap) };
  });
  const byRole = (role: RrRad['roll']) => rows.filter((_, i) => rr.rader[i]?.roll === role);
  const operand = (row: RowView, c: string) => ({ label: rowLabel(row, c), path: row.cells[c]?.path ?? row.path, quantity: effective(row.cells[c]) });

  for (const c of RR_BASE) {
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
  for (const row of rows) addDeviations(row, tecken, { requireBoth: false });
  return { ...tableHeader(rr as TableSpec, report, profile, 'resultaträkning'), rows, checks: [] };
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

/** Avvikelser by the table's formula: outcome − budget, or budget − outcome. */
function addDeviations(row: RowView, tecken: Tecken, options: { requireBoth: boolean }): void {
  const budgetFirst = tecken.avvikelse === 'budget-utfall';
  const dev = (target: string, outcome: string, budget: string) => {
    const cell = row.cells[target];
    if (!cell || !row.cells[outcome] || !row.cells[budget]) return;
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
}

/** Varav rows are parts of their parent: Σ varav = parent, per column (a check, not the parent's value). */
function varavRows(
  parent: RowView,
  varav: readonly ({ id: string; namn: string } & Record<string, unknown>)[] | undefined,
  columns: Columns,
  tecken: Tecken,
  sourceMap: SourceMap,
  checks: Cell[],
): RowView[] {
  if (!varav) return [];
  const rows = varav.map((v, i) => {
    const path = [...parent.path, 'varav', i];
    const row: RowView = { id: v.id, namn: v.namn, kind: 'varav', path, cells: cellsOf(v, path, columns, sourceMap) };
    addDeviations(row, tecken, { requireBoth: true });
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

/** Driftredovisning per enhet: avvikelser from utfall/budget/prognos where given; Σ enheter = summa. */
export function deriveDriftredovisning(drift: Driftredovisning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable {
  const tecken = profile.tecken('driftredovisning', drift.tecken);
  const checks: Cell[] = [];
  const posts: RowView[] = [];
  const shown: RowView[] = [];
  drift.enheter.forEach((e, i) => {
    const path = [...basePath, 'enheter', i];
    const row: RowView = { id: e.id, namn: e.namn, kind: 'post', path, cells: cellsOf(e, path, DRIFT_ALL, sourceMap) };
    addDeviations(row, tecken, { requireBoth: true });
    posts.push(row);
    shown.push(row, ...varavRows(row, e.varav, DRIFT_ALL, tecken, sourceMap, checks));
  });
  const rows = posts;
  const summaPath = [...basePath, 'summa'];
  const summa: RowView = { id: drift.summa.id, namn: drift.summa.namn, kind: 'summa', path: summaPath, cells: cellsOf(drift.summa, summaPath, DRIFT_ALL, sourceMap) };
  for (const c of DRIFT_ALL) {
    (summa.cells[c] as Cell).computed = combine(
      'summa.rader',
      'summan av enheterna',
      rows.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })),
    );
  }
  const summaVarav = varavRows(summa, drift.summa.varav, DRIFT_ALL, tecken, sourceMap, checks);
  return { ...tableHeader(drift as TableSpec, report, profile, 'driftredovisning'), rows: [...shown, summa, ...summaVarav], checks };
}

const INV_ALL = INV_BELOPP;

/** Investeringsredovisning: prognosavvikelser per projekt; Σ projekt = gruppens summa. */
export function deriveInvesteringsredovisning(inv: Investeringsredovisning, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile): MoneyTable {
  const tecken = profile.tecken('investeringsredovisning', inv.tecken);
  const rows: RowView[] = [];
  inv.grupper.forEach((g, gi) => {
    const gPath = [...basePath, 'grupper', gi];
    rows.push({ id: g.id, namn: g.namn, kind: 'grupp', path: gPath, cells: {} });
    const projects = g.projekt.map((p, pi) => {
      const path = [...gPath, 'projekt', pi];
      const row: RowView = { id: p.id, namn: p.namn, kind: 'post', path, cells: cellsOf(p, path, INV_ALL, sourceMap) };
      addDeviations(row, tecken, { requireBoth: true });
      return row;
    });
    rows.push(...projects);
    const sPath = [...gPath, 'summa'];
    const summa: RowView = { id: g.summa.id, namn: g.summa.namn, kind: 'summa', path: sPath, cells: cellsOf(g.summa, sPath, INV_ALL, sourceMap) };
    for (const c of INV_ALL) {
      (summa.cells[c] as Cell).computed = combine(
        'summa.rader',
        `summan av projekten i ${g.namn}`,
        projects.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })),
      );
    }
    rows.push(summa);
  });
  return { ...tableHeader(inv as TableSpec, report, profile, 'investeringsredovisning'), rows, checks: [] };
}

/**
 * Sammandrag: rows taken from rows of the other tables (`från`: Σ of their same column, converted
 * to this table's unit and sign), or stated. Deviations follow the table's formula.
 */
export function deriveSammandrag(t: Sammandrag, basePath: Path, report: Report, sourceMap: SourceMap, profile: Profile, others: readonly MoneyTable[]): MoneyTable {
  const tecken = profile.tecken('sammandrag', t.tecken);
  const byId = new Map<string, { table: MoneyTable; row: RowView }>();
  for (const table of others) for (const row of table.rows) if (!byId.has(row.id)) byId.set(row.id, { table, row });
  const rows = t.rader.map((rad, i) => {
    const path = [...basePath, 'rader', i];
    const own = rad.tecken ?? tecken;
    const row: RowView = { id: rad.id, namn: rad.namn, kind: 'post', path, cells: cellsOf(rad, path, SAMMANDRAG_BELOPP, sourceMap), tecken: rad.tecken };
    const sources = (rad.från ?? []).map((id) => byId.get(id)).filter((x): x is { table: MoneyTable; row: RowView } => x !== undefined);
    if (rad.från && sources.length === rad.från.length) {
      for (const c of SAMMANDRAG_BELOPP) {
        if (DEVIATION_COLUMNS.has(c)) continue;
        const operands = sources.map(({ table, row: src }) => {
          const q = effective(src.cells[c]) ?? (c === 'budget' ? effective(src.cells['budget_helår']) : undefined);
          const quantity = q && restate(q, { unit: table.unit, tecken: rowTecken(table, src) }, c, { unit: t.enhet, tecken: own });
          return { label: `${table.rubrik}: ${rowLabel(src, c)}`, path: (src.cells[c] ?? src.cells['budget_helår'])?.path ?? src.path, quantity };
        });
        if (operands.some((o) => o.quantity === undefined)) continue;
        (row.cells[c] as Cell).computed = combine('sammandrag.källa', sources.length === 1 ? `${sources[0]!.table.rubrik}: ${sources[0]!.row.namn}` : `summan av ${sources.map((s) => s.row.namn).join(', ')}`, operands);
      }
    }
    addDeviations(row, own, { requireBoth: true });
    return row;
  });
  return { ...tableHeader(t as TableSpec, report, profile, 'sammandrag'), rows, checks: [] };
}

/** The RR row that carries the nämnd's result: the summa row, else the resultat row. */
export function rrResultRow(table: MoneyTable, rr: Resultatrakning): RowView | undefined {
  const idx = rr.rader.findIndex((r) => r.roll === 'summa');
  const alt = rr.rader.findIndex((r) => r.roll === 'resultat');
  const i = idx >= 0 ? idx : alt;
  return i >= 0 ? table.rows[i] : undefined;
}

export type { Quantity };
