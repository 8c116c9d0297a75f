import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DerivedReport } from '../derive/index.js';
import type { SourceMap } from '../load/source-map.js';
import type { Profile } from '../profile/profile.js';
import type { Report } from '../schema/report.js';
import { checkLaw } from './law.js';
import { checkGenderRange, checkIndicatorAssessments, checkStatedTargets } from './indicators.js';
import { checkSameFacts, checkSameFigures } from './facts.js';
import { checkArithmetic } from './arithmetic.js';
import { checkStatedCounts } from './counts.js';
import type { CheckContext } from './context.js';
import { checkPlaceholders } from './placeholders.js';
import { checkChapterPlacement, checkDates, checkPeriodLabels, checkIndicators, checkInvestments, checkReferences, checkResultatrakning, checkTableColumns, checkUniqueIds } from './structure.js';

const CHECKS: ((ctx: CheckContext) => void)[] = [
  checkUniqueIds,
  checkReferences,
  checkChapterPlacement,
  checkDates,
  checkPeriodLabels,
  checkResultatrakning,
  checkTableColumns,
  checkInvestments,
  checkIndicators,
  checkGenderRange,
  checkIndicatorAssessments,
  checkStatedTargets,
  checkSameFacts,
  checkSameFigures,
  checkStatedCounts,
  checkArithmetic,
  checkLaw,
  // Not a profile rule: no profile turns placeholders off (see placeholders.ts).
  checkPlaceholders,
];

/** Run every rule over a validated, derived report. */
export function checkReport(report: Report, derived: DerivedReport, sourceMap: SourceMap, profile: Profile): Diagnostic[] {
  const ctx: CheckContext = { profile, report, derived, sourceMap, diagnostics: [] };
  for (const check of CHECKS) check(ctx);
  return ctx.diagnostics;
}
