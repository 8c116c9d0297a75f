/** Indicators: utfall per period, målvärden, källa and uppdelning (also the rows of personal tables). */
import { z } from 'zod';
import type { Krav } from './absent.js';
import { ENTITY_KRAV } from './profile.js';
import { FIGURE_REF, FIGURE_REF_MESSAGE, id, kravField, ProseSchema } from './fields.js';

const tal = z.number();
const andel = z
  .strictObject({ täljare: z.number().describe('Andelens täljare'), nämnare: z.number().describe('Andelens nämnare (inte 0)') })
  .describe('Andel som täljare/nämnare; procenten beräknas');
const delvarde = z.union([tal, andel]);

export const SaknasSchema = z.strictObject({
  typ: z
    .enum(['saknas', 'ej_tillämpligt', 'sekretess', 'preliminärt_saknas'])
    .default('saknas')
    .describe('Varför värdet saknas: saknas (standard), ej_tillämpligt (inte tillämplig för perioden), sekretess eller preliminärt_saknas (värdet kommer senare)'),
  orsak: z.string().describe('Visas i stället för värdet, t.ex. "Utfall saknas, kommer redovisas vid helårsuppföljningen"'),
});

export const IndikatorUtfallSchema = z
  .strictObject({
    period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023, "Delår 2 2023" eller "jun 2022–maj 2023"'),
    värde: tal.optional().describe('Totalt värde (i indikatorns enhet)'),
    täljare: z.number().optional().describe('Täljare när värdet är en andel; procenten beräknas som täljare / nämnare × 100'),
    nämnare: z.number().optional().describe('Nämnare när värdet är en andel (inte 0); anges också värde kontrolleras det'),
    kvinnor: delvarde.optional().describe('Värdet för kvinnor: ett tal eller { täljare, nämnare }'),
    män: delvarde.optional().describe('Värdet för män: ett tal eller { täljare, nämnare }'),
    saknas: SaknasSchema.optional().describe('Typat saknat värde i stället för värde: { typ, orsak }'),
    preliminärt: z.boolean().optional().describe('Värdet är preliminärt (visas med en markering)'),
    not: z.string().optional().describe('En not till värdet; visas som fotnot under tabellen (markeringen * i cellen)'),
    måluppfyllelse: z
      .enum(['nått', 'delvis', 'ej_nått'])
      .optional()
      .describe('Det rapporten säger om måluppfyllelsen ("Målet nått"); kontrolleras mot målvärdet'),
    samma_som: z
      .partialRecord(z.enum(['värde', 'kvinnor', 'män', 'täljare', 'nämnare']), z.string().regex(FIGURE_REF, FIGURE_REF_MESSAGE))
      .optional()
      .describe('Värden som är samma fakta som ett värde på ett annat ställe: fält → [rapportmapp:]id.fält (samma period)'),
  })
  .describe('Ett utfall: värde, täljare/nämnare, uppdelning på kön eller ett typat saknat värde');

const målvärde = z
  .strictObject({
    riktning: z
      .enum(['minst', 'högst', 'över', 'under', 'inom'])
      .optional()
      .describe('minst: målet nås vid värdet eller högre; högst: vid värdet eller lägre; över/under: strikt; inom: när värdet ligger inom ± målvärdet (t.ex. en avvikelse inom ±1 %). Standard: indikatorns riktning (högre → minst, lägre → högst)'),
    värde: z.number().optional().describe('Målnivån i indikatorns enhet'),
    text: z.string().min(1).optional().describe('Målet som det trycks när det inte är ett tal eller skrivs annorlunda, t.ex. "Öka", "Minst 64 %" eller "Mindre än 2"'),
  })
  .refine((m) => m.värde !== undefined || m.text !== undefined, { message: 'ett målvärde har ett värde, en text eller båda' });

/** Where an indicator's figures come from; shown as attribution beside the indicator. */
export const KallaSchema = z.union([
  z.string().describe('Källan i klartext (egen mätning)'),
  z.strictObject({ kolada: z.string().regex(/^[NU]\d{5}$/, 'ett Kolada-nyckeltal skrivs N eller U och fem siffror, t.ex. N00900').describe('Kolada-nyckeltalets id') }),
  z.strictObject({ scb: z.string().min(1).describe('SCB-statistikens namn, t.ex. "Befolkningsstatistik"') }),
  z.strictObject({ egen: z.string().min(1).describe('Egen mätning, t.ex. "Medarbetarenkät"') }),
]);

/** An indicator (or a personal key figure) with the requirements the profile sets for riktning and enhet. */
export function indikatorSchema(krav: { riktning: Krav; enhet: Krav } = ENTITY_KRAV.indikator) {
  return z.strictObject({
    id,
    namn: z.string().describe('Indikatorns namn som det trycks, t.ex. "Andel elever med gymnasieexamen inom 4 år"'),
    enhet: kravField(z.string(), krav.enhet, 'Enhet, t.ex. "%", "antal", "poäng (1–10)", "kg CO₂e/kg"; skrivs inom parentes efter namnet'),
    decimaler: z.number().int().min(0).max(4).optional().describe('Antal decimaler vid visning (standard: som värdena är skrivna)'),
    riktning: kravField(z.enum(['högre', 'lägre']), krav.riktning, 'Vilket håll som är bättre: högre eller lägre (standard: målets riktning)'),
    mått: z
      .enum(['antal', 'andel', 'medelvärde', 'annat'])
      .optional()
      .describe('Vad värdet är: antal (kvinnor + män = totalt), andel eller medelvärde (totalt ligger mellan kvinnor och män). Standard: andel när enheten innehåller %, antal när den börjar med antal, st eller personer, annars annat'),
    mål: z
      .union([
        målvärde.describe('Målvärde för rapportperioden'),
        z
          .array(målvärde.safeExtend({ period: z.union([z.string(), z.number()]).describe('Perioden som målet gäller, skriven som i utfall, t.ex. 2024') }))
          .min(1)
          .describe('Målvärde per period, även perioder utan utfall (t.ex. nästa års mål)'),
      ])
      .optional()
      .describe('Målvärde för rapportperioden, eller en lista med ett målvärde per period'),
    källa: KallaSchema.optional().describe('Varifrån siffrorna kommer: fri text, { kolada: N00914 }, { scb: … } eller { egen: … }'),
    analys: ProseSchema.optional().describe('Bedömning eller analys av indikatorn; visas under indikatorn i tabellen'),
    diagram: z.enum(['linje', 'stapel', 'inget']).optional().describe('Diagramtyp (standard: linje när minst tre perioder har värden)'),
    uppdelning: z
      .strictObject({
        dimension: z.string().describe('T.ex. "område" eller "enhet"'),
        delar: z
          .array(
            z.strictObject({
              id,
              namn: z.string().describe('Delens namn, t.ex. "Skäggetorp"'),
              utfall: z.array(IndikatorUtfallSchema).min(1).describe('Delens utfall, äldst först'),
            }),
          )
          .min(1)
          .describe('Delarna; var och en står som rad under indikatorn'),
      })
      .optional()
      .describe('Utfall per del av en namngiven dimension'),
    utfall: z.array(IndikatorUtfallSchema).min(1).describe('Äldst först; sista posten är rapportperiodens utfall'),
  });
}

export const IndikatorSchema = indikatorSchema();

export type Indikator = z.output<typeof IndikatorSchema>;
export type IndikatorUtfall = z.output<typeof IndikatorUtfallSchema>;
