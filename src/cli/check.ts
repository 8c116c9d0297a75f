/** rapport check: load, validate and check the reports without writing any file. */
import type { Command } from 'commander';
import { EXIT_USAGE } from './io.js';
import { type CommandContext, configure, formatOption, parseShard } from './options.js';
import { type CommonOptions, runReports } from './run-reports.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('check'), io)
    .usage('[flaggor] [sökvägar...]')
    .description('ladda, validera och kontrollera rapporterna utan att skriva några filer')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .addOption(formatOption())
    .option('--noter', 'visa även noter (avrundningsdifferenser inom toleransen)')
    .option('--shard <i/n>', 'rapportera bara del i av n')
    .action(async (paths: string[], options: CommonOptions & { shard?: string }) => {
      const shard = parseShard(options.shard, io);
      if (shard === null) {
        setExit(EXIT_USAGE);
        return;
      }
      setExit(await runReports(paths, options, io, { build: false, shard }));
    });
}
