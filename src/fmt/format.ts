/**
 * `rapport fmt`: the canonical text of a report's YAML files.
 *
 * The formatter works on the source text, guided by the `yaml` Document's node ranges, instead of
 * re-serialising the document: everything it has no rule for stays byte-identical (comments and
 * their alignment, number spelling, block scalars, long prose lines). The rules:
 *
 * - keys of a block mapping in the order of the Zod schema at that path (`id` first); unknown keys
 *   keep their relative order after the known ones. A key moves together with the comment and
 *   blank lines directly above it and the comments on and after its lines;
 * - quoted one-line strings are written plain when plain YAML reads back the same string,
 *   otherwise in double quotes;
 * - `kolumner` is a flow sequence; `ansvar`, `omfattar`, `värden`, `ordning` and `avvikelse` are flow
 *   sequences when the line fits in 100 characters, otherwise block; every other sequence of scalars
 *   is a block sequence;
 * - block sequences are indented two spaces under their key;
 * - one space after `key:`; no trailing whitespace; at most one blank line in a row, none directly
 *   after a line that opens a nested block, none at the start or end of the file; one final newline.
 *
 * Safety net: the result is parsed again and must hold exactly the same data; otherwise the file
 * is left as it was and a diagnostic says so.
 *
 * Line endings and a UTF-8 BOM are not content: the file is read as the loader reads it (BOM
 * dropped, src/load/text-file.ts), formatted with LF line endings, and compared and written back
 * with its own: a CRLF file stays CRLF, a file with mixed endings is written (when its content
 * changes) with the ending most of its lines have, LF on a tie, and a BOM stays.
 */
import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, findReportFolders, isInside, ROOT_FILE } from '../load/report-folder.js';
import { readBounded } from '../load/snapshot.js';
import { decodeText, readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES, parseYamlSource } from '../load/yaml-file.js';
import { DriftEnhetSchema, DriftredovisningSchema, ReportSchema } from '../schema/report.js';
import { childSchema, unwrap, unwrapToObject } from '../schema/walk.js';

export interface FormatResult {
  file: string;
  /** The content is not in canonical form (line endings and a BOM do not count). */
  changed: boolean;
  /** The text to write: the canonical content with the file's own line ending and BOM. */
  formatted: string;
  diagnostics: Diagnostic[];
  /** When `changed`: `fil:rad: skäl`, the first line that differs from the canonical form and why (Swedish). */
  difference?: string;
}

export const LINE_WIDTH = 100;

/** Sequences written in flow style when they fit in the line width. */
const FLOW_WHEN_FITS = new Set(['ansvar', 'omfattar', 'värden', 'ordning', 'avvikelse']);
/** Sequences of identifiers always written in flow style. */
const FLOW_ALWAYS = new Set(['kolumner']);
/** Plain words that YAML 1.1 tools read as booleans: keep them quoted. */
const YAML11_BOOL = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

type Schema = Parameters<typeof childSchema>[0];

interface OutLine {
  text: string;
  /** Content of a block scalar or a multi-line flow scalar: never touched by the final pass. */
  verbatim: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

class Formatter {
  readonly lines: string[];
  private readonly lineStarts: number[] = [0];
  private readonly verbatim = new Set<number>();
  private readonly edits = new Map<number, Edit[]>();

  constructor(private readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.lineStarts.push(i + 1);
    this.lines = source.split('\n');
    if (this.lines.length > 1 && this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  colOf(offset: number): number {
    return offset - this.lineStarts[this.lineOf(offset)]!;
  }

  private addEdit(start: number, end: number, text: string): void {
    const line = this.lineOf(start);
    if (this.lineOf(end) !== line) return;
    const col = start - this.lineStarts[line]!;
    const list = this.edits.get(line) ?? [];
    list.push({ start: col, end: col + (end - start), text });
    this.edits.set(line, list);
  }

  /** A source line with its scalar edits applied. */
  edited(line: number): string {
    let text = this.lines[line] ?? '';
    const list = this.edits.get(line);
    if (list) for (const e of [...list].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    return text;
  }

  raw(from: number, to: number): OutLine[] {
    const out: OutLine[] = [];
    for (let i = from; i < to; i++) out.push({ text: this.edited(i), verbatim: this.verbatim.has(i) });
    return out;
  }

  /** Last source line holding content of the node (not trailing comments). */
  endLine(node: Node | null | undefined, fallback: number): number {
    if (!node) return fallback;
    if (isMap(node) || isSeq(node)) {
      if (!node.flow && node.items.length > 0) {
        const last = node.items[node.items.length - 1] as Node | Pair;
        if (isPair(last)) {
          const keyLine = last.key && (last.key as Node).range ? this.lineOf((last.key as Node).range![0]) : fallback;
          return this.endLine(last.value as Node | null, keyLine);
        }
        return this.endLine(last as Node, fallback);
      }
    }
    if (!node.range) return fallback;
    const [start, end] = node.range;
    if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) return this.lineOf(Math.max(start, end - 1));
    let e = end;
    while (e > start && /\s/.test(this.source[e - 1]!)) e--;
    return this.lineOf(Math.max(start, e - 1));
  }

  isComment(line: number): boolean {
    return /^\s*#/.test(this.lines[line] ?? '');
  }

  isBlank(line: number): boolean {
    return /^\s*$/.test(this.lines[line] ?? '');
  }

  indentOf(line: number): number {
    return /^ */.exec(this.lines[line] ?? '')![0].length;
  }

  /** First line after `contentEnd` that is not a deeper-indented comment directly following it. */
  afterTrailing(contentEnd: number, col: number, limit: number): number {
    let i = contentEnd + 1;
    while (i < limit && this.isComment(i) && this.indentOf(i) > col) i++;
    return i;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 1: scalar edits (quoting, space after colon) and verbatim lines

  collect(node: Node | null | undefined, flow: boolean, isKey = false): void {
    if (!node) return;
    if (isScalar(node)) {
      this.scalar(node, flow, isKey);
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        this.collect(pair.key as Node, flow || !!node.flow, true);
        this.collect(pair.value as Node, flow || !!node.flow);
        if (!node.flow) this.colonSpace(pair);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) this.collect(item as Node, flow || !!node.flow);
    }
  }

  private scalar(node: Scalar, flow: boolean, isKey: boolean): void {
    if (!node.range) return;
    const [start, end] = node.range;
    const first = this.lineOf(start);
    const last = this.endLine(node, first);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      for (let i = first + 1; i <= last; i++) this.verbatim.add(i);
      return;
    }
    if (last !== first) {
      for (let i = first + 1; i <= last; i++) this.verbatim.add(i);
      return;
    }
    if ((node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') || typeof node.value !== 'string') return;
    if (node.anchor || node.tag) return;
    const text = canonicalString(node.value, flow, isKey);
    const current = this.source.slice(start, end);
    if (text !== undefined && text !== current) this.addEdit(start, end, text);
    else if (text === undefined && node.type === 'QUOTE_SINGLE') {
      const dq = JSON.stringify(node.value);
      if (readsBack(dq, node.value, flow, isKey)) this.addEdit(start, end, dq);
    }
  }

  /** `key:   value` → `key: value` for values on the key's line. */
  private colonSpace(pair: Pair): void {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    if (!key?.range || !value?.range) return;
    if (isScalar(key) && key.type !== 'PLAIN' && key.type !== 'QUOTE_DOUBLE' && key.type !== 'QUOTE_SINGLE') return;
    const colon = this.source.indexOf(':', key.range[1]);
    if (colon < 0 || colon >= value.range[0]) return;
    if (!/^\s*$/.test(this.source.slice(key.range[1], colon))) return;
    const gap = this.source.slice(colon + 1, value.range[0]);
    if (/^ {2,}$/.test(gap)) this.addEdit(colon + 1, value.range[0], ' ');
  }

  // -------------------------------------------------------------------------------------------
  // Pass 2: structure

  /** A block mapping spanning source lines [start, end). */
  renderMap(map: YAMLMap, schema: Schema | undefined, start: number, end: number, root: boolean): OutLine[] {
    const pairs = map.items.filter((p) => (p.key as Node | null)?.range) as Pair<Node, Node | null>[];
    if (pairs.length !== map.items.length || pairs.length === 0) return this.raw(start, end);
    const keyLines = pairs.map((p) => this.lineOf(p.key.range![0]));
    const col = this.colOf(pairs[0]!.key.range![0]);
    const firstPrefix = (this.lines[keyLines[0]!] ?? '').slice(0, col);
    const out: OutLine[] = [];

    // File header: the modeline and the comment block separated from the first key by a blank line.
    let chunkStart = start;
    if (root) {
      let headerEnd = start;
      for (let i = start; i < keyLines[0]!; i++) {
        const t = this.lines[i] ?? '';
        if (this.isBlank(i) || /^(---|%|# yaml-language-server:)/.test(t)) headerEnd = i + 1;
      }
      out.push(...this.raw(start, headerEnd));
      chunkStart = headerEnd;
    }

    interface Chunk {
      index: number;
      lead: [number, number];
      body: [number, number];
      pair: Pair<Node, Node | null>;
    }
    const chunks: Chunk[] = [];
    let regionEnd = end;
    pairs.forEach((pair, i) => {
      const keyLine = keyLines[i]!;
      const contentEnd = this.endLine(pair.value, keyLine);
      const next = i + 1 < pairs.length ? keyLines[i + 1]! : end;
      const bodyEnd = Math.min(this.afterTrailing(contentEnd, col, next), next);
      chunks.push({ index: i, lead: [chunkStart, keyLine], body: [keyLine, bodyEnd], pair });
      chunkStart = bodyEnd;
      if (i === pairs.length - 1) regionEnd = bodyEnd;
    });

    const order = schema ? keyOrder(schema) : [];
    const rank = (c: Chunk): number => {
      const k = isScalar(c.pair.key) ? String(c.pair.key.value) : undefined;
      const r = k === undefined ? -1 : order.indexOf(k);
      return r < 0 ? order.length : r;
    };
    const sorted = [...chunks].sort((a, b) => rank(a) - rank(b) || a.index - b.index);

    sorted.forEach((chunk, position) => {
      out.push(...this.raw(chunk.lead[0], chunk.lead[1]));
      const prefix = position === 0 ? firstPrefix : ' '.repeat(col);
      const key = isScalar(chunk.pair.key) ? String(chunk.pair.key.value) : undefined;
      const sub = schema && key !== undefined ? childSchema(schema, key) : undefined;
      out.push(...this.renderPair(chunk.pair, key, sub, prefix, col, chunk.body[0], chunk.body[1]));
    });
    out.push(...this.raw(regionEnd, end));
    return out;
  }

  /** One key and its value: source lines [keyLine, end). */
  private renderPair(pair: Pair<Node, Node | null>, key: string | undefined, schema: Schema | undefined, prefix: string, col: number, keyLine: number, end: number): OutLine[] {
    const value = pair.value;
    const keyText = prefix + this.edited(keyLine).slice(col);
    const keyOut: OutLine = { text: keyText, verbatim: false };

    if (isSeq(value) && key !== undefined && (FLOW_ALWAYS.has(key) || FLOW_WHEN_FITS.has(key) || (schema && isScalarArray(schema)))) {
      const items = this.simpleItems(value);
      const wantFlow = FLOW_ALWAYS.has(key) || FLOW_WHEN_FITS.has(key);
      if (items && !value.flow && wantFlow && value.items.length > 0 && this.bareBlockSeq(value, keyLine, end)) {
        const keyPart = keyText.replace(/\s+$/, '');
        const flowLine = `${keyPart} [${items.map((s) => flowItem(s)).join(', ')}]`;
        if (/:$/.test(keyPart) && (FLOW_ALWAYS.has(key) || flowLine.length <= LINE_WIDTH)) return [{ text: flowLine, verbatim: false }];
      }
      if (items && value.flow && value.items.length > 0 && value.range && this.lineOf(value.range[0]) === keyLine && this.endLine(value, keyLine) === keyLine && end === keyLine + 1) {
        const fits = keyText.length <= LINE_WIDTH;
        if (!wantFlow || (!FLOW_ALWAYS.has(key) && !fits)) {
          const line = this.lines[keyLine] ?? '';
          const before = line.slice(0, this.colOf(value.range[0])).replace(/\s+$/, '');
          const after = line.slice(this.colOf(value.range[1]));
          if (/:$/.test(before) && /^\s*(#.*)?$/.test(after)) {
            const comment = after.trim() ? ` ${after.trim()}` : '';
            const head = prefix + before.slice(col) + comment;
            return [{ text: head, verbatim: false }, ...items.map((s) => ({ text: `${' '.repeat(col + 2)}- ${blockItem(s)}`, verbatim: false }))];
          }
        }
      }
    }

    if ((isMap(value) || isSeq(value)) && !value.flow && value.items.length > 0 && value.range && this.lineOf(value.range[0]) > keyLine) {
      let inner: OutLine[];
      if (isMap(value)) inner = this.renderMap(value, schema, keyLine + 1, end, false);
      else inner = this.renderSeq(value, schema, keyLine + 1, end);
      if (isSeq(value) && this.colOf(value.range[0]) <= col) inner = inner.map((l) => (l.text.length > 0 ? { text: `  ${l.text}`, verbatim: l.verbatim } : l));
      return [keyOut, ...inner];
    }
    return [keyOut, ...this.raw(keyLine + 1, end)];
  }

  /** A block sequence spanning source lines [start, end). Items keep their order. */
  renderSeq(seq: YAMLSeq, schema: Schema | undefined, start: number, end: number): OutLine[] {
    const items = seq.items as (Node | null)[];
    if (items.some((it) => !it?.range)) return this.raw(start, end);
    const itemLines = items.map((it) => this.lineOf(it!.range![0]));
    const col = this.indentOf(itemLines[0]!);
    const out: OutLine[] = [];
    let chunkStart = start;
    items.forEach((item, i) => {
      const line = itemLines[i]!;
      const next = i + 1 < items.length ? itemLines[i + 1]! : end;
      const bodyEnd = Math.min(this.afterTrailing(this.endLine(item, line), col, next), next);
      out.push(...this.raw(chunkStart, line));
      const sub = schema ? childSchema(schema, i) : undefined;
      if (isMap(item) && !item.flow && item.items.length > 0) out.push(...this.renderMap(item, sub, line, bodyEnd, false));
      else out.push(...this.raw(line, bodyEnd));
      chunkStart = bodyEnd;
    });
    out.push(...this.raw(chunkStart, end));
    return out;
  }

  /** The string values of a sequence of one-line scalars without anchors, tags or comments; else undefined. */
  private simpleItems(seq: YAMLSeq): string[] | undefined {
    const values: string[] = [];
    for (const item of seq.items as (Node | null)[]) {
      if (!isScalar(item) || !item.range || item.anchor || item.tag || item.comment || item.commentBefore) return undefined;
      if (typeof item.value !== 'string') return undefined;
      if (item.type !== 'PLAIN' && item.type !== 'QUOTE_DOUBLE' && item.type !== 'QUOTE_SINGLE') return undefined;
      if (this.lineOf(item.range[0]) !== this.endLine(item, -1)) return undefined;
      values.push(item.value);
    }
    return values;
  }

  /** A block sequence whose lines [keyLine+1, end) are exactly its items, with no comments. */
  private bareBlockSeq(seq: YAMLSeq, keyLine: number, end: number): boolean {
    if (/#/.test((this.lines[keyLine] ?? '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, ''))) return false;
    if (end - keyLine - 1 !== seq.items.length) return false;
    return (seq.items as Node[]).every((item, i) => {
      const line = this.lines[keyLine + 1 + i] ?? '';
      const after = line.slice(this.colOf(item.range![1]));
      return this.lineOf(item.range![0]) === keyLine + 1 + i && /^\s*$/.test(after);
    });
  }
}

/**
 * Key order of the mapping at a schema position: the schema's order with `id` first, except where
 * the example reports (and the rendered page) put prose elsewhere: a driftredovisning's `text`
 * before `enheter` (it is printed before the units' explanations), a unit's `förklaring` after
 * its amounts.
 */
function keyOrder(schema: Schema): string[] {
  const shape = unwrapToObject(schema);
  if (!shape) return [];
  let order = Object.keys(shape);
  if (order.includes('id')) order = ['id', ...order.filter((k) => k !== 'id')];
  const inner = unwrap(schema);
  const move = (key: string, before: string | undefined): void => {
    if (!order.includes(key)) return;
    order = order.filter((k) => k !== key);
    const at = before === undefined ? order.length : order.indexOf(before);
    order.splice(at < 0 ? order.length : at, 0, key);
  };
  if (inner === unwrap(DriftredovisningSchema as Schema)) move('text', 'enheter');
  if (inner === unwrap(DriftEnhetSchema as Schema)) move('förklaring', undefined);
  return order;
}

function isScalarArray(schema: Schema): boolean {
  const el = childSchema(schema, 0);
  if (!el) return false;
  const type = (el as unknown as { _zod: { def: { type: string } } })._zod.def.type;
  return type === 'string' || type === 'enum';
}

/** Does `text` (a scalar's source) read back as the string `value` in this context? */
function readsBack(text: string, value: string, flow: boolean, isKey: boolean): boolean {
  const src = isKey ? (flow ? `{${text}: 1}` : `${text}: 1\n`) : flow ? `[${text}]` : `k: ${text}\n`;
  const doc = parseDocument(src, { strict: true, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return false;
  const root = doc.contents;
  let node: unknown;
  if (isMap(root) && root.items.length === 1) node = isKey ? root.items[0]!.key : root.items[0]!.value;
  else if (isSeq(root) && root.items.length === 1) node = root.items[0];
  return isScalar(node) && node.value === value;
}

/** Plain when plain YAML reads back the same string; undefined when quotes are needed. */
function canonicalString(value: string, flow: boolean, isKey: boolean): string | undefined {
  if (value === '' || /^\s|\s$|[\n\r\t]/.test(value) || YAML11_BOOL.test(value)) return undefined;
  return readsBack(value, value, flow, isKey) ? value : undefined;
}

function flowItem(value: string): string {
  return canonicalString(value, true, false) ?? JSON.stringify(value);
}

function blockItem(value: string): string {
  return canonicalString(value, false, false) ?? JSON.stringify(value);
}

/** Final pass: whitespace and blank lines. */
function finish(lines: OutLine[]): string {
  const out: OutLine[] = [];
  for (const line of lines) {
    if (line.verbatim) {
      out.push(line);
      continue;
    }
    const text = line.text.replace(/[ \t]+$/, '');
    const prev = out[out.length - 1];
    if (text === '') {
      if (!prev) continue;
      if (!prev.verbatim && (prev.text === '' || opensBlock(prev.text))) continue;
    }
    out.push({ text, verbatim: false });
  }
  while (out.length > 0 && !out[out.length - 1]!.verbatim && out[out.length - 1]!.text === '') out.pop();
  return out.map((l) => l.text).join('\n') + '\n';
}

/** `key:` (possibly with a comment) or `- key:` — a line after which a nested block begins. */
function opensBlock(text: string): boolean {
  if (/^\s*#/.test(text)) return false;
  return /:\s*(#.*)?$/.test(text) && !/["']/.test(text.replace(/#.*$/, ''));
}

function dataEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Canonical form of one report YAML file: key order as the schema defines it, consistent quoting and number style, line width 100, comments preserved. Idempotent. */
export function formatYamlSource(source: string, displayName: string): FormatResult {
  const unchanged = (diagnostics: Diagnostic[]): FormatResult => ({ file: displayName, changed: false, formatted: source, diagnostics });
  const parsed = parseYamlSource(source, displayName);
  if (!parsed.result) return unchanged(parsed.diagnostics);

  const bom = source.startsWith('\uFEFF');
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) return unchanged(parsed.diagnostics);
  const f = new Formatter(text);
  const root = doc.contents as Node | null;
  f.collect(root, false);
  let lines: OutLine[];
  if (isMap(root) && !root.flow && root.items.length > 0) lines = f.renderMap(root, ReportSchema as Schema, 0, f.lines.length, true);
  else lines = f.raw(0, f.lines.length);
  const formatted = text.trim() === '' ? '' : finish(lines);

  const again = parseDocument(formatted, { uniqueKeys: true, strict: true });
  let same = again.errors.length === 0;
  if (same) {
    try {
      same = dataEqual(doc.toJS({ maxAliasCount: 100 }), again.toJS({ maxAliasCount: 100 }));
    } catch {
      same = false;
    }
  }
  if (!same) {
    return unchanged([diag('fmt.osäker', 'warning', 'filen formaterades inte: den formaterade texten skulle inte ha samma innehåll', { file: displayName, line: 1, column: 1 })]);
  }
  if (formatted === text) return unchanged([]);
  const eol = dominantLineEnding(source);
  return {
    file: displayName,
    changed: true,
    formatted: (bom ? '\uFEFF' : '') + (eol === '\n' ? formatted : formatted.replace(/\n/g, eol)),
    diagnostics: [],
    difference: describeDifference(text, formatted, displayName),
  };
}

/** `\r\n` when more lines end so than otherwise (lone `\n` or `\r`), else `\n`. */
export function dominantLineEnding(source: string): '\n' | '\r\n' {
  const crlf = source.match(/\r\n/g)?.length ?? 0;
  const other = source.match(/\r(?!\n)|(?<!\r)\n/g)?.length ?? 0;
  return crlf > other ? '\r\n' : '\n';
}

const KEY_LINE = /^( *(?:- +)*)([^\s#:'"\-[{][^:#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: |$)/;
const MAX_SHOWN = 80;

function shown(line: string): string {
  const t = line.trim();
  return `”${t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN - 1)}…` : t}”`;
}

/**
 * The first line where `before` (the file's content, LF endings) and `after` (its canonical form)
 * differ, as `fil:rad: skäl` in Swedish: what is wrong on that line, as precisely as a comparison of
 * the two lines can tell (blank lines, trailing whitespace, indentation, key order, quoting, list
 * form), else what the line should be.
 */
export function describeDifference(before: string, after: string, displayName: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = (line: number, message: string): string => `${displayName}:${line}: ${message}`;
  const blank = (t: string | undefined): boolean => t !== undefined && /^\s*$/.test(t);
  const lineA = a[i];
  const lineB = b[i];

  if (lineA === undefined) {
    if (lineB === '' && i === b.length - 1) return at(i, 'sista raden saknar radslut');
    return at(i + 1, `raden ${shown(lineB ?? '')} saknas`);
  }
  if (lineB === undefined || (i === b.length - 1 && a.slice(i).every(blank))) {
    return at(Math.min(i + 1, b.length), 'tomma rader i slutet av filen ska bort');
  }
  if (/[ \t]+$/.test(lineA) && lineA.replace(/[ \t]+$/, '') === lineB) return at(i + 1, 'blanksteg i slutet av raden ska bort');
  if (blank(lineA) && !blank(lineB)) {
    if (a.slice(0, i).every(blank)) return at(i + 1, 'tomma rader i början av filen ska bort');
    if (blank(a[i - 1])) return at(i + 1, 'högst en tom rad i rad');
    return at(i + 1, 'tom rad som ska bort (ingen tom rad direkt efter en rad som öppnar ett block)');
  }
  if (lineA.trim() === lineB.trim()) {
    const indent = (t: string): number => /^ */.exec(t)![0].length;
    return at(i + 1, `indraget ska vara ${indent(lineB)} blanksteg, inte ${indent(lineA)}`);
  }

  // Key order: the next key line of each (past comments and blank lines that travel with a key).
  const nextContent = (lines: string[]): string | undefined => lines.slice(i).find((t) => !blank(t) && !/^\s*#/.test(t));
  const keyA = KEY_LINE.exec(nextContent(a) ?? '');
  const keyB = KEY_LINE.exec(nextContent(b) ?? '');
  if (keyA && keyB && keyA[1]!.length === keyB[1]!.length && keyA[2] !== keyB[2]) {
    return at(i + 1, `nyckeln ”${keyB[2]}” ska stå före ”${keyA[2]}” (nycklarna står i schemats ordning)`);
  }

  const trimmedA = lineA.replace(/[ \t]+$/, '');
  const kind =
    trimmedA.replace(/["']/g, '') === lineB.replace(/["']/g, '')
      ? 'citattecken: '
      : trimmedA.replace(/:[ \t]+/, ': ') === lineB
        ? 'ett blanksteg efter kolon: '
        : keyA && keyB && keyA[2] === keyB[2] && /\[.*\]\s*$/.test(lineA) && /:\s*(#.*)?$/.test(lineB)
          ? 'listan skrivs en rad per värde: '
          : keyA && keyB && keyA[2] === keyB[2] && /:\s*(#.*)?$/.test(lineA) && /\[.*\]\s*$/.test(lineB)
            ? 'listan skrivs på en rad: '
            : '';
  return at(i + 1, `${kind}raden ska vara ${shown(lineB)}, inte ${shown(lineA)}`);
}

/** All *.yaml files of the report folders under `paths` (use findReportFolders from src/load/report-folder.ts). */
export function formatPaths(paths: string[], cwd: string): FormatResult[] {
  const { folders, missing } = findReportFolders(paths, cwd);
  const results: FormatResult[] = missing.map((p) => ({
    file: p,
    changed: false,
    formatted: '',
    diagnostics: [diag('fil.mapp-saknas', 'error', `ingen rapportmapp (med ${ROOT_FILE}) hittades under ${p}`)],
  }));
  for (const dir of folders) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort((a, b) => (a === ROOT_FILE ? -1 : b === ROOT_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0));
    } catch {
      continue;
    }
    for (const name of names) {
      const abs = path.join(dir, name);
      const display = displayPath(abs, cwd);
      // As the loader reads: never through a link out of the folder (fmt would write its content
      // in place of the link), only a regular file, size checked before reading.
      if (!isInside(realpathSync(dir), abs)) {
        results.push({ file: display, changed: false, formatted: '', diagnostics: [diag('fil.utanför', 'error', 'filen pekar ut ur rapportmappen (symbolisk länk) och läses inte', { file: display, line: 1, column: 1 })] });
        continue;
      }
      const read = readBounded(abs, MAX_FILE_BYTES);
      if (!read.bytes) {
        const { code, message } = readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code);
        results.push({ file: display, changed: false, formatted: '', diagnostics: [diag(code, 'error', message, { file: display, line: 1, column: 1 })] });
        continue;
      }
      // Decoded as the loader decodes (UTF-8 only, no control characters, BOM dropped), so that fmt
      // never writes back a file it would have to guess at; a BOM is given back to the formatter,
      // which keeps it.
      const decoded = decodeText(read.bytes, display);
      if (decoded.text === undefined) {
        results.push({ file: display, changed: false, formatted: '', diagnostics: decoded.diagnostics });
        continue;
      }
      const bom = read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf;
      results.push(formatYamlSource((bom ? '\uFEFF' : '') + decoded.text, display));
    }
  }
  return results;
}

