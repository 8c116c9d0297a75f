/** rapport init: a new report folder for a nämnd, ready to fill in. */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { initReport } from '../scaffold/init.js';
import { type CommandContext, configure } from './options.js';
import { scaffoldCommand } from './scaffold.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('init'), io)
    .usage('<mapp> [flaggor]')
    .description('skapa en ny rapportmapp för en nämnd: alla filer med $schema-rad, avsnitten och resultaträkningens rader, klara att fylla i')
    .argument('<mapp>', 'den nya rapportmappen (ska inte finnas eller vara tom)')
    .requiredOption('--kommun <namn>', 'kommunens namn')
    .requiredOption('--namnd <namn>', 'nämndens namn')
    .requiredOption('--forkortning <kod>', 'nämndens förkortning, t.ex. SEN')
    .requiredOption('--forvaltning <namn>', 'förvaltningens namn')
    .addOption(new Option('--typ <typ>', 'rapporttyp').choices(['delårsrapport', 'verksamhetsberättelse']).default('delårsrapport'))
    .option('--nummer <n>', 'delårsrapportens nummer', (v: string) => Number.parseInt(v, 10))
    .requiredOption('--ar <år>', 'rapportåret', (v: string) => Number.parseInt(v, 10))
    .requiredOption('--fran <datum>', 'periodens första dag, ÅÅÅÅ-MM-DD')
    .requiredOption('--till <datum>', 'periodens sista dag, ÅÅÅÅ-MM-DD')
    .option('--dnr <dnr>', 'diarienummer')
    .action((dir: string, o: { kommun: string; namnd: string; forkortning: string; forvaltning: string; typ: 'delårsrapport' | 'verksamhetsberättelse'; nummer?: number; ar: number; fran: string; till: string; dnr?: string }) => {
      setExit(
        scaffoldCommand(io, dir, () =>
          initReport(path.resolve(io.cwd, dir), { kommun: o.kommun, nämnd: o.namnd, förkortning: o.forkortning, förvaltning: o.forvaltning, typ: o.typ, nummer: o.nummer, år: o.ar, från: o.fran, till: o.till, dnr: o.dnr }),
        ),
      );
    });
}
