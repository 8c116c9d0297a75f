/** The goal tree (mål): node fields, the static schema for editors and each level's schema as the profile declares it. */
import { z } from 'zod';
import type { Krav, Saknas } from './absent.js';
import type { NodeKravField } from './profile.js';
import { date, id, kravField, orSaknas, type Prose, ProseSchema } from './fields.js';
import { indikatorSchema, type Indikator, IndikatorSchema } from './indicators.js';
import { personalTabellSchema, type PersonalTabell } from './personal.js';
import { scaleEnum, scaleOrSaknas, type SchemaProfile } from './scales.js';

// Goals: a tree whose levels the profile declares (målstruktur). Every node has the same fields;
// the profile decides which a level may or must have and under which keys its children stand.

/** The latest comment on a goal node; whether its date must be given is the level's krav for kommentar.datum. */
const kommentarSchema = (datumKrav: Krav) =>
  z
    .strictObject({
      datum: kravField(date, datumKrav, 'Datum för senaste kommentar, ÅÅÅÅ-MM-DD; ska ligga inom rapportperioden'),
      text: ProseSchema,
    })
    .describe('Senaste kommentar (datum) med text');
const kommentar = kommentarSchema('valfritt');

/** Which level below a node its summary table shows, and optionally the rows in the printed order. */
const sammanställningRef = z
  .union([
    z.string().describe('Nivå under noden vars bedömningar sammanställs'),
    z.strictObject({
      nivå: z.string().describe('Nivå under noden vars bedömningar sammanställs'),
      ordning: z.array(z.string()).min(1).optional().describe('Radernas id i den ordning tabellen trycker dem (standard: dokumentordning)'),
      rubrik: z.string().optional().describe('Tabellens rubrik (standard: nodens namn)'),
    }),
  ])
  .describe('Sammanställningen av nivån under noden');
export type SammanställningRef = z.output<typeof sammanställningRef>;

const INDIKATORER_DESCRIPTION = 'Indikatorer som följer upp målet, var och en med utfall per period och eventuellt målvärde';

/** Fields of a goal node besides its children. */
export const goalNodeFields = (indikatorer: z.ZodType = z.array(IndikatorSchema)) => ({
  id,
  namn: z.string().describe('Nodens namn eller text (för ett åtagande: texten utan ansvarslistan)'),
  rubrik: z.string().min(1).optional().describe('Rubriken som rapporten trycker för noden, när den skiljer sig från nivåns rubrikmall (t.ex. "Processområde Utbildning")'),
  beskrivning: z.string().optional().describe('En mening under namnet, t.ex. målets inriktning'),
  text: ProseSchema.optional(),
  kommentar: kommentar.optional(),
  ursprung: z.string().optional().describe('Varifrån noden kommer, t.ex. "Kvarstår från Budget 2021 med plan för 2022–2024"'),
  bedömning: scaleOrSaknas.optional().describe('Nodens bedömning: ett värde i nivåns skala i profilen, eller "uppgift saknas"'),
  trend: scaleOrSaknas.optional().describe('Nodens trend: ett värde i nivåns trendskala i profilen, eller "uppgift saknas"'),
  status: scaleOrSaknas.optional().describe('Nodens status, t.ex. ett åtagandes: ett värde i nivåns statusskala i profilen, eller "uppgift saknas"'),
  färdiggrad: orSaknas(z.number().int().min(0).max(100)).optional().describe('Hur långt arbetet kommit, procent'),
  ansvar: orSaknas(z.array(z.string()).min(1)).optional().describe('Ansvariga, t.ex. [KS, alla nämnder och bolag]'),
  katalog: z.string().optional().describe('Id i kommunens katalog (kommun.yaml) när noden är ett kommungemensamt åtagande'),
  indikatorer: indikatorer.optional().describe(INDIKATORER_DESCRIPTION),
  tabeller: z.array(personalTabellSchema(IndikatorSchema)).optional().describe('Tabeller med mått per period som rapporten trycker under noden, t.ex. sjukfrånvaron under Medarbetare'),
  sammanställning: sammanställningRef.optional(),
});

export interface GoalNode {
  id: string;
  namn: string;
  rubrik?: string;
  beskrivning?: string;
  text?: Prose;
  kommentar?: { datum?: string; text: Prose };
  ursprung?: string;
  /** A scale value, or "uppgift saknas" (SAKNAS). */
  bedömning?: string;
  trend?: string;
  status?: string;
  färdiggrad?: number | Saknas;
  ansvar?: string[] | Saknas;
  katalog?: string;
  indikatorer?: Indikator[];
  tabeller?: PersonalTabell[];
  sammanställning?: SammanställningRef;
  /** Children, under the keys of the level's undernivåer. */
  [level: string]: unknown;
}

/** The static goal schema: any level keys, any node fields (narrowed by the profile). */
const StaticGoalNode: z.ZodType = z.lazy(() => z.looseObject(goalNodeFields()).catchall(z.array(StaticGoalNode)));
export const StaticGoalsSchema = z.record(z.string(), z.array(StaticGoalNode)).describe('Målstrukturen; nivåerna och deras nycklar anges i profilen');

/** One level of the goal tree for reports of one profile: its fields, scale values and child levels. */
export function levelSchema(profile: SchemaProfile, key: string, built: Map<string, z.ZodType>): z.ZodType {
  const hit = built.get(key);
  if (hit) return hit;
  const level = profile.level(key);
  const f = goalNodeFields();
  const krav = (field: NodeKravField) => profile.requirement(key, field);
  const shape: Record<string, z.ZodType> = {
    id: f.id,
    namn: f.namn,
    rubrik: f.rubrik,
    beskrivning: f.beskrivning,
    text: f.text,
    kommentar: kommentarSchema(krav('kommentar.datum')).optional(),
    ursprung: f.ursprung,
  };
  for (const field of ['bedömning', 'trend', 'status'] as const) {
    const scale = level[field];
    if (!scale) continue;
    shape[field] = scaleEnum(profile, scale, `${level.namn}: ${field}`, krav(field));
  }
  if (level.färdiggrad !== undefined) {
    const steps = level.färdiggrad === true ? undefined : level.färdiggrad;
    const base = z.number().int().min(0).max(100);
    const value = (steps ? base.refine((v) => steps.includes(v), `färdiggrad är ett av stegen ${steps.join(', ')} (procent)`) : base).describe('Hur långt arbetet kommit, procent');
    shape['färdiggrad'] = kravField(value, krav('färdiggrad'), steps ? `Hur långt arbetet kommit, procent: ett av stegen ${steps.join(', ')}` : 'Hur långt arbetet kommit, procent (heltal 0–100)');
  }
  if (level.ansvar) shape['ansvar'] = kravField(z.array(z.string()).min(1), krav('ansvar'), 'Ansvariga, t.ex. [KS, alla nämnder och bolag]; visas inom parentes efter namnet');
  if (level.katalog) shape['katalog'] = f.katalog;
  shape['tabeller'] = z.array(personalTabellSchema(indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') }))).optional().describe(f.tabeller.description ?? '');
  if (level.indikatorer) shape['indikatorer'] = z.array(indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') })).default([]).describe(INDIKATORER_DESCRIPTION);
  const children = level.undernivåer;
  if (level.sammanställning && children.length > 0) {
    shape['sammanställning'] = sammanställningRef.optional().describe(`Nivå vars bedömningar sammanställs: ${children.join(' eller ')} eller en nivå under dem`);
  }
  for (const child of children) shape[child] = z.array(levelSchema(profile, child, built)).default([]);
  const schema = z.strictObject(shape).describe(level.namn);
  built.set(key, schema);
  return schema;
}
