/** Exact relations outside the money tables: risk.riskvärde, kön.summa and andel.kvot. */
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate } from '../../helpers.js';
import { posAfter, posOf, withCode } from './support.js';

const I = 'internkontroll.yaml';
const P = 'personal.yaml';
const M = 'mal.yaml';
const KUNDBEDOMNING = 'Samlad kundbedömning i kunddialoger (10-gradig skala) jan–jul 2023';

/** Give the last kundbedömning utfall (värde 8.53) extra keys, indented like its siblings. */
function extendLastUtfall(dir: string, värde: string, extra: Record<string, string>): void {
  const lines = Object.entries(extra).map(([k, v]) => `\n                      ${k}: ${v}`);
  mutate(dir, M, '      värde: 8.53', `      värde: ${värde}${lines.join('')}`);
}

describe('risk.riskvärde', () => {
  it('flags a stated riskvärde that is not sannolikhet × konsekvens, without a tolerance', () => {
    const dir = copyExample();
    mutate(dir, I, 'riskvärde: 16', 'riskvärde: 15');
    expect(check(dir).errors).toEqual([
      {
        code: 'risk.riskvärde',
        severity: 'error',
        message: 'riskvärde för risk-inkop: angivet 15 men sannolikhet × konsekvens ger 16 (skillnad −1)',
        pos: posAfter(dir, I, 'id: risk-inkop', 'riskvärde: '),
        related: [
          { message: 'sannolikhet = 4', pos: posAfter(dir, I, 'id: risk-inkop', 'sannolikhet: ') },
          { message: 'konsekvens = 4', pos: posAfter(dir, I, 'id: risk-inkop', 'konsekvens: ') },
        ],
      },
    ]);
  });

  it('accepts the example riskvärden and an omitted riskvärde', () => {
    const dir = copyExample();
    expect(withCode(check(dir).diagnostics, 'risk.riskvärde')).toEqual([]);
    mutate(dir, I, '          riskvärde: 16\n', '');
    expect(withCode(check(dir).diagnostics, 'risk.riskvärde')).toEqual([]);
  });
});

describe('kön.summa', () => {
  it('flags anställda whose totalt is not kvinnor + män', () => {
    const dir = copyExample();
    mutate(dir, P, 'personal:\n', 'personal:\n  anställda: {id: anst, kvinnor: 100, män: 50, totalt: 160}\n');
    expect(check(dir).errors).toEqual([
      {
        code: 'kön.summa',
        severity: 'error',
        message: 'anställda totalt: angivet 160 men kvinnor + män ger 150 (skillnad 10)',
        pos: posAfter(dir, P, 'anställda: {', 'totalt: '),
        related: [
          { message: 'kvinnor = 100', pos: posAfter(dir, P, 'anställda: {', 'kvinnor: ') },
          { message: 'män = 50', pos: posAfter(dir, P, 'anställda: {', 'män: ') },
        ],
      },
    ]);
  });

  it('accepts anställda whose totalt is kvinnor + män', () => {
    const dir = copyExample();
    mutate(dir, P, 'personal:\n', 'personal:\n  anställda: {id: anst, kvinnor: 100, män: 50, totalt: 150}\n');
    const { diagnostics, errors } = check(dir);
    expect(errors).toEqual([]);
    expect(withCode(diagnostics, 'kön.summa')).toEqual([]);
  });

  it('flags an indicator whose täljare is not the sum of the kvinnor and män täljare', () => {
    const dir = copyExample();
    extendLastUtfall(dir, '8.5', { täljare: '17', nämnare: '200', kvinnor: '{täljare: 10, nämnare: 100}', män: '{täljare: 8, nämnare: 100}' });
    expect(check(dir).errors).toEqual([
      {
        code: 'kön.summa',
        severity: 'error',
        message: `${KUNDBEDOMNING}, täljare: angivet 17 men kvinnor + män (täljare) ger 18 (skillnad −1)`,
        pos: posAfter(dir, M, 'värde: 8.5\n', 'täljare: '),
        related: [
          { message: 'kvinnor, täljare = 10', pos: posAfter(dir, M, 'värde: 8.5\n', 'kvinnor: {', 'täljare: ') },
          { message: 'män, täljare = 8', pos: posAfter(dir, M, 'värde: 8.5\n', 'män: {', 'täljare: ') },
        ],
      },
    ]);
  });
});

describe('andel.kvot', () => {
  it('flags a percentage that is not täljare / nämnare × 100, beyond half a unit of its last digit', () => {
    const dir = copyExample();
    extendLastUtfall(dir, '8.53', { täljare: '17', nämnare: '200' });
    expect(check(dir).errors).toEqual([
      {
        code: 'andel.kvot',
        severity: 'error',
        message: `${KUNDBEDOMNING}: angivet 8,53 men täljare / nämnare × 100 ger 8,50 (skillnad 0,03, tolerans 0,005)`,
        pos: posAfter(dir, M, 'period: jan–jul 2023\n', 'värde: '),
        related: [
          { message: 'täljare = 17', pos: posAfter(dir, M, 'värde: 8.53\n', 'täljare: ') },
          { message: 'nämnare = 200', pos: posAfter(dir, M, 'värde: 8.53\n', 'nämnare: ') },
        ],
      },
    ]);
  });

  it('reports a rounded percentage within half a unit as a note', () => {
    const dir = copyExample();
    extendLastUtfall(dir, '33.3', { täljare: '1', nämnare: '3' });
    const { diagnostics, errors } = check(dir);
    expect(errors).toEqual([]);
    expect(withCode(diagnostics, 'andel.kvot')).toEqual([
      {
        code: 'andel.kvot',
        severity: 'note',
        message: `${KUNDBEDOMNING}: angivet 33,3 men täljare / nämnare × 100 ger 33,333333 (skillnad −0,033333, inom avrundningstoleransen 0,05)`,
        pos: posAfter(dir, M, 'period: jan–jul 2023\n', 'värde: '),
        related: [
          { message: 'täljare = 1', pos: posAfter(dir, M, 'värde: 33.3\n', 'täljare: ') },
          { message: 'nämnare = 3', pos: posAfter(dir, M, 'värde: 33.3\n', 'nämnare: ') },
        ],
      },
    ]);
  });

  it('accepts a percentage that equals täljare / nämnare × 100', () => {
    const dir = copyExample();
    extendLastUtfall(dir, '8.5', { täljare: '17', nämnare: '200' });
    const { diagnostics } = check(dir);
    expect(withCode(diagnostics, 'andel.kvot')).toEqual([]);
    expect(posOf(dir, M, 'täljare: 17').line).toBe(posOf(dir, M, 'värde: 8.5\n').line + 1);
  });
});
