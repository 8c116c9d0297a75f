/**
 * After the rules: the profile's severities (regler), then the report's undantag — known errors of a
 * decided report that are published as they are, reported as warnings with their reason.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/diagnostic.js';
import type { SourceMap } from '../load/source-map.js';
import type { Profile } from '../profile/profile.js';
import type { Report } from '../schema/report.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { RULES } from '../diagnostics/rules.js';

/** The profile's severity per rule code; `av` removes the diagnostic. Schema and syntax codes are not rules. */
export function applySeverities(diagnostics: Diagnostic[], profile: Profile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const s = d.code in RULES ? profile.severity(d.code) : undefined;
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out;
}

/** The ids of the objects along a data path, outermost first. */
function idsAlong(report: unknown, path: readonly (string | number)[]): string[] {
  const ids: string[] = [];
  let node: unknown = report;
  for (const seg of path) {
    if (node && typeof node === 'object' && typeof (node as Record<string, unknown>)['id'] === 'string') ids.push((node as Record<string, string>)['id']!);
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  if (node && typeof node === 'object' && typeof (node as Record<string, unknown>)['id'] === 'string') ids.push((node as Record<string, string>)['id']!);
  return ids;
}

/** The period of the value a data path is in (an indicator's utfall, a sjukfrånvaro entry), when it has one. */
function periodAlong(report: unknown, path: readonly (string | number)[]): string | undefined {
  let period: string | undefined;
  let node: unknown = report;
  for (const seg of [...path, undefined]) {
    if (node && typeof node === 'object' && 'period' in node) period = String((node as Record<string, unknown>)['period']);
    if (seg === undefined) break;
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return period;
}

/**
 * Downgrade the errors an undantag names to warnings. `used` collects the indices of the undantag
 * that matched, so the caller can report the unused ones once every check has run.
 */
export function applyExceptions(diagnostics: Diagnostic[], report: Report, used: Set<number>): Diagnostic[] {
  if (report.undantag.length === 0) return diagnostics;
  return diagnostics.map((d) => {
    if (d.severity === 'note' || !d.path) return d;
    const ids = idsAlong(report, d.path);
    const last = d.path[d.path.length - 1];
    const i = report.undantag.findIndex(
      (u) =>
        u.regel === d.code &&
        (u.id === undefined ? ids.length === 0 : ids[ids.length - 1] === u.id) &&
        (u.kolumn === undefined || u.kolumn === last) &&
        (u.period === undefined || String(u.period) === periodAlong(report, d.path!)),
    );
    if (i < 0) return d;
    used.add(i);
    // An acknowledged error is still worth a warning; an acknowledged warning becomes a note.
    return { ...d, severity: d.severity === 'error' ? 'warning' : 'note', message: `${d.message} – undantag: ${report.undantag[i]!.skäl}` };
  });
}

/** Undantag that matched no error: stale ones must not hide the next real error. */
export function unusedExceptions(report: Report, used: ReadonlySet<number>, sourceMap: SourceMap, unchecked: readonly { id: string; kolumn: string }[] = []): Diagnostic[] {
  return report.undantag.flatMap((u, i) => {
    if (used.has(i)) return [];
    // A fact in a report that is not built in this run could not be tried: not stale, just untested.
    if (u.regel === 'fakta.samma' && unchecked.some((x) => x.id === u.id && (u.kolumn === undefined || u.kolumn === x.kolumn))) {
      return [diag('undantag.oanvänt', 'note', `undantaget för fakta.samma på "${u.id}" kan inte prövas: den andra rapporten byggs inte i samma körning`, sourceMap.pos(['undantag', i, 'id']))];
    }
    const known = u.regel in RULES;
    const best = known ? undefined : didYouMean(u.regel, Object.keys(RULES));
    return [
      diag(
        'undantag.oanvänt',
        'warning',
        known
          ? `undantaget för ${u.regel}${u.id ? ` på "${u.id}"` : ''}${u.kolumn ? ` (${u.kolumn})` : ''}${u.period !== undefined ? ` ${u.period}` : ''} träffar ingen diagnos; ta bort det om felet är rättat`
          : `regeln "${u.regel}" finns inte${best ? `; menade du "${best}"?` : ''}`,
        sourceMap.pos(['undantag', i, known && u.id ? 'id' : 'regel']),
      ),
    ];
  });
}
