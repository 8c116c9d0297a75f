/** Structural rules: id.unik, ref.saknas, rr.roll, rr.tecken and invest.projektbudget. */
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate } from '../../helpers.js';
import { posAfter, posOf, withCode } from './support.js';

const E = 'ekonomi.yaml';
const I = 'internkontroll.yaml';
const M = 'mal.yaml';

/** Position of the value of "id: <id>" (the first one after the anchors). */
function idValue(dir: string, file: string, id: string, ...anchors: string[]) {
  const p = posOf(dir, file, ...anchors, `id: ${id}`);
  return { ...p, column: p.column + 'id: '.length };
}

describe('id.unik', () => {
  it('flags a repeated id at the repetition, with the first occurrence as related position', () => {
    const dir = copyExample();
    mutate(dir, M, 'id: at-klimat', 'id: at-naringsliv');
    expect(check(dir).errors).toEqual([
      {
        code: 'id.unik',
        severity: 'error',
        message: 'id "at-naringsliv" används redan; varje id måste vara unikt i rapporten',
        pos: idValue(dir, M, 'at-naringsliv', 'id: po-samhallsbyggnad'),
        related: [{ message: 'först här', pos: idValue(dir, M, 'at-naringsliv') }],
      },
    ]);
  });

  it('finds duplicates across files', () => {
    const dir = copyExample();
    mutate(dir, I, 'id: km-inkop', 'id: finansnetto');
    expect(check(dir).errors).toEqual([
      {
        code: 'id.unik',
        severity: 'error',
        message: 'id "finansnetto" används redan; varje id måste vara unikt i rapporten',
        pos: idValue(dir, I, 'finansnetto'),
        related: [{ message: 'först här', pos: idValue(dir, E, 'finansnetto') }],
      },
    ]);
  });

  it('accepts the example, whose ids are unique', () => {
    expect(withCode(check(copyExample()).diagnostics, 'id.unik')).toEqual([]);
  });
});

describe('id.reserverat', () => {
  it('flags an id that a template anchor uses', () => {
    const dir = copyExample();
    mutate(dir, I, 'id: km-inkop', 'id: sammanfattning');
    expect(check(dir).errors).toEqual([
      {
        code: 'id.reserverat',
        severity: 'error',
        message: 'id "sammanfattning" är reserverat av rapportens mallar; välj ett annat id',
        pos: idValue(dir, I, 'sammanfattning'),
        related: [],
      },
    ]);
  });

  it('flags the prose namespace åtaganden as an id', () => {
    const dir = copyExample();
    mutate(dir, I, 'id: km-sekretess', 'id: åtaganden');
    expect(check(dir).errors.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['id.reserverat', 'id "åtaganden" är reserverat av rapportens mallar; välj ett annat id', idValue(dir, I, 'åtaganden')],
    ]);
  });

  it('accepts ids that merely contain an anchor name', () => {
    const dir = copyExample();
    mutate(dir, I, 'id: km-inkop', 'id: personal-2');
    expect(withCode(check(dir).diagnostics, 'id.reserverat')).toEqual([]);
  });
});

describe('ref.saknas', () => {
  it('flags an internkontroll goal whose perspektiv does not exist, suggesting the closest id', () => {
    const dir = copyExample();
    mutate(dir, I, '      namn: Stabil ekonomi\n      perspektiv: effektiv-organisation', '      namn: Stabil ekonomi\n      perspektiv: effektiv-organistion');
    expect(check(dir).errors).toEqual([
      {
        code: 'ref.saknas',
        severity: 'error',
        message: 'perspektivet "effektiv-organistion" finns inte i målstrukturen; menade du "effektiv-organisation"?',
        pos: posAfter(dir, I, 'namn: Stabil ekonomi\n', 'perspektiv: '),
        related: [],
      },
    ]);
  });

  it('lists the existing perspektiv when nothing is close', () => {
    const dir = copyExample();
    mutate(dir, I, '      namn: Stabil ekonomi\n      perspektiv: effektiv-organisation', '      namn: Stabil ekonomi\n      perspektiv: ekonomi');
    expect(check(dir).errors.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['ref.saknas', 'perspektivet "ekonomi" finns inte i målstrukturen (finns: hallbar-utveckling, effektiv-organisation)', posAfter(dir, I, 'namn: Stabil ekonomi\n', 'perspektiv: ')],
    ]);
  });
});

describe('rr.roll', () => {
  it('flags a second row with the role summa, pointing back at the first', () => {
    const dir = copyExample();
    mutate(dir, E, '        namn: FINANSNETTO\n        roll: finansnetto', '        namn: FINANSNETTO\n        roll: summa');
    expect(withCode(check(dir).diagnostics, 'rr.roll')).toEqual([
      {
        code: 'rr.roll',
        severity: 'error',
        message: 'resultaträkningen har redan en rad med rollen "summa"',
        pos: posAfter(dir, E, 'id: summa-rr', 'roll: '),
        related: [{ message: 'första raden med rollen', pos: posAfter(dir, E, 'id: finansnetto', 'roll: ') }],
      },
    ]);
  });

  it('accepts the example, which has one row per summary role', () => {
    expect(withCode(check(copyExample()).diagnostics, 'rr.roll')).toEqual([]);
  });
});

describe('rr.tecken', () => {
  it('warns about a negative intäkt', () => {
    const dir = copyExample();
    mutate(dir, E, 'utfall_fg: 0.7', 'utfall_fg: -0.7');
    const { diagnostics, errors } = check(dir);
    expect(withCode(diagnostics, 'rr.tecken')).toEqual([
      {
        code: 'rr.tecken',
        severity: 'warning',
        message: 'Kommunersättning/skolpeng: intäkter anges som positiva belopp i tabellens teckenkonvention, men utfall_fg är −0,7',
        pos: posAfter(dir, E, 'id: kommunersattning', 'utfall_fg: '),
        related: [],
      },
    ]);
    // The sign is a warning only; the sum that no longer foots is the error.
    expect(errors.map((d) => d.code)).toEqual(['summa.rader']);
  });

  it('warns about a positive kostnad', () => {
    const dir = copyExample();
    mutate(dir, E, 'prognos: -1.5', 'prognos: 1.5');
    expect(withCode(check(dir).diagnostics, 'rr.tecken')).toEqual([
      {
        code: 'rr.tecken',
        severity: 'warning',
        message: 'Köp av verksamhet: kostnader anges som negativa belopp i tabellens teckenkonvention, men prognos är 1,5',
        pos: posAfter(dir, E, 'id: kop-av-verksamhet', 'prognos: '),
        related: [],
      },
    ]);
  });

  it('checks summa rows by their role too', () => {
    const dir = copyExample();
    mutate(dir, E, 'utfall_fg: -480.0', 'utfall_fg: 480.0');
    expect(withCode(check(dir).diagnostics, 'rr.tecken').map((d) => [d.severity, d.message, d.pos])).toEqual([
      ['warning', 'Summa KOSTNADER: kostnader anges som negativa belopp i tabellens teckenkonvention, men utfall_fg är 480,0', posAfter(dir, E, 'id: summa-kostnader', 'utfall_fg: ')],
    ]);
  });

  it('accepts the example, whose signs follow the roles (zero is neither)', () => {
    expect(withCode(check(copyExample()).diagnostics, 'rr.tecken')).toEqual([]);
  });
});

describe('invest.projektbudget', () => {
  it('warns about a prognosavvikelse för projektet without a projektbudget (the example has one, and its summa)', () => {
    const dir = copyExample();
    expect(withCode(check(dir).diagnostics, 'invest.projektbudget')).toEqual([
      {
        code: 'invest.projektbudget',
        severity: 'warning',
        message: 'Nämndbeslutad investering: prognosavvikelse för projektet (−6,8) anges men total projektbudget saknas',
        pos: posAfter(dir, E, 'id: namndbeslutad-investering', 'prognosavvikelse_projekt: '),
        related: [],
      },
      {
        code: 'invest.projektbudget',
        severity: 'warning',
        message: 'Summa Investeringsredovisning 2: prognosavvikelse för projektet (−6,8) anges men total projektbudget saknas',
        pos: posAfter(dir, E, 'id: summa-investering', 'prognosavvikelse_projekt: '),
        related: [],
      },
    ]);
  });

  it('is silent for a projekt that states its projektbudget', () => {
    const dir = copyExample();
    mutate(dir, E, '              prognosavvikelse_projekt: -6.8', '              projektbudget: -50.0\n              prognosavvikelse_projekt: -6.8');
    const { diagnostics, errors } = check(dir);
    expect(errors).toEqual([]);
    expect(withCode(diagnostics, 'invest.projektbudget').map((d) => d.message)).toEqual([
      'Summa Investeringsredovisning 2: prognosavvikelse för projektet (−6,8) anges men total projektbudget saknas',
    ]);
  });
});
