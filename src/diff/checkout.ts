import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TEMP_PREFIX = 'rapport-diff-';

function git(cwd: string, args: string[]): Buffer {
  return execFileSync('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * Materialize a report folder at a git revision into a temp dir and return the folder's path there.
 *
 * When `rev` names an existing directory (relative to the working directory) it is taken as is:
 * `rev/reportDir` when that holds rapport.yaml (another checkout of the repository), else `rev`
 * itself (the report folder). Otherwise every blob under `reportDir` at `rev` is written out with
 * `git ls-tree` + `git cat-file` (symbolic links and submodules are skipped). `reportDir` is
 * relative to `repoRoot` (or absolute). Remove the result with `removeCheckout` when done.
 */
export function checkoutReport(repoRoot: string, rev: string, reportDir: string, options: { folders?: boolean } = {}): string {
  const asDir = path.resolve(rev);
  // `folders: false`: `rev` is a revision, whatever folders exist (rapport diff has decided which it is;
  // a pull request can add a folder named like the base commit).
  if (options.folders !== false && isDir(asDir)) {
    const inside = path.resolve(asDir, path.isAbsolute(reportDir) ? path.relative(repoRoot, reportDir) : reportDir);
    return existsSync(path.join(inside, 'rapport.yaml')) ? inside : asDir;
  }
  const root = path.resolve(repoRoot);
  let top: string;
  try {
    top = git(root, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch {
    throw new Error(`${repoRoot} är inget git-förråd`);
  }
  let commit: string;
  try {
    commit = git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new Error(`revisionen "${rev}" finns inte i ${top}`);
  }
  const absReport = path.resolve(root, reportDir);
  const realReport = existsSync(absReport) ? realpathSync(absReport) : absReport;
  const rel = path.relative(realpathSync(top), realReport).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${reportDir} ligger utanför git-förrådet ${top}`);

  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', rel === '' ? '.' : rel]).toString('utf8');
  const files = listing
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', object = ''] = line.slice(0, tab).split(' ');
      return { mode, type, object, file: line.slice(tab + 1) };
    })
    .filter((f) => f.type === 'blob' && f.mode !== '120000');
  if (files.length === 0) throw new Error(`rapportmappen ${rel || '.'} finns inte i revisionen ${rev}`);

  const base = mkdtempSync(path.join(tmpdir(), TEMP_PREFIX));
  const target = path.join(base, path.basename(realReport) || 'rapport');
  mkdirSync(target, { recursive: true });
  const prefix = rel === '' ? '' : `${rel}/`;
  for (const f of files) {
    const inner = f.file.startsWith(prefix) ? f.file.slice(prefix.length) : f.file;
    const dest = path.join(target, ...inner.split('/'));
    if (!dest.startsWith(target + path.sep)) continue;
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, git(top, ['cat-file', 'blob', f.object]));
  }
  return target;
}

/** Remove a folder made by checkoutReport (only temp checkouts; a plain folder is left alone). */
export function removeCheckout(dir: string): void {
  const parent = path.dirname(path.resolve(dir));
  if (path.dirname(parent) === path.resolve(tmpdir()) && path.basename(parent).startsWith(TEMP_PREFIX)) {
    rmSync(parent, { recursive: true, force: true });
  }
}
