/**
 * `rapport ny-period` for every step of the year, on the examples of both kommuner: each new report
 * passes check at once, and what a column holds follows from the two periods (asserted on the built
 * HTML: headings and values), never from the column's position.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, parse, parseDocument, type YAMLMap } from 'yaml';
import { renderHtml } from '../../src/build/build-report.js';
import { compileReport } from '../../src/pipeline/compile.js';
import { shiftPeriodLabel } from '../../src/scaffold/rollover-period-labels.js';
import { rolloverReport, type RolloverOptions } from '../../src/scaffold/rollover.js';
import { tableRows } from '../e2e/html-tables.js';
import { runCli } from '../e2e/run-cli.js';
import { ROOT } from '../helpers.js';

type Kommun = 'eskilstuna' | 'linkoping';

/** A temp project with a kommun's examples and its profil.yaml beside them; returns the kommun folder. */
function project(kommun: Kommun): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-ny-period-'));
  cpSync(path.join(ROOT, 'examples', kommun), path.join(root, kommun), { recursive: true });
  return path.join(root, kommun);
}

/** Roll the report folder `from` over to a sibling folder `name`. */
function roll(from: string, name: string, options: RolloverOptions): string {
  const to = path.join(path.dirname(from), name);
  rolloverReport(from, to, options);
  return to;
}

const DR1 = (år: number): RolloverOptions => ({ typ: 'delårsrapport', nummer: 1, år, från: `${år}-01-01`, till: `${år}-04-30` });
const DR2 = (år: number): RolloverOptions => ({ typ: 'delårsrapport', nummer: 2, år, från: `${år}-01-01`, till: `${år}-08-31` });
const VB = (år: number): RolloverOptions => ({ typ: 'verksamhetsberättelse', år, från: `${år}-01-01`, till: `${år}-12-31` });

function errorsOf(dir: string): string[] {
  const { diagnostics } = compileReport('.', dir);
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pos?.file}:${d.pos?.line}: ${d.code}: ${d.message}`);
}

function html(dir: string): string {
  const { compiled, diagnostics } = compileReport('.', dir);
  if (!compiled) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return renderHtml(compiled, { commit: false }).html;
}

/** A table of the built report: its column headings and, per heading, the cell of each row by row name. */
function table(dir: string, id: string, page = html(dir)): { headings: string[]; column: (heading: string) => Record<string, string> } {
  const rows = tableRows(page, id);
  const headings = rows[0]!;
  return {
    headings,
    column: (heading) => {
      const i = headings.indexOf(heading);
      if (i < 0) throw new Error(`no column "${heading}" in ${JSON.stringify(headings)}`);
      return Object.fromEntries(rows.slice(1).filter((r) => r.length === headings.length).map((r) => [r[0]!, r[i]!]));
    },
  };
}

const filled = (col: Record<string, string>) => Object.values(col).filter((v) => v !== '');

function yamlOf(dir: string, file: string): Record<string, any> {
  return parse(readFileSync(path.join(dir, file), 'utf8'));
}

/** Write figures into a report as its author would: values per row id in a table of ekonomi.yaml. */
function fill(dir: string, rowsAt: (string | number)[], values: Record<string, Record<string, number>>): void {
  const file = path.join(dir, 'ekonomi.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const rows = doc.getIn(rowsAt, true) as { items: YAMLMap[] };
  for (const row of rows.items) {
    if (!isMap(row)) continue;
    for (const [key, value] of Object.entries(values[String(row.get('id'))] ?? {})) row.set(key, value);
  }
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

const ESKILSTUNA = ['servicenamnden-dr2-2023', 'arbetsmarknadsnamnden-dr2-2023', 'kommunstyrelsen-dr2-2022'] as const;
const LINKOPING = ['kommunstyrelsen-vb-2023', 'leanlink-vb-2023'] as const;
const yearOf = (name: string) => Number(name.slice(-4));

describe('ny-period: every step passes check at once', () => {
  const cases: [Kommun, string, string, (år: number) => RolloverOptions, number][] = [];
  for (const name of ESKILSTUNA) {
    const y = yearOf(name);
    cases.push(['eskilstuna', name, 'DR2 → verksamhetsberättelse samma år', VB, y]);
    cases.push(['eskilstuna', name, 'DR2 → DR2 nästa år', DR2, y + 1]);
    cases.push(['eskilstuna', name, 'DR2 → DR1 nästa år', DR1, y + 1]);
  }
  for (const name of LINKOPING) {
    const y = yearOf(name);
    cases.push(['linkoping', name, 'verksamhetsberättelse → DR1 nästa år', DR1, y + 1]);
    cases.push(['linkoping', name, 'verksamhetsberättelse → verksamhetsberättelse nästa år', VB, y + 1]);
  }
  let roots: Record<Kommun, string>;
  beforeAll(() => {
    roots = { eskilstuna: project('eskilstuna'), linkoping: project('linkoping') };
  });

  it.each(cases)('%s/%s: %s', (kommun, name, _step, options, år) => {
    const out = roll(path.join(roots[kommun], name), `${name}-till-${options(år).typ}-${options(år).till}`, options(år));
    expect(errorsOf(out)).toEqual([]);
  }, 30_000);

  it('the whole kommun, old and new reports together (references between reports, kommun.yaml), passes rapport check', async () => {
    for (const kommun of ['eskilstuna', 'linkoping'] as const) {
      const r = await runCli(['check', '.'], roots[kommun]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/ 0 fel/);
    }
  }, 120_000);
});

describe('ny-period: a year round trip, DR1 → DR2 → verksamhetsberättelse → DR1 of the next year', () => {
  for (const [kommun, start, rr] of [
    ['eskilstuna', 'servicenamnden-dr2-2023', 'resultatrakning-tabell'],
    ['linkoping', 'kommunstyrelsen-vb-2023', 'ekonomi-sammandrag-tabell'],
  ] as const) {
    describe(`${kommun}/${start}`, () => {
      const dirs: Record<string, string> = {};
      beforeAll(() => {
        const root = project(kommun);
        const p = start.split('-')[0];
        dirs['dr1'] = roll(path.join(root, start), `${p}-dr1-2024`, DR1(2024));
        dirs['dr2'] = roll(dirs['dr1'], `${p}-dr2-2024`, { år: 2024, från: '2024-01-01', till: '2024-08-31' });
        dirs['vb'] = roll(dirs['dr2'], `${p}-vb-2024`, VB(2024));
        dirs['dr1-next'] = roll(dirs['vb'], `${p}-dr1-2025`, DR1(2025));
      }, 60_000);

      it('passes check at every step', () => {
        for (const step of ['dr1', 'dr2', 'vb', 'dr1-next']) expect(errorsOf(dirs[step]!), step).toEqual([]);
      });

      it('titles each report by its kind, number and year', () => {
        expect(yamlOf(dirs['dr1']!, 'rapport.yaml').rapport).toMatchObject({ typ: 'delårsrapport', nummer: 1, år: 2024, period: { från: '2024-01-01', till: '2024-04-30' } });
        // The number follows: DR1 → DR2 in the same year without --nummer.
        expect(yamlOf(dirs['dr2']!, 'rapport.yaml').rapport).toMatchObject({ typ: 'delårsrapport', nummer: 2, år: 2024 });
        // The old report's work status ("Påbörjad" in Servicenämnden's) is not carried over, nor is one invented.
        for (const step of ['dr1', 'dr2', 'vb', 'dr1-next']) expect(yamlOf(dirs[step]!, 'rapport.yaml').rapport, step).not.toHaveProperty('status');
        const vb = yamlOf(dirs['vb']!, 'rapport.yaml').rapport;
        expect(vb).toMatchObject({ typ: 'verksamhetsberättelse', år: 2024 });
        expect(vb.nummer).toBeUndefined();
        expect(yamlOf(dirs['dr1-next']!, 'rapport.yaml').rapport).toMatchObject({ typ: 'delårsrapport', nummer: 1, år: 2025 });
      });

      it('heads each report’s columns by its own period', () => {
        const headings = (step: string) => table(dirs[step]!, rr).headings.slice(1);
        if (kommun === 'eskilstuna') {
          expect(headings('dr1')).toEqual(['Utfall Apr 2023', 'Utfall Apr 2024', 'Budget Apr 2024', 'Budgetavvikelse Apr 2024', 'Årsprognos apr', 'Avvikelse Årsprognos apr']);
          expect(headings('dr2')).toEqual(['Utfall Aug 2023', 'Utfall Aug 2024', 'Budget Aug 2024', 'Budgetavvikelse Aug 2024', 'Årsprognos aug', 'Avvikelse Årsprognos aug']);
          expect(headings('vb')).toEqual(['Bokslut 2024', 'Budget 2024', 'Avvikelse', 'Bokslut 2023']);
          expect(headings('dr1-next')).toEqual(['Utfall Apr 2024', 'Utfall Apr 2025', 'Budget Apr 2025', 'Budgetavvikelse Apr 2025', 'Årsprognos 2025', 'Avvikelse årsprognos 2025']);
          expect(table(dirs['dr2']!, 'driftredovisning-tabell').headings.slice(1)).toEqual(['Budgetavvikelse Aug 2023', 'Budgetavvikelse Aug 2024', 'Budget 2024', 'Avvikelse Årsprognos aug']);
          expect(table(dirs['vb']!, 'driftredovisning-tabell').headings.slice(1)).toEqual(['Bokslut 2024', 'Budget 2024', 'Avvikelse', 'Bokslut 2023']);
        } else {
          expect(headings('dr1')).toEqual(['Utfall Apr 2024', 'Budget Apr 2024', 'Avvikelse', 'Prognos 2024', 'Prognosavvikelse']);
          expect(headings('dr2')).toEqual(['Utfall Aug 2024', 'Budget Aug 2024', 'Avvikelse', 'Prognos 2024', 'Prognosavvikelse']);
          expect(headings('vb')).toEqual(['Bokslut 2024', 'Budget 2024', 'Avvikelse', 'Bokslut 2023']);
          expect(headings('dr1-next')).toEqual(['Utfall Apr 2025', 'Budget Apr 2025', 'Avvikelse', 'Prognos 2025', 'Prognosavvikelse']);
          // The investment table keeps the project forecast columns it added to the profile's.
          expect(table(dirs['dr1']!, 'investeringar-tabell').headings.slice(1)).toEqual([
            'Beslutad budget', 'Ack. utfall nettoinvesteringar', 'Budgetavvikelse', 'Prognos utfall nettoinv.', 'Prognosavvikelse', 'Budget 2024', 'Utfall Apr 2024', 'Avvikelse',
          ]);
        }
      });

      it('carries no figure of one period into a column of another', () => {
        // Nothing the chain starts from is a figure of 2024: every outcome column of the chain is empty.
        for (const step of ['dr1', 'dr2', 'vb', 'dr1-next']) {
          const t = table(dirs[step]!, rr);
          for (const heading of t.headings.slice(1).filter((h) => /^(Utfall|Bokslut)/.test(h))) expect(filled(t.column(heading)), `${step}: ${heading}`).toEqual([]);
        }
      });

      it('keeps ids, names and targets; adds the new year to the indicator series', () => {
        const goals = (dir: string) => JSON.stringify(yamlOf(dir, 'mal.yaml').mål, (k, v) => (['utfall', 'bedömning', 'trend', 'status', 'färdiggrad', 'text', 'kommentar', 'analys'].includes(k) ? undefined : v));
        expect(goals(dirs['dr1-next']!)).toEqual(goals(path.join(path.dirname(dirs['dr1']!), start)));
      });
    });
  }
});

describe('ny-period: DR1 → DR2 in the same year', () => {
  let dr1: string;
  let dr2: string;
  beforeAll(() => {
    const root = project('eskilstuna');
    dr1 = roll(path.join(root, 'servicenamnden-dr2-2023'), 'servicenamnden-dr1-2025', DR1(2025));
    // The DR1 as its author fills it: April 2025, April 2024 and the year's budget and forecast.
    fill(dr1, ['ekonomi', 'resultaträkning', 'rader'], {
      'ovriga-intakter': { utfall_fg: 240.5, utfall: 250.1, budget: 262.0, prognos: 801.0, budget_helår: 810.0 },
      personalkostnader: { utfall_fg: -130.4, utfall: -140.2, budget: -150.0, prognos: -460.0, budget_helår: -465.0 },
      lokalkostnader: { utfall_fg: -19.8, utfall: -20.3, budget: -21.0, prognos: -66.0, budget_helår: -66.0 },
      'ovriga-kostnader': { utfall_fg: -85.1, utfall: -88.9, budget: -90.0, prognos: -278.0, budget_helår: -279.0 },
    });
    fill(dr1, ['ekonomi', 'driftredovisning', 0, 'enheter'], {
      nls: { budgetavvikelse_fg: 1.1, budgetavvikelse: 2.2, budget_helår: 0.5, prognosavvikelse: 0.3 },
      'omrade-1': { budgetavvikelse_fg: -0.7, budgetavvikelse: -1.4, budget_helår: -0.5, prognosavvikelse: -0.2 },
    });
    expect(errorsOf(dr1)).toEqual([]);
    dr2 = roll(dr1, 'servicenamnden-dr2-2025', { år: 2025, från: '2025-01-01', till: '2025-08-31' });
  }, 60_000);

  it('passes check', () => {
    expect(errorsOf(dr2)).toEqual([]);
  });

  it('never puts DR1’s April figures in the column headed "Utfall Aug 2024" (the known bug)', () => {
    const before = table(dr1, 'resultatrakning-tabell');
    expect(before.column('Utfall Apr 2025')['Övriga intäkter']).toBe('250,1');
    const after = table(dr2, 'resultatrakning-tabell');
    expect(after.headings.slice(1, 3)).toEqual(['Utfall Aug 2024', 'Utfall Aug 2025']);
    // 2024's August figures are not in DR1 (it has April 2024's): the column is empty, never April 2025's or April 2024's.
    expect(filled(after.column('Utfall Aug 2024'))).toEqual([]);
    expect(filled(after.column('Utfall Aug 2025'))).toEqual([]);
    expect(filled(after.column('Budget Aug 2025'))).toEqual([]);
    expect(filled(after.column('Årsprognos aug'))).toEqual([]);
    const rader = yamlOf(dr2, 'ekonomi.yaml').ekonomi.resultaträkning.rader as Record<string, unknown>[];
    const intakter = rader.find((r) => r['id'] === 'ovriga-intakter')!;
    // The year's budget is the same budget: it carries over. Nothing of "this period" becomes "last year".
    expect(intakter).toMatchObject({ budget_helår: 810.0 });
    for (const key of ['utfall_fg', 'utfall', 'budget', 'prognos']) expect(intakter[key], key).toBeUndefined();
  });

  it('clears the deviations of the period and keeps the year’s budget in the driftredovisning', () => {
    const drift = table(dr2, 'driftredovisning-tabell');
    expect(drift.headings.slice(1)).toEqual(['Budgetavvikelse Aug 2024', 'Budgetavvikelse Aug 2025', 'Budget 2025', 'Avvikelse Årsprognos aug']);
    expect(filled(drift.column('Budgetavvikelse Aug 2024'))).toEqual([]);
    expect(filled(drift.column('Budgetavvikelse Aug 2025'))).toEqual([]);
    expect(drift.column('Budget 2025')).toMatchObject({ 'Nämnd, Ledning och Stöd': '0,5', 'Område 1': '−0,5' });
  });

  it('continues the year so far in the indicator series: the period moves on, its value is cleared', () => {
    const ind = (dir: string) => yamlOf(dir, 'mal.yaml').mål.perspektiv[1].processområden[0].processmål[0].indikatorer[0].utfall as { period: string; saknas?: unknown }[];
    expect(ind(dr1).map((u) => u.period)).toEqual(['apr–dec 2022', 'jan–jul 2023', 'jan–mar 2025']);
    expect(ind(dr2).map((u) => u.period)).toEqual(['apr–dec 2022', 'jan–jul 2023', 'jan–jul 2025']);
    expect(ind(dr2).at(-1)!.saknas).toMatchObject({ typ: 'preliminärt_saknas' });
  });

  it('makes DR1 an extra delårsrapport and DR2 the statutory one', () => {
    expect(yamlOf(dr1, 'rapport.yaml').rapport.lagstadgad).toBe(false);
    expect(yamlOf(dr2, 'rapport.yaml').rapport.lagstadgad).toBeUndefined();
  });
});

describe('ny-period: an earlier interim forecast moves to the column the new report has for it', () => {
  it('DR1 per May → DR2: the May forecast lands in "Prognos maj", "Prognos aug" is empty', () => {
    const root = project('eskilstuna');
    const dr1 = roll(path.join(root, 'kommunstyrelsen-dr2-2022'), 'kommunstyrelsen-dr1-2023', { nummer: 1, år: 2023, från: '2023-01-01', till: '2023-05-31' });
    fill(dr1, ['ekonomi', 'driftredovisning', 0, 'enheter'], {
      ledningsstaben: { utfall: 1200, prognos: 500 },
      hr: { utfall: 1800, prognos: 900 },
    });
    expect(errorsOf(dr1)).toEqual([]);
    const dr2 = roll(dr1, 'kommunstyrelsen-dr2-2023', { nummer: 2, år: 2023, från: '2023-01-01', till: '2023-08-31' });
    expect(errorsOf(dr2)).toEqual([]);
    const drift = table(dr2, 'driftredovisning-tabell');
    expect(drift.headings.slice(1)).toEqual(['Utfall aug', 'Budget helår', 'Prognos maj', 'Prognos aug']);
    expect(drift.column('Prognos maj')).toMatchObject({ Ledningsstaben: '500', HR: '900' });
    expect(filled(drift.column('Prognos aug'))).toEqual([]);
    expect(filled(drift.column('Utfall aug'))).toEqual([]);
  }, 30_000);

  it('a new year clears the own columns (May 2022’s forecast is not May 2023’s)', () => {
    const root = project('eskilstuna');
    const next = roll(path.join(root, 'kommunstyrelsen-dr2-2022'), 'kommunstyrelsen-dr2-2023', DR2(2023));
    expect(filled(table(next, 'driftredovisning-tabell').column('Prognos maj'))).toEqual([]);
  }, 30_000);
});

describe('ny-period: the same period of the next year takes this period’s figures as last year’s', () => {
  let root: string;
  beforeAll(() => {
    root = project('eskilstuna');
  });

  it('Servicenämnden DR2 2023 → DR2 2024: "Utfall Aug 2023" holds August 2023', () => {
    const old = path.join(root, 'servicenamnden-dr2-2023');
    const next = roll(old, 'servicenamnden-dr2-2024', DR2(2024));
    expect(errorsOf(next)).toEqual([]);
    const before = table(old, 'resultatrakning-tabell');
    const after = table(next, 'resultatrakning-tabell');
    expect(after.headings.slice(1, 3)).toEqual(['Utfall Aug 2023', 'Utfall Aug 2024']);
    expect(after.column('Utfall Aug 2023')).toEqual(before.column('Utfall Aug 2023'));
    expect(filled(after.column('Utfall Aug 2024'))).toEqual([]);
    // A new year has a new budget: none carries over.
    expect(filled(after.column('Budget Aug 2024'))).toEqual([]);
    const driftBefore = table(old, 'driftredovisning-tabell');
    const driftAfter = table(next, 'driftredovisning-tabell');
    expect(driftAfter.column('Budgetavvikelse Aug 2023')).toEqual(driftBefore.column('Budgetavvikelse Aug 2023'));
    expect(filled(driftAfter.column('Budget 2024'))).toEqual([]);
  }, 30_000);

  it('Linköping verksamhetsberättelse 2023 → 2024: "Bokslut 2023" holds 2023, the Leanlink reference follows the new folders', async () => {
    const lk = project('linkoping');
    const ks = roll(path.join(lk, 'kommunstyrelsen-vb-2023'), 'kommunstyrelsen-vb-2024', VB(2024));
    roll(path.join(lk, 'leanlink-vb-2023'), 'leanlink-vb-2024', VB(2024));
    for (const id of ['drift-stab-tabell', 'ekonomi-sammandrag-tabell']) {
      const before = table(path.join(lk, 'kommunstyrelsen-vb-2023'), id);
      const after = table(ks, id);
      expect(after.headings.slice(1)).toEqual(['Bokslut 2024', 'Budget 2024', 'Avvikelse', 'Bokslut 2023']);
      expect(after.column('Bokslut 2023')).toEqual(before.column('Bokslut 2023'));
      expect(filled(after.column('Bokslut 2024'))).toEqual([]);
      expect(filled(after.column('Budget 2024'))).toEqual([]);
    }
    const leanlink = yamlOf(ks, 'ekonomi.yaml').ekonomi.driftredovisning[1].enheter[1];
    expect(leanlink.samma_som).toEqual({ utfall_fg: 'leanlink-vb-2024:nettokostnader.utfall_fg' });
    // Checked together with the rolled Leanlink report: the same fact in both, 0 errors.
    const r = await runCli(['check', 'kommunstyrelsen-vb-2024', 'leanlink-vb-2024'], lk);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});

describe('ny-period: DR2 → verksamhetsberättelse of the same year', () => {
  let root: string;
  beforeAll(() => {
    root = project('eskilstuna');
  });

  it('Servicenämnden: the year’s budget becomes the budget, last year’s column is the whole of last year (empty)', () => {
    const old = path.join(root, 'servicenamnden-dr2-2023');
    const vb = roll(old, 'servicenamnden-vb-2023', VB(2023));
    expect(errorsOf(vb)).toEqual([]);
    const rr = table(vb, 'resultatrakning-tabell');
    expect(rr.headings.slice(1)).toEqual(['Bokslut 2023', 'Budget 2023', 'Avvikelse', 'Bokslut 2022']);
    // "Bokslut 2022" is the whole of 2022; DR2 had January–August 2022 only.
    expect(filled(rr.column('Bokslut 2022'))).toEqual([]);
    expect(filled(rr.column('Bokslut 2023'))).toEqual([]);
    expect(rr.column('Budget 2023')).toMatchObject({ 'Övriga intäkter': '804,2', Personalkostnader: '−459,2', 'Summa KOSTNADER': '−804,4' });
    const drift = table(vb, 'driftredovisning-tabell');
    expect(drift.headings.slice(1)).toEqual(['Bokslut 2023', 'Budget 2023', 'Avvikelse', 'Bokslut 2022']);
    expect(filled(drift.column('Avvikelse'))).toEqual([]);
  }, 30_000);

  it('Servicenämnden and Kommunstyrelsen: the year’s indicator period is cleared and kept, targets stay', () => {
    const ks = roll(path.join(root, 'kommunstyrelsen-dr2-2022'), 'kommunstyrelsen-vb-2022', VB(2022));
    expect(errorsOf(ks)).toEqual([]);
    const goals = yamlOf(ks, 'mal.yaml').mål.perspektiv.flatMap((p: any) => p.processområden).flatMap((p: any) => p.processmål ?? []);
    const sjuk = goals.flatMap((g: any) => g.indikatorer ?? []).find((i: any) => i.id === 'sjukfranvaro-klk');
    expect(sjuk.utfall.map((u: any) => u.period)).toEqual([2020, 2021, 2022]);
    expect(sjuk.utfall[2]).toEqual({ period: 2022, saknas: { typ: 'preliminärt_saknas', orsak: 'Utfall saknas ännu.' } });
    // Last years' values (and the published error between two of them, still acknowledged) stay.
    expect(sjuk.utfall[0]).toMatchObject({ period: 2020, värde: 3.1 });
    expect(sjuk.mål).toEqual([{ period: 2022, värde: 3.0 }, { period: 2023, värde: 3.0 }]);
    expect(yamlOf(ks, 'undantag.yaml').undantag.map((u: any) => u.period)).toEqual([2020, 2021]);
  }, 30_000);

  it('Arbetsmarknadsnämnden: lagstadgad is not carried into the verksamhetsberättelse; an extra DR stays extra next year', () => {
    const vb = roll(path.join(root, 'arbetsmarknadsnamnden-dr2-2023'), 'arbetsmarknadsnamnden-vb-2023', VB(2023));
    expect(errorsOf(vb)).toEqual([]);
    expect(yamlOf(vb, 'rapport.yaml').rapport.lagstadgad).toBeUndefined();
    // An extra delårsrapport (lagstadgad: false) → the verksamhetsberättelse: statutory, no false.
    const extra = path.join(root, 'arbetsmarknadsnamnden-dr2-2023');
    writeFileSync(path.join(extra, 'rapport.yaml'), readFileSync(path.join(extra, 'rapport.yaml'), 'utf8').replace('lagstadgad: true', 'lagstadgad: false'));
    const vb2 = roll(extra, 'arbetsmarknadsnamnden-vb-2023-b', VB(2023));
    expect(yamlOf(vb2, 'rapport.yaml').rapport.lagstadgad).toBeUndefined();
    expect(errorsOf(vb2)).toEqual([]);
    // The same extra report a year later is still extra.
    expect(yamlOf(roll(extra, 'arbetsmarknadsnamnden-dr2-2024', DR2(2024)), 'rapport.yaml').rapport.lagstadgad).toBe(false);
  }, 30_000);
});

describe('ny-period: what is period-bound is cleared, never invented', () => {
  let old: string;
  let next: string;
  beforeAll(() => {
    const root = project('eskilstuna');
    old = path.join(root, 'servicenamnden-dr2-2023');
    next = roll(old, 'servicenamnden-vb-2023', VB(2023));
  }, 30_000);

  it('assessments become "uppgift saknas", comments, explanations and analyses are left out', () => {
    const text = ['mal.yaml', 'ekonomi.yaml', 'internkontroll.yaml', 'bilaga-klimat.yaml'].map((f) => readFileSync(path.join(next, f), 'utf8')).join('\n');
    expect(text).not.toMatch(/^\s*(kommentar|förklaring|resultat|åtgärd|analys|balanskrav):/m);
    const mal = yamlOf(next, 'mal.yaml').mål;
    const nodes = JSON.stringify(mal);
    for (const v of ['"klart"', '"pågår"', '"uppnår"', '"delvis"', '"bättre"', '"oförändrad"']) expect(nodes).not.toContain(v);
    const statuses = [...nodes.matchAll(/"(status|bedömning|trend|färdiggrad)":("[^"]*"|\d+)/g)].map((m) => m[2]);
    expect(new Set(statuses)).toEqual(new Set(['"uppgift saknas"']));
    // The risks are the year's plan: within the year they stay; the controls' results do not.
    const risk = yamlOf(next, 'internkontroll.yaml').internkontroll.mål[0].risker[0];
    expect(risk).toMatchObject({ sannolikhet: 4, konsekvens: 4, riskvärde: 16 });
    expect(risk.kontrollmoment[0]).toEqual({ id: 'km-inkop', text: 'Stickprovskontroll på gjorda inköp.', bedömning: 'uppgift saknas' });
  });

  it('figures of the period that the format cannot leave open are left out with a placeholder, never 0', () => {
    const personal = readFileSync(path.join(next, 'personal.yaml'), 'utf8');
    expect(personal).not.toMatch(/värde: 0\b|totalt: 0\b/);
    // Nyckeltal must have a value: they are left out, and a placeholder says which to write.
    expect(yamlOf(next, 'personal.yaml').personal.nyckeltal).toBeUndefined();
    expect(personal).toContain('«FYLL I: nyckeltal för perioden: Tillbud, Arbetsskador, Feriearbetare»');
    // The sjukfrånvaro periods follow the new period's end; their values are not the new period's.
    expect(yamlOf(next, 'personal.yaml').personal.sjukfrånvaro).toEqual([
      { id: 'sjukfranvaro-r12-fg', period: 'oktober 2021–september 2022', typ: 'R12' },
      { id: 'sjukfranvaro-r12', period: 'oktober 2022–september 2023', typ: 'R12' },
    ]);
  });

  it('texts the report must have are placeholders that check lists as warnings', async () => {
    const rapport = yamlOf(next, 'rapport.yaml');
    expect(rapport.dnr).toBe('«FYLL I: diarienummer»');
    expect(rapport.ärendebeskrivning.map((a: { text: string }) => a.text)).toEqual(Array(5).fill('«FYLL I: Skriv ärendebeskrivningen.»\n'));
    expect(rapport.förslag_till_beslut).toEqual(['Verksamhetsberättelse, januari till december 2023, godkänns och överlämnas till kommunstyrelsen och kommunrevisionen.']);
    expect(readFileSync(path.join(next, 'text', 'sammanfattning.md'), 'utf8')).toMatch(/^«FYLL I: Skriv texten\. Föregående periods text finns i sammanfattning\.föregående\.md\.»/);
    const r = await runCli(['check', 'servicenamnden-vb-2023'], path.dirname(next));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/varning\[utkast\.platshållare\]/);
  }, 30_000);
});

describe('ny-period under a profile that requires a value', () => {
  it('has no "not yet" for a required status: a placeholder stands there, attFylla names it and check asks for it', () => {
    const root = project('eskilstuna');
    const profile = path.join(root, 'profil.yaml');
    // Åtagandenas status krävs (docs/profil.md, Krav): `uppgift saknas` is not allowed.
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/(    åtaganden:\n(?:      .*\n)*?)      valfria: \[kommentar\.datum\]\n/, '$1      valfria: [kommentar.datum]\n      krav: { status: krävs }\n'));
    const old = path.join(root, 'servicenamnden-dr2-2023');
    expect(errorsOf(old)).toEqual([]);
    const to = path.join(root, 'servicenamnden-dr2-2024');
    const { attFylla } = rolloverReport(old, to, DR2(2024));
    expect(attFylla).toHaveLength(11);
    expect(attFylla[0]).toBe('1-årigt åtagande at-naringsliv: status');
    expect(readFileSync(path.join(to, 'mal.yaml'), 'utf8')).toContain('status: "«FYLL I: status (ej_påbörjad, pågår, klart, försenat)»"');
    expect(errorsOf(to).length).toBeGreaterThan(0);
  }, 30_000);
});

describe('shiftPeriodLabel', () => {
  const dr2 = { år: 2023, till: '2023-08-31' };
  it('moves a year by the years between the reports', () => {
    expect(shiftPeriodLabel(2023, dr2, { år: 2024, till: '2024-04-30' })).toBe(2024);
    expect(shiftPeriodLabel('2023', dr2, { år: 2023, till: '2023-12-31' })).toBe('2023');
  });
  it('moves the end of the year so far, and both ends of a rolling period, as far as the period’s end moves', () => {
    expect(shiftPeriodLabel('jan–jul 2023', dr2, { år: 2023, till: '2023-12-31' })).toBe('jan–nov 2023');
    expect(shiftPeriodLabel('januari–juli 2023', dr2, { år: 2024, till: '2024-04-30' })).toBe('januari–mars 2024');
    expect(shiftPeriodLabel('juni 2022–maj 2023', dr2, { år: 2024, till: '2024-08-31' })).toBe('juni 2023–maj 2024');
    expect(shiftPeriodLabel('juni 2022–maj 2023', dr2, { år: 2023, till: '2023-12-31' })).toBe('oktober 2022–september 2023');
    expect(shiftPeriodLabel('apr–dec 2022', dr2, { år: 2024, till: '2024-08-31' })).toBe('apr–dec 2023');
  });
  it('shifts other labels’ years and the period’s month', () => {
    expect(shiftPeriodLabel('Delår 2 2023', dr2, { år: 2024, till: '2024-08-31' })).toBe('Delår 2 2024');
  });
});

describe('ny-period from the command line', () => {
  it('writes the new folder and check accepts it at once', async () => {
    const root = project('linkoping');
    const r = await runCli(['ny-period', 'leanlink-vb-2023', 'leanlink-dr1-2024', '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-04-30', '--typ', 'delårsrapport', '--nummer', '1'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(root, 'leanlink-dr1-2024', 'rapport.yaml'))).toBe(true);
    const check = await runCli(['check', 'leanlink-dr1-2024'], root);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/1 rapport, 0 fel/);
  }, 30_000);

  it('without --typ, a period shorter than the year after a verksamhetsberättelse is a delårsrapport', () => {
    const root = project('linkoping');
    const to = roll(path.join(root, 'leanlink-vb-2023'), 'leanlink-dr2-2024', { år: 2024, från: '2024-01-01', till: '2024-08-31', nummer: 2 });
    expect(yamlOf(to, 'rapport.yaml').rapport).toMatchObject({ typ: 'delårsrapport', nummer: 2 });
    expect(errorsOf(to)).toEqual([]);
  }, 30_000);

  it('refuses a new period that ends before the current one', () => {
    const root = project('linkoping');
    expect(() => rolloverReport(path.join(root, 'leanlink-vb-2023'), path.join(root, 'x'), DR1(2023))).toThrow(/slutar före/);
  });
});
