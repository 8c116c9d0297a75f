/**
 * `rapport ny-period`: the next period's report from the current one.
 *
 * What a figure means follows from the two periods, never from its position. Every money column is
 * read as a quantity over an interval – "utfall januari–april 2025", "budget 2025", "prognos made in
 * april 2025" – in the old report, and the new report's columns are read the same way in the new
 * period. A value moves only to a column that means the same quantity: DR2 2023's utfall becomes
 * DR2 2024's utfall_fg, DR1's budget_helår stays DR2's budget_helår and becomes the
 * verksamhetsberättelse's budget, and nothing of DR1's "this period" lands in DR2's "same period last
 * year". Everything without a column of the same meaning is cleared.
 *
 * Indicator and personal series follow their period labels: a period that continues (the year, from
 * DR1 to DR2 and to the verksamhetsberättelse) is cleared and kept, a new period is added, targets per
 * period, ids and texts carry over. Assessments become `uppgift saknas` where the profile allows it,
 * comments, analyses and explanations are removed (absent is absent), and a text the report must have
 * becomes a placeholder («FYLL I: …», src/check/placeholders.ts) that check lists and build refuses.
 *
 * Works on the `yaml` Document API so comments survive where their nodes survive; every written YAML
 * file goes through formatYamlSource.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap, YAMLSeq } from 'yaml';
import { placeholder } from '../check/placeholders.js';
import { checkReport } from '../check/index.js';
import { type Cell, effective, type Quantity } from '../derive/cell.js';
import { deriveReport, type DerivedReport } from '../derive/index.js';
import { MONTHS_LONG, MONTHS_SHORT } from '../format/months.js';
import { formatYamlSource } from '../fmt/format.js';
import { loadReportFolder } from '../load/report-folder.js';
import { readBounded, SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES, type Path } from '../load/yaml-file.js';
import { type Krav, SAKNAS } from '../schema/absent.js';
import { findProfile, loadProfile, type Profile } from '../profile/profile.js';
import type { TableKind } from '../schema/profile.js';
import { DRIFT_BELOPP, INV_BELOPP, RR_SUMMA_ROLLER, SAMMANDRAG_BELOPP } from '../schema/report.js';
import { validateReport } from '../validate/validate.js';
import { compileReport } from '../pipeline/compile.js';
import { modeline } from './modeline.js';

export type RapportTypNamn = 'delårsrapport' | 'verksamhetsberättelse';

export interface RolloverOptions {
  typ?: RapportTypNamn;
  nummer?: number;
  år: number;
  från: string;
  till: string;
}

export interface RolloverResult {
  files: string[];
  /**
   * What the new report must state that the format cannot leave open (a field the profile requires,
   * `krävs`, which can be neither left out nor written `uppgift saknas`): check reports each as an error
   * until it is written. Empty for the examples' profiles.
   */
  attFylla: string[];
}

const MODELINE_RE = /^# yaml-language-server: \$schema=.*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

type Obj = YAMLMap<unknown, unknown>;

// ---------------------------------------------------------------------------------------------
// Periods

interface Period {
  typ: RapportTypNamn;
  år: number;
  från: string;
  till: string;
  nummer?: number;
  lagstadgad?: boolean;
}

/** Month of a date, 1–12. */
function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

/** Months since year 0 of a period's end: the time axis the labels and columns are placed on. */
function endIndex(p: Pick<Period, 'år' | 'till'>): number {
  return p.år * 12 + monthOf(p.till) - 1;
}

interface Shift {
  oldYear: number;
  newYear: number;
  /** 0-based month of the old and the new period's end. */
  oldMonth: number;
  newMonth: number;
}

/** Everything one rollover needs to know. */
interface Step {
  old: Period;
  neu: Period;
  shift: Shift;
  sameYear: boolean;
  typeChanged: boolean;
  profile: Profile;
  /** The old report as the tool derived it (stated and computed cells), when it validates. */
  oldDerived?: DerivedReport;
  source: string;
  /** Prose files (relative to the report folder) and what becomes of them in the new folder. */
  files: Map<string, 'placeholder' | 'retire'>;
  attFylla: string[];
  /** Report folder names: old → new suffix, for references into sibling reports of the same period. */
  rename?: { from: string; to: string };
}

function validateDates(från: string, till: string): void {
  for (const d of [från, till]) {
    if (!DATE_RE.test(d) || Number.isNaN(Date.parse(d))) throw new Error(`ogiltigt datum "${d}": ange ÅÅÅÅ-MM-DD`);
  }
  if (från > till) throw new Error(`periodens början (${från}) ligger efter dess slut (${till})`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Replace years (shifted by newYear − oldYear) and the old period's month name in a label. */
export function shiftLabel(label: string, s: Shift): string {
  const out = shiftYears(label, s.newYear - s.oldYear);
  return s.oldMonth === s.newMonth ? out : replaceMonth(out, s.oldMonth, s.newMonth);
}

function shiftYears(label: string, dy: number): string {
  return dy === 0 ? label : label.replace(/(?<!\d)(19|20)\d{2}(?!\d)/g, (y) => String(Number(y) + dy));
}

function replaceMonth(label: string, from: number, to: number): string {
  let out = label;
  // "maj" is both the long and the short name: the label's other month names say which it is.
  const ambiguous = MONTHS_LONG[from] === MONTHS_SHORT[from];
  const others = [...label.matchAll(/\p{L}+/gu)].map((m) => m[0].toLowerCase()).filter((w) => w !== MONTHS_LONG[from]);
  const long = others.some((w) => (MONTHS_LONG as readonly string[]).includes(w) && !(MONTHS_SHORT as readonly string[]).includes(w));
  for (const names of ambiguous ? [long ? MONTHS_LONG : MONTHS_SHORT] : [MONTHS_LONG, MONTHS_SHORT]) {
    const a = names === MONTHS_LONG ? MONTHS_LONG[from] : MONTHS_SHORT[from];
    const b = names[to];
    if (!a || !b) continue;
    out = out.replace(new RegExp(`(?<![\\p{L}])${a}(?![\\p{L}])`, 'giu'), (w) => inCase(b, w));
  }
  return out;
}

/** `word` written in the case of `like` (april, April, APRIL). */
function inCase(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  return like.charAt(0) === like.charAt(0).toUpperCase() ? capitalize(word) : word;
}

const MONTH_BY_NAME = new Map<string, { m: number; long: boolean }>([
  ...MONTHS_SHORT.map((n, m) => [n, { m, long: false }] as const),
  ...MONTHS_LONG.map((n, m) => [n, { m, long: true }] as const),
]);

function monthName(m: number, long: boolean, like: string): string {
  return inCase((long ? MONTHS_LONG : MONTHS_SHORT)[m] ?? '', like);
}

/**
 * A period label in the new report's time: a year moves by the years between the reports; a span
 * of months ("jan–aug 2023", "juni 2022–maj 2023") keeps its place relative to the period's end –
 * a span from January (the year so far) ends as many months later as the period does, a rolling span
 * moves both ends. Other labels get their years shifted and the old period's month replaced.
 */
export function shiftPeriodLabel(label: string | number, from: Pick<Period, 'år' | 'till'>, to: Pick<Period, 'år' | 'till'>): string | number {
  const dy = to.år - from.år;
  if (typeof label === 'number') return Number.isInteger(label) && label >= 1900 && label <= 2100 ? label + dy : label;
  if (/^(19|20)\d{2}$/.test(label)) return String(Number(label) + dy);
  const delta = endIndex(to) - endIndex(from);
  const span = /^(\p{L}+)(?:\s+((?:19|20)\d{2}))?(\s*[–—-]\s*)(\p{L}+)\s+((?:19|20)\d{2})$/u.exec(label);
  let a = span && MONTH_BY_NAME.get(span[1]!.toLowerCase());
  let b = span && MONTH_BY_NAME.get(span[4]!.toLowerCase());
  if (span && a && b) {
    // "maj" is both the long and the short name: it is written like the other end.
    if (a.m === 4) a = { m: 4, long: b.long };
    else if (b.m === 4) b = { m: 4, long: a.long };
    const endYear = Number(span[5]);
    const startYear = span[2] ? Number(span[2]) : endYear;
    const end = endYear * 12 + b.m + delta;
    const fromJanuary = a.m === 0 && startYear === endYear;
    const start = fromJanuary ? Math.floor(end / 12) * 12 : startYear * 12 + a.m + delta;
    const sy = Math.floor(start / 12);
    const ey = Math.floor(end / 12);
    const withStartYear = span[2] !== undefined || sy !== ey;
    return `${monthName(start % 12, a.long, span[1]!)}${withStartYear ? ` ${sy}` : ''}${span[3]}${monthName(end % 12, b.long, span[4]!)} ${ey}`;
  }
  const single = /^(\p{L}+)\s+((?:19|20)\d{2})$/u.exec(label);
  const m = single && MONTH_BY_NAME.get(single[1]!.toLowerCase());
  if (single && m) {
    const at = Number(single[2]) * 12 + m.m + delta;
    return `${monthName(at % 12, m.long, single[1]!)} ${Math.floor(at / 12)}`;
  }
  return shiftLabel(label, { oldYear: from.år, newYear: to.år, oldMonth: monthOf(from.till) - 1, newMonth: monthOf(to.till) - 1 });
}

/**
 * Whether a period label of the old report is a period the new report continues: within one year,
 * from DR1 to DR2 to the verksamhetsberättelse, the year ("2024") and the year so far ("jan–apr 2024"
 * becoming "jan–aug 2024") go on; their old values are not the new period's. A closed period (last
 * year, a rolling twelve months, a lagged year) does not.
 */
function continues(label: string | number, step: Step): boolean {
  if (!step.sameYear || step.old.till >= `${step.old.år}-12-31` || step.old.till >= step.neu.till) return false;
  if (String(label) === String(step.old.år)) return true;
  const span = typeof label === 'string' ? /^(\p{L}+)(\s*[–—-]\s*)(\p{L}+)\s+((?:19|20)\d{2})$/u.exec(label) : null;
  return span !== null && MONTH_BY_NAME.get(span[1]!.toLowerCase())?.m === 0 && Number(span[4]) === step.old.år;
}

/** A report's name as its texts write it ("Delårsrapport 2", "verksamhetsberättelse"), in the new report. */
function renameReport(text: string, step: Step): string {
  const { old, neu } = step;
  const newName = (like: string) =>
    neu.typ === 'verksamhetsberättelse' ? inCase('verksamhetsberättelse', like) : `${inCase('delårsrapport', like)}${neu.nummer ? ` ${neu.nummer}` : ''}`;
  if (old.typ === 'verksamhetsberättelse') {
    return neu.typ === 'verksamhetsberättelse' ? text : text.replace(/(?<!\p{L})verksamhetsberättelse(?!\p{L})/giu, (w) => newName(w));
  }
  if (old.nummer === undefined) return neu.typ === 'delårsrapport' ? text : text.replace(/(?<!\p{L})delårsrapport(?!\p{L})/giu, (w) => newName(w));
  return text.replace(/(?<!\p{L})(delårsrapport|delår)(\s+)(\d)(?!\d)/giu, (all, word: string, space: string, n: string) => {
    if (Number(n) !== old.nummer) return all;
    if (neu.typ === 'verksamhetsberättelse') return inCase('verksamhetsberättelse', word);
    return neu.nummer === undefined ? word : `${word}${space}${neu.nummer}`;
  });
}

/** A heading or title in the new report: the report's name, years and the period's month. */
function retitle(text: string, step: Step): string {
  return shiftLabel(renameReport(text, step), step.shift);
}

// ---------------------------------------------------------------------------------------------
// YAML helpers

function seqItems(node: unknown): Obj[] {
  return isSeq(node) ? (node.items.filter((i) => isMap(i)) as Obj[]) : [];
}

function mapAt(map: Obj, key: string): Obj | undefined {
  const node = map.get(key, true);
  return isMap(node) ? (node as Obj) : undefined;
}

/** Set a scalar value keeping the node (and its comments) when the value does not change. */
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

function retitleScalar(map: Obj, key: string, step: Step): void {
  const v = map.get(key);
  if (typeof v !== 'string') return;
  const out = retitle(v, step);
  if (out !== v) setScalar(map, key, out);
}

/** A scalar node to move to another key: its comments describe where it stood. */
function detached(node: Scalar): Scalar {
  node.comment = undefined;
  node.commentBefore = undefined;
  return node;
}

// ---------------------------------------------------------------------------------------------
// Texts

/** The text of a prose value: inline, or the Markdown file it names. */
function proseText(node: unknown, step: Step): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isMap(node)) {
    const fil = (node as Obj).get('fil');
    if (typeof fil === 'string') {
      const file = path.join(step.source, fil);
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    }
  }
  return undefined;
}

/**
 * A text that does not belong to the old period: it cites no figure and names none of the years
 * around it ("Nämndens uppdrag" stays; "Händelser 2023" does not).
 */
function timeless(node: unknown, step: Step): boolean {
  const text = proseText(node, step);
  if (text === undefined || text.includes('{{')) return false;
  const years = [...text.matchAll(/(?<!\d)(19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
  return !years.some((y) => Math.abs(y - step.old.år) <= 1);
}

/**
 * A text of the old period. Left out when the report may leave it out; a text the report must have
 * becomes a placeholder. A Markdown file keeps the old text beside it as <namn>.föregående.md.
 */
function clearProse(map: Obj, key: string, step: Step, required: false | string): void {
  const node = map.get(key, true);
  if (node === undefined) return;
  const fil = isMap(node) ? (node as Obj).get('fil') : undefined;
  if (typeof fil === 'string') {
    if (required) step.files.set(path.normalize(fil), 'placeholder');
    else {
      if (!step.files.has(path.normalize(fil))) step.files.set(path.normalize(fil), 'retire');
      map.delete(key);
    }
    return;
  }
  if (required) setProse(map, key, `${placeholder(required)}\n`);
  else map.delete(key);
}

/** A section's own text: kept when it is timeless, else cleared. */
function keepOrClearProse(map: Obj, key: string, step: Step, required: false | string): void {
  const node = map.get(key, true);
  if (node === undefined || timeless(node, step)) return;
  clearProse(map, key, step, required);
}

// ---------------------------------------------------------------------------------------------
// Assessments

/**
 * A period's assessment (status, bedömning, färdiggrad …) is not the next period's. The profile says
 * whether the report may write `uppgift saknas`. Where it requires a value (krävs) the format has no
 * way to say "not yet": as `rapport init` does, a placeholder stands in the field, check reports it
 * (the field is not a valid value) and the field is named in attFylla.
 */
function clearAssessment(map: Obj, key: string, krav: Krav, what: string, step: Step, values?: string): void {
  if (!map.has(key)) return;
  if (krav === 'krävs') {
    setScalar(map, key, placeholder(`${key}${values ? ` (${values})` : ''}`));
    step.attFylla.push(what);
    return;
  }
  setScalar(map, key, SAKNAS);
  // A comment beside the old value ("symbolen förlorad") describes the old report.
  const node = map.get(key, true);
  if (isScalar(node)) node.comment = undefined;
}

// ---------------------------------------------------------------------------------------------
// Money tables: columns by meaning

const STANDARD: Record<TableKind, readonly string[]> = {
  resultaträkning: ['utfall_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse'],
  driftredovisning: DRIFT_BELOPP,
  investeringsredovisning: INV_BELOPP,
  sammandrag: SAMMANDRAG_BELOPP,
};

/** Columns a verksamhetsberättelse has no use for: a forecast of the year is not made when the year is closed. */
const FORECASTS = new Set(['prognos', 'prognosavvikelse', 'prognos_helår']);

/**
 * What a column of a table kind holds in a report of a period: a quantity over an interval, as a
 * key that is equal exactly when two columns hold the same figures.
 */
function standardMeaning(kind: TableKind, key: string, p: Period): string | undefined {
  const Y = p.år;
  const M = monthOf(p.till);
  const at = endIndex(p);
  switch (key) {
    case 'utfall':
      return `utfall ${Y} 1–${M}`;
    case 'utfall_fg':
      return `utfall ${Y - 1} 1–${M}`;
    case 'budget':
      return `budget ${Y} 1–${M}`;
    case 'budget_helår':
      return `budget ${Y} 1–12`;
    case 'budgetavvikelse':
      return kind === 'investeringsredovisning' ? `investering budgetavvikelse ${at}` : `budgetavvikelse ${Y} 1–${M}`;
    case 'budgetavvikelse_fg':
      return `budgetavvikelse ${Y - 1} 1–${M}`;
    case 'prognos':
    case 'prognos_helår':
      return `prognos ${at}`;
    case 'prognosavvikelse':
      return `prognosavvikelse ${at}`;
    case 'projektbudget':
      // A project's total budget is decided with the year's budget: it carries within the year.
      return `projektbudget ${Y}`;
    default:
      // utfall_ack_totalt, budgetavvikelse_projekt, prognos_projekt, prognosavvikelse_projekt: as of the period's end.
      return `${key} ${at}`;
  }
}

/**
 * What a table's own amount column holds, read from its heading: "Prognos maj" is the forecast made
 * in May of the report's year, "Utfall apr 2025" the outcome January–April 2025, "Bokslut 2024" the
 * outcome of 2024. A heading that says none of this clearly holds nothing that can move.
 */
function headingMeaning(heading: string, p: Period): string | undefined {
  const h = heading.toLowerCase();
  if (/avvikelse|\back\b|ackumulerat|%/.test(h)) return undefined;
  const year = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(h);
  const Y = year ? Number(year[1]) : p.år;
  const month = [...h.matchAll(/\p{L}+/gu)].map((m) => MONTH_BY_NAME.get(m[0])).find((m) => m !== undefined);
  const M = month ? month.m + 1 : undefined;
  if (/^(utfall|bokslut)(?!\p{L})/u.test(h)) {
    if (M !== undefined) return `utfall ${Y} 1–${M}`;
    return h.startsWith('bokslut') || year ? `utfall ${Y} 1–12` : undefined;
  }
  if (/^(års)?prognos(?!\p{L})/u.test(h)) return M !== undefined ? `prognos ${Y * 12 + M - 1}` : undefined;
  if (/^budget(?!\p{L})/u.test(h)) return M !== undefined && !h.includes('helår') ? `budget ${Y} 1–${M}` : `budget ${Y} 1–12`;
  return undefined;
}

/**
 * The profile's columns for the new kind of report, with the columns the table added to the
 * profile's for the old kind (a project's forecast in an investment table), each after the column it
 * stood after.
 */
function withAdditions(defaults: readonly string[], oldList: readonly string[], oldDefaults: readonly string[] | undefined): string[] {
  const out = [...defaults];
  oldList.forEach((id, i) => {
    if (out.includes(id) || (oldDefaults ?? []).includes(id)) return;
    const before = oldList.slice(0, i).reverse().find((b) => out.includes(b));
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, id);
  });
  return out;
}

interface ColumnEntry {
  id: string;
  standard: boolean;
  node: unknown;
  rubrik?: string;
  /** belopp without `avvikelse`: a column whose figures are stated. */
  stated: boolean;
}

function columnEntries(table: Obj, kind: TableKind): ColumnEntry[] | undefined {
  const kolumner = table.get('kolumner', true);
  if (!isSeq(kolumner)) return undefined;
  return kolumner.items.map((item) => {
    if (isScalar(item)) return { id: String(item.value), standard: true, node: item, stated: true };
    const m = item as Obj;
    const id = String(m.get('id'));
    const rubrik = m.get('rubrik');
    const typ = m.get('typ');
    return {
      id,
      standard: STANDARD[kind].includes(id),
      node: item,
      rubrik: typeof rubrik === 'string' ? rubrik : undefined,
      stated: (typ === undefined || typ === 'belopp') && !m.has('avvikelse'),
    };
  });
}

/** A row of a money table: where it stands, and whether it is a post (its deviations are its own) or a sum. */
interface MoneyRow {
  node: Obj;
  path: Path;
  post: boolean;
}

function derivedCells(step: Step, at: Path): Record<string, Cell | undefined> | undefined {
  const key = JSON.stringify(at);
  for (const t of step.oldDerived?.tables ?? []) for (const r of t.rows) if (JSON.stringify(r.path) === key) return r.cells;
  return undefined;
}

/** Decimals a computed figure is written with: those of its operands (25.5 − 28.1 = −2.6). */
function decimalsOf(cell: Cell, q: Quantity): number {
  let dp = q.value.decimalPlaces();
  for (const o of cell.computed?.operands ?? []) {
    const u = o.quantity.uncertainty.toNumber();
    if (u > 0) dp = Math.max(dp, Math.round(-Math.log10(u * 2)));
  }
  return Math.min(dp, 6);
}

function numberNode(q: Quantity, cell: Cell): Scalar {
  const dp = decimalsOf(cell, q);
  const node = new Scalar(Number(q.value.toFixed(dp)));
  node.minFractionDigits = dp;
  return node;
}

/** Columns whose figures the new table cannot derive (nothing in the new report to compute them from). */
const ONLY_STATED = new Set(['budgetavvikelse_fg']);

/**
 * One money table: headings and columns for the new report, and each row's figures moved to the
 * column that means the same in the new period (cleared where there is none).
 */
function rolloverMoneyTable(table: Obj, kind: TableKind, rows: MoneyRow[], step: Step): void {
  const { old, neu, profile } = step;
  retitleScalar(table, 'rubrik', step);
  retitleScalar(table, 'underrubrik', step);

  const oldEntries = columnEntries(table, kind);
  const rubriker = mapAt(table, 'rubriker');
  const customHeading = (id: string): string | undefined => {
    const r = rubriker?.get(id);
    return typeof r === 'string' ? r : oldEntries?.find((e) => e.id === id)?.rubrik;
  };
  // Own columns: their meaning read from their heading in the old period, and in the new (the years
  // of a heading move with the report; a month names a fixed point of the year, "Prognos maj").
  const ownOld = new Map<string, string | undefined>();
  const ownNew = new Map<string, string | undefined>();
  for (const e of oldEntries ?? []) {
    if (e.standard) continue;
    const heading = e.rubrik ?? e.id;
    ownOld.set(e.id, e.stated ? headingMeaning(heading, old) : undefined);
    const shifted = shiftYears(heading, neu.år - old.år);
    if (shifted !== heading && isMap(e.node)) setScalar(e.node as Obj, 'rubrik', shifted);
    ownNew.set(e.id, e.stated ? headingMeaning(shifted, neu) : undefined);
  }

  if (!step.typeChanged) {
    // Same kind of report: a standard column means the same relative to the period, so its heading follows the period.
    if (rubriker) for (const pair of rubriker.items) if (isScalar(pair.key)) retitleScalar(rubriker, String(pair.key.value), step);
    for (const e of oldEntries ?? []) if (e.standard && isMap(e.node) && e.rubrik !== undefined) retitleScalar(e.node as Obj, 'rubrik', step);
  } else {
    // Another kind of report: the profile's columns and headings for it (with the columns the table
    // added to the old kind's), the table's own columns after them.
    const templates = profile.columnTemplates(neu.typ);
    const defaults = profile.defaultColumns(neu.typ, kind);
    const oldDefaults = profile.defaultColumns(old.typ, kind);
    const own = (oldEntries ?? []).filter((e) => !e.standard);
    const shown = (oldEntries ? oldEntries.filter((e) => e.standard).map((e) => e.id) : (oldDefaults ?? [])).filter((id) => !(neu.typ === 'verksamhetsberättelse' && FORECASTS.has(id)));
    let standard = defaults ? withAdditions(defaults, shown, oldDefaults) : shown;
    // A column the profile has no heading for keeps the table's own (in the new period's words), or is not shown.
    const keep = new Map<string, string>();
    for (const id of standard) {
      if (templates[id] !== undefined) continue;
      const heading = customHeading(id);
      if (heading !== undefined) keep.set(id, retitle(heading, step));
    }
    standard = standard.filter((id) => templates[id] !== undefined || keep.has(id));
    const asDefault = defaults !== undefined && own.length === 0 && standard.join() === defaults.join();
    if (asDefault) table.delete('kolumner');
    else if (oldEntries || !defaults) {
      const seq = isSeq(table.get('kolumner', true)) ? (table.get('kolumner', true) as unknown as YAMLSeq) : new YAMLSeq();
      seq.items = [...standard.map((id) => new Scalar(id)), ...own.map((e) => e.node)] as typeof seq.items;
      seq.flow = own.length === 0;
      table.set('kolumner', seq);
    }
    if (keep.size > 0) table.set('rubriker', Object.fromEntries(keep));
    else table.delete('rubriker');
  }

  // Which old column each new column takes its figures from.
  const oldMeaning = new Map<string, string>();
  for (const key of STANDARD[kind]) {
    const m = standardMeaning(kind, key, old);
    if (m) oldMeaning.set(m, oldMeaning.get(m) ?? key);
  }
  for (const [id, m] of ownOld) if (m && !oldMeaning.has(m)) oldMeaning.set(m, id);
  const moves: [string, string][] = [];
  for (const key of STANDARD[kind]) {
    const m = standardMeaning(kind, key, neu);
    const from = m ? oldMeaning.get(m) : undefined;
    if (from) moves.push([key, from]);
  }
  for (const [id, m] of ownNew) {
    const from = m ? oldMeaning.get(m) : undefined;
    if (from) moves.push([id, from]);
  }

  const cleared = new Set([...STANDARD[kind], ...ownOld.keys()]);
  for (const row of rows) {
    const before = new Map<string, unknown>();
    for (const key of cleared) before.set(key, row.node.get(key, true));
    const cells = row.post ? derivedCells(step, row.path) : undefined;
    for (const key of cleared) row.node.delete(key);
    for (const [to, from] of moves) {
      const node = before.get(from);
      if (isScalar(node) && typeof node.value === 'number') {
        row.node.set(to, to === from ? node : detached(node.clone() as Scalar));
      } else if (ONLY_STATED.has(to) && cells) {
        const cell = cells[from];
        const q = effective(cell);
        if (cell && q) row.node.set(to, numberNode(q, cell));
      }
    }
    // The explanation of a deviation is the old period's.
    row.node.delete('förklaring');
  }
}

function rolloverEkonomi(ekonomi: Obj, step: Step): void {
  retitleScalar(ekonomi, 'rubrik', step);
  clearProse(ekonomi, 'text', step, false);
  // The balanskrav assessment cites the forecast, which is the old period's.
  clearProse(ekonomi, 'balanskrav', step, false);
  const base: Path = ['ekonomi'];
  const sammandrag = mapAt(ekonomi, 'sammandrag');
  if (sammandrag) {
    clearProse(sammandrag, 'text', step, false);
    const rows = seqItems(sammandrag.get('rader', true)).map((node, i) => ({ node, path: [...base, 'sammandrag', 'rader', i], post: !node.has('från') }));
    rolloverMoneyTable(sammandrag, 'sammandrag', rows, step);
  }
  const rr = mapAt(ekonomi, 'resultaträkning');
  if (rr) {
    const sums: readonly string[] = RR_SUMMA_ROLLER;
    const rows = seqItems(rr.get('rader', true)).map((node, i) => ({ node, path: [...base, 'resultaträkning', 'rader', i], post: !sums.includes(String(node.get('roll'))) }));
    rolloverMoneyTable(rr, 'resultaträkning', rows, step);
  }
  seqItems(ekonomi.get('driftredovisning', true)).forEach((drift, t) => {
    clearProse(drift, 'text', step, false);
    const at: Path = [...base, 'driftredovisning', t];
    const rows: MoneyRow[] = [];
    const withVarav = (node: Obj, p: Path, post: boolean) => {
      rows.push({ node, path: p, post });
      seqItems(node.get('varav', true)).forEach((v, j) => rows.push({ node: v, path: [...p, 'varav', j], post }));
    };
    seqItems(drift.get('enheter', true)).forEach((node, i) => withVarav(node, [...at, 'enheter', i], true));
    const summa = mapAt(drift, 'summa');
    if (summa) withVarav(summa, [...at, 'summa'], false);
    rolloverMoneyTable(drift, 'driftredovisning', rows, step);
  });
  seqItems(ekonomi.get('investeringsredovisning', true)).forEach((inv, t) => {
    const at: Path = [...base, 'investeringsredovisning', t];
    const hasTable = inv.has('projekt') || inv.has('grupper');
    // A text-only investeringsredovisning must have its text.
    clearProse(inv, 'text', step, hasTable ? false : 'Skriv texten om investeringarna.');
    const rows: MoneyRow[] = [];
    seqItems(inv.get('projekt', true)).forEach((node, i) => rows.push({ node, path: [...at, 'projekt', i], post: true }));
    const summa = mapAt(inv, 'summa');
    if (summa) rows.push({ node: summa, path: [...at, 'summa'], post: false });
    seqItems(inv.get('grupper', true)).forEach((g, gi) => {
      seqItems(g.get('projekt', true)).forEach((node, i) => rows.push({ node, path: [...at, 'grupper', gi, 'projekt', i], post: true }));
      const gs = mapAt(g, 'summa');
      if (gs) rows.push({ node: gs, path: [...at, 'grupper', gi, 'summa'], post: false });
    });
    rolloverMoneyTable(inv, 'investeringsredovisning', rows, step);
  });
}

// ---------------------------------------------------------------------------------------------
// Series: indicators and the rows of statistics tables

const NOT_YET = { typ: 'preliminärt_saknas', orsak: 'Utfall saknas ännu.' };

/**
 * A series of values per period (oldest first; the last is the report period's). The new report's
 * period is the last period's label moved to the new period: a period that continues is cleared and
 * kept, a new one is added, a period that is closed keeps its value.
 */
function rolloverSeries(doc: Document, utfall: unknown, step: Step): void {
  if (!isSeq(utfall)) return;
  const items = seqItems(utfall);
  const last = items.at(-1);
  if (!last) return;
  const lastPeriod = last.get('period');
  if (typeof lastPeriod !== 'string' && typeof lastPeriod !== 'number') return;
  const period = shiftPeriodLabel(lastPeriod, step.old, step.neu);
  const clear = (entry: Obj) => {
    for (const key of entry.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => k && k !== 'period')) entry.delete(key);
    entry.set('saknas', doc.createNode(NOT_YET));
  };
  if (continues(lastPeriod, step)) {
    // The same period, further on: its entry goes on with the new label and no value yet.
    clear(last);
    if (String(period) !== String(lastPeriod)) setScalar(last, 'period', period);
    return;
  }
  // A period already in the series (a lagged year within the same year) is closed: it keeps its value.
  if (items.some((i) => String(i.get('period')) === String(period))) return;
  utfall.add(doc.createNode({ period, saknas: NOT_YET }));
}

function rolloverIndicator(doc: Document, ind: Obj, step: Step): void {
  clearProse(ind, 'analys', step, false);
  rolloverSeries(doc, ind.get('utfall', true), step);
  const uppdelning = mapAt(ind, 'uppdelning');
  if (uppdelning) for (const del of seqItems(uppdelning.get('delar', true))) rolloverSeries(doc, del.get('utfall', true), step);
}

function rolloverStatisticsTables(doc: Document, owner: Obj, step: Step): void {
  for (const t of seqItems(owner.get('tabeller', true))) {
    retitleScalar(t, 'rubrik', step);
    clearProse(t, 'text', step, false);
    for (const row of seqItems(t.get('rader', true))) rolloverIndicator(doc, row, step);
  }
}

// ---------------------------------------------------------------------------------------------
// Goals, internkontroll, personal, bilagor

function rolloverMal(doc: Document, mal: Obj, step: Step): void {
  const { profile } = step;
  const visit = (node: Obj, levelKey: string) => {
    const level = profile.level(levelKey);
    const label = `${level.namn} ${String(node.get('id'))}`;
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) clearAssessment(node, field, profile.requirement(levelKey, field), `${label}: ${field}`, step, profile.scaleKeys(scale)?.join(', '));
    }
    if (level.färdiggrad !== undefined) clearAssessment(node, 'färdiggrad', profile.requirement(levelKey, 'färdiggrad'), `${label}: färdiggrad`, step, 'procent');
    // The node's text and latest comment are the old period's account: absent until written.
    clearProse(node, 'text', step, false);
    const kommentar = mapAt(node, 'kommentar');
    if (kommentar) clearProse(kommentar, 'text', step, false);
    node.delete('kommentar');
    for (const ind of seqItems(node.get('indikatorer', true))) rolloverIndicator(doc, ind, step);
    rolloverStatisticsTables(doc, node, step);
    for (const child of level.undernivåer) for (const c of seqItems(node.get(child, true))) visit(c, child);
  };
  for (const root of profile.rootKeys) for (const n of seqItems(mal.get(root, true))) visit(n, root);
}

function rolloverInternkontroll(ik: Obj, step: Step): void {
  const { profile } = step;
  retitleScalar(ik, 'rubrik', step);
  const mål = seqItems(ik.get('mål', true));
  clearProse(ik, 'text', step, mål.length > 0 ? false : 'Skriv texten om intern styrning och kontroll.');
  for (const m of mål) {
    for (const risk of seqItems(m.get('risker', true))) {
      const label = `risk ${String(risk.get('id'))}`;
      if (!step.sameYear) {
        // The risk analysis is the year's plan: a new year assesses the risks anew.
        for (const f of ['hantera', 'sannolikhet', 'konsekvens'] as const) clearAssessment(risk, f, profile.entityRequirement('risk', f), `${label}: ${f}`, step);
        risk.delete('riskvärde');
      }
      // The comment on a risk without kontrollmoment follows it up for the period ("uppföljning delår 2").
      clearProse(risk, 'kommentar', step, false);
      for (const km of seqItems(risk.get('kontrollmoment', true))) {
        clearAssessment(km, 'bedömning', profile.entityRequirement('kontrollmoment', 'bedömning'), `kontrollmoment ${String(km.get('id'))}: bedömning`, step);
        clearProse(km, 'resultat', step, false);
        clearProse(km, 'åtgärd', step, false);
      }
    }
  }
}

/**
 * Sjukfrånvaro and nyckeltal: one value per labelled period. The label moves to the new period; the
 * value goes with it only where another entry held that period (last year's R12 becomes "föregående
 * år"), or where the period is closed and unchanged. A nyckeltal must have a value, so one without
 * is left out, with a placeholder comment where it stood.
 */
function rolloverPersonal(doc: Document, personal: Obj, step: Step): void {
  clearProse(personal, 'text', step, false);
  const anställda = personal.get('anställda', true);
  if (isMap(anställda)) {
    // Head counts are the period's; the format has no "not yet" for them: left out until known.
    personal.delete('anställda');
    attachComment(personal, 'sjukfrånvaro', placeholder('antal anställda per periodens slut (anställda: id, kvinnor, män)'));
  }
  const entries = (key: string, fields: string[]) => {
    const seq = personal.get(key, true);
    const items = seqItems(seq);
    const snapshot = items.map((e) => ({ period: e.get('period'), typ: e.get('typ'), values: Object.fromEntries(fields.map((f) => [f, e.get(f, true)])) }));
    const drop: Obj[] = [];
    items.forEach((e, i) => {
      const label = snapshot[i]!.period;
      if (typeof label !== 'string' && typeof label !== 'number') return;
      const moved = shiftPeriodLabel(label, step.old, step.neu);
      const from = snapshot.find((o, j) => j !== i && String(o.period) === String(moved) && o.typ === snapshot[i]!.typ);
      const keepOwn = String(moved) === String(label) && !continues(label, step);
      for (const f of fields) e.delete(f);
      const values = from?.values ?? (keepOwn ? snapshot[i]!.values : undefined);
      let any = false;
      for (const f of fields) {
        const v = values?.[f];
        if (isScalar(v)) {
          e.set(f, from ? detached(v.clone() as Scalar) : v);
          any = true;
        }
      }
      if (moved !== label) setScalar(e, 'period', moved);
      if (!any && key === 'nyckeltal') drop.push(e);
    });
    if (isSeq(seq) && drop.length > 0) {
      for (const e of drop) seq.items.splice(seq.items.indexOf(e), 1);
      const names = drop.map((e) => String(e.get('namn'))).join(', ');
      const note = placeholder(`nyckeltal för perioden: ${names}`);
      if (seq.items.length === 0) {
        personal.delete(key);
        personal.commentBefore = [personal.commentBefore, ` ${note}`].filter(Boolean).join('\n');
      } else seq.commentBefore = [seq.commentBefore, ` ${note}`].filter(Boolean).join('\n');
    }
  };
  entries('sjukfrånvaro', ['totalt', 'kvinnor', 'män']);
  entries('nyckeltal', ['värde']);
  rolloverStatisticsTables(doc, personal, step);
}

/** A YAML comment above a key of a map (or above the map when the key is absent). */
function attachComment(map: Obj, key: string, text: string): void {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = [pair.key.commentBefore, ` ${text}`].filter(Boolean).join('\n');
  else map.commentBefore = [map.commentBefore, ` ${text}`].filter(Boolean).join('\n');
}

function rolloverBilagor(bilagor: unknown, step: Step): void {
  const { profile } = step;
  for (const b of seqItems(bilagor)) {
    retitleScalar(b, 'rubrik', step);
    retitleScalar(b, 'underrubrik', step);
    for (const fo of seqItems(b.get('fokusområden', true))) {
      for (const a of seqItems(fo.get('aktiviteter', true))) {
        const label = `aktivitet ${String(a.get('id'))}`;
        clearAssessment(a, 'status', profile.entityRequirement('aktivitet', 'status'), `${label}: status`, step);
        clearAssessment(a, 'färdiggrad', profile.entityRequirement('aktivitet', 'färdiggrad'), `${label}: färdiggrad`, step);
        clearProse(a, 'kommentar', step, false);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata, sections

/** Months from 1 January covered by a period ending `till` (a partial last month as a fraction). */
function monthsCovered(till: string): number {
  const y = Number(till.slice(0, 4));
  const m = monthOf(till);
  const d = Number(till.slice(8, 10));
  return m - 1 + d / new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether a delårsrapport's period can be the statutory one (LKBR 13 kap. 1 §: from 1 January, ½–⅔ of the year). */
function canBeStatutory(p: Pick<Period, 'från' | 'till'>): boolean {
  const months = monthsCovered(p.till);
  return p.från.slice(5) === '01-01' && months >= 6 - 1e-9 && months <= 8 + 1e-9;
}

function rolloverMeta(root: Obj, step: Step): void {
  const { neu, old } = step;
  const rapport = mapAt(root, 'rapport');
  if (rapport) {
    setScalar(rapport, 'typ', neu.typ);
    if (neu.nummer === undefined) rapport.delete('nummer');
    else setScalar(rapport, 'nummer', neu.nummer);
    setScalar(rapport, 'år', neu.år);
    const period = mapAt(rapport, 'period');
    if (period) {
      setScalar(period, 'från', neu.från);
      setScalar(period, 'till', neu.till);
    } else rapport.set('period', { från: neu.från, till: neu.till });
    // The old report's work status is not the new one's, and no status is invented for it.
    rapport.delete('status');
    // lagstadgad: a verksamhetsberättelse is the statutory account of the year; `false` never carries
    // into a report that is statutory. The same delårsrapport of another year keeps what it was.
    const samePeriod = old.typ === neu.typ && old.från.slice(5) === neu.från.slice(5) && old.till.slice(5) === neu.till.slice(5);
    if (neu.typ === 'verksamhetsberättelse') rapport.delete('lagstadgad');
    else if (!samePeriod) {
      if (canBeStatutory(neu)) {
        if (rapport.get('lagstadgad') === false) rapport.delete('lagstadgad');
      } else setScalar(rapport, 'lagstadgad', false);
    }
  }
  // The decision and its register number belong to the old report.
  for (const key of ['paragraf', 'beslutsdatum', 'beslut', 'yrkanden']) root.delete(key);
  if (root.has('dnr')) setScalar(root, 'dnr', placeholder('diarienummer'));
  for (const key of ['förslag_till_beslut', 'beslutshandlingar']) {
    const seq = root.get(key, true);
    if (isSeq(seq)) seq.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string') {
        const text = retitle(item.value, step);
        if (text !== item.value) seq.set(i, text);
      }
    });
  }
  for (const item of seqItems(root.get('ärendebeskrivning', true))) clearProse(item, 'text', step, 'Skriv ärendebeskrivningen.');
  clearProse(root, 'sammanfattning', step, 'Skriv sammanfattningen.');
  for (const key of ['sammanställning', 'statusräkning', 'förklaring']) {
    const section = mapAt(root, key);
    if (!section) continue;
    retitleScalar(section, 'rubrik', step);
    keepOrClearProse(section, 'text', step, false);
  }
  // The counts the old report printed are not the new period's: the new report states its own or counts its nodes.
  const statusräkning = mapAt(root, 'statusräkning');
  if (statusräkning) {
    statusräkning.delete('antal');
    statusräkning.delete('totalt');
  }
}

function rolloverAvsnitt(doc: Document, avsnitt: unknown, step: Step): void {
  for (const a of seqItems(avsnitt)) {
    retitleScalar(a, 'rubrik', step);
    const under = seqItems(a.get('underavsnitt', true));
    const required = under.length === 0 && !a.has('tabeller') ? 'Skriv kapitlets text.' : false;
    keepOrClearProse(a, 'text', step, required);
    for (const u of under) keepOrClearProse(u, 'text', step, 'Skriv texten.');
    rolloverStatisticsTables(doc, a, step);
  }
}

/**
 * References into another report ("leanlink-vb-2023:nettokostnader.utfall") name a report of the old
 * period: they follow the new folder's name when it is the old one's with the period changed
 * (kommunstyrelsen-vb-2023 → kommunstyrelsen-dr1-2024 makes leanlink-vb-2023 leanlink-dr1-2024), and
 * are dropped when it is not – the old period's figures are never the new period's same fact.
 */
function renameReferences(node: unknown, step: Step): void {
  if (isSeq(node)) {
    for (const item of node.items) renameReferences(item, step);
    return;
  }
  if (!isMap(node)) return;
  const map = node as Obj;
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'samma_som' && isMap(pair.value)) {
      const refs = pair.value as Obj;
      for (const ref of [...refs.items]) {
        const value = isScalar(ref.value) ? ref.value.value : undefined;
        if (typeof value !== 'string') continue;
        const m = /^([^:]+):(.+)$/.exec(value);
        if (!m) continue;
        const rename = step.rename;
        const name = m[1]!;
        const renamed = rename && (name === rename.from || name.endsWith(`-${rename.from}`)) ? `${name.slice(0, name.length - rename.from.length)}${rename.to}` : undefined;
        if (renamed) (ref.value as Scalar).value = `${renamed}:${m[2]}`;
        else refs.delete(ref.key);
      }
      if (refs.items.length === 0) map.delete('samma_som');
    } else renameReferences(pair.value, step);
  }
}

/** The part of the folder names that says the period: kommunstyrelsen-vb-2023 → kommunstyrelsen-dr1-2024 gives vb-2023 → dr1-2024. */
function periodSuffixes(source: string, target: string): { from: string; to: string } | undefined {
  const a = path.basename(path.resolve(source));
  const b = path.basename(path.resolve(target));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const cut = a.lastIndexOf('-', i - 1) + 1;
  if (cut <= 0) return undefined;
  const from = a.slice(cut);
  const to = b.slice(cut);
  return from && to && from !== to ? { from, to } : undefined;
}

// ---------------------------------------------------------------------------------------------
// After writing: references that have nothing to compare in the new report

/**
 * A `samma_som` says that two figures of the same period are one fact. Where the new report has no
 * figure on either side yet (cleared for the author to fill), check cannot compare them and calls it
 * an error; those references are dropped, the rest stay.
 */
function pruneReferences(target: string, docs: Map<string, Document>, profile: Profile): Set<string> {
  const changed = new Set<string>();
  withSnapshot(new SourceSnapshot(), () => {
    const { report: loaded } = loadReportFolder(target, target);
    if (!loaded) return;
    const { report } = validateReport(loaded, profile);
    if (!report) return;
    const derived = deriveReport(report, loaded.sourceMap, profile);
    const drop: Path[] = [];
    for (const d of checkReport(report, derived, loaded.sourceMap, profile)) {
      const p = d.path;
      if (d.code === 'ref.saknas' && p && p.at(-2) === 'samma_som' && /inget värde/.test(d.message)) drop.push(p);
    }
    // Another report's figures are compared when the reports are checked together: a reference
    // from a figure the new report does not have yet is dropped the same way.
    drop.push(...crossReferencesWithoutValue(report, derived));
    for (const p of drop) {
      const name = fileWith(docs, String(p[0]));
      const doc = name === undefined ? undefined : docs.get(name);
      const refs = doc?.getIn(p.slice(0, -1), true);
      if (!doc || !name || !isMap(refs)) continue;
      (refs as Obj).delete(p.at(-1));
      if ((refs as Obj).items.length === 0) doc.deleteIn(p.slice(0, -1));
      changed.add(name);
    }
  });
  return changed;
}

/**
 * The old report's undantag acknowledge errors published in its figures. Those that still meet an
 * error in the new report (an old period's value that is kept) stay; the others are removed.
 */
function pruneExceptions(target: string, docs: Map<string, Document>): Set<string> {
  const name = fileWith(docs, 'undantag');
  if (name === undefined) return new Set();
  const { compiled } = compileReport('.', target);
  const doc = docs.get(name)!;
  const seq = doc.get('undantag', true);
  if (!compiled || !isSeq(seq)) return new Set();
  seq.items = seq.items.filter((_, i) => compiled.usedExceptions.has(i));
  if (seq.items.length === 0) doc.delete('undantag');
  return new Set([name]);
}

function fileWith(docs: Map<string, Document>, key: string): string | undefined {
  for (const [name, doc] of docs) if (isMap(doc.contents) && (doc.contents as Obj).has(key)) return name;
  return undefined;
}

function crossReferencesWithoutValue(report: unknown, derived: DerivedReport): Path[] {
  const out: Path[] = [];
  const valueAt = (p: Path): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined), report);
  for (const table of derived.tables) {
    for (const row of table.rows) {
      const data = valueAt(row.path) as { samma_som?: Record<string, string> } | undefined;
      for (const [column, ref] of Object.entries(data?.samma_som ?? {})) {
        if (!ref.includes(':')) continue;
        if (!effective(row.cells[column])) out.push([...row.path, 'samma_som', column]);
      }
    }
  }
  for (const ind of derived.indikatorer) {
    for (const point of ind.points) {
      const p = point.path;
      const data = valueAt(p) as { samma_som?: Record<string, string>; saknas?: unknown } | undefined;
      if (!data?.saknas) continue;
      for (const field of Object.keys(data.samma_som ?? {})) out.push([...p, 'samma_som', field]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The command

/** Read the old report's period from the source's YAML files. */
function sourcePeriod(docs: Map<string, Document>): Period | undefined {
  for (const doc of docs.values()) {
    const r = doc.getIn(['rapport']);
    if (!r) continue;
    const typ = doc.getIn(['rapport', 'typ']);
    const år = doc.getIn(['rapport', 'år']);
    const från = doc.getIn(['rapport', 'period', 'från']);
    const till = doc.getIn(['rapport', 'period', 'till']);
    const nummer = doc.getIn(['rapport', 'nummer']);
    const lagstadgad = doc.getIn(['rapport', 'lagstadgad']);
    if (typeof år === 'number' && typeof till === 'string' && typeof från === 'string') {
      return {
        typ: typ === 'verksamhetsberättelse' ? 'verksamhetsberättelse' : 'delårsrapport',
        år,
        från,
        till,
        nummer: typeof nummer === 'number' ? nummer : undefined,
        lagstadgad: typeof lagstadgad === 'boolean' ? lagstadgad : undefined,
      };
    }
  }
  return undefined;
}

/**
 * The new report's number: as given; else the next one after a delårsrapport earlier in the same
 * year (DR1 → DR2), the same one for the same period of another year, none otherwise.
 */
function newNumber(old: Period, o: RolloverOptions, typ: RapportTypNamn): number | undefined {
  if (o.nummer !== undefined) return o.nummer;
  if (typ !== 'delårsrapport' || old.typ !== 'delårsrapport' || old.nummer === undefined) return undefined;
  if (old.år === o.år && o.till > old.till) return Math.min(old.nummer + 1, 3);
  if (old.till.slice(5) === o.till.slice(5)) return old.nummer;
  return undefined;
}

/** The old report as the tool derives it, when it validates (for the deviations it printed but did not state). */
function deriveOld(source: string, profile: Profile): DerivedReport | undefined {
  return withSnapshot(new SourceSnapshot(), () => {
    const { report: loaded } = loadReportFolder(source, source);
    if (!loaded) return undefined;
    const { report } = validateReport(loaded, profile);
    return report ? deriveReport(report, loaded.sourceMap, profile) : undefined;
  });
}

function ensureEmptyTarget(target: string): void {
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new Error(`${target} finns redan och är ingen mapp`);
    if (readdirSync(target).length > 0) throw new Error(`mappen ${target} finns redan och är inte tom; välj en ny eller tom mapp`);
  }
  mkdirSync(target, { recursive: true });
}

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

function renderYaml(doc: Document, ml: string): string {
  const lines = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).split('\n');
  if (MODELINE_RE.test(lines[0] ?? '')) lines[0] = ml;
  else lines.unshift(ml);
  return lines.join('\n');
}

function writeYaml(target: string, name: string, text: string): string {
  const file = path.join(target, name);
  writeFileSync(file, formatYamlSource(text, name).formatted);
  return file;
}

/** The next period's report from the report in `source`, written to `target` (must not exist or be empty). */
export function rolloverReport(source: string, target: string, options: RolloverOptions): RolloverResult {
  validateDates(options.från, options.till);
  if (options.från.slice(0, 4) !== String(options.år) || options.till.slice(0, 4) !== String(options.år)) {
    throw new Error(`perioden ${options.från}–${options.till} ligger inte i rapportåret ${options.år}`);
  }
  if (options.nummer !== undefined && (!Number.isInteger(options.nummer) || options.nummer < 1 || options.nummer > 3)) {
    throw new Error(`ogiltigt nummer ${options.nummer}: delårsrapportens nummer är 1–3`);
  }
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
  if (!old) throw new Error('rapportens typ, år och period (rapport.typ, rapport.år, rapport.period) saknas i källan');
  // A verksamhetsberättelse covers the year: without --typ, a shorter period after one is a delårsrapport.
  const fullYear = options.från.slice(5) === '01-01' && options.till.slice(5) === '12-31';
  const typ = options.typ ?? (old.typ === 'verksamhetsberättelse' && !fullYear ? 'delårsrapport' : old.typ);
  const neu: Period = { typ, år: options.år, från: options.från, till: options.till, nummer: typ === 'delårsrapport' ? newNumber(old, options, typ) : options.nummer };
  if (endIndex(neu) < endIndex(old)) throw new Error(`den nya perioden (till ${neu.till}) slutar före den nuvarande (till ${old.till}); ny-period skapar nästa period`);
  const { profile, diagnostics } = loadProfile(findProfile(source));
  if (!profile) throw new Error(`profilen kan inte läsas: ${diagnostics[0]?.message ?? ''}`);

  const step: Step = {
    old,
    neu,
    shift: { oldYear: old.år, newYear: neu.år, oldMonth: monthOf(old.till) - 1, newMonth: monthOf(neu.till) - 1 },
    sameYear: old.år === neu.år,
    typeChanged: old.typ !== neu.typ,
    profile,
    oldDerived: deriveOld(source, profile),
    source,
    files: new Map(),
    attFylla: [],
    rename: periodSuffixes(source, target),
  };

  ensureEmptyTarget(target);
  const ml = modeline(target);
  for (const doc of docs.values()) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const r = root as Obj;
    rolloverMeta(r, step);
    const ekonomi = mapAt(r, 'ekonomi');
    if (ekonomi) rolloverEkonomi(ekonomi, step);
    const mal = mapAt(r, 'mål');
    if (mal) rolloverMal(doc, mal, step);
    const ik = mapAt(r, 'internkontroll');
    if (ik) rolloverInternkontroll(ik, step);
    const personal = mapAt(r, 'personal');
    if (personal) {
      rolloverPersonal(doc, personal, step);
      // Emptied (its head count is not known yet): the section stays with the placeholder that says what to write.
      if (personal.items.length === 0) personal.flow = true;
    }
    if (r.has('bilagor')) rolloverBilagor(r.get('bilagor', true), step);
    if (r.has('avsnitt')) rolloverAvsnitt(doc, r.get('avsnitt', true), step);
    renameReferences(r, step);
  }
  const files: string[] = [];
  for (const [name, doc] of docs) files.push(writeYaml(target, name, renderYaml(doc, ml)));
  for (const name of pruneReferences(target, docs, profile)) writeYaml(target, name, renderYaml(docs.get(name)!, ml));
  for (const name of pruneExceptions(target, docs)) writeYaml(target, name, renderYaml(docs.get(name)!, ml));
  // A file left without content (one that held only the old report's undantag) is not kept.
  for (const [name, doc] of docs) {
    if (isMap(doc.contents) && (doc.contents as Obj).items.length === 0) {
      rmSync(path.join(target, name));
      files.splice(files.indexOf(path.join(target, name)), 1);
    }
  }

  // Prose files and other assets are copied as they are, except the texts of the old period: a text
  // the report must have gets a placeholder, one it may leave out is no longer referenced; the old
  // text stays beside either as <namn>.föregående.md (not read by the report).
  for (const entry of readdirSync(source)) {
    if (/\.ya?ml$/.test(entry)) continue;
    cpSync(path.join(source, entry), path.join(target, entry), { recursive: true });
  }
  for (const [rel, what] of step.files) {
    const file = path.join(target, rel);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const previous = file.replace(/(\.md)?$/, '.föregående.md');
    cpSync(file, previous);
    if (what === 'placeholder') writeFileSync(file, `${placeholder(`Skriv texten. Föregående periods text finns i ${path.basename(previous)}.`)}\n`);
    else rmSync(file);
  }
  const all = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of all(target).sort()) if (!files.includes(file)) files.push(file);
  return { files, attFylla: step.attFylla };
}
