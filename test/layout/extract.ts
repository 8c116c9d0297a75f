/**
 * Reads a built report back for the layout checks: the PDF's words with their boxes
 * (`pdftotext -bbox`), each word's structure element from the tagged PDF (content streams and
 * structure tree via qpdf, see ../render/pdf/pdfstructure.ts), the outline's chapters, and from
 * the HTML the figure captions, the screen-only texts and the vocabulary.
 *
 * A word is matched to the text-showing operator that drew it (same baseline, nearest start to its
 * left); the operator's marked-content sequence gives its MCID, and the MCID its structure element.
 * Lines are the words of one element on one baseline.
 */
import { readFileSync } from 'node:fs';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { outlines, run } from '../render/pdf/pdftools.js';
import { PdfObjects, parseContent, structTree, walk, type Operand, type StructElem } from '../render/pdf/pdfstructure.js';
import { Vocabulary, type Box, type LayoutDoc, type LayoutPage, type Role, type TextLine, type Word } from './model.js';

// ---------------------------------------------------------------------------
// Words (pdftotext)

interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/giu, (m, e: string) => {
    switch (e.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return e[1] === 'x' || e[1] === 'X' ? String.fromCodePoint(Number.parseInt(e.slice(2), 16)) : String.fromCodePoint(Number(e.slice(1)));
    }
  });
}

export function pdfWords(file: string): PageWords[] {
  const xml = run('pdftotext', ['-bbox', file, '-']);
  const pages: PageWords[] = [];
  for (const pm of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words: Word[] = [];
    for (const wm of pm[3]!.matchAll(/<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ xMin: Number(wm[1]), yMin: Number(wm[2]), xMax: Number(wm[3]), yMax: Number(wm[4]), text: decodeEntities(wm[5]!).replace(/\u00a0/gu, ' ') });
    }
    pages.push({ width: Number(pm[1]), height: Number(pm[2]), words });
  }
  return pages;
}

// ---------------------------------------------------------------------------
// Text runs (content streams)

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m1: Matrix, m2: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2, e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2];
}

function numbers(operands: Operand[]): number[] {
  return operands.map((o) => (typeof o === 'number' ? o : 0));
}

/** Where a text-showing operator starts drawing, and what it belongs to. */
interface TextRun {
  x: number;
  /** Baseline, from the top of the page. */
  baseline: number;
  size: number;
  mcid?: number;
  tag: string;
  /** Index of the marked-content sequence on the page (tells artifacts apart). */
  sequence: number;
}

function pageRuns(content: string, pageHeight: number): TextRun[] {
  const runs: TextRun[] = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  let fontSize = 0;
  let leading = 0;
  const marks: Array<{ tag: string; mcid?: number; sequence: number }> = [];
  let sequences = 0;
  const show = () => {
    const m = multiply(tm, ctm);
    const mark = marks[marks.length - 1];
    runs.push({
      x: m[4],
      baseline: pageHeight - m[5],
      size: fontSize * Math.hypot(m[2], m[3]),
      tag: mark?.tag ?? '',
      sequence: mark?.sequence ?? -1,
      ...(mark?.mcid !== undefined ? { mcid: mark.mcid } : {}),
    });
  };
  const nextLine = (tx: number, ty: number) => {
    tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  for (const { op, operands } of parseContent(content)) {
    switch (op) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() ?? IDENTITY; break;
      case 'cm': ctm = multiply(numbers(operands) as Matrix, ctm); break;
      case 'BT': tm = IDENTITY; tlm = IDENTITY; break;
      case 'Tm': tm = numbers(operands) as Matrix; tlm = tm; break;
      case 'Td': { const [tx = 0, ty = 0] = numbers(operands); nextLine(tx, ty); break; }
      case 'TD': { const [tx = 0, ty = 0] = numbers(operands); leading = -ty; nextLine(tx, ty); break; }
      case 'TL': leading = numbers(operands)[0] ?? 0; break;
      case 'T*': nextLine(0, -leading); break;
      case 'Tf': fontSize = numbers(operands.slice(1))[0] ?? 0; break;
      case 'Tj': case 'TJ': show(); break;
      case "'": case '"': nextLine(0, -leading); show(); break;
      case 'BDC': case 'BMC': {
        const tag = (operands[0] as { name: string }).name;
        const props = op === 'BDC' ? ((operands[1] as { dict?: Record<string, Operand> }).dict ?? {}) : {};
        const mcid = props['MCID'];
        marks.push({ tag, sequence: sequences, ...(typeof mcid === 'number' ? { mcid } : {}) });
        sequences += 1;
        break;
      }
      case 'EMC': marks.pop(); break;
      default: break;
    }
  }
  return runs;
}

// ---------------------------------------------------------------------------
// Structure

/** Inline elements: their text belongs to the line of the block around them. */
const INLINE = new Set(['Link', 'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Annot', 'Ruby', 'Warichu', 'Em', 'Strong', 'Sub', 'Sup']);

function owner(elem: StructElem): StructElem {
  let e = elem;
  while (INLINE.has(e.type) && e.parent) e = e.parent;
  return e;
}

function roleOf(elem: StructElem): { role: Role; level?: number } {
  for (let e: StructElem | null = elem; e; e = e.parent) {
    const h = /^H(\d)?$/.exec(e.type);
    if (h) return h[1] ? { role: 'heading', level: Number(h[1]) } : { role: 'heading' };
    if (e.type === 'Caption') return { role: 'caption' };
    if (e.type === 'TH' || e.type === 'TD') {
      for (let a: StructElem | null = e.parent; a && a.type !== 'Table'; a = a.parent) if (a.type === 'THead') return { role: 'tableHead' };
      return { role: 'cell' };
    }
    if (e.type === 'Figure') return { role: 'figure' };
    if (e.type === 'TOC' || e.type === 'TOCI') return { role: 'toc' };
  }
  return { role: 'body' };
}

function ancestor(elem: StructElem, ...types: string[]): string | undefined {
  for (let e: StructElem | null = elem; e; e = e.parent) if (types.includes(e.type)) return e.ref;
  return undefined;
}

// ---------------------------------------------------------------------------
// Lines

interface PlacedWord {
  word: Word;
  key: string;
  role: Role;
  level?: number;
  row?: string;
  cell?: string;
  baseline: number;
  size: number;
}

/** DejaVu: the box is ascent 0.928 + descent 0.236 of the size; the baseline is 0.203 of the box above its bottom. */
function wordBaseline(w: Word): number {
  return w.yMax - 0.203 * (w.yMax - w.yMin);
}

function wordSize(w: Word): number {
  return (w.yMax - w.yMin) / 1.164;
}

function buildLines(words: PlacedWord[]): TextLine[] {
  const byKey = new Map<string, PlacedWord[]>();
  for (const w of words) {
    const list = byKey.get(w.key);
    if (list) list.push(w);
    else byKey.set(w.key, [w]);
  }
  const lines: TextLine[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.baseline - b.baseline || a.word.xMin - b.word.xMin);
    const groups: PlacedWord[][] = [];
    for (const w of list) {
      const last = groups[groups.length - 1];
      const prev = last?.[0];
      if (last && prev && Math.abs(w.baseline - prev.baseline) <= 0.3 * Math.max(prev.size, w.size)) last.push(w);
      else groups.push([w]);
    }
    for (const group of groups) {
      group.sort((a, b) => a.word.xMin - b.word.xMin);
      // Words that no operator claimed may stand in different columns: split them at wide gaps.
      const pieces: PlacedWord[][] = [];
      for (const w of group) {
        const piece = pieces[pieces.length - 1];
        const prev = piece?.[piece.length - 1];
        if (piece && prev && !(key.startsWith('unknown') && w.word.xMin - prev.word.xMax > 1.5 * w.size)) piece.push(w);
        else pieces.push([w]);
      }
      for (const piece of pieces) {
        const first = piece[0]!;
        const ws = piece.map((p) => p.word);
        const sizes = piece.map((p) => p.size).sort((a, b) => a - b);
        lines.push({
          text: ws.map((w) => w.text).join(' '),
          words: ws,
          xMin: Math.min(...ws.map((w) => w.xMin)),
          yMin: Math.min(...ws.map((w) => w.yMin)),
          xMax: Math.max(...ws.map((w) => w.xMax)),
          yMax: Math.max(...ws.map((w) => w.yMax)),
          role: first.role,
          ...(first.level !== undefined ? { level: first.level } : {}),
          ...(first.row !== undefined ? { row: first.row } : {}),
          ...(first.cell !== undefined ? { cell: first.cell } : {}),
          element: key,
          size: Math.round(sizes[Math.floor(sizes.length / 2)]! * 10) / 10,
        });
      }
    }
  }
  return lines.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
}

// ---------------------------------------------------------------------------
// HTML

const INLINE_HTML = new Set(['a', 'span', 'b', 'strong', 'em', 'i', 'abbr', 'sup', 'sub', 'small', 'code', 'mark', 'q', 'cite', 'time', 'data', 'bdi', 'bdo', 's', 'u']);
const SKIPPED_HTML = new Set(['style', 'script', 'head', 'title', 'template']);

function textOf(nodes: ChildNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.type === 'text') out.push((node as unknown as { data: string }).data);
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as Element;
      if (SKIPPED_HTML.has(el.name)) continue;
      const block = !INLINE_HTML.has(el.name);
      if (block) out.push(' ');
      textOf(el.children, out);
      if (block) out.push(' ');
    }
  }
  return out;
}

function plain(nodes: ChildNode[]): string {
  return decodeEntities(textOf(nodes).join('')).replace(/\s+/gu, ' ').trim();
}

/** The CSS blocks of `@media print { … }` in a style sheet. */
function printBlocks(css: string): string[] {
  const out: string[] = [];
  for (const m of css.matchAll(/@media\s+print\s*\{/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    while (i < css.length && depth > 0) {
      if (css[i] === '{') depth += 1;
      else if (css[i] === '}') depth -= 1;
      i += 1;
    }
    out.push(css.slice(start, i - 1));
  }
  return out;
}

/** Rules `selectors { declarations }` of a flat CSS block. */
function rules(css: string): Array<{ selectors: string[]; body: string }> {
  const out: Array<{ selectors: string[]; body: string }> = [];
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}@]+)\{([^{}]*)\}/g)) {
    out.push({ selectors: m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== ''), body: m[2]! });
  }
  return out;
}

/**
 * Texts the HTML shows on screen only: the text of every element a `@media print` rule hides with
 * `display: none` (class and id selectors), and the generated `content` of such elements' ::before
 * and ::after.
 */
export function screenOnlyTexts(html: string): string[] {
  const doc = parseDocument(html);
  const css = DomUtils.getElementsByTagName('style', doc).map((s) => DomUtils.textContent(s)).join('\n');
  const hidden: string[] = [];
  for (const block of printBlocks(css)) {
    for (const rule of rules(block)) {
      if (/display\s*:\s*none/u.test(rule.body)) hidden.push(...rule.selectors);
    }
  }
  const texts = new Set<string>();
  for (const selector of hidden) {
    const last = selector.split(/[\s>+~]+/u).pop() ?? '';
    const classes = [...last.matchAll(/\.([\w-]+)/gu)].map((m) => m[1]!);
    const id = /#([\w-]+)/u.exec(last)?.[1];
    const tag = /^([a-z][\w-]*)/u.exec(last)?.[1];
    if (classes.length === 0 && !id) continue;
    const matches = DomUtils.findAll((el) => {
      const cls = (el.attribs['class'] ?? '').split(/\s+/u);
      return classes.every((c) => cls.includes(c)) && (!id || el.attribs['id'] === id) && (!tag || el.name === tag);
    }, doc.children);
    for (const el of matches) {
      const t = plain(el.children);
      if (t !== '') texts.add(t);
    }
    for (const rule of rules(css)) {
      for (const s of rule.selectors) {
        if (!s.startsWith(last) || !/::?(before|after)$/u.test(s)) continue;
        const content = /content\s*:\s*(["'])(.*?)\1/u.exec(rule.body)?.[2];
        if (content) texts.add(content);
      }
    }
  }
  return [...texts];
}

export interface HtmlFacts {
  text: string;
  figureCaptions: string[];
  screenOnly: string[];
}

export function htmlFacts(html: string): HtmlFacts {
  const doc = parseDocument(html);
  const body = DomUtils.getElementsByTagName('body', doc)[0];
  return {
    text: plain(body ? body.children : doc.children),
    figureCaptions: DomUtils.getElementsByTagName('figcaption', doc).map((el) => plain(el.children)).filter((t) => t !== ''),
    screenOnly: screenOnlyTexts(html),
  };
}

// ---------------------------------------------------------------------------
// The document

function figureBox(elem: StructElem, pageHeight: number): Box | undefined {
  const bbox = elem.attributes['/BBox'];
  if (!Array.isArray(bbox) || bbox.length !== 4) return undefined;
  const [x1, y1, x2, y2] = bbox.map(Number) as [number, number, number, number];
  return { xMin: Math.min(x1, x2), xMax: Math.max(x1, x2), yMin: pageHeight - Math.max(y1, y2), yMax: pageHeight - Math.min(y1, y2) };
}

function elementPages(elem: StructElem): number[] {
  const pages = new Set<number>();
  for (const e of walk(elem)) for (const k of e.kids) if (!('type' in k)) pages.add(k.page);
  return [...pages];
}

/** Index of the first run whose baseline is at least `y` (runs sorted by baseline). */
function firstAtOrAbove(runs: TextRun[], y: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.baseline < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A built report: its PDF and the HTML it was made from. */
export function readLayout(name: string, pdfFile: string, htmlFile: string): LayoutDoc {
  const pdf = PdfObjects.load(pdfFile);
  const words = pdfWords(pdfFile);
  const byMcid = new Map<string, StructElem>();
  const figures = new Map<number, Box[]>();
  for (const root of structTree(pdf)) {
    for (const e of walk(root)) {
      for (const k of e.kids) if (!('type' in k) && k.kind === 'mcid') byMcid.set(`${k.page}:${k.mcid}`, e);
      if (e.type === 'Figure') {
        for (const page of elementPages(e)) {
          const height = words[page - 1]?.height ?? 841.89;
          const box = figureBox(e, height);
          if (box) figures.set(page, [...(figures.get(page) ?? []), box]);
        }
      }
    }
  }

  const pages: LayoutPage[] = pdf.pages.map((page, i) => {
    const pw = words[i] ?? { width: 595.28, height: 841.89, words: [] };
    const runs = pageRuns(page.content, pw.height).sort((a, b) => a.baseline - b.baseline);
    const placed: PlacedWord[] = pw.words.map((word) => {
      const baseline = wordBaseline(word);
      const size = wordSize(word);
      const tolerance = Math.max(1, 0.2 * (word.yMax - word.yMin));
      let best: TextRun | undefined;
      for (let k = firstAtOrAbove(runs, baseline - tolerance); k < runs.length && runs[k]!.baseline <= baseline + tolerance; k += 1) {
        const r = runs[k]!;
        if (r.x > word.xMin + 1) continue;
        if (!best || r.x > best.x) best = r;
      }
      if (!best) return { word, key: `unknown:${page.number}`, role: 'body', baseline, size };
      if (best.tag === 'Artifact' || best.mcid === undefined) {
        return { word, key: `artifact:${page.number}:${best.sequence}`, role: 'artifact', baseline, size };
      }
      const elem = byMcid.get(`${page.number}:${best.mcid}`);
      if (!elem) return { word, key: `mcid:${page.number}:${best.mcid}`, role: 'body', baseline, size };
      const own = owner(elem);
      const { role, level } = roleOf(own);
      const inTable = role === 'cell' || role === 'tableHead';
      const row = inTable ? ancestor(own, 'TR') : undefined;
      const cell = inTable ? ancestor(own, 'TD', 'TH') : undefined;
      return { word, key: own.ref, role, ...(level !== undefined ? { level } : {}), ...(row ? { row } : {}), ...(cell ? { cell } : {}), baseline, size };
    });
    const lines = buildLines(placed);
    return {
      number: page.number,
      width: pw.width,
      height: pw.height,
      lines: lines.filter((l) => l.role !== 'artifact'),
      artifacts: lines.filter((l) => l.role === 'artifact'),
      figures: figures.get(page.number) ?? [],
    };
  });

  const facts = htmlFacts(readFileSync(htmlFile, 'utf8'));
  markFigureCaptions(pages, facts.figureCaptions);
  return {
    name,
    pages,
    chapters: outlines(pdfFile).map((o) => ({ title: o.title, page: o.page })),
    figureCaptions: facts.figureCaptions,
    screenOnly: facts.screenOnly,
    vocabulary: new Vocabulary(facts.text),
  };
}

/** The lines of a paragraph whose text is a figure's caption are captions. */
function markFigureCaptions(pages: LayoutPage[], captions: string[]): void {
  const wanted = new Set(captions.map(elementKey));
  const byElement = new Map<string, TextLine[]>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (line.role !== 'body') continue;
      byElement.set(line.element, [...(byElement.get(line.element) ?? []), line]);
    }
  }
  for (const lines of byElement.values()) {
    if (wanted.has(elementKey(lines.map((l) => l.text).join(' ')))) for (const l of lines) l.role = 'caption';
  }
}

/** An element's text for comparison: no whitespace, no hyphen at a line break. */
export function elementKey(text: string): string {
  return text.normalize('NFC').replace(/[-\u00ad\u2010]\s+/gu, '').replace(/[\s\u00ad]+/gu, '');
}
