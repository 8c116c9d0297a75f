/**
 * Checks a templates folder (`--mallar`) before anything is rendered with it: every template is
 * UTF-8 text inside the folder, parses, calls only the helpers Handlebars has, includes only
 * partials the folder has, and never reaches for an object's prototype. Each problem is a
 * diagnostic at file:line:column. Handlebars itself runs with prototype access denied
 * (html.ts): what the check misses (a lookup with a computed name) renders as nothing. A template
 * can read only the view model it is given, never a file.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, isInside } from '../load/report-folder.js';
import { lineColumn, readTextFile } from '../load/text-file.js';

/** Largest template file read. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** The helpers a template may call: Handlebars' own; rapport registers none. */
const HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

/**
 * Property names that lead from data to functions and prototypes: every member of
 * Object.prototype (constructor, __proto__, toString, __defineGetter__ …) and `prototype`.
 * Handlebars denies them at render time without a word (the value is just empty); here they
 * are errors at their place in the template.
 */
const PROTOTYPE = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };

/** The template files of a folder: rapport.hbs, kommun.hbs (if any) and partials/*.hbs. */
export function templateFiles(dir: string): string[] {
  const files = ['rapport.hbs', 'kommun.hbs'].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
  const partials = path.join(dir, 'partials');
  if (existsSync(partials)) {
    for (const f of readdirSync(partials).filter((n) => n.endsWith('.hbs')).sort()) files.push(path.join(partials, f));
  }
  return files;
}

export function checkTemplates(dir: string, cwd: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return [diag('mall.fel', 'error', `mallmappen ${displayPath(dir, cwd)} finns inte`)];
  }
  const files = templateFiles(dir);
  const partials = new Set(files.filter((f) => path.basename(path.dirname(f)) === 'partials').map((f) => path.basename(f, '.hbs')));
  for (const file of files) {
    const display = displayPath(file, cwd);
    if (!isInside(root, file)) {
      diagnostics.push(diag('fil.utanför', 'error', 'mallen pekar ut ur mallmappen (symbolisk länk) och läses inte', { file: display, line: 1, column: 1 }));
      continue;
    }
    const { text, diagnostics: read } = readTextFile(file, display, MAX_TEMPLATE_BYTES);
    diagnostics.push(...read);
    if (text === undefined) continue;
    let ast: hbs.AST.Program;
    try {
      ast = Handlebars.parse(text);
    } catch (error) {
      diagnostics.push(parseError(error, display, text));
      continue;
    }
    diagnostics.push(...lint(ast, display, partials));
  }
  return diagnostics;
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
        if (!section) out.push(diag('mall.fel', 'error', `okänd hjälpare "${name}"; mallar kan använda ${[...HELPERS].join(', ')}`, at(node as Node)));
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
