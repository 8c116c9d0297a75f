/** rapport diff: what changed between two versions of the reports, keyed on id. */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { findReportFolders } from '../load/report-folder.js';
import { compileReport } from '../pipeline/compile.js';
import {
  checkoutReport,
  compareReport,
  type ComparedReport,
  diagnosticItems,
  formatDiffSetMarkdown,
  formatDiffSetText,
  removeCheckout,
  type ReportVersion,
} from '../diff/index.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, argv, setExit }: CommandContext): void {
  configure(program.command('diff'), io)
    .usage('[flaggor] <rev-a> <rev-b> [sökvägar...]')
    .description('visa vad som ändrats mellan två versioner av rapporterna, nycklat på id: status, belopp (med skillnad), tillagt, borttaget, text')
    .argument('<rev-a>', 'tidigare version: en git-revision (t.ex. main, HEAD~1) eller en mapp')
    .argument('<rev-b>', 'senare version: en git-revision eller en mapp')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .addOption(new Option('-f, --format <format>', 'text för terminalen, markdown för en kommentar på en pull request').choices(['text', 'markdown']).default('text'))
    .action((revA: string, revB: string, paths: string[], options: { format: 'text' | 'markdown' }) => {
      // git's convention: after `--` only paths. Both versions must stand before it.
      const dashes = argv.indexOf('--');
      const after = dashes < 0 ? [] : argv.slice(dashes + 1);
      if (after.length > 0 && !(paths.length === after.length && paths.every((p, i) => p === after[i]))) {
        io.stderr('fel: före -- står de två versionerna (git-revisioner eller mappar), efter -- bara sökvägar: rapport diff <rev-a> <rev-b> -- <sökvägar…>\n');
        setExit(EXIT_USAGE);
        return;
      }
      setExit(runDiff(revA, revB, paths, options.format, io));
    });
}

/**
 * Semantic diff of every report found under `paths`: both versions are compiled and compared by id.
 * A version is a git revision of the repository, or a folder (then `paths` are looked up in it).
 */
function runDiff(revA: string, revB: string, paths: string[], format: 'text' | 'markdown', io: Io): number {
  // Each version is a git revision or a folder, never silently one for the other: a pull request can
  // add a folder named like a revision (origin/main/…), so a name that is both is refused.
  const commitOf = (rev: string): string | undefined => {
    try {
      return execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd: io.cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const versions: { folder?: string; commit?: string }[] = [];
  for (const rev of [revA, revB]) {
    if (rev.trim() === '') {
      io.stderr('fel: en version är tom; ange en git-revision (t.ex. HEAD) eller en mapp\n');
      return EXIT_USAGE;
    }
    const abs = path.resolve(io.cwd, rev);
    const folder = existsSync(abs) && statSync(abs).isDirectory() ? abs : undefined;
    const commit = commitOf(rev);
    if (folder && commit) {
      io.stderr(`fel: "${rev}" är både en git-revision och en mapp; skriv ./${rev} för mappen eller ${rev}^{commit} för revisionen\n`);
      return EXIT_USAGE;
    }
    if (!folder && !commit) {
      let inGit = true;
      try {
        execFileSync('git', ['rev-parse', '--git-dir'], { cwd: io.cwd, stdio: ['ignore', 'ignore', 'ignore'] });
      } catch {
        inGit = false;
      }
      io.stderr(inGit ? `fel: "${rev}" är varken en git-revision eller en mapp\n` : `fel: ${io.cwd} är inget git-förråd och "${rev}" är ingen mapp; ange två mappar eller två git-revisioner\n`);
      return EXIT_USAGE;
    }
    versions.push({ folder, commit });
  }
  // Two revisions or two folders: one of each is a forgotten argument ("diff HEAD~1 rapporter"), not a comparison.
  if (Boolean(versions[0]!.folder) !== Boolean(versions[1]!.folder)) {
    const [rev, dir] = versions[0]!.folder ? [revB, revA] : [revA, revB];
    io.stderr(`fel: "${rev}" är en git-revision men "${dir}" en mapp; jämför två revisioner (rapport diff ${rev} HEAD ${dir}) eller två mappar\n`);
    return EXIT_USAGE;
  }
  // "./x" names the folder x even where x is also a revision.
  const [folderA, folderB] = versions.map((v) => v.folder);
  const [commitA, commitB] = versions.map((v) => v.commit);
  let repoRoot = io.cwd;
  if (!folderA || !folderB) {
    try {
      repoRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
    } catch {
      io.stderr(`fel: ${io.cwd} är inget git-förråd; ange två mappar eller två git-revisioner\n`);
      return EXIT_USAGE;
    }
  }
  // Report folders: from the two folders (a report only one of them has is new or removed), or from
  // the working tree for git revisions.
  const roots = folderA ? [folderA, ...(folderB ? [folderB] : [])] : [repoRoot];
  const found = roots.map((root) => {
    const given = folderA ? paths.map((p) => path.resolve(root, p)) : paths;
    const { folders, missing } = findReportFolders(given, io.cwd);
    return { rels: folders.map((f) => path.relative(root, f)), missing: paths.filter((_, i) => missing.includes(given[i]!)) };
  });
  // A path is missing when no version has it.
  const missing = paths.filter((p) => found.every((f) => f.missing.includes(p)));
  const rels = [...new Set(found.flatMap((f) => f.rels))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  if (missing.length > 0 || rels.length === 0) {
    io.stderr(`fel: hittar ingen rapport (mapp med rapport.yaml) i ${missing.join(', ') || paths.join(', ')}\n`);
    return EXIT_INPUT;
  }
  const posix = (p: string) => p.split(path.sep).join('/') || '.';
  const reports: ComparedReport[] = [];
  let failed = false;
  for (const rel of rels) {
    // The folder as the user gave it: inside the two folders, or from the working directory.
    const label = posix(folderA ? rel : path.relative(io.cwd, path.join(repoRoot, rel)));
    const checkouts: string[] = [];
    const version = (rev: string, commit: string | undefined, dir: string | undefined): ReportVersion => {
      let where: string;
      if (dir) {
        where = path.join(dir, rel);
        if (!existsSync(path.join(where, 'rapport.yaml'))) return { absent: true, diagnostics: [] };
      } else {
        // The folder's path in the repository (the working tree's, through any symbolic link).
        const inWork = path.join(repoRoot, rel);
        const inRepo = posix(existsSync(inWork) ? path.relative(realpathSync(repoRoot), realpathSync(inWork)) : rel);
        const inRev = `${commit ?? rev}:${inRepo === '.' ? '' : `${inRepo}/`}rapport.yaml`;
        try {
          execFileSync('git', ['cat-file', '-e', inRev], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'ignore'] });
        } catch {
          return { absent: true, diagnostics: [] };
        }
        where = checkoutReport(repoRoot, commit ?? rev, rel, { folders: false });
        checkouts.push(where);
      }
      const { compiled, diagnostics } = compileReport(where, io.cwd);
      if (!compiled) {
        failed = true;
        io.stderr(`fel: ${label} i ${rev} kan inte läsas (kör rapport check); ${diagnostics.filter((d) => d.severity === 'error').length} fel\n`);
      }
      return { compiled, diagnostics: diagnosticItems(diagnostics, where, io.cwd, label) };
    };
    try {
      const a = version(revA, commitA, folderA);
      const b = version(revB, commitB, folderB);
      reports.push(compareReport(label, a, b, { from: revA, to: revB }));
    } catch (error) {
      failed = true;
      io.stderr(`fel: ${(error as Error).message}\n`);
      reports.push({ folder: label, unreadable: [], introduced: [], resolved: [], failure: (error as Error).message });
    } finally {
      for (const c of checkouts) removeCheckout(c);
    }
  }
  const set = { from: revA, to: revB, reports };
  io.stdout(format === 'markdown' ? formatDiffSetMarkdown(set) : formatDiffSetText(set, { color: io.isTTY }));
  return failed ? EXIT_INPUT : EXIT_OK;
}
