/**
 * The files the README and docs/ send a reader to exist: a moved or renamed module (issue 18) must
 * take the documentation along, or a newcomer opens a file that is not there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every `src/…` path a document names (a file or a folder), with the line it stands on. */
export function namedPaths(text: string): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?<![\w/.-])src\/[\w./-]*[\w/]/g)) out.push({ path: m[0], line: i + 1 });
  });
  return out;
}

describe('paths named in the documentation', () => {
  it('finds the paths in a line, without trailing punctuation', () => {
    expect(namedPaths('Öppna `src/check/` och listan i `src/diagnostics/rules.ts`.\n(src/cli/main.ts), not lib/src/x')).toEqual([
      { path: 'src/check/', line: 1 },
      { path: 'src/diagnostics/rules.ts', line: 1 },
      { path: 'src/cli/main.ts', line: 2 },
    ]);
  });

  for (const doc of DOCS) {
    it(`${doc}: every src/ path exists`, () => {
      const missing = namedPaths(readFileSync(path.join(ROOT, doc), 'utf8'))
        .filter((p) => !existsSync(path.join(ROOT, p.path)))
        .map((p) => `${doc}:${p.line}: ${p.path}`);
      expect(missing).toEqual([]);
    });
  }
});
