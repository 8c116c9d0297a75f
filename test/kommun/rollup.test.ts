import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { pdfText, runCli, tempDir } from '../e2e/run-cli.js';

/** A copy of the Eskilstuna kommun folder (profile, kommun.yaml, both nämnder). */
function copyKommun(): string {
  const dir = path.join(tempDir(), 'eskilstuna');
  cpSync(path.join(ROOT, 'examples', 'eskilstuna'), dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  expect(text.split(from).length - 1, `${from} in ${file}`).toBe(1);
  writeFileSync(p, text.replace(from, to));
}

function lineOf(dir: string, file: string, needle: string): number {
  const text = readFileSync(path.join(dir, file), 'utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('kommun roll-up', () => {
  it('builds each nämnd and the sammanställning: status per nämnd, results with the kommun total, assessments side by side', async () => {
    const dir = copyKommun();
    const r = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(r.code, r.stderr).toBe(0);
    const pdf = path.join(dir, 'ut', 'sammanstallning.pdf');
    expect(existsSync(pdf)).toBe(true);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Servicenämnden 0 0 11 0 11');
    expect(text).toMatch(/Kommunen 0 5 15 2 22/);
    // SEN 0,4 / 1,0 and AVN 2,1 / 0,9 from their own reports; the kommun total is derived.
    expect(text).toMatch(/Servicenämnden 3,3 2,9 0,4 1,0 1,0/);
    expect(text).toMatch(/Summa kommunen 5,5 3,0 2,5 1,9 1,9/);
    // SEN's huvudprocess bedömning was lost from its source: it says so, and is never read as a value.
    expect(text).toContain('Befintligt företagande och organisationer Uppgift saknas –');
    expect(existsSync(path.join(dir, 'ut', 'sammanstallning.html'))).toBe(true);
  }, 120_000);

  it('shows each nämnd’s status counts as its own status table does: the printed ones where it prints them', async () => {
    const dir = copyKommun();
    const sen = 'servicenamnden-dr2-2023';
    edit(dir, `${sen}/mal.yaml`, 'ansvar: [KS, SBN, MRN, SEN, TSN, alla bolag]\n              status: klart', 'ansvar: [KS, SBN, MRN, SEN, TSN, alla bolag]\n              status: uppgift saknas');
    edit(dir, `${sen}/rapport.yaml`, 'sammanfattning:\n', 'statusräkning:\n  antal: { klart: 11 }\nsammanfattning:\n');
    const r = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(path.join(dir, 'ut', 'sammanstallning.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Servicenämnden 0 0 11 0 11');
    expect(text).not.toContain('Uppgift saknas 11');
  }, 120_000);

  it('fails when the roll-up states a nämnd result that differs from the nämnd’s own report, at kommun.yaml with the nämnd’s cell as related', async () => {
    const dir = copyKommun();
    edit(dir, 'kommun.yaml', 'budgetavvikelse: 0.4', 'budgetavvikelse: 0.9');
    const r = await runCli(['check', '.', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const all = JSON.parse(r.stdout).rapporter.flatMap((o: { diagnostik: unknown[] }) => o.diagnostik) as { code: string; message: string; pos: { file: string; line: number }; related: { pos?: { file: string } }[] }[];
    const d = all.find((x) => x.code === 'kommun.resultat')!;
    expect(d.message).toBe('Servicenämnden, budgetavvikelse: sammanställningen anger 0,9 mnkr men nämndens rapport ger 0,4 mnkr (Summa RR verksamhetsrapportering)');
    expect(d.pos).toMatchObject({ file: 'kommun.yaml', line: lineOf(dir, 'kommun.yaml', 'budgetavvikelse: 0.9') });
    expect(d.related[0]!.pos!.file).toBe(path.join('servicenamnden-dr2-2023', 'ekonomi.yaml'));
  }, 120_000);

  it('fails when a nämnd leaves out a kommungemensamt åtagande that covers it, at the catalog entry', async () => {
    const dir = copyKommun();
    const mal = path.join(dir, 'arbetsmarknadsnamnden-dr2-2023', 'mal.yaml');
    writeFileSync(mal, readFileSync(mal, 'utf8').replace(/\n\s+katalog: kf-klimat(?=\n)/, ''));
    const r = await runCli(['check', '.', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const all = JSON.parse(r.stdout).rapporter.flatMap((o: { diagnostik: unknown[] }) => o.diagnostik) as { code: string; message: string; pos: { file: string; line: number } }[];
    const d = all.find((x) => x.code === 'katalog.saknas')!;
    expect(d.message).toContain('Arbetsmarknads- och vuxenutbildningsnämnden (AVN) redovisar inte det kommungemensamma åtagandet "kf-klimat"');
    expect(d.pos).toMatchObject({ file: 'kommun.yaml', line: lineOf(dir, 'kommun.yaml', 'id: kf-klimat') });
  }, 120_000);

  it('fails when a nämnd rewrites the text of a catalog åtagande, at the nämnd’s text', async () => {
    const dir = copyKommun();
    const file = path.join('servicenamnden-dr2-2023', 'mal.yaml');
    const text = readFileSync(path.join(dir, file), 'utf8');
    writeFileSync(path.join(dir, file), text.replace(/(katalog: kf-klimat\n\s+namn: )/, '$1Ändrat '));
    const r = await runCli(['check', '.', '--format', 'json'], dir);
    const all = JSON.parse(r.stdout).rapporter.flatMap((o: { diagnostik: unknown[] }) => o.diagnostik) as { code: string; pos: { file: string; line: number } }[];
    expect(r.code).toBe(1);
    expect(all.find((x) => x.code === 'katalog.text')!.pos).toMatchObject({ file, line: lineOf(dir, file, 'namn: Ändrat') });
  }, 120_000);

  it('refuses to build the sammanställning when a nämnd has errors, and removes an earlier one', async () => {
    const dir = copyKommun();
    expect((await runCli(['build', '.', '--out', 'ut'], dir)).code).toBe(0);
    const eko = path.join(dir, 'arbetsmarknadsnamnden-dr2-2023', 'ekonomi.yaml');
    writeFileSync(eko, readFileSync(eko, 'utf8').replace('roll: kostnad', 'roll: okänd'));
    const r = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'ut', 'sammanstallning.pdf'))).toBe(false);
  }, 120_000);

  it('allows only rounding of the coarser figure: 0,5 for a nämnd result of 0,4 is an error', async () => {
    const dir = copyKommun();
    edit(dir, 'kommun.yaml', 'budgetavvikelse: 0.4', 'budgetavvikelse: 0.5');
    const { code, stdout } = await runCli(['check', '.', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('sammanställningen anger 0,5 mnkr men nämndens rapport ger 0,4 mnkr');
  }, 120_000);

  it('refuses a nämnd listed twice (it would be counted twice in the kommun total)', async () => {
    const dir = copyKommun();
    edit(dir, 'kommun.yaml', '  - rapport: arbetsmarknadsnamnden-dr2-2023\n', '  - rapport: servicenamnden-dr2-2023/\n  - rapport: arbetsmarknadsnamnden-dr2-2023\n');
    const r = await runCli(['build', '.', '--out', 'ut', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('står redan i sammanställningen; varje nämnd räknas en gång');
    expect(existsSync(path.join(dir, 'ut', 'sammanstallning.pdf'))).toBe(false);
  }, 120_000);

  it('builds no sammanställning when the profile’s theme is missing, and check says so at the profile’s tema line', async () => {
    const dir = copyKommun();
    edit(dir, 'profil.yaml', 'kommunkod: "0484"\n', 'kommunkod: "0484"\ntema: saknas.yaml\n');
    const check = await runCli(['check', '.', '--format', 'json'], dir);
    expect(check.code).toBe(1);
    const all = JSON.parse(check.stdout).rapporter.flatMap((o: { diagnostik: unknown[] }) => o.diagnostik) as { code: string; pos?: { file: string; line: number } }[];
    expect(all.find((d) => d.code === 'tema.saknas')?.pos).toMatchObject({ file: 'profil.yaml', line: lineOf(dir, 'profil.yaml', 'tema: saknas.yaml') });
    const build = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(build.code).toBe(1);
    expect(existsSync(path.join(dir, 'ut', 'sammanstallning.pdf'))).toBe(false);
  }, 120_000);

  it('reports an error in the shared profile once, not once per report', async () => {
    const dir = copyKommun();
    edit(dir, 'profil.yaml', '      bedömning: processmål\n', '      bedömning: processmåål\n');
    const r = await runCli(['check', '.', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const all = JSON.parse(r.stdout).rapporter.flatMap((o: { diagnostik: { code: string }[] }) => o.diagnostik);
    expect(all.filter((d: { code: string }) => d.code === 'profil.struktur')).toHaveLength(1);
  }, 60_000);
});
