/** rapport kolada: indicator values from Kolada (import from a saved response, hamta to fetch one). */
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatPretty } from '../diagnostics/formatters.js';
import { findReportFolders } from '../load/report-folder.js';
import { importKolada, readKoladaResponse } from '../kolada/import.js';
import { fetchKolada } from '../kolada/fetch.js';
import { writeFilesAtomic } from '../build/write-atomic.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  const kolada = configure(program.command('kolada'), io)
    .usage('[kommando] [flaggor]')
    .description('hämta indikatorvärden från Kolada (RKA) till rapporternas YAML')
    .helpCommand('help [kommando]', 'visa hjälp för ett kommando');
  configure(kolada.command('import'), io)
    .usage('<svar.json> [sökvägar...] [flaggor]')
    .description('fyll indikatorer med källa: { kolada: <nyckeltal> } från ett sparat Kolada-svar (API v3); inget hämtas från nätet')
    .argument('<svar>', 'Kolada-svaret som JSON-fil (t.ex. sparat med rapport kolada hamta)')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--kommun <kod>', 'kommunkod (standard: profilens kommunkod)')
    .option('--visa', 'visa ändringarna utan att skriva dem')
    .action(async (file: string, paths: string[], o: { kommun?: string; visa?: boolean }) => {
      setExit(await runKoladaImport(file, paths, o, io));
    });
  configure(kolada.command('hamta'), io)
    .usage('[flaggor]')
    .description('hämta ett svar från Kolada API v3 och spara det som fil (det enda kommandot som går ut på nätet)')
    .requiredOption('--kpi <id...>', 'nyckeltal, t.ex. N00900')
    .requiredOption('--kommun <kod>', 'kommunkod, t.ex. 0580')
    .requiredOption('--ar <år...>', 'år, t.ex. 2021 2022 2023')
    .requiredOption('-o, --out <fil>', 'filen som svaret sparas i')
    .action(async (o: { kpi: string[]; kommun: string; ar: string[]; out: string }) => {
      setExit(await runKoladaFetch(o, io));
    });
}

async function runKoladaImport(file: string, paths: string[], o: { kommun?: string; visa?: boolean }, io: Io): Promise<number> {
  const { entries, diagnostics } = await readKoladaResponse(file, io.cwd);
  if (!entries) {
    io.stderr(formatPretty(diagnostics, { color: io.isTTY }) + '\n');
    return EXIT_INPUT;
  }
  const { folders, missing } = findReportFolders(paths, io.cwd);
  if (missing.length > 0) {
    for (const m of missing) io.stderr(`fel: hittar ingen rapport (mapp med rapport.yaml) i ${m}\n`);
    return EXIT_INPUT;
  }
  const result = importKolada(entries, folders, io.cwd, { kommun: o.kommun, dryRun: o.visa });
  if (result.diagnostics.length) io.stderr(formatPretty(result.diagnostics, { color: io.isTTY }) + '\n');
  for (const c of result.changes) io.stdout(`${c.file}: ${c.indikator} (${c.kpi}) ${c.period}: ${c.from ?? 'nytt'} → ${c.to}\n`);
  const n = result.changes.length;
  const failed = hasErrors(result.diagnostics);
  const verb = o.visa || failed ? 'skulle ändras' : n === 1 ? 'ändrat' : 'ändrade';
  // An error anywhere: the importer writes no file at all.
  const where = o.visa ? '' : failed ? '; inget skrevs på grund av felen' : ` i ${result.written.length} ${result.written.length === 1 ? 'fil' : 'filer'}`;
  io.stderr(`${n} ${n === 1 ? 'värde' : 'värden'} ${verb}${where}\n`);
  return failed ? EXIT_INPUT : EXIT_OK;
}

async function runKoladaFetch(o: { kpi: string[]; kommun: string; ar: string[]; out: string }, io: Io): Promise<number> {
  const year = o.ar.find((y) => !/^\d{4}$/.test(y));
  if (year !== undefined) {
    io.stderr(`fel: ogiltigt år "${year}": ange fyra siffror, t.ex. --ar 2022 2023\n`);
    return EXIT_USAGE;
  }
  try {
    const text = await fetchKolada(o.kpi, o.kommun, o.ar.map(Number));
    // Through a temporary file: an interrupted save never leaves half a response for kolada import.
    writeFilesAtomic([[path.resolve(io.cwd, o.out), text]]);
    io.stderr(`sparade Kolada-svaret i ${o.out}; kör rapport kolada import ${o.out}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`fel: ${(error as Error).message}\n`);
    return EXIT_INPUT;
  }
}
