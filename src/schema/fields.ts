/** Building blocks every part of the report schema shares: id, date, prose, krav fields, "uppgift saknas" and figure references. */
import { z } from 'zod';
import { type Krav, SAKNAS, withKrav } from './absent.js';

export const ID_PATTERN = /^[a-z0-9åäö][a-z0-9åäö-]*$/;

export const id = z
  .string()
  .regex(ID_PATTERN, 'id får bara innehålla a–z, å, ä, ö, siffror och bindestreck och måste börja med bokstav eller siffra')
  .describe('Stabilt id, unikt i rapporten. Diffar, referenser och sammanställningar nycklar på det.');

export const date = z.iso.date().describe('Datum, ÅÅÅÅ-MM-DD');

/**
 * A field under a requirement (withKrav) with its description on the field itself: a value that may
 * also be "uppgift saknas" is a union, and the editor shows the description of the field, not of a member.
 */
export const kravField = <T extends z.ZodType>(schema: T, krav: Krav, description: string) => withKrav(schema, krav).describe(description);

/** Prose is Markdown, inline as a block scalar or in a file beside the YAML. */
export const ProseSchema = z
  .union([
    z.string(),
    z.strictObject({
      fil: z.string().describe('Markdown-fil, relativt rapportmappen'),
    }),
  ])
  .describe('Text i Markdown. Siffror ur rapporten citeras med {{belopp id.kolumn}}, {{värde id.fält}} och {{antal åtaganden.status}}.');

/** A value of the report, or the words "uppgift saknas" when the report does not state it. */
export const orSaknas = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(SAKNAS)]);

/** References to a figure elsewhere: "[rapportmapp:]id.fält", the same addresses prose cites. */
export const FIGURE_REF = /^([a-z0-9åäö][a-z0-9åäö-]*:)?[a-z0-9åäö][a-z0-9åäö-]*\.[a-zåäö_][a-zåäö0-9_]*$/;
export const FIGURE_REF_MESSAGE = 'skrivs [rapportmapp:]id.fält';

export type Prose = z.output<typeof ProseSchema>;
