import { execFileSync } from 'node:child_process';

export interface SourceDate {
  date: Date;
  origin: 'SOURCE_DATE_EPOCH' | 'git' | 'rapportperiod';
}

/**
 * The date stamped into outputs: SOURCE_DATE_EPOCH when set, else the last git commit that touched
 * the report folder, else the end of the report period. Never the wall clock: builds are reproducible.
 */
export function resolveSourceDate(dir: string, periodEnd: string, env: NodeJS.ProcessEnv = process.env): SourceDate {
  const fromEnv = env['SOURCE_DATE_EPOCH'];
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv.trim())) {
    return { date: new Date(Number(fromEnv.trim()) * 1000), origin: 'SOURCE_DATE_EPOCH' };
  }
  const fromGit = gitCommitTime(dir);
  if (fromGit !== undefined) return { date: new Date(fromGit * 1000), origin: 'git' };
  return { date: new Date(`${periodEnd}T00:00:00Z`), origin: 'rapportperiod' };
}

function gitCommitTime(dir: string): number | undefined {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
    return /^\d+$/.test(out) ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The last commit that changed the report folder. When the folder also has uncommitted changes, the
 * commit alone would not prove the inputs, so that is said with it.
 */
export function gitCommit(dir: string, sources: readonly string[]): string | undefined {
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  try {
    const sha = git(['log', '-1', '--format=%H', '--', '.']);
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    // Only the files the report was built from count (a dist/ folder beside them does not);
    // a source file that is not committed at all counts as a change.
    const dirty = git(['--no-optional-locks', 'status', '--porcelain', '--', ...sources]) !== '';
    return dirty ? `${sha} (med ändringar som inte är incheckade)` : sha;
  } catch {
    return undefined;
  }
}
