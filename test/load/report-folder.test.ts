/** Loading a report folder: YAML syntax, duplicate keys, merging files, and file-level problems. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/pipeline/compile.js';
import { MAX_FILE_BYTES, parseYamlSource } from '../../src/load/yaml-file.js';
import { check, copyExample, mutate, writeReportFile } from '../helpers.js';
import { notNotes, posAfter, posOf } from '../check/rules/support.js';

const R = 'rapport.yaml';
const E = 'ekonomi.yaml';

describe('yaml.syntax', () => {
  it('flags a key indented less than its siblings, at the start of the offending line', () => {
    const dir = copyExample();
    mutate(dir, R, '  namn: Servicenämnden\n  förkortning: SEN', '    namn: Servicenämnden\n  förkortning: SEN');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'yaml.syntax',
        severity: 'error',
        message: 'ogiltig YAML: alla nycklar i en mappning måste ha samma indrag',
        pos: { file: R, line: posOf(dir, R, '  förkortning: SEN').line, column: 1 },
        related: [],
      },
    ]);
  });

  it('flags a nested mapping on one line at the column where it starts', () => {
    const dir = copyExample();
    mutate(dir, R, 'kommun: Eskilstuna', 'kommun: Eskilstuna: stad');
    expect(check(dir).diagnostics).toEqual([
      { code: 'yaml.syntax', severity: 'error', message: 'ogiltig YAML: nästlade mappningar är inte tillåtna här; kontrollera indraget', pos: posAfter(dir, R, 'kommun: '), related: [] },
    ]);
  });

  it('flags a tab used as indentation', () => {
    const dir = copyExample();
    mutate(dir, R, '  förkortning: SEN', '\tförkortning: SEN');
    expect(check(dir).diagnostics).toEqual([
      { code: 'yaml.syntax', severity: 'error', message: 'ogiltig YAML: tabb får inte användas som indrag', pos: posOf(dir, R, '\tförkortning'), related: [] },
    ]);
  });

  it('stops before validation: a syntax error in one file is the only diagnostic', () => {
    const dir = copyExample();
    mutate(dir, R, 'kommun: Eskilstuna', 'kommun: Eskilstuna: stad');
    mutate(dir, E, 'utfall: -42.9', 'utfall: -44.9'); // would be a summa.rader error
    expect(check(dir).diagnostics.map((d) => d.code)).toEqual(['yaml.syntax']);
  });
});

describe('yaml.dubblerad-nyckel', () => {
  it('flags the second occurrence of a key in the same mapping', () => {
    const dir = copyExample();
    mutate(dir, E, '        budget: -307.4\n', '        budget: -307.4\n        budget: -307.5\n');
    expect(check(dir).diagnostics).toEqual([
      { code: 'yaml.dubblerad-nyckel', severity: 'error', message: 'nyckeln "budget" förekommer två gånger i samma mappning', pos: posOf(dir, E, 'budget: -307.5'), related: [] },
    ]);
  });
});

describe('yaml.alias', () => {
  it('refuses an alias bomb', () => {
    const dir = copyExample();
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c']] as const) bomb += `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
    writeReportFile(dir, 'bomb.yaml', bomb);
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'yaml.alias',
        severity: 'error',
        message: 'aliasen (*namn) i filen blir för många när de vecklas ut (100 eller fler); skriv ut värdena i stället',
        // The first alias: "b: &b [*a, …" (line 2, column 8).
        pos: { file: 'bomb.yaml', line: 2, column: 8 },
        related: [],
      },
    ]);
  });

  it('accepts an anchor with a few aliases', () => {
    const dir = copyExample();
    mutate(dir, R, 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen', 'mottagare:\n  - &kl Kommunledningskontoret\n  - Kommunstyrelsen');
    mutate(dir, R, '    organisation: Serviceförvaltningen', '    organisation: *kl');
    expect(notNotes(check(dir).diagnostics).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reads many aliases in linear time (each alias used to walk the whole file)', () => {
    let text = 'ankare: &a 1.5\nlista:\n';
    for (let i = 0; i < 8000; i++) text += `  - {x: *a, y: ${i}}\n`;
    const started = performance.now();
    const { diagnostics } = parseYamlSource(text, 'många.yaml');
    // 8 000 aliases took 100 s before; now about a second on a loaded two-core machine.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml.alias']);
  });
});

describe('fil.dubblerad-nyckel', () => {
  it('flags a top-level key that a second file repeats, with the first file as related position', () => {
    const dir = copyExample();
    writeReportFile(dir, 'extra.yaml', '# samma nyckel som i rapport.yaml\ndnr: SEN/2023:99\n');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'fil.dubblerad-nyckel',
        severity: 'error',
        message: 'nyckeln "dnr" finns redan i rapport.yaml; varje toppnyckel får bara stå i en fil',
        pos: { file: 'extra.yaml', line: 2, column: 1 },
        related: [{ message: 'först här', pos: posOf(dir, R, 'dnr:') }],
      },
    ]);
  });

  it('names the earlier file in alphabetical order when neither is rapport.yaml', () => {
    const dir = copyExample();
    writeReportFile(dir, 'zz-personal.yaml', 'personal:\n  nyckeltal: []\n');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'fil.dubblerad-nyckel',
        severity: 'error',
        message: 'nyckeln "personal" finns redan i personal.yaml; varje toppnyckel får bara stå i en fil',
        pos: { file: 'zz-personal.yaml', line: 1, column: 1 },
        related: [{ message: 'först här', pos: posOf(dir, 'personal.yaml', 'personal:') }],
      },
    ]);
  });

  it('also reads .yml files', () => {
    const dir = copyExample();
    writeReportFile(dir, 'extra.yml', 'kommun: Västerås\n');
    expect(check(dir).diagnostics.map((d) => [d.code, d.pos?.file])).toEqual([['fil.dubblerad-nyckel', 'extra.yml']]);
  });
});

describe('fil.rapport-saknas and fil.mapp-saknas', () => {
  it('requires rapport.yaml in the report folder', () => {
    const dir = copyExample();
    rmSync(path.join(dir, R));
    expect(check(dir).diagnostics).toEqual([{ code: 'fil.rapport-saknas', severity: 'error', message: 'rapport.yaml saknas i rapportmappen .', pos: undefined, related: [] }]);
  });

  it('names the folder relative to the working directory', () => {
    const dir = copyExample();
    rmSync(path.join(dir, R));
    const { diagnostics } = compileReport('rapport', path.dirname(dir));
    expect(diagnostics.map((d) => d.message)).toEqual(['rapport.yaml saknas i rapportmappen rapport']);
  });

  it('reports a folder that does not exist', () => {
    const dir = copyExample();
    const { diagnostics } = compileReport('finns-inte', dir);
    expect(diagnostics).toEqual([{ code: 'fil.mapp-saknas', severity: 'error', message: 'rapportmappen finns inte: finns-inte', pos: undefined, related: [] }]);
  });
});

describe('fil.tom', () => {
  it('warns about a file with only comments, and compiles the rest', () => {
    const dir = copyExample();
    writeReportFile(dir, 'tom.yaml', '# inget här än\n');
    const { diagnostics, errors } = check(dir);
    expect(errors).toEqual([]);
    expect(diagnostics.filter((d) => d.code === 'fil.tom')).toEqual([
      { code: 'fil.tom', severity: 'warning', message: 'filen är tom', pos: { file: 'tom.yaml', line: 1, column: 1 }, related: [] },
    ]);
  });

  it('warns about a zero-byte file', () => {
    const dir = copyExample();
    writeReportFile(dir, 'tom.yaml', '');
    expect(notNotes(check(dir).diagnostics).filter((d) => d.pos?.file === 'tom.yaml').map((d) => [d.code, d.severity])).toEqual([['fil.tom', 'warning']]);
  });
});

describe('fil.ej-mappning', () => {
  it('flags a file whose top level is a list', () => {
    const dir = copyExample();
    writeReportFile(dir, 'lista.yaml', '- kommun: Eskilstuna\n');
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'fil.ej-mappning',
        severity: 'error',
        message: 'filen måste vara en mappning med rapportens nycklar (t.ex. "mål:", "ekonomi:")',
        pos: { file: 'lista.yaml', line: 1, column: 1 },
        related: [],
      },
    ]);
  });

  it('flags a file whose top level is a scalar', () => {
    const dir = copyExample();
    writeReportFile(dir, 'text.yaml', 'bara text\n');
    expect(check(dir).diagnostics.map((d) => [d.code, d.pos])).toEqual([['fil.ej-mappning', { file: 'text.yaml', line: 1, column: 1 }]]);
  });
});

describe('fil.läsfel, fil.för-stor and fil.utanför', () => {
  it('reports a *.yaml entry that cannot be read as a file', () => {
    const dir = copyExample();
    mkdirSync(path.join(dir, 'mapp.yaml'));
    expect(check(dir).diagnostics).toEqual([
      { code: 'fil.ingen-fil', severity: 'error', message: 'är ingen vanlig fil (en mapp, FIFO, socket eller enhet) och läses inte', pos: { file: 'mapp.yaml', line: 1, column: 1 }, related: [] },
    ]);
  });

  it('refuses a FIFO without waiting for a writer, and a device without reading it', () => {
    const dir = copyExample();
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    symlinkSync('/dev/zero', path.join(dir, 'noll.yaml'));
    const codes = check(dir).diagnostics.map((d) => `${d.code} ${d.pos?.file}`);
    // /dev/zero is outside the folder: refused before it is opened. A FIFO inside it is no file.
    expect(codes).toEqual(['fil.ingen-fil fifo.yaml', 'fil.utanför noll.yaml']);
  });

  it('refuses a file larger than the limit', () => {
    const dir = copyExample();
    const size = MAX_FILE_BYTES + 1;
    writeReportFile(dir, 'stor.yaml', `# ${'x'.repeat(size - 3)}\n`);
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'fil.för-stor',
        severity: 'error',
        message: `filen är ${size} byte; största tillåtna storlek är ${MAX_FILE_BYTES} byte`,
        pos: { file: 'stor.yaml', line: 1, column: 1 },
        related: [],
      },
    ]);
  });

  it('does not follow a symbolic link out of the report folder', () => {
    const dir = copyExample();
    const outside = path.join(path.dirname(dir), 'utanför.yaml');
    writeFileSync(outside, 'dnr: X\n');
    symlinkSync(outside, path.join(dir, 'länk.yaml'));
    expect(check(dir).diagnostics).toEqual([
      {
        code: 'fil.utanför',
        severity: 'error',
        message: 'filen pekar ut ur rapportmappen (symbolisk länk) och läses inte',
        pos: { file: 'länk.yaml', line: 1, column: 1 },
        related: [],
      },
    ]);
  });
});

describe('encodings and line endings', () => {
  it('accepts a UTF-8 byte order mark and keeps columns on the first line right', () => {
    const dir = copyExample();
    writeReportFile(dir, R, `\uFEFFkommun: 42\n${readFileSync(path.join(dir, R), 'utf8').split('\n').slice(8).join('\n')}`);
    expect(check(dir).diagnostics).toEqual([{ code: 'schema.typ', severity: 'error', message: 'kommun: förväntade text, fick 42', pos: { file: R, line: 1, column: 9 }, related: [] }]);
  });

  it('compiles the example with a BOM in every file exactly as without', () => {
    const plain = copyExample();
    const bom = copyExample();
    for (const f of [R, E, 'mal.yaml', 'personal.yaml', 'internkontroll.yaml', 'bilaga-klimat.yaml', 'text/sammanfattning.md']) {
      writeReportFile(bom, f, `\uFEFF${readFileSync(path.join(bom, f), 'utf8')}`);
    }
    expect(check(bom).diagnostics).toEqual(check(plain).diagnostics);
  });

  it('accepts CRLF line endings with the same lines and columns as LF', () => {
    const lf = copyExample();
    const crlf = copyExample();
    for (const dir of [lf, crlf]) {
      mutate(dir, E, 'utfall: -42.9', 'utfall: -44.9');
      mutate(dir, R, '{{belopp summa-rr.prognos enhet="kr"', '{{belopp summa-r.prognos enhet="kr"');
    }
    for (const f of [R, E, 'mal.yaml', 'text/sammanfattning.md']) {
      writeReportFile(crlf, f, readFileSync(path.join(crlf, f), 'utf8').replace(/\n/g, '\r\n'));
    }
    const expected = check(lf).diagnostics;
    expect(expected.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos])).toEqual([
      ['summa.rader', posAfter(lf, E, 'id: summa-kostnader', '\n        utfall: ')],
      ['prosa.referens', posOf(lf, R, 'summa-r.prognos')],
    ]);
    expect(check(crlf).diagnostics).toEqual(expected);
  });
});
