/**
 * Placeholders: what is not yet written. `rapport init` (and an author) marks a text or a value to
 * fill in as `«FYLL I: …»` – in a YAML text, in a Markdown prose file, or in a YAML comment beside a
 * figure that is not yet known (a figure cannot be text; it is left out or written `uppgift saknas`
 * until it is known). `check` lists every placeholder as a warning at its file:line:column; `build`
 * refuses to publish a report that still has one (the same diagnostics as errors, no output) unless a
 * draft is asked for (`build --utkast`, which marks every page as a draft).
 *
 * The form is one that real prose does not hold by accident: the guillemets « » are not Swedish
 * quotation marks (those are ” ” and » »), and FYLL I is in capitals. The guillemets are no YAML or
 * Markdown syntax, so the placeholder survives `rapport fmt` and reads as it stands in HTML and PDF.
 * The capitals "FYLL I:" alone (an author removed the guillemets but not the rest) count too.
 *
 * The code is not one of the profile's rules (src/diagnostics/rules.ts): no profile turns it off and no
 * undantag acknowledges it, so a placeholder can never be published as if it were the report's text.
 */
import path from 'node:path';
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';
import type { Path } from '../load/yaml-file.js';
import type { LoadedReport } from '../load/report-folder.js';
import type { SourceSnapshot } from '../load/snapshot.js';
import type { Profile } from '../profile/profile.js';
import type { CheckContext } from '../check/context.js';

/** The diagnostic code of a placeholder (a warning in check, an error in build without --utkast). */
export const PLACEHOLDER_CODE = 'utkast.platshållare';

/** What the report writes to mark a text or value to fill in: `«FYLL I: what»`. */
export function placeholder(what: string): string {
  return `«FYLL I: ${what}»`;
}

/** «FYLL I …» (any case, any spacing) up to its closing » or the end of the line. */
const GUILLEMET_FORM = /«[ \t\u00a0]*fyll[ \t\u00a0]+i(?![\p{L}\p{N}])[^»\n]{0,200}»?/giu;
/** The capitals without the guillemets. */
const BARE_FORM = /(?<![\p{L}\p{N}])FYLL I:/gu;
/** Longest placeholder text quoted in a message. */
const SHOWN = 80;

export interface FoundPlaceholder {
  /** Offset in the text (UTF-16 code units). */
  index: number;
  /** The placeholder as written. */
  text: string;
}

/** Every placeholder in a text, in order. */
export function findPlaceholders(text: string): FoundPlaceholder[] {
  const found: FoundPlaceholder[] = [];
  for (const m of text.matchAll(GUILLEMET_FORM)) found.push({ index: m.index, text: m[0] });
  for (const m of text.matchAll(BARE_FORM)) {
    if (found.some((f) => m.index >= f.index && m.index < f.index + f.text.length)) continue;
    const rest = /^[^\n»]{0,200}/u.exec(text.slice(m.index))?.[0] ?? m[0];
    found.push({ index: m.index, text: rest.trimEnd() });
  }
  return found.sort((a, b) => a.index - b.index);
}

export function hasPlaceholder(text: string): boolean {
  return findPlaceholders(text).length > 0;
}

function shown(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SHOWN ? `${one.slice(0, SHOWN - 1)}…` : one;
}

/** The warning for one placeholder. */
export function placeholderDiagnostic(found: FoundPlaceholder, pos: SourcePos | undefined): Diagnostic {
  return diag(
    PLACEHOLDER_CODE,
    'warning',
    `platshållaren ${shown(found.text)} är inte ifylld: skriv det som ska stå här och ta bort platshållaren; en rapport med platshållare byggs bara som utkast (rapport build --utkast)`,
    pos,
  );
}

/** build without --utkast: every placeholder is an error, so the report is not published. */
export function refusePlaceholders(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) =>
    d.code === PLACEHOLDER_CODE && d.severity !== 'error'
      ? { ...d, severity: 'error' as const, message: d.message.replace(/; en rapport med platshållare byggs bara som utkast .*$/, '; rapporten publiceras inte med platshållare – bygg ett utkast med rapport build --utkast') }
      : d,
  );
}

/** Whether a report's diagnostics name a placeholder. */
export function hasPlaceholders(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.code === PLACEHOLDER_CODE);
}

/**
 * Placeholders in the report's YAML files: in any value and in comments (beside a figure not yet
 * known), found in the source text as written; and in a text value whose source spells the
 * placeholder with escapes ("\u00ab…"), found in the value.
 */
export function checkPlaceholders(ctx: CheckContext): void {
  const map = ctx.sourceMap;
  for (const name of map.fileNames()) {
    const file = map.file(name);
    if (!file) continue;
    for (const found of findPlaceholders(file.source)) {
      const pos = file.lineCounter.linePos(found.index);
      ctx.diagnostics.push(placeholderDiagnostic(found, { file: name, line: pos.line, column: pos.col }));
    }
  }
  const walk = (node: unknown, p: Path) => {
    if (typeof node === 'string') {
      const inValue = findPlaceholders(node);
      if (inValue.length === 0) return;
      const info = map.info(p);
      const range = info?.exact ? info.info.range : undefined;
      // The source of the scalar holds the placeholder as written: reported above.
      if (info && range && findPlaceholders(info.file.source.slice(range[0], range[1])).length > 0) return;
      if (info && !info.exact) return;
      for (const found of inValue) ctx.diagnostics.push(placeholderDiagnostic(found, map.pos(p)));
      return;
    }
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...p, i]));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...p, k]);
  };
  walk(ctx.report, []);
}

/** What a compiled report read: its YAML, its profile, every source file and the bytes checked. */
export interface CheckedSources {
  loaded: Pick<LoadedReport, 'paths' | 'dir' | 'displayDir'>;
  profile: Pick<Profile, 'file'>;
  sources: readonly string[];
  snapshot: SourceSnapshot;
}

/**
 * Placeholders in the report's Markdown prose files (`{ fil: … }`), from the bytes the report was
 * checked from. The YAML files and the profile are not prose: checkPlaceholders reads the YAML.
 */
export function proseFilePlaceholders(compiled: CheckedSources): Diagnostic[] {
  const { loaded, profile } = compiled;
  const yaml = new Set(loaded.paths);
  const out: Diagnostic[] = [];
  for (const file of compiled.sources) {
    if (yaml.has(file) || file === profile.file) continue;
    const bytes = compiled.snapshot.bytesOf(file);
    if (!bytes) continue;
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const relative = path.relative(loaded.dir, file);
    const display = loaded.displayDir === '.' ? relative : path.join(loaded.displayDir, relative);
    for (const found of findPlaceholders(text)) {
      const before = text.slice(0, found.index);
      const line = before.split('\n').length;
      const column = found.index - (before.lastIndexOf('\n') + 1) + 1;
      out.push(placeholderDiagnostic(found, { file: display, line, column }));
    }
  }
  return out;
}
