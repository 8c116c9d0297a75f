/**
 * Runs of letters longer than a window are hyphenated a window at a time (hyphenate.ts): the points
 * must be those of the `hyphen` package applied to the whole run, which is quadratic in the run's
 * length (a 100 000-letter word took some 300 s) but is the reference.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patternPoints } from '../../src/render/pdf/base/hyphenate.js';

const require = createRequire(import.meta.url);
const sv = require('hyphen/sv') as { hyphenateSync(text: string, options: { hyphenChar: string; minWordLength: number }): string };

/** The points of the whole run, as hyphenate.ts took them before windows. */
function whole(letters: string): number[] {
  const marked = sv.hyphenateSync(letters, { hyphenChar: '\u00ad', minWordLength: 5 });
  const points: number[] = [];
  let index = 0;
  for (const ch of marked) {
    if (ch === '\u00ad') points.push(index);
    else index += ch.length;
  }
  return points.filter((p) => p >= 2 && p <= letters.length - 3);
}

describe('hyphenation of long runs of letters', () => {
  it('gives the points of the whole run, window edges included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const words = 'budget avvikelse verksamhetsområde kommunstyrelsen upphandling sjukfrånvaro medarbetarundersökning Eskilstuna Servicenämnden ordningsföljd strumpa ÅÄÖåäö ΣΑΣ'.split(' ');
    const letters = 'abcdefghijklmnopqrstuvwxyzåäöéüABCÅÄÖ';
    for (let n = 0; n < 100; n += 1) {
      const length = 300 + Math.floor(random() * 2000);
      let run = '';
      while (run.length < length) {
        run += random() < 0.5 ? words[Math.floor(random() * words.length)] : letters[Math.floor(random() * letters.length)]!.repeat(1 + Math.floor(random() * 3));
      }
      const expected = whole(run);
      expect(expected.length).toBeGreaterThan(0);
      expect(patternPoints(run)).toEqual(expected);
    }
    // A letter that lower-cases to two code units ("İ") is hyphenated whole, as before.
    for (const run of [`Långord${'x'.repeat(3000)}Slut`, 'ab'.repeat(1500), `İ${'stora'.repeat(200)}`]) {
      expect(patternPoints(run)).toEqual(whole(run));
    }
  });

  it('a 100 000-letter word takes well under a second', () => {
    const started = performance.now();
    patternPoints(`Långord${'x'.repeat(100_000)}Slut`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
