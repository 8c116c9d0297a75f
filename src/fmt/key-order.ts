/** Where key order is decided: a mapping's keys in the order of the Zod schema at its path (`id` first, prose where the page prints it). */
import { DriftEnhetSchema, DriftredovisningSchema } from '../schema/money-tables.js';
import { type childSchema, unwrap, unwrapToObject } from '../schema/walk.js';

/** The schema at a position of the report (a mapping's or a list's). */
export type Schema = Parameters<typeof childSchema>[0];

/**
 * Key order of the mapping at a schema position: the schema's order with `id` first, except where
 * the example reports (and the rendered page) put prose elsewhere: a driftredovisning's `text`
 * before `enheter` (it is printed before the units' explanations), a unit's `förklaring` after
 * its amounts.
 */
export function keyOrder(schema: Schema): string[] {
  const shape = unwrapToObject(schema);
  if (!shape) return [];
  let order = Object.keys(shape);
  if (order.includes('id')) order = ['id', ...order.filter((k) => k !== 'id')];
  const inner = unwrap(schema);
  const move = (key: string, before: string | undefined): void => {
    if (!order.includes(key)) return;
    order = order.filter((k) => k !== key);
    const at = before === undefined ? order.length : order.indexOf(before);
    order.splice(at < 0 ? order.length : at, 0, key);
  };
  if (inner === unwrap(DriftredovisningSchema as Schema)) move('text', 'enheter');
  if (inner === unwrap(DriftEnhetSchema as Schema)) move('förklaring', undefined);
  return order;
}
