/** rapport fmt: the reports' YAML files in canonical form. */
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatPretty } from '../diagnostics/formatters.js';
import { formatPaths } from '../fmt/format.js';
import { writeFilesAtomic } from '../build/write-atomic.js';
import { EXIT_INPUT, EXIT_OK, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('fmt'), io)
    .usage('[flaggor] [sökvägar...]')
    .description('skriv rapporternas YAML-filer i kanonisk form (nyckelordning som i schemat, citattecken, listor); kommentarer och värden behålls')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--check', 'ändra inget; avsluta med kod 1 och lista filerna som inte är i kanonisk form')
    .action((paths: string[], options: { check?: boolean }) => {
      setExit(runFmt(paths, Boolean(options.check), io));
    });
}

/** Canonical YAML for every report file under `paths`; with --check nothing is written. */
function runFmt(paths: string[], check: boolean, io: Io): number {
  const results = formatPaths(paths, io.cwd);
  const diagnostics = results.flatMap((r) => r.diagnostics);
  if (diagnostics.length > 0) io.stderr(formatPretty(diagnostics, { color: io.isTTY }) + '\n');
  if (hasErrors(diagnostics)) return EXIT_INPUT;
  const changed = results.filter((r) => r.changed);
  for (const r of changed) {
    if (check) {
      io.stdout(`${r.file}\n`);
      if (r.difference) io.stderr(`${r.difference}\n`);
    } else {
      writeFilesAtomic([[path.resolve(io.cwd, r.file), r.formatted]]);
      io.stdout(`formaterade ${r.file}\n`);
    }
  }
  io.stderr(`${results.length} filer, ${changed.length} ${check ? 'behöver formateras' : 'formaterade'}\n`);
  return check && changed.length > 0 ? EXIT_INPUT : EXIT_OK;
}
