import type { Cell } from '../derive/cell.js';
import { effective } from '../derive/cell.js';
import type { MoneyTable } from '../derive/economy.js';
import { reportTitle } from '../derive/labels.js';
import { convertMoney, formatNumber, moneyUnitLabel } from '../format/number.js';
import { type Path, pathKey } from '../load/yaml-file.js';
import { walkGoals } from '../model/goals.js';
import type { Level } from '../schema/profile.js';
import type { GoalNode } from '../schema/goals.js';
import type { PersonalTabell } from '../schema/personal.js';
import type { SectionName } from '../schema/sections.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { type DerivedIndicator, type IndicatorPoint, seriesPoints, targetText } from '../derive/indicators.js';
import { Decimal } from '../format/decimal.js';
import { shownCounts } from '../derive/index.js';
import { DEFAULT_PAGE_BREAKS, type PageBreakKind, pageBreaks, ThemeSchema } from '../theme/theme.js';
import { chartColours } from './charts.js';
import { barChart, type ChartColours, type ChartView, columnChart, lineChart, type LineSeries } from './charts.js';
import { resultSignFactor } from '../derive/economy.js';
import { ANCHORS } from '../model/anchors.js';
import { isSaknas, SAKNAS_TEXT, stated } from '../schema/absent.js';
import { placeChapters } from '../model/chapters.js';
import { orderSections, type SectionSlot, sectionsWithContent, slotName } from '../model/section-order.js';

export interface StatusView {
  symbol: string;
  color: string;
  text: string;
  /** The author wrote "uppgift saknas": the text says so, no symbol. */
  saknas?: boolean;
}

/** A value written "uppgift saknas", as shown: words, never a symbol a reader could take for a scale value. */
export const SAKNAS_VIEW: StatusView = { symbol: '', color: '', text: SAKNAS_TEXT, saknas: true };

export interface TableView {
  id: string;
  caption: string;
  /** Heading of the row-name column, when the table names it. */
  radrubrik?: string;
  note?: string;
  /** vänster: a text column, set left and allowed to wrap (numbers are right-aligned and never wrap). */
  columns: { label: string; vänster?: boolean }[];
  rows: { kind: string; namn: string; cells: { text: string; vänster?: boolean }[]; /** A row whose one cell spans the table (an indicator's analysis), as HTML. */ helrad?: string }[];
  /** The charts of the table's own indicators: the templates set them right after the table. */
  diagram?: ChartView[];
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
  /** A goal of the top level (perspektiv, målområde). */
  huvudnivå: boolean;
  /** Starts a new page: a top-level goal when the theme breaks before `mål`. */
  sidbrytning: boolean;
  beskrivning?: string;
  ursprung?: string;
  bedömning?: StatusView;
  trend?: StatusView;
  status?: StatusView;
  /** The assessment line of a section: bedömning, trend and status as stated, each with a label where it needs one. */
  bedömningsdelar: { etikett?: string; status: StatusView }[];
  färdiggrad?: string;
  /** Whether färdiggrad was written "uppgift saknas". */
  färdiggradSaknas?: boolean;
  ansvar?: string;
  mening: string;
  text: string;
  kommentar?: { datum?: string; datumSaknas?: boolean; html: string };
  /** A row of a status table with its text or comment in a row of its own under it. */
  harKommentarrad: boolean;
  indikatorer?: { tabeller: TableView[]; noter: string[]; källor: string[] };
  diagram: ChartView[];
  /** Tables of measures per period printed under the node (e.g. sjukfrånvaro under Medarbetare). */
  tabeller: { id: string; rubrik: string; tabeller: TableView[]; noter: string[]; källor: string[]; text: string; slut: boolean }[];
  grupper: { nivå: string; avsnitt: boolean; tabeller: StatusTableView[]; noder: GoalNodeView[] }[];
}

/**
 * Consecutive nodes of a table level share one status table, with aligned columns: a node's text and
 * comment stand in a row spanning the table under its own row. Only a node with indicators, charts or
 * tables of its own ends the table (those follow it, then the next nodes get a table with the same columns).
 */
export interface StatusTableView {
  nivå: string;
  kolumner: { bedömning: boolean; trend: boolean; status: boolean; färdiggrad: boolean };
  /** Columns in all (the name column included): the span of a comment row. */
  kolumnantal: number;
  rader: GoalNodeView[];
}

function statusTables(nodes: GoalNodeView[], level: Level): StatusTableView[] {
  // A column the level has, shown when some node states it (a value or "uppgift saknas"): a column
  // no node fills is not printed as an empty one.
  const kolumner = {
    bedömning: !!level.bedömning && nodes.some((n) => n.bedömning),
    trend: !!level.trend && nodes.some((n) => n.trend),
    status: !!level.status && nodes.some((n) => n.status),
    färdiggrad: level.färdiggrad !== undefined && nodes.some((n) => n.färdiggrad !== undefined),
  };
  const kolumnantal = 1 + Object.values(kolumner).filter(Boolean).length;
  const out: StatusTableView[] = [];
  let current: GoalNodeView[] = [];
  for (const n of nodes) {
    current.push(n);
    if (n.indikatorer || n.diagram.length > 0 || n.tabeller.length > 0) {
      out.push({ nivå: level.namn, kolumner, kolumnantal, rader: current });
      current = [];
    }
  }
  if (current.length) out.push({ nivå: level.namn, kolumner, kolumnantal, rader: current });
  return out;
}

/** The standard theme's chart colours (tema.yaml's `diagram:` defaults). */
export const DEFAULT_CHART_COLOURS: ChartColours = chartColours(ThemeSchema.parse({}));

/** A chart per indicator that has one (three or more periods with values, or diagram: stapel/linje). */
/**
 * An indicator's name with its unit in parentheses, unless the name already says it ("Sjukfrånvaro, (%)")
 * or the indicator has no unit or counts ("antal"): never "(%) (%)", never "()".
 */
export function nameWithUnit(namn: string, enhet: string | undefined): string {
  const unit = enhet?.trim();
  if (!unit || unit === 'antal') return namn;
  const plain = namn.trim();
  if (plain.includes(`(${unit})`) || plain.endsWith(` ${unit}`) || plain.endsWith(`,${unit}`)) return namn;
  return `${namn} (${unit})`;
}

function indicatorCharts(indikatorer: DerivedIndicator[], colours: ChartColours): ChartView[] {
  const out: ChartView[] = [];
  for (const ind of indikatorer) {
    const withValue = ind.points.filter((p) => p.total !== undefined);
    if (ind.diagram === 'inget' || withValue.length === 0) continue;
    const id = `${ind.id}-diagram`;
    const rubrik = nameWithUnit(ind.namn, ind.enhet);
    const kategorier = ind.points.map((p) => p.period);
    // What the text alternative says beside (or instead of) a value.
    const noter = ind.points.map((p) => (p.saknas ? `saknas: ${p.saknas.orsak}` : p.preliminärt ? '(preliminärt)' : undefined));
    // A band target ("inom ±1,0") is no level to reach: the chart draws no target line for it (the table states it).
    const mål = ind.points.map((p) => (p.mål?.riktning === 'inom' ? undefined : p.mål?.värde));
    if (ind.diagram === 'stapel') {
      out.push(columnChart({ id, rubrik, enhet: ind.enhet ?? '', decimaler: ind.decimaler, kategorier, värden: ind.points.map((p) => p.total), noter, mål: mål.some((m) => m !== undefined) ? mål : undefined, colours }));
      continue;
    }
    const serier: LineSeries[] = [{ namn: 'Totalt', värden: ind.points.map((p) => p.total), noter, färg: colours.linje, markör: 'cirkel' }];
    if (ind.points.filter((p) => p.kvinnor !== undefined && p.män !== undefined).length >= 2) {
      serier.push({ namn: 'Kvinnor', värden: ind.points.map((p) => p.kvinnor), färg: colours.kvinnor, streck: '2 3', markör: 'triangel' });
      serier.push({ namn: 'Män', värden: ind.points.map((p) => p.män), färg: colours.män, streck: '8 3', markör: 'fyrkant' });
    }
    out.push(lineChart({ id, rubrik, enhet: ind.enhet ?? '', decimaler: ind.decimaler, kategorier, serier, mål: mål.some((m) => m !== undefined) ? mål : undefined, colours }));
  }
  return out;
}

export function buildViewModel(
  compiled: CompiledReport,
  build: BuildInfo,
  css: string,
  logotyp?: LogoView,
  colours: ChartColours = DEFAULT_CHART_COLOURS,
  /** Which kinds of section start a new page (the theme's `sidbrytning`). */
  breakKinds: readonly PageBreakKind[] = DEFAULT_PAGE_BREAKS,
) {
  const { report: r, derived, prose, profile } = compiled;
  const sidbrytning = pageBreaks(breakKinds);
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
    scaleId && key ? (isSaknas(key) ? SAKNAS_VIEW : profile.value(scaleId, key, kind)) : undefined;

  /** A table of measures per period as printed: rows are measures or parts (områden), columns the periods; nothing derived added. */
  const statisticsView = (t: PersonalTabell, path: Path) => {
    const series = derived.indikatorer.filter((d) => d.goalId === t.id);
    if (t.kolumner === 'kön') {
      const { table, noter } = genderTable(t, series);
      const källor = series.filter((i) => i.källa).map((i) => `${i.namn}: ${i.källa}`);
      return { id: t.id, rubrik: t.rubrik, tabeller: [table], noter, källor, text: t.text ? html([...path, 'text']) : '', slut: t.placering === 'slut' };
    }
    const { tabeller, noter, källor } = indicatorTables(t.id, series, (ind) => html([...ind.path, 'analys']), t.rubrik, {
      radrubrik: t.radrubrik ?? 'Mått',
      fallande: t.perioder === 'fallande',
      förändring: false,
      nårMålet: false,
    });
    return { id: t.id, rubrik: t.rubrik, tabeller, noter, källor, text: t.text ? html([...path, 'text']) : '', slut: t.placering === 'slut' };
  };

  /** A goal node and its children, as the recursive template partial shows them. */
  const goalView = (node: GoalNode, levelKey: string, path: Path, depth: number): GoalNodeView => {
    const level = profile.level(levelKey);
    const bedömning = scaleView(level.bedömning, node.bedömning);
    const trend = scaleView(level.trend, node.trend);
    const status = scaleView(level.status, node.status);
    const givenBedömning = level.bedömning && node.bedömning && !isSaknas(node.bedömning) ? node.bedömning : undefined;
    const mening = level.bedömning && givenBedömning ? profile.value(level.bedömning, givenBedömning, kind).mening : undefined;
    const inds = node.indikatorer ?? [];
    const charts = indicatorCharts(derived.indikatorer.filter((d) => d.goalId === node.id), colours);
    const bedömningsdelar: GoalNodeView['bedömningsdelar'] = [];
    if (bedömning) bedömningsdelar.push({ etikett: bedömning.saknas ? 'Bedömning' : undefined, status: bedömning });
    if (trend) bedömningsdelar.push({ etikett: 'Trend', status: trend });
    if (!bedömning && !trend && status) bedömningsdelar.push({ etikett: status.saknas ? 'Status' : undefined, status });
    return {
      id: node.id,
      namn: node.namn,
      rubrik: node.rubrik ?? (level.rubrik ?? '{namn}').replaceAll('{namn}', node.namn),
      nivå: level.namn,
      rubriknivå: Math.min(depth + 1, 4),
      avsnitt: level.visning === 'avsnitt',
      huvudnivå: depth === 0,
      sidbrytning: depth === 0 && sidbrytning.mål,
      beskrivning: node.beskrivning,
      ursprung: node.ursprung,
      bedömning,
      trend,
      status,
      bedömningsdelar,
      färdiggrad: node.färdiggrad === undefined ? undefined : isSaknas(node.färdiggrad) ? SAKNAS_TEXT : `${node.färdiggrad}\u00a0%`,
      färdiggradSaknas: isSaknas(node.färdiggrad),
      // Written "uppgift saknas": said in words, never an empty parenthesis.
      ansvar: Array.isArray(node.ansvar) ? node.ansvar.join(', ') : isSaknas(node.ansvar) ? 'ansvar: uppgift saknas' : undefined,
      mening: mening ? `${level.bestämd ?? level.namn} ${mening}.` : '',
      text: node.text ? html([...path, 'text']) : '',
      kommentar: node.kommentar && { datum: stated(node.kommentar.datum), datumSaknas: isSaknas(node.kommentar.datum), html: html([...path, 'kommentar', 'text']) },
      harKommentarrad: !!node.text || !!node.kommentar,
      indikatorer:
        inds.length > 0
          ? indicatorTables(
              node.id,
              derived.indikatorer.filter((d) => d.goalId === node.id),
              (ind) => html([...ind.path, 'analys']),
              'Indikatorer',
              { förändring: profile.data.indikatortabell.förändring, nårMålet: profile.data.indikatortabell.når_målet },
              charts,
            )
          : undefined,
      diagram: charts,
      tabeller: (node.tabeller ?? []).map((t, ti) => statisticsView(t, [...path, 'tabeller', ti])),
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
    rubrik: eko.rubrik ?? 'Ekonomisk redovisning',
    text: eko.text ? html(['ekonomi', 'text']) : '',
    sammandrag: derived.sammandrag && eko.sammandrag && { table: moneyTable(derived.sammandrag), text: eko.sammandrag.text ? html(['ekonomi', 'sammandrag', 'text']) : '' },
    rr: derived.rr && moneyTable(derived.rr),
    drift: (eko.driftredovisning ?? []).map((drift, di) => ({
      table: moneyTable(derived.drift[di]!),
      diagram: drift.diagram === 'inget' ? undefined : deviationChart(derived.drift[di]!, r.rapport.typ, colours),
      omfattar: drift.enheter.filter((e) => e.omfattar?.length).map((e) => ({ namn: e.namn, enheter: (e.omfattar ?? []).join(', ') })),
      text: drift.text ? html(['ekonomi', 'driftredovisning', di, 'text']) : '',
      förklaringar: drift.enheter
        .map((e, i) => ({ namn: e.namn, html: e.förklaring ? html(['ekonomi', 'driftredovisning', di, 'enheter', i, 'förklaring']) : '' }))
        .filter((f) => f.html),
    })),
    // A text-only investeringsredovisning ("Inventarier … uppgår till 266 tkr") has a heading and its text, no table.
    inv: (eko.investeringsredovisning ?? []).map((inv, ii) => {
      const table = derived.inv[ii];
      return { id: inv.id, rubrik: inv.rubrik, table: table && moneyTable(table), text: inv.text ? html(['ekonomi', 'investeringsredovisning', ii, 'text']) : '' };
    }),
    balanskrav: eko.balanskrav ? html(['ekonomi', 'balanskrav']) : '',
    /** Whether the report has an economy section at all. */
    finns: sectionsWithContent(r, derived.tables.length).has('ekonomi'),
  };

  const ik = r.internkontroll;
  /** The goal an internkontroll goal belongs to, under its level's own name ("Perspektiv", "Kommunövergripande mål"). */
  const goalRef = (id: string | undefined) => {
    if (id === undefined) return {};
    const g = walkGoals(r, profile).find((x) => x.node.id === id);
    return { perspektiv: g?.node.namn ?? id, perspektivNivå: g?.level.namn ?? 'Perspektiv' };
  };
  const ikTexter = profile.data.internkontroll;
  const internkontroll = ik && {
    rubrik: ik.rubrik,
    texter: { mål: ikTexter.mål, sammanfattning: ikTexter.sammanfattning, kommentar: ikTexter.kommentar },
    text: ik.text ? html(['internkontroll', 'text']) : '',
    sammanfattning: (ik.mål ?? []).flatMap((m, mi) =>
      m.risker.flatMap((risk, ri) =>
        risk.kontrollmoment.map((k, ki) => ({
          risk: risk.kort ?? risk.risk,
          html: k.resultat ? html(['internkontroll', 'mål', mi, 'risker', ri, 'kontrollmoment', ki, 'resultat']) : '',
        })),
      ),
    ),
    mål: (ik.mål ?? []).map((m, mi) => ({
      id: m.id,
      namn: m.namn,
      ...goalRef(m.perspektiv),
      risker: m.risker.map((risk, ri) => {
        const rp: Path = ['internkontroll', 'mål', mi, 'risker', ri];
        const computed = derived.riskvärden.get(risk.id);
        const cell = (v: unknown): string | undefined => (v === undefined ? undefined : isSaknas(v) ? SAKNAS_TEXT : typeof v === 'boolean' ? (v ? 'Ja' : 'Nej') : String(v));
        // The risk's valuation as the report states it: a column only for what is given.
        const värdering = [
          { rubrik: 'Hantera risk?', text: cell(risk.hantera), num: false },
          { rubrik: 'Riskvärde', text: computed !== undefined ? String(computed) : cell(risk.riskvärde), num: true },
          { rubrik: 'Sannolikhet', text: cell(risk.sannolikhet), num: true },
          { rubrik: 'Konsekvens', text: cell(risk.konsekvens), num: true },
        ].filter((c): c is { rubrik: string; text: string; num: boolean } => c.text !== undefined);
        return {
          id: risk.id,
          risk: risk.risk,
          värdering,
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
    rubrik: r.personal.rubrik ?? 'Personal',
    text: r.personal.text ? html(['personal', 'text']) : '',
    anställda: r.personal.anställda && {
      kvinnor: count(r.personal.anställda.kvinnor),
      män: count(r.personal.anställda.män),
      totalt: count(r.personal.anställda.kvinnor + r.personal.anställda.män),
    },
    /** Kvinnor/män columns only when some entry is split by kön. */
    sjukfrånvaroKön: r.personal.sjukfrånvaro.some((s) => s.kvinnor !== undefined || s.män !== undefined),
    /** The Mått column only when some entry says what its period is. */
    sjukfrånvaroTyp: r.personal.sjukfrånvaro.some((s) => s.typ !== undefined),
    sjukfrånvaro: r.personal.sjukfrånvaro.map((s) => ({
      period: s.period,
      typ: s.typ === 'R12' ? 'Rullande 12 månader' : s.typ === 'helår' ? 'Helår' : s.typ === 'period' ? 'Period' : '',
      totalt: pct(s.totalt),
      kvinnor: pct(s.kvinnor),
      män: pct(s.män),
    })),
    nyckeltal: r.personal.nyckeltal.map((n) => {
      const k = derived.nyckeltal.get(n.id);
      return { namn: n.namn, period: n.period, värde: k ? formatNumber(k.value, { decimals: k.decimals }) : '', enhet: n.enhet === 'antal' ? '' : n.enhet };
    }),
    tabeller: r.personal.tabeller.map((t, ti) => statisticsView(t, ['personal', 'tabeller', ti])),
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
        färdiggrad: a.färdiggrad === undefined ? '' : isSaknas(a.färdiggrad) ? SAKNAS_TEXT : `${a.färdiggrad}\u00a0%`,
        kommentar: a.kommentar ? html(['bilagor', bi, 'fokusområden', fi, 'aktiviteter', ai, 'kommentar']) : '',
      })),
    })),
  }));

  const ms = profile.data.målstruktur;
  const sectionIntro = (field: 'sammanställning' | 'statusräkning' | 'förklaring') => (r[field]?.text ? html([field, 'text']) : '');
  const sr = ms.statusräkning;
  const srLevel = sr && profile.level(sr.nivå);
  const srCount = sr && derived.antal.get(sr.nivå);
  const statusÅtaganden =
    sr && srLevel?.status && srCount && srCount.totalt > 0
      ? (() => {
          // The counts the report prints when it gives them (checked by antal.angivet); else the nodes counted,
          // with a column for the nodes whose status the report does not state.
          const shown = shownCounts(srCount);
          const kolumner = profile.values(srLevel.status, kind).map((v) => ({ text: v.text, antal: shown.värden.get(v.key) ?? 0 }));
          if (shown.okända > 0) kolumner.push({ text: SAKNAS_TEXT, antal: shown.okända });
          return {
            rubrik: r.statusräkning?.rubrik ?? sr.rubrik,
            text: sectionIntro('statusräkning'),
            tabellrubrik: r.statusräkning?.tabellrubrik ?? sr.tabellrubrik ?? `Antal per status: ${srLevel.namn.toLowerCase()}`,
            nämnd,
            kolumner,
            totalt: r.statusräkning?.totalt ?? srCount.totalt,
          };
        })()
      : undefined;
  const sammanställning = {
    rubrik: r.sammanställning?.rubrik ?? ms.sammanställning?.rubrik ?? 'Sammanställning',
    text: sectionIntro('sammanställning'),
    tabeller: derived.sammanställning.map((sm) => {
      const level = profile.level(sm.levelKey);
      const rows = sm.rows.map((row) => ({ namn: row.namn, bedömning: scaleView(level.bedömning, row.bedömning), trend: scaleView(level.trend, row.trend) }));
      return {
        id: `sammanstallning-${sm.nodeId}`,
        rubrik: sm.rubrik,
        nivå: level.namn,
        harTrend: !!level.trend && rows.some((row) => row.trend),
        rows,
      };
    }),
  };
  // Förklaring symboler: the report's choice of scales (with its own headings and values), else the profile's.
  const förklaringSkalor = (r.förklaring?.skalor ?? ms.förklaring).map((e): { skala: string; rubrik?: string; intro?: string | false; värden?: string[] } => (typeof e === 'string' ? { skala: e } : e));
  const förklaring = förklaringSkalor
    .filter((e) => profile.hasScale(e.skala))
    .map((e) => ({
      id: `symboler-${e.skala}`,
      name: e.rubrik ?? profile.scale(e.skala).namn,
      intro: e.intro === false ? undefined : (e.intro ?? profile.scale(e.skala).intro),
      values: e.värden ? profile.values(e.skala, kind).filter((v) => e.värden!.includes(v.key)).sort((a, b) => e.värden!.indexOf(a.key) - e.värden!.indexOf(b.key)) : profile.values(e.skala, kind),
    }));
  const förklaringRubrik = r.förklaring?.rubrik ?? 'Förklaring symboler';

  // Free chapters where the report places them: before or after a section, a top-level goal or another chapter.
  const chapters = r.avsnitt.map((a, i) => ({
    id: a.id,
    rubrik: a.rubrik,
    // The report's own word for a chapter (sidbrytning: true/false) before the theme's.
    sidbrytning: a.sidbrytning ?? sidbrytning.kapitel,
    html: a.text === undefined ? '' : html(['avsnitt', i, 'text']),
    underavsnitt: (a.underavsnitt ?? []).map((u, j) => ({ id: u.id, rubrik: u.rubrik, html: html(['avsnitt', i, 'underavsnitt', j, 'text']) })),
    tabeller: (a.tabeller ?? []).map((t, ti) => statisticsView(t, ['avsnitt', i, 'tabeller', ti])),
  }));
  const placement = placeChapters(r.avsnitt, mål.map((m) => m.id));
  const around = (slot: string) => ({
    före: (placement.före.get(slot) ?? []).map((i) => chapters[i]!),
    efter: (placement.efter.get(slot) ?? []).map((i) => chapters[i]!),
  });
  const platser = {
    sammanfattning: around('sammanfattning'),
    sammanställning: around('sammanställning'),
    statusräkning: around('statusräkning'),
    förklaring: around('förklaring'),
    personal: around('personal'),
    ekonomi: around('ekonomi'),
    internkontroll: around('internkontroll'),
    bilagor: around('bilagor'),
  };
  const målMedKapitel = mål.map((m) => ({ ...m, kapitelFöre: around(m.id).före, kapitelEfter: around(m.id).efter }));
  const entry = (id: string, text: string, children: { id: string; text: string }[] = []) => ({ id, text, children });
  const chapterEntry = (a: (typeof chapters)[number]) => entry(a.id, a.rubrik, a.underavsnitt.map((u) => ({ id: u.id, text: u.rubrik })));
  const sammanfattningsrubrik = r.sammanfattningsrubrik ?? 'Sammanfattning';
  /** Each section's own entries in the table of contents (none when it prints nothing). */
  const ownEntries = (slot: SectionSlot): ReturnType<typeof entry>[] => {
    if ('goal' in slot) return [toc[mål.findIndex((m) => m.id === slot.goal)]!];
    switch (slot.section) {
      case 'sammanfattning':
        return [entry(ANCHORS.sammanfattning, sammanfattningsrubrik)];
      case 'sammanställning':
        return sammanställning.tabeller.length ? [entry(ANCHORS.sammanställning, sammanställning.rubrik)] : [];
      case 'statusräkning':
        return statusÅtaganden ? [entry(ANCHORS.statusÅtaganden, statusÅtaganden.rubrik)] : [];
      case 'förklaring':
        return förklaring.length ? [entry(ANCHORS.förklaringSymboler, förklaringRubrik)] : [];
      case 'personal':
        return personal ? [entry(ANCHORS.personal, personal.rubrik)] : [];
      case 'ekonomi':
        return ekonomi.finns
          ? [
              entry(ANCHORS.ekonomi, ekonomi.rubrik, [
                ...derived.tables.filter((t) => t.kind !== 'investeringsredovisning').map((t) => ({ id: t.id, text: t.rubrik })),
                ...ekonomi.inv.map((i) => ({ id: i.id, text: i.rubrik })),
              ]),
            ]
          : [];
      case 'internkontroll':
        return internkontroll ? [entry(ANCHORS.internkontroll, internkontroll.rubrik)] : [];
      case 'bilagor':
        return bilagor.map((b) => entry(b.id, `Bilaga: ${b.rubrik}`));
    }
  };
  // The sections in the report's order (check has refused an ordning that leaves content out).
  const order = orderSections(r.ordning, mål.map((m) => m.id), sectionsWithContent(r, derived.tables.length));
  const sektioner = order.slots.map((slot) => {
    const name = slotName(slot);
    return {
      /** Which section this is, as a flag the template can test: {{#if typ.ekonomi}}. */
      typ: { ['goal' in slot ? 'mål' : slot.section]: true } as Partial<Record<SectionName | 'mål', true>>,
      nod: 'goal' in slot ? målMedKapitel.find((m) => m.id === slot.goal) : undefined,
      före: around(name).före,
      efter: around(name).efter,
      toc: [...around(name).före.map(chapterEntry), ...ownEntries(slot), ...around(name).efter.map(chapterEntry)],
    };
  });
  const fullToc = sektioner.flatMap((s) => s.toc);

  return {
    css,
    logotyp,
    /** Which kinds of section start a new page: {{#if @root.sidbrytning.ekonomi}} sidbrytning{{/if}}. */
    sidbrytning,
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
      beteckning: r.rapport.beteckning,
    },
    protokoll: r.paragraf !== undefined && r.förslag_till_beslut ? { paragraf: r.paragraf, beslut: r.beslut ?? r.förslag_till_beslut, datum: r.beslutsdatum } : undefined,
    förslag: r.förslag_till_beslut,
    ärende: r.ärendebeskrivning?.map((a, i) => ({ rubrik: a.rubrik, html: html(['ärendebeskrivning', i, 'text']) })),
    mottagare: r.mottagare,
    yrkanden: r.yrkanden,
    beslutshandlingar: r.beslutshandlingar,
    undertecknare: r.undertecknare,
    toc: fullToc,
    sammanfattning: html(['sammanfattning']),
    sammanfattningsrubrik,
    sektioner,
    sammanställning,
    statusÅtaganden,
    förklaring,
    förklaringRubrik,
    förklaringText: sectionIntro('förklaring'),
    platser,
    mål: målMedKapitel,
    personal,
    ekonomi,
    internkontroll,
    bilagor,
  };
}

export type ViewModel = ReturnType<typeof buildViewModel>;

/** A head count as the rest of the report prints numbers: "1 642". */
function count(n: number): string {
  return formatNumber(new Decimal(n), { decimals: 0 });
}

/** An indicator's change: "+1,2 procentenheter", "−1 procentenhet", "+3" (a count has no unit). */
function changeText(change: { värde: Decimal; enhet?: string }, decimals: number): string {
  const number = formatNumber(change.värde, { decimals, plusSign: true });
  if (change.enhet === undefined || change.enhet === 'antal') return number;
  const one = number.replace(/^[+\u2212-]/, '') === '1';
  return `${number}\u00a0${change.enhet === 'procentenheter' && one ? 'procentenhet' : change.enhet}`;
}


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
    // "per verksamhet" where the table names its rows so ("Verksamhet"), else "per enhet".
    rubrik: `${t.rubrik}: ${label.charAt(0).toLowerCase()}${label.slice(1)} per ${t.radrubrik ? t.radrubrik.toLowerCase() : 'enhet'}, ${moneyUnitLabel(t.display.unit)} (positivt = bättre än budget)`,
    enhet: moneyUnitLabel(t.display.unit),
    decimaler: t.display.decimals,
    staplar,
    colours,
  });
}

/**
 * A statistics table with kön as its columns (Område | Kvinnor | Män | Totalt), each row its series'
 * latest period; a column only where some row has a value. The period stands in the caption when all
 * rows share it, else after each row's name. Notes and long reasons for a missing value are footnotes.
 */
function genderTable(t: PersonalTabell, series: DerivedIndicator[]): { table: TableView; noter: string[] } {
  const noter: string[] = [];
  const marker = (note: string) => {
    if (!noter.includes(note)) noter.push(note);
    return '*'.repeat(noter.indexOf(note) + 1);
  };
  const latest = series.map((s) => s.points[s.points.length - 1]);
  const periods = [...new Set(latest.map((p) => p?.period).filter((p): p is string => p !== undefined))];
  const columns = (['kvinnor', 'män', 'total'] as const).filter((k) => latest.some((p) => p?.[k] !== undefined));
  const label = { kvinnor: 'Kvinnor', män: 'Män', total: 'Totalt' };
  const table: TableView = {
    id: `${t.id}-indikatorer`,
    caption: periods.length === 1 ? `${t.rubrik} ${periods[0]}` : t.rubrik,
    radrubrik: t.radrubrik ?? 'Mått',
    columns: columns.map((k) => ({ label: label[k] })),
    rows: series.map((s, i) => {
      const p = latest[i];
      const fmt = (v: Decimal | undefined) => (v === undefined ? '' : formatNumber(v, { decimals: s.decimaler }));
      const namn = `${nameWithUnit(s.namn, s.enhet)}${periods.length > 1 && p ? ` (${p.period})` : ''}`;
      const extra = `${p?.preliminärt ? ' (prel.)' : ''}${p?.not ? marker(p.not) : ''}`;
      // A missing value: its reason once, in the first column (a sentence as a footnote).
      const cells = columns.map((k, ci) =>
        p?.saknas ? { text: ci === 0 ? (p.saknas.orsak.length <= 12 ? p.saknas.orsak : `–${marker(p.saknas.orsak)}`) : '' } : { text: `${fmt(p?.[k])}${ci === columns.length - 1 ? extra : ''}` },
      );
      return { kind: 'post', namn, cells };
    }),
  };
  return { table, noter: noter.map((note, i) => `${'*'.repeat(i + 1)} ${note}`) };
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
  // Amounts are formatted in the display unit; the table's own number and text columns as the row gives them.
  const cellText = (row: MoneyTable['rows'][number], c: MoneyTable['columns'][number]) => (c.typ === 'belopp' ? fmt(row.cells[c.key]) : (row.texter?.[c.key] ?? ''));
  return {
    id: t.id,
    caption: t.rubrik,
    radrubrik: t.radrubrik,
    note: [t.underrubrik, `Belopp i ${moneyUnitLabel(t.display.unit)}`].filter(Boolean).join('. '),
    columns: t.columns.map((c) => ({ label: c.label, vänster: c.typ === 'text' })),
    rows: t.rows.map((row) => ({
      kind: row.kind,
      namn: row.namn,
      cells: row.kind === 'grupp' ? [] : t.columns.map((c) => ({ text: cellText(row, c), vänster: c.typ === 'text' })),
    })),
  };
}

/**
 * The indicators of a goal (or the rows of a personal table) as tables: indicators with the same
 * periods share one (a year series and a part-year series do not), each indicator a row, its
 * kvinnor/män, its breakdown and its analysis as rows under it. Targets are one Målvärde column, or
 * one column per target period ("Mål 2022", "Mål 2023") when the report gives targets for several.
 * Derived columns (Förändring, Når målet) are shown only where some row has a value for them.
 */
export function indicatorTables(
  id: string,
  indikatorer: DerivedIndicator[],
  analys: (ind: DerivedIndicator) => string | undefined = () => undefined,
  caption = 'Indikatorer',
  options: { radrubrik?: string; fallande?: boolean; förändring?: boolean; nårMålet?: boolean } = {},
  /** Charts of these indicators (id `<indicator>-diagram`): each goes with the table that holds its indicator. */
  charts: ChartView[] = [],
): { tabeller: TableView[]; noter: string[]; källor: string[] } {
  // A value's note is a footnote: a marker in the cell (*, **, …), the text under the tables. Inline
  // it would widen its column until the others broke letter by letter.
  const noter: string[] = [];
  const marker = (note: string) => {
    if (!noter.includes(note)) noter.push(note);
    return '*'.repeat(noter.indexOf(note) + 1);
  };
  const allPoints = seriesPoints;
  // Years in order (even when a part lags: "2020" first seen after 2021–2023), newest first where the table asks.
  const inOrder = (labels: string[]) => {
    if (!labels.every((p) => /^\d{4}$/.test(p))) return options.fallande ? [...labels].reverse() : labels;
    const sorted = [...labels].sort();
    return options.fallande ? sorted.reverse() : sorted;
  };
  const periodsOf = (ind: DerivedIndicator) => {
    const periods: string[] = [];
    for (const p of allPoints(ind)) if (!periods.includes(p.period)) periods.push(p.period);
    return inOrder(periods);
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
    const reportPeriod = (ind: DerivedIndicator) => ind.points[ind.points.length - 1]?.period;
    // One Målvärde column when every target is its indicator's report-period target; else a column per target period.
    const single = inds.every((ind) => ind.målPerPeriod.length <= 1 && ind.målPerPeriod.every((t) => t.period === reportPeriod(ind)));
    const targetPeriods = single ? [] : inOrder([...new Set(inds.flatMap((ind) => ind.målPerPeriod.map((t) => t.period)))]);
    const hasTarget = inds.some((ind) => ind.målPerPeriod.length > 0);
    const cellsFor = (points: IndicatorPoint[], value: (p: IndicatorPoint) => Decimal | undefined, fmt: (v: Decimal) => string, withNotes: boolean) =>
      periods.map((period) => {
        const point = points.find((x) => x.period === period);
        if (!point) return { text: '' };
        // A short reason ("I.U.", "N/A") stands in the cell; a sentence is a footnote, or it would take the
        // column's width and break the other headers letter by letter.
        if (point.saknas) return { text: withNotes ? (point.saknas.orsak.length <= 12 ? point.saknas.orsak : `–${marker(point.saknas.orsak)}`) : '' };
        const v = value(point);
        const parts = [v ? fmt(v) : '', withNotes && point.preliminärt ? '(prel.)' : ''];
        return { text: parts.filter(Boolean).join(' ') + (withNotes && point.not ? marker(point.not) : '') };
      });
    // What the report says of the target when it says it; else what the value against the target gives.
    const meets = (points: IndicatorPoint[], period: string | undefined) => {
      const p = points.find((x) => x.period === period);
      if (p?.måluppfyllelse) return p.måluppfyllelse === 'nått' ? 'Ja' : p.måluppfyllelse === 'delvis' ? 'Delvis' : 'Nej';
      return p?.nårMålet === undefined ? '' : p.nårMålet ? 'Ja' : 'Nej';
    };
    const rows: (TableView['rows'][number] & { förändring: string; nårMålet: string })[] = [];
    for (const ind of inds) {
      const fmt = (v: Decimal) => formatNumber(v, { decimals: ind.decimaler });
      const period = reportPeriod(ind);
      const targetCells = single
        ? hasTarget
          ? [{ text: ind.mål ? targetText(ind.mål, fmt) : '' }]
          : []
        : targetPeriods.map((p) => {
            const t = ind.målPerPeriod.find((x) => x.period === p);
            return { text: t ? targetText(t, fmt) : '' };
          });
      const change = ind.förändring ? changeText(ind.förändring, ind.decimaler) : '';
      rows.push({ kind: 'post', namn: nameWithUnit(ind.namn, ind.enhet), cells: [...cellsFor(ind.points, (p) => p.total, fmt, true), ...targetCells], förändring: change, nårMålet: meets(ind.points, period) });
      // Kvinnor and män as rows of their own: the values line up with the total's, never squeezed into its cell.
      if (ind.points.some((p) => p.kvinnor !== undefined || p.män !== undefined)) {
        for (const k of ['kvinnor', 'män'] as const) {
          rows.push({ kind: 'varav', namn: k === 'kvinnor' ? 'Kvinnor' : 'Män', cells: [...cellsFor(ind.points, (p) => p[k], fmt, false), ...targetCells.map(() => ({ text: '' }))], förändring: '', nårMålet: '' });
        }
      }
      // A breakdown's parts follow, judged against the target of the indicator's report period.
      for (const d of ind.uppdelning?.delar ?? []) {
        rows.push({ kind: 'varav', namn: `${d.namn} (${ind.uppdelning!.dimension})`, cells: [...cellsFor(d.points, (p) => p.total, fmt, true), ...targetCells.map(() => ({ text: '' }))], förändring: '', nårMålet: meets(d.points, period) });
      }
      const text = ind.harAnalys ? analys(ind) : undefined;
      if (text) rows.push({ kind: 'analys', namn: 'Bedömning/analys', cells: [], helrad: text, förändring: '', nårMålet: '' });
    }
    // Derived columns (the change, whether the target is met) where some row has one; a personal table
    // prints only what the report prints.
    const withChange = (options.förändring ?? true) && rows.some((r) => r.förändring);
    const withMeets = (options.nårMålet ?? true) && rows.some((r) => r.nårMålet);
    const columns = [
      ...periods.map((p) => ({ label: targetPeriods.length > 0 ? `Utfall ${p}` : p })),
      ...(single ? (hasTarget ? [{ label: 'Målvärde' }] : []) : targetPeriods.map((p) => ({ label: `Mål ${p}` }))),
      ...(withChange ? [{ label: 'Förändring' }] : []),
      ...(withMeets ? [{ label: 'Når målet' }] : []),
    ];
    return {
      id: gi === 0 ? `${id}-indikatorer` : `${id}-indikatorer-${gi + 1}`,
      caption,
      radrubrik: options.radrubrik,
      columns,
      rows: rows.map(({ förändring, nårMålet, ...row }) =>
        row.helrad !== undefined ? row : { ...row, cells: [...row.cells, ...(withChange ? [{ text: förändring }] : []), ...(withMeets ? [{ text: nårMålet }] : [])] },
      ),
      diagram: charts.filter((chart) => inds.some((ind) => chart.id === `${ind.id}-diagram`)),
    };
  });
  return {
    tabeller,
    noter: noter.map((note, i) => `${'*'.repeat(i + 1)} ${note}`),
    källor: indikatorer.filter((i) => i.källa).map((i) => `${i.namn}: ${i.källa}`),
  };
}
