/** The source text `rapport fmt` works on: its lines, where a node starts and ends, the scalar edits queued per line, the lines never touched. */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';

export interface OutLine {
  text: string;
  /** Content of a block scalar or a multi-line flow scalar: never touched by the final pass. */
  verbatim: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export class SourceLines {
  readonly lines: string[];
  private readonly lineStarts: number[] = [0];
  protected readonly verbatim = new Set<number>();
  private readonly edits = new Map<number, Edit[]>();

  constructor(protected readonly source: string) {
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

  protected addEdit(start: number, end: number, text: string): void {
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
}
