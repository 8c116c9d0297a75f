/** The validate stage: a report folder's merged data against the report schema its profile builds. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedReport } from '../load/report-folder.js';
import type { Profile } from '../profile/profile.js';
import { buildReportSchema, type Report } from '../schema/report.js';
import { validateAgainst } from '../schema/validate-against.js';

/** Validate the merged data against the report schema; every issue becomes a located diagnostic. */
export function validateReport(loaded: LoadedReport, profile: Profile): { report?: Report; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = validateAgainst(reportSchemaFor(profile), loaded);
  return { report: value as Report | undefined, diagnostics };
}

const schemas = new WeakMap<Profile, ReturnType<typeof buildReportSchema>>();

/** The report schema of a profile, built once per loaded profile. */
export function reportSchemaFor(profile: Profile): ReturnType<typeof buildReportSchema> {
  let schema = schemas.get(profile);
  if (!schema) {
    schema = buildReportSchema(profile);
    schemas.set(profile, schema);
  }
  return schema;
}
