/**
 * JSON Schemas for the editor generated from one organisation profile (`rapport schema`): the goal
 * tree under `mål:` with the profile's own level keys, each scale field as an enum of the profile's
 * values with their meaning, each money table's columns with their headings and default columns per
 * report type, and every mapping closed (`additionalProperties: false`) so that an unknown key is
 * reported as unknown. The generic schemas in schemas/ cannot know the profile.
 *
 * The schemas are written beside the profile, in `<profilmapp>/.rapport/schema/`, and a report
 * file names them with a relative `$schema` modeline (see docs/format.md, "JSON Schema i editorn").
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFilesAtomic } from '../build/write-atomic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findReportFolders } from '../load/report-folder.js';
import { SAKNAS } from '../schema/absent.js';
import { findProfile, loadProfile, type Profile, type ReportKind, STANDARD_PROFILE } from '../profile/profile.js';
import { type Level, type Scale, TABLE_KINDS, type TableKind } from '../schema/profile.js';
import { serializeSchema } from './schemas.js';
import { buildReportSchema } from '../schema/report.js';
import { COLUMN_KIND_IN_DESCRIPTION } from '../schema/money-columns.js';
import { COLUMN_MEANINGS } from '../schema/money-tables.js';

/** The folder, relative to the profile's folder, that holds the generated schemas. */
export const PROFILE_SCHEMA_DIR = path.join('.rapport', 'schema');
/** The schema for one YAML file of a report folder: the one a modeline names. */
export const PROFILE_SCHEMA_FILE = 'rapport.schema.json';
/** The schema for the whole report (all files merged). */
export const PROFILE_SCHEMA_FULL_FILE = 'rapport-komplett.schema.json';

type Json = Record<string, unknown>;

/**
 * Where the schemas of a report folder's profile are written: beside its profil.yaml, or, for a
 * report under the standard profile, in the folder that holds the report folder (where its
 * profil.yaml would stand).
 */
export function profileSchemaDir(profileFile: string, reportDir: string): string {
  const base = path.resolve(profileFile) === STANDARD_PROFILE ? path.dirname(path.resolve(reportDir)) : path.dirname(path.resolve(profileFile));
  return path.join(base, PROFILE_SCHEMA_DIR);
}

/** The modeline for a YAML file in `fileDir` whose schema stands in `schemaDir` (a relative, `/`-separated path). */
export function profileModeline(fileDir: string, schemaDir: string): string {
  const rel = path.relative(path.resolve(fileDir), path.join(path.resolve(schemaDir), PROFILE_SCHEMA_FILE)).split(path.sep).join('/');
  return `# yaml-language-server: $schema=${rel}`;
}

/** The schemas of one profile, by file name: serialized, deterministic (the same profile gives the same bytes). */
export function profileSchemaFiles(profile: Profile): Record<string, string> {
  const schemas = profileSchemas(profile);
  return Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, serializeSchema(s)]));
}

/** The schemas of one profile as JSON values: one file of a report folder, and the whole report. */
export function profileSchemas(profile: Profile): Record<string, Json> {
  const full = buildReportSchema(profile);
  const common = { target: 'draft-7' as const, io: 'input' as const, unrepresentable: 'any' as const };
  const org = profile.data.organisation;
  const header = (schema: Json, title: string, description: string): Json => {
    const { $schema, ...rest } = schema;
    return {
      $schema,
      $comment: 'Genererad av `rapport schema` ur profil.yaml; redigera inte för hand. Kör rapport schema igen när profilen ändras.',
      title,
      description,
      ...rest,
    };
  };
  const fragment = enrich(z.toJSONSchema(full.partial(), common) as Json, profile);
  const complete = enrich(z.toJSONSchema(full, common) as Json, profile);
  return {
    [PROFILE_SCHEMA_FILE]: header(
      fragment,
      `rapport – en fil i en rapportmapp (${org})`,
      `En YAML-fil i en rapportmapp under profilen för ${org}: valfri delmängd av rapportens toppnycklar, med profilens målstruktur och skalor.`,
    ),
    [PROFILE_SCHEMA_FULL_FILE]: header(complete, `rapport – hela rapporten (${org})`, `Rapportmappens alla YAML-filer sammanslagna, under profilen för ${org}.`),
  };
}

const SCALE_IN_DESCRIPTION = /profilens skala "([^"]+)"/;

/** The text of a value that may differ by tense. */
function tempus(t: string | { delår: string; helår: string }): string {
  return typeof t === 'string' ? t : `${t.delår} (delår) / ${t.helår} (helår)`;
}

/** One value's meaning: symbol, text and the sentence of Förklaring symboler. */
function valueMeaning(scale: Scale, key: string): { plain: string; markdown: string } {
  if (key === SAKNAS) {
    const text = 'Uppgift saknas: rapporten anger inte värdet; visas som "Uppgift saknas"';
    return { plain: text, markdown: text };
  }
  const v = scale.värden[key];
  if (!v) return { plain: key, markdown: key };
  const ejBedömd = scale.ej_bedömd === key ? ' (skalans "kan ej bedömas")' : '';
  const plain = `${v.symbol} ${tempus(v.text)} – ${v.förklaring}${ejBedömd}`;
  return { plain, markdown: `${v.symbol} **${tempus(v.text)}** – ${v.förklaring}${ejBedömd}` };
}

/** Gives each scale enum (recognised by the scale named in its description) its values' meanings. */
function describeScaleEnum(node: Json, profile: Profile): void {
  const enumValues = node['enum'];
  const description = node['description'];
  if (!Array.isArray(enumValues) || typeof description !== 'string') return;
  const id = SCALE_IN_DESCRIPTION.exec(description)?.[1];
  const scale = id === undefined ? undefined : profile.data.skalor[id];
  if (!scale) return;
  const meanings = enumValues.map((v) => valueMeaning(scale, String(v)));
  node['enumDescriptions'] = meanings.map((m) => m.plain);
  node['markdownEnumDescriptions'] = meanings.map((m) => m.markdown);
  // The values' meanings are listed by the editor itself (hover: "Allowed Values", completion: each item).
  node['markdownDescription'] = `${description}. **${scale.namn}**${scale.intro ? ` – ${scale.intro}` : ''}`;
}

/** The table kind a column enum names in its description (see columnEnum in report.ts). */
function columnKind(node: unknown): TableKind | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const { enum: values, description } = node as Json;
  if (!Array.isArray(values) || typeof description !== 'string') return undefined;
  const kind = COLUMN_KIND_IN_DESCRIPTION.exec(description)?.[1];
  return (TABLE_KINDS as readonly (string | undefined)[]).includes(kind) ? (kind as TableKind) : undefined;
}

/** The profile's report types (rapporttyper), in its order. */
const reportKinds = (profile: Profile) => Object.keys(profile.data.rapporttyper) as ReportKind[];

/** A column's heading in one report type of the profile, and whether a table of the kind shows it by default there. */
function columnInReport(profile: Profile, report: ReportKind, kind: TableKind, column: string): { plain: string; markdown: string } {
  const heading = profile.columnTemplates(report)[column];
  const shown = profile.defaultColumns(report, kind)?.includes(column) ? ' (standard)' : '';
  const text = heading === undefined ? 'ingen rubrik i profilen (ange den under rubriker)' : `"${heading}"`;
  return { plain: `${report}: ${text}${shown}`, markdown: `**${report}**: ${heading === undefined ? `*${text}*` : text}${shown}` };
}

const PLACEHOLDERS = 'I rubrikerna blir {år} rapportåret, {fg} föregående år, {månad} och {Månad} periodens sista månad (aug, Aug)';

/** Gives each money table's column enum (recognised by the table kind in its description) the profile's headings per report type. */
function describeColumnEnum(node: Json, profile: Profile): void {
  const kind = columnKind(node);
  if (!kind) return;
  const columns = (node['enum'] as unknown[]).map(String);
  const texts = columns.map((c) => {
    const meaning = COLUMN_MEANINGS[kind][c];
    const per = reportKinds(profile).map((r) => columnInReport(profile, r, kind, c));
    return {
      plain: `${meaning ? `${meaning}. ` : ''}Rubrik: ${per.map((p) => p.plain).join(' · ')}`,
      markdown: `${meaning ? `${meaning}.\n\n` : ''}${per.map((p) => p.markdown).join(' · ')}`,
    };
  });
  node['enumDescriptions'] = texts.map((t) => t.plain);
  node['markdownEnumDescriptions'] = texts.map((t) => t.markdown);
  node['markdownDescription'] =
    `Kolumn i tabellslaget ${kind}, med rubriken per rapporttyp enligt profilen för ${profile.data.organisation}; (standard): kolumnen visas när tabellen inte anger kolumner. ${PLACEHOLDERS}.`;
}

/** The default columns of a table kind per report type, as a sentence and as Markdown. */
function defaultColumnsText(profile: Profile, kind: TableKind): { plain: string; markdown: string } {
  const per = reportKinds(profile).map((r) => {
    const cols = profile.defaultColumns(r, kind);
    return { r, cols: cols && cols.length > 0 ? cols : undefined };
  });
  const none = 'inga; tabellen anger sina kolumner';
  return {
    plain: per.map(({ r, cols }) => `${r}: ${cols ? cols.join(', ') : none}`).join('; '),
    markdown: per.map(({ r, cols }) => `- **${r}**: ${cols ? cols.map((c) => `\`${c}\``).join(', ') : `*${none}*`}`).join('\n'),
  };
}

/**
 * A money table (recognised by the column enum of its `kolumner` list): the list says which columns
 * the profile shows by default per report type, and each key of `rubriker` its headings.
 */
function describeMoneyTable(node: Json, profile: Profile): void {
  const fields = node['properties'] as Record<string, Json> | undefined;
  const kolumner = fields?.['kolumner'];
  const anyOf = (kolumner?.['items'] as Json | undefined)?.['anyOf'];
  const kind = Array.isArray(anyOf) ? anyOf.map(columnKind).find((k) => k !== undefined) : undefined;
  if (!fields || !kolumner || !kind) return;
  const defaults = defaultColumnsText(profile, kind);
  const base = typeof kolumner['description'] === 'string' ? kolumner['description'] : 'Kolumner som visas, i ordning';
  kolumner['description'] = `${base}. Standard för ${kind} enligt profilen för ${profile.data.organisation}: ${defaults.plain}`;
  kolumner['markdownDescription'] = `${base}.\n\nStandard för ${kind} enligt profilen för ${profile.data.organisation}:\n\n${defaults.markdown}`;
  // rubriker: a key per column of the kind, with the heading it replaces.
  const rubriker = fields['rubriker'];
  const keys = (rubriker?.['propertyNames'] as Json | undefined)?.['enum'];
  if (!rubriker || !Array.isArray(keys) || columnKind(rubriker['propertyNames']) !== kind) return;
  rubriker['properties'] = Object.fromEntries(
    keys.map(String).map((c) => {
      const per = reportKinds(profile).map((r) => columnInReport(profile, r, kind, c));
      return [
        c,
        {
          type: 'string',
          description: `Egen rubrik för kolumnen ${c} i stället för profilens: ${per.map((p) => p.plain).join(' · ')}`,
          markdownDescription: `Egen rubrik för kolumnen \`${c}\` i stället för profilens.\n\n${per.map((p) => p.markdown).join(' · ')}`,
        },
      ];
    }),
  );
}

/** Title and description of a goal level's node and of the list that holds its nodes. */
function levelTexts(profile: Profile, key: string): { item: Json; list: Json } {
  const level: Level = profile.level(key);
  const parts = [`Nivån "${key}" i profilens målstruktur (${level.visning === 'tabell' ? 'visas som rad i en statustabell' : 'visas som eget avsnitt'}).`];
  const scaled = (['bedömning', 'trend', 'status'] as const).filter((f) => level[f] !== undefined).map((f) => `${f} (skalan "${level[f]}")`);
  if (scaled.length > 0) parts.push(`Fält med skala: ${scaled.join(', ')}.`);
  if (level.undernivåer.length > 0) parts.push(`Undernivåer: ${level.undernivåer.map((c) => `${c} (${profile.level(c).namn})`).join(', ')}.`);
  return {
    item: { title: level.namn, description: parts.join(' ') },
    list: { title: `${level.namn} (lista)`, description: `Lista med noder på nivån "${key}" – ${level.namn}. ${parts.slice(1).join(' ')}`.trim() },
  };
}

/** Follows a local `$ref` ("#/definitions/…" or "#/$defs/…"). */
function resolve(root: Json, node: Json): Json {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let at: unknown = root;
  for (const part of ref.slice(2).split('/')) at = (at as Json | undefined)?.[decodeURIComponent(part)];
  return (at as Json | undefined) ?? node;
}

/**
 * Adds what the Zod schema cannot say: the goal levels' titles, the scale values' meanings, and the
 * money tables' column headings and default columns per report type.
 */
function enrich(schema: Json, profile: Profile): Json {
  // Scale enums anywhere (goal fields, kontrollmoment, bilagornas aktiviteter); the money tables' columns.
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      describeScaleEnum(node as Json, profile);
      describeColumnEnum(node as Json, profile);
      describeMoneyTable(node as Json, profile);
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(schema);
  // The goal tree: each level's list and node, following the profile from the roots.
  const props = (node: Json | undefined) => (node ? (resolve(schema, node)['properties'] as Record<string, Json> | undefined) : undefined);
  const visitLevel = (key: string, list: Json | undefined, seen: Set<string>) => {
    if (!list || seen.has(key)) return;
    seen.add(key);
    const texts = levelTexts(profile, key);
    const resolvedList = resolve(schema, list);
    Object.assign(list, texts.list);
    const item = resolvedList['items'] as Json | undefined;
    if (!item) return;
    Object.assign(resolve(schema, item), texts.item);
    const fields = props(item);
    for (const child of profile.level(key).undernivåer) visitLevel(child, fields?.[child], seen);
  };
  const mål = props(schema)?.['mål'];
  const seen = new Set<string>();
  for (const root of profile.rootKeys) visitLevel(root, props(mål)?.[root], seen);
  if (mål) {
    mål['title'] = 'Målstruktur';
    mål['description'] = `Målstrukturen enligt profilen för ${profile.data.organisation}: ${profile.rootKeys.map((r) => `${r} (${profile.level(r).namn})`).join(', ')}.`;
  }
  return schema;
}

export interface SchemaRun {
  /** Files written or found unchanged, absolute paths. */
  files: { file: string; changed: boolean }[];
  /** Per report folder: the modeline its YAML files take. */
  modelines: { dir: string; modeline: string }[];
  diagnostics: Diagnostic[];
  /** Paths given that hold no report folder. */
  missing: string[];
}

/**
 * `rapport schema`: for each profile of the report folders under `paths`, writes its schemas into
 * `<profilmapp>/.rapport/schema/` (see profileSchemaDir). A file whose bytes are already right is
 * left as it is. A profile with errors writes nothing for its reports.
 */
export function writeProfileSchemas(paths: readonly string[], cwd: string): SchemaRun {
  const run: SchemaRun = { files: [], modelines: [], diagnostics: [], missing: [] };
  const { folders, missing, outside } = findReportFolders(paths, cwd);
  run.missing = [...missing, ...outside];
  const targets = new Map<string, { profileFile: string; dirs: string[] }>();
  for (const dir of [...folders].sort()) {
    const profileFile = findProfile(dir);
    const out = profileSchemaDir(profileFile, dir);
    const t = targets.get(out) ?? { profileFile, dirs: [] };
    t.dirs.push(dir);
    targets.set(out, t);
  }
  const writes: [string, string][] = [];
  for (const [out, { profileFile, dirs }] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { profile, diagnostics } = loadProfile(profileFile, cwd);
    run.diagnostics.push(...diagnostics);
    if (!profile) continue;
    for (const [name, text] of Object.entries(profileSchemaFiles(profile))) {
      const file = path.join(out, name);
      const changed = !existsSync(file) || readFileSync(file, 'utf8') !== text;
      if (changed) writes.push([file, text]);
      run.files.push({ file, changed });
    }
    for (const dir of dirs) run.modelines.push({ dir, modeline: profileModeline(dir, out) });
  }
  if (writes.length > 0) writeFilesAtomic(writes);
  return run;
}
