import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initReport } from '../../src/scaffold/init.js';
import { shiftLabel } from '../../src/scaffold/rollover-period-labels.js';
import { rolloverReport } from '../../src/scaffold/rollover.js';
import { check, EXAMPLE, ROOT } from '../helpers.js';

const MODELINE = /^# yaml-language-server: \$schema=(.+)\n/;

function tempTarget(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'rapport-scaffold-')), 'rapport');
}

const INIT = {
  kommun: 'Eskilstuna',
  nämnd: 'Servicenämnden',
  förkortning: 'SEN',
  förvaltning: 'Serviceförvaltningen',
  typ: 'delårsrapport' as const,
  nummer: 1,
  år: 2024,
  från: '2024-01-01',
  till: '2024-04-30',
};

/** Every `id:` value of a report folder's YAML files, in file order. */
function ids(dir: string): string[] {
  const out: string[] = [];
  for (const name of ['bilaga-klimat.yaml', 'ekonomi.yaml', 'internkontroll.yaml', 'mal.yaml', 'personal.yaml', 'rapport.yaml']) {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'id' && typeof x === 'string') out.push(x);
          walk(x);
        }
      }
    };
    walk(parse(readFileSync(path.join(dir, name), 'utf8')));
  }
  return out;
}

describe('initReport', () => {
  it('creates a report folder that compiles without errors', () => {
    const dir = tempTarget();
    const { files } = initReport(dir, INIT);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['ekonomi.yaml', 'internkontroll.yaml', 'mal.yaml', 'personal.yaml', 'rapport-komplett.schema.json', 'rapport.schema.json', 'rapport.yaml']);
    expect(check(dir).errors).toEqual([]);
  });

  it('starts every file with the modeline pointing at the schema of the kommun’s profile, which it writes', () => {
    const dir = tempTarget();
    const { files } = initReport(dir, INIT);
    const schema = path.join(path.dirname(dir), '.rapport', 'schema', 'rapport.schema.json');
    expect(files).toContain(schema);
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      const m = MODELINE.exec(readFileSync(file, 'utf8'));
      expect(m, file).not.toBeNull();
      expect(path.resolve(dir, m?.[1] ?? '')).toBe(schema);
    }
    // The profile's own levels and scale values are in it (the standard profile here).
    const text = readFileSync(schema, 'utf8');
    expect(JSON.parse(text)).toBeTypeOf('object');
    expect(text).toContain('"enum"');
  });

  it('has the standard resultaträkning rows, no invented figures and Swedish placeholders', () => {
    const dir = tempTarget();
    initReport(dir, { ...INIT, typ: 'verksamhetsberättelse', nummer: undefined, till: '2024-12-31' });
    const ekonomi = parse(readFileSync(path.join(dir, 'ekonomi.yaml'), 'utf8'));
    const rader = ekonomi.ekonomi.resultaträkning.rader as { id: string; roll: string; utfall: number }[];
    expect(rader.map((r) => r.roll)).toEqual([
      'intäkt', 'intäkt', 'summa_intäkter', 'kostnad', 'kostnad', 'kostnad', 'kostnad', 'summa_kostnader', 'finansnetto', 'resultat', 'över_underskott', 'summa',
    ]);
    expect(rader.map((r) => r.id)).toContain('personalkostnader');
    // No amount is known yet: none is written (never 0.0); the posts carry a placeholder comment.
    expect(rader.every((r) => r.utfall === undefined)).toBe(true);
    const all = ['rapport.yaml', 'mal.yaml', 'internkontroll.yaml'].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(all).toContain('«FYLL I: ');
    expect(all).not.toMatch(/TODO/);
    expect(check(dir).errors).toEqual([]);
  });

  it('refuses a non-empty target', () => {
    const dir = tempTarget();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'annat.txt'), 'x');
    expect(() => initReport(dir, INIT)).toThrow(/inte tom/);
    expect(existsSync(path.join(dir, 'rapport.yaml'))).toBe(false);
  });

  it('accepts an existing empty target', () => {
    const dir = tempTarget();
    mkdirSync(dir, { recursive: true });
    initReport(dir, INIT);
    expect(check(dir).errors).toEqual([]);
  });
});

describe('rolloverReport of a report with its own columns', () => {
  it('clears the old period’s values in the own columns (an earlier forecast is not the new period’s)', () => {
    const dir = tempTarget();
    rolloverReport(path.join(ROOT, 'examples', 'eskilstuna', 'kommunstyrelsen-dr2-2022'), dir, { år: 2023, från: '2023-01-01', till: '2023-08-31', nummer: 2 });
    const drift = parse(readFileSync(path.join(dir, 'ekonomi.yaml'), 'utf8')).ekonomi.driftredovisning[0];
    expect(drift.kolumner.map((k: { id: string }) => k.id)).toEqual(['utfall', 'budget_helår', 'prognos_maj', 'prognos']);
    for (const row of [...drift.enheter, drift.summa]) expect(Object.keys(row).filter((k) => ['prognos_maj', 'prognos', 'utfall'].includes(k))).toEqual([]);
  });
});

describe('rolloverReport', () => {
  const OPTIONS = { år: 2024, från: '2024-01-01', till: '2024-08-31', nummer: 2 };
  const rolled = (() => {
    let dir: string | undefined;
    return () => {
      if (!dir) {
        dir = tempTarget();
        rolloverReport(EXAMPLE, dir, OPTIONS);
      }
      return dir;
    };
  })();
  const read = (name: string) => parse(readFileSync(path.join(rolled(), name), 'utf8'));

  it('compiles the rolled-over example without errors', () => {
    expect(check(rolled()).errors).toEqual([]);
  });

  it('keeps every id, except the nyckeltal whose values are the old period’s', () => {
    // A nyckeltal must have a value and the format has no "not yet" for it: the new period's are left
    // out (a placeholder in personal.yaml names them) instead of being written 0.
    const dropped = ['tillbud', 'arbetsskador', 'feriearbetare'];
    expect(ids(rolled())).toEqual(ids(EXAMPLE).filter((id) => !dropped.includes(id)));
  });

  it('moves utfall to utfall_fg and clears the other amounts', () => {
    const rader = read('ekonomi.yaml').ekonomi.resultaträkning.rader as Record<string, unknown>[];
    const personal = rader.find((r) => r.id === 'personalkostnader')!;
    expect(personal.utfall_fg).toBe(-296.3);
    for (const rad of rader) {
      for (const key of ['utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse']) expect(rad[key], `${String(rad.id)}.${key}`).toBeUndefined();
    }
    expect(readFileSync(path.join(rolled(), 'ekonomi.yaml'), 'utf8')).toMatch(/utfall_fg: -1\.0\n/);
  });

  it('resets åtaganden, bedömningar and kontrollmoment', () => {
    const mal = read('mal.yaml').mål;
    const po = mal.perspektiv.flatMap((p: { processområden: unknown[] }) => p.processområden);
    const at = po.flatMap((p: { åtaganden?: unknown[] }) => p.åtaganden ?? []) as { status: string; färdiggrad: number | string; kommentar?: { datum: string; text: string } }[];
    expect(at.length).toBe(11);
    for (const a of at) {
      // Every assessment of the old period is cleared to "uppgift saknas", never to a scale value
      // ("ej bedömd" would say the nämnd had not assessed it) or an invented 0 %.
      expect(a.status).toBe('uppgift saknas');
      expect(a.färdiggrad).toBe('uppgift saknas');
      // The latest comment is the old period's: left out, never a placeholder dated the new period's end.
      expect(a.kommentar).toBeUndefined();
    }
    const hp = po.flatMap((p: { huvudprocesser?: { bedömning: string }[] }) => p.huvudprocesser ?? []);
    expect(hp.every((h: { bedömning: string }) => h.bedömning === 'uppgift saknas')).toBe(true);
    const km = read('internkontroll.yaml').internkontroll.mål.flatMap((m: { risker: { kontrollmoment?: unknown[] }[] }) => m.risker.flatMap((r) => r.kontrollmoment ?? []));
    expect(km.length).toBeGreaterThan(0);
    for (const k of km) {
      expect(k.bedömning).toBe('uppgift saknas');
      expect(k.resultat).toBeUndefined();
    }
  });

  it('updates rapport metadata', () => {
    const r = read('rapport.yaml');
    expect(r.rapport).toMatchObject({ typ: 'delårsrapport', nummer: 2, år: 2024, period: { från: '2024-01-01', till: '2024-08-31' } });
    expect(r.paragraf).toBeUndefined();
    expect(r.beslutsdatum).toBeUndefined();
  });

  it('shifts the years in column labels', () => {
    const e = read('ekonomi.yaml').ekonomi;
    expect(e.resultaträkning.rubriker).toMatchObject({ utfall_fg: 'Utfall Aug 2023', utfall: 'Utfall Aug 2024', budget: 'Budget Aug 2024' });
    expect(e.driftredovisning[0].rubriker).toMatchObject({ budgetavvikelse_fg: 'Budgetavvikelse Aug 2023', budget_helår: 'Budget 2024' });
    expect(e.investeringsredovisning[0].rubriker.utfall).toBe('Utfall ack - Aug 2024');
  });

  it('keeps modeline, YAML comments and formatting canonical', () => {
    const text = readFileSync(path.join(rolled(), 'ekonomi.yaml'), 'utf8');
    expect(text).toMatch(MODELINE);
    expect(text).toContain('# Resultaträkning, S:533–553.');
    expect(text).toContain('kolumner: [utfall_fg, utfall, budget, budgetavvikelse, prognos, prognosavvikelse]');
  });

  it('copies prose files, keeping the previous text beside a placeholder when it cites figures', () => {
    const dir = rolled();
    expect(readFileSync(path.join(dir, 'text', 'sammanfattning.föregående.md'), 'utf8')).toBe(
      readFileSync(path.join(EXAMPLE, 'text', 'sammanfattning.md'), 'utf8'),
    );
    expect(readFileSync(path.join(dir, 'text', 'sammanfattning.md'), 'utf8')).toMatch(/^«FYLL I: Skriv /);
  });

  it('refuses a non-empty target', () => {
    expect(() => rolloverReport(EXAMPLE, EXAMPLE, OPTIONS)).toThrow(/inte tom/);
  });

  it('shiftLabel shifts years and the month name', () => {
    const s = { oldYear: 2023, newYear: 2024, oldMonth: 7, newMonth: 3 };
    expect(shiftLabel('Utfall Aug 2022', s)).toBe('Utfall Apr 2023');
    expect(shiftLabel('Årsprognos aug', s)).toBe('Årsprognos apr');
    expect(shiftLabel('januari–augusti 2023', s)).toBe('januari–april 2024');
    expect(shiftLabel('Utfall ack totalt', s)).toBe('Utfall ack totalt');
  });
});
