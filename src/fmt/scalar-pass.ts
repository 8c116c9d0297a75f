/** Pass 1 of `rapport fmt`: the scalar edits (quoting, one space after `key:`) and the lines of block scalars, which stay verbatim. */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { canonicalString, readsBack } from './quoting.js';
import { SourceLines } from './source-lines.js';

/** Pass 1: scalar edits (quoting, space after colon) and verbatim lines, over the source lines. */
export class ScalarEdits extends SourceLines {
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
}
