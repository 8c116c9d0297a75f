/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), a JSON array
 * of {description, check_name, fingerprint, severity, location: {path, lines: {begin}}}.
 */
import { describe, expect, it } from 'vitest';
import { diag } from '../../src/diagnostics/diagnostic.js';
import { type CodeQualityIssue, formatGitlab } from '../../src/diagnostics/formatters.js';
import { expectCodeQuality } from './code-quality.js';
import { copyExample } from '../helpers.js';
import { runCli } from '../e2e/run-cli.js';

describe('formatGitlab', () => {
  const pos = (line: number) => ({ file: 'rapporter/bygg/ekonomi.yaml', line, column: 3 });

  it('maps each diagnostic to an issue with its code, severity and line', () => {
    const issues = expectCodeQuality(
      formatGitlab([
        diag('summa.rad', 'error', 'raden summerar inte', pos(12)),
        diag('invest.projektbudget', 'warning', 'projektbudget saknas', pos(40)),
        diag('avrundning', 'note', 'avrundningsdifferens 0,1', pos(41)),
      ]),
    );
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['summa.rad', 'major', 'rapporter/bygg/ekonomi.yaml', 12],
      ['invest.projektbudget', 'minor', 'rapporter/bygg/ekonomi.yaml', 40],
      ['avrundning', 'info', 'rapporter/bygg/ekonomi.yaml', 41],
    ]);
    expect(issues[0]!.description).toBe('raden summerar inte [summa.rad]');
  });

  it('is an empty array without diagnostics (GitLab needs an array, not nothing)', () => {
    expect(JSON.parse(formatGitlab([]))).toEqual([]);
  });

  it('gives the same issue the same fingerprint when its line moves, and identical issues distinct ones', () => {
    const [a] = JSON.parse(formatGitlab([diag('x', 'warning', 'm', pos(10))])) as CodeQualityIssue[];
    const [b] = JSON.parse(formatGitlab([diag('x', 'warning', 'm', pos(14))])) as CodeQualityIssue[];
    expect(a!.fingerprint).toBe(b!.fingerprint);
    const twins = expectCodeQuality(formatGitlab([diag('x', 'warning', 'm', pos(10)), diag('x', 'warning', 'm', pos(20))]));
    expect(twins[0]!.fingerprint).not.toBe(twins[1]!.fingerprint);
  });

  it('places a diagnostic without a position at the path given for it, line 1', () => {
    const [i] = expectCodeQuality(formatGitlab([diag('fil.mapp-saknas', 'error', 'mappen x finns inte')], () => 'x'));
    expect(i!.location).toEqual({ path: 'x', lines: { begin: 1 } });
  });
});

describe('rapport check --format gitlab', () => {
  it('writes only the report on stdout and the summary on stderr', async () => {
    const dir = copyExample();
    const r = await runCli(['check', '.', '--format', 'gitlab'], dir);
    expect(r.code).toBe(0);
    const issues = expectCodeQuality(r.stdout);
    expect(issues.some((i) => i.check_name === 'invest.projektbudget' && i.location.path === 'ekonomi.yaml' && i.severity === 'minor')).toBe(true);
    // Notes only with --noter, as in the other formats.
    expect(issues.some((i) => i.severity === 'info')).toBe(false);
    expect(r.stderr).toMatch(/^1 rapport, 0 fel, \d+ varningar/);
  }, 60_000);

  it('places a missing folder at that folder and exits 1', async () => {
    const dir = copyExample();
    const r = await runCli(['check', 'finns-inte', '--format', 'gitlab'], dir);
    expect(r.code).toBe(1);
    const [i] = expectCodeQuality(r.stdout);
    expect(i).toMatchObject({ check_name: 'fil.mapp-saknas', severity: 'major', location: { path: 'finns-inte', lines: { begin: 1 } } });
  }, 60_000);
});
