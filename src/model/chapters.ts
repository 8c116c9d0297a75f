/**
 * Where the free chapters (avsnitt) stand among the generated sections. A chapter is placed before
 * or after a section (sammanfattning, sammanställning, …, a top-level goal, or another chapter);
 * `placering: inledning` is after the sammanfattning, `avslutning` after the ekonomi. Check reports
 * what cannot be placed; render flattens the placement into a list before and after each section.
 */
import { SECTION_NAMES } from '../schema/sections.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';

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
  const anchors = chapters.map(anchorOf);
  chapters.forEach((c, index) => {
    const { ref, side, field } = anchors[index]!;
    if (c.före !== undefined && c.efter !== undefined) {
      problems.push({ index, field: 'efter', message: 'ett kapitel står antingen före eller efter ett avsnitt, inte båda' });
    }
    if (c.placering !== undefined && field !== 'placering') {
      problems.push({ index, field, message: 'ange placering eller före/efter, inte båda' });
    }
    if (!sections.has(ref) && !chapterIndex.has(ref)) {
      const best = didYouMean(ref, [...sections, ...chapterIndex.keys()]);
      problems.push({ index, field, message: `"${ref}" är inget avsnitt i rapporten${best ? `; menade du "${best}"?` : ''} (finns: ${[...sections].join(', ')} eller ett kapitels id)` });
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
  // Each chapter hangs on one anchor, so the placement is a forest rooted in the sections: walk it
  // without recursion (a chain of chapters may be long). A chapter placed beside a chapter goes right
  // before or after it, in document order.
  const reached = new Set<number>();
  const flatten = (key: string, side: Side): number[] => {
    const out: number[] = [];
    type Item = { chapter: number } | { expand: string; side: Side };
    const stack: Item[] = [{ expand: key, side }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if ('chapter' in item) {
        out.push(item.chapter);
        continue;
      }
      const kids = (children.get(item.expand) ?? []).filter((k) => k.side === item.side && !reached.has(k.index));
      // Pushed in reverse so that they come out in document order: före-chapters, the chapter, efter-chapters.
      for (const k of [...kids].reverse()) {
        reached.add(k.index);
        const id = chapters[k.index]!.id;
        stack.push({ expand: id, side: 'efter' }, { chapter: k.index }, { expand: id, side: 'före' });
      }
    }
    return out;
  };
  const före = new Map<string, number[]>();
  const efter = new Map<string, number[]>();
  for (const s of sections) {
    före.set(s, flatten(s, 'före'));
    efter.set(s, flatten(s, 'efter'));
  }
  chapters.forEach((c, index) => {
    if (reached.has(index) || problems.some((p) => p.index === index)) return;
    // Not reached: its anchor chapter cannot be placed (an unknown anchor further up), or the chapters form a ring.
    let at = index;
    let ring = false;
    const seen = new Set<number>();
    for (;;) {
      if (seen.has(at)) {
        ring = true;
        break;
      }
      seen.add(at);
      const next = chapterIndex.get(anchors[at]!.ref);
      if (next === undefined || next === at) break;
      at = next;
    }
    const anchor = chapters[chapterIndex.get(anchors[index]!.ref)!];
    problems.push({
      index,
      field: anchors[index]!.field,
      message: ring
        ? 'kapitlen står före eller efter varandra i en ring och når inget avsnitt'
        : `kapitlet "${anchor?.id ?? anchors[index]!.ref}" som det står ${anchors[index]!.side} kan inte placeras`,
    });
  });
  return { före, efter, problems };
}
