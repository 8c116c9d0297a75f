/** Scale values (bedömning, trend, status …) in a report, and the parts of a profile the per-profile report schema reads (SchemaProfile). */
import { z } from 'zod';
import { type Krav, SAKNAS, withKrav } from './absent.js';
import type { ENTITY_KRAV, KravEntity, NodeKravField } from './profile.js';
import { orSaknas } from './fields.js';

// Scales live in the organisation profile (src/profile); a report's values are checked against it.
// The static schema (JSON Schema for editors, types) accepts any key; buildReportSchema narrows it.

export const scaleKey = z.string().regex(/^[a-zåäö][a-zåäö0-9_]*$/, 'ett skalvärde skrivs med gemena bokstäver, siffror och _');
export const scaleOrSaknas = orSaknas(scaleKey);

/** The parts of a profile the schema needs (kept structural so the schema does not import the loader). */
export interface SchemaProfile {
  rootKeys: string[];
  level(key: string): {
    namn: string;
    undernivåer: string[];
    bedömning?: string;
    trend?: string;
    status?: string;
    färdiggrad?: true | number[];
    ansvar: boolean;
    katalog: boolean;
    indikatorer: boolean;
    sammanställning: boolean;
  };
  requirement(levelKey: string, field: NodeKravField): Krav;
  entityRequirement<E extends KravEntity>(entity: E, field: keyof (typeof ENTITY_KRAV)[E] & string): Krav;
  scaleKeys(id: string): string[] | undefined;
}

/** A scale field under a requirement: the scale's values, and "uppgift saknas" unless the profile requires a value. */
export function scaleEnum(profile: SchemaProfile, scaleId: string, what: string, krav: Krav = 'krävs'): z.ZodType<string | undefined> {
  const keys = profile.scaleKeys(scaleId);
  if (!keys || keys.length === 0) return withKrav(scaleKey.describe(what), krav);
  const values = krav === 'krävs' ? keys : [...keys, SAKNAS];
  const e = z.enum(values as [string, ...string[]]).describe(`${what} (profilens skala "${scaleId}"${krav === 'krävs' ? '' : ', eller "uppgift saknas"'})`);
  return (krav === 'valfritt' ? e.optional() : e) as z.ZodType<string | undefined>;
}
