/** The personal section: anställda, sjukfrånvaro, nyckeltal and personal tables (the tables also stand under goal nodes and in chapters). */
import { z } from 'zod';
import { FIGURE_REF, FIGURE_REF_MESSAGE, id, ProseSchema } from './fields.js';
import { IndikatorSchema } from './indicators.js';

const konsFordelning = z.strictObject({
  kvinnor: z.number().int().min(0).describe('Antal kvinnor'),
  män: z.number().int().min(0).describe('Antal män'),
  totalt: z.number().int().min(0).optional().describe('Beräknas; anges bara för att kontrolleras'),
});

/** Values of a personal figure that are the same fact as a figure elsewhere: fält → [rapportmapp:]id.fält. */
const sammaSomVärden = (fields: readonly [string, ...string[]]) =>
  z
    .partialRecord(z.enum(fields), z.string().regex(FIGURE_REF, FIGURE_REF_MESSAGE))
    .optional()
    .describe('Värden som är samma fakta som ett värde på ett annat ställe (en indikator, en personaltabell): fält → [rapportmapp:]id.fält, samma period');

/**
 * A personal table as the report prints it: rows are measures (tillsvidareanställda, sjukfrånvaro,
 * avgångar …) or the parts of a dimension (område), each with its values per period, kvinnor and män
 * as rows under it — the same model as an indicator.
 */
export function personalTabellSchema<R extends z.ZodType>(rad: R) {
  return z.strictObject({
    id,
    rubrik: z.string().min(1).describe('Tabellens rubrik, t.ex. "Sjukfrånvaro på KLK som egen förvaltning"'),
    radrubrik: z.string().min(1).optional().describe('Rubrik för radnamnskolumnen, t.ex. "Område" (standard: Mått)'),
    perioder: z.enum(['stigande', 'fallande']).optional().describe('Periodkolumnernas ordning: stigande (äldst först, standard) eller fallande (senast först); utfallen skrivs alltid äldst först'),
    kolumner: z
      .enum(['perioder', 'kön'])
      .optional()
      .describe('perioder (standard): en kolumn per period, kvinnor och män som rader; kön: kolumnerna Kvinnor, Män och Totalt för radernas senaste period'),
    placering: z.enum(['början', 'slut']).optional().describe('Under en målnod eller i ett kapitel: efter texten (början, standard) eller sist, efter undernivåerna eller underavsnitten (slut)'),
    text: ProseSchema.optional().describe('Text under tabellen'),
    rader: z.array(rad).min(1).describe('Tabellens rader: ett mått eller en del (t.ex. ett område) med utfall per period'),
  });
}

export const PersonalSchema = z.strictObject({
  rubrik: z.string().min(1).optional().describe('Avsnittets rubrik (standard: Personal)'),
  text: ProseSchema.optional().describe('Kommentar till personalavsnittet'),
  anställda: konsFordelning.extend({ id }).optional().describe('Antal anställda'),
  sjukfrånvaro: z
    .array(
      z.strictObject({
        id,
        period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023 eller "jun 2022–maj 2023"'),
        typ: z.enum(['R12', 'period', 'helår']).optional().describe('Vad perioden är: R12 (rullande tolv månader), period eller helår; visas bara när den anges'),
        totalt: z.number().optional().describe('Procent'),
        kvinnor: z.number().optional().describe('Kvinnors sjukfrånvaro, procent'),
        män: z.number().optional().describe('Mäns sjukfrånvaro, procent'),
        samma_som: sammaSomVärden(['totalt', 'kvinnor', 'män']),
      }),
    )
    .default([])
    .describe('Sjukfrånvaro per period i procent: totalt, kvinnor och män; visas med en decimal'),
  nyckeltal: z
    .array(
      z.strictObject({
        id,
        namn: z.string().describe('Nyckeltalets namn, t.ex. "Antal årsarbetare"'),
        period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023 eller "Delår 2 2023"'),
        värde: z.number().describe('Värdet i nyckeltalets enhet'),
        enhet: z.string().default('antal').describe('Enhet, t.ex. "%" eller "dagar"; visas efter värdet utom för antal (standard: antal)'),
        decimaler: z.number().int().min(0).max(4).optional().describe('Decimaler vid visning (standard: som värdet är skrivet)'),
        samma_som: sammaSomVärden(['värde']),
      }),
    )
    .default([])
    .describe('Nyckeltal per period, t.ex. antal årsarbetare eller personalomsättning'),
  tabeller: z.array(personalTabellSchema(IndikatorSchema)).default([]).describe('Personaltabeller som rapporten trycker dem: mått eller delar som rader, perioder som kolumner'),
});

export type Personal = z.output<typeof PersonalSchema>;
export type PersonalTabell = z.output<ReturnType<typeof personalTabellSchema<typeof IndikatorSchema>>>;
