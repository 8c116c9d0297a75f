import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT } from '../helpers.js';
import { row, tableRows, textOf } from './html-tables.js';
import { pdfInfo, pdfText, runCli, squeeze, tempDir } from './run-cli.js';

const M = '\u2212'; // the true minus sign the output uses

// The Eskilstuna example report on its own (examples/ holds further reports and municipalities).
describe('rapport build examples/eskilstuna/servicenamnden-dr2-2023', () => {
  let out: string;
  let html: string;
  let pdfFile: string;
  let text: string;

  beforeAll(async () => {
    out = tempDir();
    const r = await runCli(['build', path.relative(ROOT, EXAMPLE), '--out', out], ROOT);
    expect(r.stderr).toContain('1 rapport, 0 fel');
    expect(r.code).toBe(0);
    html = readFileSync(path.join(out, 'servicenamnden-dr2-2023.html'), 'utf8');
    pdfFile = path.join(out, 'servicenamnden-dr2-2023.pdf');
    text = squeeze(pdfText(pdfFile));
  }, 60_000);

  it('writes the resultaträkning with the seed figures into the HTML', () => {
    const rr = tableRows(html, 'resultatrakning-tabell');
    expect(rr[0]).toEqual(['Konto', 'Utfall Aug 2022', 'Utfall Aug 2023', 'Budget Aug 2023', 'Budgetavvikelse Aug 2023', 'Årsprognos aug', 'Avvikelse Årsprognos aug']);
    expect(row(rr, 'Summa INTÄKTER')).toEqual(['Summa INTÄKTER', '498,0', '527,6', '535,8', `${M}8,2`, '797,0', `${M}7,2`]);
    expect(row(rr, 'Summa KOSTNADER')).toEqual(['Summa KOSTNADER', `${M}480,0`, `${M}527,7`, `${M}533,1`, '5,4', `${M}801,0`, '3,4']);
    expect(row(rr, 'Personalkostnader')).toEqual(['Personalkostnader', `${M}269,2`, `${M}296,3`, `${M}307,4`, '11,1', `${M}450,1`, '9,1']);
    expect(row(rr, 'Summa RR verksamhetsrapportering')).toEqual(['Summa RR verksamhetsrapportering', '22,6', '3,3', '2,9', '0,4', '1,0', '1,0']);
  });

  it('derives the driftredovisning and investering rows as published', () => {
    const drift = tableRows(html, 'driftredovisning-tabell');
    expect(row(drift, 'Område 3')).toEqual(['Område 3', '0,0', `${M}0,6`, '0,0', `${M}3,1`]);
    expect(row(drift, 'Summa Servicenämnden')).toEqual(['Summa Servicenämnden', '6,1', '0,4', '0,0', '1,0']);
    const inv = tableRows(html, 'investeringsredovisning-tabell');
    expect(row(inv, 'Nämndbeslutad investering')).toEqual(['Nämndbeslutad investering', `${M}17,0`, '', `${M}6,8`, `${M}37,4`, `${M}9,9`, '6,6']);
  });

  it('cites table figures in the prose, so text and tables agree', () => {
    const t = textOf(html);
    expect(t).toContain('budgeteras till 804\u00a0208\u00a0000\u00a0kronor');
    expect(t).toContain('Resultat per sista augusti är 3\u00a0263\u00a0000\u00a0kronor, varav 3\u00a0200\u00a0000\u00a0kronor');
    expect(t).toContain('finns 11 åtaganden');
    expect(t).toContain('prognostiserar ett utfall på +1\u00a0mnkr inklusive uttag ur resultatfond med +4,8\u00a0mnkr');
  });

  it('shows status as symbol plus text, never colour alone, and counts åtaganden', () => {
    const status = tableRows(html, 'status-ataganden-tabell');
    // One column per value of the profile's åtagande scale (S:157–159), then the total.
    expect(status[0]).toEqual(['Nämnd', 'Ej påbörjad', 'Pågår', 'Klart, avslutat', 'Försenat', 'Totalt']);
    expect(status[1]).toEqual(['Servicenämnden', '0', '0', '11', '0', '11']);
    expect(html).toMatch(/<span class="symbol" style="color:#[0-9a-f]{6}" aria-hidden="true">↗<\/span> Bättre/);
    expect(html).toContain('lang="sv"');
  });

  it('prints the same figures in the PDF', () => {
    expect(text).toContain(`Summa INTÄKTER 498,0 527,6 535,8 ${M}8,2 797,0 ${M}7,2`);
    expect(text).toContain(`Summa KOSTNADER ${M}480,0 ${M}527,7 ${M}533,1 5,4 ${M}801,0 3,4`);
    expect(text).toContain('Resultat per sista augusti är 3 263 000 kronor');
    expect(text).toMatch(/Servicenämnden 0 0 11 0 11/);
    for (const riskvärde of ['Ja 16 4 4', 'Ja 12 3 4', 'Ja 15 5 3', 'Ja 8 2 4']) expect(text).toContain(riskvärde);
  });

  it('carries every section of the seed, in order, in the PDF', () => {
    const order = [
      'Protokollsutdrag',
      'Tjänsteskrivelse',
      'Sammanfattning',
      'Sammanställning av de viktigaste',
      'Status åtaganden',
      'Förklaring symboler',
      'Hållbar utveckling',
      'Främja näringsliv och arbete',
      'Tillgodose behovet av hållbar samhällsbyggnad',
      'Bedriva samhällsskydd och beredskap',
      'Effektiv organisation',
      'Processkvalitet',
      'Medarbetare',
      'Ekonomisk redovisning',
      'Resultaträkning',
      'Driftredovisning',
      'Investeringsredovisning',
      'Intern styrning och kontroll',
      'Plan för klimat',
    ];
    const body = text.slice(text.indexOf('Protokollsutdrag\n') >= 0 ? text.indexOf('Protokollsutdrag\n') : 0);
    let at = 0;
    for (const heading of order) {
      const i = body.indexOf(heading, at);
      expect(i, `${heading} after position ${at}`).toBeGreaterThanOrEqual(0);
      at = i;
    }
  });

  it('makes a tagged A4 PDF with title, page numbers, only embedded fonts, that qpdf finds clean', () => {
    const info = pdfInfo(pdfFile);
    expect(info['Title']).toBe('Servicenämnden – Delårsrapport 2 2023');
    expect(info['Page size']).toContain('(A4)');
    expect(info['Tagged']).toBe('yes');
    const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(2);
    for (const line of fonts) expect(line, line).toMatch(/^[A-Z]{6}\+DejaVu\S*\s.*\syes\s+yes\s+yes\s+\d+\s+\d+$/);
    expect(() => execFileSync('qpdf', ['--check', pdfFile], { encoding: 'utf8' })).not.toThrow();
    const pages = Number(info['Pages']);
    expect(pages).toBeGreaterThan(15);
    expect(squeeze(pdfText(pdfFile, 3))).toContain(`Sida 3 av ${pages}`);
  });

  it('is reproducible: two builds give byte-identical files', async () => {
    const again = tempDir();
    const r = await runCli(['build', EXAMPLE, '--out', again], ROOT);
    expect(r.code).toBe(0);
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(sha(path.join(again, 'servicenamnden-dr2-2023.pdf'))).toBe(sha(pdfFile));
    expect(sha(path.join(again, 'servicenamnden-dr2-2023.html'))).toBe(sha(path.join(out, 'servicenamnden-dr2-2023.html')));
    expect(existsSync(path.join(again, '.servicenamnden-dr2-2023.pdf.tmp'))).toBe(false);
  }, 60_000);
});
