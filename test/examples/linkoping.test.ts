import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { pdfText, runCli, squeeze, tempDir } from '../e2e/run-cli.js';

interface D {
  code: string;
  severity: string;
  message: string;
  pos: { file: string; line: number; column: number };
  related: { message: string; pos?: { file: string; line: number } }[];
}

function copyLinkoping(): string {
  const dir = path.join(tempDir(), 'linkoping');
  cpSync(path.join(ROOT, 'examples', 'linkoping'), dir, { recursive: true });
  return dir;
}

async function checkJson(dir: string): Promise<{ code: number; all: D[] }> {
  const r = await runCli(['check', '.', '--format', 'json', '--noter'], dir);
  return { code: r.code, all: JSON.parse(r.stdout).rapporter.flatMap((o: { diagnostik: D[] }) => o.diagnostik) };
}

const lineOf = (dir: string, file: string, needle: string) => {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return text.slice(0, i).split('\n').length;
};

/** Line of the first `needle` after `anchor`. */
const lineAfter = (dir: string, file: string, anchor: string, needle: string) => {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const i = text.indexOf(needle, text.indexOf(anchor));
  return text.slice(0, i).split('\n').length;
};

const KS = path.join('kommunstyrelsen-vb-2023', 'ekonomi.yaml');
const LL = path.join('leanlink-vb-2023', 'ekonomi.yaml');

describe('Linköping, compiled by the same code with its own profile', () => {
  it('builds with the published errors acknowledged as warnings, and no errors', async () => {
    const { code, all: withNotes } = await checkJson(copyLinkoping());
    expect(code).toBe(0);
    const all = withNotes.filter((d) => d.severity !== 'note');
    expect(all.filter((d) => d.severity === 'error')).toEqual([]);
    expect(all.map((d) => d.code).sort()).toEqual(['avvikelse.rad', 'avvikelse.rad', 'enhet.storlek', 'enhet.storlek', 'fakta.samma', 'summa.rader', 'summa.rader']);
    expect(all.every((d) => /– undantag: (Följd av )?E-L[134]:/.test(d.message))).toBe(true);
  });

  it('catches E-L4 (2,1 here, 2,2 in Leanlink’s own report) across the two reports once its undantag is removed', async () => {
    const dir = copyLinkoping();
    const file = path.join(dir, 'kommunstyrelsen-vb-2023', 'undantag.yaml');
    // E-L4 is the report's only undantag: the list becomes empty.
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/undantag:\n(?:\s+#.*\n)*  - id: inv-leanlink\n    regel: fakta\.samma\n/);
    writeFileSync(file, 'undantag: []\n');
    const { code, all } = await checkJson(dir);
    expect(code).toBe(1);
    const d = all.find((x) => x.code === 'fakta.samma')!;
    expect(d).toMatchObject({ severity: 'error', pos: { file: KS, line: lineAfter(dir, KS, 'id: inv-leanlink', '      utfall: 2.1') } });
    expect(d.message).toBe(
      'Varav Leanlink, utfall: angivet 2,1 men samma fakta i rapporten leanlink-vb-2023 (Leanlink), Ekonomi, Investeringar, netto ger 2,2 (skillnad −0,1, tolerans 0,05)',
    );
    expect(d.related[0]!.pos!.file).toBe(LL);
  });

  it('catches E-L1 (300 − 102 printed as 298) once its undantag is removed, at the printed cell', async () => {
    const dir = copyLinkoping();
    const file = path.join(dir, 'leanlink-vb-2023', 'undantag.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/regel: avvikelse\.rad\n    kolumn: budgetavvikelse\n/, 'regel: avvikelse.rad\n    kolumn: prognosavvikelse\n'));
    const { code, all } = await checkJson(dir);
    expect(code).toBe(1);
    const d = all.find((x) => x.code === 'avvikelse.rad' && x.severity === 'error')!;
    expect(d.message).toBe('Ledning, budgetavvikelse: angivet 298 men budget helår − utfall ger 198 (skillnad 100, tolerans 1,5)');
    expect(d.pos.file).toBe(LL);
    // The undantag that now names the wrong column matches nothing and says so.
    expect(all.some((x) => x.code === 'undantag.oanvänt' && x.severity === 'warning')).toBe(true);
  });

  it('uses Linköping’s words: Bokslut columns and the helår tense of its scale', async () => {
    const dir = copyLinkoping();
    const r = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(dir, 'ut', 'kommunstyrelsen-vb-2023.html'), 'utf8');
    expect(html).toContain('<th scope="col" class="num">Bokslut 2023</th>');
    expect(html).toContain('Delvis uppnått');
    expect(html).not.toContain('Uppnås delvis');
    expect(html).toContain('Nämndmålet bedöms delvis uppnått.');
  }, 60_000);

  it('prints a value’s note as a footnote, so the indicator table keeps its columns (80 000* in the PDF)', async () => {
    const dir = copyLinkoping();
    const r = await runCli(['build', '.', '--out', 'ut'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = squeeze(pdfText(path.join(dir, 'ut', 'kommunstyrelsen-vb-2023.pdf'))).split('\n').map((l) => l.trim());
    const row = lines.findIndex((l) => l.startsWith('Antal lägenheter i gällande översiktsplan'));
    expect(lines[row]).toBe('Antal lägenheter i gällande översiktsplan 40 000 40 000 80 000* Minst 40 000 +40 000 Ja');
    expect(lines.slice(row - 3, row)).toContain('Indikator 2021 2022 2023 Målvärde Förändring Når målet');
    expect(lines.slice(row, row + 5)).toContain('* uppskattat antal, omfattar såväl lokaliseringsprövade som potentiellt identifierade bostäder');
    const html = readFileSync(path.join(dir, 'ut', 'kommunstyrelsen-vb-2023.html'), 'utf8');
    expect(html).toContain('<p class="liten">* uppskattat antal, omfattar såväl lokaliseringsprövade som potentiellt identifierade bostäder</p>');
  }, 60_000);
});
