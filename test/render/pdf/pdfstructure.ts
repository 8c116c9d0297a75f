/**
 * Reads a PDF's objects, content streams and logical structure back for the
 * tagged-PDF tests: objects from `qpdf --json` (streams decoded by qpdf), a
 * small content-stream tokenizer, the structure tree with its MCIDs/OBJRs,
 * and poppler's own view of the tree (`pdfinfo -struct-text`).
 */
import { execFileSync } from 'node:child_process';
import { run } from './pdftools.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Dict = { [key: string]: Json };

const REF = /^\d+ \d+ R$/;

export function isRef(value: Json | undefined): value is string {
  return typeof value === 'string' && REF.test(value);
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  ref: string;
  dict: Dict;
  /** Concatenated, decoded content streams (latin1). */
  content: string;
}

/** The objects of a PDF as qpdf's JSON (v2) shows them. */
export class PdfObjects {
  readonly pages: PdfPage[];
  readonly trailer: Dict;

  private constructor(private readonly objects: Record<string, { value?: Json; stream?: { dict: Dict; data?: string } }>) {
    this.trailer = (objects['trailer']!.value as Dict);
    const kids: string[] = [];
    const walk = (ref: string) => {
      const node = this.dict(ref);
      if (node['/Type'] === '/Pages') for (const k of node['/Kids'] as string[]) walk(k);
      else kids.push(ref);
    };
    walk(this.catalog['/Pages'] as string);
    this.pages = kids.map((ref, i) => {
      const dict = this.dict(ref);
      const contents = dict['/Contents'];
      const refs = Array.isArray(contents) ? (contents as string[]) : [contents as string];
      return { number: i + 1, ref, dict, content: refs.map((r) => this.streamData(r).toString('latin1')).join('\n') };
    });
  }

  static load(file: string): PdfObjects {
    const json = execFileSync('qpdf', ['--json', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', file], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString('utf8');
    const parsed = JSON.parse(json) as { qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Dict; data?: string } }>] };
    return new PdfObjects(parsed.qpdf[1]);
  }

  get catalog(): Dict {
    return this.dict(this.trailer['/Root'] as string);
  }

  /** The value of an object (a stream's dictionary for streams). */
  get(ref: string): Json {
    const o = this.objects[`obj:${ref}`];
    if (!o) throw new Error(`no object ${ref}`);
    return o.stream ? o.stream.dict : (o.value ?? null);
  }

  dict(ref: string): Dict {
    return this.get(ref) as Dict;
  }

  /** Follows a reference; other values are returned as they are. */
  resolve(value: Json | undefined): Json | undefined {
    return isRef(value) ? this.get(value) : value;
  }

  streamData(ref: string): Buffer {
    const s = this.objects[`obj:${ref}`]?.stream;
    if (!s || s.data === undefined) throw new Error(`${ref} is not a decodable stream`);
    return Buffer.from(s.data, 'base64');
  }

  pageNumber(ref: string): number {
    const p = this.pages.find((pg) => pg.ref === ref);
    if (!p) throw new Error(`${ref} is not a page`);
    return p.number;
  }

  /** All entries of a number tree (Nums, or Kids recursively). */
  numberTree(tree: Json | undefined): Map<number, Json> {
    const out = new Map<number, Json>();
    const walk = (node: Json | undefined) => {
      const d = this.resolve(node) as Dict;
      const nums = d['/Nums'] as Json[] | undefined;
      if (nums) for (let i = 0; i < nums.length; i += 2) out.set(nums[i] as number, nums[i + 1]!);
      for (const kid of (d['/Kids'] as Json[] | undefined) ?? []) walk(kid);
    };
    walk(tree);
    return out;
  }

  /** Decoded text of a PDF string as qpdf's JSON gives it ("u:…" or "b:hex"). */
  static text(value: Json | undefined): string {
    if (typeof value !== 'string') return '';
    if (value.startsWith('u:')) return value.slice(2);
    if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
    return value;
  }
}

// ---------------------------------------------------------------------------
// Content streams

export type Operand = number | boolean | null | { name: string } | { string: true } | Operand[] | { dict: Record<string, Operand> };

export interface Operation {
  op: string;
  operands: Operand[];
}

const DELIMITERS = '()<>[]{}/%';

function isWhite(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0';
}

/** Parses a content stream into operations (inline images are not expected and throw). */
export function parseContent(src: string): Operation[] {
  const ops: Operation[] = [];
  const stack: Array<{ kind: 'array' | 'dict'; items: Operand[] }> = [];
  let operands: Operand[] = [];
  const push = (v: Operand) => (stack.length > 0 ? stack[stack.length - 1]!.items.push(v) : operands.push(v));
  let i = 0;
  const n = src.length;
  const regular = () => {
    const start = i;
    while (i < n && !isWhite(src[i]!) && !DELIMITERS.includes(src[i]!)) i += 1;
    return src.slice(start, i);
  };
  while (i < n) {
    const c = src[i]!;
    if (isWhite(c)) {
      i += 1;
    } else if (c === '%') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i += 1;
    } else if (c === '(') {
      let depth = 1;
      i += 1;
      while (i < n && depth > 0) {
        if (src[i] === '\\') i += 1;
        else if (src[i] === '(') depth += 1;
        else if (src[i] === ')') depth -= 1;
        i += 1;
      }
      push({ string: true });
    } else if (c === '<' && src[i + 1] === '<') {
      stack.push({ kind: 'dict', items: [] });
      i += 2;
    } else if (c === '>' && src[i + 1] === '>') {
      const top = stack.pop();
      if (!top || top.kind !== 'dict') throw new Error(`unbalanced >> at ${i}`);
      const dict: Record<string, Operand> = {};
      for (let k = 0; k + 1 < top.items.length; k += 2) dict[(top.items[k] as { name: string }).name] = top.items[k + 1]!;
      push({ dict });
      i += 2;
    } else if (c === '<') {
      const end = src.indexOf('>', i);
      push({ string: true });
      i = end + 1;
    } else if (c === '[') {
      stack.push({ kind: 'array', items: [] });
      i += 1;
    } else if (c === ']') {
      const top = stack.pop();
      if (!top || top.kind !== 'array') throw new Error(`unbalanced ] at ${i}`);
      push(top.items);
      i += 1;
    } else if (c === '/') {
      i += 1;
      push({ name: regular() });
    } else {
      const word = regular();
      if (word === '') throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) push(Number(word));
      else if (word === 'true' || word === 'false') push(word === 'true');
      else if (word === 'null') push(null);
      else {
        if (word === 'BI') throw new Error('inline images are not supported by this reader');
        if (stack.length > 0) throw new Error(`operator ${word} inside an array or dictionary`);
        ops.push({ op: word, operands });
        operands = [];
      }
    }
  }
  return ops;
}

const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);
const PAINTING = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do']);

export interface MarkedSequence {
  tag: string;
  mcid?: number;
  /** Artifact /Type and /Attached. */
  type?: string;
  attached?: string[];
  /** Text-showing and painting operators inside. */
  textOps: number;
  paintOps: number;
}

export interface PageMarks {
  page: number;
  sequences: MarkedSequence[];
  /** Problems: painting outside marked content, nesting, unbalanced EMC … */
  problems: string[];
}

/**
 * Walks a page's content: every text-showing and path-painting operator must
 * be inside a marked-content sequence that is an /Artifact or has an /MCID;
 * sequences must not nest (the renderer never nests them) and must balance.
 */
export function pageMarks(page: PdfPage): PageMarks {
  const problems: string[] = [];
  const sequences: MarkedSequence[] = [];
  const open: MarkedSequence[] = [];
  for (const { op, operands } of parseContent(page.content)) {
    if (op === 'BDC' || op === 'BMC') {
      const tag = (operands[0] as { name: string }).name;
      const props = op === 'BDC' ? (operands[1] as { dict?: Record<string, Operand> }).dict ?? {} : {};
      const seq: MarkedSequence = { tag, textOps: 0, paintOps: 0 };
      if (typeof props['MCID'] === 'number') seq.mcid = props['MCID'];
      if (props['Type']) seq.type = (props['Type'] as { name: string }).name;
      if (Array.isArray(props['Attached'])) seq.attached = (props['Attached'] as Array<{ name: string }>).map((a) => a.name);
      if (open.length > 0) problems.push(`page ${page.number}: /${tag} nested in /${open[open.length - 1]!.tag}`);
      open.push(seq);
      sequences.push(seq);
    } else if (op === 'EMC') {
      if (!open.pop()) problems.push(`page ${page.number}: EMC without BDC`);
    } else if (TEXT_SHOWING.has(op) || PAINTING.has(op)) {
      const inner = open[open.length - 1];
      if (!inner) problems.push(`page ${page.number}: ${op} outside marked content`);
      else if (inner.tag !== 'Artifact' && inner.mcid === undefined) problems.push(`page ${page.number}: ${op} in /${inner.tag} without MCID`);
      if (inner) {
        if (TEXT_SHOWING.has(op)) inner.textOps += 1;
        else inner.paintOps += 1;
      }
    }
  }
  if (open.length > 0) problems.push(`page ${page.number}: ${open.length} marked-content sequence(s) not closed`);
  return { page: page.number, sequences, problems };
}

// ---------------------------------------------------------------------------
// Structure tree

export interface McidKid {
  kind: 'mcid';
  mcid: number;
  /** 1-based page number. */
  page: number;
}

export interface ObjrKid {
  kind: 'objr';
  obj: string;
  page: number;
}

export interface StructElem {
  ref: string;
  type: string;
  attributes: Record<string, Json>;
  parent: StructElem | null;
  /** Child elements, MCIDs and object references in /K order. */
  kids: Array<StructElem | McidKid | ObjrKid>;
}

export function isElem(kid: StructElem | McidKid | ObjrKid): kid is StructElem {
  return 'type' in kid;
}

/** The structure tree below the StructTreeRoot (its /K elements, normally one Document). */
export function structTree(pdf: PdfObjects): StructElem[] {
  const rootRef = pdf.catalog['/StructTreeRoot'];
  if (!isRef(rootRef)) throw new Error('no /StructTreeRoot');
  const root = pdf.dict(rootRef);
  const seen = new Set<string>();
  const build = (ref: string, parent: StructElem | null): StructElem => {
    if (seen.has(ref)) throw new Error(`structure element ${ref} reached twice`);
    seen.add(ref);
    const d = pdf.dict(ref);
    const attributes: Record<string, Json> = {};
    const a = d['/A'];
    for (const entry of Array.isArray(a) ? a : a ? [a] : []) Object.assign(attributes, pdf.resolve(entry) as Dict);
    const elem: StructElem = { ref, type: String(d['/S']).replace(/^\//, ''), attributes, parent, kids: [] };
    const pg = d['/Pg'];
    const k = d['/K'];
    for (const kid of Array.isArray(k) ? k : k === undefined ? [] : [k]) {
      if (typeof kid === 'number') {
        if (!isRef(pg)) throw new Error(`${ref}: MCID ${kid} without /Pg`);
        elem.kids.push({ kind: 'mcid', mcid: kid, page: pdf.pageNumber(pg) });
      } else if (isRef(kid) && (pdf.get(kid) as Dict)['/S'] !== undefined) {
        elem.kids.push(build(kid, elem));
      } else {
        const kd = pdf.resolve(kid) as Dict;
        const page = (kd['/Pg'] ?? pg) as string;
        if (kd['/Type'] === '/MCR') elem.kids.push({ kind: 'mcid', mcid: kd['/MCID'] as number, page: pdf.pageNumber(page) });
        else if (kd['/Type'] === '/OBJR') elem.kids.push({ kind: 'objr', obj: kd['/Obj'] as string, page: pdf.pageNumber(page) });
        else throw new Error(`${ref}: unexpected kid ${JSON.stringify(kid)}`);
      }
    }
    return elem;
  };
  const k = root['/K'];
  return (Array.isArray(k) ? k : [k]).map((r) => build(r as string, null));
}

export function* walk(elem: StructElem): Generator<StructElem> {
  yield elem;
  for (const kid of elem.kids) if (isElem(kid)) yield* walk(kid);
}

/** MCIDs of an element and all its descendants. */
export function mcidsBelow(elem: StructElem): McidKid[] {
  return [...walk(elem)].flatMap((e) => e.kids.filter((k): k is McidKid => !isElem(k) && k.kind === 'mcid'));
}

// ---------------------------------------------------------------------------
// poppler's view: pdfinfo -struct-text

export interface TextNode {
  type: string;
  /** Attribute lines, e.g. "/Scope /Column". */
  attributes: string[];
  /** Text of the element's own marked content, in order. */
  texts: string[];
  /** Number of object references (annotations). */
  objects: number;
  kids: TextNode[];
  /** Own texts and child elements in reading order. */
  items: Array<string | TextNode>;
}

/** The structure tree as poppler reads it, with the text of every element's content. */
export function popplerStructure(file: string): TextNode[] {
  const top: TextNode = { type: '', attributes: [], texts: [], objects: 0, kids: [], items: [] };
  const stack: Array<{ indent: number; node: TextNode }> = [{ indent: -1, node: top }];
  for (const line of run('pdfinfo', ['-struct-text', file]).split('\n')) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    if (content.startsWith('"') && content.endsWith('"')) {
      const text = content.slice(1, -1);
      parent.texts.push(text);
      parent.items.push(text);
    }
    else if (content.startsWith('/')) parent.attributes.push(content);
    else if (/^Object \d+ \d+$/.test(content)) parent.objects += 1;
    else {
      const m = /^(\S+?)(?: \((?:block|inline)\))?:?$/.exec(content);
      if (!m) throw new Error(`unexpected line from pdfinfo -struct-text: ${line}`);
      const node: TextNode = { type: m[1]!, attributes: [], texts: [], objects: 0, kids: [], items: [] };
      parent.kids.push(node);
      parent.items.push(node);
      stack.push({ indent, node });
    }
  }
  return top.kids;
}

export function* walkText(node: TextNode): Generator<TextNode> {
  yield node;
  for (const k of node.kids) yield* walkText(k);
}

/** All text of a node and its descendants, whitespace collapsed. */
export function textOf(node: TextNode): string {
  const parts: string[] = [];
  const visit = (n: TextNode) => {
    for (const item of n.items) {
      if (typeof item === 'string') parts.push(item);
      else visit(item);
    }
  };
  visit(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
