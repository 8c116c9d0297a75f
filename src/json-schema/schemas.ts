import { z } from 'zod';
import { ThemeSchema } from '../theme/theme.js';
import { KommunSchema } from '../schema/kommun.js';
import { ProfileSchema } from '../schema/profile.js';
import { FragmentSchema, ReportSchema } from '../schema/report.js';

/** A schema as written to disk: two-space JSON and a final newline, the same bytes for the same schema. */
export function serializeSchema(schema: unknown): string {
  return JSON.stringify(schema, null, 2) + '\n';
}

/** JSON Schema (draft-07) for editors (yaml-language-server); generated, committed, drift-tested. */
export function jsonSchemas(): Record<string, unknown> {
  const common = { target: 'draft-7' as const, io: 'input' as const, unrepresentable: 'any' as const };
  const withHeader = (schema: Record<string, unknown>, id: string, title: string, description: string) => ({
    $schema: schema['$schema'],
    $id: id,
    title,
    description,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  });
  const fragment = z.toJSONSchema(FragmentSchema, common) as Record<string, unknown>;
  const full = z.toJSONSchema(ReportSchema, common) as Record<string, unknown>;
  return {
    'rapport.schema.json': withHeader(
      fragment,
      'https://rapport.invalid/schemas/rapport.schema.json',
      'rapport – en fil i en rapportmapp',
      'En YAML-fil i en rapportmapp: valfri delmängd av rapportens toppnycklar.',
    ),
    'tema.schema.json': withHeader(
      z.toJSONSchema(ThemeSchema, common) as Record<string, unknown>,
      'https://rapport.invalid/schemas/tema.schema.json',
      'rapport – tema',
      'Kommunens grafiska profil för HTML och PDF (templates/tema.yaml).',
    ),
    'profil.schema.json': withHeader(
      z.toJSONSchema(ProfileSchema, common) as Record<string, unknown>,
      'https://rapport.invalid/schemas/profil.schema.json',
      'rapport – organisationsprofil',
      'Kommunens målstruktur, skalor, kolumnrubriker, teckenkonventioner och regler (profil.yaml).',
    ),
    'kommun.schema.json': withHeader(
      z.toJSONSchema(KommunSchema, common) as Record<string, unknown>,
      'https://rapport.invalid/schemas/kommun.schema.json',
      'rapport – kommunsammanställning',
      'Kommunnivån: nämndernas rapporter i sammanställningen och katalogen över kommungemensamma åtaganden (kommun.yaml).',
    ),
    'rapport-komplett.schema.json': withHeader(
      full,
      'https://rapport.invalid/schemas/rapport-komplett.schema.json',
      'rapport – hela rapporten',
      'Rapportmappens alla YAML-filer sammanslagna.',
    ),
  };
}
