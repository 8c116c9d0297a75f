import { Decimal as DecimalJs } from 'decimal.js';

/** Exact decimal arithmetic for money: binary floating point never decides whether a sum foots. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/**
 * A YAML number as an exact decimal. `raw` is the source text (it carries the precision the author
 * wrote: "0.0" has one decimal). Without it, the shortest round-trip form of the double has the same
 * value for up to 15 significant digits, but not the written trailing zeros.
 */
export function toDecimal(value: number, raw?: string): Decimal {
  if (raw !== undefined) {
    const cleaned = raw.trim().replace(/_/g, '');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return new Decimal(cleaned);
  }
  return new Decimal(String(value));
}

/**
 * Decimals as written: "804.208" → 3, "0.0" → 1, "17" → 0, "1.5e3" → −2 (precision of hundreds).
 */
export function writtenDecimals(value: number, raw?: string): number {
  const text = (raw?.trim() ?? String(value)).toLowerCase();
  const [mantissa = '', exponent] = text.split('e');
  const fraction = /\.(\d+)/.exec(mantissa)?.[1]?.length ?? 0;
  return fraction - (exponent ? Number(exponent) : 0);
}

/** Half a unit in the last written digit: the rounding error a stated value can carry. */
export function halfUnit(decimals: number): Decimal {
  return new Decimal(5).times(new Decimal(10).pow(-(decimals + 1)));
}

export const ZERO = new Decimal(0);
