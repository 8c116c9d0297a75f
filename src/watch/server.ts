/**
 * `rapport watch`: builds the reports under the given paths in memory, serves them on loopback and
 * rebuilds a report when one of its YAML or Markdown files changes. Open pages reload themselves
 * through Server-Sent Events; a report that no longer builds shows its diagnostics in an overlay
 * above the last HTML that did build, never stale content without a word.
 *
 * Folders are watched, never files: a watch on a file follows its inode, and an editor that saves by
 * writing a temporary file and renaming it over the original (sed -i, vim, many others) leaves such a
 * watch on the dead inode. The folders are the report folder and every folder below it, and the
 * folders of the files outside it that the build reads (the profile and the profile's theme). They
 * are looked at again after every build: a folder that was removed and made again is watched anew.
 *
 * A folder with kommun.yaml at or below the given paths gets its sammanställning built as `rapport
 * build` checks it (loadKommun, then checkKommun against the nämnder's compiled reports) and served
 * at /<kommun>/sammanstallning/; it is rebuilt when kommun.yaml changes or one of its nämnder's
 * reports is rebuilt. With own templates (--mallar) the folder is checked before anything is rendered
 * with it, and watched: a save there checks it again and rebuilds every report and sammanställning.
 */
import { type Dirent, type FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs';
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
import { DEFAULT_TEMPLATES, loadTemplates } from '../render/html.js';
import { checkTemplates } from '../render/template-check.js';
import { type LoadedTheme, loadTheme, themeCss } from '../theme/theme.js';
import { VERSION } from '../build/version.js';
import { findKommunFolders } from '../kommun/build.js';
import { checkKommun, kommunView, loadKommun } from '../kommun/rollup.js';
import { KOMMUN_FILE } from '../kommun/schema.js';
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
/** Folders below a report folder that are watched, at most (a report folder is a handful). */
const MAX_WATCHED_DIRS = 256;

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
  diagnostics: Diagnostic[];
  /** Bumped on every build; keys the on-demand PDF. */
  version: number;
  pdf?: { version: number; result: Promise<{ pdf?: Buffer; diagnostics: Diagnostic[] }> };
  timer?: NodeJS.Timeout;
  building?: Promise<void>;
  dirty: boolean;
  /** Files outside the report folder that the last builds read: the profile and its theme. */
  dependencies: Set<string>;
  /** The folders watched for this report (absolute). */
  dirs: Set<string>;
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

  const entries = routes(folders, cwd).map(([folder, route]): Entry => ({ folder, route, diagnostics: [], version: 0, dirty: false, dependencies: new Set(), dirs: new Set() }));
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

  /** Compile and render one report's HTML; never throws. */
  const build = (entry: Entry): { ms: number; errors: number } => {
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
    entry.diagnostics = diagnostics;
    entry.version++;
    const ms = Math.round(performance.now() - start);
    const summary = summarize(diagnostics);
    // The templates' own problems were logged once, when they were read.
    const shown = diagnostics.filter((d) => d.severity !== 'note' && !ownErrors.includes(d));
    if (shown.length > 0) log(formatPretty(shown, { color: false, readSource }));
    log(`${entry.route}/: byggd på ${ms} ms, ${summary.errors} fel, ${summary.warnings} ${summary.warnings === 1 ? 'varning' : 'varningar'}`);
    return { ms, errors: summary.errors };
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
        const result = build(entry);
        syncWatchers(false);
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
      const k: KommunEntry = { dir, route, diagnostics: [], members: new Set() };
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
  const templateDirs = (): Set<string> => new Set(templatesDir === undefined ? [] : foldersBelow(templatesDir));

  let discoverTimer: NodeJS.Timeout | undefined;
  /** One watcher per folder, with the folder's inode: a folder made again gets a new watcher. */
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>();

  /** The given folders and those below them: where a new report folder can appear. */
  const roots = options.paths.map((p) => path.resolve(cwd, p)).filter(isDirectory);
  let rootDirs = new Set<string>();
  /** The own templates' folder and the folders below it (partials/). */
  let ownDirs = new Set<string>();

  /** Report folders made (or moved in) under the given paths since the start: built and served too. */
  const discover = (): void => {
    const known = new Set(entries.map((e) => e.folder));
    const found = findReportFolders(options.paths, cwd).folders.filter((f) => !known.has(f));
    const newKommuner = addKommuner();
    for (const k of newKommuner) log(`ny kommun: ${displayDir(k.dir)} – sammanställningen visas på /${k.route}/`);
    if (found.length === 0) {
      if (newKommuner.length === 0) return;
      syncWatchers(false);
      for (const k of newKommuner) scheduleKommun(k);
      broadcast('index', { reports: entries.map((e) => `/${e.route}/`) });
      return;
    }
    const all = routes([...entries.map((e) => e.folder), ...found], cwd).slice(entries.length);
    for (const [folder, route] of all) {
      const entry: Entry = { folder, route, diagnostics: [], version: 0, dirty: false, dependencies: new Set(), dirs: new Set() };
      entries.push(entry);
      byRoute.set(route, entry);
      log(`ny rapport: ${displayDir(folder)} visas på /${route}/`);
      build(entry);
    }
    syncWatchers(false);
    for (const k of kommuner) scheduleKommun(k);
    broadcast('index', { reports: entries.map((e) => `/${e.route}/`) });
  };

  const onEvent = (dir: string, name: string | Buffer | null): void => {
    const file = name === null ? undefined : path.join(dir, name.toString());
    // A folder or a rapport.yaml appears under a given path: perhaps a new report.
    if (rootDirs.has(dir) && (file === undefined || path.basename(file) === 'rapport.yaml' || path.basename(file) === KOMMUN_FILE || isDirectory(file))) {
      if (discoverTimer) clearTimeout(discoverTimer);
      discoverTimer = setTimeout(() => {
        discoverTimer = undefined;
        if (!closed) discover();
      }, DEBOUNCE_MS);
    }
    if (ownDirs.has(dir)) scheduleTemplates();
    for (const k of kommuner) if (k.dir === dir && (file === undefined || path.basename(file) === KOMMUN_FILE)) scheduleKommun(k);
    for (const entry of entries) {
      if (!entry.dirs.has(dir)) continue;
      // No name (the kernel's queue overflowed): rebuild to be sure.
      if (file === undefined) schedule(entry);
      else if (isInside(path.resolve(entry.folder), file)) {
        // A YAML or Markdown file, or a folder (made, removed or renamed) in the report folder.
        if (WATCHED.test(file) || watchers.has(file) || isDirectory(file)) schedule(entry);
      } else if (entry.dependencies.has(file)) schedule(entry);
    }
  };

  /** Watch exactly the folders the reports need now; after the first time, a new watcher rebuilds its reports (a file may have come before it). */
  const syncWatchers = (initial: boolean): void => {
    if (closed) return;
    const wanted = new Set<string>();
    rootDirs = new Set(roots.flatMap((r) => foldersBelow(r)));
    for (const dir of rootDirs) wanted.add(dir);
    ownDirs = templateDirs();
    for (const dir of ownDirs) wanted.add(dir);
    for (const k of kommuner) wanted.add(k.dir);
    for (const entry of entries) {
      entry.dirs = new Set(foldersBelow(entry.folder));
      for (const file of entry.dependencies) entry.dirs.add(path.dirname(file));
      for (const dir of entry.dirs) wanted.add(dir);
    }
    for (const [dir, w] of watchers) {
      if (wanted.has(dir)) continue;
      w.watcher.close();
      watchers.delete(dir);
    }
    for (const dir of wanted) {
      const ino = inode(dir);
      const current = watchers.get(dir);
      if (current && current.ino === ino) continue;
      current?.watcher.close();
      watchers.delete(dir);
      if (ino === undefined) continue; // gone: its parent's watcher sees it come back
      try {
        const watcher = watch(dir, { persistent: true }, (_event, name) => onEvent(dir, name));
        watcher.on('error', (error) => {
          log(`fel: bevakningen av ${displayDir(dir)} avbröts: ${error.message}`);
          watcher.close();
          if (watchers.get(dir)?.watcher === watcher) watchers.delete(dir);
        });
        watchers.set(dir, { watcher, ino });
        if (!initial) {
          for (const entry of entries) if (entry.dirs.has(dir)) schedule(entry);
          if (ownDirs.has(dir)) scheduleTemplates();
          for (const k of kommuner) if (k.dir === dir) scheduleKommun(k);
        }
      } catch (error) {
        log(`fel: kan inte bevaka ${displayDir(dir)}: ${(error as Error).message}`);
      }
    }
  };
  const displayDir = (dir: string): string => `${path.relative(cwd, dir) || '.'}/`;

  if (templatesDir !== undefined && !statOk(path.join(templatesDir, 'rapport.hbs'))) throw new Error(`mallmappen ${options.templates} saknar rapport.hbs`);
  loadOwnTemplates();
  for (const entry of entries) build(entry);
  addKommuner();
  for (const k of kommuner) buildKommun(k);
  syncWatchers(true);

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
      for (const w of watchers.values()) w.watcher.close();
      watchers.clear();
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

/** The folder and the folders below it (not hidden ones or node_modules), at most MAX_WATCHED_DIRS. */
export function foldersBelow(folder: string): string[] {
  const out = [path.resolve(folder)];
  for (let i = 0; i < out.length && out.length < MAX_WATCHED_DIRS; i++) {
    let children: Dirent[];
    try {
      children = readdirSync(out[i] as string, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const c of children) {
      if (!c.isDirectory() || c.name.startsWith('.') || c.name === 'node_modules') continue;
      if (out.length >= MAX_WATCHED_DIRS) break;
      out.push(path.join(out[i] as string, c.name));
    }
  }
  return out;
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
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(k.route)}</a> (kommunens sammanställning) – ${state(k)}</li>`;
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
