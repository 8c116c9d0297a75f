/** What one rollover knows (Step), and the old report's wording in the new period: continuing periods, report names, titles. */
import type { DerivedReport } from '../derive/index.js';
import type { Profile } from '../profile/profile.js';
import { inCase, MONTH_BY_NAME, type Period, type Shift, shiftLabel } from './rollover-period-labels.js';
import { type Obj, setScalar } from './rollover-yaml.js';

/** Everything one rollover needs to know. */
export interface Step {
  old: Period;
  neu: Period;
  shift: Shift;
  sameYear: boolean;
  typeChanged: boolean;
  profile: Profile;
  /** The old report as the tool derived it (stated and computed cells), when it validates. */
  oldDerived?: DerivedReport;
  source: string;
  /** Prose files (relative to the report folder) and what becomes of them in the new folder. */
  files: Map<string, 'placeholder' | 'retire'>;
  attFylla: string[];
  /** Report folder names: old → new suffix, for references into sibling reports of the same period. */
  rename?: { from: string; to: string };
}

/**
 * Whether a period label of the old report is a period the new report continues: within one year,
 * from DR1 to DR2 to the verksamhetsberättelse, the year ("2024") and the year so far ("jan–apr 2024"
 * becoming "jan–aug 2024") go on; their old values are not the new period's. A closed period (last
 * year, a rolling twelve months, a lagged year) does not.
 */
export function continues(label: string | number, step: Step): boolean {
  if (!step.sameYear || step.old.till >= `${step.old.år}-12-31` || step.old.till >= step.neu.till) return false;
  if (String(label) === String(step.old.år)) return true;
  const span = typeof label === 'string' ? /^(\p{L}+)(\s*[–—-]\s*)(\p{L}+)\s+((?:19|20)\d{2})$/u.exec(label) : null;
  return span !== null && MONTH_BY_NAME.get(span[1]!.toLowerCase())?.m === 0 && Number(span[4]) === step.old.år;
}

/** A report's name as its texts write it ("Delårsrapport 2", "verksamhetsberättelse"), in the new report. */
function renameReport(text: string, step: Step): string {
  const { old, neu } = step;
  const newName = (like: string) =>
    neu.typ === 'verksamhetsberättelse' ? inCase('verksamhetsberättelse', like) : `${inCase('delårsrapport', like)}${neu.nummer ? ` ${neu.nummer}` : ''}`;
  if (old.typ === 'verksamhetsberättelse') {
    return neu.typ === 'verksamhetsberättelse' ? text : text.replace(/(?<!\p{L})verksamhetsberättelse(?!\p{L})/giu, (w) => newName(w));
  }
  if (old.nummer === undefined) return neu.typ === 'delårsrapport' ? text : text.replace(/(?<!\p{L})delårsrapport(?!\p{L})/giu, (w) => newName(w));
  return text.replace(/(?<!\p{L})(delårsrapport|delår)(\s+)(\d)(?!\d)/giu, (all, word: string, space: string, n: string) => {
    if (Number(n) !== old.nummer) return all;
    if (neu.typ === 'verksamhetsberättelse') return inCase('verksamhetsberättelse', word);
    return neu.nummer === undefined ? word : `${word}${space}${neu.nummer}`;
  });
}

/** A heading or title in the new report: the report's name, years and the period's month. */
export function retitle(text: string, step: Step): string {
  return shiftLabel(renameReport(text, step), step.shift);
}

export function retitleScalar(map: Obj, key: string, step: Step): void {
  const v = map.get(key);
  if (typeof v !== 'string') return;
  const out = retitle(v, step);
  if (out !== v) setScalar(map, key, out);
}
