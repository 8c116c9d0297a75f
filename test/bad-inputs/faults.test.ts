/**
 * Hostile files and faults of the environment (issue 14): links out of the project, FIFOs and
 * devices, folders that link in a circle, a revision that is also a folder, files saved while a
 * build runs, a kill while writing, an output folder that cannot be written. Each case is run the
 * way a user or CI runs it and names the outcome: the diagnostic, the exit code, and what is (and is
 * never) printed or left on disk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT } from '../helpers.js';
import { pdfText, runCli, squeeze } from '../e2e/run-cli.js';
import { CACHE_FILE } from '../../src/build/cache.js';
import { STACK_TRACE } from './support.js';

/** A project folder holding a copy of the example as `rapport/`. */
function project(): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-fault-'));
  const dir = path.join(root, 'rapport');
  cpSync(EXAMPLE, dir, { recursive: true });
  return { root, dir };
}

const SECRET = /root:x?:0:0|PATH=|HOME=/;

interface Json {
  rapporter: { mapp: string; filer: { file: string; sha256: string }[]; diagnostik: { code: string; severity: string; message: string; pos?: { file: string; line: number; column: number } }[] }[];
}
const codes = (stdout: string) => (JSON.parse(stdout) as Json).rapporter.flatMap((r) => r.diagnostik.filter((d) => d.severity !== 'note').map((d) => `${d.code} ${d.pos?.file ?? r.mapp}`));

describe('files the loader refuses are never printed', () => {
  for (const target of ['/etc/passwd', '/proc/self/environ']) {
    it(`a committed link personal.yaml → ${target}: refused, and not quoted in any output`, async () => {
      const { root, dir } = project();
      rmSync(path.join(dir, 'personal.yaml'));
      symlinkSync(target, path.join(dir, 'personal.yaml'));
      for (const command of [['check'], ['build', '--out', 'ut']]) {
        const pretty = await runCli([...command, 'rapport'], root);
        const json = await runCli([...command, 'rapport', '--format', 'json'], root);
        expect(pretty.code).toBe(1);
        expect(pretty.stderr).toContain('rapport/personal.yaml:1:1: fel[fil.utanför]');
        expect(codes(json.stdout)).toContain('fil.utanför rapport/personal.yaml');
        for (const r of [pretty, json]) expect(`${r.stdout}${r.stderr}`).not.toMatch(SECRET);
      }
    }, 60_000);
  }

  it('a profil.yaml that links out of its folder is refused, not read', async () => {
    const { root } = project();
    symlinkSync('/etc/passwd', path.join(root, 'profil.yaml'));
    const r = await runCli(['check', 'rapport'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('profil.yaml:1:1: fel[fil.utanför]: profilen pekar ut ur sin mapp');
    expect(r.stderr).not.toMatch(SECRET);
  });

  it('a FIFO in the report folder is refused at once, not waited on', async () => {
    const { root, dir } = project();
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    const r = await runCli(['build', 'rapport', '--out', 'ut', '--format', 'json'], root);
    expect(r.code).toBe(1);
    expect(codes(r.stdout)).toEqual(['fil.ingen-fil rapport/fifo.yaml']);
    expect(existsSync(path.join(root, 'ut', 'rapport.pdf'))).toBe(false);
  }, 60_000);

  it('a prose file that is a FIFO is refused at the reference to it, not waited on', async () => {
    const { root, dir } = project();
    rmSync(path.join(dir, 'text', 'sammanfattning.md'));
    execFileSync('mkfifo', [path.join(dir, 'text', 'sammanfattning.md')]);
    const r = await runCli(['check', 'rapport', '--format', 'json'], root);
    expect(r.code).toBe(1);
    expect(codes(r.stdout)).toContain('prosa.fil rapport/rapport.yaml');
    expect(r.stdout).toContain('"text/sammanfattning.md\\" är ingen fil');
  });
});

describe('folders that link in a circle or out of the project', () => {
  it('three self-links find the one report once (they once found 511, then ran out of memory)', async () => {
    const { root } = project();
    for (const name of ['a', 'b', 'c']) symlinkSync('.', path.join(root, name));
    const r = await runCli(['check', '.', '--format', 'json'], root);
    expect((JSON.parse(r.stdout) as Json).rapporter.map((x) => x.mapp)).toEqual(['rapport']);
  });

  it('a link to an ancestor is not followed: no report outside the given path is built, and it is said', async () => {
    const { root } = project();
    const inner = path.join(root, 'inner');
    mkdirSync(inner);
    cpSync(EXAMPLE, path.join(inner, 'egen'), { recursive: true });
    symlinkSync('..', path.join(inner, 'upp'));
    const r = await runCli(['check', 'inner', '--format', 'json'], root);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.rapporter.map((x) => x.mapp)).toEqual(['inner/upp', 'inner/egen']);
    expect(report.rapporter[0]!.diagnostik.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning fil.utanför']);
  });

  it('a report folder in the project that links to a folder elsewhere is refused', async () => {
    const elsewhere = project();
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-fault-'));
    symlinkSync(elsewhere.dir, path.join(root, 'rapport'));
    const r = await runCli(['build', 'rapport', '--out', 'ut'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rapport:1:1: fel[fil.utanför]: rapport är en symbolisk länk ut ur arbetsmappen och läses inte');
    expect(existsSync(path.join(root, 'ut'))).toBe(false);
  });
});

describe('rapport diff: a version is a revision or a folder, never silently one for the other', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.se', ...args], { cwd, encoding: 'utf8' });

  it('refuses a name that is both a revision and a folder (a pull request adding origin/main/…)', async () => {
    const { root } = project();
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'start');
    // A folder named like the revision, with an altered copy of the report in it.
    cpSync(path.join(root, 'rapport'), path.join(root, 'main', 'rapport'), { recursive: true });
    const r = await runCli(['diff', 'main', 'HEAD', 'rapport'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fel: "main" är både en git-revision och en mapp; skriv ./main för mappen eller main^{commit} för revisionen\n');
    // Either spelled out is taken as written.
    expect((await runCli(['diff', 'main^{commit}', 'HEAD', 'rapport'], root)).code).toBe(0);
  });

  it('refuses an empty version instead of comparing the working tree', async () => {
    const { root } = project();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'start');
    const r = await runCli(['diff', '', 'HEAD', 'rapport'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fel: en version är tom; ange en git-revision (t.ex. HEAD) eller en mapp\n');
    expect((await runCli(['diff', 'finns-inte', 'HEAD', 'rapport'], root)).stderr).toBe('fel: "finns-inte" är varken en git-revision eller en mapp\n');
  });
});

describe('check and build agree', () => {
  it('check raises the error build raises for a character the PDF cannot draw', async () => {
    const { root, dir } = project();
    const file = path.join(dir, 'rapport.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('dnr: SEN/2023:35', 'dnr: "SEN/2023:35 \\u6F22"'));
    const check = await runCli(['check', 'rapport', '--format', 'json'], root);
    const build = await runCli(['build', 'rapport', '--out', 'ut', '--format', 'json'], root);
    expect(check.code).toBe(1);
    expect(build.code).toBe(1);
    expect(codes(check.stdout)).toEqual(codes(build.stdout));
    expect(codes(check.stdout)).toContain('pdf.tecken rapport/rapport.yaml');
  });
});

describe('an output folder that cannot be written', () => {
  it('--out naming a file: a Swedish diagnostic, exit 2, no stack trace', async () => {
    const { root } = project();
    writeFileSync(path.join(root, 'ut'), 'en fil');
    const r = await runCli(['build', 'rapport', '--out', 'ut'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fel[utdata.skriv]: kan inte skriva eller ta bort ut/rapport: en del av sökvägen är en fil, inte en mapp');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('internt fel');
  }, 60_000);

  it('a folder whose files cannot be removed keeps the report’s own errors in the output', async () => {
    const { root, dir } = project();
    const out = path.join(root, 'ut');
    mkdirSync(out);
    writeFileSync(path.join(out, 'rapport.html'), '<p>förra bygget</p>');
    const immutable = spawnSync('chattr', ['+i', out]).status === 0;
    if (!immutable) return; // chattr needs ext4 or similar and root; the case above covers the path.
    try {
      const ekonomi = path.join(dir, 'ekonomi.yaml');
      writeFileSync(ekonomi, readFileSync(ekonomi, 'utf8').replace('utfall: -42.9', 'utfall: -44.9'));
      const r = await runCli(['build', 'rapport', '--out', 'ut'], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rapport\/ekonomi\.yaml:\d+:\d+: fel\[summa\.rader\]/);
      expect(r.stderr).toContain('fel[utdata.skriv]: kan inte skriva eller ta bort ut/rapport: behörighet saknas');
      expect(r.stderr).not.toContain('internt fel');
    } finally {
      spawnSync('chattr', ['-i', out]);
    }
  }, 60_000);

  it('a cache file that is a folder: the outputs are written, the cache fault is said, exit 2', async () => {
    const { root } = project();
    mkdirSync(path.join(root, 'ut', CACHE_FILE), { recursive: true });
    const r = await runCli(['build', 'rapport', '--out', 'ut', '--cache'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`fel[utdata.skriv]: kan inte skriva eller ta bort ut/${CACHE_FILE}: där filen ska skrivas finns en mapp`);
    expect(readdirSync(path.join(root, 'ut')).sort()).toEqual([CACHE_FILE, 'rapport.html', 'rapport.pdf']);
  }, 60_000);

  it('a cache entry listing only one of the two outputs is rebuilt', async () => {
    const { root } = project();
    expect((await runCli(['build', 'rapport', '--out', 'ut', '--cache'], root)).code).toBe(0);
    const cacheFile = path.join(root, 'ut', CACHE_FILE);
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { outputs: Record<string, string> }> };
    delete cache.entries['rapport']!.outputs['rapport.pdf'];
    writeFileSync(cacheFile, JSON.stringify(cache));
    rmSync(path.join(root, 'ut', 'rapport.pdf'));
    const r = await runCli(['build', 'rapport', '--out', 'ut', '--cache'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('skrev ut/rapport.html\nskrev ut/rapport.pdf\n');
    expect(existsSync(path.join(root, 'ut', 'rapport.pdf'))).toBe(true);
  }, 60_000);
});

describe('a build killed while it writes', () => {
  const BIN = path.join(ROOT, 'bin', 'rapport.js');
  /**
   * Runs the installed command with a preload that sends `signal` to the process itself right after
   * the `after`-th file operation of the outputs: a kill at an exact instant of the write window.
   */
  function killedBuild(root: string, signal: 'SIGKILL' | 'SIGINT', when: 'temporär' | 'html'): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
    const preload = path.join(root, 'döda.cjs');
    writeFileSync(
      preload,
      `const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const rename = fs.renameSync;
const fsync = fs.fsyncSync;
let n = 0;
if (${JSON.stringify(when)} === 'temporär') {
  fs.fsyncSync = (fd) => { fsync(fd); if (++n === 2) process.kill(process.pid, ${JSON.stringify(signal)}); };
} else {
  fs.renameSync = (a, b) => { rename(a, b); if (b.endsWith('.html')) process.kill(process.pid, ${JSON.stringify(signal)}); };
}
syncBuiltinESMExports();
`,
    );
    const r = spawnSync(process.execPath, ['--require', preload, BIN, 'build', 'rapport', '--out', 'ut'], { cwd: root, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1693440000' } });
    return { status: r.status, signal: r.signal, stderr: r.stderr };
  }

  /** An earlier build (utfall −42,9), then the source changed to −44,9 with the sums kept footing. */
  function earlierBuildThenChange(): { root: string } {
    const { root, dir } = project();
    const r = spawnSync(process.execPath, [BIN, 'build', 'rapport', '--out', 'ut'], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '1693440000' } });
    expect(r.status).toBe(0);
    const file = path.join(dir, 'rapport.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('dnr: SEN/2023:35', 'dnr: SEN/2023:36'));
    return { root };
  }

  const dnrOf = (root: string, ext: 'html' | 'pdf') => {
    const file = path.join(root, 'ut', `rapport.${ext}`);
    if (!existsSync(file)) return undefined;
    const text = ext === 'pdf' ? squeeze(pdfText(file)) : readFileSync(file, 'utf8');
    return /SEN\/2023:3[56]/.exec(text)?.[0];
  };

  it('SIGKILL between the two renames never leaves the new HTML beside the old PDF; the next build cleans up', () => {
    const { root } = earlierBuildThenChange();
    const r = killedBuild(root, 'SIGKILL', 'html');
    expect(r.signal).toBe('SIGKILL');
    expect(dnrOf(root, 'html')).toBe('SEN/2023:36');
    expect(dnrOf(root, 'pdf')).toBeUndefined();
    expect(readdirSync(path.join(root, 'ut')).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    const again = spawnSync(process.execPath, [BIN, 'build', 'rapport', '--out', 'ut'], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '1693440000' } });
    expect(again.status).toBe(0);
    expect(readdirSync(path.join(root, 'ut')).sort()).toEqual(['rapport.html', 'rapport.pdf']);
    expect([dnrOf(root, 'html'), dnrOf(root, 'pdf')]).toEqual(['SEN/2023:36', 'SEN/2023:36']);
  }, 120_000);

  it('SIGKILL while the temporary files are written leaves the earlier pair whole', () => {
    const { root } = earlierBuildThenChange();
    const before = readdirSync(path.join(root, 'ut')).map((f) => createHash('sha256').update(readFileSync(path.join(root, 'ut', f))).digest('hex'));
    const r = killedBuild(root, 'SIGKILL', 'temporär');
    expect(r.signal).toBe('SIGKILL');
    expect([dnrOf(root, 'html'), dnrOf(root, 'pdf')]).toEqual(['SEN/2023:35', 'SEN/2023:35']);
    expect(readdirSync(path.join(root, 'ut')).filter((f) => !f.endsWith('.tmp')).map((f) => createHash('sha256').update(readFileSync(path.join(root, 'ut', f))).digest('hex'))).toEqual(before);
  }, 120_000);

  it('Ctrl-C in the middle of writing ends after the pair is written (exit 130), never between the files', () => {
    const { root } = earlierBuildThenChange();
    const r = killedBuild(root, 'SIGINT', 'html');
    // The signal is handled once the synchronous write is done: the process ends with 130, or has
    // already finished (0) if nothing was left to do.
    expect([0, 130]).toContain(r.status);
    if (r.status === 130) expect(r.stderr).toContain('avbrutet');
    expect(readdirSync(path.join(root, 'ut')).sort()).toEqual(['rapport.html', 'rapport.pdf']);
    expect([dnrOf(root, 'html'), dnrOf(root, 'pdf')]).toEqual(['SEN/2023:36', 'SEN/2023:36']);
  }, 120_000);
});

describe('found in review: every other way a file reaches the tool', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.se', ...args], { cwd, encoding: 'utf8' }).trim();

  it('diff takes a revision as a revision even where a folder is named after its commit', async () => {
    const { root, dir } = project();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'start');
    const base = git(root, 'rev-parse', 'HEAD');
    git(root, 'branch', 'bas');
    // The pull request: a changed text, and a copy of the changed report in a folder named like the
    // base commit, so that comparing against the folder would show nothing.
    const text = path.join(dir, 'text', 'sammanfattning.md');
    writeFileSync(text, `${readFileSync(text, 'utf8')}\nEn helt ny mening i pull requesten.\n`);
    cpSync(dir, path.join(root, base, 'rapport'), { recursive: true });
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'pr');
    const r = await runCli(['diff', 'bas^{commit}', 'HEAD', 'rapport'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Inga innehållsliga ändringar');
    expect(r.stdout).toMatch(/\+\d+ ord/);
  }, 60_000);

  it('a kommun.yaml that links out is refused, and not printed', async () => {
    const { root } = project();
    symlinkSync('/etc/passwd', path.join(root, 'kommun.yaml'));
    for (const format of ['pretty', 'github', 'json']) {
      const r = await runCli(['check', '.', '--format', format], root);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toContain('fil.utanför');
      expect(`${r.stdout}${r.stderr}`).not.toMatch(SECRET);
    }
  });

  it('fmt neither reads a device or FIFO nor writes through a link out of the folder', async () => {
    const { root, dir } = project();
    const victim = path.join(root, 'utanför.yaml');
    writeFileSync(victim, 'a:    1\n');
    symlinkSync(victim, path.join(dir, 'länk.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    symlinkSync('/dev/zero', path.join(dir, 'noll.yaml'));
    for (const args of [['fmt', 'rapport', '--check'], ['fmt', 'rapport']]) {
      const r = await runCli(args, root);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('rapport/fifo.yaml:1:1: fel[fil.ingen-fil]');
      expect(r.stderr).toContain('rapport/länk.yaml:1:1: fel[fil.utanför]');
      expect(r.stderr).toContain('rapport/noll.yaml:1:1: fel[fil.utanför]');
    }
    expect(readFileSync(victim, 'utf8')).toBe('a:    1\n');
  });

  it('ny-period refuses a folder with a link in it instead of writing through the link', async () => {
    const { root, dir } = project();
    const victim = path.join(root, 'offer.md');
    writeFileSync(victim, 'Text med {{belopp summa-rr.utfall}}.\n');
    symlinkSync(victim, path.join(dir, 'text', 'länk.md'));
    const r = await runCli(['ny-period', 'rapport', 'ny', '--ar', '2024', '--fran', '2024-01-01', '--till', '2024-08-31'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fel: .*text\/länk\.md är en symbolisk länk; ny-period kopierar inga länkar/);
    expect(readFileSync(victim, 'utf8')).toBe('Text med {{belopp summa-rr.utfall}}.\n');
  });

  it('the next build removes only its own temporary outputs, never in hidden folders or other files', async () => {
    const { root } = project();
    const dead = 4_000_000; // above Linux's pid_max: no such process
    mkdirSync(path.join(root, '.git', 'x'), { recursive: true });
    const keep = [path.join(root, '.git', 'x', `.pack.html.${dead}.tmp`), path.join(root, 'rapport', 'text', `.utkast.${dead}.tmp`)];
    for (const f of keep) writeFileSync(f, 'behålls');
    const stale = path.join(root, `.rapport.pdf.${dead}.tmp`);
    writeFileSync(stale, 'halv');
    const r = await runCli(['build', 'rapport', '--out', '.'], root);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    for (const f of keep) expect(existsSync(f), f).toBe(true);
  }, 60_000);

  it('a nämnd folder named sammanstallning beside kommun.yaml does not overwrite the roll-up, nor it the report', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-fault-'));
    cpSync(path.join(ROOT, 'examples', 'eskilstuna'), root, { recursive: true });
    cpSync(path.join(root, 'servicenamnden-dr2-2023'), path.join(root, 'sammanstallning'), { recursive: true });
    const r = await runCli(['build', '.', '--out', 'ut', '--format', 'json'], root);
    expect(r.code).toBe(1);
    const hit = (JSON.parse(r.stdout) as Json).rapporter.flatMap((x) => x.diagnostik).find((d) => d.code === 'utdata.krock');
    expect(hit?.message).toContain('kommunens sammanställning');
  }, 180_000);
});
