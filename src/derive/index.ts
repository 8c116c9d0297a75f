import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { Decimal } from '../format/decimal.js';
import type { Report } from '../schema/report.js';
import { type Cell, combine, effective, exactQuantity, product, statedQuantity } from './cell.js';
import {
  deriveDriftredovisning,
  deriveInvesteringsredovisning,
  deriveResultatrakning,
  type MoneyTable,
  rrResultRow,
} from './economy.js';

export interface StatusCounts {
  totalt: number;
  ej_påbörjad: number;
  pågår: number;
  klart: number;
  försenat: number;
}

export interface SummaryRow {
  id: string;
  namn: string;
  bedömning?: string;
  trend?: string;
}

export interface DerivedReport {
  rr: MoneyTable;
  drift?: MoneyTable;
  inv?: MoneyTable;
  /** Every figure that a relation computes, for the arithmetic rules. */
  cells: Cell[];
  åtaganden: StatusCounts;
  sammanställning: { perspektivId: string; perspektiv: string; nivå: 'huvudprocess' | 'processområde'; rows: SummaryRow[] }[];
  riskvärden: Map<string, Decimal>;
}

export function deriveReport(report: Report, sourceMap: SourceMap): DerivedReport {
  const cells: Cell[] = [];
  const rrPath: Path = ['ekonomi', 'resultaträkning'];
  const rr = deriveResultatrakning(report.ekonomi.resultaträkning, rrPath, report, sourceMap);
  const drift = report.ekonomi.driftredovisning
    ? deriveDriftredovisning(report.ekonomi.driftredovisning, ['ekonomi', 'driftredovisning'], report, sourceMap)
    : undefined;
  const inv = report.ekonomi.investeringsredovisning
    ? deriveInvesteringsredovisning(report.ekonomi.investeringsredovisning, ['ekonomi', 'investeringsredovisning'], report, sourceMap)
    : undefined;
  for (const table of [rr, drift, inv]) {
    for (const row of table?.rows ?? []) for (const cell of Object.values(row.cells)) if (cell) cells.push(cell);
  }

  // The driftredovisning's total is the nämnd's result in the resultaträkning.
  const resultRow = rrResultRow(rr, report.ekonomi.resultaträkning);
  const driftSumma = drift?.rows[drift.rows.length - 1];
  if (resultRow && driftSumma) {
    for (const c of ['utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse']) {
      const d = driftSumma.cells[c];
      const r = resultRow.cells[c];
      const dq = effective(d);
      const rq = effective(r);
      if (!d || !r || !dq || !rq) continue;
      cells.push({
        path: d.path,
        label: `${driftSumma.namn}, ${c}`,
        stated: dq,
        computed: {
          rule: 'drift.rr',
          description: `resultaträkningens ${resultRow.namn}`,
          quantity: rq,
          operands: [{ label: `${resultRow.namn}, ${c}`, path: r.path, quantity: rq }],
        },
      });
    }
  }

  // Riskvärde = sannolikhet × konsekvens.
  const riskvärden = new Map<string, Decimal>();
  report.internkontroll?.mål.forEach((m, mi) =>
    m.risker.forEach((risk, ri) => {
      const p: Path = ['internkontroll', 'mål', mi, 'risker', ri];
      const computed = product(
        'risk.riskvärde',
        'sannolikhet × konsekvens',
        { label: 'sannolikhet', path: [...p, 'sannolikhet'], quantity: exactQuantity(new Decimal(risk.sannolikhet)) },
        { label: 'konsekvens', path: [...p, 'konsekvens'], quantity: exactQuantity(new Decimal(risk.konsekvens)) },
      );
      riskvärden.set(risk.id, computed.quantity.value);
      cells.push({
        path: [...p, 'riskvärde'],
        label: `riskvärde för ${risk.id}`,
        stated: risk.riskvärde === undefined ? undefined : exactQuantity(new Decimal(risk.riskvärde)),
        computed,
      });
    }),
  );

  // Personal: kvinnor + män = totalt.
  const anst = report.personal?.anställda;
  if (anst) {
    const p: Path = ['personal', 'anställda'];
    cells.push({
      path: [...p, 'totalt'],
      label: 'anställda totalt',
      stated: anst.totalt === undefined ? undefined : exactQuantity(new Decimal(anst.totalt)),
      computed: combine('kön.summa', 'kvinnor + män', [
        { label: 'kvinnor', path: [...p, 'kvinnor'], quantity: exactQuantity(new Decimal(anst.kvinnor)) },
        { label: 'män', path: [...p, 'män'], quantity: exactQuantity(new Decimal(anst.män)) },
      ]),
    });
  }

  // Indicators: percentages from täljare/nämnare, gender parts add up to the total.
  report.mål.perspektiv.forEach((per, pi) =>
    per.processområden.forEach((po, oi) =>
      po.processmål.forEach((pm, mi) =>
        pm.indikatorer.forEach((ind, ii) =>
          ind.utfall.forEach((u, ui) => {
            const p: Path = ['mål', 'perspektiv', pi, 'processområden', oi, 'processmål', mi, 'indikatorer', ii, 'utfall', ui];
            const ratio = (t: number, n: number) => exactQuantity(new Decimal(t).div(n).times(100));
            if (u.täljare !== undefined && u.nämnare !== undefined && u.nämnare !== 0) {
              cells.push({
                path: [...p, 'värde'],
                label: `${ind.namn} ${u.period}`,
                stated: statedQuantity(u.värde, [...p, 'värde'], sourceMap),
                computed: {
                  rule: 'andel.kvot',
                  description: 'täljare / nämnare × 100',
                  quantity: ratio(u.täljare, u.nämnare),
                  operands: [
                    { label: 'täljare', path: [...p, 'täljare'], quantity: exactQuantity(new Decimal(u.täljare)) },
                    { label: 'nämnare', path: [...p, 'nämnare'], quantity: exactQuantity(new Decimal(u.nämnare)) },
                  ],
                },
              });
            }
            for (const kön of ['kvinnor', 'män'] as const) {
              const part = u[kön];
              if (part && typeof part === 'object' && part.nämnare !== 0) {
                cells.push({
                  path: [...p, kön],
                  label: `${ind.namn} ${u.period}, ${kön}`,
                  computed: { rule: 'andel.kvot', description: 'täljare / nämnare × 100', quantity: ratio(part.täljare, part.nämnare), operands: [] },
                });
              }
            }
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
          }),
        ),
      ),
    ),
  );

  const åtaganden: StatusCounts = { totalt: 0, ej_påbörjad: 0, pågår: 0, klart: 0, försenat: 0 };
  const sammanställning: DerivedReport['sammanställning'] = [];
  for (const per of report.mål.perspektiv) {
    const rows: SummaryRow[] = [];
    for (const po of per.processområden) {
      for (const a of po.åtaganden) {
        åtaganden.totalt += 1;
        åtaganden[a.status] += 1;
      }
      if (per.sammanställning === 'processområde') {
        if (po.bedömning) rows.push({ id: po.id, namn: po.namn, bedömning: po.bedömning, trend: po.trend });
      } else {
        for (const hp of po.huvudprocesser) rows.push({ id: hp.id, namn: hp.namn, bedömning: hp.bedömning, trend: hp.trend });
      }
    }
    sammanställning.push({ perspektivId: per.id, perspektiv: per.namn, nivå: per.sammanställning, rows });
  }
  return { rr, drift, inv, cells, åtaganden, sammanställning, riskvärden };
}

export type { MoneyTable };
