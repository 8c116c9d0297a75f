import path from 'node:path';
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
  const fromEnv = sourceDateEpoch(env);
  if (fromEnv !== undefined) return { date: new Date(fromEnv * 1000), origin: 'SOURCE_DATE_EPOCH' };
  const fromGit = gitCommitTime(dir);
  if (fromGit !== undefined) return { date: new Date(fromGit * 1000), origin: 'git' };
  return { date: new Date(`${periodEnd}T00:00:00Z`), origin: 'rapportperiod' };
}

/** Latest date both the PDF's Info dictionary and its XMP can state (9999-12-31T23:59:59Z). */
export const MAX_SOURCE_DATE_EPOCH = 253402300799;

/**
 * SOURCE_DATE_EPOCH as seconds since 1970, or undefined when unset or empty. A value that is set but
 * not a whole number in range is a usage error: silently ignoring it would make a build that should
 * be reproducible depend on the git history instead.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['SOURCE_DATE_EPOCH']?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_SOURCE_DATE_EPOCH) {
    throw new SourceDateError(`SOURCE_DATE_EPOCH="${raw}" är inte ett heltal mellan 0 och ${MAX_SOURCE_DATE_EPOCH} (sekunder sedan 1970-01-01)`);
  }
  return Number(raw);
}

export class SourceDateError extends Error {}

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
    // A source outside the repository (a profile above it) cannot be asked about; git would refuse all.
    const top = git(['rev-parse', '--show-toplevel']);
    const inside = sources.filter((f) => {
      const rel = path.relative(top, f);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
    const dirty = git(['--no-optional-locks', 'status', '--porcelain', '--', ...inside]) !== '';
    return dirty ? `${sha} (med ändringar som inte är incheckade)` : sha;
  } catch {
    return undefined;
  }
}
