import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import type { MoneyUnit } from '../format/number.js';
import {
  DRIFT_BELOPP,
  INV_BELOPP,
  type Driftredovisning,
  type Investeringsredovisning,
  type Report,
  type Resultatrakning,
  type RrRad,
} from '../schema/report.js';
import { type Cell, combine, effective, type Quantity, statedQuantity } from './cell.js';
import { defaultColumnLabels } from './labels.js';

export type RowKind = 'post' | 'delsumma' | 'summa' | 'grupp';

export interface RowView {
  id: string;
  namn: string;
  kind: RowKind;
  path: Path;
  cells: Record<string, Cell | undefined>;
}

export interface MoneyTable {
  id: string;
  rubrik: string;
  underrubrik?: string;
  unit: MoneyUnit;
  display: { unit: MoneyUnit; decimals: number };
  columns: { key: string; label: string }[];
  rows: RowView[];
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

type TableSpec = Pick<Resultatrakning, 'id' | 'rubrik' | 'underrubrik' | 'enhet' | 'visning' | 'kolumner'> & { rubriker: Partial<Record<string, string>> };

/** The parts of a MoneyTable that come from the table's own declaration. */
function tableHeader(spec: TableSpec, report: Report): Omit<MoneyTable, 'rows'> {
  const displayUnit = spec.visning.enhet ?? spec.enhet;
  return {
    id: spec.id,
    rubrik: spec.rubrik,
    underrubrik: spec.underrubrik,
    unit: spec.enhet,
    display: { unit: displayUnit, decimals: spec.visning.decimaler ?? (displayUnit === 'mnkr' ? 1 : 0) },
    columns: columnsView(spec.kolumner, spec.rubriker, report),
  };
}

function columnsView(keys: readonly string[], own: Partial<Record<string, string>>, report: Report) {
  const defaults = defaultColumnLabels(report);
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
export function deriveResultatrakning(rr: Resultatrakning, basePath: Path, report: Report, sourceMap: SourceMap): MoneyTable {
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
  for (const row of rows) addDeviations(row, { requireBoth: false });
  return { ...tableHeader(rr as TableSpec, report), rows };
}

function kindOfRr(rad: RrRad): RowKind {
  if (rad.roll === 'summa') return 'summa';
  if (rad.roll === 'summa_intäkter' || rad.roll === 'summa_kostnader' || rad.roll === 'resultat') return 'delsumma';
  return 'post';
}

function addDeviations(row: RowView, options: { requireBoth: boolean }): void {
  const dev = (target: string, a: string, b: string, description: string) => {
    const cell = row.cells[target];
    if (!cell || !row.cells[a] || !row.cells[b]) return;
    cell.computed = combine(
      'avvikelse.rad',
      description,
      [
        { label: rowLabel(row, a), path: row.cells[a]!.path, quantity: effective(row.cells[a]) },
        { label: rowLabel(row, b), path: row.cells[b]!.path, quantity: effective(row.cells[b]), sign: -1 },
      ],
      { requireAll: options.requireBoth },
    );
  };
  dev('budgetavvikelse', 'utfall', 'budget', 'utfall − budget');
  dev('prognosavvikelse', 'prognos', 'budget_helår', 'prognos − budget helår');
  dev('prognosavvikelse', 'prognos_helår', 'budget_helår', 'prognos helår − budget helår');
  dev('prognosavvikelse_projekt', 'prognos_projekt', 'projektbudget', 'prognos projekt − projektbudget');
}

const DRIFT_ALL = DRIFT_BELOPP;

/** Driftredovisning per enhet: avvikelser from utfall/budget/prognos where given; Σ enheter = summa. */
export function deriveDriftredovisning(drift: Driftredovisning, basePath: Path, report: Report, sourceMap: SourceMap): MoneyTable {
  const rows: RowView[] = drift.enheter.map((e, i) => {
    const path = [...basePath, 'enheter', i];
    const row: RowView = { id: e.id, namn: e.namn, kind: 'post', path, cells: cellsOf(e, path, DRIFT_ALL, sourceMap) };
    addDeviations(row, { requireBoth: true });
    return row;
  });
  const summaPath = [...basePath, 'summa'];
  const summa: RowView = { id: drift.summa.id, namn: drift.summa.namn, kind: 'summa', path: summaPath, cells: cellsOf(drift.summa, summaPath, DRIFT_ALL, sourceMap) };
  for (const c of DRIFT_ALL) {
    (summa.cells[c] as Cell).computed = combine(
      'summa.rader',
      'summan av enheterna',
      rows.map((r) => ({ label: rowLabel(r, c), path: r.cells[c]!.path, quantity: effective(r.cells[c]) })),
    );
  }
  return { ...tableHeader(drift as TableSpec, report), rows: [...rows, summa] };
}

const INV_ALL = INV_BELOPP;

/** Investeringsredovisning: prognosavvikelser per projekt; Σ projekt = gruppens summa. */
export function deriveInvesteringsredovisning(inv: Investeringsredovisning, basePath: Path, report: Report, sourceMap: SourceMap): MoneyTable {
  const rows: RowView[] = [];
  inv.grupper.forEach((g, gi) => {
    const gPath = [...basePath, 'grupper', gi];
    rows.push({ id: g.id, namn: g.namn, kind: 'grupp', path: gPath, cells: {} });
    const projects = g.projekt.map((p, pi) => {
      const path = [...gPath, 'projekt', pi];
      const row: RowView = { id: p.id, namn: p.namn, kind: 'post', path, cells: cellsOf(p, path, INV_ALL, sourceMap) };
      addDeviations(row, { requireBoth: true });
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
  return { ...tableHeader(inv as TableSpec, report), rows };
}

/** The RR row that carries the nämnd's result: the summa row, else the resultat row. */
export function rrResultRow(table: MoneyTable, rr: Resultatrakning): RowView | undefined {
  const idx = rr.rader.findIndex((r) => r.roll === 'summa');
  const alt = rr.rader.findIndex((r) => r.roll === 'resultat');
  const i = idx >= 0 ? idx : alt;
  return i >= 0 ? table.rows[i] : undefined;
}

export type { Quantity };
