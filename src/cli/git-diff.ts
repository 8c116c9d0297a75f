/** rapport git-diff (hidden): git's external diff driver for the reports' files. */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { readBounded } from '../load/snapshot.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { copyWorkingReport } from '../diff/checkout.js';
import { semanticText } from '../diff/textconv.js';
import { diffReports, formatDiffText, removeCheckout } from '../diff/index.js';
import { compileReport } from '../pipeline/compile.js';
import { EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  // git's external diff driver: `git config diff.rapport.command "npx rapport git-diff"` with
  // `*.yaml diff=rapport` in .gitattributes. git passes: path old-file old-hex old-mode new-file new-hex new-mode.
  configure(program.command('git-diff', { hidden: true }), io)
    .usage('<sökväg> <gammal-fil> <gammal-hex> <gammalt-läge> <ny-fil> <ny-hex> <nytt-läge>')
    .description('diff-drivrutin för git (diff.rapport.command): rapporten runt filen byggs med den gamla och den nya filen och jämförs')
    .argument('<argument...>')
    .action((args: string[]) => {
      setExit(runGitDiffDriver(args, io));
    });
}

/**
 * As git's diff driver for one file: the report folder holding it is compiled twice, once with the
 * old and once with the new content of that file, and the semantic diff of the two is printed. The
 * report is copied with what surrounds it in the work tree (profile, theme, kommun.yaml), so that it
 * compiles as `rapport check` compiles it there.
 */
function runGitDiffDriver(args: string[], io: Io): number {
  const [file, oldFile, , , newFile] = args;
  if (!file || !oldFile || !newFile) {
    io.stderr('fel: git-diff anropas av git med sökväg, gammal fil och ny fil\n');
    return EXIT_USAGE;
  }
  const abs = path.resolve(io.cwd, file);
  const version = (content: string) => {
    const copy = copyWorkingReport(abs);
    if (!copy) return undefined;
    const target = path.join(copy.dir, copy.rel);
    if (content === '/dev/null') rmSync(target, { force: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(content, target);
    }
    return copy.dir;
  };
  const a = version(oldFile);
  if (a === undefined) {
    // Not in a report folder (profil.yaml, tema.yaml, kommun.yaml): the two versions as textconv lines, diffed.
    const text = (f: string) => (f === '/dev/null' ? '' : semanticText(readBounded(f, MAX_FILE_BYTES).bytes?.toString('utf8') ?? '', file));
    const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, text(oldFile), text(newFile), undefined, undefined, { context: 2 });
    io.stdout(`${file} (värde för värde)\n${patch.split('\n').slice(1).join('\n')}`);
    return EXIT_OK;
  }
  const b = version(newFile) as string;
  try {
    const [ca, cb] = [compileReport(a, io.cwd), compileReport(b, io.cwd)];
    if (!ca.compiled || !cb.compiled) {
      const broken = !ca.compiled ? ca : cb;
      const errors = broken.diagnostics.filter((d) => d.severity === 'error');
      io.stdout(`${file}: rapporten kan inte läsas i ${!ca.compiled ? 'den gamla' : 'den nya'} versionen; ${errors.length} fel, första: ${errors[0]?.code ?? '?'} ${errors[0]?.message ?? ''}\n`);
      return EXIT_OK;
    }
    io.stdout(`${file}\n${formatDiffText(diffReports(ca.compiled, cb.compiled), { color: io.isTTY })}\n`);
    return EXIT_OK;
  } finally {
    removeCheckout(a);
    removeCheckout(b);
  }
}
