/**
 * Word-level comparison of two prose texts (Markdown source). The `diff` npm package is not a
 * dependency of this project, so this is a small longest-common-subsequence diff over words, with
 * common prefix/suffix trimmed first. Above LCS_LIMIT word pairs it falls back to comparing word
 * counts (multisets), which can only undercount moved words.
 */

export interface ProseChange {
  /** Paragraphs (blank-line separated) that are new, edited or removed: max(only in a, only in b). */
  paragraphs: number;
  added: number;
  removed: number;
  /** 'lcs' for a real word diff, 'antal' when the texts were too long and words were counted. */
  method: 'lcs' | 'antal';
}

const LCS_LIMIT = 4_000_000;

export const words = (text: string): string[] => text.match(/\S+/g) ?? [];

function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
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

function lcsLength(a: string[], b: string[]): number {
  // Two rows of the DP table: O(n·m) time, O(m) memory.
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Undefined when the texts have the same words (whitespace and line breaks do not count). */
export function compareProse(a: string, b: string): ProseChange | undefined {
  const wa = words(a);
  const wb = words(b);
  let start = 0;
  while (start < wa.length && start < wb.length && wa[start] === wb[start]) start++;
  let endA = wa.length;
  let endB = wb.length;
  while (endA > start && endB > start && wa[endA - 1] === wb[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = wa.slice(start, endA);
  const midB = wb.slice(start, endB);
  if (midA.length === 0 && midB.length === 0) return undefined;
  const { onlyA: pa, onlyB: pb } = multisetOnly(paragraphs(a), paragraphs(b));
  const paragraphCount = Math.max(pa, pb, 1);
  if (midA.length * midB.length > LCS_LIMIT) {
    const { onlyA, onlyB } = multisetOnly(midA, midB);
    return { paragraphs: paragraphCount, added: onlyB, removed: onlyA, method: 'antal' };
  }
  const common = lcsLength(midA, midB);
  return { paragraphs: paragraphCount, added: midB.length - common, removed: midA.length - common, method: 'lcs' };
}
