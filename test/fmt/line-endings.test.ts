/**
 * rapport fmt with CRLF files (Git for Windows' autocrlf), mixed line endings and a UTF-8 BOM: only
 * the content is judged, each file keeps its own line ending, and `--check` says which line differs.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDifference, dominantLineEnding, formatYamlSource } from '../../src/fmt/format.js';
import { runCli, spawnRapport } from '../e2e/run-cli.js';
import { copyExample, EXAMPLE, ROOT } from '../helpers.js';

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
const exampleYaml = readdirSync(EXAMPLE).filter((n) => n.endsWith('.yaml')).sort();

/** Every line ends with \r\n: no lone \n and no lone \r. */
function expectAllCrlf(bytes: Buffer): void {
  const text = bytes.toString('latin1');
  expect(text.length).toBeGreaterThan(0);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text).not.toMatch(/(?<!\r)\n/);
  expect(text).not.toMatch(/\r(?!\n)/);
}

/** Convert every .yaml and .md file under `dir` to CRLF line endings. */
function convertToCrlf(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) count += convertToCrlf(p);
    else if (/\.(ya?ml|md)$/.test(name)) {
      writeFileSync(p, crlf(readFileSync(p, 'utf8')));
      count++;
    }
  }
  return count;
}

/** The servicenämnden example in a temp folder with every file converted to CRLF. */
function crlfExample(): string {
  const dir = copyExample();
  convertToCrlf(dir);
  return dir;
}

const SCRAMBLE_FROM = 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision\n';
const SCRAMBLE_TO = 'mottagare: [Kommunledningskontoret, Kommunstyrelsen, Kommunrevision]\n';

describe('formatYamlSource: line endings and BOM', () => {
  it.each(exampleYaml)('a CRLF copy of %s is formatted and left byte-identical', (name) => {
    const source = crlf(readFileSync(path.join(EXAMPLE, name), 'utf8'));
    const result = formatYamlSource(source, name);
    expect(result.diagnostics).toEqual([]);
    expect(result.changed).toBe(false);
    expect(result.formatted).toBe(source);
  });

  it('formats a CRLF file and gives it back with CRLF', () => {
    const lf = readFileSync(path.join(EXAMPLE, 'rapport.yaml'), 'utf8');
    const result = formatYamlSource(crlf(lf.replace(SCRAMBLE_FROM, SCRAMBLE_TO)), 'rapport.yaml');
    expect(result.changed).toBe(true);
    expect(result.formatted).toBe(crlf(lf));
    expectAllCrlf(Buffer.from(result.formatted));
    expect(formatYamlSource(result.formatted, 'rapport.yaml').changed).toBe(false);
  });

  it('writes a file with mixed endings with the ending most of its lines have, and leaves it alone when its content is formatted', () => {
    expect(dominantLineEnding('a: 1\r\nb: 2\r\nc: 3\n')).toBe('\r\n');
    expect(dominantLineEnding('a: 1\r\nb: 2\nc: 3\n')).toBe('\n');
    expect(dominantLineEnding('a: 1\r\nb: 2\n')).toBe('\n');
    expect(dominantLineEnding('')).toBe('\n');

    const mostlyCrlf = formatYamlSource('kommun: Eskilstuna\r\ndnr: "SEN/1"   \r\nparagraf: 5\n', 'rapport.yaml');
    expect(mostlyCrlf.changed).toBe(true);
    expect(mostlyCrlf.formatted).toBe('kommun: Eskilstuna\r\ndnr: SEN/1\r\nparagraf: 5\r\n');
    const mostlyLf = formatYamlSource('kommun: Eskilstuna\r\ndnr: "SEN/1"\nparagraf: 5\n', 'rapport.yaml');
    expect(mostlyLf.formatted).toBe('kommun: Eskilstuna\ndnr: SEN/1\nparagraf: 5\n');

    const formattedMixed = 'kommun: Eskilstuna\r\ndnr: SEN/1\nparagraf: 5\r\n';
    expect(formatYamlSource(formattedMixed, 'rapport.yaml')).toMatchObject({ changed: false, formatted: formattedMixed });
  });

  it('keeps a BOM, as the loader reads past it', () => {
    const formatted = '\uFEFFkommun: Eskilstuna\r\ndnr: SEN/1\r\n';
    expect(formatYamlSource(formatted, 'rapport.yaml')).toMatchObject({ changed: false, formatted, diagnostics: [] });
    const result = formatYamlSource('\uFEFFdnr: SEN/1\r\nkommun: Eskilstuna\r\n', 'rapport.yaml');
    expect(result.changed).toBe(true);
    expect(result.formatted).toBe(formatted);
    expect(result.difference).toBe('rapport.yaml:1: nyckeln ”kommun” ska stå före ”dnr” (nycklarna står i schemats ordning)');
  });
});

describe('describeDifference: the first line that differs and why', () => {
  const why = (before: string): string | undefined => formatYamlSource(before, 'r.yaml').difference;

  it('names the line and what is wrong with it', () => {
    expect(why('kommun: A\ndnr: B   \n')).toBe('r.yaml:2: blanksteg i slutet av raden ska bort');
    expect(why('\n\nkommun: A\n')).toBe('r.yaml:1: tomma rader i början av filen ska bort');
    expect(why('kommun: A\n\n\n\ndnr: B\n')).toBe('r.yaml:3: högst en tom rad i rad');
    expect(why('nämnd:\n\n  namn: N\n')).toBe('r.yaml:2: tom rad som ska bort (ingen tom rad direkt efter en rad som öppnar ett block)');
    expect(why('kommun: A\n\n\n')).toBe('r.yaml:2: tomma rader i slutet av filen ska bort');
    expect(why('kommun: A\ndnr: B')).toBe('r.yaml:2: sista raden saknar radslut');
    expect(why("kommun: A\ndnr: 'B'\n")).toBe('r.yaml:2: citattecken: raden ska vara ”dnr: B”, inte ”dnr: \'B\'”');
    expect(why('kommun:    A\n')).toBe('r.yaml:1: ett blanksteg efter kolon: raden ska vara ”kommun: A”, inte ”kommun:    A”');
    expect(why('nämnd:\n  förkortning: N\n  namn: Nämnden\n')).toBe('r.yaml:2: nyckeln ”namn” ska stå före ”förkortning” (nycklarna står i schemats ordning)');
    expect(why('mottagare: [A, B]\n')).toBe('r.yaml:1: listan skrivs en rad per värde: raden ska vara ”mottagare:”, inte ”mottagare: [A, B]”');
    expect(why('beslut:\n- A\n')).toBe('r.yaml:2: indraget ska vara 2 blanksteg, inte 0');
  });

  it('describes a flow list to be, and shortens long lines', () => {
    expect(describeDifference('a:\n  omfattar:\n    - x\n', 'a:\n  omfattar: [x]\n', 'f.yaml')).toBe('f.yaml:2: listan skrivs på en rad: raden ska vara ”omfattar: [x]”, inte ”omfattar:”');
    const long = `x: ${'a'.repeat(200)}`;
    const message = describeDifference(`${long}b\n`, `${long}\n`, 'f.yaml');
    expect(message.startsWith('f.yaml:1: raden ska vara ”x: aaa')).toBe(true);
    expect(message).toContain('…”, inte ”');
    expect(message.length).toBeLessThan(200);
  });

  it('finds the first differing line of a scrambled example file', () => {
    const lf = readFileSync(path.join(EXAMPLE, 'rapport.yaml'), 'utf8');
    const line = lf.slice(0, lf.indexOf(SCRAMBLE_FROM)).split('\n').length;
    expect(why(crlf(lf.replace(SCRAMBLE_FROM, SCRAMBLE_TO)))).toBe(
      `r.yaml:${line}: listan skrivs en rad per värde: raden ska vara ”mottagare:”, inte ”mottagare: [Kommunledningskontoret, Kommunstyrelsen, Kommunrevision]”`,
    );
  });
});

describe('rapport fmt on CRLF files', () => {
  it('--check passes a formatted CRLF report', async () => {
    const dir = crlfExample();
    expectAllCrlf(readFileSync(path.join(dir, 'ekonomi.yaml')));
    const r = await runCli(['fmt', '.', '--check'], dir);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${exampleYaml.length} filer, 0 behöver formateras\n`);
    expect(r.code).toBe(0);
  });

  it('--check names the file and first differing line; fmt writes CRLF that then passes --check', async () => {
    const dir = crlfExample();
    const file = path.join(dir, 'rapport.yaml');
    const canonical = readFileSync(file);
    const lf = canonical.toString('utf8').replace(/\r\n/g, '\n');
    const line = lf.slice(0, lf.indexOf(SCRAMBLE_FROM)).split('\n').length;
    writeFileSync(file, crlf(lf.replace(SCRAMBLE_FROM, SCRAMBLE_TO)));

    const before = await runCli(['fmt', '.', '--check'], dir);
    expect(before.code).toBe(1);
    expect(before.stdout).toBe('rapport.yaml\n');
    expect(before.stderr).toContain(`rapport.yaml:${line}: listan skrivs en rad per värde: raden ska vara ”mottagare:”`);
    expect(before.stderr).toContain(`${exampleYaml.length} filer, 1 behöver formateras\n`);

    const fixed = await runCli(['fmt', '.'], dir);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toBe('formaterade rapport.yaml\n');
    const written = readFileSync(file);
    expectAllCrlf(written);
    expect(written.equals(canonical)).toBe(true);
    // The other files were not touched.
    expectAllCrlf(readFileSync(path.join(dir, 'ekonomi.yaml')));

    const after = await runCli(['fmt', '.', '--check'], dir);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe(`${exampleYaml.length} filer, 0 behöver formateras\n`);
  });

  it('the installed command (bin/, after npm run build) keeps CRLF too', () => {
    if (!existsSync(path.join(ROOT, 'lib', 'fmt', 'format.js'))) throw new Error('run npm run build first');
    const dir = crlfExample();
    const file = path.join(dir, 'ekonomi.yaml');
    const canonical = readFileSync(file);
    writeFileSync(file, canonical.toString('utf8').replace('        roll: finansnetto\r\n', '        roll:     finansnetto   \r\n'));
    const check = spawnRapport(['fmt', '.', '--check'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('ekonomi.yaml\n');
    expect(check.stderr).toMatch(/^ekonomi\.yaml:\d+: ett blanksteg efter kolon: raden ska vara ”roll: finansnetto”, inte ”roll:     finansnetto”$/m);
    expect(spawnRapport(['fmt', '.'], dir).code).toBe(0);
    expect(readFileSync(file).equals(canonical)).toBe(true);
    expect(spawnRapport(['fmt', '.', '--check'], dir).code).toBe(0);
  }, 120_000);

  it('does not rewrite a file that is not UTF-8 (read as the loader reads it)', async () => {
    const dir = copyExample();
    const file = path.join(dir, 'rapport.yaml');
    const latin1 = Buffer.from(readFileSync(file, 'utf8').replace(SCRAMBLE_FROM, SCRAMBLE_TO), 'latin1');
    writeFileSync(file, latin1);
    for (const args of [['fmt', '.', '--check'], ['fmt', '.']]) {
      const r = await runCli(args, dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('fel[fil.kodning]');
    }
    expect(readFileSync(file).equals(latin1)).toBe(true);
  });

  it('all examples converted to CRLF pass fmt --check, and check gives the same diagnostics as with LF', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-crlf-'));
    const lfRoot = path.join(root, 'lf');
    const crlfRoot = path.join(root, 'crlf');
    for (const r of [lfRoot, crlfRoot]) {
      mkdirSync(r);
      cpSync(path.join(ROOT, 'examples'), path.join(r, 'examples'), { recursive: true });
    }
    expect(convertToCrlf(path.join(crlfRoot, 'examples'))).toBeGreaterThan(20);

    const lfFmt = await runCli(['fmt', 'examples', '--check'], lfRoot);
    const crlfFmt = await runCli(['fmt', 'examples', '--check'], crlfRoot);
    expect(lfFmt.code).toBe(0);
    expect(crlfFmt).toEqual(lfFmt);

    const lfCheck = await runCli(['check', 'examples', '--format', 'json'], lfRoot);
    const crlfCheck = await runCli(['check', 'examples', '--format', 'json'], crlfRoot);
    const diagnostics = (out: string): unknown[] => (JSON.parse(out) as { rapporter: { diagnostik: unknown[] }[] }).rapporter.flatMap((r) => r.diagnostik);
    expect(crlfCheck.code).toBe(lfCheck.code);
    expect(diagnostics(lfCheck.stdout).length).toBeGreaterThan(0);
    expect(diagnostics(crlfCheck.stdout).length).toBe(diagnostics(lfCheck.stdout).length);
    expect(diagnostics(crlfCheck.stdout)).toEqual(diagnostics(lfCheck.stdout));
  }, 120_000);
});
