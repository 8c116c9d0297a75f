import path from 'node:path';
import Handlebars from 'handlebars';
import MarkdownIt, { type Options as MarkdownOptions } from 'markdown-it';
import type { DerivedReport } from '../derive/index.js';
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';
import { fileInside, type LoadedReport } from '../load/report-folder.js';
import { CONTROL_CHARACTER, characterProblem, PRIVATE_CHARACTER, readTextFile } from '../load/text-file.js';

/** Largest Markdown file read as prose (docs/felaktig-indata.md). */
export const MAX_PROSE_BYTES = 1024 * 1024;
import { type Path, pathKey } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import { ProseSchema } from '../schema/fields.js';
import { ReportSchema, type Report } from '../schema/report.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { childSchema, unwrap } from '../schema/walk.js';
import { buildReferenceTable, countText, formatMeasure, formatMoneyRef, type FormatOptions, HELPERS, type RefTarget } from './references.js';

/**
 * Deepest nesting of block quotes and lists in prose (docs/felaktig-indata.md): a list in a list
 * counts one level per list, a quote one per ">". No report needs more; deeper structure is refused
 * where it goes past the limit instead of being indented off the page or cut off by markdown-it.
 */
export const MAX_PROSE_DEPTH = 10;

/**
 * markdown-it stops parsing where its tokens nest deeper than this, and drops the rest of the text
 * without a word (inline markup that deep is left as text). Prose within MAX_PROSE_DEPTH nests at
 * most two levels per list (list, item), a table four and a paragraph one: far below it.
 */
const MARKDOWN_NESTING = 100;

/** Markdown for prose: no raw HTML, no linkify or typographer, markdown-it's nesting limit as above. */
function proseMarkdown(): MarkdownIt {
  // maxNesting is an option of markdown-it that its type declarations leave out.
  return new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false, maxNesting: MARKDOWN_NESTING } as MarkdownOptions);
}

const markdown = proseMarkdown().disable('image');
// Prose sits at every depth of the report (a section, a comment, a table cell): a Markdown heading
// there cannot know its level, so it becomes a bold lead-in paragraph and never breaks the outline.
markdown.renderer.rules['heading_open'] = () => '<p class="mellanrubrik"><strong>';
markdown.renderer.rules['heading_close'] = () => '</strong></p>\n';
// Emphasis inside emphasis of the same kind ("**a **b** c**") shows nothing more, but nests the HTML
// one level per pair: 5 000 "*" around a word nest it thousands of levels deep, deeper than a walk
// over the HTML (for the PDF, for the glyph check) can follow. Only the outermost of each kind is kept.
markdown.core.ruler.push('flat_emphasis', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const depth: Record<string, number> = { em: 0, strong: 0, s: 0 };
    block.children = block.children.filter((token) => {
      const kind = /^(em|strong|s)_(open|close)$/.exec(token.type);
      if (!kind) return true;
      const name = kind[1] as string;
      if (kind[2] === 'open') return ++depth[name]! === 1;
      return depth[name]!-- === 1;
    });
  }
});

/** Rendered prose: HTML per model path (see pathKey). */
/**
 * The HTML of every prose field, by path key. Markdown is turned into HTML when a field is first
 * asked for: `check` needs the references resolved (and their diagnostics), not the HTML.
 */
export class ProseHtml {
  private readonly pending = new Map<string, () => string>();
  private readonly done = new Map<string, string>();

  set(key: string, render: () => string): void {
    this.pending.set(key, render);
    this.done.delete(key);
  }

  get(key: string): string | undefined {
    let html = this.done.get(key);
    if (html === undefined) {
      const render = this.pending.get(key);
      if (render === undefined) return undefined;
      html = render();
      this.done.set(key, html);
    }
    return html;
  }
}

interface ProseSource {
  text: string;
  /** Absolute path of the Markdown file, when the prose lives in one. */
  file?: string;
  /** Maps a (line 1-based, column 0-based) inside the text to a source position. */
  locate: (line: number, column: number) => SourcePos | undefined;
}

/**
 * Find every prose field of the report (by schema), read prose files, resolve data references
 * and render Markdown to HTML. Reference errors are located in the YAML or Markdown file.
 */
export function renderProse(
  report: Report,
  derived: DerivedReport,
  loaded: LoadedReport,
  profile: Profile,
  schema: unknown = ReportSchema,
): { html: ProseHtml; files: string[]; diagnostics: Diagnostic[] } {
  const refs = buildReferenceTable(report, derived, profile);
  const html = new ProseHtml();
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const { path: p, value } of findProse(report, schema)) {
    const source = proseSource(value, p, loaded, diagnostics);
    if (!source) continue;
    if (source.file) files.add(source.file);
    html.set(pathKey(p), renderOne(source, refs, diagnostics));
  }
  return { html, files: [...files], diagnostics };
}

/** Every prose field, found through the (profile's) report schema. */
export function findProse(report: Report, schema: unknown = ReportSchema): { path: Path; value: unknown }[] {
  const found: { path: Path; value: unknown }[] = [];
  const walk = (node: unknown, schema: unknown, p: Path) => {
    if (node === undefined || node === null || !schema) return;
    if (unwrap(schema as never) === (ProseSchema as unknown)) {
      found.push({ path: p, value: node });
      return;
    }
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, childSchema(schema as never, i), [...p, i]));
    else if (typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, childSchema(schema as never, k), [...p, k]);
  };
  walk(report, schema, []);
  return found;
}

/** Offset in `text` of a (line 1-based, column 0-based) position. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column);
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

function proseSource(value: unknown, p: Path, loaded: LoadedReport, diagnostics: Diagnostic[]): ProseSource | undefined {
  const map = loaded.sourceMap;
  if (typeof value === 'string') {
    const found = map.info(p);
    const range = found?.info.range;
    return {
      text: value,
      locate: (line, column) => {
        if (!found || !range) return undefined;
        // Folding, quoting and indentation change offsets between the value and the file, so find
        // the text at that point in the scalar's source: the k-th occurrence there is the k-th here.
        const at = offsetOf(value, line, column);
        const snippet = /^[^\s"'\\]+/.exec(value.slice(at))?.[0] ?? '';
        if (snippet) {
          const raw = found.file.source.slice(range[0], range[1]);
          let k = 0;
          for (let i = value.indexOf(snippet); i >= 0 && i < at; i = value.indexOf(snippet, i + 1)) k++;
          let j = raw.indexOf(snippet);
          for (let n = 0; n < k && j >= 0; n++) j = raw.indexOf(snippet, j + 1);
          if (j >= 0) {
            const pos = found.file.lineCounter.linePos(range[0] + j);
            return { file: found.info.value.file, line: pos.line, column: pos.col };
          }
        }
        return found.info.value;
      },
    };
  }
  const ref = (value as { fil: string }).fil;
  const keyPos = map.pos([...p, 'fil']);
  const found = fileInside(loaded.dir, ref);
  if (found.problem) {
    const why = {
      utanför: `prosafilen "${ref}" ligger utanför rapportmappen`,
      saknas: `prosafilen "${ref}" finns inte`,
      länk: `prosafilen "${ref}" ligger utanför rapportmappen (symbolisk länk)`,
      'ingen-fil': `"${ref}" är ingen fil`,
    }[found.problem];
    diagnostics.push(diag('prosa.fil', 'error', why, keyPos));
    return undefined;
  }
  const abs = found.file;
  const relative = path.normalize(ref);
  const display = loaded.displayDir === '.' ? relative : path.join(loaded.displayDir, relative);
  const { text, diagnostics: read } = readTextFile(abs, display, MAX_PROSE_BYTES);
  diagnostics.push(...read);
  if (text === undefined) return undefined;
  return { text, file: abs, locate: (line, column) => ({ file: display, line, column: column + 1 }) };
}

/** Offset of the first "{{" that has no "}}" before the next "{{" (or the end), or −1. */
function unclosedMustache(text: string): number {
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    const close = text.indexOf('}}', i + 2);
    const next = text.indexOf('{{', i + 2);
    if (close < 0 || (next >= 0 && next < close)) return i;
  }
  return -1;
}

type HbsNode = hbs.AST.Statement & { loc: hbs.AST.SourceLocation };

/** Handlebars syntax beyond plain references: blocks, partials, raw output, decorators. */
const UNSUPPORTED_MESSAGE = 'block, partialer och {{{…}}} stöds inte i prosa; använd {{belopp …}}, {{värde …}} eller {{antal …}}';
const UNSUPPORTED = /\{\{~?\s*([#^/>&*{]|else\b)/;

/** Markdown as written, images included: only to find them (the renderer has images disabled). */
const imageFinder = proseMarkdown();

/** Markdown as rendered, with character references left as their own tokens (text_special). */
const referenceFinder = proseMarkdown().disable(['image', 'text_join']);

/** Where the first Markdown image is (offset of its "!["), as Markdown itself reads the text. */
function firstImage(text: string): number | undefined {
  if (!text.includes('![')) return undefined;
  for (const block of imageFinder.parse(text, {})) {
    if (block.type !== 'inline' || !block.children?.some((t) => t.type === 'image')) continue;
    // The block's first line; the image is the first "![" from there that is not escaped.
    const [startLine = 0] = block.map ?? [];
    let offset = 0;
    for (let l = 0; l < startLine; l++) offset = text.indexOf('\n', offset) + 1;
    for (let i = text.indexOf('![', offset); i >= 0; i = text.indexOf('![', i + 1)) {
      if (text[i - 1] !== '\\') return i;
    }
    return offset;
  }
  return undefined;
}

/**
 * Whether some line of the text starts with more than MAX_PROSE_DEPTH columns of what nesting is
 * made of (indentation, ">", list markers). A block quote or list at depth d stands on a line after
 * at least one column for each container around it, so text without such a line cannot nest too
 * deep, and is not parsed twice to find out.
 */
function mayNestTooDeep(text: string): boolean {
  const prefix = /^[ \t>*+\-\d.)]+/gm;
  for (let m = prefix.exec(text); m; m = prefix.exec(text)) {
    let width = 0;
    for (const ch of m[0]) width += ch === '\t' ? 4 : 1;
    if (width > MAX_PROSE_DEPTH) return true;
  }
  return false;
}

type MarkdownToken = ReturnType<MarkdownIt['parse']>[number];

const CONTAINER_OPEN = new Set(['blockquote_open', 'bullet_list_open', 'ordered_list_open']);
const CONTAINER_CLOSE = new Set(['blockquote_close', 'bullet_list_close', 'ordered_list_close']);

/**
 * The first block quote or list nested deeper than MAX_PROSE_DEPTH, as Markdown reads the text:
 * its line (1-based) and the column (0-based) of its marker.
 */
function tooDeep(text: string): { line: number; column: number; depth: number } | undefined {
  if (!mayNestTooDeep(text)) return undefined;
  let depth = 0;
  // The open block quotes and list items: their markers stand at the start of the line.
  const open: MarkdownToken[] = [];
  for (const token of markdown.parse(text, {})) {
    if (token.type === 'blockquote_open' || token.type === 'list_item_open') open.push(token);
    if (token.type === 'blockquote_close' || token.type === 'list_item_close') open.pop();
    if (CONTAINER_CLOSE.has(token.type)) depth -= 1;
    if (!CONTAINER_OPEN.has(token.type) || ++depth <= MAX_PROSE_DEPTH) continue;
    const line = token.map?.[0] ?? 0;
    // On its line, the marker comes after one ">" for each quote around it that began above, and
    // one marker for each quote or item around it that begins on the line.
    const before = open.filter((t) => t !== token && ((t.map?.[0] ?? 0) === line || t.type === 'blockquote_open')).length;
    const start = offsetOf(text, line + 1, 0);
    const end = text.indexOf('\n', start);
    const column = nthMarker(text.slice(start, end < 0 ? text.length : end), before);
    return { line: line + 1, column, depth };
  }
  return undefined;
}

/** Column of the n-th (0-based) block quote or list marker at the start of a line; else of its first character. */
function nthMarker(line: string, n: number): number {
  const space = /[ \t]*/y;
  const marker = /(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$))/y;
  const rule = /([*_-])(?:[ \t]*\1){2,}[ \t]*$/y;
  let i = 0;
  let first: number | undefined;
  for (let k = 0; ; k++) {
    space.lastIndex = i;
    space.exec(line);
    i = space.lastIndex;
    first ??= i;
    marker.lastIndex = i;
    rule.lastIndex = i;
    // "* * *" is a thematic break, not three lists.
    if (!marker.exec(line) || (line[i] !== '>' && rule.test(line))) return first;
    if (k === n) return i;
    i = marker.lastIndex;
  }
}

/**
 * Characters that no source may hold, written so that they only appear once Markdown or YAML has
 * read them: a character reference ("&#x202E;", "&rlm;") in prose, or a private-use character or
 * noncharacter escaped in YAML ("\uE000"; YAML refuses escaped control characters itself).
 */
function forbiddenCharacters(source: ProseSource, diagnostics: Diagnostic[]): void {
  const escaped = PRIVATE_CHARACTER.exec(source.text);
  if (escaped) {
    const at = lineColumnOf(source.text, escaped.index);
    diagnostics.push(diag('prosa.tecken', 'error', characterProblem(escaped[0], 'i texten (skrivet med \\-escape)'), source.locate(at.line, at.column)));
  }
  if (!/&(?:#[xX]?[0-9a-fA-F]+|rlm);/.test(source.text)) return;
  for (const block of referenceFinder.parse(source.text, {})) {
    for (const token of block.children ?? []) {
      if (token.type !== 'text_special' || token.info !== 'entity') continue;
      if (!CONTROL_CHARACTER.test(token.content) && !PRIVATE_CHARACTER.test(token.content)) continue;
      // The reference as written, from the block's first line on.
      const from = offsetOf(source.text, (block.map?.[0] ?? 0) + 1, 0);
      const found = source.text.indexOf(token.markup, from);
      const at = lineColumnOf(source.text, found < 0 ? from : found);
      diagnostics.push(diag('prosa.tecken', 'error', characterProblem(token.content, `skrivet som teckenreferensen ${token.markup}`), source.locate(at.line, at.column)));
      return;
    }
  }
}

/**
 * Two noncharacters (U+FDD0–U+FDEF) that the text does not hold: they mark where a cited value goes
 * while Markdown renders. No source text holds noncharacters (text-file.ts, forbiddenCharacters) and
 * markdown-it decodes no character reference to one, so nothing but a marker can be taken for one.
 */
function valueMarkers(text: string): [string, string] {
  const free: string[] = [];
  for (let cp = 0xfdd0; cp <= 0xfdef && free.length < 2; cp++) {
    if (!text.includes(String.fromCharCode(cp))) free.push(String.fromCharCode(cp));
  }
  return [free[0] ?? '\uFDD0', free[1] ?? '\uFDD1'];
}

/** A helper's name and argument closed by "}}" but opened by fewer than two braces. */
const MISTYPED_REFERENCE = new RegExp(`(^|[^{])\\{?(${HELPERS.join('|')})\\s+[^\\s{}]+[^{}\\n]*\\}\\}`);

function renderOne(source: ProseSource, refs: Map<string, RefTarget>, diagnostics: Diagnostic[]): () => string {
  const image = firstImage(source.text);
  if (image !== undefined) {
    // An image would be fetched by every reader's browser (or point at a file on the author's
    // machine) and is not drawn in the PDF: charts come from indikatorer, logos from the theme.
    const at = lineColumnOf(source.text, image);
    diagnostics.push(diag('prosa.bild', 'error', 'bilder stöds inte i prosa (de kommer inte med i PDF:en och hämtas av läsarens webbläsare); diagram görs av indikatorer, logotypen står i tema.yaml', source.locate(at.line, at.column)));
  }
  const deep = tooDeep(source.text);
  if (deep) {
    diagnostics.push(
      diag('prosa.djup', 'error', `citat och listor är nästlade i ${deep.depth} nivåer här; högst ${MAX_PROSE_DEPTH} går att läsa och trycka – gör strukturen plattare`, source.locate(deep.line, deep.column)),
    );
  }
  forbiddenCharacters(source, diagnostics);
  const unsupported = UNSUPPORTED.exec(source.text);
  if (unsupported) {
    const at = lineColumnOf(source.text, unsupported.index);
    diagnostics.push(
      diag('prosa.syntax', 'error', UNSUPPORTED_MESSAGE, source.locate(at.line, at.column)),
    );
    return () => markdown.render(source.text);
  }
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source.text);
  } catch (error) {
    const unclosed = unclosedMustache(source.text);
    if (unclosed >= 0) {
      const at = lineColumnOf(source.text, unclosed);
      const start = /^\{\{[^\n]{0,30}/.exec(source.text.slice(unclosed))?.[0] ?? '{{';
      diagnostics.push(diag('prosa.syntax', 'error', `sifferreferensen "${start}" saknar avslutande }}`, source.locate(at.line, at.column)));
    } else {
      const message = (error as Error).message;
      const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 1);
      const expecting = /Expecting .*/.exec(message)?.[0];
      const lineStart = offsetOf(source.text, line, 0);
      const brace = source.text.indexOf('{{', lineStart);
      const at = brace >= 0 ? lineColumnOf(source.text, brace) : { line, column: 0 };
      diagnostics.push(
        diag('prosa.syntax', 'error', `sifferreferensen kan inte tolkas${expecting ? ` (${expecting.replace('Expecting', 'väntade').replace(', got', ', fick')})` : ''}`, source.locate(at.line, at.column)),
      );
    }
    return () => markdown.render(source.text);
  }
  const values: string[] = [];
  const [open, close] = valueMarkers(source.text);
  let text = '';
  for (const node of ast.body as HbsNode[]) {
    if (node.type === 'ContentStatement') {
      const content = (node as hbs.AST.ContentStatement).original as unknown as string;
      // A reference whose opening braces were mistyped ("{belopp x.y}}", "belopp x.y}}") is plain text
      // to Handlebars and would print as it stands. An escaped \{{belopp …}} keeps both braces and is
      // meant to print; other text with "}}" (code, JSON) names no helper.
      const mistyped = MISTYPED_REFERENCE.exec(content);
      if (mistyped) {
        const start = mistyped.index + mistyped[1]!.length;
        const at = lineColumnOf(source.text, offsetOf(source.text, node.loc.start.line, node.loc.start.column) + start);
        diagnostics.push(
          diag('prosa.syntax', 'error', `sifferreferensen "${content.slice(start, mistyped.index + mistyped[0].length)}" saknar inledande {{; skriv {{${mistyped[2]} …}}`, source.locate(at.line, at.column)),
        );
      }
      text += content;
    } else if (node.type === 'MustacheStatement') {
      const rendered = resolveMustache(node as hbs.AST.MustacheStatement, refs, source, diagnostics);
      values.push(rendered ?? '');
      text += `${open}${values.length - 1}${close}`;
    } else if (node.type === 'CommentStatement') {
      // {{! comments }} are for authors and are not printed.
    } else {
      diagnostics.push(diag('prosa.syntax', 'error', UNSUPPORTED_MESSAGE, source.locate(node.loc.start.line, node.loc.start.column)));
    }
  }
  const marked = new RegExp(`${open}(\\d+)${close}`, 'g');
  return () => markdown.render(text).replace(marked, (_, i: string) => values[Number(i)] ?? '');
}

function resolveMustache(node: hbs.AST.MustacheStatement, refs: Map<string, RefTarget>, source: ProseSource, diagnostics: Diagnostic[]): string | undefined {
  const at = (loc: hbs.AST.SourceLocation) => source.locate(loc.start.line, loc.start.column);
  const fail = (message: string, loc: hbs.AST.SourceLocation, code = 'prosa.referens') => {
    diagnostics.push(diag(code, 'error', message, at(loc)));
    return undefined;
  };
  const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
  if (!(HELPERS as readonly string[]).includes(helper)) {
    const best = didYouMean(helper, HELPERS);
    return fail(`okänd hjälpare "${helper}" i {{…}}; använd ${HELPERS.join(', ')}${best ? ` (menade du "${best}"?)` : ''}`, node.loc, 'prosa.hjälpare');
  }
  const param = node.params[0];
  if (!param || node.params.length > 1 || param.type !== 'PathExpression') {
    return fail(`{{${helper} …}} tar en referens som id.fält, t.ex. {{belopp summa-rr.prognos}}`, node.loc);
  }
  const parts = (param as hbs.AST.PathExpression).original.split('.');
  const [id = '', field, ...rest] = parts;
  const target = refs.get(id);
  if (!target) {
    const best = didYouMean(id, [...refs.keys()]);
    return fail(`referensen "${id}" finns inte${best ? `; menade du "${best}"?` : ''}`, param.loc);
  }
  if (rest.length > 0) return fail(`referensen "${parts.join('.')}" har för många led; skriv id.fält`, param.loc);
  const options: FormatOptions = {};
  for (const pair of node.hash?.pairs ?? []) {
    const v = pair.value as { type: string; value?: unknown };
    if (pair.key === 'enhet' && v.type === 'StringLiteral' && ['kr', 'tkr', 'mnkr'].includes(String(v.value))) options.enhet = String(v.value);
    else if (pair.key === 'decimaler' && v.type === 'NumberLiteral' && Number.isInteger(v.value) && (v.value as number) >= 0 && (v.value as number) <= 6) options.decimaler = v.value as number;
    else if (pair.key === 'tecken' && v.type === 'BooleanLiteral') options.tecken = v.value as boolean;
    else if (pair.key === 'utan_enhet' && v.type === 'BooleanLiteral') options.utanEnhet = v.value as boolean;
    else if (pair.key === 'absolut' && v.type === 'BooleanLiteral') options.absolut = v.value as boolean;
    else if (pair.key === 'period' && (v.type === 'StringLiteral' || v.type === 'NumberLiteral')) options.period = String(v.value);
    else if (pair.key === 'inom' && (v.type === 'StringLiteral' || v.type === 'PathExpression')) options.inom = String(v.type === 'StringLiteral' ? v.value : (v as unknown as hbs.AST.PathExpression).original);
    else if (pair.key === 'ord' && ((v.type === 'BooleanLiteral' && v.value === true) || (v.type === 'StringLiteral' && v.value === 'en'))) options.ord = v.value === 'en' ? 'en' : true;
    else return fail(`ogiltigt alternativ ${pair.key}=…; tillåtna: enhet="kr|tkr|mnkr", decimaler=0–6, tecken=true, absolut=true, utan_enhet=true, period="…", inom=nod-id, ord=true|"en"`, pair.loc);
  }
  const notFor: Record<string, (keyof FormatOptions)[]> = {
    belopp: ['period', 'inom', 'ord'],
    värde: ['enhet', 'inom', 'ord'],
    antal: ['enhet', 'decimaler', 'tecken', 'absolut', 'utanEnhet', 'period'],
  };
  const optionName: Record<keyof FormatOptions, string> = { enhet: 'enhet', decimaler: 'decimaler', tecken: 'tecken', utanEnhet: 'utan_enhet', absolut: 'absolut', period: 'period', inom: 'inom', ord: 'ord' };
  const misplaced = (notFor[helper] ?? []).find((o) => options[o] !== undefined);
  if (misplaced) return fail(`alternativet ${optionName[misplaced]} gäller inte {{${helper} …}}`, node.loc);
  if (options.absolut && options.tecken) return fail('absolut=true skriver talet utan tecken och tecken=true med; välj ett av dem', node.loc);
  if (helper === 'belopp') {
    if (target.kind !== 'belopp') return fail(`"${id}" är inte en tabellrad med belopp; använd {{${target.kind} ${id}}}`, param.loc);
    if (field && target.row.texter && Object.hasOwn(target.row.texter, field) && !Object.hasOwn(target.row.cells, field)) {
      return fail(`kolumnen "${field}" i ${target.table.rubrik} är ingen beloppskolumn; bara belopp citeras med {{belopp …}}`, param.loc);
    }
    const columns = Object.keys(target.row.cells);
    if (!field || !Object.hasOwn(target.row.cells, field)) {
      const best = field ? didYouMean(field, columns) : undefined;
      return fail(`{{belopp ${id}.…}} behöver en kolumn: ${columns.join(', ')}${best ? `; menade du "${best}"?` : ''}`, param.loc);
    }
    const text = formatMoneyRef(target.table, target.row, field, options);
    return text !== undefined ? escapeHtml(text) : fail(`${target.row.namn} har inget värde i kolumnen ${field}`, param.loc);
  }
  if (helper === 'värde') {
    if (target.kind !== 'värde') return fail(`"${id}" är inget mätvärde; använd {{${target.kind} ${id}${target.kind === 'belopp' ? '.kolumn' : ''}}}`, param.loc);
    let fields = target.fields;
    let name = field ?? target.defaultField;
    const period = options.period;
    if (period !== undefined) {
      if (!target.period) return fail(`${target.describe} har inga perioder; period="…" gäller indikatorer och personaltabellernas rader`, node.loc);
      if (!target.period.labels.includes(period)) {
        const best = didYouMean(period, target.period.labels);
        return fail(`${target.describe} har ingen period "${period}" (finns: ${target.period.labels.join(', ')})${best ? `; menade du "${best}"?` : ''}`, node.loc);
      }
      fields = target.period.fields(period);
      if (field === undefined) name = 'värde';
    }
    if (!Object.hasOwn(fields, name)) {
      const best = didYouMean(name, Object.keys(fields));
      return fail(`${target.describe} har inget fält "${name}" (finns: ${Object.keys(fields).join(', ')})${best ? `; menade du "${best}"?` : ''}`, param.loc);
    }
    const m = fields[name];
    const when = period !== undefined ? ` ${period}` : name === 'senaste' ? ' (rapportperiodens utfall saknas)' : '';
    return m ? escapeHtml(formatMeasure(m, options)) : fail(`${target.describe} saknar värde för ${name}${when}`, param.loc);
  }
  if (target.kind !== 'antal') return fail(`"${id}" är inget antal; använd {{${target.kind} ${id}${target.kind === 'belopp' ? '.kolumn' : ''}}}`, param.loc);
  const name = field ?? target.defaultField;
  if (!target.fields.includes(name)) {
    const best = didYouMean(name, target.fields);
    return fail(`${target.describe} har inget fält "${name}" (finns: ${target.fields.join(', ')})${best ? `; menade du "${best}"?` : ''}`, param.loc);
  }
  const counted = target.count(name, options.inom);
  if ('error' in counted) return fail(counted.error, node.loc);
  return countText(counted.value, options.ord);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
