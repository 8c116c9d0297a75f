/**
 * Prose diagnostics: prosa.referens, prosa.hjälpare, prosa.syntax and prosa.fil, located at the
 * reference inside the YAML block scalar or the Markdown file.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/load/report-folder.js';
import { compileReport } from '../../src/pipeline/compile.js';
import { check, copyExample, EXAMPLE, mutate } from '../helpers.js';
import { posAfter, posOf } from '../check/rules/support.js';

const R = 'rapport.yaml';
const E = 'ekonomi.yaml';
const MD = 'text/sammanfattning.md';
/** The first ärendebeskrivning text: one line in a block scalar, without references. */
const FIRST =
  'Delårsrapport 2 för 2023 redovisar nämndens resultat för perioden 1 januari 2023 till 31 augusti 2023. I rapporten redovisas måluppfyllnad, väsentliga resultat och avvikelser, såväl verksamhetsmässiga som ekonomiska.';
/** A reference in the middle of a line of rapport.yaml (ärendebeskrivning 3). */
const PROGNOS_KR = '{{belopp summa-rr.prognos enhet="kr" decimaler=0}}';

/** Replace the first ärendebeskrivning text and return the diagnostics of the prose stage. */
function withFirstText(text: string) {
  const dir = copyExample();
  mutate(dir, R, FIRST, text);
  return { dir, diagnostics: check(dir).diagnostics.filter((d) => d.code.startsWith('prosa.')) };
}

describe('prosa.referens', () => {
  it('flags an unknown id at the reference inside a block scalar, suggesting the closest id', () => {
    const dir = copyExample();
    mutate(dir, R, PROGNOS_KR, '{{belopp summa-r.prognos enhet="kr" decimaler=0}}');
    expect(check(dir).errors).toEqual([
      { code: 'prosa.referens', severity: 'error', message: 'referensen "summa-r" finns inte; menade du "summa-rr"?', pos: posOf(dir, R, 'summa-r.prognos'), related: [] },
    ]);
  });

  it('gives the exact column on a later line of a multi-line block scalar', () => {
    const dir = copyExample();
    mutate(dir, E, '{{belopp resultat.prognos}}', '{{belopp resultat.prognoss}}');
    expect(check(dir).errors).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: '{{belopp resultat.…}} behöver en kolumn: utfall_fg, utfall, budget, prognos, budget_helår, budgetavvikelse, prognosavvikelse; menade du "prognos"?',
        pos: posOf(dir, E, 'resultat.prognoss'),
        related: [],
      },
    ]);
  });

  it('counts leading blank lines of a literal block scalar', () => {
    const dir = copyExample();
    mutate(dir, R, `  - text: |\n      ${FIRST}`, `  - text: |\n\n      Se {{belopp summa-r.utfall}}.`);
    expect(check(dir).errors.map((d) => [d.code, d.pos])).toEqual([['prosa.referens', posOf(dir, R, 'summa-r.utfall')]]);
  });

  it('locates references in plain and double-quoted one-line scalars', () => {
    for (const text of ['Se {{belopp summa-r.utfall}} här', '"Se {{belopp summa-r.utfall}} här"']) {
      const dir = copyExample();
      mutate(dir, R, `|\n      ${FIRST}`, text);
      expect(check(dir).errors.map((d) => [d.code, d.pos])).toEqual([['prosa.referens', posOf(dir, R, 'summa-r.utfall')]]);
    }
  });

  it('lists nothing when no id is close', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp xyz.utfall}}.');
    expect(diagnostics).toEqual([{ code: 'prosa.referens', severity: 'error', message: 'referensen "xyz" finns inte', pos: posOf(dir, R, 'xyz.utfall'), related: [] }]);
  });

  it('asks for a column when a belopp reference has none', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp summa-rr}}.');
    expect(diagnostics).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: '{{belopp summa-rr.…}} behöver en kolumn: utfall_fg, utfall, budget, prognos, budget_helår, budgetavvikelse, prognosavvikelse',
        pos: posOf(dir, R, 'summa-rr}}'),
        related: [],
      },
    ]);
  });

  it('flags a reference with more than id.fält', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp summa-rr.prognos.x}}.');
    expect(diagnostics).toEqual([
      { code: 'prosa.referens', severity: 'error', message: 'referensen "summa-rr.prognos.x" har för många led; skriv id.fält', pos: posOf(dir, R, 'summa-rr.prognos.x'), related: [] },
    ]);
  });

  it('flags a helper without a reference at the opening braces', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp}}.');
    expect(diagnostics).toEqual([
      { code: 'prosa.referens', severity: 'error', message: '{{belopp …}} tar en referens som id.fält, t.ex. {{belopp summa-rr.prognos}}', pos: posOf(dir, R, '{{belopp}}'), related: [] },
    ]);
  });

  it('flags a cell without a value', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp summa-drift.utfall}}.');
    expect(diagnostics).toEqual([
      { code: 'prosa.referens', severity: 'error', message: 'Summa Servicenämnden har inget värde i kolumnen utfall', pos: posOf(dir, R, 'summa-drift.utfall'), related: [] },
    ]);
  });

  it('flags an unknown option at the option', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp summa-rr.utfall enhet="sek"}}.');
    expect(diagnostics).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: 'ogiltigt alternativ enhet=…; tillåtna: enhet="kr|tkr|mnkr", decimaler=0–6, tecken=true, absolut=true, utan_enhet=true, period="…", inom=nod-id, ord=true|"en"',
        pos: posOf(dir, R, 'enhet="sek"'),
        related: [],
      },
    ]);
  });

  it('flags decimaler outside 0–6', () => {
    const { dir, diagnostics } = withFirstText('Se {{belopp summa-rr.utfall decimaler=7}}.');
    expect(diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['prosa.referens', 'ogiltigt alternativ decimaler=…; tillåtna: enhet="kr|tkr|mnkr", decimaler=0–6, tecken=true, absolut=true, utan_enhet=true, period="…", inom=nod-id, ord=true|"en"', posOf(dir, R, 'decimaler=7')],
    ]);
  });

  it('tells which helper fits when the kind of value does not match', () => {
    const cases: [string, string, string][] = [
      ['{{belopp tillbud.värde}}', '"tillbud" är inte en tabellrad med belopp; använd {{värde tillbud}}', 'tillbud.värde'],
      ['{{värde summa-rr.utfall}}', '"summa-rr" är inget mätvärde; använd {{belopp summa-rr.kolumn}}', 'summa-rr.utfall'],
      ['{{antal tillbud}}', '"tillbud" är inget antal; använd {{värde tillbud}}', 'tillbud}}'],
      ['{{värde åtaganden}}', '"åtaganden" är inget mätvärde; använd {{antal åtaganden}}', 'åtaganden}}'],
    ];
    for (const [ref, message, at] of cases) {
      const { dir, diagnostics } = withFirstText(`Se ${ref}.`);
      expect(diagnostics).toEqual([{ code: 'prosa.referens', severity: 'error', message, pos: posOf(dir, R, at), related: [] }]);
    }
  });

  it('rejects options that do not apply to the helper, at the opening braces', () => {
    const cases: [string, string][] = [
      ['{{värde tillbud enhet="kr"}}', 'alternativet enhet gäller inte {{värde …}}'],
      ['{{belopp summa-rr.utfall period=2022}}', 'alternativet period gäller inte {{belopp …}}'],
      ['{{värde tillbud inom=hallbar-utveckling}}', 'alternativet inom gäller inte {{värde …}}'],
      ['{{antal åtaganden decimaler=1}}', 'alternativet decimaler gäller inte {{antal …}}'],
      ['{{antal åtaganden tecken=true}}', 'alternativet tecken gäller inte {{antal …}}'],
      ['{{antal åtaganden absolut=true}}', 'alternativet absolut gäller inte {{antal …}}'],
      ['{{belopp resultat.prognos absolut=true tecken=true}}', 'absolut=true skriver talet utan tecken och tecken=true med; välj ett av dem'],
    ];
    for (const [ref, message] of cases) {
      const { dir, diagnostics } = withFirstText(`Se ${ref}.`);
      expect(diagnostics).toEqual([{ code: 'prosa.referens', severity: 'error', message, pos: posOf(dir, R, ref), related: [] }]);
    }
  });

  it('flags an unknown antal field, suggesting the closest', () => {
    const { dir, diagnostics } = withFirstText('Se {{antal åtaganden.klar}}.');
    expect(diagnostics).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: 'åtaganden har inget fält "klar" (finns: totalt, ej_påbörjad, pågår, klart, försenat, ej_bedömd); menade du "klart"?',
        pos: posOf(dir, R, 'åtaganden.klar'),
        related: [],
      },
    ]);
  });
});

describe('prosa.referens in a Markdown file', () => {
  // Compiled from the test process's working directory: the Markdown file is then named as
  // displayPath gives it (see the report about compileReport's cwd and prose files).
  const mdDiagnostics = (dir: string) => compileReport(dir).diagnostics.filter((d) => d.code.startsWith('prosa.'));
  const mdFile = (dir: string) => displayPath(path.join(dir, MD), process.cwd());

  it('locates an unknown id by line and column in the Markdown file', () => {
    const dir = copyExample();
    mutate(dir, MD, '{{värde sjukfranvaro-r12}}', '{{värde sjukfranvaro-r13}}');
    expect(mdDiagnostics(dir)).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: 'referensen "sjukfranvaro-r13" finns inte; menade du "sjukfranvaro-r12"?',
        pos: { ...posOf(dir, MD, 'sjukfranvaro-r13'), file: mdFile(dir) },
        related: [],
      },
    ]);
  });

  it('flags an unknown field of a värde reference, listing the fields', () => {
    const dir = copyExample();
    mutate(dir, MD, '{{värde sjukfranvaro-r12}}', '{{värde sjukfranvaro-r12.kvinor}}');
    expect(mdDiagnostics(dir)).toEqual([
      {
        code: 'prosa.referens',
        severity: 'error',
        message: 'sjukfrånvaron juni 2022–maj 2023 har inget fält "kvinor" (finns: totalt, kvinnor, män); menade du "kvinnor"?',
        pos: { ...posOf(dir, MD, 'sjukfranvaro-r12.kvinor'), file: mdFile(dir) },
        related: [],
      },
    ]);
  });

  it('flags a field without a value', () => {
    const dir = copyExample();
    mutate(dir, MD, '{{värde sjukfranvaro-r12}}', '{{värde sjukfranvaro-r12.kvinnor}}');
    expect(mdDiagnostics(dir).map((d) => [d.message, d.pos])).toEqual([
      ['sjukfrånvaron juni 2022–maj 2023 saknar värde för kvinnor', { ...posOf(dir, MD, 'sjukfranvaro-r12.kvinnor'), file: mdFile(dir) }],
    ]);
  });
});

describe('prosa.hjälpare', () => {
  it('flags a misspelt helper at the opening braces, suggesting the closest helper', () => {
    const dir = copyExample();
    mutate(dir, R, PROGNOS_KR, '{{beloop summa-rr.prognos enhet="kr" decimaler=0}}');
    expect(check(dir).errors).toEqual([
      {
        code: 'prosa.hjälpare',
        severity: 'error',
        message: 'okänd hjälpare "beloop" i {{…}}; använd belopp, värde, antal (menade du "belopp"?)',
        pos: posOf(dir, R, '{{beloop'),
        related: [],
      },
    ]);
  });

  it('names the helpers without a suggestion when none is close', () => {
    const { dir, diagnostics } = withFirstText('Se {{procent summa-rr.utfall}}.');
    expect(diagnostics).toEqual([
      { code: 'prosa.hjälpare', severity: 'error', message: 'okänd hjälpare "procent" i {{…}}; använd belopp, värde, antal', pos: posOf(dir, R, '{{procent'), related: [] },
    ]);
  });

  it('treats a bare reference as an unknown helper', () => {
    const { diagnostics } = withFirstText('Se {{summa-rr}}.');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['prosa.hjälpare', 'okänd hjälpare "summa-rr" i {{…}}; använd belopp, värde, antal']]);
  });
});

describe('prosa.syntax', () => {
  it('points at an unclosed reference in the middle of a line', () => {
    const { dir, diagnostics } = withFirstText('Prognosen är {{belopp summa-rr.prognos för helåret.');
    expect(diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['prosa.syntax', 'sifferreferensen "{{belopp summa-rr.prognos för he" saknar avslutande }}', posOf(dir, R, '{{belopp summa-rr.prognos för')],
    ]);
  });

  it('flags a reference whose opening braces were mistyped, at its closing braces, instead of printing it', () => {
    const { dir, diagnostics } = withFirstText('Prognosen är {belopp summa-rr.prognos}} för helåret, enligt {{belopp summa-rr.prognos}}.');
    expect(diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['prosa.syntax', 'sifferreferensen "{belopp summa-rr.prognos}}" saknar inledande {{; skriv {{belopp …}}', posOf(dir, R, '{belopp summa-rr.prognos}} för')],
    ]);
  });

  it('leaves "}}" that is no reference alone: an escaped reference, code, JSON', () => {
    const { diagnostics } = withFirstText('Skriv \\{{belopp x.y}} i texten. Koden `{"a": {"b": 1}}` visar formatet, [länk](https://x.se/a}}b).');
    expect(diagnostics).toEqual([]);
  });

  it('flags an unclosed reference', () => {
    const { dir, diagnostics } = withFirstText('{{belopp summa-rr.prognos är nämndens prognos.');
    expect(diagnostics).toEqual([
      { code: 'prosa.syntax', severity: 'error', message: 'sifferreferensen "{{belopp summa-rr.prognos är näm" saknar avslutande }}', pos: posOf(dir, R, '{{belopp summa-rr.prognos är'), related: [] },
    ]);
  });

  it('rejects block helpers at their opening braces', () => {
    const { dir, diagnostics } = withFirstText('Se {{#if x}}ja{{/if}}.');
    expect(diagnostics).toEqual([
      {
        code: 'prosa.syntax',
        severity: 'error',
        message: 'block, partialer och {{{…}}} stöds inte i prosa; använd {{belopp …}}, {{värde …}} eller {{antal …}}',
        pos: posOf(dir, R, '{{#if'),
        related: [],
      },
    ]);
  });

  it('rejects partials', () => {
    const { dir, diagnostics } = withFirstText('Se {{> sidhuvud}}.');
    expect(diagnostics.map((d) => [d.code, d.pos])).toEqual([['prosa.syntax', posOf(dir, R, '{{> sidhuvud')]]);
  });

  it('accepts Handlebars comments', () => {
    const { diagnostics } = withFirstText('Se {{! en kommentar till författaren }} här.');
    expect(diagnostics).toEqual([]);
  });
});

describe('prosa.fil', () => {
  it('flags a prose file that does not exist, at the file name', () => {
    const dir = copyExample();
    mutate(dir, R, 'fil: text/sammanfattning.md', 'fil: text/saknas.md');
    expect(check(dir).errors).toEqual([
      { code: 'prosa.fil', severity: 'error', message: 'prosafilen "text/saknas.md" finns inte', pos: posAfter(dir, R, 'fil: '), related: [] },
    ]);
  });

  it('refuses a relative path that leads out of the report folder', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'rapport-test-'));
    const dir = path.join(base, 'kommun', 'rapport');
    cpSync(EXAMPLE, dir, { recursive: true });
    mkdirSync(path.join(base, 'etc'));
    writeFileSync(path.join(base, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    mutate(dir, R, 'fil: text/sammanfattning.md', 'fil: ../../etc/passwd');
    expect(check(dir).errors).toEqual([
      { code: 'prosa.fil', severity: 'error', message: 'prosafilen "../../etc/passwd" ligger utanför rapportmappen', pos: posAfter(dir, R, 'fil: '), related: [] },
    ]);
  });

  it('refuses an absolute path', () => {
    const dir = copyExample();
    const outside = path.join(path.dirname(dir), 'utanför.md');
    writeFileSync(outside, 'Hemligt.\n');
    mutate(dir, R, 'fil: text/sammanfattning.md', `fil: ${outside}`);
    expect(check(dir).errors).toEqual([
      { code: 'prosa.fil', severity: 'error', message: `prosafilen "${outside}" ligger utanför rapportmappen`, pos: posAfter(dir, R, 'fil: '), related: [] },
    ]);
  });

  it('refuses a Markdown file that is a symbolic link out of the folder', () => {
    const dir = copyExample();
    const outside = path.join(path.dirname(dir), 'utanför.md');
    writeFileSync(outside, 'Hemligt.\n');
    symlinkSync(outside, path.join(dir, 'text', 'länk.md'));
    mutate(dir, R, 'fil: text/sammanfattning.md', 'fil: text/länk.md');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([['prosa.fil', 'prosafilen "text/länk.md" ligger utanför rapportmappen (symbolisk länk)']]);
  });
});
