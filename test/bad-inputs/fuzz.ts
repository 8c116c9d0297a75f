/**
 * Property test over mutated copies of the example (issue 8): fast-check changes values, keys,
 * structure and bytes of the report's files, and `rapport build` must either succeed with complete
 * outputs or fail with located diagnostics — never throw, never report an internal error, never
 * print a stack trace, never leave an output of the failed report behind.
 *
 * Used by test/bad-inputs/fuzz.test.ts (few cases, every `npm test`) and scripts/fuzz.ts
 * (`npm run fuzz`, 10 000 cases in CI).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main.js';
import { STACK_TRACE } from './support.js';

const EXAMPLE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
const FILES = ['rapport.yaml', 'ekonomi.yaml', 'mal.yaml', 'internkontroll.yaml', 'personal.yaml', 'bilaga-klimat.yaml', 'text/sammanfattning.md'];

/** Lines that carry data (not comments or blank), per file: where a mutation does something. */
const DATA_LINES = new Map<string, number[]>(
  FILES.map((f) => {
    const lines = readFileSync(path.join(EXAMPLE, f), 'utf8').split('\n');
    return [f, lines.flatMap((l, i) => (l.trim() === '' || l.trim().startsWith('#') ? [] : [i]))];
  }),
);

/** Values a careless or hostile author might write. */
const VALUES = [
  '0', '-0', '-0.0', '1e400', '-1e400', '.nan', '.inf', '-.inf', '0x1F', '0o17', '1_000', '"1 234,5"', '12,5', '99999999999999999999',
  '0.1', '-42.95', 'true', 'false', 'null', '~', '""', "''", '[]', '{}', '[1, 2]', '{a: 1}', '2023-02-30', '2023-08-31', '2024-01-01',
  '"<script>alert(1)</script>"', '"{{belopp x.y}}"', '"{{#each a}}{{/each}}"', '__proto__', 'constructor', '"ä\u0000"', '"\u202e"',
  '&a 1', '*a', '!!binary aGVq', '!tag x', '|', '>', '"x"', 'x'.repeat(300), '😀', '"\\ud800"', '- a', 'a: b',
];

const KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'namn', 'utfall', 'budget', 'text', 'x', 'ÅÄÖ', '<<', '? a', '"a b"', ''];

type Mutation =
  | { kind: 'value'; file: number; line: number; value: number }
  | { kind: 'key'; file: number; line: number; key: number; typo: number }
  | { kind: 'delete' | 'duplicate' | 'indent' | 'dedent'; file: number; line: number }
  | { kind: 'swap'; file: number; line: number; other: number }
  | { kind: 'byte'; file: number; at: number; byte: number }
  | { kind: 'truncate'; file: number; at: number };

const index = fc.nat({ max: 1_000_000 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('value' as const), file: index, line: index, value: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('key' as const), file: index, line: index, key: index, typo: index }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'indent' as const, 'dedent' as const), file: index, line: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), file: index, line: index, other: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('byte' as const), file: index, at: index, byte: fc.nat({ max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), file: index, at: index }) },
);

function pick<T>(xs: readonly T[], i: number): T {
  return xs[i % xs.length] as T;
}

/** Applies one mutation to a copy of the report in `dir`; returns a short description. */
export function applyMutation(dir: string, m: Mutation): string {
  const name = pick(FILES, m.file);
  const file = path.join(dir, name);
  if (m.kind === 'byte' || m.kind === 'truncate') {
    const bytes = readFileSync(file);
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'truncate') {
      writeFileSync(file, bytes.subarray(0, at));
      return `${name}: avkortad vid byte ${at}`;
    }
    const out = Buffer.from(bytes);
    if (out.length > 0) out[at] = m.byte;
    writeFileSync(file, out);
    return `${name}: byte ${at} = 0x${m.byte.toString(16)}`;
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  const data = DATA_LINES.get(name) ?? [];
  const n = data.length > 0 ? pick(data, m.line) : m.line % Math.max(1, lines.length);
  const line = lines[n] ?? '';
  switch (m.kind) {
    case 'value': {
      const value = pick(VALUES, m.value);
      const colon = line.indexOf(': ');
      lines[n] = colon >= 0 ? `${line.slice(0, colon + 2)}${value}` : `${line.match(/^\s*(- )?/)?.[0] ?? ''}${value}`;
      break;
    }
    case 'key': {
      const key = /^(\s*(?:- )?)([^:#\s][^:#]*):/.exec(line);
      if (!key) return `${name}:${n + 1}: ingen nyckel`;
      let next = pick(KEYS, m.key);
      if (m.typo % 2 === 0 && key[2]) {
        // A typo instead: one character dropped.
        const k = key[2];
        const at = m.typo % k.length;
        next = k.slice(0, at) + k.slice(at + 1);
      }
      lines[n] = `${key[1]}${next}:${line.slice(key[0].length)}`;
      break;
    }
    case 'delete':
      lines.splice(n, 1);
      break;
    case 'duplicate':
      lines.splice(n, 0, line);
      break;
    case 'indent':
      lines[n] = `  ${line}`;
      break;
    case 'dedent':
      lines[n] = line.replace(/^ {1,2}/, '');
      break;
    case 'swap': {
      const o = pick(data.length > 0 ? data : [0], m.other);
      [lines[n], lines[o]] = [lines[o] ?? '', line];
      break;
    }
  }
  writeFileSync(file, lines.join('\n'));
  return `${name}:${n + 1}: ${m.kind}`;
}

export interface CaseOutcome {
  code: number;
  /** Why the case breaks the property, if it does. */
  failure?: string;
}

interface JsonReport {
  rapporter: { mapp: string; filer: { file: string }[]; diagnostik: { code: string; severity: string; message: string; pos?: { file: string; line: number } }[] }[];
}

/** Builds the mutated copy and checks the property. */
export async function runCase(mutations: Mutation[]): Promise<CaseOutcome & { applied: string[] }> {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-fuzz-'));
  try {
    const dir = path.join(root, 'rapport');
    cpSync(EXAMPLE, dir, { recursive: true });
    const applied = mutations.map((m) => applyMutation(dir, m));
    mkdirSync(path.join(root, 'ut'));
    let output = '';
    let code: number;
    try {
      code = await main(['build', 'rapport', '--out', 'ut', '--format', 'json'], {
        stdout: (t) => (output += t),
        stderr: (t) => (output += t),
        isTTY: false,
        cwd: root,
        env: { SOURCE_DATE_EPOCH: '1693440000' },
      });
    } catch (error) {
      return { code: -1, applied, failure: `undantag: ${(error as Error).stack ?? String(error)}` };
    }
    const fail = (failure: string) => ({ code, applied, failure });
    if (STACK_TRACE.test(output)) return fail(`stackspår i utdata:\n${output.slice(0, 2000)}`);
    let report: JsonReport;
    try {
      report = JSON.parse(output) as JsonReport;
    } catch {
      return fail(`utdata är inte JSON:\n${output.slice(0, 2000)}`);
    }
    const diagnostics = report.rapporter.flatMap((r) => r.diagnostik);
    const internal = diagnostics.find((d) => d.code === 'internt.fel');
    if (internal) return fail(`internt fel: ${internal.message}`);
    const written = readdirSync(path.join(root, 'ut'));
    if (code === 0) {
      const html = path.join(root, 'ut', 'rapport.html');
      const pdf = path.join(root, 'ut', 'rapport.pdf');
      if (!existsSync(html) || !existsSync(pdf)) return fail(`exit 0 men utdata saknas: ${written.join(', ')}`);
      if (!readFileSync(html, 'utf8').trimEnd().endsWith('</html>')) return fail('HTML-filen är inte hel');
      const bytes = readFileSync(pdf);
      if (bytes.subarray(0, 5).toString() !== '%PDF-' || !bytes.subarray(-8).toString().includes('%%EOF')) return fail('PDF-filen är inte hel');
      if (written.some((f) => f.endsWith('.tmp'))) return fail(`tillfälliga filer kvar: ${written.join(', ')}`);
      return { code, applied };
    }
    if (code !== 1) return fail(`slutkod ${code}:\n${output.slice(0, 2000)}`);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) return fail('slutkod 1 utan fel');
    const unlocated = errors.find((d) => !d.pos || !d.pos.file || !(d.pos.line >= 1));
    if (unlocated) return fail(`fel utan plats: ${unlocated.code} ${unlocated.message}`);
    if (written.length > 0) return fail(`utdata kvar efter fel: ${written.join(', ')}`);
    return { code, applied };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface FuzzSummary {
  runs: number;
  ok: number;
  rejected: number;
  ms: number;
}

/** Runs the property `runs` times (fast-check shrinks a failure to its smallest mutation list). */
export async function fuzz(runs: number, seed: number, onProgress?: (done: number) => void): Promise<FuzzSummary> {
  let ok = 0;
  let rejected = 0;
  let done = 0;
  const start = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (mutations) => {
      const r = await runCase(mutations);
      if (r.failure) throw new Error(`${r.applied.join('; ')}\n${r.failure}`);
      if (r.code === 0) ok += 1;
      else rejected += 1;
      done += 1;
      onProgress?.(done);
    }),
    { numRuns: runs, seed, endOnFailure: false, includeErrorInReport: true },
  );
  return { runs, ok, rejected, ms: performance.now() - start };
}
