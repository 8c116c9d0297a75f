import { toCardinal } from 'n2words/sv-SE';
import type { DerivedReport } from '../derive/index.js';
import type { MoneyTable, RowView } from '../derive/economy.js';
import { effective } from '../derive/cell.js';
import { Decimal } from '../format/decimal.js';
import { convertMoney, formatNumber, type MoneyUnit, moneyUnitLabel } from '../format/number.js';
import type { IndicatorPoint } from '../derive/indicators.js';
import type { Report } from '../schema/report.js';
import { stated } from '../schema/absent.js';
import { isDescendant, walkGoals } from '../model/goals.js';
import type { Profile } from '../profile/profile.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';

/** A value that prose can cite, already bound to how it is formatted. */
export interface Measure {
  value: Decimal;
  /** The unit as shown after the number; undefined or "antal" shows none. */
  unit?: string;
  decimals: number;
  /** A band target's "±" before the number ("inom ±1,0 %"). */
  plusMinus?: boolean;
}

export type RefTarget =
  | { kind: 'belopp'; table: MoneyTable; row: RowView }
  | {
      kind: 'värde';
      fields: Record<string, Measure | undefined>;
      defaultField: string;
      describe: string;
      /** A series (an indicator, a row of a personal table): its fields for one period. */
      period?: { labels: string[]; fields: (period: string) => Record<string, Measure | undefined> };
    }
  | {
      kind: 'antal';
      describe: string;
      fields: string[];
      defaultField: string;
      /** The count of a field, within the subtree of a goal node when `inom` names one; an error when it cannot be counted. */
      count: (field: string, inom?: string) => { value: number } | { error: string };
    };

export const HELPERS = ['belopp', 'värde', 'antal'] as const;
export type HelperName = (typeof HELPERS)[number];

/** Everything prose may cite, keyed by id (ids are unique in a report). */
export function buildReferenceTable(report: Report, derived: DerivedReport, profile: Profile): Map<string, RefTarget> {
  const refs = new Map<string, RefTarget>();
  for (const table of derived.tables) {
    for (const row of table.rows) if (row.kind !== 'grupp' && !refs.has(row.id)) refs.set(row.id, { kind: 'belopp', table, row });
  }
  const tableOf = new Map(derived.statistiktabeller.map((t) => [t.id, t.rubrik]));
  for (const ind of derived.indikatorer) {
    const m = (value: Decimal | undefined): Measure | undefined => (value === undefined ? undefined : { value, unit: ind.enhet, decimals: ind.decimaler });
    const count = (value: Decimal | undefined): Measure | undefined => (value === undefined ? undefined : { value, unit: 'antal', decimals: 0 });
    // A band target is cited as the band: "±1,0 %".
    const target = (t: { värde?: Decimal; riktning?: string } | undefined): Measure | undefined =>
      t?.värde === undefined ? undefined : t.riktning === 'inom' ? { value: t.värde.abs(), unit: ind.enhet, decimals: ind.decimaler, plusMinus: true } : m(t.värde);
    const ofPoint = (point: IndicatorPoint | undefined) => ({
      värde: m(point?.total),
      kvinnor: m(point?.kvinnor),
      män: m(point?.män),
      täljare: count(point?.täljare),
      nämnare: count(point?.nämnare),
      mål: target(point?.mål),
    });
    // The latest point is the report period's outcome; a missing value there is not papered over
    // with an older one.
    const last = ind.points[ind.points.length - 1];
    const previous = ind.points[ind.points.length - 2];
    const latest = ofPoint(last);
    refs.set(ind.id, {
      kind: 'värde',
      defaultField: 'senaste',
      describe: tableOf.has(ind.goalId) ? `raden ${ind.namn} i ${tableOf.get(ind.goalId)}` : `indikatorn ${ind.namn}`,
      fields: { senaste: latest.värde, föregående: m(previous?.total), mål: target(ind.mål), kvinnor: latest.kvinnor, män: latest.män, täljare: latest.täljare, nämnare: latest.nämnare },
      period: {
        // The outcome periods and the target periods (next year's target has no outcome yet).
        labels: [...new Set([...ind.points.map((p) => p.period), ...ind.målPerPeriod.map((t) => t.period)])],
        fields: (period) => {
          const point = ind.points.find((p) => p.period === period);
          const targetOf = ind.målPerPeriod.find((t) => t.period === period);
          return { ...ofPoint(point), senaste: m(point?.total), mål: target(targetOf) };
        },
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
        fields: { riskvärde: n(derived.riskvärden.get(r.id)), sannolikhet: n(stated(r.sannolikhet)), konsekvens: n(stated(r.konsekvens)) },
      });
    }
  // {{antal nivå}}, {{antal nivå.värde}} and {{antal nivå inom=nod}}: nodes per goal level, per status
  // (or bedömning) value, in the whole report or below one node.
  const goals = walkGoals(report, profile);
  const byId = new Map(goals.map((g) => [g.node.id, g]));
  for (const [levelKey, count] of derived.antal) {
    const level = profile.level(levelKey);
    const scaleField = level.status ? 'status' : 'bedömning';
    const scaleId = level[scaleField];
    const noun = level.namn.toLowerCase();
    refs.set(levelKey, {
      kind: 'antal',
      describe: levelKey,
      fields: ['totalt', ...count.värden.keys()],
      defaultField: 'totalt',
      count: (field, inom) => {
        const within = inom === undefined ? undefined : byId.get(inom);
        if (inom !== undefined && !within) {
          const best = didYouMean(inom, [...byId.keys()]);
          return { error: `inom="${inom}" är ingen nod i målstrukturen${best ? `; menade du "${best}"?` : ''}` };
        }
        const nodes = goals.filter((g) => g.levelKey === levelKey && (!within || isDescendant(g, within)));
        if (field === 'totalt') return { value: nodes.length };
        // What the report prints, when it prints the counts: checked against the nodes by antal.angivet.
        if (!within && count.angivna) return { value: count.angivna.get(field) ?? 0 };
        const unknown = nodes.filter((g) => stated(g.node[scaleField]) === undefined).length;
        if (unknown > 0) {
          const text = scaleId ? profile.value(scaleId, field, report.rapport.typ).text : field;
          return {
            error: within
              ? `antalet med ${text} inom ${within.node.namn} kan inte räknas: ${unknown} av ${nodes.length} där saknar ${scaleField} (tryckta antal i statusräkning.antal gäller hela rapporten)`
              : `${unknown} av ${nodes.length} på nivån ${noun} saknar ${scaleField}, så antalet med ${text} kan inte räknas; ange antalen som rapporten trycker under statusräkning.antal`,
          };
        }
        return { value: nodes.filter((g) => g.node[scaleField] === field).length };
      },
    });
  }
  // {{antal tabell-id}}: the rows of a table (its posts: enheter, projekt, poster; a statistics table's
  // measures or parts), e.g. "sju avdelningar".
  for (const table of derived.tables) {
    if (refs.has(table.id)) continue;
    const rows = table.rows.filter((row) => row.kind === 'post').length;
    refs.set(table.id, { kind: 'antal', describe: `tabellen ${table.rubrik}`, fields: ['rader'], defaultField: 'rader', count: () => ({ value: rows }) });
  }
  for (const table of derived.statistiktabeller) {
    if (refs.has(table.id)) continue;
    const rows = derived.indikatorer.filter((i) => i.goalId === table.id).length;
    refs.set(table.id, { kind: 'antal', describe: `tabellen ${table.rubrik}`, fields: ['rader'], defaultField: 'rader', count: () => ({ value: rows }) });
  }
  return refs;
}

export interface FormatOptions {
  /** {{antal … inom=nod}}: count below a goal node. */
  inom?: string;
  /** {{antal … ord=true}}: 0–12 in words ("sju"), larger numbers in digits; ord="en" says "en" for 1. */
  ord?: true | 'en';
  enhet?: string;
  decimaler?: number;
  tecken?: boolean;
  /** The number without its sign: "ett underskott på {{belopp x.avvikelse absolut=true}}" (the words say the sign). */
  absolut?: boolean;
  utanEnhet?: boolean;
  /** {{värde id.fält period="2021"}}: a series' value for that period. */
  period?: string;
}

const NBSP = '\u00a0';

export function formatMoneyRef(table: MoneyTable, row: RowView, column: string, options: FormatOptions): string | undefined {
  const q = effective(row.cells[column]);
  if (!q) return undefined;
  const unit = (options.enhet as MoneyUnit | undefined) ?? table.display.unit;
  const decimals = options.decimaler ?? (options.enhet ? (unit === 'mnkr' ? 1 : 0) : table.display.decimals);
  const converted = convertMoney(q.value, table.unit, unit);
  const value = options.absolut ? converted.abs() : converted;
  const number = formatNumber(value, { decimals, plusSign: options.tecken });
  return options.utanEnhet ? number : `${number}${NBSP}${moneyUnitLabel(unit, true)}`;
}

export function formatMeasure(m: Measure, options: FormatOptions): string {
  const number = formatNumber(options.absolut ? m.value.abs() : m.value, { decimals: options.decimaler ?? m.decimals, plusSign: options.tecken && !m.plusMinus });
  const text = m.plusMinus ? `±${number}` : number;
  if (options.utanEnhet || m.unit === undefined || m.unit === 'antal' || m.unit === '') return text;
  return `${text}${NBSP}${m.unit}`;
}

/** A count in running text: 0–12 in words as Swedish writing rules have it (toCardinal from n2words), larger in digits. */
export function countText(n: number, ord: true | 'en' | undefined): string {
  if (ord === undefined || n > 12 || n < 0) return String(n);
  if (n === 1 && ord === 'en') return 'en';
  return toCardinal(n);
}
