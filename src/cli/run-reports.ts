/**
 * The pipeline `rapport build` and `rapport check` share: find the reports, compile and check every
 * one, the checks across reports and the kommun roll-ups, then (build) render and write the outputs,
 * and report the diagnostics in the chosen format.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../load/package.js';
import { type Diagnostic, diag, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { type DiagnosticFormat, formatGithub, formatGitlab, formatPretty, formatSummaryLine, summarize } from '../diagnostics/formatters.js';
import { findReportFolders } from '../load/report-folder.js';
import { SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { type CompiledReport, compileReport } from '../pipeline/compile.js';
import { crossReportDiagnostics, findKommunFolders } from '../kommun/build.js';
import { applySeverities } from '../check/exceptions.js';
import { BuildCache, CACHE_FILE } from '../build/cache.js';
import { templateChecksums } from '../build/provenance.js';
import type { RenderResult } from '../build/render-worker.js';
import { gitCommit, resolveSourceDate, sourceDateEpoch } from '../build/source-date.js';
import { checkKommun } from '../kommun/rollup.js';
import { loadKommun, type LoadedKommun } from '../kommun/load.js';
import { KOMMUN_FILE } from '../schema/kommun.js';
import { removeStaleTemporaries } from '../build/write-atomic.js';
import { checkTemplates, templatesFor } from '../render/template-check.js';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import type { Standard } from '../render/pdf/index.js';
import { type LoadedTheme, loadTheme } from '../theme/theme.js';
import { profileTheme } from '../theme/profile-theme.js';
import { hasPlaceholders, proseFilePlaceholders, refusePlaceholders } from '../check/placeholders.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import type { Shard } from './options.js';

/** The options build and check share. */
export interface CommonOptions {
  format: DiagnosticFormat;
  noter?: boolean;
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

/** build (mode.build) or check: every report under `paths`; returns the exit code. */
export async function runReports(
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

/** Diagnostics and written files in the chosen format, then the summary line. */
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

/** Output path mirrors the report's place below the path it was found from. */
function outputName(folder: string, paths: string[], cwd: string): string {
  for (const p of paths) {
    const root = path.resolve(cwd, p);
    const rel = path.relative(root, folder);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel === '' ? path.basename(folder) : rel;
  }
  return path.basename(folder);
}

/** The theme of a report's profile, if it names one; its errors go to the outcome. */
function profileThemeFor(c: CompiledReport, cwd: string, outcome: ReportOutcome): LoadedTheme | undefined {
  const { theme, diagnostics } = profileTheme(c.profile, cwd);
  outcome.diagnostics.push(...diagnostics);
  return theme;
}
