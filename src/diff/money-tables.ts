/** Where two money tables are compared: row by row and column by column, in the newer table's unit, stated or computed. */
import type { Cell } from '../derive/cell.js';
import type { MoneyTable } from '../derive/economy.js';
import type { Decimal } from '../format/decimal.js';
import { convertMoney, moneyUnitLabel } from '../format/number.js';
import { type Collector, figure } from './value-changes.js';

export function diffMoneyTable(c: Collector, ta: MoneyTable, tb: MoneyTable, defaults: Record<string, string>) {
  const unit = tb.display.unit;
  const rowsA = new Map(ta.rows.map((r) => [r.id, r]));
  const colLabel = (key: string) => {
    const l = tb.columns.find((col) => col.key === key)?.label ?? defaults[key] ?? key;
    return l.charAt(0).toLowerCase() + l.slice(1);
  };
  const inUnit = (v: Decimal | undefined, from: MoneyTable) => (v === undefined ? undefined : convertMoney(v, from.unit, unit));
  for (const rb of tb.rows) {
    const ra = rowsA.get(rb.id);
    if (!ra) continue;
    const keys = [...new Set([...Object.keys(rb.cells), ...Object.keys(ra.cells)])];
    // Columns in the order the table shows them, then the hidden ones.
    const shown = tb.columns.map((col) => col.key);
    keys.sort((x, y) => (shown.indexOf(x) < 0 ? 99 : shown.indexOf(x)) - (shown.indexOf(y) < 0 ? 99 : shown.indexOf(y)));
    for (const key of keys) {
      const ca: Cell | undefined = ra.cells[key];
      const cb: Cell | undefined = rb.cells[key];
      figure(
        c,
        { group: tb.rubrik, kind: 'belopp', id: rb.id, field: key, subject: `${rb.namn}, ${colLabel(key)}`, unit: moneyUnitLabel(unit) },
        { stated: inUnit(ca?.stated?.value, ta), computed: inUnit(ca?.computed?.quantity.value, ta) },
        { stated: inUnit(cb?.stated?.value, tb), computed: inUnit(cb?.computed?.quantity.value, tb) },
        tb.display.decimals,
      );
    }
    // The table's own number and text columns, as shown.
    for (const key of new Set([...Object.keys(ra.texter ?? {}), ...Object.keys(rb.texter ?? {})])) {
      c.plain({ group: tb.rubrik, kind: 'belopp', id: rb.id, field: key, subject: `${rb.namn}, ${colLabel(key)}` }, ra.texter?.[key], rb.texter?.[key]);
    }
  }
}
