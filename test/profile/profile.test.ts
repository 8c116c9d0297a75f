import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate, positionOf } from '../helpers.js';
import { STANDARD_PROFILE } from '../../src/profile/profile.js';

/** The example copied with a profile beside it (the nearest profil.yaml in the folder's ancestors). */
function withProfile(edit: (text: string) => string): { dir: string; profile: string } {
  const dir = copyExample();
  const profile = path.join(path.dirname(dir), 'profil.yaml');
  writeFileSync(profile, edit(readFileSync(STANDARD_PROFILE, 'utf8')));
  return { dir, profile };
}

describe('organisation profile', () => {
  it('takes the scale values a report may use from the profile, with did-you-mean against them', () => {
    const { dir } = withProfile((t) => t.replace('      klart: { text: "Klart, avslutat"', '      klart_avslutat: { text: "Klart, avslutat"'));
    const { errors } = check(dir);
    const d = errors.find((e) => e.code === 'schema.värde');
    expect(d?.message).toMatch(/ogiltigt värde "klart"; tillåtna värden: ej_påbörjad, pågår, klart_avslutat, /);
  });

  it('reports a broken profile at its own file, line and column, and compiles nothing', () => {
    const { dir, profile } = withProfile((t) => t.replace('      bedömning: processmål\n', '      bedömning: processmåål\n'));
    const { diagnostics } = check(dir);
    const text = readFileSync(profile, 'utf8');
    const line = text.slice(0, text.indexOf('processmåål')).split('\n').length;
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'profil.struktur', severity: 'error', message: 'skalan "processmåål" finns inte under skalor; menade du "processmål"?', pos: expect.objectContaining({ line, file: expect.stringMatching(/profil\.yaml$/) }) }),
    ]);
  });

  it('refuses a scale without a "kan ej bedömas" value', () => {
    const { dir } = withProfile((t) => t.replace('    ej_bedömd: ej_utvärderad\n', '    ej_bedömd: finns_inte\n'));
    expect(check(dir).errors.map((e) => e.code)).toEqual(['profil.struktur']);
  });

  it('changes a rule’s severity through regler, and can turn a rule off', () => {
    const { dir } = withProfile((t) => t.replace('regler: {}', 'regler:\n  invest.projektbudget: fel\n  summa.rader: av'));
    const { diagnostics } = check(dir);
    expect(diagnostics.filter((d) => d.code === 'invest.projektbudget').map((d) => d.severity)).toEqual(['error', 'error']);
    expect(diagnostics.some((d) => d.code === 'summa.rader')).toBe(false);
  });

  it('labels columns by report type: a verksamhetsberättelse says Bokslut', () => {
    const { dir } = withProfile((t) => t);
    mutate(dir, 'rapport.yaml', 'typ: delårsrapport', 'typ: verksamhetsberättelse');
    mutate(dir, 'rapport.yaml', '  nummer: 2\n', '');
    mutate(dir, 'rapport.yaml', 'till: 2023-08-31', 'till: 2023-12-31');
    mutate(dir, 'ekonomi.yaml', '      utfall: Utfall Aug 2023\n', '');
    const { diagnostics } = check(dir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('legal lint (LKBR 13:1, RKR R17, KL 11:16)', () => {
  it('warns when a lagstadgad delårsrapport covers less than half the year', () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'till: 2023-08-31', 'till: 2023-04-30');
    const d = check(dir).diagnostics.find((x) => x.code === 'lag.delårsperiod');
    expect(d).toMatchObject({ severity: 'warning', pos: { file: 'rapport.yaml', ...positionOf(dir, 'rapport.yaml', '2023-04-30') } });
    expect(d?.message).toContain('LKBR 13 kap. 1 §');
  });

  it('is silent for an extra delårsrapport marked lagstadgad: false', () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'till: 2023-08-31', 'till: 2023-03-31');
    mutate(dir, 'rapport.yaml', '  status: Påbörjad\n', '  status: Påbörjad\n  lagstadgad: false\n');
    expect(check(dir).diagnostics.some((x) => x.code === 'lag.delårsperiod')).toBe(false);
  });

  it('warns when the balanskrav assessment is missing, where the profile says the nämnd assesses it', () => {
    const dir = copyExample();
    const text = readFileSync(path.join(dir, 'ekonomi.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'ekonomi.yaml'), text.slice(0, text.indexOf('\n  # Balanskravet bedöms')) + '\n');
    // The standard profile: balanskravet binds the kommun (KL 11 kap.), a nämnd report need not assess it.
    expect(check(dir).diagnostics.filter((x) => x.code === 'lag.balanskrav')).toEqual([]);
    writeFileSync(path.join(dir, '..', 'profil.yaml'), `${readFileSync(STANDARD_PROFILE, 'utf8')}\nlag: { balanskrav: nämnd }\n`);
    expect(check(dir).diagnostics.filter((x) => x.code === 'lag.balanskrav').map((x) => x.severity)).toEqual(['warning']);
  });
});

describe('undantag', () => {
  it('turns the named error into a warning with its reason, and flags an undantag that matches nothing', () => {
    const dir = copyExample();
    mutate(dir, 'internkontroll.yaml', 'riskvärde: 16', 'riskvärde: 15');
    expect(check(dir).errors.map((e) => e.code)).toContain('risk.riskvärde');
    const id = /- id: (\S+)\n(?:.*\n){0,8}?\s+riskvärde: 15/.exec(readFileSync(path.join(dir, 'internkontroll.yaml'), 'utf8'))![1]!;
    writeFileSync(
      path.join(dir, 'undantag.yaml'),
      `undantag:\n  - regel: risk.riskvärde\n    id: ${id}\n    skäl: Tryckt 15 i den beslutade rapporten.\n  - regel: summa.rader\n    id: finns-inte\n    skäl: Ett undantag som inte träffar något.\n`,
    );
    const { diagnostics, errors } = check(dir);
    expect(errors).toEqual([]);
    expect(diagnostics.find((d) => d.code === 'risk.riskvärde')?.message).toMatch(/– undantag: Tryckt 15 i den beslutade rapporten\.$/);
  });
});

describe('columns per report type', () => {
  it('shows the profile’s default columns for a table that lists none', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', '      kolumner: [budgetavvikelse_fg, budgetavvikelse, budget_helår, prognosavvikelse]\n', '');
    const { errors } = check(dir);
    expect(errors).toEqual([]);
  });

  it('says so when neither the table nor the profile names columns, at the table', () => {
    const { dir } = withProfile((t) => t.replace('      driftredovisning: [budgetavvikelse_fg, budgetavvikelse, budget_helår, prognosavvikelse]\n', ''));
    mutate(dir, 'ekonomi.yaml', '      kolumner: [budgetavvikelse_fg, budgetavvikelse, budget_helår, prognosavvikelse]\n', '');
    const { errors } = check(dir);
    expect(errors.map((e) => [e.code, e.pos?.file, e.pos?.line])).toEqual([['tabell.kolumner', 'ekonomi.yaml', positionOf(dir, 'ekonomi.yaml', '- id: driftredovisning').line]]);
    expect(errors[0]!.message).toBe('tabellen "driftredovisning" anger inga kolumner och profilen har ingen standard för driftredovisning i en delårsrapport; ange kolumner:');
  });

  it('refuses a default column that the table kind does not have, in the profile', () => {
    const { dir } = withProfile((t) => t.replace('      sammandrag: [utfall, budget, budgetavvikelse, prognos, prognosavvikelse]\n', '      sammandrag: [utfall, projektbudget]\n'));
    const [d] = check(dir).errors;
    expect(d?.code).toBe('profil.struktur');
    expect(d?.message).toMatch(/^"projektbudget" är ingen kolumn i sammandrag \(finns: utfall_fg, utfall, /);
  });
});

describe('profile structure (each level once, every rule known)', () => {
  it('refuses a level listed twice: its nodes would be counted twice', () => {
    const { dir, profile } = withProfile((t) => t.replace('  rot: [perspektiv]', '  rot: [perspektiv, perspektiv]'));
    const d = check(dir).errors.find((e) => e.message.startsWith('nivån "perspektiv" står redan'));
    expect(d).toMatchObject({ code: 'profil.struktur', pos: { file: expect.stringMatching(/profil\.yaml$/) } });
    expect(profile).toBeTruthy();
  });

  it('refuses a level that no root or level leads to', () => {
    const { dir } = withProfile((t) => t.replace('    huvudprocesser:\n      namn: Huvudprocess', '    uppdrag:\n      namn: Uppdrag\n      visning: tabell\n    huvudprocesser:\n      namn: Huvudprocess'));
    expect(check(dir).errors.map((e) => e.message)).toContain('nivån "uppdrag" nås inte från målstruktur.rot eller någon nivås undernivåer');
  });

  it('refuses an unknown rule code in regler, suggesting the closest', () => {
    const { dir } = withProfile((t) => t.replace('regler: {}', 'regler:\n  lag.frsit: av'));
    expect(check(dir).errors.map((e) => e.message)).toEqual(['regeln "lag.frsit" finns inte; menade du "lag.frist"?']);
  });
});

describe('report-level undantag and the two-month deadline', () => {
  it('acknowledges a diagnostic about the whole report with an undantag without id', () => {
    const { dir } = withProfile((t) => t.replace('regler: {}', 'regler:\n  lag.frist: fel'));
    mutate(dir, 'rapport.yaml', 'paragraf: 55\n', 'paragraf: 55\nbeslutsdatum: 2023-12-15\n');
    expect(check(dir).errors.map((e) => e.code)).toEqual(['lag.frist']);
    writeFileSync(path.join(dir, 'undantag.yaml'), 'undantag:\n  - regel: lag.frist\n    skäl: Nämnden sammanträdde inte under hösten.\n');
    const { errors, diagnostics } = check(dir);
    expect(errors).toEqual([]);
    expect(diagnostics.find((d) => d.code === 'lag.frist')?.severity).toBe('warning');
  });

  it('does not apply the delårsrapport deadline to a verksamhetsberättelse', () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'typ: delårsrapport', 'typ: verksamhetsberättelse');
    mutate(dir, 'rapport.yaml', '  nummer: 2\n', '');
    mutate(dir, 'rapport.yaml', 'till: 2023-08-31', 'till: 2023-12-31');
    mutate(dir, 'rapport.yaml', 'paragraf: 55\n', 'paragraf: 55\nbeslutsdatum: 2024-04-15\n');
    expect(check(dir).diagnostics.some((d) => d.code === 'lag.frist')).toBe(false);
  });
});

describe('samma_som', () => {
  it('names a column the referenced row does not have, with did-you-mean', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', '        budgetavvikelse: 0.4\n        budget_helår: 0.0\n', '        budgetavvikelse: 0.4\n        budget_helår: 0.0\n        samma_som: { budgetavvikelse: summa-rr.budgetavvikelser }\n');
    const d = check(dir).errors.find((e) => e.code === 'ref.saknas');
    expect(d?.message).toMatch(/har ingen kolumn "budgetavvikelser"; menade du "budgetavvikelse"\?$/);
  });
});
