/** The report's sections and chapters: section names, ordning, the generated sections' headings and texts, and free chapters (avsnitt). */
import { z } from 'zod';
import { id, ProseSchema } from './fields.js';
import { IndikatorSchema } from './indicators.js';
import { personalTabellSchema } from './personal.js';
import { scaleKey } from './scales.js';

/** The generated sections a free chapter (avsnitt) can be placed before or after. */
export const SECTION_NAMES = ['sammanfattning', 'sammanställning', 'statusräkning', 'förklaring', 'personal', 'ekonomi', 'internkontroll', 'bilagor'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** A generated section's own heading and introduction, when the report gives them. */
export const sectionText = {
  rubrik: z.string().min(1).optional().describe('Avsnittets rubrik (standard: mallens)'),
  text: ProseSchema.optional().describe('Inledande text före avsnittets tabeller'),
};

/** The report's top-level keys for the order of its sections, the generated sections' texts and the free chapters. */
export const SectionLayoutShape = {
  ordning: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      `Avsnittens ordning i rapporten: ${SECTION_NAMES.join(', ')}, mål (alla mål på översta nivån som inte står för sig) eller ett måls id. Standard: sammanfattning, sammanställning, statusräkning, förklaring, mål, personal, ekonomi, internkontroll, bilagor. Ett avsnitt med innehåll måste stå med; en sammanställning, statusräkning eller förklaring som inte står med trycks inte`,
    ),
  sammanställning: z
    .strictObject(sectionText)
    .optional()
    .describe('Rubrik och inledande text för sammanställningen av bedömningarna'),
  statusräkning: z
    .strictObject({
      ...sectionText,
      tabellrubrik: z.string().min(1).optional().describe('Statustabellens rubrik'),
      antal: z.record(scaleKey, z.number().int().min(0)).optional().describe('Antalen som rapporten trycker per status; kontrolleras mot noderna. En status som inte står här är 0'),
      totalt: z.number().int().min(0).optional().describe('Totalen som rapporten trycker; kontrolleras'),
    })
    .optional()
    .describe('Rubrik, inledande text och de tryckta antalen för statusräkningen (t.ex. Status åtaganden)'),
  förklaring: z
    .strictObject({
      ...sectionText,
      skalor: z
        .array(
          z.union([
            scaleKey,
            z.strictObject({
              skala: scaleKey.describe('Skalans nyckel i profilen, t.ex. huvudprocess'),
              rubrik: z.string().min(1).optional().describe('Rubrik (standard: skalans namn)'),
              intro: z.union([z.string().min(1), z.literal(false)]).optional().describe('Inledande mening (standard: skalans intro); false: ingen'),
              värden: z.array(scaleKey).min(1).optional().describe('Värdena som visas, i ordning (standard: alla)'),
            }),
          ]),
        )
        .optional()
        .describe('Skalorna som förklaras (standard: profilens förklaring); [] när rapporten inte förklarar några symboler'),
    })
    .optional()
    .describe('Rubrik, text och skalor för Förklaring symboler'),
  avsnitt: z
    .array(
      z.strictObject({
        id,
        rubrik: z.string().describe('Kapitlets rubrik, t.ex. "Nämndens uppdrag"'),
        text: ProseSchema.optional().describe('Kapitlets text (kan utelämnas när kapitlet har underavsnitt)'),
        placering: z
          .enum(['inledning', 'avslutning'])
          .optional()
          .describe('inledning: efter sammanfattningen (standard); avslutning: efter den ekonomiska redovisningen'),
        före: z.string().optional().describe(`Kapitlet står före detta avsnitt: ${SECTION_NAMES.join(', ')}, ett mål på översta nivån eller ett annat kapitel (id)`),
        efter: z.string().optional().describe(`Kapitlet står efter detta avsnitt: ${SECTION_NAMES.join(', ')}, ett mål på översta nivån eller ett annat kapitel (id)`),
        sidbrytning: z.boolean().optional().describe('Kapitlet börjar på en ny sida (standard: nej)'),
        underavsnitt: z
          .array(z.strictObject({ id, rubrik: z.string().min(1).describe('Underavsnittets rubrik; står i innehållsförteckningen'), text: ProseSchema }))
          .min(1)
          .optional()
          .describe('Underrubriker i kapitlet, efter dess text; de står i innehållsförteckningen'),
        tabeller: z
          .array(personalTabellSchema(IndikatorSchema))
          .min(1)
          .optional()
          .describe('Tabeller med mått per period i kapitlet, t.ex. Volymer (byggda som personaltabellerna)'),
      })
        .refine((a) => a.text !== undefined || a.underavsnitt !== undefined || a.tabeller !== undefined, {
          path: ['text'],
          message: 'kapitlet har varken text, tabeller eller underavsnitt',
          params: { kod: 'schema.saknas' },
        }),
    )
    .default([])
    .describe('Fria kapitel i Markdown, t.ex. Nämndens uppdrag eller Förväntad utveckling; placeras med placering, före eller efter'),
};
