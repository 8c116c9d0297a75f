import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchKolada, koladaUrl } from '../../src/kolada/fetch.js';
import { ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';

const FIXTURE = path.join(ROOT, 'examples', 'eskilstuna', 'kolada', 'avn-n00914.json');
const MAL = path.join('arbetsmarknadsnamnden-dr2-2023', 'mal.yaml');
const IMPORTED = '- period: 2022\n                      värde: 78.3\n                      kvinnor: 77.1\n                      män: 79.4\n';
const BEFORE = '- period: 2022\n                      saknas: {typ: preliminärt_saknas, orsak: Publiceras i Kolada under våren 2023}\n';

/** The Eskilstuna folder as it was before 2022's values were imported. */
function beforeImport(): string {
  const dir = path.join(tempDir(), 'eskilstuna');
  cpSync(path.join(ROOT, 'examples', 'eskilstuna'), dir, { recursive: true });
  const file = path.join(dir, MAL);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(IMPORTED);
  writeFileSync(file, text.replace(IMPORTED, BEFORE));
  return dir;
}

describe('rapport kolada import', () => {
  it('fills the period from the saved response, keeping comments and everything else byte for byte', async () => {
    const dir = beforeImport();
    const r = await runCli(['kolada', 'import', FIXTURE, '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${MAL}: forvarvsarbetande (N00914) 2022: – → 78,3 (K 77,1, M 79,4)\n`);
    expect(r.stderr).toBe('1 värde ändrat i 1 fil\n');
    // Exactly the committed example: the import changes the values and nothing else.
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toBe(readFileSync(path.join(ROOT, 'examples', 'eskilstuna', MAL), 'utf8'));
  });

  it('is idempotent, and --visa writes nothing', async () => {
    const dir = beforeImport();
    const shown = await runCli(['kolada', 'import', FIXTURE, '.', '--visa'], dir);
    expect(shown.stderr).toBe('1 värde skulle ändras\n');
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toContain(BEFORE);
    await runCli(['kolada', 'import', FIXTURE, '.'], dir);
    const again = await runCli(['kolada', 'import', FIXTURE, '.'], dir);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('0 värden ändrade i 0 filer\n');
  });

  it('adds a new period in period order, and writes a typed missing value for Kolada’s null', async () => {
    const dir = beforeImport();
    const response = path.join(dir, 'svar.json');
    writeFileSync(
      response,
      JSON.stringify({
        values: [
          { kpi: 'N00914', municipality: '0484', period: 2023, values: [{ gender: 'T', value: null, status: 'Saknas' }] },
          { kpi: 'N00914', municipality: '0180', period: 2022, values: [{ gender: 'T', value: 99 }] },
        ],
      }),
    );
    const r = await runCli(['kolada', 'import', 'svar.json', '.'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, MAL), 'utf8');
    expect(text).toContain(`${BEFORE}                    - {period: 2023, saknas: {typ: saknas, orsak: Inget värde i Kolada (Saknas)}}\n          åtaganden:`);
    // Another kommun's values are not taken.
    expect(text).not.toContain('99');
    const check = await runCli(['check', '.'], dir);
    expect(check.code, check.stderr).toBe(0);
  });

  it('reports a malformed response at its line in the JSON file, and changes nothing', async () => {
    const dir = beforeImport();
    writeFileSync(path.join(dir, 'svar.json'), '{\n  "values": [\n    { "kpi": "N914", "municipality": "0484", "period": 2022, "values": [] }\n  ]\n}\n');
    const r = await runCli(['kolada', 'import', 'svar.json', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('svar.json:3:14: fel[schema.format]');
    expect(r.stderr).toContain('ett Kolada-nyckeltal skrivs N eller U och fem siffror');
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toContain(BEFORE);
  });
});

describe('rapport kolada import, what it leaves alone', () => {
  it('rewrites only the changed item: odd spacing, quoting and comments elsewhere stay byte for byte', async () => {
    const dir = beforeImport();
    const file = path.join(dir, MAL);
    const odd = readFileSync(file, 'utf8').replace('enhet: "%"\n                  decimaler: 1\n                  riktning: högre', "enhet: '%'     # citerat med apostrofer\n                  decimaler: 1\n                  riktning: högre");
    writeFileSync(file, odd);
    await runCli(['kolada', 'import', FIXTURE, '.'], dir);
    expect(readFileSync(file, 'utf8')).toBe(odd.replace(BEFORE, IMPORTED));
  });

  it('keeps kvinnor and män when Kolada sends only the total, and a Kolada value is no longer preliminary', async () => {
    const dir = beforeImport();
    const file = path.join(dir, MAL);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{period: 2021, värde: 76.0, kvinnor: 74.6, män: 77.3}', '{period: 2021, värde: 75.9, kvinnor: 74.6, män: 77.3, preliminärt: true}'));
    writeFileSync(path.join(dir, 'svar.json'), JSON.stringify([{ kpi: 'N00914', municipality: '0484', period: 2021, values: [{ gender: 'T', value: 76 }] }]));
    const r = await runCli(['kolada', 'import', 'svar.json', '.'], dir);
    expect(r.stdout).toBe(`${MAL}: forvarvsarbetande (N00914) 2021: 75,9 → 76,0 (K 74,6, M 77,3)\n`);
    expect(readFileSync(file, 'utf8')).toContain('- {period: 2021, värde: 76.0, kvinnor: 74.6, män: 77.3}\n');
  });

  it('refuses a response with the same period twice and different values, at the second one', async () => {
    const dir = beforeImport();
    const entry = (v: number) => `    { "kpi": "N00914", "municipality": "0484", "period": 2022, "values": [ { "gender": "T", "value": ${v} } ] }`;
    writeFileSync(path.join(dir, 'svar.json'), `{\n  "values": [\n${entry(78.3)},\n${entry(78.9)}\n  ]\n}\n`);
    const r = await runCli(['kolada', 'import', 'svar.json', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('svar.json:4:58: fel[kolada.dubblett]: N00914 0484 2022 finns två gånger med olika värden');
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toContain(BEFORE);
  });

  it('leaves an indicator whose periods are not years alone, and says so', async () => {
    const dir = beforeImport();
    const file = path.join(dir, MAL);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{period: 2019, värde: 76.4', '{period: helår 2019, värde: 76.4'));
    const r = await runCli(['kolada', 'import', FIXTURE, '.'], dir);
    expect(r.stderr).toContain('varning[kolada.period]: indikatorn forvarvsarbetande har perioder som inte är år');
    expect(readFileSync(file, 'utf8')).toContain(BEFORE);
  });
});

describe('rapport kolada hamta', () => {
  it('builds the v3 URL from validated ids only', () => {
    expect(koladaUrl(['N00914', 'U00401'], '0484', [2021, 2022])).toBe('https://api.kolada.se/v3/data/kpi/N00914,U00401/municipality/0484/year/2021,2022');
    expect(() => koladaUrl(['N00914/../x'], '0484', [2022])).toThrow('ogiltigt Kolada-nyckeltal');
    expect(() => koladaUrl(['N00914'], '484', [2022])).toThrow('ogiltig kommunkod');
  });

  it('follows next_url pages on the Kolada host only and saves one response', async () => {
    const calls: string[] = [];
    const pages: Record<string, unknown> = {
      'https://api.kolada.se/v3/data/kpi/N00914/municipality/0484/year/2022': { values: [{ kpi: 'N00914', municipality: '0484', period: 2022, values: [] }], next_url: 'https://api.kolada.se/v3/data/kpi/N00914/municipality/0484/year/2022?page=2' },
      'https://api.kolada.se/v3/data/kpi/N00914/municipality/0484/year/2022?page=2': { values: [{ kpi: 'N00914', municipality: '0484', period: 2021, values: [] }], next_url: 'https://elsewhere.example/x' },
    };
    const text = await fetchKolada(['N00914'], '0484', [2022], async (url) => {
      calls.push(url);
      return { ok: true, status: 200, text: async () => JSON.stringify(pages[url]) };
    });
    expect(calls).toHaveLength(2);
    expect(JSON.parse(text).values.map((v: { period: number }) => v.period)).toEqual([2022, 2021]);
  });
});
