import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyExample, EXAMPLE, mutate, positionOf, ROOT } from '../helpers.js';
import { runCli, spawnRapport, tempDir } from '../e2e/run-cli.js';

describe('rapport --help', () => {
  it('is in Swedish', async () => {
    const r = await runCli(['--help'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Användning: rapport [flaggor] [kommando]');
    expect(r.stdout).toContain('Kommandon:');
    expect(r.stdout).toContain('build [flaggor] [sökvägar...]');
    expect(r.stdout).not.toContain('options');
    expect(r.stdout).toContain('visa hjälp för kommandot');
  });

  it('explains build in Swedish', async () => {
    const r = await runCli(['build', '--help'], ROOT);
    expect(r.stdout).toContain('-o, --out <mapp>');
    expect(r.stdout).toContain('utdatamapp (standard: dist)');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('format för diagnostik: pretty, json, github (annoteringar i GitHub Actions) eller gitlab (GitLab Code Quality) (val: pretty, json, github, gitlab; standard: pretty)');
    expect(r.stdout).not.toMatch(/default|choices|options/);
  });
});

describe('exit codes', () => {
  it('is 2 with a Swedish message for an unknown option', async () => {
    const r = await runCli(['check', '--bogus'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("fel: okänd flagga '--bogus'");
  });

  it('says every misuse in Swedish, never in commander\'s English', async () => {
    const cases: [string[], string][] = [
      [['ny-period', 'a', 'b'], "fel: flaggan '--ar <år>' måste anges"],
      [['diff'], "fel: argumentet 'rev-a' saknas"],
      [['check', '--format'], "fel: flaggan '-f, --format <format>' saknar värde"],
      [['bygg'], "fel: okänt kommando 'bygg'"],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, ROOT);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr, args.join(' ')).not.toMatch(/\b(error|required|specified|missing|argument|option)\b/);
    }
  });

  it('is 2 for an invalid --format', async () => {
    const r = await runCli(['check', 'examples', '--format', 'xml'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ogiltigt värde 'xml'");
  });

  it('is 1 when a path holds no report', async () => {
    const r = await runCli(['check', 'docs'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('fel[fil.rapport-saknas]: ingen rapport i docs: varken mappen eller någon mapp under den har en rapport.yaml\n0 rapporter, 1 fel, 0 varningar, 0 noter\n');
  });

  it('is 0 for the example, with warnings', async () => {
    // The example report itself: examples/ also holds a second nämnd, a kommun roll-up and other municipalities.
    const r = await runCli(['check', EXAMPLE], ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('1 rapport, 0 fel, 2 varningar, 7 noter');
  });
});

describe('a mutated figure', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyExample();
    mutate(dir, 'ekonomi.yaml', 'utfall: -42.9', 'utfall: -44.9');
  });

  it('fails check from the real command with fil:rad:kolumn, a source excerpt and no stack trace', () => {
    const at = positionOf(dir, 'ekonomi.yaml', 'utfall: -527.7', 'utfall: '.length);
    const r = spawnRapport(['check', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ekonomi.yaml:${at.line}:${at.column}: fel[summa.rader]: Summa KOSTNADER, utfall: angivet −527,7`);
    expect(r.stderr).toContain(`> ${at.line} |         utfall: -527.7`);
    expect(r.stderr).toMatch(/\n1 rapport, 1 fel, 2 varningar, 7 noter\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('is annotated for GitHub Actions', async () => {
    const r = await runCli(['check', '.', '--format', 'github'], dir);
    const at = positionOf(dir, 'ekonomi.yaml', 'utfall: -527.7', 'utfall: '.length);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error file=ekonomi.yaml,line=${at.line},col=${at.column},title=summa.rader::Summa KOSTNADER, utfall: angivet −527,7`);
  });

  it('is reported as JSON with the output summary', async () => {
    const r = await runCli(['check', '.', '--format', 'json'], dir);
    const json = JSON.parse(r.stdout) as { sammanfattning: { errors: number; rapporter: number }; rapporter: { diagnostik: { code: string; severity: string }[] }[] };
    expect(json.sammanfattning).toMatchObject({ errors: 1, rapporter: 1 });
    expect(json.rapporter[0]!.diagnostik.filter((d) => d.code === 'summa.rader' && d.severity === 'error')).toHaveLength(1);
  });

  it('writes no output file at all', async () => {
    const out = tempDir();
    const r = await runCli(['build', '.', '--out', out], dir);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(path.join(out, 'rapport.pdf'))).toBe(false);
  });
});

describe('builds of several reports', () => {
  it('keep going past a report that fails, and report it', async () => {
    const root = tempDir();
    const good = copyExample();
    const bad = copyExample();
    mutate(bad, 'rapport.yaml', 'fil: text/sammanfattning.md', 'fil: text');
    cpSync(good, path.join(root, 'a'), { recursive: true });
    cpSync(bad, path.join(root, 'b'), { recursive: true });
    const out = tempDir();
    const r = await runCli(['build', '.', '--out', out, '--format', 'json'], root);
    const json = JSON.parse(r.stdout) as { rapporter: { mapp: string; filer: unknown[] }[] };
    expect(r.code).toBe(1);
    expect(json.rapporter.map((x) => [x.mapp, x.filer.length])).toEqual([['a', 2], ['b', 0]]);
  }, 60_000);

  it('refuse two reports that would overwrite each other', async () => {
    const root = tempDir();
    cpSync(copyExample(), path.join(root, 'x', 'rapport'), { recursive: true });
    cpSync(copyExample(), path.join(root, 'y', 'rapport'), { recursive: true });
    const out = tempDir();
    const r = await runCli(['build', 'x/rapport', 'y/rapport', '--out', out], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fel[utdata.krock]: rapporterna x/rapport och y/rapport skulle skrivas till samma fil');
    expect(readdirSync(out)).toEqual([]);
  });

  it('remove the earlier output of a report that no longer builds', async () => {
    const dir = copyExample();
    const out = tempDir();
    expect((await runCli(['build', '.', '--out', out], dir)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['rapport.html', 'rapport.pdf']);
    mutate(dir, 'ekonomi.yaml', 'utfall: -42.9', 'utfall: -44.9');
    expect((await runCli(['build', '.', '--out', out], dir)).code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});

describe('SOURCE_DATE_EPOCH', () => {
  for (const value of ['abc', '-5', '1.5', '253402300800']) {
    it(`refuses ${value} with a usage error`, async () => {
      const r = await runCli(['build', 'examples', '--out', tempDir()], ROOT, { SOURCE_DATE_EPOCH: value });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`fel: SOURCE_DATE_EPOCH="${value}" är inte ett heltal mellan 0 och 253402300799 (sekunder sedan 1970-01-01)\n`);
    });
  }
});

describe('progress', () => {
  it('is shown on a terminal when several reports are built, and not in logs', async () => {
    const root = tempDir();
    cpSync(copyExample(), path.join(root, 'a'), { recursive: true });
    cpSync(copyExample(), path.join(root, 'b'), { recursive: true });
    let stderr = '';
    const { main } = await import('../../src/cli/main.js');
    const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t), cwd: root, env: { SOURCE_DATE_EPOCH: '1' } };
    // Progress is shown while the reports are rendered (rapport build); compiling is the quick part.
    expect(await main(['build', '.', '--out', tempDir()], { ...io, isTTY: true })).toBe(0);
    expect(stderr).toContain('\r\x1b[K[1/2] a');
    expect(stderr).toContain('\r\x1b[K[2/2] b');
    stderr = '';
    await main(['build', '.', '--out', tempDir()], { ...io, isTTY: false });
    expect(stderr).not.toContain('[1/2]');
  }, 120_000);
});

describe('rapport diff', () => {
  it('compares two folders and prints the changes in Markdown', async () => {
    const before = copyExample();
    const after = copyExample();
    mutate(after, 'mal.yaml', 'TSN, alla bolag]\n              status: klart', 'TSN, alla bolag]\n              status: pågår');
    const r = await runCli(['diff', before, after, '--format', 'markdown'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('- Åtagande at-naringsliv: status Klart, avslutat → Pågår');
    expect(r.stdout).toContain('*1 ändring');
  });

  it('says so when nothing changed', async () => {
    const dir = copyExample();
    const r = await runCli(['diff', dir, dir], ROOT);
    expect(r.stdout).toContain('Inga innehållsliga ändringar.');
  });

  it('is a usage error outside git when the versions are not folders', async () => {
    const dir = copyExample();
    const r = await runCli(['diff', 'main', 'HEAD'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('är inget git-förråd');
  });

  it("follows git's -- convention: both versions before it, only paths after it", async () => {
    const dir = copyExample();
    const short = await runCli(['diff', dir, '--', dir], ROOT);
    expect(short.code).toBe(2);
    expect(short.stderr).toBe('fel: före -- står de två versionerna (git-revisioner eller mappar), efter -- bara sökvägar: rapport diff <rev-a> <rev-b> -- <sökvägar…>\n');
    // One revision and one folder is a forgotten argument, not a comparison.
    const mixed = await runCli(['diff', 'HEAD', dir], ROOT);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe(`fel: "HEAD" är en git-revision men "${dir}" en mapp; jämför två revisioner (rapport diff HEAD HEAD ${dir}) eller två mappar\n`);
    const both = await runCli(['diff', dir, dir, '--', '.'], ROOT);
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('Inga innehållsliga ändringar.');
  });
});

describe('rapport fmt', () => {
  it('leaves the example as it is', async () => {
    const r = await runCli(['fmt', EXAMPLE, '--check'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('6 filer, 0 behöver formateras\n');
  });

  it('lists a scrambled file with --check, then fixes it, after which --check passes', async () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision', 'mottagare: [Kommunledningskontoret, Kommunstyrelsen, Kommunrevision]');
    const before = await runCli(['fmt', '.', '--check'], dir);
    expect(before.code).toBe(1);
    expect(before.stdout).toBe('rapport.yaml\n');
    const fixed = await runCli(['fmt', '.'], dir);
    expect(fixed.stdout).toBe('formaterade rapport.yaml\n');
    expect(readFileSync(path.join(dir, 'rapport.yaml'), 'utf8')).toContain('mottagare:\n  - Kommunledningskontoret\n');
    expect((await runCli(['fmt', '.', '--check'], dir)).code).toBe(0);
  });
});

describe('rapport as a git diff driver', () => {
  it('turns git diff of a report file into the semantic diff', () => {
    const repo = path.join(tempDir(), 'repo');
    cpSync(copyExample(), path.join(repo, 'rapporter', 'sen'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.se', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(path.join(repo, '.gitattributes'), '*.yaml diff=rapport\n');
    git('config', 'diff.rapport.command', `node ${path.join(ROOT, 'bin', 'rapport.js')} git-diff`);
    git('add', '.');
    git('commit', '-qm', 'start');
    const mal = path.join(repo, 'rapporter', 'sen', 'mal.yaml');
    writeFileSync(mal, readFileSync(mal, 'utf8').replace('TSN, alla bolag]\n              status: klart', 'TSN, alla bolag]\n              status: pågår'));
    const out = git('diff');
    expect(out).toContain('rapporter/sen/mal.yaml');
    expect(out).toContain('Åtagande at-naringsliv: status Klart, avslutat → Pågår');
  });
});

describe('rapport init and ny-period', () => {
  it('init creates a report that check accepts, with its placeholders as warnings, and build refuses to publish', async () => {
    const root = tempDir();
    const r = await runCli(
      ['init', 'ny', '--kommun', 'Exempel kommun', '--namnd', 'Kulturnämnden', '--forkortning', 'KUN', '--forvaltning', 'Kulturförvaltningen', '--nummer', '1', '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-04-30'],
      root,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('skapade ny/rapport.yaml');
    const check = await runCli(['check', 'ny'], root);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/1 rapport, 0 fel/);
    expect(check.stderr).toContain('varning[utkast.platshållare]');
    // A report with placeholders is not published; as a draft it is, marked on every page.
    const out = tempDir();
    const build = await runCli(['build', 'ny', '--out', out], root);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('fel[utkast.platshållare]');
    const draft = await runCli(['build', 'ny', '--out', out, '--utkast'], root);
    expect(draft.code, draft.stderr).toBe(0);
  }, 60_000);

  it('init refuses an existing non-empty folder', async () => {
    const r = await runCli(['init', EXAMPLE, '--kommun', 'K', '--namnd', 'N', '--forkortning', 'N', '--forvaltning', 'F', '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-08-31'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fel: /);
  });

  it('ny-period rolls the example over to a report that builds as a draft, and is not published with its placeholders', async () => {
    const root = tempDir();
    const r = await runCli(['ny-period', EXAMPLE, path.join(root, 'dr2-2024'), '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-08-31', '--nummer', '2'], root);
    expect(r.code, r.stderr).toBe(0);
    const refused = await runCli(['build', 'dr2-2024', '--out', path.join(root, 'dist')], root);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('fel[utkast.platshållare]');
    const build = await runCli(['build', 'dr2-2024', '--out', path.join(root, 'dist'), '--utkast'], root);
    expect(build.code, build.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'dr2-2024', 'ekonomi.yaml'), 'utf8')).toContain('Utfall Aug 2024');
  }, 60_000);
});
