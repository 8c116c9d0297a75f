/** findReportFolders: which folders `rapport build <paths…>` compiles. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReportFolders } from '../../src/load/report-folder.js';

/** A temp tree; every listed folder gets a rapport.yaml, every listed file is created empty. */
function tree(folders: string[], files: string[] = []): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-find-'));
  for (const f of folders) {
    mkdirSync(path.join(root, f), { recursive: true });
    writeFileSync(path.join(root, f, 'rapport.yaml'), 'kommun: X\n');
  }
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '');
  }
  return root;
}

describe('findReportFolders', () => {
  it('returns a folder that itself holds rapport.yaml', () => {
    const root = tree(['a']);
    expect(findReportFolders(['a'], root)).toEqual({ folders: [path.join(root, 'a')], missing: [], outside: [] });
  });

  it('finds report folders at any depth below the given path, in sorted order', () => {
    const root = tree(['kommun/b-namnd/2023', 'kommun/a-namnd', 'kommun/c/d/e/f']);
    expect(findReportFolders(['kommun'], root)).toEqual({
      folders: [path.join(root, 'kommun/a-namnd'), path.join(root, 'kommun/b-namnd/2023'), path.join(root, 'kommun/c/d/e/f')],
      missing: [],
      outside: [],
    });
  });

  it('does not look inside a report folder for further reports', () => {
    const root = tree(['r', 'r/bilaga']);
    expect(findReportFolders(['.'], root).folders).toEqual([path.join(root, 'r')]);
  });

  it('skips hidden folders and node_modules', () => {
    const root = tree(['.git/r', 'node_modules/pkg', 'synlig']);
    expect(findReportFolders(['.'], root).folders).toEqual([path.join(root, 'synlig')]);
  });

  it('searches folders nine levels below the given path, and no deeper', () => {
    // The given path is level 0; "1/…/10" is level 9.
    const level9 = tree(['1/2/3/4/5/6/7/8/9/10']);
    expect(findReportFolders(['1'], level9)).toEqual({ folders: [path.join(level9, '1/2/3/4/5/6/7/8/9/10')], missing: [], outside: [] });
    const level10 = tree(['1/2/3/4/5/6/7/8/9/10/11']);
    expect(findReportFolders(['1'], level10)).toEqual({ folders: [], missing: ['1'], outside: [] });
  });

  it('reports paths that are missing, are files, or hold no report', () => {
    const root = tree(['r'], ['fil.txt', 'tom/readme.md']);
    expect(findReportFolders(['finns-inte', 'fil.txt', 'tom', 'r'], root)).toEqual({
      folders: [path.join(root, 'r')],
      missing: ['finns-inte', 'fil.txt', 'tom'],
      outside: [],
    });
  });

  it('lists a folder reached through two given paths once', () => {
    const root = tree(['k/r']);
    expect(findReportFolders(['k', 'k/r'], root)).toEqual({ folders: [path.join(root, 'k/r')], missing: [], outside: [] });
  });

  it('walks a folder that links to itself or to an ancestor once, never in a circle', () => {
    const root = tree(['k/r']);
    // Two self-links once made 511 reports; three ran out of memory.
    for (const name of ['a', 'b', 'c']) symlinkSync('.', path.join(root, 'k', name));
    symlinkSync('..', path.join(root, 'k', 'upp'));
    expect(findReportFolders(['k'], root)).toEqual({ folders: [path.join(root, 'k/r')], missing: [], outside: ['k/upp'] });
  });

  it('does not follow a link out of the given path, and says so', () => {
    const elsewhere = tree(['hemlig']);
    const root = tree(['k/r']);
    symlinkSync(path.join(elsewhere, 'hemlig'), path.join(root, 'k', 'länk'));
    expect(findReportFolders(['k'], root)).toEqual({ folders: [path.join(root, 'k/r')], missing: [], outside: ['k/länk'] });
  });

  it('finds a folder that a link inside the path leads to by its own name, once', () => {
    const root = tree(['k/a/r']);
    symlinkSync('a', path.join(root, 'k', 'b'));
    expect(findReportFolders(['k'], root).folders).toEqual([path.join(root, 'k/a/r')]);
    // Even when the link's name sorts first (a link beside another profile must not win).
    symlinkSync('a/r', path.join(root, 'k', '0'));
    expect(findReportFolders(['k'], root)).toEqual({ folders: [path.join(root, 'k/a/r')], missing: [], outside: [] });
  });

  it('refuses a path inside the working folder that a link turns into a folder elsewhere', () => {
    const elsewhere = tree(['hemlig']);
    const root = tree([]);
    symlinkSync(path.join(elsewhere, 'hemlig'), path.join(root, 'rapport'));
    expect(findReportFolders(['rapport'], root)).toEqual({ folders: [], missing: [], outside: ['rapport'] });
    // A path the user types outside the working folder is the user's own choice.
    expect(findReportFolders([path.join(elsewhere, 'hemlig')], root).folders).toEqual([path.join(elsewhere, 'hemlig')]);
  });
});
