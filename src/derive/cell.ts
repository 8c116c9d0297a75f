import type { Path } from '../load/yaml-file.js';
import type { SourceMap } from '../load/source-map.js';
import { Decimal, halfUnit, toDecimal, writtenDecimals, ZERO } from '../format/decimal.js';

/** A value with the rounding error it may carry (½ unit of its last written digit, propagated). */
export interface Quantity {
  value: Decimal;
  uncertainty: Decimal;
}

export interface Operand {
  label: string;
  path: Path;
  quantity: Quantity;
}

/** What the tool computes for a cell, and from what: the rule code names the relation. */
export interface Computation {
  rule: string;
  description: string;
  quantity: Quantity;
  operands: Operand[];
}

/**
 * One figure of the report. `stated` is what the author wrote (copied from the ledger),
 * `computed` what the relation gives; the effective value is the stated one when present.
 */
export interface Cell {
  path: Path;
  label: string;
  stated?: Quantity;
  computed?: Computation;
}

export function effective(cell: Cell | undefined): Quantity | undefined {
  return cell?.stated ?? cell?.computed?.quantity;
}

export function statedQuantity(value: number | undefined, path: Path, sourceMap: SourceMap): Quantity | undefined {
  if (value === undefined) return undefined;
  const raw = sourceMap.raw(path);
  return { value: toDecimal(value, raw), uncertainty: halfUnit(writtenDecimals(value, raw)) };
}

export function exactQuantity(value: Decimal): Quantity {
  return { value, uncertainty: ZERO };
}

/** Σ (or signed Σ) of operands; undefined when no operand has a value. */
export function combine(
  rule: string,
  description: string,
  operands: { label: string; path: Path; quantity: Quantity | undefined; sign?: 1 | -1 }[],
  options: { requireAll?: boolean } = {},
): Computation | undefined {
  const present = operands.filter((o) => o.quantity !== undefined);
  if (present.length === 0) return undefined;
  if (options.requireAll && present.length !== operands.length) return undefined;
  let value = ZERO;
  let uncertainty = ZERO;
  for (const o of present) {
    const q = o.quantity as Quantity;
    value = o.sign === -1 ? value.minus(q.value) : value.plus(q.value);
    uncertainty = uncertainty.plus(q.uncertainty);
  }
  return {
    rule,
    description,
    quantity: { value, uncertainty },
    operands: present.map((o) => ({ label: o.label, path: o.path, quantity: o.quantity as Quantity })),
  };
}

export function product(rule: string, description: string, a: Operand, b: Operand): Computation {
  return {
    rule,
    description,
    quantity: { value: a.quantity.value.times(b.quantity.value), uncertainty: ZERO },
    operands: [a, b],
  };
}

export { Decimal };
