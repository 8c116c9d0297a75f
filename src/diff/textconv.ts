/**
 * git's textconv for a report's YAML files (`git config diff.rapport.textconv "… rapport textconv"`):
 * the file as one line per value, each with its whole place in the report, so that a line diff in
 * `git log -p`, `git show` or `git diff` names what changed ("ekonomi › resultaträkning › rader ›
 * Personalkostnader (personalkostnader) › prognos: -452.3") instead of an indented line whose
 * meaning lies twenty lines up. Items of a list are named by their namn and id, not their index, so
 * an item inserted above does not shift every line after it. Prose comes one paragraph per line.
 *
 * git gives the command only the content (in a temporary file), never the rest of the report, so
 * nothing is compiled here: values are shown as written. A file that is not YAML, or not valid YAML,
 * is shown as it is.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

const SEPARATOR = ' › ';

/** List items named by their namn/id (those fields are not repeated as lines of their own). */
const labels = new WeakSet<Node>();
const LABEL_FIELDS = new Set(['id', 'namn', 'rubrik', 'period']);

/** The semantic text of one file; `name` decides how it is read (YAML by its extension). */
export function semanticText(text: string, name: string): string {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/\.ya?ml$/i.test(name)) return source;
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return source;
  const lines: string[] = [];
  visit(doc.contents as Node | null, [], lines);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The label of a list item: "namn (id)", the one of them it has, or its position. */
function itemLabel(item: unknown, index: number): string {
  if (isMap(item)) {
    const field = (key: string): string | undefined => {
      const v = item.get(key, true);
      return isScalar(v) && v.value !== null && v.value !== undefined ? oneLine(String(v.value)) : undefined;
    };
    const id = field('id');
    const namn = field('namn') ?? field('rubrik');
    if (namn !== undefined && id !== undefined) return `${namn} (${id})`;
    if (namn !== undefined || id !== undefined) return (namn ?? id) as string;
    // A value per period (indikatorernas utfall, personalens mått): named by its period.
    const period = field('period');
    if (period !== undefined) return period;
  }
  return `[${index + 1}]`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** A scalar as written in the file (the number's own digits, the text's own words). */
function scalarText(node: Node): string {
  if (!isScalar(node)) return '';
  if (node.value === null || node.value === undefined) return '–';
  const raw = node.source !== undefined && typeof node.value !== 'string' ? node.source : String(node.value);
  return raw;
}

function visit(node: Node | null | undefined, at: string[], lines: string[]): void {
  const place = at.join(SEPARATOR);
  if (node === null || node === undefined) {
    if (at.length > 0) lines.push(`${place}: –`);
    return;
  }
  if (isMap(node)) {
    if (node.items.length === 0) lines.push(`${place}: {}`);
    // A list item's namn and id are in its label already (on every line of the item).
    const labelled = at.length > 0 && labels.has(node);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : oneLine(String(pair.key));
      if (labelled && LABEL_FIELDS.has(key) && isScalar(pair.value)) continue;
      visit(pair.value as Node | null, [...at, key], lines);
    }
    return;
  }
  if (isAlias(node)) {
    lines.push(`${place}: *${node.source}`);
    return;
  }
  if (isSeq(node)) {
    if (node.items.length === 0) lines.push(`${place}: []`);
    // A list of plain values (mottagare, kolumner) on one line: a change shows in that line.
    if (node.items.every((i) => isScalar(i) && !(typeof i.value === 'string' && i.value.includes('\n')))) {
      if (node.items.length > 0) lines.push(`${place}: [${node.items.map((i) => scalarText(i as Node)).join(', ')}]`);
      return;
    }
    node.items.forEach((item, i) => {
      const label = itemLabel(item, i);
      if (!label.startsWith('[')) labels.add(item as Node);
      visit(item as Node, [...at, label], lines);
    });
    return;
  }
  const value = scalarText(node);
  const paragraphs = value
    .split(/\n[ \t]*\n/)
    .map(oneLine)
    .filter((p) => p !== '');
  if (paragraphs.length <= 1) lines.push(`${place}: ${paragraphs[0] ?? (value === '' ? '""' : value)}`);
  else for (const p of paragraphs) lines.push(`${place} ¶ ${p}`);
}
