/**
 * The editor's hover is the schema's description: every key of the JSON Schemas (every committed one
 * in schemas/ – report, profile, theme, kommun – and the profile's from `rapport schema`) says in
 * Swedish what it holds, and the profile's schema gives the money tables' columns the profile's
 * headings and default columns per report type.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile, STANDARD_PROFILE } from '../../src/profile/profile.js';
import { PROFILE_SCHEMA_FILE, PROFILE_SCHEMA_FULL_FILE, profileSchemas } from '../../src/json-schema/profile-schema.js';
import { RrKolumn } from '../../src/schema/money-tables.js';
import { ROOT } from '../helpers.js';

type Json = Record<string, any>;

/** Follows a local `$ref` ("#/definitions/…"). */
function resolve(root: Json, node: Json): Json {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let at: any = root;
  for (const part of ref.slice(2).split('/')) at = at?.[decodeURIComponent(part)];
  return at ?? node;
}

/** The path of every property (a key under some `properties`) that has neither description nor title. */
function undescribed(root: Json): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    const props = (node as Json)['properties'];
    if (props && typeof props === 'object' && !Array.isArray(props)) {
      for (const [key, value] of Object.entries(props as Record<string, Json>)) {
        const target = resolve(root, value);
        const has = (n: Json) => typeof n['description'] === 'string' || typeof n['title'] === 'string';
        if (!has(value) && !has(target)) out.push(`${at}/properties/${key}`);
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
  };
  walk(root, '#');
  return out;
}

function load(file: string): Profile {
  const { profile, diagnostics } = loadProfile(file, ROOT);
  expect(diagnostics).toEqual([]);
  return profile!;
}

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** A kommun's own profile: one goal level, its own headings, fewer default columns, none for driftredovisning. */
const CUSTOM_PROFILE = `organisation: Testby kommun
målstruktur:
  rot: [mål]
  nivåer:
    mål:
      namn: Mål
skalor: {}
rapporttyper:
  delårsrapport:
    tabeller:
      resultaträkning: [utfall, prognos]
    kolumner:
      utfall: "Utfall jan–{månad} {år}"
      prognos: "Helårsprognos {år}"
  verksamhetsberättelse:
    tabeller:
      resultaträkning: [utfall, budget_helår]
    kolumner:
      utfall: "Årets utfall {år}"
      budget_helår: "Årsbudget {år}"
`;

function customProfile(): Profile {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-beskrivning-'));
  tmp.push(dir);
  const file = path.join(dir, 'profil.yaml');
  writeFileSync(file, CUSTOM_PROFILE);
  return load(file);
}

/** Every committed schema: schemas/*.json. */
const COMMITTED = readdirSync(path.join(ROOT, 'schemas'))
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('every key of the schemas is described (the editor\'s hover)', () => {
  it('covers every committed schema', () => {
    expect(COMMITTED).toEqual(expect.arrayContaining(['kommun.schema.json', 'profil.schema.json', 'rapport-komplett.schema.json', 'rapport.schema.json', 'tema.schema.json']));
  });

  for (const name of COMMITTED) {
    it(`schemas/${name}`, () => {
      const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as Json;
      expect(undescribed(schema)).toEqual([]);
    });
  }

  for (const [kommun, file] of [
    ['standardprofilen', STANDARD_PROFILE],
    ['Eskilstuna', path.join(ROOT, 'examples', 'eskilstuna', 'profil.yaml')],
    ['Linköping', path.join(ROOT, 'examples', 'linkoping', 'profil.yaml')],
  ] as const) {
    it(`the profile's schemas (rapport schema) for ${kommun}`, () => {
      const schemas = profileSchemas(load(file));
      for (const name of [PROFILE_SCHEMA_FILE, PROFILE_SCHEMA_FULL_FILE]) expect(undescribed(schemas[name] as Json), name).toEqual([]);
    });
  }

  it('finds a key without one', () => {
    expect(undescribed({ properties: { a: { type: 'string', description: 'A' }, b: { type: 'object', properties: { c: { type: 'string' } } } } })).toEqual([
      '#/properties/b',
      '#/properties/b/properties/c',
    ]);
  });
});

describe('the money tables\' columns in the profile\'s schema', () => {
  const ekonomi = (profile: Profile) => (profileSchemas(profile)[PROFILE_SCHEMA_FILE] as Json)['properties']['ekonomi']['properties'];

  it('gives each resultaträkning column the headings of a kommun\'s own profile per report type, and marks its default columns', () => {
    const rr = ekonomi(customProfile())['resultaträkning'];
    const column = rr['properties']['kolumner']['items']['anyOf'].find((s: Json) => Array.isArray(s['enum']));
    expect(column['enum']).toEqual(RrKolumn.options);
    const text = (c: string) => column['enumDescriptions'][column['enum'].indexOf(c)] as string;
    expect(text('utfall')).toContain('delårsrapport: "Utfall jan–{månad} {år}" (standard)');
    expect(text('utfall')).toContain('verksamhetsberättelse: "Årets utfall {år}" (standard)');
    expect(text('prognos')).toContain('delårsrapport: "Helårsprognos {år}" (standard)');
    expect(text('prognos')).toMatch(/verksamhetsberättelse: ingen rubrik i profilen/);
    expect(text('budget_helår')).toMatch(/delårsrapport: ingen rubrik i profilen.* · verksamhetsberättelse: "Årsbudget \{år\}" \(standard\)$/);
    expect(text('utfall')).toMatch(/^Utfall för perioden\./);
    expect(column['markdownEnumDescriptions'][column['enum'].indexOf('utfall')]).toContain('**delårsrapport**: "Utfall jan–{månad} {år}" (standard)');
    // Only the profile's own words: nothing of the standard profile.
    expect(column['enumDescriptions'].join('\n')).not.toMatch(/Bokslut|"Årsprognos|Budget \{Månad\}/);
    expect(column['markdownDescription']).toContain('Testby kommun');
  });

  it('says which columns the table shows by default per report type, and describes each key of rubriker', () => {
    const tables = ekonomi(customProfile());
    const kolumner = tables['resultaträkning']['properties']['kolumner'];
    expect(kolumner['description']).toContain('delårsrapport: utfall, prognos; verksamhetsberättelse: utfall, budget_helår');
    expect(kolumner['markdownDescription']).toContain('- **delårsrapport**: `utfall`, `prognos`');
    // No default columns for driftredovisning in either report type: the table must list its own.
    expect(tables['driftredovisning']['items']['properties']['kolumner']['description']).toContain('delårsrapport: inga; tabellen anger sina kolumner');
    const rubriker = tables['resultaträkning']['properties']['rubriker'];
    expect(Object.keys(rubriker['properties'])).toEqual(RrKolumn.options);
    expect(rubriker['properties']['budget_helår']['description']).toContain('verksamhetsberättelse: "Årsbudget {år}" (standard)');
  });

  it('follows the standard profile just as well (nothing of it is built in)', () => {
    const kolumner = ekonomi(load(STANDARD_PROFILE))['investeringsredovisning']['items']['properties']['kolumner'];
    const standard = load(STANDARD_PROFILE);
    for (const typ of ['delårsrapport', 'verksamhetsberättelse'] as const) {
      expect(kolumner['description']).toContain(`${typ}: ${standard.defaultColumns(typ, 'investeringsredovisning')!.join(', ')}`);
    }
  });
});
