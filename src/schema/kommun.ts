/** kommun.yaml: the kommun level above the nämnder's reports (roll-up and catalog of KF-åtaganden). */
import { z } from 'zod';
import { RapportTyp } from '../schema/meta.js';

const id = z.string().regex(/^[a-z0-9åäö][a-z0-9åäö-]*$/, 'id får bara innehålla a–z, å, ä, ö, siffror och bindestreck');
const belopp = z.number().optional().describe('mnkr, i resultattecken (överskott och positiva avvikelser positiva)');

export const KommunSchema = z.strictObject({
  kommun: z.string().describe('Kommunens namn, t.ex. "Eskilstuna"'),
  rubrik: z.string().describe('Sammanställningens titel, t.ex. "Sammanställning delårsrapport 2 2023"'),
  år: z.number().int().min(2000).max(2100).describe('Året som sammanställs (2000–2100); varje nämnds rapport ska gälla samma år (kommun.rapport)'),
  rapport: z
    .strictObject({
      typ: RapportTyp,
      nummer: z.number().int().min(1).max(3).optional().describe('Delårsrapportens nummer (1–3); anges det ska nämndernas rapporter ha samma nummer'),
    })
    .describe('Vilka rapporter som sammanställs, t.ex. { typ: delårsrapport, nummer: 2 }'),
  nämnder: z
    .array(
      z.strictObject({
        rapport: z.string().describe('Nämndens rapportmapp, relativt kommunmappen'),
        resultat: z
          .strictObject({ utfall: belopp, budget: belopp, budgetavvikelse: belopp, prognos: belopp, prognosavvikelse: belopp })
          .optional()
          .describe('Kommunens siffror för nämnden; kontrolleras mot nämndens egen rapport'),
      }),
    )
    .min(1)
    .describe('Nämndernas rapporter i sammanställningen, i den ordning de visas (minst en)'),
  åtaganden: z
    .array(
      z.strictObject({
        id: id.describe('Åtagandets id i katalogen, t.ex. kf-naringsliv; nämndens nod pekar på det med katalog: <id>'),
        text: z.string().describe('Åtagandets text; nämndens text för åtagandet ska vara densamma (katalog.text)'),
        ansvar: z.array(z.string()).min(1).describe('Ansvarslistan som den trycks, t.ex. [KS, alla nämnder och bolag]'),
        nämnder: z.union([z.literal('alla'), z.array(z.string()).min(1)]).describe('Nämnder (förkortningar) som ska redovisa åtagandet, eller alla'),
      }),
    )
    .default([])
    .describe('Katalog över kommungemensamma KF-åtaganden; varje åtagande som gäller en nämnd ska redovisas av den (katalog.saknas)'),
});

export type Kommun = z.output<typeof KommunSchema>;
export const KOMMUN_FILE = 'kommun.yaml';
export const RESULT_COLUMNS = ['utfall', 'budget', 'budgetavvikelse', 'prognos', 'prognosavvikelse'] as const;
