/**
 * `rapport watch`: builds the reports under the given paths in memory, serves them on loopback and
 * rebuilds a report when one of its YAML or Markdown files changes. Open pages reload themselves
 * through Server-Sent Events; a report that no longer builds shows its diagnostics in an overlay
 * above the last HTML that did build, never stale content without a word.
 *
 * The watching is chokidar's (a maintained watcher): it follows an editor that saves by writing a
 * temporary file and renaming it over the original (sed -i, vim, many others), folders made anew and
 * removed, and new report folders under the given paths. Besides the report folders it watches the
 * files outside them that the builds read (the profile, the profile's theme and logo), the own
 * templates and kommun.yaml. After every build the checks that need several reports run again, as in
 * `rapport build` (samma_som across reports, undantag that matched nothing): a report whose result
 * they change is reloaded too.
 *
 * A folder with kommun.yaml at or below the given paths gets its sammanställning built as `rapport
 * build` checks it (loadKommun, then checkKommun against the nämnder's compiled reports) and served
 * at /<kommun>/sammanstallning/; it is rebuilt when kommun.yaml changes or one of its nämnder's
 * reports is rebuilt; its PDF is made on demand at /<kommun>/sammanstallning/rapport.pdf. With own templates (--mallar) the folder is checked before anything is rendered
 * with it, and watched: a save there checks it again and rebuilds every report and sammanställning.
 */
import { statSync } from 'node:fs';
import { type FSWatcher, watch } from 'chokidar';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { renderHtml, renderReport } from '../build/build-report.js';
import { applySeverities } from '../check/exceptions.js';
import { diag, type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { formatPretty, summarize } from '../diagnostics/formatters.js';
import { findReportFolders } from '../load/report-folder.js';
import { type CompiledReport, compileReport } from '../pipeline/compile.js';
import { SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { findProfile, STANDARD_PROFILE } from '../profile/profile.js';
import { loadTemplates } from '../render/html.js';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import { checkTemplates } from '../render/template-check.js';
import { type LoadedTheme, loadTheme, themeCss } from '../theme/theme.js';
import { VERSION } from '../load/package.js';
import { crossReportDiagnostics, findKommunFolders } from '../kommun/build.js';
import { checkKommun, kommunView } from '../kommun/rollup.js';
import { type LoadedKommun, loadKommun } from '../kommun/load.js';
import { KOMMUN_FILE } from '../schema/kommun.js';
import { profileTheme } from '../theme/profile-theme.js';

export interface WatchOptions {
  paths: string[];
  cwd: string;
  port: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** Own templates folder (--mallar): checked, used for every report and sammanställning, and watched. */
  templates?: string;
  log: (line: string) => void;
}

export interface WatchHandle {
  url: string;
  close(): Promise<void>;
  /**
   * Resolves after the next rebuild of a report finishes (for tests); with a route ("rapport",
   * "eskilstuna/sammanstallning"), after the next rebuild of that report or sammanställning.
   */
  nextBuild(route?: string): Promise<{ ms: number; errors: number }>;
}

export const EVENTS_PATH = '/__rapport/events';
const DEBOUNCE_MS = 50;
const HEARTBEAT_MS = 15_000;
const WATCHED = /\.(ya?ml|md)$/i;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** How deep below a given path the watch reaches (a report folder is a level or two). */
const MAX_WATCH_DEPTH = 8;

interface Entry {
  folder: string;
  /** URL path segment(s), posix, without slashes at either end. */
  route: string;
  /** Last HTML that built without errors. */
  goodHtml?: string;
  compiled?: CompiledReport;
  /** What the last build compiled, with or without errors (the kommun check reads it, as build's does). */
  latest?: CompiledReport;
  /** The bytes the last build read (excerpts of its diagnostics come from here). */
  snapshot?: SourceSnapshot;
  /** The report's own diagnostics from its last build. */
  own: Diagnostic[];
  /** What needs the other reports too (samma_som across reports, undantag that matched nothing), as build checks it. */
  cross: Diagnostic[];
  /** Both, sorted: what the page and the log show. */
  diagnostics: Diagnostic[];
  /** How long the last build took. */
  ms?: number;
  /** Bumped on every build; keys the on-demand PDF. */
  version: number;
  pdf?: { version: number; result: Promise<{ pdf?: Buffer; diagnostics: Diagnostic[] }> };
  timer?: NodeJS.Timeout;
  building?: Promise<void>;
  dirty: boolean;
  /** Files outside the report folder that the last builds read: the profile and its theme. */
  dependencies: Set<string>;
}

/** A kommun's sammanställning (a folder with kommun.yaml). */
interface KommunEntry {
  /** The folder with kommun.yaml (absolute). */
  dir: string;
  /** "<kommun route>/sammanstallning". */
  route: string;
  /** Last HTML that built without errors. */
  goodHtml?: string;
  diagnostics: Diagnostic[];
  /** The bytes the last build read (kommun.yaml). */
  snapshot?: SourceSnapshot;
  /** The nämnder's report folders (absolute) that kommun.yaml named when last read. */
  members: Set<string>;
  /** What the last good HTML was built from: the PDF on demand is made from the same. */
  good?: { kommun: LoadedKommun; members: CompiledReport[]; theme: LoadedTheme };
  /** Bumped on every build; keys the on-demand PDF. */
  version: number;
  pdf?: { version: number; result: Promise<{ pdf: Buffer }> };
  timer?: NodeJS.Timeout;
}

/** What a served page is built from. */
interface Page {
  route: string;
  goodHtml?: string;
  diagnostics: Diagnostic[];
}

export async function startWatch(options: WatchOptions): Promise<WatchHandle> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`watch lyssnar bara på loopback (127.0.0.1, ::1 eller localhost), inte ${host}`);
  const { cwd, log } = options;
  const { folders, missing, outside } = findReportFolders(options.paths, cwd);
  for (const o of outside) log(`varning: ${o} är en symbolisk länk ut ur mappen och läses inte`);
  for (const m of missing) log(`fel: hittar ingen rapport (mapp med rapport.yaml) i ${m}`);
  if (folders.length === 0) throw new Error('hittar ingen rapport att bevaka');

  const { loaded: theme, diagnostics: themeDiagnostics } = loadTheme(DEFAULT_TEMPLATES, cwd);
  if (!theme || hasErrors(themeDiagnostics)) throw new Error(`temat kan inte läsas:\n${formatPretty(themeDiagnostics, { color: false, excerpt: false })}`);

  // Own templates (--mallar): checked (with their tema.yaml) before anything is rendered with them,
  // and again after every save in their folder. While they have errors, every page shows them.
  const templatesDir = options.templates === undefined ? undefined : path.resolve(cwd, options.templates);
  if (templatesDir !== undefined && !isDirectory(templatesDir)) throw new Error(`mallmappen ${options.templates} finns inte`);
  let own: { theme?: LoadedTheme; diagnostics: Diagnostic[]; snapshot: SourceSnapshot } = { diagnostics: [], snapshot: new SourceSnapshot() };
  const loadOwnTemplates = (): void => {
    if (templatesDir === undefined) return;
    const snapshot = new SourceSnapshot();
    try {
      const { loaded, diagnostics } = withSnapshot(snapshot, () => loadTheme(templatesDir, cwd));
      own = { theme: loaded, diagnostics: [...diagnostics, ...withSnapshot(snapshot, () => checkTemplates(templatesDir, cwd))], snapshot };
    } catch (error) {
      own = { diagnostics: [diag('internt.fel', 'error', `internt fel i mallarna: ${(error as Error).message}`)], snapshot };
    }
    const shown = own.diagnostics.filter((d) => d.severity !== 'note');
    if (shown.length > 0) log(formatPretty(shown, { color: false, readSource }));
    log(`mallarna i ${displayDir(templatesDir)}: ${summarize(own.diagnostics).errors} fel`);
  };
  /** The own templates' problems that every page shows (errors only: nothing renders with them). */
  const templateErrors = (): Diagnostic[] => (templatesDir !== undefined && hasErrors(own.diagnostics) ? own.diagnostics.filter((d) => d.severity === 'error') : []);

  // Excerpts quote only what the last build of a report read and accepted (never a refused file).
  const readSource = (file: string): string | undefined =>
    [...entries.map((e) => e.snapshot), ...kommuner.map((k) => k.snapshot), own.snapshot].reduce<string | undefined>((text, s) => text ?? s?.textOf(file), undefined);

  const entries = routes(folders, cwd).map(([folder, route]): Entry => ({ folder, route, own: [], cross: [], diagnostics: [], version: 0, dirty: false, dependencies: new Set() }));
  const byRoute = new Map(entries.map((e) => [e.route, e]));
  const sse = new Set<ServerResponse>();
  let waiters: { route?: string; resolve: (r: { ms: number; errors: number }) => void }[] = [];
  /** Resolve the waiters for this build: those for its route, and for a report's, those for any report. */
  const built = (route: string, report: boolean, result: { ms: number; errors: number }): void => {
    const done = waiters.filter((w) => (w.route === undefined ? report : w.route === route));
    waiters = waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve(result);
  };
  let closed = false;

  const broadcast = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of sse) res.write(frame);
  };

  /** Compile and render one report's HTML; never throws. What needs the other reports is crossCheck's. */
  const build = (entry: Entry): void => {
    const start = performance.now();
    let diagnostics: Diagnostic[];
    // A report that does not compile keeps the files it read before: fixing them rebuilds it.
    const dependencies = new Set(entry.dependencies);
    const profileFile = findProfile(entry.folder);
    if (profileFile !== STANDARD_PROFILE) dependencies.add(path.resolve(profileFile));
    const ownErrors = templateErrors();
    try {
      const snapshot = new SourceSnapshot();
      entry.snapshot = snapshot;
      const result = compileReport(entry.folder, cwd, snapshot);
      entry.latest = result.compiled;
      diagnostics = [...result.diagnostics, ...ownErrors];
      if (result.compiled) {
        const { profile } = result.compiled;
        for (const file of result.compiled.sources) dependencies.add(path.resolve(cwd, file));
        if (profile.data.tema) dependencies.add(path.resolve(profile.dir, profile.data.tema));
        for (const f of withSnapshot(snapshot, () => profileTheme(profile, cwd)).theme?.files ?? []) dependencies.add(path.resolve(profile.dir, f.name));
      }
      if (result.compiled && !hasErrors(diagnostics)) {
        // With own templates, their tema.yaml decides (as in build); else the profile's theme.
        const reportTheme = templatesDir !== undefined ? own.theme : withSnapshot(snapshot, () => profileTheme(result.compiled!.profile, cwd)).theme;
        const html = renderHtml(result.compiled, { templates: templatesDir, theme: reportTheme ?? theme, cwd });
        diagnostics = [...diagnostics, ...html.diagnostics];
        if (!hasErrors(html.diagnostics)) {
          entry.goodHtml = html.html;
          entry.compiled = result.compiled;
        }
      }
    } catch (error) {
      entry.latest = undefined;
      diagnostics = [diag('internt.fel', 'error', `internt fel i rapporten: ${(error as Error).message}`), ...ownErrors];
    }
    entry.dependencies = dependencies;
    entry.own = diagnostics;
    entry.diagnostics = sortDiagnostics([...diagnostics, ...entry.cross]);
    entry.version++;
    entry.ms = Math.round(performance.now() - start);
  };

  /**
   * The checks that need several reports, over every report's last compilation (with or without
   * errors, as build gives them): samma_som across reports and the undantag that matched nothing.
   * Returns the reports whose result changed.
   */
  const crossCheck = (): Entry[] => {
    const compiled = new Map<string, CompiledReport>();
    for (const e of entries) if (e.latest) compiled.set(e.folder, e.latest);
    let cross: Map<string, Diagnostic[]>;
    try {
      cross = crossReportDiagnostics(compiled);
    } catch (error) {
      const failure = diag('internt.fel', 'error', `internt fel i kontrollen mellan rapporterna: ${(error as Error).message}`);
      cross = new Map(entries.map((e) => [e.folder, [failure]]));
    }
    const changed: Entry[] = [];
    for (const e of entries) {
      const next = cross.get(e.folder) ?? [];
      if (diagnosticsKey(next) === diagnosticsKey(e.cross)) continue;
      e.cross = next;
      e.diagnostics = sortDiagnostics([...e.own, ...next]);
      changed.push(e);
    }
    return changed;
  };

  /** Logs a report's state: its diagnostics (not the templates', logged when read) and a summary line. */
  const logBuilt = (entry: Entry, how: string): { ms: number; errors: number } => {
    const summary = summarize(entry.diagnostics);
    const ownErrors = templateErrors();
    const shown = entry.diagnostics.filter((d) => d.severity !== 'note' && !ownErrors.some((o) => diagnosticsKey([o]) === diagnosticsKey([d])));
    if (shown.length > 0) log(formatPretty(shown, { color: false, readSource }));
    log(`${entry.route}/: ${how}, ${summary.errors} fel, ${summary.warnings} ${summary.warnings === 1 ? 'varning' : 'varningar'}`);
    return { ms: entry.ms ?? 0, errors: summary.errors };
  };

  /** After a report was built: the reports that refer to it (or it to them) are checked again and reload. */
  const followCross = (changed: readonly Entry[], except?: Entry): void => {
    for (const e of changed) {
      if (e === except) continue;
      const result = logBuilt(e, 'kontrollerad igen mot de andra rapporterna');
      broadcast('build', { path: `/${e.route}/`, errors: result.errors });
      built(e.route, false, result);
    }
  };

  const rebuild = (entry: Entry): void => {
    entry.timer = undefined;
    if (closed) return;
    if (entry.building) {
      entry.dirty = true;
      return;
    }
    // Synchronous today; the promise keeps changes that arrive meanwhile queued behind it.
    entry.building = (async () => {
      do {
        entry.dirty = false;
        build(entry);
        const changed = crossCheck();
        const result = logBuilt(entry, `byggd på ${entry.ms} ms`);
        followCross(changed, entry);
        syncWatched();
        broadcast('build', { path: `/${entry.route}/`, errors: result.errors });
        built(entry.route, true, result);
        // The sammanställningar that count this report follow it.
        const folder = path.resolve(entry.folder);
        for (const k of kommuner) if (k.members.has(folder) || isInside(k.dir, folder)) scheduleKommun(k);
        await new Promise((r) => setImmediate(r));
      } while (entry.dirty && !closed);
      entry.building = undefined;
    })();
  };

  const schedule = (entry: Entry): void => {
    if (closed) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => rebuild(entry), DEBOUNCE_MS);
  };

  const kommuner: KommunEntry[] = [];
  const kommunByRoute = new Map<string, KommunEntry>();

  /** A kommun's sammanställning: checked as build checks it, its HTML as build makes it; never throws. */
  const buildKommun = (k: KommunEntry): { ms: number; errors: number } => {
    const start = performance.now();
    const diagnostics: Diagnostic[] = [];
    const snapshot = new SourceSnapshot();
    k.snapshot = snapshot;
    try {
      if (!isDirectory(k.dir) || !statOk(path.join(k.dir, KOMMUN_FILE))) {
        diagnostics.push(diag('fil.mapp-saknas', 'error', `${displayDir(k.dir)}${KOMMUN_FILE} finns inte (längre); sammanställningen byggs inte`));
      } else {
        const { kommun, diagnostics: loadDiagnostics } = withSnapshot(snapshot, () => loadKommun(k.dir, cwd));
        diagnostics.push(...loadDiagnostics);
        if (kommun) {
          const folders = kommun.kommun.nämnder.map((n) => path.resolve(k.dir, n.rapport));
          k.members = new Set(folders);
          // Every compiled report (with or without errors), keyed by folder, as build gives checkKommun.
          const compiled = new Map<string, CompiledReport>();
          for (const e of entries) if (e.latest) compiled.set(path.resolve(e.folder), e.latest);
          const first = folders.map((f) => compiled.get(f)).find((c) => c !== undefined);
          // The kommun's diagnostics follow the profile of its nämnder (regler).
          diagnostics.push(...checkKommun(kommun, compiled).flatMap((d) => (first ? applySeverities([d], first.profile) : [d])));
          const members = folders
            .map((f) => entries.find((e) => path.resolve(e.folder) === f))
            .filter((e): e is Entry => e?.latest !== undefined && !hasErrors(e.diagnostics))
            .map((e) => e.latest!);
          if (members.length !== folders.length && !hasErrors(diagnostics)) {
            diagnostics.push(diag('kommun.rapport', 'error', 'sammanställningen byggs inte: en eller flera nämnders rapporter har fel', kommun.sourceMap.pos(['nämnder'])));
          }
          diagnostics.push(...templateErrors());
          if (!hasErrors(diagnostics) && members[0]) {
            const m0 = members[0];
            const templates = loadTemplates(templatesDir ?? DEFAULT_TEMPLATES);
            const kTheme = (templatesDir !== undefined ? own.theme : withSnapshot(m0.snapshot, () => profileTheme(m0.profile, cwd)).theme) ?? theme;
            const view = kommunView(kommun, members, `${templates.css}\n${themeCss(kTheme.theme)}`, { version: VERSION });
            try {
              k.goodHtml = templates.renderKommun(view);
              k.good = { kommun, members, theme: kTheme };
            } catch (error) {
              const message = ((error as Error).message.split('\n')[0] ?? '').slice(0, 300);
              diagnostics.push(diag('mall.fel', 'error', `mallen för sammanställningen kunde inte fyllas i: ${message}`));
            }
          }
        }
      }
    } catch (error) {
      diagnostics.push(diag('internt.fel', 'error', `internt fel i kommunsammanställningen: ${(error as Error).message}`));
    }
    k.diagnostics = sortDiagnostics(diagnostics);
    k.version++;
    const ms = Math.round(performance.now() - start);
    const summary = summarize(k.diagnostics);
    const ownErrors = templateErrors();
    const shown = k.diagnostics.filter((d) => d.severity !== 'note' && !ownErrors.includes(d));
    if (shown.length > 0) log(formatPretty(shown, { color: false, readSource }));
    log(`${k.route}/: byggd på ${ms} ms, ${summary.errors} fel, ${summary.warnings} ${summary.warnings === 1 ? 'varning' : 'varningar'}`);
    return { ms, errors: summary.errors };
  };

  const scheduleKommun = (k: KommunEntry): void => {
    if (closed) return;
    if (k.timer) clearTimeout(k.timer);
    k.timer = setTimeout(() => {
      k.timer = undefined;
      if (closed) return;
      const result = buildKommun(k);
      broadcast('build', { path: `/${k.route}/`, errors: result.errors });
      built(k.route, false, result);
    }, DEBOUNCE_MS);
  };

  /** Kommun folders not yet served: each gets "<kommun route>/sammanstallning", never a report's route. */
  const addKommuner = (): KommunEntry[] => {
    const known = new Set(kommuner.map((k) => k.dir));
    const added: KommunEntry[] = [];
    for (const dir of findKommunFolders(options.paths, cwd).map((d) => path.resolve(d))) {
      if (known.has(dir)) continue;
      const base = `${routes([dir], cwd)[0]![1]}/sammanstallning`;
      let route = base;
      for (let i = 2; byRoute.has(route) || kommunByRoute.has(route); i++) route = `${base}-${i}`;
      const k: KommunEntry = { dir, route, diagnostics: [], members: new Set(), version: 0 };
      kommuner.push(k);
      kommunByRoute.set(route, k);
      added.push(k);
    }
    return added;
  };

  // Own templates changed: checked again, then every report and sammanställning is rebuilt with them.
  let templatesTimer: NodeJS.Timeout | undefined;
  const scheduleTemplates = (): void => {
    if (closed || templatesDir === undefined) return;
    if (templatesTimer) clearTimeout(templatesTimer);
    templatesTimer = setTimeout(() => {
      templatesTimer = undefined;
      if (closed) return;
      loadOwnTemplates();
      for (const entry of entries) schedule(entry);
    }, DEBOUNCE_MS);
  };
  let discoverTimer: NodeJS.Timeout | undefined;

  /** The given folders: where a new report folder or kommun.yaml can appear. */
  const roots = options.paths.map((p) => path.resolve(cwd, p)).filter(isDirectory);

  /** Report folders made (or moved in) under the given paths since the start: built and served too. */
  const discover = (): void => {
    const known = new Set(entries.map((e) => e.folder));
    const found = findReportFolders(options.paths, cwd).folders.filter((f) => !known.has(f));
    const newKommuner = addKommuner();
    for (const k of newKommuner) log(`ny kommun: ${displayDir(k.dir)} – sammanställningen visas på /${k.route}/`);
    if (found.length === 0) {
      if (newKommuner.length === 0) return;
      syncWatched();
      for (const k of newKommuner) scheduleKommun(k);
      broadcast('index', { reports: entries.map((e) => `/${e.route}/`) });
      return;
    }
    const all = routes([...entries.map((e) => e.folder), ...found], cwd).slice(entries.length);
    for (const [folder, route] of all) {
      const entry: Entry = { folder, route, own: [], cross: [], diagnostics: [], version: 0, dirty: false, dependencies: new Set() };
      entries.push(entry);
      byRoute.set(route, entry);
      log(`ny rapport: ${displayDir(folder)} visas på /${route}/`);
      build(entry);
    }
    const changed = crossCheck();
    for (const entry of entries.slice(entries.length - all.length)) {
      const result = logBuilt(entry, `byggd på ${entry.ms} ms`);
      broadcast('build', { path: `/${entry.route}/`, errors: result.errors });
      built(entry.route, true, result);
    }
    followCross(changed.filter((e) => !all.some(([f]) => f === e.folder)));
    syncWatched();
    for (const k of kommuner) scheduleKommun(k);
    broadcast('index', { reports: entries.map((e) => `/${e.route}/`) });
  };

  /** A change at `file` (absolute): rebuild what read it, discover what may have appeared. */
  const onChange = (event: string, file: string): void => {
    if (closed) return;
    const folderEvent = event === 'addDir' || event === 'unlinkDir';
    const name = path.basename(file);
    // A folder, a rapport.yaml or a kommun.yaml appears or goes under a given path: perhaps a new report.
    if (roots.some((r) => isInside(r, file)) && (folderEvent || name === 'rapport.yaml' || name === KOMMUN_FILE)) {
      if (discoverTimer) clearTimeout(discoverTimer);
      discoverTimer = setTimeout(() => {
        discoverTimer = undefined;
        if (!closed) discover();
      }, DEBOUNCE_MS);
    }
    if (templatesDir !== undefined && isInside(templatesDir, file)) scheduleTemplates();
    for (const k of kommuner) if (file === path.join(k.dir, KOMMUN_FILE) || (folderEvent && file === k.dir)) scheduleKommun(k);
    for (const entry of entries) {
      // A YAML or Markdown file, or a folder (made, removed or renamed) in the report folder; a file outside it that the build read.
      if (isInside(path.resolve(entry.folder), file) ? WATCHED.test(file) || folderEvent : entry.dependencies.has(file)) schedule(entry);
    }
  };

  // A maintained watcher (chokidar) rather than fs.watch by hand: it follows saves by rename (a
  // temporary file renamed over the original is a change, not a removal) and folders made anew.
  // `deep` watches the given paths, the report folders, the own templates and the kommun folders
  // with everything below them; `shallow` the folders of the files outside those that the builds
  // read (profile, theme, logo) and the parents of the deep paths, so that a deep path removed and
  // made again is watched again.
  const watchOptions = { ignoreInitial: true, followSymlinks: false, persistent: true, atomic: true, ignorePermissionErrors: true } as const;
  const deepPaths = new Set<string>();
  const shallowPaths = new Set<string>();
  const ignored = (file: string): boolean => {
    const name = path.basename(file);
    return !deepPaths.has(file) && !shallowPaths.has(file) && (name === 'node_modules' || (name.startsWith('.') && name !== '.'));
  };
  const deep: FSWatcher = watch([], { ...watchOptions, depth: MAX_WATCH_DEPTH, ignored });
  const shallow: FSWatcher = watch([], { ...watchOptions, depth: 0, ignored });
  const watchError = (error: unknown): void => log(`fel i bevakningen: ${(error as Error).message}`);
  deep.on('all', (event, file) => onChange(event, path.resolve(file)));
  deep.on('error', watchError);
  shallow.on('all', (event, file) => {
    const abs = path.resolve(file);
    // A deep path made again: watched anew, and what it holds is read again.
    if (event === 'addDir' && deepPaths.has(abs)) {
      deep.unwatch(abs);
      deep.add(abs);
    }
    onChange(event, abs);
  });
  shallow.on('error', watchError);

  /** Watch exactly what the reports need now (after every build: a report's dependencies can change). */
  const syncWatched = (): void => {
    if (closed) return;
    const wantDeep = new Set<string>([...roots, ...entries.map((e) => path.resolve(e.folder)), ...kommuner.map((k) => k.dir)]);
    if (templatesDir !== undefined) wantDeep.add(templatesDir);
    const wantShallow = new Set<string>([...wantDeep].map((d) => path.dirname(d)));
    for (const entry of entries) for (const file of entry.dependencies) if (![...wantDeep].some((d) => isInside(d, file))) wantShallow.add(path.dirname(file));
    // Paths are only added: chokidar's unwatch also ignores the path from then on, even where
    // another watched path covers it. What is watched beyond need only costs a rebuild check.
    const sync = (watcher: FSWatcher, have: Set<string>, want: Set<string>): void => {
      const added = [...want].filter((p) => !have.has(p));
      for (const p of added) have.add(p);
      if (added.length > 0) watcher.add(added);
    };
    sync(deep, deepPaths, wantDeep);
    sync(shallow, shallowPaths, wantShallow);
  };
  const displayDir = (dir: string): string => `${path.relative(cwd, dir) || '.'}/`;

  if (templatesDir !== undefined && !statOk(path.join(templatesDir, 'rapport.hbs'))) throw new Error(`mallmappen ${options.templates} saknar rapport.hbs`);
  loadOwnTemplates();
  for (const entry of entries) build(entry);
  crossCheck();
  for (const entry of entries) logBuilt(entry, `byggd på ${entry.ms} ms`);
  addKommuner();
  for (const k of kommuner) buildKommun(k);
  syncWatched();
  // Serve only when the watch is in place: a save right after the start is seen.
  await Promise.all([deep, shallow].map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve()))));

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      send(res, 500, 'text/plain; charset=utf-8', `internt fel: ${(error as Error).message}`);
    }
  });

  let port = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // DNS rebinding: a page on another site that resolves to 127.0.0.1 must not read the reports.
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (!LOOPBACK.has(hostHeader)) return send(res, 403, 'text/plain; charset=utf-8', 'endast loopback');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'metoden stöds inte');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', `http://${host}:${port}`).pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'felaktig adress');
    }
    if (pathname === EVENTS_PATH) return openEvents(req, res);
    if (pathname === '/') return send(res, 200, 'text/html; charset=utf-8', indexPage(entries, kommuner), req.method);
    const trimmed = pathname.replace(/^\/+|\/+$/g, '');
    const pdfMatch = /^(.*)\/rapport\.pdf$/.exec(trimmed);
    if (pdfMatch) {
      const entry = byRoute.get(pdfMatch[1] as string);
      if (entry) return void servePdf(entry, res, req.method);
      const k = kommunByRoute.get(pdfMatch[1] as string);
      if (k) return void serveKommunPdf(k, res, req.method);
    }
    const entry = byRoute.get(trimmed) ?? kommunByRoute.get(trimmed);
    if (!entry) return send(res, 404, 'text/plain; charset=utf-8', `ingen rapport på ${pathname}`);
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: `/${encodeRoute(entry.route)}/` });
      return void res.end();
    }
    const what = 'folder' in entry ? 'rapporten' : 'sammanställningen';
    send(res, 200, 'text/html; charset=utf-8', reportPage(entry, what, readSource), req.method);
  };

  const openEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': rapport watch\n\n');
    sse.add(res);
    req.on('close', () => sse.delete(res));
  };

  const servePdf = async (entry: Entry, res: ServerResponse, method?: string): Promise<void> => {
    const compiled = entry.compiled;
    if (!compiled || hasErrors(entry.diagnostics)) {
      return send(res, 409, 'text/plain; charset=utf-8', `rapporten byggs inte just nu:\n${formatPretty(entry.diagnostics.filter((d) => d.severity === 'error'), { color: false, excerpt: false })}`);
    }
    if (entry.pdf?.version !== entry.version) {
      const pdfTheme = templatesDir !== undefined ? own.theme : profileTheme(compiled.profile, cwd).theme;
      entry.pdf = { version: entry.version, result: renderReport(compiled, { templates: templatesDir, theme: pdfTheme ?? theme, env: process.env, cwd }) };
    }
    try {
      const { pdf, diagnostics } = await entry.pdf.result;
      if (!pdf) return send(res, 409, 'text/plain; charset=utf-8', formatPretty(diagnostics, { color: false, excerpt: false }));
      send(res, 200, 'application/pdf', pdf, method);
    } catch (error) {
      entry.pdf = undefined;
      send(res, 500, 'text/plain; charset=utf-8', `PDF:en kunde inte göras: ${(error as Error).message}`);
    }
  };

  /** The sammanställning's PDF, made on demand from what its last good HTML was built from, as build makes it. */
  const serveKommunPdf = async (k: KommunEntry, res: ServerResponse, method?: string): Promise<void> => {
    if (!k.good || hasErrors(k.diagnostics)) {
      return send(res, 409, 'text/plain; charset=utf-8', `sammanställningen byggs inte just nu:\n${formatPretty(k.diagnostics.filter((d) => d.severity === 'error'), { color: false, excerpt: false })}`);
    }
    if (k.pdf?.version !== k.version) {
      const { kommun, members, theme: kTheme } = k.good;
      k.pdf = { version: k.version, result: import('../kommun/render.js').then(({ renderKommun }) => renderKommun(kommun, members, { templates: templatesDir, theme: kTheme, env: process.env })) };
    }
    try {
      send(res, 200, 'application/pdf', (await k.pdf.result).pdf, method);
    } catch (error) {
      k.pdf = undefined;
      send(res, 500, 'text/plain; charset=utf-8', `PDF:en kunde inte göras: ${(error as Error).message}`);
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  const heartbeat = setInterval(() => {
    for (const res of sse) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  log(`bevakar ${entries.length} ${entries.length === 1 ? 'rapport' : 'rapporter'}${kommuner.length > 0 ? ` och ${kommuner.length} ${kommuner.length === 1 ? 'sammanställning' : 'sammanställningar'}` : ''} på ${url}`);

  return {
    url,
    nextBuild: (route?: string) => new Promise((resolve) => waiters.push({ route, resolve })),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      await Promise.all([deep.close(), shallow.close()]);
      for (const e of entries) if (e.timer) clearTimeout(e.timer);
      for (const k of kommuner) if (k.timer) clearTimeout(k.timer);
      if (templatesTimer) clearTimeout(templatesTimer);
      if (discoverTimer) clearTimeout(discoverTimer);
      await Promise.all(entries.map((e) => e.building));
      for (const res of sse) res.end();
      sse.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const isInside = (dir: string, file: string): boolean => {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
};

function inode(dir: string): number | undefined {
  try {
    const stat = statSync(dir);
    return stat.isDirectory() ? stat.ino : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  return inode(file) !== undefined;
}

function statOk(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** URL routes: the folder relative to cwd; a folder outside it (or cwd itself) goes by its name. */
export function routes(folders: readonly string[], cwd: string): [string, string][] {
  const taken = new Set<string>();
  return folders.map((folder) => {
    const rel = path.relative(cwd, folder);
    let base = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(folder) : rel.split(path.sep).join('/');
    if (base === '' || base === '__rapport') base = 'rapport';
    let route = base;
    for (let i = 2; taken.has(route); i++) route = `${base}-${i}`;
    taken.add(route);
    return [folder, route];
  });
}

function encodeRoute(route: string): string {
  return route.split('/').map(encodeURIComponent).join('/');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Reload when this page's report (or, on the index, any report) was rebuilt. */
export const LIVE_RELOAD_SCRIPT = `<script data-rapport-watch>(() => {
  const es = new EventSource(${JSON.stringify(EVENTS_PATH)});
  es.addEventListener('build', (e) => {
    const d = JSON.parse(e.data);
    if (location.pathname === '/' || d.path === location.pathname) location.reload();
  });
})();</script>`;

function inject(html: string, extra: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + extra : html.slice(0, at) + extra + html.slice(at);
}

function overlay(entry: Page, what: string, readSource: (file: string) => string | undefined): string {
  const errors = entry.diagnostics.filter((d) => d.severity === 'error');
  const { errors: n } = summarize(errors);
  const text = formatPretty(errors, { color: false, readSource });
  return (
    `<div id="rapport-watch-fel" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;` +
    `background:rgba(255,255,255,0.97);color:#1a1a1a;font:15px/1.45 system-ui,sans-serif;border-top:6px solid #b00020">` +
    `<h2 style="margin:0 0 1rem;color:#b00020;font-size:1.3rem">${escapeHtml(entry.route)}: ${n} fel – ${what} byggs inte</h2>` +
    `<p style="margin:0 0 1rem">${entry.goodHtml ? 'Under rutan: senaste versionen som byggdes utan fel.' : `${what[0]!.toUpperCase()}${what.slice(1)} har inte byggts utan fel sedan bevakningen startade.`} Sidan laddas om när filerna sparas.</p>` +
    `<pre style="white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;background:#fff4f4;padding:1rem;border:1px solid #e0b4b4">${escapeHtml(text)}</pre></div>`
  );
}

function reportPage(entry: Page, what: string, readSource: (file: string) => string | undefined): string {
  const failing = hasErrors(entry.diagnostics);
  const base =
    entry.goodHtml ??
    `<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(entry.route)} – fel</title></head><body></body></html>`;
  return inject(base, `${failing ? overlay(entry, what, readSource) : ''}\n${LIVE_RELOAD_SCRIPT}\n`);
}

function indexPage(entries: readonly Entry[], kommuner: readonly KommunEntry[]): string {
  const state = (p: Page): string => {
    const { errors, warnings } = summarize(p.diagnostics);
    return errors > 0 ? `<strong style="color:#b00020">${errors} fel</strong>` : `ok${warnings > 0 ? `, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}` : ''}`;
  };
  const items = [
    ...entries.map((e) => {
      const href = `/${encodeRoute(e.route)}/`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(e.route)}</a> – ${state(e)} – <a href="${escapeHtml(href)}rapport.pdf">PDF</a></li>`;
    }),
    ...kommuner.map((k) => {
      const href = `/${encodeRoute(k.route)}/`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(k.route)}</a> (kommunens sammanställning) – ${state(k)} – <a href="${escapeHtml(href)}rapport.pdf">PDF</a></li>`;
    }),
  ].join('\n');
  return `<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>rapport watch</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">
<h1>Rapporter</h1>
<ul>
${items}
</ul>
${LIVE_RELOAD_SCRIPT}
</body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, method?: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}

/** Diagnostics compared by what a reader sees: code, severity, message and place. */
function diagnosticsKey(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => [d.code, d.severity, d.message, d.pos?.file, d.pos?.line, d.pos?.column]));
}
