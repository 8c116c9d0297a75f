/**
 * Word-level comparison of two prose texts (Markdown source) with jsdiff's `diffWords`: words and
 * punctuation are tokens, whitespace and line breaks do not count (a reflowed paragraph is no change).
 * The diff is bounded by MAX_EDIT_LENGTH; beyond it (two long, very different texts) the words are
 * counted instead (multisets), which can only undercount moved words, and no passages are given.
 */
import { type ChangeObject, diffWords } from 'diff';

/** A run of a passage: unchanged context, removed (old) or inserted (new) text, whitespace collapsed. */
export interface ProseSegment {
  op: 'same' | 'del' | 'ins';
  text: string;
  /** Whitespace separates this run from the one before it. */
  spaceBefore: boolean;
}

/** One place where the text changed, with a few words of context, inside one paragraph. */
export interface ProsePassage {
  segments: ProseSegment[];
  /** The paragraph goes on before / after the context shown. */
  cutBefore: boolean;
  cutAfter: boolean;
}

export interface ProseChange {
  /** Paragraphs (blank-line separated) that are new, edited or removed: max(only in a, only in b). */
  paragraphs: number;
  added: number;
  removed: number;
  /** 'lcs' for a real word diff (shortest edit script), 'antal' when the texts were too long and different and words were counted. */
  method: 'lcs' | 'antal';
  /** The changed passages in text order (empty for 'antal'). */
  passages: ProsePassage[];
}

/** Largest edit distance (in tokens) diffed word by word: Myers' diff costs about (n + m) · d. */
export const MAX_EDIT_LENGTH = 1000;
/** Words of unchanged context shown on each side of a change. */
export const CONTEXT_WORDS = 5;
/** Changes closer than this many unchanged words (in one paragraph) are shown as one passage. */
const MERGE_GAP = 2 * CONTEXT_WORDS;
/** Longest removed or inserted run shown in full; longer ones keep their start and end. */
const MAX_RUN_WORDS = 24;

export const words = (text: string): string[] => text.match(/\S+/g) ?? [];

const PARAGRAPH_BREAK = /\n[ \t]*\n/;

function paragraphs(text: string): string[] {
  return text
    .split(PARAGRAPH_BREAK)
    .map((p) => words(p).join(' '))
    .filter((p) => p !== '');
}

function multisetOnly(a: string[], b: string[]): { onlyA: number; onlyB: number } {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let onlyB = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) counts.set(w, c - 1);
    else onlyB++;
  }
  let onlyA = 0;
  for (const c of counts.values()) onlyA += c;
  return { onlyA, onlyB };
}

/** Undefined when the texts have the same words (whitespace and line breaks do not count). */
export function compareProse(a: string, b: string): ProseChange | undefined {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === wb.length && wa.every((w, i) => w === wb[i])) return undefined;
  const { onlyA: pa, onlyB: pb } = multisetOnly(paragraphs(a), paragraphs(b));
  const paragraphCount = Math.max(pa, pb, 1);
  const changes = diffWords(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (changes === undefined) {
    const { onlyA, onlyB } = multisetOnly(wa, wb);
    return { paragraphs: paragraphCount, added: onlyB, removed: onlyA, method: 'antal', passages: [] };
  }
  if (!changes.some((c) => c.added || c.removed)) return undefined;
  const count = (pick: (c: ChangeObject<string>) => boolean) => changes.filter(pick).reduce((n, c) => n + words(c.value).length, 0);
  return {
    paragraphs: paragraphCount,
    added: count((c) => c.added),
    removed: count((c) => c.removed),
    method: 'lcs',
    passages: passagesOf(changes),
  };
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The first / last `n` words of an unchanged run, never past a paragraph break; `cut` when the paragraph goes on. */
function contextAfter(value: string, n: number): { text: string; cut: boolean } {
  const [first = ''] = value.split(PARAGRAPH_BREAK);
  const w = words(first);
  return { text: w.slice(0, n).join(' '), cut: w.length > n };
}
function contextBefore(value: string, n: number): { text: string; cut: boolean } {
  const parts = value.split(PARAGRAPH_BREAK);
  const last = parts[parts.length - 1] ?? '';
  const w = words(last);
  return { text: w.slice(Math.max(0, w.length - n)).join(' '), cut: w.length > n };
}

/** A long removed or inserted run keeps its first and last words. */
function shortenRun(text: string): string {
  const w = words(text);
  if (w.length <= MAX_RUN_WORDS) return w.join(' ');
  const head = Math.ceil((MAX_RUN_WORDS * 2) / 3);
  const tail = MAX_RUN_WORDS - head;
  return `${w.slice(0, head).join(' ')} … ${w.slice(w.length - tail).join(' ')}`;
}

/** Group the changes into passages: context, the changed runs (with short unchanged gaps), context. */
function passagesOf(changes: ChangeObject<string>[]): ProsePassage[] {
  const out: ProsePassage[] = [];
  let current: ProsePassage | undefined;
  // Whitespace at the end of the previous run (jsdiff keeps the text's own whitespace around tokens).
  let pendingSpace = false;
  const lastChange = changes.findLastIndex((c) => c.added || c.removed);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const spaceBefore = pendingSpace || /^\s/.test(c.value);
    pendingSpace = /\s$/.test(c.value);
    if (!c.added && !c.removed) {
      const isLast = i > lastChange;
      if (current) {
        const gap = words(c.value).length;
        if (!isLast && gap <= MERGE_GAP && !PARAGRAPH_BREAK.test(c.value)) {
          current.segments.push({ op: 'same', text: collapse(c.value), spaceBefore });
          continue;
        }
        const ctx = contextAfter(c.value, CONTEXT_WORDS);
        if (ctx.text !== '') current.segments.push({ op: 'same', text: ctx.text, spaceBefore });
        current.cutAfter = ctx.cut;
        out.push(current);
        current = undefined;
      }
      if (!isLast) {
        const ctx = contextBefore(c.value, CONTEXT_WORDS);
        current = { segments: [], cutBefore: ctx.cut, cutAfter: false };
        if (ctx.text !== '') current.segments.push({ op: 'same', text: ctx.text, spaceBefore: false });
      }
      continue;
    }
    current ??= { segments: [], cutBefore: false, cutAfter: false };
    const text = shortenRun(c.value);
    if (text !== '') current.segments.push({ op: c.added ? 'ins' : 'del', text, spaceBefore: current.segments.length > 0 && spaceBefore });
  }
  if (current) out.push(current);
  return out;
}
