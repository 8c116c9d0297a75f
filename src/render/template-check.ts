/**
 * Reads and checks a templates folder (`--mallar`) before anything is rendered with it. Every file
 * the templates use (rapport.hbs, kommun.hbs, partials/*.hbs, rapport.css, tema.yaml and its logo)
 * is read once, as a regular file whose real path is inside the folder, bounded in size: a link out
 * of the folder, a link in a circle, a FIFO or a device is a diagnostic, never read. The bytes read
 * are the ones checked, compiled (html.ts) and hashed (provenance.ts): `LoadedTemplates`.
 *
 * Every template parses, calls only the helpers Handlebars has (not `log`, which writes to the
 * terminal), includes only partials the folder has, never reaches for an object's prototype, and
 * includes partials so that filling it in ends, in reasonable time: a partial includes itself only
 * one level further down in the data, and the partials expand to at most MAX_EXPANSIONS. Each
 * problem is a diagnostic at file:line:column. Handlebars itself runs with prototype access denied
 * (html.ts): what the check misses (a lookup with a computed name) renders as nothing. A template
 * can read only the view model it is given, never a file.
 */
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../load/package.js';
import { diag, type Diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import { displayPath, resolveInside } from '../load/report-folder.js';
import { activeSnapshot, SourceSnapshot } from '../load/snapshot.js';
import { lineColumn } from '../load/text-file.js';
import { insideDiagnostic, type LoadedTheme, loadTheme, present, readTextInside, THEME_FILE } from '../theme/theme.js';

/** Largest template file read. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** Largest stylesheet read. */
export const MAX_STYLESHEET_BYTES = 1024 * 1024;
/** Most partials a folder may have. */
export const MAX_PARTIALS = 1000;
/** Deepest nesting of blocks, {{else …}} chains and subexpressions in a template. */
export const MAX_NESTING = 64;
/** Most bytes of templates and stylesheet a folder may have, together. */
export const MAX_TEMPLATES_TOTAL_BYTES = 8 * 1024 * 1024;
/** Most partial expansions a template may make (counting each include once, data aside). */
export const MAX_EXPANSIONS = 10_000;

/** The helpers a template may call: Handlebars' own but `log`; rapport registers none. */
const HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

/** The default templates: a folder without kommun.hbs gets theirs. */
const DEFAULT_DIR = path.join(PACKAGE_ROOT, 'templates');

/**
 * Property names that lead from data to functions and prototypes: every member of
 * Object.prototype (constructor, __proto__, toString, __defineGetter__ …) and `prototype`.
 * Handlebars denies them at render time without a word (the value is just empty); here they
 * are errors at their place in the template.
 */
const PROTOTYPE = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };

export interface TemplateSource {
  /** Inside the folder, with forward slashes: "rapport.hbs", "partials/status.hbs". */
  name: string;
  /** As diagnostics name it. */
  display: string;
  text: string;
}

/** A templates folder as read once for a build: what was checked is what is compiled and hashed. */
export interface LoadedTemplates {
  /** The folder (absolute). */
  dir: string;
  /** rapport.hbs. */
  main?: TemplateSource;
  /** kommun.hbs: the folder's, else the default templates' (`ownKommun` false). */
  kommun?: TemplateSource;
  ownKommun: boolean;
  /** partials/*.hbs by partial name. */
  partials: Map<string, TemplateSource>;
  /** rapport.css. */
  css?: string;
  /** tema.yaml and its logo (the default theme when the folder has no tema.yaml). */
  theme: { loaded?: LoadedTheme; diagnostics: Diagnostic[] };
  /** The folder's templates and stylesheet with the sha256 of the bytes read, sorted by name (the theme's files are in theme.loaded.files). */
  files: { name: string; sha256: string }[];
  /** Every byte read, by real path: a render worker is given these instead of reading the folder again. */
  snapshot: SourceSnapshot;
  /** Reading and checking the templates and stylesheet (the theme's own are in theme.diagnostics). */
  diagnostics: Diagnostic[];
}

/** The templates read last for each folder (this thread's build). */
const current = new Map<string, LoadedTemplates>();

/**
 * Reads and checks a templates folder, once, and makes it the one `templatesFor` (so loadTemplates
 * and templateChecksums) give for the folder. The bytes are read into `snapshot` (by default the
 * active one, so diagnostics can quote them): a snapshot that already holds a file gives its bytes
 * instead of the disk's — a render worker passes the main thread's, frozen, and so renders exactly
 * what was checked.
 */
export function readTemplates(dir: string, cwd = process.cwd(), snapshot = activeSnapshot() ?? new SourceSnapshot()): LoadedTemplates {
  const abs = path.resolve(cwd, dir);
  const loaded: LoadedTemplates = { dir: abs, ownKommun: false, partials: new Map(), theme: { diagnostics: [] }, files: [], snapshot, diagnostics: [] };
  current.set(abs, loaded);
  const diagnostics = loaded.diagnostics;
  let root: string;
  try {
    root = realpathSync(abs);
  } catch {
    diagnostics.push(diag('mall.fel', 'error', `mallmappen ${displayPath(abs, cwd)} finns inte`));
    return loaded;
  }
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  // Every file is bounded, and so are all together: 1 000 partials of 1 MB would take long to check.
  let total = 0;
  const read = (name: string, maxBytes: number, from = abs, realRoot = root): TemplateSource | undefined => {
    const file = path.join(from, ...name.split('/'));
    const display = displayPath(file, cwd);
    if (total > MAX_TEMPLATES_TOTAL_BYTES) return undefined;
    const { text, bytes, diagnostics: problems } = readTextInside(realRoot, file, display, maxBytes, snapshot);
    diagnostics.push(...problems);
    if (text === undefined || !bytes) return undefined;
    total += bytes.length;
    if (total > MAX_TEMPLATES_TOTAL_BYTES) {
      diagnostics.push(diag('fil.för-stor', 'error', `mallarna och stilmallen är tillsammans mer än ${MAX_TEMPLATES_TOTAL_BYTES} byte med den här filen; resten läses inte`, { file: display, line: 1, column: 1 }));
      return undefined;
    }
    if (from === abs) loaded.files.push({ name, sha256: sha(bytes) });
    return { name, display, text };
  };

  loaded.main = read('rapport.hbs', MAX_TEMPLATE_BYTES);
  if (present(path.join(abs, 'kommun.hbs'))) {
    loaded.ownKommun = true;
    loaded.kommun = read('kommun.hbs', MAX_TEMPLATE_BYTES);
  } else {
    try {
      loaded.kommun = read('kommun.hbs', MAX_TEMPLATE_BYTES, DEFAULT_DIR, realpathSync(DEFAULT_DIR));
    } catch {
      diagnostics.push(diag('mall.fel', 'error', `standardmallarna saknas: ${DEFAULT_DIR}`));
    }
  }
  const listed = partialNames(abs, root, cwd, diagnostics);
  for (const name of listed) {
    const source = read(`partials/${name}.hbs`, MAX_TEMPLATE_BYTES);
    if (source) loaded.partials.set(name, source);
  }
  const css = read('rapport.css', MAX_STYLESHEET_BYTES);
  loaded.css = css?.text;
  loaded.theme = loadTheme(abs, cwd, THEME_FILE, snapshot);
  loaded.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Every template parses and passes the checks; the default kommun.hbs is trusted, but it takes
  // the folder's partials, so it is part of the graph of includes.
  const names = new Set(listed);
  const parsed: { key: string; source: TemplateSource; ast: hbs.AST.Program; includes: Include[] }[] = [];
  const templates: [string, TemplateSource | undefined, boolean][] = [
    [ROOT_MAIN, loaded.main, true],
    [ROOT_KOMMUN, loaded.kommun, loaded.ownKommun],
    ...[...loaded.partials].map(([name, source]): [string, TemplateSource, boolean] => [name, source, true]),
  ];
  for (const [key, source, own] of templates) {
    if (!source) continue;
    const deep = tooDeep(source.text);
    if (deep) {
      diagnostics.push(
        diag('mall.fel', 'error', `mallen är nästlad ${deep.depth} nivåer djupt här (block, {{else …}} och deluttryck); högst ${MAX_NESTING} nivåer`, { file: source.display, ...lineColumn(source.text, deep.index) }),
      );
      continue;
    }
    let ast: hbs.AST.Program;
    try {
      ast = Handlebars.parse(source.text);
    } catch (error) {
      if (own) diagnostics.push(parseError(error, source.display, source.text));
      continue;
    }
    try {
      if (own) diagnostics.push(...lint(ast, source.display, names));
      parsed.push({ key, source, ast, includes: includesOf(key, ast, source.display) });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      diagnostics.push(diag('mall.fel', 'error', 'mallen är för djupt nästlad för att kontrolleras', { file: source.display, line: 1, column: 1 }));
    }
  }
  diagnostics.push(...includeDiagnostics(parsed.flatMap((p) => p.includes)));
  return loaded;
}

/**
 * The templates of a folder as read for this build: the ones `readTemplates` (or checkTemplates)
 * read last, else read now.
 */
export function templatesFor(dir: string): LoadedTemplates {
  return current.get(path.resolve(dir)) ?? readTemplates(dir);
}

/** Reads and checks a templates folder (see readTemplates); the problems of its templates and stylesheet. */
export function checkTemplates(dir: string, cwd: string): Diagnostic[] {
  return readTemplates(dir, cwd).diagnostics;
}

/** Whether the folder's templates can be compiled (the theme is judged on its own). */
export function templatesUsable(loaded: LoadedTemplates): boolean {
  return !hasErrors(loaded.diagnostics) && loaded.main !== undefined && loaded.kommun !== undefined && loaded.css !== undefined;
}

/** The names of partials/*.hbs (sorted), if the folder has partials/ inside it. */
function partialNames(abs: string, root: string, cwd: string, diagnostics: Diagnostic[]): string[] {
  const dir = path.join(abs, 'partials');
  if (!present(dir)) return [];
  const display = displayPath(dir, cwd);
  const inside = resolveInside(root, dir);
  if (inside.problem) {
    diagnostics.push(insideDiagnostic(inside.problem, inside.code, display, 'mallmappen'));
    return [];
  }
  let entries: string[];
  try {
    entries = readdirSync(inside.real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    diagnostics.push(diag(code === 'ENOTDIR' ? 'fil.ingen-fil' : 'fil.läsfel', 'error', code === 'ENOTDIR' ? 'partials är ingen mapp' : `kan inte läsa mappen: ${code ?? 'okänt fel'}`, { file: display, line: 1, column: 1 }));
    return [];
  }
  const names = entries.filter((n) => n.endsWith('.hbs')).map((n) => n.slice(0, -'.hbs'.length)).sort();
  if (names.length > MAX_PARTIALS) {
    diagnostics.push(diag('mall.fel', 'error', `partials har ${names.length} mallar; högst ${MAX_PARTIALS} läses`, { file: display, line: 1, column: 1 }));
    return names.slice(0, MAX_PARTIALS);
  }
  return names;
}

/**
 * Where a template nests deeper than MAX_NESTING (blocks, {{else …}} chains and subexpressions
 * counted together), found by a scan of the text before Handlebars parses it: Handlebars' parser
 * takes time that grows with the square of the nesting (3 000 nested subexpressions take 10 s, a
 * 1 MB file of them hours), so a deep template is refused without being parsed.
 */
export function tooDeep(text: string): { index: number; depth: number } | undefined {
  const n = text.length;
  // Chained {{else x}} sections of each open block.
  const open: number[] = [];
  let i = 0;
  for (;;) {
    const j = text.indexOf('{{', i);
    if (j < 0) return undefined;
    if (text.startsWith('{{!--', j) || text.startsWith('{{~!--', j)) {
      // A long comment ends only at --}} (or --~}}).
      const end = /--~?\}\}/g;
      end.lastIndex = j + 4;
      const close = end.exec(text);
      if (!close) return undefined;
      i = close.index + close[0].length;
      continue;
    }
    if (text.startsWith('{{!', j) || text.startsWith('{{~!', j)) {
      const close = text.indexOf('}}', j);
      if (close < 0) return undefined;
      i = close + 2;
      continue;
    }
    if (text.startsWith('{{{{', j)) {
      // A raw block: its content is text up to {{{{/name}}}}.
      const close = text.indexOf('{{{{/', j + 4);
      if (close < 0) return undefined;
      i = close + 5;
      continue;
    }
    // The mustache up to its }}, outside string and [segment] literals; the deepest ( in it.
    let k = j + 2;
    while (k < n && (text[k] === '{' || text[k] === '~' || text[k] === '&' || /\s/.test(text[k] as string))) k++;
    let parens = 0;
    let deepest = 0;
    let quote: string | undefined;
    for (; k < n; k++) {
      const c = text[k] as string;
      if (quote) {
        if (c === '\\') k++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '[') quote = ']';
      else if (c === '(') deepest = Math.max(deepest, ++parens);
      else if (c === ')') parens = Math.max(0, parens - 1);
      else if (c === '}' && text[k + 1] === '}') break;
    }
    i = k + 2;
    const body = text.slice(j + 2, k).replace(/^[{~&\s]*/, '').replace(/[~\s]*$/, '');
    if (body.startsWith('/')) open.pop();
    // {{#x}}, {{#> p}}, {{#*inline}} and {{^x}} open a block; {{^}} alone is an else.
    else if (body.startsWith('#') || (body.startsWith('^') && body.length > 1)) open.push(0);
    // {{else if …}} chains one more block inside the open one, closed by the same {{/…}}.
    else if (/^else\s+\S/.test(body) && open.length > 0) open[open.length - 1]! += 1;
    const depth = open.length + open.reduce((a, b) => a + b, 0) + deepest;
    if (depth > MAX_NESTING) return { index: j, depth };
    if (k >= n) return undefined;
  }
}

function parseError(error: unknown, file: string, text: string): Diagnostic {
  const e = error as Error & { lineNumber?: number; column?: number };
  const first = e.message.split('\n')[0] ?? e.message;
  const unclosed = unclosedBlock(text);
  if (unclosed) {
    return diag('mall.syntax', 'error', `blocket {{#${unclosed.name}}} avslutas aldrig med {{/${unclosed.name}}}`, { file, ...lineColumn(text, unclosed.index) });
  }
  const line = e.lineNumber ?? Number(/on line (\d+)/.exec(first)?.[1] ?? 1);
  const column = (e.column ?? 0) + 1;
  const what = /^Parse error/.test(first)
    ? 'oväntat tecken; kontrollera att varje {{ har sitt }}'
    : /doesn't match/.test(first)
      ? `blocket avslutas med fel namn (${first})`
      : first;
  return diag('mall.syntax', 'error', `mallen kan inte tolkas: ${what}`, { file, line, column });
}

/** The innermost {{#block}} (or {{^block}}) without its {{/block}}, if any; comments are skipped. */
function unclosedBlock(text: string): { name: string; index: number } | undefined {
  // Comments keep their length (and line breaks), so offsets stay true.
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const code = text.replace(/\{\{!--[\s\S]*?--\}\}/g, blank).replace(/\{\{![\s\S]*?\}\}/g, blank);
  const stack: { name: string; index: number }[] = [];
  for (const m of code.matchAll(/\{\{~?\s*([#^/])\s*[>*]?\s*([^\s}~]+)/g)) {
    const name = m[2] as string;
    if (m[1] === '/') {
      const open = stack.findLastIndex((b) => b.name === name);
      if (open >= 0) stack.splice(open);
    } else {
      stack.push({ name, index: m.index ?? 0 });
    }
  }
  return stack[stack.length - 1];
}

function lint(ast: hbs.AST.Program, file: string, partials: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  // {{#*inline "namn"}}…{{/inline}} defines a partial inside the template.
  const inline = new Set<string>();
  const collector = new Handlebars.Visitor();
  (collector as unknown as { DecoratorBlock: (node: hbs.AST.BlockStatement) => void }).DecoratorBlock = function (node) {
    const first = node.params[0];
    if (first?.type === 'StringLiteral') inline.add((first as hbs.AST.StringLiteral).value);
    Handlebars.Visitor.prototype.BlockStatement.call(this, node);
  };
  collector.accept(ast);
  const at = (node: Node) => ({ file, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
  const visitor = new Handlebars.Visitor();
  const checkPath = (node: hbs.AST.PathExpression) => {
    const bad = node.parts.find((p) => PROTOTYPE.has(p));
    if (bad) out.push(diag('mall.åtkomst', 'error', `mallen når "${bad}" (${node.original}); prototyper och konstruktorer är stängda för mallar`, at(node)));
  };
  const checkCall = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, isBlock: boolean) => {
    const callee = node.path;
    const isCall = isBlock || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
    if (callee.type === 'PathExpression') {
      const name = (callee as hbs.AST.PathExpression).original;
      if (isCall && !HELPERS.has(name)) {
        // A block over a field ({{#rader}}…{{/rader}}) is Handlebars' section syntax, not a helper call.
        const section = isBlock && node.params.length === 0 && (node.hash?.pairs.length ?? 0) === 0;
        if (section) {
          // a field
        } else if (name === 'log') {
          out.push(diag('mall.fel', 'error', `hjälparen "log" skriver till terminalen (och förstör utdata som --format json) och får inte användas i mallar; mallar kan använda ${[...HELPERS].join(', ')}`, at(node as Node)));
        } else {
          out.push(diag('mall.fel', 'error', `okänd hjälpare "${name}"; mallar kan använda ${[...HELPERS].join(', ')}`, at(node as Node)));
        }
      }
      if (name === 'lookup') {
        for (const p of node.params) {
          if (p.type === 'StringLiteral' && PROTOTYPE.has((p as hbs.AST.StringLiteral).value)) {
            out.push(diag('mall.åtkomst', 'error', `mallen når "${(p as hbs.AST.StringLiteral).value}" med lookup; prototyper och konstruktorer är stängda för mallar`, at(p as Node)));
          }
        }
      }
    }
  };
  visitor.PathExpression = function (node) {
    checkPath(node);
  };
  visitor.MustacheStatement = function (node) {
    checkCall(node, false);
    Handlebars.Visitor.prototype.MustacheStatement.call(this, node);
  };
  visitor.SubExpression = function (node) {
    checkCall(node, false);
    Handlebars.Visitor.prototype.SubExpression.call(this, node);
  };
  visitor.BlockStatement = function (node) {
    checkCall(node, true);
    Handlebars.Visitor.prototype.BlockStatement.call(this, node);
  };
  const checkPartial = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, hasFallback: boolean) => {
    const nameNode = node.name as hbs.AST.Expression;
    let name: string;
    if (nameNode.type === 'PathExpression') name = (nameNode as hbs.AST.PathExpression).original;
    else if (nameNode.type === 'StringLiteral') name = (nameNode as hbs.AST.StringLiteral).value;
    else {
      out.push(diag('mall.fel', 'error', 'partialens namn måste stå utskrivet ({{> namn}}), inte räknas fram', at(node as Node)));
      return;
    }
    // {{#> namn}}…{{/namn}} has its own content for when the partial is missing.
    if (name === '@partial-block' || hasFallback || inline.has(name)) return;
    if (!partials.has(name)) {
      out.push(diag('mall.fel', 'error', `partialen "${name}" finns inte i mallmappens partials/ (${[...partials].join(', ') || 'inga'})`, at(node as Node)));
    }
  };
  visitor.PartialStatement = function (node) {
    checkPartial(node, false);
    Handlebars.Visitor.prototype.PartialStatement.call(this, node);
  };
  visitor.PartialBlockStatement = function (node) {
    checkPartial(node, (node.program?.body.length ?? 0) > 0);
    Handlebars.Visitor.prototype.PartialBlockStatement.call(this, node);
  };
  visitor.accept(ast);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The graph of includes: recursion and blow-up

/** The nodes of the two templates that are not partials (a partial's name has no "/"). */
const ROOT_MAIN = '/rapport.hbs';
const ROOT_KOMMUN = '/kommun.hbs';

interface Include {
  from: string;
  to: string;
  pos: { file: string; line: number; column: number };
  /** Inside {{#each fält}} or {{#with fält}}, without arguments: one level further down in the data. */
  descends: boolean;
}

/** How a block's body stands to the context around it. */
type Frame = 'descends' | 'same' | 'escapes';

/**
 * A path to a field of the current context: not `this` alone, not `..`, not `@root` or other data,
 * not a block parameter (which may stand for any context).
 */
function fieldPath(node: hbs.AST.Expression | undefined, blockParams: ReadonlySet<string>): boolean {
  if (node?.type !== 'PathExpression') return false;
  const p = node as hbs.AST.PathExpression;
  const first = p.parts[0];
  return !p.data && p.depth === 0 && first !== undefined && !blockParams.has(first) && p.parts.every((part) => part !== '..' && part !== '.' && part !== 'this');
}

/** The bodies of a block: the context they run in, compared with the block's. */
function blockFrames(node: hbs.AST.BlockStatement, blockParams: ReadonlySet<string>): { program: Frame; inverse: Frame } {
  if (node.path.type !== 'PathExpression') return { program: 'escapes', inverse: 'escapes' };
  const name = (node.path as hbs.AST.PathExpression).original;
  if (name === 'if' || name === 'unless') return { program: 'same', inverse: 'same' };
  if (name === 'each' || name === 'with') {
    return { program: node.params.length === 1 && fieldPath(node.params[0], blockParams) ? 'descends' : 'escapes', inverse: 'same' };
  }
  // {{#fält}}…{{/fält}}: the field (down), or the same context when the field is just true.
  const section = node.params.length === 0 && (node.hash?.pairs.length ?? 0) === 0;
  if (section && (fieldPath(node.path, blockParams) || (node.path as hbs.AST.PathExpression).original === 'this')) return { program: 'same', inverse: 'same' };
  return { program: 'escapes', inverse: 'escapes' };
}

function partialName(node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): string | undefined {
  const n = node.name as hbs.AST.Expression;
  if (n.type === 'PathExpression') return (n as hbs.AST.PathExpression).original;
  if (n.type === 'StringLiteral') return (n as hbs.AST.StringLiteral).value;
  return undefined;
}

/** The includes of a template (inline partials, {{#*inline "x"}}, count as the partial x). */
function includesOf(key: string, ast: hbs.AST.Program, file: string): Include[] {
  const out: Include[] = [];
  const walk = (program: hbs.AST.Program | undefined, owner: string, frames: Frame[], blockParams: ReadonlySet<string>): void => {
    for (const statement of program?.body ?? []) visit(statement, owner, frames, blockParams);
  };
  const visit = (node: hbs.AST.Statement, owner: string, frames: Frame[], blockParams: ReadonlySet<string>): void => {
    const loc = (node as Node).loc;
    const pos = { file, line: loc?.start.line ?? 1, column: (loc?.start.column ?? 0) + 1 };
    switch (node.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const include = node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
        const name = partialName(include);
        if (name !== undefined && name !== '@partial-block') {
          const plain = include.params.length === 0 && (include.hash?.pairs.length ?? 0) === 0;
          out.push({ from: owner, to: name, pos, descends: plain && !frames.includes('escapes') && frames.includes('descends') });
        }
        // The body of {{#> p}}…{{/p}} runs as p's @partial-block, or in place of a missing p.
        if (node.type === 'PartialBlockStatement') walk((node as hbs.AST.PartialBlockStatement).program, owner, [...frames, 'escapes'], blockParams);
        return;
      }
      case 'DecoratorBlock': {
        const block = node as unknown as hbs.AST.BlockStatement;
        const first = block.params[0];
        // {{#*inline "x"}}…{{/inline}}: a partial x, included from wherever x is.
        if (first?.type === 'StringLiteral') walk(block.program, (first as hbs.AST.StringLiteral).value, [], new Set());
        else walk(block.program, owner, [...frames, 'escapes'], blockParams);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const { program, inverse } = blockFrames(block, blockParams);
        const inner = new Set([...blockParams, ...(block.program?.blockParams ?? [])]);
        walk(block.program, owner, [...frames, program], inner);
        walk(block.inverse, owner, [...frames, inverse], blockParams);
        return;
      }
      default:
        return;
    }
  };
  walk(ast, key, [], new Set());
  return out;
}

/** Strongly connected components (Tarjan), each node's component index. */
function components(nodes: readonly string[], edges: ReadonlyMap<string, readonly Include[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let count = 0;
  // Iterative, so a long chain of partials cannot overflow the stack.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next < out.length) {
        const to = out[top.next++]!.to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        for (;;) {
          const n = stack.pop()!;
          onStack.delete(n);
          component.set(n, count);
          if (n === top.node) break;
        }
        count++;
      }
    }
  }
  return component;
}

/** "a → b → a": the include (a → b), then a shortest way back from b to a through the component. */
function cycleText(include: Include, edges: ReadonlyMap<string, readonly Include[]>, inComponent: (n: string) => boolean): string {
  const previous = new Map<string, string | undefined>([[include.to, undefined]]);
  const queue = [include.to];
  while (queue.length > 0 && !previous.has(include.from)) {
    const n = queue.shift()!;
    for (const e of edges.get(n) ?? []) {
      if (!inComponent(e.to) || previous.has(e.to)) continue;
      previous.set(e.to, n);
      queue.push(e.to);
    }
  }
  // previous leads from include.from back to include.to; the way forward is its reverse.
  const back: string[] = [];
  for (let n: string | undefined = include.from; n !== undefined && back.length <= previous.size; n = previous.get(n)) {
    back.push(n);
    if (n === include.to) break;
  }
  const way = include.from === include.to ? [include.from] : back.reverse();
  return [include.from, ...way].map(nodeName).join(' → ');
}

function nodeName(key: string): string {
  return key.startsWith('/') ? key.slice(1) : key;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/**
 * The graph of includes between the templates and partials: filling in a template must end, and soon.
 * - A partial that includes itself (directly or through others) does so only one level further down
 *   in the data ({{#each fält}}{{> p}}{{/each}}, as malnod does for the goal tree), and only once:
 *   then the recursion ends with the data and grows with it, not exponentially.
 * - Counting each include once (data aside), no template or partial expands to more than
 *   MAX_EXPANSIONS partials: p1 including p2 twice, p2 p3 twice … would never finish.
 */
function includeDiagnostics(all: readonly Include[]): Diagnostic[] {
  const nodes = [...new Set([...all.map((e) => e.from), ...all.map((e) => e.to)])];
  const known = new Set(nodes);
  const edges = new Map<string, Include[]>();
  for (const e of all) {
    if (!known.has(e.to)) continue; // a missing partial: lint says so
    edges.set(e.from, [...(edges.get(e.from) ?? []), e]);
  }
  const component = components(nodes, edges);
  const members = new Map<number, string[]>();
  for (const n of nodes) members.set(component.get(n)!, [...(members.get(component.get(n)!) ?? []), n]);
  const out: Diagnostic[] = [];

  // Recursion.
  for (const [c, ns] of members) {
    const inside = (n: string) => component.get(n) === c;
    const internal = ns.flatMap((n) => (edges.get(n) ?? []).filter((e) => inside(e.to)));
    if (internal.length === 0) continue;
    const seen = new Set<string>();
    for (const e of internal) {
      const cycle = cycleText(e, edges, inside);
      if (!e.descends) {
        const what = e.from === e.to ? `partialen "${nodeName(e.to)}" tar in sig själv` : `"${nodeName(e.from)}" tar in "${nodeName(e.to)}", som leder tillbaka till "${nodeName(e.from)}" (${cycle}),`;
        out.push(
          diag('mall.fel', 'error', `${what} utan att gå ett steg ner i data; mallen skulle aldrig bli klar. En partial får ta in sig själv bara inuti {{#each fält}} eller {{#with fält}} och utan argument (som {{#each noder}}{{> malnod}}{{/each}})`, e.pos),
        );
      } else if (seen.has(e.from)) {
        out.push(
          diag('mall.fel', 'error', `"${nodeName(e.from)}" tar in "${nodeName(e.to)}" en andra gång i samma rekursion (${cycle}); då växer antalet utvecklingar exponentiellt med djupet i data – ta in den på ett ställe`, e.pos),
        );
      }
      seen.add(e.from);
    }
  }

  // Blow-up: expansions per component (a recursive component counts once: once per level of data).
  const CAP = Number.MAX_SAFE_INTEGER;
  const counts = new Map<number, number>();
  const order = [...members.keys()]; // Tarjan numbers components in reverse topological order
  order.sort((a, b) => a - b);
  for (const c of order) {
    let total = 0;
    for (const n of members.get(c)!) {
      total = Math.min(CAP, total + 1);
      for (const e of edges.get(n) ?? []) {
        const target = component.get(e.to)!;
        if (target !== c) total = Math.min(CAP, total + (counts.get(target) ?? 0));
      }
    }
    counts.set(c, total);
  }
  for (const [c, ns] of members) {
    const count = counts.get(c)!;
    if (count <= MAX_EXPANSIONS) continue;
    const outgoing = ns.flatMap((n) => edges.get(n) ?? []).filter((e) => component.get(e.to) !== c);
    // Only where it tips: the partials it includes stay within the limit.
    if (outgoing.some((e) => counts.get(component.get(e.to)!)! > MAX_EXPANSIONS)) continue;
    const first = outgoing[0];
    if (!first) continue;
    const who = first.from.startsWith('/') ? `mallen ${nodeName(first.from)}` : `partialen "${first.from}"`;
    const n = count >= CAP ? 'fler än 9 000 000 000 000 000' : thousands(count);
    out.push(
      diag('mall.fel', 'error', `${who} utvecklas till ${n} partialer (med allt som de i sin tur tar in); högst ${thousands(MAX_EXPANSIONS)} är tillåtna, annars tar mallen orimligt lång tid att fylla i`, first.pos),
    );
  }
  return out;
}
