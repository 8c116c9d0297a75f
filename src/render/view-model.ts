import type { Cell } from '../derive/cell.js';
import { effective } from '../derive/cell.js';
import type { MoneyTable } from '../derive/economy.js';
import { reportTitle } from '../derive/labels.js';
import { convertMoney, formatNumber, moneyUnitLabel } from '../format/number.js';
import { type Path, pathKey } from '../load/yaml-file.js';
import { assessmentSentence, SCALES, type ScaleName, scaleValue } from '../model/scales.js';
import type { CompiledReport } from '../pipeline/compile.js';
import type { DerivedIndicator } from '../derive/indicators.js';
import { Decimal } from '../format/decimal.js';
import { ANCHORS } from '../model/anchors.js';

export interface StatusView {
  symbol: string;
  color: string;
  text: string;
}

export interface TableView {
  id: string;
  caption: string;
  note?: string;
  columns: { label: string }[];
  rows: { kind: string; namn: string; cells: { text: string }[] }[];
}

export interface BuildInfo {
  commit?: string;
  version: string;
}

const status = (scale: ScaleName, key: string | undefined): StatusView | undefined => (key ? scaleValue(scale, key) : undefined);

/** Everything the templates show, pre-formatted: templates only arrange it. */
export interface LogoView {
  src: string;
  alt: string;
  widthMm: number;
}

export function buildViewModel(compiled: CompiledReport, build: BuildInfo, css: string, logotyp?: LogoView) {
  const { report: r, derived, prose } = compiled;
  // Every prose field was rendered by the prose stage; a miss is a bug, never an empty paragraph.
  const html = (p: Path): string => {
    const rendered = prose.get(pathKey(p));
    if (rendered === undefined) throw new Error(`prosa saknas för ${p.join('.')}`);
    return rendered;
  };
  const title = reportTitle(r);
  const nämnd = r.nämnd.namn;
  const toc: { id: string; text: string; children: { id: string; text: string }[] }[] = [];

  const perspektiv = r.mål.perspektiv.map((per, pi) => {
    const pp: Path = ['mål', 'perspektiv', pi];
    const children: { id: string; text: string }[] = [];
    const view = {
      id: per.id,
      namn: per.namn,
      text: per.text ? html([...pp, 'text']) : '',
      processområden: per.processområden.map((po, oi) => {
        const op: Path = [...pp, 'processområden', oi];
        children.push({ id: po.id, text: po.namn });
        return {
          id: po.id,
          namn: po.namn,
          bedömning: status('huvudprocess', po.bedömning),
          trend: status('trend', po.trend),
          mening: po.bedömning ? assessmentSentence('Processområdet', po.bedömning) : '',
          text: po.text ? html([...op, 'text']) : '',
          huvudprocesser: po.huvudprocesser.map((h, hi) => ({
            id: h.id,
            namn: h.namn,
            bedömning: status('huvudprocess', h.bedömning),
            trend: status('trend', h.trend),
            kommentar: h.kommentar && { datum: h.kommentar.datum, html: html([...op, 'huvudprocesser', hi, 'kommentar', 'text']) },
          })),
          processmål: po.processmål.map((m, mi) => ({
            id: m.id,
            namn: m.namn,
            bedömning: status('processmål', m.bedömning),
            kommentar: m.kommentar && { datum: m.kommentar.datum, html: html([...op, 'processmål', mi, 'kommentar', 'text']) },
            indikatorer: m.indikatorer.length > 0 ? indicatorTable(m.id, derived.indikatorer.filter((d) => m.indikatorer.some((i) => i.id === d.id))) : undefined,
          })),
          åtaganden: po.åtaganden.map((a, ai) => ({
            id: a.id,
            text: a.text,
            ansvar: a.ansvar.join(', '),
            status: status('åtagande', a.status),
            färdiggrad: `${a.färdiggrad}\u00a0%`,
            kommentar: a.kommentar && { datum: a.kommentar.datum, html: html([...op, 'åtaganden', ai, 'kommentar', 'text']) },
          })),
        };
      }),
    };
    toc.push({ id: per.id, text: per.namn, children });
    return view;
  });

  const eko = r.ekonomi;
  const drift = eko.driftredovisning;
  const inv = eko.investeringsredovisning;
  const ekonomi = {
    rr: moneyTable(derived.rr),
    drift: derived.drift &&
      drift && {
        table: moneyTable(derived.drift),
        omfattar: drift.enheter.filter((e) => e.omfattar?.length).map((e) => ({ namn: e.namn, enheter: (e.omfattar ?? []).join(', ') })),
        text: drift.text ? html(['ekonomi', 'driftredovisning', 'text']) : '',
        förklaringar: drift.enheter
          .map((e, i) => ({ namn: e.namn, html: e.förklaring ? html(['ekonomi', 'driftredovisning', 'enheter', i, 'förklaring']) : '' }))
          .filter((f) => f.html),
      },
    inv: derived.inv && inv && { table: moneyTable(derived.inv), text: inv.text ? html(['ekonomi', 'investeringsredovisning', 'text']) : '' },
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
      perspektiv: r.mål.perspektiv.find((p) => p.id === m.perspektiv)?.namn ?? m.perspektiv,
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
            bedömning: status('kontroll', k.bedömning),
            resultat: k.resultat ? html([...rp, 'kontrollmoment', ki, 'resultat']) : '',
            åtgärd: k.åtgärd ? html([...rp, 'kontrollmoment', ki, 'åtgärd']) : '',
          })),
        };
      }),
    })),
  };

  const personal = r.personal && {
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
        status: status('klimat', a.status),
        färdiggrad: a.färdiggrad === undefined ? '' : `${a.färdiggrad}\u00a0%`,
        kommentar: a.kommentar ? html(['bilagor', bi, 'fokusområden', fi, 'aktiviteter', ai, 'kommentar']) : '',
      })),
    })),
  }));

  const c = derived.åtaganden;
  const fullToc = [
    { id: ANCHORS.sammanfattning, text: 'Sammanfattning', children: [] },
    { id: ANCHORS.sammanställning, text: 'Sammanställning av de viktigaste huvudprocesserna', children: [] },
    { id: ANCHORS.statusÅtaganden, text: 'Status åtaganden', children: [] },
    { id: ANCHORS.förklaringSymboler, text: 'Förklaring symboler', children: [] },
    ...toc,
    ...(personal ? [{ id: ANCHORS.personal, text: 'Personal', children: [] }] : []),
    {
      id: ANCHORS.ekonomi,
      text: 'Ekonomisk redovisning',
      children: [
        { id: derived.rr.id, text: derived.rr.rubrik },
        ...(derived.drift ? [{ id: derived.drift.id, text: derived.drift.rubrik }] : []),
        ...(derived.inv ? [{ id: derived.inv.id, text: derived.inv.rubrik }] : []),
      ],
    },
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
    protokoll: r.paragraf !== undefined ? { paragraf: r.paragraf, beslut: r.beslut ?? r.förslag_till_beslut, datum: r.beslutsdatum } : undefined,
    förslag: r.förslag_till_beslut,
    ärende: r.ärendebeskrivning.map((a, i) => ({ rubrik: a.rubrik, html: html(['ärendebeskrivning', i, 'text']) })),
    mottagare: r.mottagare,
    undertecknare: r.undertecknare,
    toc: fullToc,
    sammanfattning: html(['sammanfattning']),
    sammanställning: derived.sammanställning.map((s) => ({
      id: `sammanstallning-${s.perspektivId}`,
      perspektiv: s.perspektiv,
      nivå: s.nivå === 'huvudprocess' ? 'Huvudprocess' : 'Processområde',
      rows: s.rows.map((row) => ({ namn: row.namn, bedömning: status('huvudprocess', row.bedömning), trend: status('trend', row.trend) })),
    })),
    statusÅtaganden: { nämnd, ej_påbörjad: c.ej_påbörjad, pågår: c.pågår, klart: c.klart, försenat: c.försenat, totalt: c.totalt },
    förklaring: (['huvudprocess', 'trend', 'processmål', 'åtagande'] as const).map((k) => ({
      id: `symboler-${k}`,
      name: SCALES[k].name,
      intro: SCALES[k].intro,
      values: Object.values(SCALES[k].values),
    })),
    perspektiv,
    personal,
    ekonomi,
    internkontroll,
    bilagor,
  };
}

export type ViewModel = ReturnType<typeof buildViewModel>;


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
    note: [t.underrubrik, `Belopp i ${moneyUnitLabel(t.display.unit)}`].filter(Boolean).join('. '),
    columns: t.columns.map((c) => ({ label: c.label })),
    rows: t.rows.map((row) => ({
      kind: row.kind,
      namn: row.namn,
      cells: row.kind === 'grupp' ? [] : t.columns.map((c) => ({ text: fmt(row.cells[c.key]) })),
    })),
  };
}

function indicatorTable(id: string, indikatorer: DerivedIndicator[]): TableView & { källor: string[] } {
  const periods: string[] = [];
  for (const ind of indikatorer) for (const p of ind.points) if (!periods.includes(p.period)) periods.push(p.period);
  return {
    id: `${id}-indikatorer`,
    caption: 'Indikatorer',
    columns: [...periods.map((p) => ({ label: p })), { label: 'Målvärde' }],
    rows: indikatorer.map((ind) => {
      const fmt = (v: Decimal) => formatNumber(v, { decimals: ind.decimaler });
      return {
        kind: 'post',
        namn: `${ind.namn} (${ind.enhet})`,
        cells: [
          ...periods.map((period) => {
            const point = ind.points.find((x) => x.period === period);
            if (!point) return { text: '' };
            if (point.saknas) return { text: point.saknas.orsak };
            const split = [point.kvinnor && `K ${fmt(point.kvinnor)}`, point.män && `M ${fmt(point.män)}`].filter(Boolean);
            const parts = [point.total ? fmt(point.total) : '', split.length ? `(${split.join(', ')})` : '', point.not ? `– ${point.not}` : ''];
            return { text: parts.filter(Boolean).join(' ') };
          }),
          { text: ind.mål ? `${ind.mål.riktning === 'minst' ? 'Minst' : 'Högst'} ${fmt(ind.mål.värde)}` : '' },
        ],
      };
    }),
    källor: indikatorer.filter((i) => i.källa).map((i) => `${i.namn}: ${i.källa}`),
  };
}
