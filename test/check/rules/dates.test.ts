/** Date rules: datum.period and period.ordning. */
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate } from '../../helpers.js';
import { posAfter, withCode } from './support.js';

const R = 'rapport.yaml';
const M = 'mal.yaml';

describe('datum.period', () => {
  it('flags a comment dated after the report period', () => {
    const dir = copyExample();
    mutate(dir, M, 'TSN, alla bolag]\n              status: klart\n              färdiggrad: uppgift saknas   # symbolen förlorad\n              kommentar:\n                datum: 2023-08-31', 'TSN, alla bolag]\n              status: klart\n              färdiggrad: uppgift saknas   # symbolen förlorad\n              kommentar:\n                datum: 2023-09-15');
    expect(check(dir).errors).toEqual([
      {
        code: 'datum.period',
        severity: 'error',
        message: 'kommentarens datum 2023-09-15 ligger utanför rapportperioden 2023-01-01–2023-08-31',
        pos: posAfter(dir, M, 'id: at-naringsliv', 'datum: '),
        related: [],
      },
    ]);
  });

  it('flags a huvudprocess comment dated before the report period', () => {
    const dir = copyExample();
    mutate(dir, M, 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-08-31', 'trend: oförändrad\n              kommentar:\n                datum: 2022-12-31');
    expect(check(dir).errors.map((d) => [d.code, d.severity, d.message, d.pos])).toEqual([
      ['datum.period', 'error', 'kommentarens datum 2022-12-31 ligger utanför rapportperioden 2023-01-01–2023-08-31', posAfter(dir, M, 'id: befintligt-foretagande', 'datum: ')],
    ]);
  });

  it('accepts comments dated on the first and the last day of the period', () => {
    const dir = copyExample();
    mutate(dir, M, 'TSN, alla bolag]\n              status: klart\n              färdiggrad: uppgift saknas   # symbolen förlorad\n              kommentar:\n                datum: 2023-08-31', 'TSN, alla bolag]\n              status: klart\n              färdiggrad: uppgift saknas   # symbolen förlorad\n              kommentar:\n                datum: 2023-01-01');
    const { diagnostics } = check(dir);
    expect(withCode(diagnostics, 'datum.period')).toEqual([]); // the example's comments are all dated 2023-08-31
  });
});

describe('period.ordning', () => {
  it('flags a period that starts after it ends', () => {
    const dir = copyExample();
    mutate(dir, R, 'från: 2023-01-01', 'från: 2023-09-01');
    expect(withCode(check(dir).diagnostics, 'period.ordning')).toEqual([
      { code: 'period.ordning', severity: 'error', message: 'perioden börjar 2023-09-01, efter sitt slut 2023-08-31', pos: posAfter(dir, R, 'från: '), related: [] },
    ]);
  });

  it('flags a period start outside the report year', () => {
    const dir = copyExample();
    mutate(dir, R, 'från: 2023-01-01', 'från: 2022-12-01');
    expect(check(dir).errors).toEqual([
      { code: 'period.ordning', severity: 'error', message: 'periodens från-datum 2022-12-01 ligger inte i rapportåret 2023', pos: posAfter(dir, R, 'från: '), related: [] },
    ]);
  });

  it('flags a period end outside the report year', () => {
    const dir = copyExample();
    mutate(dir, R, 'till: 2023-08-31', 'till: 2024-08-31');
    expect(check(dir).errors).toEqual([
      { code: 'period.ordning', severity: 'error', message: 'periodens till-datum 2024-08-31 ligger inte i rapportåret 2023', pos: posAfter(dir, R, 'till: '), related: [] },
    ]);
  });

  it('flags both ends when rapport.år does not match the period', () => {
    const dir = copyExample();
    mutate(dir, R, 'år: 2023', 'år: 2022');
    expect(check(dir).errors.map((d) => [d.message, d.pos])).toEqual([
      ['periodens från-datum 2023-01-01 ligger inte i rapportåret 2022', posAfter(dir, R, 'från: ')],
      ['periodens till-datum 2023-08-31 ligger inte i rapportåret 2022', posAfter(dir, R, 'till: ')],
    ]);
  });

  it('flags a beslutsdatum before the end of the period', () => {
    const dir = copyExample();
    mutate(dir, R, 'paragraf: 55\n', 'paragraf: 55\nbeslutsdatum: 2023-08-30\n');
    expect(check(dir).errors).toEqual([
      { code: 'period.ordning', severity: 'error', message: 'beslutsdatum 2023-08-30 ligger före periodens slut 2023-08-31', pos: posAfter(dir, R, 'beslutsdatum: '), related: [] },
    ]);
  });

  it('accepts a beslutsdatum on or after the last day of the period', () => {
    for (const datum of ['2023-08-31', '2023-09-20']) {
      const dir = copyExample();
      mutate(dir, R, 'paragraf: 55\n', `paragraf: 55\nbeslutsdatum: ${datum}\n`);
      expect(withCode(check(dir).diagnostics, 'period.ordning')).toEqual([]);
    }
  });
});
