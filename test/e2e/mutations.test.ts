import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate, positionOf } from '../helpers.js';

/**
 * Change one figure (or word) in a copy of the example: `check` must fail with the right rule
 * code at the right place. `at` is the text (after the change) where the diagnostic must point.
 */
const MUTATIONS: { name: string; file: string; from: string; to: string; code: string; at: string; atFile?: string; offset?: number }[] = [
  { name: 'an RR item row', file: 'ekonomi.yaml', from: 'utfall: -42.9', to: 'utfall: -44.9', code: 'summa.rader', at: 'utfall: -527.7', offset: 8 },
  { name: 'a drift enhet', file: 'ekonomi.yaml', from: 'prognosavvikelse: -3.1', to: 'prognosavvikelse: -3.9', code: 'summa.rader', at: '\n        budget_helår: 0.0\n        prognosavvikelse: 1.0\n\n', offset: 53 },
  { name: 'the investment budget', file: 'ekonomi.yaml', from: '              utfall: -9.9', to: '              utfall: -19.9', code: 'summa.rader', at: '\n            utfall: -9.9', offset: 21 },
  { name: 'a stated riskvärde', file: 'internkontroll.yaml', from: 'riskvärde: 12', to: 'riskvärde: 15', code: 'risk.riskvärde', at: 'riskvärde: 15', offset: 11 },
  { name: 'a sannolikhet', file: 'internkontroll.yaml', from: 'sannolikhet: 5', to: 'sannolikhet: 4', code: 'risk.riskvärde', at: 'riskvärde: 15', offset: 11 },
  { name: 'a comment date after the period', file: 'mal.yaml', from: 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-08-31', to: 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-09-30', code: 'datum.period', at: 'datum: 2023-09-30', offset: 7 },
  { name: 'a key typo', file: 'ekonomi.yaml', from: 'budgetavvikelse: -0.6', to: 'budgetavvikelze: -0.6', code: 'schema.okänd-nyckel', at: 'budgetavvikelze', offset: 0 },
  { name: 'a status typo', file: 'mal.yaml', from: 'TSN, alla bolag]\n              status: klart', to: 'TSN, alla bolag]\n              status: klar', code: 'schema.värde', at: 'status: klar\n', offset: 8 },
  { name: 'a prose reference to a missing row', file: 'rapport.yaml', from: '{{belopp summa-rr.utfall enhet', to: '{{belopp summa-r.utfall enhet', code: 'prosa.referens', at: 'summa-r.utfall', offset: 0 },
];

describe('one mutated figure fails check at the right place', () => {
  for (const m of MUTATIONS) {
    it(`${m.name} → ${m.code}`, () => {
      const dir = copyExample();
      mutate(dir, m.file, m.from, m.to);
      const { errors } = check(dir);
      const file = m.atFile ?? m.file;
      const pos = positionOf(dir, file, m.at, m.offset ?? 0);
      const hit = errors.find((d) => d.code === m.code);
      expect(hit, JSON.stringify(errors.map((e) => `${e.code} ${e.pos?.line}:${e.pos?.column} ${e.message}`))).toBeDefined();
      expect(hit!.pos).toEqual({ file, line: pos.line, column: pos.column });
    });
  }
});
