/**
 * Rounding tolerance: every stated figure may be off by ½ unit of its last written digit, so a
 * relation of n terms written with d decimals, checked against a total written with d decimals,
 * tolerates ½·10^−d × (n + 1). A difference exactly at the tolerance is a note; one unit of the
 * last digit beyond it is an error.
 */
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate } from '../../helpers.js';
import { posAfter, withCode } from './support.js';

const E = 'ekonomi.yaml';

describe('three terms at one decimal (tolerance 0,05 × 4 = 0,2)', () => {
  const resultat = (finansnetto: string) => {
    const dir = copyExample();
    mutate(dir, E, '        utfall_fg: 0.1\n', `        utfall_fg: ${finansnetto}\n`);
    const at = posAfter(dir, E, 'id: resultat\n', 'utfall_fg: ');
    const found = withCode(check(dir).diagnostics, 'rr.resultat').filter((d) => d.pos?.line === at.line);
    return { dir, at, found };
  };

  it('reports a difference of exactly 0,2 as a note', () => {
    const { dir, at, found } = resultat('0.0');
    expect(found).toEqual([
      {
        code: 'rr.resultat',
        severity: 'note',
        message: 'Summa ÅRETS RESULTAT exkl över-/underskott, utfall_fg: angivet 18,2 men intäkter + kostnader + finansnetto ger 18,0 (skillnad 0,2, inom avrundningstoleransen 0,2)',
        pos: at,
        related: [
          { message: 'Summa INTÄKTER, utfall_fg = 498,0', pos: posAfter(dir, E, 'id: summa-intakter', 'utfall_fg: ') },
          { message: 'Summa KOSTNADER, utfall_fg = −480,0', pos: posAfter(dir, E, 'id: summa-kostnader', 'utfall_fg: ') },
          { message: 'FINANSNETTO, utfall_fg = 0,0', pos: posAfter(dir, E, 'id: finansnetto', 'utfall_fg: ') },
        ],
      },
    ]);
  });

  it('reports a difference of 0,3 (one unit beyond) as an error', () => {
    const { found } = resultat('-0.1');
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      ['error', 'Summa ÅRETS RESULTAT exkl över-/underskott, utfall_fg: angivet 18,2 men intäkter + kostnader + finansnetto ger 17,9 (skillnad 0,3, tolerans 0,2)'],
    ]);
  });
});

describe('one term at one decimal (tolerance 0,05 × 2 = 0,1, exactly one unit)', () => {
  const investment = (summa: string) => {
    const dir = copyExample();
    mutate(dir, E, '            utfall: -9.9\n            prognosavvikelse: 6.6', `            utfall: ${summa}\n            prognosavvikelse: 6.6`);
    const { diagnostics, errors } = check(dir);
    return { dir, diagnostics, errors, at: posAfter(dir, E, 'id: summa-investering', '\n            utfall: ') };
  };

  it('reports a difference of exactly 0,1 as a note', () => {
    const { diagnostics, errors, at } = investment('-10.0');
    expect(errors).toEqual([]);
    expect(withCode(diagnostics, 'summa.rader').filter((d) => d.pos?.line === at.line)).toEqual([
      expect.objectContaining({
        severity: 'note',
        pos: at,
        message: 'Summa Investeringsredovisning 2, utfall: angivet −10,0 men summan av projekten i Investeringsredovisning 2 ger −9,9 (skillnad −0,1, inom avrundningstoleransen 0,1)',
      }),
    ]);
  });

  it('reports a difference of 0,2 as an error', () => {
    const { errors, at } = investment('-10.1');
    expect(errors.map((d) => [d.code, d.severity, d.pos, d.message])).toEqual([
      ['summa.rader', 'error', at, 'Summa Investeringsredovisning 2, utfall: angivet −10,1 men summan av projekten i Investeringsredovisning 2 ger −9,9 (skillnad −0,2, tolerans 0,1)'],
    ]);
  });
});

describe('six terms at one decimal (tolerance 0,05 × 7 = 0,35)', () => {
  const drift = (summa: string) => {
    const dir = copyExample();
    mutate(dir, E, '        budget_helår: 0.0\n        prognosavvikelse: 1.0\n', `        budget_helår: 0.0\n        prognosavvikelse: ${summa}\n`);
    const at = posAfter(dir, E, 'id: summa-drift', 'prognosavvikelse: ');
    return withCode(check(dir).diagnostics, 'summa.rader').filter((d) => d.pos?.line === at.line).map((d) => [d.severity, d.message]);
  };

  it('reports a difference of 0,3 as a note', () => {
    expect(drift('1.4')).toEqual([
      ['note', 'Summa Servicenämnden, prognosavvikelse: angivet 1,4 men summan av enheterna ger 1,1 (skillnad 0,3, inom avrundningstoleransen 0,35)'],
    ]);
  });

  it('reports a difference of 0,4 as an error', () => {
    expect(drift('1.5')).toEqual([['error', 'Summa Servicenämnden, prognosavvikelse: angivet 1,5 men summan av enheterna ger 1,1 (skillnad 0,4, tolerans 0,35)']]);
  });
});

describe('mixed precision', () => {
  it('adds each figure’s own half unit: 804.208 (3 decimals) contributes 0,0005', () => {
    const dir = copyExample();
    const at = posAfter(dir, E, 'id: resultat\n', 'budget_helår: ');
    const found = withCode(check(dir).diagnostics, 'rr.resultat').filter((d) => d.pos?.line === at.line);
    expect(found.map((d) => [d.severity, d.pos, d.message])).toEqual([
      [
        'note',
        at,
        'Summa ÅRETS RESULTAT exkl över-/underskott, budget_helår: angivet 0,0 men intäkter + kostnader + finansnetto ger 0,008 (skillnad −0,008, inom avrundningstoleransen 0,1505)',
      ],
    ]);
  });

  it('reads the precision from the source text: a trailing zero narrows the tolerance', () => {
    // Computed 18,1. "18.3" tolerates 0,05 + 3 × 0,05 = 0,2 (a note); "18.30" only 0,005 + 0,15 = 0,155.
    const found = (stated: string) => {
      const dir = copyExample();
      mutate(dir, E, '        utfall_fg: 18.2\n', `        utfall_fg: ${stated}\n`);
      const at = posAfter(dir, E, 'id: resultat\n', 'utfall_fg: ');
      return withCode(check(dir).diagnostics, 'rr.resultat').filter((d) => d.pos?.line === at.line).map((d) => [d.severity, d.message]);
    };
    expect(found('18.3')).toEqual([
      ['note', 'Summa ÅRETS RESULTAT exkl över-/underskott, utfall_fg: angivet 18,3 men intäkter + kostnader + finansnetto ger 18,1 (skillnad 0,2, inom avrundningstoleransen 0,2)'],
    ]);
    expect(found('18.30')).toEqual([
      ['error', 'Summa ÅRETS RESULTAT exkl över-/underskott, utfall_fg: angivet 18,30 men intäkter + kostnader + finansnetto ger 18,10 (skillnad 0,20, tolerans 0,155)'],
    ]);
  });
});
