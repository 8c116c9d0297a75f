/** rapport ny-period: the next period's report from the current one. */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { rolloverReport } from '../scaffold/rollover.js';
import { type CommandContext, configure } from './options.js';
import { scaffoldCommand } from './scaffold.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('ny-period'), io)
    .usage('<rapport> <mapp> [flaggor]')
    .description('nästa periods rapport från den nuvarande: id:n, texter, mål och ansvar behålls; varje kolumn får det som betyder samma sak i den nya perioden (aldrig efter plats); bedömningar och status blir "uppgift saknas", texter att skriva blir platshållare')
    .argument('<rapport>', 'den nuvarande rapportmappen')
    .argument('<mapp>', 'den nya rapportmappen')
    .requiredOption('--ar <år>', 'det nya rapportåret', (v: string) => Number.parseInt(v, 10))
    .requiredOption('--fran <datum>', 'periodens första dag, ÅÅÅÅ-MM-DD')
    .requiredOption('--till <datum>', 'periodens sista dag, ÅÅÅÅ-MM-DD')
    .option('--nummer <n>', 'delårsrapportens nummer', (v: string) => Number.parseInt(v, 10))
    .addOption(new Option('--typ <typ>', 'rapporttyp (standard: som den nuvarande)').choices(['delårsrapport', 'verksamhetsberättelse']))
    .action((source: string, dir: string, o: { ar: number; fran: string; till: string; nummer?: number; typ?: 'delårsrapport' | 'verksamhetsberättelse' }) => {
      setExit(
        scaffoldCommand(io, dir, () =>
          rolloverReport(path.resolve(io.cwd, source), path.resolve(io.cwd, dir), { år: o.ar, från: o.fran, till: o.till, nummer: o.nummer, typ: o.typ }),
        ),
      );
    });
}
