import { describe, expect, it } from 'vitest';
import { semanticText } from '../../src/diff/textconv.js';

describe('semanticText (git textconv)', () => {
  it('writes one line per value with its place, items named by namn and id, values per period by period', () => {
    const yaml = [
      'ekonomi:',
      '  resultaträkning:',
      '    rader:',
      '      - id: personalkostnader',
      '        namn: Personalkostnader',
      '        prognos: -452.30',
      '    kolumner: [utfall, budget]',
      'indikatorer:',
      '  - id: ind-a',
      '    utfall:',
      '      - { period: 2023, värde: 61 }',
      '      - { period: 2024, saknas: { typ: saknas, orsak: I.U. } }',
      'text: |',
      '  Första stycket',
      '  fortsätter här.',
      '',
      '  Andra stycket.',
      'tom:',
      '',
    ].join('\r\n');
    expect(semanticText(yaml, 'ekonomi.yaml').split('\n')).toEqual([
      'ekonomi › resultaträkning › rader › Personalkostnader (personalkostnader) › prognos: -452.30',
      'ekonomi › resultaträkning › kolumner: [utfall, budget]',
      'indikatorer › ind-a › utfall › 2023 › värde: 61',
      'indikatorer › ind-a › utfall › 2024 › saknas › typ: saknas',
      'indikatorer › ind-a › utfall › 2024 › saknas › orsak: I.U.',
      'text ¶ Första stycket fortsätter här.',
      'text ¶ Andra stycket.',
      'tom: –',
      '',
    ]);
  });

  it('an item inserted above does not change the lines of the items after it', () => {
    const before = semanticText('rader:\n  - id: b\n    utfall: 2\n', 'x.yaml');
    const after = semanticText('rader:\n  - id: a\n    utfall: 1\n  - id: b\n    utfall: 2\n', 'x.yaml');
    expect(after).toBe(`rader › a › utfall: 1\n${before}`);
  });

  it('shows Markdown and YAML it cannot parse as they are', () => {
    expect(semanticText('# Rubrik\n\nText.\n', 'text/inledning.md')).toBe('# Rubrik\n\nText.\n');
    expect(semanticText('a: [1, 2\n', 'trasig.yaml')).toBe('a: [1, 2\n');
  });
});
