/**
 * Indicators against what is said about them: a goal's stated bedömning more optimistic than its
 * indicators suggest (a warning: the bedömning is the author's, often a "sammanvägd bedömning"),
 * and a total outside the range of its kvinnor/män parts (an error: a mean lies between its parts).
 */
import { statedQuantity } from '../derive/cell.js';
import type { Decimal } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import type { Path } from '../load/yaml-file.js';
import { walkGoals } from '../model/goals.js';
import { isSaknas } from '../schema/absent.js';
import { assessmentOrder } from '../derive/index.js';
import { type DerivedIndicator, seriesPoints, type Target, targetDirection } from '../derive/indicators.js';
import type { CheckContext } from './context.js';
import { report } from './context.js';

export function checkIndicatorAssessments(ctx: CheckContext): void {
  const kind = ctx.report.rapport.typ;
  for (const g of walkGoals(ctx.report, ctx.profile)) {
    const s = ctx.derived.bedömningsförslag.get(g.node.id);
    const scaleId = g.level.bedömning;
    const stated = g.node.bedömning;
    if (!s || !scaleId || !stated) continue;
    const scale = ctx.profile.scale(scaleId);
    if (stated === scale.ej_bedömd || isSaknas(stated)) continue;
    const order = assessmentOrder(scale);
    if (order.indexOf(stated) >= order.indexOf(s.förslag)) continue;
    const text = (v: string) => ctx.profile.value(scaleId, v, kind).text;
    const missed = s.medMål.filter((i) => !s.nårMålet.includes(i));
    report(
      ctx,
      'indikator.bedömning',
      'warning',
      `${g.node.namn}: bedömningen är "${text(stated)}" men ${missed.length} av ${s.medMål.length} indikatorer med målvärde når inte målet; indikatorerna talar för "${text(s.förslag)}". Verktyget föreslår, författaren avgör – skriv i texten vad bedömningen grundas på`,
      [...g.path, 'bedömning'],
      missed.map((i) => {
        const last = i.points[i.points.length - 1]!;
        const f = (d: Decimal) => formatNumber(d, { decimals: i.decimaler });
        return { message: `${i.namn}: ${f(last.total!)} mot målet ${targetAsWords(last.mål!, i, f)}`, path: [...last.path, 'värde'] as Path };
      }),
    );
  }
}

/** A total (a share or a mean) lies between its kvinnor and män values, within rounding. */
export function checkGenderRange(ctx: CheckContext): void {
  for (const ind of ctx.derived.indikatorer) {
    // Only a share or a mean lies between its parts; counts add up instead (kön.summa).
    if (ind.mått !== 'andel' && ind.mått !== 'medelvärde') continue;
    const points = seriesPoints(ind);
    for (const pt of points) {
      if (pt.total === undefined || pt.kvinnor === undefined || pt.män === undefined) continue;
      const q = (field: string, v: { toNumber(): number }) => statedQuantity(v.toNumber(), [...pt.path, field], ctx.sourceMap);
      const total = q('värde', pt.total);
      const k = q('kvinnor', pt.kvinnor);
      const m = q('män', pt.män);
      if (!total || !k || !m) continue;
      const low = k.value.lt(m.value) ? k : m;
      const high = k.value.lt(m.value) ? m : k;
      const below = total.value.lt(low.value.minus(low.uncertainty).minus(total.uncertainty));
      const above = total.value.gt(high.value.plus(high.uncertainty).plus(total.uncertainty));
      if (!below && !above) continue;
      const f = (d: Decimal) => formatNumber(d, { decimals: ind.decimaler });
      report(
        ctx,
        'kön.intervall',
        'error',
        `${ind.namn} ${pt.period}: totalt ${f(total.value)} ligger utanför kvinnor ${f(k.value)} och män ${f(m.value)}; ett värde för alla ligger mellan könens värden`,
        [...pt.path, 'värde'],
        [
          { message: `kvinnor ${f(k.value)}`, path: [...pt.path, 'kvinnor'] },
          { message: `män ${f(m.value)}`, path: [...pt.path, 'män'] },
        ],
      );
    }
  }
}

/** A target in a sentence: "högst 3,0" (the direction judged in, from the target or the indicator). */
function targetAsWords(target: Target, ind: DerivedIndicator, f: (d: Decimal) => string): string {
  const dir = targetDirection(target, ind.riktning);
  const words = { minst: 'minst ', högst: 'högst ', över: 'över ', under: 'under ', inom: 'inom ±' };
  return `${dir ? words[dir] : ''}${target.värde !== undefined ? f(dir === 'inom' ? target.värde.abs() : target.värde) : (target.text ?? '')}`;
}

/** What the report says of a target ("Målet nått") agrees with the value against the target. */
export function checkStatedTargets(ctx: CheckContext): void {
  for (const ind of ctx.derived.indikatorer) {
    const points = seriesPoints(ind);
    for (const pt of points) {
      if (pt.måluppfyllelse !== undefined && pt.nårMålet === undefined && pt.total !== undefined) {
        report(ctx, 'indikator.nått', 'note', `${ind.namn} ${pt.period}: måluppfyllelsen kan inte kontrolleras – perioden har inget målvärde med en riktning (i målet eller indikatorns riktning)`, [...pt.path, 'måluppfyllelse']);
        continue;
      }
      if (pt.måluppfyllelse === undefined || pt.måluppfyllelse === 'delvis' || pt.nårMålet === undefined) continue;
      const says = pt.måluppfyllelse === 'nått';
      if (says === pt.nårMålet) continue;
      const f = (d: Decimal) => formatNumber(d, { decimals: ind.decimaler });
      report(
        ctx,
        'indikator.nått',
        'error',
        `${ind.namn} ${pt.period}: rapporten säger att målet ${says ? 'är nått' : 'inte är nått'}, men ${f(pt.total!)} ${says ? 'når inte' : 'når'} målet ${targetAsWords(pt.mål!, ind, f)}`,
        [...pt.path, 'måluppfyllelse'],
        [{ message: `${ind.namn} ${pt.period} = ${f(pt.total!)}`, path: [...pt.path, 'värde'] }],
      );
    }
  }
}
