/**
 * Swedish hyphenation for the PDF layout: where a word may be broken at a
 * line end, and whether the break needs a hyphen drawn.
 *
 * The points come from the Swedish TeX patterns (Jan Michael Rynning's, via
 * the npm package `hyphen`, Liang's algorithm), applied to each run of
 * letters, with two Swedish adjustments:
 *  - at least 2 letters before and 3 after a break (so "målet" stays whole
 *    and no line starts with "se");
 *  - compounds common in municipal reports are split at their seam first
 *    ("budget|avvikelse", "verksamhets|område") and each part is hyphenated
 *    on its own; the syllable patterns alone give "budgetav-vikelse". Seams
 *    are preferred break points (see `preferred`).
 * A hyphen or dash already in the word is a break point after which no
 * hyphen is added. Digits never break. Pure function of the word: same word,
 * same points (the PDF stays deterministic).
 */
import { createRequire } from 'node:module';

interface HyphenModule {
  hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}

const require = createRequire(import.meta.url);
let patterns: HyphenModule | null = null;
/** The Swedish patterns, loaded on first use (some 60 ms): `rapport check` never needs them. */
function swedish(): HyphenModule {
  patterns ??= require('hyphen/sv') as HyphenModule;
  return patterns;
}

export interface BreakPoint {
  /** Index in the word (UTF-16 offset) before which the word may break. */
  index: number;
  /** A hyphen is drawn at the end of the first part (false after an existing hyphen or dash). */
  hyphen: boolean;
  /** A compound seam or an existing hyphen: the best place to break when it fits. */
  preferred: boolean;
}

const LEFT_MIN = 2;
const RIGHT_MIN = 3;
const SHY = '\u00ad';

/**
 * First parts of compounds (with their linking s), longest matched first; a seam is placed after
 * one when at least four letters follow.
 */
const FIRST_PARTS = [
  'budget', 'prognos', 'netto', 'brutto', 'helårs', 'delårs', 'verksamhets', 'investerings', 'drift', 'personal',
  'kommunal', 'kommun', 'nämnd', 'kvalitets', 'medarbetar', 'sjuk', 'utfalls', 'kostnads', 'intäkts', 'resultat',
  'balans', 'likviditets', 'ekonomi', 'förvaltnings', 'lokal', 'region', 'service', 'arbetsmarknads', 'mål',
  'bygg', 'miljö', 'skol', 'förskole', 'gymnasie', 'äldre', 'omsorgs', 'social', 'kultur', 'fritids', 'trafik',
  'styr', 'huvud', 'invånar', 'medborgar', 'elev', 'bostads', 'energi', 'klimat', 'avfalls', 'vatten',
  'procent', 'enkät',
];

/** Last parts of compounds; a seam is placed before one when at least three letters precede it. */
const LAST_PARTS = [
  'avvikelse', 'område', 'prognos', 'budget', 'kostnad', 'intäkt', 'redovisning', 'rapport', 'utfall', 'nämnd',
  'förvaltning', 'frånvaro', 'undersökning', 'process', 'värde', 'styrelse', 'ersättning', 'resultat', 'plan',
  'uppföljning', 'verksamhet', 'kontroll', 'bedömning', 'åtagande', 'indikator', 'enkät', 'index', 'tjänst',
  'organisation', 'samverkan', 'utveckling', 'arbete', 'ansvar', 'medel', 'belopp', 'andel', 'omsorg', 'skola',
  'förskola', 'program', 'insats', 'projekt', 'behov', 'statistik', 'ekonomi', 'personal', 'lokaler', 'fordon',
];

const FIRST_BY_LENGTH = [...FIRST_PARTS].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** The points the patterns give a run of letters, unfiltered (indices into the run). */
function rawPatternPoints(letters: string): number[] {
  const marked = swedish().hyphenateSync(letters, { hyphenChar: SHY, minWordLength: LEFT_MIN + RIGHT_MIN });
  const points: number[] = [];
  let index = 0;
  for (const ch of marked) {
    if (ch === SHY) points.push(index);
    else index += ch.length;
  }
  return points;
}

/**
 * Longer runs are hyphenated a window at a time. `hyphen` copies the rest of the word for every
 * letter (`slice(i)` in its pattern loop), so a run of n letters costs n²/2 copies: a 100 000-letter
 * "word" took some 300 s. A point depends only on the letters within the longest pattern of it (8
 * letters in the Swedish patterns), so each window's points are taken only at least `WINDOW_MARGIN`
 * letters from the window's edges, where the window's own word boundaries cannot reach: the points
 * are those of the whole run.
 */
const WINDOW_CORE = 256;
const WINDOW_MARGIN = 32;

/** Break points inside one run of letters (lower-case work, indices into the run). Exported for tests. */
export function patternPoints(letters: string): number[] {
  if (letters.length < LEFT_MIN + RIGHT_MIN) return [];
  const points = letters.length > WINDOW_CORE + 2 * WINDOW_MARGIN ? windowedPoints(letters) : rawPatternPoints(letters);
  return points.filter((p) => p >= LEFT_MIN && p <= letters.length - RIGHT_MIN);
}

function windowedPoints(letters: string): number[] {
  // The patterns see the word lower-cased as a whole; a window must see the same letters (a letter
  // that lower-cases to more or fewer code units, or by its context, as Greek final sigma, does not).
  const lower = letters.toLocaleLowerCase();
  if (lower.length !== letters.length) return rawPatternPoints(letters);
  const points: number[] = [];
  for (let from = 0; from < letters.length; from += WINDOW_CORE) {
    const to = Math.min(letters.length, from + WINDOW_CORE);
    const start = Math.max(0, from - WINDOW_MARGIN);
    const end = Math.min(letters.length, to + WINDOW_MARGIN);
    const window = letters.slice(start, end);
    if (window.toLocaleLowerCase() !== lower.slice(start, end)) return rawPatternPoints(letters);
    for (const p of rawPatternPoints(window)) {
      const at = start + p;
      if (at >= from && at < to) points.push(at);
    }
  }
  return points;
}

/** Compound seams in a run of letters (indices into the run). */
function seams(letters: string): number[] {
  const lower = letters.toLowerCase();
  const out = new Set<number>();
  for (const first of FIRST_BY_LENGTH) {
    if (lower.startsWith(first) && lower.length - first.length >= 4) {
      out.add(first.length);
      break;
    }
  }
  for (const last of LAST_PARTS) {
    for (let at = lower.indexOf(last, 3); at >= 3; at = lower.indexOf(last, at + 1)) out.add(at);
  }
  return [...out].filter((p) => p >= 3 && p <= lower.length - 3).sort((a, b) => a - b);
}

/** Hyphenation points of a run of letters: seams, and the patterns inside each part. */
function letterPoints(letters: string): { index: number; preferred: boolean }[] {
  const cuts = seams(letters);
  const bounds = [0, ...cuts, letters.length];
  const points: { index: number; preferred: boolean }[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const from = bounds[i]!;
    const part = letters.slice(from, bounds[i + 1]);
    for (const p of patternPoints(part)) points.push({ index: from + p, preferred: false });
    if (i + 1 < bounds.length - 1) points.push({ index: bounds[i + 1]!, preferred: true });
  }
  return points.filter((p) => p.index >= LEFT_MIN && p.index <= letters.length - RIGHT_MIN);
}

const cache = new Map<string, readonly BreakPoint[]>();

/**
 * Where `word` (a token without spaces) may break, in order. Runs of at least five letters are
 * hyphenated; an existing hyphen or dash between letters is a break point without an added hyphen.
 */
export function breakPoints(word: string): readonly BreakPoint[] {
  const hit = cache.get(word);
  if (hit) return hit;
  const points: BreakPoint[] = [];
  for (const m of word.matchAll(/\p{L}+/gu)) {
    const start = m.index;
    for (const p of letterPoints(m[0])) points.push({ index: start + p.index, hyphen: true, preferred: p.preferred });
  }
  // After a hyphen or dash that joins two words ("IT-stöd", "Nöjd-Medborgar-Index"): the mark is already there.
  for (const m of word.matchAll(/(?<=\p{L}{2})[-\u2010\u2013](?=\p{L}{2})/gu)) {
    points.push({ index: m.index + 1, hyphen: false, preferred: true });
  }
  points.sort((a, b) => a.index - b.index);
  const result = Object.freeze(points.filter((p, i) => i === 0 || p.index !== points[i - 1]!.index));
  if (cache.size > 50_000) cache.clear();
  cache.set(word, result);
  return result;
}

/** The word with "-" at each break point, for tests and debugging ("bud-get-av-vi-kelse"). */
export function hyphenated(word: string, mark = '-'): string {
  let out = '';
  let at = 0;
  for (const p of breakPoints(word)) {
    out += word.slice(at, p.index) + (p.hyphen ? mark : '|');
    at = p.index;
  }
  return out + word.slice(at);
}
