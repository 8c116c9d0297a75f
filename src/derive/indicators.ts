import type { SourceMap } from '../load/source-map.js';
import type { Path } from '../load/yaml-file.js';
import { Decimal } from '../format/decimal.js';
import { walkGoals } from '../model/goals.js';
import type { Profile } from '../profile/profile.js';
import type { Indikator, Report } from '../schema/report.js';
import { type Cell, combine, exactQuantity, statedQuantity } from './cell.js';

export interface IndicatorPoint {
  period: string;
  path: Path;
  /** The total: `värde`, else täljare/nämnare × 100. Undefined when missing (see `saknas`). */
  total?: Decimal;
  kvinnor?: Decimal;
  män?: Decimal;
  saknas?: { typ: string; orsak: string };
  not?: string;
}

export interface DerivedIndicator {
  id: string;
  /** The goal node the indicator belongs to. */
  goalId: string;
  namn: string;
  enhet: string;
  decimaler: number;
  källa?: string;
  mål?: { riktning: 'minst' | 'högst'; värde: Decimal };
  path: Path;
  /** Oldest first; the last point is the report period's outcome. */
  points: IndicatorPoint[];
}

const percent = (t: number, n: number): Decimal | undefined => (n === 0 ? undefined : new Decimal(t).div(n).times(100));

/** Every indicator value, computed once in exact decimals: tables and prose both read these. */
export function deriveIndicators(report: Report, sourceMap: SourceMap, cells: Cell[], profile: Profile): DerivedIndicator[] {
  const out: DerivedIndicator[] = [];
  for (const g of walkGoals(report, profile))
        (g.node.indikatorer ?? []).forEach((ind, ii) => {
          const path: Path = [...g.path, 'indikatorer', ii];
          out.push({
            goalId: g.node.id,
            id: ind.id,
            namn: ind.namn,
            enhet: ind.enhet,
            decimaler: ind.decimaler,
            källa: ind.källa,
            mål: ind.mål && { riktning: ind.mål.riktning, värde: new Decimal(String(ind.mål.värde)) },
            path,
            points: ind.utfall.map((u, ui) => derivePoint(ind, u, [...path, 'utfall', ui], sourceMap, cells)),
          });
        });
  return out;
}

function derivePoint(ind: Indikator, u: Indikator['utfall'][number], p: Path, sourceMap: SourceMap, cells: Cell[]): IndicatorPoint {
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
    not: u.not,
  };
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
  } else if (typeof k === 'number' && typeof m === 'number' && ind.enhet === 'antal') {
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
