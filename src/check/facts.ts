/**
 * The same fact in two places must have the same value. A row's `samma_som` names, per column, the
 * row (in this report or, with a "rapportmapp:" prefix, in another) that states the same amount.
 * Two roundings of one figure at the same precision are identical, so the tolerance is the coarser
 * figure's half unit, not the sum of both.
 */
import { effective, type Cell } from '../derive/cell.js';
import { type MoneyTable, restate, rowTecken, type RowView } from '../derive/economy.js';
import type { DerivedReport } from '../derive/index.js';
import { ZERO } from '../format/decimal.js';
import type { Path } from '../load/yaml-file.js';
import type { Report } from '../schema/report.js';
import { valueAt } from '../validate/validate.js';
import { didYouMean } from '../validate/did-you-mean.js';
import { type CheckContext, report } from './context.js';

export interface FactRef {
  /** The referring table, row and column. */
  table: MoneyTable;
  row: RowView;
  column: string;
  /** Report folder name, when the fact is in another report. */
  rapport?: string;
  id: string;
  kolumn: string;
  /** Path of the reference itself (samma_som.<kolumn>). */
  refPath: Path;
}

/** Every samma_som reference of a report's tables. */
export function factRefs(report: Report, derived: DerivedReport): FactRef[] {
  const out: FactRef[] = [];
  for (const table of derived.tables) {
    for (const row of table.rows) {
      const data = valueAt(report, row.path) as { samma_som?: Record<string, string> } | undefined;
      for (const [column, ref] of Object.entries(data?.samma_som ?? {})) {
        const m = /^(?:([^:]+):)?([^.]+)\.(.+)$/.exec(ref);
        if (!m) continue;
        out.push({ table, row, column, rapport: m[1], id: m[2]!, kolumn: m[3]!, refPath: [...row.path, 'samma_som', column] });
      }
    }
  }
  return out;
}

/** Find a row by id in a report's tables. */
export function findRow(derived: DerivedReport, id: string): { table: MoneyTable; row: RowView } | undefined {
  for (const table of derived.tables) for (const row of table.rows) if (row.id === id) return { table, row };
  return undefined;
}

/** A check cell: the referring figure stated, the other figure as "computed", both in the referring table's unit and sign. */
export function sameFactCell(ref: FactRef, other: { table: MoneyTable; row: RowView }, where: string): Cell | undefined {
  const here = ref.row.cells[ref.column];
  const mine = effective(here);
  const theirs = effective(other.row.cells[ref.kolumn]);
  if (!here || !mine || !theirs) return undefined;
  const converted = restate(theirs, { unit: other.table.unit, tecken: rowTecken(other.table, other.row) }, ref.kolumn, { unit: ref.table.unit, tecken: rowTecken(ref.table, ref.row) }, ref.column);
  const coarser = mine.uncertainty.gt(converted.uncertainty) ? mine.uncertainty : converted.uncertainty;
  return {
    path: here.path,
    label: `${ref.row.namn}, ${ref.column}`,
    stated: { value: mine.value, uncertainty: coarser },
    computed: {
      rule: 'fakta.samma',
      description: `samma fakta i ${where}${other.table.rubrik}, ${other.row.namn}`,
      quantity: { value: converted.value, uncertainty: ZERO },
      operands: [{ label: `${other.table.rubrik}: ${other.row.namn}, ${ref.kolumn}`, path: other.row.cells[ref.kolumn]?.path ?? other.row.path, quantity: theirs }],
    },
  };
}

/**
 * What is wrong with a samma_som reference before its figures can be compared: a column the row does
 * not have, or a figure missing on either side. Undefined when the comparison can be made.
 */
export function refProblem(ref: FactRef, other: { table: MoneyTable; row: RowView }, where: string): string | undefined {
  const here = Object.keys(ref.row.cells);
  if (!here.includes(ref.column)) {
    const best = didYouMean(ref.column, here);
    return `raden ${ref.row.namn} har ingen kolumn "${ref.column}"${best ? `; menade du "${best}"?` : ''}`;
  }
  const there = Object.keys(other.row.cells);
  if (!there.includes(ref.kolumn)) {
    const best = didYouMean(ref.kolumn, there);
    return `raden ${other.row.namn}${where} har ingen kolumn "${ref.kolumn}"${best ? `; menade du "${best}"?` : ''}`;
  }
  if (!effective(ref.row.cells[ref.column])) return `${ref.row.namn} har inget värde i kolumnen ${ref.column} att jämföra`;
  if (!effective(other.row.cells[ref.kolumn])) return `${other.row.namn}${where} har inget värde i kolumnen ${ref.kolumn} att jämföra med`;
  return undefined;
}

/** samma_som within the report: the referenced row and columns must exist, and the figures agree (checked by the arithmetic rule). */
export function checkSameFacts(ctx: CheckContext): void {
  const ids = ctx.derived.tables.flatMap((t) => t.rows.map((r) => r.id));
  for (const ref of factRefs(ctx.report, ctx.derived)) {
    if (ref.rapport !== undefined) continue; // another report: checked when the reports are built together
    const other = findRow(ctx.derived, ref.id);
    if (!other) {
      const best = didYouMean(ref.id, ids);
      report(ctx, 'ref.saknas', 'error', `raden "${ref.id}" finns inte i rapportens tabeller${best ? `; menade du "${best}"?` : ''}`, ref.refPath);
      continue;
    }
    const problem = refProblem(ref, other, '');
    if (problem) {
      report(ctx, 'ref.saknas', 'error', problem, ref.refPath);
      continue;
    }
    const cell = sameFactCell(ref, other, '');
    if (cell) ctx.derived.cells.push(cell);
  }
}
