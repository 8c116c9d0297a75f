import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkoutReport,
  compareProse,
  diffReports,
  formatDiffMarkdown,
  formatDiffText,
  removeCheckout,
  type ReportDiff,
} from '../../src/diff/index.js';
import { compileReport, type CompiledReport } from '../../src/pipeline/compile.js';
import { copyExample, EXAMPLE, mutate } from '../helpers.js';

function compile(dir: string): CompiledReport {
  const { compiled, diagnostics } = compileReport('.', dir);
  if (!compiled) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return compiled;
}

/** The five edits of the scenario: one of each kind the diff must find. */
function applyEdits(dir: string): void {
  // Åtagande at-naringsliv: klart → pågår (the ansvar line makes the match unique).
  mutate(dir, 'mal.yaml', 'ansvar: [KS, SBN, MRN, SEN, TSN, alla bolag]\n              status: klart', 'ansvar: [KS, SBN, MRN, SEN, TSN, alla bolag]\n              status: pågår');
  mutate(dir, 'ekonomi.yaml', 'prognos: -450.1', 'prognos: -452.3');
  mutate(dir, 'internkontroll.yaml', '          sannolikhet: 4\n', '          sannolikhet: 5\n');
  const klimat = readFileSync(path.join(dir, 'bilaga-klimat.yaml'), 'utf8');
  const start = klimat.indexOf('          - id: ka-elscooter');
  const end = klimat.indexOf('\n\n', start);
  mutate(dir, 'bilaga-klimat.yaml', klimat.slice(start, end + 1), '');
  mutate(dir, 'text/sammanfattning.md', 'hög utvecklingstakt', 'mycket hög utvecklingstakt');
}

const keys = (diff: ReportDiff) => diff.entries.map((e) => `${e.change} ${e.kind} ${e.id}${e.field ? ` ${e.field}` : ''}${e.computed ? ' (beräknad)' : ''}`);

const EXPECTED_KEYS = [
  'ändrad åtagande at-naringsliv status',
  'ändrad belopp personalkostnader prognos',
  'ändrad belopp personalkostnader prognosavvikelse (beräknad)',
  'ändrad belopp summa-kostnader prognos (beräknad)',
  'ändrad risk risk-inkop sannolikhet',
  'ändrad risk risk-inkop riskvärde (beräknad)',
  'borttagen aktivitet ka-elscooter',
  'prosa prosa sammanfattning',
];

const EXPECTED_LINES = [
  '- Åtagande at-naringsliv: status Klart, avslutat → Pågår',
  '- Personalkostnader, årsprognos aug: −450,1 → −452,3 mnkr (−2,2)',
  '- Personalkostnader, avvikelse Årsprognos aug: 9,1 → 6,9 mnkr (−2,2) (beräknad)',
  '- Summa KOSTNADER, årsprognos aug: −801,0 → −803,2 mnkr (−2,2) (beräknad); angivet värde oförändrat −801,0',
  '- Risk risk-inkop: sannolikhet 4 → 5 (+1)',
  '- Risk risk-inkop: riskvärde 16 → 20 (+4) (beräknad); angivet värde oförändrat 16',
  '- Aktivitet ka-elscooter har tagits bort: Utredning om el-scooter kan vara ett alternativ vid kortare transporter.',
  '- Sammanfattning: 1 stycke, +1 ord, −0 ord',
];

describe('diffReports', () => {
  const original = compile(EXAMPLE);

  it('finds no difference between a report and itself', () => {
    const diff = diffReports(original, compile(EXAMPLE));
    expect(diff.entries).toEqual([]);
    expect(formatDiffMarkdown(diff)).toContain('Inga innehållsliga ändringar.');
    expect(formatDiffText(diff, { color: false })).toContain('Inga innehållsliga ändringar.');
  });

  it('ignores layout: comments, blank lines and reflowed prose are no change', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', 'prognos: -450.1', 'prognos: -450.10   # samma värde');
    mutate(dir, 'text/sammanfattning.md', 'hög utvecklingstakt', 'hög\nutvecklingstakt');
    expect(diffReports(original, compile(dir)).entries).toEqual([]);
  });

  describe('five edits', () => {
    const dir = copyExample();
    applyEdits(dir);
    const changed = compile(dir);
    const diff = diffReports(original, changed, { from: 'HEAD~1', to: 'HEAD' });

    it('lists exactly the edits and the computed figures that moved', () => {
      expect(keys(diff)).toEqual(EXPECTED_KEYS);
    });

    it('keeps exact decimals and display units', () => {
      const prognos = diff.entries.find((e) => e.id === 'personalkostnader' && e.field === 'prognos');
      expect(prognos?.values?.from?.toString()).toBe('-450.1');
      expect(prognos?.values?.to?.toString()).toBe('-452.3');
      expect(prognos?.unit).toBe('mnkr');
      const prose = diff.entries.find((e) => e.change === 'prosa');
      expect(prose?.prose).toMatchObject({ added: 1, removed: 0, paragraphs: 1, method: 'lcs' });
    });

    it('formats Markdown for a PR comment', () => {
      const md = formatDiffMarkdown(diff);
      const bullets = md.split('\n').filter((l) => l.startsWith('- '));
      expect(bullets).toEqual(EXPECTED_LINES);
      expect(md).toContain('### Ändringar i Servicenämnden – Delårsrapport 2 2023 (HEAD\\~1 → HEAD)');
      for (const heading of ['Mål och åtaganden', 'Resultaträkning', 'Intern kontroll', 'Bilagor', 'Text']) {
        expect(md).toContain(`#### ${heading}\n`);
      }
      expect(md).toContain('*8 ändringar, varav 3 beräknade.*');
    });

    it('formats text with colour only when asked', () => {
      const plain = formatDiffText(diff, { color: false });
      expect(plain).not.toMatch(/\x1b\[/);
      expect(plain).toContain('  ~ Personalkostnader, årsprognos aug: −450,1 → −452,3 mnkr (−2,2)\n');
      expect(plain).toContain('  − Aktivitet ka-elscooter har tagits bort');
      expect(formatDiffText(diff, { color: true })).toMatch(/\x1b\[/);
    });

    it('is symmetric: the reverse diff lists the same items the other way', () => {
      const back = diffReports(changed, original);
      expect(back.entries).toHaveLength(EXPECTED_KEYS.length);
      expect(back.entries.find((e) => e.id === 'ka-elscooter')?.change).toBe('tillagd');
      const md = formatDiffMarkdown(back);
      expect(md).toContain('- Åtagande at-naringsliv: status Pågår → Klart, avslutat');
      expect(md).toContain('- Sammanfattning: 1 stycke, +0 ord, −1 ord');
    });
  });

  it('reports renames, färdiggrad, meta and added items', () => {
    const dir = copyExample();
    mutate(dir, 'ekonomi.yaml', 'namn: Personalkostnader', 'namn: Personalkostnader totalt');
    mutate(dir, 'rapport.yaml', 'dnr: SEN/2023:35', 'dnr: SEN/2023:36');
    mutate(dir, 'rapport.yaml', 'status: Påbörjad', 'status: Klar');
    const diff = diffReports(original, compile(dir));
    const md = formatDiffMarkdown(diff);
    expect(md).toContain('- Rad personalkostnader: namn ”Personalkostnader” → ”Personalkostnader totalt”');
    expect(md).toContain('- Diarienummer: SEN/2023:35 → SEN/2023:36');
    expect(md).toContain('- Arbetsstatus: Påbörjad → Klar');
    expect(keys(diff)).toEqual(['ändrad meta rapport.status rapport.status', 'ändrad meta dnr dnr', 'namn rad personalkostnader namn']);
  });
});

describe('the sections', () => {
  it('reports a new order, a heading and a legend the report no longer prints', () => {
    const original = compile(copyExample());
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'sammanfattning:', 'sammanfattningsrubrik: Bedömning och analys\nordning: [sammanfattning, sammanställning, statusräkning, ekonomi, mål, personal, internkontroll, bilagor]\nförklaring: { skalor: [] }\nsammanfattning:');
    const md = formatDiffMarkdown(diffReports(original, compile(dir)));
    expect(md).toContain('- Avsnittens ordning: – → sammanfattning, sammanställning, statusräkning, ekonomi, mål, personal, internkontroll, bilagor');
    expect(md).toContain('- Sammanfattningens rubrik: – → Bedömning och analys');
    expect(md).toContain('- Skalorna i Förklaring symboler: – → inga');
  });
});

describe('compareProse', () => {
  it('counts words added and removed, and paragraphs touched', () => {
    expect(compareProse('a b c\n\nd e', 'a b c\n\nd e')).toBeUndefined();
    expect(compareProse('a  b\nc', 'a b c')).toBeUndefined();
    expect(compareProse('a b c\n\nd e f', 'a x c\n\nd e f g')).toMatchObject({ paragraphs: 2, added: 2, removed: 1, method: 'lcs' });
    expect(compareProse('', 'ny text här')).toMatchObject({ added: 3, removed: 0 });
  });
});

describe('checkoutReport', () => {
  let repo: string;
  const reportRel = path.join('rapporter', 'sen-dr2');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.se', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
  const made: string[] = [];

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'rapport-diff-repo-'));
    git('init', '-q');
    cpSync(EXAMPLE, path.join(repo, reportRel), { recursive: true });
    git('add', '-A');
    git('commit', '-q', '-m', 'första');
    mutate(path.join(repo, reportRel), 'ekonomi.yaml', 'prognos: -450.1', 'prognos: -452.3');
    git('commit', '-q', '-a', '-m', 'andra');
  });
  afterAll(() => {
    for (const d of made) removeCheckout(d);
    rmSync(repo, { recursive: true, force: true });
  });

  it('materializes the report folder at two revisions', () => {
    const a = checkoutReport(repo, 'HEAD~1', reportRel);
    const b = checkoutReport(repo, 'HEAD', reportRel);
    made.push(a, b);
    expect(existsSync(path.join(a, 'rapport.yaml'))).toBe(true);
    expect(existsSync(path.join(a, 'text', 'sammanfattning.md'))).toBe(true);
    expect(readFileSync(path.join(a, 'ekonomi.yaml'), 'utf8')).toContain('prognos: -450.1');
    expect(readFileSync(path.join(b, 'ekonomi.yaml'), 'utf8')).toContain('prognos: -452.3');
    const diff = diffReports(compile(a), compile(b));
    expect(keys(diff)).toEqual([
      'ändrad belopp personalkostnader prognos',
      'ändrad belopp personalkostnader prognosavvikelse (beräknad)',
      'ändrad belopp summa-kostnader prognos (beräknad)',
    ]);
  });

  it('accepts an absolute report path and a directory as "revision"', () => {
    const abs = path.join(repo, reportRel);
    const a = checkoutReport(repo, 'HEAD~1', abs);
    made.push(a);
    expect(readFileSync(path.join(a, 'ekonomi.yaml'), 'utf8')).toContain('prognos: -450.1');
    expect(checkoutReport(repo, abs, reportRel)).toBe(abs);
    expect(checkoutReport(repo, repo, reportRel)).toBe(abs);
    expect(diffReports(compile(abs), compile(checkoutReport(repo, 'HEAD', reportRel))).entries).toEqual([]);
  });

  it('fails clearly for an unknown revision or a missing folder', () => {
    expect(() => checkoutReport(repo, 'finns-inte', reportRel)).toThrow(/revisionen "finns-inte" finns inte/);
    expect(() => checkoutReport(repo, 'HEAD', 'rapporter/annan')).toThrow(/finns inte i revisionen HEAD/);
  });

  it('checks out the report as the repository was: the profile and kommun.yaml around it, not the other reports', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'rapport-diff-kommun-'));
    const g = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.se', '-c', 'commit.gpgsign=false', ...args], { cwd: other, stdio: 'pipe' });
    try {
      g('init', '-q');
      cpSync(EXAMPLE, path.join(other, 'kommun', 'sen'), { recursive: true });
      cpSync(EXAMPLE, path.join(other, 'kommun', 'annan'), { recursive: true });
      writeFileSync(path.join(other, 'kommun', 'profil.yaml'), 'gammal profil\n');
      writeFileSync(path.join(other, 'kommun', 'kommun.yaml'), 'kommun: X\n');
      g('add', '-A');
      g('commit', '-q', '-m', 'första');
      writeFileSync(path.join(other, 'kommun', 'profil.yaml'), 'ny profil\n');
      g('commit', '-q', '-a', '-m', 'andra');
      const a = checkoutReport(other, 'HEAD~1', path.join('kommun', 'sen'), { folders: false });
      made.push(a);
      expect(path.basename(a)).toBe('sen');
      expect(readFileSync(path.join(a, '..', 'profil.yaml'), 'utf8')).toBe('gammal profil\n');
      expect(existsSync(path.join(a, '..', 'kommun.yaml'))).toBe(true);
      expect(existsSync(path.join(a, 'rapport.yaml'))).toBe(true);
      expect(existsSync(path.join(a, '..', 'annan'))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('removeCheckout leaves folders it did not make alone', () => {
    removeCheckout(path.join(repo, reportRel));
    expect(existsSync(path.join(repo, reportRel, 'rapport.yaml'))).toBe(true);
  });
});
