/** kommun.yaml: the kommun level above the nämnder's reports (roll-up and catalog of KF-åtaganden). */
import { z } from 'zod';
import { RapportTyp } from '../schema/report.js';

const id = z.string().regex(/^[a-z0-9åäö][a-z0-9åäö-]*$/, 'id får bara innehålla a–z, å, ä, ö, siffror och bindestreck');
const belopp = z.number().optional().describe('mnkr, i resultattecken (överskott och positiva avvikelser positiva)');

export const KommunSchema = z.strictObject({
  kommun: z.string(),
  rubrik: z.string().describe('Sammanställningens titel, t.ex. "Sammanställning delårsrapport 2 2023"'),
  år: z.number().int().min(2000).max(2100),
  rapport: z.strictObject({ typ: RapportTyp, nummer: z.number().int().min(1).max(3).optional() }),
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
    .min(1),
  åtaganden: z
    .array(
      z.strictObject({
        id,
        text: z.string(),
        ansvar: z.array(z.string()).min(1).describe('Ansvarslistan som den trycks, t.ex. [KS, alla nämnder och bolag]'),
        nämnder: z.union([z.literal('alla'), z.array(z.string()).min(1)]).describe('Nämnder (förkortningar) som ska redovisa åtagandet, eller alla'),
      }),
    )
    .default([]),
});

export type Kommun = z.output<typeof KommunSchema>;
export const KOMMUN_FILE = 'kommun.yaml';
export const RESULT_COLUMNS = ['utfall', 'budget', 'budgetavvikelse', 'prognos', 'prognosavvikelse'] as const;
