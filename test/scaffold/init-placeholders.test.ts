/**
 * A report fresh from `rapport init` is a draft until it is written: its texts are placeholders
 * («FYLL I: …»), its figures are left out (never 0,0); `check` lists every placeholder, `build`
 * refuses to publish them, `build --utkast` builds a draft marked on every page, and the report
 * builds clean once every placeholder is replaced.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfText, runCli, tempDir } from '../e2e/run-cli.js';
import { pageMarks, PdfObjects } from '../render/pdf/pdfstructure.js';
import { qpdfCheck } from '../render/pdf/pdftools.js';
import { ROOT } from '../helpers.js';

const INIT = ['--kommun', 'Exempel kommun', '--namnd', 'Kulturnämnden', '--forkortning', 'KUN', '--forvaltning', 'Kulturförvaltningen', '--nummer', '2', '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-08-31'];
const FILES = ['ekonomi.yaml', 'internkontroll.yaml', 'mal.yaml', 'personal.yaml', 'rapport.yaml'];
const PLACEHOLDER = /«FYLL I: [^»\n]*»/g;

/** A new report `ny` in a fresh folder; returns that folder (the working directory of the CLI). */
async function init(): Promise<string> {
  const root = tempDir();
  const r = await runCli(['init', 'ny', ...INIT], root);
  expect(r.code, r.stderr).toBe(0);
  return root;
}

/** Every placeholder as written, with its 1-based line and column: what check must list. */
function placeholdersIn(root: string): { file: string; line: number; column: number }[] {
  const out: { file: string; line: number; column: number }[] = [];
  for (const name of FILES) {
    readFileSync(path.join(root, 'ny', name), 'utf8').split('\n').forEach((text, i) => {
      for (const m of text.matchAll(PLACEHOLDER)) out.push({ file: `ny/${name}`, line: i + 1, column: m.index + 1 });
    });
  }
  return out;
}

/** `fil:rad:kolumn: nivå[utkast.platshållare]` lines of the pretty output. */
function listed(stderr: string, severity: 'varning' | 'fel'): string[] {
  return stderr.split('\n').filter((l) => l.includes(`${severity}[utkast.platshållare]`)).map((l) => l.slice(0, l.indexOf(`: ${severity}[`)));
}

/** An author's figures for a resultaträkning post, by its roll (intäkter positive, kostnader negative). */
function amounts(roll: string, indent: string): string {
  const [fg, utfall, budget, prognos, helår] =
    roll === 'intäkt' ? ['40.2', '42.5', '41.0', '63.9', '61.5'] : roll === 'kostnad' ? ['-18.4', '-19.6', '-20.1', '-29.8', '-30.2'] : ['0.3', '0.2', '0.1', '0.3', '0.2'];
  return [`utfall_fg: ${fg}`, `utfall: ${utfall}`, `budget: ${budget}`, `prognos: ${prognos}`, `budget_helår: ${helår}`].map((l) => `${indent}${l}`).join('\n');
}

/** Replaces every placeholder as an author would: texts with text, comment placeholders with the figures. */
function fillIn(root: string): void {
  for (const name of FILES) {
    const file = path.join(root, 'ny', name);
    const lines = readFileSync(file, 'utf8').split('\n');
    let roll = '';
    let comments = 0;
    const out = lines.map((line) => {
      const r = /^\s*roll: (\S+)/.exec(line);
      if (r) roll = r[1]!;
      const comment = /^(\s*)# «FYLL I: [^»]*»$/.exec(line);
      if (!comment) {
        return line
          .replace('«FYLL I: diarienummer»', 'KUN/2024:31')
          .replace('«FYLL I: namn»', 'Kim Andersson')
          .replace(PLACEHOLDER, (p) => `Ifyllt: ${p.slice('«FYLL I: '.length, -1).replace(/^Skriv /, '')}`);
      }
      const indent = comment[1]!;
      if (name === 'ekonomi.yaml') return amounts(roll, indent);
      comments += 1;
      // personal.yaml: the number employed (at the level of sjukfrånvaro), then the sick leave.
      return comments === 1 ? `${indent}anställda:\n${indent}  id: anstallda\n${indent}  kvinnor: 31\n${indent}  män: 12` : `${indent}totalt: 5.4`;
    });
    writeFileSync(file, out.join('\n'));
  }
}

describe('rapport init: placeholders, never invented figures', () => {
  it('init → check lists every placeholder as a warning at its file:line:column', async () => {
    const root = await init();
    const expected = placeholdersIn(root);
    // Texts (names, ärendebeskrivning, sammanfattning, goals, risks) and figures (in comments) in every file.
    expect(new Set(expected.map((p) => p.file))).toEqual(new Set(FILES.map((f) => `ny/${f}`)));
    const r = await runCli(['check', 'ny'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(listed(r.stderr, 'varning')).toEqual(expected.map((p) => `${p.file}:${p.line}:${p.column}`));
    expect(r.stderr).toMatch(new RegExp(`1 rapport, 0 fel, ${expected.length + 1} varningar`));
    // The same in JSON, for CI: warnings with positions.
    const json = JSON.parse((await runCli(['check', 'ny', '--format', 'json'], root)).stdout) as { rapporter: { diagnostik: { code: string; severity: string; pos: { file: string; line: number; column: number } }[] }[] };
    const found = json.rapporter[0]!.diagnostik.filter((d) => d.code === 'utkast.platshållare');
    expect(found.map((d) => d.severity)).toEqual(expected.map(() => 'warning'));
    expect(found.map((d) => d.pos)).toEqual(expected);
  });

  it('the placeholders survive rapport fmt: the files are canonical and check lists the same placeholders', async () => {
    const root = await init();
    expect((await runCli(['fmt', 'ny', '--check'], root)).code).toBe(0);
    const before = placeholdersIn(root);
    expect(before.length).toBeGreaterThan(10);
    expect((await runCli(['fmt', 'ny'], root)).code).toBe(0);
    expect(placeholdersIn(root)).toEqual(before);
  });

  it('init writes no figure it does not know: amounts and personnel figures are left out, not 0', async () => {
    const root = await init();
    const ekonomi = readFileSync(path.join(root, 'ny', 'ekonomi.yaml'), 'utf8');
    expect(ekonomi).not.toMatch(/^\s*(utfall_fg|utfall|budget|prognos|budget_helår): -?\d/m);
    const personal = readFileSync(path.join(root, 'ny', 'personal.yaml'), 'utf8');
    expect(personal).not.toMatch(/^\s*(kvinnor|män|totalt): /m);
    for (const name of FILES) expect(readFileSync(path.join(root, 'ny', name), 'utf8'), name).not.toMatch(/:\s+0(\.0)?\s*$/m);
    // Nor a work status, nor columns and headings of its own: the profile's are the report type's.
    expect(readFileSync(path.join(root, 'ny', 'rapport.yaml'), 'utf8')).not.toMatch(/^\s*status:/m);
    expect(ekonomi).not.toMatch(/^\s*(kolumner|rubriker):/m);
    expect(ekonomi).toContain('# Kolumnerna och rubrikerna är profilens för en delårsrapport: utfall_fg, utfall, budget, budgetavvikelse, prognos, prognosavvikelse.');
    expect(ekonomi).toContain('# «FYLL I: beloppen i mnkr: utfall_fg, utfall, budget, prognos, budget_helår»');
  });

  it('init → build exits 1 with the placeholders as errors and writes nothing', async () => {
    const root = await init();
    const out = path.join(root, 'dist');
    const r = await runCli(['build', 'ny', '--out', out], root);
    expect(r.code).toBe(1);
    const expected = placeholdersIn(root).map((p) => `${p.file}:${p.line}:${p.column}`);
    expect(listed(r.stderr, 'fel')).toEqual(expected);
    expect(listed(r.stderr, 'varning')).toEqual([]);
    expect(r.stderr).toContain('bygg ett utkast med rapport build --utkast');
    expect(r.stdout).not.toContain('skrev');
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]);
  });

  it('a profile cannot turn placeholders off, nor an undantag acknowledge them', async () => {
    const root = await init();
    const standard = readFileSync(path.join(ROOT, 'templates', 'profil.yaml'), 'utf8');
    expect(standard).toContain('\nregler: {}\n');
    writeFileSync(path.join(root, 'profil.yaml'), standard.replace('\nregler: {}\n', '\nregler: { utkast.platshållare: av }\n'));
    const r = await runCli(['check', 'ny'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^profil\.yaml:\d+:\d+: fel\[.*utkast\.platshållare/m);
    writeFileSync(path.join(root, 'profil.yaml'), standard);
    const rapport = path.join(root, 'ny', 'rapport.yaml');
    writeFileSync(rapport, `${readFileSync(rapport, 'utf8')}\nundantag:\n  - regel: utkast.platshållare\n    skäl: Texterna skrivs senare.\n`);
    const acknowledged = await runCli(['build', 'ny', '--out', 'dist'], root);
    expect(acknowledged.code).toBe(1);
    expect(listed(acknowledged.stderr, 'fel').length).toBe(placeholdersIn(root).length);
    expect(acknowledged.stderr).toContain('undantag.oanvänt');
  });

  it('where the profile requires a value (krav: krävs) init writes the placeholder, not a value, and check locates it', async () => {
    const root = tempDir();
    const standard = readFileSync(path.join(ROOT, 'templates', 'profil.yaml'), 'utf8');
    const strict = standard
      .replace('      katalog: true\n', '      katalog: true\n      krav: { status: krävs, färdiggrad: krävs }\n')
      .replace('\nregler: {}\n', '\nregler: {}\nkrav:\n  risk: { sannolikhet: krävs, konsekvens: krävs }\n  kontrollmoment: { bedömning: krävs }\n');
    expect(strict).not.toBe(standard);
    writeFileSync(path.join(root, 'profil.yaml'), strict);
    expect((await runCli(['init', 'ny', ...INIT], root)).code).toBe(0);
    const required = placeholdersIn(root).filter((p) => /^\s*(status|färdiggrad|sannolikhet|konsekvens|bedömning): "«FYLL I/.test(readFileSync(path.join(root, p.file), 'utf8').split('\n')[p.line - 1]!));
    expect(required.map((p) => p.file)).toEqual(['ny/internkontroll.yaml', 'ny/internkontroll.yaml', 'ny/internkontroll.yaml', 'ny/mal.yaml', 'ny/mal.yaml']);
    const r = await runCli(['check', 'ny'], root);
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => /: fel\[schema\./.test(l)).map((l) => l.slice(0, l.indexOf(': fel[')));
    expect(errors).toEqual(required.map((p) => `${p.file}:${p.line}:${p.column - 1}`));
  });

  it('an own template without the banner gets it, and noindex, in a draft', async () => {
    const { markDraft } = await import('../../src/build/build-report.js');
    const html = markDraft('<!doctype html><html><head><title>Rapport</title></head><body><header class="titelsida x"><h1>T</h1></header></body></html>');
    expect(html).toContain('<head>\n<meta name="robots" content="noindex">');
    expect(html).toContain('<header class="titelsida x">\n<p class="utkast-banderoll" role="note">UTKAST – får inte publiceras</p>');
    expect(html).toContain('<title>UTKAST – Rapport</title>');
    expect(markDraft(html)).toBe(html);
  });

  describe('init → build --utkast', () => {
    let root: string;
    let pdf: string;
    let html: string;
    let result: Awaited<ReturnType<typeof runCli>>;

    beforeAll(async () => {
      root = await init();
      result = await runCli(['build', 'ny', '--out', 'dist', '--utkast'], root);
      pdf = path.join(root, 'dist', 'ny.pdf');
      html = existsSync(path.join(root, 'dist', 'ny.html')) ? readFileSync(path.join(root, 'dist', 'ny.html'), 'utf8') : '';
    }, 120_000);

    it('exits 0, the placeholders staying warnings', () => {
      expect(result.code, result.stderr).toBe(0);
      expect(listed(result.stderr, 'varning')).toHaveLength(placeholdersIn(root).length);
      expect(result.stdout).toContain('skrev dist/ny.pdf');
    });

    it('prints UTKAST on every PDF page, the title page too', () => {
      const pages = Number(pdfInfo(pdf)['Pages']);
      expect(pages).toBeGreaterThan(3);
      for (let p = 1; p <= pages; p += 1) expect(pdfText(pdf, p), `sida ${p}`).toContain('UTKAST – får inte publiceras');
    });

    it('says it is a draft in the PDF metadata (title and subject)', () => {
      const info = pdfInfo(pdf);
      expect(info['Title']).toMatch(/^UTKAST – Kulturnämnden/);
      expect(info['Subject']).toMatch(/^Utkast, får inte publiceras/);
    });

    it('keeps the PDF tagged: the draft marks are pagination artifacts on every page, nothing untagged', () => {
      expect(qpdfCheck(pdf).status).toBe(0);
      const marks = PdfObjects.load(pdf).pages.map(pageMarks);
      expect(marks.flatMap((m) => m.problems)).toEqual([]);
      for (const m of marks) {
        const top = m.sequences.filter((s) => s.tag === 'Artifact' && s.type === 'Pagination' && s.attached?.[0] === 'Top' && s.textOps > 0);
        expect(top.length, `sida ${m.page}`).toBeGreaterThan(0);
      }
    });

    it('has the banner and noindex in the HTML', () => {
      expect(html).toContain('<meta name="robots" content="noindex">');
      expect(html).toMatch(/<p class="utkast-banderoll" role="note">UTKAST – får inte publiceras<\/p>/);
      expect(html).toMatch(/<title>UTKAST – /);
    });

    it('never prints 0,0 (or a 0 %) for a figure the author did not write', () => {
      const text = pdfText(pdf);
      expect(text).not.toMatch(/(^|[^\d,])0,0(?!\d)/m);
      expect(text).not.toMatch(/\b0,0 %/);
      // The resultaträkning is there, with its rows and empty cells.
      expect(text).toContain('Personalkostnader');
      expect(html).not.toMatch(/<td class="num">0,0<\/td>/);
    });
  });

  it('replacing every placeholder gives a clean build: no placeholder, no warning, the written figures printed', async () => {
    const root = await init();
    expect(placeholdersIn(root).length).toBeGreaterThan(10);
    fillIn(root);
    expect(placeholdersIn(root)).toEqual([]);
    const r = await runCli(['build', 'ny', '--out', 'dist'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 rapport, 0 fel, 0 varningar/);
    const text = pdfText(path.join(root, 'dist', 'ny.pdf'));
    expect(text).not.toContain('UTKAST');
    expect(text).not.toContain('FYLL I');
    expect(text).toContain('Kim Andersson');
    // Summa INTÄKTER, utfall: 42,5 + 42,5; the sums are the tool's.
    expect(text).toMatch(/Summa INTÄKTER\s+80,4\s+85,0/);
    const html = readFileSync(path.join(root, 'dist', 'ny.html'), 'utf8');
    expect(html).not.toContain('<p class="utkast-banderoll"');
    expect(html).not.toContain('noindex');
    // The resultaträkning's headings are the profile's for a delårsrapport (not a copy of an example's).
    expect(html).toMatch(/<th[^>]*>Årsprognos 2024<\/th>/);
    expect(html).not.toContain('Årsprognos aug');
    expect(pdfInfo(path.join(root, 'dist', 'ny.pdf'))['Title']).not.toMatch(/UTKAST/);
  }, 120_000);
});
