import { formatNumber } from '../format/number.js';
import type { Decimal } from '../format/decimal.js';
import type { CheckContext } from './context.js';
import { report } from './context.js';
import type { RuleCode } from '../diagnostics/rules.js';

const show = (d: Decimal, precision?: Decimal) => {
  // Show at least the precision the value was written with ("498,0", not "498").
  const written = precision && !precision.isZero() ? Math.round(-Math.log10(precision.times(2).toNumber())) : 0;
  return formatNumber(d, { decimals: Math.max(0, Math.min(6, Math.max(written, d.decimalPlaces()))) });
};

/**
 * Every stated figure that a relation also computes must agree. A difference within the rounding
 * tolerance (½ unit of each written last digit: ½·10^−d × (terms + 1)) is a note; beyond it, an error.
 */
export function checkArithmetic(ctx: CheckContext): void {
  for (const cell of ctx.derived.cells) {
    if (!cell.stated || !cell.computed) continue;
    const diff = cell.stated.value.minus(cell.computed.quantity.value);
    if (diff.isZero()) continue;
    const tolerance = cell.stated.uncertainty.plus(cell.computed.quantity.uncertainty);
    const within = diff.abs().lte(tolerance);
    // A figure written in tkr where mnkr was meant (or the reverse): equal within rounding after × 1 000.
    const s = cell.stated;
    const c = cell.computed.quantity;
    const agreesScaled = (a: typeof s, b: typeof s) => {
      if (a.value.isZero() || b.value.isZero()) return false;
      const ratio = b.value.div(a.value);
      return ratio.gte(500) && ratio.lte(2000) && a.value.times(1000).minus(b.value).abs().lte(a.uncertainty.times(1000).plus(b.uncertainty));
    };
    const thousandfold = !within && (agreesScaled(s, c) || agreesScaled(c, s));
    const rule = (thousandfold ? 'enhet.storlek' : cell.computed.rule) as RuleCode;
    const text =
      `${cell.label}: angivet ${show(cell.stated.value, cell.stated.uncertainty)} men ${cell.computed.description} ger ${show(cell.computed.quantity.value, cell.stated.uncertainty)}` +
      ` (skillnad ${show(diff, cell.stated.uncertainty)}` +
      (within ? `, inom avrundningstoleransen ${show(tolerance)})` : tolerance.isZero() ? ')' : `, tolerans ${show(tolerance)})`) +
      (thousandfold ? '; beloppen skiljer sig med en faktor 1 000 – anger en av tabellerna fel enhet (tkr/mnkr)?' : '');
    report(
      ctx,
      rule,
      within ? 'note' : 'error',
      text,
      cell.path,
      cell.computed.operands.map((o) => ({ message: `${o.label} = ${show(o.quantity.value, o.quantity.uncertainty)}`, path: o.path })),
    );
  }
}
