/**
 * Any real report fits (issue 13): what the author did not state is published as absent, the generated
 * sections take the report's own headings, texts and order, printed counts are checked and kept, and
 * indicator tables carry every target column and analysis the report prints. One small report under a
 * test profile (test/fixtures/mini/profil.yaml), varied per test, built to HTML and PDF.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, MINI_RAPPORT, miniReport, mutate, ROOT } from '../helpers.js';
import { pdfText, runCli, squeeze, tempDir } from './run-cli.js';
import { sectionOrder, tableByLabel, tableRows, textOf } from './html-tables.js';

/** All whitespace as one space: a sentence that pdftotext breaks over lines reads as one. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const PROFILE = readFileSync(path.join(ROOT, 'test', 'fixtures', 'mini', 'profil.yaml'), 'utf8');

/** The mini report's rapport.yaml (test/helpers.ts) in a Testkommun, with a summary that cites counts. */
const RAPPORT = `${MINI_RAPPORT.replace('kommun: Eskilstuna', 'kommun: Testkommun').replace(
  '  Kort sammanfattning.\n',
  '  Nämnden har {{antal åtaganden}} åtaganden, varav {{antal åtaganden.klart}} klara. Inom område A finns {{antal mål inom=omr-a ord=true}} mål.\n',
)}sammanställning:
  rubrik: Sammanställning områden
  text: Alla områden har en bedömning.
statusräkning:
  text: Statusen vid årets slut.
  antal: { klart: 2, försenat: 1 }
avsnitt:
  - id: uppfoljning
    rubrik: Uppföljning av målen
    text: Text om målen.
    efter: sammanställning
`;

const MAL = `mål:
  perspektiv:
    - id: p1
      namn: Hållbar utveckling
      sammanställning: { nivå: områden, ordning: [omr-b, omr-a] }
      områden:
        - id: omr-a
          namn: Område A
          bedömning: uppnås
          trend: bättre
          mål:
            - id: m1
              namn: Mål ett
              bedömning: uppgift saknas
              indikatorer:
                - id: sjuk
                  namn: Total sjukfrånvaro, (%)
                  enhet: "%"
                  riktning: lägre
                  mål: [{ period: 2022, värde: 3.0 }, { period: 2023, värde: 3.0 }]
                  analys: Sjukfrånvaron har minskat.
                  utfall:
                    - { period: 2020, värde: 3.1 }
                    - { period: 2021, värde: 3.0 }
                    - { period: 2022, värde: 1.7, måluppfyllelse: nått }
                - id: hme
                  namn: Hållbart medarbetarengagemang, totalindex
                  riktning: högre
                  mål: [{ period: 2022, värde: 83 }, { period: 2023, värde: 83 }]
                  utfall:
                    - { period: 2020, värde: 77 }
                    - { period: 2021, värde: 86 }
                    - { period: 2022, saknas: { orsak: Mätning senare under 2022 } }
            - id: m2
              namn: Mål två
              bedömning: delvis
          åtaganden:
            - id: a1
              namn: Åtagande ett
              status: klart
              färdiggrad: 80
              ansvar: [KS]
            - id: a2
              namn: Åtagande två
              status: uppgift saknas
              färdiggrad: uppgift saknas
              kommentar:
                text: Kommentar utan datum.
        - id: omr-b
          namn: Område B
          bedömning: delvis
          trend: uppgift saknas
          åtaganden:
            - id: a3
              namn: Åtagande tre
              status: försenat
`;

function report(files: Record<string, string> = {}): string {
  return miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL, ...files }, PROFILE);
}

/** A mini report whose rapport.yaml is RAPPORT (miniReport's own header replaced). */
function fixture(files: Record<string, string> = {}): string {
  const dir = report(files);
  mutate(dir, 'rapport.yaml', readFileSync(path.join(dir, 'rapport.yaml'), 'utf8'), RAPPORT);
  return dir;
}

async function build(dir: string): Promise<{ code: number; html: string; pdf: string; stderr: string }> {
  const out = tempDir();
  const r = await runCli(['build', '.', '--out', out, '--format', 'json'], dir);
  const file = (ext: string) => path.join(out, `${path.basename(dir)}.${ext}`);
  const built = r.code === 0;
  return { code: r.code, stderr: r.stderr, html: built ? readFileSync(file('html'), 'utf8') : '', pdf: built ? squeeze(pdfText(file('pdf'))) : '' };
}

describe('absent is absent', () => {
  it('prints "Uppgift saknas" where the author wrote it, never an invented 0 % or scale value', async () => {
    const { code, html, pdf } = await build(fixture());
    expect(code).toBe(0);
    expect(tableByLabel(html, 'Åtagande')).toEqual([
      ['Åtagande', 'Status', 'Färdiggrad'],
      ['Åtagande ett (KS)', '✓ Klart', '80 %'],
      ['Åtagande två', 'Uppgift saknas', 'Uppgift saknas'],
      // The comment stands in a row of its own under its åtagande, across the table.
      ['Kommentar utan datum.'],
    ]);
    expect(pdf).toContain('Åtagande två Uppgift saknas Uppgift saknas');
    expect(pdf).not.toMatch(/\b0 %/);
    // A trend written "uppgift saknas" is said in words in the section line and the summary.
    expect(textOf(html)).toContain('◐ Delvis · Trend: Uppgift saknas.');
  });

  it('says a written "uppgift saknas" for a comment date and an ansvar list in words', async () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '              kommentar:\n                text: Kommentar utan datum.', '              ansvar: uppgift saknas\n              kommentar:\n                datum: uppgift saknas\n                text: Kommentar utan datum.');
    const { html } = await build(dir);
    expect(tableByLabel(html, 'Åtagande')[2]![0]).toBe('Åtagande två (ansvar: uppgift saknas)');
    expect(textOf(html)).toContain('Senaste kommentar (datum saknas): Kommentar utan datum.');
  });

  it('shows no column for a field no node states, and no comment date the author did not give', async () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '              färdiggrad: uppgift saknas\n', '');
    mutate(dir, 'mal.yaml', '              färdiggrad: 80\n', '');
    const { html, pdf } = await build(dir);
    expect(tableByLabel(html, 'Åtagande')[0]).toEqual(['Åtagande', 'Status']);
    expect(textOf(html)).toContain('Kommentar utan datum.');
    expect(html).not.toContain('Senaste kommentar');
    expect(pdf).not.toContain('Färdiggrad');
  });

  it('requires a field the level has unless the profile lets it be left out ("anges": a value or uppgift saknas)', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '              status: uppgift saknas\n', '');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['schema.saknas', 'obligatorisk nyckel "status" saknas i mål.perspektiv[1].områden[1].åtaganden[2] (skriv "uppgift saknas" om rapporten inte anger det)'],
    ]);
  });

  it('says what is wrong with a value, and that "uppgift saknas" is allowed too', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', 'färdiggrad: 80', 'färdiggrad: åttio');
    expect(check(dir).errors.map((d) => d.message)).toEqual([
      'mål.perspektiv[1].områden[1].åtaganden[1].färdiggrad: förväntade ett tal, fick "åttio" (eller "uppgift saknas" när rapporten inte anger värdet)',
    ]);
  });

  it('lets the profile require a real value (krävs) or allow leaving it out (valfritt)', () => {
    const strict = PROFILE.replace('krav: { färdiggrad: valfritt,', 'krav: { status: krävs, färdiggrad: valfritt,');
    const dir = miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL }, strict);
    expect(check(dir).errors.map((d) => d.message)).toEqual([
      'mål.perspektiv[1].områden[1].åtaganden[2].status: ogiltigt värde "uppgift saknas"; tillåtna värden: klart, försenat (profilen kräver ett värde här: krav krävs)',
    ]);
    const loose = PROFILE.replace('krav: { färdiggrad: valfritt,', 'krav: { status: valfritt, färdiggrad: valfritt,');
    const dir2 = miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL.replace('              status: uppgift saknas\n', '') }, loose);
    expect(check(dir2).errors).toEqual([]);
  });
});

describe('the generated sections take the report’s own headings, texts and order', () => {
  it('places a free chapter after the sammanställning, without a page break of its own, and lists it there in the contents', async () => {
    const { html } = await build(fixture());
    expect(sectionOrder(html).filter((id) => id !== 'titel')).toEqual(['sammanfattning', 'sammanstallning', 'uppfoljning', 'status-ataganden', 'forklaring-symboler', 'p1']);
    expect(html).toContain('<section class="kapitel" aria-labelledby="uppfoljning">');
    const toc = [...html.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(toc.slice(0, 5)).toEqual(['sammanfattning', 'sammanstallning', 'uppfoljning', 'status-ataganden', 'forklaring-symboler']);
  });

  it('shows the sammanställning under the report’s heading and text, rows in the printed order', async () => {
    const { html } = await build(fixture());
    expect(textOf(html)).toContain('Sammanställning områden Alla områden har en bedömning.');
    expect(tableRows(html, 'sammanstallning-p1')).toEqual([
      ['Område', 'Bedömning', 'Trend'],
      ['Område B', '◐ Delvis', 'Uppgift saknas'],
      ['Område A', '● Uppnås', '↗ Bättre'],
    ]);
  });

  it('refuses a chapter placed beside a section that does not exist', () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', 'efter: sammanställning', 'efter: sammanstalning');
    const errors = check(dir).errors;
    expect(errors.map((d) => [d.code, d.message, d.pos?.line])).toEqual([
      ['avsnitt.placering', expect.stringMatching(/^"sammanstalning" är inget avsnitt i rapporten; menade du "sammanställning"\? \(finns: sammanfattning, sammanställning, /), 21],
    ]);
  });

  it('prints the sections in the report’s own order, under its own heading for the sammanfattning, in the contents too', async () => {
    const dir = fixture({ 'personal.yaml': 'personal:\n  text: Personalen.\n' });
    // The report writes nothing for the sammanställning and leaves it out; the statusräkning comes after the goals.
    mutate(dir, 'rapport.yaml', 'sammanställning:\n  rubrik: Sammanställning områden\n  text: Alla områden har en bedömning.\n', 'sammanfattningsrubrik: Bedömning och analys\nordning: [sammanfattning, personal, mål, statusräkning, förklaring]\n');
    mutate(dir, 'rapport.yaml', '    efter: sammanställning\n', '    före: personal\n    underavsnitt:\n      - { id: u-a, rubrik: Område A, text: Om område A. }\n      - { id: u-b, rubrik: Område B, text: Om område B. }\n');
    const { code, html, pdf } = await build(dir);
    expect(code).toBe(0);
    // The sammanställning is left out of the ordning, so it is not printed.
    expect(sectionOrder(html).filter((id) => id !== 'titel')).toEqual(['sammanfattning', 'uppfoljning', 'personal', 'p1', 'status-ataganden', 'forklaring-symboler']);
    const toc = [...html.matchAll(/<li><a href="#([^"]+)">([^<]+)</g)].map((m) => `${m[1]} ${m[2]}`);
    expect(toc.slice(0, 5)).toEqual(['sammanfattning Bedömning och analys', 'uppfoljning Uppföljning av målen', 'u-a Område A', 'u-b Område B', 'personal Personal']);
    expect(html).toContain('<h2 id="u-b">Område B</h2>');
    expect(flat(pdf)).toMatch(/Bedömning och analys Nämnden har 3 åtaganden.*Uppföljning av målen Text om målen\. Område A Om område A\. Område B Om område B\. Personal Personalen\./);
    expect(pdf).not.toContain('Sammanställning områden');
  });

  it('prints a protokollsutdrag without an ärendebeskrivning, and every link in the contents has its target', async () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', 'sammanställning:\n', 'paragraf: 12\nförslag_till_beslut: [Nämnden godkänner delårsrapporten.]\nsammanställning:\n');
    const { code, html, pdf } = await build(dir);
    expect(code).toBe(0);
    expect(flat(pdf)).toContain('Protokollsutdrag § 12 Testnämndens delårsrapport 2 2022 Beslut 1. Nämnden godkänner delårsrapporten.');
    expect(pdf).not.toContain('Tjänsteskrivelse');
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets).toContain('protokollsutdrag');
    expect(targets.filter((t) => !ids.has(t))).toEqual([]);
  });

  it('prints a table of measures in a free chapter (Volymer), checked like any statistics table and citable', async () => {
    const dir = fixture();
    mutate(
      dir,
      'rapport.yaml',
      '    text: Text om målen.\n',
      `    text: Hemtjänsten utförde {{värde hemtjanst-timmar}} timmar.
    tabeller:
      - id: volymer
        rubrik: Volymer
        radrubrik: Volym
        rader:
          - id: hemtjanst-timmar
            namn: Hemtjänsttimmar
            utfall: [{ period: 2021, värde: 101200 }, { period: 2022, värde: 104350 }]
          - id: platser
            namn: Platser i särskilt boende
            utfall: [{ period: 2021, värde: 412 }, { period: 2022, värde: 398 }]
`,
    );
    const { code, html } = await build(dir);
    expect(code).toBe(0);
    expect(tableRows(html, 'volymer-indikatorer-tabell')).toEqual([
      ['Volym', '2021', '2022'],
      ['Hemtjänsttimmar', '101 200', '104 350'],
      ['Platser i särskilt boende', '412', '398'],
    ]);
    expect(textOf(html)).toContain('Hemtjänsten utförde 104\u00a0350 timmar.');
  });

  it('refuses an order that leaves out a section with content, names one twice or names none', () => {
    const dir = fixture({ 'personal.yaml': 'personal:\n  text: Personalen.\n' });
    mutate(dir, 'rapport.yaml', 'sammanställning:\n', 'ordning: [sammanfattning, sammanställning, mål, sammanställning, ekonmi]\nsammanställning:\n');
    // The goals are there through "mål"; personal and the statusräkning with its printed counts are not.
    expect(check(dir).errors.map((d) => [d.code, d.message, d.pos?.line, d.pos?.column])).toEqual([
      ['avsnitt.ordning', 'ordningen saknar "statusräkning", "personal", som har innehåll; allt som rapporten innehåller ska stå i ordningen', 11, 10],
      ['avsnitt.ordning', '"sammanställning" står redan i ordningen (plats 2)', 11, 49],
      ['avsnitt.ordning', '"ekonmi" är inget avsnitt; menade du "ekonomi"? (finns: sammanfattning, sammanställning, statusräkning, förklaring, personal, ekonomi, internkontroll, bilagor, mål eller ett måls id)', 11, 66],
    ]);
  });

  it('refuses "mål" as an id: in an ordning it stands for all the goals', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '    - id: p1\n', '    - id: mål\n');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toContainEqual(['id.reserverat', 'id "mål" är reserverat av rapportens mallar; välj ett annat id']);
  });

  it('refuses a chapter placed beside a section the order leaves out', () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', 'sammanställning:\n', 'ordning: [sammanfattning, statusräkning, mål]\nsammanställning:\n');
    mutate(dir, 'rapport.yaml', 'sammanställning:\n  rubrik: Sammanställning områden\n  text: Alla områden har en bedömning.\n', '');
    expect(check(dir).errors.map((d) => [d.code, d.message, d.pos?.line])).toEqual([
      ['avsnitt.ordning', 'kapitlet står efter "sammanställning", som inte står i ordningen; lägg till "sammanställning" i ordning eller placera kapitlet vid ett annat avsnitt', 19],
    ]);
  });

  it('prints no Förklaring symboler when the report explains none', async () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', 'avsnitt:\n', 'förklaring: { skalor: [] }\navsnitt:\n');
    const { code, html } = await build(dir);
    expect(code).toBe(0);
    expect(sectionOrder(html)).not.toContain('forklaring-symboler');
  });

  it('refuses an order that names a node outside the summarised level', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', 'ordning: [omr-b, omr-a]', 'ordning: [omr-b, omr-c]');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([['ref.saknas', '"omr-c" finns inte på nivån område under Hållbar utveckling; menade du "omr-a"?']]);
  });
});

describe('printed counts are checked, not overwritten', () => {
  it('prints the counts the report states and cites them in prose, though one status is not stated', async () => {
    const { html, pdf } = await build(fixture());
    expect(tableRows(html, 'status-ataganden-tabell')).toEqual([
      ['Nämnd', 'Klart', 'Försenat', 'Totalt'],
      ['Testnämnden', '2', '1', '3'],
    ]);
    expect(pdf).toContain('Nämnden har 3 åtaganden, varav 2 klara. Inom område A finns två mål.');
  });

  it('flags a printed count the nodes cannot give, with the nodes that have the status', () => {
    const dir = fixture();
    // Åtagande två may be either, so klart 1 and försenat 2 is possible; försenat 3 is not, nor klart 0.
    mutate(dir, 'rapport.yaml', 'antal: { klart: 2, försenat: 1 }', 'antal: { klart: 1, försenat: 2 }');
    expect(check(dir).errors).toEqual([]);
    mutate(dir, 'rapport.yaml', 'antal: { klart: 1, försenat: 2 }', 'antal: { försenat: 3 }');
    expect(check(dir).errors.map((d) => [d.code, d.message, d.related.map((r) => r.message)])).toEqual([
      ['antal.angivet', 'Klart: rapporten anger 0, men 1 har den statusen och 1 saknar status (möjligt: 1–2)', ['Åtagande ett']],
      ['antal.angivet', 'Försenat: rapporten anger 3, men 1 har den statusen och 1 saknar status (möjligt: 1–2)', ['Åtagande tre']],
    ]);
    mutate(dir, 'rapport.yaml', 'antal: { försenat: 3 }', 'antal: { klart: 3, försenat: 1 }');
    expect(check(dir).errors.map((d) => d.message)).toEqual([
      'antalen per status summerar till 4, men det finns 3 på nivån åtagande',
      'Klart: rapporten anger 3, men 1 har den statusen och 1 saknar status (möjligt: 1–2)',
    ]);
  });

  it('counts nothing it cannot know: without printed counts, a status that is not stated makes the count an error', () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', '  antal: { klart: 2, försenat: 1 }\n', '');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['prosa.referens', '1 av 3 på nivån åtagande saknar status, så antalet med Klart kan inte räknas; ange antalen som rapporten trycker under statusräkning.antal'],
    ]);
  });

  it('prints the nodes counted, with a column for those without a stated status, when the report prints no counts', async () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', '  antal: { klart: 2, försenat: 1 }\n', '');
    mutate(dir, 'rapport.yaml', ', varav {{antal åtaganden.klart}} klara', '');
    const { html } = await build(dir);
    expect(tableRows(html, 'status-ataganden-tabell')).toEqual([
      ['Nämnd', 'Klart', 'Försenat', 'Uppgift saknas', 'Totalt'],
      ['Testnämnden', '1', '1', '1', '3'],
    ]);
  });
});

describe('indicator tables with the columns the report prints', () => {
  it('has a target column per year, the analysis under its indicator, the unit once and no empty unit', async () => {
    const { html, pdf } = await build(fixture());
    expect(tableRows(html, 'm1-indikatorer-tabell')).toEqual([
      ['Indikator', 'Utfall 2020', 'Utfall 2021', 'Utfall 2022', 'Mål 2022', 'Mål 2023', 'Förändring', 'Når målet'],
      ['Total sjukfrånvaro, (%)', '3,1', '3,0', '1,7', '3,0', '3,0', '−1,3 procentenheter', 'Ja'],
      ['Bedömning/analys', 'Sjukfrånvaron har minskat.'],
      ['Hållbart medarbetarengagemang, totalindex', '77', '86', '–*', '83', '83', '', ''],
    ]);
    // The reason a value is missing, a sentence, is a footnote: in the cell it would take the column's width.
    expect(textOf(html)).toContain('* Mätning senare under 2022');
    expect(pdf).not.toContain('(%) (%)');
    expect(pdf).not.toContain('()');
  });

  it('flags a stated "målet nått" that the value against the target contradicts', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '{ period: 2022, värde: 1.7, måluppfyllelse: nått }', '{ period: 2022, värde: 3.4, måluppfyllelse: nått }');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['indikator.nått', 'Total sjukfrånvaro, (%) 2022: rapporten säger att målet är nått, men 3,4 når inte målet högst 3,0'],
    ]);
  });
});

describe('a target within a band', () => {
  const BAND = `                - id: avvikelse
                  namn: Budgetavvikelse, (%)
                  enhet: "%"
                  mål: [{ period: 2022, riktning: inom, värde: 1.0 }]
                  diagram: linje
                  utfall:
                    - { period: 2021, värde: -1.6 }
                    - { period: 2022, värde: -0.4, måluppfyllelse: nått }
`;
  const withBand = (mal: string) => mal.replace('                - id: hme\n', `${BAND}                - id: hme\n`);

  it('prints "Inom ±" and judges the value by its size, whichever its sign', async () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', MAL, withBand(MAL));
    mutate(dir, 'rapport.yaml', 'Nämnden har {{antal åtaganden}}', 'Avvikelsen ska ligga inom {{värde avvikelse.mål}}. Nämnden har {{antal åtaganden}}');
    const { code, html } = await build(dir);
    expect(code).toBe(0);
    // Its periods differ from the other indicators', so it has a table of its own.
    expect(tableRows(html, 'm1-indikatorer-2-tabell')).toEqual([
      ['Indikator', '2021', '2022', 'Målvärde', 'Förändring', 'Når målet'],
      ['Budgetavvikelse, (%)', '−1,6', '−0,4', 'Inom ±1,0', '+1,2 procentenheter', 'Ja'],
    ]);
    // The chart draws no target line for a band: it is no level to reach.
    const chart = /<desc id="avvikelse-diagram-beskrivning">([^<]*)</.exec(html)?.[1] ?? '';
    expect(chart).toContain('2022 −0,4');
    expect(chart).not.toContain('Målvärde');
    expect(textOf(html)).toContain('Avvikelsen ska ligga inom ±1,0\u00a0%.');
  });

  it('flags "nått" for a value outside the band', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', MAL, withBand(MAL).replace('värde: -0.4, måluppfyllelse: nått', 'värde: -1.4, måluppfyllelse: nått'));
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['indikator.nått', 'Budgetavvikelse, (%) 2022: rapporten säger att målet är nått, men −1,4 når inte målet inom ±1,0'],
    ]);
  });
});

describe('risks and internkontroll as the report has them', () => {
  it('prints a risk without sannolikhet and konsekvens, and an internkontroll that is only a text', async () => {
    const ik = `internkontroll:
  text: Ingen avrapportering av internkontroll sker i samband med delårsrapport 2.
`;
    const { code, html } = await build(fixture({ 'internkontroll.yaml': ik }));
    expect(code).toBe(0);
    expect(textOf(html)).toContain('Intern styrning och kontroll Ingen avrapportering av internkontroll sker i samband med delårsrapport 2.');
    const withRisk = `internkontroll:
  mål:
    - id: sm
      namn: God kvalitet
      risker:
        - id: r1
          risk: Risken för felaktiga inköp.
          sannolikhet: uppgift saknas
          konsekvens: uppgift saknas
          kommentar: Kommentar från verksamhetsplanen.
`;
    const built = await build(fixture({ 'internkontroll.yaml': withRisk }));
    expect(built.code).toBe(0);
    expect(tableByLabel(built.html, 'Riskvärdering: Risken för felaktiga inköp.')).toEqual([
      ['Sannolikhet', 'Konsekvens'],
      ['Uppgift saknas', 'Uppgift saknas'],
    ]);
    expect(built.pdf).not.toContain('Hantera risk?');
  });

  it('names the goal’s level as the profile does and uses the kommun’s words, none of another kommun’s', async () => {
    const withGoal = `internkontroll:
  mål:
    - id: sm
      namn: God kvalitet
      perspektiv: p1
      risker:
        - id: r1
          risk: Risken för felaktiga inköp.
          sannolikhet: uppgift saknas
          konsekvens: uppgift saknas
          kommentar: Kommentar från planen.
`;
    const plain = await build(fixture({ 'internkontroll.yaml': withGoal }));
    expect(flat(plain.pdf)).toContain('God kvalitet Perspektiv: Hållbar utveckling Risk: Risken för felaktiga inköp. Sannolikhet Konsekvens Uppgift saknas Uppgift saknas Kommentar: Kommentar från planen.');
    expect(plain.pdf).not.toContain('4-årigt');
    const words = miniReport(
      { 'rapport.yaml': '', 'mal.yaml': MAL, 'internkontroll.yaml': withGoal },
      `${PROFILE.replace('      namn: Perspektiv\n', '      namn: Målområde\n')}\ninternkontroll: { mål: Strategiskt mål 2024–2027, kommentar: Kommentar från internkontrollplanen }\n`,
    );
    const own = await build(words);
    expect(flat(own.pdf)).toContain('God kvalitet Målområde: Hållbar utveckling · Strategiskt mål 2024–2027 Risk: Risken för felaktiga inköp. Sannolikhet Konsekvens Uppgift saknas Uppgift saknas Kommentar från internkontrollplanen: Kommentar från planen.');
  });
});

const EKONOMI = `ekonomi:
  resultaträkning:
    id: rr
    enhet: mnkr
    kolumner: [utfall, budget, prognos]
    rader:
      - { id: intakter, namn: Intäkter, roll: intäkt, utfall: 352.3, budget: 336.4, prognos: 504.5, budget_helår: 504.5 }
      - { id: kostnader, namn: Kostnader, roll: kostnad, utfall: -322.1, budget: -333.4, prognos: -488.9, budget_helår: -504.5 }
      - { id: resultat, namn: Resultat, roll: resultat, utfall: 30.2, budget: 3.0, prognos: 15.6, budget_helår: 0.0 }
  driftredovisning:
    - id: drift
      enhet: tkr
      mått: resultat
      radrubrik: Avdelning
      kolumner:
        - { id: utfall, rubrik: Utfall aug }
        - { id: budget_helår, rubrik: Budget helår }
        - { id: prognos_maj, rubrik: Prognos maj }
        - { id: prognos, rubrik: Prognos aug }
        - { id: mot_maj, rubrik: Förändring mot maj, avvikelse: [prognos, prognos_maj] }
        - { id: andel, rubrik: Andel av utfallet, typ: tal, enhet: "%" }
        - { id: kommentar, rubrik: Kommentar, typ: text }
      enheter:
        - { id: stab, namn: Stab, utfall: 20210, budget_helår: 0, prognos_maj: 5000, prognos: 10615, andel: 66.9, kommentar: Vakanser }
        - { id: hr, namn: HR, utfall: 10000, budget_helår: 0, prognos_maj: 3000, prognos: 5000, andel: 33.1 }
      summa: { id: drift-summa, namn: Totalt, utfall: 30210, budget_helår: 0, prognos_maj: 8000, prognos: 15615 }
  investeringsredovisning:
    - id: investeringar
      rubrik: Investeringsredovisning
      text: Inventarier till Energy Evolution Center uppgår till 266 tkr.
`;

describe('money tables with the columns the report prints', () => {
  it('takes own columns: an earlier forecast that foots, a deviation between two of them, a number and a text', async () => {
    const { code, html, pdf } = await build(fixture({ 'ekonomi.yaml': EKONOMI }));
    expect(code).toBe(0);
    expect(tableRows(html, 'drift-tabell')).toEqual([
      ['Avdelning', 'Utfall aug', 'Budget helår', 'Prognos maj', 'Prognos aug', 'Förändring mot maj', 'Andel av utfallet', 'Kommentar'],
      ['Stab', '20 210', '0', '5 000', '10 615', '5 615', '66,9 %', 'Vakanser'],
      ['HR', '10 000', '0', '3 000', '5 000', '2 000', '33,1 %', ''],
      ['Totalt', '30 210', '0', '8 000', '15 615', '7 615', '', ''],
    ]);
    // A text-only investeringsredovisning: its heading and its sentence, in the contents too.
    expect(flat(pdf)).toContain('Investeringsredovisning Inventarier till Energy Evolution Center uppgår till 266 tkr.');
    expect(html).toContain('<li><a href="#investeringar">Investeringsredovisning</a></li>');
  });

  it('checks an own amount column in the summa row', () => {
    const dir = fixture({ 'ekonomi.yaml': EKONOMI.replace('prognos_maj: 8000', 'prognos_maj: 8100') });
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['summa.rader', 'Totalt, prognos_maj: angivet 8\u00a0100 men summan av enheterna ger 8\u00a0000 (skillnad 100, tolerans 1,5)'],
    ]);
  });

  it('refuses a value under a key that is no column, suggesting the own column', () => {
    const dir = fixture({ 'ekonomi.yaml': EKONOMI.replace('prognos_maj: 3000', 'prognos_mai: 3000') });
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['schema.okänd-nyckel', 'okänd nyckel "prognos_mai" i ekonomi.driftredovisning[1].enheter[2]; menade du "prognos_maj"?'],
    ]);
  });

  it('compares a driftredovisning’s levels with the resultaträkning only when it measures the result', () => {
    // In tkr against the RR's mnkr, converted: 30 210 tkr = 30,2 mnkr.
    expect(check(fixture({ 'ekonomi.yaml': EKONOMI })).errors).toEqual([]);
    // Labelled mnkr, as a published report did: the unit error is found.
    const wrongUnit = check(fixture({ 'ekonomi.yaml': EKONOMI.replace('enhet: tkr', 'enhet: mnkr') })).errors;
    expect(wrongUnit.map((d) => [d.code, d.message.split(';')[0]])).toEqual([
      ['enhet.storlek', 'Totalt, utfall: angivet 30\u00a0210 men resultaträkningens Resultat ger 30,2 (skillnad 30\u00a0179,8, tolerans 0,55)'],
      ['enhet.storlek', 'Totalt, prognos: angivet 15\u00a0615 men resultaträkningens Resultat ger 15,6 (skillnad 15\u00a0599,4, tolerans 0,55)'],
    ]);
    // A net cost budget (−kommunersättning) is not the result's budget 0: without mått: resultat only deviations are compared.
    const netCost = EKONOMI.replace('      mått: resultat\n', '')
      .replaceAll('budget_helår: 0, prognos_maj: 5000', 'budget_helår: -1000, prognos_maj: 5000')
      .replaceAll('budget_helår: 0, prognos_maj: 3000', 'budget_helår: -1000, prognos_maj: 3000')
      .replace('budget_helår: 0, prognos_maj: 8000', 'budget_helår: -2000, prognos_maj: 8000');
    expect(check(fixture({ 'ekonomi.yaml': netCost })).errors).toEqual([]);
  });

  it('takes investments as the report lists them: a group without its own sum, ungrouped projects and a table total that is checked', async () => {
    const investments = `    - id: investeringar
      rubrik: Investeringar
      enhet: tkr
      kolumner: [budget_helår, utfall]
      rubriker: { budget_helår: Budget helår, utfall: Utfall }
      grupper:
        - id: it
          namn: IT
          projekt:
            - { id: datorer, namn: Datorer, budget_helår: 500, utfall: 210 }
            - { id: skrivare, namn: Skrivare, budget_helår: 100, utfall: 40 }
        - id: lokaler
          namn: Lokaler
          projekt:
            - { id: moebler, namn: Möbler, budget_helår: 300, utfall: 120 }
          summa: { id: lokaler-summa, namn: Summa lokaler, budget_helår: 300, utfall: 120 }
      summa: { id: inv-summa, namn: Summa investeringar, budget_helår: 900, utfall: 370 }
    - id: inv-platt
      rubrik: Större projekt
      enhet: tkr
      kolumner: [utfall]
      rubriker: { utfall: Utfall }
      projekt:
        - { id: skola, namn: Ny skola, utfall: 1200 }
        - { id: sporthall, namn: Sporthall, utfall: 800 }
      summa: { id: platt-summa, namn: Totalt, utfall: 2000 }
`;
    const ekonomi = EKONOMI.replace(/  investeringsredovisning:\n[\s\S]*$/, `  investeringsredovisning:\n${investments}`);
    const { code, html } = await build(fixture({ 'ekonomi.yaml': ekonomi }));
    expect(code).toBe(0);
    expect(tableRows(html, 'investeringar-tabell')).toEqual([
      ['Projekt', 'Budget helår', 'Utfall'],
      ['IT', ''],
      ['Datorer', '500', '210'],
      ['Skrivare', '100', '40'],
      ['Lokaler', ''],
      ['Möbler', '300', '120'],
      ['Summa lokaler', '300', '120'],
      ['Summa investeringar', '900', '370'],
    ]);
    expect(tableRows(html, 'inv-platt-tabell')).toEqual([
      ['Projekt', 'Utfall'],
      ['Ny skola', '1 200'],
      ['Sporthall', '800'],
      ['Totalt', '2 000'],
    ]);
    const wrong = fixture({ 'ekonomi.yaml': ekonomi.replace('utfall: 370 }', 'utfall: 330 }') });
    expect(check(wrong).errors.map((d) => [d.code, d.message])).toEqual([
      ['summa.rader', 'Summa investeringar, utfall: angivet 330 men summan av grupperna ger 370 (skillnad −40, tolerans 2)'],
    ]);
    // A column with no heading from the table or the profile is refused, not printed as its key.
    const bare = fixture({ 'ekonomi.yaml': ekonomi.replace('      kolumner: [utfall]\n', '      kolumner: [utfall, utfall_ack_totalt]\n') });
    expect(check(bare).errors.map((d) => [d.code, d.message, d.pos?.line, d.pos?.column])).toEqual([
      ['tabell.kolumner', 'kolumnen utfall_ack_totalt har ingen rubrik: ange rubriker: { utfall_ack_totalt: … } i tabellen eller en rubrik för utfall_ack_totalt under rapporttyper.delårsrapport.kolumner i profilen', 48, 26],
    ]);
    const both = fixture({ 'ekonomi.yaml': ekonomi.replace('      summa: { id: platt-summa', '      grupper: [{ id: g, namn: G, projekt: [{ id: p, namn: P, utfall: 1 }] }]\n      summa: { id: platt-summa') });
    expect(check(both).errors.map((d) => d.message)).toEqual(['ekonomi.investeringsredovisning[2].projekt: ange projekten antingen i grupper eller direkt under projekt, inte båda']);
  });

  it('names the chart’s bars as the table names its rows', async () => {
    const drift = `ekonomi:
  driftredovisning:
    - id: verksamheter
      rubrik: Driftredovisning
      enhet: mnkr
      radrubrik: Verksamhet
      kolumner: [utfall, budget, budgetavvikelse]
      enheter:
        - { id: hemtjanst, namn: Hemtjänst, utfall: -10.0, budget: -9.0 }
        - { id: boende, namn: Särskilt boende, utfall: -20.0, budget: -21.0 }
      summa: { id: verksamheter-summa, namn: Summa, utfall: -30.0, budget: -30.0 }
`;
    const { code, html } = await build(fixture({ 'ekonomi.yaml': drift }));
    expect(code).toBe(0);
    expect(/<title id="verksamheter-diagram-titel">([^<]*)</.exec(html)?.[1]).toBe('Driftredovisning: budgetavvikelse Aug 2022 per verksamhet, mnkr (positivt = bättre än budget)');
  });

  it('says when it restates the other table’s figure for a samma_som comparison', () => {
    const ekonomi = EKONOMI.replace('prognos: 15.6, budget_helår: 0.0 }', 'prognos: 15.6, budget_helår: 0.0, samma_som: { utfall: drift-summa.prognos } }');
    expect(check(fixture({ 'ekonomi.yaml': ekonomi })).errors.map((d) => [d.code, d.message])).toEqual([
      ['fakta.samma', 'Resultat, utfall: angivet 30,2 men samma fakta i Driftredovisning, Totalt (omräknat från tkr till mnkr) ger 15,615 (skillnad 14,585, tolerans 0,05)'],
    ]);
  });

  it('asks for a balanskrav assessment only where the profile says the nämnd makes one', () => {
    const codes = (dir: string) => check(dir).diagnostics.map((d) => d.code);
    expect(codes(fixture({ 'ekonomi.yaml': EKONOMI }))).not.toContain('lag.balanskrav');
    const nämnd = miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL, 'ekonomi.yaml': EKONOMI }, `${PROFILE}\nlag: { balanskrav: nämnd }\n`);
    expect(codes(nämnd)).toContain('lag.balanskrav');
  });
});

const PERSONAL = `personal:
  anställda: { id: anstallda, kvinnor: 67, män: 35, totalt: 102 }
  tabeller:
    - id: sjuk-per-ar
      rubrik: Sjukfrånvaro på KLK som egen förvaltning
      radrubrik: År
      perioder: fallande
      rader:
        - id: sjuk-totalt
          namn: Totalt
          enhet: "%"
          utfall:
            - { period: 2020, värde: 2.8, kvinnor: 3.6, män: 1.1 }
            - { period: 2021, värde: 2.8, kvinnor: 3.9, män: 0.4 }
            - { period: 2022, värde: 1.7, kvinnor: 2.2, män: 0.7 }
`;

describe('personal tables and the same fact in two tables', () => {
  it('prints a personal table as the report does: periods newest first, kvinnor and män under the total, nothing derived', async () => {
    const { html } = await build(fixture({ 'personal.yaml': PERSONAL }));
    expect(tableRows(html, 'sjuk-per-ar-indikatorer-tabell')).toEqual([
      ['År', '2022', '2021', '2020'],
      ['Totalt (%)', '1,7', '2,8', '2,8'],
      ['Kvinnor', '2,2', '3,9', '3,6'],
      ['Män', '0,7', '0,4', '1,1'],
    ]);
  });

  it('prints head counts and changes as the text does: thousands spaced, one procentenhet', async () => {
    const dir = fixture({ 'personal.yaml': PERSONAL.replace('kvinnor: 67, män: 35, totalt: 102', 'kvinnor: 1642, män: 318, totalt: 1960') });
    mutate(dir, 'mal.yaml', '{ period: 2022, värde: 1.7, måluppfyllelse: nått }', '{ period: 2022, värde: 2.0, måluppfyllelse: nått }');
    const { html } = await build(dir);
    expect(tableByLabel(html, 'Anställda')[1]).toEqual(['Antal', '1 642', '318', '1 960']);
    expect(tableRows(html, 'm1-indikatorer-tabell')[1]).toEqual(['Total sjukfrånvaro, (%)', '3,1', '3,0', '2,0', '3,0', '3,0', '−1,0 procentenheter', 'Ja']);
    mutate(dir, 'mal.yaml', '                  enhet: "%"\n', '                  enhet: "%"\n                  decimaler: 0\n');
    const whole = await build(dir);
    expect(tableRows(whole.html, 'm1-indikatorer-tabell')[1]).toEqual(['Total sjukfrånvaro, (%)', '3', '3', '2', '3', '3', '−1 procentenhet', 'Ja']);
  });

  it('prints a table by område with kvinnor, män and totalt as its columns, as a report prints a 7 × 2 table', async () => {
    const byArea = `personal:
  tabeller:
    - id: sjuk-omrade
      rubrik: Sjukfrånvaro per område
      radrubrik: Område
      kolumner: kön
      rader:
        - { id: omr-1, namn: Område 1, enhet: "%", utfall: [{ period: 2022, kvinnor: 6.1, män: 3.2 }] }
        - { id: omr-2, namn: Område 2, enhet: "%", utfall: [{ period: 2022, kvinnor: 4.4, män: 2.0 }] }
`;
    const { code, html } = await build(fixture({ 'personal.yaml': byArea }));
    expect(code).toBe(0);
    expect(tableRows(html, 'sjuk-omrade-indikatorer-tabell')).toEqual([
      ['Område', 'Kvinnor', 'Män'],
      ['Område 1 (%)', '6,1', '3,2'],
      ['Område 2 (%)', '4,4', '2,0'],
    ]);
    expect(html).toContain('Sjukfrånvaro per område 2022');
  });

  it('checks a personal table like an indicator: the total lies between kvinnor and män', () => {
    const dir = fixture({ 'personal.yaml': PERSONAL.replace('{ period: 2021, värde: 2.8, kvinnor: 3.9, män: 0.4 }', '{ period: 2021, värde: 4.2, kvinnor: 3.9, män: 0.4 }') });
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['kön.intervall', 'Totalt 2021: totalt 4,2 ligger utanför kvinnor 3,9 och män 0,4; ett värde för alla ligger mellan könens värden'],
    ]);
  });

  it('flags an indicator value that is the same fact as a personal table’s, period by period (samma_som)', () => {
    const dir = fixture({ 'personal.yaml': PERSONAL });
    mutate(dir, 'mal.yaml', '- { period: 2020, värde: 3.1 }', '- { period: 2020, värde: 3.1, samma_som: { värde: sjuk-totalt.värde } }');
    mutate(dir, 'mal.yaml', '- { period: 2021, värde: 3.0 }', '- { period: 2021, värde: 2.8, samma_som: { värde: sjuk-totalt.värde } }');
    const errors = check(dir).errors;
    expect(errors.map((d) => [d.code, d.message, d.related.map((r) => r.message)])).toEqual([
      [
        'fakta.samma',
        'Total sjukfrånvaro, (%) 2020: angivet 3,1 men samma fakta i Sjukfrånvaro på KLK som egen förvaltning, Totalt 2020 ger 2,8 (skillnad 0,3, tolerans 0,05)',
        ['Sjukfrånvaro på KLK som egen förvaltning, Totalt 2020 = 2,8'],
      ],
    ]);
    mutate(dir, 'mal.yaml', 'värde: 2.8, samma_som: { värde: sjuk-totalt.värde } }', 'värde: 2.8, samma_som: { värde: sjuk-totalt.vrde } }');
    expect(check(dir).errors.map((d) => d.message)).toContain('Sjukfrånvaro på KLK som egen förvaltning, Totalt har inget fält "vrde" (finns: värde, kvinnor, män, täljare, nämnare)');
  });

  it('cites an earlier period’s kvinnor and män from a personal table in prose', async () => {
    const dir = fixture({ 'personal.yaml': PERSONAL });
    mutate(
      dir,
      'rapport.yaml',
      'Inom område A finns',
      'Sjukfrånvaron 2021 var {{värde sjuk-totalt.kvinnor period=2021}} för kvinnor och {{värde sjuk-totalt.män period="2021"}} för män ({{antal sjuk-per-ar ord=\"en\"}} rad); målet 2023 är {{värde sjuk.mål period=2023}}. Inom område A finns',
    );
    const { pdf } = await build(dir);
    expect(flat(pdf)).toContain('Sjukfrånvaron 2021 var 3,9 % för kvinnor och 0,4 % för män (en rad); målet 2023 är 3,0 %.');
  });
});

describe('the report’s own wording where the profile has a default', () => {
  it('takes a node’s printed heading, a legend without the scale’s intro, amounts without their unit, and counts in words', async () => {
    const dir = fixture({ 'ekonomi.yaml': EKONOMI });
    mutate(dir, 'mal.yaml', '          namn: Område A\n', '          namn: Område A\n          rubrik: Processområde A\n');
    mutate(
      dir,
      'rapport.yaml',
      'statusräkning:',
      'förklaring:\n  rubrik: Symboler\n  skalor:\n    - { skala: status, rubrik: Åtaganden, intro: false, värden: [försenat, klart] }\nstatusräkning:',
    );
    mutate(dir, 'rapport.yaml', 'Inom område A finns', 'Budget ({{belopp resultat.budget_helår utan_enhet=true decimaler=0}}) och prognos ({{belopp resultat.prognos tecken=true utan_enhet=true}}); {{antal drift ord=true}} avdelningar. Inom område A finns');
    const { html, pdf } = await build(dir);
    expect(html).toContain('<h2 id="omr-a">Processområde A</h2>');
    expect(tableRows(html, 'symboler-status')).toEqual([
      ['Symbol', 'Innebörd'],
      ['⚠ Försenat', 'Försenat.'],
      ['✓ Klart', 'Klart.'],
    ]);
    expect(html).toMatch(/<h1 id="forklaring-symboler">Symboler<\/h1>\s*<h2 id="symboler-status-rubrik">Åtaganden<\/h2>\s*<table/);
    expect(flat(pdf)).toContain('Budget (0) och prognos (+15,6); två avdelningar.');
  });

  it('leaves out the derived indicator columns where the profile says the kommun does not print them', async () => {
    const off = miniReport({ 'rapport.yaml': '', 'mal.yaml': MAL }, `${PROFILE}\nindikatortabell: { förändring: false, når_målet: false }\n`);
    const { html } = await build(off);
    expect(tableRows(html, 'm1-indikatorer-tabell')[0]).toEqual(['Indikator', 'Utfall 2020', 'Utfall 2021', 'Utfall 2022', 'Mål 2022', 'Mål 2023']);
  });

  it('prints a table of measures under the goal node where the report prints it', async () => {
    const dir = fixture();
    mutate(
      dir,
      'mal.yaml',
      '          åtaganden:\n            - id: a1',
      `          tabeller:
            - id: sjuk-omrade
              rubrik: Sjukfrånvaro per område
              radrubrik: Område
              rader:
                - { id: omr-1, namn: Område 1, enhet: "%", utfall: [{ period: 2021, värde: 4.8 }, { period: 2022, värde: 5.1 }] }
                - { id: omr-2, namn: Område 2, enhet: "%", utfall: [{ period: 2021, värde: 3.0 }, { period: 2022, värde: 2.6 }] }
          åtaganden:
            - id: a1`,
    );
    const { html } = await build(dir);
    expect(tableRows(html, 'sjuk-omrade-indikatorer-tabell')).toEqual([
      ['Område', '2021', '2022'],
      ['Område 1 (%)', '4,8', '5,1'],
      ['Område 2 (%)', '3,0', '2,6'],
    ]);
    // Between Område A's own text and Område B.
    expect(html.indexOf('sjuk-omrade-indikatorer-tabell')).toBeGreaterThan(html.indexOf('id="omr-a"'));
    expect(html.indexOf('sjuk-omrade-indikatorer-tabell')).toBeLessThan(html.indexOf('id="omr-b"'));
  });
});

describe('period labels', () => {
  it('flags a period label that ends before it begins, and a personal figure given twice for one period', () => {
    const dir = fixture({
      'personal.yaml': `personal:
  sjukfrånvaro:
    - { id: s1, period: 221101 tom 220815, totalt: 2.1 }
    - { id: s2, period: jan–aug 2022, typ: R12, totalt: 2.0 }
    - { id: s3, period: jan–aug 2022, typ: R12, totalt: 2.2 }
`,
    });
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['period.etikett', 'perioden "221101 tom 220815" slutar 2022-08-15, före sin början 2022-11-01'],
      ['period.dubbel', 'sjukfrånvaron jan–aug 2022 (R12) har redan ett värde; varje period anges en gång'],
    ]);
  });
});

describe('odd and hostile input around the new model (review)', () => {
  it('takes an own column called constructor, and column ids that are also row ids, without a false duplicate', () => {
    const ekonomi = EKONOMI.replace('- { id: kommentar, rubrik: Kommentar, typ: text }', '- { id: kommentar, rubrik: Kommentar, typ: text }\n        - { id: constructor, rubrik: Konstr, typ: tal }\n        - { id: hr, rubrik: HR-tal, typ: tal }').replace('andel: 33.1 }', 'andel: 33.1, constructor: 5, hr: 2 }');
    expect(check(fixture({ 'ekonomi.yaml': ekonomi })).errors).toEqual([]);
  });

  it('refuses a deviation computed from itself, and says which column a typo in kolumner should be', () => {
    const self = EKONOMI.replace('avvikelse: [prognos, prognos_maj]', 'avvikelse: [mot_maj, prognos_maj]');
    expect(check(fixture({ 'ekonomi.yaml': self })).errors.map((d) => d.message)).toEqual([
      'ekonomi.driftredovisning[1].kolumner[5].avvikelse: avvikelsen "mot_maj" räknas ur sig själv; den räknas ur andra beloppskolumner',
    ]);
    const typo = EKONOMI.replace('kolumner: [utfall, budget, prognos]', 'kolumner: [utfal, budget, prognos]');
    expect(check(fixture({ 'ekonomi.yaml': typo })).errors.map((d) => d.message)).toEqual([
      'ekonomi.resultaträkning.kolumner[1]: ogiltigt värde "utfal"; tillåtna värden: utfall_fg, utfall, budget, budgetavvikelse, prognos, budget_helår, prognosavvikelse; menade du "utfall"? – eller en egen kolumn { id, rubrik }',
    ]);
  });

  it('refuses a legend scale or value the profile does not have, and a statusräkning the profile does not count', () => {
    const dir = fixture();
    mutate(dir, 'rapport.yaml', 'statusräkning:', 'förklaring:\n  skalor:\n    - statu\n    - { skala: status, värden: [klart, försenad] }\nstatusräkning:');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([
      ['ref.saknas', 'skalan "statu" finns inte i profilen; menade du "status"?'],
      ['ref.saknas', '"försenad" är inget värde i skalan status; menade du "försenat"?'],
    ]);
    const none = miniReport({ 'rapport.yaml': 'statusräkning: { antal: { klart: 1 } }\n', 'mal.yaml': MAL }, PROFILE.replace('  statusräkning: { nivå: åtaganden, rubrik: Status åtaganden }\n', ''));
    expect(check(none).errors.map((d) => d.message)).toEqual(['profilen har ingen statusräkning (målstruktur.statusräkning), så rapportens statusräkning kan varken visas eller kontrolleras']);
  });

  it('tells the author that "uppgift saknas" is allowed where a field is missing, and why it is refused where the profile requires a value', () => {
    const dir = fixture();
    mutate(dir, 'mal.yaml', '          trend: uppgift saknas\n', '');
    expect(check(dir).errors.map((d) => d.message)).toEqual(['obligatorisk nyckel "trend" saknas i mål.perspektiv[1].områden[2] (skriv "uppgift saknas" om rapporten inte anger det)']);
  });

  it('takes a year written as a number as the period of a sjukfrånvaro or a nyckeltal, as indicators do', async () => {
    const personal = 'personal:\n  sjukfrånvaro:\n    - { id: s1, period: 2021, totalt: 2.1 }\n    - { id: s2, period: 2022, totalt: 2.4 }\n  nyckeltal:\n    - { id: n1, namn: Personalomsättning, period: 2022, värde: 8.5, enhet: "%" }\n';
    const dir = fixture({ 'personal.yaml': personal });
    expect(check(dir).errors).toEqual([]);
    expect(tableByLabel((await build(dir)).html, 'Sjukfrånvaro').slice(1)).toEqual([
      ['2021', '2,1 %'],
      ['2022', '2,4 %'],
    ]);
  });

  it('never reads a month span without a start year across the new year as ending before it begins', () => {
    const dir = fixture({ 'personal.yaml': 'personal:\n  sjukfrånvaro:\n    - { id: s1, period: dec–jan 2023, totalt: 2.1 }\n' });
    expect(check(dir).errors).toEqual([]);
  });
});
