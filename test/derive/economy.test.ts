/** Derived figures of the money tables: nothing is derived from a column the author has not written. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/pipeline/compile.js';
import { copyExample } from '../helpers.js';

describe('avvikelser in the resultaträkning', () => {
  it('are not made from a column with no figure at all (a report before its outcome is in)', () => {
    const dir = copyExample();
    const file = path.join(dir, 'ekonomi.yaml');
    const text = readFileSync(file, 'utf8');
    // Remove every outcome of the resultaträkning (its rows are the first `rader:` of the file) and the stated deviations.
    const start = text.indexOf('resultaträkning:');
    const end = text.indexOf('driftredovisning', start);
    const rr = text.slice(start, end).replace(/^\s+(utfall|budgetavvikelse|prognosavvikelse): .*\n/gm, '');
    writeFileSync(file, text.slice(0, start) + rr + text.slice(end));
    const { compiled } = compileReport(dir, path.dirname(dir));
    const rows = compiled!.derived.rr!.rows;
    // Budget is written, the outcome is not: no budgetavvikelse (it would be −budget, a figure nobody wrote).
    expect(rows.some((r) => r.cells['budget']?.stated !== undefined)).toBe(true);
    expect(rows.every((r) => r.cells['budgetavvikelse']?.computed === undefined)).toBe(true);
    // The prognos is still written: its avvikelse is derived as before.
    expect(rows.some((r) => r.cells['prognosavvikelse']?.computed !== undefined)).toBe(true);
  });
});
