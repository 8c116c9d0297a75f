/** Helpers on the `yaml` Document API that keep a node and its comments where the value stays. */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';

export type Obj = YAMLMap<unknown, unknown>;

export function seqItems(node: unknown): Obj[] {
  return isSeq(node) ? (node.items.filter((i) => isMap(i)) as Obj[]) : [];
}

export function mapAt(map: Obj, key: string): Obj | undefined {
  const node = map.get(key, true);
  return isMap(node) ? (node as Obj) : undefined;
}

/** Set a scalar value keeping the node (and its comments) when the value does not change. */
export function setScalar(map: Obj, key: string, value: unknown): void {
  const node = map.get(key, true);
  if (isScalar(node) && node.value === value) return;
  // Comments on and above a changed value describe the old value: drop them.
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = undefined;
  if (isScalar(node)) {
    node.comment = undefined;
    node.commentBefore = undefined;
    node.value = value;
    delete node.format;
    delete (node as { source?: string }).source;
    if (typeof value === 'string' && value.includes('\n')) node.type = 'BLOCK_LITERAL';
    else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') node.type = 'PLAIN';
  } else map.set(key, value);
}

export function setProse(map: Obj, key: string, text: string): void {
  setScalar(map, key, text);
  const node = map.get(key, true);
  if (isScalar(node)) node.type = 'BLOCK_LITERAL';
}

/** A scalar node to move to another key: its comments describe where it stood. */
export function detached(node: Scalar): Scalar {
  node.comment = undefined;
  node.commentBefore = undefined;
  return node;
}

/** A YAML comment above a key of a map (or above the map when the key is absent). */
export function attachComment(map: Obj, key: string, text: string): void {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = [pair.key.commentBefore, ` ${text}`].filter(Boolean).join('\n');
  else map.commentBefore = [map.commentBefore, ` ${text}`].filter(Boolean).join('\n');
}
