/**
 * A profile with a gap (issue 15, docs/profil.md "Vad en profil måste innehålla"): every part that
 * the profile, the templates or the checks look up by name exists, or loading the profile says where
 * it is missing — a located profil.* diagnostic in profil.yaml, in Swedish — before any report is
 * read. No profile leads to internt.fel, exit 2, an English message or a stack trace.
 *
 * Each case breaks one required part of the standard profile, Eskilstuna's and Linköping's, puts the
 * profile beside a report of that kommun in a temp project and runs `rapport check` and `rapport build`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Document, isMap, isScalar, LineCounter, parseDocument, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { ROOT } from '../helpers.js';
import { runCli } from '../e2e/run-cli.js';
import { loadProfile, STANDARD_PROFILE, TOOL_SCALES } from '../../src/profile/profile.js';

type Seg = string | number;
type Path = Seg[];

interface Kommun {
  name: string;
  profile: string;
  /** A report folder that uses the profile. */
  report: string;
  /** Files beside the profile that it names (its theme). */
  beside: string[];
}

const ESKILSTUNA_REPORT = path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
const KOMMUNER: Kommun[] = [
  { name: 'standardprofilen', profile: STANDARD_PROFILE, report: ESKILSTUNA_REPORT, beside: [] },
  { name: 'Eskilstuna', profile: path.join(ROOT, 'examples', 'eskilstuna', 'profil.yaml'), report: ESKILSTUNA_REPORT, beside: [] },
  { name: 'Linköping', profile: path.join(ROOT, 'examples', 'linkoping', 'profil.yaml'), report: path.join(ROOT, 'examples', 'linkoping', 'kommunstyrelsen-vb-2023'), beside: ['tema.yaml'] },
];

/** A temp project: the report folder "rapport" with the profile text beside it. */
function project(k: Kommun, profileText: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-profilgap-'));
  cpSync(k.report, path.join(root, 'rapport'), { recursive: true });
  writeFileSync(path.join(root, 'profil.yaml'), profileText);
  for (const f of k.beside) cpSync(path.join(path.dirname(k.profile), f), path.join(root, f));
  return root;
}

// ---------------------------------------------------------------------------------------------
// Editing a profile as YAML (comments kept) and finding where a path is in the edited text

const docOf = (text: string) => parseDocument(text, { keepSourceTokens: false });

function pairAt(doc: Document, p: Path): Pair<Scalar, unknown> {
  const parent = p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
  if (!isMap(parent)) throw new Error(`${p.join('.')}: parent is no mapping`);
  const pair = (parent as YAMLMap<Scalar, unknown>).items.find((x) => isScalar(x.key) && x.key.value === p[p.length - 1]);
  if (!pair) throw new Error(`${p.join('.')}: no such key`);
  return pair;
}

/** Renames the last key of a path, in place (order and comments kept). */
function rename(doc: Document, p: Path, to: string): void {
  pairAt(doc, p).key.value = to;
}

/** 1-based line and column of the value at `p` (the root mapping for []), or of its key. */
function posOf(text: string, p: Path, part: 'value' | 'key' = 'value'): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = part === 'key' ? pairAt(doc, p).key : p.length === 0 ? doc.contents : doc.getIn(p, true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) throw new Error(`${p.join('.')}: no node`);
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

// ---------------------------------------------------------------------------------------------
// The cases: one per required part, in terms of the profile's own levels and scales

interface Shape {
  j: {
    målstruktur: { rot: string[]; nivåer: Record<string, Record<string, unknown> & { undernivåer?: string[] }>; statusräkning?: { nivå: string }; förklaring?: string[] };
    skalor: Record<string, { ej_bedömd?: string; värden: Record<string, unknown> }>;
    rapporttyper?: Record<string, { tabeller?: Record<string, string[]>; kolumner?: Record<string, string> }>;
  };
  /** A level with children, and its first child. */
  parent: string;
  child: string;
  /** A level with a bedömning scale, and that scale. */
  scaled: string;
  scale: string;
  /** A scale with ej_bedömd. */
  withEjBedömd: string;
  /** A level without status (a root). */
  withoutStatus: string;
  /** A report type and table kind with default columns. */
  typ: string;
  kind: string;
}

function shapeOf(text: string): Shape {
  const j = docOf(text).toJS() as Shape['j'];
  const levels = Object.entries(j.målstruktur.nivåer);
  const [parent, p] = levels.find(([, l]) => (l.undernivåer ?? []).length > 0)!;
  const [scaled, s] = levels.find(([, l]) => typeof l['bedömning'] === 'string')!;
  const withEjBedömd = Object.keys(j.skalor).find((k) => j.skalor[k]!.ej_bedömd !== undefined)!;
  const withoutStatus = levels.find(([, l]) => l['status'] === undefined)![0];
  const [typ, rt] = Object.entries(j.rapporttyper ?? {}).find(([, r]) => Object.keys(r.tabeller ?? {}).length > 0)!;
  return { j, parent, child: p.undernivåer![0]!, scaled, scale: s['bedömning'] as string, withEjBedömd, withoutStatus, typ, kind: Object.keys(rt.tabeller!)[0]! };
}

interface Case {
  name: string;
  edit: (doc: Document, s: Shape) => void;
  code: 'profil.saknas' | 'profil.struktur';
  /** Where the diagnostic points, in the edited text: the key naming the missing thing, or the mapping lacking it. */
  at: (s: Shape) => Path;
  part?: 'value' | 'key';
  /** Words the message has. */
  says: RegExp;
  /** Only for profiles where the part exists. */
  when?: (s: Shape) => boolean;
}

const CASES: Case[] = [
  { name: 'organisation saknas', edit: (d) => d.delete('organisation'), code: 'profil.saknas', at: () => [], says: /obligatorisk nyckel "organisation" saknas/ },
  { name: 'målstruktur saknas', edit: (d) => d.delete('målstruktur'), code: 'profil.saknas', at: () => [], says: /"målstruktur" saknas/ },
  { name: 'skalor saknas', edit: (d) => d.delete('skalor'), code: 'profil.saknas', at: () => [], says: /"skalor" saknas/ },
  { name: 'målstruktur.rot saknas', edit: (d) => d.deleteIn(['målstruktur', 'rot']), code: 'profil.saknas', at: () => ['målstruktur'], says: /"rot" saknas i målstruktur/ },
  { name: 'målstruktur.nivåer saknas', edit: (d) => d.deleteIn(['målstruktur', 'nivåer']), code: 'profil.saknas', at: () => ['målstruktur'], says: /"nivåer" saknas i målstruktur/ },
  { name: 'en nivå saknas', edit: (d, s) => d.deleteIn(['målstruktur', 'nivåer', s.child]), code: 'profil.struktur', at: (s) => ['målstruktur', 'nivåer', s.parent, 'undernivåer', 0], says: /undernivån "[^"]+" finns inte under målstruktur\.nivåer/ },
  { name: 'en rotnivå felstavad', edit: (d, s) => d.setIn(['målstruktur', 'rot', 0], `${s.j.målstruktur.rot[0]}x`), code: 'profil.struktur', at: () => ['målstruktur', 'rot', 0], says: /nivån "[^"]+x" finns inte/ },
  { name: 'en undernivå felstavad', edit: (d, s) => d.setIn(['målstruktur', 'nivåer', s.parent, 'undernivåer', 0], `${s.child}x`), code: 'profil.struktur', at: (s) => ['målstruktur', 'nivåer', s.parent, 'undernivåer', 0], says: /undernivån "[^"]+x" finns inte/ },
  { name: 'en nivås namn saknas', edit: (d, s) => d.deleteIn(['målstruktur', 'nivåer', s.scaled, 'namn']), code: 'profil.saknas', at: (s) => ['målstruktur', 'nivåer', s.scaled], says: /"namn" saknas/ },
  { name: 'en nivå nämner en okänd skala', edit: (d, s) => d.setIn(['målstruktur', 'nivåer', s.scaled, 'bedömning'], `${s.scale}x`), code: 'profil.struktur', at: (s) => ['målstruktur', 'nivåer', s.scaled, 'bedömning'], says: /skalan "[^"]+x" finns inte under skalor/ },
  { name: 'en skala som en nivå använder saknas', edit: (d, s) => d.deleteIn(['skalor', s.scale]), code: 'profil.struktur', at: (s) => ['målstruktur', 'nivåer', s.scaled, 'bedömning'], says: /skalan "[^"]+" finns inte under skalor/ },
  {
    name: 'statusräkningens nivå finns inte',
    when: (s) => s.j.målstruktur.statusräkning !== undefined,
    edit: (d, s) => d.setIn(['målstruktur', 'statusräkning', 'nivå'], `${s.j.målstruktur.statusräkning!.nivå}x`),
    code: 'profil.struktur',
    at: () => ['målstruktur', 'statusräkning', 'nivå'],
    says: /nivån "[^"]+x" finns inte/,
  },
  {
    name: 'statusräkningens nivå har ingen status',
    when: (s) => s.j.målstruktur.statusräkning !== undefined,
    edit: (d, s) => d.deleteIn(['målstruktur', 'nivåer', s.j.målstruktur.statusräkning!.nivå, 'status']),
    code: 'profil.struktur',
    at: () => ['målstruktur', 'statusräkning', 'nivå'],
    says: /har ingen status att räkna/,
  },
  { name: 'förklaringen nämner en okänd skala', when: (s) => (s.j.målstruktur.förklaring ?? []).length > 0, edit: (d) => d.setIn(['målstruktur', 'förklaring', 0], 'finns_inte'), code: 'profil.struktur', at: () => ['målstruktur', 'förklaring', 0], says: /skalan "finns_inte" finns inte under skalor/ },
  { name: 'en skalas värden saknas', edit: (d, s) => d.deleteIn(['skalor', s.scale, 'värden']), code: 'profil.saknas', at: (s) => ['skalor', s.scale], says: /"värden" saknas/ },
  {
    name: 'en skala utan värden',
    edit: (d, s) => {
      d.deleteIn(['skalor', s.scale, 'ej_bedömd']);
      d.setIn(['skalor', s.scale, 'värden'], d.createNode({}));
    },
    code: 'profil.saknas',
    at: (s) => ['skalor', s.scale, 'värden'],
    part: 'key',
    says: /skalan "[^"]+" har inga värden/,
  },
  { name: 'en skalas namn saknas', edit: (d, s) => d.deleteIn(['skalor', s.scale, 'namn']), code: 'profil.saknas', at: (s) => ['skalor', s.scale], says: /"namn" saknas/ },
  {
    name: 'ett skalvärdes symbol saknas',
    edit: (d, s) => d.deleteIn(['skalor', s.scale, 'värden', Object.keys(s.j.skalor[s.scale]!.värden)[0]!, 'symbol']),
    code: 'profil.saknas',
    at: (s) => ['skalor', s.scale, 'värden', Object.keys(s.j.skalor[s.scale]!.värden)[0]!],
    says: /"symbol" saknas/,
  },
  {
    name: 'ett skalvärdes text saknas',
    edit: (d, s) => d.deleteIn(['skalor', s.scale, 'värden', Object.keys(s.j.skalor[s.scale]!.värden)[0]!, 'text']),
    code: 'profil.saknas',
    at: (s) => ['skalor', s.scale, 'värden', Object.keys(s.j.skalor[s.scale]!.värden)[0]!],
    says: /"text" saknas/,
  },
  { name: 'ej_bedömd pekar på ett värde som inte finns', edit: (d, s) => d.setIn(['skalor', s.withEjBedömd, 'ej_bedömd'], 'finns_inte'), code: 'profil.struktur', at: (s) => ['skalor', s.withEjBedömd, 'ej_bedömd'], says: /saknar värdet "finns_inte" som ej_bedömd pekar på/ },
  { name: 'en skalnyckel med versal', edit: (d, s) => rename(d, ['skalor', s.scale], 'Versal'), code: 'profil.struktur', at: () => ['skalor', 'Versal'], says: /nyckeln "Versal" skrivs med gemena bokstäver/ },
  { name: 'en standardkolumn som tabellslaget inte har', edit: (d, s) => d.setIn(['rapporttyper', s.typ, 'tabeller', s.kind, 0], 'utfal'), code: 'profil.struktur', at: (s) => ['rapporttyper', s.typ, 'tabeller', s.kind, 0], says: /"utfal" är ingen kolumn i / },
  {
    name: 'en standardkolumn utan rubrik',
    edit: (d, s) => d.deleteIn(['rapporttyper', s.typ, 'kolumner', s.j.rapporttyper![s.typ]!.tabeller![s.kind]![0]!]),
    code: 'profil.saknas',
    at: (s) => ['rapporttyper', s.typ, 'tabeller', s.kind, 0],
    says: /kolumnen "[^"]+" har ingen rubrik: ange [^ ]+ under rapporttyper\.[^.]+\.kolumner/,
  },
  { name: 'ett tabellslag utan kolumner', edit: (d, s) => d.setIn(['rapporttyper', s.typ, 'tabeller', s.kind], d.createNode([])), code: 'profil.struktur', at: (s) => ['rapporttyper', s.typ, 'tabeller', s.kind], says: /listan måste ha minst 1 element/ },
  { name: 'ett felstavat tabellslag', edit: (d, s) => rename(d, ['rapporttyper', s.typ, 'tabeller', s.kind], `${s.kind}x`), code: 'profil.struktur', at: (s) => ['rapporttyper', s.typ, 'tabeller', `${s.kind}x`], part: 'key', says: /okänd nyckel "[^"]+x" i rapporttyper\.[^.]+\.tabeller; menade du/ },
  { name: 'en felstavad rapporttyp', edit: (d, s) => rename(d, ['rapporttyper', s.typ], `${s.typ}x`), code: 'profil.struktur', at: (s) => ['rapporttyper', `${s.typ}x`], part: 'key', says: /okänd nyckel "[^"]+x" i rapporttyper; menade du/ },
  { name: 'krav för ett fält som nivån inte har', edit: (d, s) => d.setIn(['målstruktur', 'nivåer', s.withoutStatus, 'krav'], d.createNode({ status: 'krävs' })), code: 'profil.struktur', at: (s) => ['målstruktur', 'nivåer', s.withoutStatus, 'krav', 'status'], says: /krav för "status" men nivån har inget fält status/ },
  { name: 'krav för ett okänt fält', edit: (d) => d.setIn(['krav'], d.createNode({ risk: { sannolikhe: 'krävs' } })), code: 'profil.struktur', at: () => ['krav', 'risk', 'sannolikhe'], part: 'key', says: /okänd nyckel "sannolikhe" i krav\.risk/ },
  { name: 'en okänd regel', edit: (d) => d.setIn(['regler'], d.createNode({ 'summa.radr': 'av' })), code: 'profil.struktur', at: () => ['regler', 'summa.radr'], says: /regeln "summa\.radr" finns inte; menade du "summa\.rader"\?/ },
  { name: 'en teckenkonvention utan avvikelse', edit: (d) => d.setIn(['tecken', 'resultaträkning'], d.createNode({ kostnader: 'negativa' })), code: 'profil.saknas', at: () => ['tecken', 'resultaträkning'], says: /"avvikelse" saknas/ },
];

/** English words a Swedish message never has, and the marks of a stack trace or an internal error. */
const ENGLISH = /\b(unknown|invalid|Invalid|expected|Expected|received|required|Required|undefined|cannot|Cannot|record|error|Error)\b/;
function expectClean(output: string): void {
  expect(output).not.toMatch(/internt/);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(ENGLISH);
}

describe('a profile with a gap is refused when it is loaded, located in profil.yaml', () => {
  for (const k of KOMMUNER) {
    const original = readFileSync(k.profile, 'utf8');
    const shape = shapeOf(original);
    for (const c of CASES) {
      if (c.when && !c.when(shape)) continue;
      it(`${k.name}: ${c.name}`, async () => {
        const doc = docOf(original);
        c.edit(doc, shape);
        const text = doc.toString();
        const { line, column } = posOf(text, c.at(shape), c.part);
        const root = project(k, text);
        const located = new RegExp(`^profil\\.yaml:${line}:${column}: fel\\[${c.code.replace('.', '\\.')}\\]: (.*)$`, 'm');
        for (const argv of [['check', 'rapport'], ['build', 'rapport', '--out', 'ut']]) {
          const r = await runCli(argv, root);
          const output = r.stdout + r.stderr;
          expect(r.code, `${argv[0]}: ${output}`).toBe(1);
          const hit = located.exec(output);
          expect(hit, `${argv[0]} says no ${c.code} at profil.yaml:${line}:${column}:\n${output}`).not.toBeNull();
          expect(hit![1]).toMatch(c.says);
          // Nothing of the report is read or said: the profile's diagnostics only.
          expect(output.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).every((l) => l.startsWith('profil.yaml:'))).toBe(true);
          expectClean(output);
        }
        expect(existsSync(path.join(root, 'ut'))).toBe(false);
      }, 60_000);
    }
  }
});

describe('scales the tool names (kontroll, aktivitet)', () => {
  const eskilstuna = KOMMUNER[1]!;
  const without = (id: string) => {
    const doc = docOf(readFileSync(eskilstuna.profile, 'utf8'));
    doc.deleteIn(['skalor', id]);
    return doc.toString();
  };

  it('are in the standard profile, and a profile without them has the standard profile’s', () => {
    const standard = loadProfile(STANDARD_PROFILE).profile!;
    for (const id of Object.keys(TOOL_SCALES)) expect(standard.hasScale(id)).toBe(true);
    const root = project(eskilstuna, without('kontroll'));
    const { profile, diagnostics } = loadProfile(path.join(root, 'profil.yaml'));
    expect(diagnostics).toEqual([]);
    expect(profile!.scale('kontroll')).toEqual(standard.scale('kontroll'));
  });

  it('a kontrollmoment assessed under a profile without kontroll is shown in the standard profile’s words, and a word outside it is located in the report', async () => {
    const root = project(eskilstuna, without('kontroll'));
    const ik = path.join(root, 'rapport', 'internkontroll.yaml');
    const text = readFileSync(ik, 'utf8');
    writeFileSync(ik, text.replace('bedömning: uppgift saknas   # "●" utan färg (S:646)', 'bedömning: mindre_brister'));
    const built = await runCli(['build', 'rapport', '--out', 'ut'], root);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'ut', 'rapport.html'), 'utf8')).toContain('Mindre brister');

    writeFileSync(ik, text.replace('bedömning: uppgift saknas   # "●" utan färg (S:646)', 'bedömning: brister'));
    const checked = await runCli(['check', 'rapport'], root);
    expect(checked.code).toBe(1);
    expect(checked.stdout + checked.stderr).toMatch(/^rapport\/internkontroll\.yaml:\d+:\d+: fel\[schema\.värde\]: .*ogiltigt värde "brister"; tillåtna värden: utan_anmärkning, mindre_brister/m);
    expectClean(checked.stdout + checked.stderr);
  }, 120_000);

  it('the bilaga’s activities under a profile without aktivitet: the standard profile’s words, exit 0 (was internt fel, exit 2)', async () => {
    const root = project(eskilstuna, without('aktivitet'));
    const r = await runCli(['build', 'rapport', '--out', 'ut'], root);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'ut', 'rapport.html'), 'utf8')).toContain('Enligt plan');
    expectClean(r.stdout + r.stderr);
  }, 120_000);
});

describe('deleting any top-level key, scale or level of the standard profile: a located diagnostic or a clean build, never exit 2', () => {
  const original = readFileSync(STANDARD_PROFILE, 'utf8');
  const j = docOf(original).toJS() as Shape['j'] & Record<string, unknown>;
  const deletions: Path[] = [...Object.keys(j).map((k) => [k]), ...Object.keys(j.skalor).map((k) => ['skalor', k]), ...Object.keys(j.målstruktur.nivåer).map((k) => ['målstruktur', 'nivåer', k])];
  for (const p of deletions) {
    it(`without ${p.join('.')}`, async () => {
      const doc = docOf(original);
      doc.deleteIn(p);
      const root = project(KOMMUNER[0]!, doc.toString());
      const checked = await runCli(['check', 'rapport'], root);
      const built = await runCli(['build', 'rapport', '--out', 'ut'], root);
      for (const [r, what] of [[checked, 'check'], [built, 'build']] as const) {
        const output = r.stdout + r.stderr;
        expect([0, 1], `${what}: ${output}`).toContain(r.code);
        expectClean(output);
        // Every error is located in a file; the profile's in profil.yaml under a profil.* code.
        for (const l of output.split('\n').filter((x) => /fel\[/.test(x))) expect(l).toMatch(/^(profil\.yaml:\d+:\d+: fel\[profil\.|rapport\/\S+:\d+:\d+: fel\[)/);
      }
      expect(built.code).toBe(checked.code);
      if (built.code === 0) expect(existsSync(path.join(root, 'ut', 'rapport.pdf'))).toBe(true);
      else expect(checked.stdout + checked.stderr).toMatch(/^profil\.yaml:\d+:\d+: fel\[profil\.(saknas|struktur)\]/m);
    }, 120_000);
  }
});
