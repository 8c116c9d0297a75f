import { describe, expect, it } from 'vitest';
import { collapseBlankLines } from '../../../src/render/html.js';

/** What the templates' output has always been cleaned to: the plain form of the rule. */
const reference = (html: string) => html.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');

describe('collapseBlankLines', () => {
  it('drops trailing spaces and tabs and keeps at most one blank line, as the plain rule does', () => {
    expect(collapseBlankLines('<p>a</p>   \n\t\n \n\n<p>b</p>\t\n  x')).toBe('<p>a</p>\n\n<p>b</p>\n  x');
    // Random mixes of blanks, tabs, newlines, a no-break space (kept: it is text) and letters.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: 40 }, () => ' \t\n\u00a0ab'[next() % 6]).join('');
      expect(collapseBlankLines(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('handles deep indentation without a newline after it', () => {
    const indented = `${' '.repeat(200_000)}<p>text</p>\n`;
    expect(collapseBlankLines(indented)).toBe(indented);
  });
});
