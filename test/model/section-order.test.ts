import { describe, expect, it } from 'vitest';
import { orderSections, slotName } from '../../src/model/section-order.js';

const content = new Set(['sammanfattning', 'ekonomi'] as const);

describe('orderSections', () => {
  it('keeps the template order when the report gives none', () => {
    const order = orderSections(undefined, ['p1', 'p2'], content);
    expect(order.slots.map(slotName)).toEqual(['sammanfattning', 'sammanställning', 'statusräkning', 'förklaring', 'p1', 'p2', 'personal', 'ekonomi', 'internkontroll', 'bilagor']);
    expect(order.problems).toEqual([]);
  });

  it('places one goal by its id and the rest where "mål" stands', () => {
    const order = orderSections(['sammanfattning', 'mål', 'ekonomi', 'p1'], ['p1', 'p2', 'p3'], content);
    expect(order.slots.map(slotName)).toEqual(['sammanfattning', 'p2', 'p3', 'ekonomi', 'p1']);
    expect(order.problems).toEqual([]);
  });

  it('names the goals an order without "mål" leaves out', () => {
    const order = orderSections(['sammanfattning', 'ekonomi', 'p2'], ['p1', 'p2'], content);
    expect(order.problems).toEqual([{ message: 'ordningen saknar "p1", som har innehåll; allt som rapporten innehåller ska stå i ordningen' }]);
  });

  it('lets an order leave out a section without content and the generated ones', () => {
    expect(orderSections(['ekonomi', 'sammanfattning', 'mål'], ['p1'], content).problems).toEqual([]);
  });
});
