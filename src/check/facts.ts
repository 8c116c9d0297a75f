/**
 * The same fact in two places must have the same value. A row's `samma_som` names, per column, the
 * row (in this report or, with a "rapportmapp:" prefix, in another) that states the same amount.
 * Two roundings of one figure at the same precision are identical, so the tolerance is the coarser
 * figure's half unit, not the sum of both.
 */
import { effective, statedQuantity, type Cell } from '../derive/cell.js';
import { type IndicatorPoint, seriesPoints } from '../derive/indicators.js';
import type { SourceMap } from '../load/source-map.js';
import type { SourcePos } from '../diagnostics/diagnostic.js';
import { type MoneyTable, restate, type RowView, statementOf } from '../derive/economy.js';
import type { DerivedReport } from '../derive/index.js';
import { Decimal, halfUnit, writtenDecimals, ZERO } from '../format/decimal.js';
import type { Path } from '../load/yaml-file.js';
import type { Report } from '../schema/report.js';
import { valueAt } from '../schema/validate-against.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
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
        const m = parseRef(ref);
        if (!m) continue;
        out.push({ table, row, column, rapport: m.rapport, id: m.id, kolumn: m.fält, refPath: [...row.path, 'samma_som', column] });
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
  const from = statementOf(other.table, other.row);
  const to = statementOf(ref.table, ref.row);
  const converted = restate(theirs, from, ref.kolumn, to, ref.column);
  // Say when the other figure is restated, so that a reader comparing the printed tables understands the number.
  const restated = [
    from.unit !== to.unit ? `från ${from.unit} till ${to.unit}` : '',
    converted.value.times(theirs.value).lt(0) ? 'till denna tabells tecken' : '',
  ].filter(Boolean);
  const coarser = mine.uncertainty.gt(converted.uncertainty) ? mine.uncertainty : converted.uncertainty;
  return {
    path: here.path,
    label: `${ref.row.namn}, ${ref.column}`,
    stated: { value: mine.value, uncertainty: coarser },
    computed: {
      rule: 'fakta.samma',
      description: `samma fakta i ${where}${other.table.rubrik}, ${other.row.namn}${restated.length ? ` (omräknat ${restated.join(' och ')})` : ''}`,
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

// ---------------------------------------------------------------------------------------------
// The same fact among values that are not money: indicator values, personal tables, sjukfrånvaro,
// nyckeltal and anställda. A referring value names another by "id.fält"; for a series (an indicator
// or a row of a personal table) the value is the one of the referring value's own period.

/** A value with the rounding it was written with, and where it stands. */
interface Figure {
  value: Decimal;
  uncertainty: Decimal;
  path: Path;
  label: string;
}

type FigureSource =
  | { kind: 'serie'; namn: string; points: IndicatorPoint[] }
  | { kind: 'post'; namn: string; period?: string; fields: Record<string, Figure | undefined> };

const SERIES_FIELDS = ['värde', 'kvinnor', 'män', 'täljare', 'nämnare'] as const;

/** Every value of a report that samma_som can name, by id. */
export function figureIndex(report: Report, derived: DerivedReport, sourceMap: SourceMap): Map<string, FigureSource> {
  const out = new Map<string, FigureSource>();
  const written = (value: number | undefined, path: Path, label: string): Figure | undefined => {
    const q = statedQuantity(value, path, sourceMap);
    return q && { ...q, path, label };
  };
  // A row of a statistics table is named with its table: "Sjukfrånvaro på KLK som egen förvaltning, Totalt".
  const tables = new Map(derived.statistiktabeller.map((t) => [t.id, t.rubrik]));
  for (const ind of derived.indikatorer) {
    const table = tables.get(ind.goalId);
    out.set(ind.id, { kind: 'serie', namn: table ? `${table}, ${ind.namn}` : ind.namn, points: ind.points });
  }
  const p = report.personal;
  p?.sjukfrånvaro.forEach((s, i) => {
    const at: Path = ['personal', 'sjukfrånvaro', i];
    const label = (f: string) => `sjukfrånvaron ${s.period}, ${f}`;
    out.set(s.id, {
      kind: 'post',
      namn: `sjukfrånvaron ${s.period}`,
      period: String(s.period),
      fields: { totalt: written(s.totalt, [...at, 'totalt'], label('totalt')), kvinnor: written(s.kvinnor, [...at, 'kvinnor'], label('kvinnor')), män: written(s.män, [...at, 'män'], label('män')) },
    });
  });
  p?.nyckeltal.forEach((n, i) => {
    const at: Path = ['personal', 'nyckeltal', i];
    out.set(n.id, { kind: 'post', namn: `${n.namn} ${n.period}`, period: String(n.period), fields: { värde: written(n.värde, [...at, 'värde'], `${n.namn} ${n.period}`) } });
  });
  if (p?.anställda) {
    const a = p.anställda;
    const at: Path = ['personal', 'anställda'];
    const exact = (v: number, f: string): Figure => ({ value: new Decimal(v), uncertainty: ZERO, path: [...at, f], label: `anställda, ${f}` });
    out.set(a.id, { kind: 'post', namn: 'anställda', fields: { kvinnor: exact(a.kvinnor, 'kvinnor'), män: exact(a.män, 'män'), totalt: exact(a.kvinnor + a.män, 'totalt') } });
  }
  return out;
}

/** A field of a point as a figure: the value written, else the one computed from täljare/nämnare (exact). */
function pointFigure(point: IndicatorPoint, field: string, namn: string, sourceMap: SourceMap): Figure | undefined {
  const key = field === 'totalt' ? 'värde' : field;
  const value = key === 'värde' ? point.total : key === 'kvinnor' ? point.kvinnor : key === 'män' ? point.män : key === 'täljare' ? point.täljare : key === 'nämnare' ? point.nämnare : undefined;
  if (value === undefined) return undefined;
  const path: Path = [...point.path, key];
  const raw = sourceMap.raw(path);
  const uncertainty = raw === undefined ? ZERO : halfUnit(writtenDecimals(value.toNumber(), raw));
  return { value, uncertainty, path, label: `${namn} ${point.period}${key === 'värde' ? '' : `, ${key}`}` };
}

/** The figure a reference names, for the referring value's period; or why there is none. */
function resolveFigure(index: Map<string, FigureSource>, id: string, field: string, period: string | undefined, sourceMap: SourceMap, where: string): Figure | { problem: string } {
  const source = index.get(id);
  if (!source) {
    const best = didYouMean(id, [...index.keys()]);
    return { problem: `"${id}"${where} är ingen indikator, personaltabellsrad, sjukfrånvaro, nyckeltal eller anställda${best ? `; menade du "${best}"?` : ''}` };
  }
  if (source.kind === 'serie') {
    if (!(SERIES_FIELDS as readonly string[]).includes(field) && field !== 'totalt') return { problem: `${source.namn}${where} har inget fält "${field}" (finns: ${SERIES_FIELDS.join(', ')})` };
    const point = period === undefined ? source.points[source.points.length - 1] : source.points.find((x) => x.period === period);
    if (!point) return { problem: `${source.namn}${where} har ingen period "${period}" (finns: ${source.points.map((x) => x.period).join(', ')})` };
    return pointFigure(point, field, source.namn, sourceMap) ?? { problem: `${source.namn} ${point.period}${where} har inget värde för ${field} att jämföra med` };
  }
  const fields = Object.keys(source.fields);
  const name = field === 'värde' && !fields.includes('värde') ? 'totalt' : field;
  if (!fields.includes(name)) return { problem: `${source.namn}${where} har inget fält "${field}" (finns: ${fields.join(', ')})` };
  if (period !== undefined && source.period !== undefined && source.period !== period) {
    return { problem: `${source.namn}${where} gäller perioden ${source.period}, inte ${period}` };
  }
  return source.fields[name] ?? { problem: `${source.namn}${where} har inget värde för ${name} att jämföra med` };
}

/** Every value with a samma_som: its own figure per field, the reference and the period it is for. */
interface FigureRef {
  own: Figure | undefined;
  /** The referring value's label and nearest id (for undantag). */
  label: string;
  ownerId: string;
  field: string;
  ref: string;
  refPath: Path;
  period?: string;
}

function figureRefs(report: Report, derived: DerivedReport, sourceMap: SourceMap): FigureRef[] {
  const out: FigureRef[] = [];
  for (const ind of derived.indikatorer) {
    for (const point of seriesPoints(ind)) {
      const u = valueAt(report, point.path) as { samma_som?: Record<string, string> } | undefined;
      for (const [field, ref] of Object.entries(u?.samma_som ?? {})) {
        out.push({ own: pointFigure(point, field, ind.namn, sourceMap), label: `${ind.namn} ${point.period}`, ownerId: ind.id, field, ref, refPath: [...point.path, 'samma_som', field], period: point.period });
      }
    }
  }
  const index = figureIndex(report, derived, sourceMap);
  const personal = report.personal;
  personal?.sjukfrånvaro.forEach((s, i) => {
    const source = index.get(s.id);
    for (const [field, ref] of Object.entries(s.samma_som ?? {}) as [string, string][]) {
      out.push({ own: source?.kind === 'post' ? source.fields[field] : undefined, label: `sjukfrånvaron ${s.period}`, ownerId: s.id, field, ref, refPath: ['personal', 'sjukfrånvaro', i, 'samma_som', field], period: String(s.period) });
    }
  });
  personal?.nyckeltal.forEach((n, i) => {
    const source = index.get(n.id);
    for (const [field, ref] of Object.entries(n.samma_som ?? {}) as [string, string][]) {
      out.push({ own: source?.kind === 'post' ? source.fields[field] : undefined, label: `${n.namn} ${n.period}`, ownerId: n.id, field, ref, refPath: ['personal', 'nyckeltal', i, 'samma_som', field], period: String(n.period) });
    }
  });
  return out;
}

/** A check cell for two values that are the same fact, within the coarser of their roundings. */
function sameFigureCell(own: Figure, other: Figure, where: string): Cell {
  const coarser = own.uncertainty.gt(other.uncertainty) ? own.uncertainty : other.uncertainty;
  return {
    path: own.path,
    label: own.label,
    stated: { value: own.value, uncertainty: coarser },
    computed: {
      rule: 'fakta.samma',
      description: `samma fakta i ${where}${other.label}`,
      quantity: { value: other.value, uncertainty: ZERO },
      operands: [{ label: other.label, path: other.path, quantity: { value: other.value, uncertainty: other.uncertainty } }],
    },
  };
}

/** "[rapport:]id.fält" in its parts. */
export function parseRef(ref: string): { rapport?: string; id: string; fält: string } | undefined {
  const m = /^(?:([^:]+):)?([^.]+)\.(.+)$/.exec(ref);
  return m ? { rapport: m[1], id: m[2]!, fält: m[3]! } : undefined;
}

const nothingToCompare = (r: FigureRef) => `${r.label} har inget värde för ${r.field === 'värde' ? 'totalen' : r.field} att jämföra`;

/** samma_som among values that are not money, within the report (another report's: checked when built together). */
export function checkSameFigures(ctx: CheckContext): void {
  const index = figureIndex(ctx.report, ctx.derived, ctx.sourceMap);
  for (const r of figureRefs(ctx.report, ctx.derived, ctx.sourceMap)) {
    const m = parseRef(r.ref);
    if (!m || m.rapport !== undefined) continue;
    if (!r.own) {
      report(ctx, 'ref.saknas', 'error', nothingToCompare(r), r.refPath);
      continue;
    }
    const other = resolveFigure(index, m.id, m.fält, r.period, ctx.sourceMap, '');
    if ('problem' in other) {
      report(ctx, 'ref.saknas', 'error', other.problem, r.refPath);
      continue;
    }
    ctx.derived.cells.push(sameFigureCell(r.own, other, ''));
  }
}

/** samma_som among values that name another report ("rapportmapp:id.fält"): the cells to check, or the problems. */
export function crossReportFigures(
  c: { report: Report; derived: DerivedReport; sourceMap: SourceMap },
  others: (name: string) => { report: Report; derived: DerivedReport; sourceMap: SourceMap; namn: string } | undefined | 'tvetydig',
): {
  cells: { cell: Cell; related: { message: string; pos: SourcePos } }[];
  problems: { path: Path; message: string; severity: 'error' | 'note' }[];
  /** The references to reports not built in this run: their undantag cannot be tried. */
  unchecked: { id: string; kolumn: string }[];
} {
  const cells: { cell: Cell; related: { message: string; pos: SourcePos } }[] = [];
  const problems: { path: Path; message: string; severity: 'error' | 'note' }[] = [];
  const unchecked: { id: string; kolumn: string }[] = [];
  const indexes = new Map<string, Map<string, FigureSource>>();
  for (const r of figureRefs(c.report, c.derived, c.sourceMap)) {
    const m = parseRef(r.ref);
    if (!m || m.rapport === undefined) continue;
    if (!r.own) {
      problems.push({ path: r.refPath, severity: 'error', message: nothingToCompare(r) });
      continue;
    }
    const other = others(m.rapport);
    if (other === 'tvetydig') {
      problems.push({ path: r.refPath, severity: 'error', message: `flera rapportmappar i körningen heter "${m.rapport}"; referensen är tvetydig – bygg kommunerna var för sig` });
      continue;
    }
    if (!other) {
      problems.push({ path: r.refPath, severity: 'note', message: `rapporten "${m.rapport}" byggs inte i samma körning; värdet kontrolleras inte mot den` });
      unchecked.push({ id: r.ownerId, kolumn: r.field });
      continue;
    }
    let index = indexes.get(m.rapport);
    if (!index) {
      index = figureIndex(other.report, other.derived, other.sourceMap);
      indexes.set(m.rapport, index);
    }
    const figure = resolveFigure(index, m.id, m.fält, r.period, other.sourceMap, ` i ${m.rapport}`);
    if ('problem' in figure) {
      problems.push({ path: r.refPath, severity: 'error', message: figure.problem });
      continue;
    }
    cells.push({ cell: sameFigureCell(r.own, figure, `rapporten ${m.rapport} (${other.namn}), `), related: { message: `${figure.label} i ${m.rapport}`, pos: other.sourceMap.pos(figure.path) } });
  }
  return { cells, problems, unchecked };
}
