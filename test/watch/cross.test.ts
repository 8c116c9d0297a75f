/**
 * rapport watch checks what needs several reports as build does (samma_som across reports, undantag
 * that matched nothing), and keeps watching a given folder that is removed and made again.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWatch } from '../../src/watch/server.js';
import { copyExample } from '../helpers.js';
import { saveByRename, text, within } from './support.js';

const LINKOPING = path.resolve(import.meta.dirname, '../../examples/linkoping');
const KS = 'kommunstyrelsen-vb-2023';
const LL = 'leanlink-vb-2023';

describe('rapport watch across reports', { timeout: 40_000 }, () => {
  it('checks samma_som against the other report, and checks a report again when the report it refers to changes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-watch-cross-'));
    cpSync(LINKOPING, root, { recursive: true });
    const lines: string[] = [];
    const h = await startWatch({ paths: ['.'], cwd: root, port: 0, log: (l) => lines.push(l) });
    try {
      // At the start: the published error E-L4 (2,1 here, 2,2 in Leanlink's report) is acknowledged as an undantag.
      expect(lines.join('\n')).toMatch(new RegExp(`${KS}/: byggd på \\d+ ms, 0 fel, \\d+ varning(ar)?`));
      expect(await text(`${h.url}${KS}/`)).not.toContain('rapport-watch-fel');

      // Without the undantag, the check against Leanlink's report fails, as in rapport check.
      let built = h.nextBuild(KS);
      writeFileSync(path.join(root, KS, 'undantag.yaml'), 'undantag: []\n');
      expect((await within(built, 10_000, 'rebuild without the undantag')).errors).toBe(1);
      let page = await text(`${h.url}${KS}/`);
      expect(page).toContain('id="rapport-watch-fel"');
      expect(page).toContain('fakta.samma');
      expect(page).toContain('samma fakta i rapporten leanlink-vb-2023 (Leanlink), Ekonomi, Investeringar, netto ger 2,2');

      // Leanlink's report now says 2,1: the kommunstyrelse's report is checked again without being saved.
      built = h.nextBuild(KS);
      const ll = path.join(root, LL, 'ekonomi.yaml');
      const before = readFileSync(ll, 'utf8');
      expect(before).toContain('        utfall: 2.2\n');
      saveByRename(ll, '        utfall: 2.2\n', '        utfall: 2.1\n');
      expect((await within(built, 10_000, 'the referring report checked again')).errors).toBe(0);
      expect(await text(`${h.url}${KS}/`)).not.toContain('rapport-watch-fel');
      expect(lines.join('\n')).toMatch(new RegExp(`${KS}/: kontrollerad igen mot de andra rapporterna, 0 fel`));
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('warns of an undantag that matches nothing, as rapport check does', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-watch-cross-'));
    cpSync(LINKOPING, root, { recursive: true });
    const lines: string[] = [];
    const h = await startWatch({ paths: ['.'], cwd: root, port: 0, log: (l) => lines.push(l) });
    try {
      const built = h.nextBuild(LL);
      const file = path.join(root, LL, 'undantag.yaml');
      saveByRename(file, 'regel: avvikelse.rad\n    kolumn: budgetavvikelse\n', 'regel: avvikelse.rad\n    kolumn: prognosavvikelse\n');
      await within(built, 10_000, 'rebuild with an undantag that matches nothing');
      expect(lines.join('\n')).toContain('undantag.oanvänt');
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says when the given report folder is removed, and watches it again when it is made anew', async () => {
    const dir = copyExample();
    const parent = path.dirname(dir);
    const name = path.basename(dir);
    const lines: string[] = [];
    const h = await startWatch({ paths: [name], cwd: parent, port: 0, log: (l) => lines.push(l) });
    try {
      const aside = path.join(parent, 'undan');
      let built = h.nextBuild();
      renameSync(dir, aside);
      expect((await within(built, 10_000, 'rebuild after the folder was moved away')).errors).toBeGreaterThan(0);
      expect(await text(`${h.url}${name}/`)).toContain('rapportmappen finns inte');
      built = h.nextBuild();
      renameSync(aside, dir);
      expect((await within(built, 10_000, 'rebuild after the folder came back')).errors).toBe(0);
      // Watched again: a later save is seen.
      built = h.nextBuild();
      saveByRename(path.join(dir, 'rapport.yaml'), 'namn: Servicenämnden', 'namn: Servicenämnden i Eskilstuna');
      expect((await within(built, 10_000, 'rebuild after a save in the folder made anew')).errors).toBe(0);
      expect(await text(`${h.url}${name}/`)).toContain('Servicenämnden i Eskilstuna');
    } finally {
      await h.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
