/** rapport fmt: canonical YAML text (src/fmt/format.ts). */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatPaths, formatYamlSource } from '../../src/fmt/format.js';

const EXAMPLE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
const exampleFiles = readdirSync(EXAMPLE).filter((n) => n.endsWith('.yaml')).sort();
const read = (name: string): string => readFileSync(path.join(EXAMPLE, name), 'utf8');
const fmt = (text: string): string => formatYamlSource(text, 'test.yaml').formatted;

/** Replace exactly one occurrence (fails loudly otherwise). */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one "${from.slice(0, 60)}", found ${count}`);
  return text.replace(from, () => to);
}

/** The text between `start` (inclusive) and `end` (exclusive); both must exist once. */
function between(text: string, start: string, end: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + 1);
  if (a < 0 || b < 0) throw new Error(`markers not found: ${start} … ${end}`);
  return text.slice(a, b);
}

/** ekonomi.yaml with keys, sections, blank lines, quoting and sequence style scrambled. */
function scrambledEkonomi(): string {
  let text = read('ekonomi.yaml');
  // An RR row: keys reordered; the end-of-line comment must travel with budget_helår.
  text = replaceOnce(
    text,
    `      - id: ovriga-intakter
        namn: Övriga intäkter
        roll: intäkt
        utfall_fg: 497.3
        utfall: 527.6
        budget: 535.8
        prognos: 797.0
        budget_helår: 804.208   # "Intäkter och kostnader budgeteras till 804 208 000 kronor" (S:19); 797,0 − (−7,2) = 804,2
`,
    `      - budget_helår: 804.208   # "Intäkter och kostnader budgeteras till 804 208 000 kronor" (S:19); 797,0 − (−7,2) = 804,2
        prognos: 797.0
        roll: intäkt
        id: ovriga-intakter
        utfall: 527.6
        budget: 535.8
        utfall_fg: 497.3
        namn: Övriga intäkter
`,
  );
  // A section's keys: driftredovisning (with its blank line and comment block) after investeringsredovisning.
  const dStart = text.lastIndexOf('\n  # ---', text.indexOf('  # Driftredovisning'));
  const iStart = text.lastIndexOf('\n  # ---', text.indexOf('  # Investeringsredovisning'));
  const drift = text.slice(dStart, iStart);
  text = text.replace(drift, '') + drift.replace(/\n$/, '') + '\n';
  // Inside a table: rubriker (a block mapping) before id; kolumner after rader.
  text = replaceOnce(
    text,
    `  resultaträkning:
    id: resultatrakning
    rubrik: Resultaträkning
`,
    `  resultaträkning:
    rubriker:
      utfall_fg: Utfall Aug 2022
      prognosavvikelse: Avvikelse Årsprognos aug
      utfall: Utfall Aug 2023
      budget: Budget Aug 2023
      budgetavvikelse: Budgetavvikelse Aug 2023
      prognos: Årsprognos aug
    id: resultatrakning
    rubrik: Resultaträkning
`,
  );
  text = replaceOnce(
    text,
    `    rubriker:
      utfall_fg: Utfall Aug 2022
      utfall: Utfall Aug 2023
      budget: Budget Aug 2023
      budgetavvikelse: Budgetavvikelse Aug 2023
      prognos: Årsprognos aug
      prognosavvikelse: Avvikelse Årsprognos aug
    rader:
`,
    `    rader:
`,
  );
  // Extra blank lines, trailing whitespace, a blank line after a key that opens a block.
  text = '\n\n' + replaceOnce(text, '      - id: personalkostnader\n', '      - id: personalkostnader   \n');
  text = replaceOnce(text, '\nekonomi:\n', '\n\n\nekonomi:\n\n');
  // Quoting of plain strings, and spacing after the colon.
  text = replaceOnce(text, '        namn: Lokalkostnader\n', "        namn: 'Lokalkostnader'\n");
  text = replaceOnce(text, '    rubrik: Investeringsredovisning\n', '    rubrik: "Investeringsredovisning"\n');
  text = replaceOnce(text, '        roll: finansnetto\n', '        roll:     finansnetto\n');
  // A block sequence that fits as flow.
  text = replaceOnce(text, '        omfattar: [OLC, Transportenheten, Eskilstuna direkt]\n', '        omfattar:\n          - OLC\n          - "Transportenheten"\n          - Eskilstuna direkt\n');
  return text + '\n\n';
}

/** rapport.yaml with a commented key moved, a flow sequence that should be block and a compact sequence. */
function scrambledRapport(): string {
  let text = read('rapport.yaml');
  const summary = between(text, '\n# S:109–130.', 'sammanfattning:\n  fil: text/sammanfattning.md\n') + 'sammanfattning:\n  fil: text/sammanfattning.md\n';
  text = text.replace(summary, '');
  text = replaceOnce(text, 'dnr: SEN/2023:35\n', `dnr: SEN/2023:35\n${summary}`);
  text = replaceOnce(text, 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision\n', 'mottagare: [Kommunledningskontoret, Kommunstyrelsen, Kommunrevision]\n');
  text = replaceOnce(
    text,
    'undertecknare:\n  - namn: Jörgen Axelsson\n    titel: förvaltningschef\n    organisation: Serviceförvaltningen\n',
    'undertecknare:\n- titel: förvaltningschef\n  organisation: Serviceförvaltningen\n  namn: Jörgen Axelsson\n',
  );
  text = replaceOnce(text, 'paragraf: 55\n\n', 'paragraf: 55\n\n\n\n');
  text = replaceOnce(text, 'nämnd:\n  namn: Servicenämnden\n  förkortning: SEN\n', 'nämnd:\n  förkortning: SEN\n  namn: Servicenämnden\n');
  return text;
}

describe('formatYamlSource', () => {
  it.each(exampleFiles)('leaves the example file %s byte-identical', (name) => {
    const source = read(name);
    const result = formatYamlSource(source, name);
    expect(result.diagnostics).toEqual([]);
    expect(result.changed).toBe(false);
    expect(result.formatted).toBe(source);
  });

  it('restores a scrambled ekonomi.yaml to the canonical text', () => {
    const scrambled = scrambledEkonomi();
    expect(scrambled).not.toBe(read('ekonomi.yaml'));
    expect(parse(scrambled)).toEqual(parse(read('ekonomi.yaml')));
    const result = formatYamlSource(scrambled, 'ekonomi.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.changed).toBe(true);
    expect(result.formatted).toBe(read('ekonomi.yaml'));
  });

  it('restores a scrambled rapport.yaml; comments move with their keys, the modeline stays first', () => {
    const scrambled = scrambledRapport();
    expect(scrambled).not.toBe(read('rapport.yaml'));
    const result = formatYamlSource(scrambled, 'rapport.yaml');
    expect(result.formatted).toBe(read('rapport.yaml'));
    expect(result.formatted.startsWith('# yaml-language-server: $schema=')).toBe(true);
    // The comment block above sammanfattning sits directly above it again.
    expect(result.formatted).toMatch(/citeras ur indikatorn\n# "kundbedomning" \(mal\.yaml\) och personal\.sjukfrånvaro \(personal\.yaml\)\.\nsammanfattning:\n/);
  });

  it('a comment above a key moved to the front of a sequence item goes above the item', () => {
    const source = 'personal:\n  nyckeltal:\n    - namn: Tillbud\n      # the id comment\n      id: tillbud   # inline\n      period: "2023"\n      värde: 33\n';
    const out = fmt(source);
    expect(out).toBe('personal:\n  nyckeltal:\n      # the id comment\n    - id: tillbud   # inline\n      namn: Tillbud\n      period: "2023"\n      värde: 33\n');
    expect(fmt(out)).toBe(out);
  });

  it.each([...exampleFiles.map((n) => [n, () => read(n)] as const), ['scrambled ekonomi', scrambledEkonomi] as const, ['scrambled rapport', scrambledRapport] as const])(
    'is idempotent: %s',
    (_name, text) => {
      const once = fmt(text());
      expect(fmt(once)).toBe(once);
    },
  );

  it('keeps the written digits of numbers and the text and style of block scalars', () => {
    const source = [
      'personal:',
      '  nyckeltal:',
      '    - värde: 0.0',
      "      namn: 'Andel'",
      '      id: andel',
      '      period: "2023"',
      '      decimaler: 2',
      '    - värde: -17.0',
      '      id: b',
      '      enhet: 1e3',
      '      namn: x',
      '      period: p',
      'ekonomi:',
      '  resultaträkning:',
      '    rader:',
      '      - utfall: 804.208',
      '        id: r',
      '        budget: -296.30',
      '    text: >-',
      '      Folded prose that is',
      '      written on two lines.',
      '',
      '      Second paragraph.   ',
      '    id: rr',
      '',
    ].join('\n');
    const out = fmt(source);
    expect(out).toBe(
      [
        'personal:',
        '  nyckeltal:',
        '    - id: andel',
        '      namn: Andel',
        '      period: "2023"',
        '      värde: 0.0',
        '      decimaler: 2',
        '    - id: b',
        '      namn: x',
        '      period: p',
        '      värde: -17.0',
        '      enhet: 1e3',
        'ekonomi:',
        '  resultaträkning:',
        '    id: rr',
        '    rader:',
        '      - id: r',
        '        utfall: 804.208',
        '        budget: -296.30',
        // `text` is not a key of the resultaträkning: it keeps its place after the known keys.
        '    text: >-',
        '      Folded prose that is',
        '      written on two lines.',
        '',
        '      Second paragraph.   ',
        '',
      ].join('\n'),
    );
    expect(parse(out)).toEqual(parse(source));
    const example = fmt(read('ekonomi.yaml'));
    for (const n of ['utfall_ack_totalt: -17.0', 'budget_helår: 804.208', 'budget_helår: 0.0       # −3,8 − (−3,8)', 'prognos: 797.0']) expect(example).toContain(n);
  });

  it('keeps dates unquoted, quotes only what needs quotes, and unknown keys after known ones in their order', () => {
    const source = [
      'okänd_b: 1',
      "rapport:",
      "  period:",
      "    till: '2023-08-31'",
      '    från: 2023-01-01',
      "  typ: 'delårsrapport'",
      'okänd_a: 2',
      "kommun: 'Eskilstuna: kommun'",
      "dnr: 'yes'",
      "paragraf: '55'",
      '',
    ].join('\n');
    expect(fmt(source)).toBe(
      [
        'kommun: "Eskilstuna: kommun"',
        'rapport:',
        '  typ: delårsrapport',
        '  period:',
        '    från: 2023-01-01',
        '    till: 2023-08-31',
        'dnr: "yes"',
        'paragraf: "55"',
        'okänd_b: 1',
        'okänd_a: 2',
        '',
      ].join('\n'),
    );
  });

  it('writes long ansvar lists as block sequences and other scalar lists in block style', () => {
    const long = Array.from({ length: 12 }, (_, i) => `Nämnd nummer ${i + 1}`);
    const source = `mål:\n  perspektiv:\n    - id: p\n      processområden:\n        - id: o\n          åtaganden:\n            - id: a\n              ansvar: [${long.join(', ')}]\nbeslut: [Godkänns, "Överlämnas, till KS"]\n`;
    const out = fmt(source);
    expect(out).toBe(
      `beslut:\n  - Godkänns\n  - Överlämnas, till KS\nmål:\n  perspektiv:\n    - id: p\n      processområden:\n        - id: o\n          åtaganden:\n            - id: a\n              ansvar:\n${long.map((s) => `                - ${s}\n`).join('')}`,
    );
    expect(parse(out)).toEqual(parse(source));
    expect(fmt(out)).toBe(out);
  });

  it('does not format a file with a syntax error and returns its diagnostics', () => {
    const source = 'ekonomi:\n  resultaträkning: [utfall,\n  rader: x\n';
    const result = formatYamlSource(source, 'ekonomi.yaml');
    expect(result.changed).toBe(false);
    expect(result.formatted).toBe(source);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', pos: { file: 'ekonomi.yaml' } });
    const dup = formatYamlSource('kommun: A\nkommun: B\n', 'rapport.yaml');
    expect(dup.changed).toBe(false);
    expect(dup.diagnostics.map((d) => d.code)).toContain('yaml.dubblerad-nyckel');
  });
});

describe('formatPaths', () => {
  it('formats every YAML file of the report folders under the paths', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-fmt-'));
    const dir = path.join(root, 'rapporter', 'sen');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(path.join(dir, 'ekonomi.yaml'), scrambledEkonomi());
    const results = formatPaths(['rapporter', 'saknas'], root);
    const byFile = new Map(results.map((r) => [r.file, r]));
    expect([...byFile.keys()].filter((f) => f !== 'saknas').sort()).toEqual(exampleFiles.map((n) => path.join('rapporter', 'sen', n)).sort());
    expect(results.filter((r) => r.changed).map((r) => r.file)).toEqual([path.join('rapporter', 'sen', 'ekonomi.yaml')]);
    expect(byFile.get(path.join('rapporter', 'sen', 'ekonomi.yaml'))!.formatted).toBe(read('ekonomi.yaml'));
    expect(byFile.get('saknas')!.diagnostics[0]!.severity).toBe('error');
  });
});
