import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
import type { DerivedReport } from '../derive/index.js';
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';
import { displayPath, isInside, type LoadedReport } from '../load/report-folder.js';
import { type Path, pathKey } from '../load/yaml-file.js';
import { ProseSchema, ReportSchema, type Report } from '../schema/report.js';
import { didYouMean } from '../validate/did-you-mean.js';
import { childSchema, unwrap } from '../validate/schema-walk.js';
import { buildReferenceTable, formatMeasure, formatMoneyRef, type FormatOptions, HELPERS, type RefTarget } from './references.js';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

/** Rendered prose: HTML per model path (see pathKey). */
export type ProseHtml = Map<string, string>;

interface ProseSource {
  text: string;
  /** Maps a (line, column) inside the text to a source position. */
  locate: (line: number, column: number) => SourcePos | undefined;
}

/**
 * Find every prose field of the report (by schema), read prose files, resolve data references
 * and render Markdown to HTML. Reference errors are located in the YAML or Markdown file.
 */
export function renderProse(report: Report, derived: DerivedReport, loaded: LoadedReport): { html: ProseHtml; diagnostics: Diagnostic[] } {
  const refs = buildReferenceTable(report, derived);
  const html: ProseHtml = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const { path: p, value } of findProse(report)) {
    const source = proseSource(value, p, loaded, diagnostics);
    if (!source) continue;
    html.set(pathKey(p), renderOne(source, refs, diagnostics));
  }
  return { html, diagnostics };
}

function findProse(report: Report): { path: Path; value: unknown }[] {
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
  walk(report, ReportSchema, []);
  return found;
}

function proseSource(value: unknown, p: Path, loaded: LoadedReport, diagnostics: Diagnostic[]): ProseSource | undefined {
  const map = loaded.sourceMap;
  if (typeof value === 'string') {
    const found = map.info(p);
    const start = found?.info.value;
    const type = found?.info.scalarType;
    const fileSource = found?.file.source;
    return {
      text: value,
      locate: (line, column) => {
        if (!start) return undefined;
        if ((type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && fileSource !== undefined && found?.info.range) {
          const after = fileSource.slice(found.info.range[0]).split('\n');
          const firstContent = after.slice(1).find((l) => l.trim() !== '') ?? '';
          const indent = firstContent.length - firstContent.trimStart().length;
          return { file: start.file, line: start.line + line, column: indent + column + 1 };
        }
        const quote = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : 0;
        return line === 1 ? { file: start.file, line: start.line, column: start.column + quote + column } : { file: start.file, line: start.line + line - 1, column: column + 1 };
      },
    };
  }
  const ref = (value as { fil: string }).fil;
  const abs = path.resolve(loaded.dir, ref);
  const display = displayPath(abs, process.cwd());
  const keyPos = map.pos([...p, 'fil']);
  if (!existsSync(abs)) {
    diagnostics.push(diag('prosa.fil', 'error', `prosafilen "${ref}" finns inte`, keyPos));
    return undefined;
  }
  if (!isInside(loaded.dir, abs) || path.isAbsolute(ref)) {
    diagnostics.push(diag('prosa.fil', 'error', `prosafilen "${ref}" ligger utanför rapportmappen`, keyPos));
    return undefined;
  }
  const text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  return { text, locate: (line, column) => ({ file: display, line, column: column + 1 }) };
}

type HbsNode = hbs.AST.Statement & { loc: hbs.AST.SourceLocation };

function renderOne(source: ProseSource, refs: Map<string, RefTarget>, diagnostics: Diagnostic[]): string {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source.text);
  } catch (error) {
    const e = error as { lineNumber?: number; column?: number; message: string };
    diagnostics.push(
      diag('prosa.syntax', 'error', `sifferreferensen kan inte tolkas: ${e.message.split('\n')[0]}`, source.locate(e.lineNumber ?? 1, e.column ?? 0)),
    );
    return markdown.render(source.text);
  }
  const values: string[] = [];
  let text = '';
  for (const node of ast.body as HbsNode[]) {
    if (node.type === 'ContentStatement') {
      text += (node as hbs.AST.ContentStatement).original;
    } else if (node.type === 'MustacheStatement') {
      const rendered = resolveMustache(node as hbs.AST.MustacheStatement, refs, source, diagnostics);
      values.push(rendered ?? '');
      text += `\uE000${values.length - 1}\uE001`;
    } else if (node.type === 'CommentStatement') {
      // {{! comments }} are for authors and are not printed.
    } else {
      diagnostics.push(diag('prosa.syntax', 'error', 'block, partialer och dekoratorer stöds inte i prosa; använd {{belopp …}}, {{värde …}} eller {{antal …}}', source.locate(node.loc.start.line, node.loc.start.column)));
    }
  }
  const html = markdown.render(text);
  return html.replace(/\uE000(\d+)\uE001/g, (_, i: string) => values[Number(i)] ?? '');
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
    else return fail(`ogiltigt alternativ ${pair.key}=…; tillåtna: enhet="kr|tkr|mnkr", decimaler=0–6, tecken=true, utan_enhet=true`, pair.loc);
  }
  const notFor: Record<string, (keyof FormatOptions)[]> = { belopp: ['utanEnhet'], värde: ['enhet'], antal: ['enhet', 'decimaler', 'tecken', 'utanEnhet'] };
  const optionName: Record<keyof FormatOptions, string> = { enhet: 'enhet', decimaler: 'decimaler', tecken: 'tecken', utanEnhet: 'utan_enhet' };
  const misplaced = (notFor[helper] ?? []).find((o) => options[o] !== undefined);
  if (misplaced) return fail(`alternativet ${optionName[misplaced]} gäller inte {{${helper} …}}`, node.loc);
  if (helper === 'belopp') {
    if (target.kind !== 'belopp') return fail(`"${id}" är inte en tabellrad med belopp; använd {{${target.kind} ${id}}}`, param.loc);
    const columns = Object.keys(target.row.cells);
    if (!field || !columns.includes(field)) {
      const best = field ? didYouMean(field, columns) : undefined;
      return fail(`{{belopp ${id}.…}} behöver en kolumn: ${columns.join(', ')}${best ? `; menade du "${best}"?` : ''}`, param.loc);
    }
    const text = formatMoneyRef(target.table, target.row, field, options);
    return text !== undefined ? escapeHtml(text) : fail(`${target.row.namn} har inget värde i kolumnen ${field}`, param.loc);
  }
  if (helper === 'värde') {
    if (target.kind !== 'värde') return fail(`"${id}" är inget mätvärde; använd {{${target.kind} ${id}${target.kind === 'belopp' ? '.kolumn' : ''}}}`, param.loc);
    const name = field ?? target.defaultField;
    if (!(name in target.fields)) {
      const best = didYouMean(name, Object.keys(target.fields));
      return fail(`${target.describe} har inget fält "${name}" (finns: ${Object.keys(target.fields).join(', ')})${best ? `; menade du "${best}"?` : ''}`, param.loc);
    }
    const m = target.fields[name];
    return m ? escapeHtml(formatMeasure(m, options)) : fail(`${target.describe} saknar värde för ${name}`, param.loc);
  }
  if (target.kind !== 'antal') return fail(`"${id}" är inget antal; använd {{${target.kind} ${id}}}`, param.loc);
  const name = field ?? target.defaultField;
  const count = target.fields[name];
  if (count === undefined) {
    const best = didYouMean(name, Object.keys(target.fields));
    return fail(`${id} har inget fält "${name}" (finns: ${Object.keys(target.fields).join(', ')})${best ? `; menade du "${best}"?` : ''}`, param.loc);
  }
  return String(count);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
