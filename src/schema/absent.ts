/**
 * Absent is absent. A value the report does not state is either left out of the YAML or written as
 * `uppgift saknas`; the profile decides, per field, which of the two an author may do (see
 * docs/profil.md, "Krav"). Neither is ever replaced by an invented value: it renders as nothing (left
 * out) or as the words "uppgift saknas" (written), never as 0, a scale value or a date.
 */
import { z } from 'zod';

/** What an author writes for a value that the report does not state. */
export const SAKNAS = 'uppgift saknas' as const;
export type Saknas = typeof SAKNAS;

/** The words shown in the report for a value written as `uppgift saknas`. */
export const SAKNAS_TEXT = 'Uppgift saknas';

export function isSaknas(value: unknown): value is Saknas {
  return value === SAKNAS;
}

/** The value when the author stated one: undefined when it was left out or written `uppgift saknas`. */
export function stated<T>(value: T | Saknas | undefined): Exclude<T, Saknas> | undefined {
  return value === undefined || isSaknas(value) ? undefined : (value as Exclude<T, Saknas>);
}

/**
 * How a field must be given: `krävs` – a value; `anges` – a value or `uppgift saknas` (the field is
 * never silently forgotten); `valfritt` – a value, `uppgift saknas`, or nothing at all.
 */
export const KRAV = ['krävs', 'anges', 'valfritt'] as const;
export type Krav = (typeof KRAV)[number];

/** The schema of a field under a requirement: the value's own schema, `uppgift saknas` where allowed, optional where allowed. */
export function withKrav<T extends z.ZodType>(schema: T, krav: Krav): z.ZodType<z.output<T> | Saknas | undefined, z.input<T> | Saknas | undefined> {
  type Out = z.ZodType<z.output<T> | Saknas | undefined, z.input<T> | Saknas | undefined>;
  if (krav === 'krävs') return schema as unknown as Out;
  const either = z.union([schema, z.literal(SAKNAS)]);
  return (krav === 'valfritt' ? either.optional() : either) as unknown as Out;
}
