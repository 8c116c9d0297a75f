import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyExample, EXAMPLE } from '../helpers.js';
import { runCli, tempDir } from './run-cli.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.se', ...args], { cwd, encoding: 'utf8' }).trim();
const meta = (pdf: string) => execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });

describe('a PDF built from a committed report', () => {
  let dir: string;
  let sha: string;
  let pdf: string;
  let html: string;

  beforeAll(async () => {
    // As in examples/eskilstuna: the kommun's profil.yaml sits beside the report folder, and the
    // repository holds both (the profile is one of the report's sources).
    dir = copyExample();
    const repo = path.dirname(dir);
    copyFileSync(path.join(path.dirname(EXAMPLE), 'profil.yaml'), path.join(repo, 'profil.yaml'));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'Delårsrapport 2');
    sha = git(dir, 'rev-parse', 'HEAD');
    const out = tempDir();
    const r = await runCli(['build', '.', '--out', out], dir, {});
    expect(r.code).toBe(0);
    pdf = path.join(out, 'rapport.pdf');
    html = readFileSync(path.join(out, 'rapport.html'), 'utf8');
  }, 60_000);

  it('embeds every source file, byte for byte', () => {
    const list = execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' });
    const names = list.split('\n').slice(1).filter(Boolean).map((l) => l.replace(/^\d+: /, ''));
    // The profile above the report folder is embedded as profil.yaml: no name leads out of a folder.
    expect(names).toEqual(['bilaga-klimat.yaml', 'ekonomi.yaml', 'internkontroll.yaml', 'mal.yaml', 'personal.yaml', 'profil.yaml', 'rapport.yaml', 'text/sammanfattning.md']);
    const saved = mkdtempSync(path.join(tmpdir(), 'rapport-detach-'));
    names.forEach((name, i) => {
      const target = path.join(saved, `${i + 1}`);
      execFileSync('pdfdetach', ['-save', String(i + 1), '-o', target, pdf]);
      const source = name === 'profil.yaml' ? path.join(dir, '..', 'profil.yaml') : path.join(dir, name);
      expect(readFileSync(target).equals(readFileSync(source)), name).toBe(true);
    });
  });

  it('saves every embedded file inside the folder pdfdetach -saveall writes to', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'rapport-saveall-'));
    const folder = path.join(parent, 'ut');
    mkdirSync(path.join(folder, 'text'), { recursive: true });
    execFileSync('pdfdetach', ['-saveall', '-o', folder, pdf]);
    expect(readdirSync(parent)).toEqual(['ut']);
    expect(readdirSync(folder).sort()).toEqual(['bilaga-klimat.yaml', 'ekonomi.yaml', 'internkontroll.yaml', 'mal.yaml', 'personal.yaml', 'profil.yaml', 'rapport.yaml', 'text']);
  });

  it('names the commit and the checksums in its metadata, and declares PDF/UA-1 and PDF/A-3a', () => {
    const xmp = meta(pdf);
    expect(xmp).toContain(`<rapport:commit>${sha}</rapport:commit>`);
    expect(xmp).toMatch(/<rapport:sources>[^<]*rapport\.yaml sha256:[0-9a-f]{64}/);
    expect(xmp).toMatch(/<rapport:templates>[^<]*partials\/tabell\.hbs sha256:[0-9a-f]{64}[^<]*tema\.yaml sha256:[0-9a-f]{64}/);
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
  });

  it('carries the commit in the HTML meta tag and footer', () => {
    expect(html).toContain(`<meta name="rapport:commit" content="${sha}">`);
    expect(html).toContain(`från commit ${sha}`);
  });

  it('is unchanged by its own output in the report folder', async () => {
    // Building inside the report folder creates dist/ there: that is no change to the sources.
    expect((await runCli(['build', '.'], dir, {})).code).toBe(0);
    expect((await runCli(['build', '.'], dir, {})).code).toBe(0);
    expect(meta(path.join(dir, 'dist', 'rapport.pdf'))).toContain(`<rapport:commit>${sha}</rapport:commit>`);
  }, 60_000);

  it('says when the report folder has uncommitted changes', async () => {
    writeFileSync(path.join(dir, 'personal.yaml'), readFileSync(path.join(dir, 'personal.yaml'), 'utf8') + '\n');
    const out = tempDir();
    expect((await runCli(['build', '.', '--out', out], dir, {})).code).toBe(0);
    expect(meta(path.join(out, 'rapport.pdf'))).toContain(`<rapport:commit>${sha} (med ändringar som inte är incheckade)</rapport:commit>`);
  }, 60_000);
});

describe('--pdf-standard pdfa-2a', () => {
  it('declares PDF/A-2a and embeds no files', async () => {
    const dir = copyExample();
    const out = tempDir();
    expect((await runCli(['build', '.', '--out', out, '--pdf-standard', 'pdfa-2a'], dir)).code).toBe(0);
    const pdf = path.join(out, 'rapport.pdf');
    expect(meta(pdf)).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toContain('0 embedded files');
  }, 60_000);
});

describe('a report whose profile names a theme', () => {
  it('lists the theme it used, by checksum, instead of the templates folder’s unused one', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'rapport-tema-'));
    const linkoping = path.join(path.dirname(path.dirname(EXAMPLE)), 'linkoping');
    cpSync(path.join(linkoping, 'kommunstyrelsen-vb-2023'), path.join(repo, 'ks'), { recursive: true });
    for (const f of ['profil.yaml', 'tema.yaml']) copyFileSync(path.join(linkoping, f), path.join(repo, f));
    const out = tempDir();
    expect((await runCli(['build', 'ks', '--out', out], repo, {})).code).toBe(0);
    const templates = /<rapport:templates>([^<]*)</.exec(meta(path.join(out, 'ks.pdf')))![1]!.split('; ');
    const sha = createHash('sha256').update(readFileSync(path.join(repo, 'tema.yaml'))).digest('hex');
    expect(templates).toContain(`profilens tema: tema.yaml sha256:${sha}`);
    expect(templates.filter((t) => t.startsWith('tema.yaml'))).toEqual([]);
  }, 60_000);
});
