/** Where a string is written plain or in quotes: plain when plain YAML reads back the same string, else double quotes. */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** Plain words that YAML 1.1 tools read as booleans: keep them quoted. */
const YAML11_BOOL = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

/** Does `text` (a scalar's source) read back as the string `value` in this context? */
export function readsBack(text: string, value: string, flow: boolean, isKey: boolean): boolean {
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
export function canonicalString(value: string, flow: boolean, isKey: boolean): string | undefined {
  if (value === '' || /^\s|\s$|[\n\r\t]/.test(value) || YAML11_BOOL.test(value)) return undefined;
  return readsBack(value, value, flow, isKey) ? value : undefined;
}

export function flowItem(value: string): string {
  return canonicalString(value, true, false) ?? JSON.stringify(value);
}

export function blockItem(value: string): string {
  return canonicalString(value, false, false) ?? JSON.stringify(value);
}
