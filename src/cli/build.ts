/** rapport build: check the reports and write an HTML file and a PDF for each. */
import { type Command, Option } from 'commander';
import type { Standard } from '../render/pdf/index.js';
import { EXIT_USAGE } from './io.js';
import { type CommandContext, configure, formatOption, parseShard } from './options.js';
import { type CommonOptions, runReports } from './run-reports.js';

/** --pdf-standard values. PDF/UA-1 is always declared; PDF/A-2 forbids the embedded source files. */
const PDF_STANDARDS: Record<string, Standard> = { 'pdfa-3a': 'PDF/A-3a', 'pdfa-2a': 'PDF/A-2a', ua: 'none' };

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('build'), io)
    .usage('[flaggor] [sökvägar...]')
    .description('kontrollera rapporterna och skriv en HTML-fil och en PDF per rapport')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('-o, --out <mapp>', 'utdatamapp', 'dist')
    .option('--mallar <mapp>', 'egen mallmapp (rapport.hbs, partials/, rapport.css, tema.yaml)')
    .addOption(
      new Option('--pdf-standard <standard>', 'deklarerad PDF-standard: pdfa-3a bäddar in källfilerna, pdfa-2a utan källfiler, ua bara PDF/UA-1')
        .choices(Object.keys(PDF_STANDARDS))
        .default('pdfa-3a'),
    )
    .addOption(formatOption())
    .option('--noter', 'visa även noter (avrundningsdifferenser inom toleransen)')
    .option('--shard <i/n>', 'bygg bara del i av n (för parallella CI-jobb); alla rapporter kontrolleras, men varje del skriver och rapporterar sin andel')
    .option('--cache', 'rendera inte om en rapport vars indata (filer, mallar, tema, datum, commit) inte ändrats; utdata som ändrats eller tagits bort byggs om')
    .option('--jobb <n>', 'antal rapporter som renderas samtidigt (standard: antalet kärnor minus en från sex rapporter, annars 1)', (v: string) => Number.parseInt(v, 10))
    .option('--utkast', 'bygg ett utkast: platshållare («FYLL I: …») tillåts, och varje sida märks UTKAST (utan flaggan vägrar build att publicera en rapport med platshållare)')
    .action(async (paths: string[], options: CommonOptions & { out: string; mallar?: string; pdfStandard: string; shard?: string; cache?: boolean; jobb?: number; utkast?: boolean }) => {
      const shard = parseShard(options.shard, io);
      if (shard === null) {
        setExit(EXIT_USAGE);
        return;
      }
      setExit(await runReports(paths, options, io, { build: true, out: options.out, templates: options.mallar, standard: PDF_STANDARDS[options.pdfStandard], shard, cache: options.cache, jobs: options.jobb, utkast: options.utkast }));
    });
}
