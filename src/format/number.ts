import { Decimal } from './decimal.js';

export type MoneyUnit = 'kr' | 'tkr' | 'mnkr';

const FACTOR: Record<MoneyUnit, number> = { kr: 0, tkr: 3, mnkr: 6 };

/** Convert an amount between kr, tkr and mnkr, exactly. */
export function convertMoney(value: Decimal, from: MoneyUnit, to: MoneyUnit): Decimal {
  return value.times(new Decimal(10).pow(FACTOR[from] - FACTOR[to]));
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(decimals: number, sign: 'negative' | 'exceptZero'): Intl.NumberFormat {
  const key = `${decimals}|${sign}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('sv-SE', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: sign,
      useGrouping: true,
    });
    formatters.set(key, f);
  }
  return f;
}

export interface NumberFormatOptions {
  decimals: number;
  /** Print "+" on positive values (deviations in prose). */
  plusSign?: boolean;
}

/**
 * sv-SE: no-break space as thousands separator, decimal comma, true minus sign (U+2212).
 * Rounds half away from zero in exact decimals before Intl sees the value.
 */
export function formatNumber(value: Decimal, options: NumberFormatOptions): string {
  const rounded = value.toDecimalPlaces(options.decimals, Decimal.ROUND_HALF_UP);
  const text = rounded.isZero() ? (0).toFixed(options.decimals) : rounded.toFixed(options.decimals);
  // Intl.NumberFormat accepts exact decimal strings (ECMA-402 NumberFormat v3).
  return formatter(options.decimals, options.plusSign ? 'exceptZero' : 'negative').format(text as unknown as number);
}

export function moneyUnitLabel(unit: MoneyUnit, long = false): string {
  return unit === 'kr' ? (long ? 'kronor' : 'kr') : unit;
}
