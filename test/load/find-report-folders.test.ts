/** findReportFolders: which folders `rapport build <paths…>` compiles. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    expect(findReportFolders(['a'], root)).toEqual({ folders: [path.join(root, 'a')], missing: [] });
  });

  it('finds report folders at any depth below the given path, in sorted order', () => {
    const root = tree(['kommun/b-namnd/2023', 'kommun/a-namnd', 'kommun/c/d/e/f']);
    expect(findReportFolders(['kommun'], root)).toEqual({
      folders: [path.join(root, 'kommun/a-namnd'), path.join(root, 'kommun/b-namnd/2023'), path.join(root, 'kommun/c/d/e/f')],
      missing: [],
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
    expect(findReportFolders(['1'], level9)).toEqual({ folders: [path.join(level9, '1/2/3/4/5/6/7/8/9/10')], missing: [] });
    const level10 = tree(['1/2/3/4/5/6/7/8/9/10/11']);
    expect(findReportFolders(['1'], level10)).toEqual({ folders: [], missing: ['1'] });
  });

  it('reports paths that are missing, are files, or hold no report', () => {
    const root = tree(['r'], ['fil.txt', 'tom/readme.md']);
    expect(findReportFolders(['finns-inte', 'fil.txt', 'tom', 'r'], root)).toEqual({
      folders: [path.join(root, 'r')],
      missing: ['finns-inte', 'fil.txt', 'tom'],
    });
  });

  it('lists a folder reached through two given paths once', () => {
    const root = tree(['k/r']);
    expect(findReportFolders(['k', 'k/r'], root)).toEqual({ folders: [path.join(root, 'k/r')], missing: [] });
  });
});
