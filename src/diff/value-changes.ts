/** How one value's change becomes a diff entry: scale texts, exact numbers with their delta, "uppgift saknas", stated or computed figures. */
import { isSaknas, SAKNAS_TEXT } from '../schema/absent.js';
import { Decimal } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import type { CompiledReport } from '../pipeline/compile.js';
import type { DiffEntry } from './diff-entry.js';

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

export class Collector {
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

export const dec = (v: unknown) => (typeof v === 'number' ? new Decimal(String(v)) : undefined);

/** A figure that is computed and may also be stated: list the effective change, else a moved computation. */
export function figure(
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
