/**
 * Bugs found by review, each pinned: missing enum/prose keys, prose file paths and symlinks,
 * positions in folded scalars, unresolved aliases, record keys, misleading hints.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../src/pipeline/compile.js';
import { check, copyExample, mutate, positionOf } from './helpers.js';

const R = 'rapport.yaml';

describe('missing keys are schema.saknas, whatever their type', () => {
  it('reports a missing enum (åtagande status) at the åtagande', () => {
    const dir = copyExample();
    mutate(dir, 'mal.yaml', 'TSN, alla bolag]\n              status: klart\n', 'TSN, alla bolag]\n');
    const [d] = check(dir).errors;
    expect(d).toMatchObject({ code: 'schema.saknas', message: 'obligatorisk nyckel "status" saknas i mål.perspektiv[1].processområden[1].åtaganden[1]' });
    expect(d!.pos).toEqual({ file: 'mal.yaml', ...positionOf(dir, 'mal.yaml', 'id: at-naringsliv') });
  });

  it('reports missing prose (sammanfattning)', () => {
    const dir = copyExample();
    mutate(dir, R, 'sammanfattning:\n  fil: text/sammanfattning.md\n', '');
    expect(check(dir).errors.map((d) => [d.code, d.message])).toEqual([['schema.saknas', 'obligatorisk nyckel "sammanfattning" saknas']]);
  });
});

describe('prose files', () => {
  it('are named relative to the working directory, like the YAML files', () => {
    const dir = copyExample();
    mutate(dir, 'text/sammanfattning.md', 'från {{värde sjukfranvaro-r12-fg}}', 'från {{värde sjukfranvaro-r11-fg}}');
    const parent = path.dirname(dir);
    const { diagnostics } = compileReport('rapport', parent);
    const at = positionOf(dir, 'text/sammanfattning.md', 'sjukfranvaro-r11-fg');
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos])).toEqual([['prosa.referens', { file: 'rapport/text/sammanfattning.md', ...at }]]);
  });

  it('are read through a symlinked report folder', () => {
    const dir = copyExample();
    const link = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-link-')), 'länk');
    symlinkSync(dir, link);
    expect(check(link).errors).toEqual([]);
  });

  it('outside the folder are refused before looking whether they exist', () => {
    const dir = copyExample();
    mutate(dir, R, 'fil: text/sammanfattning.md', 'fil: ../../etc/passwd');
    expect(check(dir).errors.map((d) => d.message)).toEqual(['prosafilen "../../etc/passwd" ligger utanför rapportmappen']);
  });
});

describe('positions of references in prose', () => {
  it('are exact in a folded block scalar', () => {
    const dir = copyExample();
    mutate(dir, R, 'ärendebeskrivning:\n  - text: |', 'ärendebeskrivning:\n  - text: >\n      Första raden.\n      Delårsrapport {{belopp summa-r.utfall}} och mer.\n\n    rubrik_bort: 1\n  - text: |');
    // The stray key above is removed again: only the folded text matters here.
    mutate(dir, R, '\n    rubrik_bort: 1', '');
    const [d] = check(dir).errors;
    expect(d!.code).toBe('prosa.referens');
    expect(d!.pos).toEqual({ file: R, ...positionOf(dir, R, 'summa-r.utfall') });
  });

  it('are exact in a multi-line plain scalar', () => {
    const dir = copyExample();
    mutate(dir, R, 'ärendebeskrivning:\n  - text: |', 'ärendebeskrivning:\n  - text: Första raden\n      och {{antal åtagandet}} här.\n  - text: |');
    const [d] = check(dir).errors;
    expect(d!.pos).toEqual({ file: R, ...positionOf(dir, R, 'åtagandet') });
  });
});

describe('yaml', () => {
  it('reports an unresolved alias at the alias, not as an alias bomb', () => {
    const dir = copyExample();
    mutate(dir, R, 'dnr: ', 'dnr: *saknas\nx_dnr: ');
    const [d] = check(dir).errors;
    expect(d).toMatchObject({ code: 'yaml.syntax', message: 'ogiltig YAML: aliaset *saknas pekar på ett ankare som inte finns' });
    expect(d!.pos).toEqual({ file: R, ...positionOf(dir, R, '*saknas') });
  });

  it('suggests the right column for a misspelt column heading key', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', '      utfall_fg: Utfall Aug 2022', '      utfal_fg: Utfall Aug 2022');
    expect(check(dir).errors.map((d) => d.message)).toEqual(['okänd nyckel "utfal_fg" i ekonomi.resultaträkning.rubriker; menade du "utfall_fg"?']);
  });
});

describe('hints', () => {
  it('suggest a column when a money row is cited with antal', () => {
    const dir = copyExample();
    mutate(dir, R, '{{antal åtaganden}}', '{{antal summa-rr}}');
    expect(check(dir).errors.map((d) => d.message)).toEqual(['"summa-rr" är inget antal; använd {{belopp summa-rr.kolumn}}']);
  });
});
