import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate, positionOf } from '../helpers.js';

describe('the bundled example', () => {
  it('has no errors, and its published rounding differences are notes', () => {
    const { diagnostics, errors } = check(copyExample());
    expect(errors).toEqual([]);
    const notes = diagnostics.filter((d) => d.severity === 'note').map((d) => d.code);
    expect(notes).toContain('rr.resultat'); // 498,0 − 480,0 + 0,1 = 18,1, printed 18,2
    expect(notes).toContain('rr.summa'); // 18,2 + 4,5 = 22,7, printed 22,6
    expect(notes).toContain('summa.rader'); // Σ drift prognosavvikelse 1,1, printed 1,0
  });
});

describe('summa.rader', () => {
  it('flags a summa row that does not foot, at the stated value, with the terms as related positions', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', 'utfall: -42.9', 'utfall: -44.9');
    const { errors } = check(dir);
    const at = positionOf(dir, 'ekonomi.yaml', 'utfall: -527.7', 'utfall: '.length);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'summa.rader',
      severity: 'error',
      pos: { file: 'ekonomi.yaml', line: at.line, column: at.column },
    });
    expect(errors[0]!.message).toBe(
      'Summa KOSTNADER, utfall: angivet −527,7 men summan av Personalkostnader, Lokalkostnader, Köp av verksamhet, Övriga kostnader ger −529,7 (skillnad 2,0, tolerans 0,25)',
    );
    expect(errors[0]!.related.map((r) => r.message)).toEqual([
      'Personalkostnader, utfall = −296,3',
      'Lokalkostnader, utfall = −44,9',
      'Köp av verksamhet, utfall = −1,0',
      'Övriga kostnader, utfall = −187,5',
    ]);
  });
});

describe('a wrong total breaks every relation it takes part in', () => {
  it('reports the summa, the resultat built on it and its own avvikelse', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', 'utfall: -527.7', 'utfall: -529.7');
    const codes = check(dir).errors.map((d) => `${d.code} ${d.pos?.line}`);
    const summa = positionOf(dir, 'ekonomi.yaml', 'utfall: -529.7').line;
    expect(codes).toContain(`summa.rader ${summa}`);
    expect(codes.some((c) => c.startsWith('rr.resultat '))).toBe(true);
    expect(codes.some((c) => c.startsWith('avvikelse.rad '))).toBe(true);
  });
});
