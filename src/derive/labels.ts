import type { Report } from '../schema/report.js';

/** Swedish month names, for labels and periods. */
export const MONTHS_LONG = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;
export const MONTHS_SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'] as const;

export function monthShort(isoDate: string): string {
  return MONTHS_SHORT[Number(isoDate.slice(5, 7)) - 1] ?? '';
}


/** "Delårsrapport 2 2023" / "Verksamhetsberättelse 2023" */
export function reportTitle(report: Report): string {
  const r = report.rapport;
  return r.typ === 'delårsrapport' ? `Delårsrapport${r.nummer ? ` ${r.nummer}` : ''} ${r.år}` : `Verksamhetsberättelse ${r.år}`;
}

/** Default column headings built from the period; a table's `rubriker` override them. */
export function defaultColumnLabels(report: Report): Record<string, string> {
  const år = report.rapport.år;
  const m = monthShort(report.rapport.period.till);
  const M = m.charAt(0).toUpperCase() + m.slice(1);
  return {
    utfall_fg: `Utfall ${M} ${år - 1}`,
    utfall: `Utfall ${M} ${år}`,
    budget: `Budget ${M} ${år}`,
    budgetavvikelse: `Budgetavvikelse ${M} ${år}`,
    budgetavvikelse_fg: `Budgetavvikelse ${M} ${år - 1}`,
    prognos: `Årsprognos ${år}`,
    budget_helår: `Budget ${år}`,
    prognosavvikelse: `Avvikelse årsprognos ${år}`,
    utfall_ack_totalt: 'Utfall ack totalt',
    projektbudget: 'Total projektbudget',
    prognos_projekt: 'Prognos projekt',
    prognosavvikelse_projekt: 'Prognosavvikelse projekt',
    prognos_helår: `Prognos helår ${år}`,
  };
}
