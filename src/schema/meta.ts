/** The report's metadata: kommun, nämnd, rapporttyp and period, beslut, tjänsteskrivelse, sammanfattning and undantag. */
import { z } from 'zod';
import { date, ProseSchema } from './fields.js';
import { SectionLayoutShape } from './sections.js';

export const RapportTyp = z.enum(['delårsrapport', 'verksamhetsberättelse']).describe('Rapporttyp: delårsrapport eller verksamhetsberättelse');

export const MetaShape = {
  kommun: z.string().describe('Kommunens namn, t.ex. "Eskilstuna"'),
  nämnd: z
    .strictObject({ namn: z.string().describe('Nämndens namn, t.ex. "Servicenämnden"'), förkortning: z.string().describe('Nämndens förkortning, t.ex. "SEN"') })
    .describe('Nämnden som rapporten gäller'),
  förvaltning: z
    .strictObject({
      namn: z.string().describe('Förvaltningens namn, t.ex. "Serviceförvaltningen"'),
      förkortning: z.string().optional().describe('Förvaltningens förkortning, t.ex. "SEF"'),
    })
    .describe('Förvaltningen som tagit fram rapporten'),
  rapport: z
    .strictObject({
      typ: RapportTyp.describe('Rapporttyp: delårsrapport eller verksamhetsberättelse; avgör kolumnerna och texternas tempus enligt profilen'),
      nummer: z.number().int().min(1).max(3).optional().describe('Delårsrapportens nummer (1–3)'),
      år: z.number().int().min(2000).max(2100).describe('Rapportåret, t.ex. 2023'),
      period: z
        .strictObject({ från: date.describe('Periodens första dag, ÅÅÅÅ-MM-DD'), till: date.describe('Periodens sista dag, ÅÅÅÅ-MM-DD') })
        .describe('Rapportperioden; båda datumen ligger i rapportåret, t.ex. 2023-01-01 till 2023-08-31'),
      status: z.string().optional().describe('Arbetsstatus, t.ex. "Påbörjad"'),
      beteckning: z.string().min(1).optional().describe('Rapportens beteckning som handling, t.ex. "Bilaga 1"; visas på titelsidan'),
      lagstadgad: z
        .boolean()
        .optional()
        .describe('Delårsrapporten är den lagstadgade (LKBR 13 kap. 1 §); standard: ja för en delårsrapport'),
    })
    .describe('Rapporttyp och period'),
  dnr: z.string().optional().describe('Diarienummer'),
  paragraf: z.number().int().optional().describe('Protokollsparagraf när nämnden fattat beslut'),
  beslutsdatum: date.optional(),
  förslag_till_beslut: z.array(z.string()).min(1).optional().describe('Punkterna i förslaget till beslut'),
  beslut: z.array(z.string()).optional().describe('Nämndens beslut (standard: förslaget till beslut)'),
  mottagare: z.array(z.string()).min(1).optional().describe('Beslutet skickas till'),
  yrkanden: z.array(z.string().min(1)).min(1).optional().describe('Yrkanden i protokollsutdraget, t.ex. "Jimmy Jansson (S) yrkar bifall till förvaltningens förslag."'),
  beslutshandlingar: z.array(z.string().min(1)).min(1).optional().describe('Beslutshandlingar i tjänsteskrivelsen, t.ex. "Bilaga 1, Delårsrapport 2, 2022 kommunstyrelsen"'),
  undertecknare: z
    .array(
      z.strictObject({
        namn: z.string().describe('Undertecknarens namn'),
        titel: z.string().describe('Titel, t.ex. "förvaltningschef"'),
        organisation: z.string().optional().describe('Organisation, t.ex. "Serviceförvaltningen"'),
      }),
    )
    .min(1)
    .optional()
    .describe('De som undertecknar tjänsteskrivelsen'),
  ärendebeskrivning: z
    .array(z.strictObject({ rubrik: z.string().optional().describe('Styckets rubrik, t.ex. "Budget"'), text: ProseSchema }))
    .min(1)
    .optional()
    .describe('Tjänsteskrivelsens ärendebeskrivning i stycken; utan den skrivs ingen tjänsteskrivelse'),
  sammanfattning: ProseSchema,
  sammanfattningsrubrik: z.string().min(1).optional().describe('Sammanfattningens rubrik (standard: Sammanfattning), t.ex. Bedömning och analys'),
  ...SectionLayoutShape,
  undantag: z
    .array(
      z.strictObject({
        regel: z.string().describe('Regelkoden, t.ex. avvikelse.rad'),
        id: z.string().optional().describe('Närmaste id på den plats diagnosen gäller; utelämnas för en diagnos om hela rapporten (t.ex. lag.frist)'),
        kolumn: z.string().optional().describe('Bara denna kolumn (eller detta fält, t.ex. värde)'),
        period: z.union([z.string(), z.number()]).optional().describe('Bara värdet för denna period (ett utfall i en indikator eller personaltabell)'),
        skäl: z.string().min(10).describe('Varför felet publiceras som det är'),
      }),
    )
    .default([])
    .describe('Kända fel som publiceras som de är: rapporteras som varningar i stället för fel'),
};
