/**
 * Large input: files with very many keys or values must give their diagnostics in time linear in
 * their size, and a file with more values than any report has is refused before it fills the memory.
 * No test measures time with a tight timer: each has a generous timeout (LINEAR) that a linear
 * implementation meets many times over (a few seconds) and a quadratic one (minutes) does not.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPretty } from '../../src/diagnostics/formatters.js';
import { MAX_VALUES, parseYamlSource } from '../../src/load/yaml-file.js';
import { check, copyExample } from '../helpers.js';
import { runCli } from '../e2e/run-cli.js';
import { STACK_TRACE } from './support.js';

/** Timeout of each test. Before the fix, parsing 100 000 keys took 149 s or more and formatting 20 000 diagnostics with excerpts 186 s; now each test takes seconds. */
const LINEAR = 90_000;

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  pos?: { file: string; line: number; column: number };
}

/** A copy of the example with `keys` unknown top-level keys appended to personal.yaml; returns the folder and the first such key's line. */
function exampleWithUnknownKeys(keys: number): { dir: string; firstLine: number } {
  const dir = copyExample();
  const file = path.join(dir, 'personal.yaml');
  const before = readFileSync(file, 'utf8');
  const lines = Array.from({ length: keys }, (_, i) => `okand${i}: ${i}`);
  appendFileSync(file, `${before.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`);
  return { dir, firstLine: before.split('\n').length + (before.endsWith('\n') ? 0 : 1) };
}

async function checkJson(dir: string): Promise<{ code: number; diagnostics: JsonDiagnostic[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['check', 'rapport', '--format', 'json'], path.dirname(dir));
  const parsed = JSON.parse(stdout) as { rapporter: { diagnostik: JsonDiagnostic[] }[] };
  return { code, diagnostics: parsed.rapporter.flatMap((r) => r.diagnostik), stderr };
}

describe('large input', () => {
  it(
    '100 000 unknown keys appended to personal.yaml give 100 000 located errors',
    async () => {
      const { dir, firstLine } = exampleWithUnknownKeys(100_000);
      const { code, diagnostics, stderr } = await checkJson(dir);
      expect(code).toBe(1);
      expect(stderr).not.toMatch(STACK_TRACE);
      const unknown = diagnostics.filter((d) => d.code === 'schema.okänd-nyckel');
      expect(unknown).toHaveLength(100_000);
      expect(diagnostics.filter((d) => d.severity === 'error')).toHaveLength(100_000);
      expect(unknown[0]).toMatchObject({ message: expect.stringContaining('"okand0"'), pos: { file: 'rapport/personal.yaml', line: firstLine, column: 1 } });
      expect(unknown.at(-1)).toMatchObject({ message: expect.stringContaining('"okand99999"'), pos: { file: 'rapport/personal.yaml', line: firstLine + 99_999, column: 1 } });
    },
    LINEAR,
  );

  it(
    'pretty output of 20 000 errors shows each with its excerpt and the right line numbers',
    async () => {
      const { dir, firstLine } = exampleWithUnknownKeys(20_000);
      const { errors } = check(dir);
      expect(errors).toHaveLength(20_000);
      const text = formatPretty(errors, { color: false, readSource: (file) => readFileSync(path.join(dir, file), 'utf8') });
      const lines = text.split('\n');
      expect(lines.filter((l) => l.includes('fel[schema.okänd-nyckel]'))).toHaveLength(20_000);
      // The first error and its excerpt: the line before, the line (marked) and the line after.
      expect(lines.slice(0, 5)).toEqual([
        `personal.yaml:${firstLine}:1: fel[schema.okänd-nyckel]: okänd nyckel "okand0"`,
        `    ${firstLine - 1} |       värde: 41`,
        `  > ${firstLine} | okand0: 0`,
        `       | ^`,
        `    ${firstLine + 1} | okand1: 1`,
      ]);
      // The last, where the line numbers have grown to five digits.
      const last = firstLine + 19_999;
      expect(lines.slice(-5)).toEqual([
        `personal.yaml:${last}:1: fel[schema.okänd-nyckel]: okänd nyckel "okand19999"`,
        `    ${last - 1} | okand19998: 19998`,
        `  > ${last} | okand19999: 19999`,
        `          | ^`,
        `    ${last + 1} |`,
      ]);
      // The command itself, which reads the sources its own way.
      const cli = await runCli(['check', 'rapport'], path.dirname(dir));
      expect(cli.code).toBe(1);
      expect(cli.stderr.split('\n').filter((l) => l.includes('fel[schema.okänd-nyckel]'))).toHaveLength(20_000);
      expect(cli.stderr).toContain('20000 fel');
    },
    LINEAR,
  );

  it(
    `a file with more than ${MAX_VALUES} values is refused at the first value too many`,
    async () => {
      const dir = copyExample();
      // 300 000 list items: the list is value 1 (its key "lista" is no value), item n is value n + 1, on line n + 1.
      writeFileSync(path.join(dir, 'stor.yaml'), `lista:\n${'  - 1\n'.repeat(300_000)}`);
      const { code, diagnostics, stderr } = await checkJson(dir);
      expect(code).toBe(1);
      expect(stderr).not.toMatch(STACK_TRACE);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
        {
          code: 'yaml.storlek',
          severity: 'error',
          message: expect.stringMatching(/^filen har fler än 200 000 värden; /),
          pos: { file: 'rapport/stor.yaml', line: MAX_VALUES + 1, column: 5 },
          related: [],
        },
      ]);
    },
    LINEAR,
  );

  it('counts each list item and each value of a mapping, empty or not, and no keys', () => {
    const n = 50_000;
    const source = [
      // The list and its items: n + 1 values.
      `flow: [${'1, '.repeat(n - 1)}1]`,
      // n pairs: n values, the keys are none.
      ...Array.from({ length: n }, (_, i) => `k${i}: ${i}`),
      // n empty values (each "a:" a duplicate key, found only once the file is built): n values.
      ...Array.from({ length: n }, () => 'a:'),
      // The list is value 3n + 2, its item i value 3n + 2 + i: the first value too many is item n - 1.
      'lista:',
      ...Array.from({ length: n }, () => '  - 1'),
    ].join('\n');
    expect(MAX_VALUES).toBe(4 * n);
    const { diagnostics } = parseYamlSource(source, 'f.yaml');
    expect(diagnostics.map((d) => [d.code, d.pos])).toEqual([['yaml.storlek', { file: 'f.yaml', line: 1 + 2 * n + 1 + (n - 1), column: 5 }]]);
  }, LINEAR);

  it(
    'a duplicate key deep inside a mapping of 100 000 keys is found at the second key',
    async () => {
      const dir = copyExample();
      const file = path.join(dir, 'personal.yaml');
      const before = readFileSync(file, 'utf8');
      const keys = Array.from({ length: 100_000 }, (_, i) => `      k${i}: ${i}`);
      // The duplicate of k123 after k76543, in the mapping of a list item three levels down.
      keys.splice(76_544, 0, '      k123: igen');
      appendFileSync(file, `${before.endsWith('\n') ? '' : '\n'}extra:\n  grupp:\n    - id: x\n      ${keys.join('\n').trimStart()}\n`);
      const text = readFileSync(file, 'utf8');
      const line = text.slice(0, text.indexOf('k123: igen')).split('\n').length;
      const { code, diagnostics } = await checkJson(dir);
      expect(code).toBe(1);
      expect(diagnostics).toEqual([
        {
          code: 'yaml.dubblerad-nyckel',
          severity: 'error',
          message: 'nyckeln "k123" förekommer två gånger i samma mappning',
          pos: { file: 'rapport/personal.yaml', line, column: 7 },
          related: [],
        },
      ]);
    },
    LINEAR,
  );
});
