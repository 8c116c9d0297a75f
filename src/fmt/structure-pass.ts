/** Pass 2 of `rapport fmt`: mappings with their keys reordered (each key with its comments), lists in flow or block style, nested blocks indented. */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { childSchema } from '../schema/walk.js';
import { keyOrder, type Schema } from './key-order.js';
import { FLOW_ALWAYS, FLOW_WHEN_FITS, isScalarArray, LINE_WIDTH } from './list-style.js';
import { blockItem, flowItem } from './quoting.js';
import { ScalarEdits } from './scalar-pass.js';
import type { OutLine } from './source-lines.js';

/** The formatter of one file's text: its source lines (source-lines.ts), pass 1 (scalar-pass.ts) and pass 2 here. */
export class Formatter extends ScalarEdits {
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
