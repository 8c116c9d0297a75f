import type { Cell } from '../derive/cell.js';
import { effective } from '../derive/cell.js';
import type { MoneyTable } from '../derive/economy.js';
import { reportTitle } from '../derive/labels.js';
import { convertMoney, formatNumber, moneyUnitLabel } from '../format/number.js';
import { type Path, pathKey } from '../load/yaml-file.js';
import { walkGoals } from '../model/goals.js';
import type { Level } from '../profile/schema.js';
import type { GoalNode } from '../schema/report.js';
import type { CompiledReport } from '../pipeline/compile.js';
import type { DerivedIndicator, IndicatorPoint } from '../derive/indicators.js';
import { Decimal } from '../format/decimal.js';
import { chartColours, ThemeSchema } from '../theme/theme.js';
import { barChart, type ChartColours, type ChartView, columnChart, lineChart, type LineSeries } from './charts.js';
import { resultSignFactor } from '../derive/economy.js';
import { ANCHORS } from '../model/anchors.js';

export interface StatusView {
  symbol: string;
  color: string;
  text: string;
}

export interface TableView {
  id: string;
  caption: string;
  /** Heading of the row-name column, when the table names it. */
  radrubrik?: string;
  note?: string;
  columns: { label: string }[];
  rows: { kind: string; namn: string; cells: { text: string }[] }[];
}

export interface BuildInfo {
  commit?: string;
  version: string;
}


/** Everything the templates show, pre-formatted: templates only arrange it. */
export interface LogoView {
  src: string;
  alt: string;
  widthMm: number;
}

export interface GoalNodeView {
  id: string;
  namn: string;
  rubrik: string;
  nivå: string;
  rubriknivå: number;
  avsnitt: boolean;
  sidbrytning: boolean;
  beskrivning?: string;
  ursprung?: string;
  bedömning?: StatusView;
  trend?: StatusView;
  status?: StatusView;
  färdiggrad?: string;
  ansvar?: string;
  mening: string;
  text: string;
  kommentar?: { datum: string; html: string };
  indikatorer?: { tabeller: TableView[]; noter: string[]; källor: string[] };
  diagram: ChartView[];
  grupper: { nivå: string; avsnitt: boolean; tabeller: StatusTableView[]; noder: GoalNodeView[] }[];
}

/** Consecutive nodes of a table level share one status table; a node with a comment ends it (the comment follows its row). */
export interface StatusTableView {
  nivå: string;
  kolumner: { bedömning: boolean; trend: boolean; status: boolean; färdiggrad: boolean };
  rader: GoalNodeView[];
  kommentar?: { datum: string; html: string };
  text: string;
}

function statusTables(nodes: GoalNodeView[], level: Level): StatusTableView[] {
  const kolumner = { bedömning: !!level.bedömning, trend: !!level.trend, status: !!level.status, färdiggrad: level.färdiggrad !== undefined };
  const out: StatusTableView[] = [];
  let current: GoalNodeView[] = [];
  for (const n of nodes) {
    current.push(n);
    if (n.kommentar || n.text || n.indikatorer) {
      out.push({ nivå: level.namn, kolumner, rader: current, kommentar: n.kommentar, text: n.text });
      current = [];
    }
  }
  if (current.length) out.push({ nivå: level.namn, kolumner, rader: current, text: '' });
  return out;
}

/** The standard theme's chart colours (tema.yaml's `diagram:` defaults). */
export const DEFAULT_CHART_COLOURS: ChartColours = chartColours(ThemeSchema.parse({}));

/** A chart per indicator that has one (three or more periods with values, or diagram: stapel/linje). */
function indicatorCharts(indikatorer: DerivedIndicator[], colours: ChartColours): ChartView[] {
  const out: ChartView[] = [];
  for (const ind of indikatorer) {
    const withValue = ind.points.filter((p) => p.total !== undefined);
    if (ind.diagram === 'inget' || withValue.length === 0) continue;
    const id = `${ind.id}-diagram`;
    const rubrik = `${ind.namn}${ind.enhet === 'antal' ? '' : ` (${ind.enhet})`}`;
    const kategorier = ind.points.map((p) => p.period);
    // What the text alternative says beside (or instead of) a value.
    const noter = ind.points.map((p) => (p.saknas ? `saknas: ${p.saknas.orsak}` : p.preliminärt ? '(preliminärt)' : undefined));
    const mål = ind.points.map((p) => p.mål?.värde);
    if (ind.diagram === 'stapel') {
      out.push(columnChart({ id, rubrik, enhet: ind.enhet, decimaler: ind.decimaler, kategorier, värden: ind.points.map((p) => p.total), noter, mål: mål.some((m) => m !== undefined) ? mål : undefined, colours }));
      continue;
    }
    const serier: LineSeries[] = [{ namn: 'Totalt', värden: ind.points.map((p) => p.total), noter, färg: colours.linje, markör: 'cirkel' }];
    if (ind.points.filter((p) => p.kvinnor !== undefined && p.män !== undefined).length >= 2) {
      serier.push({ namn: 'Kvinnor', värden: ind.points.map((p) => p.kvinnor), färg: colours.kvinnor, streck: '2 3', markör: 'triangel' });
      serier.push({ namn: 'Män', värden: ind.points.map((p) => p.män), färg: colours.män, streck: '8 3', markör: 'fyrkant' });
    }
    out.push(lineChart({ id, rubrik, enhet: ind.enhet, decimaler: ind.decimaler, kategorier, serier, mål: mål.some((m) => m !== undefined) ? mål : undefined, colours }));
  }
  return out;
}

export function buildViewModel(compiled: CompiledReport, build: BuildInfo, css: string, logotyp?: LogoView, colours: ChartColours = DEFAULT_CHART_COLOURS) {
  const { report: r, derived, prose, profile } = compiled;
  // Every prose field was rendered by the prose stage; a miss is a bug, never an empty paragraph.
  const html = (p: Path): string => {
    const rendered = prose.get(pathKey(p));
    if (rendered === undefined) throw new Error(`prosa saknas för ${p.join('.')}`);
    return rendered;
  };
  const title = reportTitle(r);
  const nämnd = r.nämnd.namn;
  const kind = r.rapport.typ;
  const scaleView = (scaleId: string | undefined, key: string | undefined): StatusView | undefined =>
    scaleId && key ? profile.value(scaleId, key, kind) : undefined;

  /** A goal node and its children, as the recursive template partial shows them. */
  const goalView = (node: GoalNode, levelKey: string, path: Path, depth: number): GoalNodeView => {
    const level = profile.level(levelKey);
    const bedömning = scaleView(level.bedömning, node.bedömning);
    const mening = level.bedömning && node.bedömning ? profile.value(level.bedömning, node.bedömning, kind).mening : undefined;
    const inds = node.indikatorer ?? [];
    return {
      id: node.id,
      namn: node.namn,
      rubrik: (level.rubrik ?? '{namn}').replaceAll('{namn}', node.namn),
      nivå: level.namn,
      rubriknivå: Math.min(depth + 1, 4),
      avsnitt: level.visning === 'avsnitt',
      sidbrytning: depth === 0,
      beskrivning: node.beskrivning,
      ursprung: node.ursprung,
      bedömning,
      trend: scaleView(level.trend, node.trend),
      status: scaleView(level.status, node.status),
      färdiggrad: node.färdiggrad === undefined ? undefined : `${node.färdiggrad}\u00a0%`,
      ansvar: node.ansvar?.join(', '),
      mening: mening ? `${level.bestämd ?? level.namn} ${mening}.` : '',
      text: node.text ? html([...path, 'text']) : '',
      kommentar: node.kommentar && { datum: node.kommentar.datum, html: html([...path, 'kommentar', 'text']) },
      indikatorer: inds.length > 0 ? indicatorTables(node.id, derived.indikatorer.filter((d) => d.goalId === node.id)) : undefined,
      diagram: indicatorCharts(derived.indikatorer.filter((d) => d.goalId === node.id), colours),
      grupper: level.undernivåer.map((childKey) => {
        const child = profile.level(childKey);
        const nodes = ((node[childKey] as GoalNode[] | undefined) ?? []).map((n, i) => goalView(n, childKey, [...path, childKey, i], depth + 1));
        return { nivå: child.namn, avsnitt: child.visning === 'avsnitt', tabeller: child.visning === 'tabell' ? statusTables(nodes, child) : [], noder: nodes };
      }),
    };
  };
  const mål = profile.rootKeys.flatMap((root) => (r.mål[root] ?? []).map((n, i) => goalView(n, root, ['mål', root, i], 0)));
  const toc = mål.map((m) => ({ id: m.id, text: m.rubrik, children: m.grupper.flatMap((g) => (g.avsnitt ? g.noder.map((n) => ({ id: n.id, text: n.rubrik })) : [])) }));

  const eko = r.ekonomi;
  const ekonomi = {
    sammandrag: derived.sammandrag && eko.sammandrag && { table: moneyTable(derived.sammandrag), text: eko.sammandrag.text ? html(['ekonomi', 'sammandrag', 'text']) : '' },
    rr: derived.rr && moneyTable(derived.rr),
    drift: (eko.driftredovisning ?? []).map((drift, di) => ({
      table: moneyTable(derived.drift[di]!),
      diagram: deviationChart(derived.drift[di]!, r.rapport.typ, colours),
      omfattar: drift.enheter.filter((e) => e.omfattar?.length).map((e) => ({ namn: e.namn, enheter: (e.omfattar ?? []).join(', ') })),
      text: drift.text ? html(['ekonomi', 'driftredovisning', di, 'text']) : '',
      förklaringar: drift.enheter
        .map((e, i) => ({ namn: e.namn, html: e.förklaring ? html(['ekonomi', 'driftredovisning', di, 'enheter', i, 'förklaring']) : '' }))
        .filter((f) => f.html),
    })),
    inv: (eko.investeringsredovisning ?? []).map((inv, ii) => ({ table: moneyTable(derived.inv[ii]!), text: inv.text ? html(['ekonomi', 'investeringsredovisning', ii, 'text']) : '' })),
    balanskrav: eko.balanskrav ? html(['ekonomi', 'balanskrav']) : '',
  };

  const ik = r.internkontroll;
  const internkontroll = ik && {
    rubrik: ik.rubrik,
    text: ik.text ? html(['internkontroll', 'text']) : '',
    sammanfattning: ik.mål.flatMap((m, mi) =>
      m.risker.flatMap((risk, ri) =>
        risk.kontrollmoment.map((k, ki) => ({
          risk: risk.kort ?? risk.risk,
          html: k.resultat ? html(['internkontroll', 'mål', mi, 'risker', ri, 'kontrollmoment', ki, 'resultat']) : '',
        })),
      ),
    ),
    mål: ik.mål.map((m, mi) => ({
      id: m.id,
      namn: m.namn,
      perspektiv: walkGoals(r, profile).find((g) => g.node.id === m.perspektiv)?.node.namn ?? m.perspektiv,
      risker: m.risker.map((risk, ri) => {
        const rp: Path = ['internkontroll', 'mål', mi, 'risker', ri];
        return {
          id: risk.id,
          risk: risk.risk,
          hantera: risk.hantera ? 'Ja' : 'Nej',
          riskvärde: String(derived.riskvärden.get(risk.id) ?? ''),
          sannolikhet: risk.sannolikhet,
          konsekvens: risk.konsekvens,
          kommentar: risk.kommentar ? html([...rp, 'kommentar']) : '',
          kontrollmoment: risk.kontrollmoment.map((k, ki) => ({
            id: k.id,
            text: k.text,
            bedömning: scaleView('kontroll', k.bedömning),
            resultat: k.resultat ? html([...rp, 'kontrollmoment', ki, 'resultat']) : '',
            åtgärd: k.åtgärd ? html([...rp, 'kontrollmoment', ki, 'åtgärd']) : '',
          })),
        };
      }),
    })),
  };

  const personal = r.personal && {
    text: r.personal.text ? html(['personal', 'text']) : '',
    anställda: r.personal.anställda && {
      kvinnor: r.personal.anställda.kvinnor,
      män: r.personal.anställda.män,
      totalt: r.personal.anställda.kvinnor + r.personal.anställda.män,
    },
    /** Kvinnor/män columns only when some entry is split by kön. */
    sjukfrånvaroKön: r.personal.sjukfrånvaro.some((s) => s.kvinnor !== undefined || s.män !== undefined),
    sjukfrånvaro: r.personal.sjukfrånvaro.map((s) => ({
      period: s.period,
      typ: s.typ === 'R12' ? 'Rullande 12 månader' : s.typ === 'helår' ? 'Helår' : 'Period',
      totalt: pct(s.totalt),
      kvinnor: pct(s.kvinnor),
      män: pct(s.män),
    })),
    nyckeltal: r.personal.nyckeltal.map((n) => {
      const k = derived.nyckeltal.get(n.id);
      return { namn: n.namn, period: n.period, värde: k ? formatNumber(k.value, { decimals: k.decimals }) : '', enhet: n.enhet === 'antal' ? '' : n.enhet };
    }),
  };

  const bilagor = r.bilagor.map((b, bi) => ({
    id: b.id,
    rubrik: b.rubrik,
    underrubrik: b.underrubrik,
    fokusområden: b.fokusområden.map((f, fi) => ({
      id: f.id,
      namn: f.namn,
      /** Show the Färdiggrad column only when some activity has one. */
      harFärdiggrad: f.aktiviteter.some((a) => a.färdiggrad !== undefined),
      aktiviteter: f.aktiviteter.map((a, ai) => ({
        titel: a.titel,
        status: scaleView('aktivitet', a.status),
        färdiggrad: a.färdiggrad === undefined ? '' : `${a.färdiggrad}\u00a0%`,
        kommentar: a.kommentar ? html(['bilagor', bi, 'fokusområden', fi, 'aktiviteter', ai, 'kommentar']) : '',
      })),
    })),
  }));

  const ms = profile.data.målstruktur;
  const sr = ms.statusräkning;
  const srLevel = sr && profile.level(sr.nivå);
  const srCount = sr && derived.antal.get(sr.nivå);
  const statusÅtaganden =
    sr && srLevel?.status && srCount && srCount.totalt > 0
      ? {
          rubrik: sr.rubrik,
          tabellrubrik: sr.tabellrubrik ?? `Antal per status: ${srLevel.namn.toLowerCase()}`,
          nämnd,
          kolumner: profile.values(srLevel.status, kind).map((v) => ({ text: v.text, antal: srCount.värden.get(v.key) ?? 0 })),
          totalt: srCount.totalt,
        }
      : undefined;
  const sammanställning = {
    rubrik: ms.sammanställning?.rubrik ?? 'Sammanställning',
    tabeller: derived.sammanställning.map((sm) => {
      const level = profile.level(sm.levelKey);
      return {
        id: `sammanstallning-${sm.nodeId}`,
        rubrik: sm.rubrik,
        nivå: level.namn,
        harTrend: !!level.trend,
        rows: sm.rows.map((row) => ({ namn: row.namn, bedömning: scaleView(level.bedömning, row.bedömning), trend: scaleView(level.trend, row.trend) })),
      };
    }),
  };
  const inledning = r.avsnitt.map((a, i) => ({ ...a, html: html(['avsnitt', i, 'text']) })).filter((a) => a.placering === 'inledning');
  const avslutning = r.avsnitt.map((a, i) => ({ ...a, html: html(['avsnitt', i, 'text']) })).filter((a) => a.placering === 'avslutning');
  const fullToc = [
    { id: ANCHORS.sammanfattning, text: 'Sammanfattning', children: [] },
    ...inledning.map((a) => ({ id: a.id, text: a.rubrik, children: [] })),
    ...(sammanställning.tabeller.length ? [{ id: ANCHORS.sammanställning, text: sammanställning.rubrik, children: [] }] : []),
    ...(statusÅtaganden ? [{ id: ANCHORS.statusÅtaganden, text: statusÅtaganden.rubrik, children: [] }] : []),
    ...(ms.förklaring.length ? [{ id: ANCHORS.förklaringSymboler, text: 'Förklaring symboler', children: [] }] : []),
    ...toc,
    ...(personal ? [{ id: ANCHORS.personal, text: 'Personal', children: [] }] : []),
    {
      id: ANCHORS.ekonomi,
      text: 'Ekonomisk redovisning',
      children: derived.tables.map((t) => ({ id: t.id, text: t.rubrik })),
    },
    ...avslutning.map((a) => ({ id: a.id, text: a.rubrik, children: [] })),
    ...(internkontroll ? [{ id: ANCHORS.internkontroll, text: internkontroll.rubrik, children: [] }] : []),
    ...bilagor.map((b) => ({ id: b.id, text: `Bilaga: ${b.rubrik}`, children: [] })),
  ];

  return {
    css,
    logotyp,
    lang: 'sv',
    title: `${nämnd} – ${title}`,
    build,
    meta: {
      kommun: r.kommun,
      nämnd,
      förvaltning: r.förvaltning.namn,
      titel: title,
      /** "delårsrapport 2 2023", for use mid-sentence: "Servicenämndens delårsrapport 2 2023". */
      titelGemen: title.charAt(0).toLowerCase() + title.slice(1),
      period: `${r.rapport.period.från}–${r.rapport.period.till}`,

      dnr: r.dnr,
      status: r.rapport.status,
    },
    protokoll: r.paragraf !== undefined && r.förslag_till_beslut ? { paragraf: r.paragraf, beslut: r.beslut ?? r.förslag_till_beslut, datum: r.beslutsdatum } : undefined,
    förslag: r.förslag_till_beslut,
    ärende: r.ärendebeskrivning?.map((a, i) => ({ rubrik: a.rubrik, html: html(['ärendebeskrivning', i, 'text']) })),
    mottagare: r.mottagare,
    undertecknare: r.undertecknare,
    toc: fullToc,
    sammanfattning: html(['sammanfattning']),
    sammanställning,
    statusÅtaganden,
    förklaring: ms.förklaring.map((k) => ({
      id: `symboler-${k}`,
      name: profile.scale(k).namn,
      intro: profile.scale(k).intro,
      values: profile.values(k, kind),
    })),
    inledning,
    avslutning,
    mål,
    personal,
    ekonomi,
    internkontroll,
    bilagor,
  };
}

export type ViewModel = ReturnType<typeof buildViewModel>;


/**
 * The driftredovisning's avvikelse per enhet as bars: the prognosavvikelse in a delårsrapport (when
 * the table has one), else the budgetavvikelse; favourable deviations positive whatever the table's sign.
 */
function deviationChart(t: MoneyTable, kind: 'delårsrapport' | 'verksamhetsberättelse', colours: ChartColours): ChartView | undefined {
  const posts = t.rows.filter((row) => row.kind === 'post');
  const has = (c: string) => posts.some((row) => effective(row.cells[c]) !== undefined);
  const column = kind === 'delårsrapport' && has('prognosavvikelse') ? 'prognosavvikelse' : has('budgetavvikelse') ? 'budgetavvikelse' : undefined;
  if (!column || posts.length < 2) return undefined;
  const factor = resultSignFactor(t.tecken, column);
  const staplar = posts.flatMap((row) => {
    const q = effective(row.cells[column]);
    return q ? [{ namn: row.namn, värde: convertMoney(q.value, t.unit, t.display.unit).times(factor) }] : [];
  });
  const label = t.columns.find((c) => c.key === column)?.label ?? (column === 'prognosavvikelse' ? 'Prognosavvikelse' : 'Budgetavvikelse');
  return barChart({
    id: `${t.id}-diagram`,
    rubrik: `${t.rubrik}: ${label.charAt(0).toLowerCase()}${label.slice(1)} per enhet, ${moneyUnitLabel(t.display.unit)} (positivt = bättre än budget)`,
    enhet: moneyUnitLabel(t.display.unit),
    decimaler: t.display.decimals,
    staplar,
    colours,
  });
}

function pct(v: number | undefined): string {
  return v === undefined ? '' : `${formatNumber(new Decimal(String(v)), { decimals: 1 })}\u00a0%`;
}

function moneyTable(t: MoneyTable): TableView {
  const fmt = (cell: Cell | undefined) => {
    const q = effective(cell);
    if (!q) return '';
    return formatNumber(convertMoney(q.value, t.unit, t.display.unit), { decimals: t.display.decimals });
  };
  return {
    id: t.id,
    caption: t.rubrik,
    radrubrik: t.radrubrik,
    note: [t.underrubrik, `Belopp i ${moneyUnitLabel(t.display.unit)}`].filter(Boolean).join('. '),
    columns: t.columns.map((c) => ({ label: c.label })),
    rows: t.rows.map((row) => ({
      kind: row.kind,
      namn: row.namn,
      cells: row.kind === 'grupp' ? [] : t.columns.map((c) => ({ text: fmt(row.cells[c.key]) })),
    })),
  };
}

/**
 * The indicators of a goal as tables: indicators with the same periods share one (a year series and
 * a part-year series do not), each indicator a row, its kvinnor/män and its breakdown as rows under it.
 */
function indicatorTables(id: string, indikatorer: DerivedIndicator[]): { tabeller: TableView[]; noter: string[]; källor: string[] } {
  // A value's note is a footnote: a marker in the cell (*, **, …), the text under the tables. Inline
  // it would widen its column until the others broke letter by letter.
  const noter: string[] = [];
  const marker = (note: string) => {
    if (!noter.includes(note)) noter.push(note);
    return '*'.repeat(noter.indexOf(note) + 1);
  };
  const allPoints = (ind: DerivedIndicator) => [...ind.points, ...(ind.uppdelning?.delar.flatMap((d) => d.points) ?? [])];
  const periodsOf = (ind: DerivedIndicator) => {
    const periods: string[] = [];
    for (const p of allPoints(ind)) if (!periods.includes(p.period)) periods.push(p.period);
    // Years in order even when a part lags ("2020" first seen after 2021–2023).
    if (periods.every((p) => /^\d{4}$/.test(p))) periods.sort();
    return periods;
  };
  const groups = new Map<string, { periods: string[]; inds: DerivedIndicator[] }>();
  for (const ind of indikatorer) {
    const periods = periodsOf(ind);
    const key = periods.join('\u0001');
    const g = groups.get(key) ?? { periods, inds: [] };
    g.inds.push(ind);
    groups.set(key, g);
  }
  const tabeller = [...groups.values()].map(({ periods, inds }, gi) => {
    const cellsFor = (points: IndicatorPoint[], value: (p: IndicatorPoint) => Decimal | undefined, fmt: (v: Decimal) => string, withNotes: boolean) =>
      periods.map((period) => {
        const point = points.find((x) => x.period === period);
        if (!point) return { text: '' };
        if (point.saknas) return { text: withNotes ? point.saknas.orsak : '' };
        const v = value(point);
        const parts = [v ? fmt(v) : '', withNotes && point.preliminärt ? '(prel.)' : ''];
        return { text: parts.filter(Boolean).join(' ') + (withNotes && point.not ? marker(point.not) : '') };
      });
    const meets = (points: IndicatorPoint[], period: string | undefined) => {
      const p = points.find((x) => x.period === period);
      return p?.nårMålet === undefined ? '' : p.nårMålet ? 'Ja' : 'Nej';
    };
    return {
      id: gi === 0 ? `${id}-indikatorer` : `${id}-indikatorer-${gi + 1}`,
      caption: 'Indikatorer',
      columns: [...periods.map((p) => ({ label: p })), { label: 'Målvärde' }, { label: 'Förändring' }, { label: 'Når målet' }],
      rows: inds.flatMap((ind) => {
        const fmt = (v: Decimal) => formatNumber(v, { decimals: ind.decimaler });
        const reportPeriod = ind.points[ind.points.length - 1]?.period;
        const blank = [{ text: '' }, { text: '' }];
        const main = {
          kind: 'post',
          namn: `${ind.namn} (${ind.enhet})`,
          cells: [
            ...cellsFor(ind.points, (p) => p.total, fmt, true),
            { text: ind.mål ? `${ind.mål.riktning === 'minst' ? 'Minst' : 'Högst'} ${fmt(ind.mål.värde)}` : '' },
            { text: ind.förändring ? `${formatNumber(ind.förändring.värde, { decimals: ind.decimaler, plusSign: true })}${ind.förändring.enhet === 'antal' ? '' : `\u00a0${ind.förändring.enhet}`}` : '' },
            { text: meets(ind.points, reportPeriod) },
          ],
        };
        // Kvinnor and män as rows of their own: the values line up with the total's, never squeezed into its cell.
        const split = ind.points.some((p) => p.kvinnor !== undefined || p.män !== undefined)
          ? (['kvinnor', 'män'] as const).map((k) => ({ kind: 'varav', namn: k === 'kvinnor' ? 'Kvinnor' : 'Män', cells: [...cellsFor(ind.points, (p) => p[k], fmt, false), { text: '' }, ...blank] }))
          : [];
        // A breakdown's parts follow, judged against the target of the indicator's report period.
        const parts = (ind.uppdelning?.delar ?? []).map((d) => ({
          kind: 'varav',
          namn: `${d.namn} (${ind.uppdelning!.dimension})`,
          cells: [...cellsFor(d.points, (p) => p.total, fmt, true), ...blank, { text: meets(d.points, reportPeriod) }],
        }));
        return [main, ...split, ...parts];
      }),
    };
  });
  return {
    tabeller,
    noter: noter.map((note, i) => `${'*'.repeat(i + 1)} ${note}`),
    källor: indikatorer.filter((i) => i.källa).map((i) => `${i.namn}: ${i.källa}`),
  };
}
