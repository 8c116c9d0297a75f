/** Which lists `rapport fmt` writes in flow style (`[a, b]`) and which one item per line, and the line width that decides. */
import { childSchema } from '../schema/walk.js';
import type { Schema } from './key-order.js';

export const LINE_WIDTH = 100;

/** Sequences written in flow style when they fit in the line width. */
export const FLOW_WHEN_FITS = new Set(['ansvar', 'omfattar', 'värden', 'ordning', 'avvikelse']);
/** Sequences of identifiers always written in flow style. */
export const FLOW_ALWAYS = new Set(['kolumner']);

export function isScalarArray(schema: Schema): boolean {
  const el = childSchema(schema, 0);
  if (!el) return false;
  const type = (el as unknown as { _zod: { def: { type: string } } })._zod.def.type;
  return type === 'string' || type === 'enum';
}
