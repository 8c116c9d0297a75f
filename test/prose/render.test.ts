/** Rendered prose: references become the same figures as the tables, formatted for Swedish text. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathKey } from '../../src/load/yaml-file.js';
import { compileReport } from '../../src/pipeline/compile.js';
import { buildViewModel } from '../../src/render/view-model.js';
import { copyExample, mutate } from '../helpers.js';

const R = 'rapport.yaml';
const NBSP = '\u00a0';
const MINUS = '\u2212';
const FIRST =
  'Delårsrapport 2 för 2023 redovisar nämndens resultat för perioden 1 januari 2023 till 31 augusti 2023. I rapporten redovisas måluppfyllnad, väsentliga resultat och avvikelser, såväl verksamhetsmässiga som ekonomiska.';

function compile(dir: string) {
  const result = compileReport('.', dir);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.compiled!;
}

/** The HTML of the first ärendebeskrivning text after replacing it with `text`. */
function render(text: string): string | undefined {
  const dir = copyExample();
  mutate(dir, R, FIRST, text);
  return compile(dir).prose.get(pathKey(['ärendebeskrivning', 0, 'text']));
}

describe('{{belopp …}}', () => {
  it('prints the table figure with the table’s unit after a no-break space', () => {
    expect(render('Prognosen är {{belopp summa-rr.prognos}}.')).toBe(`<p>Prognosen är 1,0${NBSP}mnkr.</p>\n`);
  });

  it('prints negative amounts with a true minus sign (U+2212)', () => {
    expect(render('Resultatet är {{belopp resultat.prognos}}.')).toBe(`<p>Resultatet är ${MINUS}3,8${NBSP}mnkr.</p>\n`);
  });

  it('converts to kronor with no-break spaces between thousands', () => {
    expect(render('{{belopp summa-rr.utfall enhet="kr" decimaler=0}}')).toBe(`<p>3${NBSP}263${NBSP}000${NBSP}kronor</p>\n`);
  });

  it('defaults to whole numbers when another unit than mnkr is asked for', () => {
    expect(render('{{belopp summa-rr.utfall enhet="tkr"}}')).toBe(`<p>3${NBSP}263${NBSP}tkr</p>\n`);
  });

  it('prints a plus sign with tecken=true', () => {
    expect(render('{{belopp summa-rr.prognos tecken=true decimaler=0}}')).toBe(`<p>+1${NBSP}mnkr</p>\n`);
  });

  it('prints the number without its sign with absolut=true, for prose that says the sign in words', () => {
    expect(render('ett underskott på {{belopp resultat.prognos absolut=true}}')).toBe(`<p>ett underskott på 3,8${NBSP}mnkr</p>\n`);
  });

  it('rounds to the asked decimals, half away from zero', () => {
    // 3.263 → 3,26; 804.208 → 804,2; 4.5 → 5 (not 4, as banker's rounding would give); −1.5 → −2 (not −1).
    expect(render('{{belopp summa-rr.utfall decimaler=2}} {{belopp summa-intakter.budget_helår}} {{belopp nls.prognosavvikelse decimaler=0}} {{belopp omrade-4.prognosavvikelse decimaler=0}}')).toBe(
      `<p>3,26${NBSP}mnkr 804,2${NBSP}mnkr 5${NBSP}mnkr ${MINUS}2${NBSP}mnkr</p>\n`,
    );
  });

  it('prints a derived figure (an avvikelse the author did not state)', () => {
    // Personalkostnader: utfall −296,3 − budget −307,4 = 11,1.
    expect(render('{{belopp personalkostnader.budgetavvikelse tecken=true}}')).toBe(`<p>+11,1${NBSP}mnkr</p>\n`);
  });

  it('prints exactly what the table shows for the same cell', () => {
    const dir = copyExample();
    mutate(dir, R, FIRST, '{{belopp summa-rr.prognos}}|{{belopp omrade-3.prognosavvikelse}}');
    const compiled = compile(dir);
    const vm = buildViewModel(compiled, { version: 'test' }, '');
    const cell = (table: NonNullable<typeof vm.ekonomi.rr>, namn: string, column: number) => table.rows.find((r) => r.namn === namn)!.cells[column]!.text;
    const rrPrognos = compiled.derived.rr!.columns.findIndex((c) => c.key === 'prognos');
    const driftAvvikelse = compiled.derived.drift[0]!.columns.findIndex((c) => c.key === 'prognosavvikelse');
    const inTable = [cell(vm.ekonomi.rr!, 'Summa RR verksamhetsrapportering', rrPrognos), cell(vm.ekonomi.drift[0]!.table, 'Område 3', driftAvvikelse)];
    expect(inTable).toEqual(['1,0', `${MINUS}3,1`]);
    expect(compiled.prose.get(pathKey(['ärendebeskrivning', 0, 'text']))).toBe(`<p>${inTable[0]}${NBSP}mnkr|${inTable[1]}${NBSP}mnkr</p>\n`);
  });
});

describe('{{värde …}} and {{antal …}}', () => {
  it('prints an indicator with its decimals and unit, or without the unit', () => {
    expect(render('{{värde kundbedomning}} / {{värde kundbedomning.föregående utan_enhet=true}}')).toBe(`<p>8,53${NBSP}poäng (1–10) / 8,17</p>\n`);
  });

  it('prints a percentage with a no-break space before %', () => {
    expect(render('{{värde sjukfranvaro-r12}}')).toBe(`<p>6,9${NBSP}%</p>\n`);
  });

  it('prints a count without a unit', () => {
    expect(render('{{värde tillbud}}')).toBe('<p>33</p>\n');
  });

  it('counts åtaganden, by status and in total', () => {
    expect(render('{{antal åtaganden.klart}} av {{antal åtaganden}}, {{antal åtaganden.försenat}} försenade')).toBe('<p>11 av 11, 0 försenade</p>\n');
  });
});

describe('Markdown and HTML', () => {
  it('renders Markdown around references', () => {
    expect(render('**{{belopp summa-rr.prognos}}** och *{{antal åtaganden}}*')).toBe(`<p><strong>1,0${NBSP}mnkr</strong> och <em>11</em></p>\n`);
  });

  it('escapes raw HTML in a YAML text', () => {
    const html = render('Före <script>alert("x")</script> efter <b>fet</b>');
    expect(html).toBe('<p>Före &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; efter &lt;b&gt;fet&lt;/b&gt;</p>\n');
    expect(html).not.toContain('<script');
  });

  it('escapes raw HTML in a Markdown file', () => {
    const dir = copyExample();
    writeFileSync(path.join(dir, 'text', 'sammanfattning.md'), '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> {{antal åtaganden}}\n');
    const html = compile(dir).prose.get(pathKey(['sammanfattning']));
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt; 11</p>\n');
  });

  it('does not print Handlebars comments', () => {
    expect(render('A{{! anteckning }}B')).toBe('<p>AB</p>\n');
  });

  it('renders the Markdown file of the example with its references resolved', () => {
    const html = compile(copyExample()).prose.get(pathKey(['sammanfattning']))!;
    expect(html).toContain(`gått ned en aning från 7,1${NBSP}% till 6,9${NBSP}%`);
    expect(html).toContain(`Nämnden prognostiserar ett utfall på +1${NBSP}mnkr inklusive uttag ur resultatfond med +4,8${NBSP}mnkr.`);
    expect(html).not.toContain('{{');
  });
});
