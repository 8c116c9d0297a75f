import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceMap } from './source-map.js';
import { activeSnapshot } from './snapshot.js';
import { readYamlFile, type YamlFile } from './yaml-file.js';

export const ROOT_FILE = 'rapport.yaml';

export interface LoadedReport {
  /** Absolute folder path. */
  dir: string;
  /** Folder path as shown in diagnostics (relative to the working directory). */
  displayDir: string;
  /** The merged data of all YAML files, not yet validated. */
  data: Record<string, unknown>;
  sourceMap: SourceMap;
  /** Display names of the YAML files, in merge order. */
  files: string[];
  /** Absolute paths of the YAML files, in merge order (provenance). */
  paths: string[];
}

export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return rel === '' ? '.' : rel.startsWith('..') ? absolute : rel;
}

/** Load every *.yaml file of a report folder and merge their top-level keys. */
export function loadReportFolder(dir: string, cwd = process.cwd()): { report?: LoadedReport; diagnostics: Diagnostic[] } {
  const absDir = path.resolve(cwd, dir);
  const displayDir = displayPath(absDir, cwd);
  const diagnostics: Diagnostic[] = [];
  let names: string[];
  let checked: string[] | undefined;
  try {
    // A render worker lists the folder as the check read it: a file renamed away since is not dropped.
    checked = activeSnapshot()?.listing(absDir);
    names = (checked ?? readdirSync(absDir))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort((a, b) => (a === ROOT_FILE ? -1 : b === ROOT_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return { diagnostics: [diag('fil.mapp-saknas', 'error', `rapportmappen finns inte: ${displayDir}`)] };
  }
  if (!names.includes(ROOT_FILE)) {
    return {
      diagnostics: [diag('fil.rapport-saknas', 'error', `${ROOT_FILE} saknas i rapportmappen ${displayDir}`)],
    };
  }
  const realDir = realpathSync(absDir);
  const files = new Map<string, YamlFile>();
  const paths: string[] = [];
  const topKeyFile = new Map<string, string>();
  const data: Record<string, unknown> = {};
  for (const name of names) {
    const abs = path.join(absDir, name);
    const display = displayPath(abs, cwd);
    // (Files of a checked listing were found inside the folder by the check.)
    if (!checked && !isInside(realDir, abs)) {
      diagnostics.push(diag('fil.utanför', 'error', `filen pekar ut ur rapportmappen (symbolisk länk) och läses inte`, { file: display, line: 1, column: 1 }));
      continue;
    }
    const { result, diagnostics: fileDiagnostics } = readYamlFile(abs, display);
    diagnostics.push(...fileDiagnostics);
    if (!result) continue;
    files.set(display, result);
    paths.push(abs);
    if (result.data === null || result.data === undefined) {
      diagnostics.push(diag('fil.tom', 'warning', 'filen är tom', { file: display, line: 1, column: 1 }));
      continue;
    }
    if (typeof result.data !== 'object' || Array.isArray(result.data)) {
      diagnostics.push(diag('fil.ej-mappning', 'error', 'filen måste vara en mappning med rapportens nycklar (t.ex. "mål:", "ekonomi:")', { file: display, line: 1, column: 1 }));
      continue;
    }
    for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
      const keyPos = result.index.get(key)?.key;
      const earlier = topKeyFile.get(key);
      if (earlier !== undefined) {
        const earlierPos = files.get(earlier)?.index.get(key)?.key;
        diagnostics.push(
          diag('fil.dubblerad-nyckel', 'error', `nyckeln "${key}" finns redan i ${earlier}; varje toppnyckel får bara stå i en fil`, keyPos, [
            { message: 'först här', pos: earlierPos },
          ]),
        );
        continue;
      }
      topKeyFile.set(key, display);
      Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  const rootDisplay = displayPath(path.join(absDir, ROOT_FILE), cwd);
  return {
    report: { dir: absDir, displayDir, data, sourceMap: new SourceMap(files, topKeyFile, rootDisplay), files: [...files.keys()], paths },
    diagnostics,
  };
}

/**
 * Where a file of a folder really is, through any symbolic links: only a file whose real path lies
 * inside the folder (real path `realRoot`) is ever read. A link out of the folder, a link in a
 * circle and a broken link are problems, found without reading anything.
 */
export type Inside = { real: string; problem?: undefined } | { real?: undefined; problem: 'utanför' | 'cirkel' | 'saknas' | 'läsfel'; code?: string };

export function resolveInside(realRoot: string, file: string): Inside {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { problem: 'cirkel' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'saknas' };
    return { problem: 'läsfel', code };
  }
  const rel = path.relative(realRoot, real);
  const inside = rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  return inside ? { real } : { problem: 'utanför' };
}

export function isInside(realRoot: string, candidate: string): boolean {
  return resolveInside(realRoot, candidate).real !== undefined;
}

/** Why a file named relative to a folder cannot be read, or the file. */
export type FileInside = { file: string; problem?: undefined } | { problem: 'utanför' | 'saknas' | 'länk' | 'ingen-fil' };

/**
 * A file that a report, theme or profile names relative to its own folder (prose, logo, theme):
 * it must not lead out of the folder (`..`, an absolute path, or a symbolic link), must exist and be
 * a file.
 */
export function fileInside(dir: string, ref: string): FileInside {
  const relative = path.normalize(ref);
  if (path.isAbsolute(relative) || relative.startsWith('..')) return { problem: 'utanför' };
  const file = path.resolve(dir, relative);
  if (!existsSync(file)) return { problem: 'saknas' };
  if (!isInside(realpathSync(dir), file)) return { problem: 'länk' };
  if (!statSync(file).isFile()) return { problem: 'ingen-fil' };
  return { file };
}

/**
 * Walks the folders at and below `root` (sorted, skipping hidden folders and node_modules, at most
 * 8 levels deep) and shows each folder's entries to `visit`, which says whether to go further down.
 * A symbolic link to a folder is not followed: one inside `root` leads to a folder the walk reaches
 * by its real name (so no folder is walked twice or in a circle, and a report is compiled with the
 * profile above its real folder); one that leads out of `root` is given to `onOutside`.
 */
export function walkFolders(root: string, visit: (dir: string, entries: string[]) => boolean, onOutside: (link: string) => void = () => undefined): void {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return;
  }
  const seen = new Set<string>();
  const walk = (dir: string, real: string, depth: number): void => {
    if (seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    if (!visit(dir, entries) || depth > 8) return;
    for (const entry of entries.sort()) {
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const child = path.join(dir, entry);
      try {
        const link = lstatSync(child).isSymbolicLink();
        if (!statSync(child).isDirectory()) continue;
        if (link) {
          // A link inside the folder leads to a folder the walk reaches by its own name (compiled
          // there, with the profile above it); a link out of it is not followed, and said.
          if (!isInside(realRoot, realpathSync(child))) onOutside(child);
          continue;
        }
        walk(child, path.join(real, entry), depth + 1);
      } catch {
        // unreadable entries and broken links are skipped
      }
    }
  };
  walk(root, realRoot, 0);
}

/**
 * Report folders under the given paths: a folder with rapport.yaml, or folders below that contain one.
 * `outside`: symbolic links that lead out of the path they were found under, or a path given inside
 * the working directory that is a link out of it; none is read.
 */
export function findReportFolders(paths: readonly string[], cwd = process.cwd()): { folders: string[]; missing: string[]; outside: string[] } {
  const folders: string[] = [];
  const missing: string[] = [];
  const outside: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    try {
      if (!statSync(abs).isDirectory()) {
        missing.push(p);
        continue;
      }
    } catch {
      missing.push(p);
      continue;
    }
    // A path inside the project that a symbolic link turns into a folder elsewhere (a link committed
    // in a pull request to a folder of the CI machine) is not read. A path typed outside it is the
    // user's own choice.
    if (lexicallyInside(cwd, abs) && !isInside(realpathSync(cwd), abs)) {
      outside.push(p);
      continue;
    }
    const before = folders.length;
    const outsideBefore = outside.length;
    walkFolders(
      abs,
      (dir, entries) => {
        if (!entries.includes(ROOT_FILE)) return true;
        folders.push(dir);
        return false;
      },
      (link) => outside.push(displayPath(link, cwd)),
    );
    if (folders.length === before && outside.length === outsideBefore) missing.push(p);
  }
  return { folders: [...new Set(folders)], missing, outside: [...new Set(outside)] };
}

function lexicallyInside(root: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(root), candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
