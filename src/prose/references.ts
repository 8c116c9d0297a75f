import type { DerivedReport } from '../derive/index.js';
import type { MoneyTable, RowView } from '../derive/economy.js';
import { effective } from '../derive/cell.js';
import { Decimal } from '../format/decimal.js';
import { convertMoney, formatNumber, type MoneyUnit, moneyUnitLabel } from '../format/number.js';
import type { IndicatorPoint } from '../derive/indicators.js';
import type { Report } from '../schema/report.js';

/** A value that prose can cite, already bound to how it is formatted. */
export interface Measure {
  value: Decimal;
  unit: string;
  decimals: number;
}

export type RefTarget =
  | { kind: 'belopp'; table: MoneyTable; row: RowView }
  | { kind: 'värde'; fields: Record<string, Measure | undefined>; defaultField: string; describe: string }
  | { kind: 'antal'; fields: Record<string, number>; defaultField: string };

export const HELPERS = ['belopp', 'värde', 'antal'] as const;
export type HelperName = (typeof HELPERS)[number];

/** Everything prose may cite, keyed by id (ids are unique in a report). */
export function buildReferenceTable(report: Report, derived: DerivedReport): Map<string, RefTarget> {
  const refs = new Map<string, RefTarget>();
  for (const table of derived.tables) {
    for (const row of table.rows) if (row.kind !== 'grupp' && !refs.has(row.id)) refs.set(row.id, { kind: 'belopp', table, row });
  }
  for (const ind of derived.indikatorer) {
    // The latest point is the report period's outcome; a missing value there is not papered over
    // with an older one.
    const m = (point: IndicatorPoint | undefined, value: Decimal | undefined): Measure | undefined =>
      point === undefined || value === undefined ? undefined : { value, unit: ind.enhet, decimals: ind.decimaler };
    const last = ind.points[ind.points.length - 1];
    const previous = ind.points[ind.points.length - 2];
    refs.set(ind.id, {
      kind: 'värde',
      defaultField: 'senaste',
      describe: `indikatorn ${ind.namn}`,
      fields: {
        senaste: m(last, last?.total),
        föregående: m(previous, previous?.total),
        mål: ind.mål && { value: ind.mål.värde, unit: ind.enhet, decimals: ind.decimaler },
        kvinnor: m(last, last?.kvinnor),
        män: m(last, last?.män),
      },
    });
  }
  const p = report.personal;
  for (const s of p?.sjukfrånvaro ?? []) {
    const m = (v: number | undefined): Measure | undefined => (v === undefined ? undefined : { value: new Decimal(String(v)), unit: '%', decimals: 1 });
    refs.set(s.id, { kind: 'värde', defaultField: 'totalt', describe: `sjukfrånvaron ${s.period}`, fields: { totalt: m(s.totalt), kvinnor: m(s.kvinnor), män: m(s.män) } });
  }
  for (const n of p?.nyckeltal ?? []) {
    refs.set(n.id, { kind: 'värde', defaultField: 'värde', describe: n.namn, fields: { värde: derived.nyckeltal.get(n.id) } });
  }
  if (p?.anställda) {
    const a = p.anställda;
    const n = (v: number): Measure => ({ value: new Decimal(v), unit: 'antal', decimals: 0 });
    refs.set(a.id, { kind: 'värde', defaultField: 'totalt', describe: 'antal anställda', fields: { kvinnor: n(a.kvinnor), män: n(a.män), totalt: n(a.kvinnor + a.män) } });
  }
  for (const m of report.internkontroll?.mål ?? [])
    for (const r of m.risker) {
      const n = (v: Decimal | number | undefined): Measure | undefined => (v === undefined ? undefined : { value: new Decimal(v), unit: 'antal', decimals: 0 });
      refs.set(r.id, {
        kind: 'värde',
        defaultField: 'riskvärde',
        describe: `risken ${r.kort ?? r.id}`,
        fields: { riskvärde: n(derived.riskvärden.get(r.id)), sannolikhet: n(r.sannolikhet), konsekvens: n(r.konsekvens) },
      });
    }
  // {{antal nivå}} and {{antal nivå.värde}}: nodes per goal level, per status (or bedömning) value.
  for (const [level, count] of derived.antal) {
    refs.set(level, { kind: 'antal', defaultField: 'totalt', fields: { totalt: count.totalt, ...Object.fromEntries(count.värden) } });
  }
  return refs;
}

export interface FormatOptions {
  enhet?: string;
  decimaler?: number;
  tecken?: boolean;
  utanEnhet?: boolean;
}

const NBSP = '\u00a0';

export function formatMoneyRef(table: MoneyTable, row: RowView, column: string, options: FormatOptions): string | undefined {
  const q = effective(row.cells[column]);
  if (!q) return undefined;
  const unit = (options.enhet as MoneyUnit | undefined) ?? table.display.unit;
  const decimals = options.decimaler ?? (options.enhet ? (unit === 'mnkr' ? 1 : 0) : table.display.decimals);
  const value = convertMoney(q.value, table.unit, unit);
  return `${formatNumber(value, { decimals, plusSign: options.tecken })}${NBSP}${moneyUnitLabel(unit, true)}`;
}

export function formatMeasure(m: Measure, options: FormatOptions): string {
  const text = formatNumber(m.value, { decimals: options.decimaler ?? m.decimals, plusSign: options.tecken });
  if (options.utanEnhet || m.unit === 'antal' || m.unit === '') return text;
  return `${text}${NBSP}${m.unit}`;
}
