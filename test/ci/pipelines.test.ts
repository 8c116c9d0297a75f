/**
 * The example pipelines in examples/ci/ run their rapport steps here, in a throwaway repository
 * shaped like a kommun's: rapporter/<nämnd>/, a main branch and a change on top of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT } from '../helpers.js';

const BIN = path.join(ROOT, 'bin', 'rapport.js');

function rapportSteps(file: string): string[] {
  const doc = parse(readFileSync(path.join(ROOT, 'examples', 'ci', file), 'utf8')) as Record<string, unknown>;
  const commands: string[] = [];
  // Commands are GitHub's `run:` strings and GitLab's `script:` lists; names and comments are not.
  const visit = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if ((key === 'run' || key === 'script') && node.includes('npx rapport')) commands.push(node);
    } else if (Array.isArray(node)) node.forEach((item) => visit(item, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(doc);
  return commands;
}

describe('examples/ci', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.se', ...args], { cwd: repo, encoding: 'utf8' });

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'rapport-ci-'));
    cpSync(EXAMPLE, path.join(repo, 'rapporter', 'servicenamnden'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'Delårsrapport 2');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    const mal = path.join(repo, 'rapporter', 'servicenamnden', 'mal.yaml');
    execFileSync('sed', ['-i', '0,/status: klart/s//status: pågår/', mal]);
    git('commit', '-qam', 'Åtagandet om näringslivet pågår');
  });

  /** Run a pipeline line as the CI runner would, with our bin in place of the npm package, as the first of the parallel build jobs. */
  const run = (command: string) =>
    spawnSync('bash', ['-c', command.replaceAll('npx rapport', `node ${BIN}`).replaceAll('${{ matrix.del }}', '1')], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', BASE_REF: 'main', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' },
    });

  for (const file of ['github-actions.yml', 'gitlab-ci.yml']) {
    it(`${file}: every rapport step succeeds and produces what the next step uses`, () => {
      const steps = rapportSteps(file);
      expect(steps.length).toBeGreaterThanOrEqual(3);
      for (const step of steps) {
        const r = run(step);
        expect(r.status, `${step}\n${r.stderr}`).toBe(0);
      }
      // The first of four build jobs: the one report is the first share.
      const summary = JSON.parse(readFileSync(path.join(repo, 'dist-sammanfattning-1.json'), 'utf8')) as { rapporter: { filer: { file: string }[] }[] };
      expect(summary.rapporter[0]!.filer.map((f) => f.file)).toEqual(['dist/servicenamnden.html', 'dist/servicenamnden.pdf']);
      expect(existsSync(path.join(repo, 'dist', 'servicenamnden.pdf'))).toBe(true);
      expect(readFileSync(path.join(repo, 'rapport-diff.md'), 'utf8')).toContain('- Åtagande at-naringsliv: status Klart, avslutat → Pågår');
    }, 120_000);
  }

  it('github-actions.yml: the check step writes annotations', () => {
    const step = rapportSteps('github-actions.yml').find((s) => s.includes('check'))!;
    const r = run(step);
    expect(r.stdout).toMatch(/^::warning file=rapporter\/servicenamnden\/ekonomi\.yaml,line=\d+,col=\d+,title=invest\.projektbudget::/m);
  });
});
