/**
 * `rapport kolada import` with responses that are not what Kolada sends, or that hold values a
 * careless serialisation would break: the import writes YAML that reads back as exactly the
 * response's values (and `rapport check` passes), or it refuses the response and writes nothing.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainDecimal, yamlString } from '../../src/kolada/import.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { ROOT } from '../helpers.js';

const REPORT = 'arbetsmarknadsnamnden-dr2-2023';
const MAL = path.join(REPORT, 'mal.yaml');

function eskilstuna(): string {
  const dir = path.join(tempDir(), 'eskilstuna');
  cpSync(path.join(ROOT, 'examples', 'eskilstuna'), dir, { recursive: true });
  return dir;
}

/** The indicator's utfall as rapport's YAML reader sees it. */
function utfall(dir: string): Record<string, unknown>[] {
  const find = (node: unknown): Record<string, unknown>[] | undefined => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = find(n);
        if (found) return found;
      }
    } else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['id'] === 'forvarvsarbetande') return o['utfall'] as Record<string, unknown>[];
      for (const v of Object.values(o)) {
        const found = find(v);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find(parse(readFileSync(path.join(dir, MAL), 'utf8')))!;
}

const entry = (period: number, values: unknown[]) => ({ kpi: 'N00914', municipality: '0484', period, values });

async function importResponse(dir: string, response: string) {
  writeFileSync(path.join(dir, 'svar.json'), response);
  return runCli(['kolada', 'import', 'svar.json', '.'], dir);
}

describe('rapport kolada import writes what the response says, as YAML that reads back', () => {
  it.each(['a}', 'x, y', '[a]', '{b', 'Ej "klar": se #3', "it's", '- a', '? a', '*alias', '&ankare', '!tagg', '@x', '%x', 'true', '123', 'null', ' a ', 'a # b', 'a: b'])(
    'status %j: written in a new flow item and in a replaced block item, read back exactly, and check passes',
    async (status) => {
      const dir = eskilstuna();
      const r = await importResponse(dir, JSON.stringify({ values: [entry(2022, [{ gender: 'T', value: null, status }]), entry(2023, [{ gender: 'T', value: null, status }])] }));
      expect(r.code, r.stderr).toBe(0);
      const items = utfall(dir);
      const orsak = `Inget värde i Kolada (${status})`;
      expect(items.find((i) => i['period'] === 2022)).toEqual({ period: 2022, saknas: { typ: 'saknas', orsak } });
      expect(items.find((i) => i['period'] === 2023)).toEqual({ period: 2023, saknas: { typ: 'saknas', orsak } });
      const check = await runCli(['check', REPORT], dir);
      expect(check.code, check.stderr).toBe(0);
      expect(check.stderr).not.toContain('yaml.');
    },
    15_000,
  );

  it('writes 1e-7 as 0.0000001, never as 0.0, and says that one decimal shows it as 0,0', async () => {
    const dir = eskilstuna();
    const r = await importResponse(
      dir,
      '{"values": [{"kpi": "N00914", "municipality": "0484", "period": 2023, "values": [{"gender": "T", "value": 1e-7}, {"gender": "K", "value": 0}, {"gender": "M", "value": 2E-7}]},' +
        ' {"kpi": "N00914", "municipality": "0484", "period": 2024, "values": [{"gender": "T", "value": 7.83E1}, {"gender": "K", "value": 7.5e+1}, {"gender": "M", "value": 1E+2}]}]}',
    );
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(dir, MAL), 'utf8');
    expect(text).toContain('- {period: 2023, värde: 0.0000001, kvinnor: 0.0, män: 0.0000002}\n');
    expect(text).toContain('- {period: 2024, värde: 78.3, kvinnor: 75.0, män: 100.0}\n');
    expect(text).not.toMatch(/värde: 0\.0[,}\n]/);
    expect(r.stdout).toContain('2023: nytt → 0,0000001 (K 0,0, M 0,0000002)');
    expect(r.stderr).toContain('varning[kolada.decimaler]: N00914 2023 (T): värdet 0,0000001 visas som 0,0 med indikatorns 1 decimal');
    expect(utfall(dir).slice(-2)).toEqual([
      { period: 2023, värde: 1e-7, kvinnor: 0, män: 2e-7 },
      { period: 2024, värde: 78.3, kvinnor: 75, män: 100 },
    ]);
    const check = await runCli(['check', REPORT], dir);
    expect(check.code, check.stderr).toBe(0);
  });

  it('writes a value with more decimals than the indicator shows with all of them', async () => {
    const dir = eskilstuna();
    const r = await importResponse(dir, '{"values": [{"kpi": "N00914", "municipality": "0484", "period": 2022, "values": [{"gender": "T", "value": 78.3456789}]}]}');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toContain('värde: 78.3456789\n');
  });

  it('keeps a note with a line break, quotes and # in an item it rewrites, and check passes', async () => {
    const dir = eskilstuna();
    const file = path.join(dir, MAL);
    const note = 'Omräknad: se "bilaga" #3,\nrad två';
    writeFileSync(file, readFileSync(file, 'utf8').replace('{period: 2021, värde: 76.0, kvinnor: 74.6, män: 77.3}', `{period: 2021, värde: 75.9, kvinnor: 74.6, män: 77.3, not: ${JSON.stringify(note)}}`));
    const r = await importResponse(dir, JSON.stringify([entry(2021, [{ gender: 'T', value: 76 }])]));
    expect(r.code, r.stderr).toBe(0);
    expect(utfall(dir).find((i) => i['period'] === 2021)).toEqual({ period: 2021, värde: 76, kvinnor: 74.6, män: 77.3, not: note });
    const check = await runCli(['check', REPORT], dir);
    expect(check.code, check.stderr).toBe(0);
  });
});

describe('rapport kolada import refuses a response that is not what Kolada sends, and writes nothing', () => {
  const T = (value: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ values: [entry(2023, [{ gender: 'T', value, ...extra }])] });
  const cases: [string, string, string][] = [
    ['a status with a line break', T(null, { status: 'a\nb' }), 'fel[kolada.text]: N00914 2023 (T): status innehåller en radbrytning (U+000A)'],
    ['a status with a tab', T(null, { status: 'a\tb' }), 'fel[kolada.text]: N00914 2023 (T): status innehåller ett styrtecken (U+0009)'],
    ['a status with a control character', T(null, { status: 'a\u0001b' }), 'styrtecknet U+0001'],
    ['a status with a character the PDF cannot show', T(null, { status: '漢' }), 'fel[kolada.text]: N00914 2023 (T): status innehåller tecknet "漢" (U+6F22), som PDF:ens typsnitt saknar'],
    ['a status of 201 characters', T(null, { status: 'x'.repeat(201) }), 'fel[schema.gräns]'],
    ['a string where a number is expected', T('78.3'), 'förväntade ett tal'],
    ['a number where a string is expected', T(null, { status: 7 }), 'fel[schema.typ]'],
    ['a missing value', JSON.stringify({ values: [entry(2023, [{ gender: 'T' }])] }), 'fel[schema.saknas]'],
    ['a missing gender', JSON.stringify({ values: [entry(2023, [{ value: 78.3 }])] }), 'fel[schema.saknas]'],
    ['a missing period', JSON.stringify({ values: [{ kpi: 'N00914', municipality: '0484', values: [] }] }), 'fel[schema.saknas]'],
    ['missing values', JSON.stringify({ count: 0 }), 'fel[schema.saknas]'],
    ['a number too large to be a number', '{"values": [{"kpi": "N00914", "municipality": "0484", "period": 2023, "values": [{"gender": "T", "value": 1e400}]}]}', 'fel[schema.tal]'],
    ['a value with more than 10 decimals', '{"values": [{"kpi": "N00914", "municipality": "0484", "period": 2023, "values": [{"gender": "T", "value": 0.12345678901234567890}]}]}', 'fel[kolada.tal]: N00914 2023 (T): värdet 0.12345678901234567890 har 20 decimaler; högst 10'],
    ['a value with more than 15 digits', '{"values": [{"kpi": "N00914", "municipality": "0484", "period": 2023, "values": [{"gender": "T", "value": 12345678901234567}]}]}', 'fel[kolada.tal]: N00914 2023 (T): värdet 12345678901234567 har 17 siffror; högst 15'],
    ['YAML that is not JSON', 'values:\n  - {kpi: N00914, municipality: "0484", period: 2023, values: [{gender: T, value: 78.3}]}\n', 'fel[kolada.json]: Kolada-svaret är inte JSON'],
    ['a comment in the JSON', '{"values": [] # inga\n}\n', 'fel[kolada.json]'],
    ['31 values in one entry', JSON.stringify({ values: [entry(2023, Array.from({ length: 31 }, () => ({ gender: 'T', value: 1, isdeleted: true })))] }), 'fel[schema.gräns]'],
  ];
  it.each(cases)('%s', async (_name, response, message) => {
    const dir = eskilstuna();
    const before = readFileSync(path.join(dir, MAL), 'utf8');
    const r = await importResponse(dir, response);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toBe(before);
    expect(readdirSync(path.join(dir, REPORT)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the importer’s scalars', () => {
  it('writes numbers with exactly their decimal digits', () => {
    expect(plainDecimal('1e-7')).toBe('0.0000001');
    expect(plainDecimal('-1.5E-3')).toBe('-0.0015');
    expect(plainDecimal('7.83E1')).toBe('78.3');
    expect(plainDecimal('1E+2')).toBe('100');
    expect(plainDecimal('78.30')).toBe('78.30');
    expect(plainDecimal('0')).toBe('0');
    expect(plainDecimal('-0')).toBe('0');
    expect(plainDecimal('-0.0')).toBe('0.0');
    expect(plainDecimal('12.5e-1')).toBe('1.25');
    expect(plainDecimal('0x10')).toBeUndefined();
    expect(plainDecimal('.inf')).toBeUndefined();
  });

  it('writes every text as a scalar that reads back the same inside { } and in a block mapping', () => {
    const texts = ['a}', 'a]', 'a,b', '{', '[', '#', 'a #b', 'a: b', 'a:b', '"', "'", '- ', '-', '? x', ': x', '*a', '&a', '!a', '|', '>', '%', '@', '`', 'true', 'null', '~', '1.0', '0x10', '', ' ', ' a', 'a ', 'a\nb', 'a\tb', 'a\\b', '\u0085', '\u2028', '\ufeff', 'å ä ö – ”', '<<'];
    for (const text of texts) {
      const s = yamlString(text);
      expect(s).not.toContain('\n');
      expect(parse(`k: ${s}\n`), `${JSON.stringify(text)} → ${s}`).toEqual({ k: text });
      expect(parse(`{k: ${s}, l: 1}\n`), `${JSON.stringify(text)} → ${s}`).toEqual({ k: text, l: 1 });
    }
    expect(yamlString('Inget värde i Kolada (Saknas)')).toBe('Inget värde i Kolada (Saknas)');
    expect(yamlString('Inget värde i Kolada (a})')).toBe('"Inget värde i Kolada (a})"');
  });
});

describe('rapport kolada import with an error elsewhere', () => {
  it('writes no file at all when a report it was asked to fill cannot be read', async () => {
    const dir = eskilstuna();
    const before = readFileSync(path.join(dir, MAL), 'utf8');
    writeFileSync(path.join(dir, 'servicenamnden-dr2-2023', 'rapport.yaml'), 'kommun: [\n');
    const r = await importResponse(dir, JSON.stringify({ values: [entry(2023, [{ gender: 'T', value: 80.1 }])] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fel[yaml.syntax]');
    expect(r.stdout).toContain(`${MAL}: forvarvsarbetande (N00914) 2023: nytt → 80,1`);
    expect(r.stderr).toContain('1 värde skulle ändras; inget skrevs på grund av felen\n');
    expect(readFileSync(path.join(dir, MAL), 'utf8')).toBe(before);
  });
});

describe('rapport kolada hamta refuses what is not a Kolada response', () => {
  const answer = (body: string) => async () => ({ ok: true, status: 200, text: async () => body });
  it('refuses a page that is not JSON, or whose values are not a list, in Swedish', async () => {
    const { fetchKolada } = await import('../../src/kolada/fetch.js');
    await expect(fetchKolada(['N00914'], '0484', [2022], answer('<html>fel</html>'))).rejects.toThrow('Kolada svarade inte med JSON');
    await expect(fetchKolada(['N00914'], '0484', [2022], answer('{"values": "abc"}'))).rejects.toThrow('har ingen lista "values"');
    await expect(fetchKolada(['N00914'], '0484', [2022], answer('{"values": {"a": 1}}'))).rejects.toThrow('har ingen lista "values"');
    await expect(fetchKolada(['N00914'], '0484', [2022], answer('null'))).rejects.toThrow('har ingen lista "values"');
  });

  it('refuses a year that is not four digits before anything is fetched, with exit 2', async () => {
    const dir = tempDir();
    const r = await runCli(['kolada', 'hamta', '--kpi', 'N00914', '--kommun', '0484', '--ar', '2022x', '-o', 'svar.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fel: ogiltigt år "2022x": ange fyra siffror, t.ex. --ar 2022 2023\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
