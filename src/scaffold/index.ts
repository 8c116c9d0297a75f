/**
 * `rapport init` / `rapport rollover`: scaffolding of report folders.
 *
 * - initReport: a fresh, compilable report folder with placeholder texts ("Skriv …") and zeros.
 * - rolloverReport: next period's report from the current one. Works on the `yaml` Document API
 *   so comments survive where their nodes survive; every written YAML file goes through
 *   formatYamlSource.
 */
import { SAKNAS } from '../model/absent.js';
import { findProfile, loadProfile, type Profile } from '../profile/profile.js';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readBounded } from '../load/snapshot.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { readProblemMessage } from '../load/text-file.js';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type YAMLMap } from 'yaml';
import { formatYamlSource } from '../fmt/format.js';
import { MONTHS_LONG, MONTHS_SHORT } from '../derive/labels.js';
import { RR_SUMMA_ROLLER } from '../schema/report.js';

export type RapportTypNamn = 'delårsrapport' | 'verksamhetsberättelse';

export interface InitOptions {
  kommun: string;
  nämnd: string;
  förkortning: string;
  förvaltning: string;
  typ: RapportTypNamn;
  nummer?: number;
  år: number;
  från: string;
  till: string;
  dnr?: string;
}

export interface RolloverOptions {
  typ?: RapportTypNamn;
  nummer?: number;
  år: number;
  från: string;
  till: string;
}

/** Root of this package (src/scaffold or lib/scaffold → two levels up). */
const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCHEMA_FILE = path.join(PACKAGE_ROOT, 'schemas', 'rapport.schema.json');
const MODELINE_RE = /^# yaml-language-server: \$schema=.*$/;

/** `# yaml-language-server: $schema=…` with the path from `target` to this package's schema. */
export function modeline(target: string): string {
  const abs = path.resolve(target);
  let rel = path.relative(abs, SCHEMA_FILE);
  // Different drive/filesystem root (path.relative then yields an absolute path): use the absolute path.
  if (path.isAbsolute(rel) || path.parse(abs).root !== path.parse(SCHEMA_FILE).root) rel = SCHEMA_FILE;
  return `# yaml-language-server: $schema=${rel.split(path.sep).join('/')}`;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function validateDates(från: string, till: string): void {
  for (const d of [från, till]) {
    if (!DATE_RE.test(d) || Number.isNaN(Date.parse(d))) throw new Error(`ogiltigt datum "${d}": ange ÅÅÅÅ-MM-DD`);
  }
  if (från > till) throw new Error(`periodens början (${från}) ligger efter dess slut (${till})`);
}

function ensureEmptyTarget(target: string): void {
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new Error(`${target} finns redan och är ingen mapp`);
    if (readdirSync(target).length > 0) throw new Error(`mappen ${target} finns redan och är inte tom; välj en ny eller tom mapp`);
  }
  mkdirSync(target, { recursive: true });
}

function writeYaml(target: string, name: string, text: string): string {
  const file = path.join(target, name);
  const result = formatYamlSource(text, name);
  writeFileSync(file, result.formatted);
  return file;
}

// ---------------------------------------------------------------------------------------------
// init


function månad(date: string): number {
  return Number(date.slice(5, 7)) - 1;
}

function månadsnamn(names: readonly string[], index: number): string {
  return names[index] ?? '';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A YAML double-quoted string (JSON strings are valid YAML). */
function q(s: string): string {
  return JSON.stringify(s);
}

function rapportNamn(typ: RapportTypNamn, nummer: number | undefined, år: number): string {
  return typ === 'delårsrapport' ? `Delårsrapport${nummer ? ` ${nummer}` : ''} ${år}` : `Verksamhetsberättelse ${år}`;
}

/** Create a new report folder in `target` (must not exist or be empty). Returns the written files. */
export function initReport(target: string, options: InitOptions): { files: string[] } {
  const o = options;
  validateDates(o.från, o.till);
  if (o.nummer !== undefined && (!Number.isInteger(o.nummer) || o.nummer < 1 || o.nummer > 3)) {
    throw new Error(`ogiltigt nummer ${o.nummer}: delårsrapportens nummer är 1–3`);
  }
  ensureEmptyTarget(target);
  const ml = modeline(target);
  const m = månad(o.till);
  const mFrån = månad(o.från);
  const periodText = `${månadsnamn(MONTHS_LONG, mFrån)}–${månadsnamn(MONTHS_LONG, m)} ${o.år}`;
  const kort = `${capitalize(månadsnamn(MONTHS_SHORT, m))} ${o.år}`;
  const kortFg = `${capitalize(månadsnamn(MONTHS_SHORT, m))} ${o.år - 1}`;
  const namn = rapportNamn(o.typ, o.nummer, o.år);

  const rapport = `${ml}
# ${namn} för ${o.nämnd}: metadata, förslag till beslut, ärendebeskrivning och sammanfattning.

kommun: ${q(o.kommun)}
nämnd:
  namn: ${q(o.nämnd)}
  förkortning: ${q(o.förkortning)}
förvaltning:
  namn: ${q(o.förvaltning)}
rapport:
  typ: ${o.typ}
${o.nummer !== undefined ? `  nummer: ${o.nummer}\n` : ''}  år: ${o.år}
  period:
    från: ${o.från}
    till: ${o.till}
  status: Påbörjad
dnr: ${q(o.dnr ?? 'Skriv diarienummer')}

förslag_till_beslut:
  - ${q(`${namn}, ${periodText}, godkänns och överlämnas till kommunstyrelsen.`)}

mottagare:
  - Kommunstyrelsen

undertecknare:
  - namn: Skriv namn
    titel: förvaltningschef
    organisation: ${q(o.förvaltning)}

ärendebeskrivning:
  - text: |
      Skriv ärendebeskrivningen.

sammanfattning: |
  Skriv sammanfattningen.
`;

  // The goal skeleton follows the profile of the folder the report is created in.
  const { profile, diagnostics: profileDiagnostics } = loadProfile(findProfile(path.dirname(path.resolve(target))));
  if (!profile) throw new Error(`profilen kan inte läsas: ${profileDiagnostics[0]?.message ?? ''}`);
  const mal = `${ml}
# Målstrukturen enligt profilen (${profile.data.organisation}): ${profile.levelKeys.map((k) => profile.level(k).namn).join(' → ')}.
# En nod per nivå att fylla i; bedömningarna står på "ej bedömd" tills de är gjorda.

${stringify({ mål: goalSkeleton(profile, o.till, o.förkortning) }, { lineWidth: 0 })}`;

  // Posts get amounts to fill in, written with the table's one decimal (the written precision sets
  // the rounding tolerance). Summa, resultat rows are left to the tool: it derives them, and a value
  // copied from the ledger can be added later to be checked.
  const SUMS: ReadonlySet<string> = new Set(RR_SUMMA_ROLLER);
  const rr = (id: string, namn: string, roll: string) =>
    `      - id: ${id}
        namn: ${namn}
        roll: ${roll}
` +
    (SUMS.has(roll)
      ? ''
      : `        utfall_fg: 0.0
        utfall: 0.0
        budget: 0.0
        prognos: 0.0
        budget_helår: 0.0
`);
  const ekonomi = `${ml}
# Ekonomisk redovisning. Belopp i mnkr; kostnader negativa. Avvikelser beräknas av verktyget.

ekonomi:
  resultaträkning:
    id: resultatrakning
    rubrik: Resultaträkning
    enhet: mnkr
    visning:
      decimaler: 1
    kolumner: [utfall_fg, utfall, budget, budgetavvikelse, prognos, prognosavvikelse]
    rubriker:
      utfall_fg: Utfall ${kortFg}
      utfall: Utfall ${kort}
      budget: Budget ${kort}
      budgetavvikelse: Budgetavvikelse ${kort}
      prognos: Årsprognos ${månadsnamn(MONTHS_SHORT, m)}
      prognosavvikelse: Avvikelse Årsprognos ${månadsnamn(MONTHS_SHORT, m)}
    rader:
${[
  rr('kommunersattning', 'Kommunersättning/skolpeng', 'intäkt'),
  rr('ovriga-intakter', 'Övriga intäkter', 'intäkt'),
  rr('summa-intakter', 'Summa INTÄKTER', 'summa_intäkter'),
  rr('personalkostnader', 'Personalkostnader', 'kostnad'),
  rr('lokalkostnader', 'Lokalkostnader', 'kostnad'),
  rr('kop-av-verksamhet', 'Köp av verksamhet', 'kostnad'),
  rr('ovriga-kostnader', 'Övriga kostnader', 'kostnad'),
  rr('summa-kostnader', 'Summa KOSTNADER', 'summa_kostnader'),
  rr('finansnetto', 'FINANSNETTO', 'finansnetto'),
  rr('resultat', 'Summa ÅRETS RESULTAT exkl över-/underskott', 'resultat'),
  rr('over-underskott', 'Över-/underskott', 'över_underskott'),
  rr('summa-rr', 'Summa RR verksamhetsrapportering', 'summa'),
].join('')}`;

  const internkontroll = `${ml}
# Intern styrning och kontroll: strategiska mål, risker och kontrollmoment.

internkontroll:
  rubrik: Intern styrning och kontroll
  mål:
    - id: strategiskt-mal
      namn: Skriv det strategiska målets namn
      perspektiv: ${profile.rootKeys[0]!.replace(/_/g, "-")}-1
      risker:
        - id: risk
          risk: Skriv risken.
          sannolikhet: ${SAKNAS}
          konsekvens: ${SAKNAS}
          kontrollmoment:
            - id: kontrollmoment
              text: Skriv kontrollmomentet.
              bedömning: ${SAKNAS}
`;

  const personal = `${ml}
# Personal: antal anställda, sjukfrånvaro och nyckeltal.

personal:
  anställda:
    id: anstallda
    kvinnor: 0
    män: 0
  sjukfrånvaro:
    - id: sjukfranvaro
      period: ${q(periodText)}
      typ: period
      totalt: 0
`;

  const files = [
    writeYaml(target, 'rapport.yaml', rapport),
    writeYaml(target, 'mal.yaml', mal),
    writeYaml(target, 'ekonomi.yaml', ekonomi),
    writeYaml(target, 'internkontroll.yaml', internkontroll),
    writeYaml(target, 'personal.yaml', personal),
  ];
  return { files };
}

// ---------------------------------------------------------------------------------------------
// rollover

const RR_AMOUNTS = ['utfall_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse'];
const DRIFT_AMOUNTS = ['budgetavvikelse_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse'];
const INV_AMOUNTS = [
  'utfall_ack_totalt',
  'projektbudget',
  'prognos_projekt',
  'prognosavvikelse_projekt',
  'budget_helår',
  'utfall',
  'prognos_helår',
  'prognosavvikelse',
];

const KOMMENTAR_TEXT = 'Skriv kommentar.\n';

interface Shift {
  oldYear: number;
  newYear: number;
  oldMonth: number;
  newMonth: number;
}

/** Replace years (shifted by newYear − oldYear) and the old period's month name in a label. */
export function shiftLabel(label: string, s: Shift): string {
  const dy = s.newYear - s.oldYear;
  let out = label.replace(/(?<!\d)(19|20)\d{2}(?!\d)/g, (y) => String(Number(y) + dy));
  if (s.oldMonth !== s.newMonth) {
    const replace = (names: readonly string[]) => {
      const from = names[s.oldMonth];
      const to = names[s.newMonth];
      if (!from || !to) return;
      out = out.replace(new RegExp(`(?<![\\p{L}])${from}(?![\\p{L}])`, 'giu'), (w) =>
        w === w.toUpperCase() && w.length > 1 ? to.toUpperCase() : w.charAt(0) === w.charAt(0).toUpperCase() ? capitalize(to) : to,
      );
    };
    replace(MONTHS_LONG);
    replace(MONTHS_SHORT);
  }
  return out;
}

type Obj = YAMLMap<unknown, unknown>;

function seqItems(node: unknown): Obj[] {
  return isSeq(node) ? (node.items.filter((i) => isMap(i)) as Obj[]) : [];
}

function num(map: Obj, key: string): number | undefined {
  const v = map.get(key);
  return typeof v === 'number' ? v : undefined;
}

/** Set a scalar value keeping the node (and its comments) when it is a scalar already. */
function setScalar(map: Obj, key: string, value: unknown): void {
  const node = map.get(key, true);
  if (isScalar(node) && node.value === value) return;
  // Comments on and above a changed value describe the old value: drop them.
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = undefined;
  if (isScalar(node)) {
    node.comment = undefined;
    node.commentBefore = undefined;
    node.value = value;
    delete node.format;
    delete (node as { source?: string }).source;
    if (typeof value === 'string' && value.includes('\n')) node.type = 'BLOCK_LITERAL';
    else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') node.type = 'PLAIN';
  } else map.set(key, value);
}

function setProse(map: Obj, key: string, text: string): void {
  setScalar(map, key, text);
  const node = map.get(key, true);
  if (isScalar(node)) node.type = 'BLOCK_LITERAL';
}

function shiftScalar(map: Obj, key: string, s: Shift): void {
  const v = map.get(key);
  if (typeof v === 'string') {
    const shifted = shiftLabel(v, s);
    if (shifted !== v) setScalar(map, key, shifted);
  } else if (typeof v === 'number' && v === s.oldYear) setScalar(map, key, s.newYear);
}

function resetKommentar(map: Obj, till: string): void {
  const k = map.get('kommentar', true);
  if (isMap(k)) {
    setScalar(k as Obj, 'datum', till);
    setProse(k as Obj, 'text', KOMMENTAR_TEXT);
  }
}

/** Shifts a table's headings to the new period; returns the ids of the columns it declares itself ({ id, rubrik }). */
function rolloverTable(table: Obj, s: Shift): string[] {
  const rubriker = table.get('rubriker', true);
  if (isMap(rubriker)) for (const pair of rubriker.items) {
    if (isScalar(pair.key)) shiftScalar(rubriker as Obj, String(pair.key.value), s);
  }
  for (const key of ['rubrik', 'underrubrik']) shiftScalar(table, key, s);
  const own: string[] = [];
  for (const k of seqItems(table.get('kolumner', true))) {
    const id = k.get('id');
    if (typeof id !== 'string') continue;
    own.push(id);
    shiftScalar(k, 'rubrik', s);
  }
  return own;
}

/** The old period's values in the table's own columns (an earlier forecast, a comment) are not the new period's. */
function clearOwnColumns(row: Obj, own: readonly string[]): void {
  for (const id of own) row.delete(id);
}

function rolloverEkonomi(ekonomi: Obj, s: Shift): void {
  // The balanskrav assessment cites the forecast, which is cleared: it is written anew.
  if (ekonomi.has('balanskrav')) setProse(ekonomi, 'balanskrav', 'Skriv bedömningen av balanskravet utifrån helårsprognosen.\n');
  const sammandrag = ekonomi.get('sammandrag', true);
  if (isMap(sammandrag)) {
    const own = rolloverTable(sammandrag as Obj, s);
    for (const rad of seqItems(sammandrag.get('rader', true))) {
      const utfall = rad.get('utfall', true);
      clearOwnColumns(rad, own);
      for (const k of ['utfall_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse']) rad.delete(k);
      if (isScalar(utfall) && typeof utfall.value === 'number') rad.set('utfall_fg', utfall);
    }
  }
  const rr = ekonomi.get('resultaträkning', true);
  if (isMap(rr)) {
    const own = rolloverTable(rr as Obj, s);
    for (const rad of seqItems(rr.get('rader', true))) {
      // Move the scalar node itself so the number keeps its spelling (-1.0 stays -1.0).
      const utfall = rad.get('utfall', true);
      clearOwnColumns(rad, own);
      for (const k of RR_AMOUNTS) rad.delete(k);
      if (isScalar(utfall) && typeof utfall.value === 'number') {
        utfall.comment = undefined;
        utfall.commentBefore = undefined;
        rad.set('utfall_fg', utfall);
      }
    }
  }
  for (const drift of seqItems(ekonomi.get('driftredovisning', true))) {
    const own = rolloverTable(drift as Obj, s);
    if (drift.has('text')) setProse(drift as Obj, 'text', 'Skriv text om driftredovisningen.\n');
    const rows = [...seqItems(drift.get('enheter', true))];
    const summa = drift.get('summa', true);
    if (isMap(summa)) rows.push(summa as Obj);
    for (const row of rows) {
      const utfall = num(row, 'utfall');
      const budget = num(row, 'budget');
      const stated = row.get('budgetavvikelse', true);
      let avvikelse: unknown = isScalar(stated) && typeof stated.value === 'number' ? stated : undefined;
      if (avvikelse === undefined && utfall !== undefined && budget !== undefined) avvikelse = Math.round((utfall - budget) * 1e6) / 1e6;
      for (const k of DRIFT_AMOUNTS) row.delete(k);
      clearOwnColumns(row, own);
      for (const v of seqItems(row.get('varav', true))) clearOwnColumns(v, own);
      if (isScalar(avvikelse)) {
        avvikelse.comment = undefined;
        avvikelse.commentBefore = undefined;
      }
      if (avvikelse !== undefined) row.set('budgetavvikelse_fg', avvikelse);
      if (row.has('förklaring')) setProse(row, 'förklaring', 'Skriv förklaring av avvikelsen.\n');
    }
  }
  for (const inv of seqItems(ekonomi.get('investeringsredovisning', true))) {
    const own = rolloverTable(inv as Obj, s);
    if (inv.has('text')) setProse(inv as Obj, 'text', 'Skriv text om investeringarna.\n');
    const rows = [...seqItems(inv.get('projekt', true))];
    const tableSumma = inv.get('summa', true);
    if (isMap(tableSumma)) rows.push(tableSumma as Obj);
    for (const grupp of seqItems(inv.get('grupper', true))) {
      rows.push(...seqItems(grupp.get('projekt', true)));
      const summa = grupp.get('summa', true);
      if (isMap(summa)) rows.push(summa as Obj);
    }
    for (const row of rows) {
      for (const k of INV_AMOUNTS) row.delete(k);
      clearOwnColumns(row, own);
    }
  }
}

/** One node per goal level of the profile, with every field the level has, written "uppgift saknas" until the author states it. */
function goalSkeleton(profile: Profile, till: string, förkortning: string): Record<string, unknown[]> {
  const node = (key: string, seen: string[]): Record<string, unknown> => {
    const level = profile.level(key);
    const n: Record<string, unknown> = { id: `${key.replace(/_/g, '-')}-1`, namn: `Skriv namnet (${level.namn.toLowerCase()})` };
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) n[field] = SAKNAS;
    }
    if (level.färdiggrad !== undefined) n['färdiggrad'] = SAKNAS;
    if (level.ansvar) n['ansvar'] = [förkortning];
    if (level.sammanställning) {
      const target = profile.levelKeys.find((k) => k !== key && profile.level(k).bedömning && isBelow(profile, key, k));
      if (target) n['sammanställning'] = target;
    }
    if (level.visning === 'avsnitt') n['text'] = 'Skriv texten.\n';
    else n['kommentar'] = { datum: till, text: KOMMENTAR_TEXT };
    for (const child of level.undernivåer) if (!seen.includes(child)) n[child] = [node(child, [...seen, key])];
    return n;
  };
  return Object.fromEntries(profile.rootKeys.map((r) => [r, [node(r, [])]]));
}

function isBelow(profile: Profile, from: string, target: string): boolean {
  return profile.level(from).undernivåer.some((c) => c === target || isBelow(profile, c, target));
}

/** Every goal node's assessments are reset to "uppgift saknas": the new period states its own. */
function rolloverMal(doc: Document, mal: Obj, s: Shift, till: string, profile: Profile): void {
  const visit = (node: Obj, levelKey: string) => {
    const level = profile.level(levelKey);
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale && node.has(field)) setScalar(node, field, SAKNAS);
    }
    if (node.has('färdiggrad')) setScalar(node, 'färdiggrad', SAKNAS);
    if (node.has('text')) setProse(node, 'text', `Skriv en text om ${level.namn.toLowerCase()}et.\n`.replace('måletet', 'målet'));
    resetKommentar(node, till);
    for (const ind of seqItems(node.get('indikatorer', true))) {
      const utfall = ind.get('utfall', true);
      const last = seqItems(utfall).at(-1);
      if (!isSeq(utfall) || !last) continue;
      const lastPeriod = last.get('period');
      const period = typeof lastPeriod === 'number' ? lastPeriod + (s.newYear - s.oldYear) : shiftLabel(String(lastPeriod ?? s.newYear), s);
      utfall.add(doc.createNode({ period, saknas: { typ: 'preliminärt_saknas', orsak: 'Utfall saknas ännu.' } }));
    }
    for (const child of level.undernivåer) for (const c of seqItems(node.get(child, true))) visit(c, child);
  };
  for (const root of profile.rootKeys) for (const n of seqItems(mal.get(root, true))) visit(n, root);
}

function rolloverInternkontroll(ik: Obj): void {
  if (ik.has('text')) setProse(ik, 'text', 'Skriv en text om intern styrning och kontroll.\n');
  for (const mal of seqItems(ik.get('mål', true))) {
    for (const risk of seqItems(mal.get('risker', true))) {
      if (risk.has('kommentar')) setProse(risk, 'kommentar', KOMMENTAR_TEXT);
      for (const km of seqItems(risk.get('kontrollmoment', true))) {
        setScalar(km, 'bedömning', SAKNAS);
        km.delete('resultat');
        km.delete('åtgärd');
      }
    }
  }
}

function rolloverPersonal(personal: Obj, s: Shift): void {
  const anst = personal.get('anställda', true);
  if (isMap(anst)) {
    setScalar(anst as Obj, 'kvinnor', 0);
    setScalar(anst as Obj, 'män', 0);
    (anst as Obj).delete('totalt');
  }
  for (const row of seqItems(personal.get('sjukfrånvaro', true))) {
    shiftScalar(row, 'period', s);
    for (const k of ['totalt', 'kvinnor', 'män']) row.delete(k);
  }
  for (const row of seqItems(personal.get('nyckeltal', true))) {
    shiftScalar(row, 'period', s);
    setScalar(row, 'värde', 0);
  }
}

function rolloverBilagor(bilagor: unknown, s: Shift): void {
  for (const b of seqItems(bilagor)) {
    shiftScalar(b, 'rubrik', s);
    shiftScalar(b, 'underrubrik', s);
    for (const fo of seqItems(b.get('fokusområden', true))) {
      for (const a of seqItems(fo.get('aktiviteter', true))) {
        setScalar(a, 'status', SAKNAS);
        if (a.has('färdiggrad')) setScalar(a, 'färdiggrad', SAKNAS);
        a.delete('kommentar');
      }
    }
  }
}

function rolloverMeta(root: Obj, o: RolloverOptions, s: Shift): void {
  const rapport = root.get('rapport', true);
  if (isMap(rapport)) {
    const r = rapport as Obj;
    const typ = o.typ ?? (r.get('typ') as RapportTypNamn | undefined);
    if (o.typ) setScalar(r, 'typ', o.typ);
    if (typ === 'verksamhetsberättelse' && o.nummer === undefined) r.delete('nummer');
    else if (o.nummer !== undefined) setScalar(r, 'nummer', o.nummer);
    setScalar(r, 'år', o.år);
    const period = r.get('period', true);
    if (isMap(period)) {
      setScalar(period as Obj, 'från', o.från);
      setScalar(period as Obj, 'till', o.till);
    } else r.set('period', { från: o.från, till: o.till });
    if (r.has('status')) setScalar(r, 'status', 'Påbörjad');
  }
  root.delete('paragraf');
  root.delete('beslutsdatum');
  root.delete('beslut');
  const forslag = root.get('förslag_till_beslut', true);
  if (isSeq(forslag)) forslag.items.forEach((item, i) => {
    if (isScalar(item) && typeof item.value === 'string') {
      let text = shiftLabel(item.value, s);
      if (o.nummer !== undefined) text = text.replace(/(Delårsrapport )\d/i, `$1${o.nummer}`);
      forslag.set(i, text);
    }
  });
  for (const item of seqItems(root.get('ärendebeskrivning', true))) setProse(item, 'text', 'Skriv ärendebeskrivningen.\n');
  const sammanfattning = root.get('sammanfattning', true);
  if (isScalar(sammanfattning)) setProse(root, 'sammanfattning', 'Skriv sammanfattningen.\n');
  // The counts the old report printed are not the new period's: the new report states its own or counts its nodes.
  const statusräkning = root.get('statusräkning', true);
  if (isMap(statusräkning)) {
    (statusräkning as Obj).delete('antal');
    (statusräkning as Obj).delete('totalt');
  }
}

/** Read `rapport.år` and `rapport.period.till` from the source's YAML files. */
function sourcePeriod(docs: Map<string, Document>): { år: number; till: string } | undefined {
  for (const doc of docs.values()) {
    const år = doc.getIn(['rapport', 'år']);
    const till = doc.getIn(['rapport', 'period', 'till']);
    if (typeof år === 'number' && typeof till === 'string') return { år, till };
  }
  return undefined;
}

/** The next period's report from the report in `source`, written to `target` (must not exist or be empty). */
/**
 * ny-period copies the folder: a symbolic link would be copied as a link and the new period's text
 * written through it (to a file anywhere), and a FIFO or device would be read. Both are refused.
 */
function refuseLinksAndSpecialFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) throw new Error(`${abs} är en symbolisk länk; ny-period kopierar inga länkar – ersätt den med filen`);
    if (entry.isDirectory()) refuseLinksAndSpecialFiles(abs);
    else if (!entry.isFile()) throw new Error(`${abs} är ingen vanlig fil (en FIFO, socket eller enhet); ta bort den`);
  }
}

export function rolloverReport(source: string, target: string, options: RolloverOptions): { files: string[] } {
  validateDates(options.från, options.till);
  if (!existsSync(path.join(source, 'rapport.yaml'))) throw new Error(`${source} är ingen rapportmapp (rapport.yaml saknas)`);
  refuseLinksAndSpecialFiles(source);
  const names = readdirSync(source).filter((n) => /\.ya?ml$/.test(n)).sort();
  const docs = new Map<string, Document>();
  for (const name of names) {
    const read = readBounded(path.join(source, name), MAX_FILE_BYTES);
    if (!read.bytes) throw new Error(`${name} kan inte läsas: ${readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code).message}`);
    const doc = parseDocument(read.bytes.toString('utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) throw new Error(`${name} kan inte läsas: ${doc.errors[0]?.message ?? ''}`);
    docs.set(name, doc);
  }
  const old = sourcePeriod(docs);
  if (!old) throw new Error('rapportens år och period (rapport.år, rapport.period.till) saknas i källan');
  const s: Shift = { oldYear: old.år, newYear: options.år, oldMonth: månad(old.till), newMonth: månad(options.till) };
  const { profile, diagnostics } = loadProfile(findProfile(source));
  if (!profile) throw new Error(`profilen kan inte läsas: ${diagnostics[0]?.message ?? ''}`);

  ensureEmptyTarget(target);
  const ml = modeline(target);
  const files: string[] = [];
  for (const [name, doc] of docs) {
    const root = doc.contents;
    if (isMap(root)) {
      const r = root as Obj;
      if (r.has('rapport')) rolloverMeta(r, options, s);
      const ekonomi = r.get('ekonomi', true);
      if (isMap(ekonomi)) rolloverEkonomi(ekonomi as Obj, s);
      const mal = r.get('mål', true);
      if (isMap(mal)) rolloverMal(doc, mal as Obj, s, options.till, profile);
      const ik = r.get('internkontroll', true);
      if (isMap(ik)) rolloverInternkontroll(ik as Obj);
      const personal = r.get('personal', true);
      if (isMap(personal)) rolloverPersonal(personal as Obj, s);
      if (r.has('bilagor')) rolloverBilagor(r.get('bilagor', true), s);
    }
    let text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    const lines = text.split('\n');
    if (MODELINE_RE.test(lines[0] ?? '')) lines[0] = ml;
    else lines.unshift(ml);
    text = lines.join('\n');
    files.push(writeYaml(target, name, text));
  }
  // Prose files and other assets (Markdown, images) are copied as they are, except Markdown that
  // cites figures ({{…}}): those figures are cleared, so the file gets a placeholder and the previous
  // period's text is kept beside it as <namn>.föregående.md (not referenced by the report).
  for (const entry of readdirSync(source)) {
    if (/\.ya?ml$/.test(entry)) continue;
    const from = path.join(source, entry);
    const to = path.join(target, entry);
    cpSync(from, to, { recursive: true });
    const copied = statSync(from).isDirectory()
      ? (readdirSync(to, { recursive: true }) as string[]).map((f) => path.join(to, f)).filter((f) => statSync(f).isFile())
      : [to];
    for (const file of copied) {
      if (file.endsWith('.md') && !file.endsWith('.föregående.md') && readFileSync(file, 'utf8').includes('{{')) {
        const previous = file.replace(/\.md$/, '.föregående.md');
        cpSync(file, previous);
        writeFileSync(file, `Skriv texten. Föregående periods text finns i ${path.basename(previous)}.\n`);
        files.push(file, previous);
      } else files.push(file);
    }
  }
  return { files };
}
