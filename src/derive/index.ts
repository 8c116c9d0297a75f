import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { Decimal, toDecimal, writtenDecimals } from '../format/decimal.js';
import { convertMoney } from '../format/number.js';
import type { Report } from '../schema/report.js';
import { type Cell, combine, effective, exactQuantity, product } from './cell.js';
import { type DerivedIndicator, deriveIndicators } from './indicators.js';
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
  indikatorer: DerivedIndicator[];
  /** Personal key figures with the precision they are shown with. */
  nyckeltal: Map<string, { value: Decimal; unit: string; decimals: number }>;
}

function deriveKeyFigures(report: Report, sourceMap: SourceMap): DerivedReport['nyckeltal'] {
  const out: DerivedReport['nyckeltal'] = new Map();
  report.personal?.nyckeltal.forEach((n, i) => {
    const raw = sourceMap.raw(['personal', 'nyckeltal', i, 'värde']);
    out.set(n.id, { value: toDecimal(n.värde, raw), unit: n.enhet, decimals: n.decimaler ?? Math.max(0, writtenDecimals(n.värde, raw)) });
  });
  return out;
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
      const rqRaw = effective(r);
      if (!d || !r || !dq || !rqRaw || !drift) continue;
      // The tables may state different units: compare in the driftredovisning's unit.
      const rq = {
        value: convertMoney(rqRaw.value, rr.unit, drift.unit),
        uncertainty: convertMoney(rqRaw.uncertainty, rr.unit, drift.unit),
      };
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

  const indikatorer = deriveIndicators(report, sourceMap, cells);
  const nyckeltal = deriveKeyFigures(report, sourceMap);

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
  return { rr, drift, inv, cells, åtaganden, sammanställning, riskvärden, indikatorer, nyckeltal };
}

export type { MoneyTable };
