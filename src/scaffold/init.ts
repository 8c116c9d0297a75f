/**
 * `rapport init`: a fresh, compilable report folder. Texts to write are placeholders («FYLL I: …»,
 * src/check/placeholders.ts); figures it does not know are left out or written `uppgift saknas`,
 * with a placeholder in a comment beside them. check lists the placeholders; build refuses them.
 * (`rapport ny-period`, the next period's report from the current one: rollover.ts.)
 */
import { SAKNAS } from '../schema/absent.js';
import { placeholder } from '../check/placeholders.js';
import { findProfile, loadProfile, type Profile } from '../profile/profile.js';
import type { NodeKravField } from '../schema/profile.js';
import { existsSync, readFileSync } from 'node:fs';
import { writeFilesAtomic } from '../build/write-atomic.js';
import { profileModeline, profileSchemaDir, profileSchemaFiles } from '../json-schema/profile-schema.js';
import path from 'node:path';
import { stringify } from 'yaml';
import { MONTHS_LONG } from '../format/months.js';
import { RR_SUMMA_ROLLER } from '../schema/money-tables.js';
import { RR_BASE } from '../derive/economy.js';

import type { RapportTypNamn } from './rollover-period-labels.js';
import { ensureEmptyTarget, validateDates, writeYaml } from './target-folder.js';


export interface InitOptions {
  kommun: string;
  nämnd: string;
  förkortning: string;
  förvaltning: string;
  typ: RapportTypNamn;
  nummer?: number;
  år: number;
  från: string;
  till: string;
  dnr?: string;
}


// ---------------------------------------------------------------------------------------------
// init

function månad(date: string): number {
  return Number(date.slice(5, 7)) - 1;
}

function månadsnamn(names: readonly string[], index: number): string {
  return names[index] ?? '';
}

/** A YAML double-quoted string (JSON strings are valid YAML). */
function q(s: string): string {
  return JSON.stringify(s);
}

function rapportNamn(typ: RapportTypNamn, nummer: number | undefined, år: number): string {
  return typ === 'delårsrapport' ? `Delårsrapport${nummer ? ` ${nummer}` : ''} ${år}` : `Verksamhetsberättelse ${år}`;
}

/** Create a new report folder in `target` (must not exist or be empty). Returns the written files. */
export function initReport(target: string, options: InitOptions): { files: string[] } {
  const o = options;
  validateDates(o.från, o.till);
  if (o.nummer !== undefined && (!Number.isInteger(o.nummer) || o.nummer < 1 || o.nummer > 3)) {
    throw new Error(`ogiltigt nummer ${o.nummer}: delårsrapportens nummer är 1–3`);
  }
  ensureEmptyTarget(target);
  // The goal skeleton follows the profile of the folder the report is created in, and so does the
  // editor's schema: the files' modeline names the kommun's own schema (rapport schema), written now.
  const profileFile = findProfile(path.dirname(path.resolve(target)));
  const { profile, diagnostics: profileDiagnostics } = loadProfile(profileFile);
  if (!profile) throw new Error(`profilen kan inte läsas: ${profileDiagnostics[0]?.message ?? ''}`);
  const schemaDir = profileSchemaDir(profileFile, target);
  const schemaFiles = Object.entries(profileSchemaFiles(profile))
    .map(([name, text]) => [path.join(schemaDir, name), text] as [string, string])
    .filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
  if (schemaFiles.length > 0) writeFilesAtomic(schemaFiles);
  const ml = profileModeline(target, schemaDir);
  const m = månad(o.till);
  const mFrån = månad(o.från);
  const periodText = `${månadsnamn(MONTHS_LONG, mFrån)}–${månadsnamn(MONTHS_LONG, m)} ${o.år}`;
  const namn = rapportNamn(o.typ, o.nummer, o.år);

  const rapport = `${ml}
# ${namn} för ${o.nämnd}: metadata, förslag till beslut, ärendebeskrivning och sammanfattning.

kommun: ${q(o.kommun)}
nämnd:
  namn: ${q(o.nämnd)}
  förkortning: ${q(o.förkortning)}
förvaltning:
  namn: ${q(o.förvaltning)}
rapport:
  typ: ${o.typ}
${o.nummer !== undefined ? `  nummer: ${o.nummer}\n` : ''}  år: ${o.år}
  period:
    från: ${o.från}
    till: ${o.till}
dnr: ${q(o.dnr ?? placeholder('diarienummer'))}

förslag_till_beslut:
  - ${q(`${namn}, ${periodText}, godkänns och överlämnas till kommunstyrelsen.`)}

mottagare:
  - Kommunstyrelsen

undertecknare:
  - namn: ${q(placeholder('namn'))}
    titel: förvaltningschef
    organisation: ${q(o.förvaltning)}

ärendebeskrivning:
  - text: |
      ${placeholder('Skriv ärendebeskrivningen.')}

sammanfattning: |
  ${placeholder('Skriv sammanfattningen.')}
`;

  const mal = `${ml}
# Målstrukturen enligt profilen (${profile.data.organisation}): ${profile.levelKeys.map((k) => profile.level(k).namn).join(' → ')}.
# En nod per nivå att fylla i; bedömningarna står på "uppgift saknas" tills de är gjorda.

${stringify({ mål: goalSkeleton(profile, o.till, o.förkortning) }, { lineWidth: 0 })}`;

  // No amount is known yet: a post's amounts are left out (an empty cell, never 0,0), and a
  // placeholder in a comment says what to write. Summa, resultat rows are left to the tool: it
  // derives them, and a value copied from the ledger can be added later to be checked.
  const SUMS: ReadonlySet<string> = new Set(RR_SUMMA_ROLLER);
  // The profile's columns for this kind of report; the avvikelser are derived, never written.
  const rrColumns = profile.defaultColumns(o.typ, 'resultaträkning') ?? [];
  // What the author writes: the shown amounts and the operands of the shown avvikelser (prognos −
  // budget helår), in the resultaträkning's own order.
  const operands: Record<string, readonly string[]> = { budgetavvikelse: ['utfall', 'budget'], prognosavvikelse: ['prognos', 'budget_helår'] };
  const written = new Set(rrColumns.flatMap((c) => operands[c] ?? (c.includes('avvikelse') ? [] : [c])));
  const amountColumns = RR_BASE.filter((c) => written.has(c));
  const rr = (id: string, namn: string, roll: string) =>
    `      - id: ${id}
        namn: ${namn}
        roll: ${roll}
` +
    (SUMS.has(roll) ? '' : `        # ${placeholder(amountColumns.length > 0 ? `beloppen i mnkr: ${amountColumns.join(', ')}` : 'beloppen i mnkr, en per kolumn')}
`);
  const ekonomi = `${ml}
# Ekonomisk redovisning. Belopp i mnkr med en decimal (t.ex. -296.3); kostnader negativa.
# Avvikelser och summarader beräknas av verktyget. Ett belopp som inte är känt lämnas bort.

ekonomi:
  resultaträkning:
    id: resultatrakning
    rubrik: Resultaträkning
    enhet: mnkr
    visning:
      decimaler: 1
    # Kolumnerna och rubrikerna är profilens för en ${o.typ}: ${rrColumns.join(', ')}.
    # Ange kolumner: och rubriker: här bara om rapporten trycker andra.
    rader:
${[
  rr('kommunersattning', 'Kommunersättning/skolpeng', 'intäkt'),
  rr('ovriga-intakter', 'Övriga intäkter', 'intäkt'),
  rr('summa-intakter', 'Summa INTÄKTER', 'summa_intäkter'),
  rr('personalkostnader', 'Personalkostnader', 'kostnad'),
  rr('lokalkostnader', 'Lokalkostnader', 'kostnad'),
  rr('kop-av-verksamhet', 'Köp av verksamhet', 'kostnad'),
  rr('ovriga-kostnader', 'Övriga kostnader', 'kostnad'),
  rr('summa-kostnader', 'Summa KOSTNADER', 'summa_kostnader'),
  rr('finansnetto', 'FINANSNETTO', 'finansnetto'),
  rr('resultat', 'Summa ÅRETS RESULTAT exkl över-/underskott', 'resultat'),
  rr('over-underskott', 'Över-/underskott', 'över_underskott'),
  rr('summa-rr', 'Summa RR verksamhetsrapportering', 'summa'),
].join('')}`;

  // A value the profile requires (krav: krävs) has no absent form: the placeholder stands in its place.
  const absentRisk = (entity: 'risk' | 'kontrollmoment', field: 'sannolikhet' | 'konsekvens' | 'bedömning', what: string) =>
    (profile.entityRequirement(entity, field as never) === 'krävs' ? q(placeholder(what)) : SAKNAS);
  const internkontroll = `${ml}
# Intern styrning och kontroll: strategiska mål, risker och kontrollmoment.

internkontroll:
  rubrik: Intern styrning och kontroll
  mål:
    - id: strategiskt-mal
      namn: ${q(placeholder('det strategiska målets namn'))}
      perspektiv: ${profile.rootKeys[0]!.replace(/_/g, "-")}-1
      risker:
        - id: risk
          risk: ${q(placeholder('Skriv risken.'))}
          sannolikhet: ${absentRisk('risk', 'sannolikhet', 'sannolikhet 1–5')}
          konsekvens: ${absentRisk('risk', 'konsekvens', 'konsekvens 1–5')}
          kontrollmoment:
            - id: kontrollmoment
              text: ${q(placeholder('Skriv kontrollmomentet.'))}
              bedömning: ${absentRisk('kontrollmoment', 'bedömning', `bedömning (${profile.scaleKeys('kontroll')?.join(', ') ?? 'kontroll'})`)}
`;

  const personal = `${ml}
# Personal: antal anställda, sjukfrånvaro och nyckeltal. Antal anställda skrivs så här, med
# heltal i stället för <antal> (totalt räknas ut):
#   anställda:
#     id: anstallda
#     kvinnor: <antal>
#     män: <antal>

personal:
  # ${placeholder('antal anställda (anställda: kvinnor och män, se ovan)')}
  sjukfrånvaro:
    - id: sjukfranvaro
      period: ${q(periodText)}
      typ: period
      # ${placeholder('sjukfrånvaron i procent: totalt, kvinnor och män, t.ex. totalt: 6.1')}
`;

  const files = [
    writeYaml(target, 'rapport.yaml', rapport),
    writeYaml(target, 'mal.yaml', mal),
    writeYaml(target, 'ekonomi.yaml', ekonomi),
    writeYaml(target, 'internkontroll.yaml', internkontroll),
    writeYaml(target, 'personal.yaml', personal),
  ];
  return { files: [...files, ...schemaFiles.map(([file]) => file)] };
}

/** One node per goal level of the profile, with every field the level has, written "uppgift saknas" until the author states it. */
function goalSkeleton(profile: Profile, till: string, förkortning: string): Record<string, unknown[]> {
  const node = (key: string, seen: string[]): Record<string, unknown> => {
    const level = profile.level(key);
    const n: Record<string, unknown> = { id: `${key.replace(/_/g, '-')}-1`, namn: placeholder(`namnet (${level.namn.toLowerCase()})`) };
    // Not yet assessed: "uppgift saknas". Where the profile requires a value (krav: krävs) there is no
    // absent form and no value to invent: the placeholder stands there, and check says what to write.
    const absent = (field: NodeKravField, what: string) => (profile.requirement(key, field) === 'krävs' ? placeholder(what) : SAKNAS);
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) n[field] = absent(field, `${field} (${profile.scaleKeys(scale)?.join(', ') ?? scale})`);
    }
    if (level.färdiggrad !== undefined) n['färdiggrad'] = absent('färdiggrad', 'färdiggrad i procent');
    if (level.ansvar) n['ansvar'] = [förkortning];
    if (level.sammanställning) {
      const target = profile.levelKeys.find((k) => k !== key && profile.level(k).bedömning && isBelow(profile, key, k));
      if (target) n['sammanställning'] = target;
    }
    if (level.visning === 'avsnitt') n['text'] = `${placeholder('Skriv texten.')}\n`;
    else n['kommentar'] = { datum: till, text: `${placeholder('Skriv kommentaren.')}\n` };
    for (const child of level.undernivåer) if (!seen.includes(child)) n[child] = [node(child, [...seen, key])];
    return n;
  };
  return Object.fromEntries(profile.rootKeys.map((r) => [r, [node(r, [])]]));
}

function isBelow(profile: Profile, from: string, target: string): boolean {
  return profile.level(from).undernivåer.some((c) => c === target || isBelow(profile, c, target));
}
