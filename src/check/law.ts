/**
 * Legal lint for a nämnd's report (warnings by default; the profile's `regler` can change that):
 * LKBR (2018:597) 13 kap. 1 § on the delårsrapport's period, RKR R17 on the full-year forecast and
 * the balanskrav assessment, KL (2017:725) 11 kap. 16 § on the two-month deadline.
 */
import type { CheckContext } from './context.js';
import { report } from './context.js';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Months from 1 January to the end date, with a partial last month as a fraction. */
function monthsCovered(till: string): number {
  const y = Number(till.slice(0, 4));
  const m = Number(till.slice(5, 7));
  const d = Number(till.slice(8, 10));
  return m - 1 + d / daysInMonth(y, m);
}

function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function checkLaw(ctx: CheckContext): void {
  const r = ctx.report;
  const { från, till } = r.rapport.period;
  if (r.rapport.typ === 'delårsrapport') {
    if (r.rapport.lagstadgad !== false) {
      const months = monthsCovered(till);
      const fromStart = från.slice(5) === '01-01';
      if (!fromStart || months < 6 - 1e-9 || months > 8 + 1e-9) {
        const share = fromStart ? `${String(Math.round(months * 10) / 10).replace('.', ',')} månader` : `perioden börjar ${från}`;
        report(
          ctx,
          'lag.delårsperiod',
          'warning',
          `den lagstadgade delårsrapporten ska omfatta minst hälften och högst två tredjedelar av räkenskapsåret räknat från årets början (LKBR 13 kap. 1 §); ${share}. Är rapporten en extra delårsrapport anges rapport.lagstadgad: false`,
          ['rapport', 'period', fromStart ? 'till' : 'från'],
        );
      }
    }
    const hasForecast = ctx.derived.tables.some((t) => t.kind !== 'investeringsredovisning' && t.columns.some((c) => c.key === 'prognos') && t.rows.some((row) => row.cells['prognos']?.stated || row.cells['prognos']?.computed));
    if (!hasForecast) {
      report(ctx, 'lag.helårsprognos', 'warning', 'delårsrapporten saknar helårsprognos: visa kolumnen prognos i resultaträkningen eller driftredovisningen (RKR R17)', ['rapport', 'typ']);
    }
    // Balanskravet binds the kommun (KL 11 kap.); a nämnd assesses it only where the profile says so.
    if (ctx.profile.data.lag.balanskrav === 'nämnd' && r.ekonomi.balanskrav === undefined) {
      report(ctx, 'lag.balanskrav', 'warning', 'delårsrapporten saknar en bedömning av balanskravet utifrån helårsprognosen: ange ekonomi.balanskrav (KL 11 kap., RKR R17)', ['ekonomi'], [], 'key');
    }
  }
  if (r.rapport.typ === 'delårsrapport' && r.beslutsdatum && r.beslutsdatum > addMonths(till, 2)) {
    report(
      ctx,
      'lag.frist',
      'warning',
      `beslutsdatum ${r.beslutsdatum} ligger mer än två månader efter periodens slut ${till}; rapporten ska lämnas till fullmäktige och revisorerna inom två månader (KL 11 kap. 16 §)`,
      ['beslutsdatum'],
    );
  }
}
