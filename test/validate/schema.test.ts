/**
 * Schema diagnostics: every Zod issue becomes a located diagnostic with a Swedish message.
 * Validation errors stop the pipeline, so each test sees the complete list of diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { check, copyExample, mutate } from '../helpers.js';
import { posAfter, posOf } from '../check/rules/support.js';

const R = 'rapport.yaml';
const E = 'ekonomi.yaml';
const M = 'mal.yaml';
const I = 'internkontroll.yaml';
const KUNDBEDOMNING = 'mål.perspektiv[2].processområden[1].processmål[1].indikatorer[1]';

describe('schema.okänd-nyckel', () => {
  it('flags a misspelt key at the key, suggesting the known key it resembles', () => {
    const dir = copyExample();
    mutate(dir, M, '                  utfall:\n', '                  utfal:\n');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.saknas',
        severity: 'error',
        message: `obligatorisk nyckel "utfall" saknas i ${KUNDBEDOMNING}`,
        pos: posOf(dir, M, 'id: kundbedomning'),
        related: [],
      },
      {
        code: 'schema.okänd-nyckel',
        severity: 'error',
        message: `okänd nyckel "utfal" i ${KUNDBEDOMNING}; menade du "utfall"?`,
        pos: posOf(dir, M, 'id: kundbedomning', 'utfal:'),
        related: [],
      },
    ]);
  });

  it('flags a misspelt top-level key and reports the key it should have been as missing', () => {
    const dir = copyExample();
    mutate(dir, R, '\nförvaltning:', '\nförvaltnig:');
    expect(check(dir).diagnostics).toEqual([
      // A missing top-level key has no parent in any file; it is placed at the start of rapport.yaml's data.
      { code: 'schema.saknas', severity: 'error', message: 'obligatorisk nyckel "förvaltning" saknas', pos: posOf(dir, R, 'kommun:'), related: [] },
      { code: 'schema.okänd-nyckel', severity: 'error', message: 'okänd nyckel "förvaltnig"; menade du "förvaltning"?', pos: posOf(dir, R, 'förvaltnig:'), related: [] },
    ]);
  });

  it('does not suggest anything when no known key is close', () => {
    const dir = copyExample();
    mutate(dir, R, 'paragraf: 55\n', 'paragraf: 55\nxyz: 1\n');
    expect(check(dir).diagnostics).toEqual([{ code: 'schema.okänd-nyckel', severity: 'error', message: 'okänd nyckel "xyz"', pos: posOf(dir, R, 'xyz:'), related: [] }]);
  });

  it('suggests keys inside a prose { fil: … } mapping', () => {
    const dir = copyExample();
    mutate(dir, R, '  fil: text/sammanfattning.md', '  fill: text/sammanfattning.md');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.okänd-nyckel', severity: 'error', message: 'okänd nyckel "fill" i sammanfattning; menade du "fil"?', pos: posOf(dir, R, 'fill:'), related: [] },
    ]);
  });

  it('suggests a column name for a misspelt key of a resultaträkning row', () => {
    const dir = copyExample();
    mutate(dir, E, '        budget: -307.4', '        budgt: -307.4');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.okänd-nyckel',
        severity: 'error',
        message: 'okänd nyckel "budgt" i ekonomi.resultaträkning.rader[4]; menade du "budget"?',
        pos: posOf(dir, E, 'budgt:'),
        related: [],
      },
    ]);
  });
});

describe('schema.saknas', () => {
  it('flags a missing required key at the start of its parent mapping', () => {
    const dir = copyExample();
    mutate(dir, E, '        namn: Personalkostnader\n', '');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.saknas',
        severity: 'error',
        message: 'obligatorisk nyckel "namn" saknas i ekonomi.resultaträkning.rader[4]',
        pos: posOf(dir, E, 'id: personalkostnader'),
        related: [],
      },
    ]);
  });

  it('flags a missing required top-level key in rapport.yaml', () => {
    const dir = copyExample();
    // dnr is optional since the profile refactor; kommun is still required (and the first key, so the
    // diagnostic lands on the key that now starts the data).
    mutate(dir, R, 'kommun: Eskilstuna\n', '');
    expect(check(dir).diagnostics).toEqual([{ code: 'schema.saknas', severity: 'error', message: 'obligatorisk nyckel "kommun" saknas', pos: posOf(dir, R, 'nämnd:'), related: [] }]);
  });
});

describe('schema.typ', () => {
  it('flags text where a number is expected, hinting at the decimal point for a Swedish number', () => {
    const dir = copyExample();
    mutate(dir, E, '        utfall: 527.6\n        budget: 535.8\n        prognos', '        utfall: 527,6\n        budget: 535.8\n        prognos');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.typ',
        severity: 'error',
        message: 'ekonomi.resultaträkning.rader[2].utfall: förväntade ett tal, fick "527,6" (skriv talet med punkt som decimaltecken och utan mellanslag, t.ex. 527.6)',
        pos: posAfter(dir, E, 'id: ovriga-intakter', '\n        utfall: '),
        related: [],
      },
    ]);
  });

  it('hints at a number written with a minus sign (U+2212) and a space as thousands separator', () => {
    const dir = copyExample();
    mutate(dir, E, 'utfall_fg: -269.2', 'utfall_fg: −1 269,2');
    expect(check(dir).diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      [
        'schema.typ',
        'ekonomi.resultaträkning.rader[4].utfall_fg: förväntade ett tal, fick "−1 269,2" (skriv talet med punkt som decimaltecken och utan mellanslag, t.ex. -1269.2)',
        posAfter(dir, E, 'id: personalkostnader', 'utfall_fg: '),
      ],
    ]);
  });

  it('gives no hint for text that is not a number', () => {
    const dir = copyExample();
    mutate(dir, E, '        utfall: 527.6\n        budget: 535.8\n        prognos', '        utfall: mycket\n        budget: 535.8\n        prognos');
    expect(check(dir).diagnostics.map((d) => [d.code, d.message])).toEqual([['schema.typ', 'ekonomi.resultaträkning.rader[2].utfall: förväntade ett tal, fick "mycket"']]);
  });

  it('flags a number where text is expected', () => {
    const dir = copyExample();
    mutate(dir, R, 'kommun: Eskilstuna', 'kommun: 42');
    expect(check(dir).diagnostics).toEqual([{ code: 'schema.typ', severity: 'error', message: 'kommun: förväntade text, fick 42', pos: posAfter(dir, R, 'kommun: '), related: [] }]);
  });

  it('flags a scalar where a list is expected', () => {
    const dir = copyExample();
    mutate(dir, R, 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision', 'mottagare: Kommunstyrelsen');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.typ', severity: 'error', message: 'mottagare: förväntade en lista, fick "Kommunstyrelsen"', pos: posAfter(dir, R, 'mottagare: '), related: [] },
    ]);
  });

  it('flags prose that is neither text nor { fil: … }', () => {
    const dir = copyExample();
    mutate(dir, R, 'sammanfattning:\n  fil: text/sammanfattning.md', 'sammanfattning: 42');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.typ', severity: 'error', message: 'sammanfattning: förväntade text (Markdown) eller { fil: … }, fick 42', pos: posAfter(dir, R, 'sammanfattning: '), related: [] },
    ]);
  });
});

describe('a row’s unknown key', () => {
  it('is unknown whatever its value, not a prose or number error', () => {
    const dir = copyExample();
    mutate(dir, E, '          budget_helår: 0.0\n          prognosavvikelse: 4.5', '          budget_helår: 0.0\n          anm: [1, 2]\n          prognosavvikelse: 4.5');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.okänd-nyckel', severity: 'error', message: 'okänd nyckel "anm" i ekonomi.driftredovisning[1].enheter[1]', pos: posOf(dir, E, 'anm: '), related: [] },
    ]);
  });

  it('says that a comma split a text in a flow mapping, instead of suggesting a key', () => {
    const dir = copyExample();
    mutate(dir, E, '          budget_helår: 0.0\n          prognosavvikelse: 4.5', '          budget_helår: 0.0\n          prognosavvikelse: 4.5\n          varav: [{ id: v1, namn: Digital nattillsyn, kameror, budget_helår: 0.0 }]');
    expect(check(dir).diagnostics.map((d) => [d.message, d.pos?.line, d.pos?.column])).toContainEqual([
      'okänd nyckel "kameror" i ekonomi.driftredovisning[1].enheter[1].varav[1] – ett kommatecken inom { … } skiljer nycklar åt, så en text med kommatecken där delas; skriv texten inom citattecken ("Inom ±0,5")',
      posOf(dir, E, 'kameror').line,
      posOf(dir, E, 'kameror').column,
    ]);
  });

  it('is a field of another kind of row: tecken belongs to the sammandrag’s rows, omfattar to a driftredovisning’s units', () => {
    const dir = copyExample();
    mutate(dir, E, '          budget_helår: 0.0\n          prognosavvikelse: 4.5', '          budget_helår: 0.0\n          tecken: { kostnader: positiva }\n          prognosavvikelse: 4.5');
    expect(check(dir).diagnostics.map((d) => d.message)).toEqual(['okänd nyckel "tecken" i ekonomi.driftredovisning[1].enheter[1]']);
  });
});

describe('schema.värde', () => {
  it('flags a value outside an enum, listing the allowed values and suggesting the closest', () => {
    const dir = copyExample();
    mutate(dir, M, 'status: klart       # bevarad ✓ (S:336)', 'status: klar');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.värde',
        severity: 'error',
        message: 'mål.perspektiv[1].processområden[3].åtaganden[1].status: ogiltigt värde "klar"; tillåtna värden: ej_påbörjad, pågår, klart, försenat, ej_bedömd, uppgift saknas; menade du "klart"?',
        pos: posAfter(dir, M, 'id: po-samhallsskydd', 'status: '),
        related: [],
      },
    ]);
  });

  it('does not suggest anything for a value far from every allowed value', () => {
    const dir = copyExample();
    mutate(dir, E, '    enhet: mnkr\n    visning:\n      decimaler: 1\n    kolumner: [utfall_fg', '    enhet: miljoner\n    visning:\n      decimaler: 1\n    kolumner: [utfall_fg');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.värde', severity: 'error', message: 'ekonomi.resultaträkning.enhet: ogiltigt värde "miljoner"; tillåtna värden: kr, tkr, mnkr', pos: posAfter(dir, E, 'id: resultatrakning', 'enhet: '), related: [] },
    ]);
  });
});

describe('schema.format', () => {
  it('flags a date that does not exist in the calendar', () => {
    const dir = copyExample();
    mutate(dir, R, 'till: 2023-08-31', 'till: 2023-02-30');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.format', severity: 'error', message: 'rapport.period.till: "2023-02-30" är inte ett datum ÅÅÅÅ-MM-DD som finns i kalendern', pos: posAfter(dir, R, 'till: '), related: [] },
    ]);
  });

  it('flags an id with characters outside the id alphabet', () => {
    const dir = copyExample();
    mutate(dir, E, 'id: finansnetto', 'id: Finansnetto');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'schema.format',
        severity: 'error',
        message:
          'ekonomi.resultaträkning.rader[9].id: "Finansnetto" har fel form: id får bara innehålla a–z, å, ä, ö, siffror och bindestreck och måste börja med bokstav eller siffra',
        pos: posOf(dir, E, 'Finansnetto'),
        related: [],
      },
    ]);
  });
});

describe('schema.gräns', () => {
  it('flags a sannolikhet above 5', () => {
    const dir = copyExample();
    mutate(dir, I, 'sannolikhet: 5', 'sannolikhet: 6');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.gräns', severity: 'error', message: 'internkontroll.mål[2].risker[1].sannolikhet: värdet 6 är större än 5', pos: posAfter(dir, I, 'id: risk-overbelastning', 'sannolikhet: '), related: [] },
    ]);
  });

  it('flags a sannolikhet below 1', () => {
    const dir = copyExample();
    mutate(dir, I, 'sannolikhet: 5', 'sannolikhet: 0');
    expect(check(dir).diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['schema.gräns', 'internkontroll.mål[2].risker[1].sannolikhet: värdet 0 är mindre än 1', posAfter(dir, I, 'id: risk-overbelastning', 'sannolikhet: ')],
    ]);
  });

  it('flags an empty list that needs at least one element', () => {
    const dir = copyExample();
    mutate(dir, R, 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision', 'mottagare: []');
    expect(check(dir).diagnostics).toEqual([
      { code: 'schema.gräns', severity: 'error', message: 'mottagare: listan måste ha minst 1 element', pos: posAfter(dir, R, 'mottagare: '), related: [] },
    ]);
  });
});
