import type { Profile } from '../profile/profile.js';
import type { Report } from '../schema/report.js';
import { MONTHS_SHORT } from '../format/months.js';

export function monthShort(isoDate: string): string {
  return MONTHS_SHORT[Number(isoDate.slice(5, 7)) - 1] ?? '';
}


/** "Delårsrapport 2 2023" / "Verksamhetsberättelse 2023" */
export function reportTitle(report: Report): string {
  const r = report.rapport;
  return r.typ === 'delårsrapport' ? `Delårsrapport${r.nummer ? ` ${r.nummer}` : ''} ${r.år}` : `Verksamhetsberättelse ${r.år}`;
}

/** Default column headings: the profile's templates for the report kind, filled in from the period. */
export function defaultColumnLabels(report: Report, profile: Profile): Record<string, string> {
  const år = report.rapport.år;
  const m = monthShort(report.rapport.period.till);
  const M = m.charAt(0).toUpperCase() + m.slice(1);
  const fill = (t: string) => t.replaceAll('{år}', String(år)).replaceAll('{fg}', String(år - 1)).replaceAll('{månad}', m).replaceAll('{Månad}', M);
  return Object.fromEntries(Object.entries(profile.columnTemplates(report.rapport.typ)).map(([k, t]) => [k, fill(t)]));
}
