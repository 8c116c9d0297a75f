import type { GoalNodeView } from '../../src/render/view-model.js';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/pipeline/compile.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../e2e/run-cli.js';

/** A copy of the Eskilstuna kommun folder; returns the AVN report folder in it. */
function avn(edit?: (mal: string) => string): string {
  const dir = path.join(tempDir(), 'eskilstuna');
  cpSync(path.join(ROOT, 'examples', 'eskilstuna'), dir, { recursive: true });
  const report = path.join(dir, 'arbetsmarknadsnamnden-dr2-2023');
  if (edit) {
    const file = path.join(report, 'mal.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }
  return report;
}

const compile = (dir: string) => {
  const r = compileReport('.', dir);
  return { ...r, ind: (id: string) => r.compiled!.derived.indikatorer.find((i) => i.id === id)! };
};

describe('computed indicator values', () => {
  it('gives the change against the prior period in procentenheter, and whether the target is met', () => {
    const { ind } = compile(avn());
    const f = ind('forvarvsarbetande');
    expect(f.förändring).toMatchObject({ från: '2021', till: '2022', enhet: 'procentenheter', bättre: true });
    expect(f.förändring!.värde.toString()).toBe('2.3');
    const last = f.points[f.points.length - 1]!;
    expect(last.mål?.värde?.toString()).toBe('78');
    expect(last.nårMålet).toBe(true);
    expect(f.riktning).toBe('högre');
    expect(f.källa).toBe('Kolada (RKA), nyckeltal N00914, CC BY 4.0');
    expect(f.diagram).toBe('linje');
  });

  it('says a target is missed, and that a fall is worse when higher is better', () => {
    const { ind } = compile(avn((t) => t.replace('- period: 2022\n                      värde: 78.3', '- period: 2022\n                      värde: 75.8')));
    const f = ind('forvarvsarbetande');
    expect(f.points[f.points.length - 1]!.nårMålet).toBe(false);
    expect(f.förändring).toMatchObject({ bättre: false });
  });

  it('has no change when the report period has no value (a missing value is never replaced by an older one)', () => {
    const { ind } = compile(avn((t) => t.replace(/- period: 2022\n\s+värde: 78.3\n\s+kvinnor: 77.1\n\s+män: 79.4/, '- period: 2022\n                      saknas: { typ: preliminärt_saknas, orsak: Inte publicerat }')));
    expect(ind('forvarvsarbetande').förändring).toBeUndefined();
  });
});

describe('indikator.bedömning', () => {
  it('warns when a goal is assessed better than its indicators with targets suggest, naming the missed targets', () => {
    const dir = avn((t) => t.replace('- period: 2022\n                      värde: 78.3', '- period: 2022\n                      värde: 75.8').replace(/(id: overgang-arbete-studier[\s\S]*?)värde: 42.5/, '$1värde: 38.0'));
    const { diagnostics } = compile(dir);
    const d = diagnostics.find((x) => x.code === 'indikator.bedömning')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toMatch(/^Fler invånare når egen försörjning: bedömningen är "Delvis uppfyllt" men 2 av 2 indikatorer med målvärde når inte målet; indikatorerna talar för "Ej uppfyllt"\./);
    expect(d.pos?.file).toBe('mal.yaml');
    expect(d.related.map((r) => r.message)).toEqual(['Andel deltagare i arbetsmarknadsinsatser som gått till arbete eller studier: 38,0 mot målet minst 40,0', 'Förvärvsarbetande invånare 20–64 år, andel: 75,8 mot målet minst 78,0']);
  });

  it('suggests the middle value when some targets are met and some are not', () => {
    const dir = avn((t) => t.replace('namn: Fler invånare når egen försörjning\n              bedömning: delvis', 'namn: Fler invånare når egen försörjning\n              bedömning: helt').replace(/(id: overgang-arbete-studier[\s\S]*?)värde: 42.5/, '$1värde: 38.0'));
    const { compiled, diagnostics } = compile(dir);
    expect(compiled!.derived.bedömningsförslag.get('pm-egen-forsorjning')).toMatchObject({ förslag: 'delvis' });
    expect(diagnostics.find((x) => x.code === 'indikator.bedömning')?.message).toMatch(/bedömningen är "Helt uppfyllt" men 1 av 2 indikatorer med målvärde når inte målet; indikatorerna talar för "Delvis uppfyllt"/);
  });

  it('suggests the best value when every target is met', () => {
    const { compiled } = compile(avn());
    expect(compiled!.derived.bedömningsförslag.get('pm-egen-forsorjning')).toMatchObject({ förslag: 'helt' });
  });

  it('is silent when the assessment is no better than the suggestion', () => {
    const { diagnostics } = compile(avn());
    expect(diagnostics.some((x) => x.code === 'indikator.bedömning')).toBe(false);
  });
});

describe('kön.intervall', () => {
  it('is an error when a total lies outside its kvinnor and män values', () => {
    const dir = avn((t) => t.replace('{period: 2020, värde: 75.1, kvinnor: 73.8, män: 76.3}', '{period: 2020, värde: 77.1, kvinnor: 73.8, män: 76.3}'));
    const { diagnostics } = compile(dir);
    const d = diagnostics.find((x) => x.code === 'kön.intervall')!;
    expect(d).toMatchObject({ severity: 'error', message: 'Förvärvsarbetande invånare 20–64 år, andel 2020: totalt 77,1 ligger utanför kvinnor 73,8 och män 76,3; ett värde för alla ligger mellan könens värden' });
    expect(d.pos?.file).toBe('mal.yaml');
  });

  it('allows a total at a part within rounding', () => {
    const dir = avn((t) => t.replace('{period: 2020, värde: 75.1, kvinnor: 73.8, män: 76.3}', '{period: 2020, värde: 76.4, kvinnor: 73.8, män: 76.3}'));
    expect(compile(dir).diagnostics.some((x) => x.code === 'kön.intervall')).toBe(false);
  });
});

describe('indicator sources', () => {
  it('refuses a Kolada id that is not N or U and five digits', () => {
    const { diagnostics } = compile(avn((t) => t.replace('källa: {kolada: N00914}', 'källa: {kolada: X914}')));
    expect(diagnostics.map((d) => [d.code, d.message])).toContainEqual(['schema.format', expect.stringContaining('ett Kolada-nyckeltal skrivs N eller U och fem siffror')]);
  });
});

describe('uppdelning', () => {
  it('shows each part of a named dimension as its own row under the indicator, with its target check', async () => {
    const dir = avn((t) =>
      t.replace(
        '                  källa: {kolada: N00914}\n',
        '                  källa: {kolada: N00914}\n                  uppdelning:\n                    dimension: område\n                    delar:\n                      - {id: centrum, namn: Centrum, utfall: [{period: 2022, värde: 80.5}]}\n                      - {id: norr, namn: Norr, utfall: [{period: 2022, värde: 71.0}]}\n',
      ),
    );
    // Eskilstuna's tables print neither column; a kommun whose tables do shows the derived ones.
    const profile = path.join(dir, '..', 'profil.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('indikatortabell: { förändring: false, når_målet: false }', 'indikatortabell: { förändring: true, når_målet: true }'));
    const { compiled, diagnostics } = compile(dir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { buildViewModel } = await import('../../src/render/view-model.js');
    const vm = buildViewModel(compiled!, { version: 'test' }, '');
    type Node = GoalNodeView;
    const all = (n: Node): Node[] => [n, ...n.grupper.flatMap((g) => g.noder.flatMap(all))];
    const { tabeller } = vm.mål.flatMap(all).find((n) => n.id === 'pm-egen-forsorjning')!.indikatorer!;
    // Two tables: the part-year series and the year series do not share columns.
    expect(tabeller.map((t) => t.columns.map((c) => c.label).join('|'))).toEqual([
      'jan–aug 2022|jan–aug 2023|Målvärde|Förändring|Når målet',
      '2019|2020|2021|2022|Målvärde|Förändring|Når målet',
    ]);
    const rows = tabeller[1]!.rows.map((r) => [r.kind, r.namn, r.cells.map((c) => c.text).join('|')]);
    expect(rows).toEqual([
      ['post', 'Förvärvsarbetande invånare 20–64 år, andel (%)', '76,4|75,1|76,0|78,3|Minst 78,0|+2,3\u00a0procentenheter|Ja'],
      ['varav', 'Kvinnor', '74,9|73,8|74,6|77,1|||'],
      ['varav', 'Män', '77,8|76,3|77,3|79,4|||'],
      ['varav', 'Centrum (område)', '|||80,5|||Ja'],
      ['varav', 'Norr (område)', '|||71,0|||Nej'],
    ]);
  });
});
