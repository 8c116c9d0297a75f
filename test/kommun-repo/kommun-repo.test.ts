/**
 * A kommun's own repository, as a kommun sets one up: outside the tool's tree, with its own
 * profil.yaml, tema.yaml and kommun.yaml and two reports (Linköping's), depending on the tool
 * installed from `npm pack` (the package rapport-kompilator; the command is still `rapport`). Here it
 * runs every rapport step of both CI examples, `rapport diff` between two commits that change the
 * profile, the theme and a figure, the git diff driver and the textconv through `git diff`, `git log
 * -p` and `git show`, and `fmt --check` on CRLF files — on Node 20 and on the current LTS Node
 * (RAPPORT_LTS_NODE, installed by .ci/run; required when CI=true).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const LINKOPING = path.join(ROOT, 'examples', 'linkoping');

/** The Node binaries to run the kommun's commands with: this one, and the current LTS when given. */
const NODES: { name: string; version: string; dir: string }[] = [{ name: `Node ${process.versions.node}`, version: process.version, dir: path.dirname(process.execPath) }];
const lts = process.env['RAPPORT_LTS_NODE'];
if (lts) {
  const version = execFileSync(lts, ['--version'], { encoding: 'utf8' }).trim();
  NODES.push({ name: `Node ${version.slice(1)} (LTS)`, version, dir: path.dirname(lts) });
}

const KOMMUN_YAML = `kommun: Linköping
rubrik: Sammanställning verksamhetsberättelser 2023
år: 2023
rapport: { typ: verksamhetsberättelse }
nämnder:
  - rapport: kommunstyrelsen-vb-2023
    resultat: { budgetavvikelse: 92.5 }
  - rapport: leanlink-vb-2023
`;

/** The rapport commands of a CI example: each line of a `run:` or `script:` that calls `npx rapport`. */
function rapportSteps(file: string): string[] {
  const doc = parse(readFileSync(path.join(ROOT, 'examples', 'ci', file), 'utf8')) as unknown;
  const lines: string[] = [];
  const visit = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if (key === 'run' || key === 'script') for (const line of node.split('\n')) if (/^\s*npx rapport /.test(line)) lines.push(line.trim());
    } else if (Array.isArray(node)) node.forEach((item) => visit(item, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(doc);
  return lines;
}

describe('a kommun repository that installs the tool from npm pack', { timeout: 300_000 }, () => {
  let work: string;
  let repo: string;
  let baseSha = '';
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Controller', '-c', 'user.email=controller@kommun.se', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'rapport-kommunrepo-'));
    // The package as a kommun gets it (lib/ is built by `npm test` before the tests run).
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
    const tarball = `${PACKAGE.name}-${PACKAGE.version}.tgz`;
    expect(existsSync(path.join(work, tarball))).toBe(true);
    repo = path.join(work, 'linkoping-rapporter');
    mkdirSync(path.join(repo, 'vendor'), { recursive: true });
    cpSync(path.join(work, tarball), path.join(repo, 'vendor', tarball));
    writeFileSync(
      path.join(repo, 'package.json'),
      `${JSON.stringify({ name: 'linkoping-rapporter', private: true, dependencies: { [PACKAGE.name]: `file:vendor/${tarball}` } }, null, 2)}\n`,
    );
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\ndist/\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: repo, stdio: 'pipe' });
    cpSync(LINKOPING, path.join(repo, 'rapporter'), { recursive: true });
    writeFileSync(path.join(repo, 'rapporter', 'kommun.yaml'), KOMMUN_YAML);
    // git shows reports semantically: the textconv for log -p and show, the driver for git diff.
    writeFileSync(path.join(repo, '.gitattributes'), '*.yaml diff=rapport\n');
    git('init', '-q', '-b', 'main');
    // As the README says: the installed bin (npx would start npm for every file git converts).
    git('config', 'diff.rapport.textconv', 'node_modules/.bin/rapport textconv');
    git('config', 'diff.rapport.cachetextconv', 'true');
    git('add', '.');
    git('commit', '-qm', 'Verksamhetsberättelser 2023');
    // The change under review: a figure, a heading in the profile and a colour in the theme.
    const edit = (file: string, from: string, to: string) => {
      const p = path.join(repo, 'rapporter', file);
      const text = readFileSync(p, 'utf8');
      expect(text.split(from), `${file}: ${from}`).toHaveLength(2);
      writeFileSync(p, text.replace(from, to));
    };
    edit('kommunstyrelsen-vb-2023/mal.yaml', '{ period: 2023, värde: 61 }', '{ period: 2023, värde: 63 }');
    edit('profil.yaml', 'utfall: "Bokslut {år}"', 'utfall: "Utfall {år}"');
    edit('tema.yaml', 'accent: "#0a6ebd"', 'accent: "#0b5ea8"');
    git('commit', '-qam', 'Delaktighetsindex 2023: 63; rubriken Utfall; ny accentfärg');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    baseSha = git('rev-parse', 'HEAD~1').trim();
  }, 300_000);

  // The repository holds an installed node_modules: removing it takes more than the default 10 s under load.
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('has a free npm name for the package and the command rapport', () => {
    expect(PACKAGE.name).toBe('rapport-kompilator');
    const installed = JSON.parse(readFileSync(path.join(repo, 'node_modules', PACKAGE.name, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(installed.bin)).toEqual(['rapport']);
    expect(existsSync(path.join(repo, 'node_modules', '.bin', 'rapport'))).toBe(true);
  });

  for (const node of NODES) {
    describe(node.name, () => {
      /** A command as the kommun's CI runs it: in the repository, with this Node first on PATH, never fetching from the registry. */
      const sh = (command: string, env: Record<string, string> = {}): SpawnSyncReturns<string> =>
        spawnSync('bash', ['-c', command], {
          cwd: repo,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            PATH: `${node.dir}${path.delimiter}${process.env['PATH'] ?? ''}`,
            npm_config_offline: 'true',
            CI: 'true',
            BASE_REF: 'main',
            CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
            CI_MERGE_REQUEST_DIFF_BASE_SHA: baseSha,
            CI_NODE_INDEX: '1',
            CI_NODE_TOTAL: '2',
            GIT_CONFIG_NOSYSTEM: '1',
            ...env,
          },
        });

      it('runs with this Node', () => {
        const r = sh('npx rapport --version && node --version');
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.split('\n').slice(0, 2)).toEqual([PACKAGE.version, node.version]);
      });

      for (const file of ['github-actions.yml', 'gitlab-ci.yml']) {
        it(`runs every rapport step of examples/ci/${file}`, () => {
          const steps = rapportSteps(file);
          expect(steps.length).toBeGreaterThanOrEqual(4);
          for (const step of steps) {
            const r = sh(`${step.replaceAll('${{ matrix.del }}', '1').replaceAll('${{ github.base_ref }}', 'main')}\nexit \${status:-0}`);
            expect(r.status, `${step}\n${r.stderr}`).toBe(0);
          }
          const diff = readFileSync(path.join(repo, 'rapport-diff.md'), 'utf8');
          expect(diff).toContain('kommunstyrelsen-vb-2023');
          expect(diff).toMatch(/ind-delaktighetsindex, 2023: 61 → 63 %/);
          expect(diff).not.toContain('kan inte läsas');
        });
      }

      it('rapport diff between two commits compiles both with the profile and theme of their own commit', () => {
        const r = sh('npx rapport diff HEAD~1 HEAD rapporter');
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/ind-delaktighetsindex, 2023: 61 → 63 %/);
        expect(r.stdout).not.toContain('kan inte läsas');
        // The profile's and the theme's changes change every report under them, and are listed.
        expect(r.stdout).toContain('~ profil.yaml: rapporttyper › verksamhetsberättelse › kolumner › utfall: Bokslut {år} → Utfall {år}');
        expect(r.stdout).toContain('~ tema (tema.yaml): färger › accent: #0a6ebd → #0b5ea8');
        // A forgotten second version is a usage error, not a comparison with a folder.
        const forgotten = sh('npx rapport diff HEAD~1 rapporter');
        expect(forgotten.status).toBe(2);
        expect(forgotten.stderr).toContain('"HEAD~1" är en git-revision men "rapporter" en mapp');
        // The revision seen as it was: with the profile removed from the work tree, HEAD~1 still has it.
        const moved = sh('mv rapporter/profil.yaml /tmp/$$.profil && npx rapport diff HEAD~1 HEAD rapporter; s=$?; mv /tmp/$$.profil rapporter/profil.yaml; exit $s');
        expect(moved.status, moved.stderr).toBe(0);
        expect(moved.stdout).toMatch(/ind-delaktighetsindex, 2023: 61 → 63 %/);
        // A folder named like a revision is refused, not silently taken for it.
        mkdirSync(path.join(repo, 'main'), { recursive: true });
        try {
          const both = sh('npx rapport diff main HEAD rapporter');
          expect(both.status).toBe(2);
          expect(both.stderr).toContain('"main" är både en git-revision och en mapp');
        } finally {
          rmSync(path.join(repo, 'main'), { recursive: true, force: true });
        }
      });

      it('git log -p and git show print the semantic form through the textconv, without flags', () => {
        for (const command of ['git log -p -1', 'git show HEAD']) {
          const r = sh(command);
          expect(r.status, r.stderr).toBe(0);
          expect(r.stdout, command).toMatch(/^-mål › [^\n]*\(ind-delaktighetsindex\) › utfall › 2023 › värde: 61$/m);
          expect(r.stdout, command).toMatch(/^\+mål › [^\n]*\(ind-delaktighetsindex\) › utfall › 2023 › värde: 63$/m);
          expect(r.stdout, command).toMatch(/^\+rapporttyper › verksamhetsberättelse › kolumner › utfall: Utfall \{år\}$/m);
          expect(r.stdout, command).toMatch(/^\+färger › accent: #0b5ea8$/m);
        }
      });

      it('git diff with the external driver compiles the report around the file (own profile found)', () => {
        const r = sh('git -c diff.rapport.command="node_modules/.bin/rapport git-diff" diff HEAD~1 HEAD -- rapporter/kommunstyrelsen-vb-2023/mal.yaml');
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/ind-delaktighetsindex, 2023: 61 → 63 %/);
        expect(r.stdout).not.toContain('kan inte läsas');
        // The theme (no report folder around it): its values, line by line.
        const theme = sh('git -c diff.rapport.command="node_modules/.bin/rapport git-diff" diff HEAD~1 HEAD -- rapporter/tema.yaml');
        expect(theme.status, theme.stderr).toBe(0);
        expect(theme.stdout).toMatch(/^-färger › accent: #0a6ebd$/m);
        expect(theme.stdout).toMatch(/^\+färger › accent: #0b5ea8$/m);
      });

      it('fmt --check passes on CRLF files (Git for Windows) and fmt keeps them CRLF', () => {
        const crlf = path.join(work, `crlf-${NODES.indexOf(node)}`);
        rmSync(crlf, { recursive: true, force: true });
        cpSync(path.join(repo, 'rapporter'), crlf, { recursive: true });
        const files: string[] = [];
        const walk = (dir: string) => {
          for (const e of readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.(ya?ml|md)$/.test(e.name)) files.push(p);
          }
        };
        walk(crlf);
        for (const f of files) writeFileSync(f, readFileSync(f, 'utf8').replace(/\r?\n/g, '\r\n'));
        const check = sh(`npx rapport fmt --check ${JSON.stringify(crlf)}`);
        expect(check.status, check.stderr).toBe(0);
        const fmt = sh(`npx rapport fmt ${JSON.stringify(crlf)}`);
        expect(fmt.status, fmt.stderr).toBe(0);
        for (const f of files) expect(readFileSync(f, 'utf8').replace(/\r\n/g, ''), f).not.toContain('\n');
        const built = sh(`npx rapport check ${JSON.stringify(crlf)}`);
        expect(built.status, built.stderr).toBe(0);
      });
    });
  }

  it('requires the LTS Node in CI (.ci/run installs it)', () => {
    if (process.env['CI'] === 'true') expect(lts, 'RAPPORT_LTS_NODE is not set: .ci/run installs the current LTS Node and sets it').toBeTruthy();
    expect(NODES.length).toBeGreaterThanOrEqual(process.env['CI'] === 'true' ? 2 : 1);
  });
});
