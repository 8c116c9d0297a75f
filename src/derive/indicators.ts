import type { SourceMap } from '../load/source-map.js';
import type { Path } from '../load/yaml-file.js';
import { Decimal, toDecimal, writtenDecimals } from '../format/decimal.js';
import { stated } from '../schema/absent.js';
import { walkGoals } from '../model/goals.js';
import type { Profile } from '../profile/profile.js';
import type { Indikator } from '../schema/indicators.js';
import type { Report } from '../schema/report.js';
import { type Cell, combine, exactQuantity, statedQuantity } from './cell.js';

export interface IndicatorPoint {
  period: string;
  path: Path;
  /** The total: `värde`, else täljare/nämnare × 100. Undefined when missing (see `saknas`). */
  total?: Decimal;
  kvinnor?: Decimal;
  män?: Decimal;
  saknas?: { typ: string; orsak: string };
  preliminärt?: boolean;
  not?: string;
  /** The period's target, when it has one. */
  mål?: Target;
  /** Whether the period's value meets its target (undefined without a value, a numeric target or a direction). */
  nårMålet?: boolean;
  /** What the report says of the target ("Målet nått"), when it says anything. */
  måluppfyllelse?: 'nått' | 'delvis' | 'ej_nått';
  /** Where the value's täljare and nämnare are, when it was given as a share. */
  täljare?: Decimal;
  nämnare?: Decimal;
}

export interface Target {
  period: string;
  /** The direction as the target states it; undefined when it relies on the indicator's riktning. */
  riktning?: 'minst' | 'högst' | 'över' | 'under' | 'inom';
  värde?: Decimal;
  /** The target as printed, when the author gave a text ("Öka", "Mindre än 2"). */
  text?: string;
}

export interface DerivedIndicator {
  id: string;
  /** The goal node the indicator belongs to. */
  goalId: string;
  namn: string;
  /** The unit, when the report states one. */
  enhet?: string;
  decimaler: number;
  /** Attribution as shown: "Kolada (RKA), nyckeltal N00900, CC BY 4.0". */
  källa?: string;
  /** The Kolada KPI the values come from (for `rapport kolada import`). */
  kolada?: string;
  /** Which way is better: from `riktning`, else from the target. */
  riktning?: 'högre' | 'lägre';
  /** The report period's target (the last period's). */
  mål?: Target;
  /** Every target, by period, in the order written (periods without an outcome included, e.g. next year's). */
  målPerPeriod: Target[];
  /** Bedömning/analys of the indicator (the prose lives at path + analys). */
  harAnalys: boolean;
  path: Path;
  /** Oldest first; the last point is the report period's outcome. */
  points: IndicatorPoint[];
  /** The latest value against the one before it, in the indicator's unit (procentenheter for %). */
  förändring?: { värde: Decimal; från: string; till: string; enhet?: string; bättre?: boolean };
  uppdelning?: { dimension: string; delar: { id: string; namn: string; points: IndicatorPoint[] }[] };
  diagram: 'linje' | 'stapel' | 'inget';
  mått: 'antal' | 'andel' | 'medelvärde' | 'annat';
}

/** An indicator's points with those of its breakdown's parts. */
export function seriesPoints(ind: Pick<DerivedIndicator, 'points' | 'uppdelning'>): IndicatorPoint[] {
  return [...ind.points, ...(ind.uppdelning?.delar.flatMap((d) => d.points) ?? [])];
}

/** What kind of figure an indicator is, which decides how its kvinnor/män parts relate to the total. */
export function measureKind(ind: Pick<Indikator, 'mått' | 'enhet'>): 'antal' | 'andel' | 'medelvärde' | 'annat' {
  if (ind.mått) return ind.mått;
  const unit = (stated(ind.enhet) ?? '').trim().toLowerCase();
  if (unit.includes('%')) return 'andel';
  if (/^(antal|st|st\.|stycken|personer)\b/.test(unit)) return 'antal';
  return 'annat';
}

const percent = (t: number, n: number): Decimal | undefined => (n === 0 ? undefined : new Decimal(t).div(n).times(100));

export function attribution(källa: Indikator['källa']): string | undefined {
  if (källa === undefined) return undefined;
  if (typeof källa === 'string') return källa;
  if ('kolada' in källa) return `Kolada (RKA), nyckeltal ${källa.kolada}, CC BY 4.0`;
  if ('scb' in källa) return `SCB: ${källa.scb}`;
  return `Egen mätning: ${källa.egen}`;
}

/** The form of a period label without its year: "2023" → "", "jan–aug 2023" → "jan–aug". */
function periodForm(period: string): string | undefined {
  const m = /^(.*?)\s*(\d{4})$/.exec(period.trim());
  return m ? m[1]! : undefined;
}

/** Two period labels of the same form, one year apart. */
export function comparable(a: string, b: string): boolean {
  const fa = periodForm(a);
  const fb = periodForm(b);
  if (fa === undefined || fb === undefined || fa !== fb) return false;
  return Number(b.trim().slice(-4)) - Number(a.trim().slice(-4)) === 1;
}

/** The direction a target is judged in: its own, else the indicator's (högre → minst, lägre → högst). */
export function targetDirection(target: Target, riktning: 'högre' | 'lägre' | undefined): Target['riktning'] {
  return target.riktning ?? (riktning === 'högre' ? 'minst' : riktning === 'lägre' ? 'högst' : undefined);
}

/** Does a value meet a target? Undefined when the target has no number or no direction. */
export function meets(value: Decimal, target: Target, riktning?: 'högre' | 'lägre'): boolean | undefined {
  const dir = targetDirection(target, riktning);
  if (target.värde === undefined || dir === undefined) return undefined;
  if (dir === 'minst') return value.gte(target.värde);
  if (dir === 'högst') return value.lte(target.värde);
  if (dir === 'inom') return value.abs().lte(target.värde.abs());
  return dir === 'över' ? value.gt(target.värde) : value.lt(target.värde);
}

const DIRECTION_WORD: Record<NonNullable<Target['riktning']>, string> = { minst: 'Minst', högst: 'Högst', över: 'Över', under: 'Under', inom: 'Inom ±' };

/** A target as a table cell shows it (in the row's unit): the text the author gave, else the direction the target states and its value. */
export function targetText(target: Target, format: (d: Decimal) => string): string {
  if (target.text !== undefined) return target.text;
  if (target.värde === undefined) return '';
  if (target.riktning === 'inom') return `${DIRECTION_WORD.inom}${format(target.värde.abs())}`;
  return target.riktning ? `${DIRECTION_WORD[target.riktning]} ${format(target.värde)}` : format(target.värde);
}

/** Every indicator value, computed once in exact decimals: tables, charts and prose all read these. */
export function deriveIndicators(report: Report, sourceMap: SourceMap, cells: Cell[], profile: Profile): DerivedIndicator[] {
  const out: DerivedIndicator[] = [];
  for (const g of walkGoals(report, profile)) {
    (g.node.indikatorer ?? []).forEach((ind, ii) => out.push(deriveSeries(ind, [...g.path, 'indikatorer', ii], g.node.id, sourceMap, cells)));
  }
  return out;
}

/** Decimals as the author wrote the indicator's values and targets (the most any of them has). */
function writtenPrecision(ind: Indikator, path: Path, sourceMap: SourceMap): number {
  let most: number | undefined;
  const see = (value: unknown, at: Path) => {
    if (typeof value !== 'number') return;
    const d = Math.max(0, writtenDecimals(value, sourceMap.raw(at)));
    most = most === undefined ? d : Math.max(most, d);
  };
  const points = (utfall: Indikator['utfall'], base: Path) =>
    utfall.forEach((u, i) => {
      for (const f of ['värde', 'kvinnor', 'män'] as const) see(u[f], [...base, i, f]);
    });
  points(ind.utfall, [...path, 'utfall']);
  ind.uppdelning?.delar.forEach((d, di) => points(d.utfall, [...path, 'uppdelning', 'delar', di, 'utfall']));
  if (Array.isArray(ind.mål)) ind.mål.forEach((m, i) => see(m.värde, [...path, 'mål', i, 'värde']));
  else if (ind.mål) see(ind.mål.värde, [...path, 'mål', 'värde']);
  // Shares computed from täljare/nämnare have no written precision: one decimal.
  return most ?? 1;
}

/** An indicator-like series (an indicator of a goal, or a row of a personal table): points, targets, change. */
export function deriveSeries(ind: Indikator, path: Path, ownerId: string, sourceMap: SourceMap, cells: Cell[]): DerivedIndicator {
  const last = ind.utfall[ind.utfall.length - 1];
  const enhet = stated(ind.enhet);
  const riktningStated = stated(ind.riktning);
  const target = (m: { riktning?: Target['riktning']; värde?: number; text?: string }, period: string, at: Path): Target => ({
    period,
    riktning: m.riktning,
    värde: m.värde === undefined ? undefined : toDecimal(m.värde, sourceMap.raw([...at, 'värde'])),
    text: m.text,
  });
  const targets: Target[] = [];
  if (Array.isArray(ind.mål)) ind.mål.forEach((m, i) => targets.push(target(m, String(m.period), [...path, 'mål', i])));
  else if (ind.mål && last) targets.push(target(ind.mål, String(last.period), [...path, 'mål']));
  const perPeriod = new Map(targets.map((t) => [t.period, t]));
  // A target "inom ±" says nothing of which way is better.
  const firstTarget = targets.find((t) => t.riktning !== undefined && t.riktning !== 'inom');
  const riktning = riktningStated ?? (firstTarget ? (firstTarget.riktning === 'minst' || firstTarget.riktning === 'över' ? 'högre' : 'lägre') : undefined);
  const points = ind.utfall.map((u, ui) => derivePoint(ind, u, [...path, 'utfall', ui], sourceMap, cells, perPeriod.get(String(u.period)), riktning));
  const mål = last ? perPeriod.get(String(last.period)) : undefined;
  const withValue = points.filter((pt) => pt.total !== undefined);
  // The change is against the immediately preceding period, and only between periods of the same
  // kind (two years, or the same months of two years): "apr–dec 2022" → "jan–jul 2023" is no change.
  const [prev, latest] = points.slice(-2);
  const förändring =
    prev?.total !== undefined && latest?.total !== undefined && comparable(prev.period, latest.period)
      ? (() => {
          const värde = latest.total!.minus(prev.total!);
          return {
            värde,
            från: prev.period,
            till: latest.period,
            enhet: enhet?.includes('%') ? 'procentenheter' : enhet,
            bättre: riktning === undefined || värde.isZero() ? undefined : riktning === 'högre' ? värde.gt(0) : värde.lt(0),
          };
        })()
      : undefined;
  const uppdelning = ind.uppdelning && {
    dimension: ind.uppdelning.dimension,
    delar: ind.uppdelning.delar.map((d, di) => ({
      id: d.id,
      namn: d.namn,
      points: d.utfall.map((u, ui) => derivePoint(ind, u, [...path, 'uppdelning', 'delar', di, 'utfall', ui], sourceMap, cells, perPeriod.get(String(u.period)), riktning)),
    })),
  };
  return {
    goalId: ownerId,
    id: ind.id,
    namn: ind.namn,
    enhet,
    decimaler: ind.decimaler ?? writtenPrecision(ind, path, sourceMap),
    källa: attribution(ind.källa),
    kolada: typeof ind.källa === 'object' && 'kolada' in ind.källa ? ind.källa.kolada : undefined,
    riktning,
    mål,
    målPerPeriod: targets,
    harAnalys: ind.analys !== undefined,
    path,
    points,
    förändring,
    uppdelning,
    diagram: ind.diagram ?? (withValue.length >= 3 ? 'linje' : 'inget'),
    mått: measureKind(ind),
  };
}

function derivePoint(ind: Indikator, u: Indikator['utfall'][number], p: Path, sourceMap: SourceMap, cells: Cell[], mål: Target | undefined, riktning: 'högre' | 'lägre' | undefined): IndicatorPoint {
  const part = (x: number | { täljare: number; nämnare: number } | undefined) =>
    x === undefined ? undefined : typeof x === 'number' ? new Decimal(String(x)) : percent(x.täljare, x.nämnare);
  const ratio = u.täljare !== undefined && u.nämnare !== undefined ? percent(u.täljare, u.nämnare) : undefined;
  const point: IndicatorPoint = {
    period: String(u.period),
    path: p,
    total: u.saknas ? undefined : u.värde !== undefined ? new Decimal(String(u.värde)) : ratio,
    kvinnor: u.saknas ? undefined : part(u.kvinnor),
    män: u.saknas ? undefined : part(u.män),
    saknas: u.saknas,
    preliminärt: u.preliminärt,
    not: u.not,
    mål,
    måluppfyllelse: u.måluppfyllelse,
    täljare: u.täljare === undefined ? undefined : new Decimal(String(u.täljare)),
    nämnare: u.nämnare === undefined ? undefined : new Decimal(String(u.nämnare)),
  };
  if (point.total !== undefined && mål) point.nårMålet = meets(point.total, mål, riktning);
  // A stated percentage must be what täljare/nämnare give.
  if (ratio && u.täljare !== undefined && u.nämnare !== undefined) {
    cells.push({
      path: [...p, 'värde'],
      label: `${ind.namn} ${u.period}`,
      stated: statedQuantity(u.värde, [...p, 'värde'], sourceMap),
      computed: {
        rule: 'andel.kvot',
        description: 'täljare / nämnare × 100',
        quantity: exactQuantity(ratio),
        operands: [
          { label: 'täljare', path: [...p, 'täljare'], quantity: exactQuantity(new Decimal(u.täljare)) },
          { label: 'nämnare', path: [...p, 'nämnare'], quantity: exactQuantity(new Decimal(u.nämnare)) },
        ],
      },
    });
  }
  // Kvinnor + män = totalt: for counts directly, for shares on täljare and nämnare.
  const k = u.kvinnor;
  const m = u.män;
  if (typeof k === 'object' && typeof m === 'object' && u.täljare !== undefined && u.nämnare !== undefined) {
    for (const f of ['täljare', 'nämnare'] as const) {
      cells.push({
        path: [...p, f],
        label: `${ind.namn} ${u.period}, ${f}`,
        stated: exactQuantity(new Decimal(u[f] as number)),
        computed: combine('kön.summa', `kvinnor + män (${f})`, [
          { label: `kvinnor, ${f}`, path: [...p, 'kvinnor', f], quantity: exactQuantity(new Decimal(k[f])) },
          { label: `män, ${f}`, path: [...p, 'män', f], quantity: exactQuantity(new Decimal(m[f])) },
        ]),
      });
    }
  } else if (typeof k === 'number' && typeof m === 'number' && measureKind(ind) === 'antal') {
    cells.push({
      path: [...p, 'värde'],
      label: `${ind.namn} ${u.period}`,
      stated: statedQuantity(u.värde, [...p, 'värde'], sourceMap),
      computed: combine('kön.summa', 'kvinnor + män', [
        { label: 'kvinnor', path: [...p, 'kvinnor'], quantity: statedQuantity(k, [...p, 'kvinnor'], sourceMap) },
        { label: 'män', path: [...p, 'män'], quantity: statedQuantity(m, [...p, 'män'], sourceMap) },
      ]),
    });
  }
  return point;
}
