import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../../src/profile/profile.js';
import { PROFILE_SCHEMA_FILE, profileSchemaFiles, profileSchemas, writeProfileSchemas } from '../../src/json-schema/profile-schema.js';
import { ROOT } from '../helpers.js';

type Json = Record<string, any>;
const EXAMPLES = path.join(ROOT, 'examples');

function profileOf(kommun: string): Profile {
  const { profile, diagnostics } = loadProfile(path.join(EXAMPLES, kommun, 'profil.yaml'), ROOT);
  expect(diagnostics).toEqual([]);
  return profile!;
}

/** The node schema of a goal level, following the profile's path from a root. */
function levelNode(schema: Json, trail: string[]): Json {
  let node = schema['properties']['mål'];
  for (const key of trail) node = node['properties'][key]['items'];
  return node;
}

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('rapport schema: a JSON Schema from the profile', () => {
  it('lists Eskilstuna\'s own levels and scale values with their meaning, and closes every goal node', () => {
    const schema = profileSchemas(profileOf('eskilstuna'))[PROFILE_SCHEMA_FILE] as Json;
    const mål = schema['properties']['mål'];
    expect(Object.keys(mål['properties'])).toEqual(['perspektiv']);
    expect(mål['additionalProperties']).toBe(false);
    const område = levelNode(schema, ['perspektiv', 'processområden']);
    expect(område['title']).toBe('Processområde');
    expect(område['additionalProperties']).toBe(false);
    expect(område['properties']['bedömning']['enum']).toEqual(['uppnår', 'delvis', 'ej_uppnår', 'uppgift saknas']);
    expect(område['properties']['trend']['enum']).toEqual(['bättre', 'oförändrad', 'sämre', 'uppgift saknas']);
    expect(område['properties']['bedömning']['markdownEnumDescriptions'][0]).toMatch(/^\S+ \*\*.+\*\* – .+/);
    expect(område['properties']['bedömning']['enumDescriptions'].at(-1)).toMatch(/^Uppgift saknas/);
    const text = JSON.stringify(schema);
    for (const level of Object.values(profileOf('eskilstuna').data.målstruktur.nivåer)) expect(text).toContain(`"title":"${level.namn}"`);
  });

  it('lists Linköping\'s own levels (målområden → kf_mål → nämndmål, uppdragsgrupper → uppdrag) and scale values', () => {
    const schema = profileSchemas(profileOf('linkoping'))[PROFILE_SCHEMA_FILE] as Json;
    expect(Object.keys(schema['properties']['mål']['properties'])).toEqual(['målområden', 'uppdragsgrupper']);
    const nämndmål = levelNode(schema, ['målområden', 'kf_mål', 'nämndmål']);
    expect(nämndmål['title']).toBe('Nämndmål');
    const bedömning = nämndmål['properties']['bedömning'];
    expect(bedömning['enum'].filter((v: string) => v !== 'uppgift saknas')).toEqual(Object.keys(profileOf('linkoping').scale('nämndmål').värden));
    expect(bedömning['markdownDescription']).toContain('profilens skala "nämndmål"');
    expect(bedömning['enumDescriptions'][0]).toContain('Uppnås (delår) / Uppnått (helår)');
    const uppdrag = levelNode(schema, ['uppdragsgrupper', 'uppdrag']);
    expect(uppdrag['properties']['status']['enum']).toEqual(expect.arrayContaining(['genomförd', 'pågår']));
    expect(nämndmål['properties']).not.toHaveProperty('status');
  });

  for (const kommun of ['eskilstuna', 'linkoping']) {
    it(`every YAML file of ${kommun}'s example reports validates against the profile's schema`, () => {
      const schema = profileSchemas(profileOf(kommun))[PROFILE_SCHEMA_FILE] as Json;
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      const validate = ajv.compile(schema);
      let files = 0;
      for (const report of readdirSync(path.join(EXAMPLES, kommun), { withFileTypes: true })) {
        if (!report.isDirectory()) continue;
        const dir = path.join(EXAMPLES, kommun, report.name);
        const yamls = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
        if (!yamls.includes('rapport.yaml')) continue;
        for (const f of yamls) {
          const ok = validate(parse(readFileSync(path.join(dir, f), 'utf8')) ?? {});
          expect(ok, `${report.name}/${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
          files++;
        }
      }
      expect(files).toBeGreaterThan(5);
      // And a typo is an unknown key, not a type error.
      const bad = { mål: JSON.parse(JSON.stringify(parse(readFileSync(path.join(EXAMPLES, kommun, readdirSync(path.join(EXAMPLES, kommun)).find((d) => d.includes('-20'))!, 'mal.yaml'), 'utf8'))['mål'])) };
      const root = Object.keys(bad.mål)[0]!;
      bad.mål[root][0]['bedomning'] = 'uppnått';
      expect(validate(bad)).toBe(false);
      expect(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params['additionalProperty'] === 'bedomning')).toBe(true);
    }, 60_000);
  }

  it('is deterministic: the same bytes on every run, and rapport schema leaves unchanged files alone', () => {
    const a = profileSchemaFiles(profileOf('linkoping'));
    const b = profileSchemaFiles(profileOf('linkoping'));
    expect(a).toEqual(b);
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-schema-'));
    tmp.push(dir);
    cpSync(path.join(EXAMPLES, 'eskilstuna'), path.join(dir, 'eskilstuna'), { recursive: true });
    cpSync(path.join(EXAMPLES, 'linkoping'), path.join(dir, 'linkoping'), { recursive: true });
    const first = writeProfileSchemas(['.'], dir);
    expect(first.diagnostics).toEqual([]);
    expect(first.files.map((f) => [path.relative(dir, f.file), f.changed])).toEqual([
      ['eskilstuna/.rapport/schema/rapport.schema.json', true],
      ['eskilstuna/.rapport/schema/rapport-komplett.schema.json', true],
      ['linkoping/.rapport/schema/rapport.schema.json', true],
      ['linkoping/.rapport/schema/rapport-komplett.schema.json', true],
    ]);
    const bytes = first.files.map((f) => readFileSync(f.file, 'utf8'));
    expect(bytes[2]).toBe(a[PROFILE_SCHEMA_FILE]);
    const second = writeProfileSchemas(['.'], dir);
    expect(second.files.map((f) => f.changed)).toEqual([false, false, false, false]);
    expect(second.files.map((f) => readFileSync(f.file, 'utf8'))).toEqual(bytes);
    expect(first.modelines.find((m) => m.dir.endsWith('leanlink-vb-2023'))?.modeline).toBe('# yaml-language-server: $schema=../.rapport/schema/rapport.schema.json');
    expect(bytes.join('')).not.toContain(dir);
  });
});
