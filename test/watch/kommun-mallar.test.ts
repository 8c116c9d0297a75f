import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveByRename, text, within } from './support.js';
import { startWatch } from '../../src/watch/server.js';
import { copyExample, EXAMPLE } from '../helpers.js';

const ESKILSTUNA = path.dirname(EXAMPLE);
const TEMPLATES = path.join(path.dirname(path.dirname(ESKILSTUNA)), 'templates');
const SAMMANSTALLNING = 'eskilstuna/sammanstallning';


describe('rapport watch, the kommun\'s sammanställning', () => {
  it('builds and serves the sammanställning, and follows kommun.yaml and the nämnder\'s reports', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-watch-kommun-'));
    const kommun = path.join(root, 'eskilstuna');
    cpSync(ESKILSTUNA, kommun, { recursive: true });
    const lines: string[] = [];
    const h = await startWatch({ paths: ['eskilstuna'], cwd: root, port: 0, log: (l) => lines.push(l) });
    try {
      const url = `${h.url}${SAMMANSTALLNING}/`;
      expect(await text(h.url)).toContain(`href="/${SAMMANSTALLNING}/"`);
      let page = await text(url);
      expect(page).toContain('Sammanställning delårsrapport 2 2023');
      expect(page).toContain('Servicenämnden');
      expect(page).toContain('<script data-rapport-watch>');
      expect(page).not.toContain('rapport-watch-fel');
      // The sammanställning's PDF, on demand, as build makes it.
      expect(await text(h.url)).toContain(`href="/${SAMMANSTALLNING}/rapport.pdf"`);
      const res = await fetch(`${url}rapport.pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdfFile = path.join(root, 'sammanstallning.pdf');
      writeFileSync(pdfFile, Buffer.from(await res.arrayBuffer()));
      const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
      expect(pdfText).toContain('Sammanställning delårsrapport 2 2023');
      expect(pdfText).toContain('Servicenämnden');

      // kommun.yaml's rubrik, saved by rename.
      const file = path.join(kommun, 'kommun.yaml');
      let built = h.nextBuild(SAMMANSTALLNING);
      saveByRename(file, 'rubrik: Sammanställning delårsrapport 2 2023', 'rubrik: Sammanställning andra delåret 2023');
      expect((await within(built, 10_000, 'rebuild after the rubrik changed')).errors).toBe(0);
      page = await text(url);
      expect(page).toContain('Sammanställning andra delåret 2023');
      expect(page).not.toContain('Sammanställning delårsrapport 2 2023');

      // A nämnd's result that no longer matches kommun.yaml's: the kommun check fails, the overlay says so.
      built = h.nextBuild(SAMMANSTALLNING);
      saveByRename(file, 'resultat: { budgetavvikelse: 2.1,', 'resultat: { budgetavvikelse: 3.1,');
      expect((await within(built, 10_000, 'rebuild after resultat changed')).errors).toBeGreaterThan(0);
      page = await text(url);
      expect(page).toContain('id="rapport-watch-fel"');
      expect(page).toContain('kommun.resultat');
      expect(page).toContain('sammanställningen byggs inte');
      expect(page).toContain('Sammanställning andra delåret 2023'); // the last good HTML underneath
      // No PDF while it does not build: never a PDF of figures that no longer hold.
      const refused = await fetch(`${url}rapport.pdf`);
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain('kommun.resultat');
      expect(await text(h.url)).toMatch(/sammanstallning<\/a> \(kommunens sammanställning\) – <strong[^>]*>\d+ fel/);
      built = h.nextBuild(SAMMANSTALLNING);
      saveByRename(file, 'resultat: { budgetavvikelse: 3.1,', 'resultat: { budgetavvikelse: 2.1,');
      expect((await within(built, 10_000, 'rebuild after resultat was fixed')).errors).toBe(0);
      expect(await text(url)).not.toContain('rapport-watch-fel');

      // A nämnd's report with an error: the sammanställning is not built from it (as in build).
      const ekonomi = path.join(kommun, 'servicenamnden-dr2-2023', 'ekonomi.yaml');
      built = h.nextBuild(SAMMANSTALLNING);
      saveByRename(ekonomi, 'utfall: -42.9', 'utfall: -44.9');
      expect((await within(built, 10_000, 'rebuild after a nämnd report broke')).errors).toBeGreaterThan(0);
      page = await text(url);
      expect(page).toContain('id="rapport-watch-fel"');
      expect(page).toContain('kommun.rapport');
      built = h.nextBuild(SAMMANSTALLNING);
      saveByRename(ekonomi, 'utfall: -44.9', 'utfall: -42.9');
      expect((await within(built, 10_000, 'rebuild after the nämnd report was fixed')).errors).toBe(0);
      expect(await text(url)).not.toContain('rapport-watch-fel');
      expect(lines.join('\n')).toContain(`${SAMMANSTALLNING}/: byggd på`);
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('rapport watch --mallar', () => {
  it('renders with the own templates, follows a save by rename there, and shows a template error located', async () => {
    const dir = copyExample();
    const root = path.dirname(dir);
    const mallar = path.join(root, 'mallar');
    cpSync(TEMPLATES, mallar, { recursive: true });
    const lines: string[] = [];
    const h = await startWatch({ paths: ['rapport'], cwd: root, port: 0, templates: 'mallar', log: (l) => lines.push(l) });
    try {
      const url = `${h.url}rapport/`;
      let page = await text(url);
      expect(page).toContain('id="innehall-rubrik">Innehåll</h2>');
      expect(page).not.toContain('rapport-watch-fel');

      const main = path.join(mallar, 'rapport.hbs');
      let built = h.nextBuild('rapport');
      saveByRename(main, 'id="innehall-rubrik">Innehåll</h2>', 'id="innehall-rubrik">Innehållsförteckning enligt egen mall</h2>');
      expect((await within(built, 10_000, 'rebuild after the template was saved')).errors).toBe(0);
      page = await text(url);
      expect(page).toContain('Innehållsförteckning enligt egen mall');

      const css = path.join(mallar, 'rapport.css');
      built = h.nextBuild('rapport');
      writeFileSync(path.join(mallar, '.rapport.css.swp'), `${readFileSync(css, 'utf8')}\n.egen-mallklass { color: #123456; }\n`);
      renameSync(path.join(mallar, '.rapport.css.swp'), css);
      await within(built, 10_000, 'rebuild after the stylesheet was saved');
      expect(await text(url)).toContain('.egen-mallklass');

      // A template that does not parse: every page shows the located mall.* diagnostic, the last good HTML underneath.
      built = h.nextBuild('rapport');
      saveByRename(main, 'Innehållsförteckning enligt egen mall</h2>', 'Innehållsförteckning enligt egen mall</h2>{{#if title}}');
      expect((await within(built, 10_000, 'rebuild after the template broke')).errors).toBeGreaterThan(0);
      page = await text(url);
      expect(page).toContain('id="rapport-watch-fel"');
      expect(page).toMatch(/mallar\/rapport\.hbs:\d+:\d+: fel\[mall\.[a-zäö-]+\]/);
      expect(page).toContain('Innehållsförteckning enligt egen mall');
      expect(lines.join('\n')).toMatch(/mallar\/rapport\.hbs:\d+:\d+: fel\[mall\./);

      built = h.nextBuild('rapport');
      saveByRename(main, '</h2>{{#if title}}', '</h2>');
      expect((await within(built, 10_000, 'rebuild after the template was fixed')).errors).toBe(0);
      expect(await text(url)).not.toContain('rapport-watch-fel');
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a templates folder without rapport.hbs', async () => {
    const dir = copyExample();
    const root = path.dirname(dir);
    try {
      await expect(startWatch({ paths: ['rapport'], cwd: root, port: 0, templates: 'saknas', log: () => {} })).rejects.toThrow(/mallmappen saknas finns inte/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
