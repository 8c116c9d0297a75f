import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Argument, Command, CommanderError, Option } from 'commander';
import { VERSION } from '../build/version.js';
import { type Diagnostic, diag, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { type DiagnosticFormat, formatGithub, formatGitlab, formatPretty, formatSummaryLine, summarize } from '../diagnostics/formatters.js';
import { findReportFolders } from '../load/report-folder.js';
import { readBounded, SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { copyWorkingReport } from '../diff/checkout.js';
import { semanticText } from '../diff/textconv.js';
import { createTwoFilesPatch } from 'diff';
import { type CompiledReport, compileReport } from '../pipeline/compile.js';
import { crossReportDiagnostics, findKommunFolders } from '../kommun/build.js';
import { applySeverities } from '../check/exceptions.js';
import { BuildCache, CACHE_FILE } from '../build/cache.js';
import { templateChecksums } from '../build/provenance.js';
import type { RenderResult } from '../build/render-worker.js';
import { gitCommit, resolveSourceDate } from '../build/source-date.js';
import { importKolada, readKoladaResponse } from '../kolada/import.js';
import { fetchKolada } from '../kolada/fetch.js';
import { checkKommun, loadKommun, type LoadedKommun } from '../kommun/rollup.js';
import { KOMMUN_FILE } from '../kommun/schema.js';
import {
  checkoutReport,
  compareReport,
  type ComparedReport,
  diagnosticItems,
  diffReports,
  formatDiffSetMarkdown,
  formatDiffSetText,
  formatDiffText,
  removeCheckout,
  type ReportVersion,
} from '../diff/index.js';
import { formatPaths } from '../fmt/format.js';
import { initReport, rolloverReport } from '../scaffold/index.js';
import { removeStaleTemporaries, writeFilesAtomic } from '../build/write-atomic.js';
import { checkTemplates, templatesFor } from '../render/template-check.js';
import { DEFAULT_TEMPLATES } from '../render/html.js';
import type { Standard } from '../render/pdf/index.js';
import { type LoadedTheme, loadTheme } from '../theme/theme.js';
import { profileTheme } from '../theme/profile-theme.js';
import { sourceDateEpoch } from '../build/source-date.js';
import { hasPlaceholders, proseFilePlaceholders, refusePlaceholders } from '../check/placeholders.js';
import { writeProfileSchemas } from '../schema/profile-schema.js';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY) && !process.env['NO_COLOR'] && process.env['CI'] !== 'true',
  cwd: process.cwd(),
  env: process.env,
});

interface CommonOptions {
  format: DiagnosticFormat;
  noter?: boolean;
}

/** --pdf-standard values. PDF/UA-1 is always declared; PDF/A-2 forbids the embedded source files. */
const PDF_STANDARDS: Record<string, Standard> = { 'pdfa-3a': 'PDF/A-3a', 'pdfa-2a': 'PDF/A-2a', ua: 'none' };

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Användning:',
  'Options:': 'Flaggor:',
  'Commands:': 'Kommandon:',
  'Arguments:': 'Argument:',
  'Global Options:': 'Globala flaggor:',
};

/** Run the CLI; returns the exit code (0 ok, 1 input errors, 2 usage or internal error). */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('rapport');
  const configure = (cmd: Command) =>
    cmd
      .configureHelp({
        styleTitle: (title: string) => HELP_TITLES[title] ?? title,
        subcommandTerm: (sub: Command) => `${sub.name()} ${sub.usage()}`.trim(),
        optionDescription: (option: Option) => describeWithExtras(option.description, option.argChoices, option.defaultValue, option.negate),
        argumentDescription: (argument: Argument) => describeWithExtras(argument.description, argument.argChoices, argument.defaultValue),
        sortOptions: false,
      })
      .helpOption('-h, --help', 'visa hjälp för kommandot')
      .configureOutput({
        writeOut: (s) => io.stdout(s),
        writeErr: (s) => io.stderr(s),
        outputError: (s, write) => write(translateCommanderError(s)),
      })
      .exitOverride();
  configure(program)
    .usage('[flaggor] [kommando]')
    .description('Kompilerar nämndernas delårsrapporter och verksamhetsberättelser från YAML till HTML och PDF, efter att ha kontrollerat räkningen.')
    .version(VERSION, '-V, --version', 'visa versionsnummer')
    .helpCommand('help [kommando]', 'visa hjälp för ett kommando')
    .showHelpAfterError('(skriv rapport --help för hjälp)');

  const formatOption = () =>
    new Option('-f, --format <format>', 'format för diagnostik: pretty, json, github (annoteringar i GitHub Actions) eller gitlab (GitLab Code Quality)').choices(['pretty', 'json', 'github', 'gitlab']).default('pretty');

  configure(program.command('build'))
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
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = await run(paths, options, io, { build: true, out: options.out, templates: options.mallar, standard: PDF_STANDARDS[options.pdfStandard], shard, cache: options.cache, jobs: options.jobb, utkast: options.utkast });
    });

  configure(program.command('check'))
    .usage('[flaggor] [sökvägar...]')
    .description('ladda, validera och kontrollera rapporterna utan att skriva några filer')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .addOption(formatOption())
    .option('--noter', 'visa även noter (avrundningsdifferenser inom toleransen)')
    .option('--shard <i/n>', 'rapportera bara del i av n')
    .action(async (paths: string[], options: CommonOptions & { shard?: string }) => {
      const shard = parseShard(options.shard, io);
      if (shard === null) {
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = await run(paths, options, io, { build: false, shard });
    });

  configure(program.command('fmt'))
    .usage('[flaggor] [sökvägar...]')
    .description('skriv rapporternas YAML-filer i kanonisk form (nyckelordning som i schemat, citattecken, listor); kommentarer och värden behålls')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--check', 'ändra inget; avsluta med kod 1 och lista filerna som inte är i kanonisk form')
    .action((paths: string[], options: { check?: boolean }) => {
      exitCode = runFmt(paths, Boolean(options.check), io);
    });

  configure(program.command('init'))
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
      exitCode = scaffoldCommand(io, dir, () =>
        initReport(path.resolve(io.cwd, dir), { kommun: o.kommun, nämnd: o.namnd, förkortning: o.forkortning, förvaltning: o.forvaltning, typ: o.typ, nummer: o.nummer, år: o.ar, från: o.fran, till: o.till, dnr: o.dnr }),
      );
    });

  configure(program.command('ny-period'))
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
      exitCode = scaffoldCommand(io, dir, () =>
        rolloverReport(path.resolve(io.cwd, source), path.resolve(io.cwd, dir), { år: o.ar, från: o.fran, till: o.till, nummer: o.nummer, typ: o.typ }),
      );
    });

  configure(program.command('watch'))
    .usage('[flaggor] [sökvägar...]')
    .description('bygg om vid varje sparning och visa rapporterna på localhost med automatisk omladdning; fel visas i terminalen och i sidan')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--port <port>', 'port på 127.0.0.1, ett heltal 0–65535 (0: en ledig port)', '4173')
    .option('--mallar <mapp>', 'egen mallmapp (rapport.hbs, partials/, rapport.css, tema.yaml); kontrolleras och bevakas')
    .action(async (paths: string[], o: { port: string; mallar?: string }) => {
      const port = parsePort(o.port);
      if (port === undefined) {
        io.stderr(`fel: ogiltig port "${o.port}": ange ett heltal 0–65535\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = await watchCommand(io, paths, port, o.mallar);
    });

  // git's external diff driver: `git config diff.rapport.command "npx rapport git-diff"` with
  // `*.yaml diff=rapport` in .gitattributes. git passes: path old-file old-hex old-mode new-file new-hex new-mode.
  configure(program.command('git-diff', { hidden: true }))
    .usage('<sökväg> <gammal-fil> <gammal-hex> <gammalt-läge> <ny-fil> <ny-hex> <nytt-läge>')
    .description('diff-drivrutin för git (diff.rapport.command): rapporten runt filen byggs med den gamla och den nya filen och jämförs')
    .argument('<argument...>')
    .action((args: string[]) => {
      exitCode = runGitDiffDriver(args, io);
    });

  // git's textconv: `git config diff.rapport.textconv "npx rapport textconv"`; git passes one file.
  configure(program.command('textconv'))
    .usage('<fil>')
    .description('skriv en YAML-fil som en rad per värde med hela platsen i rapporten, för git (diff.rapport.textconv): git log -p, git show och git diff visar då vad som ändrats')
    .argument('<fil>', 'filen git lämnar (innehållet i en version)')
    .action((file: string) => {
      exitCode = runTextconv(file, io);
    });

  const kolada = configure(program.command('kolada'))
    .usage('[kommando] [flaggor]')
    .description('hämta indikatorvärden från Kolada (RKA) till rapporternas YAML')
    .helpCommand('help [kommando]', 'visa hjälp för ett kommando');
  configure(kolada.command('import'))
    .usage('<svar.json> [sökvägar...] [flaggor]')
    .description('fyll indikatorer med källa: { kolada: <nyckeltal> } från ett sparat Kolada-svar (API v3); inget hämtas från nätet')
    .argument('<svar>', 'Kolada-svaret som JSON-fil (t.ex. sparat med rapport kolada hamta)')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--kommun <kod>', 'kommunkod (standard: profilens kommunkod)')
    .option('--visa', 'visa ändringarna utan att skriva dem')
    .action(async (file: string, paths: string[], o: { kommun?: string; visa?: boolean }) => {
      exitCode = await runKoladaImport(file, paths, o, io);
    });
  configure(kolada.command('hamta'))
    .usage('[flaggor]')
    .description('hämta ett svar från Kolada API v3 och spara det som fil (det enda kommandot som går ut på nätet)')
    .requiredOption('--kpi <id...>', 'nyckeltal, t.ex. N00900')
    .requiredOption('--kommun <kod>', 'kommunkod, t.ex. 0580')
    .requiredOption('--ar <år...>', 'år, t.ex. 2021 2022 2023')
    .requiredOption('-o, --out <fil>', 'filen som svaret sparas i')
    .action(async (o: { kpi: string[]; kommun: string; ar: string[]; out: string }) => {
      exitCode = await runKoladaFetch(o, io);
    });

  configure(program.command('schema'))
    .usage('[sökvägar...]')
    .description('skriv JSON Schema för editorn ur kommunens profil (målnivåer, skalornas värden med betydelse) i <profilmapp>/.rapport/schema/')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .action((paths: string[]) => {
      const result = writeProfileSchemas(paths, io.cwd);
      for (const m of result.missing) io.stderr(`fel: hittar ingen rapport (mapp med rapport.yaml) i ${m}\n`);
      if (result.diagnostics.length > 0) io.stderr(formatPretty(result.diagnostics, { color: io.isTTY }) + '\n');
      for (const f of result.files) io.stdout(`${f.changed ? 'skrev' : 'oförändrad'} ${path.relative(io.cwd, f.file).split(path.sep).join('/')}\n`);
      for (const m of result.modelines) io.stderr(`${path.relative(io.cwd, m.dir).split(path.sep).join('/') || '.'}: ${m.modeline}\n`);
      exitCode = result.missing.length > 0 || hasErrors(result.diagnostics) ? EXIT_INPUT : EXIT_OK;
    });

  configure(program.command('diff'))
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
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = runDiff(revA, revB, paths, options.format, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.stderr(`internt fel: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}

interface ReportOutcome {
  dir: string;
  diagnostics: Diagnostic[];
  outputs?: { file: string; sha256: string }[];
  /** A kommun's sammanställning (kommun.yaml) rather than a nämnd's report. */
  kommun?: boolean;
  /** The kommun's place among the kommun folders of the run (for --shard). */
  kommunIndex?: number;
  /** --cache: the outputs were unchanged and not rendered again. */
  reused?: boolean;
  /** A path given on the command line that holds no report (not counted as one). */
  noReport?: boolean;
}

async function run(
  paths: string[],
  options: CommonOptions,
  io: Io,
  mode: { build: boolean; out?: string; templates?: string; standard?: Standard; shard?: Shard; cache?: boolean; jobs?: number; /** build --utkast: placeholders allowed, every output marked as a draft. */ utkast?: boolean },
): Promise<number> {
  // A shard owns every n-th report (in the sorted order findReportFolders gives) and every n-th kommun:
  // the same split in every CI job, and together exactly the unsharded run's outputs.
  const mine = (index: number) => !mode.shard || index % mode.shard.n === mode.shard.i - 1;
  const { folders, missing, outside } = findReportFolders(paths, io.cwd);
  const refused = outside.filter((o) => paths.includes(o));
  if (missing.length > 0 || refused.length > 0) {
    emit(options, io, [
      ...missing.map((m) => ({ dir: m, noReport: true, diagnostics: [missingFolderDiagnostic(m, io.cwd)] })),
      ...refused.map((o) => ({ dir: o, noReport: true, diagnostics: [outsideDiagnostic(o, 'error')] })),
    ]);
    return EXIT_INPUT;
  }
  const templatesDir = mode.templates ? path.resolve(io.cwd, mode.templates) : DEFAULT_TEMPLATES;
  const outDir = path.resolve(io.cwd, mode.out ?? 'dist');
  if (mode.build && !existsSync(path.join(templatesDir, 'rapport.hbs'))) {
    io.stderr(`fel: mallmappen ${mode.templates ?? templatesDir} saknar rapport.hbs\n`);
    return EXIT_INPUT;
  }
  // Files that are not a report's own (the theme, own templates, kommun.yaml) are read once, into this.
  const runSnapshot = new SourceSnapshot();
  const snapshots: SourceSnapshot[] = [runSnapshot];
  const readSource = (display: string) => snapshots.reduce<string | undefined>((text, s) => text ?? s.textOf(display), undefined);
  const { loaded: themeOf, diagnostics: themeDiagnostics } = mode.build ? withSnapshot(runSnapshot, () => loadTheme(templatesDir, io.cwd)) : { loaded: undefined, diagnostics: [] };
  // Own templates (--mallar) are checked before any report is rendered with them.
  if (mode.build && mode.templates) themeDiagnostics.push(...withSnapshot(runSnapshot, () => checkTemplates(templatesDir, io.cwd)));
  if (hasErrors(themeDiagnostics)) {
    // The theme is shared by every report: nothing is built, and the errors go out in the chosen format.
    // Earlier outputs of the reports would no longer match their sources: they go too.
    const { removeOutputs } = await import('../build/build-report.js');
    const outcome: ReportOutcome = { dir: path.relative(io.cwd, templatesDir) || '.', diagnostics: themeDiagnostics };
    let fault = false;
    for (const folder of folders) {
      const base = path.join(outDir, outputName(folder, paths, io.cwd));
      try {
        removeOutputs(base);
      } catch (error) {
        fault = true;
        outcome.diagnostics.push(outputFault(error, path.relative(io.cwd, base)));
      }
    }
    emit(options, io, [outcome], readSource);
    return fault ? EXIT_USAGE : EXIT_INPUT;
  }
  if (mode.build) {
    try {
      sourceDateEpoch(io.env);
    } catch (error) {
      io.stderr(`fel: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  const bases = folders.map((folder) => path.join(outDir, outputName(folder, paths, io.cwd)));
  // Links out of the given folders are not followed: said once, as a warning.
  const links: ReportOutcome[] = outside.map((o) => ({ dir: o, noReport: true, diagnostics: [outsideDiagnostic(o, 'warning')] }));
  const outcomes: ReportOutcome[] = [];
  let internalError = false;
  // A fault of the file system while writing outputs or the cache (exit 2, like an internal error).
  let environmentError = false;
  /**
   * Writes or removes a report's outputs; a fault of the file system (read-only, full, a file where
   * the folder should be) is a diagnostic of the report, exit 2, and the report's own diagnostics stay.
   */
  const onDisk = <T,>(outcome: ReportOutcome, base: string, action: () => T): T | undefined => {
    try {
      return action();
    } catch (error) {
      environmentError = true;
      outcome.diagnostics.push(outputFault(error, path.relative(io.cwd, base) || base));
      return undefined;
    }
  };
  // Progress on a terminal for several reports; logs (not a TTY, or CI=true) stay line by line.
  const progress = io.isTTY && folders.length > 1;
  // 1. Compile every report: one report's failure never stops the others from being checked.
  const compiled = new Map<string, CompiledReport>();
  // The bytes each report is checked from (in `snapshots`): diagnostics quote only these, never a file
  // the loader refused.
  for (const folder of folders) {
    const outcome: ReportOutcome = { dir: path.relative(io.cwd, folder) || '.', diagnostics: [] };
    outcomes.push(outcome);
    try {
      const snapshot = new SourceSnapshot();
      snapshots.push(snapshot);
      const result = compileReport(folder, io.cwd, snapshot);
      outcome.dir = result.displayDir;
      outcome.diagnostics.push(...result.diagnostics);
      // Placeholders in Markdown prose files (those in the YAML files are found by the check).
      if (result.compiled) outcome.diagnostics.push(...proseFilePlaceholders(result.compiled));
      // build publishes no placeholder: without --utkast each one is an error, and nothing is written.
      if (mode.build && !mode.utkast) outcome.diagnostics = refusePlaceholders(outcome.diagnostics);
      if (result.compiled) compiled.set(folder, result.compiled);
    } catch (error) {
      internalError = true;
      outcome.diagnostics.push(diag('internt.fel', 'error', `internt fel i rapporten: ${(error as Error).message}`));
    }
  }
  // A profile is shared by the reports below it: its own errors are reported once, not per report.
  const seenShared = new Set<string>();
  for (const o of outcomes) {
    o.diagnostics = o.diagnostics.filter((d) => {
      if (!d.code.startsWith('profil.') && !(d.pos?.file.endsWith('profil.yaml') ?? false)) return true;
      const key = `${d.code}|${d.pos?.file}|${d.pos?.line}|${d.pos?.column}|${d.message}`;
      if (seenShared.has(key)) return false;
      seenShared.add(key);
      return true;
    });
  }
  // 2. What needs several reports: facts across reports, each report's unused undantag, kommun roll-ups.
  const cross = crossReportDiagnostics(compiled);
  folders.forEach((folder, i) => outcomes[i]!.diagnostics.push(...(cross.get(folder) ?? [])));
  // A profile's theme is checked by check as well as build (unless --mallar replaces it).
  const themes = new Map<string, LoadedTheme | undefined>();
  folders.forEach((folder, i) => {
    const c = compiled.get(folder);
    if (c && !mode.templates) themes.set(folder, withSnapshot(c.snapshot, () => profileThemeFor(c, io.cwd, outcomes[i]!)));
  });
  if (!mode.build) {
    // check raises every error build would: what only the rendered HTML shows (a character the PDF's
    // fonts lack, an id the templates make twice) is found by rendering the HTML, without the PDF.
    const { renderHtml } = await import('../build/build-report.js');
    const standardTheme = withSnapshot(runSnapshot, () => loadTheme(DEFAULT_TEMPLATES, io.cwd)).loaded;
    for (const [i, folder] of folders.entries()) {
      const c = compiled.get(folder);
      if (!c || !mine(i) || hasErrors(outcomes[i]!.diagnostics)) continue;
      try {
        outcomes[i]!.diagnostics.push(...renderHtml(c, { templates: DEFAULT_TEMPLATES, theme: themes.get(folder) ?? standardTheme, cwd: io.cwd, commit: false }).diagnostics);
      } catch (error) {
        internalError = true;
        outcomes[i]!.diagnostics.push(diag('internt.fel', 'error', `internt fel i rapporten: ${(error as Error).message}`));
      }
    }
  }
  for (const o of outcomes) o.diagnostics = sortDiagnostics(o.diagnostics);
  const buildable = new Map([...compiled].filter(([folder]) => !hasErrors(outcomes[folders.indexOf(folder)]!.diagnostics)));
  const kommuner: { k: LoadedKommun; outcome: ReportOutcome; base: string; index: number }[] = [];
  for (const [j, dir] of findKommunFolders(paths, io.cwd).entries()) {
    const outcome: ReportOutcome = { dir: path.relative(io.cwd, path.join(dir, KOMMUN_FILE)), diagnostics: [], kommun: true, kommunIndex: j };
    outcomes.push(outcome);
    try {
      const { kommun, diagnostics } = withSnapshot(runSnapshot, () => loadKommun(dir, io.cwd));
      outcome.diagnostics.push(...diagnostics);
      if (!kommun) continue;
      outcome.diagnostics.push(...checkKommun(kommun, compiled).flatMap((d) => {
        // The kommun's diagnostics follow the profile of its nämnder (regler).
        const first = kommun.kommun.nämnder.map((n) => compiled.get(path.resolve(dir, n.rapport))).find((c) => c !== undefined);
        return first ? applySeverities([d], first.profile) : [d];
      }));
      outcome.diagnostics = sortDiagnostics(outcome.diagnostics);
      // Beside the nämnder's outputs: dist/<kommun>/sammanstallning, or dist/sammanstallning when the kommun folder itself is built.
      const asGiven = paths.some((p) => path.resolve(io.cwd, p) === dir);
      kommuner.push({ k: kommun, outcome, base: path.join(outDir, asGiven ? '' : outputName(dir, paths, io.cwd), 'sammanstallning'), index: j });
    } catch (error) {
      internalError = true;
      outcome.diagnostics.push(diag('internt.fel', 'error', `internt fel i kommunsammanställningen: ${(error as Error).message}`));
    }
  }
  // Temporary files of a build that was killed while writing are removed before this one writes.
  if (mode.build) removeStaleTemporaries(outDir);
  const cache = mode.build && mode.cache ? new BuildCache(outDir) : undefined;
  // The PDF engine is loaded only to build: check starts faster without it.
  const { removeOutputs, renderReport, writeOutputs } = mode.build ? await import('../build/build-report.js') : ({} as typeof import('../build/build-report.js'));
  const { defaultJobs, renderAll } = mode.build ? await import('../build/pool.js') : ({} as typeof import('../build/pool.js'));
  const { renderKommun } = mode.build ? await import('../kommun/render.js') : ({} as typeof import('../kommun/render.js'));
  // 3. Render: only a report (or roll-up) without errors gets outputs; a failing one loses its old ones.
  const jobs: { i: number; key?: string }[] = [];
  for (const [i, folder] of folders.entries()) {
    if (!mode.build) break;
    if (!mine(i)) continue;
    const base = bases[i] as string;
    const outcome = outcomes[i]!;
    const clash = bases.findIndex((b, j) => b === base && j !== i);
    // A nämnd folder named "sammanstallning" beside a kommun.yaml: its outputs would be the roll-up's.
    const rollUp = kommuner.find((k) => k.base === base);
    if (rollUp) {
      outcome.diagnostics.push(diag('utdata.krock', 'error', `rapporten ${outcome.dir} och kommunens sammanställning (${rollUp.outcome.dir}) skulle skrivas till samma fil ${path.relative(io.cwd, base)}.html/.pdf; byt namn på rapportmappen`));
      continue;
    }
    if (clash >= 0) {
      outcome.diagnostics.push(
        diag('utdata.krock', 'error', `rapporterna ${outcome.dir} och ${path.relative(io.cwd, folders[clash] as string)} skulle skrivas till samma fil ${path.relative(io.cwd, base)}.html/.pdf`),
      );
      continue;
    }
    const c = buildable.get(folder);
    if (!c || hasErrors(outcome.diagnostics)) {
      buildable.delete(folder);
      onDisk(outcome, base, () => removeOutputs(base));
      continue;
    }
    const key = cache ? buildKey(c, templatesDir, mode.standard, io.env, themes.get(folder) ?? themeOf, mode.utkast) : undefined;
    const reused = cache && key ? cache.hit(base, key) : undefined;
    if (reused) {
      outcome.outputs = Object.entries(reused).map(([file, sha256]) => ({ file: path.relative(io.cwd, path.join(outDir, file)), sha256 }));
      outcome.reused = true;
      continue;
    }
    jobs.push({ i, key });
  }
  const finish = (i: number, key: string | undefined, result: RenderResult) => {
    const folder = folders[i] as string;
    const base = bases[i] as string;
    const outcome = outcomes[i]!;
    outcome.diagnostics.push(...result.diagnostics);
    if (result.error) {
      internalError = true;
      outcome.diagnostics.push(diag('internt.fel', 'error', `internt fel i rapporten: ${result.error}`));
    }
    if (!result.rendered || result.error || hasErrors(result.diagnostics)) {
      cache?.forget(base);
      buildable.delete(folder);
      onDisk(outcome, base, () => removeOutputs(base));
      return;
    }
    const { html, pdf } = result.rendered;
    const written = onDisk(outcome, base, () => writeOutputs(base, { html, pdf }));
    if (!written) {
      cache?.forget(base);
      buildable.delete(folder);
      return;
    }
    const files = [written.html, written.pdf];
    if (cache && key) cache.record(base, key, files, [html, pdf]);
    // The checksums of the bytes written, not of the files as they may be by now.
    outcome.outputs = [
      { file: path.relative(io.cwd, written.html), sha256: createHash('sha256').update(html).digest('hex') },
      { file: path.relative(io.cwd, written.pdf), sha256: createHash('sha256').update(pdf).digest('hex') },
    ];
  };
  const threads = mode.build ? Math.min(mode.jobs ?? defaultJobs(jobs.length), jobs.length) : 0;
  if (threads > 1) {
    // Several reports on several cores: worker threads render them; results come back in order.
    const templateFiles = templatesFor(templatesDir).snapshot.entries();
    const results = await renderAll(
      jobs.map(({ i }) => {
        const c = buildable.get(folders[i] as string)!;
        return { folder: folders[i] as string, cwd: io.cwd, templates: templatesDir, theme: themes.get(folders[i] as string) ?? themeOf, sources: c.snapshot.entries(), templateFiles, standard: mode.standard, env: { ...io.env }, utkast: mode.utkast };
      }),
      threads,
      (j) => {
        const i = jobs[j]!.i;
        if (progress) io.stderr(`\r\x1b[K[${i + 1}/${folders.length}] ${path.relative(io.cwd, folders[i] as string) || '.'}`);
      },
    );
    jobs.forEach(({ i, key }, j) => finish(i, key, results[j] ?? { diagnostics: [], error: 'arbetstråden svarade inte' }));
  } else {
    for (const { i, key } of jobs) {
      const folder = folders[i] as string;
      if (progress) io.stderr(`\r\x1b[K[${i + 1}/${folders.length}] ${path.relative(io.cwd, folder) || '.'}`);
      try {
        const c = buildable.get(folder)!;
        const theme = themes.get(folder) ?? themeOf;
        const rendered = await renderReport(c, { env: io.env, templates: templatesDir, theme, standard: mode.standard, cwd: io.cwd, utkast: mode.utkast });
        finish(i, key, { diagnostics: rendered.diagnostics, rendered: rendered.pdf && { html: rendered.html, pdf: rendered.pdf } });
      } catch (error) {
        finish(i, key, { diagnostics: [], error: (error as Error).message });
      }
    }
  }
  for (const { k, outcome, base, index } of kommuner) {
    if (!mode.build) break;
    if (!mine(index)) continue;
    try {
      const members = k.kommun.nämnder.map((n) => buildable.get(path.resolve(k.dir, n.rapport))).filter((c): c is CompiledReport => c !== undefined);
      const theme = members[0] && !mode.templates ? (profileThemeFor(members[0], io.cwd, { dir: '', diagnostics: [] }) ?? themeOf) : themeOf;
      if (mode.utkast) {
        // The sammanställning has no draft mark of its own: from drafts it is not built (nor left from
        // an earlier build beside the drafts), so nothing built from a draft looks final.
        const drafts = k.kommun.nämnder.filter((n) => {
          const i = folders.indexOf(path.resolve(k.dir, n.rapport));
          return i >= 0 && hasPlaceholders(outcomes[i]!.diagnostics);
        });
        outcome.diagnostics.push(
          diag('utkast.sammanställning', 'warning', `kommunens sammanställning byggs inte med --utkast${drafts.length > 0 ? ` (${drafts.map((n) => n.rapport).join(', ')} har platshållare)` : ''}; bygg den utan --utkast när nämndernas rapporter är färdiga`, k.sourceMap.pos(['nämnder'])),
        );
        onDisk(outcome, base, () => removeOutputs(base));
        continue;
      }
      if (hasErrors(outcome.diagnostics) || members.length !== k.kommun.nämnder.length) {
        if (members.length !== k.kommun.nämnder.length && !hasErrors(outcome.diagnostics)) {
          outcome.diagnostics.push(
            diag('kommun.rapport', 'error', 'sammanställningen byggs inte: en eller flera nämnders rapporter har fel', k.sourceMap.pos(['nämnder'])),
          );
        }
        onDisk(outcome, base, () => removeOutputs(base));
        continue;
      }
      const rendered = await renderKommun(k, members, { env: io.env, templates: templatesDir, theme, standard: mode.standard });
      const files = onDisk(outcome, base, () => writeOutputs(base, rendered));
      if (files) {
        outcome.outputs = [
          { file: path.relative(io.cwd, files.html), sha256: createHash('sha256').update(rendered.html).digest('hex') },
          { file: path.relative(io.cwd, files.pdf), sha256: createHash('sha256').update(rendered.pdf).digest('hex') },
        ];
      }
    } catch (error) {
      internalError = true;
      outcome.diagnostics.push(diag('internt.fel', 'error', `internt fel i kommunsammanställningen: ${(error as Error).message}`));
      onDisk(outcome, base, () => removeOutputs(base));
    }
  }
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      environmentError = true;
      links.push({ dir: path.relative(io.cwd, outDir) || '.', noReport: true, diagnostics: [outputFault(error, path.relative(io.cwd, path.join(outDir, CACHE_FILE)))] });
    }
  }
  if (progress) io.stderr('\r\x1b[K');
  // Every report was compiled (cross-report checks need them all); a shard reports only its own.
  const reported = mode.shard
    ? outcomes.filter((o, i) => (o.kommunIndex !== undefined ? mine(o.kommunIndex) : mine(i)))
    : outcomes;
  const summary = emit(options, io, [...links, ...reported], readSource);
  return internalError || environmentError ? EXIT_USAGE : summary.errors > 0 ? EXIT_INPUT : EXIT_OK;
}

/** Diagnostics and written files in the chosen format, then the summary line. */
/** Why a path given to check or build holds no report: it does not exist, is a file, or has no rapport.yaml. */
function missingFolderDiagnostic(given: string, cwd: string): Diagnostic {
  let isDirectory = false;
  try {
    isDirectory = statSync(path.resolve(cwd, given)).isDirectory();
  } catch {
    return diag('fil.mapp-saknas', 'error', `mappen ${given} finns inte`);
  }
  if (!isDirectory) return diag('fil.mapp-saknas', 'error', `${given} är ingen mapp; ange rapportmappen (den med rapport.yaml) eller en mapp ovanför den`);
  return diag('fil.rapport-saknas', 'error', `ingen rapport i ${given}: varken mappen eller någon mapp under den har en rapport.yaml`);
}

/** A fault of the file system at an output (or the cache), in Swedish. */
function outputFault(error: unknown, target: string): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EROFS: 'filsystemet är skrivskyddat',
    EACCES: 'behörighet saknas',
    EPERM: 'behörighet saknas',
    ENOSPC: 'disken är full',
    EDQUOT: 'diskkvoten är slut',
    ENOTDIR: 'en del av sökvägen är en fil, inte en mapp',
    EEXIST: 'en del av sökvägen är en fil, inte en mapp',
    EISDIR: 'där filen ska skrivas finns en mapp',
  };
  return diag('utdata.skriv', 'error', `kan inte skriva eller ta bort ${target}: ${(code && why[code]) ?? code ?? (error as Error).message}; rapportens egen diagnostik ovan gäller ändå`);
}

function outsideDiagnostic(link: string, severity: 'error' | 'warning'): Diagnostic {
  return diag('fil.utanför', severity, `${link} är en symbolisk länk ut ur ${severity === 'error' ? 'arbetsmappen' : 'mappen den ligger i'} och läses inte; ange mappen den pekar på om den ska byggas`, { file: link, line: 1, column: 1 });
}

function emit(options: CommonOptions, io: Io, outcomes: ReportOutcome[], readSource?: (display: string) => string | undefined) {
  const all = outcomes.flatMap((o) => o.diagnostics);
  const shown = options.noter ? all : all.filter((d) => d.severity !== 'note');
  const summary = summarize(all);
  if (options.format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          rapporter: outcomes.map((o) => ({ mapp: o.dir, ...(o.kommun ? { sammanställning: true } : {}), filer: o.outputs ?? [], diagnostik: o.diagnostics })),
          sammanfattning: { ...summary, rapporter: outcomes.filter((o) => !o.kommun && !o.noReport).length, sammanställningar: outcomes.filter((o) => o.kommun).length },
        },
        null,
        2,
      ) + '\n',
    );
  } else if (options.format === 'gitlab') {
    // Only the report on stdout (GitLab reads it as a whole); a diagnostic without a position belongs to its folder.
    const dirOf = new Map(outcomes.flatMap((o) => o.diagnostics.map((d) => [d, o.dir] as const)));
    io.stdout(formatGitlab(shown, (d) => dirOf.get(d) ?? '.') + '\n');
    io.stderr(formatSummaryLine(summary, outcomes.filter((o) => !o.kommun && !o.noReport).length, false, outcomes.filter((o) => o.kommun).length) + '\n');
  } else if (options.format === 'github') {
    if (shown.length) io.stdout(formatGithub(shown) + '\n');
    io.stdout(formatSummaryLine(summary, outcomes.filter((o) => !o.kommun && !o.noReport).length, false, outcomes.filter((o) => o.kommun).length) + '\n');
  } else {
    if (shown.length) io.stderr(formatPretty(shown, { color: io.isTTY, readSource }) + '\n');
    for (const o of outcomes) for (const f of o.outputs ?? []) io.stdout(`${o.reused ? 'oförändrad' : 'skrev'} ${f.file}\n`);
    io.stderr(formatSummaryLine(summary, outcomes.filter((o) => !o.kommun && !o.noReport).length, io.isTTY, outcomes.filter((o) => o.kommun).length) + '\n');
  }
  return summary;
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

interface Shard {
  i: number;
  n: number;
}

/** "2/4" → { i: 2, n: 4 }; undefined without the flag; null (after a message) when it is malformed. */
function parseShard(value: string | undefined, io: Io): Shard | undefined | null {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) {
    io.stderr(`fel: --shard skrivs i/n med 1 ≤ i ≤ n, t.ex. --shard 2/4 (fick "${value}")\n`);
    return null;
  }
  return { i, n };
}

/** Everything a report's outputs depend on, for --cache. */
function buildKey(c: CompiledReport, templatesDir: string, standard: Standard | undefined, env: NodeJS.ProcessEnv, theme: LoadedTheme | undefined, utkast?: boolean): string {
  const sources = [...c.sources].sort();
  return BuildCache.key([
    // A draft is never taken for the published report, nor the published report for a draft.
    ...(utkast ? ['utkast'] : []),
    VERSION,
    standard ?? 'PDF/A-3a',
    resolveSourceDate(c.loaded.dir, c.report.rapport.period.till, env).date.toISOString(),
    gitCommit(c.loaded.dir, c.sources) ?? '',
    templateChecksums(templatesDir),
    // The theme as read for this build: tema.yaml and the logo it names (a profile's or the templates').
    ...(theme?.files ?? []).map((f) => `${f.name} sha256:${f.sha256}`),
    // The bytes that were checked, as the outputs will embed them.
    ...sources.flatMap((f) => [f, c.snapshot.bytesOf(f) ?? '']),
  ]);
}

/** init and ny-period: create the folder, then say what to do next. */
function scaffoldCommand(io: Io, dir: string, create: () => { files: string[] }): number {
  try {
    const { files } = create();
    for (const f of files) io.stdout(`skapade ${path.relative(io.cwd, path.resolve(io.cwd, dir, f)) || f}\n`);
    io.stderr(`klart: fyll i filerna och kör rapport check ${dir}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`fel: ${(error as Error).message}\n`);
    return EXIT_INPUT;
  }
}

/** --port: decimal digits only, 0–65535 ("1e3", "0x50", "80.0", "+80", " 80" are refused, never read as another port). */
export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port <= 65535 ? port : undefined;
}

/** Serve and rebuild until interrupted (Ctrl-C). */
async function watchCommand(io: Io, paths: string[], port: number, templates?: string): Promise<number> {
  const { startWatch } = await import('../watch/server.js');
  let handle: Awaited<ReturnType<typeof startWatch>>;
  try {
    handle = await startWatch({ paths, cwd: io.cwd, port, templates, log: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    io.stderr(`fel: ${(error as Error).message}\n`);
    return EXIT_INPUT;
  }
  io.stderr(`visar rapporterna på ${handle.url} – avsluta med Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await handle.close();
  return EXIT_OK;
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

/** git's textconv: one file as a line per value with its place in the report (src/diff/textconv.ts). */
function runTextconv(file: string, io: Io): number {
  const read = readBounded(path.resolve(io.cwd, file), MAX_FILE_BYTES);
  if (!read.bytes) {
    io.stderr(`fel: ${file} kan inte läsas: ${readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code).message}\n`);
    return EXIT_INPUT;
  }
  io.stdout(semanticText(read.bytes.toString('utf8'), file));
  return EXIT_OK;
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

/** Output path mirrors the report's place below the path it was found from. */
function outputName(folder: string, paths: string[], cwd: string): string {
  for (const p of paths) {
    const root = path.resolve(cwd, p);
    const rel = path.relative(root, folder);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel === '' ? path.basename(folder) : rel;
  }
  return path.basename(folder);
}

/** Help text for an option or argument, with its choices and default in Swedish. */
function describeWithExtras(description: string, choices: readonly string[] | undefined, defaultValue: unknown, negate = false): string {
  const extras: string[] = [];
  if (choices) extras.push(`val: ${choices.join(', ')}`);
  if (defaultValue !== undefined && !negate && defaultValue !== false) {
    extras.push(`standard: ${Array.isArray(defaultValue) ? defaultValue.join(' ') : String(defaultValue)}`);
  }
  return extras.length > 0 ? `${description} (${extras.join('; ')})` : description;
}

function translateCommanderError(message: string): string {
  return message
    .replace(/^error: unknown option '(.+)'/m, "fel: okänd flagga '$1'")
    .replace(/^error: unknown command '(.+)'/m, "fel: okänt kommando '$1'")
    .replace(/^error: too many arguments.*/m, 'fel: för många argument')
    .replace(/^error: option '(.+)' argument missing/m, "fel: flaggan '$1' saknar värde")
    .replace(/^error: missing required argument '(.+)'/m, "fel: argumentet '$1' saknas")
    .replace(/^error: required option '(.+)' not specified/m, "fel: flaggan '$1' måste anges")
    .replace(/^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./m, "fel: ogiltigt värde '$2' för '$1'; tillåtna: $3")
    .replace(/\(Did you mean (.+)\?\)/, '(menade du $1?)')
    .replace(/^error: /m, 'fel: ');
}

/** The theme of a report's profile, if it names one; its errors go to the outcome. */
function profileThemeFor(c: CompiledReport, cwd: string, outcome: ReportOutcome): LoadedTheme | undefined {
  const { theme, diagnostics } = profileTheme(c.profile, cwd);
  outcome.diagnostics.push(...diagnostics);
  return theme;
}
