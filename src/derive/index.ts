import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { Decimal, toDecimal, writtenDecimals } from '../format/decimal.js';
import { DRIFT_BELOPP } from '../schema/money-tables.js';
import type { PersonalTabell } from '../schema/personal.js';
import type { Report } from '../schema/report.js';
import { type Cell, combine, effective, exactQuantity, product } from './cell.js';
import { type DerivedIndicator, deriveIndicators, deriveSeries } from './indicators.js';
import type { Profile } from '../profile/profile.js';
import { isDescendant, summaryOf, walkGoals } from '../model/goals.js';
import { stated } from '../schema/absent.js';
import type { Scale } from '../schema/profile.js';
import {
  deriveDriftredovisning,
  deriveInvesteringsredovisning,
  deriveResultatrakning,
  deriveSammandrag,
  type MoneyTable,
  restate,
  rrResultRow,
} from './economy.js';

/** How many nodes of a level there are, in total and per status (or bedömning) value. */
export interface LevelCount {
  totalt: number;
  värden: Map<string, number>;
  /** Nodes whose value the report does not state (left out or "uppgift saknas"). */
  okända: number;
  /** The counts the report prints (statusräkning.antal), when it gives them: checked against the nodes, never overwritten. */
  angivna?: Map<string, number>;
}

/**
 * The counts a status table shows: the ones the report prints when it prints them (checked by
 * antal.angivet), else the nodes counted, with those whose value is not stated apart.
 */
export function shownCounts(count: LevelCount): { värden: Map<string, number>; okända: number; angivna: boolean } {
  return count.angivna ? { värden: count.angivna, okända: 0, angivna: true } : { värden: count.värden, okända: count.okända, angivna: false };
}

export interface AssessmentSuggestion {
  goalId: string;
  path: Path;
  /** The suggested value of the goal's bedömning scale. */
  förslag: string;
  /** Indicators with a target and a value for the report period, and those of them that meet it. */
  medMål: DerivedIndicator[];
  nårMålet: DerivedIndicator[];
}

/**
 * A goal's suggested bedömning from its indicators: all targets met → the scale's best value, none →
 * its worst, some → the middle one. Only indicators with a target and a value for the report period count.
 */
function suggestAssessments(report: Report, profile: Profile, indikatorer: DerivedIndicator[]): Map<string, AssessmentSuggestion> {
  const out = new Map<string, AssessmentSuggestion>();
  for (const g of walkGoals(report, profile)) {
    const scaleId = g.level.bedömning;
    if (!scaleId) continue;
    const medMål = indikatorer.filter((i) => i.goalId === g.node.id && i.points[i.points.length - 1]?.nårMålet !== undefined);
    if (medMål.length === 0) continue;
    const order = assessmentOrder(profile.scale(scaleId));
    if (order.length === 0) continue;
    const nårMålet = medMål.filter((i) => i.points[i.points.length - 1]!.nårMålet);
    const index = nårMålet.length === medMål.length ? 0 : nårMålet.length === 0 ? order.length - 1 : order.length >= 3 ? Math.floor((order.length - 1) / 2) : order.length - 1;
    out.set(g.node.id, { goalId: g.node.id, path: g.path, förslag: order[index]!, medMål, nårMålet });
  }
  return out;
}

export interface SummaryRow {
  id: string;
  namn: string;
  /** The level the row's node belongs to (its scales). */
  levelKey: string;
  bedömning?: string;
  trend?: string;
}

export interface DerivedReport {
  rr?: MoneyTable;
  drift: MoneyTable[];
  /** Per investeringsredovisning (in order): its table, or undefined when it is a text only. */
  inv: (MoneyTable | undefined)[];
  sammandrag?: MoneyTable;
  /** Every money table, in document order (sammandrag first). */
  tables: MoneyTable[];
  /** Every figure that a relation computes, for the arithmetic rules. */
  cells: Cell[];
  /** Counts per goal level (for Status åtaganden and {{antal nivå.värde}}). */
  antal: Map<string, LevelCount>;
  sammanställning: { nodeId: string; rubrik: string; levelKey: string; rows: SummaryRow[] }[];
  /** What a goal's indicators suggest for its bedömning (the author decides; a more optimistic one is warned about). */
  bedömningsförslag: Map<string, AssessmentSuggestion>;
  riskvärden: Map<string, Decimal>;
  /** Every indicator-like series: the goals' indicators and the rows of the personal tables. */
  indikatorer: DerivedIndicator[];
  /** The tables of measures per period (the personal section's and the goal nodes'): their rows are series in `indikatorer` whose goalId is the table's id. */
  statistiktabeller: { id: string; rubrik: string; path: Path }[];
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

export function deriveReport(report: Report, sourceMap: SourceMap, profile: Profile): DerivedReport {
  const cells: Cell[] = [];
  const eko = report.ekonomi;
  const rr = eko.resultaträkning && deriveResultatrakning(eko.resultaträkning, ['ekonomi', 'resultaträkning'], report, sourceMap, profile);
  const drift = (eko.driftredovisning ?? []).map((d, i) => deriveDriftredovisning(d, ['ekonomi', 'driftredovisning', i], report, sourceMap, profile));
  const inv = (eko.investeringsredovisning ?? []).map((t, i) => deriveInvesteringsredovisning(t, ['ekonomi', 'investeringsredovisning', i], report, sourceMap, profile));
  const others = [...(rr ? [rr] : []), ...drift, ...inv.filter((t): t is MoneyTable => t !== undefined)];
  const sammandrag = eko.sammandrag && deriveSammandrag(eko.sammandrag, ['ekonomi', 'sammandrag'], report, sourceMap, profile, others);
  const tables = [...(sammandrag ? [sammandrag] : []), ...others];
  for (const table of tables) {
    for (const row of table.rows) for (const cell of Object.values(row.cells)) if (cell) cells.push(cell);
    cells.push(...table.checks);
  }

  // The (first) driftredovisning's total is the nämnd's result in the resultaträkning: its deviations
  // always (a deviation is the same whether the table counts result or net cost), its levels (utfall,
  // budget, prognos) only when the table says it measures the result. A net cost budget (−kommunersättning)
  // is not the result's budget (0).
  const first = drift[0];
  const resultRow = rr && eko.resultaträkning && rrResultRow(rr, eko.resultaträkning);
  const driftSumma = first?.rows.find((r) => r.kind === 'summa');
  if (rr && first && resultRow && driftSumma) {
    const levels = first.mått === 'resultat' ? ['utfall', 'budget', 'prognos', 'budget_helår'] : [];
    const shared = first.amounts.filter((c) => rr.amounts.includes(c) && !DRIFT_BELOPP.includes(c as never) && (first.avvikelser.has(c) ? rr.avvikelser.has(c) : first.mått === 'resultat'));
    const shown = new Set(first.columns.map((col) => col.key));
    for (const c of ['budgetavvikelse', 'prognosavvikelse', ...levels, ...shared]) {
      const d = driftSumma.cells[c];
      // A figure the table neither shows nor states is not compared: it would repeat the level's difference.
      if (!shown.has(c) && !d?.stated) continue;
      const r = resultRow.cells[c];
      const dq = effective(d);
      const rqRaw = effective(r);
      if (!d || !r || !dq || !rqRaw) continue;
      // The tables may state different units and signs: compare in the driftredovisning's.
      const rq = restate(rqRaw, rr, c, first);
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
  report.internkontroll?.mål?.forEach((m, mi) =>
    m.risker.forEach((risk, ri) => {
      const p: Path = ['internkontroll', 'mål', mi, 'risker', ri];
      const sannolikhet = stated(risk.sannolikhet);
      const konsekvens = stated(risk.konsekvens);
      if (sannolikhet === undefined || konsekvens === undefined) return;
      const computed = product(
        'risk.riskvärde',
        'sannolikhet × konsekvens',
        { label: 'sannolikhet', path: [...p, 'sannolikhet'], quantity: exactQuantity(new Decimal(sannolikhet)) },
        { label: 'konsekvens', path: [...p, 'konsekvens'], quantity: exactQuantity(new Decimal(konsekvens)) },
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

  const nyckeltal = deriveKeyFigures(report, sourceMap);

  const goals = walkGoals(report, profile);
  const antal = new Map<string, LevelCount>();
  for (const key of profile.levelKeys) {
    const level = profile.level(key);
    const scaleField = level.status ? 'status' : 'bedömning';
    const scaleId = level[scaleField];
    // Every value of the level's scale counts, from 0: {{antal åtaganden.försenat}} is 0, not missing.
    const count: LevelCount = { totalt: 0, värden: new Map((scaleId ? profile.scaleKeys(scaleId) ?? [] : []).map((v) => [v, 0])), okända: 0 };
    for (const g of goals) {
      if (g.levelKey !== key) continue;
      count.totalt += 1;
      const v = stated(g.node[scaleField]);
      if (typeof v === 'string') count.värden.set(v, (count.värden.get(v) ?? 0) + 1);
      else if (scaleId) count.okända += 1;
    }
    const sr = profile.data.målstruktur.statusräkning;
    if (sr?.nivå === key && report.statusräkning?.antal) {
      const printed = report.statusräkning.antal;
      count.angivna = new Map([...count.värden.keys()].map((v) => [v, printed[v] ?? 0]));
    }
    antal.set(key, count);
  }
  const sammanställning: DerivedReport['sammanställning'] = [];
  for (const g of goals) {
    const summary = summaryOf(g.node);
    if (!g.level.sammanställning || !summary) continue;
    const below = goals.filter((d) => d.levelKey === summary.nivå && isDescendant(d, g));
    // The printed order when the report gives one; else every node that has a bedömning or trend, in document order.
    const chosen = summary.ordning
      ? summary.ordning.flatMap((id) => below.filter((d) => d.node.id === id))
      : below.filter((d) => d.node.bedömning !== undefined || d.node.trend !== undefined);
    const rows: SummaryRow[] = chosen.map((d) => ({ id: d.node.id, namn: d.node.namn, levelKey: d.levelKey, bedömning: d.node.bedömning, trend: d.node.trend }));
    sammanställning.push({ nodeId: g.node.id, rubrik: summary.rubrik ?? g.node.namn, levelKey: summary.nivå, rows });
  }
  const indikatorer = deriveIndicators(report, sourceMap, cells, profile);
  const statistiktabeller: DerivedReport['statistiktabeller'] = [];
  const statistics = (t: PersonalTabell, path: Path) => {
    statistiktabeller.push({ id: t.id, rubrik: t.rubrik, path });
    t.rader.forEach((rad, ri) => indikatorer.push(deriveSeries(rad, [...path, 'rader', ri], t.id, sourceMap, cells)));
  };
  for (const g of goals) (g.node.tabeller ?? []).forEach((t, ti) => statistics(t, [...g.path, 'tabeller', ti]));
  report.personal?.tabeller.forEach((t, ti) => statistics(t, ['personal', 'tabeller', ti]));
  report.avsnitt.forEach((a, ai) => a.tabeller?.forEach((t, ti) => statistics(t, ['avsnitt', ai, 'tabeller', ti])));
  const bedömningsförslag = suggestAssessments(report, profile, indikatorer);
  return { rr, drift, inv, sammandrag, tables, cells, antal, sammanställning, bedömningsförslag, riskvärden, indikatorer, statistiktabeller, nyckeltal };
}

/** A scale's values from best to worst, without its "ej bedömd" value. */
export function assessmentOrder(scale: Scale): string[] {
  return Object.keys(scale.värden).filter((v) => v !== scale.ej_bedömd);
}

export type { MoneyTable };
