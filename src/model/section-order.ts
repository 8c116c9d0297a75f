/**
 * The order of the report's sections. By default the template's: sammanfattning, sammanställning,
 * statusräkning, förklaring, the top-level goals, personal, ekonomi, internkontroll, bilagor. A report
 * whose kommun prints them otherwise (ekonomi before the goals, a goal after personal) lists them in
 * `ordning`; `mål` there stands for every top-level goal not listed by its own id.
 *
 * Nothing the author wrote disappears: a section with content must be listed. The generated sections
 * (sammanställning, statusräkning, förklaring) are printed only where listed, and must be listed when
 * the report writes anything for them (a heading, a text, printed counts).
 */
import { SECTION_NAMES, type SectionName } from '../schema/sections.js';
import type { Report } from '../schema/report.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';

/** One printed section: a generated or content section by name, or one top-level goal by id. */
export type SectionSlot = { section: SectionName } | { goal: string };

export const GENERATED_SECTIONS: readonly SectionName[] = ['sammanställning', 'statusräkning', 'förklaring'];

export interface SectionOrder {
  slots: SectionSlot[];
  /** Problems with `ordning`, each at an index of the list (or the list itself: index undefined). */
  problems: { index?: number; message: string }[];
}

/**
 * Order the sections. `goalIds` are the top-level goals in document order; `withContent` the content
 * sections that have something to print (sammanfattning always has).
 */
export function orderSections(ordning: readonly string[] | undefined, goalIds: readonly string[], withContent: ReadonlySet<SectionName>): SectionOrder {
  const names: readonly string[] = ordning ?? ['sammanfattning', 'sammanställning', 'statusräkning', 'förklaring', 'mål', 'personal', 'ekonomi', 'internkontroll', 'bilagor'];
  const problems: SectionOrder['problems'] = [];
  const sections = new Set<string>(SECTION_NAMES);
  const goals = new Set(goalIds);
  const seen = new Map<string, number>();
  const ownGoals = new Set(names.filter((n) => goals.has(n)));
  const slots: SectionSlot[] = [];
  names.forEach((name, index) => {
    if (seen.has(name)) {
      problems.push({ index, message: `"${name}" står redan i ordningen (plats ${seen.get(name)! + 1})` });
      return;
    }
    seen.set(name, index);
    if (name === 'mål') {
      for (const g of goalIds) if (!ownGoals.has(g)) slots.push({ goal: g });
    } else if (goals.has(name)) {
      slots.push({ goal: name });
    } else if (sections.has(name)) {
      slots.push({ section: name as SectionName });
    } else {
      const candidates = [...SECTION_NAMES, 'mål', ...goalIds];
      const best = didYouMean(name, candidates);
      problems.push({ index, message: `"${name}" är inget avsnitt${best ? `; menade du "${best}"?` : ''} (finns: ${SECTION_NAMES.join(', ')}, mål eller ett måls id)` });
    }
  });
  if (ordning !== undefined) {
    const missing = [
      ...SECTION_NAMES.filter((s) => withContent.has(s) && !seen.has(s)),
      ...(seen.has('mål') ? [] : goalIds.filter((g) => !ownGoals.has(g))),
    ];
    if (missing.length > 0) {
      const what = missing.map((m) => `"${m}"`).join(', ');
      problems.push({ message: `ordningen saknar ${what}, som har innehåll; allt som rapporten innehåller ska stå i ordningen` });
    }
  }
  return { slots, problems };
}

/**
 * The sections with something the author wrote (the sammanfattning always has). A generated section
 * has it when the report gives it a heading, a text or printed counts.
 */
export function sectionsWithContent(report: Report, tableCount: number): Set<SectionName> {
  const eko = report.ekonomi;
  const out = new Set<SectionName>(['sammanfattning']);
  for (const s of GENERATED_SECTIONS) if (report[s as 'sammanställning' | 'statusräkning' | 'förklaring'] !== undefined) out.add(s);
  if (report.personal !== undefined) out.add('personal');
  if (eko.text !== undefined || tableCount > 0 || eko.balanskrav !== undefined || (eko.investeringsredovisning ?? []).length > 0) out.add('ekonomi');
  if (report.internkontroll !== undefined) out.add('internkontroll');
  if (report.bilagor.length > 0) out.add('bilagor');
  return out;
}

/** The section or goal a slot names. */
export function slotName(slot: SectionSlot): string {
  return 'goal' in slot ? slot.goal : slot.section;
}
