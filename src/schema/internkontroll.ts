/** The internkontroll section: mål with risks (sannolikhet × konsekvens) and kontrollmoment, or a text only. */
import { z } from 'zod';
import type { Krav } from './absent.js';
import { ENTITY_KRAV } from './profile.js';
import { id, kravField, ProseSchema } from './fields.js';
import { scaleKey } from './scales.js';

interface InternkontrollKrav {
  sannolikhet: Krav;
  konsekvens: Krav;
  hantera: Krav;
  bedömning: Krav;
}
const DEFAULT_IK_KRAV: InternkontrollKrav = { ...ENTITY_KRAV.risk, ...ENTITY_KRAV.kontrollmoment };

/**
 * Internkontroll with its kontrollmoment's bedömning in a given scale (the profile's "kontroll"). It
 * can be a heading and a text only ("Ingen avrapportering sker i delårsrapport 2"), or risks, with or
 * without sannolikhet × konsekvens as the profile's krav allow.
 */
export function internkontrollSchema(kontroll: (krav: Krav) => z.ZodType<string | undefined>, krav: InternkontrollKrav = DEFAULT_IK_KRAV) {
  const grade = z.number().int().min(1).max(5);
  const kontrollmoment = z.strictObject({
    id,
    text: z.string().describe('Kontrollmomentet, t.ex. "Stickprov av attesträtter"'),
    bedömning: kontroll(krav.bedömning),
    resultat: ProseSchema.optional().describe('Resultatet av kontrollen'),
    åtgärd: ProseSchema.optional().describe('Åtgärd med anledning av resultatet'),
  });
  const risk = z.strictObject({
    id,
    risk: z.string().describe('Riskens beskrivning'),
    kort: z.string().optional().describe('Kort namn i sammanfattningen (standard: risktexten)'),
    hantera: kravField(z.boolean(), krav.hantera, 'Hantera risk? (ja: true, nej: false); visas som Ja/Nej'),
    sannolikhet: kravField(grade, krav.sannolikhet, 'Sannolikhet, heltal 1–5'),
    konsekvens: kravField(grade, krav.konsekvens, 'Konsekvens, heltal 1–5'),
    riskvärde: z.number().int().optional().describe('Sannolikhet × konsekvens; beräknas, anges bara för att kontrolleras'),
    kontrollmoment: z.array(kontrollmoment).default([]).describe('Kontrollmoment för risken: id, text, bedömning och eventuellt resultat och åtgärd'),
    kommentar: ProseSchema.optional().describe('Kommentar från verksamhetsplan när risken saknar kontrollmoment'),
  });
  return z
    .strictObject({
      rubrik: z.string().default('Intern styrning och kontroll').describe('Avsnittets rubrik (standard: Intern styrning och kontroll)'),
      text: ProseSchema.optional().describe('Inledande text, eller hela avsnittet, t.ex. "Ingen avrapportering av internkontroll sker i delårsrapport 2."'),
      mål: z
        .array(
          z.strictObject({
            id,
            namn: z.string().describe('4-årigt strategiskt mål'),
            perspektiv: z.string().optional().describe('Id för en nod i målstrukturen'),
            risker: z.array(risk).min(1).describe('Risker under målet'),
          }),
        )
        .min(1)
        .optional()
        .describe('Internkontrollens mål, vart och ett med sina risker'),
    })
    .refine((ik) => ik.text !== undefined || ik.mål !== undefined, { message: 'internkontrollen har varken text eller mål; ange text (t.ex. att ingen avrapportering sker) eller mål med risker' });
}

export const InternkontrollSchema = internkontrollSchema((krav) => kravField(scaleKey, krav, 'Kontrollmomentets bedömning: ett värde i profilens skala "kontroll", eller "uppgift saknas"'));

export type Internkontroll = z.output<typeof InternkontrollSchema>;
export type Risk = NonNullable<Internkontroll["mål"]>[number]["risker"][number];
