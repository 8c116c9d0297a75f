/** Periods on the month axis, and period labels ("jan–aug 2023", "juni 2022–maj 2023", years in a heading) moved to another period. */
import { MONTHS_LONG, MONTHS_SHORT } from '../format/months.js';

export type RapportTypNamn = 'delårsrapport' | 'verksamhetsberättelse';

export interface Period {
  typ: RapportTypNamn;
  år: number;
  från: string;
  till: string;
  nummer?: number;
  lagstadgad?: boolean;
}

/** Month of a date, 1–12. */
export function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

/** Months since year 0 of a period's end: the time axis the labels and columns are placed on. */
export function endIndex(p: Pick<Period, 'år' | 'till'>): number {
  return p.år * 12 + monthOf(p.till) - 1;
}

export interface Shift {
  oldYear: number;
  newYear: number;
  /** 0-based month of the old and the new period's end. */
  oldMonth: number;
  newMonth: number;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Replace years (shifted by newYear − oldYear) and the old period's month name in a label. */
export function shiftLabel(label: string, s: Shift): string {
  const out = shiftYears(label, s.newYear - s.oldYear);
  return s.oldMonth === s.newMonth ? out : replaceMonth(out, s.oldMonth, s.newMonth);
}

export function shiftYears(label: string, dy: number): string {
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
export function inCase(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  return like.charAt(0) === like.charAt(0).toUpperCase() ? capitalize(word) : word;
}

export const MONTH_BY_NAME = new Map<string, { m: number; long: boolean }>([
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
