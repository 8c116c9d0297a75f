/** Bilagor: Plan för klimat, activities per fokusområde with status and färdiggrad. */
import { z } from 'zod';
import type { Krav } from './absent.js';
import { ENTITY_KRAV } from './profile.js';
import { id, kravField, ProseSchema } from './fields.js';
import { scaleKey } from './scales.js';

/** A bilaga of activities per fokusområde, with their status in a given scale (the profile's "aktivitet"). */
export function klimatplanSchema(aktivitet: (krav: Krav) => z.ZodType<string | undefined>, krav: { status: Krav; färdiggrad: Krav } = ENTITY_KRAV.aktivitet) {
  return z.strictObject({
    id,
    rubrik: z.string().describe('Bilagans rubrik, t.ex. "Plan för klimat"'),
    underrubrik: z.string().optional().describe('Underrubrik under bilagans rubrik'),
    fokusområden: z
      .array(
        z.strictObject({
          id,
          namn: z.string().describe('Fokusområdets namn'),
          aktiviteter: z
            .array(
              z.strictObject({
                id,
                titel: z.string().describe('Aktivitetens titel'),
                status: aktivitet(krav.status),
                färdiggrad: kravField(z.number().int().min(0).max(100), krav.färdiggrad, 'Hur långt aktiviteten kommit, procent (heltal 0–100)'),
                kommentar: ProseSchema.optional().describe('Kommentar till aktiviteten'),
              }),
            )
            .min(1)
            .describe('Fokusområdets aktiviteter med status och färdiggrad'),
        }),
      )
      .min(1)
      .describe('Bilagans fokusområden, vart och ett med sina aktiviteter'),
  });
}

export const KlimatplanSchema = klimatplanSchema((krav) => kravField(scaleKey, krav, 'Aktivitetens status: ett värde i profilens skala "aktivitet", eller "uppgift saknas"'));

export type Klimatplan = z.output<typeof KlimatplanSchema>;
