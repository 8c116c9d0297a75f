/**
 * What a period label says about its start and end, when it says it: "2023", "jan–aug 2023",
 * "jun 2022–maj 2023", "2022-01-01–2022-08-31", "221101 tom 220815". Labels that name no span
 * ("Delår 2 2023", "R12") give undefined; they are never guessed at.
 */
import { MONTHS_LONG, MONTHS_SHORT } from '../format/months.js';

/** A day as YYYY-MM-DD (comparable as text). */
export interface Span {
  från: string;
  till: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function month(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const long = MONTHS_LONG.indexOf(w as never);
  if (long >= 0) return long + 1;
  const short = MONTHS_SHORT.indexOf(w.slice(0, 3) as never);
  return short >= 0 && (w.length === 3 || (w === 'sept' && short === 8)) ? short + 1 : undefined;
}

/** A date written YYYY-MM-DD or YYMMDD (20YY), when it is a real day. */
function day(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const y = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** The separators Swedish reports write between a start and an end. */
const BETWEEN = String.raw`\s*(?:–|—|-|till|tom|t\.o\.m\.?|t o m)\s*`;
const DATES = new RegExp(String.raw`^(\d{4}-\d{2}-\d{2}|\d{6})${BETWEEN}(\d{4}-\d{2}-\d{2}|\d{6})$`, 'i');
const MONTHS = new RegExp(String.raw`^([a-zåäö]+\.?)(?:\s+(\d{4}))?${BETWEEN}([a-zåäö]+\.?)\s+(\d{4})$`, 'i');

export function parsePeriodLabel(label: string | number): Span | undefined {
  const text = String(label).trim();
  if (/^\d{4}$/.test(text)) return { från: `${text}-01-01`, till: `${text}-12-31` };
  const dates = DATES.exec(text);
  if (dates) {
    const da = day(dates[1]!);
    const db = day(dates[2]!);
    return da && db ? { från: da, till: db } : undefined;
  }
  // Months: "jan–aug 2023", "jun 2022–maj 2023", "april 2022 – mars 2023".
  const m = MONTHS.exec(text);
  if (!m) return undefined;
  const ma = [m[0], m[1], m[2]] as const;
  const mb = [m[0], m[3], m[4]] as const;
  const m1 = month(ma[1]!);
  const m2 = month(mb[1]!);
  if (m1 === undefined || m2 === undefined) return undefined;
  const y2 = Number(mb[2]);
  // "dec–jan 2023" names no start year and could mean December 2022: not guessed at.
  if (!ma[2] && m1 > m2) return undefined;
  const y1 = ma[2] ? Number(ma[2]) : y2;
  return { från: `${y1}-${pad(m1)}-01`, till: `${y2}-${pad(m2)}-${pad(lastDay(y2, m2))}` };
}
