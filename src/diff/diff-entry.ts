/** The result of `rapport diff` for one report: its entries, one per change (what, where, from → to, delta, prose). */
import type { Decimal } from '../format/decimal.js';
import type { ProseChange } from './words.js';

export type DiffChange = 'ändrad' | 'tillagd' | 'borttagen' | 'namn' | 'prosa';

export interface DiffEntry {
  /** Heading the entry is listed under, e.g. "Mål och åtaganden", "Resultaträkning". */
  group: string;
  change: DiffChange;
  /** Kind of entity, e.g. "åtagande", "rad", "risk", "meta". */
  kind: string;
  /** Id of the entity (for meta: the field path, e.g. "rapport.period"). */
  id: string;
  /** Changed field or column, when the change is about one. */
  field?: string;
  /** What changed, e.g. "Åtagande at-naringsliv" or "Personalkostnader, årsprognos aug". */
  subject: string;
  /** The changed field as shown after the subject, e.g. "status" (absent for table cells). */
  detail?: string;
  from?: string;
  to?: string;
  /** Unit printed after `to` (e.g. "mnkr", "%"). */
  unit?: string;
  /** Difference to − from, formatted with sign. */
  delta?: string;
  /** The figure is computed by the tool (a total, an avvikelse, a riskvärde), not stated. */
  computed?: boolean;
  /** Extra text printed after the change (or instead of from → to when those are absent). */
  note?: string;
  /** Exact values of numeric changes (in the unit the entry is shown in). */
  values?: { from?: Decimal; to?: Decimal };
  prose?: ProseChange;
}

export interface ReportDiff {
  /** Title of the newer report, e.g. "Servicenämnden – Delårsrapport 2 2023". */
  title: string;
  /** Labels of the two sides (revisions), when the caller gave them. */
  from?: string;
  to?: string;
  entries: DiffEntry[];
}
