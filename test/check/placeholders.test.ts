/**
 * utkast.platshållare: «FYLL I: …» anywhere in a report – YAML texts, YAML comments beside a figure,
 * Markdown prose files, escaped in a quoted string – is a warning in check and an error in build
 * (without --utkast). Real prose never trips it, and the real examples have none.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, placeholder } from '../../src/check/placeholders.js';
import { check, copyExample, mutate, positionOf, ROOT } from '../helpers.js';
import { runCli } from '../e2e/run-cli.js';

type Json = { rapporter: { mapp: string; filer: unknown[]; diagnostik: { code: string; severity: string; message: string; pos?: { file: string; line: number; column: number } }[] }[] };

async function diagnostics(args: string[], cwd: string): Promise<{ code: number; json: Json }> {
  const r = await runCli([...args, '--format', 'json'], cwd);
  return { code: r.code, json: JSON.parse(r.stdout) as Json };
}

const placeholders = (json: Json) => json.rapporter.flatMap((r) => r.diagnostik.filter((d) => d.code === 'utkast.platshållare'));

describe('findPlaceholders', () => {
  it('finds the one documented form, in any case and spacing, and the capitals left without guillemets', () => {
    expect(placeholder('namn')).toBe('«FYLL I: namn»');
    expect(findPlaceholders('Dnr «FYLL I: diarienummer» · x').map((f) => f.text)).toEqual(['«FYLL I: diarienummer»']);
    expect(findPlaceholders('a «fyll i: något» b «Fyll  i resten»').map((f) => f.index)).toEqual([2, 20]);
    expect(findPlaceholders('«FYLL I: inte stängd\nnästa rad').map((f) => f.text)).toEqual(['«FYLL I: inte stängd']);
    expect(findPlaceholders('Text. FYLL I: resten av texten.').map((f) => f.text)).toEqual(['FYLL I: resten av texten.']);
  });

  it('does not take real prose for a placeholder', () => {
    for (const prose of [
      'Fyll i blanketten och skicka den till nämnden.',
      'Medarbetarna ska fylla i enkäten: svarsfrekvensen var 84 %.',
      'Han sa »fyll i rapporten» och gick.',
      '”Fyll i: namn” stod det på lappen.',
      'TODO-listan och UTFYLLNAD I TABELLEN.',
      '«fyllig» text',
    ]) expect(findPlaceholders(prose), prose).toEqual([]);
  });
});

describe('utkast.platshållare in a report', () => {
  it('the real examples have none', async () => {
    const { json } = await diagnostics(['check', 'examples'], ROOT);
    expect(json.rapporter.length).toBeGreaterThan(4);
    expect(placeholders(json)).toEqual([]);
  }, 60_000);

  it('a placeholder in a YAML text, in a comment beside a figure and escaped in a quoted string is located', () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "«FYLL I: diarienummer»"');
    mutate(dir, 'ekonomi.yaml', 'utfall: -527.7', 'utfall: -527.7 # «FYLL I: kontrollera mot huvudboken»');
    const before = check(dir).diagnostics.filter((d) => d.code === 'utkast.platshållare');
    expect(before.map((d) => [d.severity, d.pos])).toEqual([
      ['warning', { file: 'ekonomi.yaml', ...positionOf(dir, 'ekonomi.yaml', '«FYLL I: kontrollera') }],
      ['warning', { file: 'rapport.yaml', ...positionOf(dir, 'rapport.yaml', '«FYLL I: diarienummer') }],
    ]);
    expect(before[1]!.message).toContain('«FYLL I: diarienummer»');
    mutate(dir, 'rapport.yaml', 'dnr: "«FYLL I: diarienummer»"', 'dnr: "\\u00abFYLL I: diarienummer\\u00bb"');
    const escaped = check(dir).diagnostics.filter((d) => d.code === 'utkast.platshållare' && d.pos?.file === 'rapport.yaml');
    expect(escaped.map((d) => d.pos)).toEqual([{ file: 'rapport.yaml', ...positionOf(dir, 'rapport.yaml', '"\\u00abFYLL') }]);
  });

  it('a placeholder in a Markdown prose file is a warning in check and an error in build, at its line and column', async () => {
    const dir = copyExample();
    const md = path.join(dir, 'text', 'sammanfattning.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace('Några delar att lyfta fram', '«FYLL I: Skriv om de viktigaste händelserna.» Några delar att lyfta fram'));
    const at = positionOf(dir, 'text/sammanfattning.md', '«FYLL I');
    const checked = await diagnostics(['check', '.'], dir);
    expect(placeholders(checked.json).map((d) => [d.severity, d.pos])).toEqual([['warning', { file: 'text/sammanfattning.md', ...at }]]);
    const built = await diagnostics(['build', '.', '--out', path.join(dir, '..', 'dist')], dir);
    expect(built.code).toBe(1);
    expect(placeholders(built.json).map((d) => [d.severity, d.pos])).toEqual([['error', { file: 'text/sammanfattning.md', ...at }]]);
    expect(built.json.rapporter[0]!.filer).toEqual([]);
  }, 60_000);
});
