/**
 * The example pipelines in examples/ci/ run their rapport steps here, in a throwaway repository
 * shaped like a kommun's: rapporter/<nämnd>/, a main branch and a change on top of it. Their
 * structure (who may write, which pipelines run, where reports go) is read with the yaml package.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT } from '../helpers.js';
import { expectCodeQuality } from '../diagnostics/code-quality.js';

const BIN = path.join(ROOT, 'bin', 'rapport.js');
const MARKER = '<!-- rapport-diff -->';

type Node = Record<string, unknown>;
interface GithubStep { id?: string; name?: string; if?: string; uses?: string; run?: string; with?: Node; env?: Node }
interface GithubJob { needs?: string | string[]; if?: string; permissions?: Node | string; steps: GithubStep[] }
interface GitlabJob { stage?: string; needs?: string[]; rules?: { if?: string; when?: string }[]; variables?: Node; script: string[]; artifacts?: { when?: string; paths?: string[]; reports?: Node } }

const text = (file: string) => readFileSync(path.join(ROOT, 'examples', 'ci', file), 'utf8');
const pipeline = (file: string) => parse(text(file)) as Node;
const github = () => pipeline('github-actions.yml') as { permissions?: Node | string; concurrency?: Node; jobs: Record<string, GithubJob> };
const gitlab = () => pipeline('gitlab-ci.yml') as Node & { workflow?: { rules: { if?: string; when?: string }[] } };

function rapportSteps(file: string): string[] {
  const commands: string[] = [];
  // Commands are GitHub's `run:` strings and GitLab's `script:` lists; names and comments are not.
  const visit = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if ((key === 'run' || key === 'script') && node.includes('npx rapport')) commands.push(node);
    } else if (Array.isArray(node)) node.forEach((item) => visit(item, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(pipeline(file));
  return commands;
}

/** Our bin in place of the npm package (which `npm ci` puts in node_modules/.bin), as the first of the parallel build jobs. */
const asRun = (command: string) => command.replaceAll('npx rapport', `node ${BIN}`).replaceAll('${{ matrix.del }}', '1');

const gitIn = (cwd: string) => (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.se', ...args], { cwd, encoding: 'utf8' });

/** A kommun's repository: main with the example report, and a change on top of it that the pipelines compare. */
function kommunRepo(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'rapport-ci-'));
  const git = gitIn(repo);
  cpSync(EXAMPLE, path.join(repo, 'rapporter', 'servicenamnden'), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'Delårsrapport 2');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const mal = path.join(repo, 'rapporter', 'servicenamnden', 'mal.yaml');
  execFileSync('sed', ['-i', '0,/status: klart/s//status: pågår/', mal]);
  git('commit', '-qam', 'Åtagandet om näringslivet pågår');
  return repo;
}

describe('examples/ci', () => {
  let repo: string;
  let base: string;

  beforeAll(() => {
    repo = kommunRepo();
    base = gitIn(repo)('rev-parse', 'origin/main').trim();
  });

  /** The variables each CI sets: the target branch (GitHub) and the merge request's base (GitLab). */
  const ciEnv = () => ({ ...process.env, CI: 'true', BASE_REF: 'main', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' });

  const run = (command: string, cwd = repo) => spawnSync('bash', ['-c', asRun(command)], { cwd, encoding: 'utf8', env: ciEnv() });

  for (const file of ['github-actions.yml', 'gitlab-ci.yml']) {
    it(`${file}: every rapport step succeeds and produces what the next step uses`, () => {
      const steps = rapportSteps(file);
      expect(steps.length).toBeGreaterThanOrEqual(4);
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

    it(`${file}: the kommun repository depends on rapport-kompilator and commits its lock file`, () => {
      expect(text(file)).toMatch(/"rapport-kompilator": "git\+https:\/\/[^"]+#v\d/);
      expect(text(file)).toContain('"rapport-kompilator": "file:vendor/rapport-kompilator-');
      expect(text(file)).toMatch(/package-lock\.json måste vara incheckad/);
      expect(text(file)).toContain('npm ci');
    });
  }

  describe('github-actions.yml', () => {
    it('the check step writes annotations', () => {
      const step = rapportSteps('github-actions.yml').find((s) => s.includes('check'))!;
      const r = run(step);
      expect(r.stdout).toMatch(/^::warning file=rapporter\/servicenamnden\/ekonomi\.yaml,line=\d+,col=\d+,title=invest\.projektbudget::/m);
    }, 60_000);

    it('grants only read by default and pull-requests: write only to the job that comments', () => {
      const wf = github();
      expect(wf.permissions).toEqual({ contents: 'read' });
      const writers = Object.entries(wf.jobs).filter(([, job]) => typeof job.permissions === 'object' && job.permissions['pull-requests'] === 'write');
      expect(writers.map(([name]) => name)).toEqual(['diff']);
      const [, commenter] = writers[0]!;
      expect(commenter.steps.some((s) => s.run?.includes('gh api'))).toBe(true);
      for (const [, job] of Object.entries(wf.jobs)) expect(job.permissions).not.toBe('write-all');
    });

    it('cancels a superseded run of the same pull request', () => {
      const { concurrency } = github();
      expect(concurrency?.group).toMatch(/\$\{\{ github\.workflow \}\}.*\$\{\{ github\.ref \}\}/);
      expect(concurrency?.['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
    });

    it('merges the four build artifacts into one, rapporter', () => {
      const { jobs } = github();
      const uploads = jobs.bygg!.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
      expect(uploads).toHaveLength(1);
      const names = [1, 2, 3, 4].map((i) => String(uploads[0]!.with!.name).replaceAll('${{ matrix.del }}', String(i)));
      const merges = Object.values(jobs).filter((job) => job.steps.some((s) => s.uses?.startsWith('actions/upload-artifact/merge@')));
      expect(merges).toHaveLength(1);
      expect([merges[0]!.needs].flat()).toContain('bygg');
      const merge = merges[0]!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact/merge@'))!;
      expect(merge.with!.name).toBe('rapporter');
      const pattern = new RegExp(`^${String(merge.with!.pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
      for (const name of names) expect(name).toMatch(pattern);
    });

    it('comments even when the diff fails, and updates its earlier comment by the marker', () => {
      const steps = github().jobs.diff!.steps;
      const diff = steps.findIndex((s) => s.run?.includes('npx rapport diff'));
      const comment = steps.findIndex((s) => s.run?.includes('gh api'));
      expect(diff).toBeGreaterThan(-1);
      expect(comment).toBeGreaterThan(diff);
      // A failed step skips the steps after it unless they ask to run.
      expect(steps[comment]!.if).toMatch(/!cancelled\(\)|always\(\)/);
      const script = steps[comment]!.run!;
      expect(script).toContain(`echo '${MARKER}'; cat rapport-diff.md`);
      expect(script).toContain(`startswith("${MARKER}")`);
      expect(script).toMatch(/--method PATCH/);
      expect(script).toMatch(/--method POST/);
    });
  });

  describe('gitlab-ci.yml', () => {
    it('runs merge request pipelines for merge requests and branch pipelines otherwise, never both', () => {
      const rules = gitlab().workflow?.rules;
      expect(rules).toEqual([
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS', when: 'never' },
        { if: '$CI_COMMIT_BRANCH' },
      ]);
      // The check runs in every pipeline the workflow lets through, so it shows on and blocks the merge request.
      expect((gitlab().kontroll as GitlabJob).rules).toBeUndefined();
    });

    it('reports the check as GitLab Code Quality, the file the check step writes', () => {
      const job = gitlab().kontroll as GitlabJob;
      const step = job.script.find((s) => s.includes('npx rapport check'))!;
      const written = /--format gitlab > (\S+)$/.exec(step)?.[1];
      expect(written).toBeDefined();
      expect(job.artifacts?.reports?.codequality).toBe(written);
      expect(job.artifacts?.when).toBe('always');
      // The step itself, on a report with a warning: valid Code Quality JSON with that warning.
      const r = run(step);
      expect(r.status, r.stderr).toBe(0);
      const issues = expectCodeQuality(readFileSync(path.join(repo, written!), 'utf8'));
      expect(issues).toContainEqual(
        expect.objectContaining({ check_name: 'invest.projektbudget', severity: 'minor', location: { path: 'rapporter/servicenamnden/ekonomi.yaml', lines: { begin: expect.any(Number) } } }),
      );
    }, 60_000);

    /** The diff job's whole script as the runner runs it (one shell, -e and pipefail), against a Notes API on localhost. */
    async function diffJob(cwd: string, notes: { id: number; body: string }[]) {
      const requests: { method: string; url: string; token?: string; body?: { body: string } }[] = [];
      const server = createServer((req, res) => {
        let data = '';
        req.on('data', (c: Buffer) => (data += c.toString('utf8')));
        req.on('end', () => {
          requests.push({ method: req.method!, url: req.url!, token: req.headers['private-token'] as string, body: data ? (JSON.parse(data) as { body: string }) : undefined });
          res.setHeader('content-type', 'application/json');
          res.end(req.method === 'GET' ? JSON.stringify(notes) : '{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const job = gitlab().diff as GitlabJob;
      const env: NodeJS.ProcessEnv = {
        ...ciEnv(),
        ...(job.variables as Record<string, string>),
        CI_API_V4_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
        CI_PROJECT_ID: '42',
        CI_MERGE_REQUEST_IID: '7',
        RAPPORT_BOT_TOKEN: 'hemlig',
      };
      for (const proxy of ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[proxy];
      try {
        const child = spawn('bash', ['-eo', 'pipefail', '-c', job.script.map(asRun).join('\n')], { cwd, env });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        return { code, stderr, requests };
      } finally {
        server.close();
      }
    }

    it('posts the diff as a comment with the marker when there is none', async () => {
      const { code, stderr, requests } = await diffJob(repo, [{ id: 3, body: 'Ser bra ut!' }]);
      expect(code, stderr).toBe(0);
      expect(requests.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`)).toEqual(['GET /api/v4/projects/42/merge_requests/7/notes', 'POST /api/v4/projects/42/merge_requests/7/notes']);
      expect(requests.every((r) => r.token === 'hemlig')).toBe(true);
      const body = requests[1]!.body!.body;
      expect(body.startsWith(`${MARKER}\n`)).toBe(true);
      expect(body).toContain('- Åtagande at-naringsliv: status Klart, avslutat → Pågår');
    }, 60_000);

    it('updates the earlier comment found by the marker instead of posting a new one', async () => {
      const { code, stderr, requests } = await diffJob(repo, [
        { id: 3, body: 'Ser bra ut!' },
        { id: 11, body: `${MARKER}\n## Ändringar i rapporterna (gammal)` },
      ]);
      expect(code, stderr).toBe(0);
      expect(requests.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`)).toEqual(['GET /api/v4/projects/42/merge_requests/7/notes', 'PUT /api/v4/projects/42/merge_requests/7/notes/11']);
      expect(requests[1]!.body!.body).toContain('- Åtagande at-naringsliv: status Klart, avslutat → Pågår');
    }, 60_000);

    it('still comments when a report cannot be read, then fails the job', async () => {
      const broken = mkdtempSync(path.join(tmpdir(), 'rapport-ci-trasig-'));
      execFileSync('git', ['clone', '-q', repo, broken]);
      writeFileSync(path.join(broken, 'rapporter', 'servicenamnden', 'mal.yaml'), 'mål: [\n', { flag: 'a' });
      gitIn(broken)('commit', '-qam', 'Trasig YAML');
      const { code, requests } = await diffJob(broken, []);
      expect(code).toBe(1);
      expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']);
      expect(requests[1]!.body!.body).toMatch(/kan inte läsas/i);
    }, 60_000);

    it('builds after the check, without waiting for the diff', () => {
      expect((gitlab().bygg as GitlabJob).needs).toEqual(['kontroll']);
    });
  });
});
