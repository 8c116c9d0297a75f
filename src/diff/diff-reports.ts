/**
 * Semantic diff of one report at two revisions: entities are matched by their stable `id`, figures
 * are compared as exact decimals (effective value = stated ?? computed), prose is compared word by
 * word. Layout, comments in the YAML, key order and file splits never show up.
 */
import { isSaknas, SAKNAS_TEXT } from '../schema/absent.js';
import path from 'node:path';
import type { Cell } from '../derive/cell.js';
import type { MoneyTable } from '../derive/economy.js';
import { defaultColumnLabels, reportTitle } from '../derive/labels.js';
import { Decimal } from '../format/decimal.js';
import { convertMoney, formatNumber, moneyUnitLabel } from '../format/number.js';
import type { PathSeg } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { ProseSchema, type Report } from '../schema/report.js';
import { reportSchemaFor } from '../validate/validate.js';
import { childSchema, unwrap } from '../schema/walk.js';
import { compareProse, type ProseChange } from './words.js';

export type DiffChange = 'ändrad' | 'tillagd' | 'borttagen' | 'namn' | 'prosa';

export interface DiffEntry {
  /** Heading the entry is listed under, e.g. "Mål och åtaganden", "Resultaträkning". */
  group: string;
  change: DiffChange;
  /** Kind of entity, e.g. "åtagande", "rad", "risk", "meta". */
  kind: string;
  /** Id of the entity (for meta: the field path, e.g. "rapport.period"). */
  id: string;
  /** Changed field or column, when the change is about one. */
  field?: string;
  /** What changed, e.g. "Åtagande at-naringsliv" or "Personalkostnader, årsprognos aug". */
  subject: string;
  /** The changed field as shown after the subject, e.g. "status" (absent for table cells). */
  detail?: string;
  from?: string;
  to?: string;
  /** Unit printed after `to` (e.g. "mnkr", "%"). */
  unit?: string;
  /** Difference to − from, formatted with sign. */
  delta?: string;
  /** The figure is computed by the tool (a total, an avvikelse, a riskvärde), not stated. */
  computed?: boolean;
  /** Extra text printed after the change (or instead of from → to when those are absent). */
  note?: string;
  /** Exact values of numeric changes (in the unit the entry is shown in). */
  values?: { from?: Decimal; to?: Decimal };
  prose?: ProseChange;
}

export interface ReportDiff {
  /** Title of the newer report, e.g. "Servicenämnden – Delårsrapport 2 2023". */
  title: string;
  /** Labels of the two sides (revisions), when the caller gave them. */
  from?: string;
  to?: string;
  entries: DiffEntry[];
}

// ---------------------------------------------------------------------------------------------
// Entities by id

interface Entity {
  key: string;
  id: string;
  /** Array or object key the entity sits under (its kind), e.g. "åtaganden". */
  container: string;
  node: Record<string, unknown>;
  parentKey?: string;
}

/** Short labels for the diff's lines; a goal level not listed here is labelled with its name in the profile. */
const KIND: Record<string, { label: string; group: string }> = {
  perspektiv: { label: 'Perspektiv', group: 'Mål och åtaganden' },
  processområden: { label: 'Processområde', group: 'Mål och åtaganden' },
  huvudprocesser: { label: 'Huvudprocess', group: 'Mål och åtaganden' },
  processmål: { label: 'Processmål', group: 'Mål och åtaganden' },
  åtaganden: { label: 'Åtagande', group: 'Mål och åtaganden' },
  indikatorer: { label: 'Indikator', group: 'Indikatorer' },
  resultaträkning: { label: 'Resultaträkning', group: 'Ekonomi' },
  driftredovisning: { label: 'Driftredovisning', group: 'Ekonomi' },
  investeringsredovisning: { label: 'Investeringsredovisning', group: 'Ekonomi' },
  rader: { label: 'Rad', group: 'Ekonomi' },
  enheter: { label: 'Enhet', group: 'Ekonomi' },
  summa: { label: 'Summarad', group: 'Ekonomi' },
  grupper: { label: 'Grupp', group: 'Ekonomi' },
  projekt: { label: 'Projekt', group: 'Ekonomi' },
  mål: { label: 'Mål', group: 'Intern kontroll' },
  risker: { label: 'Risk', group: 'Intern kontroll' },
  kontrollmoment: { label: 'Kontrollmoment', group: 'Intern kontroll' },
  anställda: { label: 'Anställda', group: 'Personal' },
  sjukfrånvaro: { label: 'Sjukfrånvaro', group: 'Personal' },
  nyckeltal: { label: 'Nyckeltal', group: 'Personal' },
  bilagor: { label: 'Bilaga', group: 'Bilagor' },
  fokusområden: { label: 'Fokusområde', group: 'Bilagor' },
  aktiviteter: { label: 'Aktivitet', group: 'Bilagor' },
};

type Kinds = (container: string) => { label: string; group: string };

/** Entity kinds for a report: the short labels above, else the profile's goal level by its name. */
function kindsFor(profile: Profile): Kinds {
  return (container) => {
    if (KIND[container]) return KIND[container];
    const level = profile.data.målstruktur.nivåer[container];
    return level ? { label: level.namn, group: 'Mål och åtaganden' } : { label: container, group: 'Övrigt' };
  };
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object with a string `id`, keyed by container and id (ids are unique per report). */
function entities(report: Report): Map<string, Entity> {
  const out = new Map<string, Entity>();
  const walk = (node: unknown, container: string, parentKey: string | undefined) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, container, parentKey);
      return;
    }
    if (!isObject(node)) return;
    let here = parentKey;
    if (typeof node['id'] === 'string' && container !== '') {
      const key = `${container}:${node['id']}`;
      out.set(key, { key, id: node['id'], container, node, parentKey });
      here = key;
    }
    for (const [k, v] of Object.entries(node)) if (typeof v === 'object') walk(v, k, here);
  };
  walk(report, '', undefined);
  return out;
}

function entityName(node: Record<string, unknown>): { field: string; value: string } | undefined {
  for (const field of ['namn', 'titel', 'text', 'risk', 'rubrik']) {
    const v = node[field];
    if (typeof v === 'string') return { field, value: v };
  }
  return undefined;
}

const short = (text: string, max = 80) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

const entityLabel = (e: Entity, kinds: Kinds) => `${kinds(e.container).label} ${e.id}`;

// ---------------------------------------------------------------------------------------------
// Formatting helpers

/** A scale value as the report shows it (the profile's text, in the report's tense). */
function scaleText(report: CompiledReport, scale: string, key: string | undefined): string {
  if (key === undefined) return '–';
  if (isSaknas(key)) return SAKNAS_TEXT;
  if (!report.profile.scaleKeys(scale)?.includes(key)) return key;
  return report.profile.value(scale, key, report.report.rapport.typ).text;
}

const fmt = (v: Decimal, decimals: number, plusSign = false) => formatNumber(v, { decimals, plusSign });

/** Decimals that show a difference: the display precision, more when the change is finer. */
function decimalsFor(a: Decimal | undefined, b: Decimal | undefined, base: number): number {
  if (!a || !b) return base;
  for (let d = base; d < base + 8; d++) if (fmt(a, d) !== fmt(b, d)) return d;
  return base;
}

const eq = (a: Decimal | undefined, b: Decimal | undefined) => (a === undefined ? b === undefined : b !== undefined && a.equals(b));

// ---------------------------------------------------------------------------------------------

class Collector {
  readonly entries: DiffEntry[] = [];
  add(e: DiffEntry) {
    this.entries.push(e);
  }

  scale(group: string, kind: string, id: string, subjectBase: string, field: string, scale: string, a: unknown, b: unknown, ra: CompiledReport, rb: CompiledReport) {
    if (a === b) return;
    this.add({
      group,
      change: 'ändrad',
      kind,
      id,
      field,
      subject: subjectBase,
      detail: field,
      from: scaleText(ra, scale, a as string | undefined),
      to: scaleText(rb, scale, b as string | undefined),
    });
  }

  number(
    base: Omit<DiffEntry, 'change' | 'from' | 'to' | 'delta' | 'values'>,
    a: Decimal | undefined,
    b: Decimal | undefined,
    decimals: number,
  ) {
    if (eq(a, b)) return;
    const d = decimalsFor(a, b, decimals);
    this.add({
      ...base,
      change: 'ändrad',
      from: a ? fmt(a, d) : '–',
      to: b ? fmt(b, d) : '–',
      delta: a && b ? fmt(b.minus(a), d, true) : undefined,
      values: { from: a, to: b },
    });
  }

  /** A figure that may be written "uppgift saknas": the words when either side is, else the numbers. */
  figure(base: Omit<DiffEntry, 'change' | 'from' | 'to' | 'delta' | 'values'>, a: unknown, b: unknown, decimals: number) {
    if (isSaknas(a) || isSaknas(b)) {
      const t = (v: unknown) => (isSaknas(v) ? SAKNAS_TEXT : typeof v === 'number' ? `${fmt(new Decimal(String(v)), decimals)}${base.unit ? `\u00a0${base.unit}` : ''}` : '–');
      // The unit stands in the number's own text: "Uppgift saknas" has none.
      const { unit: _unit, ...rest } = base;
      if (t(a) !== t(b)) this.add({ ...rest, change: 'ändrad', from: t(a), to: t(b) });
      return;
    }
    this.number(base, dec(a), dec(b), decimals);
  }

  plain(base: Omit<DiffEntry, 'change' | 'from' | 'to'>, a: unknown, b: unknown) {
    const s = (v: unknown) => (v === undefined || v === null ? '–' : String(v));
    if (s(a) === s(b)) return;
    this.add({ ...base, change: 'ändrad', from: s(a), to: s(b) });
  }
}

const dec = (v: unknown) => (typeof v === 'number' ? new Decimal(String(v)) : undefined);

// ---------------------------------------------------------------------------------------------

/** Compare two compiled reports (same report at two revisions) keyed by id. */
export function diffReports(a: CompiledReport, b: CompiledReport, labels: { from?: string; to?: string } = {}): ReportDiff {
  const c = new Collector();
  const ra = a.report;
  const rb = b.report;
  const kinds = kindsFor(b.profile);

  diffMeta(c, ra, rb);

  const ea = entities(ra);
  const eb = entities(rb);
  const addedOrRemoved = new Set<string>();
  // Added / removed: list the outermost entity only, not everything inside it.
  for (const [own, other, change] of [
    [eb, ea, 'tillagd'],
    [ea, eb, 'borttagen'],
  ] as const) {
    for (const e of own.values()) {
      if (other.has(e.key)) continue;
      addedOrRemoved.add(e.key);
      if (e.parentKey && !other.has(e.parentKey)) continue;
      const name = entityName(e.node);
      c.add({
        group: kinds(e.container).group,
        change,
        kind: kinds(e.container).label.toLowerCase(),
        id: e.id,
        subject: entityLabel(e, kinds),
        note: `${change === 'tillagd' ? 'har lagts till' : 'har tagits bort'}${name ? `: ${short(name.value)}` : ''}`,
      });
    }
  }

  // Renamed and changed fields of entities present in both.
  for (const eB of eb.values()) {
    const eA = ea.get(eB.key);
    if (!eA) continue;
    const na = entityName(eA.node);
    const nb = entityName(eB.node);
    if (na && nb && na.field === nb.field && na.value !== nb.value) {
      c.add({
        group: kinds(eB.container).group,
        change: 'namn',
        kind: kinds(eB.container).label.toLowerCase(),
        id: eB.id,
        field: nb.field,
        subject: entityLabel(eB, kinds),
        detail: nb.field,
        from: `”${short(na.value)}”`,
        to: `”${short(nb.value)}”`,
      });
    }
    diffEntityFields(c, eA, eB, a, b);
  }

  diffIndicators(c, a, b);
  const cols = { a: defaultColumnLabels(ra, a.profile), b: defaultColumnLabels(rb, b.profile) };
  for (const tb of b.derived.tables) {
    const ta = a.derived.tables.find((t) => t.id === tb.id);
    if (ta) diffMoneyTable(c, ta, tb, cols.b);
  }
  diffProse(c, a, b, addedOrRemoved);

  const order = ['Rapport', 'Mål och åtaganden', 'Indikatorer', 'Ekonomi', 'Intern kontroll', 'Personal', 'Bilagor', 'Text'];
  const rank = (g: string) => {
    const i = order.indexOf(g);
    if (i >= 0) return i;
    // Money tables are grouped by their heading: after Ekonomi.
    return order.indexOf('Ekonomi') + 0.5;
  };
  const entries = c.entries.map((e, i) => ({ e, i })).sort((x, y) => rank(x.e.group) - rank(y.e.group) || x.i - y.i).map((x) => x.e);
  return { title: `${rb.nämnd.namn} – ${reportTitle(rb)}`, from: labels.from, to: labels.to, entries };
}

function diffMeta(c: Collector, ra: Report, rb: Report) {
  const meta = (id: string, subject: string, a: unknown, b: unknown) =>
    c.plain({ group: 'Rapport', kind: 'meta', id, field: id, subject }, a, b);
  meta('rapport.typ', 'Rapporttyp', ra.rapport.typ, rb.rapport.typ);
  meta('rapport.nummer', 'Delårsrapportens nummer', ra.rapport.nummer, rb.rapport.nummer);
  meta('rapport.år', 'År', ra.rapport.år, rb.rapport.år);
  meta(
    'rapport.period',
    'Period',
    `${ra.rapport.period.från} – ${ra.rapport.period.till}`,
    `${rb.rapport.period.från} – ${rb.rapport.period.till}`,
  );
  meta('rapport.status', 'Arbetsstatus', ra.rapport.status, rb.rapport.status);
  meta('dnr', 'Diarienummer', ra.dnr, rb.dnr);
  meta('paragraf', 'Paragraf', ra.paragraf, rb.paragraf);
  meta('beslutsdatum', 'Beslutsdatum', ra.beslutsdatum, rb.beslutsdatum);
  meta('rapport.beteckning', 'Beteckning', ra.rapport.beteckning, rb.rapport.beteckning);
  // The sections: their order, headings and which symbols are explained.
  meta('ordning', 'Avsnittens ordning', ra.ordning?.join(', '), rb.ordning?.join(', '));
  meta('sammanfattningsrubrik', 'Sammanfattningens rubrik', ra.sammanfattningsrubrik, rb.sammanfattningsrubrik);
  for (const section of ['sammanställning', 'statusräkning', 'förklaring', 'personal', 'ekonomi', 'internkontroll'] as const) {
    meta(`${section}.rubrik`, `Rubriken för ${section}`, ra[section]?.rubrik, rb[section]?.rubrik);
  }
  const skalor = (r: Report) => {
    const list = r.förklaring?.skalor;
    return list === undefined ? undefined : list.length === 0 ? 'inga' : list.map((e) => (typeof e === 'string' ? e : e.skala)).join(', ');
  };
  meta('förklaring.skalor', 'Skalorna i Förklaring symboler', skalor(ra), skalor(rb));
  // The counts the status table prints.
  const counts = (r: Report) => r.statusräkning?.antal;
  for (const key of new Set([...Object.keys(counts(ra) ?? {}), ...Object.keys(counts(rb) ?? {})])) {
    c.plain({ group: 'Rapport', kind: 'meta', id: `statusräkning.antal.${key}`, field: key, subject: `Statusräkningens tryckta antal, ${key.replace(/_/g, ' ')}` }, counts(ra)?.[key], counts(rb)?.[key]);
  }
  meta('statusräkning.totalt', 'Statusräkningens tryckta totalt', ra.statusräkning?.totalt, rb.statusräkning?.totalt);
}

function diffEntityFields(c: Collector, eA: Entity, eB: Entity, a: CompiledReport, b: CompiledReport) {
  const A = eA.node;
  const B = eB.node;
  const kinds = kindsFor(b.profile);
  const group = kinds(eB.container).group;
  const kind = kinds(eB.container).label.toLowerCase();
  const label = entityLabel(eB, kinds);
  const base = (field: string, subject = label, detail: string | undefined = field) => ({ group, kind, id: eB.id, field, subject, detail });
  // A goal node: the fields and scales its level has in the profile.
  const level = b.profile.data.målstruktur.nivåer[eB.container];
  if (level) {
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) c.scale(group, kind, eB.id, label, field, scale, A[field], B[field], a, b);
    }
    if (level.färdiggrad !== undefined) c.figure({ ...base('färdiggrad'), unit: '%' }, A['färdiggrad'], B['färdiggrad'], 0);
    return;
  }
  switch (eB.container) {
    case 'aktiviteter':
      c.scale(group, kind, eB.id, label, 'status', 'aktivitet', A['status'], B['status'], a, b);
      c.figure({ ...base('färdiggrad'), unit: '%' }, A['färdiggrad'], B['färdiggrad'], 0);
      break;
    case 'kontrollmoment':
      c.scale(group, kind, eB.id, label, 'bedömning', 'kontroll', A['bedömning'], B['bedömning'], a, b);
      break;
    case 'risker': {
      c.figure(base('sannolikhet'), A['sannolikhet'], B['sannolikhet'], 0);
      c.figure(base('konsekvens'), A['konsekvens'], B['konsekvens'], 0);
      const yesNo = (v: unknown) => (v === false ? 'Nej' : v === true ? 'Ja' : isSaknas(v) ? SAKNAS_TEXT : '–');
      c.plain(base('hantera'), yesNo(A['hantera']), yesNo(B['hantera']));
      // Riskvärde: effective = stated ?? sannolikhet × konsekvens.
      const statedA = dec(A['riskvärde']);
      const statedB = dec(B['riskvärde']);
      const compA = a.derived.riskvärden.get(eA.id);
      const compB = b.derived.riskvärden.get(eB.id);
      figure(c, base('riskvärde'), { stated: statedA, computed: compA }, { stated: statedB, computed: compB }, 0);
      break;
    }
    case 'anställda': {
      c.number(base('kvinnor'), dec(A['kvinnor']), dec(B['kvinnor']), 0);
      c.number(base('män'), dec(A['män']), dec(B['män']), 0);
      const sum = (n: Record<string, unknown>) => dec(n['kvinnor'])?.plus(dec(n['män']) ?? 0);
      figure(c, base('totalt'), { stated: dec(A['totalt']), computed: sum(A) }, { stated: dec(B['totalt']), computed: sum(B) }, 0);
      break;
    }
    case 'sjukfrånvaro':
      for (const f of ['totalt', 'kvinnor', 'män']) {
        const va = dec(A[f]);
        const vb = dec(B[f]);
        c.number({ ...base(f, `${label} (${String(B['period'])})`), unit: '%' }, va, vb, 1);
      }
      c.plain(base('period'), A['period'], B['period']);
      break;
    case 'nyckeltal': {
      const na = a.derived.nyckeltal.get(eA.id);
      const nb = b.derived.nyckeltal.get(eB.id);
      c.number({ ...base('värde', `${label} (${String(B['period'])})`, undefined), unit: nb?.unit }, na?.value, nb?.value, nb?.decimals ?? 0);
      c.plain(base('period'), A['period'], B['period']);
      break;
    }
    default:
      break;
  }
}

/** A figure that is computed and may also be stated: list the effective change, else a moved computation. */
function figure(
  c: Collector,
  base: Omit<DiffEntry, 'change' | 'from' | 'to' | 'delta' | 'values'>,
  a: { stated?: Decimal; computed?: Decimal },
  b: { stated?: Decimal; computed?: Decimal },
  decimals: number,
) {
  const effA = a.stated ?? a.computed;
  const effB = b.stated ?? b.computed;
  if (!eq(effA, effB)) {
    const computed = effB !== undefined ? b.stated === undefined : a.stated === undefined;
    c.number({ ...base, computed }, effA, effB, decimals);
  } else if (b.stated !== undefined && !eq(a.computed, b.computed)) {
    c.number({ ...base, computed: true, note: `angivet värde oförändrat ${fmt(b.stated, decimalsFor(b.stated, b.stated, decimals))}` }, a.computed, b.computed, decimals);
  }
}

function diffMoneyTable(c: Collector, ta: MoneyTable, tb: MoneyTable, defaults: Record<string, string>) {
  const unit = tb.display.unit;
  const rowsA = new Map(ta.rows.map((r) => [r.id, r]));
  const colLabel = (key: string) => {
    const l = tb.columns.find((col) => col.key === key)?.label ?? defaults[key] ?? key;
    return l.charAt(0).toLowerCase() + l.slice(1);
  };
  const inUnit = (v: Decimal | undefined, from: MoneyTable) => (v === undefined ? undefined : convertMoney(v, from.unit, unit));
  for (const rb of tb.rows) {
    const ra = rowsA.get(rb.id);
    if (!ra) continue;
    const keys = [...new Set([...Object.keys(rb.cells), ...Object.keys(ra.cells)])];
    // Columns in the order the table shows them, then the hidden ones.
    const shown = tb.columns.map((col) => col.key);
    keys.sort((x, y) => (shown.indexOf(x) < 0 ? 99 : shown.indexOf(x)) - (shown.indexOf(y) < 0 ? 99 : shown.indexOf(y)));
    for (const key of keys) {
      const ca: Cell | undefined = ra.cells[key];
      const cb: Cell | undefined = rb.cells[key];
      figure(
        c,
        { group: tb.rubrik, kind: 'belopp', id: rb.id, field: key, subject: `${rb.namn}, ${colLabel(key)}`, unit: moneyUnitLabel(unit) },
        { stated: inUnit(ca?.stated?.value, ta), computed: inUnit(ca?.computed?.quantity.value, ta) },
        { stated: inUnit(cb?.stated?.value, tb), computed: inUnit(cb?.computed?.quantity.value, tb) },
        tb.display.decimals,
      );
    }
    // The table's own number and text columns, as shown.
    for (const key of new Set([...Object.keys(ra.texter ?? {}), ...Object.keys(rb.texter ?? {})])) {
      c.plain({ group: tb.rubrik, kind: 'belopp', id: rb.id, field: key, subject: `${rb.namn}, ${colLabel(key)}` }, ra.texter?.[key], rb.texter?.[key]);
    }
  }
}

function diffIndicators(c: Collector, a: CompiledReport, b: CompiledReport) {
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

// ---------------------------------------------------------------------------------------------
// Prose

interface ProseField {
  key: string;
  label: string;
  /** Keys of the entities that own the field (to skip prose of added/removed entities). */
  owners: string[];
  text: string;
}

function proseFields(compiled: CompiledReport): Map<string, ProseField> {
  const out = new Map<string, ProseField>();
  const kinds = kindsFor(compiled.profile);
  const walk = (node: unknown, schema: unknown, segs: { key: PathSeg; container: string }[], owners: Entity[]) => {
    if (node === undefined || node === null || !schema) return;
    if (unwrap(schema as never) === (ProseSchema as unknown)) {
      const text = typeof node === 'string' ? node : readProseFile(compiled, (node as { fil: string }).fil);
      const key = segs.map((s) => String(s.key)).join('/');
      out.set(key, { key, label: proseLabel(segs, owners, compiled.report, kinds), owners: owners.map((o) => o.key), text });
      return;
    }
    if (Array.isArray(node)) {
      const container = String(segs[segs.length - 1]?.key ?? '');
      node.forEach((item, i) => {
        const id = isObject(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
        const owner: Entity[] = id ? [{ key: `${container}:${id}`, id, container, node: item as Record<string, unknown> }] : [];
        walk(item, childSchema(schema as never, i), [...segs.slice(0, -1), { key: `${container}[${id ?? i}]`, container }], [...owners, ...owner]);
      });
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        const id = isObject(v) && typeof v['id'] === 'string' ? v['id'] : undefined;
        const owner: Entity[] = id ? [{ key: `${k}:${id}`, id, container: k, node: v as Record<string, unknown> }] : [];
        walk(v, childSchema(schema as never, k), [...segs, { key: k, container: k }], [...owners, ...owner]);
      }
    }
  };
  // The profile's schema: its goal levels are concrete, so prose inside the goal tree is found too.
  walk(compiled.report, reportSchemaFor(compiled.profile), [], []);
  return out;
}

/** A prose file's text as the compile read and accepted it (a refused or unread file has none). */
function readProseFile(compiled: CompiledReport, file: string): string {
  const abs = path.resolve(compiled.loaded.dir, file);
  if (!compiled.sources.includes(abs)) return '';
  return compiled.snapshot.bytesOf(abs)?.toString('utf8').replace(/^\uFEFF/, '') ?? '';
}

const FIELD_LABEL: Record<string, string> = {
  sammanfattning: 'Sammanfattning',
  text: 'text',
  kommentar: 'kommentar',
  förklaring: 'förklaring',
  resultat: 'resultat',
  åtgärd: 'åtgärd',
};

function proseLabel(segs: { key: PathSeg; container: string }[], owners: Entity[], report: Report, kinds: Kinds): string {
  const owner = owners[owners.length - 1];
  // Field name: the keys after the owner, "kommentar/text" → "kommentar".
  const names = segs.map((s) => String(s.key));
  let rest = names;
  if (owner) {
    const i = names.findIndex((n) => n === `${owner.container}[${owner.id}]` || n === owner.container);
    rest = names.slice(i + 1);
  }
  if (rest.length > 1 && rest[rest.length - 1] === 'text') rest = rest.slice(0, -1);
  const field = rest.map((r) => FIELD_LABEL[r] ?? r.replace(/\[.*\]$/, '')).join(', ');
  if (!owner) {
    const m = /^ärendebeskrivning\[(\d+)\]$/.exec(names[0] ?? '');
    if (m) {
      const i = Number(m[1]);
      const rubrik = report.ärendebeskrivning?.[i]?.rubrik;
      return `Ärendebeskrivning${rubrik ? ` ”${short(rubrik, 40)}”` : ` ${i + 1}`}`;
    }
    if (names[0] === 'internkontroll') return `Intern kontroll, ${field.replace(/^internkontroll, /, '')}`;
    return field.charAt(0).toUpperCase() + field.slice(1);
  }
  const isTable = ['resultaträkning', 'driftredovisning', 'investeringsredovisning'].includes(owner.container);
  return `${kinds(owner.container).label}${isTable ? '' : ` ${owner.id}`}, ${field}`;
}

function diffProse(c: Collector, a: CompiledReport, b: CompiledReport, addedOrRemoved: Set<string>) {
  const pa = proseFields(a);
  const pb = proseFields(b);
  const skip = (f: ProseField) => f.owners.some((o) => addedOrRemoved.has(o));
  for (const fb of pb.values()) {
    if (skip(fb)) continue;
    const fa = pa.get(fb.key);
    const change = compareProse(fa?.text ?? '', fb.text);
    if (!change) continue;
    c.add({ group: 'Text', change: 'prosa', kind: 'prosa', id: fb.key, subject: fb.label, note: proseNote(change, !fa), prose: change });
  }
  for (const fa of pa.values()) {
    if (skip(fa) || pb.has(fa.key)) continue;
    const change = compareProse(fa.text, '');
    if (!change) continue;
    c.add({ group: 'Text', change: 'prosa', kind: 'prosa', id: fa.key, subject: fa.label, note: `texten har tagits bort (−${change.removed} ord)`, prose: change });
  }
}

function proseNote(change: ProseChange, added: boolean): string {
  const stycken = `${change.paragraphs} ${change.paragraphs === 1 ? 'stycke' : 'stycken'}`;
  const counted = change.method === 'antal' ? ' (ordräkning, ingen ordföljdsdiff)' : '';
  if (added) return `ny text, ${stycken}, +${change.added} ord`;
  return `${stycken}, +${change.added} ord, −${change.removed} ord${counted}`;
}
