/**
 * The report format, v1: one Zod schema per entity. The merged report (all YAML files of a
 * report folder) must satisfy `ReportSchema`; a single file satisfies `FragmentSchema`.
 *
 * Keys are Swedish domain words. Every entity that diffs, references and roll-ups key on has an `id`.
 * Money values are plain YAML numbers in the unit the table declares (`enhet`); the tool does all
 * arithmetic in exact decimals (see src/format/decimal.ts).
 *
 * This file composes the report; each part has its own file beside it: meta.ts (metadata, undantag),
 * sections.ts (ordning, generated sections' texts, chapters), goals.ts (mål), indicators.ts,
 * personal.ts, money-tables.ts (the ekonomi section, one schema per table kind) with
 * money-columns.ts (what every money table shares), internkontroll.ts, bilagor.ts, scales.ts
 * (scale values, SchemaProfile) and fields.ts (id, date, prose, figure references).
 */
import { z } from 'zod';
import type { GoalNode } from './goals.js';
import { levelSchema, StaticGoalsSchema } from './goals.js';
import { indikatorSchema } from './indicators.js';
import { internkontrollSchema, InternkontrollSchema } from './internkontroll.js';
import { klimatplanSchema, KlimatplanSchema } from './bilagor.js';
import { MetaShape } from './meta.js';
import { EkonomiSchema } from './money-tables.js';
import { personalTabellSchema, PersonalSchema } from './personal.js';
import { scaleEnum, type SchemaProfile } from './scales.js';

const SECTION_DESCRIPTIONS = {
  personal: 'Personal: anställda, sjukfrånvaro, nyckeltal och personaltabeller',
  internkontroll: 'Intern styrning och kontroll: mål med risker och kontrollmoment, eller bara en text',
  bilagor: 'Bilagor, t.ex. Plan för klimat med aktiviteter per fokusområde',
} as const;

export const SectionShape = {
  mål: StaticGoalsSchema,
  personal: PersonalSchema.optional().describe(SECTION_DESCRIPTIONS.personal),
  ekonomi: EkonomiSchema.prefault({}).describe('Ekonomisk redovisning: tabeller och text'),
  internkontroll: InternkontrollSchema.optional().describe(SECTION_DESCRIPTIONS.internkontroll),
  bilagor: z.array(KlimatplanSchema).default([]).describe(SECTION_DESCRIPTIONS.bilagor),
};

export const ReportSchema = z.strictObject({ ...MetaShape, ...SectionShape });

/** What one file of a report folder may contain: any subset of the report's top-level keys. */
export const FragmentSchema = ReportSchema.partial();

type ReportOutput = z.output<typeof ReportSchema>;
export type Report = Omit<ReportOutput, 'mål'> & { mål: Record<string, GoalNode[]> };
export type ReportInput = z.input<typeof ReportSchema>;

/** The report schema for reports of one profile. */
export function buildReportSchema(profile: SchemaProfile) {
  const built = new Map<string, z.ZodType>();
  const goals: Record<string, z.ZodType> = {};
  for (const root of profile.rootKeys) goals[root] = z.array(levelSchema(profile, root, built)).default([]);
  const risk = (f: 'sannolikhet' | 'konsekvens' | 'hantera') => profile.entityRequirement('risk', f);
  const internkontroll = internkontrollSchema((krav) => scaleEnum(profile, 'kontroll', 'Kontrollmomentets bedömning', krav), {
    sannolikhet: risk('sannolikhet'),
    konsekvens: risk('konsekvens'),
    hantera: risk('hantera'),
    bedömning: profile.entityRequirement('kontrollmoment', 'bedömning'),
  });
  const indikator = indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') });
  const personal = PersonalSchema.safeExtend({ tabeller: z.array(personalTabellSchema(indikator)).default([]).describe(PersonalSchema.shape.tabeller.description ?? '') });
  const bilaga = klimatplanSchema((krav) => scaleEnum(profile, 'aktivitet', 'Aktivitetens status', krav), {
    status: profile.entityRequirement('aktivitet', 'status'),
    färdiggrad: profile.entityRequirement('aktivitet', 'färdiggrad'),
  });
  return z.strictObject({
    ...MetaShape,
    ...SectionShape,
    mål: z.strictObject(goals).describe('Målstrukturen enligt profilen'),
    internkontroll: internkontroll.optional().describe(SECTION_DESCRIPTIONS.internkontroll),
    personal: personal.optional().describe(SECTION_DESCRIPTIONS.personal),
    bilagor: z.array(bilaga).default([]).describe(SECTION_DESCRIPTIONS.bilagor),
  });
}
