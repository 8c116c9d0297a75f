import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TEMP_PREFIX = 'rapport-diff-';
/** The file that marks a temp folder as a checkout made here (removeCheckout removes nothing else). */
const CHECKOUT_MARK = '.rapport-utcheckning';

function git(cwd: string, args: string[]): Buffer {
  return execFileSync('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Blobs larger than this are not written into a checkout (a report's sources are far smaller; the loader refuses them anyway). */
const MAX_BLOB_BYTES = 64 * 1024 * 1024;

interface TreeFile {
  mode: string;
  object: string;
  size: number;
  /** Path in the repository, `/`-separated. */
  file: string;
}

/** Every blob of a commit (not symbolic links, not submodules), with its size. */
function listTree(top: string, commit: string): TreeFile[] {
  return git(top, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit])
    .toString('utf8')
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', object = '', size = ''] = line.slice(0, tab).split(/ +/);
      return { mode, type, object, size: Number(size), file: line.slice(tab + 1) };
    })
    .filter((f) => f.type === 'blob' && f.mode !== '120000')
    .map(({ mode, object, size, file }) => ({ mode, object, size, file }));
}

/** The contents of blobs, by object id, read with one `git cat-file --batch`. */
function readBlobs(top: string, objects: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(objects)];
  if (unique.length === 0) return out;
  const batch = execFileSync('git', ['-C', top, 'cat-file', '--batch'], { input: `${unique.join('\n')}\n`, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024 });
  let at = 0;
  while (at < batch.length) {
    const newline = batch.indexOf(0x0a, at);
    if (newline < 0) break;
    const [object = '', type = '', size = ''] = batch.subarray(at, newline).toString('utf8').split(' ');
    if (type === 'missing' || size === '') {
      at = newline + 1;
      continue;
    }
    const length = Number(size);
    out.set(object, batch.subarray(newline + 1, newline + 1 + length));
    at = newline + 1 + length + 1;
  }
  return out;
}

/**
 * Materialize a report folder at a git revision into a temp dir and return the folder's path there.
 *
 * The report is checked out as the repository was at that revision, so that it compiles as it did
 * then: the report folder, and everything outside every report folder (the profile and theme above
 * it, the logo, kommun.yaml, shared templates) at the same relative paths. Other report folders are
 * left out (they are the bulk of a kommun's repository and no build of this report reads them);
 * symbolic links, submodules and blobs over MAX_BLOB_BYTES are never written.
 *
 * When `rev` names an existing directory (relative to the working directory) it is taken as is:
 * `rev/reportDir` when that holds rapport.yaml (another checkout of the repository), else `rev`
 * itself (the report folder). `reportDir` is relative to `repoRoot` (or absolute). Remove the
 * result with `removeCheckout` when done.
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
    commit = git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new Error(`revisionen "${rev}" finns inte i ${top}`);
  }
  const absReport = path.resolve(root, reportDir);
  const realReport = existsSync(absReport) ? realpathSync(absReport) : absReport;
  const rel = path.relative(realpathSync(top), realReport).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${reportDir} ligger utanför git-förrådet ${top}`);

  const tree = listTree(top, commit);
  const files = reportAndSurroundings(tree, rel);
  if (files === undefined) throw new Error(`rapportmappen ${rel || '.'} finns inte i revisionen ${rev}`);
  const blobs = readBlobs(top, files.map((f) => f.object));
  return writeCheckout(rel, files.map((f) => [f.file, blobs.get(f.object) ?? Buffer.alloc(0)]));
}

/**
 * Of a repository's files, the report folder `rel` and everything outside every other report folder
 * (undefined when the report folder has no file). Paths are `/`-separated, relative to the top.
 */
function reportAndSurroundings<T extends { file: string; size: number }>(tree: readonly T[], rel: string): T[] | undefined {
  const prefix = rel === '' ? '' : `${rel}/`;
  const own = tree.filter((f) => f.file.startsWith(prefix));
  if (own.length === 0) return undefined;
  // The other report folders: folders with a rapport.yaml, other than this one and its parents.
  const reports = tree
    .filter((f) => f.file === 'rapport.yaml' || f.file.endsWith('/rapport.yaml'))
    .map((f) => f.file.slice(0, -'rapport.yaml'.length))
    .filter((dir) => dir !== prefix && !prefix.startsWith(dir));
  const inOtherReport = (file: string) => reports.some((dir) => file.startsWith(dir) && !(prefix !== '' && file.startsWith(prefix)));
  return (rel === '' ? own : tree.filter((f) => f.file.startsWith(prefix) || !inOtherReport(f.file))).filter((f) => f.size <= MAX_BLOB_BYTES);
}

/** Writes files (repository paths) into a new temp checkout; returns the report folder's path there. */
function writeCheckout(rel: string, files: Iterable<readonly [string, Buffer]>): string {
  const base = mkdtempSync(path.join(tmpdir(), TEMP_PREFIX));
  writeFileSync(path.join(base, CHECKOUT_MARK), '');
  const repo = path.join(base, 'repo');
  mkdirSync(repo, { recursive: true });
  for (const [file, bytes] of files) {
    const dest = path.join(repo, ...file.split('/'));
    if (!dest.startsWith(repo + path.sep)) continue;
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, bytes);
  }
  const target = rel === '' ? repo : path.join(repo, ...rel.split('/'));
  mkdirSync(target, { recursive: true });
  return target;
}

/**
 * A copy of the report folder holding `file` as it is in the working tree, with what surrounds it
 * as checkoutReport takes it (the profile, theme and kommun.yaml above it; not the other reports):
 * the files git knows of and the new ones it does not ignore, regular files only. For git's diff
 * driver, which gets one file's old and new content and compiles the report around each. Returns
 * the report folder in the copy and the file's path relative to it; undefined outside a report
 * folder or outside a git work tree.
 */
export function copyWorkingReport(file: string): { dir: string; rel: string } | undefined {
  const abs = path.resolve(file);
  let report = path.dirname(abs);
  while (!existsSync(path.join(report, 'rapport.yaml')) && path.dirname(report) !== report) report = path.dirname(report);
  if (!existsSync(path.join(report, 'rapport.yaml'))) return undefined;
  let top: string;
  try {
    top = realpathSync(git(report, ['rev-parse', '--show-toplevel']).toString('utf8').trim());
  } catch {
    return undefined;
  }
  const rel = path.relative(top, realpathSync(report)).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  const listed = git(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '');
  const tree = [...new Set(listed)].flatMap((f) => {
    try {
      const stat = lstatSync(path.join(top, ...f.split('/')));
      return stat.isFile() ? [{ file: f, size: stat.size }] : [];
    } catch {
      return []; // removed from the work tree, still in the index
    }
  });
  const files = reportAndSurroundings(tree, rel) ?? [];
  const dir = writeCheckout(rel, files.map((f) => [f.file, readFileSync(path.join(top, ...f.file.split('/')))] as const));
  return { dir, rel: path.relative(report, abs) };
}

/** Remove a folder made by checkoutReport (only temp checkouts; a plain folder is left alone). */
export function removeCheckout(dir: string): void {
  // The checkout's own temp folder: the first folder below the temp dir, named by TEMP_PREFIX and marked as a checkout.
  const rel = path.relative(path.resolve(tmpdir()), path.resolve(dir));
  const first = rel.split(path.sep)[0] ?? '';
  const base = path.join(path.resolve(tmpdir()), first);
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && first.startsWith(TEMP_PREFIX) && existsSync(path.join(base, CHECKOUT_MARK))) {
    rmSync(base, { recursive: true, force: true });
  }
}
