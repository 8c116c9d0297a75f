/** Where two indicators (and rows of statistics tables) are compared: outcomes per period, missing values, goal fulfilment, targets. */
import type { CompiledReport } from '../pipeline/compile.js';
import type { Collector } from './value-changes.js';

export function diffIndicators(c: Collector, a: CompiledReport, b: CompiledReport) {
  const byId = new Map(a.derived.indikatorer.map((i) => [i.id, i]));
  for (const ib of b.derived.indikatorer) {
    const ia = byId.get(ib.id);
    if (!ia) continue;
    // A row of a statistics table is not an indicator: name it by its table.
    const table = b.derived.statistiktabeller.find((t) => t.id === ib.goalId);
    const noun = table ? `${table.rubrik}, ${ib.namn}` : `Indikator ${ib.id}`;
    const base = { group: table ? 'Tabeller' : 'Indikatorer', kind: table ? 'tabellrad' : 'indikator', id: ib.id, unit: ib.enhet };
    const pointsA = new Map(ia.points.map((p) => [p.period, p]));
    const periodsB = new Set(ib.points.map((p) => p.period));
    for (const pb of ib.points) {
      const pa = pointsA.get(pb.period);
      const subject = `${noun}, ${pb.period}`;
      if (!pa) {
        c.add({ ...base, change: 'tillagd', field: 'utfall', subject, note: 'har lagts till (nytt utfall)' });
        continue;
      }
      for (const f of ['total', 'kvinnor', 'män'] as const) {
        c.number({ ...base, field: f, subject, detail: f === 'total' ? undefined : f }, pa[f], pb[f], ib.decimaler);
      }
      const saknas = (p: typeof pa) => (p.saknas ? `${p.saknas.typ}: ${p.saknas.orsak}` : undefined);
      if (saknas(pa) !== saknas(pb)) {
        c.add({ ...base, unit: undefined, change: 'ändrad', field: 'saknas', subject, detail: 'saknat värde', from: saknas(pa) ?? '–', to: saknas(pb) ?? '–' });
      }
      const uppfyllelse = { nått: 'Målet nått', delvis: 'Delvis', ej_nått: 'Målet ej nått' };
      c.plain({ ...base, unit: undefined, field: 'måluppfyllelse', subject, detail: 'måluppfyllelse' }, pa.måluppfyllelse && uppfyllelse[pa.måluppfyllelse], pb.måluppfyllelse && uppfyllelse[pb.måluppfyllelse]);
    }
    for (const pa of ia.points) {
      if (!periodsB.has(pa.period)) c.add({ ...base, change: 'borttagen', field: 'utfall', subject: `${noun}, ${pa.period}`, note: 'har tagits bort (utfallet)' });
    }
    // Every target, per period: next year's too.
    const targetsA = new Map(ia.målPerPeriod.map((t) => [t.period, t]));
    for (const tb of ib.målPerPeriod) {
      const ta = targetsA.get(tb.period);
      const subject = ib.målPerPeriod.length > 1 || tb.period !== ib.points.at(-1)?.period ? `${noun}, mål ${tb.period}` : noun;
      c.number({ ...base, field: 'mål', subject, detail: 'målvärde' }, ta?.värde, tb.värde, ib.decimaler);
      c.plain({ ...base, unit: undefined, field: 'mål', subject, detail: 'målets text' }, ta?.text, tb.text);
    }
    for (const ta of ia.målPerPeriod) {
      if (!ib.målPerPeriod.some((t) => t.period === ta.period)) c.add({ ...base, change: 'borttagen', field: 'mål', subject: `${noun}, mål ${ta.period}`, note: 'har tagits bort (målet)' });
    }
  }
}
