/**
 * The PDF does not depend on the locale of the process. pdfkit sorts the keys of a name tree (/Dests,
 * /EmbeddedFiles) with String.prototype.localeCompare, whose default locale Node's ICU takes from
 * LC_ALL / LANG at startup — even when the C library has no such locale installed. ISO 32000-1 7.9.6
 * wants the keys in the byte order of their encoded strings, in every locale.
 *
 * The builds run in child processes (the locale is fixed when a process starts), from the sources
 * through tsx, so the test does not depend on an earlier `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyExample, mutate, ROOT } from '../helpers.js';
import { tempDir } from '../e2e/run-cli.js';
import { qdfText } from '../pdf-glyphs.js';

const SWEDISH = 'sv_SE.UTF-8';
const C = 'C.UTF-8';

function environment(locale: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], SOURCE_DATE_EPOCH: '1693440000', CI: 'true' };
  env['LC_ALL'] = locale;
  env['LANG'] = locale;
  return env;
}

/** `rapport <args>` from the sources in a new process with the given locale. */
function rapport(args: string[], locale: string): { code: number; stdout: string; stderr: string } {
  const main = pathToFileURL(path.join(ROOT, 'src', 'cli', 'main.ts')).href;
  const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(process.argv.slice(1));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], { cwd: ROOT, env: environment(locale), encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** What localeCompare does in a new process with the given locale. */
function collation(locale: string): string {
  const r = spawnSync(process.execPath, ['-p', `[Intl.Collator().resolvedOptions().locale, ['z', 'å', 'a', 'ö', 'o'].sort((a, b) => a.localeCompare(b)).join('')].join(' ')`], { env: environment(locale), encoding: 'utf8' });
  return r.stdout.trim();
}

/** A PDF string token as qpdf --qdf writes it ("(text)" with escapes, or "<hex>") to its bytes. */
function stringBytes(token: string): Buffer {
  if (token.startsWith('<')) return Buffer.from(token.slice(1, -1).replace(/\s/g, ''), 'hex');
  const body = token.slice(1, -1);
  const bytes: number[] = [];
  const named: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(body.charCodeAt(i));
      continue;
    }
    const next = body[i + 1]!;
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += octal[0].length;
    } else {
      bytes.push(named[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes);
}

/** The keys of a name tree of the catalog's /Names (a single node, as pdfkit writes it), in file order. */
function nameTreeKeys(pdf: string, tree: 'Dests' | 'EmbeddedFiles'): Buffer[] {
  const qdf = qdfText(pdf);
  const start = qdf.indexOf(`/${tree} <<`);
  expect(start, `/${tree} in ${pdf}`).toBeGreaterThan(0);
  const names = qdf.indexOf('/Names [', start);
  const keys: Buffer[] = [];
  // The array holds key, value, key, value …: a value is an array ([page /XYZ x y null]) or a reference.
  const token = /\((?:\\[\s\S]|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|\d+ \d+ R|[^\s[\]()<>]+/g;
  token.lastIndex = names + '/Names ['.length;
  let depth = 0;
  let expectKey = true;
  for (let m = token.exec(qdf); m; m = token.exec(qdf)) {
    const t = m[0];
    if (t === '[') depth += 1;
    else if (t === ']') {
      if (depth === 0) break;
      depth -= 1;
      if (depth === 0) expectKey = true;
    } else if (depth === 0) {
      if (expectKey) keys.push(stringBytes(t));
      expectKey = !expectKey;
    }
  }
  return keys;
}

const inByteOrder = (keys: Buffer[]) => keys.every((k, i) => i === 0 || Buffer.compare(keys[i - 1]!, k) < 0);

describe('the PDF in different locales', () => {
  it('Node takes localeCompare’s locale from LC_ALL (so the builds below differ in collation)', () => {
    expect(collation(SWEDISH)).toBe('sv-SE aozåö');
    expect(collation(C)).toBe('en-US aåoöz');
  });

  it('is byte for byte the same in sv_SE.UTF-8 and C.UTF-8, with its name trees in byte order', () => {
    const dir = copyExample();
    // A source file with a non-ASCII name: its key in /EmbeddedFiles is UTF-16 (FE FF …).
    renameSync(path.join(dir, 'text', 'sammanfattning.md'), path.join(dir, 'text', 'översikt.md'));
    mutate(dir, 'rapport.yaml', 'fil: text/sammanfattning.md', 'fil: text/översikt.md');
    const pdfs = [SWEDISH, C].map((locale) => {
      const out = tempDir();
      const r = rapport(['build', dir, '--out', out], locale);
      expect(r.stderr).not.toContain('fel[');
      expect(r.code).toBe(0);
      return path.join(out, 'rapport.pdf');
    });
    const [sv, c] = pdfs.map((p) => readFileSync(p));
    expect(sv!.equals(c!)).toBe(true);
    const dests = nameTreeKeys(pdfs[0]!, 'Dests');
    // Ids with å/ä/ö ("symboler-åtagande") are UTF-16 keys; they sort after every ASCII key.
    expect(dests.length).toBeGreaterThan(20);
    expect(dests.some((k) => k[0] === 0xfe && k[1] === 0xff)).toBe(true);
    expect(inByteOrder(dests)).toBe(true);
    const files = nameTreeKeys(pdfs[0]!, 'EmbeddedFiles');
    expect(files.map((k) => (k[0] === 0xfe ? Buffer.from(k.subarray(2)).swap16().toString('utf16le') : k.toString('latin1')))).toContain('text/översikt.md');
    expect(inByteOrder(files)).toBe(true);
  }, 600_000);
});
