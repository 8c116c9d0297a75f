/**
 * Where the free chapters (avsnitt) stand among the generated sections. A chapter is placed before
 * or after a section (sammanfattning, sammanställning, …, a top-level goal, or another chapter);
 * `placering: inledning` is after the sammanfattning, `avslutning` after the ekonomi. Check reports
 * what cannot be placed; render flattens the placement into a list before and after each section.
 */
import { SECTION_NAMES } from '../schema/report.js';

export interface ChapterPlacement {
  id: string;
  placering?: 'inledning' | 'avslutning';
  före?: string;
  efter?: string;
}

export type Side = 'före' | 'efter';

/** The anchor a chapter names, and on which side of it the chapter stands. */
export function anchorOf(a: ChapterPlacement): { ref: string; side: Side; field: 'före' | 'efter' | 'placering' } {
  if (a.före !== undefined) return { ref: a.före, side: 'före', field: 'före' };
  if (a.efter !== undefined) return { ref: a.efter, side: 'efter', field: 'efter' };
  if (a.placering === 'avslutning') return { ref: 'ekonomi', side: 'efter', field: 'placering' };
  return { ref: 'sammanfattning', side: 'efter', field: 'placering' };
}

export interface Placement {
  /** Chapter indices before and after each section (a section name or a top-level goal id), in reading order. */
  före: Map<string, number[]>;
  efter: Map<string, number[]>;
  /** Chapters that cannot be placed, with why. */
  problems: { index: number; field: 'före' | 'efter' | 'placering'; message: string }[];
}

/** Place the chapters around the report's sections; `goalIds` are the top-level goals' ids, in order. */
export function placeChapters(chapters: readonly ChapterPlacement[], goalIds: readonly string[]): Placement {
  const sections = new Set<string>([...SECTION_NAMES, ...goalIds]);
  const chapterIndex = new Map(chapters.map((c, i) => [c.id, i]));
  const problems: Placement['problems'] = [];
  const children = new Map<string, { index: number; side: Side }[]>();
  chapters.forEach((c, index) => {
    const { ref, side, field } = anchorOf(c);
    if (c.före !== undefined && c.efter !== undefined) {
      problems.push({ index, field: 'efter', message: 'ett kapitel står antingen före eller efter ett avsnitt, inte båda' });
    }
    if (c.placering !== undefined && field !== 'placering') {
      problems.push({ index, field, message: 'ange placering eller före/efter, inte båda' });
    }
    if (!sections.has(ref) && !chapterIndex.has(ref)) {
      problems.push({ index, field, message: `"${ref}" är inget avsnitt i rapporten (finns: ${[...sections].join(', ')} eller ett kapitels id)` });
      return;
    }
    if (ref === c.id) {
      problems.push({ index, field, message: 'ett kapitel kan inte stå före eller efter sig självt' });
      return;
    }
    const list = children.get(ref) ?? [];
    list.push({ index, side });
    children.set(ref, list);
  });
  // A chapter placed relative to a chapter goes beside it; cycles never reach a section.
  const reached = new Set<number>();
  const flatten = (key: string, side: Side, trail: Set<string>): number[] => {
    const out: number[] = [];
    for (const child of children.get(key) ?? []) {
      if (child.side !== side) continue;
      const id = chapters[child.index]!.id;
      if (trail.has(id)) continue;
      const inner = new Set([...trail, id]);
      reached.add(child.index);
      out.push(...flatten(id, 'före', inner), child.index, ...flatten(id, 'efter', inner));
    }
    return out;
  };
  const före = new Map<string, number[]>();
  const efter = new Map<string, number[]>();
  for (const s of sections) {
    före.set(s, flatten(s, 'före', new Set()));
    efter.set(s, flatten(s, 'efter', new Set()));
  }
  chapters.forEach((c, index) => {
    if (!reached.has(index) && !problems.some((p) => p.index === index)) {
      problems.push({ index, field: anchorOf(c).field, message: 'kapitlen står före eller efter varandra i en ring och når inget avsnitt' });
    }
  });
  return { före, efter, problems };
}
